"""Forward and backward propagation, in the notes' notation, for any depth L >= 1.

Shapes (m examples, one per column): X = A[0] is (n[0], m); W[l] is (n[l], n[l-1]); b[l] is
(n[l], 1); Z[l], A[l], dZ[l] and dA[l] are (n[l], m); dW[l] is (n[l], n[l-1]); db[l] is (n[l], 1).

    forward:   Z[l] = W[l] A[l-1] + b[l];            A[l] = g[l](Z[l])
    output:    dZ[L] = A[L] - Y                      (sigmoid + BCE, softmax + CCE, identity + MSE)
               dZ[L] = dA[L] * g[L]'(Z[L])           (otherwise; a Jacobian-vector product for softmax)
    layer l:   dW[l] = (1/m) dZ[l] A[l-1]^T + (lambda/m) W[l]
               db[l] = (1/m) sum(dZ[l], axis=1, keepdims=True)
               dA[l-1] = W[l]^T dZ[l];               dZ[l-1] = dA[l-1] * g[l-1]'(Z[l-1])
    cost:      J = (1/m) sum L(A[L], Y) + (lambda / 2m) sum_l ||W[l]||_F^2

The code applies the notes' 1/m once, to dZ[L], instead of to every dW[l] and db[l]: the backward pass
is linear in dZ[L], so (1/m) dZ[l] is what dZ[L] / m propagates to, exactly as the formulas say, with
one small (n[L], m) multiply in place of two per layer. In the code, then, dZ[l] holds (1/m) dZ[l] of
the formulas above (that is dJ/dZ[l]), and dW[l] = dZ[l] A[l-1]^T, db[l] = sum(dZ[l]).
The keys of layer l's arrays ("W{l}", "b{l}", "Z{l}", "A{l}", "A{l-1}", "Z{l-1}") are read from spec.layer_keys, built
once per spec, rather than formatted at every call (seed tiny, float64: forward + backward 22.9-23.9 -> 17.2-18.7 µs,
the old and new code interleaved in one process; benchmarks/README.md, session 20).
The row sums of db[l] are taken as the product dZ[l] 1 with a column of m ones (BLAS gemv): the same sum
in another order, 2-4x faster than NumPy's reduction along rows (float32: 3.0 against 1.2 µs at 50 x 256,
36 against 10 µs at 256 x 1024).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

import numpy as np

from . import activations, losses
from .activations import Array, Labels
from .spec import NetworkSpec
from .validation import check_cache, check_params, check_problem, check_spec, check_X, check_Y

Params = dict[str, Array]
Cache = dict[str, Array]
ParamsIn = Mapping[str, Array]   # what the public functions accept: any mapping, e.g. a dict of float64 arrays


def _forward(spec: NetworkSpec, params: Params, X: Array) -> tuple[Array, Cache]:
    """A[L] (n[L], m) and the cache {"A0": X, "Z1", "A1", ..., "ZL", "AL"} (Z[l], A[l]: (n[l], m)), inputs checked."""
    cache: Cache = {"A0": X}
    A = X
    for keys, name in zip(spec.layer_keys, spec.activations, strict=True):   # keys.W = "W{l}", keys.b = "b{l}", ...
        Z = params[keys.W] @ A                             # Z[l] = W[l] A[l-1] + b[l]
        Z += params[keys.b]
        A = activations.REGISTRY[name].g(Z)                # A[l] = g[l](Z[l])
        cache[keys.Z], cache[keys.A] = Z, A
    return A, cache


def _cost(spec: NetworkSpec, params: Params, cache: Cache, Y: Array) -> float:
    """J from forward's cache and Y (n[L], m): the loss of Z[L], A[L] summed and divided by m, plus the L2 term."""
    layers, m = spec.layer_keys, Y.shape[1]
    J = losses.REGISTRY[spec.loss].total(cache[layers[-1].Z], cache[layers[-1].A], Y) / m   # Z[L], A[L]
    if spec.l2:
        J += spec.l2 / (2 * m) * sum(float(np.sum(params[keys.W] ** 2)) for keys in layers)
    return J


@functools.lru_cache(maxsize=8)
def ones_column(m: int, dtype: np.dtype) -> Array:
    """1, a read-only (m, 1) column of ones: db[l] = dZ[l] 1 sums each row of dZ[l] over the m examples."""
    ones = np.ones((m, 1), dtype)
    ones.flags.writeable = False
    return ones


def W_T_dZ(W: Array, dZ: Array) -> Array:
    """dA[l-1] = W[l]^T dZ[l], (n[l-1], m); for n[l] = 1 an outer product: exact by broadcasting, faster than BLAS."""
    return W.T @ dZ if len(W) > 1 else W.T * dZ


def _backward(spec: NetworkSpec, params: Params, cache: Cache, Y: Array) -> Params:
    """{"W1": dW[1] (n[1], n[0]), "b1": db[1] (n[1], 1), ...} from forward's cache and Y (n[L], m), walking the
    layers from L down to 1. dZ here is dJ/dZ[l], the notes' dZ[l] times 1/m (module docstring)."""
    layers, m = spec.layer_keys, Y.shape[1]
    ZL, AL = cache[layers[-1].Z], cache[layers[-1].A]      # Z[L], A[L]
    dZ: Array
    if spec.fused_output:
        dZ = AL - Y                                        # dZ[L] = A[L] - Y
    else:
        dA = losses.REGISTRY[spec.loss].dA
        assert dA is not None  # NetworkSpec only allows fused outputs for losses without dA
        dZ = activations.REGISTRY[spec.activations[-1]].backward(ZL, AL, dA(AL, Y))
    dZ *= 1.0 / m                                          # the 1/m of every dW[l] and db[l], applied once here
    ones = ones_column(m, dZ.dtype)
    grads: Params = {}
    for keys in reversed(layers):                          # l = keys.l = L, ..., 1
        l, A_prev, W = keys.l, cache[keys.A_prev], params[keys.W]
        dW = dZ @ A_prev.T                                 # dW[l] = (1/m) dZ[l] A[l-1]^T  (1/m: in dZ)
        if spec.l2:
            dW += (spec.l2 / m) * W                        #         + (lambda/m) W[l]
        grads[keys.b] = dZ @ ones                          # db[l] = (1/m) sum(dZ[l], axis=1) = dZ[l] 1  (1/m: in dZ)
        grads[keys.W] = dW
        if l > 1:
            dA_prev = W_T_dZ(W, dZ)                        # dA[l-1] = W[l]^T dZ[l]
            g = activations.REGISTRY[spec.activations[l - 2]]   # g[l-1] (spec.activations[0] is g[1])
            dZ = g.backward(cache[keys.Z_prev], A_prev, dA_prev)   # dZ[l-1] = dA[l-1] * g'(Z[l-1])
            del dA_prev                                    # freed before dW[l-1] is formed: a smaller peak
    return {key: grads[key] for key, _ in spec.parameter_layout}


_checked = check_problem  # kept under this name: training and the planted-bug catalog use it


def forward(spec: NetworkSpec, params: ParamsIn, X: Array) -> tuple[Array, Cache]:
    """A[L] (n[L], m) and the cache {"A0": X, "Z1": Z[1], "A1": A[1], ..., "ZL", "AL"}, from X (n[0], m).

    A[L] is the cache's "AL", and the cache holds X itself as A0 (and Z[l] itself as A[l] for identity layers):
    the arrays forward made are read-only, so a write into A[L] (thresholding predictions in place, say) raises
    instead of changing what backward reads; copy them to change them (A[L].copy()).
    """
    check_spec(spec)
    X = check_X(spec, X)
    AL, cache = _forward(spec, check_params(spec, params, X.dtype), X)
    for key, array in cache.items():
        if key != "A0":                                    # X is the caller's: its flags stay as they were
            array.flags.writeable = False
    return AL, cache


def backward(spec: NetworkSpec, params: ParamsIn, cache: Cache, Y: Labels) -> Params:
    """{"W1": dW[1], "b1": db[1], ...}: dJ/dW[l] and dJ/db[l] from forward's cache and Y (n[L], m), in X's dtype."""
    check_spec(spec)
    if not isinstance(cache, Mapping) or not isinstance(cache.get("A0"), np.ndarray):
        raise TypeError("cache must be the dict that forward returns (with A0 = X)")
    X = check_X(spec, cache["A0"])
    check_cache(spec, cache, X.dtype)
    checked = check_params(spec, params, X.dtype)
    return _backward(spec, checked, cache, check_Y(spec, Y, X.shape[1], X.dtype, from_cache=True))


def cost(spec: NetworkSpec, params: ParamsIn, X: Array, Y: Labels) -> float:
    """J = (1/m) sum_i L(y_hat_i, y_i) + (lambda / 2m) sum_l ||W[l]||_F^2, a Python float; X (n[0], m), Y (n[L], m)."""
    params, X, Y = _checked(spec, params, X, Y)
    return _cost(spec, params, _forward(spec, params, X)[1], Y)


def gradients(spec: NetworkSpec, params: ParamsIn, X: Array, Y: Labels) -> Params:
    """dJ/dparams under the parameters' keys ({"W1": dW[1], "b1": db[1], ...}), in X's dtype; X (n[0], m), Y (n[L], m).

    Y is cast to X's dtype. Raises TypeError or ValueError, naming the argument, for an input it cannot use.
    """
    params, X, Y = _checked(spec, params, X, Y)
    return _backward(spec, params, _forward(spec, params, X)[1], Y)


def cost_and_gradients(spec: NetworkSpec, params: ParamsIn, X: Array, Y: Labels) -> tuple[float, Params]:
    """(J, gradients) from one forward pass, as cost and gradients return them."""
    params, X, Y = _checked(spec, params, X, Y)
    cache = _forward(spec, params, X)[1]
    return _cost(spec, params, cache, Y), _backward(spec, params, cache, Y)
