"""Scope(values=...) chooses the value regimes drawn, as problems(values=...) does: a backprop whose derivative
differs at a kink on purpose (relu'(0) = 1) can leave out the integers that put units exactly on it. The default
draws every regime, the same problems as before the choice existed."""

from __future__ import annotations

import dataclasses
import itertools

import pytest

from autodiff_oracle.campaign_problems import generate
from autodiff_oracle.problems import VALUE_REGIMES
from autodiff_oracle.scope import EVERYTHING, Scope
from manual_backprop.campaign_defaults import SEED

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
