"""Checks of every input a public function receives: spec, X, Y (shape, label domain, X's dtype), params, cache.

Errors are ValueError (a wrong value or shape) or TypeError (a wrong type or dtype) whose message
names the argument, what was expected and what was received. Nothing here computes a gradient, so
the oracle may share it. Each array's own checks (plain ndarray, float dtype, shape, finite) are in
array_checks.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .array_checks import FLOAT_DTYPES, check_finite, check_float_array, check_ndarray, describe, plainly_valid
from .spec import NetworkSpec

__all__ = [
    "FLOAT_DTYPES",
    "check_X",
    "check_Y",
    "check_cache",
    "check_finite",
    "check_float_array",
    "check_params",
    "check_problem",
    "check_spec",
]


def check_spec(spec: Any) -> NetworkSpec:
    """spec must be a NetworkSpec (which validated itself when it was built)."""
    if not isinstance(spec, NetworkSpec):
        raise TypeError(f"spec must be a NetworkSpec; got {type(spec).__name__}")
    return spec


def check_X(spec: NetworkSpec, X: Any) -> np.ndarray:
    """X: (n[0], m), m >= 1, one column per example."""
    n0 = spec.layer_sizes[0]
    if type(X) is not np.ndarray:
        check_ndarray("X", X, f"(n[0], m) = ({n0}, m)")
    if X.ndim != 2 or X.shape[0] != n0 or X.shape[1] < 1:
        hint = (" (X has no examples: m = 0)" if X.ndim == 2 and X.shape[0] == n0 else
                " (X is (n[0], m), one column per example; did you pass X.T?)" if X.ndim == 2 and X.shape[1] == n0
                else "")
        raise ValueError(f"X must have shape (n[0], m) = ({n0}, m) with m >= 1; got {X.shape}{hint}")
    return check_float_array("X", X, X.shape)


def _Y_hint(spec: NetworkSpec, Y: np.ndarray, shape: tuple[int, int]) -> str:
    """What a Y of the wrong shape most likely is: a row as a vector, Y.T, or class labels not one-hot encoded."""
    if shape[0] == 1 and Y.shape == shape[1:]:
        return " (reshape it with Y.reshape(1, -1))"
    if Y.shape == shape[::-1]:
        return " (Y is (n[L], m), one column per example; did you pass Y.T?)"
    if spec.loss == "categorical_cross_entropy" and Y.shape in ((shape[1],), (1, shape[1])):
        return f" (class labels? one-hot encode them: np.eye({shape[0]})[labels.ravel()].T)"
    return ""


def check_Y(spec: NetworkSpec, Y: Any, m: int, dtype: np.dtype, from_cache: bool = False) -> np.ndarray:
    """Y: (n[L], m) real labels in the loss's domain; returned in X's dtype. from_cache: m is that of backward's
    cache, which a Y of another m may be the right one for (the message says so)."""
    shape = (spec.layer_sizes[-1], m)
    if type(Y) is not np.ndarray:
        check_ndarray("Y", Y, shape)
    if Y.dtype.kind not in "biuf":
        raise TypeError(f"Y must hold real numbers; got dtype {Y.dtype}")
    if Y.shape != shape:
        where = f", with m = {m} the examples in the cache's A0 (the X forward was given)" if from_cache else ""
        hint = _Y_hint(spec, Y, shape) or (": are Y and the cache from the same batch?" if from_cache else "")
        raise ValueError(f"Y must have shape (n[L], m) = {shape}{where}; got {Y.shape}{hint}")
    if Y.dtype != dtype:                                               # cast to X's dtype
        if Y.dtype.kind == "f" and Y.dtype.itemsize > dtype.itemsize:   # float64 labels for a float32 network
            check_finite("Y", Y)
            peak = np.abs(Y).max()              # shown as is: float() makes a longdouble past float64's range inf
            largest, limit = float(peak), float(np.finfo(dtype).max)  # Python floats: compared, not cast
            if largest > limit:                                                   # the cast would overflow (and warn)
                raise ValueError(f"Y must fit in X's dtype ({dtype}); its largest |y| is {peak!s}, "
                                 f"beyond {dtype}'s largest {limit!r}")
        Y = Y.astype(dtype)
    if spec.loss not in ("binary_cross_entropy", "categorical_cross_entropy"):
        check_finite("Y", Y)
    elif not (Y.min() >= 0 and Y.max() <= 1):  # 0 <= y <= 1 exactly; NaN and inf fail it too: no finiteness pass
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
    if not isinstance(params, Mapping):
        raise TypeError(f"params must be a dict with keys {list(spec.parameter_shapes())}; got {describe(params)}")
    if params.keys() != spec.parameter_keys:
        shapes = spec.parameter_shapes()
        missing = [k for k in shapes if k not in params]
        extra = sorted(str(k) for k in params if k not in shapes)
        raise ValueError(f"params must have exactly the keys {list(shapes)} for layer_sizes {spec.layer_sizes}; "
                         f"missing {missing}, unexpected {extra}")
    dtype_of = "X"
    if dtype is None:                        # no X (params_io): W1 sets the dtype
        first, dtype_of = params["W1"], "params['W1']"
        dtype = first.dtype if isinstance(first, np.ndarray) and first.dtype in FLOAT_DTYPES else None
    # plainly_valid's condition (float16, an int dtype: the full check alone). None is "in" FLOAT_DTYPES, as NumPy
    # has np.dtype('float64') == None, so float64 arrays pass quickly then; W1, not a float array, fails first.
    quick = dtype in FLOAT_DTYPES
    checked = {}
    for k, shape in spec.parameter_layout:   # a valid array passes plainly_valid; any other gets the full check
        A = params[k]
        checked[k] = A if quick and plainly_valid(A, shape, dtype) else \
            check_float_array(f"params[{k!r}]", A, shape, dtype, dtype_of)
    return checked


def check_cache(spec: NetworkSpec, cache: Any, dtype: np.dtype) -> None:
    """cache: {"A0": X, "Z1", "A1", ..., "ZL", "AL"}, as forward returns it."""
    if not isinstance(cache, Mapping):
        raise TypeError(f"cache must be the dict that forward returns; got {describe(cache)}")
    if "A0" not in cache or not isinstance(cache["A0"], np.ndarray) or cache["A0"].ndim != 2:
        raise ValueError("cache must hold A0 = X of shape (n[0], m), as forward returns it")
    m = cache["A0"].shape[1]
    for layer, n in enumerate(spec.layer_sizes):
        for key in ([f"A{layer}"] if layer == 0 else [f"Z{layer}", f"A{layer}"]):
            if key not in cache:
                raise ValueError(f"cache is missing {key!r}; pass the cache that forward returns for this spec")
            check_float_array(f"cache[{key!r}]", cache[key], (n, m), dtype)


def check_problem(spec: Any, params: Any, X: Any,
                  Y: Any) -> tuple[dict[str, NDArray[np.floating]], NDArray[np.floating], NDArray[np.floating]]:
    """Every input of a cost or gradient call: (params, X, Y) checked, Y in X's dtype."""
    check_spec(spec)
    X = check_X(spec, X)
    return check_params(spec, params, X.dtype), X, check_Y(spec, Y, X.shape[1], X.dtype)
