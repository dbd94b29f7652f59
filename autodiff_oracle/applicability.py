"""When a property may judge a problem: the skip it raises otherwise, and the oracle's scales it needs.

Finite differences, Taylor remainders and a descent step need J smooth around the parameters (no relu-like
pre-activation near its kink); the metamorphic relations need the oracle's rounding scales and no
pre-activation within rounding error of a kink, where two computations may legitimately differ.
"""

from __future__ import annotations

import numpy as np

from manual_backprop.spec import KINKED_ACTIVATIONS

from .compare import rtol_for
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


def resolvable(problem: Problem, threshold: float) -> None:
    """NotApplicable where the problem's dtype cannot resolve its gradient to threshold: where a correct gradient's
    own rounding, u ||S|| (S the oracle's first-order scales, u the dtype's unit roundoff), exceeds threshold ||g||.

    A saturated unit's derivative cancels from terms far larger than itself: float32 gelu' at z = -3.7 cancels
    from terms 1,000x its size, so a right gradient missed the course's 1e-4 by differences (1.25e-4; Hypothesis
    found it; JAX's own float32 gradient of the same J: 7e-5): the threshold cannot judge such a gradient. Nor one
    that is exactly 0 while S is not (outputs equal to the labels, a minimum of J): the differences are rounding
    there, relative difference 1, and a right gradient failed.
    """
    result = oracle(*problem)
    u = float(np.finfo(problem.dtype).eps) / 2
    rounding = u * float(np.sqrt(sum(np.sum(S**2) for S in result.scales.values())))
    size = float(np.sqrt(sum(np.sum(g**2) for g in result.gradients.values())))
    if not rounding <= threshold * size:    # g exactly 0 is never judged: its S holds floors (1e-31 and less)
        raise NotApplicable(f"the gradient cannot be resolved to {threshold:g} in {problem.dtype}: its own rounding "
                            f"u ||S|| = {rounding:.3g} exceeds {threshold:g} ||g|| = {threshold * size:.3g}")


def smooth_enough(problem: Problem) -> float:
    """The kink margin, if differences of J can be taken (no kink within KINK_MARGIN, none exactly hit)."""
    kinked = any(name in KINKED_ACTIVATIONS for name in problem.spec.activations)
    if kinked and problem.values == "integers":
        raise NotApplicable("integer weights and inputs put relu-like pre-activations exactly on kinks")
    margin = oracle(*problem).kink_margin
    if margin < KINK_MARGIN:
        raise NotApplicable(f"a relu-like pre-activation within {margin:.2g} F of its kink")
    return margin
