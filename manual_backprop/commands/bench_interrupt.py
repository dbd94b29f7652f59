"""`backprop bench` stopped by Ctrl-C: the table of the cases it had timed, on stdout only and headed as partial
(--out is left as it was: a partial run must not replace an earlier whole one), and on stderr the --sizes, --networks
and --dtypes that time the cases left."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from manual_backprop.error_messages import counted

if TYPE_CHECKING:
    from manual_backprop.bench.suite import Options

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


def report_interrupted(results: dict[str, Any], options: Options, args: argparse.Namespace) -> None:
    """After Ctrl-C (suite.Interrupted): nothing if no case was timed; else the report of the results so far (the
    Machine and Run lines, the table of the cases timed), headed with what it lacks, and on stderr the options that
    time the cases not timed, if any."""
    from manual_backprop.bench import report
    from manual_backprop.bench.suite import case_count, parts

    cases, total = len(results["cases"]), case_count(options)
    if not cases:
        return
    nothing = f"nothing written to {args.out}"
    if cases < total:
        head = (f"interrupted after {cases} of {total} cases: the table below is of "
                f"{'that case' if cases == 1 else 'those'} only; {nothing}")
    else:
        cut = [NAMES[key] for key in parts(options) if key not in results]
        named = f"{', '.join(cut[:-1])} and {cut[-1]}" if len(cut) > 1 else "".join(cut)
        without = f", without {named}" if cut else ""
        every = "its only case" if cases == 1 else f"all {cases} cases"
        head = f"interrupted after {every}: the table below has every case{without}; {nothing}"
    print(f"{head}\n\n{report.markdown(results)}", end="")          # markdown ends its last line
    if cases < total:
        groups = left(options, cases)
        runs = "; then with ".join(" ".join(f"--{option} {','.join(names)}" for option, names in zip(
            ("sizes", "networks", "dtypes"), group, strict=True)) for group in groups)
        print(f"backprop bench: to time the {counted(total - cases, 'case')} not timed, run the same command"
              f"{' without --large' if args.large else ''} with {runs}"
              f"{', each into an --out of its own' if len(groups) > 1 else ''}", file=sys.stderr)
