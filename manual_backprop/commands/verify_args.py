"""`backprop verify`'s scope from its options (--activations, --hidden, --outputs, --losses, --dtypes, --depth,
--no-l2, --fused-only), each bad value refused by name."""

from __future__ import annotations

import argparse
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from autodiff_oracle.scope import Scope


def depths_of(value: str | None) -> tuple[int, int]:
    """--depth N or MIN-MAX as (min, max); ValueError naming the option."""
    from manual_backprop.campaign_defaults import MAX_DEPTH

    if value is None:
        return (1, MAX_DEPTH)
    match = re.fullmatch(r"(\d+)(?:-(\d+))?", value)
    depths = (int(match[1]), int(match[2] or match[1])) if match else (0, 0)
    if not 1 <= depths[0] <= depths[1] <= MAX_DEPTH:
        raise ValueError(f"--depth must be N or MIN-MAX within 1-{MAX_DEPTH} (e.g. 2 or 1-3); got {value!r}")
    return depths


def scope_of(args: argparse.Namespace) -> Scope:
    """The campaign's scope from --activations, --hidden, --outputs, --losses, --dtypes, --depth, --no-l2 and
    --fused-only;
    CommandError naming what is wrong."""
    from autodiff_oracle.scope import EVERYTHING, Scope
    from manual_backprop.cli import CommandError
    from manual_backprop.spec import ACTIVATIONS, ELEMENTWISE_ACTIVATIONS

    def names(option: str, value: str | None, default: tuple[str, ...]) -> tuple[str, ...]:
        if value is None:
            return default
        given = tuple(name.strip() for name in value.split(","))
        if not all(given):                          # "sigmoid,,tanh", "" or a trailing comma: as train refuses them
            raise CommandError(f"{option} must be a comma-separated list of names; got {value!r}")
        return given

    activations = names("--activations", args.activations, EVERYTHING.activations)
    if args.activations is not None and args.hidden is not None and args.outputs is not None:
        raise CommandError("--activations has no effect with both --hidden and --outputs; leave --activations out")
    hidden = names("--hidden", args.hidden, activations)
    if args.hidden is not None:
        outputs_only = [name for name in hidden if name in ACTIVATIONS and name not in ELEMENTWISE_ACTIVATIONS]
        if outputs_only:
            raise CommandError(f"--hidden: {', '.join(outputs_only)} cannot be a hidden layer's activation (choose "
                               f"from {', '.join(ELEMENTWISE_ACTIVATIONS)})")
    try:
        return Scope(hidden, names("--losses", args.losses, EVERYTHING.losses),
                     names("--dtypes", args.dtypes, EVERYTHING.dtypes), names("--outputs", args.outputs, activations),
                     depths_of(args.depth), not args.no_l2, args.fused_only)
    except ValueError as error:
        raise CommandError(str(error)) from error
