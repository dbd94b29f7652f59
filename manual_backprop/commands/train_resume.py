"""`backprop train --load FILE`: the run a parameter file records gives the resumed run's defaults.

backprop train saves, in the parameter file's header (params_io, "run"), the dataset, --seed, --test-fraction,
--learning-rate and --dtype of the run and the gradient-descent steps the parameters have taken. With --load, each
option left out is the file's, so `--load FILE --iterations K` goes on with the same split, alpha and dtype, and its
steps count on from the file's. An option given with another value than the file's is used, with a note (another
--seed or --test-fraction is another split, whose test examples the saved parameters may have been trained on).
Without --load, or for a file saved without a run record, the options left out take the command's defaults.
"""

from __future__ import annotations

import argparse
import math
from dataclasses import dataclass, field
from typing import Any

from manual_backprop.train_run import Loaded

#: The defaults of the options a run record can give (--learning-rate's is the dataset's: train_run.DEFAULTS).
DEFAULTS: dict[str, Any] = {"dataset": "breast_cancer", "seed": 0, "test_fraction": 0.2, "dtype": "float64"}
SPLIT = ("seed", "test_fraction")


@dataclass
class Resumed:
    """What --load read (None without it), the steps its parameters had taken, and notes for the user."""

    loaded: Loaded | None = None
    steps: int = 0
    notes: list[str] = field(default_factory=list)
    default_dataset: bool = False      # neither --dataset nor the file named the data
    from_file: set[str] = field(default_factory=set)   # the options the file's record gave
    steps_known: bool = True           # False: a file saved without a run record


def _valid(name: str, value: Any) -> bool:
    from manual_backprop.commands.train_args import DATASETS, DTYPES

    count = isinstance(value, int) and not isinstance(value, bool) and value >= 0
    number = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    return {"dataset": value in DATASETS, "dtype": value in DTYPES, "seed": count,
            "iterations": count, "test_fraction": number and 0 < value < 1,
            "learning_rate": number and value >= 0}.get(name, True)


def _option(name: str) -> str:
    return "--" + name.replace("_", "-")


def resolve(args: argparse.Namespace) -> Resumed:
    """Fill args' options left out (None) from the --load file's run record, else DEFAULTS; read --load.

    Raises CommandError naming --load for a file it cannot read or a run record backprop train would not write."""
    from manual_backprop.cli import CommandError
    from manual_backprop.params_io import ParamsFileError, load_run

    resumed, run = Resumed(), dict[str, Any]()
    if args.load is not None:
        try:
            spec, params, run = load_run(args.load)
        except ParamsFileError as error:             # its message starts with the path
            raise CommandError(f"--load {error}") from error
        for name, value in run.items():
            if not _valid(name, value):
                raise CommandError(f"--load {args.load}: its run record has {name} {value!r}, which backprop train "
                                   "does not write")
        resumed.loaded, resumed.steps = (args.load, spec, params), int(run.get("iterations", 0))
        resumed.steps_known = "iterations" in run
        if not run:                                   # an older file
            resumed.notes.append(f"note: {args.load} records no run (saved without one): its steps are not known, "
                                 "and the options left out take their defaults (the dtype is its arrays')")
        run = {"dtype": str(params["W1"].dtype), **run}   # a record without a dtype: the arrays still tell it
        if args.l2 is not None and args.l2 != spec.l2:
            resumed.notes.append(f"note: --l2 {args.l2:g} is not the {spec.l2:g} of the network saved in {args.load}")
    resumed.default_dataset = args.dataset is None and "dataset" not in run
    for name in (*DEFAULTS, "learning_rate"):
        given, saved = getattr(args, name), run.get(name)
        if given is None:
            setattr(args, name, saved if saved is not None else DEFAULTS.get(name))
            resumed.from_file |= {name} if saved is not None else set()
        elif saved is not None and given != saved:
            split = (": another train/test split, whose test examples the saved parameters may have been trained on"
                     if name in SPLIT else "")
            resumed.notes.append(f"note: {_option(name)} {_shown(given)} is not the {_shown(saved)} of the run saved "
                                 f"in {args.load}{split}")
    return resumed


def _shown(value: Any) -> str:
    """8, not 8.0; every digit where fewer would show another number (0.1000001 is not 0.1)."""
    return f"{value:g}" if isinstance(value, float) and float(f"{value:g}") == value else str(value)


def record(args: argparse.Namespace, learning_rate: float, steps: int | None) -> dict[str, Any]:
    """The run record saved with the trained parameters: what resolve reads back at the next --load (steps None:
    not known, after a file saved without a record)."""
    known = {} if steps is None else {"iterations": steps}
    return {"dataset": args.dataset, "seed": args.seed, "test_fraction": args.test_fraction,
            "learning_rate": learning_rate, "dtype": args.dtype, **known}
