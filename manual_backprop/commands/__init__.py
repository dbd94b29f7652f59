"""Subcommands of the `backprop` command (see manual_backprop.cli)."""
