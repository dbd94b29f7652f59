"""What the benchmark times: a Peer (one implementation's gradient, built for a case), the peers' names in display
order, and NotTimed, for a peer left out of a case. peers.py builds the built-in peers, yours.py the --yours one;
peers re-exports every name here."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

#: Display order; "bound" is the same matrix products alone, the floor of any implementation.
PEERS = ("manual", "bound", "jax.jit", "jax-eager", "torch", "finite-diff")
#: The peer `backprop bench --yours module:function` adds (yours.py), shown after the built-in ones.
YOURS = "yours"
DISPLAY_ORDER = (*PEERS, YOURS)


@dataclass(frozen=True)
class Peer:
    """call() runs the work once; scale = calls per gradient; setup_seconds = first call (JAX: compile); note: what
    the report should say about this peer on this case ("" for nothing)."""

    name: str
    call: Callable[[], Any]
    scale: float = 1.0
    setup_seconds: float = 0.0
    note: str = ""


class NotTimed(Exception):  # noqa: N818 - not an error of the benchmark: a peer left out of one case
    """A peer that is not timed on a case; the message says why (the report lists it under "Skipped")."""


def first_call(name: str, call: Callable[[], Any], scale: float = 1.0) -> Peer:
    """The Peer, after one call that times its setup (JAX: the compile)."""
    start = time.perf_counter()
    call()
    return Peer(name, call, scale, time.perf_counter() - start)
