"""A second, framework-free oracle: central finite differences of J, in NumPy only.

    fd = fd_gradient(manual_backprop.cost, spec, params, X, Y)          # every entry (small nets)
    report = compare_fd(grads, fd)                                       # relative difference, worst entry
    slope = directional_derivative(manual_backprop.cost, spec, params, X, Y, V)   # <grad J, V> (large nets)

J is whatever cost function is passed in (cost(spec, params, X, Y) -> float), so this module
imports nothing but the spec. J is evaluated on float64 copies of the inputs by default: a float32
candidate's gradient is then judged against differences that carry float64 rounding only.

Step (documented choice): the central difference (J(t + h) - J(t - h)) / 2h has truncation error
h^2 |J'''| / 6 and rounding error about u |J| / h, so h = u^(1/3) balances them and leaves an error
of order u^(2/3) relative to the size of J and its derivatives: STEP = 6e-6 in float64 (u = 1.1e-16,
error ~ 1e-11) and 5e-3 in float32 (u = 6e-8, error ~ 2e-5). Each entry's step is STEP * max(1, |t|).
The differences cannot see kinks: a step that crosses a relu kink measures a chord, not a
derivative, so callers keep pre-activations a margin away from kinks (tests/strategies.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from manual_backprop.spec import NetworkSpec

Cost = Callable[[NetworkSpec, dict[str, np.ndarray], np.ndarray, np.ndarray], float]
#: h = u^(1/3) of the dtype J is evaluated in, rounded.
STEP: dict[np.dtype, float] = {np.dtype(np.float64): 6e-6, np.dtype(np.float32): 5e-3}
#: The course's relative difference thresholds for a gradient computed in each dtype (see compare_fd).
THRESHOLD: dict[np.dtype, float] = {np.dtype(np.float64): 1e-7, np.dtype(np.float32): 1e-4}


def _cast(spec: NetworkSpec, params: Mapping[str, np.ndarray], X: np.ndarray, Y: np.ndarray,
          dtype: np.dtype) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:
    """Copies of params, X and Y in dtype. Categorical labels are renormalised in dtype: float32 soft
    labels sum to 1 only within float32 rounding, and check_Y judges the sum in X's dtype."""
    Yd = np.asarray(Y, dtype=dtype)
    if spec.loss == "categorical_cross_entropy" and Yd.dtype != np.asarray(Y).dtype:
        Yd = Yd / Yd.sum(axis=0, keepdims=True)
    return {k: np.array(v, dtype=dtype) for k, v in params.items()}, X.astype(dtype), Yd


def fd_gradient(cost: Cost, spec: NetworkSpec, params: Mapping[str, np.ndarray], X: np.ndarray, Y: np.ndarray,
                dtype: Any = np.float64) -> dict[str, np.ndarray]:
    """dJ/dtheta for every entry by central differences, 2 evaluations of J per entry, in float64 arrays."""
    dt = np.dtype(dtype)
    P, X, Y = _cast(spec, params, X, Y, dt)
    out: dict[str, np.ndarray] = {}
    for key, theta in P.items():
        grad = np.zeros(theta.shape)
        for index in np.ndindex(*theta.shape):
            t = theta[index]
            h = STEP[dt] * max(1.0, abs(float(t)))
            theta[index] = t + h
            up = cost(spec, P, X, Y)
            theta[index] = t - h
            down = cost(spec, P, X, Y)
            theta[index] = t
            grad[index] = (up - down) / (float(t + h) - float(t - h))  # the step as represented
        out[key] = grad
    return out


def directional_derivative(cost: Cost, spec: NetworkSpec, params: Mapping[str, np.ndarray], X: np.ndarray,
                           Y: np.ndarray, V: Mapping[str, np.ndarray], dtype: Any = np.float64) -> float:
    """<grad J, V> by one central difference along V (2 evaluations of J, for nets of any size)."""
    dt = np.dtype(dtype)
    P, X, Y = _cast(spec, params, X, Y, dt)
    scale = max(1.0, max(float(np.max(np.abs(p))) for p in P.values()))
    norm = float(np.sqrt(sum(np.sum(np.asarray(v, np.float64) ** 2) for v in V.values())))
    h = STEP[dt] * scale / norm
    plus = {k: (P[k] + h * V[k]).astype(dt) for k in P}
    minus = {k: (P[k] - h * V[k]).astype(dt) for k in P}
    return (cost(spec, plus, X, Y) - cost(spec, minus, X, Y)) / (2 * h)


def relative_difference(g: Mapping[str, np.ndarray], g_fd: Mapping[str, np.ndarray]) -> float:
    """The course's ||g - g_fd|| / (||g|| + ||g_fd||) over all parameters stacked (0 when both are 0)."""
    a = np.concatenate([np.asarray(g[k], np.float64).ravel() for k in g_fd])
    b = np.concatenate([np.asarray(g_fd[k], np.float64).ravel() for k in g_fd])
    denominator = np.linalg.norm(a) + np.linalg.norm(b)
    return float(np.linalg.norm(a - b) / denominator) if denominator else 0.0


def elementwise_errors(g: np.ndarray, g_fd: np.ndarray, floor: float) -> np.ndarray:
    """|g - g_fd| / max(|g|, |g_fd|, floor): relative where entries are large, absolute/floor where tiny."""
    a, b = np.asarray(g, np.float64), np.asarray(g_fd, np.float64)
    return np.abs(a - b) / np.maximum(np.maximum(np.abs(a), np.abs(b)), floor)


@dataclass(frozen=True)
class FDReport:
    """Relative difference over all entries, and the worst entry by elementwise relative error."""

    relative_difference: float
    worst_key: str
    worst_index: tuple[int, ...]
    worst_error: float
    threshold: float

    @property
    def ok(self) -> bool:
        return self.relative_difference <= self.threshold and self.worst_error <= self.threshold ** 0.5

    def __str__(self) -> str:
        verdict = "match" if self.ok else "DISAGREE with"
        return (f"gradients {verdict} finite differences: relative difference {self.relative_difference:.3g} "
                f"(threshold {self.threshold:.0e}); worst entry {self.worst_key}{list(self.worst_index)} "
                f"elementwise error {self.worst_error:.3g} (threshold {self.threshold ** 0.5:.0e})")


def compare_fd(g: Mapping[str, np.ndarray], g_fd: Mapping[str, np.ndarray], dtype: Any = np.float64) -> FDReport:
    """Judge a gradient computed in dtype against finite differences (THRESHOLD[dtype]).

    The elementwise floor is 1e-3 of the largest |g_fd| entry, so entries that are zero up to rounding
    are judged on an absolute scale; an entry must agree to sqrt(threshold), the whole vector to threshold.
    """
    floor = 1e-3 * max((float(np.max(np.abs(v))) for v in g_fd.values()), default=0.0) or 1e-300
    worst: tuple[float, str, tuple[int, ...]] = (0.0, "", ())
    for key, fd in g_fd.items():
        err = elementwise_errors(g[key], fd, floor)
        i = int(np.argmax(err))
        if err.flat[i] > worst[0] or not worst[1]:
            worst = (float(err.flat[i]), key, tuple(int(j) for j in np.unravel_index(i, fd.shape)))
    return FDReport(relative_difference(g, g_fd), worst[1], worst[2], worst[0], THRESHOLD[np.dtype(dtype)])
