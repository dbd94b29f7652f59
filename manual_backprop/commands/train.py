"""`backprop train`: the notes' gradient descent on real data, with a progress bar, metrics and plots.

    backprop train                                   # breast cancer, 30,16,1 tanh,sigmoid (a few seconds)
    backprop train --dataset digits --check-oracle   # and the same run with the JAX oracle's gradients
    backprop train --dataset breast_cancer --layers 30,16,1 --activations tanh,sigmoid \
        --learning-rate 0.5 --iterations 2000 --l2 0.01 --save runs/bc.npz

Writes cost.png (and boundary.png for the 2-D flower data) and params.npz into --out.
"""

from __future__ import annotations

import argparse
import contextlib
import warnings
from typing import TYPE_CHECKING, Any

import numpy as np

from manual_backprop.commands.train_args import CHECK_EVERY, DATASETS, TOLERANCE, add_arguments
from manual_backprop.commands.train_output import RISE

if TYPE_CHECKING:
    from manual_backprop.commands.train_resume import Resumed
    from manual_backprop.datasets import Dataset

__all__ = ["DATASETS", "HELP", "RISE", "add_arguments", "run"]
HELP = "train a network by gradient descent on a bundled dataset; progress, metrics, plots, oracle check"


def run(args: argparse.Namespace) -> int:
    from manual_backprop.cli import require
    from manual_backprop.commands.train_args import check_arguments
    from manual_backprop.commands.train_resume import resolve
    from manual_backprop.datasets import SKLEARN_DATASETS

    resumed = resolve(args)                                # the options left out: the --load file's, or defaults
    check_arguments(args, resumed.from_file)
    extras = "data,oracle" if args.check_oracle else "data"   # every extra this run needs, named in one message
    if args.dataset in SKLEARN_DATASETS:
        require("sklearn", extras)
    require("matplotlib", extras)
    if args.check_oracle:
        require("jax", extras)
    if args.threads is not None:                           # asked for: refused without it, as bench refuses
        require("threadpoolctl", extras)                   # scikit-learn brings it; the flower data needs neither
    limits: Any = contextlib.nullcontext()
    with contextlib.suppress(ImportError):                 # not asked for: BLAS's own threads without it
        from threadpoolctl import threadpool_limits

        limits = threadpool_limits(limits=1 if args.threads is None else args.threads, user_api="blas")
    with limits:
        return _run(args, resumed)


def _load(args: argparse.Namespace, from_file: set[str]) -> Dataset:
    """The dataset split by --seed and --test-fraction; if the split leaves fewer than 2 examples on either side (an
    R^2 of one example is NaN, and standardising none is too), UsageError echoing --test-fraction as typed, or
    CommandError naming the --load file whose run record gave it."""
    from manual_backprop.cli import CommandError, UsageError
    from manual_backprop.commands.numbers import as_typed
    from manual_backprop.datasets import load

    with warnings.catch_warnings(), np.errstate(all="ignore"):   # standardising an empty split: refused below
        warnings.simplefilter("ignore", RuntimeWarning)
        data = load(args.dataset, seed=args.seed, test_fraction=args.test_fraction)
    train, test = data.X_train.shape[1], data.X_test.shape[1]
    if min(train, test) < 2:
        saved = "test_fraction" in from_file
        given = f"the test fraction {args.test_fraction!r} of the run saved in {args.load}" if saved else \
            f"--test-fraction {as_typed(args.test_fraction)}"
        raise (CommandError if saved else UsageError)(f"{given} leaves {train} training and {test} test examples of "
                                                      f"{args.dataset}'s {train + test}; each side needs at least 2")
    return data


def _run(args: argparse.Namespace, resumed: Resumed) -> int:

    from manual_backprop import DivergenceError
    from manual_backprop.cli import CommandError, UsageError
    from manual_backprop.commands.train_descent import descend
    from manual_backprop.commands.train_output import finish, overall, steps_text
    from manual_backprop.metrics import learning_rate_bound
    from manual_backprop.progress import Progress
    from manual_backprop.train_run import DEFAULTS, SettingsError, start

    defaults = DEFAULTS[args.dataset]
    alpha = defaults.learning_rate if args.learning_rate is None else args.learning_rate
    iterations = defaults.iterations if args.iterations is None else args.iterations
    data = _load(args, resumed.from_file)
    try:
        spec, params = start(data, args.layers, args.activations, args.l2, resumed.loaded, args.seed, args.dtype)
    except SettingsError as error:                          # names --layers, --activations, --l2 or --load
        hint = (f" ({args.dataset} is only the default: the file does not name its data; give --dataset)"
                if resumed.loaded is not None and resumed.default_dataset and "does not fit" in str(error) else "")
        raise UsageError(f"{error}{hint}") from error
    X, Y = data.X_train.astype(args.dtype), data.Y_train.astype(args.dtype)
    print(f"{args.dataset}: {X.shape[1]} training and {data.X_test.shape[1]} test examples, n[0] = {data.n_x}; "
          f"network {','.join(map(str, spec.layer_sizes))} {','.join(spec.activations)} + {spec.loss}, "
          f"lambda {spec.l2:g}, alpha {alpha:g}, {steps_text(iterations)}, {args.dtype}")
    steps = resumed.steps                                  # taken before this run (those the --load file records)
    if resumed.loaded is not None:
        before = f"after its {steps_text(steps)}" if resumed.steps_known else "(its steps not recorded)"
        print(f"resumed from {args.load} {before}: steps {steps + 1} to {steps + iterations}")
    for note in resumed.notes:
        print(note)
    bound = learning_rate_bound(spec, X)
    if bound is not None:
        print(f"learning-rate bound 2/L_J = {bound:.4g}: the cost cannot increase for alpha <= this, but by rounding "
              f"({'alpha is under it' if alpha <= bound else 'alpha is ABOVE it'})")
    progress = Progress(iterations, "train")

    def diverged(cause: str) -> CommandError:
        return CommandError(f"{cause}; try a smaller --learning-rate than {alpha:g}")

    try:
        descent = descend(spec, params, X, Y, alpha, iterations, progress)
    except DivergenceError as error:
        progress.close()
        if error.iteration == 0:                            # J was not finite before any update: not alpha's doing
            raise CommandError(str(error)) from error
        raise diverged(str(error).split("; try a smaller")[0] + overall(steps, error.iteration)) from error
    from manual_backprop.commands.writing import deferred_interrupt

    with deferred_interrupt():                             # from here a finished run's files are written together
        finish(args, data, spec, X, Y, alpha, iterations, resumed, descent, progress, diverged)
    if not args.check_oracle:
        return 0
    from manual_backprop.commands.train_oracle import check_oracle

    every, tolerance = args.check_every or CHECK_EVERY, TOLERANCE if args.tolerance is None else args.tolerance
    return check_oracle(spec, params, X, Y, alpha, iterations, every, tolerance)
