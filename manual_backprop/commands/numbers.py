"""The argparse types of every `backprop` option that takes a number: a value out of its range is refused while
parsing, in error_messages.must_be's wording with the text as typed, quoted as an unknown name is ("--l2 must be a
finite number >= 0; got '-1'", where the float read showed -1.0), and OneLineParser ends the line with see_help's
"(see backprop COMMAND --help)", as it ends every usage error, argparse's and a command's (exit status 2).
Text int() or float() cannot read is refused by the option's rule too ("--cases must be an int >= 0; got '1e3'"),
as --block-ms always refused it: argparse's "argument --cases: invalid int value: '1e3'" was a second wording for one
option (the types are still named int and float, which tests use to find every number option). A number judged
after parsing, against the data, keeps its text (Typed) for that message (train's --test-fraction)."""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable

from manual_backprop.error_messages import counted, must_be


def refused(option: str, rule: str, text: str) -> argparse.ArgumentError:
    """What an argparse type raises for text option cannot take: must_be's "OPTION must be RULE; got 'TEXT'", with
    no "argument OPTION: " before it (the message names the option itself)."""
    return argparse.ArgumentError(None, must_be(option, rule, text))


def _int_or_none(text: str) -> int | None:
    """int(text), or None for text int() cannot read ('1e3', 'x', past 4,300 digits)."""
    try:
        return int(text)
    except ValueError:
        return None


def count(option: str, least: int) -> Callable[[str], int]:
    """An argparse type: an int >= least ("--rounds must be an int >= 1; got '0'", and so for '1e3')."""
    def parse(text: str) -> int:
        value = _int_or_none(text)
        if value is None or value < least:
            raise refused(option, f"an int >= {least}", text)
        return value
    parse.__name__ = "int"
    return parse


class Typed(float):
    """A float that keeps the text it was read from (.text), for a message after parsing that echoes it as typed
    ("--test-fraction .999 leaves 0 training ...", where the float shows 0.999); in all else the float."""

    text: str

    def __new__(cls, text: str) -> Typed:
        value = super().__new__(cls, text)
        value.text = text
        return value


def as_typed(value: float) -> str:
    """The text value was read from (Typed's), else value as %g shows it (a default, not typed)."""
    return value.text if isinstance(value, Typed) else f"{value:g}"


def number(option: str, rule: str, accept: Callable[[float], bool], *, keep_text: bool = False) \
        -> Callable[[str], float]:
    """An argparse type: a finite float that accept takes, else refused by rule (NaN, the infinities and text float()
    cannot read always); keep_text: the float is a Typed."""
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not (math.isfinite(value) and accept(value)):
            raise refused(option, rule, text)
        return Typed(text) if keep_text else value
    parse.__name__ = "float"
    return parse


def not_negative(option: str) -> Callable[[str], float]:
    """An argparse type: a finite float >= 0 (train's --learning-rate, --l2 and --tolerance)."""
    return number(option, "a finite number >= 0", lambda value: value >= 0)


def threads(option: str, available: Callable[[], int]) -> Callable[[str], int]:
    """An argparse type: an int from 1 to available(), the cores this process may run on, asked only when the option
    is given (bench's and train's --threads: "an int from 1 to 2 (the 2 cores this process may run on)")."""
    def parse(text: str) -> int:
        value = _int_or_none(text)
        cores = available()
        if value is None or not 1 <= value <= cores:
            raise refused(option, f"an int from 1 to {cores} (the {counted(cores, 'core')} this process may run on)",
                          text)
        return value
    parse.__name__ = "int"
    return parse
