"""`backprop bench` stopped by Ctrl-C: the table of the cases it had timed and a table of the sweeps' points it had
timed (a whole run plots those, in scaling.png), on stdout only and headed as partial (--out is left as it was: a
partial run must not replace an earlier whole one), and on stderr the --sizes, --networks and --dtypes that time the
cases left."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from manual_backprop.error_messages import counted

if TYPE_CHECKING:
    from manual_backprop.bench.suite import Interrupted, Options, Sweeps

Group = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]
#: What the heading calls each part run after every case (suite.parts: their keys in the results).
NAMES = {"scaling": "the scaling sweeps", "memory": "peak memory", "harness": "harness throughput"}


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


def sweep_table(sweeps: Sweeps) -> list[str]:
    """The sweeps' points as Markdown rows, in the order they ran: the sweep, layer sizes, m, manual's time per
    gradient and manual / each peer timed at some point ("—" where it was not), as the ratio table writes them."""
    from manual_backprop.bench.peers import DISPLAY_ORDER
    from manual_backprop.bench.units import duration, ratio

    points = [(sweep, point) for sweep, swept in sweeps.items() for point in swept]
    peers = [p for p in DISPLAY_ORDER if p != "manual" and any(p in point["ratios"] for _, point in points)]
    columns = ["sweep", "layer sizes", "m", "manual", *(f"manual / {p}" for p in peers)]
    rows = ([sweep, str(tuple(point["layer_sizes"])), str(point["m"]), duration(point["seconds"]["manual"]),
             *(ratio(point["ratios"].get(p)) for p in peers)] for sweep, point in points)
    return ["| " + " | ".join(columns) + " |", "|---" * len(columns) + "|", *(f"| {' | '.join(r)} |" for r in rows)]


def report_interrupted(stop: Interrupted, options: Options, args: argparse.Namespace) -> None:
    """After Ctrl-C: nothing if no case was timed; else the report of the results so far (the Machine and Run lines,
    the table of the cases timed), headed with what it lacks, then the sweeps' points timed, if any (cut short or
    whole), and on stderr the options that time the cases not timed, if any."""
    from manual_backprop.bench import report
    from manual_backprop.bench.suite import case_count, parts, sweep_points

    results, swept, points = stop.results, sum(map(len, stop.sweeps.values())), len(sweep_points())
    cases, total = len(results["cases"]), case_count(options)
    if not cases:
        return
    nothing = f"nothing written to {args.out}"
    if cases < total:
        head = (f"interrupted after {cases} of {total} cases: the table below is of "
                f"{'that case' if cases == 1 else 'those'} only; {nothing}")
    else:
        cut = [NAMES[key] + (f" (cut short: {swept} of {points} points timed, the last table below)"
                             if key == "scaling" and swept else "") for key in parts(options) if key not in results]
        named = f"{', '.join(cut[:-1])} and {cut[-1]}" if len(cut) > 1 else "".join(cut)
        without = f", without {named}" if cut else ""
        every = "its only case" if cases == 1 else f"all {cases} cases"
        head = f"interrupted after {every}: the table below has every case{without}; {nothing}"
    print(f"{head}\n\n{report.markdown(results)}", end="")          # markdown ends its last line
    if swept:
        what = "all" if "scaling" in results else f"cut short: {swept} of"
        print("\n".join(["", f"Scaling sweeps, {what} {points} points (a whole run plots them: scaling.png; "
                          "per gradient, ratio = manual time / peer time as above):", "", *sweep_table(stop.sweeps)]))
    if cases < total:
        groups = left(options, cases)
        runs = "; then with ".join(" ".join(f"--{option} {','.join(names)}" for option, names in zip(
            ("sizes", "networks", "dtypes"), group, strict=True)) for group in groups)
        print(f"backprop bench: to time the {counted(total - cases, 'case')} not timed, run the same command"
              f"{' without --large' if args.large else ''} with {runs}"
              f"{', each into an --out of its own' if len(groups) > 1 else ''}", file=sys.stderr)
