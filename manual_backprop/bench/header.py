"""The lines above the ratio table: the machine (CPU, SIMD, BLAS kernel and threads, versions, load), the run (when,
which commit, its threads and timed blocks' length, the function --yours timed), and the warning for a run without
--threads."""

from __future__ import annotations

from typing import Any

from ..error_messages import counted
from .units import threads


def blas_library(machine: dict[str, Any]) -> dict[str, Any]:
    """threadpoolctl's record of the BLAS NumPy ran with ({} if none was found)."""
    return next((b for b in machine["blas"] if b.get("user_api") == "blas"), {})


def pinned_to(machine: dict[str, Any]) -> int | None:
    """The cores the process could use, where fewer than the machine has (it was pinned), else None."""
    t = machine["threads"]
    pinned = t.get("cpus_allowed")
    return pinned if pinned and pinned != t.get("cores") else None


def machine_line(machine: dict[str, Any]) -> str:
    """One line naming the CPU, NumPy's widest SIMD target, BLAS kernel, threads, versions and load."""
    lib = blas_library(machine)
    v, t = machine["versions"], machine["threads"]
    pinned = pinned_to(machine)
    cores = f"{t['cores']} cores" + (f", process pinned to {pinned}" if pinned else "")
    simd = machine.get("numpy_simd") or {}
    widest = widest_simd(machine) or "?"
    lacking = f"; not found: {', '.join(simd['not_found'])}" if simd.get("not_found") else ""   # not "X, not Y, Z"
    torch = threads(t["torch"]) if t["torch"] else "not loaded"
    blas = (f"{lib.get('internal_api')} {lib.get('version')} ({lib.get('architecture')} kernel, "
            f"{threads(t['blas'])})") if lib else "a BLAS threadpoolctl did not find"
    return (f"{machine['cpu']}, {cores}; NumPy {v['numpy']} (SIMD {widest}{lacking}) with {blas}; JAX {v['jax']}; "
            f"torch {v['torch'] or 'absent'} ({torch}); {load_averages(machine)}")


def widest_simd(machine: dict[str, Any]) -> str | None:
    """NumPy's widest SIMD target found on the CPU (else its baseline's), None where the run recorded neither."""
    simd = machine.get("numpy_simd") or {}
    return (simd.get("found") or simd.get("baseline") or [None])[-1]


def load_averages(machine: dict[str, Any]) -> str:
    """'load average (1, 5, 15 minutes) 0.44, 1.54, 1.77 at start and 0.50, 1.52, 1.76 at end', 'not recorded' for
    either the OS did not give."""
    start, end = (machine.get(f"load_average_at_{when}") for when in ("start", "end"))
    if not start and not end:
        return "load average not recorded"
    start, end = (", ".join(f"{x:.2f}" for x in v) if v else "not recorded" for v in (start, end))
    return f"load average (1, 5, 15 minutes) {start} at start and {end} at end"


def threads_option(results: dict[str, Any]) -> int | None:
    """The run's --threads (None: each library's own)."""
    return results.get("options", {}).get("extra", {}).get("threads")


def run_line(results: dict[str, Any]) -> str:
    """When and from which code the run was made, its threads, its timed blocks' length and the function --yours
    timed: what tells two saved reports apart (results.json holds the same, as created, revision and options)."""
    created, revision = results.get("created"), results.get("revision")
    when = f"{created[:10]} {created[11:16]} UTC" if created else "at an unrecorded time"
    code = f"commit {revision[:7]}{revision[40:]}" if revision else "commit not recorded"   # [40:]: " + changes"
    options = results.get("options", {})
    threads, block, yours = threads_option(results), options.get("block_seconds"), options.get("yours")
    digest = (results.get("yours") or {}).get("sha256")
    return (f"{when}, {code}, " + (f"--threads {threads}" if threads else "no --threads")
            + (f", --block-ms {block * 1e3:g}" if block is not None else "")
            + (f", --yours {yours}" if yours else "") + (f" (file sha256 {digest[:12]})" if yours and digest else ""))


def threads_note(results: dict[str, Any]) -> str | None:
    """A warning when the run had no --threads: each library took its own, which the targets' limits do not assume."""
    if threads_option(results):
        return None
    t = results["machine"]["threads"]
    return (f"this run had no --threads, so each library took its own threads (NumPy's BLAS {t.get('blas')}, torch "
            f"{t.get('torch') or 'not loaded'}, XLA its own): at tiny and small sizes, where a thread costs more than "
            "it gives, the ratios differ widely from a one-thread run (seed tiny manual / jax.jit: 0.24 unpinned, "
            "0.92 pinned, measured once); the targets' limits and the README's table are for --threads 1")


def machine_title(results: dict[str, Any]) -> str:
    """'CPU; BLAS kernel, threads' from the run's machine record (pinning only where the process could use fewer
    cores than the machine has, as machine_line), or '' for a result without one: the plots' header."""
    machine = results.get("machine")
    if not machine:
        return ""
    blas, pinned = blas_library(machine), pinned_to(machine)
    kernel = (f"; {blas.get('internal_api')} {blas.get('architecture')} kernel, "
              f"{blas.get('num_threads')} BLAS thread{'' if blas.get('num_threads') == 1 else 's'}") if blas else ""
    return machine["cpu"] + kernel + (f", pinned to {counted(pinned, 'core')}" if pinned else "")
