"""The per-dataset defaults of `backprop train` (train_run builds a run's spec and parameters from them).

Defaults (measured results in docs/training.md; every run is float64, seed 0, 20 % test split):

    dataset        layers      activations       alpha  iterations  lambda
    breast_cancer  30,16,1     tanh,sigmoid       0.5     2000       0.01
    digits         64,32,10    tanh,softmax       1.0     1000       0.01
    diabetes       10,16,1     tanh,identity      0.05    1000       0.01
    flower         2,8,1       tanh,sigmoid       0.5     5000       0
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Defaults:
    """A dataset's default network (hidden layers only; n[0], n[L] and g[L] come from the data) and run."""

    hidden: tuple[int, ...]
    hidden_activations: tuple[str, ...]
    learning_rate: float
    iterations: int
    l2: float


DEFAULTS: dict[str, Defaults] = {
    "breast_cancer": Defaults((16,), ("tanh",), 0.5, 2000, 0.01),
    "digits": Defaults((32,), ("tanh",), 1.0, 1000, 0.01),
    "diabetes": Defaults((16,), ("tanh",), 0.05, 1000, 0.01),
    "flower": Defaults((8,), ("tanh",), 0.5, 5000, 0.0),
}
