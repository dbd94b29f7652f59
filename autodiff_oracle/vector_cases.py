"""Which test vectors exist: the seed network first, then every activation and loss, depths 1-4, edge cases.

Each Case names a spec, m, dtype and how its inputs are drawn (autodiff_oracle.problems.make_problem
with a seed and a value regime, optionally edited by a tweak). Cases that share a spec and m share the
oracle's compiles (two: vectors.make_test says why), so the list keeps the number of distinct (spec, m) small (14).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from manual_backprop.spec import NetworkSpec

from .model import KINK_CONVENTION
from .problems import make_problem

#: Every flag a test may carry, with what it means (written into each file's "notes").
FLAGS: dict[str, str] = {
    "SeedNetwork": "the notes' 2-layer network: n = (2, 4, 1), tanh hidden layer, sigmoid output, cross-entropy",
    "SingleExample": "m = 1: sums over examples have one term; a port that squeezes (n, 1) to (n,) breaks here",
    "ReluAtZero": f"a relu-like unit has Z exactly 0: {KINK_CONVENTION}",
    "SaturatedOutput": "|Z[L]| >= 20 at the output: cross-entropy needs its form from the logits (log(a) is -inf once "
                       "a rounds to 0), softmax the column's max subtracted (e^800 overflows)",
    "SaturatedHidden": "a hidden layer has |Z| >= 710, where e^|z| overflows float64 (and float32): a hidden "
                       "activation needs its stable form (tanh as the library's tanh, not (e^z - e^-z) / (e^z + e^-z), "
                       "which is inf / inf = NaN there; softplus as max(z, 0) + log1p(e^-|z|))",
    "WidthOne": "some layer before the output has one unit (n[l] = 1 for l < L)",
    "Deep": "L >= 3 layers: the backward recursion dZ[l-1] = W[l]^T dZ[l] * g'(Z[l-1]) runs more than once",
    "L2": "lambda > 0: J gains (lambda/2m) sum ||W||^2 and dW[l] gains (lambda/m) W[l]",
    "Float32": "inputs are float32 and the port should compute in float32 (expected values stay float64 truth)",
    "NotFused": "dZ[L] = dA[L] * g'(Z[L]) (or softmax's Jacobian product), not A[L] - Y (erratum E9)",
    "IntegerInputs": "small integer inputs and weights: exact sums, so Z lands exactly on kinks",
}


def _alternating(n: int) -> np.ndarray:
    """The (n, 1) column +1, -1, +1, ...: saturated units of both signs."""
    return np.where(np.arange(n) % 2 == 0, 1.0, -1.0)[:, None]


@dataclass(frozen=True)
class Case:
    """One test vector: spec, m examples, dtype, and the inputs' seed, value regime and tweak."""

    spec: NetworkSpec
    m: int
    seed: int
    comment: str
    values: str = "normal"
    dtype: str = "float64"
    tweak: str = ""
    flags: tuple[str, ...] = ()

    def inputs(self) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:
        """(params, X, Y) in self.dtype, from make_problem and the tweak."""
        spec, params, X, Y = make_problem(self.spec, self.m, self.dtype, self.seed, self.values)
        dt, L = np.dtype(self.dtype), spec.depth
        if self.tweak == "xor":         # the notes' XOR data set (n[0] = 2, n[L] = 1, m = 4)
            X = np.array([[0.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]], dtype=dt)
            Y = np.array([[0.0, 1.0, 1.0, 0.0]], dtype=dt)
        elif self.tweak == "saturate":  # output biases far from 0, labels against them
            n = spec.layer_sizes[-1]
            sign = _alternating(n)
            size = 50.0 if spec.loss == "binary_cross_entropy" else 800.0   # e^800 overflows float64 too
            params = {**params, f"b{L}": (size * sign).astype(dt)}
            if spec.loss == "binary_cross_entropy":
                Y = np.repeat((sign < 0).astype(dt), self.m, axis=1)
            else:
                Y = np.eye(n, dtype=dt)[:, [(1 + i) % n for i in range(self.m)]]
        elif self.tweak == "saturate_hidden":   # layer 1's biases +-1000: e^|z| overflows in float64 and float32
            params = {**params, "b1": (1000.0 * _alternating(spec.layer_sizes[1])).astype(dt)}
        return params, X, Y


SEED = NetworkSpec((2, 4, 1), ("tanh", "sigmoid"), "binary_cross_entropy")
SEED_L2 = NetworkSpec((2, 4, 1), ("tanh", "sigmoid"), "binary_cross_entropy", l2=0.1)
CCE = NetworkSpec((3, 4, 3), ("tanh", "softmax"), "categorical_cross_entropy")
SOFTMAX_MSE = NetworkSpec((3, 4, 3), ("relu", "softmax"), "mean_squared_error")
DEPTH1 = NetworkSpec((3, 1), ("sigmoid",), "binary_cross_entropy")
DEPTH3 = NetworkSpec((3, 4, 3, 1), ("relu", "tanh", "leaky_relu"), "mean_squared_error")
DEPTH4 = NetworkSpec((2, 3, 3, 3, 3), ("leaky_relu", "softplus", "elu", "softmax"), "categorical_cross_entropy",
                     l2=0.05)
DEPTH4_MSE = NetworkSpec((3, 4, 4, 3, 2), ("gelu", "silu", "tanh", "gelu"), "mean_squared_error")
WIDTH1 = NetworkSpec((1, 1, 1), ("tanh", "elu"), "mean_squared_error")
#: With the specs above, every elementwise activation is a hidden layer somewhere, and every one but
#: relu and softplus an output (with squared error); each spec costs one oracle compile.
ACTIVATION_SPECS = (
    NetworkSpec((3, 4, 3, 2), ("relu", "sigmoid", "tanh"), "mean_squared_error"),
    NetworkSpec((3, 4, 3, 2), ("leaky_relu", "elu", "sigmoid"), "mean_squared_error"),
    NetworkSpec((3, 4, 3, 2), ("softplus", "gelu", "silu"), "mean_squared_error"),
    NetworkSpec((3, 4, 3, 2), ("silu", "relu", "identity"), "mean_squared_error"),
)


#: Seeds of the integer cases, chosen so that a relu or leaky_relu unit has Z exactly 0 from integer terms
#: (ReluAtZero): a 0 that non-integer terms cancel to is not judged (exactness.exact), nor fit for a port.
INTEGER_SEEDS = (13, 16, 18, 162)


def _activation_cases() -> list[Case]:
    cases = []
    for i, (spec, integer_seed) in enumerate(zip(ACTIVATION_SPECS, INTEGER_SEEDS, strict=True)):
        names = ", ".join(spec.activations)
        cases += [Case(spec, 4, 10 + 3 * i, f"{names} with squared error, Gaussian inputs"),
                  Case(spec, 4, 11 + 3 * i, f"{names}, 10x larger inputs and weights (saturating units)", "large"),
                  Case(spec, 4, integer_seed, f"{names}, small integer inputs and weights (kinks hit exactly)",
                       "integers")]
    return cases


def all_cases() -> list[Case]:
    """Every test vector, in tcId order (tcId = position + 1)."""
    f32 = "float32"
    return [
        Case(SEED, 4, 0, "the notes' 2-layer network on XOR", tweak="xor", flags=("SeedNetwork",)),
        Case(SEED, 4, 1, "the notes' network, Gaussian inputs", flags=("SeedNetwork",)),
        Case(SEED, 4, 2, "the notes' network, 10x larger inputs and weights", "large", flags=("SeedNetwork",)),
        Case(SEED, 4, 3, "the notes' network with a saturated sigmoid output (Z[2] = 50, y = 0)",
             tweak="saturate", flags=("SeedNetwork",)),
        Case(SEED, 1, 4, "the notes' network on one example", flags=("SeedNetwork",)),
        Case(SEED, 1, 5, "the notes' network on one example, integer inputs", "integers", flags=("SeedNetwork",)),
        Case(SEED_L2, 4, 0, "the notes' network with L2 regularisation on XOR", tweak="xor", flags=("SeedNetwork",)),
        Case(SEED_L2, 4, 6, "the notes' network with L2 regularisation", flags=("SeedNetwork",)),
        Case(SEED, 4, 0, "the notes' network on XOR in float32", dtype=f32, tweak="xor", flags=("SeedNetwork",)),
        Case(SEED, 4, 1, "the notes' network in float32", dtype=f32, flags=("SeedNetwork",)),
        Case(SEED, 4, 3, "the notes' network in float32, saturated output", dtype=f32, tweak="saturate",
             flags=("SeedNetwork",)),
        *_activation_cases(),
        Case(CCE, 4, 20, "softmax output with categorical cross-entropy"),
        Case(CCE, 4, 21, "softmax with categorical cross-entropy, 10x larger values", "large"),
        Case(CCE, 4, 22, "softmax with categorical cross-entropy, integer inputs", "integers"),
        Case(CCE, 4, 23, "softmax with one-hot labels against logits of +-800: exp overflows unless the max is "
             "subtracted", tweak="saturate"),
        Case(CCE, 4, 20, "softmax with categorical cross-entropy in float32", dtype=f32),
        Case(CCE, 4, 23, "softmax logits of +-800 in float32", dtype=f32, tweak="saturate"),
        Case(SOFTMAX_MSE, 4, 24, "softmax output with squared error: dZ[L] is the softmax Jacobian product"),
        Case(SOFTMAX_MSE, 4, 25, "softmax with squared error, 10x larger values", "large"),
        Case(DEPTH1, 4, 30, "depth 1: logistic regression (the notes' recap)"),
        Case(DEPTH1, 4, 31, "depth 1: logistic regression, integer inputs", "integers"),
        Case(DEPTH3, 4, 32, "depth 3: relu, tanh, leaky_relu"),
        Case(DEPTH3, 4, 33, "depth 3, integer inputs (relu units at exactly 0)", "integers"),
        Case(DEPTH4, 4, 34, "depth 4: leaky_relu, softplus, elu, softmax, with L2"),
        Case(DEPTH4, 4, 35, "depth 4 with L2, 10x larger values", "large"),
        Case(DEPTH4, 4, 34, "depth 4 with L2 in float32", dtype=f32),
        Case(DEPTH4_MSE, 1, 36, "depth 4 on one example: gelu, silu, tanh, gelu"),
        Case(WIDTH1, 4, 37, "every layer one unit wide"),
        Case(WIDTH1, 4, 38, "every layer one unit wide, integer inputs", "integers"),
        Case(SEED, 4, 1, "the notes' network with saturated tanh units (Z[1] near +-1000: (e^z - e^-z) / (e^z + e^-z) "
             "is NaN there)", tweak="saturate_hidden", flags=("SeedNetwork",)),
        Case(SEED, 4, 1, "the notes' network in float32 with saturated tanh units (Z[1] near +-1000)", dtype=f32,
             tweak="saturate_hidden", flags=("SeedNetwork",)),
    ]
