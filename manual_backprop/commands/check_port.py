"""`backprop check-port RESULTS.json`: judge a port's results against the test vectors, group by group."""

from __future__ import annotations

import argparse
from pathlib import Path

HELP = "check a port's results file against the test vectors; name the first quantity each failing test got wrong"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from manual_backprop.commands.writing import file_text, path_of

    parser.add_argument("results", type=file_text("results.json"),
                        help="the port's results file (format: docs/porting.md)")
    parser.add_argument("--vectors", type=path_of, default=None,
                        help="the vectors file or directory (default: vectors/backprop_test.json in the working "
                             "directory, else in the checkout manual_backprop runs from)")
    parser.add_argument("--require-all", action="store_true", help="fail if the port skipped any test")


def run(args: argparse.Namespace) -> int:
    from manual_backprop.cli import CommandError
    from manual_backprop.port_check import check_all, kink_can_explain, kinked_layers
    from manual_backprop.port_results import PortCheckError, load_results
    from manual_backprop.port_vectors import default_vectors, load_vectors

    try:
        vectors = load_vectors(args.vectors or default_vectors())
        tc_ids = [test["tcId"] for group in vectors["testGroups"] for test in group["tests"]]
        results = load_results(Path(args.results), tc_ids)
    except PortCheckError as error:
        raise CommandError(str(error)) from error
    try:                                  # the results were checked above: what can be missing is the vectors'
        outcomes = check_all(vectors, results)
        kinks = {test["tcId"]: kinked_layers(group, test) for group in vectors["testGroups"] for test in group["tests"]}
    except (KeyError, TypeError, IndexError) as error:
        raise CommandError(f"the vectors file is damaged ({type(error).__name__}: {error}); regenerate it with "
                           "`backprop vectors`, or pass the repository's with --vectors") from error
    kink = vectors.get("notes", {}).get("ReluAtZero", "")
    passed = failed = skipped = 0
    for number, outcome in enumerate(outcomes, start=1):
        verdict = "FAIL" if outcome.failed or (args.require_all and outcome.skipped) else (
            "SKIP" if not outcome.passed else "PASS")
        counts = f"{len(outcome.passed)} passed" + (f", {len(outcome.failed)} failed" if outcome.failed else "") + (
            f", {len(outcome.skipped)} skipped" if outcome.skipped else "")
        print(f"{verdict}  group {number:2d}  {outcome.title}: {counts}")
        # the kink can explain a failure only where the group's tests off the kink (same network) did not fail
        off_kink_failed = any(not kinks[tc] for tc, _, _ in outcome.failed)
        for tc, comment, divergence in outcome.failed:
            print(f"        tcId {tc} ({comment}): first divergence {divergence}")
            if kink and not off_kink_failed and kink_can_explain(divergence.key, kinks[tc]):  # g' on a kink
                print(f"        note: ReluAtZero, {kink}; another convention at 0 can fail this test alone")
            elif not off_kink_failed and kinks[tc] and divergence.key[0] in "ZA":   # the forward pass, on a kink
                print("        note: ReluAtZero, a Z here is exactly 0 only when the inputs are read exactly: a "
                      "forward value wrong on this test alone points at the number reader (read the hex strings)")
        for tc, reason in outcome.skipped:
            print(f"        tcId {tc} skipped: {reason}")
        passed, failed, skipped = passed + len(outcome.passed), failed + len(outcome.failed), \
            skipped + len(outcome.skipped)
    ok = failed == 0 and passed > 0 and not (args.require_all and skipped)
    why = (" (--require-all: skipped tests count as failures)" if args.require_all and skipped else
           " (no test was checked: a port that skips every test has shown nothing)" if not passed + failed else "")
    print(f"{passed} passed, {failed} failed, {skipped} skipped of {passed + failed + skipped} tests: "
          f"{'PASS' if ok else 'FAIL'}{why}")
    return 0 if ok else 1
