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
from manual_backprop.error_messages import listed, quoted
from manual_backprop.spec import ACTIVATIONS, ELEMENTWISE_ACTIVATIONS, LOSSES

from .problems import VALUE_REGIMES
from .scope_names import _known, check_flags, dtype_names, known_pairs, output_choices_for, output_pairs, refuse_undrawn


@dataclass(frozen=True, init=False)
class Scope:
    """What to draw from; ValueError if no network can be built.

    activations: for hidden layers (the elementwise ones) and, unless outputs or pairs is given, the output layer;
    outputs: the output layer's activations; pairs: (output activation, loss) pairs, the only ones drawn (each must
    be one the other arguments allow: a pair they leave out is refused, not dropped); depths: (min, max) number of
    layers L, within 1-4; dtypes: float64 and/or float32, by name or as NumPy reads a dtype (np.float32) in the
    native byte order, kept as names; l2: whether lambda > 0 is drawn too (False: every spec has l2 = 0);
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
    pairs: tuple[tuple[str, str], ...] | None

    def __init__(self, activations: Iterable[str] = ACTIVATIONS, losses: Iterable[str] = LOSSES,
                 dtypes: Iterable[DTypeLike] = DTYPES, outputs: Iterable[str] | None = None,
                 depths: Sequence[int | np.integer[Any]] = (1, MAX_DEPTH), l2: bool | np.bool_ = True,
                 fused_only: bool | np.bool_ = False, values: Iterable[str] = VALUE_REGIMES,
                 pairs: Iterable[tuple[str, str]] | None = None) -> None:
        for name, value in (("activations", activations), ("losses", losses), ("dtypes", dtypes),
                            ("outputs", outputs), ("depths", depths), ("l2", l2), ("fused_only", fused_only),
                            ("values", values), ("pairs", pairs)):
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
        if self.pairs is not None:
            object.__setattr__(self, "pairs", known_pairs(self.pairs))
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
                             f"({', '.join(ELEMENTWISE_ACTIVATIONS)}); got {quoted(self.activations)}")
        refuse_undrawn(self.pairs or (), self.losses, self.output_choices, self.fused_only)
        if not self.output_pairs:                  # as must_be words a value refused, the names given quoted
            needs = [f"{loss} ({', '.join(output_choices_for(loss, self.fused_only))})" for loss in self.losses]
            fused = " with a fused dZ[L] = A[L] - Y" if self.fused_only else ""
            raise ValueError(f"the output activations must include one that {listed(needs, 'or')} takes{fused}; got "
                             f"{quoted(self.output_choices)}")

    @property
    def hidden(self) -> tuple[str, ...]:
        """The elementwise activations in scope, for hidden layers."""
        return tuple(name for name in self.activations if name in ELEMENTWISE_ACTIVATIONS)

    @property
    def output_pairs(self) -> tuple[tuple[str, str], ...]:
        """(output activation, loss) pairs in scope, loss by loss: pairs, if given."""
        return output_pairs(self.losses, self.output_choices, self.fused_only) if self.pairs is None else self.pairs

    @property
    def output_choices(self) -> tuple[str, ...]:
        """The activations the output layer may have: outputs, or else those of pairs, or else the activations."""
        if self.outputs is None and self.pairs is not None:
            return tuple(name for name in ACTIVATIONS if any(out == name for out, _ in self.pairs))
        return self.activations if self.outputs is None else self.outputs


#: Every activation, loss, dtype and value regime: the scope of `backprop verify` and of the test suite's campaign.
EVERYTHING = Scope()
