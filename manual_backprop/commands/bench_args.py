"""`backprop bench`'s settings: the argparse types of its lists and of --block-ms, and every setting
judged before anything is pinned, timed or written: one line naming the option (exit status 2), never a traceback
after minutes of benchmarks. Its --threads rule (numbers.threads of cores_available) is train's too."""

from __future__ import annotations

import argparse
import os
import pathlib
from collections.abc import Callable
from typing import Any

from manual_backprop.commands.numbers import number


def names_of(option: str, choices: tuple[str, ...], hints: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    """An argparse type: comma-separated names among choices, in order, refused as verify refuses its lists
    (name_lists.names_in: an empty item, an unknown name, with hints' word on it if it has one, or a name given
    twice), naming the option."""
    def parse(text: str) -> tuple[str, ...]:
        from manual_backprop.cli import UsageError
        from manual_backprop.commands.name_lists import names_in

        try:
            return names_in(option, text, choices, hints=hints)
        except UsageError as error:         # ArgumentError(None): the message as it is, not after "argument OPTION:"
            raise argparse.ArgumentError(None, str(error)) from error
    return parse


def positive_number(option: str) -> Callable[[str], float]:
    """An argparse type: a finite float > 0, any other text refused by that rule as typed (numbers.number)."""
    return number(option, "a finite number > 0", lambda value: value > 0)


def check_arguments(args: argparse.Namespace) -> None:
    """Every setting judged before anything is pinned, timed or written (each number was, while parsing): one line
    naming the option (exit 2)."""
    from manual_backprop.cli import UsageError

    if args.no_cases and args.no_scaling and args.memory_size == "none" and not args.campaign_cases:
        raise UsageError("--no-cases with --no-scaling, --memory-size none and --campaign-cases 0 times nothing: "
                         "leave one of them out")


def cores_available() -> int:
    """The CPUs this process may run on (its affinity set where the OS says), else the machine's count."""
    from manual_backprop.bench.machine import cpus

    allowed = cpus()
    return len(allowed) if allowed else os.cpu_count() or 1


#: Every file the run may write into --out.
OUT_FILES = ("results.json", "results.md", "ratios.png", "breakdown.png", "scaling.png")


def read_bench_results(path: pathlib.Path) -> dict[str, Any] | None:
    """The results at path if it is a results.json that backprop bench wrote: an object with its options and cases,
    or one of a newer format with its definitions (a newer layout may move the others; a port's results file has no
    format); else None. Whatever its format, it is an earlier run's, which a run into its folder replaces: this reads
    no more of it."""
    import json

    from manual_backprop.bench.provenance import newer_format

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and ({"options", "cases"} <= data.keys() or (
        newer_format(data) and "definitions" in data)) else None


def bench_results(path: pathlib.Path) -> bool:
    """Whether path is a results.json that backprop bench wrote (read_bench_results)."""
    return read_bench_results(path) is not None


def check_out(out: pathlib.Path) -> None:
    """Refuse an --out the run could not write into at its end: a file, a path under one, a folder it may not write
    in (writing.check_writable tries), or a result file's name taken by a folder; and one holding a results.json that
    no bench run wrote (a port's results file has that name, docs/porting.md): it would be overwritten."""
    from manual_backprop.cli import CommandError
    from manual_backprop.commands.writing import check_files, check_writable

    check_writable("--out", str(out), out, directory=True)
    check_files("--out", str(out), out, OUT_FILES)
    if (out / "results.json").is_file() and not bench_results(out / "results.json"):
        raise CommandError(f"--out {out}: {out / 'results.json'} is not a backprop bench result (a port's results "
                           "file?) and would be overwritten: choose another folder")
