"""The source of truth: the cost J of the notes, written in jax.numpy with jax.nn's functions.

A plain transcription, independent of manual_backprop's math (it reads only the NetworkSpec):

    Z[l] = W[l] A[l-1] + b[l],   A[l] = g[l](Z[l]),   A[0] = X
    J = (1/m) sum_i L(y_hat_i, y_i) + (lambda / 2m) sum_l ||W[l]||_F^2

core.evaluate computes the same J over lists of layers and differentiates it with jax.grad;
tests/test_oracle.py proves it equal to J here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jax
import jax.numpy as jnp

from manual_backprop.spec import ACTIVATIONS as NAMES
from manual_backprop.spec import LOSSES as LOSS_NAMES
from manual_backprop.spec import NetworkSpec

#: The derivatives' convention at the kinks, as jax.nn's functions below differentiate (reports and vectors quote it).
KINK_CONVENTION = "relu'(0) = 0, leaky_relu'(0) = 1 (jax.nn's convention)"

ACTIVATIONS: dict[str, Callable[[jax.Array], jax.Array]] = {
    "sigmoid": jax.nn.sigmoid,
    "tanh": jnp.tanh,
    "relu": jax.nn.relu,                                    # grad 0 at 0 (jnp.maximum would give 0.5)
    "leaky_relu": lambda z: jax.nn.leaky_relu(z, negative_slope=0.01),
    "identity": lambda z: z,
    "softplus": jax.nn.softplus,
    "elu": lambda z: jax.nn.elu(z, alpha=1.0),
    "gelu": lambda z: jax.nn.gelu(z, approximate=True),
    "silu": jax.nn.silu,
    "softmax": lambda z: jax.nn.softmax(z, axis=0),
}
#: The loss of each output unit of each example, (n[L], m), from Z[L], A[L] and Y; cross-entropies from the logits Z.
LOSSES: dict[str, Callable[[jax.Array, jax.Array, jax.Array], jax.Array]] = {
    "binary_cross_entropy": lambda Z, A, Y: -(Y * jax.nn.log_sigmoid(Z) + (1 - Y) * jax.nn.log_sigmoid(-Z)),
    "categorical_cross_entropy": lambda Z, A, Y: -Y * jax.nn.log_softmax(Z, axis=0),
    "mean_squared_error": lambda Z, A, Y: 0.5 * (A - Y) ** 2,
}


def _require_every(registry: str, names: tuple[str, ...], defined: dict[str, Any]) -> None:
    """ImportError naming the spec's names that registry lacks: the oracle compiles every one at import."""
    if missing := [name for name in names if name not in defined]:
        raise ImportError(f"autodiff_oracle.model.{registry} has no definition of {', '.join(missing)}, which "
                          "manual_backprop.spec names: write it here in jax.numpy / jax.nn (CONTRIBUTING.md)")


_require_every("ACTIVATIONS", NAMES, ACTIVATIONS)
_require_every("LOSSES", LOSS_NAMES, LOSSES)


def loss_entries(loss: str, Z: jax.Array, A: jax.Array, Y: jax.Array) -> jax.Array:
    """The loss of each output unit of each example, (n[L], m); cross-entropies from the logits Z."""
    if loss not in LOSSES:
        raise ValueError(f"unknown loss {loss!r}")
    return LOSSES[loss](Z, A, Y)


def J(spec: NetworkSpec, params: dict[str, jax.Array], X: jax.Array, Y: jax.Array) -> jax.Array:
    """The cost J(W[1], b[1], ..., W[L], b[L]) on the batch (X, Y)."""
    A = X
    for l, name in enumerate(spec.activations, start=1):
        Z = params[f"W{l}"] @ A + params[f"b{l}"]
        A = ACTIVATIONS[name](Z)
    m = X.shape[1]
    penalty = sum(jnp.sum(params[f"W{l}"] ** 2) for l in range(1, spec.depth + 1))
    return jnp.sum(loss_entries(spec.loss, Z, A, Y)) / m + spec.l2 / (2 * m) * penalty
