"""Losses L(y_hat, y), summed over the n[L] output units of each example.

total(Z, A, Y) is the sum over units and examples, shape () (J multiplies it by 1/m).
dA(A, Y) is dL/dA[L], shape (n[L], m), for losses that can meet a non-fused output activation.
Both cross-entropies are computed from the logits Z[L], so large |Z| stays finite; their dZ[L] is
always the fused A[L] - Y (see NetworkSpec.fused_output), so they need no dA.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .activations import Array


def binary_cross_entropy(Z: Array, A: Array, Y: Array) -> float:
    """sum -y log a - (1 - y) log(1 - a), a = sigmoid(z), as sum max(z, 0) - y z + log(1 + e^-|z|)."""
    return float(np.sum(np.maximum(Z, 0.0) - Y * Z + np.log1p(np.exp(-np.abs(Z)))))


def categorical_cross_entropy(Z: Array, A: Array, Y: Array) -> float:
    """sum -y log softmax(z), as sum y ((max z - z) + log sum e^(z - max z)) over each column's units."""
    Zmax = Z.max(axis=0, keepdims=True)
    log_sum = np.log(np.exp(Z - Zmax).sum(axis=0, keepdims=True))
    return float(np.sum(Y * ((Zmax - Z) + log_sum)))


def mean_squared_error(Z: Array, A: Array, Y: Array) -> float:
    """sum 1/2 (a - y)^2."""
    D = A - Y
    return float(0.5 * np.sum(D * D))


def mean_squared_error_dA(A: Array, Y: Array) -> Array:
    """dA[L] = a - y."""
    return A - Y


@dataclass(frozen=True)
class Loss:
    """A loss: its total over a batch and, where needed, dA[L] = dL/dA[L]."""

    name: str
    total: Callable[[Array, Array, Array], float]
    dA: Callable[[Array, Array], Array] | None  # noqa: N815 - the notes' name


REGISTRY: dict[str, Loss] = {
    "binary_cross_entropy": Loss("binary_cross_entropy", binary_cross_entropy, None),
    "categorical_cross_entropy": Loss("categorical_cross_entropy", categorical_cross_entropy, None),
    "mean_squared_error": Loss("mean_squared_error", mean_squared_error, mean_squared_error_dA),
}
