"""What `backprop bench` runs: the Options of a run, whose defaults are the command's without flags (its parser reads
them for its own defaults and --help); suite.run_suite runs them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .cases import DEFAULT_SIZES, DTYPES, NETWORKS
from .peers import PEERS


@dataclass
class Options:
    """What to run; the defaults are `backprop bench` without flags."""

    sizes: tuple[str, ...] = DEFAULT_SIZES
    networks: tuple[str, ...] = tuple(NETWORKS)
    dtypes: tuple[str, ...] = DTYPES
    peers: tuple[str, ...] = PEERS
    rounds: int = 15
    block_seconds: float = 0.02
    scaling: bool = True
    memory_size: str | None = "large"
    campaign_cases: int = 2000
    seed: int = 0
    yours: str | None = None          # --yours module:function, timed as the peer "yours" (see yours.py)
    extra: dict[str, Any] = field(default_factory=dict)

