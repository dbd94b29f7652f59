"""What is benchmarked: the notes' 2-layer network and a 4-layer one, at the issue's sizes, per dtype.

A size is (n[0], n[1], n[L], m): the deep network repeats the hidden width n[1] in its three hidden layers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from manual_backprop.spec import NetworkSpec
from manual_backprop.training import init_parameters

#: (n[0], n[1], n[L], m) per size, as in the issue's table; "large" only with --large.
SIZES: dict[str, tuple[int, int, int, int]] = {
    "tiny": (2, 4, 1, 8),
    "small": (20, 50, 1, 256),
    "medium": (784, 256, 10, 1024),
    "large": (4096, 4096, 64, 4096),
}
DEFAULT_SIZES = ("tiny", "small", "medium")
#: Hidden activations per network; the output is sigmoid + binary cross-entropy (dZ[L] = A[L] - Y).
NETWORKS: dict[str, tuple[str, ...]] = {
    "seed": ("tanh",),                      # the notes' network: tanh hidden layer, sigmoid output
    "deep": ("relu", "relu", "relu"),       # 4 layers
}
DTYPES = ("float64", "float32")


@dataclass(frozen=True, eq=False)
class Case:
    """One benchmark problem: spec, params, X (n[0], m), Y (n[L], m) in one dtype."""

    network: str
    size: str
    spec: NetworkSpec
    params: dict[str, np.ndarray]
    X: np.ndarray
    Y: np.ndarray

    @property
    def dtype(self) -> str:
        return str(self.X.dtype)

    @property
    def m(self) -> int:
        return int(self.X.shape[1])

    @property
    def n_parameters(self) -> int:
        return sum(p.size for p in self.params.values())

    @property
    def label(self) -> str:
        return f"{self.network} {self.size} {self.dtype}"


def make_spec(network: str, n0: int, n1: int, nL: int) -> NetworkSpec:
    """The network's spec for one size: (n0, n1, ..., n1, nL), hidden activations, then sigmoid + BCE."""
    hidden = NETWORKS[network]
    return NetworkSpec((n0, *[n1] * len(hidden), nL), (*hidden, "sigmoid"), "binary_cross_entropy")


def make_case(network: str, size: str, dtype: str, dims: tuple[int, int, int, int] | None = None,
              seed: int = 0) -> Case:
    """A seeded case: parameters from init_parameters (b = 0.1 so Z is not centred), Gaussian X, 0/1 labels."""
    n0, n1, nL, m = dims if dims is not None else SIZES[size]
    spec = make_spec(network, n0, n1, nL)
    params = init_parameters(spec, seed, np.dtype(dtype))
    for key in params:
        if key.startswith("b"):
            params[key] += 0.1
    rng = np.random.default_rng(seed + 1)
    X = rng.standard_normal((n0, m)).astype(dtype)
    Y = (rng.random((nL, m)) < 0.5).astype(dtype)
    return Case(network, size, spec, params, X, Y)
