"""`backprop verify --pairs OUTPUT:LOSS,...`: the output/loss pairs to draw, exactly (pairs_of), and the pairs a
--yours function implemented, read from the campaign's NotImplementedErrors (implemented_pairs, for the tip).

--pairs names each pair's output activation and loss itself, so --outputs, --losses and --fused-only beside it are
refused: each would either change nothing (an option typed that changes nothing is most likely a mistake, as
--activations with both --hidden and --outputs is) or leave out a pair --pairs asks for. --activations and --hidden
give the hidden layers' activations, as with --outputs.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from manual_backprop.error_messages import closest_name, listed, must_be, not_one_of
from manual_backprop.spec import ACTIVATIONS, FUSED_PAIRS, LOSSES, OUTPUT_ACTIVATIONS_FOR_LOSS

if TYPE_CHECKING:
    from autodiff_oracle.problems import Problem
    from autodiff_oracle.report import Report

Pair = tuple[str, str]
FORM = "a comma-separated list of OUTPUT:LOSS pairs, such as softmax:categorical_cross_entropy"


def pairs_of(args: argparse.Namespace) -> tuple[Pair, ...]:
    """--pairs' pairs, in its order; cli.UsageError for --outputs, --losses or --fused-only beside it, or a pair
    pairs_in refuses."""
    from manual_backprop.cli import UsageError

    beside = [option for option, given in (("--outputs", args.outputs is not None),
                                           ("--losses", args.losses is not None), ("--fused-only", args.fused_only))
              if given]
    if beside:
        fused = ",".join(":".join(pair) for pair in pairs_among(FUSED_PAIRS))
        raise UsageError(f"{listed(beside)} cannot narrow --pairs, which names each output/loss pair itself; leave "
                         f"{listed(beside)} out" + (f" (the fused pairs: --pairs {fused})" if args.fused_only else ""))
    return pairs_in(args.pairs)


def pairs_in(text: str) -> tuple[Pair, ...]:
    """The OUTPUT:LOSS pairs of text, each name stripped, in its order; else cli.UsageError naming --pairs first: an
    item that is no OUTPUT:LOSS (an empty one too), an unknown name (not_one_of, the hint at the closest among the
    names the pair's other half takes, or a pair written LOSS:OUTPUT), a pair the loss does not take (with the
    pairs it does take, and those of the output activation), or a pair given twice."""
    from manual_backprop.cli import UsageError

    pairs = []
    for item in (item.strip() for item in text.split(",")):
        halves = tuple(half.strip() for half in item.split(":"))
        if len(halves) != 2 or not all(halves):
            which = f" ({item!r} is no OUTPUT:LOSS pair)" if item and item != text.strip() else ""
            raise UsageError(must_be("--pairs", FORM, text) + which)
        out, loss = halves
        if out not in ACTIVATIONS:
            swapped = f" (did you mean '{loss}:{out}'? OUTPUT comes first)" if out in LOSSES and \
                loss in OUTPUT_ACTIVATIONS_FOR_LOSS[out] else None
            hint = swapped or closest_name(out, OUTPUT_ACTIVATIONS_FOR_LOSS.get(loss, ACTIVATIONS)) or \
                closest_name(out, ACTIVATIONS)
            raise UsageError(not_one_of(f"--pairs: the output activation in {item!r}", out, ACTIVATIONS, hint))
        if loss not in LOSSES:
            suited = tuple(name for name in LOSSES if out in OUTPUT_ACTIVATIONS_FOR_LOSS[name])
            hint = closest_name(loss, suited) or closest_name(loss, LOSSES)
            raise UsageError(not_one_of(f"--pairs: the loss in {item!r}", loss, LOSSES, hint))
        if out not in OUTPUT_ACTIVATIONS_FOR_LOSS[loss]:
            takes = ", ".join(f"{name}:{loss}" for name in OUTPUT_ACTIVATIONS_FOR_LOSS[loss])
            others = ", ".join(f"{out}:{name}" for name in LOSSES if out in OUTPUT_ACTIVATIONS_FOR_LOSS[name])
            raise UsageError(f"--pairs: {loss} does not take {out} as the output activation; got {item!r} (choose "
                             f"{takes}, or for {out}: {others})")
        pairs.append((out, loss))
    twice = [pair for pair in dict.fromkeys(pairs) if pairs.count(pair) > 1]
    if twice:
        times = pairs.count(twice[0])
        raise UsageError(f"--pairs names {':'.join(twice[0])} {'twice' if times == 2 else f'{times} times'}; got "
                         f"{text!r}")
    return tuple(pairs)


def pairs_among(pairs: Iterable[Pair]) -> tuple[Pair, ...]:
    """pairs in the order the scope draws them: loss by loss, each loss's output activations in registry order."""
    return tuple((out, loss) for loss in LOSSES for out in OUTPUT_ACTIVATIONS_FOR_LOSS[loss] if (out, loss) in pairs)


def implemented_pairs(failures: Iterable[tuple[Problem, Report]], cases: Mapping[tuple[str, str, str], int]) \
        -> tuple[Pair, ...]:
    """The output/loss pairs on whose problems a --yours function raised no NotImplementedError, when it raised one
    on every problem of each other pair drawn (cases: the problems drawn per (output, loss, dtype)), so that they
    are exactly what it implements of the pairs; () when its NotImplementedErrors do not follow the pairs (a dtype
    or a hidden activation it lacks), or it raised on every pair or on none."""
    drawn: dict[Pair, int] = {}
    for (out, loss, _), count in cases.items():
        drawn[(out, loss)] = drawn.get((out, loss), 0) + count
    raised = dict.fromkeys(drawn, 0)
    for problem, report in failures:
        if isinstance(report.raised, NotImplementedError):
            raised[(problem.spec.activations[-1], problem.spec.loss)] += 1
    implemented = [pair for pair, count in raised.items() if count == 0]
    if not implemented or len(implemented) == len(drawn) or any(0 < raised[pair] < drawn[pair] for pair in drawn):
        return ()
    return pairs_among(implemented)
