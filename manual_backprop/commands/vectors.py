"""`backprop vectors --out DIR`: write the language-neutral test vectors (computed by the JAX oracle) into DIR."""

from __future__ import annotations

import argparse
from pathlib import Path

HELP = "write the test vectors for ports (backprop_test.json and schema.json), computed by the JAX oracle"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from manual_backprop.commands.writing import path_of

    parser.add_argument("--out", type=path_of, default=Path("vectors"), help="output directory (default vectors/)")


def run(args: argparse.Namespace) -> int:
    from manual_backprop.cli import require

    require("jax", "oracle")
    from autodiff_oracle.vectors import FILE_NAMES, write
    from manual_backprop.commands.writing import check_files, check_writable, write_or_fail

    check_writable("--out", str(args.out), args.out, directory=True)   # as train and bench: before any file is
    check_files("--out", str(args.out), args.out, FILE_NAMES)         # written, not between the two
    paths = write_or_fail("--out", str(args.out), lambda: write(args.out))
    for path in paths:
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")
    return 0
