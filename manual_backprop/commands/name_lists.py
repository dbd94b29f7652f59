"""The comma-separated lists of names `backprop verify` and `backprop bench` take (verify's --activations, --hidden,
--outputs, --losses, --dtypes and --values; bench's --sizes, --networks, --dtypes and --peers): each a set to choose
from, so an empty item, an unknown name and a name given twice are refused alike in both, echoing the text as typed
(train's --activations, one name per layer, is another kind of list: tanh,tanh is a network's)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from manual_backprop.error_messages import must_be, not_one_of


def names_in(option: str, text: str, known: Sequence[str], read: Callable[[tuple[str, ...]], Sequence[object]] | None
             = None, hints: dict[str, str] | None = None) -> tuple[str, ...]:
    """The names of text, stripped, in its order; else cli.UsageError: an empty item ("sigmoid,,tanh", "" or a
    trailing comma: must_be's "OPTION must be a comma-separated list of names; got 'TEXT'"), the first name not in
    known (not_one_of, with hints' word on it if it has one, else the closest choice), or a name given twice, as read
    reads each ("--dtypes names float32 twice; got 'f4,float32'": verify's dtypes are what NumPy reads; by default
    each name as it is)."""
    from manual_backprop.cli import UsageError

    given = tuple(name.strip() for name in text.split(","))
    if not all(given):
        raise UsageError(must_be(option, "a comma-separated list of names", text))
    meant = tuple(given if read is None else read(given))
    unknown = [name for name, reading in zip(given, meant, strict=True) if reading not in known]
    if unknown:
        raise UsageError(not_one_of(option, unknown[0], known, (hints or {}).get(unknown[0])))
    twice = [name for name in dict.fromkeys(meant) if meant.count(name) > 1]
    if twice:
        times = meant.count(twice[0])
        raise UsageError(f"{option} names {twice[0]} {'twice' if times == 2 else f'{times} times'}; got {text!r}")
    return given
