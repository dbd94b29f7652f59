"""`backprop mutants`: plant each catalogued bug in turn and report which property of the suite catches it."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from manual_backprop.error_messages import counted, not_one_of

HELP = "plant every catalogued backprop bug in turn and show which property catches it, after how many examples"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from manual_backprop.commands.numbers import count

    parser.add_argument("--cases", type=count("--cases", 1), default=60, help="problems each property may judge per "
                        "bug (default 60)")
    parser.add_argument("--seed", type=count("--seed", 0), default=0, help="seed of the problem stream (default 0)")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="plant only these mutants (names as listed, in any "
                        "case)")
    parser.add_argument("--first", action="store_true", help="stop at the first property that catches each bug")


def run(args: argparse.Namespace) -> int:
    from manual_backprop.cli import UsageError, require
    from manual_backprop.progress import Progress

    require("jax", "oracle")
    from autodiff_oracle.properties import PROPERTIES
    from manual_backprop.commands.verify import format_table
    from manual_backprop.mutants import CATALOG
    from manual_backprop.mutants.runner import hunt, problem_stream

    try:
        only = set(catalogued(args.only, tuple(CATALOG))) if args.only else set(CATALOG)
    except ValueError as error:                 # an unknown name, the only thing catalogued refuses
        raise UsageError(str(error)) from error
    chosen = {name: m for name, m in CATALOG.items() if name in only}
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
    print(f"\n{len(hunts) - len(missed)}/{len(hunts)} planted bugs caught within {counted(args.cases, 'problem')} per "
          "property"
          + (f"; NOT caught: {', '.join(missed)}" if missed else ""))
    return 0 if not missed else 1


def catalogued(given: list[str], names: tuple[str, ...]) -> list[str]:
    """The catalogue's spelling of each name given, its case ignored while the names are unique ignoring case ('e8'
    is E8); ValueError naming the first unknown one as --only's, with the choices and a hint at the closest."""
    fold: Callable[[str], str] = str.lower if len({name.lower() for name in names}) == len(names) else str
    spelled = {fold(name): name for name in names}
    unknown = [name for name in given if fold(name) not in spelled]
    if unknown:
        raise ValueError(not_one_of("--only", unknown[0], names))
    return [spelled[fold(name)] for name in given]
