"""Parameter initialisation and the notes' gradient descent: W[l] := W[l] - alpha dW[l], b[l] := b[l] - alpha db[l]."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .activations import Array
from .propagation import Params, _backward, _checked, _cost, _forward
from .spec import NetworkSpec
from .validation import check_learning_rate, check_positive_int, check_spec

#: Activations whose layers get He initialisation (variance 2 / n[l-1]) instead of 1 / n[l-1].
RELU_FAMILY = frozenset({"relu", "leaky_relu", "elu", "gelu", "silu"})


class DivergenceError(FloatingPointError):
    """Gradient descent reached a non-finite cost; .iteration is the first such iteration (0-based)."""

    def __init__(self, message: str, iteration: int) -> None:
        super().__init__(message)
        self.iteration = iteration


def init_parameters(spec: NetworkSpec, seed: int = 0, dtype: type | np.dtype = np.float64) -> Params:
    """W[l] ~ N(0, s / n[l-1]) with s = 2 for the relu family (He) and 1 otherwise; b[l] = 0.

    Returns {"W1": (n[1], n[0]), "b1": (n[1], 1), ..., "WL": (n[L], n[L-1]), "bL": (n[L], 1)}.
    """
    check_spec(spec)
    dt = np.dtype(dtype)
    if dt not in (np.dtype(np.float32), np.dtype(np.float64)):
        raise TypeError(f"dtype must be float32 or float64; got {dt}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise TypeError(f"seed must be an int >= 0; got {seed!r}")
    rng = np.random.default_rng(int(seed))
    params: Params = {}
    for l, (key, shape) in enumerate(spec.parameter_shapes().items()):
        layer = l // 2 + 1
        if key.startswith("W"):
            gain = 2.0 if spec.activations[layer - 1] in RELU_FAMILY else 1.0
            params[key] = (rng.standard_normal(shape) * np.sqrt(gain / shape[1])).astype(dt)
        else:
            params[key] = np.zeros(shape, dtype=dt)
    return params


def gradient_descent(
    spec: NetworkSpec,
    params: Params,
    X: Array,
    Y: Array,
    learning_rate: float,
    num_iterations: int,
    callback: Callable[[int, float], None] | None = None,
) -> tuple[Params, list[float]]:
    """Repeat num_iterations times: compute J and the gradients, then p := p - alpha dp for every key.

    Returns (new parameters, costs) where costs[i] is J before update i. The caller's params are not
    modified. callback(i, J), if given, is called after each update (e.g. for a progress bar).
    Raises DivergenceError, naming the iteration, if J becomes non-finite.
    """
    params, X, Y = _checked(spec, params, X, Y)
    alpha = check_learning_rate(learning_rate)
    iterations = check_positive_int("num_iterations", num_iterations)
    params = {key: value.copy() for key, value in params.items()}
    costs: list[float] = []
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for i in range(iterations):
            cache = _forward(spec, params, X)[1]
            J = _cost(spec, params, cache, Y)
            if not np.isfinite(J):
                raise DivergenceError(
                    f"gradient descent diverged at iteration {i}: the cost is {J}; "
                    f"try a smaller learning_rate than {alpha}", i)
            costs.append(J)
            grads = _backward(spec, params, cache, Y)
            for key in params:
                params[key] -= alpha * grads[key]                  # W[l] := W[l] - alpha dW[l]
            if callback is not None:
                callback(i, J)
        if not all(np.isfinite(value).all() for value in params.values()):
            raise DivergenceError(f"gradient descent diverged at iteration {iterations - 1}: the last update made "
                                  f"the parameters non-finite; try a smaller learning_rate than {alpha}",
                                  iterations - 1)
    return params, costs
