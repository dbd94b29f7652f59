"""The frozen description of a network that manual_backprop and autodiff_oracle both read.

This module is pure data and validation: it holds the *names* of activations and losses and the
rules for combining them, never their math, so the oracle can import it without importing the
implementation it checks.
"""

from __future__ import annotations

import functools
import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, SupportsFloat, SupportsIndex

from .error_messages import closest_name, shown

#: Elementwise activations, usable in any layer.
ELEMENTWISE_ACTIVATIONS: tuple[str, ...] = (
    "sigmoid", "tanh", "relu", "leaky_relu", "identity", "softplus", "elu", "gelu", "silu",
)
#: Every activation name; ``softmax`` (over the units of a column) is for the output layer only.
ACTIVATIONS: tuple[str, ...] = (*ELEMENTWISE_ACTIVATIONS, "softmax")
#: Activations whose derivative jumps at 0, where a convention decides g'(0): relu'(0) = 0, leaky_relu'(0) = 1,
#: as jax.nn (the oracle, the port checker and the test vectors' flags all read this tuple).
KINKED_ACTIVATIONS: tuple[str, ...] = ("relu", "leaky_relu")
#: Per-example losses, summed over output units.
LOSSES: tuple[str, ...] = ("binary_cross_entropy", "categorical_cross_entropy", "mean_squared_error")
#: Output activations each loss accepts.
OUTPUT_ACTIVATIONS_FOR_LOSS: dict[str, tuple[str, ...]] = {
    "binary_cross_entropy": ("sigmoid",),
    "categorical_cross_entropy": ("softmax",),
    "mean_squared_error": ACTIVATIONS,
}
#: Output/loss pairs whose dZ[L] is exactly the notes' fused A[L] - Y.
FUSED_PAIRS: frozenset[tuple[str, str]] = frozenset({
    ("sigmoid", "binary_cross_entropy"),
    ("softmax", "categorical_cross_entropy"),
    ("identity", "mean_squared_error"),
})


def _is_int(value: object) -> bool:
    """An int or a NumPy integer (numbers.Integral), not a bool."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


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
                f"{tuple(sizes)!r}, got {len(acts)} ({tuple(acts)!r})"
            )
        for position, name in enumerate(acts, start=1):
            if name not in ACTIVATIONS:
                raise ValueError(
                    f"activations[{position - 1}] (g[{position}]) must be one of {ACTIVATIONS}; "
                    f"got {name!r}{closest_name(name, ACTIVATIONS)}"
                )
            if name == "softmax" and position != len(acts):
                raise ValueError(f"softmax is for the output layer only; activations has it at g[{position}]")
        if loss not in LOSSES:       # the hint names a loss the output activation takes, if one is close
            suited = tuple(name for name in LOSSES if acts[-1] in OUTPUT_ACTIVATIONS_FOR_LOSS[name])
            hint = closest_name(loss, suited) or closest_name(loss, LOSSES)
            raise ValueError(f"loss must be one of {LOSSES}; got {loss!r}{hint}")
        allowed = OUTPUT_ACTIVATIONS_FOR_LOSS[loss]
        if acts[-1] not in allowed:
            raise ValueError(f"loss {loss!r} needs an output activation in {allowed}; got {acts[-1]!r}")
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


def _names_for_help() -> str:
    """The names NetworkSpec takes, for its docstring, from the tuples a new activation or loss is added to."""
    outputs = {loss: "any" if names == ACTIVATIONS else ", ".join(names)
               for loss, names in OUTPUT_ACTIVATIONS_FOR_LOSS.items()}
    return (f"\n    The names (manual_backprop.ACTIVATIONS, manual_backprop.LOSSES):\n"
            f"        activations: {', '.join(ELEMENTWISE_ACTIVATIONS)}; for the output layer only: "
            f"{', '.join(name for name in ACTIVATIONS if name not in ELEMENTWISE_ACTIVATIONS)}\n"
            f"        losses, each with the output activations it takes:\n"
            + "".join(f"            {loss}: {outputs[loss]}\n" for loss in LOSSES))


if NetworkSpec.__doc__ is not None:                 # None under python -OO
    NetworkSpec.__doc__ += _names_for_help()
