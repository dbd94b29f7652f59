"""Numbers the docs quote, checked where they come from. A table row is (file, the phrase with {} where each number
stands, the numbers as the docs write them, worked out from the code or the data); each phrase must be found in its
file, whitespace and line breaks aside, so a reworded sentence fails too and comes back to its table."""

from __future__ import annotations

import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent
#: What stands at a {}: a number ("41", "3,000"), a word, or tcIds such as "14, 23, 35", "19 and 37", "1-6".
SLOT = r"(\d{1,3}(?:,\d{3})+|\d+(?:(?:, | and |-)\d+)*|[a-z]+)"

Row = tuple[str, str, tuple[str, ...]]


def quoted(path: str, phrase: str) -> list[tuple[str, ...]]:
    """What stands at the {}s of `phrase`, at each place `path` (from the checkout's root) says it."""
    text = " ".join((ROOT / path).read_text(encoding="utf-8").split())
    pattern = re.compile(SLOT.join(re.escape(part) for part in phrase.split("{}")))
    return [match.groups() for match in pattern.finditer(text)]


def wrong_phrases(table: list[Row], where: str) -> list[str]:
    """One line per phrase of table that its file lacks or says with other numbers; where names the table."""
    wrong = []
    for path, phrase, right in table:
        found = quoted(path, phrase)
        if not found:
            wrong.append(f"{path}: no {phrase!r} found (reworded? then update {where})")
        wrong += [f"{path}: {phrase.format(*said)!r} should say {phrase.format(*right)!r}"
                  for said in found if said != right]
    return wrong


def well_formed(table: list[Row]) -> bool:
    """Each (file, phrase) once, with as many non-empty numbers as the phrase has {}s."""
    return len({(path, phrase) for path, phrase, _ in table}) == len(table) and all(
        len(right) == phrase.count("{}") and all(right) for _, phrase, right in table)
