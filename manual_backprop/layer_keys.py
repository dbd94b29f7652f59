"""LayerKeys, the keys of layer l's arrays, as NetworkSpec.layer_keys builds them once per spec (spec re-exports
it). Names, no math: the oracle loads it with spec."""

from __future__ import annotations

from typing import NamedTuple


class LayerKeys(NamedTuple):
    """Layer l's keys: params[W], params[b] (W[l], b[l]) and the forward cache's Z[l], A[l], A[l-1] and Z[l-1]
    (Z_prev is "" for l = 1: X = A[0] has no Z)."""

    l: int
    W: str
    b: str
    Z: str
    A: str
    A_prev: str
    Z_prev: str
