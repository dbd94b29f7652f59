"""Metamorphic properties: two computations by the candidate must agree, so they need no oracle for their truth.

They need the oracle only for their tolerance: |a - b| <= rtol (|a| + |b| + 2 S) + rtol^2 M + atol,
rtol = 256 u and atol as in compare.py, S the oracle's first-order rounding scale of the batch's quantity
(for l2 = 0 it is also the mean of the per-example scales, since S is a sum over examples) and M its
second-order term, so each side may carry its own rounding. Each takes an implementation `impl` with
manual_backprop's API and a Problem, as the properties in properties.py do.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .applicability import NotApplicable, rounding_scales, smooth_enough
from .compare import rtol_for, scaled_errors
from .harness import oracle
from .problems import Problem


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


def _same_cost_and_gradients(problem: Problem, expected: tuple[float, Any], actual: tuple[float, Any]) -> None:
    """Two runs of the candidate agree within the rounding scales of the problem."""
    S = rounding_scales(problem)
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
    plain = Problem(spec, params, X, Y, problem.seed, problem.values, problem.layout)
    S = rounding_scales(plain)
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
    S = rounding_scales(Problem(with_l2, params, X, Y, problem.seed, problem.values, problem.layout))
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
        smooth_enough(problem)
    except NotApplicable:
        return  # a step may cross a kink, where J need not decrease
    if alpha * norm2 <= 1e3 * u * (abs(J) + oracle(*problem).cost_scale):
        return  # the first-order decrease would be lost in J's rounding (S_J: the size of J's terms)
    after = impl.cost(spec, new, X, Y)
    assert after < J, f"J rose from {J!r} to {after!r} after a step of length 1e-4 along -gradient"
