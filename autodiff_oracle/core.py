"""The oracle's one computation: J, its gradients by jax.grad, and first-order rounding-error scales.

J is the notes' cost, written once over lists of layers (so the plain and the padded oracle share
it). Zero offsets eZ[l], eA[l] added to Z[l] and A[l] let jax.grad also return dJ/dZ[l] and
dJ/dA[l] (times m: the notes' dZ[l], dA[l]) without any hand-written backward pass.

error_scales bounds, to first order and entry by entry, how far a correct implementation's rounding
can move each result, in units of the unit roundoff u (see docs/verification.md):
    F[l]  = |W[l]| FA[l-1] + |b[l]|                 (Z[l]: sums of products)
    FA[l] = V[l] + |g'(Z[l])| F[l]                  (A[l]: own rounding plus propagated)
    B[L]  = FA[L] + |Y|                             (dZ[L] = A - Y, fused)
          = |g'| (FA[L] + |Y|) + |dA[L]| (D[L] + F[L])   (dZ[L] = dA g'(Z), otherwise)
    B[l-1] = |g'(Z[l-1])| |W[l]|^T B[l] + |dA[l-1]| (D[l-1] + F[l-1])
    S_W[l] = (1/m) (B[l] + |dZ[l]|) FA[l-1]^T + (lambda/m) |W[l]|,   S_b[l] = (1/m) sum (B[l] + |dZ[l]|)
    S_J    = (1/m) sum (|loss| + (FA[L] + |Y|) F[L]) + (lambda/2m) sum ||W||^2
V[l] and D[l] are the sizes of the terms g(Z) and g'(Z) are computed from (error_terms): a derivative
computed from A by cancellation (1 - a^2, a (1 - a)) is exact to about u absolutely, not relatively.
|g''| <= 1 for every activation here, so it is left out of the F terms. M_W[l], M_b[l] repeat the
backward recursion with D in place of |g'|: they bound the second-order (u^2) terms, which matter
only where a derivative rounds to 0 (JAX's elu' = expm1(z) + 1 is 0 below z = -37, not e^z).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import jax
import jax.numpy as jnp

from . import exactness
from .model import loss_entries
from .terms import KINK_BAND, UNDERFLOW, Terms, error_terms, keeps_exact

__all__ = ["KINK_BAND", "UNDERFLOW", "Fn", "Terms", "error_terms", "evaluate", "keeps_exact"]

Fn = Callable[[jax.Array], jax.Array]


def _cost(Ws: Sequence[jax.Array], bs: Sequence[jax.Array], eZ: Sequence[jax.Array], eA: Sequence[jax.Array],
          X: jax.Array, Y: jax.Array, gs: Sequence[Fn], loss: str, mask: jax.Array | None,
          unit_mask: jax.Array | None, m: Any, l2: Any, penalised: Any) -> tuple[jax.Array, Any]:
    A, Zs, As = X, [], [X]
    for W, b, ez, ea, g in zip(Ws, bs, eZ, eA, gs, strict=True):
        Z = W @ A + b + ez
        A = g(Z) + ea
        Zs.append(Z)
        As.append(A)
    if unit_mask is not None and loss == "categorical_cross_entropy":
        Z = jnp.where(unit_mask[:, None], Z, -1e30)
    entries = loss_entries(loss, Z, A, Y)
    if mask is not None:
        entries = mask * entries
    return jnp.sum(entries) / m + l2 / (2 * m) * _penalty(Ws, penalised), (Zs, As, entries)


def _penalty(Ws: Sequence[jax.Array], penalised: Any) -> Any:
    """sum_l ||W[l]||_F^2 over the network's layers (penalised[l] = 1; 0 for a padded pass-through layer)."""
    if penalised is None:
        return sum(jnp.sum(W**2) for W in Ws)
    return sum(penalised[l] * jnp.sum(W**2) for l, W in enumerate(Ws))


def evaluate(Ws: Sequence[jax.Array], bs: Sequence[jax.Array], X: jax.Array, Y: jax.Array, gs: Sequence[Fn],
             terms: Sequence[Callable[[jax.Array], Terms]], loss: str, fused: Any, m: Any, l2: Any,
             mask: jax.Array | None = None, unit_mask: jax.Array | None = None,
             penalised: jax.Array | None = None, units: Any = None,
             keeps: Sequence[Callable[[jax.Array], jax.Array]] | None = None, forward: bool = False) -> dict[str, Any]:
    """J, dJ/dW[l], dJ/db[l], their error scales S_J, S_W[l], S_b[l], each layer's kink margin, and the kinks hit;
    with forward, also Z[l], A[l] and their scales F[l], FA[l] (the test vectors' expected forward pass).

    penalised (L,) weighs each layer's ||W[l]||^2 in the L2 term (all 1 if None): the padded form's
    pass-through layers (W = I, b = 0) carry 0, and pass A[l-1] on exactly. units[l] (n[l],) marks layer l's
    units that are not padding (all of them if None). keeps[l] (keeps_exact) says where layer l's g keeps an
    exact Z exact (nowhere if None).

    Layer l's kink margin is min |Z[l]| / F[l] over its relu-like units' pre-activations that are not computed
    exactly: where it is below a dtype's rtol, rounding may put Z on either side of the kink, and the
    gradients that g[l]' enters (dW and db of layer l and every layer below it) cannot be judged in that
    dtype. A Z whose terms are all integers below 2^24 (as integer weights and inputs give), from an A[l-1]
    that is itself exact (X, or an exact Z through a g that keeps it, keeps_exact: not a unit near its kink, nor
    leaky_relu's 0.01 z), is computed exactly in float32 and float64 alike, so it is judged even at 0; a Z that
    cancels to 0 from other terms is not. Within KINK_BAND of its kink a relu-like unit's A is bounded with slope 1 (the
    layers above it are judged, and a candidate may have put Z on the other side). on_kinks counts, per layer, the
    relu-like pre-activations exactly 0 (padding aside, whose Z is 0 too): there the derivative's convention at
    the kink (relu'(0) = 0, leaky_relu'(0) = 1, as jax.nn) decides the gradient.
    """
    eZ = [jnp.zeros((W.shape[0], X.shape[1])) for W in Ws]
    eA = [jnp.zeros((W.shape[0], X.shape[1])) for W in Ws]
    (J, (Zs, As, entries)), (gW, gb, geZ, geA) = jax.value_and_grad(_cost, argnums=(0, 1, 2, 3), has_aux=True)(
        Ws, bs, eZ, eA, X, Y, gs, loss, mask, unit_mask, m, l2, penalised)
    dZ, dA = [m * g for g in geZ], [m * g for g in geA]
    S, V, D, K = zip(*(t(Z) for t, Z in zip(terms, Zs, strict=True)), strict=True)
    F, FA = [], [jnp.abs(X)]
    margins: list[Any] = []
    on_kinks: list[Any] = []
    real = True if mask is None else jnp.any(mask > 0, axis=0, keepdims=True)  # (1, m): the examples not padding
    exact_A = jnp.ones(X.shape, bool)                                       # A[0] = X: the candidate's own
    for l, W in enumerate(Ws):
        F.append(jnp.abs(W) @ FA[l] + jnp.abs(bs[l]))
        exact = exactness.exact(W, bs[l], As[l], F[l], exact_A)
        near = (K[l] > 0) & ~exact & real
        ratio = jnp.abs(Zs[l]) / jnp.where(near, F[l], 1)
        FA.append(V[l] + jnp.where(near & (ratio <= KINK_BAND), 1.0, S[l]) * F[l])
        margins.append(jnp.min(jnp.where(near, ratio, jnp.inf)))
        kept = exact & (False if keeps is None else keeps[l](Zs[l]))
        exact_A = kept if penalised is None else jnp.where(penalised[l], kept, exact_A)   # pass-through: A[l-1]
        unit = True if units is None else units[l][:, None]                # (n[l], 1): not padding
        on_kinks.append(jnp.sum((K[l] > 0) & (Zs[l] == 0) & unit & real))
    outer = FA[-1] + jnp.abs(Y)
    SW, Sb = _backward_scales(Ws, FA, F, dZ, dA, S, D, outer, fused, mask, m, l2)
    MW, Mb = _backward_scales(Ws, FA, F, dZ, dA, D, D, outer, fused, mask, m, l2)
    magnitude = jnp.abs(entries) + outer * F[-1]
    if mask is not None:
        magnitude = mask * magnitude
    SJ = jnp.sum(magnitude) / m + l2 / (2 * m) * _penalty(Ws, penalised)
    out = {"J": J, "gW": gW, "gb": gb, "SJ": SJ, "SW": SW, "Sb": Sb, "MW": MW, "Mb": Mb,
           "margins": jnp.stack(margins), "on_kinks": jnp.stack(on_kinks)}
    return out | ({"Z": Zs, "A": As[1:], "F": F, "FA": FA[1:]} if forward else {})


def _backward_scales(Ws: Sequence[jax.Array], FA: list[jax.Array], F: list[jax.Array], dZ: list[jax.Array],
                     dA: list[jax.Array], S: Sequence[jax.Array], D: Sequence[jax.Array], outer: jax.Array,
                     fused: Any, mask: jax.Array | None, m: Any, l2: Any) -> tuple[list[Any], list[Any]]:
    """S_W[l], S_b[l] from the B recursion with slopes S (|g'|, or D for the second-order scale)."""
    B = jnp.where(fused, outer, S[-1] * outer + jnp.abs(dA[-1]) * (D[-1] + F[-1]))
    if mask is not None:
        B = mask * B
    L = len(Ws)
    SW: list[Any] = [None] * L
    Sb: list[Any] = [None] * L
    for l in range(L - 1, -1, -1):
        total = B + jnp.abs(dZ[l])
        SW[l] = total @ FA[l].T / m + l2 / m * jnp.abs(Ws[l])
        Sb[l] = jnp.sum(total, axis=1, keepdims=True) / m
        if l > 0:
            B = S[l - 1] * (jnp.abs(Ws[l]).T @ B) + jnp.abs(dA[l - 1]) * (D[l - 1] + F[l - 1])
    return SW, Sb
