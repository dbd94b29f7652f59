"""Checks of every array a public function receives: type, dtype, shape, finiteness, label domain.

Errors are ValueError (a wrong value or shape) or TypeError (a wrong type or dtype) whose message
names the argument, what was expected and what was received. Nothing here computes a gradient, so
the oracle may share it. Finiteness is one BLAS pass over an array's memory, C or F order (the sum of
squares, np.vdot, is finite only if every entry is: 2.5x faster than np.isfinite on the medium X, and
NumPy does not warn when it overflows), with the exact np.isfinite check only when that sum is not finite
or the array is strided; nothing is copied, and the first bad entry is named.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from .spec import NetworkSpec

FLOAT_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))


def _describe(value: object) -> str:
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    return f"a {type(value).__name__}"


def _check_ndarray(name: str, value: Any, shape: object) -> None:
    """value, not exactly an ndarray, must be a subclass that keeps its arithmetic (np.memmap; np.ma, np.matrix don't).

    Called only when type(value) is not np.ndarray, so a plain array pays one type() test and no call."""
    if not isinstance(value, np.ndarray):
        raise TypeError(f"{name} must be a numpy.ndarray of shape {shape}; got {_describe(value)}")
    if type(value) is not np.ndarray and not isinstance(value, np.memmap):
        hint = " after dropping the masked examples (np.asarray keeps the values under the mask)" \
            if isinstance(value, np.ma.MaskedArray) else ""
        raise TypeError(f"{name} must be a plain numpy.ndarray; got a {type(value).__name__}, whose arithmetic "
                        f"differs (pass np.asarray({name}){hint})")


def check_spec(spec: Any) -> NetworkSpec:
    """spec must be a NetworkSpec (which validated itself when it was built)."""
    if not isinstance(spec, NetworkSpec):
        raise TypeError(f"spec must be a NetworkSpec; got {type(spec).__name__}")
    return spec


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


def check_float_array(name: str, value: Any, shape: tuple[int, ...], dtype: np.dtype | None = None) -> np.ndarray:
    """value must be a float32 or float64 ndarray of the given shape (and dtype, if given), all finite."""
    if type(value) is not np.ndarray:
        _check_ndarray(name, value, shape)
    if value.dtype not in FLOAT_DTYPES:
        raise TypeError(f"{name} must have dtype float32 or float64; got {value.dtype} "
                        f"(convert with {name}.astype(np.float64))")
    if dtype is not None and value.dtype != dtype:
        raise TypeError(f"{name} has dtype {value.dtype} but X has dtype {dtype}; pass every array in one dtype")
    if value.shape != shape:
        raise ValueError(f"{name} must have shape {shape}; got {value.shape}")
    check_finite(name, value)
    return value


def check_X(spec: NetworkSpec, X: Any) -> np.ndarray:
    """X: (n[0], m), m >= 1, one column per example."""
    n0 = spec.layer_sizes[0]
    if type(X) is not np.ndarray:
        _check_ndarray("X", X, f"(n[0], m) = ({n0}, m)")
    if X.ndim != 2 or X.shape[0] != n0 or X.shape[1] < 1:
        hint = (" (X has no examples: m = 0)" if X.ndim == 2 and X.shape[0] == n0 else
                " (X is (n[0], m), one column per example; did you pass X.T?)" if X.ndim == 2 and X.shape[1] == n0
                else "")
        raise ValueError(f"X must have shape (n[0], m) = ({n0}, m) with m >= 1; got {X.shape}{hint}")
    return check_float_array("X", X, X.shape)


def check_Y(spec: NetworkSpec, Y: Any, m: int, dtype: np.dtype) -> np.ndarray:
    """Y: (n[L], m) real labels in the loss's domain; returned in X's dtype."""
    shape = (spec.layer_sizes[-1], m)
    if type(Y) is not np.ndarray:
        _check_ndarray("Y", Y, shape)
    if Y.dtype.kind not in "biuf":
        raise TypeError(f"Y must hold real numbers; got dtype {Y.dtype}")
    if Y.shape != shape:
        hint = " (reshape it with Y.reshape(1, -1))" if Y.shape == (m,) and shape[0] == 1 else ""
        raise ValueError(f"Y must have shape (n[L], m) = {shape}; got {Y.shape}{hint}")
    if Y.dtype != dtype:                                               # cast to X's dtype
        if Y.dtype.kind == "f" and Y.dtype.itemsize > dtype.itemsize:   # float64 labels for a float32 network
            check_finite("Y", Y)
            largest, limit = float(np.abs(Y).max()), float(np.finfo(dtype).max)  # Python floats: compared, not cast
            if largest > limit:                                                   # the cast would overflow (and warn)
                raise ValueError(f"Y must fit in X's dtype ({dtype}); its largest |y| is {largest!r}, "
                                 f"beyond {dtype}'s largest {limit!r}")
        Y = Y.astype(dtype)
    if spec.loss not in ("binary_cross_entropy", "categorical_cross_entropy"):
        check_finite("Y", Y)
    elif not np.minimum(Y, 1.0 - Y).min() >= 0:  # 0 <= y <= 1 exactly; NaN and inf fail it too: one check, not two
        check_finite("Y", Y)
        raise ValueError(f"Y must lie in [0, 1] for {spec.loss}; got values in [{Y.min()}, {Y.max()}]")
    if spec.loss == "categorical_cross_entropy":
        sums = Y.sum(axis=0, dtype=np.float64)
        worst = int(np.argmax(np.abs(sums - 1.0)))
        # dZ[L] = A - Y is exact only when the sums are 1 in the computing dtype (X's), not Y's own
        if abs(sums[worst] - 1.0) > 8 * shape[0] * float(np.finfo(dtype).eps):
            raise ValueError(f"each column of Y must sum to 1 in X's dtype ({dtype}) for categorical_cross_entropy "
                             f"(e.g. one-hot); column {worst} sums to {float(sums[worst])!r} "
                             f"(renormalise: Y / Y.sum(axis=0))")
    return Y


def check_params(spec: NetworkSpec, params: Any, dtype: np.dtype | None) -> dict[str, np.ndarray]:
    """params: {"W1": (n[1], n[0]), "b1": (n[1], 1), ...}, every array finite and of one dtype."""
    shapes = spec.parameter_shapes()
    if not isinstance(params, Mapping):
        raise TypeError(f"params must be a dict with keys {list(shapes)}; got {_describe(params)}")
    if params.keys() != shapes.keys():
        missing = [k for k in shapes if k not in params]
        extra = sorted(str(k) for k in params if k not in shapes)
        raise ValueError(f"params must have exactly the keys {list(shapes)} for layer_sizes {spec.layer_sizes}; "
                         f"missing {missing}, unexpected {extra}")
    if dtype is None:
        first = params["W1"]
        dtype = first.dtype if isinstance(first, np.ndarray) and first.dtype in FLOAT_DTYPES else None
    return {k: check_float_array(f"params[{k!r}]", params[k], shape, dtype) for k, shape in shapes.items()}


def check_cache(spec: NetworkSpec, cache: Any, dtype: np.dtype) -> None:
    """cache: {"A0": X, "Z1", "A1", ..., "ZL", "AL"}, as forward returns it."""
    if not isinstance(cache, Mapping):
        raise TypeError(f"cache must be the dict that forward returns; got {_describe(cache)}")
    if "A0" not in cache or not isinstance(cache["A0"], np.ndarray) or cache["A0"].ndim != 2:
        raise ValueError("cache must hold A0 = X of shape (n[0], m), as forward returns it")
    m = cache["A0"].shape[1]
    for layer, n in enumerate(spec.layer_sizes):
        for key in ([f"A{layer}"] if layer == 0 else [f"Z{layer}", f"A{layer}"]):
            if key not in cache:
                raise ValueError(f"cache is missing {key!r}; pass the cache that forward returns for this spec")
            check_float_array(f"cache[{key!r}]", cache[key], (n, m), dtype)


def check_problem(spec: Any, params: Any, X: Any, Y: Any) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:
    """Every input of a cost or gradient call: (params, X, Y) checked, Y in X's dtype."""
    check_spec(spec)
    X = check_X(spec, X)
    return check_params(spec, params, X.dtype), X, check_Y(spec, Y, X.shape[1], X.dtype)
