"""The pictures `backprop train` draws (manual_backprop.plots): what a reader of boundary.png and cost.png needs to
read them without the command line, checked on the matplotlib figure itself (captured before it is saved)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

pytest.importorskip("matplotlib")

import manual_backprop.plots
from manual_backprop import NetworkSpec, init_parameters
from manual_backprop.cli import main


@pytest.fixture
def figures(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Each figure plots draws, by its file's name, still saved as the function saves it."""
    drawn: dict[str, Any] = {}
    real_save = manual_backprop.plots._save

    def save(figure: Any, path: Path) -> Path:
        drawn[path.name] = figure
        return real_save(figure, path)
    monkeypatch.setattr(manual_backprop.plots, "_save", save)
    return drawn


@pytest.mark.parametrize("classes", [1, 3])        # sigmoid's one unit (two classes); softmax's three
def test_boundary_legend_names_each_true_class_in_the_colour_of_its_predicted_region(
        tmp_path: Path, figures: dict[str, Any], classes: int) -> None:
    rng = np.random.default_rng(0)
    spec = NetworkSpec((2, 5, classes), ("tanh", "sigmoid" if classes == 1 else "softmax"),
                       "binary_cross_entropy" if classes == 1 else "categorical_cross_entropy")
    params, X = init_parameters(spec, seed=1), rng.normal(size=(2, 30))
    labels = np.arange(30) % max(classes, 2)
    Y = labels[None, :].astype(float) if classes == 1 else np.eye(classes)[:, labels]
    manual_backprop.plots.plot_decision_boundary(spec, params, X, Y, tmp_path / "boundary.png", "t")
    axes = figures["boundary.png"].axes[0]
    legend = axes.get_legend()
    n = max(classes, 2)
    assert [text.get_text() for text in legend.get_texts()] == [f"class {k} ({np.sum(labels == k)})" for k in range(n)]
    regions = axes.collections[0]                   # contourf: one band per class, coloured as its class's points
    band_colours = regions.get_facecolor()[:, :3]
    point_colours = np.array([points.get_facecolor()[0, :3] for points in axes.collections[1:]])
    np.testing.assert_allclose(band_colours, point_colours, atol=1e-12, strict=True)
    assert len({tuple(c) for c in point_colours}) == n   # and the classes' colours differ


def test_run_titles_name_lambda_when_the_network_has_one(tmp_path: Path, figures: dict[str, Any]) -> None:
    assert main(["train", "--dataset", "flower", "--iterations", "3", "--l2", "0.05", "--layers", "2,4,1",
                 "--learning-rate", "1.2", "--out", str(tmp_path)]) == 0
    titles = {name: figure.axes[0].get_title() for name, figure in figures.items()}
    assert titles == {"cost.png": "flower: 2,4,1, alpha 1.2, lambda 0.05",
                      "boundary.png": "flower: 2,4,1, alpha 1.2, lambda 0.05 (test examples)"}
