"""Backprop written row-major, one row per example (as PyTorch and most tutorials), checked through an adapter.

Plain NumPy, no import from manual_backprop: an L-layer network with sigmoid, tanh or relu hidden layers and
either a sigmoid output with binary cross-entropy or a softmax output with categorical cross-entropy, in its own
layout: X is (m, n_in), the parameters a list of (W, b) with W (n_in, n_out) and b (n_out,), Z = A_prev W + b.
The harness speaks the notes' layout (X (n[0], m), W[l] (n[l], n[l-1]), b[l] (n[l], 1)), so `gradients` below
transposes on the way in and on the way out. Check it with

    backprop verify --yours examples/yours/row_major_backprop.py:gradients \\
        --hidden sigmoid,tanh,relu --outputs sigmoid,softmax \\
        --losses binary_cross_entropy,categorical_cross_entropy

(it passes on 3,000 problems and 8 larger ones in both dtypes, its cost judged too). The report names entries in
the notes' layout: W3[i, j] there is layers[2][0][j, i] here, b3[i, 0] is layers[2][1][i], and
"X (n0, m)" in a problem means X.T here. Row-major slips to plant and watch it catch: db summed over axis=1,
dZ @ W without .T, or dZ = (A - Y) / A.size (PyTorch's reduction="mean", over output units too).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np


def sigmoid(Z: np.ndarray) -> np.ndarray:
    """1 / (1 + e^-z), computed from e^-|z| so that no exp overflows for large |z|."""
    E = np.exp(-np.abs(Z))
    return np.where(Z >= 0, 1 / (1 + E), E / (1 + E))


def logsumexp(Z: np.ndarray) -> np.ndarray:
    """log sum_j e^z_j over each row (the units of one example), shifted by the row's max so that nothing overflows."""
    Zmax = Z.max(axis=1, keepdims=True)
    return Zmax[:, 0] + np.log(np.exp(Z - Zmax).sum(axis=1))


Fn = Callable[..., Any]
# each hidden activation g beside g'(z) written with a = g(z); relu'(0) = 0, as the oracle (jax.nn) takes it
HIDDEN: dict[str, tuple[Fn, Fn]] = {
    "sigmoid": (sigmoid, lambda Z, A: A * (1 - A)),
    "tanh": (np.tanh, lambda Z, A: 1 - A**2),
    "relu": (lambda Z: np.maximum(Z, 0), lambda Z, A: (Z > 0).astype(Z.dtype)),
}
# the output activations, each with its cross-entropy per example computed from Z (rows of Z, Y: examples)
OUTPUTS: dict[tuple[str, str], tuple[Fn, Fn]] = {
    ("sigmoid", "binary_cross_entropy"): (
        sigmoid, lambda Z, Y: (np.maximum(Z, 0) - Y * Z + np.log1p(np.exp(-np.abs(Z)))).sum(axis=1)),
    ("softmax", "categorical_cross_entropy"): (
        lambda Z: np.exp(Z - logsumexp(Z)[:, None]), lambda Z, Y: logsumexp(Z) * Y.sum(axis=1) - (Y * Z).sum(axis=1)),
}


def backprop(layers: list[tuple[np.ndarray, np.ndarray]], X: np.ndarray, Y: np.ndarray, hidden: list[str],
             output: tuple[str, str], l2: float) -> tuple[Any, list[tuple[np.ndarray, np.ndarray]]]:
    """J and [(dJ/dW, dJ/db), ...] for X (m, n_in), Y (m, n_out), all row-major."""
    m, L = X.shape[0], len(layers)
    Z: list[Any] = [None]
    A = [X]
    for l, (W, b) in enumerate(layers, start=1):                # forward: Z = A_prev W + b, A = g(Z)
        Z.append(A[l - 1] @ W + b)
        A.append(OUTPUTS[output][0](Z[l]) if l == L else HIDDEN[hidden[l - 1]][0](Z[l]))
    J = OUTPUTS[output][1](Z[L], Y).sum() / m + l2 / (2 * m) * sum((W * W).sum() for W, _ in layers)
    grads: list[Any] = [None] * L
    dZ = (A[L] - Y) / m                                         # fused output gradient with the 1/m, (m, n_out)
    for l in range(L, 0, -1):                                   # backward
        W = layers[l - 1][0]
        grads[l - 1] = (A[l - 1].T @ dZ + l2 / m * W,           # dW = A_prev^T dZ + (lambda/m) W, (n_in, n_out)
                        dZ.sum(axis=0))                         # db: sum over the examples (rows), (n_out,)
        if l > 1:                                               # dZ_prev = (dZ W^T) * g'(Z_prev)
            dZ = (dZ @ W.T) * HIDDEN[hidden[l - 2]][1](Z[l - 1], A[l - 1])
    return J, grads


def gradients(spec: Any, params: dict[str, np.ndarray], X: np.ndarray,
              Y: np.ndarray) -> tuple[Any, dict[str, np.ndarray]]:
    """The adapter: the harness's (spec, params, X, Y) in the notes' layout -> (cost, gradients) in that layout."""
    *hidden, last = spec.activations
    if (last, spec.loss) not in OUTPUTS or any(g not in HIDDEN for g in hidden):
        raise NotImplementedError(f"{spec.activations} with {spec.loss}")   # narrow the campaign to what is here
    L = len(spec.activations)
    # W[l] (n[l], n[l-1]) -> (n_in, n_out); b[l] (n[l], 1) -> (n_out,). Transposes are read-only views: copy
    # (np.array(...)) before writing into them; np.ascontiguousarray may hand back the read-only view itself.
    layers = [(params[f"W{l}"].T, params[f"b{l}"][:, 0]) for l in range(1, L + 1)]
    J, grads = backprop(layers, X.T, Y.T, hidden, (last, spec.loss), spec.l2)
    out = {}
    for l, (dW, db) in enumerate(grads, start=1):              # back to the notes' keys, shapes (and same dtype)
        out[f"W{l}"], out[f"b{l}"] = dW.T, db[:, None]
    return J, out                                               # (cost, gradients): the cost is judged too
