"""How the campaign judges one problem: the candidate called on read-only copies, its result against the oracle's.

A raise is a failure located in the candidate's own code (raised_at); with a decoy (the same shapes, other values)
the candidate is also called just before and just after, so state kept between calls shows (stale gradients cached
by shape, returned buffers that the next call overwrites).
"""

from __future__ import annotations

import inspect
import os
import pathlib
import sys
import traceback

import numpy as np

from manual_backprop.error_messages import CANDIDATE_FAILURES, error_text
from manual_backprop.spec import NetworkSpec

from .compare import Mismatch, Report, compare, rtol_for
from .harness import Candidate, ReturnedError, call_read_only, read_gradients, wrote_into_inputs
from .plain import OracleResult
from .problems import Problem, make_problem


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


def decoy_for(problem: Problem) -> Problem:
    """Other values of the same spec, shapes, dtype, regime and layout (the next seed)."""
    return make_problem(problem.spec, problem.X.shape[1], problem.dtype, (problem.seed + 1) % 2**32, problem.values,
                        problem.layout)


def judge(candidate: Candidate, problem: Problem, expected: OracleResult, decoy: Problem | None = None) -> Report:
    """The candidate's result on read-only copies of problem's arrays, against the oracle's; raising fails.

    With a decoy (the same shapes, other values) the candidate is also called on it just before and just after:
    gradients cached by shape come back stale (judged wrong), and returned arrays that the next call overwrites
    (buffers kept between calls, or the Mapping returned, filled again) are named. What raises in a call or in reading
    what it returned (call_read_only; read_gradients again after the next call) is the candidate's raise, a located
    failure; the comparison's own failure is the harness's, and propagates."""
    after = False
    try:
        if decoy is not None:
            call_read_only(candidate, *decoy)
        actual_cost, actual, returned = call_read_only(candidate, *problem)
    except CANDIDATE_FAILURES as error:  # your code's failure (sys.exit too) is located, not the campaign's end
        report = _raised(error, problem)
    else:
        report = compare(actual, expected, problem.dtype, actual_cost, problem.X.shape[1], problem.spec.loss)
        if decoy is not None and report.ok:        # called again after it only when it passed, to see what changes
            after = True
            kept = {key: value.copy() for key, value in actual.items()}
            try:
                call_read_only(candidate, *decoy)
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
    report.context = repr(problem) + (f"; the candidate was called on {decoy!r} {when}" if decoy is not None else "")
    return report


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
