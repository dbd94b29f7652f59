"""The Markdown `backprop bench-compare` prints: what differs between the two runs' setups, a row per case both timed
(each ratio and manual's time, before and after, and whether the change is outside both runs' spread), the targets
whose verdict changed, and the cases and peers one run alone timed."""

from __future__ import annotations

import math
from typing import Any

from ..error_messages import counted
from .compare import FACTOR, HIGHER, LOWER, NO_SPREAD, SMALL, Comparison, Quantity, compared, targets_compared
from .compare_setup import differences, warnings
from .header import run_line
from .units import number, seconds

LEGEND = ("Each cell: BEFORE's median → AFTER's median (× AFTER / BEFORE), then the change. **higher** or **lower**: "
          "a real change, outside both runs' spread and by ×{factor:.2f} or more either way (--factor): the two runs' "
          "interquartile ranges (25th to 75th percentile over each run's rounds, results.json's p25 and p75: of the "
          "per-round ratios manual / peer, and of manual's per-round seconds) do not overlap; small: they do not "
          "overlap, but the medians differ by less than the factor, which a run's own spread does not bound (two runs "
          "of one commit drift apart by more); within spread: they overlap, and the change is not told apart from "
          "each run's own noise; no spread (1 round): a run of 1 round has no range, and the two values differ. "
          "Higher manual / peer: manual slower relative to the peer (< 1: manual is faster); higher manual: a "
          "slower gradient.")


def moved(after: float, before: float, factor: float) -> str:
    """AFTER / BEFORE to 2 decimals, or to as many more (up to 6) as it takes a ratio strictly inside 1 / factor ..
    factor not to read as the factor or its inverse (1.09985 and a factor of 1.1: 1.10, 1.100, then 1.0998); "inf"
    from a BEFORE of 0, as change reads it (1.00 from 0 to 0)."""
    ratio = after / before if before else math.inf if after else 1.0
    for digits in range(2, 7):
        shown = f"{ratio:.{digits}f}"
        if not 1 / factor < ratio < factor or shown not in (f"{factor:.{digits}f}", f"{1 / factor:.{digits}f}"):
            return shown
    return shown


def _cell(quantity: Quantity, shown: Any, factor: float) -> str:
    before, after = quantity.before, quantity.after
    if before is None or after is None:
        return f"{'—' if before is None else shown(before['median'])} → " \
               f"{'—' if after is None else shown(after['median'])} (timed in one run)"
    verdict = f"**{quantity.verdict}**" if quantity.verdict in (HIGHER, LOWER) else quantity.verdict
    old, new = before["median"], after["median"]
    return f"{shown(old)} → {shown(new)} (×{moved(new, old, factor)}) {verdict}"


def case_table(comparison: Comparison, factor: float = FACTOR) -> list[str]:
    """A row per case both runs timed: manual's time and each ratio both timed, and the count of real changes."""
    columns = ["network", "size", "dtype", "manual", *(f"manual / {peer}" for peer in comparison.peers)]
    lines = ["| " + " | ".join(columns) + " |", "|---" * len(columns) + "|"]
    quantities = []
    for row in comparison.rows:
        cells = [*row.label.split(" "), _cell(row.manual, seconds, factor)]
        cells += [_cell(row.ratios[peer], number, factor) for peer in comparison.peers]
        quantities += [row.manual, *row.ratios.values()]
        lines.append("| " + " | ".join(cells) + " |")
    real = {verdict: sum(q.verdict == verdict for q in quantities) for verdict in (HIGHER, LOWER, SMALL, NO_SPREAD)}
    judged = sum(bool(q.verdict) for q in quantities)
    summary = (f"Real changes (outside both runs' spread, by ×{factor:.2f} or more): {real[HIGHER] + real[LOWER]} of "
               f"{judged} values ({real[HIGHER]} higher, {real[LOWER]} lower); {real[SMALL]} small; the rest within "
               "spread" + (f" but {real[NO_SPREAD]} of 1-round runs, with no spread" if real[NO_SPREAD] else "") + ".")
    return [*lines, "", LEGEND.format(factor=factor), "", summary]


def target_lines(before: dict[str, Any], after: dict[str, Any], comparison: Comparison) -> list[str]:
    """Each run's count of targets met, and each target whose verdict changed, with its ratio's change; then the
    targets one run alone judged (also where none was judged in both)."""
    changes, met, only = targets_compared(before, after, comparison)
    alone = [line for run, names in only.items() if names for line in ("", f"Targets judged in {run} only: "
                                                                          f"{', '.join(names)}.")]
    if not changes:
        return ["", "Targets: none judged in both runs.", *alone]
    flipped = [c for c in changes if c.before["met"] != c.after["met"]]
    lines = ["", f"Targets met, of the {len(changes)} judged in both runs (this version's limits): {met['BEFORE']} in "
             f"BEFORE, {met['AFTER']} in AFTER; {counted(len(flipped), 'verdict')} changed."]
    if flipped:
        lines += ["", "| target | where | limit | BEFORE | AFTER | verdict | the value's change |", "|---" * 7 + "|"]
    for c in flipped:
        verdict = "met → missed" if c.before["met"] else "missed → met"
        spread = f"**{c.ratio_change}**" if c.ratio_change in (HIGHER, LOWER) else \
            c.ratio_change or "no spread recorded (one measurement per run)"
        lines.append(f"| {c.after['target']} | {c.after['where']} | {c.after['limit']} | {number(c.before['value'])} "
                     f"| {number(c.after['value'])} | {verdict} | {spread} |")
    return lines + alone


def comparison_markdown(before: dict[str, Any], after: dict[str, Any], paths: tuple[str, str],
                        factor: float = FACTOR) -> str:
    """The whole comparison of two runs' results (each a results.json's value), paths as typed naming them, a change
    real by factor or more (change's)."""
    changed, same = differences(before, after)
    lines = [f"BEFORE: {paths[0]}, {run_line(before)}.", "", f"AFTER: {paths[1]}, {run_line(after)}.", ""]
    if changed:
        lines += ["| setting | BEFORE | AFTER |", "|---|---|---|",
                  *(f"| {name} | {old} | {new} |" for name, old, new in changed), ""]
    alike = "; ".join(f"{name} {value}" for name, value in same) or "no setting recorded alike"
    lines += [f"Same in both: {alike}.", ""]
    lines += [f"Note: {note}." for note in warnings(changed)] + [""] * bool(warnings(changed))
    comparison = compared(before, after, factor)
    if comparison.rows:
        lines += case_table(comparison, factor)
    else:
        lines.append("No case was timed in both runs.")
    for kind, only in (("Cases", comparison.only_cases), ("Ratios", comparison.only_peers)):
        for run, names in only.items():
            if names:
                what = ", ".join(names if kind == "Cases" else (f"manual / {p}" for p in names))
                lines += ["", f"{kind} timed in {run} only (not compared): {what}."]
    lines += target_lines(before, after, comparison)
    return "\n".join(lines) + "\n"
