"""Strategies shared by the tests: the exported ones, plus test-only shapes of input."""

from __future__ import annotations

from hypothesis import strategies as st

from autodiff_oracle.strategies import DTYPES, problems, specs
from manual_backprop.spec import ELEMENTWISE_ACTIVATIONS, NetworkSpec

__all__ = ["DTYPES", "learning_rates", "normal_problems", "pooled_problems", "problems", "specs"]

#: Problems in the Gaussian regime only (for properties that need well-conditioned numbers).
normal_problems = problems(values=("normal",))
#: Learning rates for gradient descent steps.
learning_rates = st.floats(min_value=1e-4, max_value=2.0, allow_nan=False, allow_infinity=False)
#: Hidden activations, for tests that pin one per layer.
hidden_activations = st.sampled_from(ELEMENTWISE_ACTIVATIONS)

#: A fixed pool of specs covering every activation in a hidden layer and every output/loss pair,
#: for tests of the plain oracle, which JAX compiles once per spec and shape.
SPEC_POOL = (
    NetworkSpec((3, 4, 1), ("tanh", "sigmoid"), "binary_cross_entropy"),
    NetworkSpec((2, 5, 3), ("relu", "softmax"), "categorical_cross_entropy", 0.1),
    NetworkSpec((4, 3, 2, 2), ("leaky_relu", "gelu", "softmax"), "mean_squared_error"),
    NetworkSpec((1, 2, 3, 2, 1), ("elu", "silu", "softplus", "identity"), "mean_squared_error", 1.0),
    NetworkSpec((5, 1, 4), ("sigmoid", "relu"), "mean_squared_error"),
    NetworkSpec((2, 3, 3, 2), ("identity", "tanh", "elu"), "mean_squared_error"),
    NetworkSpec((3, 2), ("softplus",), "mean_squared_error", 0.1),
    NetworkSpec((2, 2, 2), ("silu", "gelu"), "mean_squared_error"),
    NetworkSpec((2, 6, 2), ("gelu", "leaky_relu"), "mean_squared_error"),
    NetworkSpec((4, 4, 3), ("softplus", "tanh"), "mean_squared_error"),
    NetworkSpec((3, 3, 2), ("elu", "silu"), "mean_squared_error"),
)
pooled_problems = problems(spec_strategy=st.sampled_from(SPEC_POOL), max_m=3)
