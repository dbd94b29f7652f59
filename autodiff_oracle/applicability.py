"""When a property may judge a problem: the skip it raises otherwise, and the oracle's scales it needs.

Finite differences, Taylor remainders and a descent step need J smooth around the parameters (no relu-like
pre-activation near its kink); the metamorphic relations need the oracle's rounding scales and no
pre-activation within rounding error of a kink, where two computations may legitimately differ.
"""

from __future__ import annotations

from .compare import rtol_for
from .core import KINKS
from .harness import oracle
from .plain import OracleResult
from .problems import Problem

KINK_MARGIN = 1e-2    # FD and Taylor judge only problems whose relu-like |Z| / F exceeds this


class NotApplicable(Exception):  # noqa: N818 - not an error: a skip
    """The property cannot judge this problem (e.g. a kink too close for finite differences)."""


def rounding_scales(problem: Problem) -> OracleResult:
    """The oracle's rounding scales; NotApplicable where rounding may put a Z on either side of a kink."""
    result = oracle(*problem)
    if result.kink_margin <= rtol_for(problem.dtype):
        raise NotApplicable("a relu-like pre-activation within rounding error of its kink")
    return result


def smooth_enough(problem: Problem) -> float:
    """The kink margin, if differences of J can be taken (no kink within KINK_MARGIN, none exactly hit)."""
    kinked = any(name in KINKS for name in problem.spec.activations)
    if kinked and problem.values == "integers":
        raise NotApplicable("integer weights and inputs put relu-like pre-activations exactly on kinks")
    margin = oracle(*problem).kink_margin
    if margin < KINK_MARGIN:
        raise NotApplicable(f"a relu-like pre-activation within {margin:.2g} F of its kink")
    return margin
