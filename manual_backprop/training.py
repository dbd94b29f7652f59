"""Parameter initialisation and the notes' gradient descent: W[l] := W[l] - alpha dW[l], b[l] := b[l] - alpha db[l]."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, SupportsFloat

import numpy as np
from numpy.typing import DTypeLike

from .activations import Array, Labels
from .descent_checks import check_callback, check_learning_rate, check_positive_int
from .propagation import Params, _backward, _checked, _cost, _forward
from .spec import NetworkSpec
from .validation import FLOAT_DTYPES, check_spec

#: Activations whose layers get He initialisation (variance 2 / n[l-1]) instead of 1 / n[l-1].
RELU_FAMILY = frozenset({"relu", "leaky_relu", "elu", "gelu", "silu"})


class DivergenceError(FloatingPointError):
    """Gradient descent reached a non-finite cost; .iteration is the first such iteration (0-based)."""

    def __init__(self, message: str, iteration: int) -> None:
        super().__init__(message)
        self.iteration = iteration

    def __reduce__(self) -> tuple[type[DivergenceError], tuple[str, int], dict[str, Any]]:
        """Pickled with both arguments (BaseException's own reduce passes the message alone) and its attributes
        (notes among them), so it crosses processes, as pytest-xdist and multiprocessing send it."""
        return (type(self), (str(self), self.iteration), self.__dict__)


def init_parameters(spec: NetworkSpec, seed: int | np.integer[Any] = 0, dtype: DTypeLike = np.float64) -> Params:
    """W[l] ~ N(0, s / n[l-1]) with s = 2 for the relu family (He) and 1 otherwise; b[l] = 0.

    Returns {"W1": (n[1], n[0]), "b1": (n[1], 1), ..., "WL": (n[L], n[L-1]), "bL": (n[L], 1)} in dtype
    (float32 or float64, or their names). Raises TypeError for another dtype or a seed that is not an int,
    ValueError for a negative seed.
    """
    check_spec(spec)
    if dtype is None:                                        # np.dtype(None) would be float64
        raise TypeError("dtype must be float32 or float64; got None")
    try:
        dt = np.dtype(dtype)
    except (TypeError, ValueError, SyntaxError) as error:    # "data type 'foo' not understood", and the like
        raise TypeError(f"dtype must be float32 or float64; got {dtype!r}") from error
    if dt not in FLOAT_DTYPES:
        raise TypeError(f"dtype must be float32 or float64; got {dt}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"seed must be an int >= 0; got {seed!r}")
    if seed < 0:
        raise ValueError(f"seed must be an int >= 0; got {seed!r}")
    rng = np.random.default_rng(int(seed))
    params: Params = {}
    for keys, g in zip(spec.layer_keys, spec.activations, strict=True):     # layer l = keys.l, g = g[l]
        n, n_prev = spec.layer_sizes[keys.l], spec.layer_sizes[keys.l - 1]
        gain = 2.0 if g in RELU_FAMILY else 1.0
        params[keys.W] = (rng.standard_normal((n, n_prev)) * np.sqrt(gain / n_prev)).astype(dt)   # W[l] (n[l], n[l-1])
        params[keys.b] = np.zeros((n, 1), dtype=dt)                                                  # b[l] (n[l], 1)
    return params


def gradient_descent(
    spec: NetworkSpec,
    params: Mapping[str, Array],
    X: Array,
    Y: Labels,
    learning_rate: SupportsFloat,
    num_iterations: int | np.integer[Any],
    callback: Callable[[int, float], object] | None = None,
) -> tuple[Params, list[float]]:
    """Repeat num_iterations times: compute J and the gradients, then p := p - alpha dp for every key.

    X is (n[0], m), Y is (n[L], m). Returns (new parameters, costs) where costs[i] is J before update i.
    The caller's params are not modified. callback(i, J), if given, is called after update i with costs[i],
    the J that update started from (e.g. for a progress bar), outside the np.errstate that silences overflow
    in the network's own steps; if it raises StopIteration, descent stops there and returns the parameters
    after update i and costs[:i + 1] (an early stop, as scipy.optimize.minimize's callback does). Raises
    DivergenceError, naming the iteration, if J becomes non-finite; a J that rises but stays finite is returned
    in costs for the caller to judge (backprop train refuses a run whose J ends above its start).
    """
    checked, X, Y = _checked(spec, params, X, Y)              # checked: a dict of the same arrays
    alpha = check_learning_rate(learning_rate)
    iterations = check_positive_int("num_iterations", num_iterations)
    check_callback(callback)
    params = {key: value.copy(order="K") for key, value in checked.items()}   # in their own layout: same bits
    costs: list[float] = []
    for i in range(iterations):
        # no division by 0 or log(0) can occur (divisors and log arguments: 1 + e^-|z|, softmax sums, all >= 1)
        with np.errstate(over="ignore", invalid="ignore"):
            cache = _forward(spec, params, X)[1]
            J = _cost(spec, params, cache, Y)
            if not np.isfinite(J):
                why = (f"try a smaller learning_rate than {alpha}" if i else "the cost of the parameters given "
                       "overflows before any update: the learning rate is not the cause (look at the scale of the "
                       "parameters and the data)")
                raise DivergenceError(f"gradient descent diverged at iteration {i}: the cost is {J}; {why}", i)
            costs.append(J)
            grads = _backward(spec, params, cache, Y)
            for key in params:
                params[key] -= alpha * grads[key]                  # W[l] := W[l] - alpha dW[l]
        if callback is not None:
            try:
                callback(i, J)
            except StopIteration:                                  # the caller's early stop, as in scipy.optimize
                break
    if not all(np.isfinite(value).all() for value in params.values()):   # the last update taken (an early stop's)
        raise DivergenceError(f"gradient descent diverged at iteration {len(costs) - 1}: the last update made "
                              f"the parameters non-finite; try a smaller learning_rate than {alpha}",
                              len(costs) - 1)
    return params, costs
