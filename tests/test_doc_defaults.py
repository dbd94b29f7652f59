"""The defaults the docs quote for `backprop verify` and `backprop bench` are the commands' own (their parsers read
them from manual_backprop.campaign_defaults and bench.suite.Options: tests/test_cli_verify.py, tests/test_bench.py),
so a default changed in the code and not in the prose fails here, naming the file and the phrase."""

from __future__ import annotations

import argparse

from manual_backprop.bench.suite import LARGE_ROUNDS
from manual_backprop.cli import build_parser
from tests.doc_phrases import Row, well_formed, wrong_phrases


def _defaults(command: str) -> argparse.Namespace:
    return build_parser().parse_args([command])


VERIFY, BENCH = _defaults("verify"), _defaults("bench")
CASES = f"{VERIFY.cases:,}"
#: (file, phrase with {} for each default, the defaults as the prose writes them)
DEFAULTS: list[Row] = [
    ("README.md", "on {} random problems and {} larger ones", (CASES, str(VERIFY.large))),
    ("docs/harness.md", "(default {} problems, seed {})", (CASES, str(VERIFY.seed))),
    ("docs/verification.md", "({} by default)", (CASES,)),
    ("docs/verification.md", "the default campaign: seed {}, {} problems and {} larger ones",
     (str(VERIFY.seed), CASES, str(VERIFY.large))),
    ("README.md", "of {} paired rounds (large: {})", (str(BENCH.rounds), str(LARGE_ROUNDS))),
    ("benchmarks/README.md", "for `--rounds` rounds (at the large size at most {});", (str(LARGE_ROUNDS),)),
    ("benchmarks/README.md", "| `--rounds` | {} (large: at most {}) |", (str(BENCH.rounds), str(LARGE_ROUNDS))),
    ("benchmarks/README.md", "(at the large size `min(--rounds, {})`)", (str(LARGE_ROUNDS),)),
    ("benchmarks/README.md", "| `--block-ms` | {} |", (f"{BENCH.block_ms:g}",)),
    ("benchmarks/README.md", "| `--memory-size SIZE` | `{}` |", (BENCH.memory_size,)),
    ("benchmarks/README.md", "| `--campaign-cases N` | {} |", (str(BENCH.campaign_cases),)),
]


def test_the_docs_quote_the_commands_defaults() -> None:
    wrong = wrong_phrases(DEFAULTS, "DEFAULTS in tests/test_doc_defaults.py")
    assert not wrong, "the docs quote defaults the commands no longer have:\n" + "\n".join(wrong)


def test_the_defaults_table_is_well_formed() -> None:
    assert well_formed(DEFAULTS)
