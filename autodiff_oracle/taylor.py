"""The Taylor-remainder order test: a gradient is right iff J's first-order remainder shrinks like h^2.

For a direction V (unit norm over all parameters) and a geometric sequence of steps h,

    r(h) = max(|J(theta + h V) - J(theta) - h <g, V>|, |J(theta - h V) - J(theta) + h <g, V>|)

is |a| h^2 + |b| h^3 + ... when g is the gradient of J at theta (a = J''/2, b = J'''/6 along V) and
|<grad J - g, V>| h + |a| h^2 otherwise, so the least-squares slope of log r against log h is 2 for a
correct gradient and 1 for a wrong one, with no tolerance to tune. Taking both signs of h keeps the
terms from cancelling (a one-sided remainder a h^2 + b h^3 crosses zero at h = -a/b).

The slope is 2 only in the asymptotic regime of J along V, which is a property of J alone: steps where
the second-order part S(h) = (J(+h) + J(-h))/2 - J(0) stands above rounding noise (NOISE_FACTOR times
the noise measured at steps too small to change J but by rounding (_noise), and G_NOISE units
of the candidate's own roundoff in h <g, V>), where S itself has local slope 2 +/- S_SLOPE, and where
the third-order part |D(h) - 2 D(h/2)| / 0.75 ~ |b| h^3, D(h) = (J(+h) - J(-h))/2, is at most CUBIC
of S. The fit starts with the FIT smallest consecutive steps that qualify and slides on to smaller
steps for as long as r stays above the noise floor: for a correct gradient r ~ |S| falls below it right
after the window, while a wrong gradient's e h, e = |<grad J - g, V>|, stays above it down to where it
dominates |a| h^2 and is resolved as slope 1. That takes e^2 well above |a| times the floor: nearer that limit
the fitted steps hold both terms and the slope lies between 1 and 2 (r = e h + |a| h^2 with e h = 4 |a| h^2 at
the smallest of FIT = 4 doubling steps fits a slope of 1.42; tests/test_taylor.py judges planted bugs only
where e h is at least that at the smallest step fitted). A direction without qualifying steps (J's
curvature along V below rounding, or vanishing) is replaced by another from the same generator, up to
TRIES; choosing it never looks at the gradient under test beyond the size of its roundoff, so it cannot
favour a wrong gradient. After TRIES directions the test is inconclusive (slope None).
J is any cost(spec, params, X, Y) -> float; it is evaluated on float64 copies.
Where relu-like units are, keep every step away from their kinks (a step that crosses one adds a
term linear in h): the caller chooses h_max below the kink margin.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from manual_backprop.spec import NetworkSpec

from .finite_differences import Cost

#: Steps h_max * 2^-k, k = 0 .. STEPS - 1 (12 decades: where J is near 0, so is its rounding noise).
STEPS = 40
#: Default largest step (V has unit norm), per dtype the gradient was computed in.
H_MAX: dict[np.dtype, float] = {np.dtype(np.float64): 1e-2, np.dtype(np.float32): 1e-1}
NOISE_FACTOR = 100.0
G_NOISE = 1e4
S_SLOPE = 0.1
CUBIC = 0.05
FIT = 4
TRIES = 8


@dataclass(frozen=True)
class TaylorResult:
    """Steps used, their remainders, the fitted slope (None when inconclusive) and the unit direction V the
    remainders were taken along ({key: array like the parameter}, float64; None when inconclusive)."""

    h: tuple[float, ...]
    r: tuple[float, ...]
    slope: float | None
    direction: Mapping[str, np.ndarray] | None = field(default=None, repr=False, compare=False)

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


def _window(S: np.ndarray, D: np.ndarray, floor: np.ndarray) -> int | None:
    """Index of the first of the FIT smallest consecutive steps in J's asymptotic regime, or None."""
    S, D = S[:-1], D[:-1] - 2 * D[1:]  # D_k - 2 D_{k+1} = 0.75 b h_k^3: the first-order term cancels
    with np.errstate(divide="ignore", invalid="ignore"):
        local = np.abs(np.log2(np.abs(S[:-1] / S[1:])) - 2)  # the local slope of S, minus 2
    ok = (np.abs(S) > floor[:-1]) & (np.abs(D) / 0.75 <= CUBIC * np.abs(S))
    ok[:-1] &= local <= S_SLOPE
    ok[-1] = False  # its local slope is unknown
    runs = [k for k in range(len(ok) - FIT + 1) if ok[k:k + FIT].all()]
    return runs[-1] if runs else None


def _noise(Jp: np.ndarray, Jm: np.ndarray, J0: float, u64: float) -> float:
    """J's rounding noise along V from J at halving steps t too small to change it but by rounding: S(t) and D(t) -
    2 D(t/2), D(t) = (J(+t) - J(-t))/2, both 0 in exact arithmetic there. S alone can read 0 where rounding is
    symmetric in t while J moves in quanta far above u |J0| (J = (a - y)^2/2, a - y << a: quanta u |a| |a - y|;
    a correct gradient whose fit reached them gave slope 1.55, tests/test_taylor.py)."""
    S, D = (Jp + Jm) / 2 - J0, (Jp - Jm) / 2
    return float(max(np.abs(S).max(), np.abs(D[:-1] - 2 * D[1:]).max(), 4 * u64 * abs(J0)))


def remainder_slope(cost: Cost, spec: NetworkSpec, params: Mapping[str, np.ndarray], X: np.ndarray,
                    Y: np.ndarray, gradients: Mapping[str, np.ndarray], rng: np.random.Generator,
                    h_max: float | None = None) -> TaylorResult:
    """Fit the slope of log r(h) against log h, h = h_max 2^-k (see the module docstring)."""
    grad_dtype = np.dtype(next(iter(gradients.values())).dtype)
    h_max = H_MAX.get(grad_dtype, H_MAX[np.dtype(np.float64)]) if h_max is None else h_max
    P, X64, Y = as_float64(spec, params, X, Y)
    G = {k: np.asarray(gradients[k], np.float64) for k in P}
    J0 = cost(spec, P, X64, Y)
    u64, u = float(np.finfo(np.float64).eps) / 2, float(np.finfo(grad_dtype).eps) / 2
    h = h_max * 2.0 ** -np.arange(STEPS + 1)
    tiny = h_max * 2.0 ** -np.arange(40, 46)  # steps that change the parameters by rounding only
    for _ in range(TRIES):
        V = random_direction(P, rng)

        def line(t: float, V: Mapping[str, np.ndarray] = V) -> float:
            return cost(spec, {k: P[k] + t * V[k] for k in P}, X64, Y)

        noise = _noise(np.array([line(t) for t in tiny]), np.array([line(-t) for t in tiny]), J0, u64)
        dot = sum(float(np.sum(G[k] * V[k])) for k in P)
        size = sum(float(np.sum(np.abs(G[k] * V[k]))) for k in P)
        Jp, Jm = np.array([line(t) for t in h]), np.array([line(-t) for t in h])
        floor = NOISE_FACTOR * noise + G_NOISE * u * h * size
        start = _window((Jp + Jm) / 2 - J0, (Jp - Jm) / 2, floor)
        if start is not None:
            r = np.maximum(np.abs(Jp - J0 - h * dot), np.abs(Jm - J0 + h * dot))
            end = start + FIT
            while end < STEPS and r[end] > floor[end]:
                end += 1  # smaller steps where r still stands above noise: a wrong gradient's e h does
            hs, rs = h[end - FIT:end], r[end - FIT:end]
            slope = float(np.polyfit(np.log(hs), np.log(rs), 1)[0])
            return TaylorResult(tuple(hs.tolist()), tuple(rs.tolist()), slope, V)
    return TaylorResult((), (), None)


def taylor_test(cost: Cost, gradients_fn: Any, spec: NetworkSpec, params: Mapping[str, np.ndarray], X: np.ndarray,
                Y: np.ndarray, seed: int = 0, h_max: float | None = None) -> TaylorResult:
    """remainder_slope for gradients_fn(spec, params, X, Y) along random directions drawn from seed."""
    rng = np.random.default_rng(seed)
    return remainder_slope(cost, spec, params, X, Y, gradients_fn(spec, params, X, Y), rng, h_max)
