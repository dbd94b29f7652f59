"""run_suite: every case timed with every peer, the scaling sweeps, peak memory and harness throughput."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from . import machine, provenance
from .cases import DEFAULT_SIZES, DTYPES, NETWORKS, Case, make_case
from .memory import peak_memory
from .parts import PARTS, activation_functions, unchecked
from .peers import BUILDERS, PEERS, NotTimed, Peer
from .timing import Stat, paired_ratio, time_interleaved

#: Sweeps for the scaling plots (float64, the seed network): m at widths (100, 100, 10); width w at m = 256.
M_SWEEP = (16, 64, 256, 1024, 4096)
WIDTH_SWEEP = (8, 32, 128, 512, 1024)
#: The peers a sweep can time (finite differences would take minutes); it times manual and those --peers selects.
SCALING_PEERS = ("manual", "bound", "jax.jit", "jax-eager", "torch")
TORCH_MISSING = "torch not installed: pip install 'manual-backprop[torch]' (torch==2.13.0, CPU build)"


@dataclass
class Options:
    """What to run; the defaults are `backprop bench` without flags."""

    sizes: tuple[str, ...] = DEFAULT_SIZES
    networks: tuple[str, ...] = tuple(NETWORKS)
    dtypes: tuple[str, ...] = DTYPES
    peers: tuple[str, ...] = PEERS
    rounds: int = 15
    block_seconds: float = 0.02
    scaling: bool = True
    memory_size: str | None = "large"
    campaign_cases: int = 2000
    seed: int = 0
    yours: str | None = None          # --yours module:function, timed as the peer "yours" (see yours.py)
    extra: dict[str, Any] = field(default_factory=dict)


Builders = Mapping[str, Callable[[Case], Peer | None]]


def time_case(case: Case, peers: tuple[str, ...], rounds: int, block_seconds: float,
              builders: Builders = BUILDERS) -> dict[str, Any]:
    """One case: seconds per gradient per peer, paired ratios manual / peer, first-call (compile) times.

    With manual and bound, manual without its input checks and manual's activation functions alone are timed too,
    for the breakdown of manual's time ("shares": checks, bound, kernel time and activations over manual) and
    bound / peer, which says whether NumPy's products alone beat a peer.
    """
    profile = "manual" in peers and "bound" in peers
    built, skipped = [], {}
    for name in peers:
        try:
            peer = builders[name](case)
        except NotTimed as reason:
            skipped[name] = str(reason)
            continue
        if peer is None:
            skipped[name] = TORCH_MISSING
        else:
            built.append(peer)
    if profile:                                        # parts of manual's time, timed in the same rounds
        built += [unchecked(case), activation_functions(case)]
    # yours may raise while timed (a note, the run goes on); a raise of the project's own peers is a bug
    times, system, failed = time_interleaved(built, rounds, block_seconds, may_fail=("yours",))
    skipped.update({name: f"{name}: not timed on {case.label}: it raised while being timed: {error}"
                    for name, error in failed.items()})
    peer_names = [name for name in times if name not in ("manual", *PARTS)]
    breakdown = _breakdown(times, system, peer_names) if profile else {}
    return {
        "network": case.network, "size": case.size, "dtype": case.dtype, "layer_sizes": list(case.spec.layer_sizes),
        "m": case.m, "parameters": case.n_parameters, "rounds": rounds,
        "seconds": {name: Stat.of(t).to_dict() for name, t in times.items()},
        "per_round_seconds": times, "per_round_system_seconds": system,
        "system_seconds": {name: Stat.of(t).to_dict() for name, t in system.items()},
        "ratios": {name: paired_ratio(times, "manual", name).to_dict() for name in peer_names},
        "first_call_seconds": {peer.name: peer.setup_seconds for peer in built if peer.name not in failed},
        "skipped": skipped, "notes": {peer.name: peer.note for peer in built if peer.note and peer.name not in failed},
        **breakdown,
    }


def _breakdown(times: dict[str, list[float]], system: dict[str, list[float]], peers: list[str]) -> dict[str, Any]:
    """Manual's time split per round: checks, products (bound), kernel and activations shares; bound / each peer.

    checks is what the input checks add: manual - unchecked in the same round, less the difference of their median
    system times (the checks allocate nothing, so faults that one block takes and the other not are kernel time,
    which the bare difference had called "input checks 16%" at large float32 where they took 10 ms; medians, as
    system time is sampled on 4 ms ticks and one tick in a 20 ms block would move that round's share by 20%);
    kernel is the system time of manual's gradient beyond its products' own (the kernel faulting in its other
    fresh arrays); activations is their wall time less their system time (kernel counts that); all as shares of
    manual's wall time.
    """
    faults = Stat.of(system["manual"]).median - Stat.of(system["unchecked"]).median
    checks = [t - u - faults for t, u in zip(times["manual"], times["unchecked"], strict=True)]
    kernel = [max(0.0, m - b) for m, b in zip(system["manual"], system["bound"], strict=True)]
    activations = [max(0.0, a - s) for a, s in zip(times["activations"], system["activations"], strict=True)]
    parts = {**times, "checks": checks, "kernel": kernel, "activations": activations}
    return {
        "shares": {name: paired_ratio(parts, name, "manual").to_dict()
                   for name in ("checks", "bound", "kernel", "activations")},
        "bound_over": {name: paired_ratio(times, "bound", name).to_dict() for name in peers if name != "bound"},
    }


def scaling(options: Options, tick: Callable[[str], None], builders: Builders = BUILDERS,
            ) -> dict[str, list[dict[str, Any]]]:
    """Seconds per gradient against m and against width, for the scaling plots: manual, and of the sweep's peers
    (SCALING_PEERS) those options.peers selects; yours too when given (a builder beyond the built-in ones)."""
    chosen = [p for p in SCALING_PEERS if p == "manual" or p in options.peers]
    rounds, peers = max(3, options.rounds // 2), (*chosen, *(p for p in builders if p not in BUILDERS))
    sweeps: dict[str, list[dict[str, Any]]] = {"m": [], "width": []}
    for m in M_SWEEP:
        case = make_case("seed", f"m={m}", "float64", (100, 100, 10, m), options.seed)
        tick(f"the m sweep: {case.label}")
        sweeps["m"].append(time_case(case, peers, rounds, options.block_seconds, builders))
    for w in WIDTH_SWEEP:
        case = make_case("seed", f"width={w}", "float64", (w, w, 10, 256), options.seed)
        tick(f"the width sweep: {case.label}")
        sweeps["width"].append(time_case(case, peers, rounds, options.block_seconds, builders))
    return sweeps


def harness_throughput(cases: int, seed: int) -> dict[str, Any]:
    """Verified random-shape configurations per second of the verification campaign (manual + oracle + compare)."""
    from autodiff_oracle.campaign import run_campaign
    from manual_backprop import cost_and_gradients

    result = run_campaign(cost_and_gradients, cases=cases, seed=seed)
    return {"cases": result.cases, "seconds": result.seconds, "compile_seconds": result.compile_seconds,
            "per_second": result.per_second, "failures": len(result.failures), "ok": result.ok}


def steps(options: Options) -> int:
    """Progress steps: one per case, per sweep point, plus memory and harness."""
    sweep = len(M_SWEEP) + len(WIDTH_SWEEP) if options.scaling else 0
    cases = len(options.sizes) * len(options.networks) * len(options.dtypes)
    return cases + sweep + (options.memory_size is not None) + (options.campaign_cases > 0)


def run_suite(options: Options, tick: Callable[[str], None] = lambda note: None) -> dict[str, Any]:
    """The whole benchmark as one JSON-ready dict; tick(what) is called as each of its steps() starts."""
    start, builders, peers = time.time(), dict(BUILDERS), options.peers
    if options.yours is not None:
        from manual_backprop.targets import load

        from . import yours

        builders[yours.NAME], peers = yours.builder(load(options.yours)), (*peers, yours.NAME)
    load_at_start = machine.load_average()
    results: dict[str, Any] = {"created": provenance.now(), "revision": provenance.revision(),
                               "options": asdict(options), "cases": []}
    for size in options.sizes:
        for network in options.networks:
            for dtype in options.dtypes:
                case = make_case(network, size, dtype, seed=options.seed)
                rounds = min(options.rounds, 5) if size == "large" else options.rounds
                tick(case.label)
                results["cases"].append(time_case(case, peers, rounds, options.block_seconds, builders))
    if options.scaling:
        results["scaling"] = scaling(options, tick, builders)
    if options.memory_size is not None:
        tick(f"peak memory at {options.memory_size}")
        results["memory"] = peak_memory(make_case("seed", options.memory_size, "float64", seed=options.seed))
    if options.campaign_cases > 0:
        tick(f"harness throughput: {options.campaign_cases} problems (JAX compiles the oracle first)")
        results["harness"] = harness_throughput(options.campaign_cases, options.seed)
    results["machine"] = {**machine.describe(), "load_average_at_start": load_at_start}  # after the peers loaded
    results["run_seconds"] = time.time() - start
    return results
