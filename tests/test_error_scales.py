"""The oracle's error scales follow the recurrences core.py documents, transcribed here in NumPy.

Every verdict is |candidate - oracle| <= rtol (|oracle| + S) + rtol^2 M + atol, so S and M are part of the
oracle: a scale too large lets wrong gradients pass, one too small fails right ones. Held here against the
formulas of core.py's docstring, written out for a 2-layer network (tanh hidden layer) with a fused output
(sigmoid + cross-entropy: dZ[2] = A - Y) and an unfused one (tanh + squared error), lambda > 0 and m > 1.
A mutation run over core.py (docs/verification-log.md, session 14) left scale changes such as (lambda m) for
(lambda / m) or S / outer for S * outer unnoticed by every other test.
"""

from __future__ import annotations

import numpy as np
import pytest

import manual_backprop as mb
from autodiff_oracle.core import UNDERFLOW
from autodiff_oracle.harness import PADDED
from autodiff_oracle.plain import OracleResult, evaluate_problem


def _sigmoid(Z: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-Z))


def _expected_scales(output: str, params: dict[str, np.ndarray], X: np.ndarray, Y: np.ndarray,
                     l2: float) -> tuple[float, dict[str, np.ndarray], dict[str, np.ndarray]]:
    """(S_J, S, M) by core.py's docstring: F, FA forward; B backward with slopes |g'| (S) or D (M)."""
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    m = X.shape[1]
    Z1 = W1 @ X + b1
    A1 = np.tanh(Z1)
    Z2 = W2 @ A1 + b2
    if output == "sigmoid":                               # fused with cross-entropy: dZ[2] = A - Y
        A2 = _sigmoid(Z2)
        slope2, dA2 = A2 * (1 - A2), (A2 - Y) / (A2 * (1 - A2))
        loss = -(Y * np.log(A2) + (1 - Y) * np.log(1 - A2))
        dZ2 = A2 - Y
    else:                                                 # tanh + squared error: dZ[2] = dA[2] g'(Z[2])
        A2 = np.tanh(Z2)
        slope2, dA2 = 1 - A2**2, A2 - Y
        loss = 0.5 * (A2 - Y) ** 2
        dZ2 = dA2 * slope2
    slope1 = 1 - A1**2
    dA1 = W2.T @ dZ2
    dZ1 = dA1 * slope1
    D1 = D2 = 2.0                                         # sigmoid and tanh: derivatives formed from A
    V1, V2 = np.maximum(np.abs(A1), UNDERFLOW), np.maximum(np.abs(A2), UNDERFLOW)
    FA0 = np.abs(X)
    F1 = np.abs(W1) @ FA0 + np.abs(b1)
    FA1 = V1 + slope1 * F1
    F2 = np.abs(W2) @ FA1 + np.abs(b2)
    FA2 = V2 + slope2 * F2
    outer = FA2 + np.abs(Y)
    SJ = (np.sum(np.abs(loss) + outer * F2)) / m + l2 / (2 * m) * (np.sum(W1**2) + np.sum(W2**2))
    scales = []
    for s1, s2 in ((slope1, slope2), (D1, D2)):           # S with |g'|, M with D in its place
        B2 = outer if output == "sigmoid" else s2 * outer + np.abs(dA2) * (D2 + F2)
        B1 = s1 * (np.abs(W2).T @ B2) + np.abs(dA1) * (D1 + F1)
        scales.append({"W2": (B2 + np.abs(dZ2)) @ FA1.T / m + l2 / m * np.abs(W2),
                       "b2": np.sum(B2 + np.abs(dZ2), axis=1, keepdims=True) / m,
                       "W1": (B1 + np.abs(dZ1)) @ FA0.T / m + l2 / m * np.abs(W1),
                       "b1": np.sum(B1 + np.abs(dZ1), axis=1, keepdims=True) / m})
    return float(SJ), scales[0], scales[1]


@pytest.mark.parametrize(("output", "loss"), [("sigmoid", "binary_cross_entropy"), ("tanh", "mean_squared_error")])
def test_error_scales_follow_the_documented_recurrences(output: str, loss: str) -> None:
    spec = mb.NetworkSpec((3, 4, 2), ("tanh", output), loss, 0.3)
    rng = np.random.default_rng(7)
    params = {k: rng.standard_normal(s) for k, s in spec.parameter_shapes().items()}
    X, Y = rng.standard_normal((3, 5)), rng.integers(0, 2, (2, 5)).astype(np.float64)
    SJ, S, M = _expected_scales(output, params, X, Y, spec.l2)
    results: tuple[OracleResult, ...] = (evaluate_problem(spec, params, X, Y), PADDED.evaluate(spec, params, X, Y))
    for result in results:
        np.testing.assert_allclose(result.cost_scale, SJ, rtol=1e-13, strict=True)
        for key in params:
            np.testing.assert_allclose(result.scales[key], S[key], rtol=1e-13, atol=0, strict=True, err_msg=key)
            np.testing.assert_allclose(result.second_order[key], M[key], rtol=1e-13, atol=0, strict=True,
                                       err_msg=key)
