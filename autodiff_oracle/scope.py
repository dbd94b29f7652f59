"""Which networks, dtypes and value regimes a verification campaign draws its problems from.

A port or a first backprop often implements a few activations, one loss, a fixed depth and no L2 term;
`backprop verify --yours` then verifies just those. The default scope is everything the spec allows (depth 1-4,
the padded oracle's limit), in the registry's order, so a campaign's problems depend on its seed and scope alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import DTypeLike

from manual_backprop.campaign_defaults import DTYPES, MAX_DEPTH
from manual_backprop.error_messages import in_native_order, not_one_of, numpy_name
from manual_backprop.spec import ACTIVATIONS, ELEMENTWISE_ACTIVATIONS, FUSED_PAIRS, LOSSES, OUTPUT_ACTIVATIONS_FOR_LOSS

from .problems import VALUE_REGIMES


def _known(kind: str, argument: str, names: Any, choices: tuple[str, ...]) -> tuple[str, ...]:
    """names in the order of choices; ValueError naming the first unknown one, if there are none, or for a single
    string (a sequence of names is meant: ("sigmoid",), not "sigmoid", which would read as its letters); TypeError
    for what is no sequence of names."""
    if isinstance(names, str):
        raise ValueError(f"{argument} must be a sequence of names, such as ({names!r},); got the string {names!r}")
    try:
        names = tuple(names)                                       # a list, a set, dict keys, an array of names
    except TypeError as error:
        raise TypeError(f"{argument} must be a sequence of names, such as ({choices[0]!r},); got {names!r}") from error
    for name in names:
        if name not in choices:
            raise ValueError(not_one_of(argument, name, choices))
    if not names:
        raise ValueError(f"no {kind} given; choose from {', '.join(choices)}")
    return tuple(choice for choice in choices if choice in names)


def check_flags(l2: Any, fused_only: Any) -> None:
    """TypeError unless l2 and fused_only are both True or False (a NumPy bool too): l2=0.1, read as lambda = 0.1,
    or l2="False" would otherwise be true and draw every lambda."""
    if not all(isinstance(flag, (bool, np.bool_)) for flag in (l2, fused_only)):
        raise TypeError(f"l2 and fused_only must be True or False; got {l2!r}, {fused_only!r}")


def output_choices_for(loss: str, fused_only: bool) -> tuple[str, ...]:
    """The output activations loss takes (with fused_only, those of its FUSED_PAIRS alone)."""
    return tuple(out for out in OUTPUT_ACTIVATIONS_FOR_LOSS[loss] if not fused_only or (out, loss) in FUSED_PAIRS)


def dtype_names(dtypes: Any) -> Any:
    """dtypes with each dtype as NumPy names it ("float32" for np.float32, np.dtype("float32") or "f4"), as
    make_problem reads one; a string, what is not iterable and what is no dtype (None among them: np.dtype(None) is
    float64) as given, for _known to refuse by name. A name NumPy reads as a dtype not in DTYPES stays as given, so the
    refusal quotes the caller's text with NumPy's reading as its hint ("got 'f2' (NumPy's float16; ...)", "got 'U8'
    (NumPy reads it as a string dtype, not a number)"), as the commands' --dtypes do; a type or a dtype object is
    named as NumPy names it ('float16' for np.float16), unless NumPy cannot read that name back ('str256' for
    np.dtype("U8")): then it stays a dtype object, which the refusal shows by its repr with its kind as the hint
    ("got dtype('<U8') (NumPy reads it as a string dtype, not a number)"). A dtype in the byte order this machine
    does not use ('>f8' or np.dtype('>f8') on a little-endian one) stays as given too, refused with that order named
    ("got '>f8' (NumPy's float64 in non-native (big-endian) byte order; ...)"): the problems are drawn in the native
    one, as make_problem makes them, and manual_backprop refuses a float array in any other."""
    if isinstance(dtypes, str):
        return dtypes
    try:
        given = list(dtypes)
    except TypeError:
        return dtypes
    return [_named(dtype) for dtype in given]


def _named(dtype: Any) -> Any:
    name = None if dtype is None else numpy_name(dtype)
    if name is None or (isinstance(dtype, str) and name not in DTYPES) or not in_native_order(dtype):
        return dtype
    return name if numpy_name(name) == name else np.dtype(dtype)     # 'str256' for U8: no name NumPy reads


def output_pairs(losses: tuple[str, ...], outputs: tuple[str, ...], fused_only: bool) -> tuple[tuple[str, str], ...]:
    """(output activation, loss) pairs, loss by loss, each loss's activations in OUTPUT_ACTIVATIONS_FOR_LOSS order:
    those among outputs, and with fused_only only FUSED_PAIRS (dZ[L] = A[L] - Y)."""
    return tuple((out, loss) for loss in losses for out in output_choices_for(loss, fused_only) if out in outputs)


@dataclass(frozen=True, init=False)
class Scope:
    """What to draw from; ValueError if no network can be built.

    activations: for hidden layers (the elementwise ones) and, unless outputs is given, the output layer;
    outputs: the output layer's activations; depths: (min, max) number of layers L, within 1-4; dtypes: float64
    and/or float32, by name or as NumPy reads a dtype (np.float32) in the native byte order, kept as names;
    l2: whether lambda > 0 is drawn too (False: every spec has l2 = 0);
    fused_only: only the output/loss pairs whose dZ[L] is the notes' fused A[L] - Y (FUSED_PAIRS: sigmoid + binary
    cross-entropy, softmax + categorical cross-entropy, identity + squared error), for a backprop written that way;
    values: the value regimes (make_problem's: normal, integers, large); ("normal", "large") leaves out the small
    integers that put relu-like units exactly on their kink, for a backprop whose derivative there differs on purpose.
    """

    activations: tuple[str, ...]
    losses: tuple[str, ...]
    dtypes: tuple[str, ...]
    outputs: tuple[str, ...] | None
    depths: tuple[int, int]
    l2: bool
    fused_only: bool
    values: tuple[str, ...]

    def __init__(self, activations: Iterable[str] = ACTIVATIONS, losses: Iterable[str] = LOSSES,
                 dtypes: Iterable[DTypeLike] = DTYPES, outputs: Iterable[str] | None = None,
                 depths: Sequence[int | np.integer[Any]] = (1, MAX_DEPTH), l2: bool | np.bool_ = True,
                 fused_only: bool | np.bool_ = False, values: Iterable[str] = VALUE_REGIMES) -> None:
        for name, value in (("activations", activations), ("losses", losses), ("dtypes", dtypes),
                            ("outputs", outputs), ("depths", depths), ("l2", l2), ("fused_only", fused_only),
                            ("values", values)):
            object.__setattr__(self, name, value)
        self.__post_init__()

    def __post_init__(self) -> None:
        """Each field checked and made a tuple of names in the registry's order, or an int or a bool (here, not in
        __init__, so that a dataclass subclass, whose generated __init__ calls this, is checked too)."""
        object.__setattr__(self, "activations", _known("activation", "activations", self.activations, ACTIVATIONS))
        object.__setattr__(self, "losses", _known("loss", "losses", self.losses, LOSSES))
        object.__setattr__(self, "dtypes", _known("dtype", "dtypes", dtype_names(self.dtypes), DTYPES))
        object.__setattr__(self, "values", _known("value regime", "values", self.values, VALUE_REGIMES))
        if self.outputs is not None:
            object.__setattr__(self, "outputs", _known("output activation", "outputs", self.outputs, ACTIVATIONS))
        depths = tuple(self.depths) if isinstance(self.depths, (tuple, list, np.ndarray)) else self.depths
        if not (isinstance(depths, tuple) and len(depths) == 2 and all(
                isinstance(d, (int, np.integer)) and not isinstance(d, (bool, np.bool_)) for d in depths)):
            raise TypeError(f"depths must be (MIN, MAX), two ints within 1-{MAX_DEPTH}; got {self.depths!r}")
        low, high = (int(d) for d in depths)
        object.__setattr__(self, "depths", (low, high))
        check_flags(self.l2, self.fused_only)
        object.__setattr__(self, "l2", bool(self.l2))
        object.__setattr__(self, "fused_only", bool(self.fused_only))
        if not 1 <= low <= high <= MAX_DEPTH:
            raise ValueError(f"depths must be MIN <= MAX within 1-{MAX_DEPTH} (the number of layers L); "
                             f"got {low}-{high}")
        if not self.hidden and high > 1:
            raise ValueError("the activations must include one a hidden layer can use "
                             f"({', '.join(ELEMENTWISE_ACTIVATIONS)}); got {', '.join(self.activations)}")
        if not self.output_pairs:
            needs = "; ".join(f"{loss} ({', '.join(output_choices_for(loss, self.fused_only))})"
                              for loss in self.losses)
            fused = " with a fused dZ[L] = A[L] - Y" if self.fused_only else ""
            raise ValueError(f"no activation among {', '.join(self.output_choices)} is an output activation{fused} "
                             f"for {needs}")

    @property
    def hidden(self) -> tuple[str, ...]:
        """The elementwise activations in scope, for hidden layers."""
        return tuple(name for name in self.activations if name in ELEMENTWISE_ACTIVATIONS)

    @property
    def output_pairs(self) -> tuple[tuple[str, str], ...]:
        """(output activation, loss) pairs in scope, loss by loss."""
        return output_pairs(self.losses, self.output_choices, self.fused_only)

    @property
    def output_choices(self) -> tuple[str, ...]:
        """The activations the output layer may have: outputs, or else the activations."""
        return self.activations if self.outputs is None else self.outputs


#: Every activation, loss, dtype and value regime: the scope of `backprop verify` and of the test suite's campaign.
EVERYTHING = Scope()
