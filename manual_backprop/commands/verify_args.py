"""`backprop verify`'s options (add_arguments) and its scope from them (--activations, --hidden, --outputs, --losses,
--pairs (verify_pairs), --dtypes, --depth, --no-l2, --fused-only, --values), each bad value refused by name (a name
given twice in one list too: each is a set to draw from), and a note for each name asked for that the scope cannot
draw (uncovered)."""

from __future__ import annotations

import argparse
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from autodiff_oracle.scope import Scope


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from manual_backprop.campaign_defaults import CASES, DTYPES, MAX_DEPTH, SEED  # the campaign's, without JAX
    from manual_backprop.commands.numbers import count
    from manual_backprop.targets import target_text

    parser.add_argument("--cases", type=count("--cases", 0), default=CASES, help="number of random problems "
                        "(default %(default)s), 0 for the --large ones alone")
    parser.add_argument("--large", type=count("--large", 0), default=8, help="larger problems after them (widths "
                        "9-64, m 33-1024, half of them at a block edge: a multiple of 64 up to 256, 512 or 1024, or "
                        "one either side), judged by an oracle compiled per shape, 0.5-1 s each (default "
                        "%(default)s)")
    parser.add_argument("--seed", type=count("--seed", 0), default=SEED, help="seed of the campaign (default "
                        "%(default)s)")
    parser.add_argument("--show", type=count("--show", 0), default=5, help="failing problems to print in full "
                        "(default %(default)s)")
    parser.add_argument("--yours", metavar="TARGET", type=target_text, help="verify your gradient function instead: "
                        "module:function or path/to/file.py:function, called as f(spec, params, X, Y) -> gradients "
                        "or (cost, gradients)")
    parser.add_argument("--activations", help="comma-separated activations to draw from (default: all; e.g. "
                        "sigmoid,tanh,relu); hidden layers use the elementwise ones, output layers any the loss takes")
    parser.add_argument("--hidden", help="comma-separated activations of the hidden layers only (default: those of "
                        "--activations)")
    parser.add_argument("--outputs", help="comma-separated activations of the output layer only (default: those of "
                        "--activations)")
    parser.add_argument("--losses", help="comma-separated losses to draw from (default: all)")
    parser.add_argument("--pairs", metavar="OUTPUT:LOSS,...", help="comma-separated output/loss pairs, the only ones "
                        "drawn (e.g. softmax:categorical_cross_entropy,sigmoid:binary_cross_entropy); not with "
                        "--outputs, --losses or --fused-only")
    parser.add_argument("--dtypes", help=f"{', '.join(DTYPES)}, or {','.join(DTYPES)} (the default)")
    parser.add_argument("--depth", type=depths_of, help=f"number of layers L: N or MIN-MAX within 1-{MAX_DEPTH} "
                        f"(default 1-{MAX_DEPTH})")
    parser.add_argument("--fused-only", action="store_true", help="draw only the output/loss pairs whose dZ[L] is "
                        "the fused A[L] - Y: sigmoid + binary_cross_entropy, softmax + categorical_cross_entropy, "
                        "identity + mean_squared_error")
    parser.add_argument("--no-l2", action="store_true", help="draw only networks with l2 = 0 (default: l2 = 0 on "
                        "half the problems, 0.1 or 1.0 on the others)")
    parser.add_argument("--values", help="comma-separated value regimes to draw from (default: all): normal "
                        "(Gaussian, fan-in scaled), integers (small integers, which put relu-like units exactly on "
                        "their kink), large (10x, which saturates units); normal,large for a derivative that differs "
                        "at the kink on purpose, such as relu'(0) = 1")


def depths_of(text: str) -> tuple[int, int]:
    """--depth's argparse type: N or MIN-MAX as (min, max), else refused as typed (numbers.refused)."""
    from manual_backprop.campaign_defaults import MAX_DEPTH
    from manual_backprop.commands.numbers import refused

    match = re.fullmatch(r"(\d+)(?:-(\d+))?", text)
    try:
        depths = (int(match[1]), int(match[2] or match[1])) if match else (0, 0)
    except ValueError:                              # past 4,300 digits int() refuses to read it
        depths = (0, 0)
    if not 1 <= depths[0] <= depths[1] <= MAX_DEPTH:
        raise refused("--depth", f"N or MIN-MAX within 1-{MAX_DEPTH} (e.g. 2 or 1-3)", text)
    return depths


def scope_of(args: argparse.Namespace) -> Scope:
    """The campaign's scope from --activations, --hidden, --outputs, --losses, --pairs, --dtypes, --depth, --no-l2,
    --fused-only and --values; UsageError naming what is wrong."""
    from autodiff_oracle.scope import EVERYTHING, Scope, dtype_names
    from manual_backprop.campaign_defaults import MAX_DEPTH
    from manual_backprop.cli import UsageError
    from manual_backprop.commands.name_lists import names_in
    from manual_backprop.commands.verify_pairs import pairs_of
    from manual_backprop.spec import ACTIVATIONS, ELEMENTWISE_ACTIVATIONS

    def names(option: str, value: str | None, default: tuple[str, ...], known: tuple[str, ...] = ACTIVATIONS) \
            -> tuple[str, ...]:
        """value's names, each refused here by the option's name (Scope names its own arguments): names_in, a
        dtype as Scope reads it (f4 is float32)."""
        return default if value is None else names_in(option, value, known,
                                                      dtype_names if option == "--dtypes" else None)

    pairs = None if args.pairs is None else pairs_of(args)        # refused beside --outputs, --losses, --fused-only
    outputs_by = "--pairs" if pairs else "--outputs" if args.outputs is not None else None   # the output layer's
    if args.activations is not None and args.hidden is not None and outputs_by:
        raise UsageError(f"--activations has no effect with both --hidden and {outputs_by}; leave --activations out")
    depths = (1, MAX_DEPTH) if args.depth is None else args.depth
    if args.activations is not None and outputs_by and depths[1] == 1:
        raise UsageError(f"--activations has no effect with {outputs_by} and --depth 1 (a network of one layer has no "
                         f"hidden layer, and {outputs_by} gives its activation); leave --activations out")
    activations = names("--activations", args.activations, EVERYTHING.activations)
    hidden = names("--hidden", args.hidden, activations)
    if args.hidden is not None and depths[1] == 1:
        raise UsageError("--hidden has no effect with --depth 1 (a network of one layer has no hidden layer); leave "
                         "--hidden out, or allow a deeper network")
    if args.hidden is not None:
        outputs_only = [name for name in hidden if name in ACTIVATIONS and name not in ELEMENTWISE_ACTIVATIONS]
        if outputs_only:
            raise UsageError(f"--hidden: {', '.join(outputs_only)} cannot be a hidden layer's activation (choose "
                             f"from {', '.join(ELEMENTWISE_ACTIVATIONS)})")
    losses = names("--losses", args.losses, EVERYTHING.losses, EVERYTHING.losses)    # each name refused here, not
    dtypes = names("--dtypes", args.dtypes, EVERYTHING.dtypes, EVERYTHING.dtypes)    # as Scope's ValueError below
    outputs = None if pairs else names("--outputs", args.outputs, activations)
    values = names("--values", args.values, EVERYTHING.values, EVERYTHING.values)
    try:
        return Scope(hidden, losses, dtypes, outputs, depths, not args.no_l2, args.fused_only, values, pairs)
    except ValueError as error:
        raise UsageError(str(error)) from error


def uncovered(args: argparse.Namespace, scope: Scope) -> list[str]:
    """A 'note: ...' line for each loss of --losses, and each activation of --outputs (or of --activations, without
    it), that no network in scope can have: the campaign runs without them, and says so rather than pass silently
    (CCE needs softmax: --outputs sigmoid --losses mean_squared_error,categorical_cross_entropy verified MSE alone)."""
    from autodiff_oracle.scope import output_choices_for
    from manual_backprop.spec import ACTIVATIONS, ELEMENTWISE_ACTIVATIONS

    pairs = scope.output_pairs
    fused = " with a fused dZ[L] (--fused-only)" if scope.fused_only else ""
    option = "--outputs" if args.outputs is not None else "--activations"
    notes = []
    for loss in scope.losses if args.losses is not None else ():
        if all(pair_loss != loss for _, pair_loss in pairs):
            needs = output_choices_for(loss, scope.fused_only)
            must = needs[0] if len(needs) == 1 else f"one of {', '.join(needs)}"
            notes.append(f"note: --losses {loss} will not be verified: its output activation must be {must}{fused}, "
                         f"and {option} gives {', '.join(scope.output_choices)}")
    by = "--pairs" if args.pairs is not None else "--outputs" if args.outputs is not None else ""
    notes += [f"note: --activations {name} will not be verified: beside {by}, --activations gives the hidden layers', "
              f"and {name} cannot be one" for name in map(str.strip, (args.activations or "").split(","))
              if by and args.hidden is None and name in ACTIVATIONS and name not in ELEMENTWISE_ACTIVATIONS]
    if (args.outputs is None and args.activations is None) or args.pairs is not None:    # each pair is drawn
        return notes
    for name in scope.output_choices:
        hidden = args.outputs is None and name in ELEMENTWISE_ACTIVATIONS     # --activations: the hidden layers' too
        if any(out == name for out, _ in pairs) or (hidden and args.hidden is None and scope.depths[1] > 1):
            continue
        why = f"no loss{' of --losses' if args.losses is not None else ''} takes it as the output activation{fused}"
        if hidden:
            why += ", and --depth 1 has no hidden layer" if args.hidden is None else \
                ", and --hidden gives the hidden layers'"
        notes.append(f"note: {option} {name} will not be verified: {why}")
    return notes
