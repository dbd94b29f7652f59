"""Extreme values give finite, correct numbers; no public function writes into its inputs."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from hypothesis import given

import autodiff_oracle
import manual_backprop as mb
from autodiff_oracle import assert_gradients_match
from autodiff_oracle.problems import Problem
from tests.strategies import DTYPES, problems, saturated_layer_problems


@given(saturated_layer_problems)
def test_saturated_units_give_finite_gradients_equal_to_the_oracle(problem: Problem) -> None:
    J, grads = mb.cost_and_gradients(*problem)  # NumPy warnings are errors here (conftest)
    assert np.isfinite(J)
    assert all(np.isfinite(g).all() for g in grads.values())
    assert_gradients_match(mb.cost_and_gradients, *problem, context=repr(problem))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("z", [1e4, -1e4])
def test_cross_entropies_from_logits_stay_finite_at_1e4(dtype: str, z: float) -> None:
    for output, loss, Y in (("sigmoid", "binary_cross_entropy", [[0.0, 1.0]]),
                            ("softmax", "categorical_cross_entropy", [[1.0, 0.0], [0.0, 1.0]])):
        spec = mb.NetworkSpec((1, len(Y)), (output,), loss)
        params = {"W1": np.full((len(Y), 1), z, dtype), "b1": np.zeros((len(Y), 1), dtype)}
        if output == "softmax":
            params["W1"][1] = -z
        X, Yarr = np.ones((1, 2), dtype), np.array(Y, dtype)
        J = mb.cost(spec, params, X, Yarr)
        assert np.isfinite(J) and J > 1e3  # one example is confidently wrong: loss ~ |z|
        assert_gradients_match(mb.cost_and_gradients, spec, params, X, Yarr)


def _read_only(problem: Problem) -> tuple[Problem, dict[str, np.ndarray]]:
    copies = {"X": problem.X.copy(), "Y": problem.Y.copy(), **{k: v.copy() for k, v in problem.params.items()}}
    for array in (problem.X, problem.Y, *problem.params.values()):
        array.setflags(write=False)
    return problem, copies


@given(problems(values=("normal", "integers")))
def test_no_public_function_writes_into_its_inputs(problem: Problem) -> None:
    problem, copies = _read_only(problem)
    spec, params, X, Y = problem
    _, cache = mb.forward(spec, params, X)
    for array in cache.values():
        array.setflags(write=False)
    mb.backward(spec, params, cache, Y)
    mb.cost(spec, params, X, Y)
    mb.cost_and_gradients(spec, params, X, Y)
    new, _ = mb.gradient_descent(spec, params, X, Y, 1e-3, 2)  # read-only arrays make any write raise
    report = autodiff_oracle.check_gradients(mb.gradients, spec, params, X, Y)
    assert report.ok, report                     # and right: a NaN from a product would show here
    for key, value in {"X": X, "Y": Y, **params}.items():
        np.testing.assert_array_equal(value, copies[key], strict=True)
    assert all(new[k] is not params[k] for k in params)


def test_divergent_gradient_descent_names_the_iteration() -> None:
    spec = mb.NetworkSpec((2, 3, 1), ("identity", "identity"), "mean_squared_error")
    params = mb.init_parameters(spec, seed=0)
    X = np.random.default_rng(0).standard_normal((2, 16)) * 10
    Y = np.ones((1, 16))
    with pytest.raises(mb.DivergenceError, match=r"diverged at iteration \d+") as info:
        mb.gradient_descent(spec, params, X, Y, learning_rate=1e3, num_iterations=500)
    first = info.value.iteration
    assert 0 < first < 500
    _, costs = mb.gradient_descent(spec, params, X, Y, learning_rate=1e3, num_iterations=first)  # all finite before
    assert len(costs) == first and np.isfinite(costs).all()
    info.value.add_note("a note")
    again = pickle.loads(pickle.dumps(info.value))          # as multiprocessing and pytest-xdist send it
    assert (type(again), str(again), again.iteration) == (mb.DivergenceError, str(info.value), first)
    assert again.__notes__ == ["a note"]
    assert "try a smaller learning_rate than 1000.0" in str(info.value)


def test_a_cost_that_overflows_before_any_update_is_not_blamed_on_the_learning_rate() -> None:
    spec = mb.NetworkSpec((2, 1), ("identity",), "mean_squared_error")
    params = mb.init_parameters(spec, seed=0)
    X, Y = np.ones((2, 4)), np.full((1, 4), 1e300)          # finite, but (a - y)^2 overflows: J is inf at once
    with pytest.raises(mb.DivergenceError, match=r"at iteration 0: the cost is inf; the cost of the parameters "
                                                 r"given overflows before any update: the learning rate is not "
                                                 r"the cause") as info:
        mb.gradient_descent(spec, params, X, Y, learning_rate=1e-9, num_iterations=3)
    assert info.value.iteration == 0 and "smaller learning_rate" not in str(info.value)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", sorted(mb.activations.REGISTRY))
def test_every_activation_and_its_derivative_stay_finite_and_silent_up_to_the_dtypes_largest_z(
        name: str, dtype: str) -> None:
    """g(Z) and dZ = dA * g'(Z) at |z| up to half the dtype's largest value: finite, no warning (this suite runs
    under np.errstate(all="raise")). gelu's z^3 overflowed from |z| = 7e12 in float32 (1.2e103 in float64), and
    its derivative's z^2 times (1 - t^2) = 0 gave NaN from 1.8e19 (1.3e154); the limits are exact: g(z) = z and
    g'(z) = 1 far right; g(z) = 0 and g'(z) = 0 far left, for every activation that flattens there."""
    big = float(np.finfo(dtype).max) / 2
    Z = np.array([[-big, -1e30 if dtype == "float64" else -1e20, -1e4, 0.0, 1e4, 1e20, big]], dtype)
    activation = mb.activations.REGISTRY[name]
    A = activation.g(Z)
    dZ = activation.backward(Z, A, np.ones_like(Z))
    assert np.isfinite(A).all() and np.isfinite(dZ).all(), (A, dZ)
    if name in ("relu", "gelu", "silu", "elu", "softplus", "leaky_relu", "identity"):
        np.testing.assert_array_equal(A[0, -3:], Z[0, -3:], strict=True)       # g(z) = z far right
        np.testing.assert_array_equal(dZ[0, -3:], np.ones(3, dtype), strict=True)


def test_gelu_clipping_its_inner_z_changes_no_bit_where_the_plain_formula_does_not_overflow() -> None:
    """u = clip(z, -10, 10) inside gelu's tanh: the same t, so the same bits as the notes' formula, wherever that
    formula is finite (z^3 and z^2 do not overflow)."""
    c, k = mb.activations.GELU_C, mb.activations.GELU_K
    rng = np.random.default_rng(0)
    for dtype, top in ((np.float64, 1e100), (np.float32, 1e12)):
        Z = (rng.standard_normal((40, 500)) * np.logspace(-3, np.log10(top), 500)).astype(dtype)
        T = np.tanh(c * (Z + k * Z**3))
        np.testing.assert_array_equal(mb.activations.gelu(Z), 0.5 * Z * (1.0 + T), strict=True)
        np.testing.assert_array_equal(mb.activations.gelu_prime(Z, mb.activations.gelu(Z)),
                                      0.5 * (1.0 + T) + 0.5 * Z * (1.0 - T * T) * c * (1.0 + 3.0 * k * Z * Z),
                                      strict=True)


def test_the_suites_floating_point_policy_raises_everywhere_but_a_products_invalid_flag() -> None:
    """tests/conftest.py: elementwise invalid operations, overflow (in products too) and division by zero raise; the
    invalid flag of a matrix product, which OpenBLAS can set on finite inputs, is left to the tests' value checks."""
    inf, zero = np.array([[np.inf]]), np.array([[0.0]])
    with pytest.raises(FloatingPointError, match="invalid value"):
        _ = inf * zero
    assert np.isnan(inf @ zero).all()
    with pytest.raises(FloatingPointError, match="overflow"):
        _ = np.array([[1e308]]) @ np.array([[10.0]])
    with pytest.raises(FloatingPointError, match="divide"):
        _ = np.array([1.0]) / 0.0
