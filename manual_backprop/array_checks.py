"""Checks of one array: an ndarray (a plain one), of float32 or float64, of a shape, every entry finite.

Finiteness is one BLAS pass over an array's memory, C or F order (the sum of squares, np.vdot, is finite only
if every entry is: 2.5x faster than np.isfinite on the medium X, and NumPy does not warn when it overflows),
with the exact np.isfinite check only when that sum is not finite or the array is strided; nothing is copied,
and the first bad entry is named. validation.py checks whole calls with these.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .error_messages import a_type

FLOAT_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))


def describe(value: object) -> str:
    """What a message says was received: 'an array of shape ... and dtype ...' or 'a <type name>'."""
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    return a_type(value)


def check_ndarray(name: str, value: Any, shape: object) -> None:
    """value, not exactly an ndarray, must be a subclass that keeps its arithmetic (np.memmap; np.ma, np.matrix don't).

    Called only when type(value) is not np.ndarray (the caller's test), so a plain array pays that one test."""
    if not isinstance(value, np.ndarray):
        raise TypeError(f"{name} must be a numpy.ndarray of shape {shape}; got {describe(value)}")
    if not isinstance(value, np.memmap):                       # (a plain ndarray never reaches this line)
        hint = " after dropping the masked examples (np.asarray keeps the values under the mask)" \
            if isinstance(value, np.ma.MaskedArray) else ""
        raise TypeError(f"{name} must be a plain numpy.ndarray; got {a_type(value)}, whose arithmetic "
                        f"differs (pass np.asarray({name}){hint})")


def check_finite(name: str, A: np.ndarray) -> None:
    """Raise ValueError naming the first NaN or inf entry of A."""
    flags = A.flags  # A or its transpose in C order, never a copy: np.vdot would copy an F-ordered X.T
    in_c_order = A if flags.c_contiguous else A.T if flags.f_contiguous else None
    if in_c_order is not None and math.isfinite(np.vdot(in_c_order, in_c_order)):
        return       # the sum of a^2 is finite only if every a is (and NumPy does not warn if it overflows)
    finite = np.isfinite(A)  # the exact check: A strided, or its sum of squares overflowed, or an entry is NaN or inf
    if finite.all():
        return
    bad = np.argwhere(~finite)
    index = tuple(int(i) for i in bad[0])
    raise ValueError(f"{name} must be finite; {name}[{index}] is {float(A[index])!r} ({len(bad)} non-finite entries)")


def plainly_valid(A: Any, shape: tuple[int, ...], dtype: np.dtype | None) -> bool:
    """For dtype float32 or float64 (the caller's test, made once per call): True when A surely passes
    check_float_array(name, A, shape, dtype), being a plain C-ordered ndarray of that dtype and shape whose sum of
    squares is finite. False decides nothing (check_float_array does, naming the fault).

    The checks of a valid call in a few attribute tests and one np.vdot per array, with no message built."""
    return (type(A) is np.ndarray and A.dtype == dtype and A.shape == shape and A.flags.c_contiguous
            and math.isfinite(np.vdot(A, A)))


def check_float_array(name: str, value: Any, shape: tuple[int, ...], dtype: np.dtype | None = None,
                      dtype_of: str = "X") -> np.ndarray:
    """value must be a float32 or float64 ndarray of the given shape (and dtype, if given: dtype_of's), all finite."""
    if type(value) is not np.ndarray:
        check_ndarray(name, value, shape)
    if value.dtype not in FLOAT_DTYPES:
        native = value.dtype.newbyteorder("=")
        if native in FLOAT_DTYPES:                              # float32 or float64, its bytes swapped
            order = "big" if value.dtype.byteorder == ">" else "little"
            raise TypeError(f"{name} has dtype {value.dtype.str}: {native} in non-native ({order}-endian) byte "
                            f"order; convert it to the native one with {name}.astype(np.{native})")
        raise TypeError(f"{name} must have dtype float32 or float64; got {value.dtype} "
                        f"(convert with {name}.astype(np.float64))")
    if dtype is not None and value.dtype != dtype:
        fix = (f"init_parameters(spec, dtype=np.{dtype}) makes parameters in X's dtype"
               if name.startswith("params[") and dtype_of == "X" else f"convert with {name}.astype(np.{dtype})")
        raise TypeError(f"{name} has dtype {value.dtype} but {dtype_of} has dtype {dtype}; pass every array in one "
                        f"dtype ({fix})")
    if value.shape != shape:
        raise ValueError(f"{name} must have shape {shape}; got {value.shape}")
    check_finite(name, value)
    return value
