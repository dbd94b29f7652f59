"""run_suite: every case timed with every peer, the scaling sweeps, peak memory and harness throughput (what to run:
options.Options, imported here, where its users find it)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from . import machine, provenance
from .case_timing import Builders, time_case
from .cases import make_case
from .memory import peak_memory
from .options import Options
from .peers import BUILDERS
from .sweep_table import Sweeps

#: Sweeps for the scaling plots (float64, the seed network): m at widths (100, 100, 10); width w at m = 256.
M_SWEEP = (16, 64, 256, 1024, 4096)
WIDTH_SWEEP = (8, 32, 128, 512, 1024)
#: Rounds at most at the large size (each round there takes seconds per peer), whatever --rounds says.
LARGE_ROUNDS = 5
#: The peers a sweep can time (finite differences would take minutes); it times manual and those --peers selects.
SCALING_PEERS = ("manual", "bound", "jax.jit", "jax-eager", "torch")


def case_rounds(options: Options, size: str) -> int:
    """A case's rounds: --rounds, at the large size at most LARGE_ROUNDS."""
    return min(options.rounds, LARGE_ROUNDS) if size == "large" else options.rounds


def sweep_points() -> list[tuple[str, str, tuple[int, int, int, int]]]:
    """The sweeps' points in order, as (sweep, size, (n[0], n[1], n[L], m)): m at widths (100, 100, 10), then w."""
    return [*(("m", f"m={m}", (100, 100, 10, m)) for m in M_SWEEP),
            *(("width", f"width={w}", (w, w, 10, 256)) for w in WIDTH_SWEEP)]


def sweep_timing(options: Options) -> tuple[int, tuple[str, ...]]:
    """A sweep point's rounds (half --rounds, at least 3) and built-in peers: manual, and of SCALING_PEERS those
    options.peers selects."""
    return max(3, options.rounds // 2), tuple(p for p in SCALING_PEERS if p == "manual" or p in options.peers)


def scaling(options: Options, tick: Callable[[str], None], builders: Builders = BUILDERS,
            sweeps: Sweeps | None = None) -> Sweeps:
    """Seconds per gradient against m and against width, for the scaling plots: sweep_timing's peers, and yours
    too when given (a builder beyond the built-in ones). Each point is appended to sweeps' "m" or "width" list as it
    is timed (new lists if None): a Ctrl-C keeps those timed."""
    rounds, chosen = sweep_timing(options)
    peers = (*chosen, *(p for p in builders if p not in BUILDERS))
    sweeps = {"m": [], "width": []} if sweeps is None else sweeps
    for sweep, size, dims in sweep_points():
        case = make_case("seed", size, "float64", dims, options.seed)
        tick(f"the {sweep} sweep: {case.label}")
        sweeps[sweep].append(time_case(case, peers, rounds, options.block_seconds, builders))
    return sweeps


def harness_throughput(cases: int, seed: int) -> dict[str, Any]:
    """Verified random-shape configurations per second of the verification campaign (manual + oracle + compare)."""
    from autodiff_oracle.campaign import run_campaign
    from manual_backprop import cost_and_gradients

    result = run_campaign(cost_and_gradients, cases=cases, seed=seed)
    return {"cases": result.cases, "seconds": result.seconds, "compile_seconds": result.compile_seconds,
            "per_second": result.per_second, "failures": len(result.failures), "ok": result.ok}


def case_count(options: Options) -> int:
    """The cases options times: one per size, network and dtype."""
    return len(options.sizes) * len(options.networks) * len(options.dtypes)


def parts(options: Options) -> tuple[str, ...]:
    """The parts options runs after the cases, in run_suite's order, by their key in the results."""
    return tuple(key for key, runs in (("scaling", options.scaling), ("memory", options.memory_size is not None),
                                       ("harness", options.campaign_cases > 0)) if runs)


def steps(options: Options) -> int:
    """Progress steps: one per case, per sweep point, plus memory and harness."""
    return case_count(options) + sum(len(sweep_points()) if part == "scaling" else 1 for part in parts(options))


class Interrupted(KeyboardInterrupt):
    """Ctrl-C inside run_suite, holding what the run had measured: its results as run_suite returns them (the machine
    too), with the cases timed before it and the parts (sweeps, memory, harness) finished before it; and the sweeps'
    points timed before it (results' "scaling" when the sweeps had finished; none when they had not started)."""

    def __init__(self, results: dict[str, Any], sweeps: Sweeps | None = None) -> None:
        super().__init__()
        self.results = results
        self.sweeps: Sweeps = {"m": [], "width": []} if sweeps is None else sweeps


def run_suite(options: Options, tick: Callable[[str], None] = lambda note: None) -> dict[str, Any]:
    """The whole benchmark as one JSON-ready dict; tick(what) is called as each of its steps() starts. Ctrl-C
    raises Interrupted, with the results so far."""
    start, builders, peers = time.time(), dict(BUILDERS), options.peers
    load_at_start = machine.load_average()
    results: dict[str, Any] = {"created": provenance.now(), "revision": provenance.revision(),
                               "options": asdict(options), "cases": []}
    sweeps: Sweeps = {"m": [], "width": []}             # filled point by point: Interrupted keeps those timed

    def ended() -> dict[str, Any]:
        results["machine"] = {**machine.describe(), "load_average_at_start": load_at_start}  # after the peers loaded
        results["run_seconds"] = time.time() - start
        return results

    try:
        if options.yours is not None:
            from manual_backprop.targets import load

            from . import yours

            candidate = load(options.yours)
            builders[yours.NAME], peers = yours.builder(candidate), (*peers, yours.NAME)
            results["yours"] = provenance.source_of(options.yours, candidate)  # the target as typed names no version
        for size in options.sizes:
            for network in options.networks:
                for dtype in options.dtypes:
                    case = make_case(network, size, dtype, seed=options.seed)
                    tick(case.label)
                    results["cases"].append(time_case(case, peers, case_rounds(options, size), options.block_seconds,
                                                      builders))
        if options.scaling:
            results["scaling"] = scaling(options, tick, builders, sweeps)
        if options.memory_size is not None:
            tick(f"peak memory at {options.memory_size}")
            results["memory"] = peak_memory(make_case("seed", options.memory_size, "float64", seed=options.seed))
        if options.campaign_cases > 0:
            tick(f"harness throughput: {options.campaign_cases} problems (JAX compiles the oracle first)")
            results["harness"] = harness_throughput(options.campaign_cases, options.seed)
        return ended()
    except KeyboardInterrupt as stop:          # another while ended() describes the machine comes out as itself
        raise Interrupted(ended(), sweeps) from stop
