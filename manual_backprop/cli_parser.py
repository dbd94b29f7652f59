"""OneLineParser, the `backprop` command's argparse parser: argparse's refusals as one line ending in see_help's
"(see PROG --help)", with a hint at the closest valid command, choice or option, each naming what was typed first as
every other refusal does ("--cases needs a value", not argparse's "argument --cases: expected one argument":
reworded: cli_wording.py); cli builds it, and prints the same line (refusal) for a usage error a command finds after
parsing (cli.UsageError)."""

from __future__ import annotations

import argparse
import difflib
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn

from manual_backprop import process_guards
from manual_backprop.cli_wording import reworded, typed
from manual_backprop.error_messages import listed, not_one_of

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

    def parse_known_args(self, args: Sequence[str] | None = None,   # type: ignore[override]
                         namespace: argparse.Namespace | None = None) -> tuple[argparse.Namespace, list[str]]:
        self._words = list(sys.argv[1:] if args is None else args)    # for error's options typed before a command
        return super().parse_known_args(args, namespace)

    def error(self, message: str) -> NoReturn:
        required = message == "the following arguments are required: COMMAND"
        self.exit(2, f"{self.refusal((required and self._before_command()) or reworded(message))}\n")

    def _before_command(self) -> str | None:
        """An option typed where the COMMAND goes (`backprop --cases 3`, where argparse says that COMMAND is
        required or takes 3 for it): the option and where it goes ("--cases comes after a COMMAND: backprop verify
        --cases or backprop mutants --cases"), or the commands to choose from; None if the first word is none."""
        commands = next((action.choices for action in self._actions
                         if isinstance(action, argparse._SubParsersAction)), None)
        words = getattr(self, "_words", [])
        if not (commands and words and words[0].startswith("-")):
            return None
        option = words[0].split("=")[0]
        having = [name for name, parser in commands.items() if option in parser._option_string_actions]
        if having:
            typed_after = [f"{self.prog} {name} {option}" for name in having]
            return f"{option} comes after a COMMAND: {listed(typed_after, 'or')}"
        return f"{option} is not recognized; a COMMAND comes first: {listed(list(commands), 'or')}"

    def _check_value(self, action: argparse.Action, value: object) -> None:   # argparse's hook for choices
        if action.choices is not None and value not in action.choices:          # the option, as a CommandError's
            misplaced = isinstance(action, argparse._SubParsersAction) and self._before_command()
            raise argparse.ArgumentError(None, misplaced or not_one_of(_name(action), value,
                                                                       tuple(map(str, action.choices))))

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
        dashed = [word.startswith("-") for word in unknown]
        one = len(unknown) == 1 or dashed == [True] + [False] * (len(unknown) - 1)   # one word, or one option and its
        self.error(f"{typed(unknown)} {'is' if one else 'are'} not recognized{''.join(hints)}")   # value(s)


def _name(action: argparse.Action) -> str:
    """The option as a refusal names it: its option strings, else (a positional) its metavar or dest."""
    return "/".join(action.option_strings) or str(action.metavar or action.dest)
