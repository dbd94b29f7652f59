"""How autodiff_oracle.strategies reads its arguments: names checked as Scope checks them (names), and the spec
arguments of problems() given beside a spec_strategy that leaves them unread, refused (refuse_unread)."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from typing import Any

from manual_backprop.error_messages import listed

from .scope_names import _known


def names(argument: str, kind: str, given: Sequence[str], choices: Sequence[str]) -> tuple[str, ...]:
    """given as a tuple, each one of choices; ValueError naming the argument for a bare string or an unknown name
    (scope_names._known's checks, which Scope makes too)."""
    known = set(_known(kind, argument, given, tuple(choices)))
    return tuple(name for name in given if name in known)


def refuse_unread(function: Callable[..., Any], **given: Any) -> None:
    """ValueError naming the spec arguments of function (problems()) given other than their defaults, which
    spec_strategy's specs leave unread (verify refuses an option typed that changes nothing alike)."""
    defaults = inspect.signature(function).parameters
    unread = [name for name, value in given.items() if _differs(value, defaults[name].default)]
    if unread:
        raise ValueError(f"{listed(unread)} {'has' if len(unread) == 1 else 'have'} no effect with spec_strategy, "
                         f"which gives the specs: leave {'it' if len(unread) == 1 else 'them'} out, or narrow "
                         "spec_strategy")


def _differs(value: Any, default: Any) -> bool:
    """Whether value is other than default: a sequence of other names (in any container), another number or flag,
    pairs where there were none."""
    try:
        if isinstance(default, tuple):
            return isinstance(value, str) or tuple(value) != default
        return bool(value != default)
    except (TypeError, ValueError):          # not iterable, or an array's truth value: not the default
        return True
