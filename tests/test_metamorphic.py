"""Metamorphic properties: relations between two runs of manual_backprop that hold without any oracle.

The tolerances are those of compare.py applied to both runs (autodiff_oracle.properties); the truth of
each relation needs no oracle.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import example, given, reject

import manual_backprop as mb
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
