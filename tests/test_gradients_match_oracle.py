"""The central property: manual_backprop's cost and gradients equal the JAX oracle's, everywhere."""

from __future__ import annotations

import functools

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from hypothesis import given

import manual_backprop as mb
from autodiff_oracle import assert_gradients_match, check_gradients, compare, model, oracle
from autodiff_oracle.campaign import run_campaign
from autodiff_oracle.problems import Problem, make_problem
from manual_backprop.bench.cases import Case, make_case
from tests.strategies import problems


@given(problems())
def test_manual_gradients_match_oracle(problem: Problem) -> None:
    assert_gradients_match(mb.cost_and_gradients, *problem, context=repr(problem))


@given(problems())
def test_gradients_alone_match_cost_and_gradients(problem: Problem) -> None:
    J, grads = mb.cost_and_gradients(*problem)
    alone = mb.gradients(*problem)
    assert mb.cost(*problem) == J
    for key in grads:
        np.testing.assert_array_equal(alone[key], grads[key], strict=True)


def test_verify_campaign_matches_oracle_on_2000_problems() -> None:
    result = run_campaign(mb.cost_and_gradients, cases=2000, seed=20261127)
    assert result.cases == 2000
    assert not result.failures, "\n".join(str(report) for _, report in result.failures[:5])
    assert result.undecidable < 100  # kink ties are rare; many would mean the margin test is wrong


def test_report_names_the_diverging_parameter_entry() -> None:
    spec = mb.NetworkSpec((3, 4, 2), ("tanh", "sigmoid"), "binary_cross_entropy")
    params = mb.init_parameters(spec, seed=1)
    rng = np.random.default_rng(0)
    X, Y = rng.standard_normal((3, 5)), (rng.random((2, 5)) < 0.5).astype(np.float64)
    grads = mb.gradients(spec, params, X, Y)
    grads["W1"] = grads["W1"].copy()
    grads["W1"][2, 1] += 1e-3
    report = compare(grads, oracle(spec, params, X, Y), np.float64)
    assert not report.ok
    assert [(m.key, m.index) for m in report.mismatches] == [("W1", (2, 1))]
    assert "W1[2, 1]" in str(report)


def test_keys_shapes_dtypes_and_the_layers_above_are_judged_even_where_a_kink_leaves_values_unjudged() -> None:
    # Z[1][0, 0] = 0.5 - 0.5 + 0 is exactly relu's kink: the values of dW[1], db[1] are not judged there (either
    # one-sided derivative is right), but those of layer 2 are (relu'[1] does not enter them), and a missing
    # gradient, a wrong shape or a wrong dtype is wrong whatever Z is
    spec = mb.NetworkSpec((2, 3, 1), ("relu", "sigmoid"), "binary_cross_entropy")
    params = mb.init_parameters(spec, seed=0)
    params["W1"][0], params["b1"][0] = [1.0, -1.0], 0.0
    X, Y = np.array([[0.5, 1.0], [0.5, -2.0]]), np.array([[1.0, 0.0]])
    expected = oracle(spec, params, X, Y)
    grads = mb.gradients(spec, params, X, Y)
    right = compare(grads, expected, np.float64)
    assert right.ok and right.undecidable.startswith("W1, b1: a relu-like") and set(right.worst) == {"W2", "b2"}
    assert str(right).startswith("gradients match the oracle where judged (worst scaled error ")
    assert "; not judged: W1, b1: a relu-like pre-activation in layer 1 lies within rounding error of its kink" in str(
        right)
    off = {key: value + 1e-3 for key, value in grads.items()}
    assert [m.key for m in compare(off, expected, np.float64).mismatches] == ["W2", "b2"]   # W1, b1: unjudged
    for wrong, what in [({k: v for k, v in grads.items() if k != "b2"}, "keys (expected"),
                        ({**grads, "W2": grads["W2"].T}, "W2"),
                        ({**grads, "b1": grads["b1"].astype(np.float32)}, "b1")]:
        report = compare(wrong, expected, np.float64)
        assert not report.ok and report.undecidable, what
        assert len(report.mismatches) == 1 and report.mismatches[0].key.startswith(what)
        assert str(report).startswith("the gradients returned do not have the parameters' keys, shapes and dtypes:")
        assert "values not judged: W1, b1: a relu-like" in str(report)


def _inputs_reversed(spec: mb.NetworkSpec, params: dict[str, np.ndarray], X: np.ndarray,
                     Y: np.ndarray) -> dict[str, np.ndarray]:
    """A right gradient that sums Z[1] = W[1] X + b[1] in the reverse order (layer 0's units reversed)."""
    grads = mb.gradients(spec, {**params, "W1": params["W1"][:, ::-1]}, X[::-1], Y)
    return {**grads, "W1": grads["W1"][:, ::-1]}


def test_right_gradients_pass_where_rounding_puts_a_unit_on_either_side_of_its_kink() -> None:
    """Found by an adversarial review of the partial judgement (session 18), each a false alarm before its fix.
    Z[1] = 1 + 1e-16 - 1 is 0 or 1e-16 by summation order (float64): A[1] then differs by 1e-16 on a dead unit, so
    layer 2, judged above the kink, bounds A[1] with slope 1, not the oracle's side's 0. A float32 net where
    Z[1] rounds to +3.7e-9 against the oracle's -2.7e-8: the same. Integer weights through leaky_relu's 0.01 z
    (rounded differently in each dtype) make a later Z "integer" in float64 only: exactness now follows A[l-1]."""
    spec = mb.NetworkSpec((3, 1, 1), ("relu", "sigmoid"), "binary_cross_entropy")
    params = {"W1": np.ones((1, 3)), "b1": np.zeros((1, 1)), "W2": np.array([[1.5]]), "b2": np.array([[0.3]])}
    for X in (np.array([[1.0], [1e-16], [-1.0]]), np.array([[-1.0], [1e-16], [1.0]])):
        for candidate in (mb.gradients, _inputs_reversed):
            report = check_gradients(candidate, spec, params, X, np.ones((1, 1)))
            assert report.ok and set(report.worst) == {"W2", "b2"}, report     # layer 2 judged, layer 1 not
    f32 = {"W1": [[-0.6259065270423889, 0.3331816792488098, -2.457563638687134]], "b1": [[0.37949830293655396]],
           "W2": [[1.5]], "b2": [[0.3]]}
    X32 = np.array([[3.1000423431396484], [-0.6986507177352905], [-0.729835033416748]], np.float32)
    params32 = {key: np.array(value, np.float32) for key, value in f32.items()}
    report = check_gradients(mb.gradients, spec, params32, X32, np.ones((1, 1), np.float32))
    assert report.ok and set(report.worst) == {"W2", "b2"}, report
    problem = make_problem(mb.NetworkSpec((6, 8, 3, 8, 4), ("leaky_relu", "relu", "leaky_relu", "identity"),
                                          "mean_squared_error"), m=20, dtype="float32", seed=202058637,
                           values="integers")
    assert check_gradients(mb.gradients, *problem).ok


#: Norm-wise relative error allowed at the benchmark's sizes, in units of the dtype's roundoff u. Measured at
#: medium (seed and deep, float64 and float32, OpenBLAS 0.3.31 SkylakeX, two runs): at most 8.9 u per parameter
#: (float64 W1 of the seed network); 64 u is 2 sqrt(m) u, twice the typical error of m-term sums (m = 1024), and
#: 7x the most measured.
NORMWISE_ULPS = 64


@pytest.mark.parametrize(("network", "size"), [
    ("seed", "medium"), ("deep", "medium"),
    # the deep network at large: below (float32 loses more than 64 u in norm there in any implementation)
    pytest.param("seed", "large", marks=pytest.mark.slow),
])
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_manual_gradients_match_oracle_normwise_at_the_benchmarks_sizes(network: str, dtype: str, size: str) -> None:
    """The cases `backprop bench` times, far beyond the random problems' 8 units and 32 examples: each gradient
    within 64 u of the oracle's in norm (||manual - oracle||_F <= 64 u ||oracle||_F). The entrywise verdict is
    loose there (its rounding scale S grows with width and depth faster than the gradient: a float32 verdict
    admits relative errors of order 1 on the deep small case, docs/verification.md section 1); the norm is not.
    Planted (dZ[L] scaled by 1 + eps, so every gradient is off by eps, relative): at medium float64 the entrywise
    verdict passed eps = 1e-12 and failed 1e-10; this check failed 1e-13 (900 u) and 1e-12 (9,000 u). In float32
    the entrywise verdict passed even eps = 1e-2, and this check failed 5e-6 (84 u)."""
    case = make_case(network, size, dtype)
    expected = oracle(case.spec, case.params, case.X, case.Y)
    actual = mb.gradients(case.spec, case.params, case.X, case.Y)
    report = compare(actual, expected, np.dtype(dtype))
    assert report.ok, str(report)                                                     # the entrywise verdict too
    u = float(np.finfo(dtype).eps) / 2
    for key, G in expected.gradients.items():
        error = _normwise(actual[key], G)
        assert error <= NORMWISE_ULPS * u, f"{key}: relative error {error:.3g} = {error / u:.3g} u in norm"


def _jax_float32_gradients(case: Case) -> dict[str, np.ndarray]:
    """jax.grad of autodiff_oracle.model.J in float32 (as the benchmark's jax.jit peer computes it), as float64."""
    grad = jax.jit(jax.grad(functools.partial(model.J, case.spec)))
    G = grad({key: jnp.asarray(W) for key, W in case.params.items()}, jnp.asarray(case.X), jnp.asarray(case.Y))
    assert G["W1"].dtype == jnp.float32
    return {key: np.asarray(value, np.float64) for key, value in G.items()}


@pytest.mark.slow
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_manual_gradients_match_oracle_on_the_deep_large_case(dtype: str) -> None:
    """The deep network at the large size (4096-wide, m = 4096), entry by entry and in norm. (Before session 24 the
    oracle needed 72 GB there, for the exactness rule's products.) float64: within 64 u in norm, as above (measured: at
    most 11.8 u, dW[1]). float32 loses more than that in any implementation here, to cancellation in the m-term sums
    of 4096-wide relu layers: JAX's own float32 gradient of the same J is 31,649 u off in dW[1] (1.9e-3 relative)
    and manual's 18,508 u (measured, OpenBLAS 0.3.31 SkylakeX). So in float32 each gradient is held to twice JAX's
    float32 error on it, or 64 u where that is larger (measured: manual / JAX 0.57-0.88, and 2.1 on db[4], where
    both are within 2.1 u). Planted (dZ[L] scaled by 1 + eps): eps = 1e-13 fails float64 (dW[1] at 14 times its
    limit), 5e-6 fails float32 (dW[4])."""
    case = make_case("deep", "large", dtype)
    result = oracle(case.spec, case.params, case.X, case.Y)
    expected = result.gradients
    allowed = {key: NORMWISE_ULPS * float(np.finfo(dtype).eps) / 2 for key in expected}
    if dtype == "float32":
        jax32 = _jax_float32_gradients(case)
        allowed = {key: max(allowed[key], 2 * _normwise(jax32[key], G)) for key, G in expected.items()}
    actual = mb.gradients(case.spec, case.params, case.X, case.Y)
    report = compare(actual, result, np.dtype(dtype))
    assert report.ok, str(report)                                                     # the entrywise verdict too
    for key, G in expected.items():
        error = _normwise(actual[key], G)
        assert error <= allowed[key], f"{key}: relative error {error:.3g} in norm, allowed {allowed[key]:.3g}"


def _normwise(actual: np.ndarray, expected: np.ndarray) -> float:
    """||actual - expected||_F / ||expected||_F, in float64."""
    return float(np.linalg.norm(actual.astype(np.float64) - expected)) / float(np.linalg.norm(expected))
