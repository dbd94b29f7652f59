"""What makes a results.json readable on its own: when and from which code it was made, and what its numbers mean."""

from __future__ import annotations

import datetime
import pathlib
import subprocess

#: The meaning of results.json's quantities, written into it.
QUANTITIES = {
    "seconds": "per gradient, per peer: median and 25th-75th percentiles over the rounds of a case",
    "per_round_seconds": "per gradient, per peer, one value per round (wall clock; per_round_system_seconds: the "
                         "process's system time); the rounds are interleaved, each peer's block after one untimed "
                         "call of its own, so ratios pair values of the same round",
    "ratios": "manual / peer: median and quartiles of the per-round ratios (< 1: manual is faster)",
    "shares": "parts of manual's time, as median and quartiles of per-round shares of manual's wall time: checks "
              "(manual less the same gradient unchecked, per round, less the difference of their median system "
              "times), bound (its matrix products alone), kernel (manual's system time beyond the products'), "
              "activations (g and g' alone)",
    "shares_as_reported": "the shares the Markdown shows: the medians, checks floored at 0, and rest = "
                          "1 - the others (other elementwise passes and Python), floored at 0",
    "bound_over": "bound / peer: NumPy's products alone against the peer's whole gradient (> 1: the peer beats them)",
    "first_call_seconds": "each peer's first call, untimed in the ratios (for jax.jit: its compile)",
    "memory": "peak bytes traced (tracemalloc) during one gradient against the live set: params + X + Y + cache "
              "+ grads",
    "harness": "verified random-shape problems per second of the verification campaign, once warm",
    "run_seconds": "the whole run's wall time, all cases, sweeps, memory check and campaign",
}


def revision(root: pathlib.Path | None = None) -> str | None:
    """The git commit of the checkout at root, by default the one manual_backprop runs from ("<sha>", with
    " + changes" if a tracked file is modified), or None for an installed copy or without git."""
    root = root if root is not None else pathlib.Path(__file__).resolve().parents[2]
    if not (root / ".git").exists():
        return None
    try:
        sha = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True,
                             timeout=10, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, timeout=10, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return sha + (" + changes" if dirty else "")


def now() -> str:
    """The time in UTC, ISO 8601 to the second."""
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
