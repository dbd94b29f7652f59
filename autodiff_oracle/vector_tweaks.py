"""The edits some test vectors make to make_problem's inputs, to put a port where it breaks (vector_cases.Case.tweak).

Each takes the spec, m, dtype and make_problem's (params, X, Y) and returns new ones; none changes a shape.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from manual_backprop.spec import NetworkSpec

Arrays = tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]


def _alternating(n: int) -> np.ndarray:
    """The (n, 1) column +1, -1, +1, ...: saturated units of both signs."""
    return np.where(np.arange(n) % 2 == 0, 1.0, -1.0)[:, None]


def xor(spec: NetworkSpec, m: int, dt: np.dtype, params: dict[str, np.ndarray], X: np.ndarray, Y: np.ndarray) -> Arrays:
    """The notes' XOR data set (n[0] = 2, n[L] = 1, m = 4)."""
    return (params, np.array([[0.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]], dtype=dt),
            np.array([[0.0, 1.0, 1.0, 0.0]], dtype=dt))


def saturate(spec: NetworkSpec, m: int, dt: np.dtype, params: dict[str, np.ndarray], X: np.ndarray,
             Y: np.ndarray) -> Arrays:
    """Output biases far from 0 (+-50 for a sigmoid, +-800 for a softmax: e^800 overflows float64), labels against
    them."""
    n, L = spec.layer_sizes[-1], spec.depth
    sign = _alternating(n)
    size = 50.0 if spec.loss == "binary_cross_entropy" else 800.0
    params = {**params, f"b{L}": (size * sign).astype(dt)}
    if spec.loss == "binary_cross_entropy":
        return params, X, np.repeat((sign < 0).astype(dt), m, axis=1)
    return params, X, np.eye(n, dtype=dt)[:, [(1 + i) % n for i in range(m)]]


def saturate_hidden(spec: NetworkSpec, m: int, dt: np.dtype, params: dict[str, np.ndarray], X: np.ndarray,
                    Y: np.ndarray) -> Arrays:
    """Layer 1's biases +-1000: e^|z| overflows in float64 and float32."""
    return {**params, "b1": (1000.0 * _alternating(spec.layer_sizes[1])).astype(dt)}, X, Y


def soft_labels(spec: NetworkSpec, m: int, dt: np.dtype, params: dict[str, np.ndarray], X: np.ndarray,
                Y: np.ndarray) -> Arrays:
    """Labels spread over (0, 1), none 0 or 1: both terms of the cross-entropy count for every example."""
    return params, X, np.linspace(0.15, 0.85, Y.size).reshape(Y.shape).astype(dt)


def soft_saturated_pair(spec: NetworkSpec, m: int, dt: np.dtype, params: dict[str, np.ndarray], X: np.ndarray,
                        Y: np.ndarray) -> Arrays:
    """Two sigmoid outputs with soft labels: unit 1 ordinary, unit 2 at Z near -800 (float32: -100), where
    log(1 + e^-z) overflows unless written max(-z, 0) + log1p(e^-|z|)."""
    size = 800.0 if dt == np.float64 else 100.0
    params = {**params, f"b{spec.depth}": np.array([[0.1], [-size]], dtype=dt)}
    return params, X, np.vstack([np.linspace(0.2, 0.8, m), np.linspace(0.9, 0.6, m)]).astype(dt)


def saturate_softplus(spec: NetworkSpec, m: int, dt: np.dtype, params: dict[str, np.ndarray], X: np.ndarray,
                      Y: np.ndarray) -> Arrays:
    """Softplus units at z in (20, 35) (float32: (90, 600)) and the output's Z past them: where a derivative clamped
    to 1 or 0 beyond |z| = 20, or a float64 overflow guard kept in float32, goes wrong."""
    low, high, gain = (22.0, 30.0, 2.0) if dt == np.float64 else (100.0, 300.0, 3.0)
    return {**params, "b1": np.array([[low], [high], [0.0]], dtype=dt),
            "W2": (gain * np.array([[0.3, 0.2, 0.5], [-0.3, -0.2, 0.4]])).astype(dt),
            "b2": np.zeros((2, 1), dtype=dt)}, X, Y


def elu_negative(spec: NetworkSpec, m: int, dt: np.dtype, params: dict[str, np.ndarray], X: np.ndarray,
                 Y: np.ndarray) -> Arrays:
    """elu outputs at Z near -1e-10, built from small terms (e^z - 1 loses them; expm1(z) keeps them), and in
    (-38, -21)."""
    return ({"W1": np.array([[1.0]], dtype=dt), "b1": np.array([[0.5]], dtype=dt),
             "W2": np.array([[-2e-10], [-40.0]], dtype=dt), "b2": np.zeros((2, 1), dtype=dt)},
            np.array([[0.1, 0.4, 0.8, 1.5]], dtype=dt), Y)


TWEAKS: dict[str, Callable[..., Arrays]] = {
    f.__name__: f for f in (xor, saturate, saturate_hidden, soft_labels, soft_saturated_pair, saturate_softplus,
                            elu_negative)}
