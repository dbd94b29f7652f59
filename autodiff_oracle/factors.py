"""A failing report's hint at a constant factor: gradients that are the oracle's times one number.

The commonest slips scale a whole gradient: the notes' 1/m left out (times m) or applied twice (times 1/m), the
loss averaged over all n[L] m entries instead of over the m examples (times 1/n[L]), a squared error without its
1/2 (times 2), a sign flipped (times -1). A key is "times r" when its gradient divided by r, r read off its
best-conditioned entry (the largest |oracle| / (|oracle| + S)), passes the comparison's own tolerance everywhere;
so the hint is exact to the tolerance, not a guess from a few entries.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping

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


def factor_of_part(a: np.ndarray, e: np.ndarray, scale: np.ndarray, passes: Callable[[np.ndarray], bool],
                   l2_term: np.ndarray | None) -> tuple[float | None, bool]:
    """(factor_of a, False), or else, for a W with its L2 term (lambda/m) W[l] (l2_term), (the factor of its part
    other than that term, True): the data part without its 1/m beside a right L2 term is no factor of the whole."""
    factor = factor_of(a, e, scale, passes)
    if factor is not None or l2_term is None:
        return factor, False
    t = l2_term
    factor = factor_of(np.asarray(a, np.float64) - t, e - t, scale, lambda x: passes(x + t))
    return factor, factor is not None


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
                loss: str | None = None, apart: Collection[str] = ()) -> str:
    """The note for the disagreeing keys that are each the oracle's times a named factor (m, 1/n[L], -1, ...), ''
    if none is: an unnamed factor (1.001, say) tells no more than the entries do, and any number is a factor of a
    gradient with one entry. One sentence when the keys share the factor, else one clause per key. apart: the keys
    whose factor is that of their part other than their L2 term (lambda/m) W[l], said so."""
    named = [key for key in disagreeing if key in factors and _name(factors[key], m, n, loss)]
    if not named:
        return ""
    values = [factors[key] for key in named]
    if all(abs(v - values[0]) <= 1e-4 * abs(values[0]) for v in values):
        keys = ", ".join(named) + (")" if len(named) == len(disagreeing) else "")
        keys += f", {_APART}," if set(named) & set(apart) else ""
        which = (f"{EVERY} ({keys} is" if len(named) == len(disagreeing) else
                 f"{keys} {'is' if len(named) == 1 else 'are'}")
        return f"{which} the oracle's times {values[0]:.6g}{_name(values[0], m, n, loss)}"
    return "; ".join(f"{key}{f', {_APART},' if key in apart else ''} is the oracle's times {factors[key]:.6g}"
                     f"{_name(factors[key], m, n, loss)}" for key in named)


#: How a factor of a W's part other than its L2 term is said.
_APART = "apart from its L2 term (lambda/m) W[l]"


def l2_terms(l2: float, params: Mapping[str, np.ndarray], m: int) -> dict[str, np.ndarray]:
    """Each W's L2 term (lambda/m) W[l] in float64, for l2_note; none when lambda is 0."""
    return {key: l2 / m * np.asarray(W, np.float64) for key, W in params.items() if key.startswith("W")} if l2 else {}


def _l2_slips(m: int) -> tuple[tuple[float, str, str], ...]:
    """(k, its name, the slip): a W's L2 term (lambda/m) W[l] taken k times instead of once."""
    return ((0.0, "", "the L2 term left out?"), (2.0, "", "the L2 term added twice?"),
            (float(m), "m", "lambda W[l], the L2 term's 1/m left out?"),
            (0.5, "", "(lambda/2m) W[l], the 1/2 of the cost's (lambda/2m) ||W[l]||^2 kept in its derivative?"),
            (1 / m, "1/m", "(lambda/m^2) W[l], divided by m twice?"))


def l2_note(disagreeing: list[str], actual: Mapping[str, np.ndarray], terms: Mapping[str, np.ndarray],
            passes: Callable[[str, np.ndarray], bool], m: int, factored: str = "") -> str:
    """The note for disagreeing keys that are all W's, each of which passes (passes(key, values)) with its L2 term
    terms[key] = (lambda/m) W[l] taken one named k times instead of once (left out, twice, lambda W[l], ...); ''
    otherwise. No b has an L2 term, so a disagreeing b is another slip. Where the data's own gradient vanishes (a
    saturated or one-unit softmax output) the gradient is its L2 term alone, so that a factor of the whole (factored,
    factor_note's, when it names every key: the loss averaged over n[L] m entries, say) fits as well: both are
    given."""
    if not disagreeing or not all(key.startswith("W") and key in terms for key in disagreeing):
        return ""
    fits = [(k, name, slip) for k, name, slip in _l2_slips(m) if k != 1 and all(
        passes(key, np.asarray(actual[key], np.float64) - (k - 1) * terms[key]) for key in disagreeing)]
    if not fits:
        return ""
    k, names = fits[0][0], [f" (= {name})" for _, name, _ in fits if name][:1]     # m = 2: times 2 (= m): ...
    slips = " or ".join(slip.rstrip("?") for _, _, slip in fits) + "?"
    said = f"the oracle's with its L2 term (lambda/m) W[l] times {k:.6g}{''.join(names)}: {slips}"
    if factored.startswith(EVERY):
        return f"{factored}; or, its data part vanishing here, {said}"
    return f"{EVERY} ({', '.join(disagreeing)}) is {said}"


def transposed_note(disagreeing: list[str], actual: Mapping[str, np.ndarray], terms: Mapping[str, np.ndarray],
                    passes: Callable[[str, np.ndarray], bool]) -> str:
    """The note for disagreeing keys that are all square W's each of which is the oracle's transposed, or whose part
    other than its L2 term (terms[key], where there is one) is: a product in the wrong order transposed only where its
    shape is not W's, which a square W's shape lets through; '' otherwise."""
    def fits(key: str) -> tuple[bool, bool]:          # (transposed, with its L2 term apart)
        a, t = np.asarray(actual[key], np.float64), terms.get(key)
        if not (key.startswith("W") and a.ndim == 2 and a.shape[0] == a.shape[1] > 1):
            return False, False
        return (True, False) if passes(key, a.T) else (t is not None and passes(key, (a - t).T + t), True)

    found = [fits(key) for key in disagreeing]
    if not disagreeing or not all(ok for ok, _ in found):
        return ""
    apart = f", {_APART}," if any(part for _, part in found) else ""
    return (f"{EVERY} ({', '.join(disagreeing)}){apart} is the oracle's transposed: the product in the wrong order, "
            "A[l-1] dZ[l]^T, transposed only where its shape is not W[l]'s?")
