"""A failing report's hint at a constant factor: gradients that are the oracle's times one number.

The commonest slips scale a whole gradient: the notes' 1/m left out (times m) or applied twice (times 1/m), the
loss averaged over all n[L] m entries instead of over the m examples (times 1/n[L]), a squared error without its
1/2 (times 2), a sign flipped (times -1). A key is "times r" when its gradient divided by r, r read off its
best-conditioned entry (the largest |oracle| / (|oracle| + S)), passes the comparison's own tolerance everywhere;
so the hint is exact to the tolerance, not a guess from a few entries.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

#: How factor_note opens when one factor explains every disagreeing gradient (notes.choose_note then puts it first).
EVERY = "every disagreeing gradient"

#: Named factors: (value from m and n[L], its name, the slip it most often is, the only loss it can be a slip of or
#: None for any loss).
_NAMED: tuple[tuple[Callable[[int, int], float], str, str, str | None], ...] = (
    (lambda m, n: m, "m", "the 1/m left out?", None),
    (lambda m, n: 1 / m, "1/m", "1/m applied twice?", None),
    (lambda m, n: 1 / n, "1/n[L]", "the loss averaged over all n[L] m entries, not summed over the outputs?", None),
    (lambda m, n: n, "n[L]", "", None),
    (lambda m, n: -1.0, "-1", "a sign flipped, such as dZ[L] = Y - A[L]?", None),
    (lambda m, n: 2.0, "2", "a squared error without its 1/2 (here L = 1/2 (a - y)^2)?", "mean_squared_error"),
    (lambda m, n: 0.5, "1/2", "", None),
)


def factor_of(a: np.ndarray, e: np.ndarray, scale: np.ndarray, passes: Callable[[np.ndarray], bool]) -> float | None:
    """r such that a / r passes (passes(a / r)), r = a / e at the entry where e is largest against its scale; None
    when there is no such entry (every e is 0) or a / r fails somewhere, or r is 1 (then a itself is close)."""
    a, e = np.asarray(a, np.float64), np.asarray(e, np.float64)
    weight = np.abs(e) / (np.abs(e) + np.asarray(scale, np.float64) + np.finfo(np.float64).tiny)
    k = int(np.argmax(weight))
    if e.flat[k] == 0 or not np.isfinite(a.flat[k]) or a.flat[k] == 0:
        return None
    r = float(a.flat[k] / e.flat[k])
    with np.errstate(all="ignore"):
        return r if abs(r - 1.0) > 1e-6 and passes(a / r) else None


def _name(r: float, m: int | None, n: int, loss: str | None = None) -> str:
    """' (= m: the 1/m left out?)' for a factor that is one of the named ones (to 1e-4, relative), else ''; a row
    that only one loss can explain (the squared error's missing 1/2) only under that loss, or when loss is unknown."""
    names = [(name, slip) for value, name, slip, only in _NAMED   # without m, the factors that need none (-1, 2, ...)
             if (m is not None or "m" not in name) and value(m or 1, n) != 1   # m = 1 or n[L] = 1 names no slip
             and abs(r - value(m or 1, n)) <= 1e-4 * abs(value(m or 1, n)) and (loss is None or only in (None, loss))]
    slips = [slip.rstrip("?") for _, slip in names if slip]    # m = n[L]: 1/m applied twice, or the mean over both
    slip = " or ".join(slips) + "?" if slips else ""
    said = [name for name, _ in names if name != f"{r:.6g}"]          # not "times -1 (= -1"
    if not said:
        return f" ({slip})" if slip else ""
    return f" (= {' = '.join(said)}{': ' + slip if slip else ''})"


def factor_note(factors: Mapping[str, float], disagreeing: list[str], m: int | None, n: int,
                loss: str | None = None) -> str:
    """The note for the disagreeing keys that are each the oracle's times a named factor (m, 1/n[L], -1, ...), ''
    if none is: an unnamed factor (1.001, say) tells no more than the entries do, and any number is a factor of a
    gradient with one entry. One sentence when the keys share the factor, else one clause per key."""
    named = [key for key in disagreeing if key in factors and _name(factors[key], m, n, loss)]
    if not named:
        return ""
    values = [factors[key] for key in named]
    if all(abs(v - values[0]) <= 1e-4 * abs(values[0]) for v in values):
        keys = ", ".join(named)
        which = (f"{EVERY} ({keys}) is" if len(named) == len(disagreeing) else
                 f"{keys} {'is' if len(named) == 1 else 'are'}")
        return f"{which} the oracle's times {values[0]:.6g}{_name(values[0], m, n, loss)}"
    return "; ".join(f"{key} is the oracle's times {factors[key]:.6g}{_name(factors[key], m, n, loss)}"
                     for key in named)
