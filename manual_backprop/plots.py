"""PNG pictures of a training run: the cost curve, and the decision boundary of a 2-D classifier.

matplotlib (the `data` extra) is imported inside each function, and figures are drawn on the Agg
canvas directly (no pyplot, no global backend state), so this works headless and in tests.
Each PNG is written atomically (atomic.atomic_write).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np

from .activations import Array
from .atomic import atomic_write
from .propagation import Params, forward
from .spec import NetworkSpec


def _save(figure: Any, path: Path) -> Path:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(figure)
    return atomic_write(path, lambda file: figure.savefig(file, format="png", dpi=100))


def plot_costs(costs: list[float], path: str | os.PathLike[str], title: str, start: int = 0) -> Path:
    """J against the iteration, costs[i] at start + i (log scale when J stays positive), written to path as a PNG."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(6, 4))
    axes = figure.add_subplot()
    axes.plot(start + np.arange(len(costs)), costs, color="tab:blue")
    if min(costs) > 0:
        axes.set_yscale("log")
    axes.set(xlabel="iteration", ylabel="cost J", title=title)
    axes.grid(True, alpha=0.3)
    figure.tight_layout()
    return _save(figure, Path(path))


def plot_decision_boundary(spec: NetworkSpec, params: Params, X: Array, Y: Array,
                           path: str | os.PathLike[str], title: str, resolution: int = 200) -> Path:
    """The network's class regions over the plane, with the examples X (2, m), Y (n[L], m) on top."""
    import matplotlib
    from matplotlib.figure import Figure

    if X.shape[0] != 2:
        raise ValueError(f"a decision boundary needs 2-D inputs, X of shape (2, m); got {X.shape}")
    low, high = X.min(axis=1) - 0.5, X.max(axis=1) + 0.5
    u, v = np.meshgrid(np.linspace(low[0], high[0], resolution), np.linspace(low[1], high[1], resolution))
    grid = np.stack([u.ravel(), v.ravel()]).astype(params["W1"].dtype)           # (2, resolution^2)
    AL, _ = forward(spec, params, grid)
    regions = (AL[0] > 0.5) if AL.shape[0] == 1 else AL.argmax(axis=0)
    labels = (Y[0] > 0.5) if Y.shape[0] == 1 else Y.argmax(axis=0)
    figure = Figure(figsize=(5, 5.6))
    axes = figure.add_subplot()
    classes = max(AL.shape[0], 2)
    levels = np.arange(classes + 1) - 0.5                                       # one band per class, 0 .. classes-1
    axes.contourf(u, v, regions.reshape(u.shape), levels=levels, alpha=0.3, cmap="coolwarm",
                  vmin=0, vmax=classes - 1)                                   # as the points: class k, colors[k]
    colors = matplotlib.colormaps["coolwarm"](np.linspace(0, 1, classes))      # the bands' colours, class by class
    for k in range(classes):                                                    # one legend entry per class
        mine = labels == k
        axes.scatter(X[0, mine], X[1, mine], color=colors[k], s=12, edgecolors="k", linewidths=0.3,
                     label=f"class {k} ({np.count_nonzero(mine)})")
    axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncols=classes, fontsize="small", frameon=False,
                title="examples by true class; shade: the class predicted there", title_fontsize="small")
    axes.set(xlabel="x1", ylabel="x2", title=title)
    figure.tight_layout()
    return _save(figure, Path(path))
