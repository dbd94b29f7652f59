"""`backprop mutants`: plant each catalogued bug in turn and report which property of the suite catches it."""

from __future__ import annotations

import argparse

HELP = "plant every catalogued backprop bug in turn and show which property catches it, after how many examples"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--cases", type=int, default=60, help="problems each property may judge per bug (default 60)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the problem stream (default 0)")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="plant only these mutants (names as listed)")
    parser.add_argument("--first", action="store_true", help="stop at the first property that catches each bug")


def run(args: argparse.Namespace) -> int:
    from manual_backprop.cli import CommandError, check_counts, require
    from manual_backprop.progress import Progress

    require("jax", "oracle")
    from autodiff_oracle.properties import PROPERTIES
    from manual_backprop.commands.verify import format_table
    from manual_backprop.mutants import CATALOG
    from manual_backprop.mutants.runner import hunt, problem_stream

    check_counts(("--cases", args.cases, 1), ("--seed", args.seed, 0))
    unknown = sorted(set(args.only or ()) - set(CATALOG))
    if unknown:
        raise CommandError(f"unknown mutant(s) {unknown}; choose from {list(CATALOG)}")
    chosen = {name: m for name, m in CATALOG.items() if not args.only or name in args.only}
    problems = problem_stream(args.cases, args.seed)
    progress = Progress(len(chosen), "mutants")
    hunts = []
    for i, mutant in enumerate(chosen.values()):
        hunts.append(hunt(mutant, problems, list(PROPERTIES), limit=args.cases, stop_at_first=args.first))
        progress.update(i + 1, mutant.name)
    progress.close()
    rows = []
    for h in hunts:
        first = h.first
        caught_by = ", ".join(f"{p}@{c.examples}" for p, c in h.catches.items() if c is not None)
        rows.append((h.mutant.name, h.mutant.source, first.prop if first else "NOT CAUGHT",
                     str(first.examples) if first else "-", caught_by or "-"))
    print(format_table(("bug", "source", "first caught by", "examples", "caught by (property@examples)"), rows))
    print()
    for h in hunts:
        if h.first is not None:
            print(f"{h.mutant.name}: {h.mutant.description}\n    {h.first.prop}: {h.first.message}")
    missed = [h.mutant.name for h in hunts if not h.caught]
    print(f"\n{len(hunts) - len(missed)}/{len(hunts)} planted bugs caught within {args.cases} problems per property"
          + (f"; NOT caught: {', '.join(missed)}" if missed else ""))
    return 0 if not missed else 1
