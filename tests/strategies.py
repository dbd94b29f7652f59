"""Strategies shared by the tests: the exported ones, plus test-only shapes of input."""

from __future__ import annotations

import numpy as np
from hypothesis import settings
from hypothesis import strategies as st

from autodiff_oracle.problems import Problem, make_problem
from autodiff_oracle.scope import Scope
from autodiff_oracle.strategies import DTYPES, problems, specs
from manual_backprop.spec import ELEMENTWISE_ACTIVATIONS, KINKED_ACTIVATIONS, NetworkSpec

__all__ = ["DTYPES", "examples", "learning_rates", "normal_problems", "pooled_problems", "problems", "specs"]

def examples(count: int) -> settings:
    """@examples(n) for a test slower or cheaper than most: n examples under the default profile (tests/conftest.py),
    scaled as the profile chosen scales the others (ci x2, thorough x100), never fewer than n."""
    unit = settings.get_profile("default").max_examples
    return settings(max_examples=max(count, count * settings.default.max_examples // unit))


#: The smallest campaign scope: sigmoid networks with binary cross-entropy, in float64 (one loss: at most 2 padded
#: depths), for campaign tests that need a few problems of one kind.
SIGMOID_BCE_SCOPE = Scope(("sigmoid",), ("binary_cross_entropy",), ("float64",))

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
pooled_problems = problems(spec_strategy=st.sampled_from(SPEC_POOL), max_m=2)

# --- verification strength (kinks, margins, saturation, edge shapes) ---
from autodiff_oracle.properties import saturate  # noqa: E402

#: Hidden activations with a continuous derivative (no kink anywhere).
SMOOTH_HIDDEN = tuple(a for a in ELEMENTWISE_ACTIVATIONS if a not in KINKED_ACTIVATIONS)
#: Integer weights and inputs with relu/leaky_relu layers: pre-activations land exactly on the kink at 0.
kink_problems = problems(values=("integers",), spec_strategy=specs(min_depth=2, max_depth=3, hidden=KINKED_ACTIVATIONS))
#: Smooth networks (no relu-like hidden layer, no relu-like output), Gaussian values.
smooth_problems = problems(values=("normal",), spec_strategy=specs(max_depth=3, hidden=SMOOTH_HIDDEN).filter(
    lambda s: s.activations[-1] not in KINKED_ACTIVATIONS))


def kink_margin(problem: object) -> float:
    """min |Z| / F over relu-like units (how far, relatively, from a kink), by the oracle's forward pass (core.py):
    not manual_backprop's, so a bug in the code under test cannot change which problems its tests draw."""
    from autodiff_oracle.harness import oracle

    return oracle(*problem).kink_margin  # type: ignore[misc]


#: Gaussian problems of any activations whose relu-like pre-activations stay >= 1e-2 F from the kink,
#: so finite differences and the Taylor test never step across one.
margin_problems = problems(values=("normal",), max_depth=3).filter(lambda p: kink_margin(p) >= 1e-2)
#: Saturated outputs: sigmoid, tanh, softmax or a cross-entropy with max |Z[L]| between 10 and 1e4.
saturating_specs = specs(max_depth=3).filter(lambda s: s.activations[-1] in ("sigmoid", "tanh", "softmax"))
saturated_problems = st.builds(saturate, problems(spec_strategy=saturating_specs, values=("normal", "large")),
                               st.sampled_from((10.0, 100.0, 1e3, 1e4)))
#: Saturating hidden activations, and output/loss pairs, for saturated_layer_problems.
SATURATING = ("sigmoid", "tanh", "softplus", "silu", "gelu", "elu")
SATURATED_OUTPUTS = (("sigmoid", "binary_cross_entropy"), ("softmax", "categorical_cross_entropy"),
                     ("softmax", "mean_squared_error"), ("tanh", "mean_squared_error"),
                     ("identity", "mean_squared_error"))


@st.composite
def _saturated_layer_problems(draw: st.DrawFn) -> Problem:
    """Networks whose largest |Z[l]| is scaled to a drawn size up to 1e4, in a drawn layer (hidden or output)."""
    import manual_backprop as mb

    output, loss = draw(st.sampled_from(SATURATED_OUTPUTS))
    depth = draw(st.integers(1, 3))
    hidden = draw(st.lists(st.sampled_from(SATURATING), min_size=depth - 1, max_size=depth - 1))
    sizes = draw(st.lists(st.integers(1, 6), min_size=depth + 1, max_size=depth + 1))
    spec = NetworkSpec(tuple(sizes), (*hidden, output), loss)
    p = make_problem(spec, draw(st.integers(1, 8)), draw(st.sampled_from(DTYPES)), draw(st.integers(0, 2**32 - 1)))
    layer = draw(st.integers(1, depth))
    target = draw(st.sampled_from((1e2, 1e3, 1e4)))
    _, cache = mb.forward(spec, p.params, p.X)   # only to choose the scale: the test judges by the oracle
    peak = float(np.max(np.abs(cache[f"Z{layer}"])))
    if peak > 0:
        factor = p.X.dtype.type(target / peak)
        p.params[f"W{layer}"] = p.params[f"W{layer}"] * factor
        p.params[f"b{layer}"] = p.params[f"b{layer}"] * factor
    return p


saturated_layer_problems = _saturated_layer_problems()
#: Deep narrow nets (depth 6-8, widths 1-3), layers of width 1 everywhere, one example, float32 only.
deep_narrow_problems = problems(spec_strategy=specs(min_depth=6, max_depth=8, max_width=3), values=("normal",))
width_one_problems = problems(spec_strategy=specs(max_depth=3, max_width=1))
single_example_problems = problems(max_m=1, max_depth=3)
float32_problems = problems(dtypes=("float32",), max_depth=3)

# --- arguments for the checks of one array (array_checks.plainly_valid against check_float_array) ---

#: How a candidate array differs from a plain, C-ordered, finite array of the wanted dtype and shape: not at all,
#: in a way the full check accepts (another layout, squares that overflow), or in a way it refuses.
ARRAY_FAULTS_VALID = ("none", "fortran", "strided", "huge")
ARRAY_FAULTS_INVALID = ("nan", "inf", "-inf", "other_float", "float16", "int", "transposed", "flat", "masked",
                        "list")
#: Dtypes a caller may wrongly ask check_params for, with arrays of that dtype ("wanted_not_float"): refused.
WANTED_NOT_FLOAT = ("float16", "int64", "bool", ">f8", "complex128", "longdouble")


@st.composite
def candidate_arrays(draw: st.DrawFn) -> tuple[object, tuple[int, int], np.dtype, str]:
    """(value, shape, dtype, fault): what a check of a (rows, cols) array of that dtype may receive."""
    rows, cols = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    dtype = np.dtype(draw(st.sampled_from(DTYPES)))
    fault = draw(st.sampled_from(ARRAY_FAULTS_VALID + ARRAY_FAULTS_INVALID))
    if fault == "transposed" and rows == cols:
        cols += 1
    A = np.random.default_rng(draw(st.integers(0, 2**32 - 1))).normal(size=(rows, cols)).astype(dtype)
    at = (draw(st.integers(0, rows - 1)), draw(st.integers(0, cols - 1)))
    other = np.dtype(np.float32 if dtype == np.float64 else np.float64)
    value: object = {
        "none": A, "fortran": np.asfortranarray(A), "huge": A, "nan": A, "inf": A, "-inf": A,
        "strided": np.repeat(A, 2, axis=1)[:, ::2], "other_float": A.astype(other), "float16": A.astype(np.float16),
        "int": A.astype(np.int64), "transposed": A.T, "flat": A.ravel(), "masked": np.ma.asarray(A),
        "list": A.tolist(),
    }[fault]
    special = {"huge": float(np.finfo(dtype).max) / 2, "nan": np.nan, "inf": np.inf, "-inf": -np.inf}
    if fault in special:
        A[at] = special[fault]
    return value, (rows, cols), dtype, fault


@st.composite
def wanted_not_float(draw: st.DrawFn) -> tuple[object, tuple[int, int], np.dtype, str]:
    """(value, shape, dtype, "wanted_not_float"): a check asked for a dtype that is not float32 or float64, and an
    array of just that dtype and shape (check_params must refuse it as check_float_array does)."""
    rows, cols = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    dtype = np.dtype(draw(st.sampled_from(WANTED_NOT_FLOAT)))
    return np.ones((rows, cols), dtype), (rows, cols), dtype, "wanted_not_float"


#: Entries for exactness.exact's rule at its edges: integers, halves and thirds (integer products from non-integer
#: factors: 2 x 0.5, and 3 x fl(1/3), which rounds to 1), 2^-600 (whose products underflow to 0, an integer),
#: 2^23 and 2^-30 (F past 2^24; a power of two that an A of 2^30 makes an integer), and Gaussian-like non-integers.
EXACTNESS_ENTRIES = (0.0, 1.0, -1.0, 2.0, -2.0, 3.0, 0.5, -0.5, 1 / 3, 2.0**-600, 2.0**23, 2.0**-30, 2.0**30, 0.3, -1.7)


@st.composite
def _exactness_layers(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(W (n, k), b (n, 1), A_prev (k, m), exact_A (k, m) bool), sizes 1-3, entries from EXACTNESS_ENTRIES (from its
    integers alone in half the draws, so that many units pass) or 0, built with NumPy's RNG from a drawn seed."""
    n, k, m = (draw(st.integers(1, 3)) for _ in range(3))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    pool = np.array(EXACTNESS_ENTRIES[:6] if draw(st.booleans()) else EXACTNESS_ENTRIES)
    W, b, A = (rng.choice(pool, size) * (rng.random(size) < 0.8) for size in ((n, k), (n, 1), (k, m)))
    return W, b, A, rng.random((k, m)) < 0.9


exactness_layers = _exactness_layers()
