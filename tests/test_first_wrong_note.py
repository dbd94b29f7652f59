"""A wrong dZ[l] carried down gets a note naming it: the gradients of the layers above l agree and those of layer l and
every layer below disagree, the pattern of a wrong derivative in a hidden layer (sigmoid' as sigmoid(A)
(1 - sigmoid(A)), tanh' as 1 - Z^2) or of a fused dZ[L] = A[L] - Y where it does not hold, which the report listed
without a note (a review's realistic slips run through `backprop verify --yours`, session 37)."""

from __future__ import annotations

import importlib.util
import pathlib
from types import ModuleType
from typing import Any

import numpy as np
import pytest

from autodiff_oracle import check_gradients, make_problem
from autodiff_oracle.first_wrong import first_wrong_layer, first_wrong_note
from autodiff_oracle.report import Mismatch, Report
from manual_backprop import NetworkSpec, cost, gradients

EXAMPLE = pathlib.Path(__file__).resolve().parents[1] / "examples" / "yours" / "notes_backprop.py"


def _notes_backprop() -> ModuleType:
    """A fresh copy of examples/yours/notes_backprop.py, whose HIDDEN derivatives a test may replace."""
    spec = importlib.util.spec_from_file_location("notes_backprop_planted", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


#: what the note says after the layers and dZ[l] it names: the slips it most often is
SLIPS_SAID = ("(its form in A[{l}] fed Z[{l}], as 1 - Z^2 for tanh', or its form in Z[{l}] fed A[{l}], as sigmoid(A) "
              "(1 - sigmoid(A))?) and at that product (W[{k}] dZ[{k}] without the transpose, or dZ @ W without .T in "
              "a row-major layout; + for *?)")
#: (the activations, the derivative replaced, the slip written as g'(Z, A), the note)
HIDDEN_SLIPS = [
    (("tanh", "tanh", "sigmoid"), "tanh", lambda Z, A: 1 - Z**2,
     "the gradients of layer 3 agree and those of layer 2 and of every layer below it disagree: the first quantity "
     "to differ is dZ[2] = W[3]^T dZ[3] * g[2]'(Z[2]), which dW[2], db[2] and every dZ below are made from: look at "
     "layer 2's activation derivative g[2]' " + SLIPS_SAID.format(l=2, k=3)),
    (("sigmoid", "tanh", "sigmoid"), "sigmoid", None,               # sigmoid(A) (1 - sigmoid(A)), from the module
     "the gradients of layers 2 to 3 agree and those of layer 1 disagree: the first quantity to differ is "
     "dZ[1] = W[2]^T dZ[2] * g[1]'(Z[1]), which dW[1] and db[1] are made from: look at layer 1's activation "
     "derivative g[1]' " + SLIPS_SAID.format(l=1, k=2)),
]


@pytest.mark.parametrize(("activations", "name", "slip", "note"), HIDDEN_SLIPS, ids=["tanh' as 1 - Z^2",
                                                                                    "sigmoid' of A"])
def test_a_hidden_layer_s_wrong_derivative_names_the_first_dz_to_differ(activations: tuple[str, ...], name: str,
                                                                       slip: Any, note: str) -> None:
    """The note names dZ[2] where both hidden layers are tanh (the upper one differs first, the lower one's slip
    adds to what is carried down), dZ[1] where the lower one alone is sigmoid."""
    module = _notes_backprop()
    sigmoid = module.sigmoid
    module.HIDDEN[name] = (module.HIDDEN[name][0], slip or (lambda Z, A: sigmoid(A) * (1 - sigmoid(A))))
    spec = NetworkSpec((3, 4, 4, 1), activations, "binary_cross_entropy")
    report = check_gradients(module.gradients, *make_problem(spec, 7, "float64", 5))
    l = int(note.split("differ is dZ[")[1][0])
    assert {m.key for m in report.mismatches} == {f"{k}{j}" for j in range(1, l + 1) for k in "Wb"}, report
    assert report.note == note, report


def _fused_for_any_output(with_cost: bool) -> Any:
    """A tanh, then sigmoid network's backprop with the fused dZ[2] = A[2] - Y, right for binary cross-entropy alone,
    used with the squared error (whose dZ[2] is (A[2] - Y) sigmoid'(Z[2])); (J, gradients) when with_cost."""
    def candidate(spec: NetworkSpec, params: dict[str, np.ndarray], X: np.ndarray, Y: np.ndarray) -> Any:
        m = X.shape[1]
        A1 = np.tanh(params["W1"] @ X + params["b1"])
        A2 = 1 / (1 + np.exp(-(params["W2"] @ A1 + params["b2"])))
        dZ2 = A2 - Y
        dZ1 = (params["W2"].T @ dZ2) * (1 - A1**2)
        grads = {"W2": dZ2 @ A1.T / m, "b2": dZ2.sum(axis=1, keepdims=True) / m,
                 "W1": dZ1 @ X.T / m, "b1": dZ1.sum(axis=1, keepdims=True) / m}
        return (cost(spec, params, X, Y), grads) if with_cost else grads
    return candidate


MSE = NetworkSpec((3, 4, 2), ("tanh", "sigmoid"), "mean_squared_error")


def test_a_fused_dz_where_it_does_not_hold_names_dz_L_when_the_cost_agrees() -> None:
    report = check_gradients(_fused_for_any_output(True), *make_problem(MSE, 7, "float64", 5))
    assert {m.key for m in report.mismatches} == {"W1", "b1", "W2", "b2"}, report
    assert report.note == (
        "the cost agrees and every gradient disagrees: the first quantity to differ is dZ[2], made of the loss's "
        "derivative dA[2] and the output activation's g[2]' (softmax's: its Jacobian): look at both, and at a fused "
        "dZ[L] = A[L] - Y, which holds for sigmoid with binary_cross_entropy, softmax with categorical_cross_entropy "
        "and identity with mean_squared_error alone"), report


#: the note when every gradient disagrees and the cost was not returned (L = 2)
NO_COST = ("every gradient disagrees and the cost was not returned: a wrong forward pass fits that as well as a wrong "
           "dZ[2]; return (cost, gradients) and the cost is judged too, which tells them apart")


def test_every_gradient_disagreeing_without_the_cost_says_returning_it_would_tell_dz_L_from_the_forward_pass() -> None:
    """Without the cost a wrong forward pass makes every gradient disagree as well: dZ[L] is not named, and the note
    says what would let it be (docs/harness.md: the function may return the gradients or (cost, gradients))."""
    report = check_gradients(_fused_for_any_output(False), *make_problem(MSE, 7, "float64", 5))
    assert {m.key for m in report.mismatches} == {"W1", "b1", "W2", "b2"} and report.note == NO_COST, report


@pytest.mark.parametrize(("wrong", "judged", "cost", "note"), [
    (["W1", "b1", "W2", "b2"], ["W1", "b1", "W2", "b2"], "none", NO_COST),
    (["W2", "b2"], ["W2", "b2"], "none", NO_COST.replace("every gradient", "every gradient judged")),  # at a kink
    (["W1", "W2", "b2"], ["W1", "b1", "W2", "b2"], "none", ""),             # b1 agrees: not every gradient
    (["W1", "b1", "W2", "b2"], ["W1", "b1", "W2", "b2"], "disagrees", ""),  # the cost returned, and it disagrees
], ids=["every gradient", "every gradient judged", "b1 agrees", "the cost disagrees"])
def test_the_no_cost_note_is_given_exactly_when_every_judged_gradient_disagrees_and_the_cost_was_not_returned(
        wrong: list[str], judged: list[str], cost: str, note: str) -> None:
    assert first_wrong_note(_report(wrong, judged, cost), ["W1", "b1", "W2", "b2"]) == note


def _zeros(with_cost: bool, entry: float = 0.0) -> Any:
    """A candidate that sets every gradient to np.zeros_like and returns them unwritten (W1[0, 0] = entry), with the
    right cost when with_cost."""
    def candidate(spec: NetworkSpec, params: dict[str, np.ndarray], X: np.ndarray, Y: np.ndarray) -> Any:
        grads = {key: np.zeros_like(p) for key, p in params.items()}
        grads["W1"][0, 0] = entry
        return (cost(spec, params, X, Y), grads) if with_cost else grads
    return candidate


@pytest.mark.parametrize("with_cost", [False, True], ids=["no cost", "the cost"])
def test_gradients_all_zero_are_told_nothing_was_computed_not_where_backprop_first_differs(with_cost: bool) -> None:
    """Every gradient 0 makes every gradient disagree: the first-dZ note said a wrong forward pass fits that as well
    as a wrong dZ[L] (without the cost) or named dZ[L]'s parts (with it), true and beside the point; one nonzero entry
    is no longer nothing computed, and gets the first-dZ note again."""
    from autodiff_oracle.notes import NOTHING

    report = check_gradients(_zeros(with_cost), *make_problem(MSE, 7, "float64", 5))
    assert {m.key for m in report.mismatches} == {"W1", "b1", "W2", "b2"} and report.note == NOTHING, report
    assert f"note: {NOTHING}" in str(report)
    report = check_gradients(_zeros(with_cost, 1.0), *make_problem(MSE, 7, "float64", 5))
    assert report.note.startswith("the cost agrees and every gradient" if with_cost else NO_COST), report


def test_the_nothing_computed_note_is_only_for_a_failing_report_of_gradients_with_their_shapes_and_dtypes() -> None:
    """All zeros in a wrong dtype is a dtype problem, said as one, not "nothing was computed" (compare's `values`);
    all zeros where the true gradients are all 0 (outputs equal to the labels) passes, with no note (the note's
    `report.mismatches`). Both guards survived a hand-planted removal in session 38's mutation run."""
    from autodiff_oracle.notes import NOTHING
    from manual_backprop import forward

    def zeros32(spec: NetworkSpec, params: dict[str, np.ndarray], X: np.ndarray, Y: np.ndarray) -> Any:
        return {key: np.zeros_like(p, dtype=np.float32) for key, p in params.items()}

    report = check_gradients(zeros32, *make_problem(MSE, 7, "float64", 5))
    assert report.mismatches and report.note != NOTHING, report
    spec, params, X, _ = make_problem(NetworkSpec((3, 4, 2), ("tanh", "identity"), "mean_squared_error"), 7,
                                      "float64", 5)
    Y = forward(spec, params, X)[0]          # A[L]: dZ[L] = A[L] - Y = 0, so every true gradient is exactly 0
    report = check_gradients(_zeros(False), spec, params, X, Y)
    assert not report.mismatches and report.note == "", report


def test_a_more_specific_note_wins_over_the_first_dz() -> None:
    """Every gradient times m with the cost agreeing is dZ[L]'s pattern too; the factor's note says more."""
    def times_m(spec: NetworkSpec, params: dict[str, np.ndarray], X: np.ndarray, Y: np.ndarray) -> Any:
        return cost(spec, params, X, Y), {key: g * X.shape[1] for key, g in gradients(spec, params, X, Y).items()}

    report = check_gradients(times_m, *make_problem(MSE, 7, "float64", 5))
    assert report.note.startswith("every disagreeing gradient (W1, b1, W2, b2) is the oracle's times 7"), report


KEYS = ["W1", "b1", "W2", "b2", "W3", "b3"]


def _report(wrong: list[str], judged: list[str] = KEYS, cost: str = "agrees") -> Report:
    """A report whose gradients judged are judged, wrong among them disagreeing; the cost agrees, disagrees or is
    not judged ("none")."""
    report = Report(rtol=1e-13, worst={key: 1.0 if key in wrong else 0.0 for key in judged})
    report.mismatches = [Mismatch(key, (0, 0), 1.0, 2.0, 1.0) for key in wrong]
    if cost != "none":
        report.worst["cost"] = 1.0 if cost == "disagrees" else 0.0
    report.mismatches += [Mismatch("cost", (), 1.0, 2.0, 1.0)] if cost == "disagrees" else []
    return report


@pytest.mark.parametrize(("report", "l"), [
    (_report(["W1", "b1"]), 1),
    (_report(["W1", "b1", "W2", "b2"]), 2),
    (_report(KEYS), 3),
    (_report(KEYS, cost="none"), 0),                       # every gradient, the cost not returned
    (_report(["W1", "b1"], cost="disagrees"), 0),          # the forward pass differs too
    (_report(["b1", "W2", "b2"]), 0),                      # W1 agrees below a layer that disagrees
    (_report(["W2", "b2"]), 0),                            # the layer below agrees
    (_report(["W1", "W2", "b2"]), 0),                      # b1 agrees
    (_report(["W1", "b1", "W2"]), 0),                      # db[2] alone agrees
    (_report(["W1", "W2", "W3"]), 0),                      # W's alone
    (_report(["W2", "b2"], judged=["W2", "b2", "W3", "b3"]), 2),    # layer 1 not judged at a kink
], ids=["layer 1", "layer 2", "every layer", "every layer, no cost", "cost too", "a W below agrees",
        "a layer below agrees", "b1 agrees", "db[2] agrees", "W's alone", "layer 1 unjudged"])
def test_only_the_exact_pattern_of_a_wrong_dz_carried_down_names_a_layer(report: Report, l: int) -> None:
    assert first_wrong_layer(report, KEYS) == l


def test_the_note_says_judged_where_a_kink_left_a_layer_unjudged() -> None:
    """Layer 1 left unjudged (a unit on its kink): "every layer below it judged", "every gradient judged"; with
    every layer judged, neither says "judged"."""
    from autodiff_oracle.first_wrong import first_wrong_note

    upper = ["W2", "b2", "W3", "b3"]
    assert first_wrong_note(_report(["W2", "b2"], judged=upper), KEYS).startswith(
        "the gradients of layer 3 agree and those of layer 2 and of every layer below it judged disagree: the first "
        "quantity to differ is dZ[2] = ")
    assert first_wrong_note(_report(upper, judged=upper), KEYS).startswith(
        "the cost agrees and every gradient judged disagrees: the first quantity to differ is dZ[3], made of ")
    assert first_wrong_note(_report(KEYS), KEYS).startswith("the cost agrees and every gradient disagrees: ")
    assert "and of every layer below it disagree: " in first_wrong_note(_report(["W1", "b1", "W2", "b2"]), KEYS)
