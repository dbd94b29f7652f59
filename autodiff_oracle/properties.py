"""The property suite as plain functions, so tests, `backprop mutants` and users run the same checks.

Each property takes an implementation `impl` (any object with manual_backprop's cost, gradients,
cost_and_gradients and gradient_descent, e.g. the manual_backprop module itself, passed in so this
package never imports manual_backprop's math) and a Problem; it returns when the property holds,
raises AssertionError naming what broke, or NotApplicable when it cannot judge this problem.
Metamorphic properties need no oracle for their truth (two computations by impl must agree), only
for their tolerance: |a - b| <= rtol (|a| + |b| + 2 S) + atol, rtol = 256 u and atol as in compare.py,
S the oracle's first-order rounding scale of the batch's quantity (for l2 = 0 it is also the mean of
the per-example scales, since S is a sum over examples), so each side may carry its own rounding.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from .compare import rtol_for, scaled_errors
from .core import KINKS
from .finite_differences import compare_fd, directional_derivative, fd_gradient
from .harness import assert_gradients_match, oracle
from .plain import OracleResult
from .problems import Problem
from .taylor import as_float64, random_direction, remainder_slope

Property = Callable[[Any, Problem], None]
FD_MAX_ENTRIES = 120  # every entry by differences up to here; random directions beyond
KINK_MARGIN = 1e-2    # FD and Taylor judge only problems whose relu-like |Z| / F exceeds this


class NotApplicable(Exception):  # noqa: N818 - not an error: a skip
    """The property cannot judge this problem (e.g. a kink too close for finite differences)."""


def _close(name: str, a: Any, b: Any, dtype: np.dtype, scale: Any = 0.0, second_order: Any = 0.0) -> None:
    """|a - b| <= rtol (|a| + |b| + 2 S) + rtol^2 M + atol: compare.py's policy, symmetric in a and b."""
    a64, b64 = np.asarray(a, np.float64), np.asarray(b, np.float64)
    errors = scaled_errors(a64, b64, np.abs(a64) + 2 * np.asarray(scale), dtype, second_order)
    a64, b64, errors = np.broadcast_arrays(np.atleast_1d(a64), np.atleast_1d(b64), np.atleast_1d(errors))
    bad = np.argwhere(errors > rtol_for(dtype))
    if len(bad):
        i = tuple(int(j) for j in bad[0])
        raise AssertionError(f"{name}{list(i)}: {a64[i]!r} vs {b64[i]!r} ({errors[i]:.3g} in units of the scale; "
                             f"rtol {rtol_for(dtype):.3g})")


def _per_example(impl: Any, problem: Problem) -> tuple[list[float], list[dict[str, np.ndarray]]]:
    spec, params, X, Y = problem
    pairs = [impl.cost_and_gradients(spec, params, X[:, i : i + 1], Y[:, i : i + 1]) for i in range(X.shape[1])]
    return [J for J, _ in pairs], [g for _, g in pairs]


def _scales(problem: Problem) -> OracleResult:
    """The oracle's rounding scales; NotApplicable where rounding may put a Z on either side of a kink."""
    result = oracle(*problem)
    if result.kink_margin <= rtol_for(problem.dtype):
        raise NotApplicable("a relu-like pre-activation within rounding error of its kink")
    return result


def _smooth_enough(problem: Problem) -> float:
    """The kink margin, if differences of J can be taken (no kink within KINK_MARGIN, none exactly hit)."""
    kinked = any(name in KINKS for name in problem.spec.activations)
    if kinked and problem.values == "integers":
        raise NotApplicable("integer weights and inputs put relu-like pre-activations exactly on kinks")
    margin = oracle(*problem).kink_margin
    if margin < KINK_MARGIN:
        raise NotApplicable(f"a relu-like pre-activation within {margin:.2g} F of its kink")
    return margin


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
    rounding floor u |J| / h, which is the documented limit of this oracle.
    """
    if problem.values != "normal":
        raise NotApplicable("finite differences judge only unsaturated (Gaussian-regime) problems")
    _smooth_enough(problem)
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
    margin = _smooth_enough(problem)
    spec = problem.spec
    P, X64, Y64 = as_float64(*problem)
    rng = np.random.default_rng(problem.seed)
    result = remainder_slope(impl.cost, spec, P, X64, Y64, impl.gradients(spec, P, X64, Y64), rng, min(1e-2, margin))
    if result.slope is None:
        raise NotApplicable("no direction has a second-order term of J above rounding noise")
    assert abs(result.slope - 2) <= 0.2, f"{result} for {problem!r}"


def _same_cost_and_gradients(problem: Problem, expected: tuple[float, Any], actual: tuple[float, Any]) -> None:
    """Two runs of the candidate agree within the rounding scales of the problem."""
    S = _scales(problem)
    _close("J", actual[0], expected[0], problem.X.dtype, S.cost_scale)
    for key in expected[1]:
        _close(key, actual[1][key], expected[1][key], problem.X.dtype, S.scales[key], S.second_order[key])


def check_permutation(impl: Any, problem: Problem) -> None:
    """Permuting the columns of X and Y leaves J and the gradients unchanged."""
    spec, params, X, Y = problem
    order = np.random.default_rng(problem.seed).permutation(X.shape[1])
    _same_cost_and_gradients(problem, impl.cost_and_gradients(spec, params, X, Y),
                             impl.cost_and_gradients(spec, params, X[:, order], Y[:, order]))


def check_duplication(impl: Any, problem: Problem) -> None:
    """Duplicating the batch (with l2 doubled, so l2/m is unchanged) leaves J and the gradients unchanged."""
    spec, params, X, Y = problem
    doubled = type(spec)(spec.layer_sizes, spec.activations, spec.loss, 2 * spec.l2)
    _same_cost_and_gradients(problem, impl.cost_and_gradients(spec, params, X, Y),
                             impl.cost_and_gradients(doubled, params, np.hstack([X, X]), np.hstack([Y, Y])))


def check_mean_of_examples(impl: Any, problem: Problem) -> None:
    """With l2 = 0, J and the batch gradient are the means of the per-example ones."""
    spec, params, X, Y = problem
    spec = type(spec)(spec.layer_sizes, spec.activations, spec.loss, 0.0)
    J, grads = impl.cost_and_gradients(spec, params, X, Y)
    plain = Problem(spec, params, X, Y, problem.seed, problem.values)
    S = _scales(plain)
    costs, singles = _per_example(impl, plain)
    _close("J", J, np.mean(costs), X.dtype, S.cost_scale)
    for key in grads:
        mean = np.mean([g[key].astype(np.float64) for g in singles], axis=0)
        _close(key, grads[key], mean, X.dtype, S.scales[key], S.second_order[key])


def check_l2_term(impl: Any, problem: Problem) -> None:
    """l2 adds exactly (l2/m) W[l] to dW[l], nothing to db[l], and (l2/2m) sum ||W||^2 to J."""
    spec, params, X, Y = problem
    lam, m = spec.l2 or 1.0, X.shape[1]
    plain = type(spec)(spec.layer_sizes, spec.activations, spec.loss, 0.0)
    with_l2 = type(spec)(spec.layer_sizes, spec.activations, spec.loss, lam)
    S = _scales(Problem(with_l2, params, X, Y, problem.seed, problem.values))
    J0, g0 = impl.cost_and_gradients(plain, params, X, Y)
    J1, g1 = impl.cost_and_gradients(with_l2, params, X, Y)
    penalty = lam / (2 * m) * sum(float(np.sum(params[k].astype(np.float64) ** 2)) for k in params if k[0] == "W")
    _close("J(l2) - J(0)", J1 - J0, penalty, X.dtype, S.cost_scale + abs(J0))
    for key in params:
        expected = lam / m * params[key].astype(np.float64) if key[0] == "W" else 0.0
        _close(f"d{key}(l2) - d{key}(0)", g1[key].astype(np.float64) - g0[key], expected, X.dtype,
               S.scales[key] + np.abs(g0[key]), S.second_order[key])


def check_descent_step(impl: Any, problem: Problem) -> None:
    """One step is p - alpha dp exactly, leaves the caller's arrays alone, and lowers J for small alpha."""
    spec, params, X, Y = problem
    before = {k: v.copy() for k, v in params.items()}
    J, grads = impl.cost_and_gradients(spec, params, X, Y)
    norm2 = sum(float(np.sum(g.astype(np.float64) ** 2)) for g in grads.values())
    u = float(np.finfo(X.dtype).eps)
    alpha = 1e-4 / max(float(np.sqrt(norm2)), 1e-30)  # a step of length 1e-4 along -g
    new, _ = impl.gradient_descent(spec, params, X, Y, learning_rate=alpha, num_iterations=1)
    for key in params:
        np.testing.assert_array_equal(params[key], before[key], strict=True, err_msg=f"caller's {key} modified")
        np.testing.assert_array_equal(new[key], params[key] - alpha * grads[key], strict=True, err_msg=key)
    try:
        _smooth_enough(problem)
    except NotApplicable:
        return  # a step may cross a kink, where J need not decrease
    if alpha * norm2 <= 1e3 * u * (abs(J) + oracle(*problem).cost_scale):
        return  # the first-order decrease would be lost in J's rounding (S_J: the size of J's terms)
    after = impl.cost(spec, new, X, Y)
    assert after < J, f"J rose from {J!r} to {after!r} after a step of length 1e-4 along -gradient"


@dataclass(frozen=True, eq=False, repr=False)
class Saturated(Problem):
    """A Problem whose output layer was scaled so that max |Z[L]| = target; its repr rebuilds it."""

    target: float = 1e4

    def __repr__(self) -> str:
        base = Problem(self.spec, self.params, self.X, self.Y, self.seed, self.values)
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
    return Saturated(spec, scaled, X, Y, problem.seed, problem.values, target)


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
