"""How well a trained network does, and the learning rate under which gradient descent cannot go uphill.

score: accuracy for classification (A[L] > 0.5 for one sigmoid unit, argmax over units for
softmax), R^2 = 1 - sum (A - Y)^2 / sum (Y - mean Y)^2 for regression. baseline: the same score of
the best constant guess learned from the training labels (the majority class; the mean, R^2 <= 0).

learning_rate_bound (depth L = 1, the fused output/loss pairs): J is then convex and its Hessian
with respect to (W, b) is (1/m) sum_i x~_i x~_i^T (x) H_i + (lambda/m) I_W, with x~_i = (x_i, 1) and
H_i = d^2 loss / dz^2, whose largest eigenvalue is at most c = 1/4 (sigmoid + BCE: a (1 - a)),
1/2 (softmax + CCE: diag(a) - a a^T) or 1 (identity + MSE). So J is smooth with constant
    L_J = (c ||X~||_2^2 + lambda) / m,      X~ = [X; 1 ... 1]  ((n[0] + 1, m))
and the descent lemma, J(p - alpha dp) <= J(p) - alpha (1 - alpha L_J / 2) ||dp||^2, makes every step
non-increasing for alpha <= 2 / L_J. For L >= 2 no global bound exists (J is not globally smooth in
products of weights); see docs/training.md for what we measure there instead.
"""

from __future__ import annotations

import numpy as np

from .activations import Array
from .propagation import Params, forward
from .spec import NetworkSpec

#: Largest eigenvalue of d^2 loss / dZ[L]^2 over all inputs, per fused (output, loss) pair.
CURVATURE: dict[tuple[str, str], float] = {
    ("sigmoid", "binary_cross_entropy"): 0.25,
    ("softmax", "categorical_cross_entropy"): 0.5,
    ("identity", "mean_squared_error"): 1.0,
}


def is_regression(spec: NetworkSpec) -> bool:
    return spec.loss == "mean_squared_error"


def _score(spec: NetworkSpec, AL: Array, Y: Array) -> float:
    if is_regression(spec):
        total = float(np.sum((Y - Y.mean(axis=1, keepdims=True)) ** 2))
        return 1.0 - float(np.sum((AL - Y) ** 2)) / total if total > 0 else float("nan")
    if AL.shape[0] == 1:
        return float(np.mean((AL > 0.5) == (Y > 0.5)))
    return float(np.mean(AL.argmax(axis=0) == Y.argmax(axis=0)))


def score(spec: NetworkSpec, params: Params, X: Array, Y: Array) -> float:
    """Accuracy (classification) or R^2 (regression) of the network on X (n[0], m), Y (n[L], m)."""
    return _score(spec, forward(spec, params, X)[0], Y)


def baseline(spec: NetworkSpec, Y_train: Array, Y_test: Array) -> float:
    """The score on Y_test of a constant prediction fitted to Y_train (majority class, or the mean)."""
    m = Y_test.shape[1]
    if is_regression(spec):
        guess = Y_train.mean(axis=1, keepdims=True)
    elif Y_train.shape[0] == 1:
        guess = np.full((1, 1), float(Y_train.mean() > 0.5))
    else:
        guess = np.eye(Y_train.shape[0])[:, [int(Y_train.sum(axis=1).argmax())]]
    return _score(spec, np.repeat(guess, m, axis=1), Y_test)


def learning_rate_bound(spec: NetworkSpec, X: Array) -> float | None:
    """2 / L_J for a depth-1 network with a fused output (see the module docstring), else None."""
    curvature = CURVATURE.get((spec.activations[-1], spec.loss))
    if spec.depth != 1 or curvature is None:
        return None
    m = X.shape[1]
    X_tilde = np.vstack([X.astype(np.float64), np.ones((1, m))])
    return 2.0 * m / (curvature * float(np.linalg.norm(X_tilde, 2)) ** 2 + spec.l2)
