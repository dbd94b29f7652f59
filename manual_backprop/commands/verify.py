"""`backprop verify`: a seeded campaign of manual_backprop, or of your gradient function, against the JAX oracle.

    backprop verify                                   # manual_backprop on 3,000 random problems
    backprop verify --yours my_backprop.py:gradients --activations sigmoid,tanh,relu \
        --losses binary_cross_entropy --dtypes float64   # yours, on what it implements
    backprop verify --yours mine.py:gradients --depth 2 --hidden tanh --outputs sigmoid --no-l2   # the notes' net
"""

from __future__ import annotations

import argparse
import itertools
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from autodiff_oracle.problems import Problem

from manual_backprop.commands.verify_args import add_arguments
from manual_backprop.commands.verify_tips import cache_hint, kink_tip, narrowing_tip, pattern_tips
from manual_backprop.error_messages import counted

__all__ = ["HELP", "HIDDEN_COLUMNS", "OUTPUT_COLUMNS", "add_arguments", "cache_hint", "format_table", "kink_tip",
           "narrowing_tip", "run", "size"]

HELP = "verify manual_backprop (or your gradient function: --yours) against the JAX oracle on seeded random problems"
#: The columns of the two tables a run prints: by output activation + loss and dtype, then by hidden activation
OUTPUT_COLUMNS = ("output + loss", "dtype", "cases", "worst scaled error", "rtol", "result")
HIDDEN_COLUMNS = ("hidden activation", "dtype", "cases", "worst scaled error", "result")


def format_table(headers: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> str:
    """A plain-text table with aligned columns."""
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    body = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join([line, "  ".join("-" * w for w in widths), *body])


def size(problem: Problem) -> tuple[int, int, int, int]:
    """(L, number of parameters, m, regime): the order in which failing problems are shown, smallest first, and of
    one size the normal values before integers and large ones (whose entries, hundreds in size, are harder to read)."""
    import math

    from autodiff_oracle.problems import VALUE_REGIMES

    shapes = problem.spec.parameter_shapes().values()
    return (problem.spec.depth, sum(math.prod(shape) for shape in shapes), problem.X.shape[1],
            VALUE_REGIMES.index(problem.values))


def not_judged(count: int, in_part: int) -> str:
    """What the summary adds for count problems left unjudged at a kink, in_part of them judged in part: ', 3 not
    judged in whole or in part, 1 of them in part (why)', said once when all or none are in part ('3 judged only in
    part', '3 not judged'); '' for none. The counts are written with commas, as the failures' are."""
    if not count:
        return ""
    what = f"{count:,} judged only in part" if in_part == count else f"{count:,} not judged" if not in_part else \
        f"{count:,} not judged in whole or in part, {in_part:,} of them in part"
    return (f", {what} (a relu-like pre-activation within rounding error of its kink: the gradients of its layer and "
            "those below)")


def run(args: argparse.Namespace) -> int:
    from manual_backprop.cli import CommandError, UsageError, require
    from manual_backprop.progress import Progress

    if args.cases == args.large == 0:             # --cases 0 --large N: the larger problems alone, as run_campaign
        raise UsageError("--cases and --large are both 0: there is nothing to verify")
    require("jax", "oracle")
    from manual_backprop.commands.verify_args import scope_of, uncovered

    scope = scope_of(args)
    for note in uncovered(args, scope):                 # before the progress bar: what the run will not verify
        print(note, file=sys.stderr)
    import jax
    import numpy as np

    from autodiff_oracle.campaign import Row, run_campaign
    from autodiff_oracle.campaign_problems import LARGE_MS, LARGE_WIDTHS, generate
    from autodiff_oracle.compare import RTOL
    from autodiff_oracle.harness import wrote_into_inputs
    from manual_backprop import cost_and_gradients
    from manual_backprop.targets import load

    try:
        candidate, name = ((load(args.yours), args.yours) if args.yours is not None     # its form was judged while
                           else (cost_and_gradients, "manual_backprop"))                # parsing (target_text)
    except ValueError as error:                     # what importing it found: not a usage error
        raise CommandError(str(error)) from error
    progress = Progress(args.cases + args.large, "verify")
    result = run_campaign(candidate, cases=args.cases, seed=args.seed,
                          progress=lambda done, total: progress.update(done), scope=scope, large=args.large)
    progress.close()

    def verdict(row: Row) -> str:
        return "PASS" if row.failures == 0 else f"FAIL ({row.failures})"

    rows: list[tuple[str, ...]] = [
        (f"{out} + {loss}", dtype, str(row.cases), f"{row.worst:.2e}", f"{RTOL[np.dtype(dtype)]:.1e}", verdict(row))
        for (out, loss, dtype), row in sorted(result.by_output.items())
    ]
    print(format_table(OUTPUT_COLUMNS, rows))
    if any(row.worst == float("inf") for row in result.by_output.values()):
        print("(inf: a failure with no values to compare: the function raised, or returned other keys, shapes or "
              "dtypes)")
    print()
    rows = [(name, dtype, str(row.cases), f"{row.worst:.2e}", verdict(row))
            for (name, dtype), row in sorted(result.by_hidden.items())]
    if rows:
        print(format_table(HIDDEN_COLUMNS, rows))
        if len({name for name, _ in result.by_hidden}) > 1 and any(row.failures for row in result.by_hidden.values()):
            print("(a problem counts under each hidden activation it has: one activation's bug also fails the rows "
                  "of those it shares networks with; --hidden NAME runs one alone)")
        print()
    from autodiff_oracle.notes import ON_THE_KINK, on_kinks

    failures = sorted(result.failures,           # those a kink could explain last; stable: the campaign order on ties
                      key=lambda failure: (ON_THE_KINK in failure[1].note, size(failure[0])))
    notes = [report.note for _, report in failures]
    if failures and args.show:
        more = " (--show N for more)" if len(failures) > args.show else ""
        kinks = ", those a kink could explain last" if any(ON_THE_KINK in note for note in notes) else ""
        print(f"{min(args.show, len(failures))} of {len(failures)} failing problems, smallest first{kinks}{more}:")
        for _problem, report in failures[: args.show]:
            print(report)
    (low_n, high_n), (low_m, high_m) = LARGE_WIDTHS, LARGE_MS
    widths = f"(widths {low_n}-{high_n}, m {low_m}-{high_m})"
    large = (f", then {result.large} larger {'one' if result.large == 1 else 'ones'} {widths} in "
             f"{result.large_seconds:.1f} s" if result.large else "")
    print((f"{counted(result.cases, 'problem')} verified in {result.seconds:.1f} s: {result.per_second:,.0f} "
           f"verified/s once warm (JAX compiled for {result.compile_seconds:.1f} s first){large}" if result.cases else
           f"{counted(result.large, 'larger problem')} {widths} verified in {result.large_seconds:.1f} s")
          + f"; {len(result.failures):,} of "
          f"{result.cases + result.large:,} failed{on_kinks(notes)}"
          f"{not_judged(result.undecidable, result.judged_in_part)}")
    def drawn() -> itertools.chain[Problem]:          # the campaign's problems, drawn again
        return itertools.chain(generate(args.cases, args.seed, scope), generate(args.large, args.seed, scope, True))

    for hint in (kink_tip(notes, scope.values), *pattern_tips([problem for problem, _ in failures], drawn),
                 cache_hint(getattr(jax.config, "jax_compilation_cache_dir", None), result.compile_seconds)):
        if hint:
            print(hint)
    raised = [report.raised for _, report in result.failures
              if report.raised is not None and not wrote_into_inputs(report.raised)]   # a write: narrowing won't help
    if args.yours and raised:
        print(narrowing_tip(raised, result))
    print(f"PASS: {name} matches the oracle" if result.ok else f"FAIL: {name} disagrees with the oracle")
    return 0 if result.ok else 1
