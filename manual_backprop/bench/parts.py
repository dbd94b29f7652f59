"""Parts of manual's own time, timed in the same interleaved rounds as the peers but not peers themselves:
the report splits manual's time with them (report.breakdown, targets.why)."""

from __future__ import annotations

import numpy as np

from manual_backprop import activations
from manual_backprop.propagation import _backward, _forward

from .cases import Case
from .peers import Peer, first_call

#: The parts' names in a case's timings, beside the peers'.
PARTS = ("unchecked", "activations")


def unchecked(case: Case) -> Peer:
    """manual's gradient without its input checks: not a peer; manual minus this is what the checks cost.

    Timed alone, the checks look cheaper than they are inside a gradient, where the previous call's products
    have pushed X out of the cache (measured at seed medium float64: 150 µs alone, 300 µs added to a gradient).
    """
    spec, params, X, Y = case.spec, case.params, case.X, case.Y
    return first_call("unchecked", lambda: _backward(spec, params, _forward(spec, params, X)[1], Y))


def activation_functions(case: Case) -> Peer:
    """manual's activation functions alone: A[l] = g[l](Z[l]) for every layer and dZ[l] = dA[l] * g[l]'(Z[l]) for
    every layer whose derivative manual takes (the hidden ones; the output too unless dZ[L] = A[L] - Y is fused).

    Not a peer: this over manual is the share of the activations (tanh, sigmoid, relu, ... and their derivatives)
    in manual's time, the elementwise work whose speed depends most on the CPU (a SIMD tanh or a scalar one).
    """
    spec = case.spec
    cache = _forward(spec, case.params, case.X)[1]
    layers = [(activations.REGISTRY[name], cache[f"Z{l}"], cache[f"A{l}"])
              for l, name in enumerate(spec.activations, start=1)]
    # any dA[l] of the right shape: backward reads it and writes only a fresh dZ[l]
    derived = [(g, Z, A, np.ones_like(Z)) for g, Z, A in (layers if not spec.fused_output else layers[:-1])]

    def call() -> None:
        for g, Z, _ in layers:
            g.g(Z)                                         # A[l] = g[l](Z[l])
        for g, Z, A, dA in derived:
            g.backward(Z, A, dA)                           # dZ[l] = dA[l] * g[l]'(Z[l])

    return first_call("activations", call)
