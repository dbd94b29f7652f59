"""How an error message shows what was wrong: a hint at the closest valid name, a huge int shown by its size, and
a type named with its article ('an int', 'a list').

closest_name(name, choices) is the ' (did you mean ...?)' hint that NetworkSpec, `backprop train`'s settings and
the oracle's Scope append to an unknown activation or loss name; shown(value) is repr(value), except for an int of
over 200 bits, which it describes by its number of digits (repr raises past 4,300): NetworkSpec's l2 and gradient
descent's learning_rate show a bad value with it. Both are plain string work, no math, so the oracle may import
them, as it imports the spec.
"""

from __future__ import annotations

import difflib
import math

#: What a candidate's code may raise that is its own failure, reported where it happened and not the run's end: any
#: Exception, and the SystemExit of a sys.exit() in it. Ctrl-C (KeyboardInterrupt) still ends the run.
CANDIDATE_FAILURES: tuple[type[BaseException], ...] = (Exception, SystemExit)


def closest_name(name: object, choices: tuple[str, ...]) -> str:
    """A ' (did you mean ...?)' hint naming the closest valid choice, or '' when none is close; case is ignored."""
    if not isinstance(name, str):
        return ""
    folded = {choice.lower(): choice for choice in choices}
    match = difflib.get_close_matches(name.lower(), list(folded), n=1, cutoff=0.5)
    return f" (did you mean {folded[match[0]]!r}?)" if match else ""


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
