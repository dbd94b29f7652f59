"""`python -m manual_backprop COMMAND ...`: the `backprop` command, for environments without its script on PATH."""

from manual_backprop.cli import entry

entry()
