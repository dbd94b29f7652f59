"""The defaults the docs quote for `backprop verify` and `backprop bench` are the commands' own (their parsers read
them from manual_backprop.campaign_defaults and bench.suite.Options: tests/test_cli_verify.py, tests/test_bench.py),
so a default changed in the code and not in the prose fails here, naming the file and the phrase. And every
`--option` the Markdown files give a `backprop` command is one of that command's own (a renamed or misplaced option
fails here, naming the file and the line)."""

from __future__ import annotations

import argparse
import re

from manual_backprop.bench.suite import LARGE_ROUNDS
from manual_backprop.cli import build_parser
from tests.doc_phrases import ROOT, Row, well_formed, wrong_phrases
from tests.test_doc_links import DOCUMENTS


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
    *((f"examples/yours/{name}", "(it passes on {} problems and {} larger ones in both dtypes",
       (CASES, str(VERIFY.large))) for name in ("notes_backprop.py", "row_major_backprop.py")),   # the default run
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


#: Options of other tools that the docs quote (git, pip, pytest, mutmut, cargo, XLA, the C port's own binary).
OTHER_TOOLS_OPTIONS = {"--exit-code", "--index-url", "--strict-markers", "--maxprocesses", "--max-children",
                       "--release", "--manifest-path", "--xla_cpu_multi_thread_eigen", "--decimal"}
OPTION = re.compile(r"(?<![\w-])--[a-z][\w-]*")


def _command_options() -> dict[str, set[str]]:
    """{command: its option strings} for every `backprop` subcommand, and for tools/mutation.py."""
    parser = build_parser()
    (sub,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    options = {name: {s for a in p._actions for s in a.option_strings} for name, p in sub.choices.items()}
    mutation = (ROOT / "tools" / "mutation.py").read_text(encoding="utf-8")
    options["tools/mutation.py"] = set(re.findall(r"add_argument\(\"(--[\w-]+)\"", mutation)) | {"--help"}
    return options


def _lines(text: str) -> list[str]:
    """The text's lines, a line ending in a backslash joined to the next (a command continued in a code block)."""
    return re.sub(r"\\\n\s*", " ", text).splitlines()


def wrong_options(documents: dict[str, str]) -> list[str]:
    """`backprop COMMAND ... --option` where COMMAND has no such option (up to the end of the command: a backtick,
    #, |, a parenthesis, && or ;), and any --option the docs give that no command, nor tools/mutation.py, has."""
    options = _command_options()
    known = set().union(*options.values()) | OTHER_TOOLS_OPTIONS | {"--version"}
    names = sorted(options, key=len, reverse=True)         # bench-compare before bench, which \b would stop at
    command = re.compile(rf"backprop ({'|'.join(map(re.escape, names))})\b([^`#|()&;]*)")
    wrong = []
    for name, text in documents.items():
        for line in _lines(text):
            for match in command.finditer(line):
                wrong += [f"{name}: backprop {match[1]} has no {option}: {match[0].strip()!r}"
                          for option in OPTION.findall(match[2]) if option not in options[match[1]]]
            wrong += [f"{name}: no command has {option}: {line.strip()!r}"
                      for option in OPTION.findall(line) if option not in known]
    return wrong


def test_every_option_the_docs_give_a_command_is_one_of_its_own() -> None:
    documents = {str(p.relative_to(ROOT)): p.read_text(encoding="utf-8") for p in DOCUMENTS}
    wrong = wrong_options(documents)
    assert not wrong, "the docs name options the commands do not have:\n" + "\n".join(wrong)


def test_the_option_check_reads_commands_as_the_docs_write_them() -> None:
    text = ("`backprop verify --cases 3 --no-l3` and `backprop bench --cases 3` (not `--caces`)\n"
            "    backprop train --dataset digits \\\n        --check-each 5   # --check-every 5\n"
            "python tools/mutation.py core --only 'x*' --resume; git diff --exit-code\n"
            "`backprop bench-compare a b --rounds 3` (bench's option, not bench-compare's)\n")
    assert sorted(w.split(": ", 2)[1] for w in wrong_options({"doc": text})) == [
        "backprop bench has no --cases", "backprop bench-compare has no --rounds", "backprop train has no --check-each",
        "backprop verify has no --no-l3",
        "no command has --caces", "no command has --check-each", "no command has --no-l3"]
