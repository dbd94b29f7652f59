"""The note under a failing report, one at most, in this order: every gradient returned 0 in every entry (nothing
computed: the first dZ's note, true of that too, would send the reader to the formulas); a float64 problem's
gradients all float32 numbers (computed in float32 and cast back: no formula or kink note can fit values that all
lost 29 bits); a constant factor that explains every disagreeing gradient (factors.py); a relu-like unit exactly on
its kink that could explain them; float64 values all within sqrt(u) of the oracle's (lost precision, not a wrong
formula); a factor that explains some of them; the first dZ[l] to differ, where the layers that disagree show it
(first_wrong.py)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .factors import EVERY
from .first_wrong import first_wrong_note
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


def on_kinks(notes: list[str]) -> str:
    """What verify's summary adds after 'n of N failed', given the failures' notes: ' (all n on a relu-like kink, which
    could explain each alone: see their notes)' when each has the kink note, ' (k of them on a relu-like kink, which
    could explain each alone; the other n - k it cannot: look at those first)' when some do, '' when none does; so
    that "only the kink's convention differs" reads apart from "the kink and a bug" without reading every report."""
    k, n = sum(ON_THE_KINK in note for note in notes), len(notes)
    if not k:
        return ""
    if k == n == 1:
        return " (on a relu-like kink, which could explain it alone: see its note)"
    if k == n:
        return f" (all {n:,} on a relu-like kink, which could explain each alone: see their notes)"
    other = "the other one it cannot: look at it" if n - k == 1 else f"the other {n - k:,} it cannot: look at those"
    return f" ({k:,} of them on a relu-like kink, which could explain each alone; {other} first)"

#: The relative error below which every disagreeing float64 value points at lost precision rather than a formula:
#: sqrt(u), far above a few u of rounding and far below what a wrong formula gives (1e-4 for gelu's erf form).
LOST_PRECISION = float(np.sqrt(np.finfo(np.float64).eps))


def in_float32(gradients: Mapping[str, np.ndarray]) -> bool:
    """Whether every entry of gradients (float64 arrays) is a float32 number, and at least 2 need more than 12
    significant bits. Exact zeros, small integers and short dyadic values are float32 numbers without any float32
    arithmetic (the integers regime's exact gradients: 8 bits at most over 3,000 campaign problems), while one
    float32 result has more than 12 with odds 1 - 2^-11; a float64 result is a float32 number by chance with odds
    2^-29 an entry (the rule fired on none of 3,000 problems' right gradients, nor on them times 2 or m or without
    their L2 term, and on 2,918 of the same problems computed in float32 and cast back)."""
    values = np.concatenate([np.ravel(g) for g in gradients.values()])
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):   # beyond float32's range: not a float32 number
        if not np.array_equal(values.astype(np.float32).astype(np.float64), values):
            return False
        significand, exponent = np.frexp(values)
        return int(np.count_nonzero(np.ldexp(np.round(significand * 2.0**12), exponent - 12) != values)) >= 2


#: The note for gradients that are all 0, every entry of every one, where some disagree: backprop left undone.
NOTHING = ("every gradient returned is 0 in every entry: nothing was computed? Look for gradients set to np.zeros_like "
           "and returned before the backward pass wrote into them (a loop over the layers that never ran, or dW = ... "
           "rebinding a name where dW[...] = ... was meant)")

#: What the float32 note says first: what it saw.
IN_FLOAT32 = "every value returned is a float32 number: computed in float32 and cast back?"


def choose_note(report: Report, oracle: OracleResult, lost_precision: bool, factored: str,
                float32: bool = False, nothing: bool = False) -> str:
    """The note for report: NOTHING where every gradient returned is 0 in every entry (nothing), else the float32
    note (float32: the problem is float64's and in_float32 holds for every gradient returned), else factored
    (factors.factor_note) when it names every disagreeing gradient, else the kink's where a kink can explain the
    mismatches, else lost precision's (lost_precision: every disagreeing value is float64's and within
    LOST_PRECISION of the oracle's), else factored (some gradients), else the first dZ[l] to differ where the pattern
    of disagreeing layers is exactly a wrong dZ[l] carried down (first_wrong_note), or ''."""
    if report.mismatches and nothing:
        return NOTHING
    if report.mismatches and float32:
        return (f"{IN_FLOAT32} A float64 problem is judged to float64's rounding (rtol {report.rtol:.2g}), which "
                "float32's (6e-8) cannot meet: look for an astype(np.float32), a float32 buffer "
                "(np.zeros(shape, np.float32)) written into, or a library that computes in float32 by default (JAX "
                "without jax_enable_x64, torch's float32 weights); compute in X.dtype")
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
    return factored or first_wrong_note(report, oracle.gradients)
