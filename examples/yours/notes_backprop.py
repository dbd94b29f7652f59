"""Backprop as a reader of the notes writes it from scratch: the example of "your" gradient function.

Plain NumPy, no import from manual_backprop: an L-layer network with sigmoid, tanh or relu hidden layers
and a sigmoid output with binary cross-entropy, the notes' network. Check it with

    backprop verify --yours examples/yours/notes_backprop.py:gradients \\
        --activations sigmoid,tanh,relu --losses binary_cross_entropy

(it passes on 3,000 problems and 8 larger ones in both dtypes), then plant one of the notes' typos
(docs/formulas.md, "Errata of the notes") and watch the report name the parameter, the entry and the problem:
`+` for `*` in dZ[l] (E8), dropping `keepdims=True` from db, or forgetting the 1/m.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def sigmoid(Z: np.ndarray) -> np.ndarray:
    """1 / (1 + e^-z), computed from e^-|z| so that no exp overflows for large |z|."""
    E = np.exp(-np.abs(Z))
    return np.where(Z >= 0, 1 / (1 + E), E / (1 + E))


# each hidden activation g beside g'(z) written with a = g(z); relu'(0) = 0, as the oracle (jax.nn) takes it
HIDDEN = {
    "sigmoid": (sigmoid, lambda Z, A: A * (1 - A)),
    "tanh": (np.tanh, lambda Z, A: 1 - A**2),
    "relu": (lambda Z: np.maximum(Z, 0), lambda Z, A: (Z > 0).astype(Z.dtype)),
}


def gradients(spec: Any, params: dict[str, np.ndarray], X: np.ndarray, Y: np.ndarray) -> dict[str, np.ndarray]:
    """dJ/dW[l] and dJ/db[l] under the parameters' keys, for a sigmoid output with binary cross-entropy."""
    if spec.activations[-1] != "sigmoid" or spec.loss != "binary_cross_entropy":
        raise NotImplementedError("only a sigmoid output with binary cross-entropy")
    if any(g not in HIDDEN for g in spec.activations[:-1]):
        raise NotImplementedError(f"only {', '.join(HIDDEN)} hidden layers; got {spec.activations}")
    L, m = len(spec.activations), X.shape[1]
    Z, A = {}, {0: X}
    for l in range(1, L + 1):                                   # forward: Z[l] = W[l] A[l-1] + b[l], A[l] = g(Z[l])
        Z[l] = params[f"W{l}"] @ A[l - 1] + params[f"b{l}"]
        A[l] = sigmoid(Z[l]) if l == L else HIDDEN[spec.activations[l - 1]][0](Z[l])
    grads = {}
    dZ = A[L] - Y                                               # dZ[L] = A[L] - Y (sigmoid + cross-entropy)
    for l in range(L, 0, -1):                                   # backward
        W = params[f"W{l}"]
        grads[f"W{l}"] = dZ @ A[l - 1].T / m + spec.l2 / m * W  # dW[l] = (1/m) dZ[l] A[l-1]^T + (lambda/m) W[l]
        grads[f"b{l}"] = dZ.sum(axis=1, keepdims=True) / m      # db[l] = (1/m) sum over examples of dZ[l]
        if l > 1:                                               # dZ[l-1] = W[l]^T dZ[l] * g'(Z[l-1])
            dZ = (W.T @ dZ) * HIDDEN[spec.activations[l - 2]][1](Z[l - 1], A[l - 1])
    return grads
