"""FLAGS: what each flag a test vector may carry means. A Case (vector_cases) names its own; vectors.derived_flags adds
those its shapes and values imply."""

from __future__ import annotations

from .model import KINK_CONVENTION

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
    "Float32": "inputs are float32 and the port should compute in float32 (expected values stay the float64 oracle's)",
    "NotFused": "dZ[L] = dA[L] * g'(Z[L]) (or softmax's Jacobian product), not A[L] - Y (erratum E9)",
    "IntegerInputs": "small integer inputs and weights: exact sums, so Z lands exactly on kinks",
    "SoftLabels": "cross-entropy labels strictly between 0 and 1: both terms of the loss count for every example (a "
                  "port that rounds or thresholds the labels, or drops a term, fails)",
    "ManyExamples": "m > 8 and odd: sums over the examples have more terms than a vector register or an unrolled "
                    "loop of 4 or 8 holds, and a tail",
}
