"""Metamorphic properties: relations between two runs of manual_backprop that hold without any oracle.

The tolerances are those of compare.py applied to both runs (autodiff_oracle.properties); the truth of
each relation needs no oracle.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import example, given, reject

import manual_backprop as mb
from autodiff_oracle.compare import ATOL, rtol_for
from autodiff_oracle.harness import oracle
from autodiff_oracle.metamorphic import _close
from autodiff_oracle.problems import Problem, make_problem
from autodiff_oracle.properties import (
    NotApplicable,
    check_descent_step,
    check_duplication,
    check_l2_term,
    check_mean_of_examples,
    check_permutation,
)
from tests.strategies import problems

metamorphic_problems = problems(max_depth=3)


def judge(check: Callable[[Any, Problem], None], problem: Problem) -> None:
    """Run a property on manual_backprop; a problem it cannot judge (a kink within rounding) is rejected."""
    try:
        check(mb, problem)
    except NotApplicable:
        reject()


@given(metamorphic_problems)
def test_permuting_the_examples_changes_neither_J_nor_the_gradients(problem: Problem) -> None:
    judge(check_permutation, problem)


#: Found by Hypothesis: Z[2] = -498 puts elu' at e^-498 in NumPy but at 0 in JAX (expm1(z) + 1), so the
#: oracle's first-order scale S is 0 there and only its second-order scale M covers the 1.7e-13 relative
#: change that a different summation order in Z[2] (m = 1 vs 2) makes in e^Z[2].
_ELU_UNDERFLOW = make_problem(mb.NetworkSpec((1, 8, 2, 4), ("elu", "elu", "sigmoid"), "binary_cross_entropy"),
                              1, "float64", 3594172, "large")


@given(metamorphic_problems)
@example(_ELU_UNDERFLOW)
def test_duplicating_the_batch_changes_neither_J_nor_the_gradients(problem: Problem) -> None:
    judge(check_duplication, problem)


@given(metamorphic_problems)
def test_batch_gradient_is_the_mean_of_per_example_gradients_without_l2(problem: Problem) -> None:
    judge(check_mean_of_examples, problem)


#: Found by Hypothesis (session 22, the default profile): a gradient entry's |expected| + S of about 1e-310 made the
#: comparator's division overflow (compare.scaled_errors now scores it inf without the flag).
_SUBNORMAL_SCALE = make_problem(mb.NetworkSpec((4, 4, 8, 3), ("gelu", "gelu", "sigmoid"), "mean_squared_error"),
                                1, "float32", 158, "large")


@given(metamorphic_problems)
@example(_SUBNORMAL_SCALE)
def test_l2_adds_exactly_lambda_over_m_W_to_dW_and_nothing_to_db(problem: Problem) -> None:
    judge(check_l2_term, problem)


@given(metamorphic_problems)
def test_a_small_gradient_step_is_p_minus_alpha_dp_and_lowers_J(problem: Problem) -> None:
    judge(check_descent_step, problem)


def test_two_values_agree_up_to_rtol_times_both_and_twice_the_scale_plus_rtol_squared_times_the_second_order() -> None:
    """The comparison every relation makes (_close): |a - b| <= rtol (|a| + |b| + 2 S) + rtol^2 M + atol, entry by
    entry, either way round; without S and M, |a - b| <= rtol (|a| + |b|) + atol. The first bad entry is named, with
    both values in float64, its score and rtol."""
    rtol, atol = rtol_for(np.float64), ATOL[np.dtype(np.float64)]
    a = np.array([[1.0, 0.0], [-3.0, 2.0]])
    S, M = np.array([[0.5, 0.0], [0.0, 4.0]]), np.array([[0.0, 1e-200], [0.0, 1e6]])
    sign = np.array([[1.0, 1.0], [-1.0, -1.0]])   # b moves away from 0: |b| = |a| + d
    allowed = (rtol * (2 * np.abs(a) + 2 * S) + rtol**2 * M + atol) / (1 - rtol)   # the largest d
    for factor in (0.99, 1.01):
        for index in np.ndindex(a.shape):
            b = a.copy()
            b[index] += sign[index] * factor * allowed[index]
            for first, second in ((a, b), (b, a)):
                if factor < 1:
                    _close("dW1", first, second, np.float64, S, M)
                else:
                    with pytest.raises(AssertionError, match=rf"^dW1\[{index[0]}, {index[1]}\]: np\.float64\(.+\) vs "
                                       r"np\.float64\(.+\) \([\d.e-]+ in units of the scale; rtol 2\.84e-14\)$"):
                        _close("dW1", first, second, np.float64, S, M)
    _close("J", 1.0, 1.0 + 1.99 * rtol, np.float64)
    with pytest.raises(AssertionError, match=r"^J\[0\]: np\.float64\(1\.0\) vs np\.float64\(1\.0000000000000\d+\) "):
        _close("J", 1.0, 1.0 + 2.01 * rtol, np.float64)
    with pytest.raises(AssertionError, match=r"^J\[0\]: np\.float64\(0\.0\) vs np\.float64\(1e-300\) \(1 in units "):
        _close("J", 0.0, 1e-300, np.float64)   # above atol; with a second-order term of 1, under rtol^2 = 8e-28
    rtol32, atol32 = rtol_for(np.float32), ATOL[np.dtype(np.float32)]   # float32's own rtol^2 M: 2.3e-10 for M = 1
    _close("db1", 0.0, 0.99 * (rtol32**2 + atol32) / (1 - rtol32), np.float32, 0.0, 1.0)
    with pytest.raises(AssertionError, match=r"^db1\[0\]: np\.float64\(0\.0\) vs .* rtol 1\.53e-05\)$"):
        _close("db1", 0.0, 1.01 * (rtol32**2 + atol32) / (1 - rtol32), np.float32, 0.0, 1.0)


class _SecondRunOff:
    """manual_backprop, but a run on the examples in another order adds dJ to J and dG to the gradient for key."""

    def __init__(self, X: np.ndarray, dJ: float, key: str, dG: np.ndarray) -> None:
        self.X, self.dJ, self.key, self.dG = X, dJ, key, dG

    def cost_and_gradients(self, *problem: Any) -> tuple[float, dict[str, np.ndarray]]:
        J, grads = mb.cost_and_gradients(*problem)
        if np.array_equal(problem[2], self.X):
            return J, grads
        return J + self.dJ, {**grads, self.key: (grads[self.key] + self.dG).astype(grads[self.key].dtype)}


def test_a_relation_allows_each_quantity_its_own_rounding_scales_and_names_the_first_it_breaks() -> None:
    """Two runs may differ in J by rtol (|J| + |J'| + 2 S_J) and in each gradient entry by rtol (|g| + |g'| + 2 S)
    + rtol^2 M + atol, with S_J, S and M the oracle's for the problem: within 0.9 of that, permuting the examples
    passes; at 1.1 of it, in J or in one entry of one gradient, it fails naming that quantity and entry."""
    spec = mb.NetworkSpec((3, 4, 2), ("tanh", "sigmoid"), "binary_cross_entropy")
    problem = make_problem(spec, 3, "float64", seed=5)
    expected = oracle(*problem)
    rtol, atol = rtol_for(np.float64), ATOL[np.dtype(np.float64)]
    J, grads = mb.cost_and_gradients(*problem)
    allowed_J = rtol * (2 * abs(J) + 2 * expected.cost_scale) / (1 - rtol)
    assert rtol * 2 * expected.cost_scale > 0.2 * allowed_J   # S_J counts: without it 0.9 of this fails
    for key in ("W1", "b1"):   # hidden layers: their second-order scales are not their first-order ones
        g, S, M = grads[key], expected.scales[key], expected.second_order[key]
        allowed = (rtol * (2 * np.abs(g) + 2 * S) + rtol**2 * M + atol) / (1 - rtol)
        assert M[-1, 0] > 2 * S[-1, 0]   # with M in place of S, 1.1 of the allowance would pass there
        away = np.sign(g) * allowed   # |g'| = |g| + |dG|
        check_permutation(_SecondRunOff(problem.X, 0.9 * allowed_J, key, 0.9 * away), problem)
        with pytest.raises(AssertionError, match=r"^J\[0\]: np\.float64\("):
            check_permutation(_SecondRunOff(problem.X, 1.1 * allowed_J, key, 0.9 * away), problem)
        off = np.zeros_like(g)
        off[-1, 0] = 1.1 * away[-1, 0]
        with pytest.raises(AssertionError, match=rf"^{key}\[{g.shape[0] - 1}, 0\]: np\.float64\("):
            check_permutation(_SecondRunOff(problem.X, 0.0, key, off), problem)
    float32 = make_problem(spec, 3, "float32", seed=5)
    with pytest.raises(AssertionError, match=r"^W2\[1, 0\]: np\.float64\(.+\) vs np\.float64\(.+\) "
                       r"\([\d.e+-]+ in units of the scale; rtol 1\.53e-05\)$"):
        check_permutation(_SecondRunOff(float32.X, 0.0, "W2", np.array([[0.0, 0.0, 0.0, 0.0], [0.01, 0, 0, 0]])),
                          float32)


class _PenaltyOff:
    """manual_backprop, but a run with l2 > 0 adds dJ to J and dG to the gradient for key."""

    def __init__(self, dJ: float, key: str, dG: np.ndarray) -> None:
        self.dJ, self.key, self.dG = dJ, key, dG

    def cost_and_gradients(self, *problem: Any) -> tuple[float, dict[str, np.ndarray]]:
        J, grads = mb.cost_and_gradients(*problem)
        if not problem[0].l2:
            return J, grads
        return J + self.dJ, {**grads, self.key: grads[self.key] + self.dG}


def test_the_l2_relation_allows_both_runs_rounding_and_judges_a_problem_without_l2_at_l2_1() -> None:
    """check_l2_term compares J(l2) - J(0) with (l2/2m) sum ||W||^2 within rtol (|a| + |b| + 2 (S_J + |J(0)|)) + atol,
    and dW(l2) - dW(0) with (l2/m) W within rtol (|a| + |b| + 2 (S + |dW(0)|)) + rtol^2 M + atol, S_J, S and M the
    oracle's at l2: a candidate off by 0.95 of that passes, by 1.05 fails, naming the difference and the entry. A
    problem without l2 is judged at l2 = 1 (at l2 = 0 both sides are 0 and nothing is judged)."""
    spec = mb.NetworkSpec((3, 4, 2), ("tanh", "sigmoid"), "binary_cross_entropy")
    problem = make_problem(spec, 3, "float64", seed=5)
    with_l2 = mb.NetworkSpec(spec.layer_sizes, spec.activations, spec.loss, 1.0)
    expected = oracle(with_l2, *problem[1:])
    rtol, atol = rtol_for(np.float64), ATOL[np.dtype(np.float64)]
    J0, g0 = mb.cost_and_gradients(*problem)
    penalty = sum(float(np.sum(problem.params[k] ** 2)) for k in ("W1", "W2")) / (2 * 3)
    scale_J = expected.cost_scale + abs(J0)
    allowed_J = (rtol * (2 * penalty + 2 * scale_J) + atol) / (1 - rtol)
    assert 4 * rtol * abs(J0) > 0.2 * allowed_J   # |J(0)| counts: with - |J(0)| 0.95 of this fails
    W, S, M = problem.params["W1"] / 3, expected.scales["W1"], expected.second_order["W1"]
    allowed = (rtol * (2 * np.abs(W) + 2 * (S + np.abs(g0["W1"]))) + rtol**2 * M + atol) / (1 - rtol)
    assert 4 * rtol * abs(g0["W1"][1, 2]) > 0.1 * allowed[1, 2] and M[1, 2] > 1.5 * (S + np.abs(g0["W1"]))[1, 2]
    zero = np.zeros_like(W)
    off = zero.copy()
    off[1, 2] = 0.95 * allowed[1, 2] * np.sign(W[1, 2])
    check_l2_term(_PenaltyOff(0.95 * allowed_J, "W1", off), problem)
    with pytest.raises(AssertionError, match=r"^J\(l2\) - J\(0\)\[0\]: np\.float64\(.+\) vs np\.float64\(.+\) "):
        check_l2_term(_PenaltyOff(1.05 * allowed_J, "W1", zero), problem)
    off[1, 2] = 1.05 * allowed[1, 2] * np.sign(W[1, 2])
    with pytest.raises(AssertionError, match=r"^dW1\(l2\) - dW1\(0\)\[1, 2\]: np\.float64\(.+\) vs np\.float64\(.+\) "):
        check_l2_term(_PenaltyOff(0.0, "W1", off), problem)


def test_the_examples_are_permuted_in_an_order_drawn_from_the_problems_seed() -> None:
    """check_permutation compares the run on X, Y with the run on their columns in the order
    default_rng(seed).permutation(m), so that a relation that fails fails again on the problem's reproducer."""
    problem = make_problem(mb.NetworkSpec((3, 4, 2), ("tanh", "sigmoid"), "binary_cross_entropy"), 6, "float64", 5)
    runs: list[tuple[np.ndarray, np.ndarray]] = []

    class Recorded:
        def cost_and_gradients(self, *args: Any) -> tuple[float, dict[str, np.ndarray]]:
            runs.append((args[2], args[3]))
            return mb.cost_and_gradients(*args)

    check_permutation(Recorded(), problem)
    order = np.random.default_rng(5).permutation(6)
    assert len(runs) == 2 and not np.array_equal(order, np.arange(6))
    for (X, Y), columns in zip(runs, (np.arange(6), order), strict=True):
        np.testing.assert_array_equal(X, problem.X[:, columns], strict=True)
        np.testing.assert_array_equal(Y, problem.Y[:, columns], strict=True)


class _BatchOff:
    """manual_backprop, but a run on more than one example adds dJ to J and dG to the gradient for key."""

    def __init__(self, dJ: float, key: str, dG: np.ndarray) -> None:
        self.dJ, self.key, self.dG = dJ, key, dG

    def cost_and_gradients(self, *problem: Any) -> tuple[float, dict[str, np.ndarray]]:
        J, grads = mb.cost_and_gradients(*problem)
        if problem[2].shape[1] == 1:
            return J, grads
        return J + self.dJ, {**grads, self.key: grads[self.key] + self.dG}


def test_the_batch_may_differ_from_the_mean_of_its_examples_by_both_runs_rounding_and_names_the_first_break() -> None:
    """check_mean_of_examples compares the batch's J and gradients with the means of the per-example ones within
    rtol (|a| + |b| + 2 S) + rtol^2 M + atol, S and M the oracle's for the batch (S_J for J): 0.9 of that passes,
    1.1 fails, naming J or the gradient's entry."""
    problem = make_problem(mb.NetworkSpec((3, 4, 2), ("tanh", "sigmoid"), "binary_cross_entropy"), 3, "float64", 5)
    expected = oracle(*problem)
    rtol, atol = rtol_for(np.float64), ATOL[np.dtype(np.float64)]
    J, grads = mb.cost_and_gradients(*problem)
    allowed_J = rtol * (2 * abs(J) + 2 * expected.cost_scale) / (1 - rtol)
    g, S, M = grads["W1"], expected.scales["W1"], expected.second_order["W1"]
    allowed = (rtol * (2 * np.abs(g) + 2 * S) + rtol**2 * M + atol) / (1 - rtol)
    assert M[0, 0] > 1.5 * (np.abs(g) + S)[0, 0]   # with M in place of S, 1.1 of the allowance would pass there
    off = np.zeros_like(g)
    off[0, 0] = 0.9 * allowed[0, 0] * np.sign(g[0, 0])
    check_mean_of_examples(_BatchOff(0.9 * allowed_J, "W1", off), problem)
    with pytest.raises(AssertionError, match=r"^J\[0\]: np\.float64\(.+\) vs np\.float64\(.+\) "):
        check_mean_of_examples(_BatchOff(1.1 * allowed_J, "W1", 0 * off), problem)
    off[0, 0] = 1.1 * allowed[0, 0] * np.sign(g[0, 0])
    with pytest.raises(AssertionError, match=r"^W1\[0, 0\]: np\.float64\(.+\) vs np\.float64\(.+\) "):
        check_mean_of_examples(_BatchOff(0.0, "W1", off), problem)


def test_where_the_first_order_scale_is_0_the_relations_allow_rtol_squared_times_the_second_order_scale() -> None:
    """_ELU_UNDERFLOW's network on two examples: elu' underflows in W1[2, 0]'s and b1[2, 0]'s terms, whose first-order
    scale S is 0 and whose gradient is about 1e-163; only rtol^2 M + atol (M = 4.5e6, 3.9e5) covers their rounding.
    check_mean_of_examples (W1) and check_l2_term (b1, where l2 adds nothing) pass at 0.9 of that and fail at 1.1."""
    problem = make_problem(_ELU_UNDERFLOW.spec, 2, "float64", 3594172, "large")
    with_l2 = mb.NetworkSpec(problem.spec.layer_sizes, problem.spec.activations, problem.spec.loss, 1.0)
    rtol, atol = rtol_for(np.float64), ATOL[np.dtype(np.float64)]
    for check, key, expected, wrong in ((check_mean_of_examples, "W1", oracle(*problem), _BatchOff),
                                        (check_l2_term, "b1", oracle(with_l2, *problem[1:]), _PenaltyOff)):
        S, M = expected.scales[key], expected.second_order[key]
        assert S[2, 0] == 0 and M[2, 0] > 1e5
        off = np.zeros_like(S)
        for factor in (0.9, 1.1):
            off[2, 0] = factor * (rtol**2 * M[2, 0] + atol) / (1 - rtol)
            if factor < 1:
                check(wrong(0.0, key, off), problem)
                continue
            with pytest.raises(AssertionError, match=rf"^(d{key}\(l2\) - d{key}\(0\)|{key})\[2, 0\]: np\.float64\("):
                check(wrong(0.0, key, off), problem)


class _Stepper:
    """A candidate with manual_backprop's gradient direction scaled to norm `norm`, a step p - alpha dp (its arrays
    cast to `dtype` if given, the caller's dict entries too if `recast`), and a J that is the same everywhere."""

    def __init__(self, problem: Problem, norm: float, dtype: Any = None, recast: bool = False) -> None:
        self.J, grads = mb.cost_and_gradients(*problem)
        size = np.sqrt(sum(float(np.sum(g.astype(np.float64) ** 2)) for g in grads.values()))
        self.grads = {k: (g * (norm / size)).astype(g.dtype) for k, g in grads.items()}
        self.dtype, self.recast, self.rates = dtype, recast, list[float]()

    def cost_and_gradients(self, *problem: Any) -> tuple[float, dict[str, np.ndarray]]:
        return self.J, self.grads

    def cost(self, *problem: Any) -> float:
        return self.J

    def gradient_descent(self, spec: Any, params: dict[str, np.ndarray], X: np.ndarray, Y: np.ndarray,
                         learning_rate: float, num_iterations: int) -> tuple[dict[str, np.ndarray], list[float]]:
        self.rates.append(learning_rate)
        new = {k: params[k] - learning_rate * self.grads[k] for k in params}
        if self.recast:
            params.update({k: v.astype(self.dtype) for k, v in params.items()})
        return ({k: v.astype(self.dtype or v.dtype) for k, v in new.items()}, [self.J])


def test_a_descent_step_has_length_1e_4_and_must_lower_J_once_the_decrease_stands_above_1e3_u_times_J_and_S_J() -> None:
    """check_descent_step steps 1e-4 along -g, alpha = 1e-4 / ||g||, and requires J to fall once the first-order
    decrease alpha ||g||^2 exceeds 1e3 u (|J| + S_J): a candidate whose J does not move passes at 0.9995 of that
    bound and fails at 1.0005, with its message whole. The step itself is p - alpha dp in the dtype of p, strictly."""
    problem = make_problem(mb.NetworkSpec((3, 4, 2), ("tanh", "sigmoid"), "binary_cross_entropy"), 3, "float64", 5)
    J = mb.cost(*problem)
    bound = 1e3 * float(np.finfo(np.float64).eps) * (abs(J) + oracle(*problem).cost_scale)
    flat = _Stepper(problem, 0.9995 * bound / 1e-4)   # a norm of 3e-8: its alpha is 3e3
    check_descent_step(flat, problem)
    assert flat.rates == [pytest.approx(1e-4 / (0.9995 * bound / 1e-4), rel=1e-12)]
    with pytest.raises(AssertionError) as failed:
        check_descent_step(_Stepper(problem, 1.0005 * bound / 1e-4), problem)
    assert str(failed.value) == f"J rose from {J!r} to {J!r} after a step of length 1e-4 along -gradient"
    float32 = make_problem(problem.spec, 3, "float32", 5)
    for wrong, message in ((_Stepper(float32, 1.0, np.float64), "W1"),
                           (_Stepper(float32, 1.0, np.float64, recast=True), "caller's W1 modified")):
        with pytest.raises(AssertionError, match=rf"\n{message}\n"):
            check_descent_step(wrong, make_problem(problem.spec, 3, "float32", 5))
