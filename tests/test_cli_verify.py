"""`backprop verify`: the main job prints its tables and throughput, and fails on a wrong gradient."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

import manual_backprop
from manual_backprop.cli import COMMANDS, main
from manual_backprop.commands.verify import cache_hint, not_judged, size


def test_verify_passes_and_prints_table_and_throughput(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", "--cases", "240", "--seed", "3", "--large", "2"]) == 0
    out = capsys.readouterr().out
    assert "output + loss" in out and "hidden activation" in out
    assert "sigmoid + binary_cross_entropy" in out and "softmax + categorical_cross_entropy" in out
    assert "240 problems verified" in out and "verified/s" in out
    assert "then 2 larger ones (widths 9-64, m 33-1024) in " in out
    assert "PASS: manual_backprop matches the oracle" in out
    assert "failing problems" not in out                    # none: no header over an empty list


@pytest.mark.parametrize(("count", "in_part", "words"), [
    (3, 1, ", 3 not judged in whole or in part, 1 of them in part ("),
    (3, 3, ", 3 judged only in part ("),            # read "3 not judged in whole or in part, 3 of them in part"
    (1, 1, ", 1 judged only in part ("),
    (3, 0, ", 3 not judged ("),                     # read "..., 0 of them in part"
    (1200, 0, ", 1,200 not judged ("),
])
def test_the_summary_says_what_was_left_unjudged_once_when_all_or_none_of_it_was_judged_in_part(
        count: int, in_part: int, words: str) -> None:
    why = "a relu-like pre-activation within rounding error of its kink: the gradients of its layer and those below)"
    assert not_judged(count, in_part) == words + why
    assert not_judged(0, 0) == ""


def test_verify_suggests_a_persistent_compile_cache_only_when_none_is_set_and_compiling_was_long() -> None:
    assert "JAX_COMPILATION_CACHE_DIR" in cache_hint(None, 30.0)
    assert "JAX_COMPILATION_CACHE_DIR" in cache_hint("", 30.0)
    assert cache_hint("/tmp/jax-cache", 30.0) == ""
    assert cache_hint(None, 1.0) == ""


def test_verify_fails_and_names_the_parameter_when_a_gradient_is_wrong(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    real = manual_backprop.cost_and_gradients

    def wrong(*args: object) -> object:
        J, grads = real(*args)  # type: ignore[arg-type]
        return J, {**grads, "b1": grads["b1"] * 2}

    monkeypatch.setattr(manual_backprop, "cost_and_gradients", wrong)
    assert main(["verify", "--cases", "48", "--show", "1", "--large", "0"]) == 1
    out = capsys.readouterr().out
    assert "FAIL" in out and "b1[" in out and "make_problem(" in out


def test_failing_problems_are_shown_smallest_first_and_of_one_size_normal_values_first() -> None:
    from autodiff_oracle import make_problem

    spec = manual_backprop.NetworkSpec((2, 3, 1), ("tanh", "sigmoid"), "binary_cross_entropy")
    drawn = [make_problem(spec, m, seed=1, values=values) for m, values in
             [(4, "large"), (4, "integers"), (3, "large"), (4, "normal")]]
    shown = sorted(drawn, key=size)
    assert [(p.X.shape[1], p.values) for p in shown] == [(3, "large"), (4, "normal"), (4, "integers"), (4, "large")]
    deeper = make_problem(manual_backprop.NetworkSpec((1, 1, 1, 1), ("tanh", "tanh", "sigmoid"),
                                                      "binary_cross_entropy"), 1, seed=1)
    assert size(deeper) > size(shown[-1])      # depth first, though it has fewer parameters and examples


def test_a_loss_asked_for_that_cannot_be_verified_is_named_in_a_note_and_the_rest_runs(
        capsys: pytest.CaptureFixture[str]) -> None:
    """categorical_cross_entropy needs softmax: with --outputs sigmoid the campaign ran sigmoid + MSE alone and
    passed without a word about the loss it had been asked for."""
    assert main(["verify", "--outputs", "sigmoid", "--losses", "mean_squared_error,categorical_cross_entropy",
                 "--cases", "2", "--large", "0"]) == 0
    out, err = capsys.readouterr()
    assert [line for line in err.splitlines() if line.startswith("note:")] == [
        "note: --losses categorical_cross_entropy will not be verified: its output activation must be softmax, and "
        "--outputs gives sigmoid"], err
    assert "sigmoid + mean_squared_error" in out and "PASS" in out


@pytest.mark.parametrize(("args", "notes"), [
    ((), []),
    (("--outputs", "sigmoid"), []),                  # the losses left to their default: none was asked for
    (("--activations", "relu,sigmoid", "--losses", "binary_cross_entropy"), []),     # relu: the hidden layers'
    (("--activations", "relu,sigmoid", "--depth", "1", "--losses", "binary_cross_entropy"),
     ["note: --activations relu will not be verified: no loss of --losses takes it as the output activation, and "
      "--depth 1 has no hidden layer"]),
    (("--activations", "relu,sigmoid", "--hidden", "tanh", "--losses", "binary_cross_entropy"),
     ["note: --activations relu will not be verified: no loss of --losses takes it as the output activation, and "
      "--hidden gives the hidden layers'"]),
    (("--outputs", "tanh,identity", "--fused-only"),
     ["note: --outputs tanh will not be verified: no loss takes it as the output activation with a fused dZ[L] "
      "(--fused-only)"]),
    (("--activations", "relu,tanh", "--pairs", "sigmoid:binary_cross_entropy,tanh:mean_squared_error"), []),
    (("--activations", "softmax,tanh", "--pairs", "sigmoid:binary_cross_entropy"),     # softmax: output layers only
     ["note: --activations softmax will not be verified: beside --pairs, --activations gives the hidden layers', and "
      "softmax cannot be one"]),
    (("--activations", "tanh, softmax", "--outputs", "sigmoid"),
     ["note: --activations softmax will not be verified: beside --outputs, --activations gives the hidden layers', and "
      "softmax cannot be one"]),
    (("--outputs", "sigmoid,identity", "--fused-only", "--losses", "binary_cross_entropy,categorical_cross_entropy"),
     ["note: --losses categorical_cross_entropy will not be verified: its output activation must be softmax with a "
      "fused dZ[L] (--fused-only), and --outputs gives sigmoid, identity",
      "note: --outputs identity will not be verified: no loss of --losses takes it as the output activation with a "
      "fused dZ[L] (--fused-only)"]),
])
def test_each_name_asked_for_that_the_campaign_cannot_draw_gets_a_note(args: tuple[str, ...],
                                                                       notes: list[str]) -> None:
    from manual_backprop.cli import build_parser
    from manual_backprop.commands.verify_args import scope_of, uncovered

    parsed = build_parser().parse_args(["verify", *args])
    assert uncovered(parsed, scope_of(parsed)) == notes


def test_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    assert "verify" in capsys.readouterr().out


def test_verify_takes_its_defaults_and_their_help_from_the_campaigns_constants(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """--cases, --seed, --depth and --dtypes default to the campaign's own values (manual_backprop.campaign_defaults,
    which autodiff_oracle's campaign and scope import; the parser reads them without JAX) and the help shows them:
    changed there, they change here too (the parser wrote 3000 and 0, and its help 1-4 and float64,float32)."""
    import inspect

    from autodiff_oracle import campaign, scope
    from manual_backprop import campaign_defaults
    from manual_backprop.cli import build_parser

    assert (campaign.CASES, inspect.signature(campaign.run_campaign).parameters["seed"].default, scope.MAX_DEPTH,
            scope.DTYPES) == (campaign_defaults.CASES, campaign_defaults.SEED, campaign_defaults.MAX_DEPTH,
                              campaign_defaults.DTYPES)
    for name, value in (("CASES", 1234), ("SEED", 7), ("MAX_DEPTH", 3), ("DTYPES", ("float32",))):
        monkeypatch.setattr(campaign_defaults, name, value)
    parser = build_parser()
    args = parser.parse_args(["verify"])
    assert (args.cases, args.seed) == (1234, 7)
    with pytest.raises(SystemExit):
        parser.parse_args(["verify", "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    assert "--cases CASES number of random problems (default 1234)" in shown
    assert "--seed SEED seed of the campaign (default 7)" in shown
    assert "--dtypes DTYPES float32, or float32 (the default)" in shown
    assert "N or MIN-MAX within 1-3 (default 1-3)" in shown
    (low_n, high_n), (low_m, high_m) = campaign.LARGE_WIDTHS, campaign.LARGE_MS   # written out: they need JAX
    assert f"--large LARGE larger problems after them (widths {low_n}-{high_n}, m {low_m}-{high_m}," in shown


@pytest.mark.parametrize(("args", "message"), [
    (("verify", "--cases", "0", "--large", "0"), "--cases and --large are both 0: there is nothing to verify (see "
                                                 "backprop verify --help)\n"),
    (("mutants", "--only", "no-such-bug"), "--only must be one of E2, E3, E4, E5-transpose, "),   # was a Python
    (("mutants", "--only", "E8", "E5-transpos"), "--only must be one of E2, "),   # list, ['E2', ...]; the hints:
    # test_every_unknown_name_is_one_wording_...; a number out of its range, refused while parsing: BAD_NUMBERS
])
def test_unusable_arguments_give_one_line_on_stderr_and_exit_2_as_argparse_does(
        capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str) -> None:
    assert main(list(args)) == 2
    out, err = capsys.readouterr()
    assert not out and err.count("\n") == 1 and err.startswith(f"backprop {args[0]}: {message}"), err


@pytest.mark.parametrize(("args", "message"), [
    (("train", "--dataset", "bogus"), "backprop train: --dataset must be one of breast_cancer, digits, diabetes, "
                                      "flower; got 'bogus' (see"),
    (("verify", "--cases", "abc"), "backprop verify: --cases must be an int >= 0; got 'abc' (see"),  # was argparse's
    (("verify", "--bogus"), "backprop verify: --bogus is not recognized (see backprop verify --help)"),  # was
    (("bench", "--sizes", "tiny", "x"), "backprop bench: x is not recognized"),    # "backprop: ...": which?
    (("nocommand",), "backprop: COMMAND must be one of verify, bench, bench-compare, train, vectors, check-port, "
                     "mutants; got 'nocommand' (see"),                         # no hint: none close
    (("verfy",), "backprop: COMMAND must be one of verify, bench, bench-compare, train, vectors, check-port, "
                 "mutants; got 'verfy' (did you mean 'verify'?) (see"),
    (("train", "--dataset", "Flower"), "backprop train: --dataset must be one of breast_cancer, digits, diabetes, "
                                       "flower; got 'Flower' (did you mean 'flower'?) (see"),
    (("train", "--learning_rate", "3"), "backprop train: --learning_rate 3 is not recognized (did you mean"
                                        " '--learning-rate'?) (see"),
    (("train", "--iteratons=5", "--seeed", "3", "--zz"), "backprop train: --iteratons=5 --seeed 3 --zz are not "
     "recognized (--iteratons: did you mean '--iterations'?) (--seeed: did you mean '--seed'?) (see"),
    (("train", "--iteratons", "5", "--sed", "3"), "backprop train: --iteratons 5 --sed 3 are not recognized "
     "(--iteratons: did you mean '--iterations'?) (--sed: did you mean '--seed'?) (see"),   # two: each named; a
    # typo's first letter counts ("ed" is not close to "seed")
    (("bench", "--sizes", "tiny,smal"), "backprop bench: --sizes must be one of tiny, small, medium, large; got "
                                        "'smal' (did you mean 'small'?) (see"),
    (("bench", "--sizes", ","), "backprop bench: --sizes must be a comma-separated list of names; got ',' (see"),
    # --memory-size and --block-ms were judged after parsing, without the "(see ... --help)" of the lists' errors;
    # --block-ms 0 read "got 0.0", and --peers yours did not say where yours is asked for
    (("bench", "--memory-size", "huge"), "backprop bench: --memory-size must be one of tiny, small, medium, large, "
                                         "none; got 'huge' (see"),
    (("bench", "--memory-size", "lrge"), "backprop bench: --memory-size must be one of tiny, small, medium, large, "
                                         "none; got 'lrge' (did you mean 'large'?) (see"),
    (("bench", "--block-ms", "0"), "backprop bench: --block-ms must be a finite number > 0; got '0' (see"),
    (("bench", "--block-ms", "1e999"), "backprop bench: --block-ms must be a finite number > 0; got '1e999' (see"),
    (("bench", "--block-ms", "abc"), "backprop bench: --block-ms must be a finite number > 0; got 'abc' (see"),
    (("bench", "--peers", "manual,yours"), "backprop bench: --peers must be one of manual, bound, jax.jit, jax-eager, "
                                           "torch, finite-diff; got 'yours' (your function is timed with --yours "
                                           "TARGET, not --peers) (see"),
    # an empty path, refused alike by every command (pathlib reads '' as '.': vectors wrote into the working folder);
    # these read "argument --out: must name a path", unlike every other refusal, which names its option first
    (("bench", "--out", ""), "backprop bench: --out must name a path; got '' (see"),
    (("vectors", "--out", ""), "backprop vectors: --out must name a path; got '' (see"),
    (("check-port", ""), "backprop check-port: results must name a path; got '' (see"),
    (("check-port", "x.json", "--vectors", ""), "backprop check-port: --vectors must name a path; got '' "
                                                "(see"),
    (("train", "--out", ""), "backprop train: --out must name a path; got '' (see"),
    # a file's path that ends in a separator names a folder (train's --save and --load: test_train_command)
    (("check-port", "results/"), "backprop check-port: results 'results/' names a folder; name a file in it,"
                                 " e.g. results/results.json (see"),
    (("bench-compare", "", "b.json"), "backprop bench-compare: BEFORE must name a path; got '' (see"),
    (("bench-compare", "a.json", "b.json", "--out", "runs/"), "backprop bench-compare: --out 'runs/' names a folder; "
                                                             "name a file in it, e.g. runs/comparison.md (see"),
])
def test_what_argparse_rejects_is_one_line_too(capsys: pytest.CaptureFixture[str], args: tuple[str, ...],
                                               message: str) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out, err = capsys.readouterr()
    assert exit_info.value.code == 2 and not out and err.count("\n") == 1 and err.startswith(message), err
    assert err.endswith(" --help)\n")


#: (arguments, the line before "(see backprop COMMAND --help)") of each kind of refusal argparse makes itself, in
#: every command: each names what was typed first, as every other refusal does (--cases must be ...), where argparse
#: wrote "argument --cases: expected one argument", "the following arguments are required: results", "unrecognized
#: arguments: --bogus", "argument --no-plots: ignored explicit argument 'x'", "ambiguous option: --s could match ...".
#: (A value missing or given to a flag: every option of every command, in the test after this one.)
ARGPARSE_ERRORS = [
    (("verify", "--cases"), "--cases needs a value"),
    (("verify", "--cases", "--large", "3"), "--cases needs a value"),                # an option is no value
    (("bench", "--sizes"), "--sizes needs a value"),
    (("train", "--dataset"), "--dataset needs a value"),
    (("vectors", "--out"), "--out needs a value"),
    (("check-port", "r.json", "--vectors"), "--vectors needs a value"),
    (("mutants", "--only"), "--only needs at least one value"),
    (("check-port",), "results is required"),
    (("bench-compare",), "BEFORE and AFTER are required"),
    (("bench-compare", "a.json"), "AFTER is required"),
    (("bench-compare", "a.json", "b.json", "c.json"), "c.json is not recognized"),
    (("check-port", "--require-all"), "results is required"),
    (("--bogus",), "--bogus is not recognized; a COMMAND comes first: verify, bench, bench-compare, train, vectors, "
                   "check-port or mutants"),
    (("-x",), "-x is not recognized; a COMMAND comes first: verify, bench, bench-compare, train, vectors, "
              "check-port or mutants"),
    (("--cases", "3"), "--cases comes after a COMMAND: backprop verify --cases or backprop mutants --cases"),
    (("--layers=3,1",), "--layers comes after a COMMAND: backprop train --layers"),
    (("--out", "x"), "--out comes after a COMMAND: backprop bench --out, backprop bench-compare --out, backprop "
                     "train --out or backprop vectors --out"),
    (("verfy", "--cases", "3"), "COMMAND must be one of verify, bench, bench-compare, train, vectors, check-port, "
                                "mutants; got 'verfy' (did you mean 'verify'?)"),  # the command mistyped, not misplaced
    (("bench", "--no-plots=x"), "--no-plots takes no value; got 'x'"),
    (("verify", "--fused-only=yes"), "--fused-only takes no value; got 'yes'"),
    (("verify", "--s", "3"), "--s could mean --seed or --show; give more of its name"),
    (("verify", "--s=a b"), "--s could mean --seed or --show; give more of its name"),       # the option, not its value
    (("verify", "--s=a\nb"), "--s could mean --seed or --show; give more of its name"),     # one line
    (("verify", "--bogus"), "--bogus is not recognized"),
    (("verify", "--cases", "1", ""), "'' is not recognized"),                        # shown, not an empty word
    (("verify", "a\nb"), "'a\\nb' is not recognized"),                              # one line
    (("bench", "--sizes", "tiny", "x", "y z"), "x 'y z' are not recognized"),         # as a shell reads them back
    (("train", "--learning_rate", "3"), "--learning_rate 3 is not recognized (did you mean '--learning-rate'?)"),
    (("vectors", "more"), "more is not recognized"),
    (("check-port", "r.json", "s.json"), "s.json is not recognized"),
    (("mutants", "--bogus"), "--bogus is not recognized"),
    (("verify", "--bogus", "--more", "1"), "--bogus --more 1 are not recognized"),   # two options: are
    (("verify", "--sed", "3"), "--sed 3 is not recognized (did you mean '--seed'?)"),  # compared from its first letter
    (("train", "--iteratons", "5", "--seeed", "3"), "--iteratons 5 --seeed 3 are not recognized (--iteratons: did "
     "you mean '--iterations'?) (--seeed: did you mean '--seed'?)"),               # two hints: each names its option
]


@pytest.mark.parametrize(("args", "line"), ARGPARSE_ERRORS, ids=[" ".join(args) for args, _ in ARGPARSE_ERRORS])
def test_every_refusal_of_argparse_names_what_was_typed_first_in_one_line_pointing_to_help(
        capsys: pytest.CaptureFixture[str], args: tuple[str, ...], line: str) -> None:
    """As the numbers (BAD_NUMBERS), the names (not_one_of) and the usage errors after parsing (USAGE_ERRORS) read:
    "backprop COMMAND: OPTION ... (see backprop COMMAND --help)", exit 2, nothing on stdout."""
    prog = f"backprop {args[0]}" if args[0] in COMMANDS else "backprop"
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out, err = capsys.readouterr()
    assert exit_info.value.code == 2 and not out, err
    assert err == f"{prog}: {line} (see {prog} --help)\n"


def test_a_value_missing_or_given_to_a_flag_is_refused_by_the_options_name_in_every_command(
        capsys: pytest.CaptureFixture[str]) -> None:
    """Every option of every command: given no value ("--seed" last), or a value it does not take ("--no-l2=x"),
    the line names the option first, as ARGPARSE_ERRORS's cases do."""
    from manual_backprop.cli import COMMANDS, build_parser

    parser = build_parser()
    commands = next(action for action in parser._actions if isinstance(action, argparse._SubParsersAction)).choices
    wrong = []
    for name in COMMANDS:
        for action in commands[name]._actions:
            if not action.option_strings or isinstance(action, argparse._HelpAction):
                continue
            option = action.option_strings[0]
            args, line = ((f"{option}=x",), f"{option} takes no value; got 'x'") if action.nargs == 0 else \
                ((option,), f"{option} needs {'at least one value' if action.nargs == '+' else 'a value'}")
            with pytest.raises(SystemExit):
                main([name, *args])
            err = capsys.readouterr().err
            if err != f"backprop {name}: {line} (see backprop {name} --help)\n":
                wrong.append(err)
    assert not wrong, wrong


@pytest.mark.parametrize(("args", "line"), [
    (("--plots", "--no-plots"), "--no-plots cannot be used with --plots; leave one of them out"),
    ((), "--plots or --no-plots is required"),
    (("--plots", "--n", "x"), "--n must be an int; got 'x'"),
    (("--plots", "--f", "x"), "--f must be a float; got 'x'"),                      # "a", not "an"
    (("--plots", "--pair", "1"), "--pair needs 2 values"),
])
def test_argparse_refusals_no_command_makes_yet_name_the_option_first_too(
        capsys: pytest.CaptureFixture[str], args: tuple[str, ...], line: str) -> None:
    """No command has options that exclude each other, one of a group required, a plain int or float type or a fixed
    number of values: a parser of its own shows that their refusals read as the commands' do."""
    from manual_backprop.cli_parser import OneLineParser

    parser = OneLineParser(prog="backprop demo")
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--plots", action="store_true")
    group.add_argument("--no-plots", action="store_true")
    parser.add_argument("--n", type=int)
    parser.add_argument("--f", type=float)
    parser.add_argument("--pair", nargs=2)
    with pytest.raises(SystemExit) as exit_info:
        parser.parse_args(list(args))
    assert exit_info.value.code == 2
    assert capsys.readouterr().err == f"backprop demo: {line} (see backprop demo --help)\n"


def test_several_required_arguments_missing_are_named_with_and_and_take_are(
        capsys: pytest.CaptureFixture[str]) -> None:
    """No command requires two arguments yet: argparse's "the following arguments are required: x, y, z" reads "x, y
    and z are required", joined by "and" (a group's alternatives by "or") and with the plural verb."""
    from manual_backprop.cli_parser import OneLineParser

    parser = OneLineParser(prog="backprop demo")
    for name in ("x", "y", "z"):
        parser.add_argument(name)
    with pytest.raises(SystemExit) as exit_info:
        parser.parse_args([])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err == "backprop demo: x, y and z are required (see backprop demo --help)\n"


def test_any_other_refusal_of_an_option_names_the_option_first_without_argparses_argument(
        capsys: pytest.CaptureFixture[str]) -> None:
    """REWORDED's last row: an "argument OPTION: MESSAGE" none of the others words (an Action's own ArgumentError)
    reads "OPTION: MESSAGE"."""
    from manual_backprop.cli_parser import OneLineParser

    class Refuses(argparse.Action):
        def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: object,
                     option_string: str | None = None) -> None:
            raise argparse.ArgumentError(self, "takes no word today")

    parser = OneLineParser(prog="backprop demo")
    parser.add_argument("--word", action=Refuses)
    with pytest.raises(SystemExit) as exit_info:
        parser.parse_args(["--word", "x"])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err == "backprop demo: --word: takes no word today (see backprop demo --help)\n"


def _refused(args: tuple[str, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
             capsys: pytest.CaptureFixture[str]) -> tuple[object, str, str]:
    """main(args) run in tmp_path (train refuses before writing; to be sure): its exit status, returned or argparse's
    SystemExit's, and its stdout and stderr."""
    monkeypatch.chdir(tmp_path)
    try:
        code: object = main(list(args))
    except SystemExit as exit_info:
        code = exit_info.code
    out, err = capsys.readouterr()
    return code, out, err


NOT_ONE_OF = re.compile(r"backprop(?: [\w-]+)?: (?P<subject>.+?) must be one of (?P<choices>[^;]+); "
                        r"got '(?P<got>[^']*)' \(did you mean '(?P<meant>[^']*)'\?\)"
                        r" \(see backprop(?: [\w-]+)? --help\)\n")


@pytest.mark.parametrize(("args", "subject", "got", "meant"), [
    (("verfy",), "COMMAND", "verfy", "verify"),                                        # argparse's choices
    (("train", "--dataset", "flowr"), "--dataset", "flowr", "flower"),
    (("train", "--activations", "tanh,sigmod"), "--activations: g[2]", "sigmod", "sigmoid"),
    (("bench", "--sizes", "tiny,smal"), "--sizes", "smal", "small"),                   # an argparse type
    (("bench", "--memory-size", "lrge"), "--memory-size", "lrge", "large"),
    (("verify", "--losses", "mse"), "--losses", "mse", "mean_squared_error"),          # the oracle's Scope said it
    (("verify", "--outputs", "sigmod"), "--outputs", "sigmod", "sigmoid"),
    (("verify", "--hidden", "tahn"), "--hidden", "tahn", "tanh"),
    (("verify", "--dtypes", "float63"), "--dtypes", "float63", "float64"),
    (("verify", "--values", "normal,intgers"), "--values", "intgers", "integers"),
    (("verify", "--pairs", "sigmod:binary_cross_entropy"), "--pairs: the output activation in "
     "'sigmod:binary_cross_entropy'", "sigmod", "sigmoid"),
    (("verify", "--pairs", "softmax:crossentropy"), "--pairs: the loss in 'softmax:crossentropy'", "crossentropy",
     "categorical_cross_entropy"),                   # NAME_HINTS' first is binary: the loss softmax takes instead
    (("verify", "--pairs", "tanh:binary_crossentropy"), "--pairs: the loss in 'tanh:binary_crossentropy'",
     "binary_crossentropy", "binary_cross_entropy"),   # none near mean_squared_error, the loss tanh takes: among all
    # the output activation closest among those the loss takes (softmax is closer among all ten), else among all
    # (none near sigmoid, binary cross-entropy's one), and among all for a loss that is no loss's name either
    (("verify", "--pairs", "softmoid:binary_cross_entropy"), "--pairs: the output activation in "
     "'softmoid:binary_cross_entropy'", "softmoid", "sigmoid"),
    (("verify", "--pairs", "softmx:binary_cross_entropy"), "--pairs: the output activation in "
     "'softmx:binary_cross_entropy'", "softmx", "softmax"),
    (("verify", "--pairs", "sigmod:crossentropy"), "--pairs: the output activation in 'sigmod:crossentropy'", "sigmod",
     "sigmoid"),
    (("mutants", "--only", "E8", "E5-transpos"), "--only", "E5-transpos", "E5-transpose"),
    (("mutants", "--only", "dw-missing-transpos"), "--only", "dw-missing-transpos", "dW-missing-transpose"),  # case
], ids=lambda value: " ".join(value) if isinstance(value, tuple) else None)
def test_every_unknown_name_is_one_wording_naming_the_option_the_choices_what_was_got_and_the_closest(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], args: tuple[str, ...],
        subject: str, got: str, meant: str) -> None:
    """argparse said "invalid choice: 'x' (did you mean 'y'?) (choose from ...)", bench "choose from ...; got 'x' (did
    you mean 'y'?)", verify and mutants "unknown loss 'x' (did you mean 'y'?); choose from ...": now all say
    error_messages.not_one_of's "OPTION must be one of A, B; got 'x' (did you mean 'y'?)", exit 2, one line, ending
    "(see backprop COMMAND --help)" as argparse's refusals end (verify's names, bench --memory-size and train
    --activations ended without it)."""
    code, out, err = _refused(args, tmp_path, monkeypatch, capsys)
    match = NOT_ONE_OF.fullmatch(err)
    assert code == 2 and not out and match, err
    assert (match["subject"], match["got"], match["meant"]) == (subject, got, meant), err
    assert meant in match["choices"].split(", ") and got not in match["choices"].split(", "), err


#: --threads' rule, cores and their noun filled in by the test (the cores this process may run on)
THREADS_RULE = "an int from 1 to {cores} (the {cores_noun} this process may run on)"

#: (arguments, the option refused, its value as typed, the rule it breaks): a case for every option of every command
#: that takes a number or a range (test_every_number_option_of_every_command_has_a_case_here holds the list whole).
#: The values are typed so that int() or float() would show them otherwise (-01 as -1, -1 as -1.0, 0 as 0.0).
BAD_NUMBERS = [
    (("verify", "--cases", "-01"), "--cases", "-01", "an int >= 0"),
    (("verify", "--large", "-1"), "--large", "-1", "an int >= 0"),
    (("verify", "--seed", "-1"), "--seed", "-1", "an int >= 0"),
    (("verify", "--show", "-2"), "--show", "-2", "an int >= 0"),
    (("verify", "--depth", "0"), "--depth", "0", "N or MIN-MAX within 1-4 (e.g. 2 or 1-3)"),
    (("verify", "--depth", "2-5"), "--depth", "2-5", "N or MIN-MAX within 1-4 (e.g. 2 or 1-3)"),
    (("bench", "--rounds", "-0"), "--rounds", "-0", "an int >= 1"),
    (("bench", "--campaign-cases=-3"), "--campaign-cases", "-3", "an int >= 0"),
    (("bench", "--threads", "0"), "--threads", "0", THREADS_RULE),
    (("bench", "--threads", "+{more}"), "--threads", "+{more}", THREADS_RULE),
    (("bench", "--block-ms", "0"), "--block-ms", "0", "a finite number > 0"),
    (("bench", "--block-ms", "1e999"), "--block-ms", "1e999", "a finite number > 0"),
    (("train", "--seed", "-1"), "--seed", "-1", "an int >= 0"),
    (("train", "--iterations", "+0"), "--iterations", "+0", "an int >= 1"),
    (("train", "--check-every", "0"), "--check-every", "0", "an int >= 1"),
    (("train", "--threads", "{more}"), "--threads", "{more}", THREADS_RULE),
    (("train", "--learning-rate", "-1"), "--learning-rate", "-1", "a finite number >= 0"),
    (("train", "--learning-rate", "nan"), "--learning-rate", "nan", "a finite number >= 0"),
    (("train", "--l2", "-1"), "--l2", "-1", "a finite number >= 0"),
    (("train", "--l2", "1e999"), "--l2", "1e999", "a finite number >= 0"),
    (("train", "--check-oracle", "--tolerance=-1e-3"), "--tolerance", "-1e-3", "a finite number >= 0"),
    (("train", "--test-fraction", "0"), "--test-fraction", "0", "between 0 and 1"),
    (("train", "--test-fraction", "1.5"), "--test-fraction", "1.5", "between 0 and 1"),
    (("mutants", "--cases", "0"), "--cases", "0", "an int >= 1"),
    (("mutants", "--seed", "-1"), "--seed", "-1", "an int >= 0"),
    # text int() or float() cannot read, refused by the same rule: it was argparse's "argument --cases: invalid int
    # value: '1e3'" (but for --block-ms and --depth)
    (("verify", "--cases", "1e3"), "--cases", "1e3", "an int >= 0"),
    (("verify", "--large", "x"), "--large", "x", "an int >= 0"),
    (("verify", "--seed", "1.5"), "--seed", "1.5", "an int >= 0"),
    (("verify", "--show", ""), "--show", "", "an int >= 0"),
    (("verify", "--depth", "two"), "--depth", "two", "N or MIN-MAX within 1-4 (e.g. 2 or 1-3)"),
    (("bench", "--rounds", "1e3"), "--rounds", "1e3", "an int >= 1"),
    (("bench", "--campaign-cases", "ten"), "--campaign-cases", "ten", "an int >= 0"),
    (("bench", "--threads", "all"), "--threads", "all", THREADS_RULE),
    (("bench", "--block-ms", "abc"), "--block-ms", "abc", "a finite number > 0"),
    (("train", "--seed", "0x1"), "--seed", "0x1", "an int >= 0"),
    (("train", "--iterations", "1e3"), "--iterations", "1e3", "an int >= 1"),
    (("train", "--check-every", "1.0"), "--check-every", "1.0", "an int >= 1"),
    (("train", "--threads", "1.5"), "--threads", "1.5", THREADS_RULE),
    (("train", "--learning-rate", "1/2"), "--learning-rate", "1/2", "a finite number >= 0"),
    (("train", "--l2", "1,5"), "--l2", "1,5", "a finite number >= 0"),
    (("train", "--check-oracle", "--tolerance", "tiny"), "--tolerance", "tiny", "a finite number >= 0"),
    (("train", "--test-fraction", "20%"), "--test-fraction", "20%", "between 0 and 1"),
    (("mutants", "--cases", "1e3"), "--cases", "1e3", "an int >= 1"),
    (("mutants", "--seed", "x"), "--seed", "x", "an int >= 0"),
    (("bench-compare", "--factor", "0.99"), "--factor", "0.99", "a finite number >= 1"),
    (("bench-compare", "--factor", "10%"), "--factor", "10%", "a finite number >= 1"),
]


@pytest.mark.parametrize(("args", "option", "typed", "rule"), BAD_NUMBERS,
                         ids=[" ".join(args) for args, *_ in BAD_NUMBERS])
def test_every_number_or_range_error_names_the_option_echoes_the_value_as_typed_and_points_to_help(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], args: tuple[str, ...],
        option: str, typed: str, rule: str) -> None:
    """As an unknown name reads (the test above): "OPTION must be RULE; got 'TEXT' (see backprop COMMAND --help)",
    exit 2, one line. The counts and train's numbers ended without the pointer and showed the number read, not the
    text (--l2 -1 as -1.0, --test-fraction 0 as 0.0); --depth and --block-ms (unquoted) were the only ones to show
    the text; bench and train's --threads above the cores said "--threads 3: only 2 cores are available"."""
    from manual_backprop.bench import pinning, suite
    from manual_backprop.commands.bench_args import cores_available
    from manual_backprop.error_messages import counted

    def timed(*_: object, **__: object) -> None:
        raise AssertionError("bench went on to pin or time before refusing its arguments")

    monkeypatch.setattr(suite, "run_suite", timed)
    monkeypatch.setattr(pinning, "limit_threads", timed)
    cores = cores_available()
    places = {"more": str(cores + 1), "cores": str(cores), "cores_noun": counted(cores, "core")}
    args, typed, rule = tuple(arg.format(**places) for arg in args), typed.format(**places), rule.format(**places)
    code, out, err = _refused(args, tmp_path, monkeypatch, capsys)
    command = args[0]
    assert code == 2 and not out, err
    assert err == f"backprop {command}: {option} must be {rule}; got {typed!r} (see backprop {command} --help)\n"


def test_every_number_option_of_every_command_has_a_case_here() -> None:
    """Each option whose value argparse reads as a number (type int or float, or one named so) has two cases in
    BAD_NUMBERS, a number it refuses and text that int() or float() cannot read: a new one is not left out of the
    test above, nor refused in two wordings."""
    from manual_backprop.cli import build_parser

    def unreadable(read: Callable[[str], object], typed: str) -> bool:
        try:
            read(typed.format(more="3"))
        except ValueError:
            return True
        return False

    parser = build_parser()
    commands = next(action for action in parser._actions if isinstance(action, argparse._SubParsersAction)).choices
    numbers = {(name, option): {"int": int, "float": float}[action.type.__name__]
               for name, command in commands.items() for action in command._actions
               for option in action.option_strings[:1] if getattr(action.type, "__name__", None) in ("int", "float")}
    cases = {(args[0], option, unreadable(numbers.get((args[0], option), int), typed))
             for args, option, typed, _ in BAD_NUMBERS}
    missing = {(name, option, text) for name, option in numbers for text in (False, True)} - cases
    assert ("train", "--l2") in numbers and not missing, missing
    # and the other way round, so a type named otherwise cannot drop its option from the check (mutmut's "XXintXX")
    unnamed = {(args[0], option) for args, option, _, _ in BAD_NUMBERS} - numbers.keys()
    assert unnamed == {("verify", "--depth")}, unnamed          # N or MIN-MAX: its own type, its own case


def test_an_option_of_several_commands_shows_one_metavar_in_every_help() -> None:
    """--yours read "--yours TARGET" in verify's help and "--yours MODULE:FUNCTION" in bench's (a file.py:function
    too, which MODULE:FUNCTION hid): one option, one name for its value, in every command's usage line."""
    from manual_backprop.cli import build_parser

    parser = build_parser()
    commands = next(action for action in parser._actions if isinstance(action, argparse._SubParsersAction)).choices
    shown: dict[str, set[str]] = {}
    for command in commands.values():
        for option, metavar in re.findall(r"\[(--[\w-]+)[ =]([^\]\s]+)", command.format_usage()):
            shown.setdefault(option, set()).add(metavar)
    assert shown["--yours"] and shown["--seed"] and {option: metavars for option, metavars in shown.items()
                                                     if len(metavars) > 1} == {}


#: (arguments, the whole line before "(see backprop COMMAND --help)") of every usage error a command finds after
#: parsing, or that an argparse type of a text option finds (--yours): options that contradict each other, a value
#: the data refuses, a list or name it cannot use. {inputs} holds flower.npz (the flower's 2,8,1 network, no run
#: record), float32.npz (a 30,2,1 network saved from a float32 run) and damaged.json (bench's options and a case of no
#: keys).
#: test_every_usage_error_raised_after_parsing_has_a_case_here holds the list whole.
USAGE_ERRORS = [
    (("verify", "--cases", "0", "--large", "0"), "--cases and --large are both 0: there is nothing to verify"),
    (("verify", "--yours", "my_backprop"), "--yours must be module:function or path/to/file.py:function; got "
                                           "'my_backprop'"),
    (("verify", "--activations", "sigmoid,,tanh"), "--activations must be a comma-separated list of names; got "
                                                   "'sigmoid,,tanh'"),
    # a name given twice in a list to draw from, which a set of choices cannot mean (train's --activations, one per
    # layer, can: tanh,tanh is a network's); they were accepted silently while an empty item was refused
    (("verify", "--dtypes", "float64,float64"), "--dtypes names float64 twice; got 'float64,float64'"),
    (("verify", "--dtypes", "f4,float32"), "--dtypes names float32 twice; got 'f4,float32'"),     # one dtype
    (("verify", "--values", "normal,large,normal"), "--values names normal twice; got 'normal,large,normal'"),
    (("verify", "--losses", "mean_squared_error, mean_squared_error"), "--losses names mean_squared_error twice; got "
                                                                       "'mean_squared_error, mean_squared_error'"),
    (("verify", "--activations", "tanh,tanh,relu,tanh"), "--activations names tanh 3 times; got "
                                                         "'tanh,tanh,relu,tanh'"),
    (("verify", "--hidden", "relu,relu"), "--hidden names relu twice; got 'relu,relu'"),
    (("verify", "--outputs", "sigmoid,sigmoid"), "--outputs names sigmoid twice; got 'sigmoid,sigmoid'"),
    # bench's lists, read by the same function: a repeat and an empty item were dropped silently ("tiny,,tiny" was
    # tiny), a list of none refused as an unknown name ("got ','")
    (("bench", "--sizes", "tiny,tiny"), "--sizes names tiny twice; got 'tiny,tiny'"),
    (("bench", "--networks", "seed, seed,seed"), "--networks names seed 3 times; got 'seed, seed,seed'"),
    (("bench", "--dtypes", "float32,float64,float32"), "--dtypes names float32 twice; got 'float32,float64,float32'"),
    (("bench", "--peers", "manual,bound,manual"), "--peers names manual twice; got 'manual,bound,manual'"),
    (("bench", "--sizes", "tiny,,small"), "--sizes must be a comma-separated list of names; got 'tiny,,small'"),
    (("bench", "--networks", "seed,"), "--networks must be a comma-separated list of names; got 'seed,'"),
    (("bench", "--peers", ""), "--peers must be a comma-separated list of names; got ''"),
    (("verify", "--losses", "mse"), "--losses must be one of binary_cross_entropy, categorical_cross_entropy, "
                                    "mean_squared_error; got 'mse' (did you mean 'mean_squared_error'?)"),
    (("verify", "--activations", "tanh", "--hidden", "tanh", "--outputs", "sigmoid"),
     "--activations has no effect with both --hidden and --outputs; leave --activations out"),
    (("verify", "--activations", "tanh", "--outputs", "sigmoid", "--depth", "1"),
     "--activations has no effect with --outputs and --depth 1 (a network of one layer has no hidden layer, and "
     "--outputs gives its activation); leave --activations out"),
    (("verify", "--depth", "1", "--hidden", "tanh"), "--hidden has no effect with --depth 1 (a network of one layer "
                                                     "has no hidden layer); leave --hidden out, or allow a deeper "
                                                     "network"),
    (("verify", "--hidden", "relu,softmax"), "--hidden: softmax cannot be a hidden layer's activation (choose from "
                                             "sigmoid, tanh, relu, leaky_relu, identity, softplus, elu, gelu, silu)"),
    (("verify", "--activations", "softmax"), "the activations must include one a hidden layer can use (sigmoid, tanh, "
                                             "relu, leaky_relu, identity, softplus, elu, gelu, silu); got 'softmax'"),
    (("verify", "--activations", "tanh,relu", "--losses", "binary_cross_entropy"),
     "the output activations must include one that binary_cross_entropy (sigmoid) takes; got 'tanh', 'relu'"),
    # --pairs OUTPUT:LOSS,...: the pairs exactly, so an option that would narrow them again is refused, not
    # intersected (it changes nothing, or leaves out a pair asked for); --activations is then the hidden layers' alone
    (("verify", "--pairs", "sigmoid:binary_cross_entropy", "--outputs", "sigmoid"),
     "--outputs cannot narrow --pairs, which names each output/loss pair itself; leave --outputs out"),
    (("verify", "--pairs", "sigmoid:binary_cross_entropy", "--losses", "mean_squared_error", "--fused-only"),
     "--losses and --fused-only cannot narrow --pairs, which names each output/loss pair itself; leave --losses and "
     "--fused-only out (the fused pairs: --pairs sigmoid:binary_cross_entropy,softmax:categorical_cross_entropy,"
     "identity:mean_squared_error)"),
    (("verify", "--pairs", "softmax:binary_cross_entropy"),
     "--pairs: binary_cross_entropy does not take softmax as the output activation; got 'softmax:binary_cross_entropy' "
     "(choose sigmoid:binary_cross_entropy, or for softmax: softmax:categorical_cross_entropy, "
     "softmax:mean_squared_error)"),
    (("verify", "--pairs", "softmax:categorical_cross_entropy,sigmoid"),
     "--pairs must be a comma-separated list of OUTPUT:LOSS pairs, such as softmax:categorical_cross_entropy; got "
     "'softmax:categorical_cross_entropy,sigmoid' ('sigmoid' is no OUTPUT:LOSS pair)"),
    (("verify", "--pairs", "tanh:mean_squared_error:x"), "--pairs must be a comma-separated list of OUTPUT:LOSS "
     "pairs, such as softmax:categorical_cross_entropy; got 'tanh:mean_squared_error:x'"),
    (("verify", "--pairs", "binary_cross_entropy:sigmoid"),
     "--pairs: the output activation in 'binary_cross_entropy:sigmoid' must be one of sigmoid, tanh, relu, "
     "leaky_relu, identity, softplus, elu, gelu, silu, softmax; got 'binary_cross_entropy' (did you mean "
     "'sigmoid:binary_cross_entropy'? OUTPUT comes first)"),
    (("verify", "--pairs", "softmax:mse"), "--pairs: the loss in 'softmax:mse' must be one of binary_cross_entropy, "
     "categorical_cross_entropy, mean_squared_error; got 'mse' (did you mean 'mean_squared_error'?)"),
    (("verify", "--pairs", "tanh:mean_squared_error, tanh : mean_squared_error"),
     "--pairs names tanh:mean_squared_error twice; got 'tanh:mean_squared_error, tanh : mean_squared_error'"),
    (("verify", "--pairs", "tanh:mean_squared_error,sigmoid:binary_cross_entropy,tanh:mean_squared_error,"
      "tanh:mean_squared_error"), "--pairs names tanh:mean_squared_error 3 times; got 'tanh:mean_squared_error,"
     "sigmoid:binary_cross_entropy,tanh:mean_squared_error,tanh:mean_squared_error'"),
    (("verify", "--activations", "tanh", "--hidden", "relu", "--pairs", "sigmoid:binary_cross_entropy"),
     "--activations has no effect with both --hidden and --pairs; leave --activations out"),
    (("verify", "--activations", "tanh", "--pairs", "sigmoid:binary_cross_entropy", "--depth", "1"),
     "--activations has no effect with --pairs and --depth 1 (a network of one layer has no hidden layer, and "
     "--pairs gives its activation); leave --activations out"),
    (("bench", "--no-cases", "--no-scaling", "--memory-size", "none", "--campaign-cases", "0"),
     "--no-cases with --no-scaling, --memory-size none and --campaign-cases 0 times nothing: leave one of them out"),
    # bench-compare's runs, each named by its argument: a path that is no bench run's results (test_bench_compare)
    (("bench-compare", "nowhere.json", "nowhere.json"), "BEFORE 'nowhere.json' does not exist: give a results.json "
     "that backprop bench wrote, or the folder it wrote it into (its --out)"),
    (("bench-compare", "{inputs}/damaged.json", "nowhere.json"), "BEFORE '{inputs}/damaged.json' is damaged "
     "(KeyError: 'network'): give a results.json that backprop bench wrote, or the folder it wrote it into (its "
     "--out)"),
    (("bench", "--yours", ":f"), "--yours must be module:function or path/to/file.py:function; got ':f'"),
    (("bench", "--yours", "my_backprop.py:my_gradients:x"), "--yours must be module:function or "
     "path/to/file.py:function; got 'my_backprop.py:my_gradients:x' (a target has one colon, before the function's "
     "name)"),                                   # was "cannot import 'my_backprop.py:my_gradients': No module ..."
    (("verify", "--yours", "pkg:mod:f"), "--yours must be module:function or path/to/file.py:function; got "
                                         "'pkg:mod:f' (a target has one colon, before the function's name)"),
    (("train", "--check-every", "5"), "--check-every and --tolerance apply to --check-oracle: add it, or leave them "
                                      "out"),
    (("train", "--check-oracle", "--dtype", "float32"), "--check-oracle compares with the oracle's float64 run; use "
                                                        "it with --dtype float64"),
    (("train", "--load", "{inputs}/float32.npz", "--check-oracle"),
     "--check-oracle compares with the oracle's float64 run; use it with --dtype float64 (float32 is the dtype of the "
     "run saved in {inputs}/float32.npz)"),
    (("train", "--out", "runs/x", "--save", "runs"), "--save runs is --out's folder runs/x or a folder above it, "
                                                     "which the run writes its plots into; choose a file"),
    (("train", "--dataset", "flower", "--test-fraction", ".999"),        # the text, not the float read (0.999)
     "--test-fraction .999 leaves 0 training and 400 test examples of flower's 400; each side needs at least 2"),
    (("train", "--layers", "30,,1"), "--layers must be a comma-separated list with no empty items; got '30,,1'"),
    (("train", "--layers", "30,x,1"), "--layers must be integers n[0],...,n[L]; got '30,x,1'"),
    (("train", "--layers", "30"), "--layers needs n[0] and at least one layer, n[0],...,n[L] with L >= 1; got '30'"),
    (("train", "--layers", "30,00,1"), "--layers must all be positive; got '30,00,1'"),      # as typed: not 30,0,1
    (("train", "--layers", "5, 3,1"), "--layers must start with n[0] = 30 and end with n[L] = 1 for breast_cancer; "
                                      "got '5, 3,1'"),
    (("train", "--layers", "30,99999999999,1"), "--layers 30,99999999999,1: 3,199,999,999,969 parameters do not fit "
                                                "in memory"),
    (("train", "--activations", "tanh"), "--activations needs one name per layer: L = 2 for breast_cancer's default "
                                         "layers 30,16,1; got 'tanh' (1 name)"),
    (("train", "--activations", "tanh,sigmod"), "--activations: g[2] must be one of sigmoid, tanh, relu, leaky_relu, "
                                                "identity, softplus, elu, gelu, silu, softmax; got 'sigmod' (did you "
                                                "mean 'sigmoid'?)"),
    (("train", "--activations", "softmax,sigmoid"), "--activations: softmax is for the output layer only; got it at "
                                                    "g[1]"),
    (("train", "--activations", "tanh,softmax"), "--activations must end with sigmoid for breast_cancer (loss "
                                                 "binary_cross_entropy); got 'softmax'"),
    (("train", "--load", "{inputs}/flower.npz", "--layers", "2,8,1"),
     "--load takes the network from the file; leave out --layers and --activations"),
    (("train", "--load", "{inputs}/flower.npz"),
     "--load {inputs}/flower.npz holds a (2, 8, 1) network with loss binary_cross_entropy, which does not fit "
     "breast_cancer (n[0] = 30, n[L] = 1, loss binary_cross_entropy) (breast_cancer is only the default: the file "
     "does not name its data; give --dataset)"),
    (("mutants", "--only", "E8", "e99"), "--only must be one of E2, E3, E4, E5-transpose, E5-derivative, E6, E7, E8, "
                                         "E9, 1/m-missing, db-1/m-twice, db-keepdims-dropped, db-wrong-axis, "
                                         "dW-missing-transpose, derivative-at-A, cache-off-by-one, sigmoid-prime-of-A, "
                                         "relu-prime-at-0-is-1, leaky-prime-at-0, tanh-prime-1-minus-a, "
                                         "softmax-diagonal-only, gelu-prime-missing-3, silu-prime-wrong, mse-dA-sign, "
                                         "l2-gradient-missing, l2-gradient-doubled, l2-cost-missing-half, "
                                         "bias-missing-in-forward, softmax-unshifted, bce-naive-log, float32-upcast, "
                                         "update-plus, bias-not-updated, params-modified-in-place; got 'e99' (did you "
                                         "mean 'E9'?)"),
]


@pytest.mark.parametrize(("args", "line"), USAGE_ERRORS, ids=[" ".join(args) for args, _ in USAGE_ERRORS])
def test_every_usage_error_of_every_command_is_one_line_echoing_what_was_typed_and_pointing_to_help(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], args: tuple[str, ...],
        line: str) -> None:
    """As argparse's refusals and the numbers' (BAD_NUMBERS) read: "backprop COMMAND: LINE (see backprop COMMAND
    --help)", exit 2, nothing on stdout, each value as typed. Those found after parsing ended without the pointer
    (but an unknown name's), and --test-fraction and --layers showed what float() and int() read (0.999, 30,0,1)."""
    from manual_backprop.bench import pinning, suite
    from manual_backprop.params_io import save_parameters
    from manual_backprop.spec import NetworkSpec
    from manual_backprop.training import init_parameters

    def timed(*_: object, **__: object) -> None:
        raise AssertionError("bench went on to pin or time before refusing its arguments")

    monkeypatch.setattr(suite, "run_suite", timed)
    monkeypatch.setattr(pinning, "limit_threads", timed)
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    flower = NetworkSpec((2, 8, 1), ("tanh", "sigmoid"), "binary_cross_entropy")
    save_parameters(inputs / "flower.npz", flower, init_parameters(flower))
    breast = NetworkSpec((30, 2, 1), ("tanh", "sigmoid"), "binary_cross_entropy")
    save_parameters(inputs / "float32.npz", breast, init_parameters(breast, dtype=np.float32), {"dtype": "float32"})
    (inputs / "damaged.json").write_text('{"options": {}, "cases": [{}]}', encoding="utf-8")   # a case of no keys
    args, line = tuple(arg.format(inputs=inputs) for arg in args), line.format(inputs=inputs)
    code, out, err = _refused(args, tmp_path, monkeypatch, capsys)
    command = args[0]
    assert code == 2 and not out, err
    assert err == f"backprop {command}: {line} (see backprop {command} --help)\n"
    assert not (tmp_path / "runs").exists()                              # refused before anything was written


#: Literal text of a usage error no command line reaches: --l2 is refused while parsing (numbers.not_negative), before
#: NetworkSpec could refuse it.
UNREACHABLE_USAGE_ERRORS = ("--l2:",)


def test_every_usage_error_raised_after_parsing_has_a_case_here() -> None:
    """Each UsageError or train_run.SettingsError the package builds from literal text has a line in USAGE_ERRORS
    holding that text's longest literal piece: a new one is not left out of the test above."""
    import ast

    package = Path(manual_backprop.__file__).parent
    lines = [line for _, line in USAGE_ERRORS]
    missing, found = [], 0
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for scope in ast.walk(tree):    # mutmut's copy holds each function's mutants beside it (f__mutmut_3): not ours
            if isinstance(getattr(scope, "body", None), list):
                scope.body = [node for node in scope.body if not re.search(r"__mutmut_\d+$", getattr(node, "name", ""))]
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and node.args and {"UsageError", "SettingsError"} & {
                    name.id for name in ast.walk(node.func) if isinstance(name, ast.Name)}):
                continue
            pieces = [text.value.strip() for text in ast.walk(node.args[0])
                      if isinstance(text, ast.Constant) and isinstance(text.value, str)]
            if not pieces:                          # str(error): an error of the oracle's Scope or of catalogued
                continue
            found += 1
            piece = max(pieces, key=len)
            if piece not in UNREACHABLE_USAGE_ERRORS and not any(piece in line for line in lines):
                missing.append(f"{path.name}:{node.lineno}: {piece}")
    assert found >= 20 and not missing, missing


def test_not_one_of_words_an_unknown_name_with_the_hint_at_the_closest_choice() -> None:
    from manual_backprop.error_messages import not_one_of

    assert not_one_of("--x", "tanhh", ("tanh", "relu")) == "--x must be one of tanh, relu; got 'tanhh' (did you mean " \
        "'tanh'?)"
    assert not_one_of("loss", "zzz", ("a", "b")) == "loss must be one of a, b; got 'zzz'"            # none close
    assert not_one_of("loss", "mse", ("a",), hint=" (did you mean 'b'?)").endswith("got 'mse' (did you mean 'b'?)")


#: float64 in the byte order this machine does not use ('>f8' on a little-endian one), and that order.
SWAPPED = np.dtype("f8").newbyteorder("S")
ORDER = "big" if SWAPPED.byteorder == ">" else "little"


@pytest.mark.parametrize(("args", "message"), [
    (("verify", "--dtypes", "f2"), "--dtypes must be one of float64, float32; got 'f2' (NumPy's float16; did you mean "
                                   "'float64'?)"),                       # was "got 'f2'", no hint
    (("verify", "--dtypes", "float64,half"), "; got 'half' (NumPy's float16; did you mean 'float64'?)"),
    (("verify", "--dtypes", "int"), "; got 'int' (NumPy's int64; did you mean 'float64'?)"),
    (("bench", "--dtypes", "f8"), "--dtypes must be one of float64, float32; got 'f8' (NumPy's float64; did you mean "
                                  "'float64'?)"),                        # bench takes names alone: it says which
    (("bench", "--dtypes", "float64,<f4"), "; got '<f4' (NumPy's float32; did you mean 'float32'?)"),
    (("train", "--dtype", "double"), "--dtype must be one of float64, float32; got 'double' (NumPy's float64; did "
                                     "you mean 'float64'?)"),            # argparse's choices
    (("train", "--dtype", "e"), "; got 'e' (NumPy's float16; did you mean 'float64'?)"),
    (("verify", "--dtypes", "float16"), "; got 'float16' (did you mean 'float64'?)"),   # its own name: as before
    (("verify", "--dtypes", SWAPPED.str), f"; got '{SWAPPED.str}' (NumPy's float64 in non-native "
                                          f"({ORDER}-endian) byte order; did you mean 'float64'?)"),   # was float64
], ids=lambda value: " ".join(value) if isinstance(value, tuple) else None)
def test_a_refused_dtype_numpy_reads_is_named_as_numpy_names_it_with_the_allowed_one_it_is_or_is_closest_to(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], args: tuple[str, ...],
        message: str) -> None:
    """f2, f8, '<f4' or 'double' is a dtype to NumPy: a refusal says which, and hints at the allowed dtype it is
    (bench and train take float64 and float32 by name alone) or the closest; verify --dtypes f2 said "got 'f2'"."""
    code, out, err = _refused(args, tmp_path, monkeypatch, capsys)
    assert code == 2 and not out and err.count("\n") == 1 and message in err, err
    assert err.startswith(f"backprop {args[0]}: {args[1]} must be one of float64, float32; got "), err


@pytest.mark.parametrize(("args", "got"), [
    (("verify", "--dtypes", "U8"), "'U8' (NumPy reads it as a string dtype, not a number)"),   # was NumPy's str256
    (("bench", "--dtypes", "float64,O"), "'O' (NumPy reads it as an object dtype, not a number)"),
    (("train", "--dtype", "M8"), "'M8' (NumPy reads it as a datetime dtype, not a number)"),  # argparse's choices
], ids=lambda value: " ".join(value) if isinstance(value, tuple) else None)
def test_a_refused_dtype_numpy_reads_as_no_number_is_named_by_its_kind_in_each_command(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], args: tuple[str, ...],
        got: str) -> None:
    """`--dtypes U8` said "(NumPy's str256)": NumPy's name of a dtype that holds no number says less than its kind."""
    code, out, err = _refused(args, tmp_path, monkeypatch, capsys)
    line = f"backprop {args[0]}: {args[1]} must be one of float64, float32; got {got}"
    assert code == 2 and not out and err == f"{line} (see backprop {args[0]} --help)\n", err


def test_mutant_names_are_taken_whatever_their_case_and_the_total_line_counts_in_the_singular(
        capsys: pytest.CaptureFixture[str]) -> None:
    """--only e8 was refused (the catalogue's name is E8; every name is unique ignoring case); --cases 1 printed
    'within 1 problems per property'."""
    assert main(["mutants", "--only", "e8", "--cases", "1", "--first"]) in (0, 1)
    out = capsys.readouterr().out
    assert "\nE8 " in out and " within 1 problem per property" in out, out


def test_a_bare_backprop_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: backprop") and all(name in err for name in ("verify", "bench", "check-port"))
    assert "\n\nHand-written backprop, checked against JAX.\n\n" in err          # what the tool is, under the usage


def test_python_dash_m_manual_backprop_is_the_backprop_command() -> None:
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-m", "manual_backprop", "check-port", "nope.json", "--vectors", "nope"],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 2 and run.stderr.startswith("backprop check-port: cannot read vectors file"), run.stderr


def test_main_without_arguments_reads_the_command_line_past_the_programs_name(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """As the script and `python -m manual_backprop` call it (cli.entry), in this process: the test above starts a
    fresh interpreter, which mutmut's own pass does not reach (session 36: sys.argv ignored, or read from [2:],
    survived it)."""
    monkeypatch.setattr(sys, "argv", ["backprop", "check-port", "nope.json", "--vectors", "nope"])
    assert main() == 2
    assert capsys.readouterr().err.startswith("backprop check-port: cannot read vectors file")


def test_version_is_written_once_and_the_command_prints_it(capsys: pytest.CaptureFixture[str]) -> None:
    """pyproject.toml reads the version from manual_backprop.__version__, so the installed metadata agrees with it."""
    import importlib.metadata

    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out == f"backprop {manual_backprop.__version__}\n"
    assert importlib.metadata.version("manual-backprop") == manual_backprop.__version__


def _table(out: str, header: str) -> list[tuple[str, ...]]:
    """The rows of the table whose header line starts with header, each split into its cells (two spaces or more
    apart; a cell holds single spaces at most: "sigmoid + binary_cross_entropy"); not the notes below it, "(...)"."""
    lines = f"\n{out}".split(f"\n{header}", 1)[1].split("\n\n", 1)[0].splitlines()[2:]   # past the header, dashes
    return [tuple(re.split(r" {2,}", line.rstrip())) for line in lines if not line.startswith("(")]


def test_verify_prints_the_rows_of_the_campaign_its_seed_draws_and_counts_its_progress_on_stderr(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Every cell of both tables is the campaign's, for --seed's problems: the cases, the worst scaled error, the
    dtype's own rtol, PASS or FAIL (failures) by row (a candidate wrong under the squared error alone fails some rows
    by more than one problem and passes the others), the note below the second table whole; the progress bar, off a
    terminal, ends at the larger problems counted too; every failure shown says nothing more is left to show; the
    summary counts what the campaign left unjudged; the compile-cache tip is given JAX's cache folder and the compile
    time printed. No test read a cell beyond its row's name, nor the bar, nor these counts and arguments."""
    import jax

    from autodiff_oracle import run_campaign
    from autodiff_oracle.compare import RTOL
    from manual_backprop.cli import build_parser
    from manual_backprop.commands import verify
    from manual_backprop.commands.verify_args import scope_of

    real = manual_backprop.cost_and_gradients

    def wrong_for_mse(spec: manual_backprop.NetworkSpec, *args: object) -> object:
        J, grads = real(spec, *args)  # type: ignore[arg-type]
        return J, ({**grads, "b1": grads["b1"] * 2} if spec.loss == "mean_squared_error" else grads)

    hinted: list[tuple[str | None, float]] = []           # what the compile-cache tip is given

    def cache_hint_seen(cache_dir: str | None, compile_seconds: float) -> str:
        hinted.append((cache_dir, compile_seconds))
        return cache_hint(cache_dir, compile_seconds)

    monkeypatch.setattr(verify, "cache_hint", cache_hint_seen)
    monkeypatch.setattr(manual_backprop, "cost_and_gradients", wrong_for_mse)
    argv = ["verify", "--cases", "64", "--seed", "6", "--large", "1"]   # a seed leaving 2 unjudged at a kink, 1 in part
    result = run_campaign(wrong_for_mse, cases=64, seed=6, scope=scope_of(build_parser().parse_args(argv)), large=1)
    failed = len(result.failures)
    assert main([*argv, "--show", str(failed)]) == 1
    out, err = capsys.readouterr()

    def verdict(failures: int) -> str:
        return "PASS" if failures == 0 else f"FAIL ({failures})"

    by_output = [(f"{output} + {loss}", dtype, str(row.cases), f"{row.worst:.2e}", f"{RTOL[np.dtype(dtype)]:.1e}",
                  verdict(row.failures)) for (output, loss, dtype), row in sorted(result.by_output.items())]
    by_hidden = [(name, dtype, str(row.cases), f"{row.worst:.2e}", verdict(row.failures))
                 for (name, dtype), row in sorted(result.by_hidden.items())]
    assert _table(out, "output + loss") == by_output
    assert _table(out, "hidden activation") == by_hidden
    results = {row[-1] for row in by_output}
    assert "PASS" in results and any(r.startswith("FAIL (") and r != "FAIL (1)" for r in results), results
    assert {row[1] for row in by_output} == {"float64", "float32"}           # each dtype's rtol read
    assert err.splitlines()[-1].startswith(f"verify [{'#' * 30}] 65/65 100% ("), err
    assert ("\n(a problem counts under each hidden activation it has: one activation's bug also fails the rows of "
            "those it shares networks with; --hidden NAME runs one alone)\n") in out
    assert re.search(rf"\n{failed} of {failed} failing problems, smallest first(, those a kink could explain last)?:\n",
                     out), out                                # all shown: no "(--show N for more)"
    assert re.search(rf"\n64 problems verified in .*, then 1 larger one \(widths 9-64, m 33-1024\) in [\d.]+ s; "
                     rf"{failed} of 65 failed", out), out
    assert result.undecidable > result.judged_in_part > 0
    assert f"{not_judged(result.undecidable, result.judged_in_part)}\n" in out     # the campaign's counts, both
    compiled = re.search(r"\(JAX compiled for ([\d.]+) s first\)", out)
    assert compiled and [(d, f"{s:.1f}") for d, s in hinted] == [(jax.config.jax_compilation_cache_dir,
                                                                    compiled.group(1))], hinted
