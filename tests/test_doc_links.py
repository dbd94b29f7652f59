"""Every relative link in the project's Markdown files points to a file that exists, and every #anchor to a heading
of the file it names (GitHub's anchor rule: lowercase, punctuation other than - and _ dropped, spaces to hyphens).
Inline links (text in brackets may hold brackets, as W[l] does; a "title" may follow the target) and reference
definitions ([name]: target) alike."""

from __future__ import annotations

import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
#: The project's Markdown files: none under a hidden folder (.venv, .git, .hypothesis, and .pytest_cache, whose
#: README.md pytest writes on its first run, so the second run had one test more), node_modules, target or egg-info.
DOCUMENTS = sorted(p for p in ROOT.rglob("*.md")
                   if not any(part.startswith(".") or part in ("node_modules", "target")
                              for part in p.relative_to(ROOT).parts[:-1])
                   and ".egg-info" not in str(p))
INLINE = re.compile(r"\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+\"[^\"]*\")?\s*$", re.M)


def anchor(heading: str) -> str:
    """The anchor GitHub gives a Markdown heading."""
    text = re.sub(r"[`*]", "", heading.strip().lower())
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(path: pathlib.Path) -> set[str]:
    text = re.sub(r"```.*?```", "", path.read_text(encoding="utf-8"), flags=re.S)   # no headings inside code
    return {anchor(line.lstrip("#")) for line in text.splitlines() if re.match(r"#{1,6} ", line)}


def targets(text: str) -> list[str]:
    """The targets of every inline link and reference definition outside code."""
    text = re.sub(r"```.*?```|`[^`\n]*`", "", text, flags=re.S)
    return INLINE.findall(text) + REFERENCE.findall(text)


def test_the_anchor_rule_is_githubs() -> None:
    assert anchor("Porting backprop to another language") == "porting-backprop-to-another-language"
    assert anchor("5. Mutation score (mutmut)") == "5-mutation-score-mutmut"
    assert anchor("Check your own `backprop`") == "check-your-own-backprop"
    assert anchor("BP_MUTANT: plant a bug") == "bp_mutant-plant-a-bug"


def test_every_form_of_link_is_read() -> None:
    text = ('[W[l]](a.md) [x](b.md "title") [y](<c.md>) `[z](code.md)`\n[ref]: d.md\n  [r2]: <e.md> "t"\n'
            "```\n[w](fenced.md)\n```\n")
    assert sorted(targets(text)) == ["a.md", "b.md", "c.md", "d.md", "e.md"]


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_resolve(document: pathlib.Path) -> None:
    broken = []
    for target in targets(document.read_text(encoding="utf-8")):
        if re.match(r"[a-z]+:", target):            # http:, https:, mailto:
            continue
        file, _, fragment = target.partition("#")
        path = (document.parent / file).resolve() if file else document
        if not path.exists():
            broken.append(f"{target}: no such file")
        elif fragment and path.suffix == ".md" and fragment not in anchors(path):
            broken.append(f"{target}: no heading with that anchor in {path.relative_to(ROOT)}")
    assert not broken, broken
