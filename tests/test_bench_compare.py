"""`backprop bench-compare BEFORE AFTER`: the two committed default runs of session 37 (the same machine, 50 minutes
apart) and small hand-built runs, whose expected cells are derived here from the values they are built with."""

from __future__ import annotations

import json
import pathlib
import re
from typing import Any

import pytest
from bench_fixtures import made_up_machine

from manual_backprop.bench.compare import FACTOR, HIGHER, LOWER, NO_SPREAD, SMALL, WITHIN, change
from manual_backprop.bench.compare_report import moved
from manual_backprop.bench.units import number, seconds
from manual_backprop.cli import main

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIRST = ROOT / "benchmarks" / "results" / "results.json"
SECOND = ROOT / "benchmarks" / "results" / "session37-second-run" / "results.json"
ASK = "give a results.json that backprop bench wrote, or the folder it wrote it into (its --out)"


def compare(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(["bench-compare", *args])
    except SystemExit as exit_info:
        code = int(exit_info.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def table_rows(out: str) -> dict[str, dict[str, str]]:
    """The case table's rows as {"network size dtype": {column: cell}}."""
    lines = [line for line in out.splitlines() if line.startswith("| network |")]
    header = lines[0].strip("|").split(" | ")
    start = out.splitlines().index(lines[0])
    rows = {}
    for line in out.splitlines()[start + 2:]:
        if not line.startswith("|"):
            break
        cells = dict(zip([h.strip() for h in header], [c.strip() for c in line.strip("|").split(" | ")], strict=True))
        rows[f"{cells['network']} {cells['size']} {cells['dtype']}"] = cells
    return rows


def outside(before: dict[str, float], after: dict[str, float], factor: float) -> str:
    """The rule the legend states, written out again: real where the interquartile ranges do not overlap and the
    medians are factor or more apart; small where the ranges do not overlap and the medians are less apart."""
    apart = after["p25"] > before["p75"] or after["p75"] < before["p25"]
    far = max(after["median"] / before["median"], before["median"] / after["median"]) >= factor
    return ("within spread" if not apart else "small" if not far else
            "**higher**" if after["p25"] > before["p75"] else "**lower**")


@pytest.mark.parametrize("factor", [None, 1.0, 1.25])
def test_every_cell_of_the_committed_runs_is_marked_real_exactly_where_their_quartiles_do_not_overlap_by_the_factor(
        capsys: pytest.CaptureFixture[str], factor: float | None) -> None:
    given = ["--factor", str(factor)] if factor is not None else []      # None: the default, asv compare's 1.1
    code, out, err = compare(capsys, str(FIRST), str(SECOND.parent), *given)   # a folder holding one: as its file
    factor = 1.1 if factor is None else factor
    assert code == 0 and not err, err
    first, second = (json.loads(path.read_text(encoding="utf-8")) for path in (FIRST, SECOND))
    rows = table_rows(out)
    assert list(rows) == [f"{c['network']} {c['size']} {c['dtype']}" for c in second["cases"]]
    for old, new in zip(first["cases"], second["cases"], strict=True):
        row = rows[f"{new['network']} {new['size']} {new['dtype']}"]
        b, a = old["seconds"]["manual"], new["seconds"]["manual"]
        assert row["manual"] == (f"{seconds(b['median'])} → {seconds(a['median'])} "
                                 f"(×{moved(a['median'], b['median'], factor)}) {outside(b, a, factor)}")
        for peer, b in old["ratios"].items():
            a = new["ratios"][peer]
            assert row[f"manual / {peer}"] == (f"{number(b['median'])} → {number(a['median'])} "
                                               f"(×{moved(a['median'], b['median'], factor)}) {outside(b, a, factor)}")


def test_the_targets_whose_verdict_changed_are_those_the_two_runs_recorded_on_either_side(
        capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = compare(capsys, str(FIRST), str(SECOND))
    first, second = (json.loads(path.read_text(encoding="utf-8")) for path in (FIRST, SECOND))
    met = [{(t["target"], t["where"]): t["met"] for t in run["targets"]} for run in (first, second)]
    flipped = {key: "met → missed" if was else "missed → met" for key, was in met[0].items() if met[1][key] != was}
    shown = {(cells[0], cells[1]): cells[5] for cells in (line.strip("| ").split(" | ") for line in out.splitlines()
                                                         if re.match(r"\| (manual|peak|verified) ", line))}
    assert shown == flipped
    assert (f"{sum(met[0].values())} in BEFORE, {sum(met[1].values())} in AFTER; {len(flipped)} verdicts changed"
            in out)


def test_a_run_compared_with_itself_finds_every_value_within_spread_and_no_setting_differing(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = compare(capsys, str(FIRST), str(FIRST))
    cells = [cell for row in table_rows(out).values() for name, cell in row.items() if "manual" in name]
    assert code == 0 and not err and cells and all(cell.endswith("(×1.00) within spread") for cell in cells)
    assert "| setting |" not in out and "0 verdicts changed" in out and "Note:" not in out


@pytest.mark.parametrize(("shift", "rounds", "expected"), [
    (0.0, (5, 5), WITHIN),
    (1.0, (5, 5), WITHIN),            # AFTER's p25 on BEFORE's p75: the ranges touch, no range lies beyond the other
    (1.5, (5, 5), HIGHER),
    (-1.5, (5, 5), LOWER),
    (-1.0, (5, 5), WITHIN),
    (1.5, (1, 5), NO_SPREAD),          # a run of 1 round: no range to be outside of
    (1.5, (5, 1), NO_SPREAD),
    (1.5, (2, 2), HIGHER),             # 2 rounds each: quartiles of two values, a range already
])
def test_a_change_is_real_only_where_the_two_interquartile_ranges_do_not_overlap(
        shift: float, rounds: tuple[int, int], expected: str) -> None:
    before = {"median": 1.0, "p25": 0.75, "p75": 1.25}                 # dyadic: each shift exact
    width = before["p75"] - before["p25"]                   # AFTER: BEFORE moved by shift times its own range
    after = {key: value + shift * width for key, value in before.items()}
    assert change(before, after, rounds) == expected


@pytest.mark.parametrize(("after", "factor", "expected"), [
    (1.0625, 1.1, SMALL),             # dyadic medians 1/16 apart, ranges of +-1/64: apart, but by less than the factor
    (1.0625, 1.0625, HIGHER),         # by the factor exactly: real
    (0.9375, 1.1, SMALL),
    (0.9375, 1.0625, LOWER),          # 0.9375 < 1 / 1.0625
    (1.0625, 1.0, HIGHER),            # factor 1: outside the spread alone
    (0.5, 2.0, LOWER),                # by the factor exactly, down (0.5 = 1 / 2): real
])
def test_ranges_apart_by_less_than_the_factor_are_a_small_change_not_a_real_one(
        after: float, factor: float, expected: str) -> None:
    assert change(stat(1.0, 1 / 64), stat(after, 1 / 64), (5, 5), factor) == expected


@pytest.mark.parametrize(("after", "before", "factor", "shown"), [
    (1.09985, 1.0, 1.1, "1.0998"),    # 2 and 3 decimals would read 1.10 and 1.100: the factor, for a small change
    (1.1, 1.0, 1.1, "1.10"),          # at the factor: a real change, shown as it reads
    (1.2, 1.0, 1.1, "1.20"),
    (0.9092, 1.0, 1.1, "0.9092"),     # 1 / 1.1 = 0.90909...: 0.91 and 0.909 read as the inverse
    (1.0, 1.0, 1.1, "1.00"),
    (1 / 1.1, 1.0, 1.1, "0.91"),      # at the inverse exactly: a real change, shown as it reads
    (0.25, 0.0, 1.1, "inf"),          # from 0: change's infinite factor
    (0.0, 0.0, 1.1, "1.00"),          # 0 in both: unchanged
])
def test_the_moves_decimals_never_show_a_small_change_as_the_factor(
        after: float, before: float, factor: float, shown: str) -> None:
    assert moved(after, before, factor) == shown
    assert FACTOR == 1.1                                  # the default the legend and benchmarks/README.md quote


def test_the_moves_decimals_stop_at_6_as_its_docstring_says() -> None:
    assert moved(1.0999996, 1.0, 1.1) == "1.100000"      # 7 decimals would tell it from the factor: not tried


def stat(median: float, half_range: float) -> dict[str, float]:
    return {"median": median, "p25": median - half_range, "p75": median + half_range}


def case(network: str, size: str, manual: float, ratios: dict[str, float], rounds: int = 5) -> dict[str, Any]:
    """A hand-built case: manual's seconds and each ratio with an interquartile range of +-1% of its median."""
    return {"network": network, "size": size, "dtype": "float64", "rounds": rounds,
            "seconds": {"manual": stat(manual, manual / 100)},
            "ratios": {peer: stat(value, value / 100) for peer, value in ratios.items()}}


def run_file(folder: pathlib.Path, cases: list[dict[str, Any]], **machine: Any) -> pathlib.Path:
    folder.mkdir()
    results = {"format": 1, "created": "2026-01-01T00:00:00+00:00", "revision": None,
               "options": {"rounds": 5, "extra": {"threads": 1}}, "cases": cases,
               "machine": {**made_up_machine(), **machine}}
    (folder / "results.json").write_text(json.dumps(results), encoding="utf-8")
    return folder / "results.json"


def test_cases_and_ratios_one_run_alone_timed_are_listed_not_dropped(tmp_path: pathlib.Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    before = run_file(tmp_path / "b", [case("seed", "tiny", 3e-5, {"jax.jit": 0.8, "torch": 0.3}),
                                       case("deep", "tiny", 5e-5, {"jax.jit": 1.0, "torch": 0.3})])
    after = run_file(tmp_path / "a", [case("seed", "tiny", 3e-5, {"jax.jit": 0.8, "bound": 5.0}),
                                      case("seed", "small", 9e-5, {"jax.jit": 1.1, "bound": 2.8})])
    code, out, _ = compare(capsys, str(before), str(after))
    assert code == 0 and list(table_rows(out)) == ["seed tiny float64"]
    assert "Cases timed in BEFORE only (not compared): deep tiny float64." in out
    assert "Cases timed in AFTER only (not compared): seed small float64." in out
    assert "Ratios timed in BEFORE only (not compared): manual / torch." in out
    assert "Ratios timed in AFTER only (not compared): manual / bound." in out


def test_a_target_judged_on_both_sides_of_its_limit_is_named_with_its_values_and_its_change(
        tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    from manual_backprop.bench.targets import RATIO_TARGETS

    peer, sizes, limit = next(t for t in RATIO_TARGETS if t[0] == "jax.jit" and "tiny" in t[1])
    met, missed = limit * 0.9, limit * 1.1               # +-1% ranges: 10% apart do not overlap
    before = run_file(tmp_path / "b", [case("seed", sizes[0], 3e-5, {peer: met})])
    after = run_file(tmp_path / "a", [case("seed", sizes[0], 3e-5, {peer: missed})])
    _, out, _ = compare(capsys, str(before), str(after))
    assert (f"| manual / {peer} | seed {sizes[0]} float64 | <= {limit:g} | {number(met)} | {number(missed)} | "
            "met → missed | **higher** |") in out
    assert "1 in BEFORE, 0 in AFTER; 1 verdict changed" in out


def test_a_different_machine_is_named_setting_by_setting_and_its_times_said_not_to_transfer(
        tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    blas = {"user_api": "blas", "internal_api": "openblas", "version": "0.3", "architecture": "Haswell",
            "num_threads": 1}
    cases = [case("seed", "tiny", 3e-5, {"jax.jit": 0.8})]
    before = run_file(tmp_path / "b", cases, cpu="AMD EPYC", blas=[blas])
    after = run_file(tmp_path / "a", cases, cpu="Intel Xeon", blas=[{**blas, "architecture": "SkylakeX"}])
    _, out, _ = compare(capsys, str(before), str(after))
    assert "| CPU | AMD EPYC | Intel Xeon |" in out
    assert "| BLAS | openblas 0.3 (Haswell kernel, 1 thread) | openblas 0.3 (SkylakeX kernel, 1 thread) |" in out
    assert "Note: the runs differ in CPU, BLAS: manual's times (and every peer's) are not comparable" in out
    assert "; the ratios, each paired within one run on one machine, are what transfer.\n\n| network |" in out


@pytest.mark.parametrize("which", ["BEFORE", "AFTER"])
@pytest.mark.parametrize(("given", "reason"), [
    ("nowhere.json", "does not exist: " + ASK),
    ("empty", "holds no results.json: " + ASK),                          # a folder without one
    ("port.json", "is not a results.json that backprop bench wrote (no options and cases in it): " + ASK),
    ("text.json", "is not a results.json that backprop bench wrote (no options and cases in it): " + ASK),
    ("damaged.json", "is damaged (KeyError: 'seconds'): " + ASK),
    ("words.json", "is damaged (TypeError: seed tiny float64: a median, quartile or round count that is no number): "
     + ASK),
])
def test_a_path_that_is_no_bench_run_is_refused_naming_the_argument_and_quoting_it(
        tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], which: str,
        given: str, reason: str) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty").mkdir()
    (tmp_path / "port.json").write_text('{"implementation": "mine", "results": []}', encoding="utf-8")
    (tmp_path / "text.json").write_text("not JSON", encoding="utf-8")
    (tmp_path / "damaged.json").write_text(json.dumps({"options": {}, "cases": [{"network": "seed", "size": "tiny",
                                                        "dtype": "float64", "rounds": 5}]}), encoding="utf-8")
    words = case("seed", "tiny", 3e-5, {"torch": 0.25})
    words["ratios"]["torch"]["p75"] = "0.26"                                    # a number written as text
    (tmp_path / "words.json").write_text(json.dumps({"options": {}, "cases": [words]}), encoding="utf-8")
    args = [given, str(FIRST)] if which == "BEFORE" else [str(FIRST), given]
    code, out, err = compare(capsys, *args, "--out", "out.md")
    assert (code, out) == (2, "")
    assert err == f"backprop bench-compare: {which} {given!r} {reason} (see backprop bench-compare --help)\n"
    assert not (tmp_path / "out.md").exists()


def test_a_results_json_of_a_newer_format_is_refused_naming_both_formats(
        tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    from manual_backprop import __version__
    from manual_backprop.bench.provenance import FORMAT

    newer = {**json.loads(FIRST.read_text(encoding="utf-8")), "format": FORMAT + 1}
    (tmp_path / "results.json").write_text(json.dumps(newer), encoding="utf-8")
    code, _, err = compare(capsys, str(FIRST), str(tmp_path))
    assert code == 2 and err == (f"backprop bench-compare: AFTER {str(tmp_path)!r}: results.json format {FORMAT + 1} "
                                 f"is newer than {FORMAT}, the newest manual_backprop {__version__} reads: read it "
                                 "with a newer manual_backprop (see backprop bench-compare --help)\n")


def test_out_writes_the_comparison_as_printed(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_file = tmp_path / "comparison.md"
    code, out, _ = compare(capsys, str(FIRST), str(SECOND), "--out", str(out_file))
    assert code == 0 and out == out_file.read_text(encoding="utf-8") + f"wrote {out_file}\n"


def test_an_out_that_is_an_earlier_comparison_is_replaced_not_refused(
        tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_file = tmp_path / "comparison.md"
    out_file.write_text("an earlier comparison\n", encoding="utf-8")
    code, out, err = compare(capsys, str(FIRST), str(SECOND), "--out", str(out_file))
    assert (code, err) == (0, "") and out == out_file.read_text(encoding="utf-8") + f"wrote {out_file}\n"


def test_the_benchmarks_readmes_example_is_the_commands_output_on_the_two_committed_runs(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    readme = (ROOT / "benchmarks" / "README.md").read_text(encoding="utf-8")
    example = re.search(r"```sh\nbackprop bench-compare (\S+) (\S+)\n```\n\n<!-- bench-compare example: [^>]*-->\n\n"
                        r"(.*?)\n<!-- end of the bench-compare example -->", readme, flags=re.S)
    assert example is not None
    monkeypatch.chdir(ROOT)                                       # the paths as the README gives them
    code, out, _ = compare(capsys, example[1], example[2])
    assert code == 0 and out == example[3]


@pytest.mark.parametrize("alone", ["BEFORE", "AFTER"])
def test_a_ratio_one_run_timed_on_a_case_both_timed_reads_as_timed_in_one_run_not_as_a_change(
        tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str], alone: str) -> None:
    timed, skipped = [case("seed", "tiny", 3e-5, {"torch": 0.25}), case("deep", "tiny", 5e-5, {"torch": 0.3})], \
        [case("seed", "tiny", 3e-5, {"torch": 0.25}), case("deep", "tiny", 5e-5, {})]   # torch not installed there
    before = run_file(tmp_path / "b", timed if alone == "BEFORE" else skipped)
    after = run_file(tmp_path / "a", skipped if alone == "BEFORE" else timed)
    _, out, _ = compare(capsys, str(before), str(after))
    cell = f"{number(0.3)} → —" if alone == "BEFORE" else f"— → {number(0.3)}"
    assert table_rows(out)["deep tiny float64"]["manual / torch"] == f"{cell} (timed in one run)"
    assert "by ×1.10 or more): 0 of 3 values" in out       # manual twice and seed tiny's torch: judged


def test_an_out_that_is_a_bench_runs_results_json_is_refused_not_overwritten(
        tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    run = run_file(tmp_path / "run", [case("seed", "tiny", 3e-5, {"torch": 0.25})])
    kept = run.read_text(encoding="utf-8")
    code, out, err = compare(capsys, str(run), str(run), "--out", str(run))
    assert (code, out) == (2, "") and run.read_text(encoding="utf-8") == kept
    assert err == (f"backprop bench-compare: --out {run} is a results.json that backprop bench wrote, which the "
                   "comparison would overwrite: choose another file, e.g. comparison.md\n")


@pytest.mark.parametrize("given", ["0.9", "0", "-1", "nan", "inf", "x"])
def test_a_factor_below_1_or_no_finite_number_is_refused_naming_the_option(
        capsys: pytest.CaptureFixture[str], given: str) -> None:
    code, out, err = compare(capsys, str(FIRST), str(SECOND), f"--factor={given}")
    assert (code, out) == (2, "")
    assert err == (f"backprop bench-compare: --factor must be a finite number >= 1; got {given!r} "
                   "(see backprop bench-compare --help)\n")


def test_the_benchmarks_readmes_counts_of_changes_are_the_commands_on_the_two_committed_runs(
        capsys: pytest.CaptureFixture[str]) -> None:
    """benchmarks/README.md's prose before its example: the counts outside both spreads (--factor 1) and real at the
    default factor, and the columns the real ones fall in, each read off the command's own table here."""
    readme = " ".join((ROOT / "benchmarks" / "README.md").read_text(encoding="utf-8").split())
    counts = {}
    for factor in ("1", str(FACTOR)):
        _, out, _ = compare(capsys, str(FIRST), str(SECOND), "--factor", factor)
        cells = [(column, cell) for row in table_rows(out).values() for column, cell in row.items()
                 if "manual" in column]
        counts[factor] = (sum("**" in cell for _, cell in cells), len(cells),
                          {column: sum("**" in cell for c, cell in cells if c == column) for column, _ in cells})
    outside, judged, _ = counts["1"]
    real, _, by_column = counts[str(FACTOR)]
    assert f"yet {outside} of {judged} values lie outside both spreads (`--factor 1`)" in readme
    assert (f"with the default factor {real} of {judged} are still real changes, {by_column['manual']} of them "
            f"manual's own time and {by_column['manual / jax-eager']} eager JAX's ratio") in readme


def amended(path: pathlib.Path, **top: Any) -> pathlib.Path:
    """run_file's results.json with top-level entries added or replaced (a harness's rate, options)."""
    results = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**results, **top}), encoding="utf-8")
    return path


def after_settings(out: str) -> list[str]:
    """The comparison's lines after its "Same in both" line."""
    lines = out.splitlines()
    return lines[next(i for i, line in enumerate(lines) if line.startswith("Same in both: ")) + 1:]


def test_a_before_median_of_0_is_a_change_by_an_infinite_factor_not_a_crash(
        tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    zero = case("seed", "tiny", 3e-5, {"torch": 0.25})
    zero["ratios"]["torch"] = stat(0.0, 0.0)
    assert change(stat(0.0, 0.0), stat(0.25, 1 / 64), (5, 5)) == HIGHER
    before = run_file(tmp_path / "b", [zero])
    after = run_file(tmp_path / "a", [case("seed", "tiny", 3e-5, {"torch": 0.25})])
    code, out, err = compare(capsys, str(before), str(after))
    assert (code, err) == (0, "")
    assert table_rows(out)["seed tiny float64"]["manual / torch"] == f"{number(0.0)} → {number(0.25)} (×inf) **higher**"


def test_changes_between_1_round_runs_are_counted_apart_as_having_no_spread(
        tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = run_file(tmp_path / "b", [case("seed", "tiny", 3e-5, {"torch": 0.25}, rounds=1)])
    after = run_file(tmp_path / "a", [case("seed", "tiny", 6e-5, {"torch": 0.5}, rounds=1)])
    _, out, _ = compare(capsys, str(before), str(after))
    assert all(cell.endswith(f" {NO_SPREAD}") for name, cell in table_rows(out)["seed tiny float64"].items()
               if "manual" in name)
    assert ("Real changes (outside both runs' spread, by ×1.10 or more): 0 of 2 values (0 higher, 0 lower); 0 small; "
            "the rest within spread but 2 of 1-round runs, with no spread.") in out.splitlines()


def test_runs_with_no_case_in_common_say_so_and_list_each_runs_cases(
        tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = run_file(tmp_path / "b", [case("seed", "tiny", 3e-5, {"jax.jit": 0.8}),
                                       case("deep", "tiny", 5e-5, {"jax.jit": 0.8})])
    after = run_file(tmp_path / "a", [case("seed", "small", 9e-5, {"jax.jit": 0.8})])
    code, out, _ = compare(capsys, str(before), str(after))
    assert code == 0 and after_settings(out) == [
        "", "No case was timed in both runs.",
        "", "Cases timed in BEFORE only (not compared): seed tiny float64, deep tiny float64.",
        "", "Cases timed in AFTER only (not compared): seed small float64.",
        "", "Targets: none judged in both runs.",       # and each run's own: the targets of the cases above
        "", "Targets judged in BEFORE only: manual / jax.jit at seed tiny float64, manual / jax.jit at deep tiny "
            "float64.",
        "", "Targets judged in AFTER only: manual / jax.jit at seed small float64."]


def test_targets_one_run_alone_judged_are_listed_after_the_count_of_those_both_judged(
        tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = run_file(tmp_path / "b", [case("seed", "tiny", 3e-5, {"jax.jit": 0.8}),
                                       case("deep", "tiny", 5e-5, {"jax.jit": 0.8})])
    after = run_file(tmp_path / "a", [case("seed", "tiny", 3e-5, {"jax.jit": 0.8}),
                                      case("seed", "small", 9e-5, {"jax.jit": 0.8}),
                                      case("deep", "small", 9e-5, {"jax.jit": 0.8})])
    _, out, _ = compare(capsys, str(before), str(after))
    assert out.splitlines()[-6:] == [
        "", "Targets met, of the 1 judged in both runs (this version's limits): 1 in BEFORE, 1 in AFTER; 0 verdicts "
        "changed.",
        "", "Targets judged in BEFORE only: manual / jax.jit at deep tiny float64.",
        "", "Targets judged in AFTER only: manual / jax.jit at seed small float64, manual / jax.jit at deep small "
        "float64."]


def test_a_target_of_one_measurement_per_run_that_changed_verdict_says_it_has_no_spread(
        tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    from manual_backprop.bench.targets import HARNESS_MIN_CASES, HARNESS_TARGET

    cases = [case("seed", "tiny", 3e-5, {"torch": 0.25})]
    before, after = (amended(run_file(tmp_path / name, cases), harness={"cases": HARNESS_MIN_CASES,
                                                                       "per_second": rate})
                     for name, rate in (("b", HARNESS_TARGET * 1.2), ("a", HARNESS_TARGET * 0.8)))
    _, out, _ = compare(capsys, str(before), str(after))
    assert (f"| verified configurations / s | {HARNESS_MIN_CASES} random problems | >= {HARNESS_TARGET:g} | "
            f"{number(HARNESS_TARGET * 1.2)} | {number(HARNESS_TARGET * 0.8)} | met → missed | no spread recorded (one "
            "measurement per run) |") in out.splitlines()


def test_runs_with_other_library_versions_are_told_a_ratio_may_move_by_the_peers_side(
        tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    cases = [case("seed", "tiny", 3e-5, {"jax.jit": 0.8})]
    before = run_file(tmp_path / "b", cases, versions={"numpy": "2.0", "jax": "0.4", "python": "3.11"})
    after = run_file(tmp_path / "a", cases, versions={"numpy": "2.1", "jax": "0.5", "python": "3.11"})
    _, out, _ = compare(capsys, str(before), str(after))
    assert "| NumPy | 2.0 | 2.1 |\n| JAX | 0.4 | 0.5 |\n" in out
    assert ("\nNote: the runs differ in NumPy, JAX: a ratio's change may be the peer's version's, not manual's.\n\n"
            "| network |") in out


#: A run's record with no setting recorded but its CPU and cores (no options either), and one with every setting.
BARE = {"machine": {"cpu": "CPU", "blas": [], "versions": {}, "threads": {"cores": 2}}}
FULL = {"revision": "abc1234", "created": "2026-01-01T00:00:00+00:00",
        "options": {"rounds": 7, "block_seconds": 0.05, "dtypes": ["float64", "float32"], "peers": ["jax.jit", "torch"],
                    "seed": 3, "yours": "mine.py", "extra": {"threads": 2}},
        "machine": {"cpu": "Other CPU", "platform": "Linux-6", "threads": {"cores": 8, "cpus_allowed": 2},
                    "blas": [{"user_api": "blas", "internal_api": "openblas", "version": "0.3",
                              "architecture": "Haswell", "num_threads": 4}],
                    "versions": {"numpy": "2.1", "jax": "0.5", "jaxlib": "0.5", "torch": "2.4", "python": "3.11"},
                    "numpy_simd": {"baseline": ["SSE3", "AVX2"]}, "load_average_at_start": [0.5, 0.25, 0.125],
                    "environment": {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "UNSET": None}}}


def test_each_setting_a_run_did_not_record_reads_as_such_and_each_recorded_one_as_recorded() -> None:
    from manual_backprop.bench.compare_setup import settings

    assert settings(BARE) == {
        "CPU": "CPU", "platform": "not recorded", "cores": "2, the process allowed 2", "NumPy SIMD": "not recorded",
        "BLAS": "not found", **dict.fromkeys(("NumPy", "JAX", "jaxlib", "torch", "Python"), "absent"),
        "--threads": "each library's own", **dict.fromkeys(("--rounds", "--block-ms", "dtypes", "peers", "case seed"),
                                                           "not recorded"),
        "--yours": "none", "environment": "none set", "revision": "not recorded", "created": "not recorded",
        "load average at start (1 minute)": "not recorded"}
    assert settings(FULL) == {
        "CPU": "Other CPU", "platform": "Linux-6", "cores": "8, the process allowed 2", "NumPy SIMD": "AVX2",
        "BLAS": "openblas 0.3 (Haswell kernel, 4 threads)", "NumPy": "2.1", "JAX": "0.5", "jaxlib": "0.5",
        "torch": "2.4", "Python": "3.11", "--threads": "2", "--rounds": "7", "--block-ms": "50",
        "dtypes": "float64,float32", "peers": "jax.jit,torch", "case seed": "3", "--yours": "mine.py",
        "environment": "MKL_NUM_THREADS=1 OMP_NUM_THREADS=1", "revision": "abc1234",
        "created": "2026-01-01T00:00:00+00:00", "load average at start (1 minute)": "0.50"}


def test_runs_that_differ_in_every_setting_say_none_is_alike(tmp_path: pathlib.Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    from manual_backprop.bench.compare_setup import settings

    cases = [case("seed", "tiny", 3e-5, {"jax.jit": 0.8})]
    for name, run in (("bare.json", BARE), ("full.json", FULL)):
        (tmp_path / name).write_text(json.dumps({**run, "options": run.get("options", {}), "cases": cases}),
                                     encoding="utf-8")
    _, out, _ = compare(capsys, str(tmp_path / "bare.json"), str(tmp_path / "full.json"))
    lines = out.splitlines()
    same = lines.index("Same in both: no setting recorded alike.")
    rows = lines[lines.index("| setting | BEFORE | AFTER |") + 2:same]
    assert [row.split(" | ")[0].removeprefix("| ") for row in rows] == [*settings(BARE), ""]     # each, then a blank
    assert lines[same + 1] == ""


def test_an_out_that_cannot_be_written_is_refused_naming_the_option_and_quoting_it(
        tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    pathlib.Path("file.txt").write_text("", encoding="utf-8")
    code, out, err = compare(capsys, str(FIRST), str(FIRST), "--out", "file.txt/out.md")      # checked before printing
    assert (code, out, err) == (2, "", "backprop bench-compare: --out file.txt/out.md: file.txt is not a directory\n")

    def full(*_: Any) -> None:
        raise OSError(28, "No space left on device", "out.md")

    monkeypatch.setattr("manual_backprop.atomic.atomic_write_text", full)
    code, _, err = compare(capsys, str(FIRST), str(FIRST), "--out", "out.md")                 # failed as written
    assert (code, err) == (2, "backprop bench-compare: --out out.md: cannot write (out.md: No space left on device)\n")


def test_an_empty_before_or_after_is_refused_naming_which(capsys: pytest.CaptureFixture[str]) -> None:
    for args, which in (("", str(FIRST)), "BEFORE"), ((str(FIRST), ""), "AFTER"):
        code, out, err = compare(capsys, *args)
        assert (code, out) == (2, "")
        assert err.startswith(f"backprop bench-compare: {which} must name a path; got ''")
