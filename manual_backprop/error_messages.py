"""How an error message shows what was wrong: a hint at the closest valid name, a huge int shown by its size, and
a type named with its article ('an int', 'a list').

not_one_of(subject, name, choices) is the one wording of an unknown name, "SUBJECT must be one of A, B; got 'x' (did
you mean 'b'?)", that NetworkSpec, the oracle's Scope and every `backprop` command give (argparse's choices too),
and must_be(subject, rule, got) that of every refused value, an unknown name's and an out-of-range number's (quoted
shows several names got as it shows one, the oracle's Scope's "got 'tanh', 'relu'"); its
hint is closest_name(name, choices), at the closest choice or the one another library's name (mse, bce) means
(name_hints.NAME_HINTS), and among dtypes it names what NumPy reads a name as (dtype_reading): "got 'f2' (NumPy's
float16; did you mean 'float64'?)", a dtype of no number by its kind ("got 'U8' (NumPy reads it as a string dtype, not
a number)", and so a dtype object, "got dtype('<U8') (...)"); shown(value) is repr(value), except for an int of
over 200 bits, which it describes by its number of digits (repr raises past 4,300): NetworkSpec's l2 and gradient
descent's learning_rate show a bad value with it. Both are plain string work (and np.dtype's reading of a name), no
math, so the oracle may import them, as it imports the spec.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Sequence
from typing import Any

from .dtype_reading import _kind, _numpy_dtype, numpy_name
from .name_hints import NAME_HINTS

#: What a candidate's code may raise that is its own failure, reported where it happened and not the run's end: any
#: Exception, and the SystemExit of a sys.exit() in it. Ctrl-C (KeyboardInterrupt) still ends the run.
CANDIDATE_FAILURES: tuple[type[BaseException], ...] = (Exception, SystemExit)


def closest_name(name: object, choices: tuple[str, ...]) -> str:
    """A ' (did you mean ...?)' hint naming the closest valid choice, or '' when none is close: another library's
    name for one of the choices (NAME_HINTS), else the closest spelling, case ignored. Among dtypes (every choice
    NumPy's name of a dtype), a name NumPy reads otherwise ('f2', 'double') is named as NumPy names it, and the hint
    is at that name: " (NumPy's float16; did you mean 'float64'?)"; one of no number by its kind, with no hint at a
    choice: " (NumPy reads it as a string dtype, not a number)" for 'U8' (NumPy's str256), and so for a dtype object
    (np.dtype("U8"), whose name NumPy cannot read back, kept a dtype object by autodiff_oracle.scope_names.dtype_names);
    one in the byte order this machine does not use ('>f8', np.dtype('>f8')) with that order: " (NumPy's float64 in
    non-native (big-endian) byte order; did you mean 'float64'?)"."""
    among_dtypes = all(numpy_name(choice) == choice for choice in choices)
    if not isinstance(name, str):
        import numpy as np

        if not (among_dtypes and isinstance(name, np.dtype)):
            return ""
        kind = _kind(name)
        if kind is None:
            return "" if name.isnative else _read_as(name, choices)
        return f" (NumPy reads it as {kind}, not a number)"
    dtype = _numpy_dtype(name) if among_dtypes else None
    kind = None if dtype is None else _kind(dtype)
    if kind is not None:                       # no hint at a choice: 'datetime64' is near 'float64' in spelling alone
        return f" (NumPy reads it as {kind}, not a number)"
    if dtype is not None and dtype.name != name:
        return _read_as(dtype, choices)
    key = "".join(name.lower().replace("-", " ").replace("_", " ").split())
    match = [choice for choice in NAME_HINTS.get(key, ()) if choice in choices][:1]
    if match:
        return f" (did you mean {match[0]!r}?)"
    folded = {choice.lower(): choice for choice in choices}
    close = difflib.get_close_matches(name.lower(), list(folded), n=1, cutoff=0.5)
    return f" (did you mean {folded[close[0]]!r}?)" if close else ""


def _read_as(dtype: Any, choices: tuple[str, ...]) -> str:
    """" (NumPy's float16; did you mean 'float64'?)": NumPy's name of dtype, with its byte order when not this
    machine's (" (NumPy's float64 in non-native (big-endian) byte order; ..."), and closest_name's hint at that name."""
    order = "big" if dtype.byteorder == ">" else "little"
    swapped = "" if dtype.isnative else f" in non-native ({order}-endian) byte order"
    return f" (NumPy's {dtype.name}{swapped}{closest_name(dtype.name, choices).replace(' (', '; ', 1) or ')'}"


def not_one_of(subject: str, got: object, choices: Sequence[str], hint: str | None = None) -> str:
    """The one wording of a name that is not among choices, every command's and the API's: "SUBJECT must be one of A,
    B, C; got 'X' (did you mean 'B'?)", the hint closest_name's among choices unless given ('' for none)."""
    hint = closest_name(got, tuple(choices)) if hint is None else hint
    return must_be(subject, f"one of {', '.join(map(str, choices))}", got) + hint


def listed(names: Sequence[str], word: str = "and") -> str:
    """The names as a phrase: 'a', 'a and b', 'a, b and c' (or another word: 'a, b or c')."""
    return f"{', '.join(names[:-1])} {word} {names[-1]}" if len(names) > 1 else "".join(names)


def must_be(subject: str, rule: str, got: object) -> str:
    """The one wording of a value refused, an unknown name's (not_one_of) and a number's out of its range (every
    `backprop` option's as typed, "--l2 must be a finite number >= 0; got '-1'"): "SUBJECT must be RULE; got X"."""
    return f"{subject} must be {rule}; got {shown(got)}"


def quoted(names: Sequence[object]) -> str:
    """names as must_be shows a value got, each quoted, for a message that names several: "'tanh', 'relu'"."""
    return ", ".join(map(shown, names))


def error_text(error: BaseException) -> str:
    """str(error), or what stands for it when the exception's own __str__ raises (a candidate's exception class):
    a report about someone's code must not fail on a fault of that code."""
    try:
        return str(error)
    except Exception as failure:            # anything its __str__ raises (a KeyboardInterrupt still ends the run)
        return f"<str() of this {type(error).__name__} raised {type(failure).__name__}>"


def counted(count: int, noun: str) -> str:
    """'1 problem', '2 problems': count and noun, in the plural but for 1."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def shown(value: object) -> str:
    """repr(value) for a message, or the size of an int too long to print (past 4,300 digits repr itself raises)."""
    if isinstance(value, int) and value.bit_length() > 200:
        return f"an int of about {int(value.bit_length() * math.log10(2)) + 1:,} digits"
    return repr(value)


def a_type(value: object) -> str:
    """The type of value with its indefinite article, for a message: 'an int', 'a list', 'a NoneType'."""
    name = type(value).__name__
    vowel_sound = (name[:1].lower() in "aeiou" and not name.startswith("uint")) or name.startswith("nd")   # an ndarray
    return f"{'an' if vowel_sound else 'a'} {name}"
