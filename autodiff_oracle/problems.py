"""Random problems (spec, params, X, Y), built with NumPy's RNG from a seed so any one can be rebuilt.

make_problem(spec, m, dtype, seed, values) is deterministic; Problem's repr is the call that rebuilds
it, so a failing Hypothesis example prints its own reproducer. values chooses the regime:
"normal" (Gaussian, fan-in scaled), "integers" (small integers, so Z lands exactly on kinks such as
relu's 0) and "large" (10x larger weights and inputs, so units saturate). layout="F" hands X, Y and every
parameter over in Fortran (column-major) order, as X = data.T is: the same values, another memory layout.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass, fields
from typing import Any, Literal

import numpy as np
from numpy.typing import DTypeLike

from manual_backprop.error_messages import closest_name, not_one_of
from manual_backprop.spec import NetworkSpec
from manual_backprop.validation import FLOAT_DTYPES, check_spec

VALUE_REGIMES = ("normal", "integers", "large")
LAYOUTS = ("C", "F")


def at_least(**bounds: tuple[Any, int]) -> None:
    """Each argument's value (first) must be an integer (np.int64 too) at least its least value (second)."""
    for name, (value, least) in bounds.items():
        if not isinstance(value, numbers.Integral) or isinstance(value, bool) or value < least:
            raise ValueError(f"{name} must be an integer >= {least}; got {value!r}")


#: What a Problem unpacks to: (spec, params, X, Y), the arguments of a gradient function.
Arguments = tuple[NetworkSpec, dict[str, np.ndarray], np.ndarray, np.ndarray]


@dataclass(frozen=True, eq=False)
class Problem(Arguments):
    """One verification problem: the 4-tuple (spec, params, X, Y) it unpacks to, as f(*problem) does (typed, so a
    type checker reads f(*problem, context=repr(problem)) as it runs), with the seed, value regime and memory layout
    that rebuild it. Two problems are equal only when they are one (the arrays are not compared)."""

    spec: NetworkSpec
    params: dict[str, np.ndarray]
    X: np.ndarray
    Y: np.ndarray
    seed: int
    values: str
    layout: str = "C"

    def __new__(cls, spec: NetworkSpec, params: dict[str, np.ndarray], X: np.ndarray, Y: np.ndarray,
                *rest: Any, **named: Any) -> Problem:
        return super().__new__(cls, (spec, params, X, Y))          # the dataclass's __init__ sets the fields

    def __eq__(self, other: object) -> bool:       # identity, as before; not tuple's, nor object.__eq__, whose
        return self is other                        # NotImplemented let Python fall back on tuple's comparison

    def __ne__(self, other: object) -> bool:
        return self is not other

    __hash__ = object.__hash__

    def __getnewargs__(self) -> tuple[Any, ...]:                   # copy and pickle: __new__ takes the fields
        return tuple(getattr(self, field.name) for field in fields(self))

    @property
    def dtype(self) -> np.dtype:
        return self.X.dtype

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))  # Hypothesis prints the reproducer, not the arrays

    def __repr__(self) -> str:
        layout = "" if self.layout == "C" else f", layout={self.layout!r}"
        return (f"make_problem({self.spec!r}, m={self.X.shape[1]}, dtype='{self.X.dtype}', "
                f"seed={self.seed}, values={self.values!r}{layout})")


def make_labels(spec: NetworkSpec, m: int, rng: np.random.Generator) -> np.ndarray:
    """Y (n[L], m) in the loss's domain: hard or soft labels for cross-entropies, Gaussian targets for MSE."""
    n = spec.layer_sizes[-1]
    soft = rng.random() < 0.5
    if spec.loss == "binary_cross_entropy":
        return rng.random((n, m)) if soft else (rng.random((n, m)) < 0.5).astype(np.float64)
    if spec.loss == "categorical_cross_entropy":
        if soft:
            P = rng.random((n, m)) + 1e-3
            return P / P.sum(axis=0, keepdims=True)
        return np.eye(n)[:, rng.integers(0, n, size=m)]
    return rng.standard_normal((n, m))


def make_problem(spec: NetworkSpec, m: int | np.integer[Any], dtype: DTypeLike = "float64",
                 seed: int | np.integer[Any] = 0, values: str = "normal", layout: str = "C") -> Problem:
    """A deterministic random problem for spec with m examples, in dtype, in a value regime and memory layout.

    Raises TypeError for a spec that is not a NetworkSpec or a dtype other than float32 or float64 (as
    init_parameters does), ValueError for an m or seed that is not an integer >= 1 or >= 0, or values or layout not
    among the choices."""
    check_spec(spec)
    at_least(m=(m, 1), seed=(seed, 0))
    m, seed = int(m), int(seed)                                    # NumPy ints as well
    try:
        dt = None if dtype is None else np.dtype(dtype)            # np.dtype(None) would be float64
    except (TypeError, ValueError, SyntaxError):                  # NumPy's own, for names it cannot parse
        dt = None
    if dt is None or dt not in FLOAT_DTYPES:                     # (np.dtype("float64") == None is True)
        swapped = "" if dt is None or dt.isnative else closest_name(dt, ("float64", "float32"))   # as Scope's
        raise TypeError(f"dtype must be float32 or float64 (what the implementations take); got {dtype!r}{swapped}")
    if values not in VALUE_REGIMES:
        raise ValueError(not_one_of("values", values, VALUE_REGIMES))
    if layout not in LAYOUTS:
        raise ValueError(not_one_of("layout", layout, LAYOUTS))
    rng = np.random.default_rng(seed)
    params: dict[str, np.ndarray] = {}
    for key, shape in spec.parameter_shapes().items():
        if values == "integers":
            P = rng.integers(-2, 3, size=shape).astype(np.float64)
        else:
            scale = (1.0 / np.sqrt(shape[1]) if key.startswith("W") else 0.5) * (10.0 if values == "large" else 1.0)
            P = rng.standard_normal(shape) * scale
        params[key] = P.astype(dt)
    n0 = spec.layer_sizes[0]
    if values == "integers":
        X = rng.integers(-2, 3, size=(n0, m)).astype(np.float64)
    else:
        X = rng.standard_normal((n0, m)) * (10.0 if values == "large" else 1.0)
    Y = make_labels(spec, m, rng)
    order: Literal["C", "F"] = "F" if layout == "F" else "C"
    params = {key: np.asarray(P, order=order) for key, P in params.items()}
    return Problem(spec, params, np.asarray(X.astype(dt), order=order), np.asarray(Y.astype(dt), order=order),
                   seed, values, layout)
