"""Kinks and edges on purpose: exact kinks, saturated units, m = 1, width 1, deep narrow nets, float32."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given

import manual_backprop as mb
from autodiff_oracle import assert_gradients_match
from autodiff_oracle.applicability import KINK_MARGIN, NotApplicable, rounding_scales, smooth_enough
from autodiff_oracle.compare import rtol_for
from autodiff_oracle.harness import oracle
from autodiff_oracle.problems import Problem, make_problem
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


def _near_kink(dtype: str, above: float) -> Problem:
    """A relu net whose first unit's Z on the first example is `above` (rounded to dtype) past its kink."""
    problem = make_problem(mb.NetworkSpec((3, 4, 2), ("relu", "sigmoid"), "binary_cross_entropy"), 3, dtype, seed=5)
    params = {k: v.copy() for k, v in problem.params.items()}
    Z = params["W1"][0].astype(np.float64) @ problem.X[:, 0].astype(np.float64)
    params["b1"][0, 0] = -Z + above
    return Problem(problem.spec, params, problem.X, problem.Y, 5, "normal")


def test_differences_judge_a_problem_unless_a_relu_like_unit_is_on_or_within_1e_2_F_of_its_kink() -> None:
    """smooth_enough returns the oracle's kink margin, and refuses integer problems with relu-like units (Z exactly
    on kinks) and problems whose margin is below KINK_MARGIN, each with its message; smooth units are judged in any
    regime."""
    relu = mb.NetworkSpec((3, 4, 2), ("relu", "sigmoid"), "binary_cross_entropy")
    for problem in (make_problem(relu, 3, "float64", 5), make_problem(relu, 3, "float64", 5, "large"),
                    make_problem(mb.NetworkSpec((3, 4, 2), ("tanh", "sigmoid"), "binary_cross_entropy"), 3,
                                 "float64", 5, "integers")):
        assert smooth_enough(problem) == oracle(*problem).kink_margin >= KINK_MARGIN
    with pytest.raises(NotApplicable) as skipped:
        smooth_enough(make_problem(relu, 3, "float64", 5, "integers"))
    assert str(skipped.value) == "integer weights and inputs put relu-like pre-activations exactly on kinks"
    near = _near_kink("float64", 1e-3)
    margin = oracle(*near).kink_margin
    assert 1e-5 < margin < KINK_MARGIN
    with pytest.raises(NotApplicable) as skipped:
        smooth_enough(near)
    assert str(skipped.value) == f"a relu-like pre-activation within {margin:.2g} F of its kink"


def test_the_relations_refuse_a_relu_like_unit_within_its_dtypes_rounding_of_its_kink() -> None:
    """rounding_scales refuses a problem whose kink margin is at most the rtol of its dtype: a float32 Z 5.7e-7 F from
    its kink is refused (float32's rtol is 1.5e-5; float64's, 2.8e-14, would let it be judged)."""
    near = _near_kink("float32", 1e-6)
    assert rtol_for(np.float64) < oracle(*near).kink_margin < rtol_for(np.float32)
    with pytest.raises(NotApplicable) as skipped:
        rounding_scales(near)
    assert str(skipped.value) == "a relu-like pre-activation within rounding error of its kink"
    assert rounding_scales(make_problem(near.spec, 3, "float32", 5)).kink_margin > rtol_for(np.float32)


def test_the_saturated_property_turns_any_floating_point_warning_into_an_error_whatever_the_callers_errstate() -> None:
    """check_saturated judges "warning-free" under its own np.errstate(all="raise"): a candidate that overflows
    raises FloatingPointError even where the caller ignores floating-point warnings (the tests' conftest raises them
    already, so this is read under errstate(all="ignore"))."""

    class Overflowing:
        def cost_and_gradients(self, *problem: object) -> tuple[float, dict[str, np.ndarray]]:
            np.exp(np.float64(800.0))   # an overflow whose result is dropped: the values stay right
            return mb.cost_and_gradients(*problem)  # type: ignore[arg-type]

    problem = make_problem(mb.NetworkSpec((3, 4, 2), ("tanh", "sigmoid"), "binary_cross_entropy"), 3, "float64", 5)
    check_saturated(mb, problem)
    with np.errstate(all="ignore"), pytest.raises(FloatingPointError, match="overflow"):
        check_saturated(Overflowing(), problem)


def test_a_saturated_problems_repr_is_the_call_that_rebuilds_it() -> None:
    """A failing saturated example prints saturate(make_problem(...), target=...): its seed, regime and layout
    included, and evaluated it gives the same arrays."""
    from autodiff_oracle.properties import saturate

    spec = mb.NetworkSpec((2, 3, 2), ("tanh", "softmax"), "categorical_cross_entropy")
    for values, layout in (("normal", "C"), ("large", "F")):
        problem = saturate(make_problem(spec, 4, "float32", 7, values, layout), 100.0)
        layout_arg = "" if layout == "C" else ", layout='F'"
        assert repr(problem) == (f"saturate(make_problem({spec!r}, m=4, dtype='float32', seed=7, values={values!r}"
                                 f"{layout_arg}), target=100.0)")
        again = eval(repr(problem), {"saturate": saturate, "make_problem": make_problem, "NetworkSpec": mb.NetworkSpec})
        for a, b in zip((again.X, again.Y, *again.params.values()), (problem.X, problem.Y, *problem.params.values()),
                        strict=True):
            np.testing.assert_array_equal(a, b, strict=True)


def test_saturate_scales_the_output_layer_so_that_the_largest_output_pre_activation_is_the_target() -> None:
    """With tanh hidden units saturate's stand-in forward pass is the real one: max |Z[L]| is the target exactly (to
    rounding), from a max |Z[L]| of 0.49 as of 2.09; the default target is 1e4, as check_saturated's docstring says."""
    from autodiff_oracle.properties import saturate

    spec = mb.NetworkSpec((2, 3, 2), ("tanh", "softmax"), "categorical_cross_entropy")
    for seed, before in ((1, 0.49), (3, 2.09)):
        problem = make_problem(spec, 4, "float64", seed)
        assert np.abs(mb.forward(*tuple(problem)[:3])[1]["Z2"]).max() == pytest.approx(before, abs=0.005)
        for target, saturated in ((100.0, saturate(problem, 100.0)), (1e4, saturate(problem))):
            assert saturated.target == target
            assert np.abs(mb.forward(*tuple(saturated)[:3])[1]["Z2"]).max() == pytest.approx(target, rel=1e-12)
