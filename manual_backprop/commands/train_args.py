"""`backprop train`'s options, and their judging before anything is loaded, printed or written: a bad value or an
unwritable path is one line naming the option as typed (exit status 2), never a traceback after the run."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from manual_backprop.train_defaults import Defaults

DATASETS = ("breast_cancer", "digits", "diabetes", "flower")
DTYPES = ("float64", "float32")
PLANAR = ("flower",)        # the datasets of 2-D classes, for which the run draws boundary.png too
CHECK_EVERY, TOLERANCE = 100, 1e-10        # --check-oracle's defaults


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from manual_backprop.commands.train_resume import DEFAULTS as RUN
    from manual_backprop.train_defaults import DEFAULTS

    def each(value: Callable[[Defaults], object]) -> str:     # the dataset defaults, as the help lists them
        return ", ".join(f"{name} {value(DEFAULTS[name])}" for name in DATASETS)

    def resumable(name: str) -> str:                          # a default a --load file's run record overrides
        return f"default {RUN[name]}, or the --load file's"

    from manual_backprop.commands.bench_args import cores_available
    from manual_backprop.commands.numbers import count, not_negative, number, threads
    from manual_backprop.commands.writing import file_text, path_text

    add = parser.add_argument
    add("--dataset", choices=DATASETS, help=resumable("dataset"))
    add("--layers", help="n[0],...,n[L], e.g. 30,16,1 (default: n[0], the dataset's hidden layers, n[L]: "
        f"{each(lambda d: ','.join(map(str, d.hidden)))})")
    add("--activations", help="g[1],...,g[L], e.g. tanh,sigmoid (default: tanh in every hidden layer, then the "
        "dataset's output activation; the last must suit the dataset's loss)")
    add("--learning-rate", type=not_negative("--learning-rate"), help=f"alpha (default: "
        f"{each(lambda d: d.learning_rate)}, or the --load file's)")
    add("--iterations", type=count("--iterations", 1), help=f"gradient-descent steps (default: "
        f"{each(lambda d: d.iterations)})")
    add("--l2", type=not_negative("--l2"), help=f"lambda, the L2 penalty (default: {each(lambda d: d.l2)}, or the "
        "--load file's)")
    add("--seed", type=count("--seed", 0), help="seed of the initial parameters and of the train/test split "
        f"({resumable('seed')})")
    add("--test-fraction", type=number("--test-fraction", "between 0 and 1", lambda share: 0 < share < 1,
                                       keep_text=True),    # as typed in train's message on a split too small
        help=f"share of examples held out ({resumable('test_fraction')})")
    add("--dtype", choices=DTYPES, help=resumable("dtype"))
    add("--out", type=path_text, help="directory for cost.png, boundary.png, params.npz (default runs/<dataset>)")
    a_file = file_text("params.npz")                          # 'runs/new/' names a folder: refused
    add("--save", type=a_file, help="where to save the trained parameters (default <out>/params.npz; .npz is "
        "appended to a name without it)")
    add("--load", type=a_file, help="resume from parameters saved by --save: the network, and the dataset, split, "
        "alpha and dtype of the saved run unless given; the steps count on from the file's")
    add("--check-oracle", action="store_true", help="repeat the run with the JAX oracle's gradients and compare")
    add("--check-every", type=count("--check-every", 1), help="with --check-oracle: compare the two runs every k "
        f"steps (default {CHECK_EVERY})")
    add("--tolerance", type=not_negative("--tolerance"), help="with --check-oracle: largest relative parameter "
        f"difference allowed (default {TOLERANCE:g})")
    add("--threads", type=threads("--threads", cores_available),   # None: not asked for
        help="BLAS threads (default 1: the matrices are small)")


def check_arguments(args: argparse.Namespace, from_file: set[str] | frozenset[str] = frozenset()) -> None:
    """Every setting that can be judged without the data, before anything is loaded, printed or written.

    Raises UsageError for options that contradict each other, CommandError for a path the run could not write (both
    one line naming the option as typed, exit status 2); each number was judged while parsing (numbers), and those of
    a --load file's run record by train_resume; --layers, --activations and --load are judged against the data by
    train_run.start, also before anything is printed.
    """
    from manual_backprop.cli import UsageError
    from manual_backprop.commands.writing import check_files, check_writable

    if not args.check_oracle and (args.check_every is not None or args.tolerance is not None):
        raise UsageError("--check-every and --tolerance apply to --check-oracle: add it, or leave them out")
    if args.check_oracle and args.dtype != "float64":      # the oracle's run is float64: say so before training
        whose = f" (float32 is the dtype of the run saved in {args.load})" if "dtype" in from_file else ""
        raise UsageError(f"--check-oracle compares with the oracle's float64 run; use it with --dtype float64{whose}")
    out = out_dir(args)
    check_writable("--out", str(out), out, directory=True)
    check_files("--out", str(out), out, plot_names(args.dataset))     # found after training, params.npz written
    if args.save is not None:      # it writes npz_path(--save), never a plot (.png); a folder as given is refused
        from manual_backprop.params_io import npz_path

        save, folder = Path(args.save).resolve(), out.resolve()
        if save == folder or save in folder.parents:
            raise UsageError(f"--save {args.save} is --out's folder {out} or a folder above it, which the run "
                             "writes its plots into; choose a file")
        for target in dict.fromkeys((Path(args.save), npz_path(args.save))):
            check_writable("--save", args.save, target, directory=False)
    else:
        check_writable("--out", str(out), out / "params.npz", directory=False)


def plot_names(dataset: str) -> tuple[str, ...]:
    """The pictures a run on dataset draws into --out (train_output.write_run)."""
    return ("cost.png", "boundary.png") if dataset in PLANAR else ("cost.png",)


def out_dir(args: argparse.Namespace) -> Path:
    """--out, or runs/<dataset>."""
    return Path(args.out if args.out is not None else Path("runs") / args.dataset)
