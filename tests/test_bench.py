"""`backprop bench`: the suite runs at the tiny size and writes its table, JSON and plot; its pieces compute
what they claim (peers the same gradient, ratios paired per round, the live set the cache's size). No timings
are asserted: they depend on the machine."""

from __future__ import annotations

import argparse
import functools
import itertools
import json
import os
import pathlib
import re
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from manual_backprop import gradients
from manual_backprop.bench import peers, provenance, report, targets, units
from manual_backprop.bench.cases import make_case
from manual_backprop.bench.machine import busy_note, free_page_reporting, kernel_note, memory_note, numpy_simd
from manual_backprop.bench.memory import live_set, peak_memory
from manual_backprop.bench.timing import paired_ratio, time_interleaved
from manual_backprop.cli import main
from manual_backprop.propagation import _forward
from tests.bench_fixtures import made_up_machine

ROOT = pathlib.Path(__file__).resolve().parent.parent
#: A committed run that stays as it is (session 22's, the README's table until session 37, written before
#: results.json had a format key): the tests that quote a run's own lines read it, not benchmarks/results, which each
#: new run replaces.
ARCHIVED_RUN = ROOT / "benchmarks" / "results" / "session22" / "results.json"


@pytest.fixture(autouse=True)
def restore_jax_x64() -> object:
    """The JAX peers turn on float64 for the benchmark's process; give the other tests theirs back."""
    import jax

    before = jax.config.jax_enable_x64
    yield
    jax.config.update("jax_enable_x64", before)


def test_bench_writes_ratio_table_json_and_plot(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["bench", "--sizes", "tiny", "--networks", "seed", "--dtypes", "float64", "--rounds", "2", "--block-ms", "1",
            "--no-scaling", "--memory-size", "tiny", "--campaign-cases", "0",
            "--peers", "manual,bound,jax.jit,finite-diff", "--out", str(tmp_path)]
    assert main(args) == 0
    results = json.loads((tmp_path / "results.json").read_text())
    assert [(c["size"], c["dtype"]) for c in results["cases"]] == [("tiny", "float64")]
    for case in results["cases"]:
        assert set(case["ratios"]) == {"bound", "jax.jit", "finite-diff"}
        assert set(case["shares"]) == {"checks", "bound", "kernel", "activations"}
        assert set(case["bound_over"]) == {"jax.jit", "finite-diff"}
        # shares are timings: only their form is asserted here (test_breakdown_... checks their arithmetic); checks
        # is a difference of two timings, below 0 when the machine is busy (seen with two pytest-xdist workers)
        for stat in case["shares"].values():
            assert np.isfinite(list(stat.values())).all() and stat["p25"] <= stat["median"] <= stat["p75"]
        assert min(case["shares"]["kernel"].values()) >= 0 and min(case["shares"]["activations"].values()) >= 0
        assert set(case["system_seconds"]) == set(case["seconds"])
        assert all(len(case["seconds"][name]) == 3 and case["seconds"][name]["median"] > 0 for name in case["seconds"])
    assert results["machine"]["versions"]["numpy"] == np.__version__
    assert any(lib.get("user_api") == "blas" for lib in results["machine"]["blas"])
    table = (tmp_path / "results.md").read_text()
    assert "| seed | tiny (2, 4, 1), m=8 | float64 |" in table and "manual / jax.jit" in table
    assert "Where manual's time goes" in table and "activations g, g'" in table
    assert re.search(r"Peak memory of one gradient \(seed tiny float64, .*\): \d\S* KiB against a live set of "
                     r"\S+ KiB .*: \d\.\d{3}x \(the target, <= 1.2x, is set at the large size\)\.", table), table
    assert "peak memory / live set" not in table      # no target row: it is set at the large size only
    for plot in ("ratios.png", "breakdown.png"):
        assert (tmp_path / plot).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert table in capsys.readouterr().out


def test_results_json_says_when_and_from_which_code_and_holds_every_round(tmp_path: pathlib.Path) -> None:
    import datetime

    from manual_backprop.bench import provenance

    args = ["bench", "--sizes", "tiny", "--networks", "seed", "--dtypes", "float32", "--rounds", "4", "--block-ms", "1",
            "--no-scaling", "--memory-size", "none", "--campaign-cases", "0", "--no-plots", "--peers",
            "manual,bound,jax.jit", "--out", str(tmp_path)]
    before = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    assert main(args) == 0
    results = json.loads((tmp_path / "results.json").read_text())
    assert before <= datetime.datetime.fromisoformat(results["created"]) <= datetime.datetime.now(datetime.UTC)
    assert results["revision"] == provenance.revision() and re.fullmatch(r"[0-9a-f]{40}( \+ changes)?",
                                                                         results["revision"] or "")
    case = results["cases"][0]
    rounds = case["per_round_seconds"]
    assert set(rounds) == set(case["per_round_system_seconds"]) == set(case["seconds"])
    assert all(len(values) == 4 for values in rounds.values())
    for peer in ("bound", "jax.jit"):      # the ratios can be recomputed from the rounds, paired
        per_round = [a / b for a, b in zip(rounds["manual"], rounds[peer], strict=True)]
        assert case["ratios"][peer]["median"] == pytest.approx(float(np.median(per_round)), rel=1e-12)
    shown = case["shares_as_reported"]
    assert set(shown) == {"checks", "bound", "kernel", "activations", "rest"} and min(shown.values()) >= 0
    assert shown["rest"] == pytest.approx(max(0.0, 1 - shown["checks"] - shown["bound"] - shown["kernel"]
                                              - shown["activations"]))
    assert {"ratios", "shares", "per_round_seconds", "bound_over"} <= set(results["definitions"])


def test_the_revision_is_the_checkouts_commit_marked_when_a_tracked_file_changed(tmp_path: pathlib.Path) -> None:
    from manual_backprop.bench import provenance

    assert provenance.revision(tmp_path) is None                           # not a git checkout: an installed copy
    git = ["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q"], check=True)
    (tmp_path / "a.py").write_text("x = 1\n")
    subprocess.run([*git, "add", "a.py"], check=True)
    subprocess.run([*git, "commit", "-qm", "a"], check=True)
    sha = subprocess.run([*git, "rev-parse", "HEAD"], check=True, capture_output=True, text=True).stdout.strip()
    (tmp_path / "new.py").write_text("untracked\n")
    assert provenance.revision(tmp_path) == sha                            # an untracked file is not the code run
    (tmp_path / "a.py").write_text("x = 2\n")
    assert provenance.revision(tmp_path) == f"{sha} + changes"


def test_a_run_that_no_target_applies_to_says_so_instead_of_0_of_0(tmp_path: pathlib.Path) -> None:
    """manual and its bound at tiny: the issue sets no bound target there, and no jit, torch, memory or harness ran."""
    args = ["bench", "--sizes", "tiny", "--networks", "seed", "--dtypes", "float64", "--rounds", "1", "--block-ms", "1",
            "--no-scaling", "--memory-size", "none", "--campaign-cases", "0", "--no-plots", "--peers", "manual,bound",
            "--out", str(tmp_path)]
    assert main(args) == 0
    table = (tmp_path / "results.md").read_text()
    assert "Targets: none applies to what this run measured" in table
    assert "Targets met" not in table and "| target | where |" not in table


def test_a_name_repeated_in_a_list_option_is_refused_before_anything_is_timed(
        tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Each list is a set to choose from, as `backprop verify`'s are: tiny,tiny was taken as tiny, silently, where
    verify refused it (the wording: test_cli_verify's USAGE_ERRORS). The peers given are manual's and bound once."""
    quick = ["--rounds", "2", "--block-ms", "1", "--no-scaling", "--memory-size", "none", "--campaign-cases", "0",
             "--no-plots", "--out", str(tmp_path)]
    for option, names in (("--sizes", "tiny,tiny"), ("--networks", "seed,seed"), ("--dtypes", "float64,float64"),
                          ("--peers", "bound,manual,bound")):
        with pytest.raises(SystemExit) as exit_info:
            main(["bench", option, names, *quick])
        assert exit_info.value.code == 2 and f"{option} names " in capsys.readouterr().err
    assert not (tmp_path / "results.json").exists()
    args = ["bench", "--sizes", "tiny", "--networks", "seed", "--dtypes", "float64", "--peers", "bound", *quick]
    assert main(args) == 0
    results = json.loads((tmp_path / "results.json").read_text())
    assert len(results["cases"]) == 1 and set(results["cases"][0]["ratios"]) == {"bound"}
    assert results["options"]["peers"] == ["manual", "bound"]


@pytest.mark.parametrize("peers", [[], ["jax.jit"], ["jax.jit", "torch"]])
def test_the_breakdown_table_has_one_header_cell_per_column(peers: list[str]) -> None:
    stat = {"median": 0.25, "p25": 0.2, "p75": 0.3}
    case = {"network": "seed", "size": "tiny", "dtype": "float64", "bound_over": {p: stat for p in peers},
            "shares": {part: stat for part in ("checks", "bound", "kernel", "activations")}}
    header, rule, row = report.breakdown([case])[3:6]
    assert header.count("|") == rule.count("|") == row.count("|") == 9 + len(peers), (header, rule, row)


def test_plots_an_earlier_run_left_in_out_are_removed_not_left_beside_new_results(
        tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["bench", "--sizes", "tiny", "--networks", "seed", "--dtypes", "float64", "--rounds", "1", "--block-ms", "1",
            "--no-scaling", "--memory-size", "none", "--campaign-cases", "0", "--no-plots", "--peers", "manual,bound",
            "--out", str(tmp_path)]
    plots = ("ratios.png", "breakdown.png", "scaling.png")
    for name in (*plots, "notes.txt"):                   # a folder that never held a bench run: nothing is removed
        (tmp_path / name).write_bytes(b"the user's own")
    assert main(args) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*plots, "notes.txt", "results.json", "results.md"])
    assert "removed" not in capsys.readouterr().out
    for name in plots:                                   # now it has held one (its results.json): they are its
        (tmp_path / name).write_bytes(b"an earlier run's")
    assert main(args) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt", "results.json", "results.md"]  # not the user's
    assert "; removed an earlier run's ratios.png, breakdown.png, scaling.png" in capsys.readouterr().out


def test_a_raise_of_the_projects_own_peer_is_raised_not_skipped() -> None:
    from manual_backprop.bench.case_timing import time_case

    def broken(case: object) -> peers.Peer:
        def call() -> None:
            raise RuntimeError("a bug in a peer of ours")
        return peers.Peer("jax.jit", call)

    case = make_case("seed", "tiny", "float64")
    with pytest.raises(RuntimeError, match="a bug in a peer of ours"):
        time_case(case, ("manual", "jax.jit"), 1, 1e-4, {**peers.BUILDERS, "jax.jit": broken})


def test_bench_rejects_an_unknown_size() -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["bench", "--sizes", "huge"])
    assert exit_info.value.code == 2


def test_bench_takes_its_defaults_and_their_help_from_the_suites_options(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """--rounds, --block-ms, --memory-size and --campaign-cases default to suite.Options' own values (what
    run_suite does unasked) and the help shows them: changed there, they change here too (the parser wrote 15, 20,
    large and 2000, and its help "large: 5" beside suite's own 5)."""
    from manual_backprop.bench import suite
    from manual_backprop.cli import build_parser

    args = build_parser().parse_args(["bench"])
    default = suite.Options()
    assert (args.rounds, args.block_ms / 1e3, args.memory_size, args.campaign_cases) == (
        default.rounds, default.block_seconds, default.memory_size, default.campaign_cases)
    monkeypatch.setattr(suite, "Options", functools.partial(suite.Options, rounds=9, block_seconds=0.035,
                                                             memory_size="medium", campaign_cases=77))
    monkeypatch.setattr(suite, "LARGE_ROUNDS", 3)
    parser = build_parser()
    args = parser.parse_args(["bench"])
    assert (args.rounds, args.block_ms, args.memory_size, args.campaign_cases) == (9, 35.0, "medium", 77)
    with pytest.raises(SystemExit):
        parser.parse_args(["bench", "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    for text in ("interleaved rounds per case (default 9; large: at most 3)", "per timed block (default 35)",
                 "peak-memory check (default medium)", "(0 skips it; default 77)"):
        assert text in shown, text


def test_bench_help_names_every_default_peer_and_each_list_options_choices_and_default(
        capsys: pytest.CaptureFixture[str]) -> None:
    """--networks' help read "seed,deep" and --dtypes' "float64,float32", not saying that these were the defaults or
    that a list was taken; the command's description left out finite differences, a peer every default run times."""
    from manual_backprop.bench.cases import DEFAULT_SIZES, DTYPES, NETWORKS, SIZES
    from manual_backprop.cli import build_parser

    with pytest.raises(SystemExit):
        build_parser().parse_args(["bench", "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    assert "torch autograd, finite differences and its matmul bound" in shown
    for option, noun, choices, default in (("--sizes", "sizes", SIZES, DEFAULT_SIZES),
                                           ("--networks", "networks", NETWORKS, NETWORKS),
                                           ("--dtypes", "dtypes", DTYPES, DTYPES)):
        described = (f"{option} {option[2:].upper()} comma-separated {noun} among {','.join(choices)} "
                     f"(default {','.join(default)})")
        assert described in shown, described


def test_bench_help_points_to_the_benchmarks_readme_which_explains_every_option_it_lists(
        capsys: pytest.CaptureFixture[str]) -> None:
    """The method, the options and what was tried to meet each target are in benchmarks/README.md, which the
    README points to and `backprop bench --help` did not; the pointer holds while that file names every option the
    help lists."""
    from manual_backprop.cli import build_parser

    with pytest.raises(SystemExit):
        build_parser().parse_args(["bench", "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    assert "The method, every option and the targets: benchmarks/README.md (in a checkout" in shown, shown[-300:]
    explained = (ROOT / "benchmarks" / "README.md").read_text()
    options = set(re.findall(r"(?<![\w-])--[a-z][a-z-]+", shown)) - {"--help"}
    assert len(options) >= 15 and not [option for option in options if f"`{option}" not in explained], options


def test_each_timed_block_follows_an_untimed_call_of_the_same_peer() -> None:
    # a call is slow ("cold") when another peer ran last, as manual's large arrays are here once the VM has
    # handed their memory back; the timed calls must see the warm state a training loop sees
    last: list[str] = []

    def peer(name: str) -> peers.Peer:
        def call() -> None:
            if not last or last[-1] != name:
                time.sleep(0.1)   # a cold call; the bound below is half of it, far above a busy machine's jitter
            last.append(name)
        return peers.Peer(name, call)

    times, _, _ = time_interleaved([peer("a"), peer("b")], rounds=3, block_seconds=1e-9)  # one timed call a block
    # calibration, then per round (rotating who goes first) an untimed and a timed call of each peer
    assert last == ["a", "b", "a", "a", "b", "b", "b", "b", "a", "a", "a", "a", "b", "b"]
    assert max(times["a"] + times["b"]) < 0.05


def test_paired_ratio_is_the_median_and_quartiles_of_per_round_ratios() -> None:
    # per-round ratios 1/2, 2/2, 3/2 = 0.5, 1.0, 1.5: median 1.0, quartiles 0.75 and 1.25 (linear interpolation)
    stat = paired_ratio({"manual": [1.0, 2.0, 3.0], "peer": [2.0, 2.0, 2.0]}, "manual", "peer")
    assert (stat.median, stat.p25, stat.p75) == (1.0, 0.75, 1.25)


@pytest.mark.parametrize(("name", "network"), [
    ("jax.jit", "deep"), ("torch", "deep"),
    pytest.param("jax-eager", "seed", marks=pytest.mark.slow),  # compiles each primitive: seconds; J as for jax.jit
])
def test_peers_compute_the_same_gradient_as_manual(name: str, network: str) -> None:
    if name == "torch":
        pytest.importorskip("torch")
    case = make_case(network, "tiny", "float64")
    peer = peers.BUILDERS[name](case)
    assert peer is not None
    result = peer.call()
    theirs = dict(zip(case.params, result, strict=True)) if name == "torch" else result
    for key, expected in gradients(case.spec, case.params, case.X, case.Y).items():
        np.testing.assert_allclose(np.asarray(theirs[key]), expected, rtol=1e-10, atol=1e-12, strict=True)


@pytest.mark.parametrize("network", ["seed", "deep"])
def test_bound_forms_each_backward_product_as_manual_does(network: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # the floor must be manual's own products: W[l]^T dZ[l] through the function _backward uses (for n[l] = 1 an
    # outer product by broadcasting, about 3x faster than BLAS at the small size), never a slower form of its own
    seen: list[tuple[tuple[int, ...], tuple[int, ...]]] = []

    def counting(W: np.ndarray, dZ: np.ndarray) -> np.ndarray:
        seen.append((W.shape, dZ.shape))
        return W.T @ dZ

    monkeypatch.setattr(peers, "W_T_dZ", counting)
    bound = peers.bound(make_case(network, "tiny", "float64"))   # its first call is made here (setup time)
    seen.clear()
    bound.call()
    case = make_case(network, "tiny", "float64")
    L = case.spec.depth
    assert seen == [(case.params[f"W{l}"].shape, (case.spec.layer_sizes[l], case.m)) for l in range(L, 1, -1)]


def test_finite_difference_peer_approximates_the_first_gradient_entry() -> None:
    case = make_case("seed", "tiny", "float64")
    peer = peers.finite_differences(case)
    assert peer.scale == case.n_parameters
    # first_call used entry W1[0, 0]; the next call is W1[0, 1]; central differences err by O(h^2) ~ 1e-10
    np.testing.assert_allclose(peer.call(), gradients(case.spec, case.params, case.X, case.Y)["W1"][0, 1], rtol=1e-6,
                               strict=True)


def test_live_set_counts_the_cache_that_forward_builds() -> None:
    case = make_case("deep", "small", "float32")
    cache = _forward(case.spec, case.params, case.X)[1]
    parts = live_set(case)
    assert parts["cache"] == sum(a.nbytes for key, a in cache.items() if key != "A0")
    assert parts["grads"] == parts["params"] == sum(p.nbytes for p in case.params.values())
    assert peak_memory(case)["ratio"] >= 1.0


def test_targets_report_a_miss_where_the_value_is_over_the_limit() -> None:
    results = {"cases": [{"network": "seed", "size": "small", "dtype": "float64",
                          "ratios": {"bound": {"median": 2.5}, "jax.jit": {"median": 0.5}}}],
               "harness": {"per_second": 499.0, "cases": 1000}}
    met = {row["target"]: row["met"] for row in targets.check_targets(results)}
    assert met == {"manual / bound": False, "manual / jax.jit": True, "verified configurations / s": False}


@pytest.mark.parametrize(("cases", "judged"), [(1000, True), (999, False), (50, False)])
def test_the_harness_target_is_judged_on_a_thousand_problems_or_more(cases: int, judged: bool) -> None:
    """--campaign-cases 50 printed 'Targets met: 1 of 1' on one batch's timing."""
    results = {"cases": [], "harness": {"per_second": 2000.0, "cases": cases, "compile_seconds": 9.0, "failures": 0}}
    rows = targets.check_targets(results)
    assert [row["target"] for row in rows] == (["verified configurations / s"] if judged else [])


@pytest.mark.parametrize(("size", "counted"), [("large", True), ("medium", False), ("tiny", False)])
def test_the_peak_memory_target_is_judged_at_the_large_size_only(size: str, counted: bool) -> None:
    results = {"cases": [], "memory": {"case": f"seed {size} float64", "ratio": 1.1}}
    assert [row["target"] for row in targets.check_targets(results)] == (["peak memory / live set"] if counted else [])


@pytest.mark.parametrize(("n", "shown"), [(512, "512 B"), (1104, "1.08 KiB"), (2**20, "1 MiB"),
                                          (650 * 2**20, "650 MiB"), (5 * 2**30 // 2, "2.5 GiB")])
def test_byte_counts_are_shown_in_a_unit_that_fits(n: int, shown: str) -> None:
    assert units.byte_count(n) == shown


def test_breakdown_takes_the_checks_as_what_they_add_the_kernel_as_system_time_and_the_activations_alone() -> None:
    from manual_backprop.bench.case_timing import _breakdown

    times = {"manual": [10.0, 20.0], "unchecked": [7.0, 16.0], "bound": [5.0, 10.0], "jax.jit": [8.0, 16.0],
             "activations": [3.0, 3.0]}
    system = {"manual": [2.5, 0.0], "unchecked": [2.0, 0.0], "bound": [0.5, 0.0], "jax.jit": [0.0, 0.0],
              "activations": [1.0, 0.0]}
    result = _breakdown(times, system, ["bound", "jax.jit"])
    share = {name: stat["median"] for name, stat in result["shares"].items()}
    # checks: manual - unchecked less the difference of their median system times, (2.5 + 0) / 2 - (2 + 0) / 2:
    # (10 - 7 - 0.25) / 10 and (20 - 16 - 0.25) / 20; kernel: (2.5 - 0.5) / 10 and 0;
    # activations: their wall time less their system time (the kernel share counts that), over manual's
    np.testing.assert_allclose([share["checks"], share["bound"], share["kernel"], share["activations"]],
                               [(0.275 + 0.1875) / 2, 0.5, (0.2 + 0.0) / 2, (0.2 + 0.15) / 2], strict=True)
    assert result["bound_over"]["jax.jit"]["median"] == 0.625 and "bound" not in result["bound_over"]


def test_page_faults_only_manuals_blocks_took_are_kernel_time_not_input_checks() -> None:
    """Modelled on session 21's large float32 runs: manual about 2.1 s per gradient with about 0.37 s of system time,
    the same gradient unchecked about 1.8 s with 0.05 s, the products 1.8 s with 0.03 s. The checks (10 ms alone)
    allocate nothing; the 0.32 s of system time is the kernel faulting in manual's fresh arrays, and the breakdown
    must say so (a difference of wall times had called it "input checks 16%")."""
    from manual_backprop.bench.case_timing import _breakdown

    times = {"manual": [2.14] * 3, "unchecked": [1.81] * 3, "bound": [1.79] * 3, "activations": [0.05] * 3}
    system = {"manual": [0.37] * 3, "unchecked": [0.05] * 3, "bound": [0.03] * 3, "activations": [0.02] * 3}
    share = {name: stat["median"] for name, stat in _breakdown(times, system, ["bound"])["shares"].items()}
    np.testing.assert_allclose([share["checks"], share["kernel"], share["activations"]],
                               [(2.14 - 1.81 - 0.32) / 2.14, 0.34 / 2.14, 0.03 / 2.14], rtol=1e-12, strict=True)


def test_a_system_time_tick_in_some_rounds_does_not_move_the_checks_share() -> None:
    """System time is sampled on 4 ms ticks: a 20 ms block reads 0 or 4 ms whatever its true sub-millisecond value.
    Ticks in two of five rounds of manual's blocks (its median system time still 0) must not come off the checks'
    difference in those rounds: taken per round, they would move the median share from 5/12 to 0.3."""
    from manual_backprop.bench.case_timing import _breakdown

    times = {"manual": [10.0, 10.0, 12.0, 12.0, 12.0], "unchecked": [7.0] * 5, "bound": [5.0] * 5,
             "activations": [1.0] * 5}
    system = {"manual": [0.0, 0.0, 4.0, 4.0, 0.0], "unchecked": [0.0] * 5, "bound": [0.0] * 5,
              "activations": [0.0] * 5}
    share = _breakdown(times, system, ["bound"])["shares"]["checks"]["median"]
    np.testing.assert_allclose(share, 5 / 12, rtol=1e-12, strict=True)


@pytest.mark.parametrize(("sizes", "names", "loss", "derived"), [
    ((2, 4, 1), ("tanh", "sigmoid"), "binary_cross_entropy", ["tanh"]),             # dZ[L] = A[L] - Y: fused
    ((2, 4, 3, 1), ("relu", "elu", "tanh"), "mean_squared_error", ["relu", "elu", "tanh"]),  # output's g' taken
])
def test_activation_part_times_every_g_and_each_derivative_that_manual_takes(
        sizes: tuple[int, ...], names: tuple[str, ...], loss: str, derived: list[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from manual_backprop import activations
    from manual_backprop.bench.cases import Case
    from manual_backprop.bench.parts import activation_functions
    from manual_backprop.spec import NetworkSpec
    from manual_backprop.training import init_parameters

    calls: list[str] = []

    class Spy:
        def __init__(self, real: activations.Activation) -> None:
            self.real = real

        def g(self, Z: np.ndarray) -> np.ndarray:
            calls.append(f"g {self.real.name}")
            return self.real.g(Z)

        def backward(self, Z: np.ndarray, A: np.ndarray, dA: np.ndarray) -> np.ndarray:
            calls.append(f"g' {self.real.name}")
            return self.real.backward(Z, A, dA)

    for name in set(names):
        monkeypatch.setitem(activations.REGISTRY, name, Spy(activations.REGISTRY[name]))  # type: ignore[arg-type]
    spec = NetworkSpec(sizes, names, loss)
    X = np.random.default_rng(0).standard_normal((sizes[0], 5))
    case = Case("custom", "tiny", spec, init_parameters(spec, 0), X, np.zeros((sizes[-1], 5)))
    part = activation_functions(case)
    calls.clear()
    part.call()
    assert calls == [f"g {name}" for name in names] + [f"g' {name}" for name in derived]


def _case_with_breakdown(bound_over_jit: float, kernel: float | None = None,
                         activations: float | None = None) -> dict[str, object]:
    shares = {"checks": {"median": 0.05}, "bound": {"median": 0.80}}
    if kernel is not None:
        shares["kernel"] = {"median": kernel}
    if activations is not None:
        shares["activations"] = {"median": activations}
    return {"network": "seed", "size": "medium", "dtype": "float64",
            "ratios": {"bound": {"median": 1.2}, "jax.jit": {"median": 1.3}},
            "shares": shares, "bound_over": {"jax.jit": {"median": bound_over_jit}}}


def test_a_miss_says_why_from_the_same_runs_breakdown() -> None:
    # NumPy's products alone slower than jax.jit's whole gradient: no NumPy code can meet <= 1
    rows = targets.check_targets({"cases": [_case_with_breakdown(1.08)]})
    assert [row["met"] for row in rows] == [False, False]
    assert "input checks 5%, elementwise passes and Python 15%" in rows[0]["why"]  # results before g, g' was timed
    assert "products alone take 1.08x jax.jit's whole gradient" in rows[1]["why"]
    # the peer slower than the products: the gap is manual's own work outside them
    rows = targets.check_targets({"cases": [_case_with_breakdown(0.5)]})
    assert "jax.jit takes 2.00x NumPy's products; the gap is manual's work outside" in rows[1]["why"]
    # the kernel's time for fresh arrays is named apart, and taken out of "elementwise passes and Python"
    rows = targets.check_targets({"cases": [_case_with_breakdown(0.5, kernel=0.12)]})
    expected = "input checks 5%, kernel time faulting in fresh arrays 12%, elementwise passes and Python 3%"
    assert expected in rows[0]["why"]
    # the activation functions, timed alone, are named apart too, and taken out of the rest
    rows = targets.check_targets({"cases": [_case_with_breakdown(0.5, activations=0.10)]})
    expected = "input checks 5%, activation functions g, g' 10%, other elementwise passes and Python 5% of manual's"
    assert expected in rows[0]["why"]


def test_limit_threads_pins_the_process_to_that_many_cpus() -> None:
    # XLA ignores XLA_FLAGS' thread settings (measured: 1.55 cores per jax.jit gradient): only the pinning holds
    if not hasattr(os, "sched_getaffinity") or len(os.sched_getaffinity(0)) < 2:
        pytest.skip("needs a Linux process allowed on two or more CPUs")
    code = ("import os; from manual_backprop.bench import machine, pinning; pinning.limit_threads(1); "
            "print(len(os.sched_getaffinity(0)), machine.threads()['blas'], machine.threads()['cpus_allowed'])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["1", "1", "1"]


def test_the_xla_flags_results_record_under_threads_are_said_to_be_the_benchmarks_own() -> None:
    """--threads appends XLA's thread flags to XLA_FLAGS before the machine is described, so results.json's
    environment records flags nobody set: the committed run's XLA_FLAGS is exactly what --threads 1 adds to an empty
    one. Its definition must say so, or a reader citing the run would take them for part of the machine's setup."""
    code = ("import os; from manual_backprop.bench import pinning; pinning.limit_threads(1); "
            "print(os.environ['XLA_FLAGS'])")
    env = {k: v for k, v in os.environ.items() if k != "XLA_FLAGS"}
    added = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env).stdout
    committed = json.loads((ROOT / "benchmarks" / "results" / "results.json").read_text(encoding="utf-8"))
    assert committed["options"]["extra"]["threads"] == 1
    assert committed["machine"]["environment"]["XLA_FLAGS"] == added.strip()
    said = re.search(r"environment \(([^()]*)\)", provenance.QUANTITIES["machine"])
    assert said is not None and "--threads" in said.group(1) and "XLA_FLAGS" in said.group(1), said


def test_kernel_note_names_the_pinned_openblas_kernel() -> None:
    machine = {"environment": {"OPENBLAS_CORETYPE": "Haswell"}, "blas": [{"internal_api": "openblas",
                                                                            "architecture": "Haswell"}]}
    note = kernel_note(machine)
    assert note is not None and "Haswell kernel" in note and "env -u OPENBLAS_CORETYPE" in note
    assert kernel_note({"environment": {}, "blas": []}) is None


def test_numpy_simd_splits_numpys_dispatch_targets_into_found_and_not_found_as_show_runtime_does() -> None:
    from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__

    simd = numpy_simd()
    assert sorted(simd["found"] + simd["not_found"]) == sorted(__cpu_dispatch__)
    assert all(__cpu_features__[name] for name in simd["found"])
    assert not any(__cpu_features__[name] for name in simd["not_found"])
    assert simd["baseline"], "NumPy is always built for some baseline"


def test_machine_line_names_numpys_widest_simd_target_and_the_ones_this_cpu_lacks() -> None:
    """Those lacking are set apart from the one found: "SIMD X86_V3, not X86_V4, AVX512_ICL" read as if AVX512_ICL
    were found."""
    machine = {"cpu": "CPU", "blas": [{"user_api": "blas", "internal_api": "openblas", "version": "0.3",
                                        "architecture": "Haswell"}],
               "versions": {"numpy": "2.4", "jax": "0.10", "torch": None},
               "threads": {"cores": 2, "blas": 1, "torch": None},
               "load_average_at_start": [0.1], "load_average_at_end": [0.2],
               "numpy_simd": {"baseline": ["X86_V2"], "found": ["X86_V3"], "not_found": ["X86_V4", "AVX512_ICL"]}}
    assert "NumPy 2.4 (SIMD X86_V3; not found: X86_V4, AVX512_ICL) with openblas" in report.machine_line(machine)
    machine["numpy_simd"] = {"baseline": ["X86_V2"], "found": ["X86_V3", "X86_V4"], "not_found": []}
    assert "NumPy 2.4 (SIMD X86_V4) with openblas" in report.machine_line(machine)
    del machine["numpy_simd"]  # results written before the field existed
    assert "NumPy 2.4 (SIMD ?) with openblas" in report.machine_line(machine)


def _fake_sys(root: pathlib.Path, device: str, features: str, order: str | None) -> str:
    """A /sys tree with one virtio device and, if order is given, the page_reporting module's parameter."""
    virtio = root / "bus/virtio/devices/virtio0"
    virtio.mkdir(parents=True)
    (virtio / "device").write_text(device + "\n")
    (virtio / "features").write_text(features.ljust(128, "0") + "\n")
    if order is not None:
        (root / "module/page_reporting/parameters").mkdir(parents=True)
        (root / "module/page_reporting/parameters/page_reporting_order").write_text(order + "\n")
    return str(root)


def test_free_page_reporting_needs_a_balloon_offering_it_and_reads_the_block_order(tmp_path: pathlib.Path) -> None:
    # feature bits as Linux prints them in /sys/bus/virtio/devices/*/features: bit 0 first; bit 5 = REPORTING
    assert free_page_reporting(_fake_sys(tmp_path / "a", "0x0005", "011001010", "9")) == 9
    assert free_page_reporting(_fake_sys(tmp_path / "b", "0x0005", "011011010", "10")) == 10
    assert free_page_reporting(_fake_sys(tmp_path / "c", "0x0005", "011000010", "9")) is None  # bit 5 off
    assert free_page_reporting(_fake_sys(tmp_path / "d", "0x0001", "011001010", "9")) is None  # a network device
    assert free_page_reporting(_fake_sys(tmp_path / "e", "0x0005", "011001010", None)) is None  # no module
    assert free_page_reporting(str(tmp_path / "no-sys")) is None


def test_memory_note_names_the_block_size_and_only_appears_when_memory_is_handed_back() -> None:
    note = memory_note({"free_page_reporting_order": 9})
    assert note is not None and "blocks of 2 MB" in note and "kernel share" in note
    assert "blocks of 4 MB" in (memory_note({"free_page_reporting_order": 10}) or "")
    assert memory_note({"free_page_reporting_order": None}) is None
    assert memory_note({}) is None  # results written before the field existed


@pytest.mark.parametrize(("start", "end", "busy"), [
    ([2.22, 1.88, 1.8], [2.22, 1.88, 1.8], True),    # CI's run with two pytest-xdist workers on 2 cores
    ([0.3, 0.5, 0.6], [3.1, 1.2, 0.9], True),        # something started during the run: 3 = 2 cores + the benchmark
    ([0.3, 0.5, 0.6], [1.4, 0.9, 0.8], False),       # the benchmark alone: about 1 by its end
    ([1.99, 2.5, 3.0], [2.99, 2.5, 3.0], False),     # just under; only the 1-minute figure counts
    (None, None, False),                             # no load average on this OS
])
def test_busy_note_appears_when_other_processes_shared_the_cores(start: list[float] | None, end: list[float] | None,
                                                                busy: bool) -> None:
    note = busy_note({"load_average_at_start": start, "load_average_at_end": end, "threads": {"cores": 2}})
    assert (note is not None) == busy
    if note:
        assert f"load average {start[0] if start else None} at start" in note and "on 2 cores" in note


def test_bench_without_torch_skips_it_with_a_note(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "torch", None)  # `import torch` now raises ImportError
    args = ["bench", "--sizes", "tiny", "--networks", "seed", "--dtypes", "float64", "--rounds", "1", "--block-ms", "1",
            "--no-scaling", "--memory-size", "none", "--campaign-cases", "0", "--peers", "manual,torch", "--no-plots",
            "--out", str(tmp_path)]
    assert main(args) == 0
    case = json.loads((tmp_path / "results.json").read_text())["cases"][0]
    assert "torch" not in case["seconds"] and "torch==2.13.0" in case["skipped"]["torch"]
    assert "--index-url https://download.pytorch.org/whl/cpu" in case["skipped"]["torch"]   # PyPI's is CUDA's
    assert "Skipped (not timed):\n\n- torch not installed" in capsys.readouterr().out


TINY = ["--sizes", "tiny", "--networks", "seed", "--dtypes", "float64", "--rounds", "1", "--block-ms", "1",
        "--no-scaling", "--memory-size", "none", "--campaign-cases", "0", "--no-plots"]


def _nothing_timed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if the command gets as far as pinning the process or timing anything."""
    from manual_backprop.bench import pinning, suite

    def timed(*args: object, **kwargs: object) -> None:
        raise AssertionError("the command went on to pin or time before refusing its arguments")

    monkeypatch.setattr(suite, "run_suite", timed)
    monkeypatch.setattr(pinning, "limit_threads", timed)


def _one_line(capsys: pytest.CaptureFixture[str]) -> str:
    out, err = capsys.readouterr()
    assert not out and err.count("\n") == 1 and err.startswith("backprop bench: "), err
    return err.removeprefix("backprop bench: ").rstrip("\n")


def _bad_out(kind: str, tmp_path: pathlib.Path) -> pathlib.Path:
    if kind == "a file":
        (tmp_path / "passwd").write_text("root:x:0:0\n")
        return tmp_path / "passwd"
    if kind == "under a file":
        (tmp_path / "passwd").write_text("root:x:0:0\n")
        return tmp_path / "passwd" / "results"
    if kind == "under /proc":                  # os.access says yes to root there; creating anything fails
        if not pathlib.Path("/proc/self").is_dir():
            pytest.skip("needs Linux's /proc")
        return pathlib.Path("/proc/no-such-benchmark-results")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        (locked / "probe").touch()
    except PermissionError:
        return locked / "results"
    pytest.skip("this process may write in a read-only directory (root with CAP_DAC_OVERRIDE)")


@pytest.mark.parametrize("kind", ["a file", "under a file", "under /proc", "an unwritable directory"])
def test_a_bad_out_is_refused_before_any_timing(kind: str, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    out = _bad_out(kind, tmp_path)
    _nothing_timed(monkeypatch)
    assert main(["bench", *TINY, "--out", str(out)]) == 2
    assert _one_line(capsys).startswith(f"--out {out}")


def test_a_failed_write_at_the_end_is_one_line_naming_out(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    from manual_backprop.bench import suite

    out, run_suite = tmp_path / "results", suite.run_suite

    def run_then_lose_the_folder(*args: object, **kwargs: object) -> object:
        results = run_suite(*args, **kwargs)            # type: ignore[arg-type]
        out.write_text("something else took the name meanwhile\n")
        return results

    monkeypatch.setattr(suite, "run_suite", run_then_lose_the_folder)
    assert main(["bench", *TINY, "--peers", "manual", "--out", str(out)]) == 2
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and "| seed | tiny" in captured.out   # the table printed before the write
    assert captured.err.splitlines()[-1].startswith(f"backprop bench: --out {out}: cannot write (")
    assert "wrote " not in captured.out


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "0", "-0.0", "1e999", "-5"])
def test_a_bad_block_ms_is_refused_up_front_as_it_was_typed(value: str, tmp_path: pathlib.Path,
                                                            monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    """As argparse refuses a list's bad name, "(see backprop bench --help)" after it, the text quoted as a name is;
    it read "got 0.0" for 0 and "got inf" for 1e999 (the float, not what was given)."""
    _nothing_timed(monkeypatch)
    with pytest.raises(SystemExit) as exit_info:
        main(["bench", *TINY, f"--block-ms={value}", "--out", str(tmp_path)])    # =: argparse takes -inf whole
    assert exit_info.value.code == 2
    assert _one_line(capsys) == f"--block-ms must be a finite number > 0; got '{value}' (see backprop bench --help)"


@pytest.mark.parametrize(("option", "value", "message"), [
    ("--rounds", "0", "--rounds must be an int >= 1; got '0' (see backprop bench --help)"),
    ("--campaign-cases", "-1", "--campaign-cases must be an int >= 0; got '-1' (see backprop bench --help)"),
])
def test_each_bad_number_is_refused_up_front_naming_its_option_and_value(
        option: str, value: str, message: str, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    _nothing_timed(monkeypatch)
    with pytest.raises(SystemExit) as exit_info:                                     # refused while parsing
        main(["bench", *TINY, f"{option}={value}", "--out", str(tmp_path)])          # =: argparse takes -inf whole
    assert exit_info.value.code == 2
    assert _one_line(capsys) == message


def test_more_threads_than_cores_available_are_refused_naming_the_cores(
        tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from manual_backprop.bench.machine import cpus

    available = len(cpus() or []) or os.cpu_count() or 1
    _nothing_timed(monkeypatch)
    with pytest.raises(SystemExit) as exit_info:
        main(["bench", *TINY, "--threads", str(available + 1), "--out", str(tmp_path)])
    assert exit_info.value.code == 2
    line = _one_line(capsys)
    assert line.startswith(f"--threads must be an int from 1 to {available} (the ") and \
        line.endswith(f"; got '{available + 1}' (see backprop bench --help)"), line


def test_the_scaling_sweeps_time_only_the_peers_selected(tmp_path: pathlib.Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from manual_backprop.bench import suite

    monkeypatch.setattr(suite, "M_SWEEP", (8,))
    monkeypatch.setattr(suite, "WIDTH_SWEEP", (4,))
    args = [arg for arg in TINY if arg != "--no-scaling"]
    assert main(["bench", *args, "--peers", "manual,bound,finite-diff", "--out", str(tmp_path)]) == 0
    sweeps = json.loads((tmp_path / "results.json").read_text())["scaling"]
    timed = [sorted(set(c["seconds"]) - {"unchecked", "activations"}) for c in sweeps["m"] + sweeps["width"]]
    assert timed == [["bound", "manual"]] * 2                 # finite-diff is not a sweep peer; the rest not chosen


@pytest.mark.parametrize("plots", [True, False])
def test_the_sweeps_table_names_scaling_png_only_where_the_run_drew_it(plots: bool, tmp_path: pathlib.Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """With --no-plots results.md said "(plotted in scaling.png; ...)" beside no scaling.png. results.json records
    whether the plots were drawn (options' extra.plots, defined), and a file without it reads as drawn."""
    from manual_backprop.bench import suite

    monkeypatch.setattr(suite, "M_SWEEP", (8,))
    monkeypatch.setattr(suite, "WIDTH_SWEEP", (4,))
    args = [arg for arg in TINY if arg not in ("--no-scaling", "--no-plots")] + ["--no-plots"] * (not plots)
    assert main(["bench", *args, "--peers", "manual", "--out", str(tmp_path)]) == 0
    table, results = (tmp_path / "results.md").read_text(), json.loads((tmp_path / "results.json").read_text())
    heading = "\n\nScaling sweeps, all 2 points (plotted in scaling.png; per gradient, ratio = manual time / peer"
    assert (tmp_path / "scaling.png").is_file() == plots == (heading in table) == ("scaling.png" in table)
    assert "\n\nScaling sweeps, all 2 points (" in table
    assert results["options"]["extra"]["plots"] is plots and "extra.plots" in results["definitions"]["options"]
    del results["options"]["extra"]["plots"]                  # a file written before it was recorded
    assert heading in report.markdown(results)


def test_the_results_table_shows_only_the_peers_that_ran(tmp_path: pathlib.Path) -> None:
    assert main(["bench", *TINY, "--peers", "manual,bound", "--out", str(tmp_path)]) == 0
    table = (tmp_path / "results.md").read_text()
    header = next(line for line in table.splitlines() if line.startswith("| network | size | dtype | manual |"))
    assert header == "| network | size | dtype | manual | manual / bound |"
    assert "bound = manual's own matrix products alone" in table
    assert "finite-diff" not in table


def test_the_targets_table_names_every_column() -> None:
    results = {"cases": [], "harness": {"cases": 1000, "per_second": 600.0, "seconds": 1.0, "compile_seconds": 1.0,
                                        "failures": 0},
               "machine": made_up_machine()}
    header = next(line for line in report.markdown(results).splitlines() if line.startswith("| target |"))
    assert all(name.strip() for name in header.strip("|").split("|")), header


def test_machine_line_says_1_thread_and_2_threads() -> None:
    machine = {"cpu": "CPU", "blas": [{"user_api": "blas", "internal_api": "openblas", "version": "0.3",
                                        "architecture": "Haswell"}],
               "versions": {"numpy": "2.4", "jax": "0.10", "torch": "2.13"},
               "threads": {"cores": 2, "blas": 1, "torch": 1},
               "load_average_at_start": [0.1], "load_average_at_end": [0.2]}
    line = report.machine_line(machine)
    assert "(Haswell kernel, 1 thread)" in line and "torch 2.13 (1 thread)" in line and "threads" not in line
    machine["threads"] = {"cores": 2, "blas": 2, "torch": 2}
    line = report.machine_line(machine)
    assert "(Haswell kernel, 2 threads)" in line and "torch 2.13 (2 threads)" in line


def test_machine_line_says_no_blas_was_found_rather_than_none_none() -> None:
    """A NumPy whose BLAS threadpoolctl does not see (machine["blas"] without a "blas" entry) read "with None None
    (None kernel, 1 thread)"; the plots' title already left the BLAS out."""
    machine = {**made_up_machine(), "blas": [{"user_api": "openmp", "internal_api": "openmp"}]}
    line = report.machine_line(machine)
    assert " with a BLAS threadpoolctl did not find; JAX " in line and "None" not in line


def test_machine_line_writes_the_load_averages_as_numbers_not_as_a_python_list() -> None:
    """It read "load average [4.68, 4.5, 4.4] at start, [4.76, 4.53, 4.41] at end" (Python's lists), and "None"
    where the OS gave none."""
    machine = {**made_up_machine(), "load_average_at_start": [4.68, 4.5, 4.4],
               "load_average_at_end": [4.76, 4.53, 4.41]}
    line = report.machine_line(machine)
    assert line.endswith("; load average (1, 5, 15 minutes) 4.68, 4.50, 4.40 at start and 4.76, 4.53, 4.41 at end")
    machine["load_average_at_end"] = None
    assert report.machine_line(machine).endswith(" 4.68, 4.50, 4.40 at start and not recorded at end")
    machine["load_average_at_start"] = None
    line = report.machine_line(machine)
    assert line.endswith("; load average not recorded") and "[" not in line


def test_a_run_without_threads_says_so_above_its_table_and_every_table_names_its_run() -> None:
    """A run without --threads printed passing verdicts (seed tiny manual / jax.jit 0.20, where pinned runs give
    0.82-0.88) with no word in results.md; and two saved reports could not be told apart without their JSON."""
    results = json.loads(ARCHIVED_RUN.read_text(encoding="utf-8"))
    table = report.markdown(results)
    assert "\nRun: 2026-12-06 08:04 UTC, commit e269490, --threads 1, --block-ms 20.\n" in table
    assert "no --threads" not in table
    results["options"]["extra"]["threads"] = None
    results["options"]["yours"] = "my_backprop.py:my_gradients"
    results["revision"] = results["revision"] + " + changes"
    table = report.markdown(results)
    assert ("\nRun: 2026-12-06 08:04 UTC, commit e269490 + changes, no --threads, --block-ms 20, --yours "
            "my_backprop.py:my_gradients.\n") in table
    assert "\nNote: this run had no --threads, so each library took its own threads" in table


def test_the_run_line_names_the_block_length_the_run_timed_with() -> None:
    """--block-ms was in results.json alone: results.md said the threads and rounds of a run, not how long each timed
    block was, and two runs that differ only there read alike."""
    results = json.loads((ROOT / "benchmarks" / "results" / "results.json").read_text(encoding="utf-8"))
    run = next(line for line in report.markdown(results).splitlines() if line.startswith("Run: "))
    assert run.endswith(", --threads 1, --block-ms 20."), run
    results["options"]["block_seconds"] = 0.0055
    assert ", --block-ms 5.5." in report.markdown(results)
    del results["options"]["block_seconds"]                    # a file that does not record it: no word of it
    assert "--block-ms" not in report.markdown(results)


def test_bench_writes_where_make_bench_does_unless_told_and_refuses_an_empty_out(
        capsys: pytest.CaptureFixture[str]) -> None:
    """The default was benchmarks/results, relative to the working directory: outside a checkout it made that folder,
    inside one it replaced the committed run. An empty --out wrote into the working directory."""
    from manual_backprop.cli import build_parser

    assert build_parser().parse_args(["bench"]).out == pathlib.Path("bench-results")
    assert "\nOUT ?= bench-results\n" in (ROOT / "Makefile").read_text(encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        main(["bench", "--out", ""])
    assert exit_info.value.code == 2 and capsys.readouterr().err == (
        "backprop bench: --out must name a path; got '' (see backprop bench --help)\n")


def test_bench_refuses_an_out_whose_results_json_it_did_not_write(tmp_path: pathlib.Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """A port's results file is named results.json too (docs/porting.md): benchmarking into the port's folder
    replaced it without a word."""
    port_results = tmp_path / "results.json"
    port_results.write_text('{"results": {"1": {"skipped": "not ported"}}}')
    args = ["bench", "--sizes", "tiny", "--networks", "seed", "--dtypes", "float64", "--rounds", "1", "--block-ms", "1",
            "--no-scaling", "--memory-size", "none", "--campaign-cases", "0", "--peers", "manual", "--no-plots",
            "--out", str(tmp_path)]
    assert main(args) == 2
    assert capsys.readouterr().err == (f"backprop bench: --out {tmp_path}: {port_results} is not a backprop bench "
                                       "result (a port's results file?) and would be overwritten: choose another "
                                       "folder\n")
    assert port_results.read_text() == '{"results": {"1": {"skipped": "not ported"}}}'
    port_results.unlink()
    assert main(args) == 0 and main(args) == 0                 # its own results.json: a rerun writes over it


def test_a_one_round_table_says_its_brackets_are_no_spread() -> None:
    """With --rounds 1 every cell read like '0.93 (0.93–0.93)', a spread of zero to a reader citing it, and the
    footnote said 'over 1 interleaved rounds'."""
    results = {"cases": [
        {"network": "seed", "size": "tiny", "dtype": "float64", "layer_sizes": [2, 4, 1], "m": 8, "rounds": 1,
         "seconds": {"manual": {"median": 1e-5, "p25": 1e-5, "p75": 1e-5}},
         "ratios": {"bound": {"median": 2.0, "p25": 2.0, "p75": 2.0}}, "first_call_seconds": {}, "skipped": {}}],
        "machine": made_up_machine()}
    footnote = next(line for line in report.markdown(results).splitlines() if line.startswith("Per gradient;"))
    assert "over 1 interleaved round," in footnote and "no spread" in footnote
    results["cases"][0]["rounds"] = 3
    footnote = next(line for line in report.markdown(results).splitlines() if line.startswith("Per gradient;"))
    assert "over 3 interleaved rounds," in footnote and "no spread" not in footnote


def test_every_key_of_results_json_and_of_its_cases_is_defined_in_it(tmp_path: pathlib.Path) -> None:
    """definitions named 10 of the file's keys: a JSON consumer found options (block_seconds, extra.threads), machine,
    targets, skipped, notes, system_seconds, ... undefined, and 'unchecked' and 'activations' among the peers' seconds
    with nothing saying they are manual's parts, not peers."""
    results = json.loads((ROOT / "benchmarks" / "results" / "results.json").read_text(encoding="utf-8"))
    report.write({k: v for k, v in results.items() if k not in ("targets", "definitions")}, tmp_path)
    written = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    defined = written["definitions"]
    keys = set(written) | {key for case in written["cases"] for key in case}
    assert keys - {"definitions"} <= set(defined), sorted(keys - set(defined))
    assert all(name in defined["seconds"] for name in ("unchecked", "activations"))
    assert all(word in defined["options"] for word in ("block_seconds", "threads", "yours"))


def test_the_targets_definition_says_limit_is_text_and_which_targets_have_no_why() -> None:
    """A JSON consumer of the committed run found each target's limit a string ('<= 0.9', not 0.9) and no why in the
    peak-memory and harness targets (t['why'] raised KeyError there), where the definition listed 'target, where,
    value, limit, met, why' as if every target had each, and limit were a number."""
    results = json.loads((ROOT / "benchmarks" / "results" / "results.json").read_text(encoding="utf-8"))
    defined = provenance.QUANTITIES["targets"]
    assert all(re.search(rf"\b{key}\b", defined) for target in results["targets"] for key in target), defined
    assert all(isinstance(target["limit"], str) for target in results["targets"])
    assert "'<= 0.9'" in defined and "text" in defined
    lacking = {target["target"] for target in results["targets"] if "why" not in target}
    assert lacking == {"peak memory / live set", "verified configurations / s"}
    assert all(name in defined for name in lacking), defined


def test_the_memory_and_harness_definitions_name_each_of_their_keys_and_when_they_are_absent(
        tmp_path: pathlib.Path) -> None:
    """harness was defined as "problems per second" alone: its seconds, the whole campaign's, read as per gradient (the
    README: every time is per gradient unless its definition says otherwise), and nothing said that memory, harness
    and yours are left out of a run that skips them."""
    results = json.loads((ROOT / "benchmarks" / "results" / "results.json").read_text(encoding="utf-8"))
    report.write({k: v for k, v in results.items() if k not in ("targets", "definitions")}, tmp_path)
    written = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    defined = written["definitions"]
    for part in ("memory", "harness"):
        assert all(re.search(rf"\b{key}\b", defined[part]) for key in written[part]), (part, defined[part])
    assert "not per problem" in defined["harness"]
    for part, skipped in (("memory", "--memory-size none"), ("harness", "--campaign-cases 0"),
                          ("scaling", "--no-scaling"), ("yours", "absent without")):
        assert skipped in defined[part], part


def test_results_json_states_its_format_first_and_a_file_from_before_it_still_reads(tmp_path: pathlib.Path) -> None:
    """results.json had no version: a consumer could not tell a layout change from a missing key. It now starts
    with "format" (defined in the file, as every key); the committed runs written before it (session 31's on, with it)
    still read as a bench result and render."""
    from manual_backprop.bench.provenance import FORMAT
    from manual_backprop.commands.bench_args import bench_results

    committed = sorted((ROOT / "benchmarks" / "results").rglob("results.json"))
    assert committed and all(bench_results(path) for path in committed)
    runs = [json.loads(path.read_text(encoding="utf-8")) for path in committed]
    for path, run in zip(committed, runs, strict=True):               # written before it, or in this format
        assert run.get("format", FORMAT) == FORMAT and report.markdown(run).startswith("Machine: "), path
    older = next(run for run in runs if "format" not in run)
    report.write({k: v for k, v in older.items() if k not in ("targets", "definitions")}, tmp_path)
    written = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    assert next(iter(written)) == "format" and written["format"] == FORMAT == 1 and "format" in written["definitions"]
    report.write({**written, "format": 0}, tmp_path)                 # written again: its own format, still first
    assert next(iter(json.loads((tmp_path / "results.json").read_text(encoding="utf-8")).items())) == ("format", 1)


def test_a_results_json_of_a_newer_format_is_refused_by_what_renders_it_naming_both_formats(
        tmp_path: pathlib.Path) -> None:
    """format is raised when a key is renamed, moved or changes meaning, yet nothing read it: report.markdown and
    plots.write_plots rendered a newer layout as this one's, and report.write stamped it with this version's format.
    Each now refuses it in one line; this format and none (the committed runs, written before it) still render."""
    from manual_backprop import __version__
    from manual_backprop.bench import plots
    from manual_backprop.bench.provenance import FORMAT

    older = json.loads(ARCHIVED_RUN.read_text(encoding="utf-8"))                # no format: written before it
    assert "format" not in older
    newer = {"format": FORMAT + 1, **older}
    line = (f"results.json format {FORMAT + 1} is newer than {FORMAT}, the newest manual_backprop {__version__} "
            "reads: read it with a newer manual_backprop")
    for render in (report.markdown, lambda results: report.write(results, tmp_path),
                   lambda results: plots.write_plots(results, tmp_path)):
        with pytest.raises(ValueError) as refused:
            render(newer)
        assert str(refused.value) == line
    assert not any(tmp_path.iterdir())                                  # refused before writing anything
    assert report.markdown({"format": FORMAT, **older}) == report.markdown(older)


def test_results_json_defines_format_as_refused_above_the_readers_own_with_the_refusals_advice(
        tmp_path: pathlib.Path) -> None:
    """The file's own definition of format said when it is raised and what its absence means, but not that a reader
    refuses a higher one: a JSON consumer learnt that only from the refusal. It now says so, with the advice the
    refusal gives."""
    from manual_backprop.bench.provenance import FORMAT, check_format

    with pytest.raises(ValueError) as refused:
        check_format({"format": FORMAT + 1})
    advice = str(refused.value).rpartition(": ")[2]                    # "read it with a newer manual_backprop"
    older = json.loads((ROOT / "benchmarks" / "results" / "results.json").read_text(encoding="utf-8"))
    report.write({k: v for k, v in older.items() if k not in ("targets", "definitions")}, tmp_path)
    defined = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))["definitions"]["format"]
    assert "refuses a file of a higher format" in defined and defined.endswith(f": {advice}"), defined


def test_an_out_holding_a_newer_bench_result_is_a_bench_result_to_overwrite_and_a_port_s_file_is_not(
        tmp_path: pathlib.Path) -> None:
    """A newer manual_backprop's run in --out is an earlier bench run, overwritten as any other (its plots this run
    does not draw removed with it): its format says so even if its layout moved options or cases. A port's results
    file has no format (docs/porting.md) and stays refused, with format or without definitions."""
    from manual_backprop.bench.provenance import FORMAT
    from manual_backprop.cli import CommandError
    from manual_backprop.commands.bench_args import bench_results, check_out

    path = tmp_path / "results.json"
    for recognised, data in ((True, {"format": FORMAT + 1, "definitions": {}, "runs": []}),   # options, cases moved
                             (True, {"format": FORMAT + 1, "options": {}, "cases": []}),
                             (False, {"format": FORMAT + 1, "results": {}}),
                             (False, {"format": FORMAT, "definitions": {}, "results": {}})):
        path.write_text(json.dumps(data), encoding="utf-8")
        assert bench_results(path) is recognised, data
        if recognised:
            check_out(tmp_path)
        else:
            with pytest.raises(CommandError, match="is not a backprop bench result"):
                check_out(tmp_path)


def _files(folder: pathlib.Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in folder.iterdir()}


def _stopped(out: pathlib.Path, capsys: pytest.CaptureFixture[str], ctrl_c_in_case: Callable[[int], None], case: int,
             args: list[str]) -> tuple[str, str]:
    """An earlier run written into out, then `bench ARGS --out out` stopped by Ctrl-C as its case-th case starts:
    asserted to exit 130 and leave out's files byte for byte; its stdout and stderr."""
    assert main(["bench", *TINY, "--peers", "manual", "--out", str(out)]) == 0
    before = _files(out)
    ctrl_c_in_case(case)
    capsys.readouterr()
    assert main(["bench", *args, "--out", str(out)]) == 130
    assert _files(out) == before
    return capsys.readouterr()


def test_ctrl_c_before_the_first_case_is_timed_prints_no_table_and_leaves_an_earlier_run_in_out_as_it_was(
        tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str], ctrl_c_in_case: Callable[[int], None]) -> None:
    """benchmarks/README: Ctrl-C exits 130; with no case timed there is no table to print, and an --out holding an
    earlier run keeps its files."""
    out, err = _stopped(tmp_path, capsys, ctrl_c_in_case, 1, [*TINY, "--peers", "manual"])
    assert not out and err.endswith("\nbackprop bench: interrupted\n") and "not timed" not in err, err


#: TINY's one case four times: seed and deep, float64 and float32, in the order the suite times them.
FOUR = [*TINY, "--networks", "seed,deep", "--dtypes", "float64,float32"]
ROW = re.compile(r"^\| (\w+) \| tiny \([\d, ]+\), m=\d+ \| (float\d+) \|", re.MULTILINE)


def test_ctrl_c_after_some_cases_prints_their_table_headed_as_partial_writes_nothing_and_says_what_is_left(
        tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str], ctrl_c_in_case: Callable[[int], None]) -> None:
    """A long run (--large: 35 minutes) stopped by Ctrl-C keeps the cases it timed, on stdout only, under the same
    Machine and Run lines as a whole run's table; an --out holding an earlier run keeps it byte for byte (a partial
    table must not replace a whole one), and stderr gives the options that time the cases left."""
    out, err = _stopped(tmp_path, capsys, ctrl_c_in_case, 4, [*FOUR, "--peers", "manual,bound"])
    head, table = out.split("\n\n", 1)
    assert head == f"interrupted after 3 of 4 cases: the table below is of those only; nothing written to {tmp_path}"
    assert table.startswith("Machine: ") and "\n\nRun: " in table and "manual / bound" in table
    assert ROW.findall(table) == [("seed", "float64"), ("seed", "float32"), ("deep", "float64")]
    assert err.endswith("backprop bench: to time the 1 case not timed, run the same command with --sizes tiny "
                        "--networks deep --dtypes float32\nbackprop bench: interrupted\n"), err


@pytest.mark.parametrize(("stopped", "cut", "skips"), [
    ("scaling", "the scaling sweeps, peak memory and harness throughput", ""),
    ("peak_memory", "peak memory and harness throughput", " --no-scaling"),
    ("harness_throughput", "harness throughput", " --no-scaling --memory-size none")])
def test_ctrl_c_after_every_case_prints_the_whole_table_and_names_the_parts_cut(
        stopped: str, cut: str, skips: str, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Every case timed, the same command with --no-cases times the parts cut, and with the options that skip
    those done (their results are in the report printed, the sweeps' too), not what the report already has."""
    from manual_backprop.bench import suite

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(suite, stopped, interrupted)
    # the width sweep's first two points (widths up to 1024 are timed by the tests that patch M_SWEEP instead)
    monkeypatch.setattr(suite, "WIDTH_SWEEP", suite.WIDTH_SWEEP[:2])
    later = [*(a for a in FOUR if a not in ("--no-scaling", "--no-plots")), "--memory-size", "tiny",
             "--campaign-cases", "1"]
    assert main(["bench", *later, "--peers", "manual", "--out", str(tmp_path / "out")]) == 130
    assert not (tmp_path / "out").exists()
    out, err = capsys.readouterr()
    head, table = out.split("\n\n", 1)
    assert head == (f"interrupted after all 4 cases: the table below has every case, without {cut}; nothing "
                    f"written to {tmp_path / 'out'}")
    assert table.startswith("Machine: ") and len(ROW.findall(table)) == 4 and "\n\nHarness: " not in table
    assert ("\n\nPeak memory of one gradient" in table) == ("peak memory" not in cut)
    # sweeps finished before the Ctrl-C are in the report whole, as nothing is plotted: a follow-up need not time them
    swept = SWEPT.findall(table)
    assert swept == ([] if stopped == "scaling" else [*(("m", f"{m}") for m in suite.M_SWEEP),
                                                      *(("width", "256") for _ in suite.WIDTH_SWEEP)])
    points = len(suite.sweep_points())
    assert table.count(f"\n\nScaling sweeps, all {points} points (per gradient") == bool(swept)   # nothing drawn
    assert "scaling.png" not in table
    assert err.endswith(f"\nbackprop bench: to time {cut}, run the same command with --no-cases{skips}\n"
                        "backprop bench: interrupted\n"), err


#: A row of the sweeps' table the Ctrl-C report prints: the sweep and m.
SWEPT = re.compile(r"^\| (m|width) \| \([\d, ]+\) \| (\d+) \| [\d.]+ [µm]?s \(", re.MULTILINE)


def test_ctrl_c_in_the_sweeps_prints_the_points_timed_in_a_table_marked_cut_short(
        tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str], ctrl_c_in_case: Callable[[int], None]) -> None:
    """The sweeps take minutes of a default run: the points timed before a Ctrl-C are printed, under a heading that
    says how many of the sweeps' points they are, and the head line names the sweeps as cut short."""
    from manual_backprop.bench.suite import sweep_points

    sweeping = [a for a in FOUR if a != "--no-scaling"]
    out, err = _stopped(tmp_path, capsys, ctrl_c_in_case, 4 + 3 + 1, [*sweeping, "--peers", "manual,bound"])
    head, table = out.split("\n\n", 1)
    points = len(sweep_points())
    assert head == (f"interrupted after all 4 cases: the table below has every case, without the scaling sweeps "
                    f"(cut short: 3 of {points} points timed, the last table below); nothing written to {tmp_path}")
    assert len(ROW.findall(table)) == 4 and SWEPT.findall(table) == [("m", "16"), ("m", "64"), ("m", "256")]
    cases, sweeps = table.split(f"\n\nScaling sweeps, cut short: 3 of {points} points (per gradient, ratio = manual "
                                "time / peer time as above):\n\n")
    assert sweeps.startswith("| sweep | layer sizes | m | manual | manual / bound |\n|---|---|---|---|---|\n| m |")
    assert not SWEPT.findall(cases)
    assert err.endswith("\nbackprop bench: to time the scaling sweeps, run the same command with --no-cases\n"
                        "backprop bench: interrupted\n"), err


@pytest.mark.parametrize("done", range(12))
def test_the_options_said_to_time_the_cases_left_time_exactly_those(done: int) -> None:
    """The groups of --sizes, --networks and --dtypes that the stderr line names after Ctrl-C, each timed as the
    suite times a run's cases (sizes, then networks, then dtypes), are the cases not timed, in order, each once."""
    from manual_backprop.bench.suite import Options
    from manual_backprop.commands.bench_interrupt import left

    options = Options(sizes=("tiny", "small", "medium"), networks=("seed", "deep"), dtypes=("float64", "float32"))
    every = list(itertools.product(options.sizes, options.networks, options.dtypes))
    groups = left(options, done)
    assert [case for group in groups for case in itertools.product(*group)] == every[done:]
    assert len(groups) <= 3


def test_the_stderr_line_after_ctrl_c_names_each_group_left_and_drops_large(
        tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """--large adds the large size to any --sizes: the same command with --large and --sizes tiny would time large
    too, so the line says to leave it out; several groups would replace each other's files in one --out; the parts
    after the cases, which the run had not reached, are left to the last group's run, not run by each."""

    from manual_backprop.bench.suite import Interrupted, Options
    from manual_backprop.commands.bench_interrupt import report_interrupted

    monkeypatch.setattr(report, "markdown", lambda results, **_: "the table\n")
    options = Options(sizes=("tiny", "large"), networks=("seed", "deep"), dtypes=("float64", "float32"))
    report_interrupted(Interrupted({"cases": [{}]}), options, argparse.Namespace(out=tmp_path, large=True))
    out, err = capsys.readouterr()
    assert out == f"interrupted after 1 of 8 cases: the table below is of that case only; nothing written to " \
                  f"{tmp_path}\n\nthe table\n"
    skip = "--no-scaling --memory-size none --campaign-cases 0"
    assert err == ("backprop bench: to time the 7 cases not timed and then the scaling sweeps, peak memory and harness "
                   f"throughput, run the same command without --large with --sizes tiny --networks seed --dtypes "
                   f"float32 {skip}; then with --sizes tiny --networks deep --dtypes float64,float32 {skip}; then with "
                   "--sizes large --networks seed,deep --dtypes float64,float32, each into an --out of its own\n")



def _stat(median: float, p25: float, p75: float) -> dict[str, float]:
    return {"median": median, "p25": p25, "p75": p75}


def test_the_sweeps_table_after_ctrl_c_gives_each_point_its_own_ratio_to_each_peer_and_a_dash_where_none() -> None:
    """Each row's manual / peer is that point's, as the ratio table writes it; "—" where the peer was not timed at
    that point (a column for every peer timed at some point)."""
    from manual_backprop.bench.sweep_table import sweep_table

    def point(layer_sizes: list[int], m: int, manual: float, ratios: dict[str, dict[str, float]]) -> dict[str, object]:
        return {"layer_sizes": layer_sizes, "m": m, "seconds": {"manual": _stat(manual, 0.9 * manual, 1.2 * manual)},
                "ratios": ratios}

    sweeps = {"m": [point([100, 100, 10], 16, 2e-5, {"bound": _stat(1.5, 1.25, 1.75)}),
                    point([100, 100, 10], 64, 8e-5, {"jax.jit": _stat(0.5, 0.25, 0.75)})],
              "width": [point([512, 512, 10], 256, 3e-3, {"bound": _stat(1.1, 1.0, 1.2),
                                                          "jax.jit": _stat(2.0, 1.9, 2.1)})]}
    assert sweep_table(sweeps) == ["| sweep | layer sizes | m | manual | manual / bound | manual / jax.jit |",
                                   "|---|---|---|---|---|---|",
                                   "| m | (100, 100, 10) | 16 | 20.0 µs (18.0 µs–24.0 µs) | 1.50 (1.25–1.75) | — |",
                                   "| m | (100, 100, 10) | 64 | 80.0 µs (72.0 µs–96.0 µs) | — | 0.50 (0.25–0.75) |",
                                   "| width | (512, 512, 10) | 256 | 3.00 ms (2.70 ms–3.60 ms) | 1.10 (1.00–1.20) | "
                                   "2.00 (1.90–2.10) |"]


@pytest.mark.parametrize(("done", "runs"), [
    (1, "--sizes tiny --networks seed --dtypes float32; then with --sizes tiny --networks deep --dtypes "
        "float64,float32, each into an --out of its own"),
    (2, "--sizes tiny --networks deep --dtypes float64,float32")])
def test_the_stderr_line_after_ctrl_c_gives_each_of_two_groups_an_out_of_its_own_and_one_group_none(
        done: int, runs: str, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Two runs into one --out would replace each other's files, as three would; one run may use the --out given."""
    from manual_backprop.bench.suite import Interrupted, Options
    from manual_backprop.commands.bench_interrupt import report_interrupted

    monkeypatch.setattr(report, "markdown", lambda results, **_: "the table\n")
    options = Options(sizes=("tiny",), networks=("seed", "deep"), dtypes=("float64", "float32"), scaling=False,
                      memory_size=None, campaign_cases=0)
    report_interrupted(Interrupted({"cases": [{}] * done}), options, argparse.Namespace(out=tmp_path, large=False))
    left = 4 - done
    assert capsys.readouterr().err == (f"backprop bench: to time the {left} cases not timed, run the same command "
                                       f"with {runs}\n")


def test_ctrl_c_in_a_no_cases_run_heads_its_report_with_the_parts_cut(
        tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """A --no-cases run has no case to count: its head line names the parts it had not finished."""
    from manual_backprop.bench.suite import Interrupted, Options
    from manual_backprop.commands.bench_interrupt import report_interrupted

    monkeypatch.setattr(report, "markdown", lambda results, **_: "the report\n")
    options = Options(sizes=(), memory_size="tiny", campaign_cases=0)
    report_interrupted(Interrupted({"cases": [], "scaling": {}}), options,
                       argparse.Namespace(out=tmp_path, large=False))
    assert capsys.readouterr() == (f"interrupted with --no-cases: the report below is without peak memory; nothing "
                                   f"written to {tmp_path}\n\nthe report\n", "backprop bench: to time peak memory, run "
                                   "the same command with --no-scaling\n")


@pytest.fixture
def timed_as_named(monkeypatch: pytest.MonkeyPatch) -> Callable[[int], list[str]]:
    """timed_as_named(n): from then on the suite times nothing: each case, sweep point, memory check and campaign is
    named, as it starts, in the list this returns (the same list each call) and given made-up results; a Ctrl-C as
    the n-th of them starts (0: none), once."""
    from manual_backprop.bench import suite

    named: list[str] = []
    stop = [0]
    stat = {"median": 1e-5, "p25": 1e-5, "p75": 1e-5}

    def start(name: str) -> None:
        if len(named) + 1 == stop[0]:
            stop[0] = 0                                # once: the follow-up runs go on
            raise KeyboardInterrupt
        named.append(name)

    def case(network: str, size: str, dtype: str, dims: object = None, seed: int = 0) -> object:
        return argparse.Namespace(network=network, size=size, dtype=dtype, label=f"{network} {size} {dtype}")

    def time_case(case: argparse.Namespace, *args: object) -> dict[str, object]:
        start(case.label)
        return {"network": case.network, "size": case.size, "dtype": case.dtype, "layer_sizes": [2, 1], "m": 8,
                "rounds": 1, "seconds": {"manual": stat}, "ratios": {}, "first_call_seconds": {}, "skipped": {}}

    def peak_memory(case: argparse.Namespace) -> dict[str, object]:
        start(f"peak memory {case.label}")
        return {"case": case.label, "layer_sizes": [2, 1], "m": 8, "peak_bytes": 1, "live_bytes": 1, "ratio": 1.0}

    def harness_throughput(cases: int, seed: int) -> dict[str, object]:
        start(f"harness {cases}")
        return {"cases": cases, "seconds": 1.0, "compile_seconds": 0.0, "per_second": 1.0, "failures": 0, "ok": True}

    for name, fake in [("make_case", case), ("time_case", time_case), ("peak_memory", peak_memory),
                       ("harness_throughput", harness_throughput)]:
        monkeypatch.setattr(suite, name, fake)

    def stop_at(n: int) -> list[str]:
        stop[0] = n
        return named
    return stop_at


#: Three sizes (with --large), two networks and dtypes, the sweeps, the memory check and the campaign: 24 steps.
WHOLE = ["--sizes", "tiny,small", "--large", "--networks", "seed,deep", "--dtypes", "float64,float32", "--memory-size",
         "tiny", "--campaign-cases", "1", "--no-plots", "--peers", "manual"]
FOLLOW_UP = re.compile(r"backprop bench: to time .+?, run the same command( without --large)?(?: with (.+?)| again)"
                       r"(?:, each into an --out of its own)?\n")


@pytest.mark.parametrize(("cases", "stop"), [*((True, stop) for stop in range(1, 25)),
                                            *((False, stop) for stop in range(1, 13))])
def test_the_commands_said_after_ctrl_c_time_exactly_what_the_stopped_run_did_not(
        cases: bool, stop: int, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str],
        timed_as_named: Callable[[int], list[str]]) -> None:
    """Stopped anywhere, cases, sweeps, memory check or campaign, the commands stderr gives time, one after
    another, what the stopped run did not, each once: the cases left and then the parts after them, or the parts
    not finished without the cases and the parts done, whose results the stopped run printed (a sweep cut short
    again from its first point: scaling.png plots one run's sweeps). So too for a run of --no-cases."""
    from manual_backprop.bench import suite

    given = WHOLE if cases else [*WHOLE, "--no-cases"]
    named = timed_as_named(0)
    assert main(["bench", *given, "--out", str(tmp_path / "whole")]) == 0
    whole, timed = named[:], 12 * cases
    assert len(whole) == timed + len(suite.sweep_points()) + 2 and whole[timed] == "seed m=16 float64"
    named.clear()
    capsys.readouterr()
    timed_as_named(stop)
    assert main(["bench", *given, "--out", str(tmp_path / "stopped")]) == 130
    done = named[:timed] if timed < stop <= timed + len(suite.sweep_points()) else named[:]
    assert done == whole[:len(done)]
    out, err = capsys.readouterr()
    said = FOLLOW_UP.findall(err)
    if stop == 1:                                      # nothing timed: the same command again times it all
        assert not out and not said, err
        return
    assert len(said) == 1, err
    without_large, runs = said[0]
    command = [a for a in given if not (without_large and a == "--large")]
    named.clear()
    for i, run in enumerate(runs.split("; then with ") if runs else [""]):
        assert main(["bench", *command, *run.split(), "--out", str(tmp_path / f"follow-up{i}")]) == 0
    assert done + named == whole


def test_no_cases_times_the_parts_alone_and_writes_their_report_without_a_ratio_table_or_plot(
        tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--no-cases is what the line after a Ctrl-C in the sweeps, memory check or campaign gives: the parts alone,
    none of the cases the stopped run printed; the ratio plot an earlier run left in --out is removed, not kept
    beside results that have no ratios."""
    assert main(["bench", *TINY, "--peers", "manual", "--no-plots", "--out", str(tmp_path)]) == 0
    (tmp_path / "ratios.png").write_bytes(b"an earlier run's plot")
    plotted = [a for a in TINY if a != "--no-plots"]
    capsys.readouterr()
    assert main(["bench", *plotted, "--memory-size", "tiny", "--no-cases", "--peers", "manual", "--out",
                 str(tmp_path)]) == 0
    results = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    assert results["cases"] == [] and results["options"]["sizes"] == [] and "memory" in results
    report_md = (tmp_path / "results.md").read_text(encoding="utf-8")
    assert "\n\nNo case timed: the run had --no-cases.\n\n" in report_md and "| network |" not in report_md
    assert "\n\nPeak memory of one gradient (seed tiny float64," in report_md
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results.json", "results.md"]
    assert capsys.readouterr().out.startswith(report_md)



@pytest.mark.usefixtures("sigint_raises")
def test_ctrl_c_while_the_plots_are_drawn_writes_every_file_of_the_run_then_exits_130(
        tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """The run is timed and its report printed: a Ctrl-C as the first plot is drawn is held until results.json,
    results.md and every plot are this run's (it left the new results beside an earlier run's plots)."""
    import signal

    from manual_backprop.bench import plots

    plotted = [a for a in TINY if a != "--no-plots"]
    assert main(["bench", *plotted, "--out", str(tmp_path)]) == 0
    for name in ("results.md", "ratios.png", "breakdown.png"):
        (tmp_path / name).write_bytes(b"an earlier run's file")
    earlier = {p.name: p.read_bytes() for p in tmp_path.iterdir()}          # results.json: its time of creation
    real_plot = plots.ratio_plot

    def interrupted_while_drawing(*args: Any, **kwargs: Any) -> Any:
        os.kill(os.getpid(), signal.SIGINT)
        return real_plot(*args, **kwargs)

    monkeypatch.setattr(plots, "ratio_plot", interrupted_while_drawing)
    capsys.readouterr()
    assert main(["bench", *plotted, "--out", str(tmp_path)]) == 130
    out, err = capsys.readouterr()
    now = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert sorted(now) == sorted(earlier) == ["breakdown.png", "ratios.png", "results.json", "results.md"]
    assert all(now[name] != earlier[name] for name in now), "a file of the earlier run was left"
    assert f"wrote {tmp_path / 'results.json'}" in out and err.endswith("backprop bench: interrupted\n"), err

def test_no_cases_with_every_part_skipped_is_refused_as_timing_nothing(
        tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    _nothing_timed(monkeypatch)
    assert main(["bench", *TINY, "--no-cases", "--out", str(tmp_path)]) == 2
    assert _one_line(capsys) == ("--no-cases with --no-scaling, --memory-size none and --campaign-cases 0 times "
                                 "nothing: leave one of them out (see backprop bench --help)")


@pytest.mark.usefixtures("sigint_raises")
@pytest.mark.parametrize("where", ["describing the machine", "printing the report"])
@pytest.mark.parametrize("cases", [True, False], ids=["cases", "no-cases"])
def test_ctrl_c_once_everything_is_timed_writes_the_whole_run_then_exits_130(
        where: str, cases: bool, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch, timed_as_named: Callable[[int], list[str]]) -> None:
    """A Ctrl-C after the last part (as run_suite describes the machine, or as the report is printed) loses nothing:
    every case and part was timed, so the run is written as a whole one, over an earlier run in --out, then exits
    130; it printed the whole run's report and said "nothing written", and the run was lost."""
    import signal

    from manual_backprop.bench import machine

    given = WHOLE if cases else [*WHOLE, "--no-cases"]
    timed_as_named(0)
    assert main(["bench", *given, "--out", str(tmp_path)]) == 0
    earlier = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    (tmp_path / "results.md").write_text("an earlier run's report", encoding="utf-8")
    real_describe, real_markdown, calls = machine.describe, report.markdown, []

    def interrupted(real: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any) -> Any:
            calls.append(args)
            if len(calls) == 1:
                os.kill(os.getpid(), signal.SIGINT)
            return real(*args)
        return call

    if where == "describing the machine":
        monkeypatch.setattr(machine, "describe", interrupted(real_describe))
    else:
        monkeypatch.setattr(report, "markdown", interrupted(real_markdown))
    capsys.readouterr()
    assert main(["bench", *given, "--out", str(tmp_path)]) == 130
    out, err = capsys.readouterr()
    written = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    assert written["created"] != earlier["created"] or written["run_seconds"] != earlier["run_seconds"]
    assert {key: written[key] for key in ("cases", "scaling", "memory", "harness")} == \
        {key: earlier[key] for key in ("cases", "scaling", "memory", "harness")}
    assert sorted(written) == sorted(earlier) and sorted(written["machine"]) == sorted(earlier["machine"])
    report_md = (tmp_path / "results.md").read_text(encoding="utf-8")
    assert out == f"{report_md}\nwrote {tmp_path / 'results.json'}, {tmp_path / 'results.md'}\n"
    assert err.endswith("\nbackprop bench: interrupted\n") and "to time" not in err, err
