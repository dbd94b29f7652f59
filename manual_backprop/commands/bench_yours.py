"""`backprop bench --yours`: the function loaded before anything is timed, and the verdict on it after the run."""

from __future__ import annotations

import sys
from typing import Any

from manual_backprop.commands.verify_tips import bench_narrowing_tip


def loadable(yours: str) -> None:
    """CommandError if --yours cannot be loaded (targets.load's reason): now, not after minutes of benchmarks."""
    from manual_backprop.cli import CommandError
    from manual_backprop.targets import load

    try:
        load(yours)
    except ValueError as error:
        raise CommandError(str(error)) from error


def yours_verdict(yours: str | None, cases: list[dict[str, Any]]) -> int:
    """1 if --yours was timed on no case (wrong, or raising, everywhere), else 0; a line on stderr if it was not
    timed on some case (the report's Skipped list says why, case by case), and where it raised, verify's tip to
    narrow the cases (bench_narrowing_tip)."""
    skipped = [case for case in cases if "yours" in case["skipped"]]
    if yours is None or not skipped:
        return 0
    print(f"backprop bench: --yours {yours} was not timed on {len(skipped)} of {len(cases)} cases: the oracle "
          "judged it wrong there, or it raised (see Skipped in the report)", file=sys.stderr)
    tip = bench_narrowing_tip([case["skipped"]["yours"] for case in skipped])      # verify's, for the cases
    if tip:
        print(tip, file=sys.stderr)
    return int(len(skipped) == len(cases))
