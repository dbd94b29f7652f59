"""Where a pre-activation Z = W A_prev + b is computed exactly, in float32 and float64 alike (core.evaluate's rule).

A relu-like unit whose Z lands exactly on its kink can be judged only if every implementation computes that Z
exactly: when all of its terms W[i, k] A_prev[k, j] are integers (below 2^24 in sum), each from an exact A_prev
entry or a zero weight. The rule reads every product, n[l] n[l-1] m of them; exact() forms them only where
could_pass() finds a unit that might pass, a block of rows at a time (docs/verification.md, section 2).
"""

from __future__ import annotations

import jax
import jax.numpy as jnp

#: Products W[i, k] A_prev[k, j] that exact forms at once, where it must form them (128 MB in float64).
BLOCK_PRODUCTS = 2**24


def exact(W: jax.Array, b: jax.Array, A_prev: jax.Array, F: jax.Array, exact_A: jax.Array) -> jax.Array:
    """Where Z = W A_prev + b is computed exactly in float32 and float64: no terms, or integer terms below 2^24,
    each from an exact A_prev entry (exact_A) or a zero weight.

    The rule reads every product W[i, k] A_prev[k, j], n[l] n[l-1] m of them (72 GB at once for the deep network
    at the benchmark's large size), so three matrix products first find the units that could pass: no term from
    an inexact entry, and a sum of |terms| at least their count (an integer term is 0 or at least 1 in size, and a
    product of two entries of size 2^-500 or more is not 0). Only if there is one are the products formed, a block
    of rows of W at a time; where there is none, no unit passes, as the full rule would find. (Under jax.vmap, as
    the padded oracle batches its small problems, lax.cond computes both branches: the products are formed there.)"""
    possible = could_pass(W, b, A_prev, F, exact_A)
    integer = jax.lax.cond(jnp.any(possible), integer_terms, lambda *_: jnp.zeros(F.shape, bool), W, A_prev, exact_A)
    return (F == 0) | (integer & (b == jnp.round(b)) & (F <= 2.0**24))


def could_pass(W: jax.Array, b: jax.Array, A_prev: jax.Array, F: jax.Array, exact_A: jax.Array) -> jax.Array:
    """(n[l], m): where Z[i, j] could have integer terms only (True wherever exact's rule passes a unit with terms),
    from three matrix products: no term from an inexact A_prev entry, and sum_k |W[i, k] A_prev[k, j]| at least the
    count of terms that cannot round to 0 (both factors 2^-500 or more: their product is 2^-1000 or more, and an
    integer that is not 0 is at least 1), less the sum's own rounding (n[l-1] u, far below 2^-20). float64 only, as
    the oracle runs: in float32 2^-500 is 0, so every entry, zeros too, would count as a term."""
    ones = lambda M: M.astype(F.dtype)                                    # noqa: E731  (0/1 matrices to count)
    from_inexact = ones(W != 0) @ ones(~exact_A) > 0
    terms = ones(jnp.abs(W) >= 2.0**-500) @ ones(jnp.abs(A_prev) >= 2.0**-500)
    large_enough = jnp.abs(W) @ jnp.abs(A_prev) >= terms * (1 - 2.0**-20)
    return ~from_inexact & large_enough & (b == jnp.round(b)) & (F <= 2.0**24)


def integer_terms(W: jax.Array, A_prev: jax.Array, exact_A: jax.Array) -> jax.Array:
    """(n[l], m): every term W[i, k] A_prev[k, j] of Z[i, j] an integer from an exact A_prev entry or a zero weight;
    the products formed for a block of rows of W at a time (about BLOCK_PRODUCTS of them)."""
    def rows(w: jax.Array) -> jax.Array:                                  # w: one row of W, (n[l-1],)
        products = w[:, None] * A_prev
        return jnp.all((products == jnp.round(products)) & (exact_A | (w == 0)[:, None]), axis=0)
    block = max(1, min(W.shape[0], BLOCK_PRODUCTS // max(1, A_prev.size)))
    return jax.lax.map(rows, W, batch_size=block)
