"""OneLineParser, the `backprop` command's argparse parser: argparse's refusals as one line ending in see_help's
"(see PROG --help)", with a hint at the closest valid command, choice or option; cli builds it, and prints the same
line (refusal) for a usage error a command finds after parsing (cli.UsageError)."""

from __future__ import annotations

import argparse
import difflib
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn

from manual_backprop import process_guards
from manual_backprop.error_messages import not_one_of

if TYPE_CHECKING:
    from _typeshed import SupportsWrite


def see_help(prog: str) -> str:
    """' (see PROG --help)', the end of every usage error (OneLineParser.refusal's line)."""
    return f" (see {prog} --help)"


class OneLineParser(argparse.ArgumentParser):
    """argparse's own errors (an unknown option or choice, a value it cannot convert) as one line on stderr and
    exit status 2, like a CommandError's, instead of the usage block and then the error; a mistyped command,
    choice or option gets a hint at the closest valid one."""

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        """argparse's, but an error writing standard output (`--help > /dev/full`), which it swallowed (exit 0), is
        raised for main to report as any command's."""
        try:
            if message:
                (file or sys.stderr).write(message)
        except (AttributeError, OSError) as error:
            if process_guards.stdout_fault(error) is not None:
                raise

    def refusal(self, message: str) -> str:
        """The one line of every usage error, argparse's and a command's (cli.UsageError): "PROG: MESSAGE (see PROG
        --help)"."""
        return f"{self.prog}: {message}{see_help(self.prog)}"

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.refusal(message)}\n")

    def _check_value(self, action: argparse.Action, value: object) -> None:   # argparse's hook for choices
        if action.choices is not None and value not in action.choices:          # the option, as a CommandError's
            raise argparse.ArgumentError(None, not_one_of(_name(action), value, tuple(map(str, action.choices))))

    def _get_value(self, action: argparse.Action, arg_string: str) -> object:
        """argparse's, but a type's ArgumentTypeError reads "OPTION MESSAGE" ("--out must name a path; got ''"), as
        the numbers' and choices' refusals do, not "argument --out: must name a path; got ''"."""
        try:
            return super()._get_value(action, arg_string)
        except argparse.ArgumentError as error:
            if not isinstance(error.__context__, argparse.ArgumentTypeError):
                raise
            raise argparse.ArgumentError(None, f"{_name(action)} {error.__context__}") from error.__context__

    def unknown_options(self, unknown: Sequence[str]) -> NoReturn:
        """The unrecognized-arguments error, each mistyped --option with a hint at the closest one this parser has
        (compared without the dashes, which every option shares)."""
        names = tuple(option[2:] for action in self._actions for option in action.option_strings
                      if option.startswith("--"))
        typos = [word.split("=")[0] for word in unknown if word.startswith("--")]
        matches = {typo: difflib.get_close_matches(typo[2:], names, n=1, cutoff=0.75) for typo in typos}
        hints = [f" ({typo + ': ' if len(typos) > 1 else ''}did you mean '--{match[0]}'?)"
                 for typo, match in matches.items() if match]
        self.error(f"unrecognized arguments: {' '.join(unknown)}{''.join(hints)}")


def _name(action: argparse.Action) -> str:
    """The option as a refusal names it: its option strings, else (a positional) its metavar or dest."""
    return "/".join(action.option_strings) or str(action.metavar or action.dest)
