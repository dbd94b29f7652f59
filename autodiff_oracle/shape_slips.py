"""What came instead of a gradient of the parameter's shape and dtype, and which common slip its shape is the mark of.

A wrong shape leaves no values to compare, so its report line says what came and, where the shape alone points at
one slip, that slip. With W[l] of shape (n[l], n[l-1]), b[l] of (n[l], 1) and m examples:
- W or b of the transposed shape: rows and columns swapped (a row-major layout's, as check-port says it of a port's);
- W of shape (n[l], n[l]) where n[l] != n[l-1]: dZ[l] A[l]^T, A[l] for A[l-1];
- b of shape (n[l],): the sum over the examples without keepdims=True;
- b of shape (n[l], m): dZ[l] not summed at all;
- b of shape (m,), (1, m) or (m, 1) where m != n[l]: a sum over the units, not the examples;
- b of shape (1, 1) where n[l] > 1: a sum over every entry (no axis).
Each only where the shape tells it from the right one, in that order where two are one (n[l] = m makes (m,) (n[l],)).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .report import Mismatch


def shape_slip(key: str, got: tuple[int, ...], shape: tuple[int, ...], m: int | None = None) -> str:
    """'; ' and the slip that gives a gradient for key (W1, b1, ...) of shape got instead of shape (got != shape, and
    m the number of examples where known), or ''."""
    if len(got) == 2 and got == shape[::-1]:
        return "; the transposed shape: rows and columns swapped?"
    l, n = key[1:], shape[0]                   # got is not shape: each shape below is another
    if key[0] == "W" and got == (n, n):        # not W's own (n, n[l-1]), so n != n[l-1]
        return f"; (n[{l}], n[{l}]), the shape of dZ[{l}] A[{l}]^T: A[{l}] for A[{int(l) - 1}]?"
    if key[0] != "b":
        return ""
    if got == (n,):
        return "; summed over the examples without keepdims=True?"
    if m is not None and got == (n, m):
        return f"; (n[{l}], m): dZ[{l}] not summed over the examples?"
    if m is not None and got in {(m,), (1, m), (m, 1)}:   # m = n makes them (n,) (above), (1, n) (above), b's own
        return "; summed over the units, not the examples?"
    return "; summed over every entry (no axis), not over the examples alone?" if got == (1, 1) else ""


def shape_problem(key: str, a: Any, shape: tuple[int, ...], dtype: np.dtype, m: int | None = None) -> Mismatch:
    """What came instead of an array of shape and dtype: its shape and dtype, or its type; a NumPy scalar (db as
    np.sum(dZ) / m) as one, since its type's name alone ("got float64") reads as the dtype that was expected; and a
    shape that is the mark of a common slip (shape_slip), m the problem's number of examples where known."""
    got = (f"shape {a.shape} dtype {a.dtype}" if isinstance(a, np.ndarray) else
           f"a NumPy {a.dtype} scalar, not an array" if isinstance(a, np.generic) else type(a).__name__)
    got += shape_slip(key, a.shape, shape, m) if isinstance(a, np.ndarray) and a.shape != shape else ""
    return Mismatch(f"{key} (expected shape {shape} dtype {dtype}, got {got})", (), np.nan, np.nan, np.inf,
                    structural=True)
