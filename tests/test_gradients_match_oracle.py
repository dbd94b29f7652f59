"""The central property: manual_backprop's cost and gradients equal the JAX oracle's, everywhere."""

from __future__ import annotations

import numpy as np
from hypothesis import given

import manual_backprop as mb
from autodiff_oracle import assert_gradients_match, compare, oracle
from autodiff_oracle.campaign import run_campaign
from autodiff_oracle.problems import Problem
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
    assert "; not judged: W1, b1: a relu-like pre-activation lies within rounding error of its kink" in str(right)
    off = {key: value + 1e-3 for key, value in grads.items()}
    assert [m.key for m in compare(off, expected, np.float64).mismatches] == ["W2", "b2"]   # W1, b1: unjudged
    for wrong, what in [({k: v for k, v in grads.items() if k != "b2"}, "keys (expected"),
                        ({**grads, "W2": grads["W2"].T}, "W2"),
                        ({**grads, "b1": grads["b1"].astype(np.float32)}, "b1")]:
        report = compare(wrong, expected, np.float64)
        assert not report.ok and report.undecidable, what
        assert len(report.mismatches) == 1 and report.mismatches[0].key.startswith(what)
        assert str(report).startswith("1 quantity disagrees with the oracle")
        assert "values not judged: W1, b1: a relu-like" in str(report)
