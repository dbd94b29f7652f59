"""What `backprop train` writes and prints of a run: its files (parameters with the run record, cost.png, boundary.png)
and its numbers (steps, scores)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from manual_backprop.error_messages import counted

if TYPE_CHECKING:
    from manual_backprop.datasets import Dataset
    from manual_backprop.propagation import Params
    from manual_backprop.spec import NetworkSpec


def write_run(args: argparse.Namespace, data: Dataset, spec: NetworkSpec, trained: Params, trajectory: list[float],
           alpha: float, steps: int, steps_known: bool = True) -> list[Path]:
    """Save the parameters (with the run record: steps before this run, and len(trajectory) - 1 in it; no count when
    those before are not known) and draw cost.png (and boundary.png for 2-D classes) into --out; return the paths
    written, the parameters' first (.npz appended to a --save without it). It prints nothing: the caller prints its
    report once the files are safe (`train | head -1` closed stdout at the report's next line, and the run was lost).
    Ctrl-C while it writes is held until the files are written together (deferred_interrupt)."""
    from manual_backprop.commands.train_args import out_dir, plot_names
    from manual_backprop.commands.train_resume import record
    from manual_backprop.commands.writing import write_or_fail
    from manual_backprop.params_io import save_parameters
    from manual_backprop.plots import plot_costs, plot_decision_boundary

    out, done = out_dir(args), steps + len(trajectory) - 1
    title = f"{data.name}: {','.join(map(str, spec.layer_sizes))}, alpha {alpha:g}" + (
        f", lambda {spec.l2:g}" if spec.l2 else "") + (f", resumed at step {steps + 1}" if steps else "")
    save, save_option = (args.save, "--save") if args.save is not None else (str(out / "params.npz"), "--out")
    written = [  # the parameters first: a plot that cannot be written must not lose them
               write_or_fail(save_option, args.save or str(out), lambda: save_parameters(
                   save, spec, trained, record(args, alpha, done if steps_known else None))),
               write_or_fail("--out", str(out), lambda: plot_costs(trajectory, out / "cost.png", title, steps))]
    if "boundary.png" in plot_names(args.dataset):          # the rule train_args checked the files by, up front
        written.append(write_or_fail("--out", str(out), lambda: plot_decision_boundary(
            spec, trained, data.X_test, data.Y_test, out / "boundary.png", f"{title} (test examples)")))
    return written


def wrote_text(paths: list[Path]) -> str:
    """'wrote PATH, PATH, ...' for the files write_run wrote."""
    return "wrote " + ", ".join(str(path) for path in paths)


def steps_text(count: int) -> str:
    return counted(count, "iteration")


def overall(steps: int, after: int) -> str:
    """' (of this run: after step N overall)', N = steps + after, for a run resumed after steps; '' for a new one."""
    return f" (of this run: after step {steps + after} overall)" if steps else ""


def score_text(value: float) -> str:
    """An accuracy or R^2 in 4 decimals; a far negative R^2 (a poor fit) in 4 significant digits."""
    return f"{value:.4f}" if abs(value) < 1e4 else f"{value:.4g}"
