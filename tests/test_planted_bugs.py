"""The planted-bug catalog: every bug still applies, planting is undone, and the property suite catches each."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import manual_backprop as mb
from autodiff_oracle.problems import make_problem
from autodiff_oracle.properties import PROPERTIES, check_oracle, check_shapes_and_dtypes
from manual_backprop.mutants import CATALOG, Mutant, MutantDoesNotApply, patched_source, plant
from manual_backprop.mutants.runner import Hunt, examples_to_failure, hunt, problem_stream

#: Cheap, decisive properties first: the default run stops at the first that catches each bug.
FAST_ORDER = ("shapes_and_dtypes", "descent_step", "oracle", "saturated", "finite_differences")
STREAM = problem_stream(60, seed=0, max_depth=3)
ERRATA_IN_CODE = ("E3", "E4", "E5", "E6", "E7", "E8", "E9")


def test_catalog_has_every_code_erratum_and_fifteen_common_bugs() -> None:
    sources = [m.source for m in CATALOG.values()]
    assert {f"ERRATA {e}" for e in ERRATA_IN_CODE} <= set(sources)
    assert sources.count("common") >= 15


def test_the_docs_quote_the_catalog_s_counts() -> None:
    """The README and verification.md quote how many bugs the catalog plants (nothing held them: session 27's
    contributor audit), as test_vectors' COUNTS holds the vectors' counts."""
    from tests.doc_phrases import wrong_phrases

    total, common = str(len(CATALOG)), str(sum(m.source == "common" for m in CATALOG.values()))
    counts = [("README.md", "plants {} catalogued bugs (every code erratum of the notes and {} common ones",
               (total, common)),
              ("README.md", "the default test run requires all {} caught", (total,)),
              ("docs/verification.md", "a catalog of {} planted bugs", (total,))]
    wrong = wrong_phrases(counts, "test_the_docs_quote_the_catalog_s_counts")
    assert not wrong, "the docs quote counts the catalog no longer has:\n" + "\n".join(wrong)


@pytest.mark.parametrize("name", list(CATALOG))
def test_every_mutant_still_applies_to_the_source(name: str) -> None:
    patched = patched_source(CATALOG[name])  # raises MutantDoesNotApply when the code it patches moved
    compile(patched, name, "exec")


def test_a_mutant_whose_snippet_moved_fails_loudly() -> None:
    with pytest.raises(MutantDoesNotApply, match="occurs 0 times"):
        patched_source(Mutant("gone", "propagation", "no such code", "x", "test", "a snippet that is not there"))


def test_planting_changes_the_gradients_and_is_undone_afterwards() -> None:
    spec = mb.NetworkSpec((2, 3, 1), ("tanh", "sigmoid"), "binary_cross_entropy")
    params = mb.init_parameters(spec, seed=1)
    X, Y = np.array([[0.5, -1.0], [2.0, 0.25]]), np.array([[1.0, 0.0]])
    before = mb.gradients(spec, params, X, Y)
    functions = (mb.gradients, mb.propagation._backward, mb.training._backward, mb.propagation.activations)
    with plant(CATALOG["E7"]):
        assert not np.array_equal(mb.gradients(spec, params, X, Y)["b2"], before["b2"])
    assert (mb.gradients, mb.propagation._backward, mb.training._backward, mb.propagation.activations) == functions
    for key, value in mb.gradients(spec, params, X, Y).items():
        np.testing.assert_array_equal(value, before[key], strict=True)


@pytest.mark.parametrize("name", list(CATALOG))
def test_property_suite_catches_planted_bug(name: str) -> None:
    result: Hunt = hunt(CATALOG[name], STREAM, FAST_ORDER, limit=len(STREAM), stop_at_first=True)
    assert result.caught, f"{name} ({CATALOG[name].description}) survived {len(STREAM)} problems of {FAST_ORDER}"


@pytest.mark.slow
@pytest.mark.parametrize("name", list(CATALOG))
def test_full_property_suite_report_for_planted_bug(name: str) -> None:
    """Every property against every bug (what `backprop mutants` prints); the oracle or the step check catch all."""
    result = hunt(CATALOG[name], problem_stream(200, seed=1), list(PROPERTIES), limit=200)
    assert result.catches["oracle"] is not None or result.catches["descent_step"] is not None, result


class _Output:
    """manual_backprop, with its cost and gradients passed through change(J, grads) before they are returned."""

    def __init__(self, change: Callable[[Any, dict[str, np.ndarray]], tuple[Any, dict[str, np.ndarray]]]) -> None:
        self.change = change

    def cost_and_gradients(self, *problem: Any) -> tuple[Any, dict[str, np.ndarray]]:
        return self.change(*mb.cost_and_gradients(*problem))


def test_the_shapes_and_dtypes_property_passes_manual_backprop_and_names_each_wrong_output() -> None:
    """check_shapes_and_dtypes is first in FAST_ORDER, where a property that raises on everything "catches" every
    bug: here it passes manual_backprop in both dtypes, and fails a cost that is no Python float or not finite,
    gradients in another key order, of another shape or dtype, or not finite, each message whole."""
    spec = mb.NetworkSpec((3, 4, 2), ("tanh", "sigmoid"), "binary_cross_entropy")
    problem = make_problem(spec, 3, "float32", seed=5)
    check_shapes_and_dtypes(mb, make_problem(spec, 3, "float64", seed=5))
    check_shapes_and_dtypes(mb, problem)
    J = mb.cost(*problem)
    wrong: list[tuple[Callable[[Any, dict[str, np.ndarray]], tuple[Any, dict[str, np.ndarray]]], str]] = [
        (lambda J, g: (np.float64(J), g), f"cost {np.float64(J)!r}"),
        (lambda J, g: (float("inf"), g), "cost inf"),
        (lambda J, g: (J, dict(reversed(g.items()))), "keys ['b2', 'W2', 'b1', 'W1'] != ['W1', 'b1', 'W2', 'b2']"),
        (lambda J, g: (J, {**g, "W2": g["W2"].T}), "W2: (4, 2) float32"),
        (lambda J, g: (J, {**g, "b1": g["b1"].astype(np.float64)}), "b1: (4, 1) float64"),
        (lambda J, g: (J, {**g, "b2": g["b2"] * np.float32("nan")}), "b2 is not finite")]
    for change, message in wrong:
        with pytest.raises(AssertionError) as failed:
            check_shapes_and_dtypes(_Output(change), problem)
        assert str(failed.value).split("\n")[0] == message


def test_the_oracle_property_names_the_problem_it_failed_on() -> None:
    """check_oracle's failure message carries the problem's repr, the call that rebuilds it."""
    problem = make_problem(mb.NetworkSpec((3, 4, 2), ("tanh", "sigmoid"), "binary_cross_entropy"), 3, "float64", 5)
    check_oracle(mb, problem)
    with pytest.raises(AssertionError) as failed:
        check_oracle(_Output(lambda J, g: (J, {**g, "b2": g["b2"] * 1.01})), problem)
    assert repr(problem) in str(failed.value)


@pytest.mark.parametrize("prop", FAST_ORDER)
def test_each_property_hunt_runs_passes_manual_backprop_with_no_bug_planted(prop: str) -> None:
    """hunt counts any exception a property raises as a catch (a planted bug may make the candidate itself crash), so
    a property that failed or crashed on a problem with no bug planted would "catch" every bug there: with none, each
    property of FAST_ORDER judges all of STREAM and raises nothing but NotApplicable."""
    assert examples_to_failure(prop, STREAM, limit=len(STREAM)) is None


@pytest.mark.slow
@pytest.mark.parametrize("prop", list(PROPERTIES))
def test_each_property_passes_manual_backprop_on_the_full_reports_problems(prop: str) -> None:
    """As above, for every property over the full report's 200 problems (`backprop mutants`)."""
    assert examples_to_failure(prop, problem_stream(200, seed=1), limit=200) is None
