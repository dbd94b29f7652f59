"""One quantity of a port's results against the test vector's: compare_quantity, and the Divergence it reports for
the worst entry outside the tolerance, or for a quantity that is no array of numbers or has another shape, with the
slip that shape marks where it marks one (shape_hints.py, as `verify --yours` names it; port_check, which judges a
whole test with them, re-exports both)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .port_results import number
from .shape_hints import shape_slip


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
    note: str = ""                        # a likely cause the results file shows, after the rest

    def __str__(self) -> str:
        return self._text() + (f"; {self.note}" if self.note else "")

    def _text(self) -> str:
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


def to_array(rows: Any) -> np.ndarray:
    """A quantity of the results file as a float64 array; ValueError (TypeError, ...) if it is none."""
    if isinstance(rows, list):
        converted = [to_array(r) for r in rows]
        if len({c.shape for c in converted}) > 1:
            shapes = ", ".join(str(c.shape) if c.ndim else "a number" for c in converted)
            raise ValueError(f"rows of different shapes: {shapes}")
        return np.array(converted, dtype=np.float64)
    return np.asarray(number(rows), dtype=np.float64)


def compare_quantity(key: str, given: Any, expected: dict[str, Any], rtol: float, atol: float, m: int | None = None,
                     sizes: Sequence[int] = ()) -> Divergence | None:
    """None if every entry of given is within tolerance of expected["value"], else the worst entry; a wrong shape
    with the slip it marks (shape_hints.shape_slip: m, the test's examples, and sizes, its layer sizes, where given)."""
    e = np.asarray(expected["value"], dtype=np.float64)
    scale = np.asarray(expected["scale"], dtype=np.float64)
    try:
        a = to_array(given)
    except (ValueError, TypeError, OverflowError) as error:
        return Divergence(key, f"not {'a number' if key == 'cost' else 'an array of numbers'} ({error})")
    except RecursionError:
        return Divergence(key, f"not {'a number' if key == 'cost' else 'an array of numbers'} (lists nested too deep)")
    if a.shape != e.shape:
        slip = shape_slip(key[1:] if key[0] == "d" else key, a.shape, e.shape, m, sizes, port=True)
        return Divergence(key, f"expected shape {e.shape}, got {a.shape}" + (f" ({slip})" if slip else ""))
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
