"""`backprop verify --yours`: the verification campaign judges your gradient function, on the activations, losses
and dtypes it implements; a wrong gradient, an exception or a write into its inputs fails, with the problem. The
exported Hypothesis strategy narrows the same way."""

from __future__ import annotations

import dataclasses
import itertools
import os
import pathlib
import re
import sys
import textwrap
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autodiff_oracle import check_gradients, make_problem, run_campaign
from autodiff_oracle.campaign_problems import generate
from autodiff_oracle.problems import VALUE_REGIMES, Problem
from autodiff_oracle.scope import DTYPES, EVERYTHING, Scope
from autodiff_oracle.strategies import problems, specs
from manual_backprop import NetworkSpec, activations, cost_and_gradients, gradients, init_parameters
from manual_backprop.cli import main
from manual_backprop.spec import ACTIVATIONS, ELEMENTWISE_ACTIVATIONS, LOSSES, OUTPUT_ACTIVATIONS_FOR_LOSS
from tests.strategies import SIGMOID_BCE_SCOPE

FUNCTIONS = textwrap.dedent('''
    from manual_backprop import cost_and_gradients, gradients

    def right(spec, params, X, Y):
        return cost_and_gradients(spec, params, X, Y)

    def db_summed_not_averaged(spec, params, X, Y):
        grads = gradients(spec, params, X, Y)
        grads["b1"] = grads["b1"] * X.shape[1]
        return grads

    def leaky_slope_doubled(spec, params, X, Y):     # leaky_relu and its derivative with slope 0.02, not 0.01
        import manual_backprop.activations as activations
        activations.LEAKY_RELU_SLOPE = 0.02
        try:
            return gradients(spec, params, X, Y)
        finally:
            activations.LEAKY_RELU_SLOPE = 0.01

    def relu_prime_at_zero_is_one(spec, params, X, Y):   # (Z >= 0): right everywhere but on the kink
        import dataclasses
        import manual_backprop.activations as activations
        relu = activations.REGISTRY["relu"]
        activations.REGISTRY["relu"] = dataclasses.replace(relu, derivative=lambda Z, A: (Z >= 0).astype(Z.dtype))
        try:
            return gradients(spec, params, X, Y)
        finally:
            activations.REGISTRY["relu"] = relu

    def sigmoid_only(spec, params, X, Y):
        if set(spec.activations) != {"sigmoid"}:
            raise NotImplementedError(f"only sigmoid; got {spec.activations}")
        return gradients(spec, params, X, Y)

    def the_notes_network_only(spec, params, X, Y):
        if spec.activations != ("tanh", "sigmoid") or spec.l2 != 0:
            raise NotImplementedError(f"a tanh, sigmoid network without L2 only; got {spec}")
        return gradients(spec, params, X, Y)

    def fused_only(spec, params, X, Y):
        if not spec.fused_output:
            raise NotImplementedError(f"dZ[L] = A[L] - Y only; got {spec.activations[-1]} + {spec.loss}")
        return gradients(spec, params, X, Y)

    def two_pairs_only(spec, params, X, Y):          # softmax + CCE and sigmoid + MSE, not softmax + MSE
        if (spec.activations[-1], spec.loss) not in {("softmax", "categorical_cross_entropy"),
                                                     ("sigmoid", "mean_squared_error")}:
            raise NotImplementedError(f"two pairs only; got {spec.activations[-1]} + {spec.loss}")
        return gradients(spec, params, X, Y)

    def crashes_on_softmax(spec, params, X, Y):
        if spec.activations[-1] == "softmax":
            raise ValueError("matmul: mismatch in its core dimension")   # as a product of the wrong shapes raises
        return gradients(spec, params, X, Y)

    def lacks_softmax_and_crashes_on_relu(spec, params, X, Y):
        if spec.activations[-1] == "softmax":
            raise NotImplementedError("no softmax output")
        if "relu" in spec.activations:
            raise ValueError("matmul: mismatch in its core dimension")
        return gradients(spec, params, X, Y)

    def updates_W1_in_place(spec, params, X, Y):
        grads = gradients(spec, params, X, Y)
        params["W1"] -= 0.1 * grads["W1"]
        return grads
''')
SIGMOID_BCE = ("--activations", "sigmoid", "--losses", "binary_cross_entropy")


@pytest.fixture
def functions(tmp_path: pathlib.Path) -> pathlib.Path:
    path = tmp_path / "my_backprop.py"
    path.write_text(FUNCTIONS)
    return path


def _verify(capsys: pytest.CaptureFixture[str], target: str, *extra: str) -> tuple[int, str]:
    status = main(["verify", "--cases", "64", "--large", "0", "--show", "1", "--yours", target, *extra])
    return status, capsys.readouterr().out


def test_verify_yours_passes_a_right_function_and_names_it(functions: pathlib.Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    status, out = _verify(capsys, f"{functions}:right")
    assert status == 0 and f"PASS: {functions}:right matches the oracle" in out
    assert "64 problems verified" in out and "; 0 of 64 failed" in out
    assert "larger" not in out                                   # --large 0: no larger problems to speak of
    assert re.search(r"\n64 problems verified in [\d.]+ s: [\d,]+ verified/s once warm \(JAX compiled for [\d.]+ s "
                     r"first\); 0 of 64 failed", out), out           # and nothing in their place


def test_the_api_takes_hidden_activations_at_depth_1_which_the_command_refuses(
        capsys: pytest.CaptureFixture[str]) -> None:
    """Both on purpose (docs/harness.md): `--hidden tanh --depth 1` names an option that changes nothing, while
    Scope's activations and problems()'s hidden have defaults, and a loop over depths passes the same ones to each."""
    scope = Scope(activations=("tanh",), outputs=("sigmoid",), depths=(1, 1))
    assert {p.spec.activations for p in generate(16, 0, scope)} == {("sigmoid",)}
    problems(max_depth=1, hidden=("tanh",))          # its arguments are checked here, not when drawn: taken
    assert main(["verify", "--hidden", "tanh", "--depth", "1"]) == 2
    assert capsys.readouterr().err.startswith("backprop verify: --hidden has no effect with --depth 1")


def test_verify_cases_0_with_large_verifies_the_larger_problems_alone_as_run_campaign_does(
        functions: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`--cases 0 --large 2` was refused ("--cases must be an int >= 1") where run_campaign(cases=0, large=2) runs:
    the larger problems alone are what a user checks after changing a path taken only beyond 8 units or 32 examples."""
    assert main(["verify", "--cases", "0", "--large", "2", "--yours", f"{functions}:right"]) == 0
    out = capsys.readouterr().out
    assert "\n2 larger problems (widths 9-64, m 33-1024) verified in " in out and "; 0 of 2 failed\n" in out, out
    assert f"PASS: {functions}:right matches the oracle" in out
    assert main(["verify", "--cases", "0", "--large", "1", "--yours", f"{functions}:db_summed_not_averaged"]) == 1
    assert "\n1 larger problem (widths 9-64, m 33-1024) verified in " in capsys.readouterr().out


def test_failures_a_kink_could_explain_are_shown_after_the_others(functions: pathlib.Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """A bug off the kink (leaky_relu's slope 0.02) failed small integer problems with a unit on the kink first, whose
    report blamed the kink (session 27's audit); a problem the kink cannot explain now comes first."""
    status = main(["verify", "--cases", "300", "--large", "0", "--show", "300", "--hidden", "leaky_relu",
                   "--yours", f"{functions}:leaky_slope_doubled"])
    out = capsys.readouterr().out
    assert "failing problems, smallest first, those a kink could explain last (--show N for more):" not in out
    assert "failing problems, smallest first, those a kink could explain last:" in out      # and the header says so
    reports = out.split("failing problems, smallest first")[1].split("\n  problem: ")[:-1]
    noted = ["\n  note: " in report and "on the kink," in report.split("\n  note: ")[1] for report in reports]
    assert status == 1 and len(reports) > 100 and True in noted and False in noted, reports[:3]
    assert noted == sorted(noted), noted                     # every one without the note before every one with it
    assert (f"; {len(reports)} of 300 failed ({sum(noted)} of them on a relu-like kink, which could explain each "
            f"alone; the other {noted.count(False)} it cannot: look at those first)") in out   # the summary counts them


def test_the_summary_says_when_every_failure_is_one_a_kink_could_explain(functions: pathlib.Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    """relu'(0) = 1, (Z >= 0), fails only problems with a unit on the kink, each noted: the summary line said "n of
    300 failed" alone, which reads the same as the kink plus a real bug."""
    status = main(["verify", "--cases", "300", "--large", "0", "--show", "300", "--hidden", "relu",
                   "--yours", f"{functions}:relu_prime_at_zero_is_one"])
    out = capsys.readouterr().out
    failed = int(out.split(" of 300 failed")[0].rsplit("; ", 1)[1])
    assert status == 1 and failed > 1 and out.count(" relu-like pre-activation") >= failed
    assert (f"; {failed} of 300 failed (all {failed} on a relu-like kink, which could explain each alone: see their "
            "notes)") in out


def test_the_summary_counts_the_failures_a_kink_could_explain_in_words_for_one_and_none() -> None:
    from autodiff_oracle.notes import ON_THE_KINK, on_kinks

    kink = f"2 relu-like pre-activations are exactly 0 {ON_THE_KINK} where ..."
    assert on_kinks([kink]) == " (on a relu-like kink, which could explain it alone: see its note)"
    assert on_kinks([kink, "every disagreeing gradient (W1) is the oracle's times 2"]) == (
        " (1 of them on a relu-like kink, which could explain each alone; the other one it cannot: look at it first)")
    assert on_kinks(["", "another note"]) == on_kinks([]) == ""


def test_verify_yours_fails_a_wrong_gradient_and_locates_it(functions: pathlib.Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    status, out = _verify(capsys, f"{functions}:db_summed_not_averaged")
    assert status == 1 and f"FAIL: {functions}:db_summed_not_averaged disagrees with the oracle" in out
    assert "Tip:" not in out                                     # it raised nothing: no tip about raises
    assert "b1[" in out and "make_problem(" in out
    assert "(a problem counts under each hidden activation it has" in out    # every row fails: say why
    status, out = _verify(capsys, f"{functions}:right")
    assert status == 0 and "(a problem counts under" not in out
    status, out = _verify(capsys, f"{functions}:db_summed_not_averaged", "--hidden", "tanh")
    assert status == 1 and "(a problem counts under" not in out                 # one hidden activation: no need
    status, out = _verify(capsys, f"{functions}:db_summed_not_averaged", "--hidden", "tanh,relu")
    assert status == 1 and "(a problem counts under" in out                     # two: each fails the other's rows
    assert "(inf: a failure with no values to compare" not in out               # values disagreed: finite errors


def test_an_exception_is_a_located_failure_with_a_hint_to_narrow_the_scope(functions: pathlib.Path,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    status, out = _verify(capsys, f"{functions}:sigmoid_only")
    raising = '        raise NotImplementedError(f"only sigmoid; got {spec.activations}")'
    line = FUNCTIONS.splitlines().index(raising) + 1
    assert status == 1 and "\nthe candidate did not return gradients:\n  the candidate raised NotImplementedError: " \
        "only sigmoid; got " in out
    assert re.search(rf"only sigmoid; got \(.*\) \(at {re.escape(str(functions))}:{line}, in sigmoid_only\)\n", out)
    assert re.search(r"\ntanh +float64 +\d+ +inf +FAIL", out)      # a raise is the worst error there is
    assert "\n(inf: a failure with no values to compare: the function raised, or returned other keys, shapes or " \
        "dtypes)\n" in out                                         # said under the table (an audit asked what inf was)
    assert "make_problem(" in out and "Tip: if your function does not implement every problem drawn here, " in out


def test_a_raise_other_than_not_implemented_is_pointed_out_as_a_likely_bug_before_narrowing(
        functions: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Counted and named apart from the NotImplementedErrors beside them, which narrowing does answer."""
    for target, crashes in (("crashes_on_softmax", "failed"), ("lacks_softmax_and_crashes_on_relu", "relu")):
        status, out = _verify(capsys, f"{functions}:{target}")
        tip = re.search(r"\nTip: your function raised ValueError on (\d+) problems? \(each failing problem shown names "
                        r"the file and line\): most likely a bug, not a problem to narrow away; for problems it does "
                        r"not implement, raise NotImplementedError and narrow them: --depth, ", out)
        assert status == 1 and tip is not None, out[-1500:]
        assert "if your function does not implement every problem" not in out
        if crashes == "failed":                                  # every failure here is a ValueError
            assert re.search(rf"; {tip.group(1)} of 64 failed", out), out[-500:]
        else:                                                    # the ValueErrors alone: fewer than the failures
            failed = re.search(r"; (\d+) of 64 failed", out)
            assert failed is not None and 0 < int(tip.group(1)) < int(failed.group(1))


def test_narrowed_to_what_it_implements_the_same_function_passes_on_those_rows_only(
        functions: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out = _verify(capsys, f"{functions}:sigmoid_only", *SIGMOID_BCE, "--dtypes", "float64")
    assert status == 0 and "PASS" in out
    rows = [line.split()[:2] for line in out.splitlines() if line.startswith(("sigmoid ", "sigmoid+"))]
    assert rows == [["sigmoid", "+"], ["sigmoid", "float64"]], out
    assert "float32" not in out and "tanh" not in out and "softmax" not in out


def test_a_write_into_an_input_fails_where_it_happens(functions: pathlib.Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    status, out = _verify(capsys, f"{functions}:updates_W1_in_place")
    assert status == 1 and "read-only (its inputs are read-only: a gradient must not write into them)" in out
    assert "Tip:" not in out                      # neither narrowing the scope nor looking for a crash would help it


def test_a_fixed_network_passes_once_depth_hidden_output_and_l2_are_narrowed_to_it(
        functions: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    notes = ("--losses", "binary_cross_entropy", "--dtypes", "float64")
    assert _verify(capsys, f"{functions}:the_notes_network_only", *notes)[0] == 1
    assert _verify(capsys, f"{functions}:the_notes_network_only", *notes, "--activations", "tanh,sigmoid",
                   "--depth", "2", "--no-l2")[0] == 1            # sigmoid hidden layers are drawn too
    status, out = _verify(capsys, f"{functions}:the_notes_network_only", *notes, "--depth", "2", "--hidden", "tanh",
                          "--outputs", "sigmoid", "--no-l2")
    assert status == 0 and "PASS" in out and "not judged" not in out   # no relu: nothing to leave unjudged


def test_failing_problems_are_shown_smallest_first(functions: pathlib.Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["verify", "--cases", "64", "--large", "0", "--show", "4", "--yours",
                   f"{functions}:db_summed_not_averaged"])
    out = capsys.readouterr().out
    failed = int(re.search(r"; (\d+) of \d+ failed", out).group(1))  # type: ignore[union-attr]
    assert status == 1 and f"\n4 of {failed} failing problems, smallest first (--show N for more):\n" in out
    shown = re.findall(r"problem: make_problem\(NetworkSpec\(layer_sizes=\(([\d, ]+)\),.*?m=(\d+),", out)
    sizes = [(len(n.split(",")) - 1, sum(a * b + a for a, b in itertools.pairwise(
        [int(x) for x in n.split(",")][::-1])), int(m)) for n, m in shown]
    assert len(sizes) == 4 and sizes == sorted(sizes), sizes


def test_a_module_in_the_working_directory_is_found_as_python_m_would(
        tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "my_module_in_cwd.py").write_text("from manual_backprop import gradients as grads\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "path", [p for p in sys.path if p not in ("", str(tmp_path))])
    status, out = _verify(capsys, "my_module_in_cwd:grads", "--dtypes", "float64")
    assert status == 0 and "PASS: my_module_in_cwd:grads matches the oracle" in out
    assert sys.path[-1] == str(tmp_path)                       # appended: it never shadows an installed module


@pytest.mark.parametrize(("args", "message"), [
    (("--cases", "0", "--large", "0"), "--cases and --large are both 0: there is nothing to verify (see backprop "
                                       "verify --help)\n"),  # as
    # run_campaign refuses cases = large = 0; --cases 0 --large N runs (test_verify_cases_0_...)
    (("--outputs", "sigmod"), "--outputs must be one of sigmoid, tanh, relu, leaky_relu, identity, softplus, elu, "
                              "gelu, silu, softmax; got 'sigmod' (did you mean 'sigmoid'?) (see backprop verify "
                              "--help)\n"),
    (("--hidden", "relu,softmax"), "--hidden: softmax cannot be a hidden layer's activation (choose from sigmoid, "),
    (("--activations", "bogus", "--hidden", "tanh", "--outputs", "sigmoid"),
     "--activations has no effect with both --hidden and --outputs; leave --activations out (see backprop verify "
     "--help)\n"),
    (("--activations", "tanh", "--outputs", "sigmoid", "--depth", "1"),     # as --hidden at depth 1: nothing
     "--activations has no effect with --outputs and --depth 1 (a network of one layer has no hidden layer, and "
     "--outputs gives its activation); leave --activations out (see backprop verify --help)\n"),
    (("--activations", "sigmod"), "--activations must be one of sigmoid, tanh, relu, leaky_relu, identity, "
                                  "softplus, elu, gelu, silu, softmax; got 'sigmod' (did you mean 'sigmoid'?) "
                                  "(see backprop verify --help)\n"),
    (("--activations", "softmax"), "the activations must include one a hidden layer can use (sigmoid, tanh, relu, "
                                   "leaky_relu, identity, softplus, elu, gelu, silu); got 'softmax' (see backprop "
                                   "verify --help)\n"),
    (("--activations", "tanh,relu", "--losses", "binary_cross_entropy,categorical_cross_entropy"),
     "the output activations must include one that binary_cross_entropy (sigmoid) or categorical_cross_entropy "
     "(softmax) takes; got 'tanh', 'relu' (see backprop verify --help)\n"),
    (("--losses", ","), "--losses must be a comma-separated list of names; got ',' (see backprop verify --help)\n"),
    (("--activations", "sigmoid,,tanh"), "--activations must be a comma-separated list of names; got "
                                         "'sigmoid,,tanh' (see backprop verify --help)\n"),   # was read as sigmoid,tanh
    (("--dtypes", "float16"), "--dtypes must be one of float64, float32; got 'float16' (did you mean 'float64'?) "
                              "(see backprop verify --help)\n"),
    (("--yours", "nowhere.py:f"), "--yours: no Python file 'nowhere.py'"),
    (("--yours", "manual_backprop"), "--yours must be module:function or path/to/file.py:function"),
    (("--yours", ""), "--yours must be module:function or path/to/file.py:function; got '' (see backprop verify "
                      "--help)\n"),   # as bench; it
    # verified manual_backprop and printed PASS
    (("--outputs", "tanh", "--fused-only", "--losses", "mean_squared_error"),
     "the output activations must include one that mean_squared_error (identity) takes with a fused dZ[L] = A[L] - "
     "Y; got 'tanh' (see backprop verify --help)\n"),                   # it listed all ten of MSE's output activations
    (("--depth", "1", "--hidden", "tanh"), "--hidden has no effect with --depth 1 (a network of one layer has no "
                                           "hidden layer); leave --hidden out, or allow a deeper network (see "
                                           "backprop verify --help)\n"),
])
def test_a_scope_or_target_it_cannot_use_gives_one_line_and_exit_2(
        capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str) -> None:
    """Each a usage error but --yours's file (not found), ending "(see backprop verify --help)"; --yours's form is
    refused while parsing (SystemExit), the others after it."""
    try:
        code = main(["verify", "--cases", "8", *args])
    except SystemExit as exit_info:
        code = int(exit_info.code or 0)
    out, err = capsys.readouterr()
    assert code == 2 and not out and err.count("\n") == 1 and err.startswith(f"backprop verify: {message}"), err


@pytest.mark.parametrize("args", [
    ("--depth", "5"), ("--depth", "3-2"), ("--depth", "two"), ("--depth", "2-"), ("--depth", "1" * 5000),
    # a bad --depth beside the options whose depth-1 check reads it was a ValueError's traceback
    ("--depth", "9", "--hidden", "tanh"), ("--depth", "5", "--activations", "tanh", "--outputs", "sigmoid"),
], ids=lambda args: " ".join(arg[:9] for arg in args))
def test_a_depth_it_cannot_use_is_refused_while_parsing_as_typed(capsys: pytest.CaptureFixture[str],
                                                                 args: tuple[str, ...]) -> None:
    """The --depth text, quoted, whatever other options read the depth; past 4,300 digits too, which int() refuses
    to read (BAD_NUMBERS in test_cli_verify holds the whole line of each number option)."""
    with pytest.raises(SystemExit) as exit_info:
        main(["verify", "--cases", "8", *args])
    out, err = capsys.readouterr()
    assert exit_info.value.code == 2 and not out and err == "backprop verify: --depth must be N or MIN-MAX within " \
        f"1-4 (e.g. 2 or 1-3); got '{args[1]}' (see backprop verify --help)\n", err


def test_a_file_that_fails_to_run_gives_one_line(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.py"
    broken.write_text("def f(spec, params, X, Y)\n    return {}\n")
    assert main(["verify", "--yours", f"{broken}:f"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"backprop verify: --yours: running '{broken}' raised SyntaxError")


def test_a_file_that_calls_sys_exit_as_it_runs_gives_one_line_saying_how_to_guard_it(
        tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A script's `sys.exit(main())` at the top level ended `verify --yours` with its status and no word."""
    script = tmp_path / "script.py"
    script.write_text("import sys\n\n\ndef f(spec, params, X, Y):\n    return {}\n\n\nsys.exit(3)\n")
    assert main(["verify", "--yours", f"{script}:f"]) == 2
    assert capsys.readouterr().err == (f"backprop verify: --yours: running '{script}' raised SystemExit: 3 (at "
                                       "script.py:8) (guard a script's own run with if __name__ == '__main__':)\n")


def test_a_file_that_raises_while_it_runs_names_its_line(tmp_path: pathlib.Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    """However its path is spelled: through .. or a symlink the line was left out (frames were compared unresolved)."""
    broken = tmp_path / "imperr.py"
    broken.write_text("import numpy as np\n\n\ndef scale():\n    return undefined_name\n\n\nSCALE = scale()\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "link.py").symlink_to(broken)
    for spelled in (broken, tmp_path / "sub" / ".." / "imperr.py", tmp_path / "link.py"):
        assert main(["verify", "--yours", f"{spelled}:f"]) == 2
        err = capsys.readouterr().err        # the raising line (5), not the module-level call (8)
        assert err == (f"backprop verify: --yours: running '{spelled}' raised NameError: name 'undefined_name' is "
                       f"not defined (at {spelled.name}:5)\n"), spelled   # named as spelled


@pytest.mark.parametrize("command", ["verify", "bench"])
def test_a_module_that_raises_as_it_is_imported_gives_one_line_naming_its_line(
        tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        command: str) -> None:
    """module:function whose module raises (or exits) while it is imported: one line and exit 2, as for a file; it
    was the module's traceback and exit 1 (path/to/file.py:function gave the line)."""
    (tmp_path / "raises_on_import.py").write_text("import math\n\n\ndef scale():\n    return undefined_name\n\n\n"
                                                 "SCALE = scale()\n")
    (tmp_path / "exits_on_import.py").write_text("import sys\n\nsys.exit(3)\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "path", [*sys.path, str(tmp_path)])
    assert main([command, "--yours", "raises_on_import:f"]) == 2
    assert capsys.readouterr().err == (f"backprop {command}: --yours: importing 'raises_on_import' raised NameError: "
                                       "name 'undefined_name' is not defined (at raises_on_import.py:5)\n")
    assert main([command, "--yours", "exits_on_import:f"]) == 2
    assert capsys.readouterr().err == (f"backprop {command}: --yours: importing 'exits_on_import' raised SystemExit: "
                                       "3 (at exits_on_import.py:3) (guard a script's own run with if __name__ == "
                                       "'__main__':)\n")


def test_the_line_named_for_a_module_that_raises_on_import_is_the_modules_though_a_wrapper_calls_the_import(
        tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """A frame of another file between targets' call and the import machinery (mutmut's trampoline around every
    mutated function: the campaign part's stats run failed on the test above, "(at trampoline.py:111)") is not the
    module whose import raised: the first file after the machinery's frames is."""
    from manual_backprop import target_loading

    (tmp_path / "raises_on_import.py").write_text("def scale():\n    return undefined_name\n\n\nSCALE = scale()\n")
    (tmp_path / "wrapper.py").write_text("def wrap(f):\n    def wrapped(*args):\n        return f(*args)\n"
                                         "    return wrapped\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "path", [*sys.path, str(tmp_path)])
    import wrapper  # type: ignore[import-not-found]

    monkeypatch.setattr(target_loading, "_import_here_too", wrapper.wrap(target_loading._import_here_too))
    monkeypatch.delitem(sys.modules, "wrapper")
    assert main(["verify", "--yours", "raises_on_import:f"]) == 2
    assert capsys.readouterr().err.endswith("name 'undefined_name' is not defined (at raises_on_import.py:2)\n")


@pytest.mark.parametrize("command", ["verify", "bench"])
@pytest.mark.parametrize("target", [".my_backprop:f", "..pkg.my_backprop:f"])
def test_a_relative_module_name_is_refused_in_one_line(capsys: pytest.CaptureFixture[str], command: str,
                                                       target: str) -> None:
    """A relative name has no package to be relative to: importlib's TypeError was a traceback."""
    assert main([command, "--yours", target]) == 2
    where = target.partition(":")[0]
    assert capsys.readouterr().err == (f"backprop {command}: --yours: {where!r} is a relative module name, which "
                                       "has no package here: give the module's full name (package.module:function) "
                                       "or its file (path/to/file.py:function)\n")


def test_a_file_imports_the_modules_beside_it_as_python_file_py_would(
        tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "port"
    folder.mkdir()
    (folder / "my_helpers_beside_it.py").write_text("from manual_backprop import gradients\n")
    (folder / "bp.py").write_text("import my_helpers_beside_it\n\n"
                                  "def grads(spec, params, X, Y):\n"
                                  "    return my_helpers_beside_it.gradients(spec, params, X, Y)\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "path", sys.path.copy())                  # the folder it adds is gone after the test
    status, out = _verify(capsys, "port/bp.py:grads", "--dtypes", "float64")
    assert status == 0 and "PASS: port/bp.py:grads matches the oracle" in out


def test_a_file_is_run_once_while_unchanged_and_again_once_edited(tmp_path: pathlib.Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """bench loads its target twice (to fail fast, then to time it): one run of the file. An edit in the same
    session (a notebook, a test) is seen: the old function was returned while the target string was the same."""
    from manual_backprop.targets import load

    path = tmp_path / "edited.py"
    path.write_text("print('running edited.py')\nfrom manual_backprop import cost_and_gradients as grads\n")
    status, out = _verify(capsys, f"{path}:grads", *SIGMOID_BCE, "--dtypes", "float64")
    assert status == 0 and out.count("running edited.py") == 1 and "PASS" in out
    assert load(f"{path}:grads") is load(f"{path}:grads") and not capsys.readouterr().out
    path.write_text("print('running edited.py')\nfrom manual_backprop import gradients\n\n\n"
                    "def grads(spec, params, X, Y):\n    result = gradients(spec, params, X, Y)\n"
                    "    result['b1'] = 2 * result['b1']\n    return result\n")
    status, out = _verify(capsys, f"{path}:grads", *SIGMOID_BCE, "--dtypes", "float64")
    assert status == 1 and out.count("running edited.py") == 1 and "FAIL" in out, out[-500:]


def test_a_file_is_one_module_however_its_path_is_spelled(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    """f.py:g, ./f.py:g, its absolute path, a path through .. and a symlink to it name one file: it runs once and
    gives one function (each spelling of the path ran it again, as a module of its own)."""
    from manual_backprop.targets import load

    path = tmp_path / "spelled.py"
    path.write_text("print('running spelled.py')\n\n\ndef grads(spec, params, X, Y):\n    return {}\n")
    (tmp_path / "alias.py").symlink_to(path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "path", sys.path.copy())                  # the folder it adds is gone after the test
    spellings = ("spelled.py", "./spelled.py", str(path), f"../{tmp_path.name}/spelled.py", "alias.py")
    functions = {spelling: load(f"{spelling}:grads") for spelling in spellings}
    assert capsys.readouterr().out == "running spelled.py\n"
    assert all(function is functions["spelled.py"] for function in functions.values()), functions


subsets = st.lists(st.sampled_from(ACTIVATIONS), min_size=1, unique=True)


@given(activations=subsets, losses=st.lists(st.sampled_from(LOSSES), min_size=1, unique=True),
       dtypes=st.lists(st.sampled_from(DTYPES), min_size=1, unique=True), seed=st.integers(0, 2**32 - 1))
def test_campaign_problems_stay_in_scope_and_cover_every_combination(
        activations: list[str], losses: list[str], dtypes: list[str], seed: int) -> None:
    try:
        scope = Scope(tuple(activations), tuple(losses), tuple(dtypes))
    except ValueError:                           # no hidden activation, or no output activation for the losses
        assert not set(activations) & set(ELEMENTWISE_ACTIVATIONS) or not any(
            (a, loss) in EVERYTHING.output_pairs for a in activations for loss in losses)
        return
    combos = list(itertools.product(scope.dtypes, scope.output_pairs, scope.hidden, VALUE_REGIMES))
    seen = set()
    for problem in generate(len(combos), seed, scope):
        spec = problem.spec
        assert set(spec.activations) <= set(activations) and spec.loss in losses and str(problem.dtype) in dtypes
        assert (spec.activations[-1], spec.loss) in scope.output_pairs
        seen.add((str(problem.dtype), (spec.activations[-1], spec.loss), problem.values))
    assert seen == {(dtype, pair, values) for dtype, pair, _, values in combos}


@pytest.mark.parametrize("scope", [
    Scope(), Scope(("sigmoid", "tanh", "relu"), ("binary_cross_entropy",)), Scope(("relu",), outputs=ACTIVATIONS),
    Scope(("relu", "tanh", "elu"), outputs=("sigmoid",), dtypes=("float64",))], ids=repr)
def test_every_hidden_layer_and_output_meets_every_value_regime(scope: Scope) -> None:
    """At depth 2 the hidden layer is the cycle's: every (dtype, output pair, hidden activation) meets every value
    regime within one cycle. Drawn as i % 3 beside a cycle of 3k combinations, each met one regime only: a depth-2
    relu network never met the integer regime (no exact kink), so relu'(0) = 1 passed 3,000 problems."""
    scope = dataclasses.replace(scope, depths=(2, 2))
    combos = set(itertools.product(scope.dtypes, scope.output_pairs, scope.hidden, VALUE_REGIMES))
    seen = {(str(p.dtype), (p.spec.activations[-1], p.spec.loss), p.spec.activations[0], p.values)
            for p in generate(len(combos), 0, scope)}
    assert seen == combos


@given(hidden=st.lists(st.sampled_from(ELEMENTWISE_ACTIVATIONS), min_size=1, unique=True),
       outputs=st.lists(st.sampled_from(ACTIVATIONS), min_size=1, unique=True),
       depths=st.tuples(st.integers(1, 4), st.integers(1, 4)).map(sorted), l2=st.booleans(),
       seed=st.integers(0, 2**32 - 1))
def test_problems_keep_to_the_scopes_depths_hidden_and_output_layers_and_l2(
        hidden: list[str], outputs: list[str], depths: list[int], l2: bool, seed: int) -> None:
    try:
        scope = Scope(tuple(hidden), outputs=tuple(outputs), depths=(depths[0], depths[1]), l2=l2)
    except ValueError:                           # no output activation for any loss
        assert not set(outputs) & {a for a, _ in EVERYTHING.output_pairs}
        return
    drawn = [problem.spec for problem in generate(128, seed, scope)]
    for spec in drawn:
        assert depths[0] <= spec.depth <= depths[1] and set(spec.activations[:-1]) <= set(hidden)
        assert spec.activations[-1] in outputs and (spec.l2 == 0 or l2)
    # depths are drawn uniformly: some depth is missing from 128 draws with chance <= 3 (3/4)^128 < 1e-15
    assert {spec.depth for spec in drawn} == set(range(depths[0], depths[1] + 1))
    assert l2 == any(spec.l2 > 0 for spec in drawn)             # half have l2 > 0 when it is drawn: 2^-128 to miss


def test_a_scope_of_one_layer_networks_needs_no_hidden_activation_and_outputs_keep_the_registry_order() -> None:
    softmax_only = Scope(("softmax",), ("categorical_cross_entropy",), depths=(1, 1))
    assert {problem.spec.activations for problem in generate(6, 0, softmax_only)} == {("softmax",)}
    with pytest.raises(ValueError, match=r"^the activations must include one a hidden layer can use \(.*\); got "
                                         r"'softmax'$"):
        Scope(("softmax",), ("categorical_cross_entropy",), depths=(1, 2))
    for depths in ((0, 2), (3, 2), (1, 5)):
        with pytest.raises(ValueError, match=rf"^depths must be MIN <= MAX within 1-4 \(the number of layers L\); "
                                             rf"got {depths[0]}-{depths[1]}$"):
            Scope(depths=depths)
    assert Scope(outputs=("tanh", "sigmoid")) == Scope(outputs=("sigmoid", "tanh"))
    assert Scope(outputs=["tanh", "sigmoid"]).outputs == ("sigmoid", "tanh")     # type: ignore[arg-type]
    with pytest.raises(ValueError) as refused:
        Scope(outputs=("tanh", "relu"), losses=("binary_cross_entropy", "categorical_cross_entropy"))
    assert str(refused.value) == ("the output activations must include one that binary_cross_entropy (sigmoid) or "
                                  "categorical_cross_entropy (softmax) takes; got 'tanh', 'relu'")


def test_the_commands_scope_options_are_the_scope_the_harness_guide_writes_for_them() -> None:
    """docs/harness.md writes the notes' network twice, as command options and as the Scope its run_campaign example
    passes, and says the two are one scope: read both from the page."""
    from manual_backprop.cli import build_parser
    from manual_backprop.commands.verify_args import scope_of

    guide = (pathlib.Path(__file__).resolve().parents[1] / "docs" / "harness.md").read_text(encoding="utf-8")
    options = re.search(r"`(--depth [^`]+)` is the scope above", guide)
    written = re.search(r"^notes_scope = (Scope\(.*?\))$", guide, flags=re.M | re.S)
    assert options is not None and written is not None
    args = build_parser().parse_args(["verify", *options.group(1).split()])
    assert scope_of(args) == eval(written.group(1), {"Scope": Scope})   # the project's own page
    assert scope_of(args) == Scope(activations=("tanh",), outputs=("sigmoid",), losses=("binary_cross_entropy",),
                                   depths=(2, 2), l2=False)                          # the notes' network, as said


def test_every_option_of_verify_is_in_the_harness_guides_command_line_section() -> None:
    """The section lists every option (its table, its examples): one added to the parser without a word there is
    found here, as --pairs was before its row was written."""
    import argparse

    from manual_backprop.cli import build_parser

    guide = (pathlib.Path(__file__).resolve().parents[1] / "docs" / "harness.md").read_text(encoding="utf-8")
    section = guide[guide.index("## From the command line"):guide.index("## The campaign as a function")]
    parser = build_parser()
    (sub,) = (action for action in parser._actions if isinstance(action, argparse._SubParsersAction))
    options = [action.option_strings[-1] for action in sub.choices["verify"]._actions
               if not isinstance(action, argparse._HelpAction)]
    assert "--pairs" in options and "--fused-only" in options
    assert [option for option in options if not re.search(rf"(?<![\w-]){option}(?![\w-])", section)] == []


@pytest.mark.parametrize("dtype", [np.float32, np.dtype("float32"), "float32", "f4"], ids=repr)
def test_scope_the_strategy_and_make_problem_read_a_dtype_alike(dtype: Any) -> None:
    """Each reads a dtype as np.dtype does: Scope(dtypes=(np.float32,)) said "unknown dtype <class
    'numpy.float32'>" where problems() and make_problem took it."""
    spec = NetworkSpec((2, 1), ("sigmoid",), "binary_cross_entropy")
    assert Scope(dtypes=(dtype,)).dtypes == ("float32",) == Scope(dtypes=[dtype, "float32"]).dtypes
    assert {problem.dtype for problem in generate(4, 0, Scope(dtypes=(dtype,)))} == {np.dtype(np.float32)}
    problems(dtypes=(dtype,))
    assert make_problem(spec, 1, dtype=dtype).dtype == np.float32
    for refused in ((np.float16,), ("float16",), (None,)):
        with pytest.raises(ValueError, match=r"^dtypes must be one of float64, float32; got (None|'float16')"
                                             r"( \(did you mean 'float64'\?\))?$"):
            Scope(dtypes=refused)


def test_a_deprecated_dtype_alias_in_a_scope_is_refused_by_name_not_by_numpys_warning() -> None:
    """np.dtype("a") warns (DeprecationWarning, an error in this suite as under python -W error); Scope read it
    with np.dtype unguarded, so `verify --dtypes a` under -W error and Scope(dtypes=("a",)) here raised NumPy's
    warning instead of the refusal that names the allowed dtypes."""
    with pytest.raises(ValueError, match=r"^dtypes must be one of float64, float32; got 'a' \(NumPy reads it as a "
                                         r"bytes dtype, not a number\)$"):
        Scope(dtypes=("a",))


@pytest.mark.parametrize(("dtype", "message"), [
    ("U8", "got 'U8' (NumPy reads it as a string dtype, not a number)"),
    ("f2", "got 'f2' (NumPy's float16; did you mean 'float64'?)"),
    ("half", "got 'half' (NumPy's float16; did you mean 'float64'?)"),
    ("f8,f8", "got 'f8,f8' (NumPy reads it as a structured dtype, not a number)"),
    (np.float16, "got 'float16' (did you mean 'float64'?)"),                # a type: by NumPy's name, not its repr
    ("datetime64", "got 'datetime64' (NumPy reads it as a datetime dtype, not a number)"),   # not 'float64' by spelling
])
def test_a_scope_refuses_a_dtype_by_the_text_given_with_numpy_s_reading_as_the_hint(dtype: Any, message: str) -> None:
    """As `verify --dtypes` refuses it: Scope(dtypes=("U8",)) said "got 'str256'" and ("f2",) "got 'float16'",
    naming what NumPy read instead of what the caller wrote, with no word of the reading."""
    with pytest.raises(ValueError) as refused:
        Scope(dtypes=(dtype,))
    assert str(refused.value) == f"dtypes must be one of float64, float32; {message}"


@pytest.mark.parametrize(("dtype", "message"), [
    (np.dtype("U8"), "got dtype('<U8') (NumPy reads it as a string dtype, not a number)"),
    (np.dtype("S3"), "got dtype('S3') (NumPy reads it as a bytes dtype, not a number)"),
    (np.dtype("f8,f8"), "got dtype([('f0', '<f8'), ('f1', '<f8')]) (NumPy reads it as a structured dtype, not a "
                        "number)"),
    (np.dtype("V8"), "got dtype('V8') (NumPy reads it as a raw-bytes (void) dtype, not a number)"),
    (np.dtype("f2"), "got 'float16' (did you mean 'float64'?)"),          # a name NumPy reads back: by that name
    (np.dtype("M8[s]"), "got 'datetime64[s]' (NumPy reads it as a datetime dtype, not a number)"),
])
def test_a_scope_refuses_a_dtype_object_numpy_cannot_name_back_by_its_repr_with_its_kind(dtype: Any,
                                                                                         message: str) -> None:
    """Scope(dtypes=(np.dtype("U8"),)) said "got 'str256'": NumPy's name, which NumPy cannot read back and the caller
    never wrote, with no word of its kind, where the text 'U8' got one."""
    with pytest.raises(ValueError) as refused:
        Scope(dtypes=(dtype,))
    assert str(refused.value) == f"dtypes must be one of float64, float32; {message}"


#: float64 and float32 in the byte order this machine does not use ('>f8' on a little-endian one).
SWAPPED = [np.dtype(name).newbyteorder("S") for name in ("float64", "float32")]


@pytest.mark.parametrize("as_text", [True, False], ids=["text", "dtype"])
@pytest.mark.parametrize("swapped", SWAPPED, ids=lambda dtype: dtype.str)
def test_a_scope_refuses_a_dtype_in_non_native_byte_order_naming_it_as_manual_backprop_does(
        swapped: np.dtype, as_text: bool) -> None:
    """Scope(dtypes=(np.dtype(">f8"),)) was float64, the byte order dropped: the campaign then judged native float64
    problems, which a backprop given '>f8' arrays never sees (manual_backprop refuses such an X, "float64 in
    non-native (big-endian) byte order", and make_problem such a dtype). The native order, spelt out, is the dtype."""
    given = swapped.str if as_text else swapped
    order = "big" if swapped.byteorder == ">" else "little"
    with pytest.raises(ValueError) as refused:
        Scope(dtypes=(given,))
    assert str(refused.value) == (f"dtypes must be one of float64, float32; got {given!r} (NumPy's {swapped.name} in "
                                  f"non-native ({order}-endian) byte order; did you mean '{swapped.name}'?)")
    native = swapped.newbyteorder("=")
    assert Scope(dtypes=(native.str if as_text else native,)).dtypes == (swapped.name,)


@pytest.mark.parametrize("swapped", SWAPPED, ids=lambda dtype: dtype.str)
def test_make_problem_refuses_a_dtype_in_non_native_byte_order_naming_that_order_as_scope_does(
        swapped: np.dtype) -> None:
    """make_problem's refusal said "got '>f8'" alone, which reads as float64: it now names the byte order."""
    order = "big" if swapped.byteorder == ">" else "little"
    spec = NetworkSpec((2, 3, 1), ("tanh", "sigmoid"), "binary_cross_entropy")
    for asked in (swapped.str, swapped):
        with pytest.raises(TypeError) as refused:
            make_problem(spec, 4, asked)
        assert str(refused.value) == (f"dtype must be float32 or float64 (what the implementations take); got "
                                      f"{asked!r} (NumPy's {swapped.name} in non-native ({order}-endian) byte order; "
                                      f"did you mean '{swapped.name}'?)")


def test_a_common_loss_name_in_a_scope_gets_a_hint() -> None:
    with pytest.raises(ValueError, match=r"^losses must be one of .*; got 'mse' \(did you mean "
                                         r"'mean_squared_error'\?\)$"):
        Scope(losses=("mse",))


def test_the_default_scope_is_everything_in_the_registry_order() -> None:
    assert Scope(tuple(reversed(ACTIVATIONS)), tuple(reversed(LOSSES)), tuple(reversed(DTYPES))) == EVERYTHING
    assert EVERYTHING.hidden == ELEMENTWISE_ACTIVATIONS
    assert len(EVERYTHING.output_pairs) == sum(len(OUTPUT_ACTIVATIONS_FOR_LOSS[loss]) for loss in LOSSES)  # 2 + 10 now


@given(problem=problems(hidden=("sigmoid", "tanh"), outputs=("sigmoid", "identity"),
                        losses=("binary_cross_entropy", "mean_squared_error"), dtypes=("float64",)))
def test_the_exported_strategy_draws_only_what_your_backprop_implements(problem: Problem) -> None:
    spec = problem.spec
    assert set(spec.activations[:-1]) <= {"sigmoid", "tanh"} and spec.activations[-1] in ("sigmoid", "identity")
    assert spec.loss in ("binary_cross_entropy", "mean_squared_error") and problem.dtype == np.float64


@given(problem=problems(min_depth=2, max_depth=2, hidden=("tanh",), outputs=("sigmoid",),
                        losses=("binary_cross_entropy",), l2=False, dtypes=("float64",)))
def test_the_exported_strategy_narrows_to_the_notes_network(problem: Problem) -> None:
    spec = problem.spec
    assert spec.depth == 2 and spec.activations == ("tanh", "sigmoid") and spec.l2 == 0.0


def test_the_exported_strategy_names_outputs_that_suit_no_loss() -> None:
    """The whole message: " with a fused dZ[L] = A[L] - Y" is said only under fused_only (its own test)."""
    with pytest.raises(ValueError, match=r"^no output activation in \('tanh',\) suits a loss in "
                                         r"\('binary_cross_entropy',\)$"):
        given(problems(outputs=("tanh",), losses=("binary_cross_entropy",)))(lambda problem: None)()


def _relu_prime_at_zero_is_one(spec: NetworkSpec, params: dict[str, np.ndarray], X: np.ndarray,
                               Y: np.ndarray) -> dict[str, np.ndarray]:
    """manual_backprop's gradients with relu'(0) = 1: right everywhere but on the kink."""
    relu = activations.REGISTRY["relu"]
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(activations.REGISTRY, "relu", dataclasses.replace(
            relu, derivative=lambda Z, A: (Z >= 0).astype(Z.dtype)))
        return gradients(spec, params, X, Y)


def test_a_disagreement_on_a_kink_says_which_convention_the_oracle_takes() -> None:
    spec = NetworkSpec((2, 2, 1), ("relu", "sigmoid"), "binary_cross_entropy")
    params = {"W1": np.array([[1.0, -1.0], [1.0, 1.0]]), "b1": np.zeros((2, 1)),
              "W2": np.array([[1.0, 1.0]]), "b2": np.zeros((1, 1))}
    X, Y = np.array([[1.0, 2.0], [1.0, 0.0]]), np.array([[1.0, 0.0]])     # Z[1] = [[0, 2], [2, 2]]: one 0
    report = check_gradients(_relu_prime_at_zero_is_one, spec, params, X, Y)
    assert not report.ok and "note: 1 relu-like pre-activation is exactly 0 here" in str(report)
    assert "relu'(0) = 0, leaky_relu'(0) = 1" in str(report)
    off = {**params, "W1": np.array([[1.0, -0.5], [1.0, 1.0]])}               # Z[1][0, 0] = 0.5: no kink hit
    assert check_gradients(_relu_prime_at_zero_is_one, spec, off, X, Y).ok
    wrong = check_gradients(lambda *p: {**gradients(*p), "b2": np.ones((1, 1))}, spec, off, X, Y)
    assert not wrong.ok and "note" not in str(wrong)                   # no kink hit: no note


def test_the_campaign_is_a_function_too_with_its_scope() -> None:
    import autodiff_oracle

    def sigmoid_only(spec: NetworkSpec, *arrays: np.ndarray) -> dict[str, np.ndarray]:
        assert set(spec.activations) == {"sigmoid"}, spec.activations
        return gradients(spec, *arrays)

    scope = autodiff_oracle.Scope(("sigmoid",), ("binary_cross_entropy",), ("float64",))
    assert autodiff_oracle.run_campaign(sigmoid_only, cases=40, scope=scope).ok
    everything = autodiff_oracle.run_campaign(sigmoid_only, cases=40)
    assert not everything.ok and "AssertionError" in str(everything.failures[0][1])


def test_an_extra_key_beside_the_gradients_fails_though_every_gradient_is_right() -> None:
    """The dict returned stands in for manual_backprop.gradients' wherever gradients are used, so it must have the
    parameters' keys and no other (docs/harness.md): a dZ1 beside them fails, where `backprop check-port` reads past
    one in a port's results file (test_check_port's test_keys_beside_the_results_are_not_read)."""
    spec = NetworkSpec((2, 3, 1), ("tanh", "sigmoid"), "binary_cross_entropy")
    params = init_parameters(spec, seed=0)
    X, Y = np.array([[0.5, 1.0], [0.5, -2.0]]), np.array([[1.0, 0.0]])
    report = check_gradients(lambda *p: {**gradients(*p), "dZ1": np.zeros((3, 2))}, spec, params, X, Y)
    assert not report.ok and "keys (expected ['W1', 'W2', 'b1', 'b2'], got ['W1', 'W2', 'b1', 'b2', 'dZ1'])" in \
        str(report)


def test_gradients_named_as_in_the_notes_dW1_get_a_hint_to_use_the_parameters_keys() -> None:
    spec = NetworkSpec((2, 3, 1), ("tanh", "sigmoid"), "binary_cross_entropy")
    params = init_parameters(spec, seed=0)
    X, Y = np.array([[0.5, 1.0], [0.5, -2.0]]), np.array([[1.0, 0.0]])
    report = check_gradients(lambda *p: {f"d{k}": v for k, v in gradients(*p).items()}, spec, params, X, Y)
    assert not report.ok and "got ['dW1', 'dW2', 'db1', 'db2']) (gradients come back under the parameters' keys: " \
                             "W1, not dW1)" in str(report)
    partly = check_gradients(lambda *p: {k: v for k, v in gradients(*p).items() if k != "b2"}, spec, params, X, Y)
    assert not partly.ok and "not dW1" not in str(partly)


class _GradientsOfItsOwn(Mapping[str, np.ndarray]):
    """The gradients in a Mapping of the candidate's own, whose __getitem__ or iteration may be broken."""

    def __init__(self, grads: dict[str, np.ndarray], broken: str = "") -> None:
        self.grads, self.broken = grads, broken

    def __getitem__(self, key: str) -> np.ndarray:
        if self.broken == "getitem":
            raise KeyError(f"{key} is not here")
        return self.grads[key]

    def __iter__(self) -> Iterator[str]:
        if self.broken == "iter":
            raise RuntimeError("cannot list my keys")
        return iter(self.grads)

    def __len__(self) -> int:
        return len(self.grads)


class _ShapelessArray(np.ndarray):
    """An array class of the candidate's own whose shape property raises."""

    @property
    def shape(self) -> tuple[int, ...]:
        raise RuntimeError("no shape here")


def test_what_a_candidate_returns_is_read_as_its_own_code_so_a_raise_there_fails_at_its_line() -> None:
    """The campaign reads the gradients a candidate returned inside call_read_only, as it calls the candidate: a
    Mapping of its own whose __getitem__ or iteration raises fails each problem at the candidate's line, like any
    raise of its own (the comparison read it later, and the raise stopped the campaign with a traceback). An array
    class of its own is judged by its values: the comparison runs none of its code."""
    scope = SIGMOID_BCE_SCOPE
    for broken, raised, where in (("getitem", "KeyError: 'W1 is not here'", "__getitem__"),
                                  ("iter", "RuntimeError: cannot list my keys", "__iter__")):
        def candidate(*problem: Any, broken: str = broken) -> _GradientsOfItsOwn:
            return _GradientsOfItsOwn(gradients(*problem), broken)

        line = getattr(_GradientsOfItsOwn, where).__code__.co_firstlineno + 2      # its raise
        failures = run_campaign(candidate, cases=4, scope=scope).failures
        assert [str(report.mismatches[0]) for _, report in failures] == [
            f"the candidate raised {raised} (at {__file__}:{line}, in {where})"] * 4, broken
    assert run_campaign(lambda *problem: _GradientsOfItsOwn(gradients(*problem)), cases=4, scope=scope).ok
    shapeless = run_campaign(lambda *problem: {key: value.view(_ShapelessArray)
                                               for key, value in gradients(*problem).items()}, cases=4, scope=scope)
    assert shapeless.ok and shapeless.cases == 4


class _KeyOfItsOwn:
    """A key that hashes as 'W1' and whose comparison raises: the comparison's set of keys would run its __eq__."""

    def __hash__(self) -> int:
        return hash("W1")

    def __eq__(self, other: object) -> bool:
        raise RuntimeError("my key compares with nothing")

    def __repr__(self) -> str:
        return "_KeyOfItsOwn()"


def test_the_keys_a_candidate_returns_are_read_as_plain_strings_so_its_own_key_class_runs_no_code_in_the_comparison(
        ) -> None:
    """A key that is not a str is shown by its repr and type ('_KeyOfItsOwn() (_KeyOfItsOwn)'), which no parameter's
    key equals: the problem fails on its keys (its __eq__ escaped from the comparison and stopped the campaign). A
    str subclass, as NumPy's str_, is read by its value and passes."""
    scope = SIGMOID_BCE_SCOPE

    def foreign_key(*problem: Any) -> dict[Any, np.ndarray]:
        grads: dict[Any, np.ndarray] = gradients(*problem)
        grads[_KeyOfItsOwn()] = grads.pop("W1")
        return grads

    failures = run_campaign(foreign_key, cases=4, scope=scope).failures
    assert len(failures) == 4 and all(re.fullmatch(
        r"keys \(expected \['W1', .*\], got \['W2', .*'_KeyOfItsOwn\(\) \(_KeyOfItsOwn\)', .*\]\)",
        str(report.mismatches[0])) for _, report in failures), failures[0][1]
    numpy_keys = run_campaign(lambda *problem: {np.str_(key): value for key, value in gradients(*problem).items()},
                              cases=4, scope=scope)
    assert numpy_keys.ok and numpy_keys.cases == 4


def test_check_gradients_passes_read_only_views_so_a_write_raises_at_the_write_with_a_note() -> None:
    spec = NetworkSpec((2, 3, 1), ("tanh", "sigmoid"), "binary_cross_entropy")
    params = init_parameters(spec, seed=0)
    X, Y = np.array([[0.5, 1.0], [0.5, -2.0]]), np.array([[1.0, 0.0]])
    before = {key: value.copy() for key, value in params.items()}

    def descends_in_place(spec: NetworkSpec, params: dict[str, np.ndarray], X: np.ndarray,
                          Y: np.ndarray) -> dict[str, np.ndarray]:
        grads = gradients(spec, params, X, Y)
        params["W1"] -= 0.1 * grads["W1"]
        return grads

    with pytest.raises(ValueError, match="read-only") as raised:
        check_gradients(descends_in_place, spec, params, X, Y)
    assert raised.value.__notes__ == [
        "autodiff_oracle passes the inputs read-only: the candidate wrote into one of them or set one writable; copy "
        "an input to change it (X.copy())"]
    assert all(np.array_equal(params[k], before[k]) and params[k].flags.writeable for k in params)   # yours: untouched
    assert check_gradients(gradients, spec, params, X, Y).ok


def test_assert_gradients_match_raises_the_report_with_its_context_and_check_gradients_names_the_problem() -> None:
    """What a failing assert_gradients_match says is the whole located report, under the context given; without
    one, check_gradients names the spec and shapes (mutation testing found neither pinned, session 27)."""
    from autodiff_oracle import assert_gradients_match

    spec = NetworkSpec((2, 3, 1), ("tanh", "sigmoid"), "binary_cross_entropy")
    problem = make_problem(spec, 5, seed=0)

    def db_summed(spec: NetworkSpec, *arrays: np.ndarray) -> dict[str, np.ndarray]:
        grads = gradients(spec, *arrays)
        return {**grads, "b1": grads["b1"] * 5}

    with pytest.raises(AssertionError) as raised:
        assert_gradients_match(db_summed, *problem, context="my problem")
    report = check_gradients(db_summed, *problem, context="my problem")
    assert str(raised.value) == str(report) and str(report).endswith("\n  problem: my problem"), str(raised.value)
    assert "b1[" in str(report) and "(= m: the 1/m left out?)" in report.note, str(report)   # m reaches the note
    default = check_gradients(db_summed, *problem)
    assert default.context == f"{spec!r} with X (2, 5) float64, Y (1, 5)", default.context


def test_a_gradient_returned_as_a_list_is_named_not_converted() -> None:
    """read_gradients keeps what is not an ndarray as it is, for compare to name its type: a list passed, converted,
    under a mutant (mutation testing, session 27)."""
    def b_as_lists(spec: NetworkSpec, *arrays: np.ndarray) -> dict[str, Any]:
        return {key: g.tolist() if key.startswith("b") else g for key, g in gradients(spec, *arrays).items()}

    [(_, report), *_] = run_campaign(b_as_lists, cases=2, seed=0).failures
    assert "dtype float64, got list)" in str(report) or "dtype float32, got list)" in str(report), str(report)


def test_the_campaign_names_the_factor_m_in_a_failing_problem_s_note() -> None:
    def dW_without_1_over_m(spec: NetworkSpec, params: Any, X: np.ndarray, Y: np.ndarray) -> dict[str, np.ndarray]:
        return {key: g * X.shape[1] if key.startswith("W") else g for key, g in gradients(spec, params, X, Y).items()}

    failures = run_campaign(dW_without_1_over_m, cases=40, seed=0, scope=SIGMOID_BCE_SCOPE).failures
    notes = [report.note for problem, report in failures if problem.X.shape[1] > 2]
    assert notes and any("(= m: the 1/m left out?)" in note for note in notes), notes


@pytest.mark.parametrize("name", ["X", "Y", "W1", "b2"])
@pytest.mark.parametrize("how", ["itself", "a view"])
def test_an_input_set_writable_again_raises_there_and_the_callers_arrays_never_change(name: str, how: str) -> None:
    """setflags(write=True), the usual answer to "assignment destination is read-only", worked on the read-only views
    of the caller's arrays, on them or on any view of them (X[:]): a candidate could change the caller's arrays and
    pass (session 27's audit and review). Now it raises at that line, and the caller's arrays stay as they were."""
    spec = NetworkSpec((2, 3, 1), ("tanh", "sigmoid"), "binary_cross_entropy")
    problem = make_problem(spec, 5, seed=0)
    before = [array.copy() for array in (*problem.params.values(), problem.X, problem.Y)]

    def centres_in_place(spec: NetworkSpec, params: dict[str, np.ndarray], X: np.ndarray,
                         Y: np.ndarray) -> dict[str, np.ndarray]:
        grads = gradients(spec, params, X, Y)
        array = {"X": X, "Y": Y, **params}[name]
        target = array if how == "itself" else array[:]
        target.setflags(write=True)
        target -= target.mean()
        return grads

    with pytest.raises(ValueError, match="cannot set WRITEABLE flag to True of this array") as raised:
        check_gradients(centres_in_place, *problem)
    assert raised.value.__notes__[0].startswith("autodiff_oracle passes the inputs read-only"), raised.value.__notes__
    [(_, report), *_] = run_campaign(centres_in_place, cases=3, seed=0).failures
    assert str(report.mismatches[0]).startswith("the candidate raised ValueError: cannot set WRITEABLE flag"), report
    after = [*problem.params.values(), problem.X, problem.Y]
    assert all(np.array_equal(b, a) for b, a in zip(before, after, strict=True))


def test_the_inputs_a_candidate_gets_keep_their_memory_order_and_are_not_the_callers() -> None:
    from autodiff_oracle.calling import read_only

    for layout in ("C", "F"):
        problem = make_problem(NetworkSpec((3, 4, 2), ("tanh", "sigmoid"), "binary_cross_entropy"), 6, seed=1,
                               layout=layout)
        params, X, Y = read_only(problem.params, problem.X, problem.Y)
        for ours, theirs in [(X, problem.X), (Y, problem.Y), *((params[k], v) for k, v in problem.params.items())]:
            assert ours.flags.f_contiguous == theirs.flags.f_contiguous and not ours.flags.writeable
            assert not np.shares_memory(ours, theirs) and np.array_equal(ours, theirs)


def test_a_candidate_may_copy_the_params_as_a_dict_however_it_copies_them() -> None:
    # the course's own update_parameters starts with copy.deepcopy(params): a mappingproxy could not be copied
    import copy
    import pickle

    spec = NetworkSpec((2, 3, 1), ("tanh", "sigmoid"), "binary_cross_entropy")
    params = init_parameters(spec, seed=0)
    X, Y = np.array([[0.5, 1.0], [0.5, -2.0]]), np.array([[1.0, 0.0]])

    def copies(how: Any) -> Any:
        def candidate(spec: NetworkSpec, params: dict[str, np.ndarray], X: np.ndarray,
                      Y: np.ndarray) -> dict[str, np.ndarray]:
            assert isinstance(params, dict)
            mine = how(params)
            assert type(mine) is dict and mine.keys() == params.keys()
            grads = gradients(spec, mine, X, Y)
            if how is copy.deepcopy:                 # writable copies: a step on them leaves the caller's alone
                mine["W1"] -= grads["W1"]
            return grads
        return candidate

    for how in (copy.deepcopy, copy.copy, dict, lambda p: pickle.loads(pickle.dumps(p))):
        assert check_gradients(copies(how), spec, params, X, Y).ok, how


def test_a_cost_given_as_a_1_by_1_array_is_read_as_the_number_it_holds_and_a_larger_one_is_named() -> None:
    spec = NetworkSpec((2, 3, 1), ("tanh", "sigmoid"), "binary_cross_entropy")
    params = init_parameters(spec, seed=0)
    X, Y = np.array([[0.5, 1.0], [0.5, -2.0]]), np.array([[1.0, 0.0]])
    J, grads = cost_and_gradients(spec, params, X, Y)
    assert check_gradients(lambda *p: (np.array([[J]]), grads), spec, params, X, Y).ok      # the notes' Y log(A)^T
    assert not check_gradients(lambda *p: (np.array([[2 * J]]), grads), spec, params, X, Y).ok
    with pytest.raises(TypeError, match=r"the candidate returned a cost of shape \(2, 1\): return J as one number"):
        check_gradients(lambda *p: (np.full((2, 1), J), grads), spec, params, X, Y)


@pytest.mark.parametrize("sizes", [(2, 3), (1, 1)])
def test_gradients_returned_as_a_tuple_of_arrays_are_not_read_as_a_cost(sizes: tuple[int, int]) -> None:
    """A one-layer network's (dW1, db1), the smallest problems a campaign shows first, read as (cost, gradients): a
    (3, 2) dW1 was "a cost of shape (3, 2): return J as one number", a (1, 1) one a cost and db1 the gradients."""
    spec = NetworkSpec(sizes, ("sigmoid",), "binary_cross_entropy")
    problem = make_problem(spec, m=3, seed=0)
    with pytest.raises(TypeError, match=r"^the candidate returned a 2-tuple of an ndarray and an ndarray, not \(cost, "
                                        r"gradients\): return the gradients as a dict under the parameters' keys"):
        check_gradients(lambda *p: tuple(gradients(*p).values()), *problem)


@pytest.mark.parametrize(("arguments", "message"), [
    ({"hidden": "tanh"}, "hidden must be a sequence of names, such as ('tanh',); got the string 'tanh'"),
    ({"losses": "binary_cross_entropy"}, "losses must be a sequence of names"),
    ({"hidden": ("tanhh",)}, "hidden must be one of sigmoid, tanh, relu, leaky_relu, identity, softplus, elu, gelu, "
                             "silu; got 'tanhh' (did you mean 'tanh'?)"),
    ({"outputs": ("sigmoid", "softmx")}, "outputs must be one of sigmoid, tanh, relu, leaky_relu, identity, softplus, "
                                         "elu, gelu, silu, softmax; got 'softmx' (did you mean 'softmax'?)"),
    ({"dtypes": ("float16",)}, "dtypes must be one of float64, float32; got 'float16'"),
    ({"values": ("huge",)}, "values must be one of normal, integers, large; got 'huge'"),
    ({"min_depth": 0}, "min_depth must be an integer >= 1; got 0"),
    ({"min_depth": 3, "max_depth": 2}, "max_depth must be an integer >= 3; got 2"),
    ({"max_width": 0}, "max_width must be an integer >= 1; got 0"),
    ({"max_m": 0}, "max_m must be an integer >= 1; got 0"),
    ({"hidden": ()}, "no hidden activation given"),
    ({"hidden": (), "max_depth": 2}, "no hidden activation given"),    # only at depth 1 is none needed
    ({"layouts": ("K",)}, "layouts must be one of C, F; got 'K'"),
    ({"layouts": ()}, "no layout given; choose from C, F"),
    ({"dtypes": (np.float16,)}, "dtypes must be one of float64, float32; got 'float16'"),
])
def test_the_exported_strategy_checks_its_arguments_when_called_not_when_drawn(arguments: dict[str, Any],
                                                                                message: str) -> None:
    with pytest.raises(ValueError) as raised:
        problems(**arguments)
    assert message in str(raised.value)


@pytest.mark.parametrize(("arguments", "named"), [
    ({"max_depth": 1}, "max_depth has"), ({"hidden": ("relu",)}, "hidden has"),
    ({"hidden": ("softmax",)}, "hidden has"),
    ({"min_depth": 2, "losses": ("mean_squared_error",), "l2": False}, "min_depth, losses and l2 have"),
    ({"max_width": 2, "outputs": ("sigmoid",), "fused_only": True}, "max_width, outputs and fused_only have"),
    ({"pairs": [("sigmoid", "binary_cross_entropy")]}, "pairs has"),
    ({"hidden": 5}, "hidden has"), ({"max_depth": np.array([1, 2])}, "max_depth has"),   # no default, if unequal
])
def test_the_exported_strategy_refuses_spec_arguments_that_spec_strategy_leaves_unread(
        arguments: dict[str, Any], named: str) -> None:
    """With spec_strategy the specs are its own: problems(spec_strategy=mine, max_depth=1) drew mine at every depth
    and problems(spec_strategy=mine, hidden=("softmax",)) was not checked, as verify refuses an option typed that
    changes nothing. Their defaults, given or not, cannot be told apart and pass; a value that cannot be compared
    with its default (no sequence where one is meant, an array's truth) is other than it."""
    mine = st.just(NetworkSpec((2, 4, 1), ("tanh", "sigmoid"), "binary_cross_entropy"))
    it = "it" if named.endswith(" has") else "them"
    with pytest.raises(ValueError, match=rf"^{named} no effect with spec_strategy, which gives the specs: leave "
                                         rf"{it} out, or narrow spec_strategy$"):
        problems(spec_strategy=mine, **arguments)
    problems(spec_strategy=mine, max_depth=4, hidden=ELEMENTWISE_ACTIVATIONS, outputs=list(ACTIVATIONS), l2=True)


@pytest.mark.parametrize("arguments", [{"l2": 0.1}, {"l2": "False"}, {"fused_only": "yes"}, {"l2": None}])
def test_the_exported_strategy_refuses_an_l2_or_fused_only_that_is_not_true_or_false(arguments: dict[str, Any]) -> None:
    """problems(l2=0.1), read as lambda = 0.1, drew every lambda (0, 0.1 and 1.0), and l2="False" drew them too:
    truthy, where Scope refuses both."""
    with pytest.raises(TypeError, match=r"^l2 and fused_only must be True or False; got "):
        problems(**arguments)
    with pytest.raises(TypeError, match=r"^l2 and fused_only must be True or False; got "):
        Scope(**arguments)


@given(problems(max_depth=1, hidden=(), outputs=("sigmoid",), losses=("binary_cross_entropy",)))
def test_one_layer_problems_need_no_hidden_activation(problem: Problem) -> None:
    assert problem.spec.depth == 1 and problem.spec.activations == ("sigmoid",)


@pytest.mark.parametrize("argument", ["dtypes", "values", "losses", "outputs"])
def test_the_exported_strategy_words_an_empty_argument_as_a_scope_does(argument: str) -> None:
    """problems(outputs=()) said "no activation given", where Scope(outputs=()) says "no output activation given"."""
    with pytest.raises(ValueError) as scope:
        Scope(**{argument: ()})
    with pytest.raises(ValueError, match=rf"^{re.escape(str(scope.value))}$"):
        problems(**{argument: ()})


#: Hypothesis's find, repeatable: enough examples to reach a bound of the defaults (a few seconds in all).
SEARCH = settings(derandomize=True, database=None, max_examples=1000)


def test_the_exported_strategys_defaults_reach_the_bounds_harness_md_gives_and_no_further() -> None:
    """docs/harness.md: min_depth and max_depth default to 1 and 4, max_width to 8, max_m to 32 (m from 1), l2 draws
    lambda > 0 as well as 0; every output/loss pair is drawn, fused or not, and every dtype, value regime and layout.
    specs() has the same defaults."""
    from hypothesis import find
    from hypothesis.errors import NoSuchExample

    bounds: list[Callable[[Problem], bool]] = [
        lambda p: p.spec.depth == 1, lambda p: p.spec.depth == 4, lambda p: min(p.spec.layer_sizes) == 1,
        lambda p: max(p.spec.layer_sizes) == 8, lambda p: p.X.shape[1] == 1, lambda p: p.X.shape[1] == 32,
        lambda p: p.spec.l2 == 0, lambda p: p.spec.l2 > 0, lambda p: not p.spec.fused_output,
        *(lambda p, dtype=dtype: p.dtype == dtype for dtype in DTYPES),
        *(lambda p, regime=regime: p.values == regime for regime in VALUE_REGIMES),
        lambda p: p.layout == "C", lambda p: p.layout == "F"]
    for strategy in (problems(), problems(spec_strategy=specs())):
        for reached in bounds:
            find(strategy, reached, settings=SEARCH)
        with pytest.raises(NoSuchExample):
            find(strategy, lambda p: p.spec.depth > 4 or max(p.spec.layer_sizes) > 8 or p.X.shape[1] > 32,
                 settings=SEARCH)


def test_the_exported_strategy_draws_its_specs_from_spec_strategy_when_given() -> None:
    from hypothesis import find

    mine = NetworkSpec((2, 4, 1), ("tanh", "sigmoid"), "binary_cross_entropy")
    assert find(problems(spec_strategy=st.just(mine)), lambda p: True, settings=SEARCH).spec is mine


def test_fused_only_draws_just_the_pairs_whose_dZ_is_A_minus_Y(functions: pathlib.Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    from manual_backprop.spec import FUSED_PAIRS

    scope = Scope(fused_only=True)
    assert set(scope.output_pairs) == FUSED_PAIRS and len(scope.output_pairs) == len(FUSED_PAIRS)
    assert all(p.spec.fused_output for p in generate(300, 3, scope))
    status, out = _verify(capsys, f"{functions}:fused_only", "--fused-only")
    assert status == 0 and "PASS" in out
    rows = {tuple(line.split()[:3]) for line in out.splitlines() if " + " in line and "float" in line}
    assert {row[:3] for row in rows} == {(o, "+", l) for o, l in FUSED_PAIRS}, out
    status, out = _verify(capsys, f"{functions}:fused_only")
    assert status == 1 and "NotImplementedError: dZ[L] = A[L] - Y only" in out
    with pytest.raises(ValueError, match=r"takes with a fused dZ\[L\] = A\[L\] - Y; got 'sigmoid', 'tanh'$"):
        Scope(activations=("tanh", "sigmoid"), losses=("mean_squared_error",), fused_only=True)


TWO_PAIRS = "softmax:categorical_cross_entropy,sigmoid:mean_squared_error"


def test_pairs_draws_the_output_loss_pairs_named_and_no_other_where_outputs_and_losses_cannot(
        functions: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    """softmax + CCE and sigmoid + MSE implemented, softmax + MSE not: --outputs softmax,sigmoid --losses
    categorical_cross_entropy,mean_squared_error draws softmax + MSE too, and no --outputs/--losses leaves it out.
    The tip after the NotImplementedErrors names the two pairs as --pairs, and given back they pass alone."""
    status, out = _verify(capsys, f"{functions}:two_pairs_only", "--outputs", "softmax,sigmoid", "--losses",
                          "categorical_cross_entropy,mean_squared_error")
    assert status == 1 and "NotImplementedError: two pairs only; got softmax + mean_squared_error" in out
    tip = re.search(r"\nTip: if your function does not implement every problem drawn here, narrow them to what it "
                    r"does: --depth, .*, --pairs, .*; --pairs (\S+) draws the output/loss pairs it raised no "
                    r"NotImplementedError on \(it raised one on every problem of the others\)\n", out)
    assert tip is not None and tip.group(1) == TWO_PAIRS, out[-1000:]
    status, out = _verify(capsys, f"{functions}:two_pairs_only", "--pairs", tip.group(1))
    assert status == 0 and "PASS: " in out and "Tip:" not in out
    rows = {tuple(line.split()[:3]) for line in out.splitlines() if " + " in line and "float" in line}
    assert rows == {("softmax", "+", "categorical_cross_entropy"), ("sigmoid", "+", "mean_squared_error")}, out


def test_the_tip_names_pairs_only_where_the_not_implemented_errors_follow_the_pairs_exactly() -> None:
    """--pairs in the tip is what the function raised no NotImplementedError on, and only where it raised one on
    every problem of each other pair drawn: one it raised on in part (a dtype or a hidden activation it lacks) would
    make the suggestion wrong, and raising on every pair or none leaves nothing to name."""
    from types import SimpleNamespace

    from manual_backprop.commands.verify_pairs import implemented_pairs

    def campaign(raises: dict[tuple[str, str], list[BaseException | None]]) -> tuple[list[Any], dict[Any, int]]:
        failures = [(SimpleNamespace(spec=SimpleNamespace(activations=("tanh", out), loss=loss)),
                     SimpleNamespace(raised=error)) for (out, loss), errors in raises.items() for error in errors
                    if error is not None]
        return failures, {(out, loss, "float64"): len(errors) for (out, loss), errors in raises.items()}

    nie, crash = NotImplementedError("no"), ValueError("bug")
    bce, cce, mse = ("sigmoid", "binary_cross_entropy"), ("softmax", "categorical_cross_entropy"), \
        ("sigmoid", "mean_squared_error")
    assert implemented_pairs(*campaign({mse: [None, None], bce: [nie, nie], cce: [None]})) == (cce, mse)
    assert implemented_pairs(*campaign({mse: [None, None], bce: [nie, None], cce: [None]})) == ()   # bce in part
    assert implemented_pairs(*campaign({mse: [None], bce: [None]})) == ()                           # raised on none
    assert implemented_pairs(*campaign({mse: [nie], bce: [nie, nie]})) == ()                        # on every one
    assert implemented_pairs(*campaign({mse: [crash, None], bce: [nie]})) == (mse,)   # no NotImplementedError there
    failures, cases = campaign({mse: [None], bce: [nie, nie]})     # bce raised on its 2 float64 problems, and on
    cases[(*bce, "float32")] = 2                                   # none of its 2 float32 ones: in part, over dtypes
    assert implemented_pairs(failures, cases) == ()


def test_a_scope_of_pairs_draws_every_pair_and_combination_and_no_other() -> None:
    """The command's --pairs, with --activations for the hidden layers as with --outputs, is Scope(pairs=...)."""
    from manual_backprop.cli import build_parser
    from manual_backprop.commands.verify_args import scope_of

    args = build_parser().parse_args(["verify", "--pairs", TWO_PAIRS, "--activations", "tanh,relu"])
    pairs = (("softmax", "categorical_cross_entropy"), ("sigmoid", "mean_squared_error"))
    scope = Scope(("tanh", "relu"), pairs=reversed(pairs))          # pairs in the order output_pairs gives them
    assert scope_of(args) == scope and scope.output_pairs == pairs and scope.output_choices == ("sigmoid", "softmax")
    combos = set(itertools.product(scope.dtypes, pairs, scope.hidden, VALUE_REGIMES))
    drawn = list(generate(len(combos), 5, dataclasses.replace(scope, depths=(2, 2))))
    assert {(str(p.dtype), (p.spec.activations[-1], p.spec.loss), p.spec.activations[0], p.values)
            for p in drawn} == combos


#: (arguments, error, message): pairs that Scope and problems() refuse alike, naming the argument
PAIR_REFUSALS = [
    ({"pairs": ("sigmoid", "binary_cross_entropy")}, ValueError, r"^pairs\[0\] must be an \(output activation, loss\) "
     r"pair; got 'sigmoid'$"),                                     # one pair, not a sequence of them
    ({"pairs": "sigmoid:binary_cross_entropy"}, ValueError, r"^pairs must be a sequence of \(output activation, loss\) "
     r"pairs, such as \(\('softmax', 'categorical_cross_entropy'\),\); got the string "),
    ({"pairs": 3}, TypeError, r"^pairs must be a sequence of \(output activation, loss\) pairs"),
    ({"pairs": ()}, ValueError, r"^no output/loss pair given; give at least one, such as "),
    ({"pairs": [("sigmod", "binary_cross_entropy")]}, ValueError, r"^pairs\[0\]\[0\] \(the output activation\) must "
     r"be one of sigmoid, .*; got 'sigmod' \(did you mean 'sigmoid'\?\)$"),
    ({"pairs": [("sigmoid", "mse")]}, ValueError, r"^pairs\[0\]\[1\] \(the loss\) must be one of "
     r"binary_cross_entropy, categorical_cross_entropy, mean_squared_error; got 'mse' \(did you mean "),
    ({"pairs": [("tanh", "mean_squared_error"), ("softmax", "binary_cross_entropy")]}, ValueError,
     r"^pairs\[1\]: binary_cross_entropy does not take softmax as the output activation; got \('softmax', "
     r"'binary_cross_entropy'\)$"),
    ({"pairs": [("tanh", "mean_squared_error")], "losses": ("binary_cross_entropy",)}, ValueError,
     r"^pairs has \('tanh', 'mean_squared_error'\), which losses leaves out; add 'mean_squared_error' to losses or "
     r"leave the pair out$"),
    ({"pairs": [("tanh", "mean_squared_error")], "outputs": ("sigmoid",)}, ValueError,
     r"^pairs has \('tanh', 'mean_squared_error'\), which outputs leaves out; "),
    ({"pairs": [("tanh", "mean_squared_error")], "fused_only": True}, ValueError,
     r"^pairs has \('tanh', 'mean_squared_error'\), whose dZ\[L\] is not A\[L\] - Y \(fused_only\); set fused_only "
     r"False or leave the pair out$"),
]


@pytest.mark.parametrize(("arguments", "error", "message"), PAIR_REFUSALS,
                         ids=lambda value: repr(value) if isinstance(value, dict) else None)
def test_a_scope_refuses_pairs_it_cannot_draw_by_name_rather_than_drop_them(arguments: dict[str, Any],
                                                                             error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        Scope(**arguments)


@pytest.mark.parametrize(("arguments", "error", "message"), PAIR_REFUSALS,
                         ids=lambda value: repr(value) if isinstance(value, dict) else None)
def test_the_exported_strategy_refuses_the_pairs_a_scope_refuses_with_its_words(arguments: dict[str, Any],
                                                                                error: type, message: str) -> None:
    """problems(pairs=...) reads pairs as Scope(pairs=...) does: a pair the other arguments leave out is refused,
    not dropped, when problems() is called (not when the first example is drawn)."""
    with pytest.raises(error, match=message):
        problems(**arguments)


@given(problems(pairs=[("sigmoid", "mean_squared_error"), ("softmax", "categorical_cross_entropy")],
                hidden=("tanh",), dtypes=("float64",)))
def test_the_exported_strategy_draws_only_the_pairs_named(problem: Problem) -> None:
    """softmax + MSE, which outputs=("softmax", "sigmoid") with losses=(CCE, MSE) would draw, is left out."""
    pair = (problem.spec.activations[-1], problem.spec.loss)
    assert pair in {("sigmoid", "mean_squared_error"), ("softmax", "categorical_cross_entropy")}, pair
    assert set(problem.spec.activations[:-1]) <= {"tanh"}


def test_the_exported_strategy_draws_every_pair_named() -> None:
    from hypothesis import find

    pairs = (("identity", "mean_squared_error"), ("softmax", "categorical_cross_entropy"))
    for pair in pairs:
        drawn = find(specs(pairs=reversed(pairs)), lambda spec, pair=pair: (spec.activations[-1], spec.loss) == pair)
        assert (drawn.activations[-1], drawn.loss) == pair


@given(problems(fused_only=True))
def test_the_exported_strategy_can_draw_only_fused_outputs(problem: Problem) -> None:
    assert problem.spec.fused_output


def test_the_exported_strategy_refuses_fused_only_where_no_pair_is_fused() -> None:
    with pytest.raises(ValueError, match=r"a loss in \('mean_squared_error',\) with a fused dZ\[L\] = A\[L\] - Y"):
        problems(outputs=("sigmoid",), losses=("mean_squared_error",), fused_only=True)


def test_the_exported_strategy_takes_numpy_dtypes_and_integers_as_python_ones() -> None:
    from hypothesis import find

    for dtypes in ([np.dtype("float32")], [np.float32], ["float32"]):
        drawn = find(problems(dtypes=dtypes, max_m=np.int64(4), max_depth=np.int64(2)), lambda p: True)
        assert drawn.X.dtype == np.float32 and drawn.X.shape[1] <= 4 and drawn.spec.depth <= 2, dtypes


def test_every_way_to_change_the_params_mapping_in_place_is_refused_as_read_only() -> None:
    from autodiff_oracle.harness import read_only, wrote_into_inputs

    params, _, _ = read_only({"W1": np.ones((2, 2)), "b1": np.zeros((2, 1))}, np.ones((2, 3)), np.ones((1, 3)))
    changes = {"set": lambda p: p.__setitem__("W1", 0), "del": lambda p: p.__delitem__("W1"),
               "update": lambda p: p.update(W1=0), "pop": lambda p: p.pop("W1"), "popitem": lambda p: p.popitem(),
               "setdefault": lambda p: p.setdefault("W2", 0), "clear": lambda p: p.clear(),
               "ior": lambda p: p.__ior__({"W1": 0})}
    for name, change in changes.items():
        with pytest.raises(TypeError) as raised:
            change(params)
        assert wrote_into_inputs(raised.value), name
    assert sorted(params) == ["W1", "b1"] and params["W1"].sum() == 4.0


def test_run_campaign_draws_as_many_problems_as_the_command_unless_told() -> None:
    import inspect

    from autodiff_oracle import run_campaign
    from autodiff_oracle.campaign import CASES
    from manual_backprop.cli import build_parser

    assert build_parser().parse_args(["verify"]).cases == CASES == 3000
    assert inspect.signature(run_campaign).parameters["cases"].default == CASES


@pytest.mark.parametrize(("make", "error", "message"), [
    (lambda: Scope(activations="sigmoid"), ValueError,                      # was "unknown activation 's'"
     r"^activations must be a sequence of names, such as \('sigmoid',\); got the string 'sigmoid'$"),
    (lambda: Scope(losses="binary_cross_entropy"), ValueError, r"^losses must be a sequence of names"),
    (lambda: Scope(dtypes=None), TypeError, r"^dtypes must be a sequence of names, such as \('float64',\); got None$"),
    (lambda: Scope(depths=(1,)), TypeError, r"^depths must be \(MIN, MAX\), two ints within 1-4; got \(1,\)$"),
    (lambda: Scope(depths=(1.5, 2)), TypeError, r"^depths must be \(MIN, MAX\)"),            # was accepted
    (lambda: Scope(l2="no"), TypeError, r"^l2 and fused_only must be True or False; got 'no', False$"),
    (lambda: make_problem(NetworkSpec((2, 1), ("sigmoid",), "binary_cross_entropy"), m=0), ValueError,
     r"^m must be an integer >= 1; got 0$"),                                  # built an X of shape (2, 0)
    (lambda: make_problem(NetworkSpec((2, 1), ("sigmoid",), "binary_cross_entropy"), m=3, seed=-1), ValueError,
     r"^seed must be an integer >= 0; got -1$"),
    (lambda: make_problem(NetworkSpec((2, 1), ("sigmoid",), "binary_cross_entropy"), m=3, dtype="int32"),
     TypeError, r"^dtype must be float32 or float64 \(what the implementations take\); got 'int32'$"),
    (lambda: make_problem(None, m=3), TypeError, r"^spec must be a NetworkSpec; got NoneType$"),  # type: ignore[arg-type]
    (lambda: make_problem(NetworkSpec((2, 1), ("sigmoid",), "binary_cross_entropy"), m=3, dtype=None), TypeError,
     r"^dtype must be float32 or float64 \(what the implementations take\); got None$"),   # was float64 quietly
    (lambda: make_problem(NetworkSpec((2, 1), ("sigmoid",), "binary_cross_entropy"), m=3, dtype="f8,,"), TypeError,
     r"^dtype must be float32 or float64"),                                      # NumPy's SyntaxError before
    (lambda: run_campaign(gradients, cases=4, batch=0), ValueError, r"^batch must be an integer >= 1; got 0$"),
    (lambda: run_campaign(gradients, cases=-5), ValueError, r"^cases must be an integer >= 0; got -5$"),
    (lambda: run_campaign(gradients, cases=0), ValueError, r"^cases and large are both 0: there is nothing"),
    (lambda: run_campaign(gradients, cases=4, scope=None), TypeError, r"^scope must be a Scope; got None$"),
    (lambda: run_campaign(gradients, cases=4, progress=5), TypeError, r"^progress must be a function"),
    (lambda: run_campaign(None, cases=4), TypeError, r"^candidate must be your gradient function"),
    (lambda: check_gradients(None, *make_problem(NetworkSpec((2, 1), ("sigmoid",), "binary_cross_entropy"), m=3)),
     TypeError, r"^candidate must be your gradient function"),
])
def test_the_harness_helpers_name_an_argument_they_cannot_use(make: Any, error: type, message: str) -> None:
    """Found by fuzzing: these were an AttributeError, an IndexError, 'not callable', a string read as its letters,
    or silently accepted."""
    with pytest.raises(error, match=message):
        make()


def test_scope_takes_any_sequence_of_names_numpy_booleans_and_an_array_of_depths() -> None:
    """What tuple() took before the checks above, still taken: a review found sets, dict keys, NumPy arrays and
    np.bool_ refused by their first version."""
    scope = Scope(activations={"tanh", "sigmoid"}, losses=dict.fromkeys(["binary_cross_entropy"]).keys(),
                  dtypes=np.array(["float64"]), depths=np.array([1, 2]), l2=np.bool_(False), fused_only=np.True_)
    assert scope == Scope(("sigmoid", "tanh"), ("binary_cross_entropy",), ("float64",), depths=(1, 2), l2=False,
                          fused_only=True)
    assert type(scope.l2) is bool and type(scope.depths[0]) is int


class _UnprintableError(Exception):
    """A candidate's exception class whose own __str__ raises."""

    def __str__(self) -> str:
        raise RuntimeError("cannot print myself")


def test_an_exception_whose_str_raises_fails_its_problems_instead_of_the_run() -> None:
    """The report names the exception's class and where it was raised; formatting it no longer raises a second time
    (verify --yours ended in a traceback from the read-only check, which read str(error))."""
    def candidate(*problem: Any) -> dict[str, np.ndarray]:
        raise _UnprintableError

    line = candidate.__code__.co_firstlineno + 1
    failures = run_campaign(candidate, cases=3, scope=SIGMOID_BCE_SCOPE).failures
    assert [str(report.mismatches[0]) for _, report in failures] == [
        "the candidate raised _UnprintableError: <str() of this _UnprintableError raised RuntimeError> "
        f"(at {__file__}:{line}, in candidate)"] * 3


def test_loading_a_target_says_what_it_found_where_no_function_is_and_keeps_files_of_one_size_and_time_apart(
        tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Survivors of session 38's first mutation run of targets.py and target_loading.py: a built-in module (no
    __file__, no __path__), a slash in a name that is no file, a syntax error in an imported module (its message
    names the line: nothing appended), and two files whose size and mtime agree (the edition is their path too)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "path", [*sys.path, str(tmp_path)])
    assert main(["verify", "--yours", "sys:gradients"]) == 2
    assert capsys.readouterr().err == ("backprop verify: --yours: 'sys' has no function 'gradients' (imported from a "
                                       "built-in module)\n")
    assert main(["verify", "--yours", "nowhere/thing:f"]) == 2
    assert "'nowhere/thing' is not a .py file, nor a module's name" in capsys.readouterr().err
    (tmp_path / "broken_syntax.py").write_text("def f(:\n    pass\n")
    assert main(["verify", "--yours", "broken_syntax:f"]) == 2
    assert capsys.readouterr().err.endswith("(broken_syntax.py, line 1)\n")   # the import's: no frame of the file
    assert main(["verify", "--yours", "broken_syntax.py:f"]) == 2                # the file run: a frame, not named
    assert capsys.readouterr().err.endswith("(broken_syntax.py, line 1)\n")
    from manual_backprop.target_loading import _run_file

    first, second = tmp_path / "one.py", tmp_path / "two.py"
    first.write_text("NAME = 'one'\n")
    second.write_text("NAME = 'two'\n")
    os.utime(second, ns=(first.stat().st_atime_ns, first.stat().st_mtime_ns))
    assert (_run_file(str(first)).NAME, _run_file(str(second)).NAME) == ("one", "two")


def test_the_working_directory_is_tried_for_the_targets_own_package_only(
        tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`python -m` finds a module of the working directory, a console script does not: the loader tries it again
    from there when the target's own top-level name is missing (a dotted name too), never when a module the target
    imports is (that is the target's error, and a folder of the user's must not mend it silently). Survivors
    _import_here_too 4 and 8 of session 38's first mutation run."""
    from manual_backprop.target_loading import _import_here_too

    here, lib = tmp_path / "here", tmp_path / "lib"
    (here / "s38_cwd_pkg").mkdir(parents=True)
    (here / "s38_cwd_pkg" / "__init__.py").write_text("")
    (here / "s38_cwd_pkg" / "mod.py").write_text("NAME = 'mod'\n")
    (here / "s38_cwd_dep.py").write_text("NAME = 'dep'\n")
    lib.mkdir()
    (lib / "s38_needs_dep.py").write_text("import s38_cwd_dep\n")
    monkeypatch.chdir(here)
    monkeypatch.setattr(sys, "path", [path for path in sys.path if path not in ("", str(here))] + [str(lib)])
    for name in ("s38_cwd_pkg", "s38_cwd_pkg.mod", "s38_cwd_dep", "s38_needs_dep"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    with pytest.raises(ModuleNotFoundError, match="s38_cwd_dep"):
        _import_here_too("s38_needs_dep")
    assert str(here) not in sys.path
    assert _import_here_too("s38_cwd_pkg.mod").NAME == "mod" and sys.path[-1] == str(here)


def test_a_target_files_own_folder_comes_first_for_its_imports(tmp_path: pathlib.Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """path/to/file.py:function imports the files beside it as `python file.py` would, before any module of the same
    name elsewhere on the path (_run_file 31 of session 38's mutation run put the folder second)."""
    from manual_backprop.target_loading import _run_file

    mine, other = tmp_path / "mine", tmp_path / "other"
    for folder, name in ((mine, "mine"), (other, "other")):
        folder.mkdir()
        (folder / "s38_sibling.py").write_text(f"NAME = {name!r}\n")
    (mine / "s38_target.py").write_text("from s38_sibling import NAME\n")
    monkeypatch.setattr(sys, "path", [str(other), *sys.path])
    monkeypatch.delitem(sys.modules, "s38_sibling", raising=False)
    assert _run_file(str(mine / "s38_target.py")).NAME == "mine"
