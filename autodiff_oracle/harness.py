"""Point the oracle at any backprop: check_gradients returns a located Report, assert_gradients_match raises.

A candidate is a function (spec, params, X, Y) -> gradients dict, or -> (cost, gradients dict),
with the parameters' keys, shapes and dtype. Problems small enough for the padded oracle use it
(one compile per loss, for depths up to 4); others use the plain transcription.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from manual_backprop.spec import NetworkSpec
from manual_backprop.validation import check_problem

from .calling import (
    Candidate,
    ReadOnlyParams,
    ReturnedError,
    call_read_only,
    read_gradients,
    read_only,
    split_result,
    wrote_into_inputs,
)
from .compare import Report, compare
from .factors import l2_terms
from .padded import PaddedOracle
from .plain import OracleResult, evaluate_checked

__all__ = ["PADDED", "Candidate", "ReadOnlyParams", "ReturnedError", "assert_gradients_match", "call_read_only",
           "check_candidate", "check_gradients", "oracle", "read_gradients", "read_only", "split_result",
           "wrote_into_inputs"]

PADDED = PaddedOracle()


def oracle(spec: NetworkSpec, params: Mapping[str, np.ndarray], X: np.ndarray, Y: np.ndarray) -> OracleResult:
    """The oracle's J, gradients and error scales in float64, by the padded form when the problem fits."""
    params, X, Y = check_problem(spec, params, X, Y)
    if PADDED.fits(spec, X.shape[1]):
        return PADDED.evaluate(spec, params, X, Y)
    return evaluate_checked(spec, params, X, Y)


def check_candidate(candidate: Any) -> None:
    """TypeError unless candidate is a function to call as candidate(spec, params, X, Y)."""
    if not callable(candidate):
        raise TypeError(f"candidate must be your gradient function f(spec, params, X, Y); got {candidate!r}")


def check_gradients(candidate: Candidate, spec: NetworkSpec, params: Mapping[str, np.ndarray], X: np.ndarray,
                    Y: np.ndarray, context: str = "") -> Report:
    """Compare candidate(spec, params, X, Y) with the oracle; the Report names any diverging entry.

    The candidate is called as candidate(spec, params, X, Y), X (n[0], m) and Y (n[L], m), and returns the
    gradients, a mapping {"W1": dW[1] (n[1], n[0]), "b1": db[1] (n[1], 1), ..., "WL", "bL"} of arrays in X's
    dtype, or (J, gradients) with J one number (then J is judged too). It gets read-only copies of the arrays
    (call_read_only): a write into them raises ValueError where it happens. A result with other keys, shapes or
    dtypes, or none at all, is a failing Report that says so; a 2-tuple that is not (J, gradients), such as
    (gradients, J), raises ReturnedError (a TypeError) saying what to return. Report.ok is the verdict and
    str(report) the located message (assert_gradients_match raises it).
    """
    check_candidate(candidate)
    expected = oracle(spec, params, X, Y)
    actual_cost, actual, _ = call_read_only(candidate, spec, params, X, Y)
    m = X.shape[1]
    report = compare(actual, expected, X.dtype, actual_cost, m, spec.loss, l2_terms(spec.l2, params, m))
    report.context = context or f"{spec!r} with X {X.shape} {X.dtype}, Y {Y.shape}"
    return report


def assert_gradients_match(candidate: Candidate, spec: NetworkSpec, params: Mapping[str, np.ndarray],
                           X: np.ndarray, Y: np.ndarray, context: str = "") -> Report:
    """check_gradients, raising AssertionError with the located report on any mismatch."""
    report = check_gradients(candidate, spec, params, X, Y, context)
    if not report.ok:
        raise AssertionError(str(report))
    return report
