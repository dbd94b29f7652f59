"""A fast form of the oracle for campaigns: one compiled function per loss, any depth up to 4, any widths.

Every problem with widths <= max_width, m <= max_m and depth L <= max_depth is zero-padded to
(max_width, max_m) and to max_depth layers. Padded units have zero weights in and out, so they add
nothing to the real units; padded examples and output units are masked out of the loss, softmax
sees padded logits as -1e30, and the true m and lambda are data. The max_depth - L layers put in
front of the network pass A[0] = X through unchanged (W = I, b = 0, g(Z) = Z: exact in floating
point), add no rounding to the error scales and nothing to the L2 term. Each layer's activation is
chosen by lax.switch on an index, among what that layer can be: a layer below the output any elementwise
activation or the pass-through, the output layer the activations its loss takes (the cross-entropies' one needs
no switch). So JAX compiles once per loss instead of once per shape and depth (a deeper problem compiles once per
depth). tests/test_oracle.py proves it equal to the plain form.

HIDDEN and OUTPUTS (padded_branches.py, with the branches and _layer) are read twice: by _padded when a program is
traced (its first call per loss and argument shapes), and by _pack at every call, both through this module's names. A
program traced before they change keeps its branches: a later change (a test's monkeypatch) reaches only _pack, so a
choice taken away is refused there, while one added would run as the traced layer's first choice (_layer).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from manual_backprop.spec import FUSED_PAIRS, LOSSES, NetworkSpec

from .core import evaluate
from .padded_branches import _G, _KEEPS, _TERMS, HIDDEN, NAMES, OUTPUTS, PASS, _layer
from .plain import OracleResult, unpack

Problem = tuple[NetworkSpec, dict[str, np.ndarray], np.ndarray, np.ndarray]


def _padded(Ws: list[jax.Array], bs: list[jax.Array], X: jax.Array, Y: jax.Array, act: jax.Array,
            fused: jax.Array, unit_mask: jax.Array, example_mask: jax.Array, m: jax.Array, l2: jax.Array,
            units: jax.Array, loss: str) -> Any:
    """core.evaluate of the padded problem; act[l] == PASS marks a pass-through layer, units[l] the real units."""
    L, ones = len(Ws), jnp.ones_like(unit_mask)
    masks = [unit_mask if l == L - 1 else ones for l in range(L)]
    choices = [HIDDEN] * (L - 1) + [OUTPUTS[loss]]
    gs, terms, keeps = ([_layer(t, choices[l], act[l], masks[l]) for l in range(L)] for t in (_G, _TERMS, _KEEPS))
    mask = unit_mask[:, None] * example_mask[None, :]
    return evaluate(Ws, bs, X, Y, gs, terms, loss, fused, m, l2, mask=mask, unit_mask=unit_mask,
                    penalised=act != PASS, units=units, keeps=keeps)


#: XLA's backend optimisation off, for programs compiled once per shape in the tests (tests/test_oracle.py).
FAST_COMPILE = {"xla_backend_optimization_level": 0}
#: One problem at a time (check_gradients, the property tests) and batched (campaigns), both compiled with XLA's
#: defaults. The single form ran at FAST_COMPILE for a faster first call (1.6 s instead of 2.5 s), but there its
#: error scales S left the plain form's on cancelled entries (2.7x on a dW1 row of size 1e-12 of the array's
#: largest; Hypothesis found two problems, kept in tests/test_oracle.py), where the defaults agree bit for bit.
_single = {loss: jax.jit(partial(_padded, loss=loss)) for loss in LOSSES}
_batched = {loss: jax.jit(jax.vmap(partial(_padded, loss=loss))) for loss in LOSSES}


class PaddedOracle:
    """The oracle for problems up to max_width units per layer and max_m examples (any depth)."""

    def __init__(self, max_width: int = 8, max_m: int = 32, max_depth: int = 4) -> None:
        self.max_width, self.max_m, self.max_depth = max_width, max_m, max_depth

    def layers(self, spec: NetworkSpec) -> int:
        """The padded depth: max_depth, or spec's depth if deeper (one compile per loss and padded depth)."""
        return max(self.max_depth, spec.depth)

    def front(self, spec: NetworkSpec) -> int:
        """How many pass-through layers come before spec's layer 1 in the padded problem."""
        return self.layers(spec) - spec.depth

    def fits(self, spec: NetworkSpec, m: int) -> bool:
        return max(spec.layer_sizes) <= self.max_width and m <= self.max_m

    def _pack(self, problem: Problem) -> list[Any]:
        spec, params, X, Y = problem
        if not self.fits(spec, X.shape[1]):
            raise ValueError(f"problem does not fit the padded oracle ({self.max_width} units, {self.max_m} examples)")
        w, M, L, D = self.max_width, self.max_m, spec.depth, self.layers(spec)
        n, m, front = spec.layer_sizes, X.shape[1], self.front(spec)  # layers front..D-1 are the network's
        Ws, bs = np.zeros((D, w, w)), np.zeros((D, w, 1))
        Ws[:front] = np.eye(w)
        for l in range(1, L + 1):
            Ws[front + l - 1, : n[l], : n[l - 1]] = params[f"W{l}"]
            bs[front + l - 1, : n[l]] = params[f"b{l}"]
        Xp, Yp = np.zeros((w, M)), np.zeros((w, M))
        Xp[: n[0], :m], Yp[: n[-1], :m] = X, Y
        act = np.array([PASS] * front + [NAMES.index(a) for a in spec.activations])
        if not set(act[:-1]) <= set(HIDDEN) or act[-1] not in OUTPUTS[spec.loss]:     # NetworkSpec refuses these
            raise ValueError(f"the padded oracle has no branch for a layer of {spec!r}")
        units = np.arange(w) < np.array([0] * front + list(n[1:]))[:, None]   # (D, w): layer l's n[l] real units
        fused = np.bool_((spec.activations[-1], spec.loss) in FUSED_PAIRS)
        return [list(Ws), list(bs), Xp, Yp, act, fused, np.arange(w) < n[-1], np.arange(M) < m,
                np.float64(m), np.float64(spec.l2), units]

    def evaluate(self, spec: NetworkSpec, params: dict[str, np.ndarray], X: np.ndarray,
                 Y: np.ndarray) -> OracleResult:
        """J, gradients and error scales of one problem, in float64; the problem must fit."""
        with jax.enable_x64(True):
            out = _single[spec.loss](*self._pack((spec, params, X, Y)))
            return unpack(spec, out, front=self.front(spec))

    def batch(self, problems: Sequence[Problem]) -> list[OracleResult]:
        """The results of many problems of one loss and padded depth, in one call (vmap over problems)."""
        depth, loss = self.layers(problems[0][0]), problems[0][0].loss
        if any(self.layers(p[0]) != depth or p[0].loss != loss for p in problems):
            raise ValueError(f"a batch needs problems of one loss and one padded depth (depth <= {self.max_depth}, "
                             "or one depth beyond it)")
        packed = [self._pack(p) for p in problems]
        stacked = [[np.stack([p[i][l] for p in packed]) for l in range(depth)] if i < 2 else
                   np.stack([p[i] for p in packed]) for i in range(11)]
        with jax.enable_x64(True):
            out = jax.tree.map(np.asarray, _batched[loss](*stacked))
        return [unpack(p[0], jax.tree.map(lambda a, i=i: a[i], out), front=self.front(p[0]))
                for i, p in enumerate(problems)]
