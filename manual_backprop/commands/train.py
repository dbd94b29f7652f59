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
import itertools
from pathlib import Path
from typing import Any

HELP = "train a network by gradient descent on a bundled dataset; progress, metrics, plots, oracle check"
DATASETS = ("breast_cancer", "digits", "diabetes", "flower")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add = parser.add_argument
    add("--dataset", choices=DATASETS, default="breast_cancer", help="default breast_cancer")
    add("--layers", help="n[0],...,n[L], e.g. 30,16,1 (default: the dataset's, see docs/training.md)")
    add("--activations", help="g[1],...,g[L], e.g. tanh,sigmoid (the last must suit the dataset's loss)")
    add("--learning-rate", type=float, help="alpha (default: the dataset's)")
    add("--iterations", type=int, help="gradient-descent steps (default: the dataset's)")
    add("--l2", type=float, help="lambda, the L2 penalty (default: the dataset's)")
    add("--seed", type=int, default=0, help="seed of the initial parameters and of the train/test split")
    add("--test-fraction", type=float, default=0.2, help="share of examples held out (default 0.2)")
    add("--dtype", choices=("float64", "float32"), default="float64", help="default float64")
    add("--out", help="directory for cost.png, boundary.png, params.npz (default runs/<dataset>)")
    add("--save", help="where to save the trained parameters (default <out>/params.npz)")
    add("--load", help="resume from parameters saved by --save (the network comes from the file)")
    add("--check-oracle", action="store_true", help="repeat the run with the JAX oracle's gradients and compare")
    add("--check-every", type=int, default=100, help="compare the two runs every k steps (default 100)")
    add("--tolerance", type=float, default=1e-10, help="largest relative parameter difference allowed (1e-10)")
    add("--threads", type=int, default=1, help="BLAS threads (default 1: the matrices are small)")


def run(args: argparse.Namespace) -> int:
    from manual_backprop.cli import require
    from manual_backprop.datasets import SKLEARN_DATASETS

    if args.dataset in SKLEARN_DATASETS:
        require("sklearn", "data")
    require("matplotlib", "data")
    if args.check_oracle:
        require("jax", "oracle")
    limits: Any = contextlib.nullcontext()
    with contextlib.suppress(ImportError):
        from threadpoolctl import threadpool_limits  # installed with scikit-learn

        limits = threadpool_limits(limits=args.threads, user_api="blas")
    with limits:
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    from manual_backprop import DivergenceError, gradient_descent
    from manual_backprop.cli import CommandError
    from manual_backprop.datasets import load
    from manual_backprop.metrics import baseline, learning_rate_bound, score
    from manual_backprop.params_io import ParamsFileError, save_parameters
    from manual_backprop.plots import plot_costs, plot_decision_boundary
    from manual_backprop.progress import Progress
    from manual_backprop.train_run import DEFAULTS, SettingsError, start

    defaults = DEFAULTS[args.dataset]
    alpha = defaults.learning_rate if args.learning_rate is None else args.learning_rate
    iterations = defaults.iterations if args.iterations is None else args.iterations
    if iterations < 1 or args.check_every < 1:
        raise CommandError("--iterations and --check-every must be positive")
    if not args.tolerance >= 0:                             # NaN fails it too
        raise CommandError(f"--tolerance must be >= 0; got {args.tolerance}")
    if args.check_oracle and args.dtype != "float64":      # the oracle's run is float64: say so before training
        raise CommandError("--check-oracle compares with the oracle's float64 run; use it with --dtype float64")
    try:
        data = load(args.dataset, seed=args.seed, test_fraction=args.test_fraction)
        spec, params = start(data, args.layers, args.activations, args.l2, args.load, args.seed, args.dtype)
    except (SettingsError, ParamsFileError, ValueError) as error:
        raise CommandError(str(error)) from error
    X, Y = data.X_train.astype(args.dtype), data.Y_train.astype(args.dtype)
    out = Path(args.out or Path("runs") / args.dataset)
    print(f"{args.dataset}: {X.shape[1]} training and {data.X_test.shape[1]} test examples, n[0] = {data.n_x}; "
          f"network {','.join(map(str, spec.layer_sizes))} {','.join(spec.activations)} + {spec.loss}, "
          f"lambda {spec.l2:g}, alpha {alpha:g}, {iterations} iterations, {args.dtype}")
    bound = learning_rate_bound(spec, X)
    if bound is not None:
        print(f"learning-rate bound 2/L_J = {bound:.4g}: the cost cannot increase for alpha <= this "
              f"({'alpha is under it' if alpha <= bound else 'alpha is ABOVE it'})")
    progress = Progress(iterations, "train")
    every = max(1, iterations // 200)

    def report(i: int, J: float) -> None:
        if (i + 1) % every == 0 or i + 1 == iterations:
            progress.update(i + 1, f"J = {J:.6g}")

    try:
        trained, costs = gradient_descent(spec, params, X, Y, alpha, iterations, callback=report)
    except (DivergenceError, ValueError) as error:          # ValueError: a negative or non-finite alpha
        progress.close()
        raise CommandError(str(error)) from error
    progress.close()
    rises = sum(later > earlier for earlier, later in itertools.pairwise(costs))
    print(f"cost J: {costs[0]:.6g} -> {costs[-1]:.6g} (increased at {rises} of {len(costs) - 1} steps)")
    metric = "R^2" if spec.loss == "mean_squared_error" else "accuracy"
    X_test, Y_test = data.X_test.astype(args.dtype), data.Y_test.astype(args.dtype)
    print(f"train {metric} {score(spec, trained, X, Y):.4f}, test {metric} {score(spec, trained, X_test, Y_test):.4f} "
          f"(constant-guess baseline on test: {baseline(spec, data.Y_train, data.Y_test):.4f})")
    title = f"{args.dataset}: {','.join(map(str, spec.layer_sizes))}, alpha {alpha:g}"
    written = [plot_costs(costs, out / "cost.png", title), save_parameters(args.save or out / "params.npz",
                                                                         spec, trained)]
    if data.n_x == 2 and spec.loss != "mean_squared_error":
        written.append(plot_decision_boundary(spec, trained, data.X_test, data.Y_test, out / "boundary.png",
                                              f"{title} (test examples)"))
    print("wrote " + ", ".join(str(path) for path in written))
    if not args.check_oracle:
        return 0
    from manual_backprop.commands.train_oracle import check_oracle

    return check_oracle(spec, params, X, Y, alpha, iterations, args.check_every, args.tolerance)
