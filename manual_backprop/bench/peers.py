"""One zero-argument gradient callable per implementation, built for a Case.

Each Peer's call() computes one gradient (finite differences: one entry; scale turns it into a whole
gradient). Optional peers (JAX, torch) return None with a note when their package is absent. The Peer itself and
the peers' names are in peer.py (imported here, so that peers.Peer, peers.PEERS, ... stay where users find them).
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable
from typing import Any

import numpy as np

from manual_backprop.propagation import W_T_dZ, _cost, _forward, gradients

from .cases import Case
from .peer import DISPLAY_ORDER, PEERS, YOURS, NotTimed, Peer, first_call

__all__ = ["BUILDERS", "DISPLAY_ORDER", "PEERS", "YOURS", "NotTimed", "Peer", "bound", "finite_differences",
           "first_call", "jax_eager", "jax_jit", "manual", "torch_autograd"]


def manual(case: Case) -> Peer:
    """manual_backprop.gradients, input checks included (what a user calls)."""
    spec, params, X, Y = case.spec, case.params, case.X, case.Y
    return first_call("manual", lambda: gradients(spec, params, X, Y))


def bound(case: Case) -> Peer:
    """manual's own matrix products alone: W[l] A[l-1] forward; dZ[l] A[l-1]^T and W[l]^T dZ[l] backward.

    The issue's floor, so not db[l] = dZ[l] 1: manual forms that row sum as a matrix-vector product too, but a
    sum is work any implementation does beyond the floor, and leaving it out keeps manual / bound the stricter
    ratio (counted in, the bound would grow by manual's own db time).
    """
    L, cache = case.spec.depth, _forward(case.spec, case.params, case.X)[1]
    W = [case.params[f"W{l}"] for l in range(1, L + 1)]
    A = [cache[f"A{l}"] for l in range(L)]                 # A[0] = X, ..., A[L-1]
    dZ = [cache[f"Z{l}"].copy() for l in range(1, L + 1)]  # any array of dZ[l]'s shape and dtype

    def call() -> None:
        for l in range(L):
            W[l] @ A[l]                                    # Z[l] = W[l] A[l-1] (+ b[l])
        for l in reversed(range(L)):
            dZ[l] @ A[l].T                                 # dW[l] = (1/m) dZ[l] A[l-1]^T
            if l > 0:
                W_T_dZ(W[l], dZ[l])                        # dA[l-1] = W[l]^T dZ[l], formed as manual forms it

    return first_call("bound", call)


def finite_differences(case: Case) -> Peer:
    """Central differences (J(p + h) - J(p - h)) / 2h, one entry per call, scaled to all P entries."""
    spec, X, Y = case.spec, case.X, case.Y
    params = {key: value.copy() for key, value in case.params.items()}
    flat = [(params[key].reshape(-1), i) for key in params for i in range(min(params[key].size, 8))]
    entries = itertools.cycle(flat)
    h = float(np.finfo(X.dtype).eps) ** (1 / 3)

    def call() -> float:
        p, i = next(entries)
        old = p[i]
        p[i] = old + h
        J_plus = _cost(spec, params, _forward(spec, params, X)[1], Y)
        p[i] = old - h
        J_minus = _cost(spec, params, _forward(spec, params, X)[1], Y)
        p[i] = old
        return (J_plus - J_minus) / (2 * h)

    return first_call("finite-diff", call, scale=case.n_parameters)


def _jax_args(case: Case) -> tuple[Any, Any]:
    import jax

    # Process-wide, so the timed calls carry no context manager: float64 stays float64, float32 float32.
    jax.config.update("jax_enable_x64", True)
    from autodiff_oracle import model

    args = jax.device_put((case.params, case.X, case.Y))
    return jax, (functools.partial(model.J, case.spec), args)


def jax_jit(case: Case) -> Peer:
    """jax.jit(jax.grad(J)) on autodiff_oracle.model.J; setup_seconds is the first call (compile)."""
    jax, (J, args) = _jax_args(case)
    grad = jax.jit(jax.grad(J))
    return first_call("jax.jit", lambda: jax.block_until_ready(grad(*args)))


def jax_eager(case: Case) -> Peer:
    """jax.grad(J) without jit: one dispatch per operation."""
    jax, (J, args) = _jax_args(case)
    grad = jax.grad(J)
    return first_call("jax-eager", lambda: jax.block_until_ready(grad(*args)))


def torch_autograd(case: Case) -> Peer | None:
    """The same J in torch (cross-entropy from the logits), torch.autograd.grad; None without torch."""
    try:
        import torch
        from torch.nn.functional import binary_cross_entropy_with_logits
    except ImportError:
        return None
    act = {"tanh": torch.tanh, "relu": torch.relu, "sigmoid": torch.sigmoid}
    spec, m = case.spec, case.m
    params = [torch.from_numpy(case.params[key]).requires_grad_() for key in spec.parameter_shapes()]
    X, Y = torch.from_numpy(case.X), torch.from_numpy(case.Y)

    def call() -> Any:
        A = X
        for l, name in enumerate(spec.activations):
            Z = params[2 * l] @ A + params[2 * l + 1]      # Z[l] = W[l] A[l-1] + b[l]
            A = act[name](Z) if l < spec.depth - 1 else A  # the loss reads the logits Z[L]
        J = binary_cross_entropy_with_logits(Z, Y, reduction="sum") / m
        return torch.autograd.grad(J, params)

    return first_call("torch", call)


#: One builder per name in PEERS.
BUILDERS: dict[str, Callable[[Case], Peer | None]] = {
    "manual": manual, "bound": bound, "jax.jit": jax_jit, "jax-eager": jax_eager,
    "torch": torch_autograd, "finite-diff": finite_differences,
}
