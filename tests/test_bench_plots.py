"""`backprop bench`'s PNG plots, drawn from small synthetic results (no timing) and inspected as matplotlib
figures: ratios.png's one legend lists every peer any panel plots and covers no panel, its panels run in the
suite's order, its log-axis tick labels are plain decimals; scaling.png plots a peer at the sweep points it ran and
its titles give the fixed dimensions, read from the data."""

from __future__ import annotations

import math
import pathlib
import re
from collections.abc import Callable
from typing import Any

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from manual_backprop.bench import plots
from manual_backprop.bench.ratio_figure import FAR, NEAR

Results = dict[str, Any]
SIZES = {"tiny": (2, 4, 1, 8), "small": (20, 50, 1, 256)}


def _stat(median: float) -> dict[str, float]:
    return {"median": median, "p25": median * 0.97, "p75": median * 1.03}


def _case(network: str, size: str, dtype: str, ratios: dict[str, float]) -> dict[str, Any]:
    n0, n1, nL, m = SIZES[size]
    layer_sizes = [n0, n1, nL] if network == "seed" else [n0, n1, n1, n1, nL]
    return {"network": network, "size": size, "dtype": dtype, "layer_sizes": layer_sizes, "m": m,
            "ratios": {peer: _stat(r) for peer, r in ratios.items()}}


def _results(ratios: Callable[[str, str, str], dict[str, float]], networks: tuple[str, ...] = ("seed", "deep"),
             dtypes: tuple[str, ...] = ("float64", "float32")) -> Results:
    """Cases in run_suite's order (size, then network, then dtype), ratios(network, size, dtype) each."""
    return {"cases": [_case(network, size, dtype, ratios(network, size, dtype))
                      for size in SIZES for network in networks for dtype in dtypes]}


@pytest.fixture
def draw(monkeypatch: pytest.MonkeyPatch, tmp_path: pathlib.Path) -> Callable[[Results], dict[str, Figure]]:
    """write_plots(results), each figure kept as it was saved (savefig records it and writes nothing)."""
    saved: list[Figure] = []
    monkeypatch.setattr(Figure, "savefig", lambda self, *args, **kwargs: saved.append(self))

    def run(results: Results) -> dict[str, Figure]:
        saved.clear()
        paths = plots.write_plots(results, tmp_path)
        for figure in saved:        # pyplot.close left a bare canvas: draw on Agg's, laying out legend and ticks
            FigureCanvasAgg(figure).draw()
        return {path.name: figure for path, figure in zip(paths, saved, strict=True)}

    return run


ALL_PEERS = ("bound", "jax.jit", "jax-eager", "torch", "finite-diff", "yours")


def test_ratio_legend_is_one_for_the_figure_with_every_peer_any_panel_plots(draw: Callable[..., Any]) -> None:
    """yours, skipped on the seed network and timed on deep, has an entry though the last panel is not deep's."""
    def ratios(network: str, size: str, dtype: str) -> dict[str, float]:
        return {"bound": 3.0, "jax.jit": 1.2} | ({"yours": 0.9} if network == "deep" else {})

    figure = draw(_results(ratios, networks=("deep", "seed")))["ratios.png"]
    assert [ax.get_legend() for ax in figure.axes] == [None] * 4
    assert len(figure.legends) == 1
    texts = [text.get_text() for text in figure.legends[0].get_texts()]
    assert texts == ["manual / bound", "manual / jax.jit", "manual / yours"]


@pytest.mark.parametrize("networks, dtypes", [(("seed", "deep"), ("float64", "float32")), (("deep",), ("float32",)),
                                              (("seed",), ("float64", "float32"))])
def test_ratio_legend_is_clear_of_every_panel_and_inside_the_figure(
        draw: Callable[..., Any], networks: tuple[str, ...], dtypes: tuple[str, ...]) -> None:
    """With every peer (6 entries), on 1 to 4 panels: no legend box meets a panel, its tick labels or its titles."""
    figure = draw(_results(lambda *_: dict(zip(ALL_PEERS, (5.0, 1.1, 0.01, 0.5, 0.001, 1.0), strict=True)),
                           networks, dtypes))["ratios.png"]
    renderer = FigureCanvasAgg(figure).get_renderer()
    legends = [*figure.legends, *(ax.get_legend() for ax in figure.axes if ax.get_legend() is not None)]
    assert legends
    for legend in legends:
        box = legend.get_window_extent(renderer)
        assert figure.bbox.x0 <= box.x0 and box.x1 <= figure.bbox.x1 and figure.bbox.y0 <= box.y0
        for ax in figure.axes:
            assert not box.overlaps(ax.get_tightbbox(renderer)), (ax.get_title(), box, ax.get_tightbbox(renderer))


@pytest.mark.parametrize("networks", [("seed", "deep"), ("deep", "seed")])
def test_ratio_panels_are_in_the_order_the_cases_ran(draw: Callable[..., Any], networks: tuple[str, ...]) -> None:
    """Network in run order (seed first by default), then dtype in run order (float64 first), not alphabetical."""
    figure = draw(_results(lambda *_: {"bound": 2.0}, networks))["ratios.png"]
    assert [ax.get_title() for ax in figure.axes] == [f"{n}, {d}" for n in networks for d in ("float64", "float32")]


def test_far_peers_get_a_row_of_their_own_so_the_near_ones_keep_a_readable_scale(draw: Callable[..., Any]) -> None:
    """finite-diff at 1e-5 on one axis with the rest squeezed 0.3-6 into a sliver (session 21's committed plot)."""
    figure = draw(_results(lambda *_: dict(zip(ALL_PEERS, (5.0, 1.1, 0.01, 0.5, 1e-5, 1.0), strict=True)),
                           ("seed",), ("float64",)))["ratios.png"]
    top, bottom = figure.axes
    assert sorted(top.get_ylim())[0] > 0.2 and sorted(bottom.get_ylim())[0] < 1e-5
    colors = {peer: plots.COLORS[peer] for peer in ALL_PEERS}
    drawn = {ax: {line.get_color() for line in ax.get_lines() if line.get_linestyle() != "--"} for ax in (top, bottom)}
    assert drawn[top] == {colors[p] for p in ("bound", "jax.jit", "torch", "yours")}
    assert drawn[bottom] == {colors["jax-eager"], colors["finite-diff"]}


def test_a_rows_peers_are_drawn_side_by_side_within_each_size_so_no_marker_hides_another(
        draw: Callable[..., Any]) -> None:
    """The committed large ratios.png drew seed float64's bound (1.48) and torch (1.46) at one x, one marker on the
    other: each row's peers are now spread about their size's tick, in the legend's order, alike in every panel."""
    ratios = {"bound": 1.48, "jax.jit": 1.0, "torch": 1.46, "jax-eager": 0.01, "finite-diff": 0.01}
    figure = draw(_results(lambda *_: ratios, ("seed", "deep"), ("float64",)))["ratios.png"]
    xs = []
    for ax in figure.axes:
        assert list(ax.get_xticks()) == [0, 1] and sorted(ax.get_xlim()) == [-0.5, 1.5]
        lines = [line for line in ax.get_lines() if line.get_linestyle() == "-"]      # not the caps, not y = 1
        assert [line.get_color() for line in lines] == [plots.COLORS[p] for p in ratios
                                                         if p in (FAR if len(lines) == 2 else NEAR)]
        at = [[float(line.get_xdata()[size]) for line in lines] for size in (0, 1)]
        for size, x in enumerate(at):
            assert x == sorted(set(x)) and all(size - 0.5 < v < size + 0.5 for v in x), at
            assert sum(x) / len(x) == pytest.approx(size), at                       # centred on the tick
        xs.append(at)
    assert xs[0] == xs[1] and xs[2] == xs[3]        # the top panels alike, the bottom ones alike


def test_the_ratio_plot_names_the_machine_it_ran_on(draw: Callable[..., Any]) -> None:
    """Its threads and cores in the singular or the plural, as the count needs (it read "1 BLAS thread(s), pinned to
    1 core(s)")."""
    results = _results(lambda *_: {"bound": 2.0}, ("seed",), ("float64",))
    blas = [{"user_api": "blas", "internal_api": "openblas", "architecture": "Haswell", "num_threads": 1}]
    results["machine"] = {"cpu": "Some CPU", "threads": {"cpus_allowed": 1, "cores": 2}, "blas": blas}
    title = draw(results)["ratios.png"].get_suptitle()
    assert title == "Some CPU; openblas Haswell kernel, 1 BLAS thread, pinned to 1 core"
    results["machine"] = {"cpu": "Some CPU", "threads": {"cpus_allowed": 2, "cores": 4},
                          "blas": [{**blas[0], "num_threads": 2}]}
    title = draw(results)["ratios.png"].get_suptitle()
    assert title == "Some CPU; openblas Haswell kernel, 2 BLAS threads, pinned to 2 cores"
    results["machine"] = {"cpu": "Some CPU", "threads": {"cpus_allowed": 2, "cores": 2}, "blas": []}  # every core
    assert draw(results)["ratios.png"].get_suptitle() == "Some CPU"


def _tick_labels(figure: Figure) -> dict[float, str]:
    """The first panel's labelled y ticks (major and minor) in view: value -> text."""
    ax = figure.axes[0]
    low, high = sorted(ax.get_ylim())
    ticks = [*ax.yaxis.get_major_ticks(), *ax.yaxis.get_minor_ticks()]
    return {tick.get_loc(): tick.label1.get_text() for tick in ticks
            if tick.label1.get_text() and low <= tick.get_loc() <= high}


@pytest.mark.parametrize("low, high, expected", [(0.93, 1.17, {"1", "1.1"}), (0.7, 1.35, {"0.8", "1", "1.2"}),
                                                 (0.3, 2.5, {"0.4", "1", "2"}),
                                                 (0.001, 5.0, {"0.001", "0.01", "0.1", "1"})])
def test_ratio_tick_labels_are_plain_decimals(draw: Callable[..., Any], low: float, high: float,
                                              expected: set[str]) -> None:
    """0.001, 0.5, 1, 2, 1.05: no 10^k, no 1.15×10⁰ or 9.75×10⁻¹, on narrow and wide ranges alike."""
    def ratios(network: str, size: str, dtype: str) -> dict[str, float]:
        return {"bound": high / 1.03 if size == "tiny" else low / 0.97, "jax.jit": math.sqrt(low * high)}

    labels = _tick_labels(draw(_results(ratios))["ratios.png"])
    assert len(labels) >= 2, labels
    for value, text in labels.items():
        assert re.fullmatch(r"\d+(\.\d+)?", text), labels
        assert float(text) == pytest.approx(value, rel=1e-3), labels
    assert expected <= set(labels.values()), labels


def test_ratio_plot_with_no_peer_but_manual_draws_no_legend_and_no_warning(draw: Callable[..., Any]) -> None:
    """--peers manual alone: no ratio to plot, and no "No artists with labels" warning (an error under pytest)."""
    figure = draw(_results(lambda *_: {}))["ratios.png"]
    assert not figure.legends and all(ax.get_legend() is None for ax in figure.axes)


M_SWEEP, WIDTH_SWEEP = (16, 64, 256, 1024), (8, 32, 128, 512)


def _sweeps(widths: tuple[int, int, int] = (100, 100, 10), m: int = 256,
            missing: Callable[[str, int], bool] = lambda peer, x: False) -> Results:
    """A result with one seed float64 case and scaling sweeps; peer is left out where missing(peer, x)."""
    def point(layer_sizes: list[int], m: int, x: int) -> dict[str, Any]:
        seconds = {peer: _stat(1e-6 * x * (i + 1)) for i, peer in enumerate(("manual", "bound", "jax.jit", "yours"))
                   if not missing(peer, x)}
        return {"network": "seed", "size": f"x={x}", "dtype": "float64", "layer_sizes": layer_sizes, "m": m,
                "seconds": seconds}

    return {"cases": [_case("seed", "tiny", "float64", {"bound": 2.0})],
            "scaling": {"m": [point(list(widths), x, x) for x in M_SWEEP],
                        "width": [point([x, x, widths[-1]], m, x) for x in WIDTH_SWEEP]}}


def test_scaling_plots_a_peer_at_the_points_it_ran(draw: Callable[..., Any]) -> None:
    """yours, not timed at m = 1024 nor at widths 8 and 512, is drawn at the other points with markers and a gap."""
    figure = draw(_sweeps(missing=lambda peer, x: peer == "yours" and x in (8, 512, 1024)))["scaling.png"]
    for ax, timed in zip(figure.axes, [(16, 64, 256), (32, 128)], strict=True):
        lines = {line.get_label(): line for line in ax.get_lines()}
        assert {"manual", "bound", "jax.jit", "yours"} <= set(lines), lines
        yours = lines["yours"]
        drawn = [x for x, y in zip(yours.get_xdata(), yours.get_ydata(), strict=True) if math.isfinite(y)]
        assert tuple(drawn) == timed
        assert yours.get_marker() not in (None, "", "None", " ")


def test_scaling_titles_give_the_fixed_dimensions_read_from_the_data(draw: Callable[..., Any]) -> None:
    for widths, m in [((100, 100, 10), 256), ((30, 30, 5), 128)]:
        m_title, width_title = (ax.get_title() for ax in draw(_sweeps(widths, m))["scaling.png"].axes)
        assert f"widths {widths}" in m_title
        assert f"(w, w, {widths[-1]})" in width_title and f"m = {m}" in width_title
        assert "against m" in m_title and "against width" in width_title


def test_scaling_and_breakdown_name_the_machine_and_scaling_draws_each_points_spread(draw: Callable[..., Any]) -> None:
    """A plot shared on its own lost where it ran (only ratios.png named the machine); a scaling point was a median
    alone, so a noisy one (manual at m = 16: median 131 us, 25th percentile 55 us) looked like an effect."""
    results = _sweeps()
    blas = [{"user_api": "blas", "internal_api": "openblas", "architecture": "Haswell", "num_threads": 1}]
    results["machine"] = {"cpu": "Some CPU", "threads": {"cpus_allowed": 1, "cores": 2}, "blas": blas}
    figure = draw(results)["scaling.png"]
    assert figure.get_suptitle() == "Some CPU; openblas Haswell kernel, 1 BLAS thread, pinned to 1 core"
    spreads = [c for ax in figure.axes for c in ax.containers if c.has_yerr]
    assert len(spreads) == sum(len([line for line in ax.get_lines() if line.get_label() in plots.COLORS])
                               for ax in figure.axes) > 0
    results["cases"][0]["shares"] = {part: _stat(0.2) for part in ("checks", "bound", "kernel", "activations")}
    results["machine"]["cpu"] = "Intel(R) Xeon(R) Processor"      # as long as the committed run's
    breakdown = draw(results)["breakdown.png"]
    assert breakdown.get_suptitle() == ("Intel(R) Xeon(R) Processor; openblas Haswell kernel, 1 BLAS thread, "
                                        "pinned to 1 core")
    renderer = FigureCanvasAgg(breakdown).get_renderer()       # the committed plot cut it at "pinned to": inside
    box = breakdown._suptitle.get_window_extent(renderer)     # type: ignore[union-attr]
    assert breakdown.bbox.x0 <= box.x0 and box.x1 <= breakdown.bbox.x1 and box.y1 <= breakdown.bbox.y1


def test_the_ratio_plot_says_what_its_error_bars_are_and_over_how_many_rounds(draw: Callable[..., Any]) -> None:
    """ratios.png drew error bars with nothing saying what they were: a reader citing the figure alone could take them
    for a confidence interval, or not know that a 3-round run's bars rest on 3 values."""
    results = _results(lambda *_: {"bound": 2.0, "jax.jit": 1.1}, ("seed",), ("float64",))
    for case in results["cases"]:
        case["rounds"] = 3
    legend = draw(results)["ratios.png"].legends[0]
    assert legend.get_title().get_text() == "error bars: 25th–75th percentiles of the per-round ratios (3 rounds)"
    results["cases"][-1]["rounds"] = 5
    legend = draw(results)["ratios.png"].legends[0]
    assert legend.get_title().get_text().endswith("(3/5 rounds)")


def test_breakdown_shows_shares_that_sum_past_manuals_time_whole_with_a_line_at_one(
        draw: Callable[..., Any]) -> None:
    """In a busy run the shares timed apart summed to 163% (45% + 55% + 0% + 63%): the x axis stopped at 1 and hid
    the activations' bar. The axis now reaches the longest bar, with a line at 1 (manual's whole time)."""
    results = _results(lambda *_: {"bound": 2.0}, ("seed",), ("float64",))
    busy, quiet = results["cases"][:2]
    busy["shares"] = {"checks": _stat(0.45), "bound": _stat(0.55), "kernel": _stat(0.0), "activations": _stat(0.63)}
    quiet["shares"] = {"checks": _stat(0.2), "bound": _stat(0.5), "kernel": _stat(0.0), "activations": _stat(0.1)}
    ax = draw(results)["breakdown.png"].axes[0]
    assert ax.get_xlim() == (0.0, pytest.approx(1.63)) and [line.get_xdata()[0] for line in ax.get_lines()] == [1.0]
    results["cases"] = [quiet]
    ax = draw(results)["breakdown.png"].axes[0]
    assert ax.get_xlim() == (0.0, 1.0) and not ax.get_lines()
