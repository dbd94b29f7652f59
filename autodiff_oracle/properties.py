"""The property suite as plain functions, so tests, `backprop mutants` and users run the same checks.

Each property takes an implementation `impl` (any object with manual_backprop's cost, gradients,
cost_and_gradients and gradient_descent, e.g. the manual_backprop module itself, passed in so this
package never imports manual_backprop's math) and a Problem; it returns when the property holds,
raises AssertionError naming what broke, or NotApplicable when it cannot judge this problem. The
metamorphic ones (permutation, duplication, mean of examples, l2 term, descent step) live in
metamorphic.py; all are re-exported here, with PROPERTIES naming every one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from .applicability import KINK_MARGIN, NotApplicable, resolvable, smooth_enough
from .finite_differences import THRESHOLD, compare_fd, directional_derivative, fd_gradient
from .harness import assert_gradients_match
from .metamorphic import check_descent_step, check_duplication, check_l2_term, check_mean_of_examples, check_permutation
from .problems import Problem
from .taylor import as_float64, random_direction, remainder_slope

__all__ = [
    "FD_MAX_ENTRIES", "KINK_MARGIN", "PROPERTIES", "NotApplicable", "Property", "Saturated", "check_descent_step",
    "check_duplication", "check_finite_differences", "check_l2_term", "check_mean_of_examples", "check_oracle",
    "check_permutation", "check_saturated", "check_shapes_and_dtypes", "check_taylor", "saturate",
]

Property = Callable[[Any, Problem], None]
FD_MAX_ENTRIES = 120  # every entry by differences up to here; random directions beyond


def check_oracle(impl: Any, problem: Problem) -> None:
    """Cost and gradients equal the JAX oracle's within the documented tolerance."""
    spec, params, X, Y = problem
    assert_gradients_match(impl.cost_and_gradients, spec, params, X, Y, context=repr(problem))


def check_shapes_and_dtypes(impl: Any, problem: Problem) -> None:
    """Gradients have the parameters' keys, shapes and dtype; the cost is a finite Python float."""
    spec, params, X, Y = problem
    J, grads = impl.cost_and_gradients(spec, params, X, Y)
    assert type(J) is float and np.isfinite(J), f"cost {J!r}"
    assert list(grads) == list(params), f"keys {list(grads)} != {list(params)}"
    for key, value in params.items():
        got = grads[key]
        assert got.shape == value.shape and got.dtype == X.dtype, f"{key}: {got.shape} {got.dtype}"
        assert np.all(np.isfinite(got)), f"{key} is not finite"


def check_finite_differences(impl: Any, problem: Problem) -> None:
    """Gradients equal central differences of impl.cost (every entry, or random directions when large).

    Only in the Gaussian regime: with saturated units the gradient can be far below the differences'
    rounding floor u |J| / h, which is the documented limit of this oracle; and only where the dtype resolves
    the gradient to the threshold (applicability.resolvable).
    """
    if problem.values != "normal":
        raise NotApplicable("finite differences judge only unsaturated (Gaussian-regime) problems")
    smooth_enough(problem)
    resolvable(problem, THRESHOLD[np.dtype(problem.dtype)])
    spec, params, X, Y = problem
    grads = impl.gradients(spec, params, X, Y)
    if sum(p.size for p in params.values()) <= FD_MAX_ENTRIES:
        report = compare_fd(grads, fd_gradient(impl.cost, spec, params, X, Y), X.dtype)
        assert report.ok, f"{report} for {problem!r}"
        return
    rng = np.random.default_rng(problem.seed)
    for _ in range(3):
        V = random_direction(params, rng)
        fd = directional_derivative(impl.cost, spec, params, X, Y, V)
        dot = sum(float(np.sum(grads[k].astype(np.float64) * V[k])) for k in V)
        size = sum(float(np.sum(np.abs(grads[k].astype(np.float64) * V[k]))) for k in V)
        assert abs(fd - dot) <= 1e-4 * size + 1e-7 * abs(fd), f"<g, V> = {dot!r} but differences give {fd!r}"


def check_taylor(impl: Any, problem: Problem) -> None:
    """The formulas (run in float64) give a Taylor remainder of order 2 along a random direction."""
    smooth_enough(problem)      # a kink margin of at least KINK_MARGIN, or NotApplicable
    spec = problem.spec
    P, X64, Y64 = as_float64(*problem)
    rng = np.random.default_rng(problem.seed)
    # The first step, h_max = KINK_MARGIN, is therefore at most the margin, as taylor.py asks of steps near kinks.
    result = remainder_slope(impl.cost, spec, P, X64, Y64, impl.gradients(spec, P, X64, Y64), rng, KINK_MARGIN)
    if result.slope is None:
        raise NotApplicable("no direction has a second-order term of J above rounding noise")
    assert abs(result.slope - 2) <= 0.2, f"{result} for {problem!r}"


@dataclass(frozen=True, eq=False, repr=False)
class Saturated(Problem):
    """A Problem whose output layer was scaled so that max |Z[L]| = target; its repr rebuilds it."""

    target: float = 1e4

    def __repr__(self) -> str:
        base = Problem(self.spec, self.params, self.X, self.Y, self.seed, self.values, self.layout)
        return f"saturate({base!r}, target={self.target!r})"


def saturate(problem: Problem, target: float = 1e4) -> Saturated:
    """The problem with W[L], b[L] scaled so that max |Z[L]| = target (saturated outputs, huge logits)."""
    spec, params, X, Y = problem
    A = X.astype(np.float64)
    with np.errstate(all="ignore"):
        for l in range(1, spec.depth):
            A = np.tanh(params[f"W{l}"] @ A + params[f"b{l}"])  # a stand-in: only the size of Z[L] matters
    L = spec.depth
    ZL = float(np.abs(params[f"W{L}"] @ A + params[f"b{L}"]).max())
    factor = target / max(ZL, 1e-3)
    scaled = {**params, f"W{L}": (params[f"W{L}"] * factor).astype(X.dtype),
              f"b{L}": (params[f"b{L}"] * factor).astype(X.dtype)}
    return Saturated(spec, scaled, X, Y, problem.seed, problem.values, problem.layout, target)


def check_saturated(impl: Any, problem: Problem) -> None:
    """With output logits scaled to |Z[L]| ~ 1e4, cost and gradients are finite, warning-free and correct."""
    with np.errstate(all="raise", under="ignore"):
        check_oracle(impl, saturate(problem))


PROPERTIES: Mapping[str, Property] = {
    "oracle": check_oracle, "shapes_and_dtypes": check_shapes_and_dtypes,
    "finite_differences": check_finite_differences, "taylor": check_taylor,
    "permutation": check_permutation, "duplication": check_duplication, "mean_of_examples": check_mean_of_examples,
    "l2_term": check_l2_term, "descent_step": check_descent_step, "saturated": check_saturated,
}
