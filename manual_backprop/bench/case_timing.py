"""time_case: one benchmark case timed with every peer, and manual's time split into its parts.

suite.run_suite and the scaling sweeps call time_case once per case or sweep point. It builds each peer for the
case (Builders: a peer's name to the function that builds it; one that cannot run there is skipped with its
reason), times them in the same interleaved rounds and, with manual and bound among them, times manual without its
input checks and manual's activation functions alone too, so that _breakdown can split manual's time per round into
input checks, NumPy's products (bound), kernel time and activations.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .cases import Case
from .parts import PARTS, activation_functions, unchecked
from .peers import BUILDERS, NotTimed, Peer
from .timing import Stat, paired_ratio, time_interleaved

#: PyPI's Linux torch==2.13.0 is the multi-GB CUDA build: the CPU one comes from PyTorch's index (README, Benchmarks)
TORCH_MISSING = ("torch not installed: pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu "
                 "(the CPU build; 'manual-backprop[torch]' pins the same version)")

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
