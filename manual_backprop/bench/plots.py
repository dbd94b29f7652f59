"""PNG plots of a result (matplotlib, Agg backend): ratio per size (ratio_figure.py), where manual's time goes, and
time against m and against width."""

from __future__ import annotations

import pathlib
from typing import TYPE_CHECKING, Any

import numpy as np

from ..atomic import atomic_write
from .header import machine_title
from .peers import DISPLAY_ORDER
from .provenance import check_format
from .targets import shares, where

if TYPE_CHECKING:
    from matplotlib.figure import Figure

COLORS = {"manual": "black", "bound": "grey", "jax.jit": "tab:blue", "jax-eager": "tab:cyan",
          "torch": "tab:orange", "finite-diff": "tab:red", "yours": "tab:green"}


def _save(fig: Figure, path: pathlib.Path) -> pathlib.Path:
    import matplotlib.pyplot as plt

    atomic_write(path, lambda file: fig.savefig(file, format="png", dpi=110))
    plt.close(fig)
    return path


def ratio_plot(results: dict[str, Any], path: pathlib.Path) -> pathlib.Path:
    from .ratio_figure import ratio_figure

    return _save(ratio_figure(results), path)


def _one(values: list[Any]) -> str:
    """The value every sweep point shares, or each distinct value: 256, or 128/256."""
    return "/".join(str(v) for v in dict.fromkeys(values))


def scaling_figure(results: dict[str, Any]) -> Figure:
    """Seconds per gradient against m (widths fixed: 100, 100, 10) and against width w (w, w, 10; m fixed: 256),
    log-log, the fixed values read from the sweeps; a peer missing at a sweep point leaves a gap there."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(10, 4))
    for ax, (sweep, label) in zip(axes, [("m", "m (examples)"), ("width", "width w = n[0] = n[1]")], strict=True):
        cases = results["scaling"][sweep]
        x = [c["m"] if sweep == "m" else c["layer_sizes"][1] for c in cases]
        for peer in DISPLAY_ORDER:
            if any(peer in c["seconds"] for c in cases):
                got = [c["seconds"].get(peer, {"median": np.nan, "p25": np.nan, "p75": np.nan}) for c in cases]
                y = np.array([s["median"] for s in got])
                spread = np.array([[s["median"] - s["p25"] for s in got], [s["p75"] - s["median"] for s in got]])
                ax.plot(x, y, marker="o", label=peer, color=COLORS[peer])
                ax.errorbar(x, y, yerr=spread, fmt="none", ecolor=COLORS[peer], capsize=2)   # 25th-75th percentile
        fixed = (f"widths {_one([tuple(c['layer_sizes']) for c in cases])}" if sweep == "m" else
                 f"widths (w, w, {_one([c['layer_sizes'][-1] for c in cases])}), m = {_one([c['m'] for c in cases])}")
        ax.set(xscale="log", yscale="log", xlabel=label, ylabel="seconds per gradient (median, 25th-75th)",
               title=f"{_one([c['dtype'] for c in cases])}, {_one([c['network'] for c in cases])} network, "
                     f"against {sweep}\n{fixed}")
        ax.legend(fontsize=7)
    title = machine_title(results)
    if title:
        fig.suptitle(title, fontsize=8)
    fig.tight_layout()
    return fig


def scaling_plot(results: dict[str, Any], path: pathlib.Path) -> pathlib.Path:
    return _save(scaling_figure(results), path)


def breakdown_plot(results: dict[str, Any], path: pathlib.Path) -> pathlib.Path:
    """Per case, manual's time split into checks, products (the bound), kernel, activations and the rest, as shares."""
    import matplotlib.pyplot as plt

    cases = [c for c in results["cases"] if "shares" in c]
    checks, products, kernel, gs, rest = (list(column) for column in zip(*(shares(c) for c in cases), strict=True))
    labels = [where(c) for c in cases]
    height = 0.32 * len(cases) + 1.6
    fig, ax = plt.subplots(figsize=(7.5, height))
    left = [0.0] * len(cases)
    for share, name, color in [(products, "matrix products (the bound)", "grey"), (checks, "input checks", "tab:red"),
                               (kernel, "kernel: fresh arrays faulted in", "tab:purple"),
                               (gs, "activation functions g, g'", "tab:orange"),
                               (rest, "other elementwise passes and Python", "tab:green")]:
        ax.barh(labels, share, left=left, label=name, color=color)
        left = [a + b for a, b in zip(left, share, strict=True)]
    ax.invert_yaxis()
    if max(left) > 1:                                   # shares timed apart that sum past manual's time: noise
        ax.axvline(1.0, color="black", linewidth=0.8)
    ax.set(xlim=(0, max(1.0, *left)), xlabel="share of manual's time per gradient (medians of paired rounds)",
           title="Where manual_backprop.gradients spends its time")
    machine = machine_title(results)
    if machine:                                         # small, above the title: as wide as the figure allows
        fig.suptitle(machine, fontsize=7)
    fig.legend(fontsize=7, loc="lower center", ncol=3)  # five entries in two rows, clear of the x label
    fig.tight_layout(rect=(0, 0.35 / height, 1, 1))
    return _save(fig, path)


def write_plots(results: dict[str, Any], out: pathlib.Path) -> list[pathlib.Path]:
    """ratios.png when a case ran (not with --no-cases); breakdown.png when manual and bound ran; scaling.png when the
    sweeps ran; ValueError for results of a newer format (check_format)."""
    check_format(results)                               # before matplotlib: a refusal needs none
    import matplotlib

    matplotlib.use("Agg")
    paths = [ratio_plot(results, out / "ratios.png")] if results["cases"] else []
    if any("shares" in c for c in results["cases"]):
        paths.append(breakdown_plot(results, out / "breakdown.png"))
    if "scaling" in results:
        paths.append(scaling_plot(results, out / "scaling.png"))
    return paths
