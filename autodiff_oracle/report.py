"""What a comparison with the oracle reports: the quantities that disagree, located, and what was left unjudged."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class Mismatch:
    """One quantity that disagrees: key (e.g. "W1" or "cost"), its worst entry's index, both values and errors, and
    how many of its entries disagree; structural when the gradients' keys, or a gradient's shape or dtype, are not
    the parameters' (no values to compare)."""

    key: str
    index: tuple[int, ...]
    actual: float
    expected: float
    scaled_error: float
    structural: bool = False
    n_disagreeing: int = 1    # entries of the quantity beyond the tolerance (the worst one is index)
    n_entries: int = 1        # entries of the quantity

    def __str__(self) -> str:
        return self.describe()

    def describe(self, rtol: float | None = None) -> str:
        """'W1[0, 1]: candidate a vs oracle e (relative error r, scaled error s[ > rtol t][; k of its n entries
        disagree, this one most])', or the key alone for a key, shape or dtype problem."""
        if np.isnan(self.expected) and np.isnan(self.actual):  # wrong keys, shape or dtype: no values to compare
            return self.key
        rel = abs(self.actual - self.expected) / abs(self.expected) if self.expected else float("inf")
        where = f"{self.key}[{', '.join(map(str, self.index))}]" if self.index else self.key
        against = f" > rtol {rtol:.3g}" if rtol is not None else ""
        verb = "disagrees" if self.n_disagreeing == 1 else "disagree"
        count = (f"; {self.n_disagreeing} of its {self.n_entries} entries {verb}, this one most" if self.n_entries > 1
                 else "")
        return (f"{where}: candidate {self.actual!r} vs oracle {self.expected!r} "
                f"(relative error {rel:.3g}, scaled error {self.scaled_error:.3g}{against}{count})")


@dataclass
class Report:
    """The outcome of comparing one problem: worst scaled error per key, and one Mismatch per quantity that
    disagrees (at its worst entry, with the count of its entries that disagree)."""

    rtol: float
    worst: dict[str, float] = field(default_factory=dict)
    mismatches: list[Mismatch] = field(default_factory=list)
    context: str = ""
    undecidable: str = ""
    note: str = ""
    raised: BaseException | None = None  # what the candidate raised instead of returning (campaign.judge)

    @property
    def ok(self) -> bool:
        return not self.mismatches

    @property
    def disagreeing(self) -> str:
        """'1 quantity disagrees' or 'n quantities disagree'."""
        n = len(self.mismatches)
        return f"{n} quantity disagrees" if n == 1 else f"{n} quantities disagree"

    @property
    def malformed(self) -> bool:
        """Every mismatch is a key, shape or dtype (structural): no value of the gradients was compared."""
        return bool(self.mismatches) and all(m.structural for m in self.mismatches)

    @property
    def headline(self) -> str:
        """'n quantities disagree with the oracle', or that the gradients are malformed (not the parameters' keys,
        shapes and dtypes), not returned as the gradients or (cost, gradients), or changed by the next call."""
        if "returned" in self.worst:      # judging: a result that is not (cost, gradients) or the gradients
            return "the candidate did not return the gradients or (cost, gradients)"
        if self.malformed:
            return "the gradients returned do not have the parameters' keys, shapes and dtypes"
        if "reused" in self.worst:        # judging: they matched, then the next call changed them
            return "the gradients returned changed when the candidate was called again"
        return f"{self.disagreeing} with the oracle"

    @property
    def worst_error(self) -> float:
        return max(self.worst.values(), default=0.0)

    @property
    def judged_in_part(self) -> bool:
        """Some gradients were left unjudged at a kink, and the rest (those of the layers above it) were judged."""
        return bool(self.undecidable) and not set(self.worst) <= {"cost"}

    def __str__(self) -> str:
        if self.undecidable and self.ok and not self.judged_in_part:
            return f"gradients not judged: {self.undecidable}"
        if self.undecidable and self.ok:   # the layers above the kink were judged
            return (f"gradients match the oracle where judged (worst scaled error {self.worst_error:.3g} <= rtol "
                    f"{self.rtol:.3g}); not judged: {self.undecidable}")
        if self.ok:
            return f"gradients match the oracle (worst scaled error {self.worst_error:.3g} <= rtol {self.rtol:.3g})"
        lines = ["the candidate did not return gradients:" if self.raised is not None else
                 f"{self.headline}:" if self.malformed else f"{self.headline} (rtol {self.rtol:.3g}):"]
        lines += [f"  {m.describe(self.rtol)}" for m in self.mismatches]
        if self.undecidable:
            lines.append(f"  values not judged: {self.undecidable}")
        if self.note:
            lines.append(f"  note: {self.note}")
        if self.context:
            lines.append(f"  problem: {self.context}")
        return "\n".join(lines)
