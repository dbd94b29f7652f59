"""`backprop bench --yours TARGET`: your gradient function, judged by the oracle, then timed beside manual.

TARGET is "package.module:function" or "path/to/file.py:function". The function is called as
manual_backprop.gradients is, f(spec, params, X, Y), and returns the gradients dict {"W1": dW[1], ...}
or (cost, gradients). On every case the oracle first judges its gradients (autodiff_oracle.compare, the
tolerance of the verification suite); where they disagree, it raises or it writes into its inputs, that case
is not timed for it and the report says why: no wrong gradient is ever timed. A float32 case is judged
twice: as it is (keys, shapes, dtypes, values) and with its values cast to float64, where the oracle's
tolerance is sharp; so the function must accept both dtypes, as manual_backprop.gradients does.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import numpy as np

from ..error_messages import CANDIDATE_FAILURES, error_text
from .cases import Case
from .peers import YOURS as NAME
from .peers import NotTimed, Peer, first_call

Candidate = Callable[..., Any]


def _judge(candidate: Candidate, case: Case, params: dict[str, np.ndarray], X: np.ndarray, Y: np.ndarray,
           ) -> tuple[Any, str, str]:
    """(Report, where, note): the oracle on the case as it is and, for float32, on its values cast to float64.

    The float64 judgement is the sharp one: the oracle's tolerance is rtol (|g| + S), S a worst-case rounding
    bound that on the deep small case is 5,000-50,000 |g|, so in float32 it admits a relative error of order
    1 there, and in float64 of 1e-9. note says when the float32 values were left unjudged (a kink).
    """
    from autodiff_oracle import check_gradients

    report = check_gradients(candidate, case.spec, params, X, Y, context=case.label)
    if not report.ok or X.dtype == np.float64:
        return report, "", ""
    up = {key: value.astype(np.float64) for key, value in params.items()}
    report64 = check_gradients(candidate, case.spec, up, X.astype(np.float64), Y.astype(np.float64))
    note = (f"{NAME} on {case.label}: its float32 values are judged through the same case in float64 only (a relu "
            "pre-activation lies within float32 rounding of its kink)") if report.undecidable else ""
    return (report, "", note) if report64.ok else (report64, " on the same case in float64", note)


def _raised_in_candidate(error: BaseException) -> bool:
    """Whether error came through calling.call_read_only, the one place the harness calls the candidate and reads
    what it returned (it calls the oracle before, and compares after)."""
    import traceback

    return any(frame.name == "call_read_only" for frame in traceback.extract_tb(error.__traceback__))


def raised_kind(reason: str) -> str | None:
    """The name of the exception a reason for a case not timed says your function raised ("it raised: Error: ..."
    here, "it raised while being timed: Error: ..." in case_timing), else None (judged wrong, or another peer's)."""
    import re

    found = re.match(rf"{NAME}: not timed on .*?: it raised(?: while being timed)?: ([A-Za-z_]\w*): ", reason)
    return found[1] if found else None


def _not_timed(case: Case, what: str, error: BaseException) -> NotTimed:
    """'yours: not timed on CASE: it WHAT: Error: message (at file:line, in function)' for a failure of your code."""
    from autodiff_oracle.judging import raised_at

    return NotTimed(f"{NAME}: not timed on {case.label}: it {what}: {type(error).__name__}: {error_text(error)}"
                    f"{raised_at(error)}")


def builder(candidate: Candidate) -> Callable[[Case], Peer]:
    """A peer builder for candidate: judged on each case, on its own copies of the inputs."""

    def build(case: Case) -> Peer:
        spec = case.spec
        params = {key: value.copy() for key, value in case.params.items()}
        X, Y = case.X.copy(), case.Y.copy()
        try:
            report, where, note = _judge(candidate, case, params, X, Y)
        except CANDIDATE_FAILURES as error:  # any failure of your code (sys.exit too) is reported, not raised
            from autodiff_oracle.harness import ReturnedError, wrote_into_inputs

            if not _raised_in_candidate(error):     # the oracle's own call failed (out of memory, say): not yours
                raise NotTimed(f"{NAME}: not timed on {case.label}: the oracle could not judge it there (not a fault "
                               f"of yours): {type(error).__name__}: {error_text(error)}") from error
            if isinstance(error, ReturnedError):    # what it returned, not a raise in its code
                raise NotTimed(f"{NAME}: not timed on {case.label}: {error}") from error
            what = "writes into its inputs, which the oracle passes read-only" if wrote_into_inputs(error) else "raised"
            raise _not_timed(case, what, error) from error
        if not report.ok:
            raise NotTimed(f"{NAME}: not timed on {case.label}: {report.headline}{where}, "
                           f"first {report.mismatches[0].describe(report.rtol)}")
        try:                                        # the untimed first call (it timed the setup): yours as well
            peer = first_call(NAME, lambda: candidate(spec, params, X, Y))
        except CANDIDATE_FAILURES as error:
            raise _not_timed(case, "raised", error) from error
        return dataclasses.replace(peer, note=note)

    return build
