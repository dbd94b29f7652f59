"""argparse's refusals in the words of every other refusal, for cli_parser.OneLineParser's one line: the option named
first ("--cases needs a value", not argparse's "argument --cases: expected one argument"), lists of names as a phrase
("a and b"), and the words typed shown as a shell reads them back."""

from __future__ import annotations

import re
import shlex
from collections.abc import Sequence

from manual_backprop.error_messages import listed

#: argparse's own refusals (its English, Python 3.11-3.13) and theirs here, each naming the option first as every other
#: refusal does; the last one any other "argument OPTION: MESSAGE" as "OPTION: MESSAGE".
REWORDED = (
    (r"argument (?P<name>\S+): expected one argument", "{name} needs a value"),
    (r"argument (?P<name>\S+): expected at least one argument", "{name} needs at least one value"),
    (r"argument (?P<name>\S+): expected at most one argument", "{name} takes at most one value"),
    (r"argument (?P<name>\S+): expected (?P<count>\d+) arguments", "{name} needs {count} values"),
    (r"argument (?P<name>\S+): not allowed with argument (?P<other>\S+)", "{name} cannot be used with {other}; leave "
                                                                         "one of them out"),
    (r"argument (?P<name>\S+): ignored explicit argument (?P<value>.+)", "{name} takes no value; got {value}"),
    (r"argument (?P<name>\S+): invalid (?P<type>\w+) value: (?P<value>.+)", "{name} must be {an} {type}; got {value}"),
    (r"the following arguments are required: (?P<names>.+)", "{names} {is_are} required"),
    (r"one of the arguments (?P<alternatives>.+) is required", "{alternatives} is required"),
    (r"ambiguous option: (?P<name>[^\s=]+)(=.*?)? could match (?P<matches>.+)",      # --s=VALUE: the option alone
     "{name} could mean {matches}; give more of its name"),
    (r"argument (?P<name>\S+): (?P<message>.+)", "{name}: {message}"),
)


def reworded(message: str) -> str:
    """argparse's message as REWORDED words it ("argument --cases: expected one argument" is "--cases needs a
    value"); any other (a refusal of ours) as it is."""
    for pattern, wording in REWORDED:
        match = re.fullmatch(pattern, message, flags=re.DOTALL)
        if match:
            fields = match.groupdict()
            required = fields.get("names", "").split(", ")
            fields.update({key: _either(fields[key], key) for key in ("names", "matches", "alternatives")
                           if key in fields})
            return wording.format(**fields, an="an" if fields.get("type", "")[:1] in tuple("aeiou") else "a",
                                  is_are="is" if len(required) == 1 else "are")
    return message


def _either(text: str, key: str) -> str:
    """argparse's list of names as a phrase: "a, b" as "a and b" (required names) or "a or b" (the others; a group's
    alternatives are listed with spaces between them)."""
    names = text.split() if key == "alternatives" else text.split(", ")
    return listed(names, "and" if key == "names" else "or")


def typed(words: Sequence[str]) -> str:
    """words as a shell reads them back (shlex.join: '' and 'y z' quoted), each on this one line (a word with a
    newline or another unprintable character shown by repr)."""
    return " ".join(shlex.quote(word) if word.isprintable() else repr(word) for word in words)
