"""What makes a results.json readable on its own: when and from which code it was made, and what its numbers mean."""

from __future__ import annotations

import datetime
import hashlib
import inspect
import pathlib
import subprocess
from collections.abc import Callable
from typing import Any

#: The version of results.json's layout, its first key: raised when a key is renamed, moved or changes meaning.
FORMAT = 1
#: The meaning of results.json's quantities, written into it.
QUANTITIES = {
    "format": f"the version of this file's layout ({FORMAT}), raised when a key is renamed, moved or changes meaning; "
              "a file without it was written before it had one, with the keys defined here, some of them absent; "
              "manual_backprop refuses a file of a higher format than it writes, which it would misread: read it "
              "with a newer manual_backprop",
    "created": "when the run started, ISO 8601 in UTC",
    "revision": "the git commit manual_backprop ran from (' + changes' if a tracked file was modified), or null for "
                "an installed copy",
    "options": "what was run, as backprop bench's options: sizes, networks, dtypes, peers (manual always), rounds "
               "(the large size takes at most 5), block_seconds (--block-ms / 1000), scaling (false: --no-scaling), "
               "memory_size (null: none), campaign_cases, seed (of the cases' random values), yours (the --yours "
               "target, or null), extra.threads (--threads, or null: each library's own), extra.plots (false: "
               "--no-plots, no PNG drawn; absent in files written before it was recorded, read as true)",
    "cases": "one per network x size x dtype timed, in the order they ran",
    "network": "seed (tanh, sigmoid + binary cross-entropy) or deep (3 relu layers, sigmoid + binary cross-entropy)",
    "size": "the size's name (tiny, small, medium, large; in the sweeps m=... or width=...)",
    "dtype": "the dtype of every array of the case, float64 or float32",
    "layer_sizes": "n[0], ..., n[L]",
    "m": "examples (columns of X)",
    "parameters": "the number of entries of all W[l] and b[l]",
    "rounds": "the interleaved rounds this case was timed for",
    "seconds": "per gradient, per peer: median and 25th-75th percentiles over the rounds of a case; besides the "
               "peers, two parts of manual timed the same way for the breakdown: unchecked (manual's gradient "
               "without its input checks) and activations (manual's activation functions alone)",
    "system_seconds": "as seconds, of the process's system time (getrusage) per gradient",
    "per_round_system_seconds": "as per_round_seconds, of the process's system time (getrusage) per gradient",
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
    "first_call_seconds": "each peer's first call, untimed in the ratios: one gradient, and for jax.jit its compile "
                          "before it (results.md's jit compile column: the two together, so at the large size "
                          "mostly the gradient)",
    "memory": "the peak-memory check, absent with --memory-size none: case (network size dtype), layer_sizes, m, "
              "peak_bytes (traced by tracemalloc during one gradient, the inputs held before it included), "
              "live_bytes (the live set: params + X + Y + cache + grads, each in live_parts), ratio (peak_bytes / "
              "live_bytes)",
    "harness": "the verification campaign, absent with --campaign-cases 0: cases (random-shape problems verified: "
               "manual + oracle + comparison), seconds (all of them once warm, not per problem), compile_seconds "
               "(JAX's compile before them), per_second (cases / seconds), failures (how many failed), ok (none "
               "failed)",
    "run_seconds": "the whole run's wall time, all cases, sweeps, memory check and campaign",
    "skipped": "per peer not timed on a case: why (not installed, raised, or, for yours, judged wrong by the oracle)",
    "notes": "per peer timed on a case: what the reader should know of its timing there",
    "scaling": "the sweeps: m (seed network, widths (100, 100, 10)) and width ((w, w, 10), m = 256), float64, each "
               "a list of cases as in cases; absent with --no-scaling",
    "machine": "where it ran: cpu, platform, blas (threadpoolctl's record of each library), numpy_simd, threads "
               "(counts: cores, cpus_allowed: how many of them the process could use, blas and torch: the threads "
               "each used, null where not loaded), versions, transparent_hugepages, free_page_reporting_order, "
               "environment (the variables that change the timings, as the timed process had them: with --threads, "
               "XLA_FLAGS ends with the thread flags the benchmark added), load_average_at_start and "
               "load_average_at_end (1, 5 and 15 minutes)",
    "yours": "with --yours (absent without): target (as typed), file (where its function is defined) and sha256 (of "
             "that file), which say what code was timed as yours; null where Python does not say",
    "targets": "the targets this run judged (see results.md): target (manual / peer, peak memory / live set or "
               "verified configurations / s), where (network size dtype, or the campaign's problems), value (as "
               "measured, unrounded), limit (text: '<= 0.9', '< 1', '>= 500'), met (true or false), why (manual / "
               "peer targets only: '' when met, else from the breakdown; absent from the peak memory / live set and "
               "verified configurations / s targets)",
}


def newer_format(results: Any) -> bool:
    """Whether results (a results.json's value) gives a format above FORMAT: a layout this version would misread."""
    found = results.get("format") if isinstance(results, dict) else None
    return isinstance(found, int) and found > FORMAT


def check_format(results: dict[str, Any]) -> None:
    """ValueError, one line naming both formats, for results of a newer format than FORMAT, before anything reads
    its keys; this format and none (a file written before it had one) read."""
    if newer_format(results):
        from manual_backprop import __version__

        raise ValueError(f"results.json format {results['format']} is newer than {FORMAT}, the newest manual_backprop "
                         f"{__version__} reads: read it with a newer manual_backprop")


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


def source_of(target: str, function: Callable[..., Any]) -> dict[str, str | None]:
    """Which code --yours timed: the target as typed, the file its function was defined in and that file's sha256
    (None for each where Python does not say, a builtin's)."""
    try:
        file = inspect.getsourcefile(inspect.unwrap(function))
    except TypeError:
        file = None
    try:
        digest = hashlib.sha256(pathlib.Path(file).read_bytes()).hexdigest() if file else None
    except OSError:
        digest = None
    return {"target": target, "file": str(pathlib.Path(file).resolve()) if file else None, "sha256": digest}


def now() -> str:
    """The time in UTC, ISO 8601 to the second."""
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
