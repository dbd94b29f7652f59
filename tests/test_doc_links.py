"""Every relative link in the project's Markdown files points to a file that exists, and every #anchor to a heading
of the file it names (GitHub's anchor rule: lowercase, punctuation other than - and _ dropped, spaces to hyphens).
Inline links (text in brackets may hold brackets, as W[l] does; a "title" may follow the target) and reference
definitions ([name]: target) alike."""

from __future__ import annotations

import pathlib
import re
import shutil
import subprocess

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


#: A commit named in prose: seven hex digits with a letter and a digit among them (not a year, not a word).
COMMIT = re.compile(r"\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*[0-9])[0-9a-f]{7}\b")
#: A helper's commits where a mutation run took its sources, named as such ("a helper's commit not on main") where
#: docs/verification-log.md and docs/verification.md name them.
NEVER_ON_MAIN = {"fe5ef32", "732f026", "68b4aaa"}


def _git(*args: str) -> str:
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=True).stdout


@pytest.mark.skipif(not (ROOT / ".git").exists() or shutil.which("git") is None,
                    reason="not a git checkout (an sdist) or no git")
def test_every_commit_the_docs_name_is_in_the_history_of_head() -> None:
    """A helper's commit cherry-picked onto main gets a new name; the docs named the helper's (220ed1a for main's
    7aeb60d, and 28 more, until session 35), which no clone of main holds. Every commit a Markdown file names is
    one of HEAD's ancestors, but the three the log names as a helper's, not on main."""
    if _git("rev-parse", "--is-shallow-repository").strip() != "false":
        pytest.skip("a shallow clone lacks the older commits")
    history = {full[:7] for full in _git("log", "--format=%H", "HEAD").split()}
    named = {(commit, path.relative_to(ROOT).as_posix()) for path in DOCUMENTS
             for commit in COMMIT.findall(path.read_text(encoding="utf-8"))}
    missing = sorted((path, commit) for commit, path in named if commit not in history | NEVER_ON_MAIN)
    assert not missing, missing
