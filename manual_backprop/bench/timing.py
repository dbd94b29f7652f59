"""Interleaved timing: every peer runs once per round, in a rotating order, so drift hits all of them alike.

A round times a block of n calls per peer (n calibrated so a block lasts about block_seconds) and
records seconds per gradient, wall-clock and the process's system (kernel) time: fresh large arrays
are faulted in by the kernel, time that is neither Python nor arithmetic. Each block starts with one
untimed call, so every timed call follows a call of the same peer, as in a training loop: measured
here (a VM), memory a process frees goes back to the host within seconds, and touching it again cost
manual 0.8-1.1 s per large gradient when other peers had run in between, 0.05 s after its own call.
Ratios are taken per round (paired), then summarised by their median and interquartile range, which
cancels machine drift that is slower than one round.
"""

from __future__ import annotations

import gc
import math
import resource
import time
from collections.abc import Collection, Sequence
from dataclasses import asdict, dataclass

import numpy as np

from ..error_messages import CANDIDATE_FAILURES, error_text
from .peers import Peer


@dataclass(frozen=True)
class Stat:
    """Median and interquartile range (25th, 75th percentiles) of a sample."""

    median: float
    p25: float
    p75: float

    @classmethod
    def of(cls, values: Sequence[float]) -> Stat:
        p25, median, p75 = np.percentile(np.asarray(values, dtype=np.float64), [25, 50, 75])
        return cls(float(median), float(p25), float(p75))

    def to_dict(self) -> dict[str, float]:
        return asdict(self)


def calibrate(peer: Peer, block_seconds: float) -> int:
    """Calls per block so that a block lasts about block_seconds (at least one call)."""
    start = time.perf_counter()
    peer.call()
    once = time.perf_counter() - start
    return max(1, min(100_000, math.ceil(block_seconds / max(once, 1e-7))))


def _system_seconds() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_stime


def time_interleaved(peers: Sequence[Peer], rounds: int, block_seconds: float, may_fail: Collection[str] = (),
                     ) -> tuple[dict[str, list[float]], dict[str, list[float]], dict[str, str]]:
    """(wall, system) seconds per gradient of each peer, one entry per round, and {peer: what it raised} for those
    of may_fail that raised (left out of the first two, the others timed on); the garbage collector is off."""
    times: dict[str, list[float]] = {peer.name: [] for peer in peers}
    system: dict[str, list[float]] = {peer.name: [] for peer in peers}
    counts, failed = {}, {}
    enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        for r in range(-1, rounds):                        # round -1 calibrates: calls per block
            for k in range(len(peers)):
                peer = peers[(max(r, 0) + k) % len(peers)]  # rotate who goes first
                if peer.name in failed:
                    continue
                try:
                    if r < 0:
                        counts[peer.name] = calibrate(peer, block_seconds)
                        continue
                    n = counts[peer.name]
                    peer.call()                            # untimed: the timed calls follow one of their own
                    kernel, start = _system_seconds(), time.perf_counter()
                    for _ in range(n):
                        peer.call()
                except CANDIDATE_FAILURES as error:    # sys.exit() in --yours: its failure, not the run's end
                    if peer.name not in may_fail:
                        raise
                    from autodiff_oracle.judging import raised_at  # " (at file:line, in function)" of its code

                    failed[peer.name] = f"{type(error).__name__}: {error_text(error)}{raised_at(error)}"
                    del times[peer.name], system[peer.name]
                    continue
                times[peer.name].append((time.perf_counter() - start) / n * peer.scale)
                system[peer.name].append((_system_seconds() - kernel) / n * peer.scale)
    finally:
        if enabled:
            gc.enable()
    return times, system, failed


def paired_ratio(times: dict[str, list[float]], numerator: str, denominator: str) -> Stat:
    """Median and spread of the per-round ratios times[numerator] / times[denominator]."""
    pairs = zip(times[numerator], times[denominator], strict=True)
    return Stat.of([a / b for a, b in pairs])
