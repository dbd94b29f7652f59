"""ratios.png: manual / peer against size, one panel per network and dtype, the near peers above and the far ones
below, with the machine it ran on."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from .header import machine_title
from .peers import DISPLAY_ORDER
from .plots import COLORS
from .units import counted_rounds

if TYPE_CHECKING:
    from matplotlib.axis import Axis
    from matplotlib.figure import Figure


def _decimal_ticks(axis: Axis) -> None:
    """Plain decimals (0.001, 0.5, 1, 2; 0.975, 1.15: up to 4 significant digits) on a log axis, in place of 10⁻³ and
    1.15×10⁰, on the ticks matplotlib's log formatter labels (every minor tick within a decade, some within two)."""
    from matplotlib.ticker import LogFormatter

    class PlainLog(LogFormatter):
        def __call__(self, x: float, pos: int | None = None) -> str:
            label = super().__call__(x, pos)
            return str(np.format_float_positional(x, precision=4, fractional=False, trim="-")) if label else ""

    axis.set_major_formatter(PlainLog())
    axis.set_minor_formatter(PlainLog())


#: Peers within a few times manual's time (top row), and those orders of magnitude slower at small sizes (bottom
#: row, what compiling and autodiff save): on one axis the far ones squeezed the near ones into a sliver.
NEAR, FAR = ("bound", "jax.jit", "torch", "yours"), ("jax-eager", "finite-diff")
#: How far apart, in sizes (a tick per size), a row's peers are drawn within each size: two peers at one ratio (large
#: seed float64: bound 1.48, torch 1.46) were one marker.
DODGE = 0.12


def dodged(peers: list[str]) -> dict[str, float]:
    """Each peer's offset from its size's tick, centred on it, in the order given: -0.06, 0.06 for two peers."""
    return {peer: (i - (len(peers) - 1) / 2) * DODGE for i, peer in enumerate(peers)}


def ratio_figure(results: dict[str, Any]) -> Figure:
    """One panel per network and dtype, in the order they ran: manual / peer against size, with the 25th-75th
    percentile as error bars, a row's peers side by side about each size's tick (dodged); the near peers above, the
    far ones (if any ran) below; one legend below the panels for every peer any panel shows, and the machine above
    them."""
    import matplotlib.pyplot as plt

    ran = [(c["network"], c["dtype"]) for c in results["cases"]]    # in run order: seed first, float64 first
    panels = [(n, d) for n in dict.fromkeys(n for n, _ in ran) for d in dict.fromkeys(d for _, d in ran)
              if (n, d) in ran]
    shown = {peer for c in results["cases"] for peer in c["ratios"]}
    rows = [row for row in (NEAR, FAR) if shown & set(row)] or [NEAR]
    ncol = min(len(shown), 3 * len(panels)) or 1
    legend = (0.2 * -(-len(shown) // ncol) + 0.35) if shown else 0.0   # inches: rows of entries, its title, a margin
    title = machine_title(results)
    top = 0.3 if title else 0.0
    height = 3.4 * len(rows) + 0.4 + legend + top
    fig, axes = plt.subplots(len(rows), len(panels), figsize=(4.2 * len(panels), height), squeeze=False,
                             sharey="row")
    handles: dict[str, Any] = {}
    for row, peers in zip(axes, rows, strict=True):
        offset = dodged([p for p in DISPLAY_ORDER[1:] if p in peers and p in shown])   # alike in every panel
        for ax, (network, dtype) in zip(row, panels, strict=True):
            cases = [c for c in results["cases"] if (c["network"], c["dtype"]) == (network, dtype)]
            sizes = [c["size"] for c in cases]
            for peer in offset:
                stats = [c["ratios"].get(peer) for c in cases]
                if all(s is None for s in stats):
                    continue
                x = [i + offset[peer] for i, s in enumerate(stats) if s is not None]
                med = [s["median"] for s in stats if s is not None]
                err = [[s["median"] - s["p25"] for s in stats if s], [s["p75"] - s["median"] for s in stats if s]]
                handles[peer] = ax.errorbar(x, med, yerr=err, marker="o", capsize=3, color=COLORS[peer])
            ax.axhline(1.0, color="black", linewidth=0.8, linestyle="--")
            ax.set(xticks=range(len(sizes)), xticklabels=sizes, xlim=(-0.5, len(sizes) - 0.5), yscale="log",
                   title=f"{network}, {dtype}", xlabel="size")      # xlim: a lone size's dodge is not zoomed
    for ax in axes.flat:        # after every set_yscale: it resets the shared y axis' formatters
        _decimal_ticks(ax.yaxis)
        low, high = ax.get_ylim()
        if high < 3 * low:      # within a factor 3 a log axis has no tick between 1 and 2: evenly spaced ones instead
            from matplotlib.ticker import MaxNLocator, NullLocator

            ax.yaxis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 5, 10]))   # 1 among them
            ax.yaxis.set_minor_locator(NullLocator())
    for row, peers in zip(axes, rows, strict=True):
        row[0].set_ylabel("manual time / peer time\n(< 1: manual faster)" if peers is NEAR else
                          "manual time / peer time\n(what jit and autodiff save)")
    entries = [peer for peer in DISPLAY_ORDER if peer in handles]
    if entries:
        rounds = counted_rounds(results["cases"])
        counted = f" ({rounds})" if rounds else ""
        fig.legend([handles[p] for p in entries], [f"manual / {p}" for p in entries], fontsize=7,
                   loc="lower center", ncol=ncol, title_fontsize=7,
                   title=f"error bars: 25th–75th percentiles of the per-round ratios{counted}")
    if title:
        fig.suptitle(title, fontsize=8)
    fig.tight_layout(rect=(0, legend / height, 1, 1))
    return fig
