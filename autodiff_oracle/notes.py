"""The note under a failing report, one at most, in this order: a constant factor that explains every disagreeing
gradient (factors.py); a relu-like unit exactly on its kink that could explain them; float64 values all within
sqrt(u) of the oracle's (lost precision, not a wrong formula); a factor that explains some of them."""

from __future__ import annotations

import numpy as np

from .factors import EVERY
from .model import KINK_CONVENTION
from .plain import OracleResult
from .report import Mismatch, Report


def _kink_can_explain(mismatches: list[Mismatch], oracle: OracleResult) -> bool:
    """Whether a Z exactly on a kink can explain the mismatches: gradient values disagree, only those of layers at or
    below the deepest layer with such a Z (g'[k] enters dW[l], db[l] for l <= k), and not the cost, keys or shapes.
    An OracleResult without per-layer counts (layer_kinks) lets any layer's values be explained."""
    deepest = max((l for l, n in enumerate(oracle.layer_kinks, start=1) if n), default=np.inf)
    return bool(mismatches) and all(m.key[0] in "Wb" and m.key[1:].isdigit() and int(m.key[1:]) <= deepest
                                    for m in mismatches)


#: What the kink note says, and only it: verify shows the failures this note could explain after the others.
ON_THE_KINK = "here, on the kink,"

#: The relative error below which every disagreeing float64 value points at lost precision rather than a formula:
#: sqrt(u), far above a few u of rounding and far below what a wrong formula gives (1e-4 for gelu's erf form).
LOST_PRECISION = float(np.sqrt(np.finfo(np.float64).eps))


def choose_note(report: Report, oracle: OracleResult, lost_precision: bool, factored: str) -> str:
    """The note for report: factored (factors.factor_note) when it names every disagreeing gradient, else the kink's
    where a kink can explain the mismatches, else lost precision's (lost_precision: every disagreeing value is
    float64's and within LOST_PRECISION of the oracle's), else factored (some gradients, or '')."""
    if factored.startswith(EVERY):           # one named factor explains every gradient: no kink can
        return factored
    if oracle.on_kinks and _kink_can_explain(report.mismatches, oracle):
        return (f"{oracle.on_kinks} relu-like pre-activation{'s are' if oracle.on_kinks > 1 else ' is'} exactly 0 "
                f"{ON_THE_KINK} where the oracle takes {KINK_CONVENTION}: a derivative with another value at 0 "
                "can disagree here for that alone, and so can a relu, identity or leaky_relu that does not return z "
                "itself for z >= 0 (0.01 z + 0.99 max(z, 0) rounds it)")
    if report.mismatches and lost_precision:
        return (f"every disagreeing value is within {LOST_PRECISION:.1g} of the oracle's, relative: rather than a "
                "wrong formula, look for a step that loses accuracy relative to its own size, such as a sigmoid "
                "written 0.5 (1 + tanh(z/2)) for z < 0, log(1 + x) for log1p(x), exp(z) - 1 for expm1(z) "
                "(docs/formulas.md, Numerically stable forms)")
    return factored
