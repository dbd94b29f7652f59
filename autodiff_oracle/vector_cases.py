"""Which test vectors exist: the seed network first, then every activation and loss, depths 1-4, edge cases.

Each Case names a spec, m, dtype and how its inputs are drawn (autodiff_oracle.problems.make_problem
with a seed and a value regime, optionally edited by a tweak). Cases that share a spec and m share the
oracle's compiles (two: vectors.make_test says why), so the list keeps the number of distinct (spec, m) small (21).
What each of their flags means is in vector_flags.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from manual_backprop.spec import NetworkSpec

from .problems import make_problem
from .vector_flags import FLAGS as FLAGS  # re-exported: vectors and tests/test_vectors.py import it from here
from .vector_tweaks import TWEAKS


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
        """(params, X, Y) in self.dtype, from make_problem and the tweak (vector_tweaks)."""
        spec, params, X, Y = make_problem(self.spec, self.m, self.dtype, self.seed, self.values)
        if not self.tweak:
            return params, X, Y
        return TWEAKS[self.tweak](spec, self.m, np.dtype(self.dtype), params, X, Y)


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
SIGMOID_PAIR = NetworkSpec((2, 4, 2), ("tanh", "sigmoid"), "binary_cross_entropy")
SOFTPLUS_SIGMOID = NetworkSpec((2, 3, 2), ("softplus", "sigmoid"), "mean_squared_error")
SOFTPLUS_IDENTITY = NetworkSpec((2, 3, 2), ("softplus", "identity"), "mean_squared_error")
ELU_OUTPUT = NetworkSpec((1, 1, 2), ("tanh", "elu"), "mean_squared_error")
LEAKY_SECOND = NetworkSpec((2, 3, 3, 1), ("tanh", "leaky_relu", "sigmoid"), "binary_cross_entropy")
DEPTH10 = NetworkSpec((3,) * 11, ("tanh",) * 9 + ("softmax",), "categorical_cross_entropy")
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
        # tcIds 44-57, from an audit that planted 44 bugs in a port (session 27): 11 passed tcIds 1-43
        Case(SEED, 13, 101, "the notes' network on 13 examples: more than a block of 4 or 8, and a tail",
             flags=("SeedNetwork",)),
        Case(SEED, 4, 102, "the notes' network with soft labels y in (0, 1)", tweak="soft_labels",
             flags=("SeedNetwork",)),
        Case(SIGMOID_PAIR, 4, 103, "two sigmoid outputs with cross-entropy and soft labels, one at Z near -800",
             tweak="soft_saturated_pair"),
        Case(SIGMOID_PAIR, 4, 103, "two sigmoid outputs in float32, soft labels, one at Z near -100", dtype=f32,
             tweak="soft_saturated_pair"),
        Case(SOFTPLUS_SIGMOID, 4, 104, "softplus units at z in (20, 35) under a sigmoid output at |Z| > 20",
             tweak="saturate_softplus"),
        Case(SOFTPLUS_SIGMOID, 4, 104, "softplus units at z in (90, 600) in float32, a sigmoid output far below -88",
             dtype=f32, tweak="saturate_softplus"),
        Case(SOFTPLUS_IDENTITY, 4, 104, "softplus units at z in (20, 35) under an identity output",
             tweak="saturate_softplus"),
        Case(ELU_OUTPUT, 4, 105, "elu outputs at Z near -1e-10 (expm1, not e^z - 1) and in (-38, -21)",
             tweak="elu_negative"),
        Case(LEAKY_SECOND, 4, 106, "leaky_relu in the second hidden layer, negative Z in it"),
        Case(DEPTH10, 4, 107, "depth 10, every layer 3 wide: W10 after W9 (not after W1, as sorted keys put it)"),
        *(dataclasses.replace(case, dtype=f32, comment=f"{', '.join(case.spec.activations)} with squared error in "
                              "float32") for case in _activation_cases() if case.values == "normal"),
    ]
