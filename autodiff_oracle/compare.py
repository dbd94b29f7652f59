"""Comparing a candidate's cost and gradients with the oracle's: one tolerance policy, located reports.

An entry passes when |candidate - oracle| <= rtol (|oracle| + S) + rtol^2 M + atol, where S is the oracle's
first-order rounding-error scale for that entry (core.py): the size of the terms the entry is
computed from, so entries that cancel to almost nothing are judged on the scale they cancel from,
and M bounds the second-order terms (core.py).
rtol = GROWTH * u and atol = GROWTH * tiny, u the unit roundoff and tiny the smallest normal number
of the candidate's dtype (underflow), GROWTH the same for both dtypes (docs/verification.md).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from .factors import factor_note, factor_of_part, l2_note, transposed_note
from .notes import LOST_PRECISION, choose_note, in_float32
from .plain import OracleResult
from .report import Mismatch, Report
from .shape_slips import shape_problem

__all__ = ["ATOL", "GROWTH", "RTOL", "Mismatch", "Report", "compare", "kinked_layer", "rtol_for", "scaled_errors"]

#: rtol = GROWTH * unit roundoff of the candidate's dtype.
GROWTH = 256
RTOL: dict[np.dtype, float] = {np.dtype(t): GROWTH * float(np.finfo(t).eps) / 2 for t in (np.float64, np.float32)}
ATOL: dict[np.dtype, float] = {np.dtype(t): GROWTH * float(np.finfo(t).tiny) for t in (np.float64, np.float32)}


def rtol_for(dtype: Any) -> float:
    """The documented rtol for a candidate computing in dtype."""
    return RTOL[np.dtype(dtype)]


def scaled_errors(actual: Any, expected: Any, scale: Any, dtype: Any, second_order: Any = 0.0) -> np.ndarray:
    """max(|actual - expected| - rtol^2 M - atol, 0) / (|expected| + S) in float64: passes when <= rtol."""
    dtype = np.dtype(dtype)
    a = np.asarray(actual, dtype=np.float64)
    e = np.asarray(expected, dtype=np.float64)
    floor = RTOL[dtype] ** 2 * np.asarray(second_order, dtype=np.float64) + ATOL[dtype]
    excess = np.abs(a - e) - floor
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):   # a tiny |e| + S: inf, the right score
        out = excess / (np.abs(e) + np.asarray(scale, dtype=np.float64))
    out = np.where(excess <= 0, 0.0, out)
    return np.where(np.isnan(out), np.inf, out)


def _passes(e: np.ndarray, oracle: OracleResult, key: str, dtype: np.dtype) -> Callable[[np.ndarray], bool]:
    """Whether values in place of the candidate's gradient for key would pass, every entry (factors.factor_of)."""
    scale, second_order = oracle.scales[key], oracle.second_order[key]
    return lambda x: bool(np.all(scaled_errors(x, e, scale, dtype, second_order) <= RTOL[dtype]))


def _a_network_of(keys: set[str]) -> bool:
    """Whether keys are the parameters' keys of some network: W1, b1, ..., WL, bL for an L >= 1."""
    L = len(keys) // 2
    return L >= 1 and keys == {f"{k}{l}" for l in range(1, L + 1) for k in "Wb"}


def kinked_layer(oracle: OracleResult, rtol: float) -> float:
    """The deepest layer with a relu-like pre-activation within rounding error (rtol) of its kink, 0 if none (inf
    if the oracle gives no layer's margin): g'[k] enters dZ of layer k and every layer below it, so the values of
    dW[l] and db[l] for l <= k cannot be judged, and those above it can."""
    if not oracle.kink_margin <= rtol:
        return 0
    return max((l for l, margin in enumerate(oracle.layer_margins, start=1) if margin <= rtol), default=np.inf)


def _relative(actual: Any, expected: Any) -> float:
    """The largest |actual - expected| / |expected| over the entries given (inf for a NaN or a 0 expected)."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):     # a subnormal expected: inf too
        relative = np.abs(np.asarray(actual, np.float64) - expected) / np.abs(expected)
    return float(np.max(np.where(np.isnan(relative), np.inf, relative)))


def compare(actual: Mapping[str, Any], oracle: OracleResult, dtype: Any, actual_cost: float | None = None,
            m: int | None = None, loss: str | None = None, l2_terms: Mapping[str, np.ndarray] | None = None) -> Report:
    """Compare gradients (and the cost, if given) key by key; keys, shapes and dtypes must match exactly. m, the
    problem's number of examples, lets a note name a factor such as m, loss, the slips only a loss can make
    (a squared error without its 1/2: factors.py), and l2_terms ({"W1": (lambda/m) W[1], ...}, with m), an L2 term
    left out or taken twice."""
    dtype = np.dtype(dtype)
    report = Report(rtol=rtol_for(dtype))
    relative = 0.0                                   # over every disagreeing value: the lost-precision note's
    factors: dict[str, float] = {}                   # key: r where the key's gradient is the oracle's times r
    apart: set[str] = set()                          # those whose factor is of their part other than the L2 term
    if actual_cost is not None:
        report.worst["cost"] = float(scaled_errors(actual_cost, oracle.cost, oracle.cost_scale, dtype))
        if not report.worst["cost"] <= report.rtol:
            report.mismatches.append(Mismatch("cost", (), float(actual_cost), oracle.cost, report.worst["cost"]))
            relative = _relative(actual_cost, oracle.cost)
    expected = oracle.gradients
    below = kinked_layer(oracle, report.rtol)   # its values and those below are not judged; keys, shapes, dtypes
    unjudged = [key for key in expected if int(key[1:]) <= below]   # and the cost always are
    if unjudged:
        which = "" if len(unjudged) == len(expected) else f"{', '.join(unjudged)}: "
        layer, margin = ((f" in layer {below}", oracle.layer_margins[int(below) - 1]) if below < np.inf else
                         ("", oracle.kink_margin))                     # the layer whose kink cut the judgement
        report.undecidable = (f"{which}a relu-like pre-activation{layer} lies within rounding error of its kink in "
                              f"{dtype} (|Z| / F = {margin:.3g} <= rtol {report.rtol:.3g})")
    if not isinstance(actual, Mapping) or set(actual) != set(expected):
        got = sorted(map(str, actual)) if isinstance(actual, Mapping) else type(actual).__name__
        hint = (" (gradients come back under the parameters' keys: W1, not dW1)"
                if isinstance(actual, Mapping) and {f"d{key}" for key in expected} == set(actual) else
                " (another network's keys: gradients kept from another problem, such as a cache keyed by X's shape?)"
                if isinstance(actual, Mapping) and _a_network_of(set(map(str, actual)))
                else "")
        report.mismatches.append(Mismatch(f"keys (expected {sorted(expected)}, got {got}){hint}", (),
                                          np.nan, np.nan, np.inf, structural=True))
        report.worst["keys"] = np.inf            # as for a wrong shape: not a 0 error in the campaign's tables
        return report
    for key, e in expected.items():
        a = actual[key]
        if not isinstance(a, np.ndarray) or a.shape != e.shape or a.dtype != dtype:
            report.mismatches.append(shape_problem(key, a, expected, dtype, m))
            report.worst[key] = np.inf
    for key, e in expected.items():
        a = actual[key]
        if key in report.worst or key in unjudged:  # a shape or dtype problem, reported above; or a kink's
            continue
        err = scaled_errors(a, e, oracle.scales[key], dtype, oracle.second_order[key])
        worst = int(np.argmax(err))
        report.worst[key] = float(err.flat[worst])
        if not report.worst[key] <= report.rtol:
            index = tuple(int(i) for i in np.unravel_index(worst, e.shape))
            disagreeing = err > report.rtol
            report.mismatches.append(Mismatch(key, index, float(a[index]), float(e[index]), report.worst[key],
                                              n_disagreeing=int(np.count_nonzero(disagreeing)), n_entries=e.size))
            relative = max(relative, _relative(a[disagreeing], e[disagreeing]))
            factor, of_part = factor_of_part(a, e, oracle.scales[key], _passes(e, oracle, key, dtype),
                                             (l2_terms or {}).get(key))
            if factor is not None:
                factors[key] = factor
                apart |= {key} if of_part else set()
    values = all(m.key == "cost" or m.key in expected for m in report.mismatches)   # no keys, shapes or dtypes
    wrong = [mm.key for mm in report.mismatches if mm.key in expected]
    n = expected[f"b{len(expected) // 2}"].shape[0] if factors else 0          # n[L]
    factored = factor_note(factors, wrong, m, n, loss, apart) if factors else ""
    passes = lambda key, x: _passes(expected[key], oracle, key, dtype)(x)      # noqa: E731
    l2 = l2_note(wrong, actual, l2_terms, passes, m, factored) if l2_terms and m and values else ""
    l2 = l2 or (transposed_note(wrong, actual, l2_terms or {}, passes) if values else "")
    float64 = values and dtype == np.float64
    float32 = float64 and bool(report.mismatches) and in_float32({key: actual[key] for key in expected})  # fails only
    nothing = values and not any(np.any(actual[key]) for key in expected)     # every gradient returned all 0
    report.note = choose_note(report, oracle, float64 and relative <= LOST_PRECISION, l2 or factored, float32, nothing)
    return report
