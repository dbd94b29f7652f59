"""The scaling sweeps as a Markdown table, beside the plot of them (scaling.png): a row per point timed, in order."""

from __future__ import annotations

from typing import Any

from .peers import DISPLAY_ORDER
from .units import duration, ratio

Sweeps = dict[str, list[dict[str, Any]]]


def sweep_table(sweeps: Sweeps) -> list[str]:
    """The sweeps' points as Markdown rows, in the order they ran: the sweep, layer sizes, m, manual's time per
    gradient and manual / each peer timed at some point ("—" where it was not), as the ratio table writes them."""
    points = [(sweep, point) for sweep, swept in sweeps.items() for point in swept]
    peers = [p for p in DISPLAY_ORDER if p != "manual" and any(p in point["ratios"] for _, point in points)]
    columns = ["sweep", "layer sizes", "m", "manual", *(f"manual / {p}" for p in peers)]
    rows = ([sweep, str(tuple(point["layer_sizes"])), str(point["m"]), duration(point["seconds"]["manual"]),
             *(ratio(point["ratios"].get(p)) for p in peers)] for sweep, point in points)
    return ["| " + " | ".join(columns) + " |", "|---" * len(columns) + "|", *(f"| {' | '.join(r)} |" for r in rows)]


def sweep_section(sweeps: Sweeps, total: int, plotted: bool = True) -> list[str]:
    """The table under its heading: "all N points" when every one of total was timed, "cut short: K of N" if not;
    "plotted in scaling.png" only if the run drew it (not with --no-plots)."""
    timed = sum(map(len, sweeps.values()))
    what = f"all {total}" if timed == total else f"cut short: {timed} of {total}"
    return ["", f"Scaling sweeps, {what} points ({'plotted in scaling.png; ' if plotted else ''}per gradient, ratio = "
            "manual time / peer time as above):", "", *sweep_table(sweeps)]
