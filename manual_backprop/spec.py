"""The frozen description of a network that manual_backprop and autodiff_oracle both read.

Pure data and validation, never math, so the oracle can import it without importing the implementation it
checks. The names it takes and the rules combining them (names.py) and LayerKeys (layer_keys.py) are re-exported here.
"""
from __future__ import annotations

import functools
import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, SupportsFloat, SupportsIndex

from .error_messages import shown
from .layer_keys import LayerKeys
from .names import (
    ACTIVATIONS,
    ELEMENTWISE_ACTIVATIONS,
    FUSED_PAIRS,
    KINKED_ACTIVATIONS,
    LOSSES,
    OUTPUT_ACTIVATIONS_FOR_LOSS,
    check_names,
    names_for_help,
)

__all__ = ["ACTIVATIONS", "ELEMENTWISE_ACTIVATIONS", "FUSED_PAIRS", "KINKED_ACTIVATIONS", "LOSSES",
           "OUTPUT_ACTIVATIONS_FOR_LOSS", "LayerKeys", "NetworkSpec"]


def _is_int(value: object) -> bool:
    """An int or a NumPy integer (numbers.Integral), not a bool."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


@dataclass(frozen=True, init=False)
class NetworkSpec:
    """A fully-connected network: n[0] inputs, L layers of n[1], ..., n[L] units, and a loss.

    layer_sizes: (n[0], n[1], ..., n[L]), a tuple or list of ints; the notes' 2-layer network is (n0, n1, n2).
    activations: g[1], ..., g[L], a tuple or list of names from ACTIVATIONS, one per layer (softmax: output only).
    loss: the per-example loss L(y_hat, y), a name from LOSSES, summed over the n[L] output units; the output
    activation g[L] must be one the loss takes (OUTPUT_ACTIVATIONS_FOR_LOSS).
    l2: lambda in J = (1/m) sum_i L + (lambda / 2m) sum_l ||W[l]||_F^2, a real number >= 0.
    NumPy ints, floats and strings are stored as int, float and str; a bad argument raises TypeError or ValueError
    naming it.
    """

    layer_sizes: tuple[int, ...]
    activations: tuple[str, ...]
    loss: str
    l2: float = 0.0

    def __init__(self, layer_sizes: Sequence[SupportsIndex], activations: Sequence[str], loss: str,
                 l2: SupportsFloat = 0.0) -> None:
        for field, value in (("layer_sizes", layer_sizes), ("activations", activations), ("loss", loss), ("l2", l2)):
            object.__setattr__(self, field, value)
        self.__post_init__()

    def __post_init__(self) -> None:
        """The checks, and the fields stored as tuple, int, float and str: here, not in __init__, so that a
        dataclass subclass (whose generated __init__ calls this) is checked too."""
        sizes, acts, loss, l2 = self.layer_sizes, self.activations, self.loss, self.l2   # as given, until stored
        if not isinstance(sizes, (tuple, list)) or not all(_is_int(n) for n in sizes):
            raise TypeError(f"layer_sizes must be a tuple or list of ints (n[0], ..., n[L]); got {sizes!r}")
        if len(sizes) < 2:
            raise ValueError(f"layer_sizes needs n[0] and at least one layer (depth L >= 1); got {sizes!r}")
        if any(int(n) < 1 for n in sizes):
            raise ValueError(f"layer_sizes must all be positive; got {tuple(sizes)!r}")
        if isinstance(acts, str) or not isinstance(acts, (tuple, list)):
            raise TypeError(f"activations must be a tuple or list of names, one per layer; got {acts!r}")
        if len(acts) != len(sizes) - 1:
            raise ValueError(
                f"activations needs one name per layer: L = {len(sizes) - 1} for layer_sizes "
                f"{tuple(sizes)!r}; got {tuple(acts)!r} ({len(acts)} {'name' if len(acts) == 1 else 'names'})"
            )
        check_names(acts, loss)
        if isinstance(l2, bool) or not isinstance(l2, numbers.Real):    # NumPy's floats and ints are Real too
            raise TypeError(f"l2 must be a real number >= 0; got {l2!r}")
        try:
            finite = math.isfinite(l2)           # a Python int beyond float64's range overflows here
        except OverflowError:
            finite = False
        if not finite or l2 < 0:
            raise ValueError(f"l2 must be a finite number >= 0; got {shown(l2)}")
        object.__setattr__(self, "layer_sizes", tuple(int(n) for n in sizes))   # NumPy ints become ints
        object.__setattr__(self, "activations", tuple(str(name) for name in acts))   # and np.str_ names str
        object.__setattr__(self, "loss", str(loss))
        object.__setattr__(self, "l2", float(l2))

    @property
    def depth(self) -> int:
        """L, the number of layers with parameters."""
        return len(self.layer_sizes) - 1

    @functools.cached_property
    def fused_output(self) -> bool:
        """True where dZ[L] = A[L] - Y holds exactly (the notes' fused form)."""
        return (self.activations[-1], self.loss) in FUSED_PAIRS

    @functools.cached_property
    def layer_keys(self) -> tuple[LayerKeys, ...]:
        """(LayerKeys(1, "W1", "b1", "Z1", "A1", "A0"), ..., LayerKeys(L, "WL", ...)), built once per spec: the
        keys a gradient call reads and writes, without formatting f"W{l}" and its kin at every call."""
        return tuple(LayerKeys(l, f"W{l}", f"b{l}", f"Z{l}", f"A{l}", f"A{l - 1}", f"Z{l - 1}" if l > 1 else "")
                     for l in range(1, self.depth + 1))

    def __reduce__(self) -> tuple[type[NetworkSpec], tuple[tuple[int, ...], tuple[str, ...], str, float]]:
        """Pickled as its four fields alone (not the cached keys and shapes), and validated again when loaded."""
        return (type(self), (self.layer_sizes, self.activations, self.loss, self.l2))

    @functools.cached_property
    def parameter_layout(self) -> tuple[tuple[str, tuple[int, int]], ...]:
        """(("W1", (n[1], n[0])), ("b1", (n[1], 1)), ...): parameter_shapes' items, built once per spec (every
        gradient call reads them); cached in the instance, not a dataclass field."""
        sizes = self.layer_sizes
        return tuple(item for l in range(1, len(sizes))
                     for item in ((f"W{l}", (sizes[l], sizes[l - 1])), (f"b{l}", (sizes[l], 1))))

    @functools.cached_property
    def parameter_keys(self) -> frozenset[str]:
        """{"W1", "b1", ..., "WL", "bL"}, built once per spec."""
        return frozenset(key for key, _ in self.parameter_layout)

    def parameter_shapes(self) -> dict[str, tuple[int, int]]:
        """{"W1": (n[1], n[0]), "b1": (n[1], 1), ..., "WL": (n[L], n[L-1]), "bL": (n[L], 1)}, a fresh dict."""
        return dict(self.parameter_layout)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready description; NetworkSpec.from_dict reverses it."""
        return {"layer_sizes": list(self.layer_sizes), "activations": list(self.activations),
                "loss": self.loss, "l2": self.l2}

    @classmethod
    def from_dict(cls, data: Any) -> NetworkSpec:
        """Build a spec from to_dict's output, with a clear error for anything else."""
        if not isinstance(data, dict):
            raise TypeError(f"a network spec must be a dict; got {type(data).__name__}")
        missing = {"layer_sizes", "activations", "loss"} - data.keys()
        extra = data.keys() - {"layer_sizes", "activations", "loss", "l2"}
        if missing or extra:
            raise ValueError(f"a network spec needs keys layer_sizes, activations, loss (and optional l2); "
                             f"missing {sorted(missing)}, unexpected {sorted(extra)}")
        return cls(layer_sizes=data["layer_sizes"], activations=data["activations"],   # lists: __init__ checks
                   loss=data["loss"], l2=data.get("l2", 0.0))


if NetworkSpec.__doc__ is not None:                 # None under python -OO
    NetworkSpec.__doc__ += names_for_help()
