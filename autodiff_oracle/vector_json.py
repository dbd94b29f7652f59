"""Lossless JSON for the test vectors: each number as a round-trip decimal beside its exact hex float.

encode(A) -> {"value": rows, "hex": rows} (a scalar stays a scalar), plus "scale" rows when given:
scales are bounds, written with 3 significant digits, rounded up. dumps writes one array per line,
so the files are diffable and deterministic (same input, same bytes).
"""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np


def _round_up_3(x: float) -> float:
    """x rounded to 3 significant digits, never below x (x >= 0)."""
    if x == 0 or not math.isfinite(x):
        return float(x)
    y = float(f"{x:.3g}")
    return y if y >= x else float(f"{x * 1.005:.3g}")


def encode(value: Any, scale: Any = None, name: str = "") -> dict[str, Any]:
    """{"value": ..., "hex": ...[, "scale": ...]} for a 2-D array (lists of rows) or a 0-d scalar; ValueError,
    naming it (name), for a value that is not finite."""
    A = np.asarray(value, dtype=np.float64)
    if not np.all(np.isfinite(A)):
        raise ValueError(f"test vectors must be finite{f': {name} holds {A[~np.isfinite(A)].flat[0]}' if name else ''}")
    out: dict[str, Any] = {"value": A.tolist(), "hex": np.vectorize(float.hex, otypes=[object])(A).tolist()}
    if A.ndim == 0:
        out["hex"] = float(A).hex()
    if scale is not None:
        S = np.asarray(scale, dtype=np.float64)
        out["scale"] = np.vectorize(_round_up_3, otypes=[float])(S).tolist() if S.ndim else _round_up_3(float(S))
    return out


def _leaf(obj: Any) -> bool:
    if isinstance(obj, dict):
        return "value" in obj or not any(isinstance(v, (dict, list)) for v in obj.values())
    if isinstance(obj, list):
        return not any(isinstance(v, dict) for v in obj)
    return True


def _dump(obj: Any, indent: int) -> str:
    if _leaf(obj):
        return json.dumps(obj, separators=(", ", ": "), allow_nan=False)
    pad, inner = " " * indent, " " * (indent + 1)
    if isinstance(obj, list):
        return "[\n" + ",\n".join(inner + _dump(v, indent + 1) for v in obj) + "\n" + pad + "]"
    items = [f"{inner}{json.dumps(k)}: {_dump(v, indent + 1)}" for k, v in obj.items()]
    return "{\n" + ",\n".join(items) + "\n" + pad + "}"


def dumps(obj: Any) -> str:
    """Deterministic JSON text, one array per line, ending in a newline."""
    return _dump(obj, 0) + "\n"
