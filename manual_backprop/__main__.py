"""`python -m manual_backprop COMMAND ...`: the `backprop` command, for environments without its script on PATH."""

from manual_backprop.cli import main

raise SystemExit(main())
