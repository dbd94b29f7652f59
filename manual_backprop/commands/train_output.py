"""What `backprop train` writes and prints of a run: its files (parameters with the run record, cost.png, boundary.png)
and its numbers (steps, scores); and, once the descent ends, finish: the cost's verdict, the report and the files."""

from __future__ import annotations

import argparse
import itertools
import math
import shlex
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from manual_backprop.commands.train_args import DTYPES
from manual_backprop.error_messages import counted

if TYPE_CHECKING:
    from manual_backprop.commands.train_descent import Descent
    from manual_backprop.commands.train_resume import Resumed
    from manual_backprop.datasets import Dataset
    from manual_backprop.progress import Progress
    from manual_backprop.propagation import Params
    from manual_backprop.spec import NetworkSpec

#: How far above its start a run's cost may end and still count as not risen: 256 u of the dtype (the harness's
#: rtol), relative. sqrt(u) let a float32 run rise 8.8e-5 and exit 0 (session 27's second train audit).
RISE = {dtype: 256 * float(np.finfo(dtype).eps) / 2 for dtype in DTYPES}


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


def finish(args: argparse.Namespace, data: Dataset, spec: NetworkSpec, X: Any, Y: Any, alpha: float,
           iterations: int, resumed: Resumed, descent: Descent, progress: Progress,
           diverged: Callable[[str], Exception]) -> None:
    """After the descent: the cost, the verdict, the scores and the files (or, after Ctrl-C, the steps done, then
    KeyboardInterrupt); CommandError (diverged) for a cost that is not finite or rose."""
    from manual_backprop import cost
    from manual_backprop.cli import CommandError
    from manual_backprop.metrics import baseline, is_regression, score

    steps = resumed.steps
    trained, costs = descent.params, descent.costs
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        final = cost(spec, trained, X, Y)                   # J of the parameters it saves: costs[-1] is J before
    progress.update(len(costs), f"J = {final:.6g}")         # the last update
    progress.close()
    trajectory = [*costs, final]                            # J after 0, 1, ..., len(costs) updates
    rose = not final <= trajectory[0] * (1 + RISE[args.dtype])     # above the start beyond rounding, or NaN
    if descent.interrupted:                                 # Ctrl-C: the steps done are kept, then exit 130
        if costs:
            done = f"interrupted after {steps_text(len(costs))} of {iterations}: "
            if rose:
                print(f"{done}nothing written: the cost rose from {trajectory[0]:.10g} to {final:.10g}")
            else:                                           # the files first: printing may fail (a closed pipe)
                saved = write_run(args, data, spec, trained, trajectory, alpha, steps, resumed.steps_known)
                where = f" --out {shlex.quote(str(args.out))}" if args.out is not None else ""   # pasteable
                print(f"{done}{wrote_text(saved)}\nto go on: --load {shlex.quote(str(saved[0]))} --iterations "
                      f"{iterations - len(costs)}{where}")
        raise KeyboardInterrupt
    if not math.isfinite(final):                           # J after every update: iteration `iterations`
        raise diverged(f"gradient descent diverged at iteration {iterations}: the last update made the cost "
                       f"{final}{overall(steps, iterations)}")
    if rose:
        raise diverged(f"gradient descent did not descend: the cost rose from {trajectory[0]:.10g} to {final:.10g} "
                       f"over {steps_text(iterations)}")
    rises = [later / earlier - 1 for earlier, later in itertools.pairwise(trajectory) if later > earlier]
    largest = f", by at most {max(rises):.2g} relative" if rises else ""
    metric = "R^2" if is_regression(spec) else "accuracy"
    X_test, Y_test = data.X_test.astype(args.dtype), data.Y_test.astype(args.dtype)
    report = (f"cost J: {trajectory[0]:.6g} -> {final:.6g} (increased at {len(rises)} of {iterations} steps"
              f"{largest})\ntrain {metric} {score_text(score(spec, trained, X, Y))}, test {metric} "
              f"{score_text(score(spec, trained, X_test, Y_test))} (constant-guess baseline on test: "
              f"{score_text(baseline(spec, data.Y_train, data.Y_test))})")
    try:
        written = write_run(args, data, spec, trained, trajectory, alpha, steps, resumed.steps_known)
    except CommandError:                                    # a file it could not write: the run's report still
        print(report)
        raise
    print(f"{report}\n{wrote_text(written)}")             # after the files: a closed stdout cannot lose the run
