"""The notes a benchmark report opens with, drawn from machine.describe()'s record of what the result ran on: memory
handed back to the host, a busy machine, a pinned BLAS kernel (None when there is nothing to say; machine re-exports
them)."""

from __future__ import annotations

from typing import Any


def memory_note(machine: dict[str, Any]) -> str | None:
    """A note when the machine hands freed memory back to its host (it inflates the kernel share of big arrays)."""
    order = machine.get("free_page_reporting_order")
    if order is None:
        return None
    return (f"this virtual machine hands freed memory back to its host in blocks of {4 * 2 ** order // 1024} MB "
            "(virtio-balloon free page reporting); a fresh array that lands on such a block faults in at the host, "
            "and the kernel share below counts that time (benchmarks/README.md, \"Fresh memory\")")


def busy_note(machine: dict[str, Any]) -> str | None:
    """A warning when other processes shared the cores: 1-minute load at start >= cores, or at end >= cores + 1 (the
    benchmark's own process counts 1 by its end)."""
    start, end = machine.get("load_average_at_start"), machine.get("load_average_at_end")
    cores = machine["threads"].get("cores")
    if not cores or not ((start and start[0] >= cores) or (end and end[0] >= cores + 1)):
        return None
    return (f"the machine was busy (1-minute load average {start and start[0]} at start, {end and end[0]} at end, on "
            f"{cores} cores): other processes shared the cores, so the ratios are noisier than usual, and a share that "
            "is a difference of two timings (input checks) can come out below 0, shown as 0%; rerun on an idle machine")


def kernel_note(machine: dict[str, Any]) -> str | None:
    """A warning when OPENBLAS_CORETYPE pins NumPy's BLAS kernel (not what a default install runs)."""
    forced = machine["environment"].get("OPENBLAS_CORETYPE")
    if not forced:
        return None
    kernel = next((lib.get("architecture") for lib in machine["blas"] if lib.get("internal_api") == "openblas"), "?")
    return (f"OPENBLAS_CORETYPE={forced} pins OpenBLAS to the {kernel} kernel; for a default install's speed run "
            "`env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE backprop bench`")
