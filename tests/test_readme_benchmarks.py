"""The README's benchmark table is the committed run's, cell for cell, with the machine and commit it ran on.

The issue asks that the README show the latest table; a rerun of `backprop bench` that is committed without the
README's table (or a table edited by hand) would leave the two disagreeing, and nothing else would notice.
"""

from __future__ import annotations

import collections
import json
import pathlib
import re

from manual_backprop.bench.provenance import QUANTITIES

ROOT = pathlib.Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
RUNS = {"default": ROOT / "benchmarks" / "results", "large": ROOT / "benchmarks" / "results" / "large"}
HEADER = "| network | size | dtype | manual |"


def cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def markdown_tables(text: str, header: str) -> list[tuple[int, list[dict[str, str]]]]:
    """Every Markdown table of text whose header line starts with header: (its line number, rows of {column: cell})."""
    tables, lines = [], text.splitlines()
    for i, line in enumerate(lines):
        if line.strip().startswith(header):
            columns = cells(line)
            rows = []
            for row in lines[i + 2:]:
                if not row.strip().startswith("|"):
                    break
                rows.append(dict(zip(columns, cells(row), strict=True)))
            tables.append((i, rows))
    return tables


def case_key(row: dict[str, str]) -> tuple[str, str, str]:
    return row["network"], row["size"].split()[0], row["dtype"]


def results_table(folder: pathlib.Path) -> list[dict[str, str]]:
    (table,) = markdown_tables((folder / "results.md").read_text(encoding="utf-8"), HEADER)
    return table[1]


def committed_rows() -> dict[tuple[str, str, str], dict[str, str]]:
    return {case_key(row): row for folder in RUNS.values() for row in results_table(folder)}


def readme_table() -> tuple[int, list[dict[str, str]]]:
    tables = markdown_tables(README, HEADER)
    assert len(tables) == 1, f"the README must have one benchmark table; it has {len(tables)}"
    return tables[0]


def test_readme_benchmark_table_is_the_committed_runs_cell_for_cell() -> None:
    """Each README row is a case of benchmarks/results (or its large/) with the same cells under the same columns;
    a column that run did not time reads "—", and every column is one the default run's table has."""
    _, table = readme_table()
    committed = committed_rows()
    known = set(results_table(RUNS["default"])[0])
    assert table, "the README's benchmark table has no rows"
    for row in table:
        assert set(row) <= known, f"README columns {sorted(set(row) - known)} are in no committed results.md"
        assert case_key(row) in committed, f"README row {case_key(row)} is in no committed results.md"
        source = committed[case_key(row)]
        for column, cell in row.items():
            assert cell == source.get(column, "—"), (case_key(row), column, cell, source.get(column))


def test_readme_shows_every_case_of_the_committed_runs_once() -> None:
    _, table = readme_table()
    shown = collections.Counter(case_key(row) for row in table)
    assert set(shown) == set(committed_rows())
    assert max(shown.values()) == 1, [key for key, n in shown.items() if n > 1]


def test_readme_names_the_machine_commit_and_targets_met_of_the_committed_runs() -> None:
    """In the paragraph just above the table: the CPU and the commit each run recorded; after it, each run's count."""
    line, _ = readme_table()
    lines = README.splitlines()[:line]
    above = "\n".join(lines[max(i for i, text in enumerate(lines[:-1]) if not text.strip()) + 1:])
    for name, folder in RUNS.items():
        results = (folder / "results.md").read_text(encoding="utf-8")
        met = re.search(r"Targets met: (\d+ of \d+)\.", results)
        assert met is not None
        where = "in the default run" if name == "default" else "at the large size"
        assert re.search(rf"(?<!\d){re.escape(met.group(1))} {where}", README), \
            f"README must say '{met.group(1)} {where}'"
        recorded = json.loads((folder / "results.json").read_text(encoding="utf-8"))
        cpu, commit = recorded["machine"]["cpu"], recorded["revision"][:7]
        assert cpu in above, f"the paragraph above the table must name the CPU {cpu!r}"
        assert commit in above, f"the paragraph above the table must name the commit {commit}"


def test_the_docs_call_jax_jits_first_call_its_compile_and_one_gradient() -> None:
    """results.md's "jit compile" is jax.jit's first call, which runs a gradient after compiling: at the large size the
    gradient is most of it (the committed run's deep large float64: a first call shorter than a steady gradient), so
    the README, benchmarks/README.md and results.json's definition must not call it the compile alone."""
    (case,) = [case for case in json.loads((RUNS["large"] / "results.json").read_text(encoding="utf-8"))["cases"]
               if (case["network"], case["dtype"]) == ("deep", "float64")]
    assert case["first_call_seconds"]["jax.jit"] < case["seconds"]["jax.jit"]["median"]
    benchmarks = (ROOT / "benchmarks" / "README.md").read_text(encoding="utf-8")
    said = {name: [aside for sentence in re.split(r"(?<=[.|])\s", " ".join(text.split())) if "apart" in sentence
                   for aside in re.findall(r"\([^()]*compile[^()]*\)", sentence)]   # "(compile time reported apart)"
            for name, text in (("README.md", README), ("benchmarks/README.md", benchmarks))}
    said["results.json's definition"] = [QUANTITIES["first_call_seconds"]]
    for name, asides in said.items():
        assert asides and all("one gradient" in aside for aside in asides), (name, asides)
