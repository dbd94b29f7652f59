"""`backprop train`'s arguments judged before anything is loaded, printed or written: a bad value or an unwritable
path is one line naming the option as typed (exit status 2), never a traceback after the run."""

from __future__ import annotations

import argparse
import math
from pathlib import Path


def check_arguments(args: argparse.Namespace) -> None:
    """Every setting that can be judged without the data, before anything is loaded, printed or written.

    Raises CommandError with one line naming the option as typed (exit status 2); --layers, --activations
    and --load are judged against the data by train_run.start, also before anything is printed.
    """
    from manual_backprop.cli import CommandError, check_counts
    from manual_backprop.commands.writing import check_writable

    check_counts(("--seed", args.seed, 0), ("--iterations", args.iterations, 1),
                 ("--check-every", args.check_every, 1), ("--threads", args.threads, 1))
    for option, number in (("--learning-rate", args.learning_rate), ("--l2", args.l2)):
        if number is not None and not (math.isfinite(number) and number >= 0):
            raise CommandError(f"{option} must be a finite number >= 0; got {number}")
    if not 0 < args.test_fraction < 1:                      # NaN fails it too
        raise CommandError(f"--test-fraction must be between 0 and 1; got {args.test_fraction}")
    if not args.tolerance >= 0:
        raise CommandError(f"--tolerance must be >= 0; got {args.tolerance}")
    if args.check_oracle and args.dtype != "float64":      # the oracle's run is float64: say so before training
        raise CommandError("--check-oracle compares with the oracle's float64 run; use it with --dtype float64")
    out = out_dir(args)
    check_writable("--out", str(out), out, directory=True)
    if args.save is not None:
        check_writable("--save", args.save, Path(args.save), directory=False)
    else:
        check_writable("--out", str(out), out / "params.npz", directory=False)


def out_dir(args: argparse.Namespace) -> Path:
    """--out, or runs/<dataset>."""
    return Path(args.out or Path("runs") / args.dataset)
