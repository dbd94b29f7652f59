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
