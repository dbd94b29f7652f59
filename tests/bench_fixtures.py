"""Shared by the benchmark report's tests: a made-up results.json machine record, enough for report.markdown."""

from __future__ import annotations

from typing import Any


def made_up_machine() -> dict[str, Any]:
    """A fresh record of one 2-core machine running one BLAS thread, with no BLAS, torch or load average recorded."""
    return {"cpu": "CPU", "blas": [], "versions": {"numpy": "2", "jax": "0.1", "torch": None},
            "threads": {"cores": 2, "blas": 1, "torch": None}, "environment": {},
            "load_average_at_start": None, "load_average_at_end": None}
