"""Judging a port's results against the test vectors, reporting the first quantity that diverged.

Quantities are checked in the order a port computes them, forward before backward:
Z1, A1, ..., ZL, AL (if the port gave its cache), cost, dWL, dbL, ..., dW1, db1. An entry passes when

    |port - expected| <= rtol * (|expected| + scale) + atol

with the group's rtol and atol and the entry's scale (the oracle's first-order rounding-error bound).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .port_results import number
from .spec import KINKED_ACTIVATIONS

#: Activations whose derivative jumps at 0, where a convention decides g'(0) (the spec's, as the oracle's).
KINKED = KINKED_ACTIVATIONS


def kinked_layers(group: dict[str, Any], test: dict[str, Any]) -> list[int]:
    """The layers l whose g[l] is relu-like and some Z[l] of the test is exactly 0, on the kink."""
    return [l for l, g in enumerate(group["activations"], start=1)
            if g in KINKED and np.any(np.asarray(test["expected"][f"Z{l}"]["value"]) == 0)]


def kink_can_explain(key: str, layers: list[int]) -> bool:
    """dW[l] and db[l] use g'(Z[k]) for every k >= l: a kink at layer l or above can move them, not one below."""
    return key[0] == "d" and any(k >= int(key[2:]) for k in layers)


def quantity_order(L: int) -> list[str]:
    """["Z1", "A1", ..., "ZL", "AL", "cost", "dWL", "dbL", ..., "dW1", "db1"]."""
    forward = [f"{k}{l}" for l in range(1, L + 1) for k in "ZA"]
    return [*forward, "cost", *(f"d{k}{l}" for l in range(L, 0, -1) for k in "Wb")]


@dataclass(frozen=True)
class Divergence:
    """The first quantity of a test that the port got wrong, at its worst entry."""

    key: str
    problem: str = ""                     # a structural problem (missing, wrong shape), else ""
    index: tuple[int, ...] = ()
    actual: float = np.nan
    expected: float = np.nan
    allowed: float = np.nan
    entries: int = 0                      # how many entries are outside the tolerance
    transposed: bool = False              # a square array whose transpose is within tolerance

    def __str__(self) -> str:
        if self.problem:
            return f"{self.key}: {self.problem}"
        where = f"{self.key}[{', '.join(map(str, self.index))}]" if self.index else self.key
        diff = abs(self.actual - self.expected)
        rel = f"{diff / abs(self.expected):.3g}" if self.expected else "inf (expected 0)"
        count = f"; {self.entries} entries of {self.key} outside" if self.entries > 1 else ""
        port = 'nan (null or "NaN" in the results file)' if np.isnan(self.actual) else repr(self.actual)
        swapped = "; its transpose would pass: rows and columns swapped?" if self.transposed else ""
        return (f"{where}: port {port} vs expected {self.expected!r} (relative error {rel}, "
                f"|difference| {diff:.3g} > allowed {self.allowed:.3g}{count}{swapped})")


@dataclass
class GroupOutcome:
    """One group's verdict: its description, and per test a Divergence, None (passed) or a skip reason."""

    title: str
    passed: list[int] = field(default_factory=list)
    failed: list[tuple[int, str, Divergence]] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)


def _to_array(rows: Any) -> np.ndarray:
    if isinstance(rows, list):
        converted = [_to_array(r) for r in rows]
        if len({c.shape for c in converted}) > 1:
            shapes = ", ".join(str(c.shape) if c.ndim else "a number" for c in converted)
            raise ValueError(f"rows of different shapes: {shapes}")
        return np.array(converted, dtype=np.float64)
    return np.asarray(number(rows), dtype=np.float64)


def compare_quantity(key: str, given: Any, expected: dict[str, Any], rtol: float, atol: float) -> Divergence | None:
    """None if every entry of given is within tolerance of expected["value"], else the worst entry."""
    e = np.asarray(expected["value"], dtype=np.float64)
    scale = np.asarray(expected["scale"], dtype=np.float64)
    try:
        a = _to_array(given)
    except (ValueError, TypeError, OverflowError) as error:
        return Divergence(key, f"not {'a number' if key == 'cost' else 'an array of numbers'} ({error})")
    except RecursionError:
        return Divergence(key, f"not {'a number' if key == 'cost' else 'an array of numbers'} (lists nested too deep)")
    if a.shape != e.shape:
        swapped = a.ndim == 2 and a.shape == e.shape[::-1]
        swapped_note = " (the transposed shape: rows and columns swapped?)" if swapped else ""
        return Divergence(key, f"expected shape {e.shape}, got {a.shape}{swapped_note}")
    allowed = rtol * (np.abs(e) + scale) + atol
    with np.errstate(invalid="ignore", over="ignore"):
        diff = np.abs(a - e)
        bad = ~(diff <= allowed)              # NaN fails
        excess = np.where(np.isnan(diff), np.inf, diff / allowed)
    if not bad.any():
        return None
    worst = np.unravel_index(int(np.argmax(np.where(bad, excess, -1.0))), e.shape)
    index = tuple(int(i) for i in worst)
    with np.errstate(invalid="ignore", over="ignore"):
        square = a.ndim == 2 and a.shape[0] == a.shape[1]
        transposed = square and bool(np.all(np.abs(a.T - e) <= allowed))
    return Divergence(key, "", index, float(a[index]), float(e[index]), float(allowed[index]), int(bad.sum()),
                      transposed)


def first_divergence(test: dict[str, Any], result: dict[str, Any], rtol: float, atol: float,
                     L: int) -> Divergence | None:
    """The first quantity (forward before backward) outside tolerance, or None if the test passes."""
    cache, grads = result.get("cache", {}), result["gradients"]
    expected = test["expected"]
    for key in quantity_order(L):
        if key == "cost":
            given: Any = result["cost"]
        elif key[0] in "ZA":
            if "cache" not in result:          # no cache: the forward pass is not checked ({} is one missing all)
                continue
            if key not in cache:
                return Divergence(key, f"missing from the cache (it has {sorted(cache)})")
            given = cache[key]
        elif key not in grads:
            return Divergence(key, f"missing from the gradients (they have {sorted(grads)})")
        else:
            given = grads[key]
        divergence = compare_quantity(key, given, expected[key], rtol, atol)
        if divergence is not None:
            return divergence
    return None


def group_title(group: dict[str, Any]) -> str:
    return (f"n = {tuple(group['layerSizes'])}, g = {', '.join(group['activations'])}, {group['loss']}, "
            f"l2 = {group['l2']:g}, {group['dtype']}")


def check_all(vectors: dict[str, Any], results: dict[int, dict[str, Any]]) -> list[GroupOutcome]:
    """Every group's outcome, in the vectors' order."""
    outcomes = []
    for group in vectors["testGroups"]:
        outcome = GroupOutcome(group_title(group))
        L = len(group["activations"])
        for test in group["tests"]:
            tc, result = test["tcId"], results[test["tcId"]]
            if "skipped" in result:
                outcome.skipped.append((tc, str(result["skipped"])))
                continue
            divergence = first_divergence(test, result, group["rtol"], group["atol"], L)
            if divergence is None:
                outcome.passed.append(tc)
            else:
                outcome.failed.append((tc, test["comment"], divergence))
        outcomes.append(outcome)
    return outcomes
