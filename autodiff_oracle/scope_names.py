"""How a Scope reads what it is given: names checked against the registry's and put in its order, dtypes named as
NumPy names them, the two flags, the (output activation, loss) pairs a scope's names make, and the pairs given
(scope re-exports each; autodiff_oracle.strategies and `backprop verify`'s options make the same checks)."""

from __future__ import annotations

from typing import Any

import numpy as np

from manual_backprop.campaign_defaults import DTYPES
from manual_backprop.dtype_reading import in_native_order, numpy_name
from manual_backprop.error_messages import not_one_of
from manual_backprop.spec import FUSED_PAIRS, OUTPUT_ACTIVATIONS_FOR_LOSS


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


def known_pairs(pairs: Any) -> tuple[tuple[str, str], ...]:
    """pairs as (output activation, loss) tuples, each a pair the spec takes, in output_pairs' order (loss by loss);
    ValueError naming the first unknown name or a pair the loss does not take, or if there are none; TypeError for
    what is no sequence of pairs of names."""
    from manual_backprop.spec import ACTIVATIONS, LOSSES

    example = "(('softmax', 'categorical_cross_entropy'),)"
    if isinstance(pairs, str):
        raise ValueError(f"pairs must be a sequence of (output activation, loss) pairs, such as {example}; got the "
                         f"string {pairs!r}")
    try:
        given = [tuple(pair) if not isinstance(pair, str) else pair for pair in pairs]
    except TypeError as error:
        raise TypeError(f"pairs must be a sequence of (output activation, loss) pairs, such as {example}; got "
                        f"{pairs!r}") from error
    for i, pair in enumerate(given):
        if isinstance(pair, str) or len(pair) != 2:
            raise ValueError(f"pairs[{i}] must be an (output activation, loss) pair; got {pair!r}")
        out, loss = pair
        if loss not in LOSSES:
            raise ValueError(not_one_of(f"pairs[{i}][1] (the loss)", loss, LOSSES))
        if out not in ACTIVATIONS:
            raise ValueError(not_one_of(f"pairs[{i}][0] (the output activation)", out, ACTIVATIONS))
        if out not in OUTPUT_ACTIVATIONS_FOR_LOSS[loss]:
            raise ValueError(f"pairs[{i}]: {loss} does not take {out} as the output activation; got {pair!r}")
    if not given:
        raise ValueError(f"no output/loss pair given; give at least one, such as {example}")
    return tuple(pair for pair in output_pairs(LOSSES, ACTIVATIONS, False) if pair in given)


def refuse_undrawn(pairs: tuple[tuple[str, str], ...], losses: tuple[str, ...], outputs: tuple[str, ...],
                   fused_only: bool) -> None:
    """ValueError naming the first of pairs (known_pairs') that losses, outputs and fused_only leave out, and what to
    change: each pair asked for is drawn, or refused, never dropped (Scope's and autodiff_oracle.strategies' check)."""
    drawn = output_pairs(losses, outputs, fused_only)
    for out, loss in pairs:
        if (out, loss) in drawn:
            continue
        left = ("losses", loss) if loss not in losses else ("outputs", out) if out not in outputs else None
        why = f"which {left[0]} leaves out; add {left[1]!r} to {left[0]}" if left else \
            "whose dZ[L] is not A[L] - Y (fused_only); set fused_only False"
        raise ValueError(f"pairs has ({out!r}, {loss!r}), {why} or leave the pair out")
