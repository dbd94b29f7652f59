"""`backprop vectors --out DIR`: write the language-neutral test vectors (computed by the JAX oracle) into DIR."""

from __future__ import annotations

import argparse
from pathlib import Path

HELP = "write the test vectors for ports (backprop_test.json and schema.json), computed by the JAX oracle"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, default=Path("vectors"), help="output directory (default vectors/)")


def run(args: argparse.Namespace) -> int:
    from manual_backprop.cli import CommandError, require

    require("jax", "oracle")
    from autodiff_oracle.vectors import write

    if args.out.exists() and not args.out.is_dir():
        raise CommandError(f"--out {args.out} exists and is not a directory")
    try:
        paths = write(args.out)
    except OSError as error:
        raise CommandError(f"cannot write into --out {args.out}: {error.strerror or error}") from error
    for path in paths:
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")
    return 0
