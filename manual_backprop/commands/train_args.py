"""`backprop train`'s arguments judged before anything is loaded, printed or written, and its writes: a bad value
or an unwritable path is one line naming the option as typed (exit status 2), never a traceback after the run."""

from __future__ import annotations

import argparse
import math
import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def check_arguments(args: argparse.Namespace) -> None:
    """Every setting that can be judged without the data, before anything is loaded, printed or written.

    Raises CommandError with one line naming the option as typed (exit status 2); --layers, --activations
    and --load are judged against the data by train_run.start, also before anything is printed.
    """
    from manual_backprop.cli import CommandError

    if args.seed < 0:
        raise CommandError(f"--seed must be an int >= 0; got {args.seed}")
    for option, count in (("--iterations", args.iterations), ("--check-every", args.check_every),
                          ("--threads", args.threads)):
        if count is not None and count < 1:
            raise CommandError(f"{option} must be an int >= 1; got {count}")
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


def check_writable(option: str, given: str, target: Path, *, directory: bool) -> None:
    """Refuse a path the run could not write into at the end: a file where a directory must be, or the reverse,
    or a place it may not write in. os.access answers yes to root even in /proc, so this makes and removes what
    the write would make first: a file in the folder, or the first missing folder on its way."""
    from manual_backprop.cli import CommandError

    folder = target if directory else target.parent
    try:
        if target.exists() and target.is_dir() != directory:
            kind = "is not a directory" if directory else "is a directory; give a file name, e.g. params.npz in it"
            raise CommandError(f"{option} {given} {kind}" if str(target) == given
                               else f"{option} {given}: {target} {kind}")
        ancestor = target if directory else target.parent
        while not ancestor.exists() and ancestor != ancestor.parent:   # the directories the write would create
            ancestor = ancestor.parent
        if not ancestor.is_dir():
            raise CommandError(f"{option} {given}: {ancestor} is not a directory")
        if not os.access(ancestor, os.W_OK | os.X_OK):
            raise CommandError(f"{option} {given}: cannot write in {ancestor} (permission denied)")
    except OSError as error:
        raise CommandError(f"{option} {given}: {error.strerror or error}") from error
    what = "a file" if ancestor == folder else "a directory"
    try:
        if ancestor == folder:
            descriptor, probe = tempfile.mkstemp(prefix=".backprop-", dir=folder)
            os.close(descriptor)
            os.unlink(probe)
        else:
            os.rmdir(tempfile.mkdtemp(prefix=".backprop-", dir=ancestor))
    except OSError as error:
        raise CommandError(f"{option} {given}: cannot create {what} in {ancestor} ({error.strerror or error})") \
            from error


def write_or_fail(option: str, given: str, write: Callable[[], Path]) -> Path:
    """write(), with an OSError (a disk full, a directory that vanished) as one line naming the option."""
    from manual_backprop.cli import CommandError

    try:
        return write()
    except OSError as error:
        detail = f"{error.filename}: {error.strerror}" if error.filename and error.strerror else \
            error.strerror or str(error)
        raise CommandError(f"{option} {given}: cannot write ({detail})") from error
