"""`backprop bench-compare`'s arithmetic: two saved runs' cases matched by network, size and dtype, each ratio both
timed (manual / peer) and manual's own time set side by side, a change called real only outside both runs' spread,
and the targets whose verdict changed.

The spread of a quantity in one run is its interquartile range over that run's rounds, as results.json stores it (p25
and p75 of ratios[peer], the per-round ratios; of seconds.manual, the per-round times). A change is real when the
two ranges do not overlap (change): AFTER's p25 above BEFORE's p75 (higher) or AFTER's p75 below BEFORE's p25 (lower),
and the medians differ by the factor or more (FACTOR, asv compare's default --factor): a run's quartiles are its own
noise, not the drift between two runs (the two committed runs of session 37, the same code on the same machine 50
minutes apart, put 34 of 72 values outside both spreads, manual's own time 1.06-1.71 times higher in every case).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from .peer import DISPLAY_ORDER
from .targets import check_targets, where

Stat = dict[str, float]

HIGHER, LOWER, WITHIN, SMALL, NO_SPREAD = "higher", "lower", "within spread", "small", "no spread (1 round)"
#: The least AFTER / BEFORE of the medians (or its inverse) a real change takes: asv compare's default --factor.
FACTOR = 1.1


def change(before: Stat, after: Stat, rounds: tuple[int, int], factor: float = FACTOR) -> str:
    """WITHIN where the two runs' interquartile ranges overlap (touching counts: no range lies wholly beyond the
    other); NO_SPREAD where either run timed 1 round, whose quartiles are its one value, so that a difference says
    nothing of noise; SMALL where the medians' ratio AFTER / BEFORE lies strictly between 1 / factor and factor; else
    HIGHER or LOWER (AFTER's range above or below BEFORE's)."""
    if after["p25"] <= before["p75"] and after["p75"] >= before["p25"]:
        return WITHIN
    if min(rounds) < 2:
        return NO_SPREAD
    moved = after["median"] / before["median"] if before["median"] else math.inf
    if 1 / factor < moved < factor:
        return SMALL
    return HIGHER if after["p25"] > before["p75"] else LOWER


@dataclass(frozen=True)
class Quantity:
    """One quantity of one case in both runs: a Stat (median, p25, p75) each, None in a run that did not time it,
    and change's verdict ('' unless both timed it)."""

    before: Stat | None
    after: Stat | None
    verdict: str


@dataclass(frozen=True)
class Row:
    """A case both runs timed: its label ("network size dtype"), manual's seconds and each peer's ratio."""

    label: str
    manual: Quantity
    ratios: dict[str, Quantity]


def cases_of(results: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The run's cases by label, each read as the comparison reads it (KeyError or TypeError for a damaged one)."""
    cases = {where(case): case for case in results["cases"]}
    for name, case in cases.items():
        values = [case["rounds"], *(stat[key] for stat in (case["seconds"]["manual"], *case["ratios"].values())
                                    for key in ("median", "p25", "p75"))]
        if not all(isinstance(value, int | float) for value in values):
            raise TypeError(f"{name}: a median, quartile or round count that is no number")
    return cases


def _quantity(before: Stat | None, after: Stat | None, rounds: tuple[int, int], factor: float) -> Quantity:
    return Quantity(before, after,
                    change(before, after, rounds, factor) if before is not None and after is not None else "")


@dataclass(frozen=True)
class Comparison:
    """rows: the cases both runs timed, in AFTER's order; peers: the ratios timed in both on some case of rows, in the
    report's order; only: the cases and peers each run alone timed ("BEFORE" and "AFTER": labels, peer names)."""

    rows: list[Row]
    peers: list[str]
    only_cases: dict[str, list[str]]
    only_peers: dict[str, list[str]]


def compared(before: dict[str, Any], after: dict[str, Any], factor: float = FACTOR) -> Comparison:
    """The two runs' cases matched by label (each change judged with factor), and the cases and peers either timed
    alone."""
    old, new = cases_of(before), cases_of(after)
    common = [name for name in new if name in old]
    timed = {run: {peer for name in common for peer in cases[name]["ratios"]} for run, cases in
             (("BEFORE", old), ("AFTER", new))}
    peers = [p for p in DISPLAY_ORDER if p in timed["BEFORE"] and p in timed["AFTER"]]
    rows = []
    for name in common:
        rounds = (int(old[name]["rounds"]), int(new[name]["rounds"]))
        was, now = old[name], new[name]
        ratios = {p: _quantity(was["ratios"].get(p), now["ratios"].get(p), rounds, factor) for p in peers}
        rows.append(Row(name, _quantity(was["seconds"]["manual"], now["seconds"]["manual"], rounds, factor), ratios))
    only_peers = {run: [p for p in DISPLAY_ORDER if p in timed[run] and p not in peers] for run in timed}
    return Comparison(rows, peers, {"BEFORE": [name for name in old if name not in new],
                                    "AFTER": [name for name in new if name not in old]}, only_peers)


@dataclass(frozen=True)
class TargetChange:
    """A target judged in both runs (check_targets' rows), and the change of its ratio where it is one ('' else)."""

    before: dict[str, Any]
    after: dict[str, Any]
    ratio_change: str


def targets_compared(before: dict[str, Any], after: dict[str, Any], comparison: Comparison,
                     ) -> tuple[list[TargetChange], dict[str, int], dict[str, list[str]]]:
    """The targets judged in both runs, each run's count met of those, and the targets one run alone judged ("target at
    where"); both runs are judged by this version's limits (check_targets), so that a verdict changes with the value."""
    old = {(row["target"], row["where"]): row for row in check_targets(before)}
    new = {(row["target"], row["where"]): row for row in check_targets(after)}
    rows = {row.label: row for row in comparison.rows}
    changes = []
    for key in (key for key in new if key in old):
        peer = key[0].removeprefix("manual / ")
        quantity = rows[key[1]].ratios.get(peer) if key[1] in rows else None
        changes.append(TargetChange(old[key], new[key], quantity.verdict if quantity else ""))
    met = {"BEFORE": sum(c.before["met"] for c in changes), "AFTER": sum(c.after["met"] for c in changes)}
    only = {"BEFORE": [f"{t} at {w}" for t, w in old if (t, w) not in new],
            "AFTER": [f"{t} at {w}" for t, w in new if (t, w) not in old]}
    return changes, met, only
