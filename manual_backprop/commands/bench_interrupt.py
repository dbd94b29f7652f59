"""`backprop bench` stopped by Ctrl-C before its last part had finished (after it, timed_whole: the run is written as
a whole one): the table of the cases it had timed and a table of the sweeps' points it had timed (cut short, or whole
in the report), on stdout only and headed as partial (--out is left as it was: a partial run must not replace an
earlier whole one), and on stderr the options that time exactly what it had not: the --sizes, --networks and --dtypes
of the cases left, or --no-cases, and the options that skip the parts done."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from manual_backprop.error_messages import counted, listed

if TYPE_CHECKING:
    from manual_backprop.bench.suite import Interrupted, Options

Group = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]
#: What the heading calls each part run after every case (suite.parts: their keys in the results).
NAMES = {"scaling": "the scaling sweeps", "memory": "peak memory", "harness": "harness throughput"}
#: The option that skips each part, added to the same command (argparse takes an option's last value).
SKIPS = {"scaling": "--no-scaling", "memory": "--memory-size none", "harness": "--campaign-cases 0"}


def timed_whole(results: dict[str, Any], options: Options) -> bool:
    """Every case and every part of options is in results: a Ctrl-C after the last part (as run_suite describes the
    machine) stopped nothing, and the run is printed and written as a whole one, then exits 130."""
    from manual_backprop.bench.suite import case_count, parts

    return len(results["cases"]) == case_count(options) and all(part in results for part in parts(options))


def left(options: Options, done: int) -> list[Group]:
    """The cases after the first `done` of options, in the suite's order (sizes, then networks, then dtypes), as at
    most three (sizes, networks, dtypes) groups whose products, one after another, are those cases exactly: the
    rest of the dtypes of the case cut, the rest of its size's networks, the sizes after it."""
    sizes, networks, dtypes = options.sizes, options.networks, options.dtypes
    s, rest = divmod(done, len(networks) * len(dtypes))
    n, d = divmod(rest, len(dtypes))
    groups: list[Group] = []
    if d:
        groups.append(((sizes[s],), (networks[n],), dtypes[d:]))
        n += 1
    if n:                                      # size s: its networks after n, then done
        if n < len(networks):
            groups.append(((sizes[s],), networks[n:], dtypes))
        s += 1
    if s < len(sizes):
        groups.append((sizes[s:], networks, dtypes))
    return groups


def follow_up(results: dict[str, Any], options: Options, large: bool) -> str | None:
    """The options that time what a run stopped by Ctrl-C did not, added to the same command: the cases left
    (left's groups) and then the parts after them, which the run had not reached (in the last group's run only); or,
    every case timed, the parts it had not finished, with --no-cases and the options that skip those it had (a sweep
    cut short is timed again whole: scaling.png plots one run's). None if nothing is left."""
    from manual_backprop.bench.suite import case_count, parts

    todo, cases, total = parts(options), len(results["cases"]), case_count(options)
    if cases < total:
        groups, skip = left(options, cases), "".join(f" {SKIPS[part]}" for part in todo)
        runs = "; then with ".join(" ".join(f"--{option} {','.join(names)}" for option, names in zip(
            ("sizes", "networks", "dtypes"), group, strict=True)) + skip * (i < len(groups) - 1)
            for i, group in enumerate(groups))
        then = f" and then {listed([NAMES[part] for part in todo])}" if todo else ""
        return (f"to time the {counted(total - cases, 'case')} not timed{then}, run the same command"
                f"{' without --large' if large else ''} with {runs}"
                f"{', each into an --out of its own' if len(groups) > 1 else ''}")
    cut = [part for part in todo if part not in results]
    flags = ["--no-cases"] * bool(total) + [SKIPS[part] for part in todo if part in results]
    return (f"to time {listed([NAMES[part] for part in cut])}, run the same command "
            f"{'with ' + ' '.join(flags) if flags else 'again'}") if cut else None


def report_interrupted(stop: Interrupted, options: Options, args: argparse.Namespace) -> None:
    """After a Ctrl-C before the run was timed whole (timed_whole): nothing if nothing was timed; else the report of
    the results so far (the Machine and Run lines, the table of the cases timed), headed with what it lacks, then the
    sweeps' points timed, if any (cut short or whole), and on stderr the options that time what is left
    (follow_up)."""
    from manual_backprop.bench import report
    from manual_backprop.bench.suite import case_count, parts, sweep_points
    from manual_backprop.bench.sweep_table import sweep_section

    results, swept, points = stop.results, sum(map(len, stop.sweeps.values())), len(sweep_points())
    cases, total = len(results["cases"]), case_count(options)
    if not (cases or swept or any(part in results for part in parts(options))):
        return
    cut = listed([NAMES[key] + (f" (cut short: {swept} of {points} points timed, the last table below)"
                                if key == "scaling" and swept else "") for key in parts(options) if key not in results])
    if cases < total:
        those = "that case" if cases == 1 else "those"
        head = f"interrupted after {cases} of {total} cases: the table below is of {those} only"
    elif total:
        every = "its only case" if cases == 1 else f"all {cases} cases"
        head = f"interrupted after {every}: the table below has every case, without {cut}"
    else:
        head = f"interrupted with --no-cases: the report below is without {cut}"
    text = report.markdown(results, plotted=False)      # nothing drawn: no word of scaling.png
    print(f"{head}; nothing written to {args.out}\n\n{text}", end="")  # markdown ends its line
    if swept and "scaling" not in results:           # finished, the report above has them
        print("\n".join(sweep_section(stop.sweeps, points, plotted=False)))
    rest = follow_up(results, options, args.large)
    if rest:
        print(f"backprop bench: {rest}", file=sys.stderr)
