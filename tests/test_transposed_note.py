"""A square W's gradient that comes back transposed gets a note saying so: the other W's of the network can be right,
as when a product in the wrong order is transposed only where its shape is not W's."""

from __future__ import annotations

import numpy as np
import pytest

from autodiff_oracle import check_gradients, make_problem
from manual_backprop import NetworkSpec, gradients


@pytest.mark.parametrize("l2", [0.0, 0.1])
def test_a_square_w_transposed_is_named_in_the_note(l2: float) -> None:
    """dW[l] computed as A[l-1] dZ[l]^T and transposed when its shape is not W's ("made to fit"): right for every W
    but a square one, whose gradient comes back transposed, 'k of its entries disagree' with no note (a user's slip
    run through `backprop verify --yours`, session 37: 58 of 300 problems failed, none with a note); its L2 term
    (lambda/m) W[l], added after the transpose, stays right."""
    def transposed_to_fit(spec: NetworkSpec, params: dict[str, np.ndarray], X: np.ndarray,
                          Y: np.ndarray) -> dict[str, np.ndarray]:
        grads, m = gradients(spec, params, X, Y), X.shape[1]
        square = [key for key, g in grads.items() if key.startswith("W") and g.shape[0] == g.shape[1]]
        return {key: (g - spec.l2 / m * params[key]).T + spec.l2 / m * params[key] if key in square else g
                for key, g in grads.items()}

    spec = NetworkSpec((3, 3, 3, 2), ("tanh", "tanh", "sigmoid"), "binary_cross_entropy", l2)
    report = check_gradients(transposed_to_fit, *make_problem(spec, 7, "float64", 5))
    assert {m.key for m in report.mismatches} == {"W1", "W2"}, report
    apart = ", apart from its L2 term (lambda/m) W[l]," if l2 else ""
    assert report.note == (f"every disagreeing gradient (W1, W2){apart} is the oracle's transposed: the product in "
                           "the wrong order, A[l-1] dZ[l]^T, transposed only where its shape is not W[l]'s?")


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_a_2_by_2_w_transposed_is_named_and_a_1_by_1_w_is_no_transpose(dtype: str) -> None:
    """The smallest square W, 2 by 2, is named transposed (float32's gradients too); a 1 by 1 W is its own transpose,
    so a wrong one is not said to be transposed."""
    def transposed(spec: NetworkSpec, params: dict[str, np.ndarray], X: np.ndarray,
                   Y: np.ndarray) -> dict[str, np.ndarray]:
        grads = gradients(spec, params, X, Y)
        return {**grads, "W1": grads["W1"].T}

    report = check_gradients(transposed, *make_problem(NetworkSpec((2, 2, 1), ("tanh", "sigmoid"),
                                                                   "binary_cross_entropy"), 7, dtype, 5))
    assert report.note == ("every disagreeing gradient (W1) is the oracle's transposed: the product in the wrong "
                           "order, A[l-1] dZ[l]^T, transposed only where its shape is not W[l]'s?"), report

    def off(spec: NetworkSpec, params: dict[str, np.ndarray], X: np.ndarray, Y: np.ndarray) -> dict[str, np.ndarray]:
        grads = gradients(spec, params, X, Y)
        return {**grads, "W1": grads["W1"] + 1.0}

    report = check_gradients(off, *make_problem(NetworkSpec((1, 1, 1), ("tanh", "sigmoid"), "binary_cross_entropy"),
                                                7, dtype, 5))
    assert [m.key for m in report.mismatches] == ["W1"] and "transposed" not in report.note, report
