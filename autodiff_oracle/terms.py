"""Each activation's terms for the oracle's rounding-error scales (core.evaluate), and where it keeps Z exact.

error_terms(name) gives, per entry of Z, |g'(Z)|, the size of the terms g(Z) and g'(Z) are computed from, and 1
where g' jumps (the kinks); keeps_exact(name) says where g(Z) is the same number in float32 and float64 whenever
Z is. core.py's docstring says how they enter the scales.
"""

from __future__ import annotations

from collections.abc import Callable

import jax
import jax.numpy as jnp

from manual_backprop.spec import KINKED_ACTIVATIONS

from .model import ACTIVATIONS


def _gelu_terms(Z: jax.Array) -> tuple[jax.Array, jax.Array]:
    c, k = jnp.sqrt(2 / jnp.pi), 0.044715
    T = jnp.tanh(c * (Z + k * Z**3))
    value = 0.5 * jnp.abs(Z) * (1 + jnp.abs(T))
    derivative = 0.5 * (1 + jnp.abs(T)) + 0.5 * jnp.abs(Z) * (1 + T * T) * c * (1 + 3 * k * Z * Z)
    return value, derivative


Terms = tuple[jax.Array, jax.Array, jax.Array, jax.Array]
#: V and D are at least float32's tiny / u = 2^-102: a value that underflows (XLA flushes subnormals
#: to zero) is exact only to there.
UNDERFLOW = 2.0**-102
#: |Z| / F within which a relu-like unit may round to either side of its kink in float32 or float64 (float32's rtol,
#: compare.RTOL): its A is then bounded with slope 1, the larger one-sided slope, not the oracle's side's |g'(Z)|.
KINK_BAND = 256 * 2.0**-24


def keeps_exact(name: str) -> Callable[[jax.Array], jax.Array]:
    """Z -> where g(Z) is the same number in float32 and float64 whenever Z is: relu's max(z, 0), identity's z,
    leaky_relu's z for z >= 0 (its 0.01 z rounds differently in each dtype), and g(0) where that is exact (0, or
    sigmoid's 1/2: a silu layer at Z = 0 feeds the next layer an exact 0); elsewhere g rounds (softplus(0) = log 2)."""
    if name in ("relu", "identity"):
        return lambda Z: jnp.ones(Z.shape, bool)
    if name == "leaky_relu":
        return lambda Z: Z >= 0
    if name in ("sigmoid", "tanh", "elu", "gelu", "silu"):
        return lambda Z: Z == 0
    return lambda Z: jnp.zeros(Z.shape, bool)


def error_terms(name: str) -> Callable[[jax.Array], Terms]:
    """Z -> (|g'(Z)|, size of the terms of g(Z), size of the terms of g'(Z), 1 where g' jumps at 0).

    |g'| comes from a JVP with ones (1 for softmax, whose Jacobian entries are below 1). Term sizes
    are |g(Z)| and 2 (1 - a^2, a (1 - a) and the like), except where a formula cancels: gelu's
    z/2 (1 + tanh(.)) and its derivative, and silu's derivative s (1 + z (1 - s)).
    """
    g = ACTIVATIONS[name]

    def terms(Z: jax.Array) -> Terms:
        ones = jnp.ones_like(Z)
        A, dA = jax.jvp(g, (Z,), (ones,))
        slope = ones if name == "softmax" else jnp.abs(dA)
        kink = ones if name in KINKED_ACTIVATIONS else 0 * ones
        if name == "gelu":
            value, derivative = _gelu_terms(Z)
        elif name == "silu":
            s = jax.nn.sigmoid(Z)
            value, derivative = jnp.abs(A), s * (1 + jnp.abs(Z) * (1 + s))
        else:
            value, derivative = jnp.abs(A), 2 * ones
        return slope, jnp.maximum(value, UNDERFLOW), jnp.maximum(derivative, UNDERFLOW), kink

    return terms
