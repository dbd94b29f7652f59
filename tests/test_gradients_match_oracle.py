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
