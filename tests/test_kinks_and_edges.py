"""Kinks and edges on purpose: exact kinks, saturated units, m = 1, width 1, deep narrow nets, float32."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given

import manual_backprop as mb
from autodiff_oracle import assert_gradients_match
from autodiff_oracle.harness import oracle
from autodiff_oracle.problems import Problem
from autodiff_oracle.properties import Saturated, check_saturated
from tests.strategies import (
    deep_narrow_problems,
    examples,
    float32_problems,
    kink_problems,
    saturated_problems,
    single_example_problems,
    width_one_problems,
)


def _on_kink(problem: Problem) -> bool:
    """Some relu-like Z is exactly 0, by the oracle's forward pass (not the code under test's)."""
    return oracle(*problem).on_kinks > 0


@given(kink_problems)
def test_kink_conventions_match_the_oracle_where_Z_is_exactly_zero(problem: Problem) -> None:
    assume(_on_kink(problem))  # relu'(0) = 0 and leaky_relu'(0) = 1 are then what decides the gradient
    assert_gradients_match(mb.cost_and_gradients, *problem, context=repr(problem))


def test_relu_prime_at_zero_is_zero_and_leaky_relu_prime_at_zero_is_one() -> None:
    Z = np.array([[-1.0, 0.0, 2.0]])
    for name, expected in (("relu", [0.0, 0.0, 1.0]), ("leaky_relu", [0.01, 1.0, 1.0])):
        g = mb.activations.REGISTRY[name]  # the documented conventions of jax.nn (README, Exact definitions)
        np.testing.assert_array_equal(g.backward(Z, g.g(Z), np.ones_like(Z)), np.array([expected]), strict=True)


@given(saturated_problems)
def test_saturated_units_give_finite_correct_gradients_without_warnings(problem: Saturated) -> None:
    check_saturated(mb, problem)  # |Z[L]| up to 1e4, np.errstate(all="raise"), and the oracle's values


def test_saturated_strategy_reaches_logits_of_1e4() -> None:
    spec = mb.NetworkSpec((2, 3, 2), ("tanh", "softmax"), "categorical_cross_entropy")
    from autodiff_oracle.problems import make_problem
    from autodiff_oracle.properties import saturate

    problem = saturate(make_problem(spec, 4, "float32", 0), 1e4)
    _, cache = mb.forward(*tuple(problem)[:3])
    assert 5e3 <= np.abs(cache["Z2"]).max() <= 2e4
    assert repr(problem).startswith("saturate(make_problem(")


@given(single_example_problems)
def test_one_example_matches_the_oracle(problem: Problem) -> None:
    assert problem.X.shape[1] == 1
    assert_gradients_match(mb.cost_and_gradients, *problem, context=repr(problem))


@given(width_one_problems)
def test_layers_of_width_one_match_the_oracle(problem: Problem) -> None:
    assert set(problem.spec.layer_sizes[:-1]) == {1}  # (a softmax output may get 2 units)
    assert_gradients_match(mb.cost_and_gradients, *problem, context=repr(problem))


@given(float32_problems)
def test_float32_stays_float32_and_matches_the_oracle(problem: Problem) -> None:
    _, grads = mb.cost_and_gradients(*problem)
    assert all(g.dtype == np.float32 for g in grads.values())
    assert_gradients_match(mb.cost_and_gradients, *problem, context=repr(problem))


@pytest.mark.slow
@examples(300)
@given(deep_narrow_problems)
def test_deep_narrow_nets_match_the_oracle(problem: Problem) -> None:
    assert 6 <= problem.spec.depth <= 8
    assert_gradients_match(mb.cost_and_gradients, *problem, context=repr(problem))
