"""Point the oracle at any backprop: check_gradients returns a located Report, assert_gradients_match raises.

A candidate is a function (spec, params, X, Y) -> gradients dict, or -> (cost, gradients dict),
with the parameters' keys, shapes and dtype. Problems small enough for the padded oracle use it
(one compile per loss, for depths up to 4); others use the plain transcription.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from manual_backprop.spec import NetworkSpec
from manual_backprop.validation import check_problem

from .compare import Report, compare
from .padded import PaddedOracle
from .plain import OracleResult, evaluate_checked

Candidate = Callable[[NetworkSpec, dict[str, np.ndarray], np.ndarray, np.ndarray], Any]
PADDED = PaddedOracle()


def oracle(spec: NetworkSpec, params: dict[str, np.ndarray], X: np.ndarray, Y: np.ndarray) -> OracleResult:
    """The oracle's J, gradients and error scales in float64, by the padded form when the problem fits."""
    params, X, Y = check_problem(spec, params, X, Y)
    if PADDED.fits(spec, X.shape[1]):
        return PADDED.evaluate(spec, params, X, Y)
    return evaluate_checked(spec, params, X, Y)


def split_result(result: Any) -> tuple[float | None, Any]:
    """A candidate's result as (cost or None, gradients)."""
    if isinstance(result, tuple) and len(result) == 2:
        return float(result[0]), result[1]
    return None, result


def read_only(params: dict[str, np.ndarray], X: np.ndarray,
              Y: np.ndarray) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:
    """Read-only views of the inputs, no copies: a candidate's write into one raises where it happens."""

    def view(array: np.ndarray) -> np.ndarray:
        out = array.view()
        out.flags.writeable = False
        return out

    return {key: view(value) for key, value in params.items()}, view(X), view(Y)


def wrote_into_inputs(error: BaseException) -> bool:
    """Whether error is NumPy's refusal to write into a read-only view (what call_read_only passes)."""
    return "read-only" in str(error)


def call_read_only(candidate: Candidate, spec: NetworkSpec, params: dict[str, np.ndarray], X: np.ndarray,
                   Y: np.ndarray) -> tuple[float | None, Any]:
    """(cost or None, gradients) of candidate on read-only views of the arrays: a gradient that writes into its
    inputs raises ValueError at the write, with a note saying why."""
    try:
        return split_result(candidate(spec, *read_only(params, X, Y)))
    except ValueError as error:
        if wrote_into_inputs(error):
            error.add_note("autodiff_oracle passes the inputs read-only: the candidate wrote into one of them")
        raise


def check_gradients(candidate: Candidate, spec: NetworkSpec, params: dict[str, np.ndarray], X: np.ndarray,
                    Y: np.ndarray, context: str = "") -> Report:
    """Compare candidate(spec, params, X, Y) with the oracle; the Report names any diverging entry.

    The candidate gets read-only views of the arrays (call_read_only): a write into them raises ValueError.
    """
    expected = oracle(spec, params, X, Y)
    actual_cost, actual = call_read_only(candidate, spec, params, X, Y)
    report = compare(actual, expected, X.dtype, actual_cost)
    report.context = context or f"{spec!r} with X {X.shape} {X.dtype}, Y {Y.shape}"
    return report


def assert_gradients_match(candidate: Candidate, spec: NetworkSpec, params: dict[str, np.ndarray],
                           X: np.ndarray, Y: np.ndarray, context: str = "") -> Report:
    """check_gradients, raising AssertionError with the located report on any mismatch."""
    report = check_gradients(candidate, spec, params, X, Y, context)
    if not report.ok:
        raise AssertionError(str(report))
    return report
