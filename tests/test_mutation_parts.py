"""tools/mutation_parts.py copies into mutmut's copy every file of the checkout that a part's tests read.

mutmut's copy holds the part's source, its "copy" list, tests/ and pyproject.toml, nothing else; tools/mutation.py
first runs the part's tests there with no mutant active and stops if they fail (CONTRIBUTING.md, "Planted bugs and
mutation testing"). A test that reads a file left out fails only there, on the next mutation run: test_vectors'
COUNTS read CONTRIBUTING.md and test_bench read the Makefile, and neither was in its part's copy.
"""

from __future__ import annotations

import importlib.util
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("mutation_parts", ROOT / "tools" / "mutation_parts.py")
assert _spec is not None and _spec.loader is not None
mutation_parts = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(mutation_parts)
PARTS: dict[str, dict[str, list[str]]] = mutation_parts.PARTS
#: What mutmut copies whatever the settings say (mutmut 3.8.1's configuration: tests/, test/, pyproject.toml, ...).
MUTMUT_COPIES = ("tests/", "test/", "setup.cfg", "pyproject.toml")


def files_named(source: str) -> set[str]:
    """The checkout's files a test's source names: a string literal that is a path from the checkout's root
    ("docs/porting.md", "CONTRIBUTING.md"), or ROOT / "a" / "b" spelled out."""
    names = set(re.findall(r"[\"']([\w.-]+(?:/[\w.-]+)*)[\"']", source))
    names |= {"/".join(re.findall(r"[\"']([\w.-]+)[\"']", chain))
              for chain in re.findall(r"ROOT(?:\s*/\s*[\"'][\w.-]+[\"'])+", source)}
    return {name for name in names if (ROOT / name).is_file()}


def copied(part: str, path: str) -> bool:
    entries = (*PARTS[part]["source"], *PARTS[part]["copy"], *MUTMUT_COPIES)
    return any(path == entry or (entry.endswith("/") and path.startswith(entry)) for entry in entries)


def test_files_named_reads_both_forms() -> None:
    source = 'a = ROOT / "Makefile"\nb = ROOT / "docs" / "porting.md"\nc = ("CONTRIBUTING.md", "no/such.md", "x")'
    assert files_named(source) == {"Makefile", "docs/porting.md", "CONTRIBUTING.md"}


def test_every_file_a_parts_tests_read_is_copied_for_mutmut() -> None:
    missing = sorted({f"{part}: {test} reads {path}" for part, settings in PARTS.items() for test in settings["tests"]
                      for path in files_named((ROOT / test).read_text(encoding="utf-8"))
                      if not copied(part, path)})
    assert not missing, "add these to the part's copy list in tools/mutation_parts.py:\n" + "\n".join(missing)
