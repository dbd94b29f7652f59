"""The `backprop` command: one subcommand per module in manual_backprop.commands.

Each command module has HELP, add_arguments(parser) and run(args) -> exit code, and imports any
heavy or optional dependency (JAX, matplotlib, scikit-learn) inside run, so `backprop --help`
works with NumPy alone and a missing extra gets a one-line message naming it.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from manual_backprop import process_guards, progress
from manual_backprop.cli_parser import OneLineParser

COMMANDS = ("verify", "bench", "bench-compare", "train", "vectors", "check-port", "mutants")


class MissingExtraError(RuntimeError):
    """A command needs an optional dependency that is not installed."""


class CommandError(ValueError):
    """A command cannot go on (a file it cannot read or write, a run that diverged): main prints `backprop COMMAND:
    message` on stderr and exits with 2, as argparse does for its own errors."""


class UsageError(CommandError):
    """What was typed cannot be used, found after parsing (an unknown name, in error_messages.not_one_of's wording;
    options that contradict each other; a value the data refuses): main prints OneLineParser.refusal's line, ending
    in see_help's "(see backprop COMMAND --help)" as every refusal of argparse's ends, so that every usage error
    reads alike. The message echoes each value as typed."""


def require(module: str, extra: str) -> None:
    """Raise MissingExtraError naming the extra to install if module cannot be imported."""
    try:
        importlib.import_module(module)
    except ImportError as error:
        raise MissingExtraError(f"this command needs {module}: pip install 'manual-backprop[{extra}]' ({error})") \
            from error


def build_parser() -> argparse.ArgumentParser:
    from manual_backprop import __version__

    parser = OneLineParser(prog="backprop", description="Hand-written backprop, checked against JAX.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        module = importlib.import_module(f"manual_backprop.commands.{name.replace('-', '_')}")
        command = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(command)
        command.set_defaults(run=module.run, parser=command)
    return parser


def _run(argv: Sequence[str]) -> int:
    if not argv:                                   # a bare `backprop`: the commands, not an error line
        build_parser().print_help(sys.stderr)
        return 2
    args, unknown = build_parser().parse_known_args(argv)
    if unknown:                                    # named by its command: "backprop verify: ...", not "backprop:"
        args.parser.unknown_options(unknown)
    try:
        try:
            return int(args.run(args))
        finally:                                   # stopped mid-run (an error, Ctrl-C): the message starts a line
            progress.end_line()                    # of its own, not at the end of the progress bar's
    except (MissingExtraError, CommandError) as error:
        line = args.parser.refusal(str(error)) if isinstance(error, UsageError) else f"backprop {args.command}: {error}"
        print(line, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"backprop {args.command}: interrupted", file=sys.stderr)
        return 130


def main(argv: Sequence[str] | None = None) -> int:
    process_guards.tolerant_output()               # an ASCII stdout gets \xb5 for µ, not a UnicodeEncodeError
    try:                                           # stdout flushed at the guard's end, not at exit: caught below
        with process_guards.stdout_watched(), process_guards.interrupts_kept():   # a Ctrl-C in a gc callback (JAX's)
            return _run(sys.argv[1:] if argv is None else argv)                  # is not swallowed
    except BrokenPipeError:                        # `backprop ... | head` closed stdout: stop quietly, as cat does
        process_guards.quiet_stdout()              # Python's own flush at exit must not fail
        return 141                                 # 128 + SIGPIPE, what a shell reports for `cat big | head`
    except KeyboardInterrupt:                      # before a command runs (its imports, the parser): no traceback
        print("backprop: interrupted", file=sys.stderr)
        return 130
    except (ValueError, OSError) as error:         # stdout closed by the code a command ran (a --yours function), or
        reason = process_guards.stdout_fault(error)   # full (`> /dev/full`): one line, as cat's write error
        if reason is None:
            raise
        process_guards.quiet_stdout()
        print(f"backprop: {reason}", file=sys.stderr)
        return 1


def entry() -> NoReturn:
    """The `backprop` script and `python -m manual_backprop`: main's exit status, and after a Ctrl-C (130) an exit
    that skips the interpreter's finalisation, which crashed (exit 139, a segmentation fault with no Python frame)
    around the XLA threads an interrupted verify or vectors leaves behind; the streams are flushed first."""
    code = main()
    if code == 130:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError, AttributeError):   # closed, gone or full: nothing to keep
                stream.flush()
        os._exit(130)
    sys.exit(code)


if __name__ == "__main__":
    entry()
