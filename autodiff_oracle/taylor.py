"""The Taylor-remainder order test: a gradient is right iff J's first-order remainder shrinks like h^2.

For a direction V (unit norm over all parameters) and a geometric sequence of steps h,

    r(h) = |J(theta + h V) - J(theta) - h <g, V>|

is O(h^2) when g is the gradient of J at theta and ~ |<grad J - g, V>| h otherwise, so the least-squares
slope of log r against log h is about 2 for a correct gradient and about 1 for a wrong one, with no
tolerance to tune. Steps whose remainder is below the rounding noise of evaluating J (J_NOISE units of
float64 roundoff times |J|) or of the candidate's gradient (G_NOISE units of its own roundoff times
h sum |g V|) say nothing and are dropped. The slope is fitted over the FIT smallest usable steps: the
asymptotic regime, where a gradient error of relative size e shows as soon as h < e |g| / |J''|, and
third-order terms have died out. Fewer than FIT usable steps make the test inconclusive (slope None).
J is any cost(spec, params, X, Y) -> float; it is evaluated on float64 copies.
Where relu-like units are, keep every step away from their kinks (a step that crosses one adds a
term linear in h): the caller chooses h_max below the kink margin.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from manual_backprop.spec import NetworkSpec

from .finite_differences import Cost

#: Steps h_max * 2^-k, k = 0 .. STEPS - 1 (7 decades; the noise filter keeps the usable ones).
STEPS = 24
#: Default largest step (V has unit norm), per dtype the gradient was computed in.
H_MAX: dict[np.dtype, float] = {np.dtype(np.float64): 1e-2, np.dtype(np.float32): 1e-1}
J_NOISE = 1e3
G_NOISE = 1e4
FIT = 4


@dataclass(frozen=True)
class TaylorResult:
    """Steps used, their remainders, and the fitted slope (None when inconclusive)."""

    h: tuple[float, ...]
    r: tuple[float, ...]
    slope: float | None

    def __str__(self) -> str:
        pairs = ", ".join(f"r({h:.2g}) = {r:.3g}" for h, r in zip(self.h, self.r, strict=True))
        return f"Taylor remainder slope {self.slope if self.slope is None else round(self.slope, 3)}: {pairs}"


def as_float64(spec: NetworkSpec, params: Mapping[str, np.ndarray], X: np.ndarray,
               Y: np.ndarray) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:
    """float64 copies of a problem, to judge the formulas. Categorical labels are renormalised so each
    column sums to 1 in float64: float32 labels sum to 1 only within float32 rounding, and the fused
    dZ[L] = A[L] - Y is the gradient only when they sum to exactly 1 (the Taylor test sees the 3e-8
    relative difference that a label sum of 1 - 3e-8 makes)."""
    Y64 = np.asarray(Y, np.float64)
    if spec.loss == "categorical_cross_entropy":
        Y64 = Y64 / Y64.sum(axis=0, keepdims=True)
    return {k: np.asarray(v, np.float64) for k, v in params.items()}, np.asarray(X, np.float64), Y64


def random_direction(params: Mapping[str, np.ndarray], rng: np.random.Generator) -> dict[str, np.ndarray]:
    """A Gaussian direction V of unit norm over all parameters, in float64."""
    V = {k: rng.standard_normal(np.shape(p)) for k, p in params.items()}
    norm = float(np.sqrt(sum(np.sum(v**2) for v in V.values())))
    return {k: v / norm for k, v in V.items()}


def remainder_slope(cost: Cost, spec: NetworkSpec, params: Mapping[str, np.ndarray], X: np.ndarray,
                    Y: np.ndarray, gradients: Mapping[str, np.ndarray], V: Mapping[str, np.ndarray],
                    h_max: float | None = None) -> TaylorResult:
    """Fit the slope of log r(h) against log h over h = h_max 2^-k (see the module docstring)."""
    grad_dtype = np.dtype(next(iter(gradients.values())).dtype)
    h_max = H_MAX.get(grad_dtype, H_MAX[np.dtype(np.float64)]) if h_max is None else h_max
    P, X64, Y = as_float64(spec, params, X, Y)
    J0 = cost(spec, P, X64, Y)
    dot = sum(float(np.sum(np.asarray(gradients[k], np.float64) * V[k])) for k in P)
    size = sum(float(np.sum(np.abs(np.asarray(gradients[k], np.float64) * V[k]))) for k in P)
    u64, u = float(np.finfo(np.float64).eps) / 2, float(np.finfo(grad_dtype).eps) / 2
    hs, rs = [], []
    for k in range(STEPS):
        h = h_max * 2.0**-k
        J = cost(spec, {key: P[key] + h * V[key] for key in P}, X64, Y)
        r = abs(J - J0 - h * dot)
        if r > J_NOISE * u64 * max(abs(J), abs(J0)) + G_NOISE * u * h * size:
            hs.append(h)
            rs.append(r)
        elif len(hs) >= FIT:
            break  # below the noise from here on
    hs, rs = hs[-FIT:], rs[-FIT:]
    slope = float(np.polyfit(np.log(hs), np.log(rs), 1)[0]) if len(hs) == FIT else None
    return TaylorResult(tuple(hs), tuple(rs), slope)


def taylor_test(cost: Cost, gradients_fn: Any, spec: NetworkSpec, params: Mapping[str, np.ndarray], X: np.ndarray,
                Y: np.ndarray, seed: int = 0, h_max: float | None = None) -> TaylorResult:
    """remainder_slope for gradients_fn(spec, params, X, Y) along a random direction drawn from seed."""
    V = random_direction(params, np.random.default_rng(seed))
    return remainder_slope(cost, spec, params, X, Y, gradients_fn(spec, params, X, Y), V, h_max)
