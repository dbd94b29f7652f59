"""A gradient whose L2 term (lambda/m) W[l] is left out, counted twice or not divided by m gets a note naming that
slip: the report showed only W entries off by amounts of no visible pattern (no note at all), and where the data's
own gradient vanishes (saturated or one-unit softmax outputs) a doubled L2 term read as 'times 2 (a squared error
without its 1/2?)' (a user's L2 slips run through `backprop verify --yours`, session 37)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from autodiff_oracle import Scope, check_gradients, make_problem, run_campaign
from manual_backprop import NetworkSpec, gradients

Candidate = Callable[[NetworkSpec, dict[str, np.ndarray], np.ndarray, np.ndarray], dict[str, np.ndarray]]


def _l2_times(k: Callable[[int], float]) -> Candidate:
    """manual_backprop's gradients with each W's L2 term (lambda/m) W taken k(m) times instead of once."""
    def candidate(spec: NetworkSpec, params: dict[str, np.ndarray], X: np.ndarray,
                  Y: np.ndarray) -> dict[str, np.ndarray]:
        m = X.shape[1]
        return {key: g + (k(m) - 1) * spec.l2 / m * params[key] if key.startswith("W") else g
                for key, g in gradients(spec, params, X, Y).items()}
    return candidate


SLIPS = [
    (lambda m: 0.0, "times 0: the L2 term left out?"),
    (lambda m: 2.0, "times 2: the L2 term added twice?"),
    (lambda m: m, "times 7 (= m): lambda W[l], the L2 term's 1/m left out?"),
    (lambda m: 0.5, "times 0.5: (lambda/2m) W[l], the 1/2 of the cost's (lambda/2m) ||W[l]||^2 kept in its "
                    "derivative?"),
    (lambda m: 1 / m, "times 0.142857 (= 1/m): (lambda/m^2) W[l], divided by m twice?"),
]


@pytest.mark.parametrize(("k", "slip"), SLIPS, ids=[slip.split(":")[0] for _, slip in SLIPS])
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_an_l2_term_taken_a_wrong_number_of_times_is_named_in_the_note(k: Callable[[int], float], slip: str,
                                                                       dtype: str) -> None:
    spec = NetworkSpec((3, 4, 2), ("tanh", "sigmoid"), "binary_cross_entropy", 0.1)
    report = check_gradients(_l2_times(k), *make_problem(spec, 7, dtype, 5))
    assert not report.ok and {m.key for m in report.mismatches} == {"W1", "W2"}, report
    assert report.note == f"every disagreeing gradient (W1, W2) is the oracle's with its L2 term (lambda/m) W[l] {slip}"


def test_a_doubled_l2_term_is_not_read_as_a_squared_errors_missing_half_where_the_data_gradient_vanishes() -> None:
    """A one-unit softmax output is 1 whatever Z is: dW is the L2 term alone, doubled it is the oracle's times 2."""
    spec = NetworkSpec((3, 1), ("softmax",), "mean_squared_error", 0.1)
    report = check_gradients(_l2_times(lambda m: 2.0), *make_problem(spec, 5, "float64", 0))
    assert report.note.endswith("(lambda/m) W[l] times 2: the L2 term added twice?"), report.note


def test_where_the_data_gradient_vanishes_a_factor_of_the_whole_and_the_l2_note_are_both_given() -> None:
    """m taken as Y.size (the mean over n[L] m entries) scales the L2 term too: where the data's own gradient
    vanishes, that is the L2 term times 1/n[L] = 1/2 as well, and either slip can be the one made."""
    spec = NetworkSpec((3, 2), ("softmax",), "mean_squared_error", 0.1)
    problem = make_problem(spec, 1, "float64", 779054619, "large")     # saturated: the data part is below rtol

    def mean_over_every_entry(spec: NetworkSpec, *arrays: np.ndarray) -> dict[str, np.ndarray]:
        return {key: g / 2 for key, g in gradients(spec, *arrays).items()}

    note = check_gradients(mean_over_every_entry, *problem).note
    assert note.startswith("every disagreeing gradient (W1) is the oracle's times 0.5 (= 1/n[L] = 1/2: the "), note
    assert "; or, its data part vanishing here, the oracle's with its L2 term (lambda/m) W[l] times 0.5: " in note


def test_the_l2_note_needs_an_l2_term_and_only_ws_disagreeing() -> None:
    """Without lambda there is no L2 term to name, and a b cannot have one: a slip that changes a b is another."""
    problem = make_problem(NetworkSpec((3, 4, 2), ("tanh", "sigmoid"), "binary_cross_entropy", 0.1), 7, "float64", 5)

    def b1_off_too(spec: NetworkSpec, *arrays: np.ndarray) -> dict[str, np.ndarray]:
        grads = _l2_times(lambda m: 0.0)(spec, *arrays)
        return {**grads, "b1": grads["b1"] + 0.5}

    assert "L2 term" not in check_gradients(b1_off_too, *problem).note
    assert "L2 term" not in check_gradients(lambda *a: {k: 2 * g for k, g in gradients(*a).items()}, *problem).note


def test_the_campaign_names_an_l2_term_left_out() -> None:
    """judge passes the problem's params and lambda to compare, as check_gradients does."""
    scope = Scope(activations=("tanh",), outputs=("sigmoid",), losses=("binary_cross_entropy",))
    failures = run_campaign(_l2_times(lambda m: 0.0), cases=48, scope=scope).failures
    assert failures and all(problem.spec.l2 > 0 for problem, _ in failures)
    assert all("the L2 term left out?" in report.note for _, report in failures), [r.note for _, r in failures]


def test_a_factor_of_the_data_part_is_named_apart_from_the_l2_term() -> None:
    """dW[l] = dZ[l] A[l-1]^T + (lambda/m) W[l], the 1/m left out of the first term alone: the factor m was named
    only where lambda = 0, since the L2 term, right, keeps the whole gradient from being the oracle's times m (104 of
    233 such failures of a 300-problem campaign had no note, all with lambda > 0)."""
    def no_1_over_m_in_dw(spec: NetworkSpec, params: dict[str, np.ndarray], X: np.ndarray,
                          Y: np.ndarray) -> dict[str, np.ndarray]:
        m, grads = X.shape[1], gradients(spec, params, X, Y)
        return {key: m * (g - spec.l2 / m * params[key]) + spec.l2 / m * params[key] if key.startswith("W") else g
                for key, g in grads.items()}

    spec = NetworkSpec((3, 4, 2), ("tanh", "sigmoid"), "binary_cross_entropy", 0.1)
    report = check_gradients(no_1_over_m_in_dw, *make_problem(spec, 7, "float64", 5))
    assert report.note == ("every disagreeing gradient (W1, W2), apart from its L2 term (lambda/m) W[l], is the "
                           "oracle's times 7 (= m: the 1/m left out?)"), report.note



def test_a_factor_of_the_whole_or_of_the_part_apart_from_the_l2_term_is_read_off_its_best_conditioned_entry() -> None:
    """factor_of_part reads r off the entry best conditioned against the scale (entry 1 here, not entry 0: 1e-3
    against a scale of 10), as factor_of does: entry 0 off by 5e-9 relative still passes divided by 7, but r read
    there fails entry 1. With an L2 term t, the part a - t is 7 times the oracle's e - t, read off entry 1 alike."""
    from autodiff_oracle.factors import factor_of_part

    e, scale = np.array([[1e-3, 2.0]]), np.array([[10.0, 0.1]])

    def passes(x: np.ndarray) -> bool:
        return bool(np.all(np.abs(x - e) <= 1e-12 * (np.abs(e) + scale)))

    a = 7 * e * [[1 + 5e-9, 1.0]]
    assert factor_of_part(a, e, scale, passes, None) == (7.0, False)
    t = np.array([[0.25, 0.5]])                        # e - t: entry 0 off by 2e-11 relative, within 1e-11
    assert factor_of_part(7 * (e - t) * [[1 + 2e-11, 1.0]] + t, e, scale, passes, t) == (7.0, True)
    assert factor_of_part(7 * (e - t) + t, e, scale, passes, None) == (None, False)


def test_at_m_2_an_l2_term_doubled_is_both_slips_that_double_it() -> None:
    """At m = 2, lambda W[l] (the 1/m left out) is the L2 term added twice: both are said, joined by "or"."""
    spec = NetworkSpec((3, 4, 2), ("tanh", "sigmoid"), "binary_cross_entropy", 0.1)
    report = check_gradients(_l2_times(lambda m: 2.0), *make_problem(spec, 2, "float64", 5))
    assert report.note == ("every disagreeing gradient (W1, W2) is the oracle's with its L2 term (lambda/m) W[l] "
                           "times 2 (= m): the L2 term added twice or lambda W[l], the L2 term's 1/m left out?"), report
