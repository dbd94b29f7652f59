"""`backprop bench-compare BEFORE AFTER`: two saved `backprop bench` runs side by side, as `pytest-benchmark compare`
and `asv compare` set two runs side by side: each ratio and manual's time before and after, a change called real only
outside both runs' spread, the targets whose verdict changed, and what differs between the runs' machines."""

from __future__ import annotations

import argparse
import pathlib
from typing import Any

HELP = ("compare two saved bench runs (results.json or its folder): each ratio and manual's time before and after, a "
        "change real only outside both runs' spread and by --factor, targets that changed verdict, what differs "
        "between the machines")

#: What a refusal of BEFORE or AFTER asks for.
ASK = "give a results.json that backprop bench wrote, or the folder it wrote it into (its --out)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from manual_backprop.bench.compare import FACTOR
    from manual_backprop.commands.numbers import number
    from manual_backprop.commands.writing import file_text, path_text

    parser.epilog = "The comparison and its rule of spread: benchmarks/README.md, \"Comparing two runs\""
    parser.add_argument("before", metavar="BEFORE", type=path_text,
                        help="the earlier run: a results.json backprop bench wrote, or its folder (its --out)")
    parser.add_argument("after", metavar="AFTER", type=path_text, help="the later run, as BEFORE (the same path: "
                                                                       "every change within spread)")
    parser.add_argument("--factor", type=number("--factor", "a finite number >= 1", lambda value: value >= 1),
                        default=FACTOR, help=f"a real change is outside both runs' spread and moves the median by this "
                        f"factor or more, up or down (default {FACTOR}, as asv compare's; 1: outside the spread alone)")
    parser.add_argument("--out", type=file_text("comparison.md"), default=None,
                        help="also write the comparison, as printed, to this Markdown file")


def load_run(name: str, given: str) -> dict[str, Any]:
    """The results of the run that the argument name was given as given (a results.json, or a folder holding one),
    read as the comparison reads them; a UsageError naming the argument and quoting given if it is none, or of a
    newer format than this version reads."""
    from manual_backprop.bench.compare import cases_of
    from manual_backprop.bench.compare_setup import settings
    from manual_backprop.bench.provenance import check_format
    from manual_backprop.bench.targets import check_targets
    from manual_backprop.cli import UsageError
    from manual_backprop.commands.bench_args import read_bench_results

    typed = pathlib.Path(given)
    path = typed / "results.json" if typed.is_dir() else typed
    results = read_bench_results(path) if path.is_file() else None
    if results is None:
        reason = ("does not exist" if not typed.exists() else "holds no results.json" if not path.is_file() else
                  "is not a results.json that backprop bench wrote (no options and cases in it)")
        raise UsageError(f"{name} {given!r} {reason}: {ASK}")
    try:
        check_format(results)
    except ValueError as error:
        raise UsageError(f"{name} {given!r}: {error}") from error
    try:
        cases_of(results), settings(results), check_targets(results)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as error:
        raise UsageError(f"{name} {given!r} is damaged ({type(error).__name__}: {error}): {ASK}") from error
    return results


def run(args: argparse.Namespace) -> int:
    from manual_backprop.atomic import atomic_write_text
    from manual_backprop.bench.compare_report import comparison_markdown
    from manual_backprop.cli import CommandError
    from manual_backprop.commands.bench_args import bench_results
    from manual_backprop.commands.writing import check_writable, write_or_fail

    before, after = load_run("BEFORE", args.before), load_run("AFTER", args.after)
    out = pathlib.Path(args.out) if args.out is not None else None
    if out is not None:
        check_writable("--out", args.out, out, directory=False)
        if out.is_file() and bench_results(out):          # a run's results.json given as --out too: not lost
            raise CommandError(f"--out {args.out} is a results.json that backprop bench wrote, which the comparison "
                               "would overwrite: choose another file, e.g. comparison.md")
    text = comparison_markdown(before, after, (args.before, args.after), args.factor)
    print(text, end="")
    if out is not None:
        write_or_fail("--out", args.out, lambda: atomic_write_text(out, text))
        print(f"wrote {out}")
    return 0
