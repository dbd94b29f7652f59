"""Scope(values=...) and `backprop verify --values` choose the value regimes drawn, as problems(values=...) does: a
backprop whose derivative differs at a kink on purpose (relu'(0) = 1) leaves out the integers that put units exactly
on it, and passes. The default draws every regime, the same problems as before the choice existed."""

from __future__ import annotations

import dataclasses
import itertools
import pathlib

import numpy as np
import pytest

from autodiff_oracle import make_problem
from autodiff_oracle.campaign_problems import generate
from autodiff_oracle.notes import ON_THE_KINK
from autodiff_oracle.problems import VALUE_REGIMES
from autodiff_oracle.scope import EVERYTHING, Scope
from manual_backprop import NetworkSpec
from manual_backprop.campaign_defaults import SEED
from manual_backprop.cli import build_parser, main
from manual_backprop.commands.verify import kink_tip
from manual_backprop.commands.verify_args import scope_of
from tests.test_verify_yours import FUNCTIONS

#: every non-empty set of regimes
REGIME_SETS = [values for n in range(1, len(VALUE_REGIMES) + 1) for values in itertools.combinations(VALUE_REGIMES, n)]


@pytest.mark.parametrize(("values", "error", "message"), [
    (("intgers",), ValueError, r"^values must be one of normal, integers, large; got 'intgers' \(did you mean "
                               r"'integers'\?\)$"),
    (("normal", "huge"), ValueError, r"^values must be one of normal, integers, large; got 'huge'$"),
    ((), ValueError, r"^no value regime given; choose from normal, integers, large$"),
    ("normal", ValueError, r"^values must be a sequence of names, such as \('normal',\); got the string 'normal'$"),
    (None, TypeError, r"^values must be a sequence of names, such as \('normal',\); got None$"),
])
def test_a_scope_refuses_unknown_or_no_value_regimes_as_it_refuses_other_names(values: object, error: type,
                                                                                message: str) -> None:
    with pytest.raises(error, match=message):
        Scope(values=values)  # type: ignore[arg-type]


@pytest.mark.parametrize(("arguments", "message"), [
    ({"values": "intgers"}, "values must be one of normal, integers, large; got 'intgers' (did you mean 'integers'?)"),
    ({"values": "huge"}, "values must be one of normal, integers, large; got 'huge'"),
    ({"layout": "c"}, "layout must be one of C, F; got 'c' (did you mean 'C'?)"),
])
def test_make_problem_refuses_an_unknown_value_regime_or_layout_in_the_scopes_wording(arguments: dict[str, str],
                                                                                     message: str) -> None:
    """The one wording of an unknown name (error_messages.not_one_of), with its hint, as Scope and problems() give
    for the same names; make_problem printed the choices as a tuple's repr, with no hint."""
    spec = NetworkSpec((2, 1), ("sigmoid",), "binary_cross_entropy")
    with pytest.raises(ValueError) as error:
        make_problem(spec, m=3, **arguments)  # type: ignore[arg-type]
    assert str(error.value) == message


def test_a_scope_keeps_value_regimes_in_make_problems_order_and_draws_every_one_unless_told() -> None:
    """In VALUE_REGIMES order whatever the order given, so that one set of regimes draws one campaign."""
    assert Scope(values=["large", "normal", "large"]).values == ("normal", "large") == Scope(
        values=("normal", "large")).values
    assert EVERYTHING.values == VALUE_REGIMES and Scope(values=reversed(VALUE_REGIMES)) == EVERYTHING
    scope = Scope(("relu", "sigmoid"), ("binary_cross_entropy",))
    assert [repr(p) for p in generate(24, SEED, dataclasses.replace(scope, values=("large", "normal")))] == [
        repr(p) for p in generate(24, SEED, dataclasses.replace(scope, values=("normal", "large")))]


@pytest.mark.parametrize("values", REGIME_SETS, ids=",".join)
def test_a_values_scope_draws_only_its_regimes_and_still_every_other_combination(values: tuple[str, ...]) -> None:
    """At depth 2 the hidden layer is the cycle's: one cycle meets every (dtype, output pair, hidden activation) in
    each regime asked for, and no other regime."""
    scope = dataclasses.replace(EVERYTHING, depths=(2, 2), values=values)
    combos = set(itertools.product(scope.dtypes, scope.output_pairs, scope.hidden, values))
    seen = {(str(p.dtype), (p.spec.activations[-1], p.spec.loss), p.spec.activations[0], p.values)
            for p in generate(len(combos), SEED, scope)}
    assert seen == combos
    assert {p.values for p in generate(8, SEED, scope, large=True)} <= set(values)


def test_the_campaign_draws_the_problems_it_drew_before_scopes_had_values() -> None:
    """Regimes are the last factor of the cycle, in VALUE_REGIMES order: a scope that names none draws what the
    campaign drew before Scope had values (problems and reprs as of 9d17cb4; the default campaign's 3,000 and 8
    larger problems were byte-for-byte the same there too), so a seed quoted in a report or a doc still rebuilds
    its problem."""
    scope = Scope(("relu", "sigmoid"), ("binary_cross_entropy",))
    assert [repr(p) for p in generate(4, SEED, scope)] == [
        "make_problem(NetworkSpec(layer_sizes=(6, 5, 3, 3, 1), activations=('sigmoid', 'sigmoid', 'sigmoid', "
        "'sigmoid'), loss='binary_cross_entropy', l2=0.0), m=27, dtype='float64', seed=2163061375, values='normal')",
        "make_problem(NetworkSpec(layer_sizes=(6, 5, 5, 8), activations=('sigmoid', 'sigmoid', 'sigmoid'), "
        "loss='binary_cross_entropy', l2=1.0), m=1, dtype='float32', seed=1692857840, values='integers', layout='F')",
        "make_problem(NetworkSpec(layer_sizes=(7, 6, 7, 2, 1), activations=('sigmoid', 'relu', 'sigmoid', "
        "'sigmoid'), loss='binary_cross_entropy', l2=0.1), m=16, dtype='float64', seed=1815427791, "
        "values='integers', layout='F')",
        "make_problem(NetworkSpec(layer_sizes=(1, 1), activations=('sigmoid',), loss='binary_cross_entropy', "
        "l2=0.1), m=9, dtype='float32', seed=2643058928, values='large')"]


def test_verify_values_reads_a_comma_list_into_the_scope_and_its_help_names_each_regime(
        capsys: pytest.CaptureFixture[str]) -> None:
    parser = build_parser()
    default = scope_of(parser.parse_args(["verify"]))
    assert default.values == VALUE_REGIMES
    assert scope_of(parser.parse_args(["verify", "--values", "large, normal"])) == dataclasses.replace(
        default, values=("normal", "large"))
    with pytest.raises(SystemExit):
        parser.parse_args(["verify", "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    assert "--values VALUES comma-separated value regimes to draw from (default: all): " in shown
    assert all(f"{regime} (" in shown for regime in VALUE_REGIMES), shown


@pytest.mark.parametrize(("values", "message"), [
    ("intgers", "--values must be one of normal, integers, large; got 'intgers' (did you mean 'integers'?) (see "
                "backprop verify --help)\n"),
    ("normal,,large", "--values must be a comma-separated list of names; got 'normal,,large' (see backprop verify "
                      "--help)\n"),
    ("", "--values must be a comma-separated list of names; got '' (see backprop verify --help)\n"),
])
def test_verify_refuses_a_values_list_it_cannot_use_in_one_line(capsys: pytest.CaptureFixture[str], values: str,
                                                                message: str) -> None:
    assert main(["verify", "--cases", "8", "--values", values]) == 2
    out, err = capsys.readouterr()
    assert not out and err == f"backprop verify: {message}", err


KINK = f"3 relu-like pre-activations are exactly 0 {ON_THE_KINK} where ..."


@pytest.mark.parametrize(("notes", "values", "tip"), [
    ([KINK, KINK], VALUE_REGIMES, "--values normal,large"),
    ([KINK], ("normal", "integers"), "--values normal"),
    ([KINK, "every disagreeing gradient (W1) is the oracle's times 2"], VALUE_REGIMES, ""),   # a bug besides
    ([], VALUE_REGIMES, ""),
    ([KINK], ("integers",), ""),                                   # nothing would be left to draw
    ([KINK], ("normal", "large"), ""),                             # already left out: another cause
])
def test_the_kink_tip_names_the_values_that_leave_the_integers_out_only_when_a_kink_could_explain_every_failure(
        notes: list[str], values: tuple[str, ...], tip: str) -> None:
    said = kink_tip(notes, values)
    assert said.endswith(tip) and bool(said) == bool(tip), said


def test_a_relu_prime_of_1_at_0_passes_without_the_integers_regime_and_fails_with_it_pointing_there(
        tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A harness user's QA: relu'(0) = 1 on purpose never passed, the integers regime putting units on the kink."""
    path = tmp_path / "functions.py"
    path.write_text(FUNCTIONS)                   # test_verify_yours' candidates, relu_prime_at_zero_is_one among them
    run = ["verify", "--cases", "300", "--large", "1", "--hidden", "relu", "--yours",
           f"{path}:relu_prime_at_zero_is_one"]
    assert main(run) == 1
    out = capsys.readouterr().out
    assert " on a relu-like kink, which could explain each alone: see their notes)" in out, out[-1000:]
    assert ("\nTip: if your derivative differs at the kink on purpose (relu'(0) = 1, say), leave out the integers "
            "regime, which puts units exactly on it: --values normal,large\n") in out
    assert main([*run, "--values", "normal,large"]) == 0
    out = capsys.readouterr().out
    assert "; 0 of 301 failed" in out and "PASS: " in out and "--values" not in out, out[-1000:]


#: A wide layer over a fan-in of 16 (W1 is 1024 x 16), and m = 1024: thousands of draws for each scale below.
WIDE = NetworkSpec((16, 1024, 1), ("tanh", "identity"), "mean_squared_error")


def test_the_normal_regime_draws_w_with_a_fan_in_scaled_deviation_b_with_half_and_x_with_one() -> None:
    """autodiff_oracle/problems.py: "normal" is Gaussian, fan-in scaled: W[l] ~ N(0, 1/n[l-1]), b[l] ~ N(0, 0.5^2),
    X ~ N(0, 1). A sample's deviation is off its scale by about 1/sqrt(2 N), 2.2% for the smallest sample here
    (N = 1024), so a 10% bound is over 4 standard errors, and far from every other scale the regimes draw (x2,
    x10, 1/sqrt(n) for 0.5 with n = 16)."""
    problem = make_problem(WIDE, 1024, seed=3)
    for array, scale in ((problem.params["W1"], 1 / np.sqrt(16)), (problem.params["W2"], 1 / np.sqrt(1024)),
                         (problem.params["b1"], 0.5), (problem.X, 1.0)):
        assert abs(array.std() / scale - 1) < 0.1, (array.shape, array.std(), scale)


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_the_large_regime_is_the_normal_one_ten_times_over_with_the_same_labels(dtype: str) -> None:
    """"large": 10x larger weights and inputs, from the same draws (the same seed); Y is the normal problem's."""
    for spec in (WIDE, NetworkSpec((3, 4, 2), ("relu", "softmax"), "categorical_cross_entropy", 0.1)):
        normal, large = (make_problem(spec, 5, dtype, seed=7, values=values) for values in ("normal", "large"))
        for key in normal.params:
            np.testing.assert_allclose(large.params[key], 10 * normal.params[key], rtol=4 * np.finfo(dtype).eps,
                                       strict=True)   # (z * s) * 10 against z * (s * 10): each rounded twice
        np.testing.assert_allclose(large.X, 10 * normal.X, rtol=4 * np.finfo(dtype).eps, strict=True)
        np.testing.assert_array_equal(large.Y, normal.Y, strict=True)


def test_the_integers_regime_draws_every_integer_from_minus_2_to_2_and_no_other() -> None:
    """"integers": small integers (so Z lands exactly on kinks such as relu's 0), -2 to 2, in W, b and X alike."""
    problem = make_problem(NetworkSpec((16, 64, 64), ("relu", "identity"), "mean_squared_error"), 64, seed=5,
                           values="integers")                  # every array of 64 entries or more
    for name, array in (*problem.params.items(), ("X", problem.X)):
        assert set(np.unique(array)) == {-2.0, -1.0, 0.0, 1.0, 2.0}, name


@pytest.mark.parametrize("values", VALUE_REGIMES)
def test_every_array_of_a_float32_problem_is_float32_labels_too(values: str) -> None:
    spec = NetworkSpec((3, 4, 2), ("relu", "softmax"), "categorical_cross_entropy")
    problem = make_problem(spec, 5, "float32", seed=1, values=values)
    assert {array.dtype for array in (*problem.params.values(), problem.X, problem.Y)} == {np.dtype(np.float32)}
