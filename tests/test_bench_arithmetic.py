"""The benchmark's own arithmetic, on a fake clock and made-up results: seconds per gradient, calls per block, the
rotation of who goes first, the targets' verdicts at their limits, the progress count, and the committed tables
against the JSON they were rendered from. Found by mutation testing (`tools/mutation.py bench`, session 21), where
mutants of each survived the rest of the suite."""

from __future__ import annotations

import gc
import json
import pathlib
import re
import types
from typing import Any

import numpy as np
import pytest

from manual_backprop.bench import case_timing, report, suite, timing, weights
from manual_backprop.bench.peers import Peer
from manual_backprop.bench.targets import check_targets
from tests.bench_fixtures import made_up_machine

ROOT = pathlib.Path(__file__).resolve().parent.parent


def committed_results(folder: str = "benchmarks/results") -> dict[str, Any]:
    """A fresh copy of a committed run's results.json (the tests below change their copy)."""
    return dict(json.loads((ROOT / folder / "results.json").read_text(encoding="utf-8")))


class FakeClock:
    """Wall and system seconds that only peers' calls advance (from 100 s: a time is not its own difference).
    Every duration below is a sum of powers of two, so sums and quotients are exact."""

    def __init__(self) -> None:
        self.wall, self.system = 100.0, 100.0
        self.calls: list[str] = []
        self.collector_on: list[bool] = []

    def peer(self, name: str, wall: float, system: float = 0.0, scale: float = 1.0) -> Peer:
        def call() -> None:
            self.wall += wall
            self.system += system
            self.calls.append(name)
            self.collector_on.append(gc.isenabled())
        return Peer(name, call, scale)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    fake = FakeClock()
    monkeypatch.setattr(timing, "time", types.SimpleNamespace(perf_counter=lambda: fake.wall))  # timing's clock only
    monkeypatch.setattr(timing, "_system_seconds", lambda: fake.system)
    return fake


def test_seconds_per_gradient_are_a_blocks_time_over_its_calls_times_calls_per_gradient(clock: FakeClock) -> None:
    """a: 1/8 s per call, 1/32 s of it system time; b: 3/16 s (1/16 system) per call, 10 calls per gradient (as
    finite-diff's scale counts); blocks of 5/8 s: 5 calls of a, 4 of b (3.3 rounded up), each block after one
    untimed call."""
    peers = [clock.peer("a", 0.125, 0.03125), clock.peer("b", 0.1875, 0.0625, scale=10.0)]
    times, system, failed = timing.time_interleaved(peers, rounds=3, block_seconds=0.625)
    np.testing.assert_allclose(times["a"], [0.125] * 3, rtol=1e-12, strict=True)
    np.testing.assert_allclose(times["b"], [1.875] * 3, rtol=1e-12, strict=True)
    np.testing.assert_allclose(system["a"], [0.03125] * 3, rtol=1e-12, strict=True)
    np.testing.assert_allclose(system["b"], [0.625] * 3, rtol=1e-12, strict=True)
    assert failed == {}
    assert clock.calls.count("a") == 1 + 3 * (1 + 5) and clock.calls.count("b") == 1 + 3 * (1 + 4)


@pytest.mark.parametrize(("once", "block", "calls"), [(0.125, 1.0, 8), (0.1875, 0.625, 4), (2.0, 1.0, 1),
                                                  (0.125, 0.0, 1)])
def test_calls_per_block_fill_the_block_and_are_at_least_one(clock: FakeClock, once: float, block: float,
                                                             calls: int) -> None:
    assert timing.calibrate(clock.peer("a", once), block) == calls


def test_the_peer_that_goes_first_rotates_round_by_round(clock: FakeClock) -> None:
    """Round r starts with peer r (mod 3) and goes on in the list's order, so no peer always follows the same one."""
    peers = [clock.peer(name, 0.25) for name in "abc"]
    timing.time_interleaved(peers, rounds=3, block_seconds=0.25)
    blocks = clock.calls[3:]                        # after calibration: per block, one untimed call and one timed
    order = "".join(blocks[::2])
    assert order == "abc" + "bca" + "cab"


def test_the_garbage_collector_is_off_while_timing_and_on_again_after(clock: FakeClock) -> None:
    assert gc.isenabled()
    timing.time_interleaved([clock.peer("a", 0.25)], rounds=2, block_seconds=0.25)
    assert clock.collector_on == [False] * 5 and gc.isenabled()


def test_targets_are_met_at_their_limits_except_torchs_which_manual_must_beat() -> None:
    """The issue: manual / bound <= 2.0 at small, manual / jax.jit <= 0.9 at small, peak memory <= 1.2x, harness
    >= 500/s: each met when equal; "faster than torch": a ratio of exactly 1 is not faster."""
    case = {"network": "seed", "size": "small", "dtype": "float64",
            "ratios": {"bound": {"median": 2.0}, "jax.jit": {"median": 0.9}, "torch": {"median": 1.0}}}
    results: dict[str, Any] = {"cases": [case], "memory": {"case": "seed large float64", "ratio": 1.2},
                               "harness": {"cases": 2000, "per_second": 500.0}}
    assert check_targets(results) == [
        {"target": "manual / bound", "where": "seed small float64", "value": 2.0, "limit": "<= 2", "met": True,
         "why": ""},
        {"target": "manual / jax.jit", "where": "seed small float64", "value": 0.9, "limit": "<= 0.9", "met": True,
         "why": ""},
        {"target": "manual / torch", "where": "seed small float64", "value": 1.0, "limit": "< 1", "met": False,
         "why": ""},                                # no breakdown in this case: nothing to say why
        {"target": "peak memory / live set", "where": "seed large float64", "value": 1.2, "limit": "<= 1.2",
         "met": True},
        {"target": "verified configurations / s", "where": "2000 random problems", "value": 500.0, "limit": ">= 500",
         "met": True},
    ]


def test_a_miss_without_a_breakdown_for_want_of_bound_says_so() -> None:
    """`--peers manual,jax.jit` printed "MISSED" with an empty why: the breakdown needs bound, and nothing said so."""
    case = {"network": "seed", "size": "tiny", "dtype": "float64", "ratios": {"jax.jit": {"median": 1.3}}}
    row, = check_targets({"cases": [case]})
    assert (row["met"], row["why"]) == (False, "no breakdown: it needs bound, which --peers left out")


def test_a_case_weighs_its_products_at_the_large_size_and_its_blocks_at_tiny() -> None:
    """The bar's time left counts steps by these weights. Counted alike, the large run's said ~8 min left after its
    two seed cases with 47 min to go: a deep case there takes 3.5-4x a seed one (8 products of 4096 x 4096 by 4096
    to seed's 2). At tiny each case takes at least a --block-ms block per peer and round."""
    options = suite.Options(sizes=("large", "tiny"), networks=("seed", "deep"), dtypes=("float64",),
                            peers=("manual", "bound", "torch"), scaling=False, memory_size=None, campaign_cases=0)
    seed_large, deep_large, seed_tiny, deep_tiny = weights.step_weights(options)
    assert deep_large > 3 * seed_large
    assert min(seed_tiny, deep_tiny) >= options.rounds * 5 * options.block_seconds   # 3 peers, unchecked, activations
    assert deep_tiny < 1.1 * seed_tiny


@pytest.mark.parametrize("layer_sizes", [(2, 1), (3, 4, 5, 2), (7, 1, 6, 6, 3)])
def test_a_gradient_weighs_two_flops_per_multiply_add_of_each_product_and_float32_half(
        layer_sizes: tuple[int, ...]) -> None:
    """Layer l's products: W[l] A[l-1] and dZ[l] A[l-1]^T, and W[l]^T dZ[l] but for the first layer, each
    n[l] x n[l-1] by m multiply-adds; seconds at weights.FLOPS, a float32 flop half a float64 one."""
    m = 9
    counted = sum((2 if layer == 1 else 3) * 2 * layer_sizes[layer] * layer_sizes[layer - 1] * m
                  for layer in range(1, len(layer_sizes)))
    assert weights.product_flops(layer_sizes, m) == counted
    dims = (layer_sizes[0], layer_sizes[1], layer_sizes[-1], m)            # seed's layers: n[0], n[1], n[L]
    assert weights.gradient_seconds("seed", dims, "float64") == weights.product_flops(dims[:3], m) / weights.FLOPS
    assert weights.gradient_seconds("seed", dims, "float32") == weights.gradient_seconds("seed", dims, "float64") / 2


@pytest.mark.parametrize(("call", "peers", "seconds"), [
    (0.5, ("manual", "torch"), 2 * (0 + 6 * 0.5 + 4 * 0.5)),          # a call longer than a block: a call a round
    (0.1, ("manual", "bound", "jax.jit"),                               # manual, bound, jax.jit and unchecked, each
     4 * (6 * 0.1 + 4 * 0.25) + 0.5 + 4 * 0.25),                        # a block a round; jit's first call; activations
    (0.1, ("jax-eager", "bound"), 2 * (6 * 0.1 + 4 * 0.25) + 1.5)])     # bound without manual: no profile
def test_a_case_weighs_each_peer_s_first_calls_its_calls_and_blocks_per_round_and_manual_s_profile(
        call: float, peers: tuple[str, ...], seconds: float) -> None:
    """time_case with a gradient of call seconds, 4 rounds and 0.25 s blocks: per peer its first call (JAX's beyond
    the products: weights.FIRST_CALL_SECONDS) and calibrating call, per round an untimed call and a block of at least
    one call; with manual and bound, manual unchecked as a peer more and its activations a block a round."""
    assert weights.timing_seconds(call, peers, 4, 0.25) == pytest.approx(seconds, rel=1e-12)


@pytest.mark.parametrize(("yours", "timed"), [(None, ("manual", "torch")), ("m:f", ("manual", "torch", "yours"))])
def test_each_step_weighs_its_rounds_and_peers_yours_only_if_given_and_memory_and_campaign_their_own_work(
        yours: str | None, timed: tuple[str, ...]) -> None:
    """A case at the large size weighs LARGE_ROUNDS rounds, as it is timed; a sweep point is timed as a seed
    float64 case at its dims, with half the rounds and the sweeps' peers; yours is in both only with --yours. The
    memory check is one seed float64 gradient at --memory-size; the campaign JAX's compile and then
    CAMPAIGN_PER_SECOND problems a second."""
    options = suite.Options(sizes=("large",), networks=("deep",), dtypes=("float32",), peers=("manual", "torch"),
                            rounds=8, block_seconds=0.01, memory_size="small", campaign_cases=600, yours=yours)
    step = weights.step_weights(options)
    points = suite.sweep_points()
    assert len(step) == 1 + len(points) + 2
    assert step[0] == weights.timing_seconds(weights.gradient_seconds("deep", (4096, 4096, 64, 4096), "float32"),
                                             timed, suite.LARGE_ROUNDS, 0.01)
    assert step[1:-2] == [weights.timing_seconds(weights.gradient_seconds("seed", dims, "float64"), timed, 4, 0.01)
                          for _, _, dims in points]
    assert step[-2] == weights.gradient_seconds("seed", (20, 50, 1, 256), "float64")
    assert step[-1] == weights.CAMPAIGN_COMPILE_SECONDS + 600 / weights.CAMPAIGN_PER_SECOND


@pytest.mark.parametrize(("scaling", "memory", "campaign"), [(True, "tiny", 1), (False, None, 0)])
def test_progress_counts_one_step_per_case_sweep_point_memory_and_harness(
        scaling: bool, memory: str | None, campaign: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """steps(options) is the number of ticks run_suite makes (the progress bar's total, and its weights' count),
    whatever runs; each tick
    names what starts; the results hold what was asked for (the sweeps' shapes, the memory case, the harness's
    cases and seed, the run's own seconds and load)."""
    monkeypatch.setattr(suite, "M_SWEEP", (4, 8))
    monkeypatch.setattr(suite, "WIDTH_SWEEP", (2,))
    harness: list[tuple[int, int]] = []
    monkeypatch.setattr(suite, "harness_throughput",
                        lambda cases, seed: harness.append((cases, seed)) or {"cases": cases, "per_second": 1.0})
    options = suite.Options(sizes=("tiny",), networks=("seed", "deep"), dtypes=("float64", "float32", "float64"),
                            peers=("manual",), rounds=1, block_seconds=1e-4, scaling=scaling, memory_size=memory,
                            campaign_cases=campaign, seed=7)
    ticks: list[str] = []
    results = suite.run_suite(options, ticks.append)
    assert len(ticks) == suite.steps(options) == 2 * 3 + 3 * scaling + (memory is not None) + (campaign > 0)
    assert len(weights.step_weights(options)) == len(ticks)          # the bar's weights: one per step
    assert ticks[:2] == ["seed tiny float64", "seed tiny float32"] and all(isinstance(t, str) and t for t in ticks)
    assert 0 < results["run_seconds"] < 600 and isinstance(results["machine"]["load_average_at_start"], list)
    for case in results["cases"]:
        for name, per_round in case["per_round_system_seconds"].items():
            assert case["system_seconds"][name] == timing.Stat.of(per_round).to_dict()
    if scaling:
        swept = {name: [(c["layer_sizes"], c["m"]) for c in sweep] for name, sweep in results["scaling"].items()}
        assert swept == {"m": [([100, 100, 10], 4), ([100, 100, 10], 8)], "width": [([2, 2, 10], 256)]}
        assert ticks[6:9] == ["the m sweep: seed m=4 float64", "the m sweep: seed m=8 float64",
                              "the width sweep: seed width=2 float64"]
    assert (results["memory"]["case"] if memory else None) == ("seed tiny float64" if memory else None)
    assert harness == ([(campaign, 7)] if campaign else [])
    assert results.get("harness") == ({"cases": campaign, "per_second": 1.0} if campaign else None)


@pytest.mark.parametrize(("rounds", "swept_rounds"), [(15, 7), (4, 3)])
def test_the_scaling_sweeps_run_half_the_rounds_and_at_least_3(rounds: int, swept_rounds: int,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    timed: list[int] = []
    monkeypatch.setattr(suite, "time_case", lambda case, peers, rounds, block, builders: timed.append(rounds) or {})
    monkeypatch.setattr(suite, "M_SWEEP", (4,))
    monkeypatch.setattr(suite, "WIDTH_SWEEP", (2,))
    suite.scaling(suite.Options(rounds=rounds), lambda note: None)
    assert timed == [swept_rounds, swept_rounds]


@pytest.mark.parametrize(("rounds", "large_rounds"), [(15, 5), (3, 3)])
def test_the_large_size_runs_at_most_5_rounds(rounds: int, large_rounds: int,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    timed: list[tuple[str, int]] = []
    monkeypatch.setattr(suite, "make_case",
                        lambda network, size, dtype, seed: type("Case", (), {"label": size, "size": size})())
    monkeypatch.setattr(suite, "time_case",
                        lambda case, peers, rounds, block, builders: timed.append((case.size, rounds)) or {})
    options = suite.Options(sizes=("tiny", "large"), networks=("seed",), dtypes=("float64",), rounds=rounds,
                            scaling=False, memory_size=None, campaign_cases=0)
    suite.run_suite(options)
    assert timed == [("tiny", rounds), ("large", large_rounds)]


def test_a_peer_not_timed_on_a_case_leaves_the_others_timed() -> None:
    from manual_backprop.bench.cases import make_case
    from manual_backprop.bench.peers import BUILDERS, NotTimed

    def refuse(case: object) -> Peer:
        raise NotTimed("x: not timed on this case: a reason")

    result = case_timing.time_case(make_case("seed", "tiny", "float64", seed=0), ("x", "manual"), 1, 1e-4,
                                   {"x": refuse, "manual": BUILDERS["manual"]})
    assert result["skipped"] == {"x": "x: not timed on this case: a reason"} and list(result["seconds"]) == ["manual"]
    assert result["parameters"] == 17 and list(result["per_round_seconds"]) == ["manual"]   # (2*4 + 4) + (4 + 1)


def test_harness_throughput_reports_the_campaigns_own_counts() -> None:
    h = suite.harness_throughput(40, seed=3)
    assert (h["cases"], h["failures"], h["ok"]) == (40, 0, True)
    assert h["per_second"] > 0 and h["seconds"] > 0 and h["compile_seconds"] >= 0


def test_write_makes_missing_folders_and_keeps_the_shares_as_reported(tmp_path: pathlib.Path) -> None:
    results = committed_results()
    for case in results["cases"]:
        case.pop("shares_as_reported", None)
    out = tmp_path / "a" / "b"
    report.write({k: v for k, v in results.items() if k not in ("targets", "definitions")}, out)
    written = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert all(set(case["shares_as_reported"]) == {"checks", "bound", "kernel", "activations", "rest"}
               for case in written["cases"])
    assert written["targets"] == json.loads(json.dumps(check_targets(results)))


def test_skipped_notes_are_listed_once_each_with_one_full_stop() -> None:
    notes = ["yours: not timed on seed tiny float64: keys differ.", "torch: not installed"]
    assert report._skipped(notes) == ["", "Skipped (not timed):", "", "- yours on seed tiny float64: keys differ.",
                                      "- torch: not installed."]        # in the order given: the table's


def test_machine_line_says_what_it_lacks_plainly() -> None:
    """Not pinned when the process may use every core; the SIMD baseline when nothing beyond it was found; torch
    "not loaded" when it was not."""
    machine = {"cpu": "CPU", "blas": [{"user_api": "blas", "internal_api": "openblas", "version": "0.3",
                                       "architecture": "Haswell"}],
               "versions": {"numpy": "2", "jax": "0.1", "torch": None},
               "threads": {"cores": 2, "cpus_allowed": 2, "blas": 2, "torch": None},
               "numpy_simd": {"baseline": ["SSE", "X86_V2"], "found": [], "not_found": []},
               "load_average_at_start": [0.1], "load_average_at_end": [0.2]}
    line = report.machine_line(machine)
    assert line.startswith("CPU, 2 cores; NumPy 2 (SIMD X86_V2) with openblas 0.3 (Haswell kernel, 2 threads)")
    assert "torch absent (not loaded)" in line and "pinned" not in line


def test_notes_of_the_scaling_sweeps_are_printed_too() -> None:
    results = committed_results()
    results["scaling"] = {"m": [{**results["cases"][0], "notes": {"yours": "a note from the m sweep"}}]}
    assert "Note: a note from the m sweep." in report.markdown(results)


def test_a_breakdown_without_the_activations_timed_shows_a_dash() -> None:
    case = committed_results()["cases"][0]
    del case["shares"]["activations"]
    row = next(line for line in report.breakdown([case]) if line.startswith(f"| {case['network']} | {case['size']} |"))
    assert row.split(" | ")[6] == "—"


def test_why_names_faults_from_half_a_percent_and_out_of_reach_only_beyond_the_limit() -> None:
    from manual_backprop.bench.targets import why

    case = {"shares": {"checks": {"median": 0.1}, "bound": {"median": 0.5}, "kernel": {"median": 0.005},
                       "activations": {"median": 0.1}}, "bound_over": {"jax.jit": {"median": 0.9}}}
    assert "kernel time faulting in fresh arrays" in why(case, "jax.jit", 0.9)
    assert "out of reach" not in why(case, "jax.jit", 0.9)


@pytest.mark.parametrize("folder", ["benchmarks/results", "benchmarks/results/large"])
def test_the_committed_tables_are_what_the_report_renders_from_the_committed_json(folder: str) -> None:
    """results.md is report.markdown of results.json, byte for byte: the two files are one run's, and every shape of
    the report that run has is pinned. When it fails after a change to how the report reads (no number changed),
    render each folder's results.md again from its results.json; after a change to what is measured, commit a new
    run: both README commands (`backprop bench --threads 1 --out benchmarks/results` and the large one, --out
    benchmarks/results/large), then the README's table (tests/test_readme_benchmarks.py says where it differs) and
    the figures its prose and benchmarks/README quote from the run, which no test reads."""
    results = committed_results(folder)
    assert report.markdown(results) == (ROOT / folder / "results.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(("value", "text"), [(3697.4, "3,697"), (5.634, "5.63"), (1.05, "1.05"), (0.1, "0.10"),
                                             (0.0994, "0.099"), (0.0996, "0.10"), (0.012, "0.012"), (0.0149, "0.015"),
                                             (0.0036, "0.0036"), (3.24e-5, "3.2e-05")])
def test_ratios_keep_two_significant_figures_below_one_tenth(value: float, text: str) -> None:
    """A user read "0.01 (0.01–0.01)" for jax-eager's 0.012 (0.011–0.013): two decimals hid the spread."""
    from manual_backprop.bench.units import number

    assert number(value) == text


def test_the_table_and_the_ratio_figure_count_rounds_with_one_helper() -> None:
    """report.py's footnote and ratio_figure.py's legend each worked the count and its plural out alike; one helper
    now says '1 round', '15 rounds' or '3/15 rounds' (each count a case ran, smallest first) for both."""
    from manual_backprop.bench.units import counted_rounds

    assert counted_rounds([{"rounds": 1}, {"rounds": 1}]) == "1 round"
    assert counted_rounds([{"rounds": 15}, {"rounds": 3}, {}], "interleaved round") == "3/15 interleaved rounds"
    assert counted_rounds([{"rounds": 1}, {"rounds": 3}]) == "1/3 rounds"
    assert counted_rounds([{}]) == counted_rounds([]) == ""           # a file that does not record them


def test_durations_counts_and_sizes_change_unit_at_their_boundaries() -> None:
    """Each unit from its boundary on (a mutation run of units.py at 92fbf47 kept these unpinned)."""
    from manual_backprop.bench.units import byte_count, number, ratio, seconds

    assert [seconds(v) for v in (1.0, 0.999, 1e-3, 5e-6)] == ["1.00 s", "999 ms", "1.00 ms", "5.00 µs"]
    assert (number(100.0), number(99.5), ratio(None)) == ("100", "99.50", "—")
    assert [byte_count(n) for n in (1010 * 2**20, 650 * 2**20, 41.2 * 2**10, 512)] == [
        "1010 MiB", "650 MiB", "41.2 KiB", "512 B"]       # from 1,000 units on, no 1.01e+03


@pytest.mark.parametrize(("value", "text"), [(26e-6, "26.0 µs"), (25.2e-6, "25.2 µs"), (123.4e-6, "123 µs"),
                                             (2e-3, "2.00 ms"), (0.06, "0.060"), (0.058, "0.058"), (0.007, "0.0070"),
                                             (1.0, "1.00"), (1e-5, "1.0e-05"), (0.0, "0")])
def test_times_and_ratios_keep_their_trailing_zeros_so_a_cell_and_its_quartiles_read_alike(
        value: float, text: str) -> None:
    """The README's table read "26 µs (25.2 µs–27.7 µs)" and a ratio "0.06 (0.058–0.093)": the general format dropped
    the zeros that say how many figures a number has. Three significant figures for a time, two at least for a ratio,
    zeros kept; no trailing point (123 µs, not 123.)."""
    from manual_backprop.bench.units import number, seconds

    assert (seconds if text.endswith("s") else number)(value) == text


def test_a_duration_just_below_a_rounding_edge_is_rounded_down_in_its_unit() -> None:
    """The figure shown is the value in its unit rounded to three figures, with no bias: 25.24999 µs is 25.2 µs and
    2.52499 ms is 2.52 ms (a scale off by one part in a million read 25.3 µs)."""
    from manual_backprop.bench.units import seconds

    assert (seconds(25.24999e-6), seconds(2.52499e-3)) == ("25.2 µs", "2.52 ms")


@pytest.mark.parametrize(("value", "text"), [(9.996e-4, "1.00 ms"), (0.9996, "1.00 s"), (9.994e-4, "999 µs"),
                                             (0.9994, "999 ms"), (9.9996e-7, "1.00 µs")])
def test_a_duration_that_rounds_up_to_the_next_unit_is_written_in_that_unit(value: float, text: str) -> None:
    """A time of 999.6 µs (a scaling point near m = 64, say) read "1e+03 µs": the unit was chosen before rounding."""
    from manual_backprop.bench.units import duration, seconds

    assert seconds(value) == text
    assert duration({"median": value, "p25": value, "p75": value}) == f"{text} ({text}–{text})"


def test_the_memory_note_is_in_a_report_with_a_breakdown_whose_kernel_share_it_explains() -> None:
    """Its "kernel share below" is the breakdown's column: a --no-cases report has no breakdown, so no note."""
    machine = {**made_up_machine(), "free_page_reporting_order": 9}
    timed = {**committed_results(), "machine": machine}
    assert "\n\nNote: this virtual machine hands freed memory back to its host" in report.markdown(timed)
    parts_alone = {**timed, "cases": []}
    assert "hands freed memory back" not in report.markdown(parts_alone)
    assert "\n\nNo case timed: the run had --no-cases.\n" in report.markdown(parts_alone)


def test_a_whole_runs_report_tables_every_sweep_point_in_the_order_they_ran() -> None:
    """The sweeps were in scaling.png alone: results.md had no number of them. A row per point, m's then widths'."""
    results = committed_results()
    table = report.markdown(results)
    heading = "\n\nScaling sweeps, all 10 points (plotted in scaling.png; per gradient, ratio = manual time / peer time"
    assert table.count(heading) == 1 and table.index(heading) < table.index("\n\nPeak memory of one gradient")
    rows = re.findall(r"^\| (m|width) \| \(([\d, ]+)\) \| (\d+) \| ", table, re.MULTILINE)
    assert rows == [(sweep, ", ".join(map(str, point["layer_sizes"])), str(point["m"]))
                    for sweep in ("m", "width") for point in results["scaling"][sweep]]
    assert "Scaling sweeps" not in report.markdown({k: v for k, v in results.items() if k != "scaling"})


def test_a_breakdown_whose_shares_sum_past_manuals_time_says_so_in_the_rest_and_below() -> None:
    """A busy run's row read 45% / 55% / 0% / 63% / 0%: the rest, floored at 0, hid that the parts timed apart
    summed to 163% of manual's time. Past 105% the rest cell gives the sum and a sentence below says what it means;
    at 104% (noise) the row is as before."""
    case = committed_results()["cases"][0]
    case["shares"].update(checks={"median": 0.45}, bound={"median": 0.55}, kernel={"median": 0.0},
                          activations={"median": 0.63})
    lines = report.breakdown([case])
    row = next(line for line in lines if line.startswith(f"| {case['network']} | {case['size']} |"))
    assert row.split(" | ")[7] == "0% (the others sum to 163%)"
    assert "Where the shares timed apart sum to over 105% of manual's time, the rest says so" in lines[-1]
    case["shares"]["activations"] = {"median": 0.04}
    lines = report.breakdown([case])
    row = next(line for line in lines if line.startswith(f"| {case['network']} | {case['size']} |"))
    assert row.split(" | ")[7] == "0%" and "sum to over" not in lines[-1]


def test_the_breakdown_sums_all_four_shares_timed_apart_and_says_so_only_past_105_percent() -> None:
    """The rule of the test above at its edges: the kernel's share counts in the sum (30% + 40% + 20% + 20% is 110%,
    not 70%); a sum of exactly 105% is still noise; the sentence follows the footnote, whole."""
    case = committed_results()["cases"][0]

    def rest_and_footnote(checks: float, bound: float, kernel: float, activations: float) -> tuple[str, str]:
        case["shares"].update(checks={"median": checks}, bound={"median": bound}, kernel={"median": kernel},
                              activations={"median": activations})
        lines = report.breakdown([case])
        row = next(line for line in lines if line.startswith(f"| {case['network']} | {case['size']} |"))
        return row.split(" | ")[7], lines[-1]

    rest, footnote = rest_and_footnote(0.3, 0.4, 0.2, 0.2)
    assert rest == "0% (the others sum to 110%)"
    assert footnote.startswith("Shares are of manual's time. input checks = ") and footnote.endswith(
        "the peer's whole gradient. Where the shares timed apart sum to over 105% of manual's time, the rest says so: "
        "each is a median of its own rounds, so the machine was busy or the blocks too short for that case's split "
        "(raise --block-ms, or run on a quiet machine)."), footnote
    rest, footnote = rest_and_footnote(1.05, 0.0, 0.0, 0.0)          # exactly OVERLAP: 1.05 + 0 + 0 + 0 == 1.05
    assert rest == "0%" and footnote.endswith("the peer's whole gradient."), (rest, footnote)


@pytest.mark.parametrize(("target", "value", "limit", "shown"), [
    ("manual / bound", 1.0526, "<= 1.05", "1.0526"),      # session 37's deep medium: "1.05 | <= 1.05 | MISSED"
    ("manual / jax.jit", 0.9976, "<= 1", "0.9976"),       # "1.00 | <= 1 | met"
    ("manual / torch", 1.0005, "< 1", "1.0005"),
    ("manual / bound", 1.06, "<= 1.05", "1.06"),          # two decimals wherever they do not read as the limit
    ("manual / jax.jit", 0.86, "<= 0.9", "0.86"),
    ("peak memory / live set", 1.19994, "<= 1.2", "1.1999"),
    ("verified configurations / s", 500.0, ">= 500", "500"),   # a rate at the limit is the limit: met
    ("verified configurations / s", 2092.4, ">= 500", "2,092"),
])
def test_a_measured_value_never_reads_as_its_limit_beside_a_verdict_it_contradicts(
        target: str, value: float, limit: str, shown: str) -> None:
    """The targets' table printed deep medium float64's manual / bound 1.0526 as "1.05 | <= 1.05 | MISSED" (session
    37's committed run): a value whose printed digits equal the limit gets four decimals, as the peak memory's has."""
    assert report.measured({"target": target, "value": value, "limit": limit}) == shown
