"""PNG plots of a result (matplotlib, Agg backend): ratio per size, where manual's time goes, and time
against m and against width."""

from __future__ import annotations

import pathlib
from typing import Any

from ..atomic import atomic_write
from .peers import DISPLAY_ORDER
from .targets import shares

COLORS = {"manual": "black", "bound": "grey", "jax.jit": "tab:blue", "jax-eager": "tab:cyan",
          "torch": "tab:orange", "finite-diff": "tab:red", "yours": "tab:green"}


def ratio_plot(results: dict[str, Any], path: pathlib.Path) -> pathlib.Path:
    """One panel per network and dtype: manual / peer against size, with the 25th-75th percentile as error bars."""
    import matplotlib.pyplot as plt

    panels = sorted({(c["network"], c["dtype"]) for c in results["cases"]})
    fig, axes = plt.subplots(1, len(panels), figsize=(4.2 * len(panels), 3.8), squeeze=False, sharey=True)
    for ax, (network, dtype) in zip(axes[0], panels, strict=True):
        cases = [c for c in results["cases"] if (c["network"], c["dtype"]) == (network, dtype)]
        sizes = [c["size"] for c in cases]
        for peer in DISPLAY_ORDER[1:]:
            stats = [c["ratios"].get(peer) for c in cases]
            if all(s is None for s in stats):
                continue
            x = [i for i, s in enumerate(stats) if s is not None]
            med = [s["median"] for s in stats if s is not None]
            err = [[s["median"] - s["p25"] for s in stats if s], [s["p75"] - s["median"] for s in stats if s]]
            ax.errorbar(x, med, yerr=err, marker="o", capsize=3, label=f"manual / {peer}", color=COLORS[peer])
        ax.axhline(1.0, color="black", linewidth=0.8, linestyle="--")
        ax.set(xticks=range(len(sizes)), xticklabels=sizes, yscale="log", title=f"{network}, {dtype}",
               xlabel="size")
    axes[0][0].set_ylabel("manual time / peer time (< 1: manual faster)")
    axes[0][-1].legend(fontsize=7)
    fig.tight_layout()
    atomic_write(path, lambda file: fig.savefig(file, format="png", dpi=110))
    plt.close(fig)
    return path


def scaling_plot(results: dict[str, Any], path: pathlib.Path) -> pathlib.Path:
    """Seconds per gradient against m (widths 100, 100, 10) and against width w (w, w, 10; m = 256), log-log."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(10, 4))
    for ax, (sweep, label) in zip(axes, [("m", "m (examples)"), ("width", "width w = n[0] = n[1]")], strict=True):
        cases = results["scaling"][sweep]
        x = [c["m"] if sweep == "m" else c["layer_sizes"][1] for c in cases]
        for peer in DISPLAY_ORDER:
            if all(peer in c["seconds"] for c in cases):
                y = [c["seconds"][peer]["median"] for c in cases]
                ax.plot(x, y, marker="o", label=peer, color=COLORS[peer])
        ax.set(xscale="log", yscale="log", xlabel=label, ylabel="seconds per gradient (median)",
               title=f"float64, seed network, against {sweep}")
        ax.legend(fontsize=7)
    fig.tight_layout()
    atomic_write(path, lambda file: fig.savefig(file, format="png", dpi=110))
    plt.close(fig)
    return path


def breakdown_plot(results: dict[str, Any], path: pathlib.Path) -> pathlib.Path:
    """Per case, manual's time split into checks, products (the bound), kernel, activations and the rest, as shares."""
    import matplotlib.pyplot as plt

    cases = [c for c in results["cases"] if "shares" in c]
    checks, products, kernel, gs, rest = (list(column) for column in zip(*(shares(c) for c in cases), strict=True))
    labels = [f"{c['network']} {c['size']} {c['dtype']}" for c in cases]
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
    ax.set(xlim=(0, 1), xlabel="share of manual's time per gradient (medians of paired rounds)",
           title="Where manual_backprop.gradients spends its time")
    fig.legend(fontsize=7, loc="lower center", ncol=3)  # five entries in two rows, clear of the x label
    fig.tight_layout(rect=(0, 0.35 / height, 1, 1))
    atomic_write(path, lambda file: fig.savefig(file, format="png", dpi=110))
    plt.close(fig)
    return path


def write_plots(results: dict[str, Any], out: pathlib.Path) -> list[pathlib.Path]:
    """ratios.png always; breakdown.png when manual and bound ran; scaling.png when the sweeps ran."""
    import matplotlib

    matplotlib.use("Agg")
    paths = [ratio_plot(results, out / "ratios.png")]
    if any("shares" in c for c in results["cases"]):
        paths.append(breakdown_plot(results, out / "breakdown.png"))
    if "scaling" in results:
        paths.append(scaling_plot(results, out / "scaling.png"))
    return paths
