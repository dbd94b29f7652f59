"""How the campaign judges one problem: the candidate called on read-only copies, its result against the oracle's.

A raise is a failure located in the candidate's own code (raised_at); with a decoy (the same shapes, other values:
the problem's X and Y with other params, or its params with other X and Y) the candidate is also called just before
and just after, so state kept between calls shows (stale gradients cached by shape, by X's values or by the params',
returned buffers that the next call overwrites). The decoys are built in decoys.py.
"""

from __future__ import annotations

import inspect
import os
import pathlib
import sys
import traceback
from collections.abc import Callable

import numpy as np

from manual_backprop.error_messages import CANDIDATE_FAILURES, error_text
from manual_backprop.spec import NetworkSpec

from .compare import Mismatch, Report, compare, rtol_for
from .decoys import Decoy
from .factors import l2_terms
from .harness import Candidate, ReturnedError, call_read_only, oracle, read_gradients, wrote_into_inputs
from .plain import OracleResult
from .problems import Problem


def raised_at(error: BaseException) -> str:
    """' (at file:line, in function)': the deepest frame of error's traceback outside the installed libraries,
    this package and manual_backprop (in the candidate's own code, then), or '' if there is none."""
    libraries = {sys.prefix, sys.base_prefix, sys.exec_prefix, str(pathlib.Path(__file__).parent),
                 str(pathlib.Path(inspect.getfile(NetworkSpec)).parent)}          # manual_backprop's folder

    def inside(path: str, root: str) -> bool:
        return os.path.isabs(path) and os.path.commonpath([path, root]) == root

    frames = [frame for frame in traceback.extract_tb(error.__traceback__)
              if not any(inside(frame.filename, root) for root in libraries)]
    return f" (at {frames[-1].filename}:{frames[-1].lineno}, in {frames[-1].name})" if frames else ""


def judge(candidate: Candidate, problem: Problem, expected: OracleResult, decoy: Decoy | None = None,
          decoy_oracle: Callable[[Decoy], OracleResult] = lambda decoy: oracle(*decoy.arguments)) -> Report:
    """The candidate's result on read-only copies of problem's arrays, against the oracle's; raising fails.

    With a decoy (the same shapes, other values) the candidate is also called on it just before and just after:
    gradients cached by shape, or by the values the decoy keeps, come back stale (judged wrong, and noted when they
    are those the decoy got, by decoy_oracle(decoy): harness.oracle on its arguments by default), and returned arrays
    that the next call overwrites (buffers kept between calls, or the Mapping returned, filled again) are named. What
    raises in a call or in reading what it returned (call_read_only; read_gradients again after the next call) is
    the candidate's raise, a located failure; the comparison's own failure is the harness's, and propagates."""
    after, before = False, {}   # before: the decoy's gradients, copied
    try:
        if decoy is not None:
            before = _snapshot(call_read_only(candidate, *decoy.arguments)[1])
        actual_cost, actual, returned = call_read_only(candidate, *problem)
    except CANDIDATE_FAILURES as error:  # your code's failure (sys.exit too) is located, not the campaign's end
        report = _raised(error, problem)
    else:
        m = problem.X.shape[1]
        report = compare(actual, expected, problem.dtype, actual_cost, m, problem.spec.loss,
                         l2_terms(problem.spec.l2, problem.params, m))
        if decoy is not None and _stale(report, before, actual, decoy, decoy_oracle):  # explains it: no other note
            by = "X's values" if decoy.keeps == "X and Y" else "the params' values"
            report.note = (f"it returned the gradients it had returned just before, for the decoy (its {decoy.keeps}, "
                           f"other {decoy.differs}): gradients kept between calls, cached by {by} or by shape alone?")
        if decoy is not None and report.ok:        # called again after it only when it passed, to see what changes
            after = True
            kept = {key: value.copy() for key, value in actual.items()}
            try:
                call_read_only(candidate, *decoy.arguments)
                again = read_gradients(returned)   # what the problem's call returned, read anew: any Mapping
            except CANDIDATE_FAILURES as error:  # the call after it (or that reading) raised: located too
                report = _raised(error, problem)
            else:                                  # (ok: no NaN in kept; a key the next call removed is changed)
                changed = [key for key in kept if key not in again or not np.array_equal(kept[key], again[key])]
                if changed:
                    report.mismatches.append(Mismatch(
                        f"{', '.join(changed)} changed when the candidate was called again (on other values of the "
                        f"same shapes): return new arrays, not buffers that the next call writes into", (), np.nan,
                        np.nan, np.inf))
                    report.worst["reused"] = np.inf
    when = "just before and after it" if after else "just before it"
    report.context = repr(problem) + (f"; the candidate was called on {decoy} {when}" if decoy is not None else "")
    return report


def _snapshot(gradients: object) -> dict[str, np.ndarray]:
    """Copies of the arrays of a plain dict of gradients (nothing of anything else)."""
    if not isinstance(gradients, dict):
        return {}
    return {key: value.copy() for key, value in gradients.items() if isinstance(value, np.ndarray)}


def _stale(report: Report, before: dict[str, np.ndarray], actual: object, decoy: Decoy,
           decoy_oracle: Callable[[Decoy], OracleResult]) -> bool:
    """report failed on values alone (no raise, every key, shape and dtype right), actual is before exactly, and
    before are the decoy's gradients, judged by decoy_oracle (else a stateless slip that the decoy's values do not
    change, as in saturated units, would read as kept)."""
    if (report.ok or report.raised is not None or any(m.structural for m in report.mismatches)
            or not isinstance(actual, dict) or before.keys() != actual.keys()
            or not all(np.array_equal(before[key], actual[key]) for key in before)):
        return False
    spec, _, X, _ = decoy.arguments
    return compare(before, decoy_oracle(decoy), X.dtype, None, X.shape[1], spec.loss).ok


def _raised(error: BaseException, problem: Problem) -> Report:
    """The failure of a problem on which the candidate raised error: what, why if it wrote into its inputs, where;
    or, for a result that is not the gradients or (cost, gradients) (ReturnedError), what it returned."""
    if isinstance(error, ReturnedError):    # its result's fault, not a raise in its code: no file and line to name
        report = Report(rtol=rtol_for(problem.dtype), worst={"returned": np.inf})
        report.mismatches.append(Mismatch(str(error), (), np.nan, np.nan, np.inf, structural=True))
        return report
    why = " (its inputs are read-only: a gradient must not write into them)" if wrote_into_inputs(error) else ""
    report = Report(rtol=rtol_for(problem.dtype), worst={"raised": np.inf}, raised=error)
    report.mismatches.append(Mismatch(f"the candidate raised {type(error).__name__}: {error_text(error)}{why}"
                                      f"{raised_at(error)}",
                                      (), np.nan, np.nan, np.inf))
    return report
