"""`backprop verify` says what every failing problem has in common where the others drawn lack it: one example
(m = 1), or a square W. Slips that only such problems show (np.squeeze(Y), a transpose that a square W's shapes let
through) failed 43 and 58 of 300 problems of the default scope, each report alone giving no hint that the failures
shared anything (a user's slips run through `backprop verify --yours`, session 37; the tests below draw narrower
scopes, the square-W case at --depth 2)."""

from __future__ import annotations

import pathlib
import re
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

from autodiff_oracle.campaign_problems import generate
from manual_backprop.cli import build_parser, main
from manual_backprop.commands.verify_args import scope_of
from manual_backprop.commands.verify_tips import PATTERNS, pattern_tips

EXAMPLES = pathlib.Path(__file__).resolve().parents[1] / "examples" / "yours"
M_1 = re.compile(r"\nTip: each of the (\d+) failing problems has m = 1 \(one example\), and each of the ([\d,]+) "
                 r"drawn without it passed: look for what treats one column apart \(np\.squeeze\(Y\), a reshape or a "
                 r"sum that drops an axis of length 1\)\n")
SQUARE = re.compile(r"\nTip: each of the (\d+) failing problems has a square W \(n\[l\] = n\[l-1\]\), and each of the "
                    r"([\d,]+) drawn without it passed: look for a transpose left out that only a square W's shapes "
                    r"let through \(W\[l\] for W\[l\]\^T in dZ\[l-1\], A\[l\] for A\[l-1\] in dW\[l\]\)\n")


def _planted(tmp_path: pathlib.Path, example: str, right: str, slip: str) -> str:
    source = (EXAMPLES / example).read_text()
    assert source.count(right) == 1
    (tmp_path / "planted.py").write_text(source.replace(right, slip))
    return f"{tmp_path / 'planted.py'}:gradients"


@pytest.mark.parametrize(("example", "right", "slip", "tip", "other"), [
    ("notes_backprop.py", "L, m = len(spec.activations), X.shape[1]\n",
     "L, m = len(spec.activations), X.shape[1]\n    Y = np.squeeze(Y)\n", M_1, SQUARE),
    ("row_major_backprop.py", "dZ = (dZ @ W.T) *", "dZ = (dZ @ (W if W.shape[0] == W.shape[1] else W.T)) *", SQUARE,
     M_1),
], ids=["m = 1", "square W"])
def test_what_every_failing_problem_has_and_no_passing_one_does_is_a_tip(
        tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str], example: str, right: str, slip: str,
        tip: re.Pattern[str], other: re.Pattern[str]) -> None:
    scope = ("--activations", "sigmoid,tanh,relu", "--losses", "binary_cross_entropy") if example.startswith(
        "notes") else ("--hidden", "sigmoid,tanh,relu", "--outputs", "sigmoid", "--losses", "binary_cross_entropy",
                       "--depth", "2")   # the scope dropped from drawn(): every depth, another count
    status = main(["verify", "--cases", "300", "--large", "0", "--show", "0", "--yours",
                   _planted(tmp_path, example, right, slip), *scope])
    out = capsys.readouterr().out
    found = tip.search(out)
    assert status == 1 and found, out[-1500:]
    assert re.search(rf"; {found[1]} of 300 failed", out) and not other.search(out)
    args = build_parser().parse_args(["verify", "--cases", "300", *scope])          # the campaign's problems drawn
    has = next(has for has, what, _ in PATTERNS if what in tip.pattern.replace("\\", ""))
    assert int(found[2].replace(",", "")) == sum(not has(p) for p in generate(300, args.seed, scope_of(args)))


def test_no_pattern_tip_where_the_failures_are_of_every_kind(tmp_path: pathlib.Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    """dW without its 1/m fails problems of every m above 1 and every shape: nothing they share to name."""
    target = _planted(tmp_path, "notes_backprop.py", "dZ @ A[l - 1].T / m", "dZ @ A[l - 1].T")
    main(["verify", "--cases", "300", "--large", "0", "--show", "0", "--yours", target,
          "--activations", "sigmoid,tanh,relu", "--losses", "binary_cross_entropy"])
    assert "failing problems has" not in capsys.readouterr().out


def _problem(m: int, layer_sizes: tuple[int, ...]) -> Any:
    """What PATTERNS read of a problem: its X (n[0], m) and its spec's layer sizes."""
    return SimpleNamespace(X=np.zeros((layer_sizes[0], m)), spec=SimpleNamespace(layer_sizes=layer_sizes))


def test_a_pattern_tip_counts_the_failures_and_the_problems_drawn_without_it_from_three_failures_on() -> None:
    """Three failures all with m = 1 are enough (two are not: by chance); the tip counts them and the problems drawn
    (all of the campaign's, failing or not) that lack it; drawn() is called once, and only when a pattern is held."""
    failed = [_problem(1, (2, 3, 1))] * 3
    drawn = [*failed, _problem(1, (3, 3, 1)), _problem(4, (2, 3, 1)), _problem(5, (2, 3, 1))]
    calls: list[int] = []

    def again() -> list[Any]:
        calls.append(1)
        return drawn

    assert pattern_tips(failed, again) == [
        "Tip: each of the 3 failing problems has m = 1 (one example), and each of the 2 drawn without it passed: "
        "look for what treats one column apart (np.squeeze(Y), a reshape or a sum that drops an axis of length 1)"]
    assert calls == [1]
    assert pattern_tips(failed[:2], again) == [] and pattern_tips(failed, lambda: failed) == [] and calls == [1]
    assert pattern_tips([_problem(4, (2, 3, 1))] * 3, lambda: pytest.fail("drawn() with no pattern held")) == []
    square = [_problem(1, (3, 3, 1))] * 1_000
    tips = pattern_tips(square, lambda: [*square, *[_problem(2, (2, 3, 1))] * 1_001])
    assert tips[0].startswith("Tip: each of the 1,000 failing problems has m = 1 (one example), and each of the 1,001 ")
    assert tips[1].startswith("Tip: each of the 1,000 failing problems has a square W (n[l] = n[l-1]), and each of "
                              "the 1,001 drawn without it passed: look for a transpose left out") and len(tips) == 2


def test_the_larger_problems_drawn_are_counted_among_those_without_the_pattern(
        tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    """drawn() draws the campaign's problems again, the larger ones (--large; m 33 and up) too: the one larger problem
    of --large 1 lacks m = 1 and passes, so the tip counts one more problem drawn without it than at --large 0. Seed
    28's first problem has m = 1, so a larger problem drawn again as a small one (generate without large=True: the
    same seed's first) would not be counted."""
    target = _planted(tmp_path, "notes_backprop.py", "L, m = len(spec.activations), X.shape[1]\n",
                      "L, m = len(spec.activations), X.shape[1]\n    Y = np.squeeze(Y)\n")
    found = []
    for large in ("0", "1"):
        main(["verify", "--cases", "300", "--large", large, "--seed", "28", "--show", "0", "--yours", target,
              "--activations", "sigmoid,tanh,relu", "--losses", "binary_cross_entropy"])
        tip = M_1.search(out := capsys.readouterr().out)
        assert tip, out[-1500:]
        found.append((int(tip[1]), int(tip[2].replace(",", ""))))
    assert found[1] == (found[0][0], found[0][1] + 1), found
    scope = scope_of(build_parser().parse_args(["verify", "--activations", "sigmoid,tanh,relu", "--losses",
                                                "binary_cross_entropy"]))
    assert found[0][1] == sum(problem.X.shape[1] != 1 for problem in generate(300, 28, scope))   # the campaign's
