"""What came instead of a gradient of the parameter's shape and dtype, and which common slip its shape is the mark of.

A wrong shape leaves no values to compare, so its report line says what came and, where the shape alone points at
one slip, that slip: manual_backprop/shape_hints.py tells which (W or b transposed, dW[l] as dZ[l] A[l]^T or with
dZ[l] carried a layer down, db[l] without keepdims=True, not summed, summed over the units or over every entry), the
same hints `backprop check-port` gives a port's results.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from manual_backprop.shape_hints import layer_sizes, shape_slip

from .report import Mismatch


def shape_problem(key: str, a: Any, expected: Mapping[str, np.ndarray], dtype: np.dtype,
                  m: int | None = None) -> Mismatch:
    """What came instead of an array of expected[key]'s shape and dtype: its shape and dtype, or its type; a NumPy
    scalar (db as np.sum(dZ) / m) as one, since its type's name alone ("got float64") reads as the dtype that was
    expected; and a shape that is the mark of a common slip (shape_slip, with the layer sizes expected's shapes
    give), m the problem's number of examples where known."""
    shape = expected[key].shape
    got = (f"shape {a.shape} dtype {a.dtype}" if isinstance(a, np.ndarray) else
           f"a NumPy {a.dtype} scalar, not an array" if isinstance(a, np.generic) else type(a).__name__)
    if isinstance(a, np.ndarray) and a.shape != shape:
        slip = shape_slip(key, a.shape, shape, m, layer_sizes({k: e.shape for k, e in expected.items()}))
        got += f"; {slip}" if slip else ""
    return Mismatch(f"{key} (expected shape {shape} dtype {dtype}, got {got})", (), np.nan, np.nan, np.inf,
                    structural=True)
