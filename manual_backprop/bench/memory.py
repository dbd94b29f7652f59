"""Peak memory of one gradient against the live set it cannot do without.

live set = params + X + Y + cache (Z[l], A[l] for l = 1..L; A[0] is X) + grads (one array per parameter).
peak = params + X + Y (held before the call) + the peak of what the call allocates, traced by
tracemalloc, which sees NumPy's array buffers (NumPy reports them to it).
"""

from __future__ import annotations

import gc
import tracemalloc
from typing import Any

from manual_backprop.propagation import gradients

from .cases import Case


def live_set(case: Case) -> dict[str, int]:
    """Bytes of each part of the live set, from the shapes (the cache is the gradient's own, so not built here)."""
    itemsize = case.X.dtype.itemsize
    params = sum(p.nbytes for p in case.params.values())
    cache = sum(2 * n * case.m * itemsize for n in case.spec.layer_sizes[1:])   # Z[l] and A[l]
    return {"params": params, "X": case.X.nbytes, "Y": case.Y.nbytes, "cache": cache, "grads": params}


def peak_memory(case: Case) -> dict[str, Any]:
    """Peak bytes of gradients(spec, params, X, Y) (inputs included) over the live set, and their ratio."""
    parts = live_set(case)
    inputs = parts["params"] + parts["X"] + parts["Y"]
    gc.collect()
    tracing = tracemalloc.is_tracing()
    if not tracing:
        tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    tracemalloc.reset_peak()
    try:
        gradients(case.spec, case.params, case.X, case.Y)
        peak = tracemalloc.get_traced_memory()[1] - before
    finally:
        if not tracing:
            tracemalloc.stop()
    live = sum(parts.values())
    return {"case": case.label, "layer_sizes": list(case.spec.layer_sizes), "m": case.m,
            "live_bytes": live, "live_parts": parts, "peak_bytes": inputs + peak, "ratio": (inputs + peak) / live}
