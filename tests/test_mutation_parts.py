"""tools/mutation_parts.py copies into mutmut's copy every file of the checkout that a part's tests read.

mutmut's copy holds the part's source, its "copy" list, tests/ and pyproject.toml, nothing else; tools/mutation.py
first runs the part's tests there with no mutant active and stops if they fail (CONTRIBUTING.md, "Planted bugs and
mutation testing"). A test that reads a file left out fails only there, on the next mutation run: test_vectors'
COUNTS read CONTRIBUTING.md and test_bench read the Makefile, and neither was in its part's copy. And tools/mutation.py
gives a test's fresh interpreter the mutated copy, not the checkout the venv's editable install points to.
"""

from __future__ import annotations

import importlib.util
import os
import pathlib
import re
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("mutation_parts", ROOT / "tools" / "mutation_parts.py")
assert _spec is not None and _spec.loader is not None
mutation_parts = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(mutation_parts)
PARTS: dict[str, dict[str, list[str]]] = mutation_parts.PARTS
_spec = importlib.util.spec_from_file_location("mutation_outside", ROOT / "tools" / "mutation_outside.py")
assert _spec is not None and _spec.loader is not None
outside = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(outside)
#: What mutmut copies whatever the settings say (mutmut 3.8.1's configuration: tests/, test/, pyproject.toml, ...).
MUTMUT_COPIES = ("tests/", "test/", "setup.cfg", "pyproject.toml")


def files_named(source: str) -> set[str]:
    """The checkout's files a test's source names: a string literal that is a path from the checkout's root
    ("docs/porting.md", "CONTRIBUTING.md"), or ROOT / "a" / "b" spelled out, with any root (test_verify_yours reads
    parents[1] / "docs" / "harness.md", which the bench part did not copy: its mutation run's stats failed)."""
    names = set(re.findall(r"[\"']([\w.-]+(?:/[\w.-]+)*)[\"']", source))
    names |= {"/".join(re.findall(r"[\"']([\w.-]+)[\"']", chain))
              for chain in re.findall(r"(?:\s*/\s*[\"'][\w.-]+[\"'])+", source)}
    return {name for name in names if (ROOT / name).is_file()}


def copied(part: str, path: str) -> bool:
    entries = (*PARTS[part]["source"], *PARTS[part]["copy"], *MUTMUT_COPIES)
    return any(path == entry or (entry.endswith("/") and path.startswith(entry)) for entry in entries)


def test_files_named_reads_both_forms() -> None:
    source = ('a = ROOT / "Makefile"\nb = ROOT / "docs" / "porting.md"\nc = ("CONTRIBUTING.md", "no/such.md", "x")\n'
              'd = pathlib.Path(__file__).parents[1] / "docs" / "harness.md"')
    assert files_named(source) == {"Makefile", "docs/porting.md", "CONTRIBUTING.md", "docs/harness.md"}


def test_every_file_a_parts_tests_read_is_copied_for_mutmut() -> None:
    missing = sorted({f"{part}: {test} reads {path}" for part, settings in PARTS.items() for test in settings["tests"]
                      for path in files_named((ROOT / test).read_text(encoding="utf-8"))
                      if not copied(part, path)})
    assert not missing, "add these to the part's copy list in tools/mutation_parts.py:\n" + "\n".join(missing)


def placed(found: set[str], listed: list[set[str]]) -> list[str]:
    """Each of found in no set of listed (unplaced), then each in two (placed twice), then each listed, not found."""
    counts = {path: sum(path in names for names in listed) for path in found | set().union(*listed)}
    return [*(f"in no list: {path}" for path in sorted(found) if counts[path] == 0),
            *(f"in {counts[path]} lists: {path}" for path in sorted(found) if counts[path] > 1),
            *(f"no such file: {path}" for path in sorted(set(counts) - found))]


def test_every_module_is_mutated_by_one_part_or_says_why_not() -> None:
    found = {str(path.relative_to(ROOT)) for package in ("manual_backprop", "autodiff_oracle")
             for path in (ROOT / package).rglob("*.py")}
    listed = [*({*settings["mutate"]} for settings in PARTS.values()), {*outside.NO_LOGIC}, {*outside.NOT_YET}]
    wrong = placed(found, listed)
    assert not wrong, "a module goes in one part's mutate list, or NO_LOGIC or NOT_YET in tools/mutation_outside.py " \
                      "with its reason:\n" + "\n".join(wrong)


def test_every_test_file_runs_in_a_part_or_says_why_not() -> None:
    found = {str(path.relative_to(ROOT)) for path in (ROOT / "tests").glob("test_*.py")}
    listed = [{*(test for settings in PARTS.values() for test in settings["tests"])}, {*outside.TESTS_OUTSIDE}]
    wrong = placed(found, listed)
    assert not wrong, "a test file goes in the part whose modules it tests (tools/mutation_parts.py), or in " \
                      "TESTS_OUTSIDE in tools/mutation_outside.py with its reason:\n" + "\n".join(wrong)


def test_placed_names_the_unplaced_the_twice_placed_and_the_missing() -> None:
    assert placed({"a", "b", "c"}, [{"a", "b"}, {"b", "gone"}]) == ["in no list: c", "in 2 lists: b",
                                                                     "no such file: gone"]


def test_a_fresh_interpreter_started_by_a_test_in_the_second_pass_imports_the_mutated_copy_with_its_mutant(
        tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A test that starts python elsewhere than mutmut's copy (test_readme's examples in an empty folder,
    test_dependencies' probe of the extras each command names) ran the editable install's checkout: none of the
    45 mutants of commands.train.run was killed by test_dependencies; 14 are with the copy first on PYTHONPATH."""
    monkeypatch.setitem(sys.modules, "mutation_parts", mutation_parts)   # the tool imports it from tools/
    spec = importlib.util.spec_from_file_location("mutation_tool", ROOT / "tools" / "mutation.py")
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    package = tmp_path / "scratch" / "mutants" / "manual_backprop"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("import os\nMUTANT = os.environ['MUTANT_UNDER_TEST']\n")
    started: list[dict] = []
    run = subprocess.run
    monkeypatch.setattr(subprocess, "run", lambda args, **kwargs: started.append(kwargs))
    tool.pytest("manual_backprop.x_f__mutmut_1", tmp_path / "scratch", "train", {"PYTHONPATH": str(ROOT)})
    code = "import manual_backprop; print(manual_backprop.__file__, manual_backprop.MUTANT)"
    child = run([sys.executable, "-c", code], cwd=tmp_path, env=started[0]["env"], capture_output=True, text=True)
    assert child.stdout == f"{package / '__init__.py'} manual_backprop.x_f__mutmut_1\n", child.stderr
    assert started[0]["env"]["PYTHONPATH"].endswith(f"{os.pathsep}{ROOT}")       # the caller's path kept, after it


def test_a_fresh_interpreter_started_in_mutmuts_stats_phase_runs_outside_it_and_a_named_mutant_is_handed_on(
        tmp_path: pathlib.Path) -> None:
    """mutmut's stats phase sets MUTANT_UNDER_TEST=stats, and a child a test starts with its environment (test_process_
    guards' Ctrl-C during verify) imported the mutated copy, whose trampolines then looked for mutmut's settings in the
    child's folder: FileNotFoundError, so the campaign part stopped at "failed to collect stats" (session 36). The
    fixture every part appends to the copy's conftest hides the stats mode from children; a mutant's name stays."""
    (tmp_path / "conftest.py").write_text("import os\nimport pytest\n" + mutation_parts.STATS_FIXTURE)
    (tmp_path / "test_child.py").write_text(
        "import os, subprocess, sys\n\ndef test_child():\n"
        "    code = 'import os; print(os.environ.get(\"MUTANT_UNDER_TEST\"))'\n"
        "    out = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, check=True,\n"
        "                         env={**os.environ}).stdout\n"
        "    assert out == os.environ['EXPECTED'], out\n")
    for mutant, expected in (("stats", "None\n"), ("manual_backprop.cli.x_main__mutmut_1", None), ("", None)):
        env = {**os.environ, "MUTANT_UNDER_TEST": mutant, "EXPECTED": expected or f"{mutant}\n"}
        run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "0",
                              "test_child.py"], cwd=tmp_path, env=env, capture_output=True, text=True)
        assert run.returncode == 0, (mutant, run.stdout[-2000:])
