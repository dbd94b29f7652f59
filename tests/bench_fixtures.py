"""Shared by the benchmark's tests: a made-up results.json machine record, enough for report.markdown, and the guard
that gives a pytest worker back the CPUs and XLA_FLAGS an in-process `bench --threads` took (conftest applies it to
every test)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from typing import Any


def made_up_machine() -> dict[str, Any]:
    """A fresh record of one 2-core machine running one BLAS thread, with no BLAS, torch or load average recorded."""
    return {"cpu": "CPU", "blas": [], "versions": {"numpy": "2", "jax": "0.1", "torch": None},
            "threads": {"cores": 2, "blas": 1, "torch": None}, "environment": {},
            "load_average_at_start": None, "load_average_at_end": None}


@contextlib.contextmanager
def threads_restored() -> Iterator[None]:
    """Whatever `backprop bench --threads n` run in-process leaves behind (pinning.limit_threads, meant for the life of
    a bench process) undone at the end: the process's CPUs (sched_setaffinity) and XLA_FLAGS, to which it appends
    XLA's thread flags (the suite keeps BLAS at one thread itself, conftest's threadpool_limits). Left in a pytest
    worker, they stayed for every later test: make test ran on one core where each worker ran one such test, and
    XLA_FLAGS, part of JAX's compilation-cache key, sent the later programs past the cache (session 39)."""
    cpus = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    flags = os.environ.get("XLA_FLAGS")
    try:
        yield
    finally:
        if cpus is not None and os.sched_getaffinity(0) != cpus:
            os.sched_setaffinity(0, cpus)
        if flags is None:
            os.environ.pop("XLA_FLAGS", None)
        else:
            os.environ["XLA_FLAGS"] = flags
