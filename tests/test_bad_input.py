"""Every public entry point answers bad input with a ValueError or TypeError naming the argument."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import autodiff_oracle
import manual_backprop as mb
from autodiff_oracle.problems import Problem
from tests.corruptions import CORRUPTIONS, label_corruptions
from tests.strategies import problems

ENTRY_POINTS: dict[str, Callable[..., Any]] = {
    "cost": mb.cost,
    "gradients": mb.gradients,
    "cost_and_gradients": mb.cost_and_gradients,
    "forward": lambda spec, params, X, Y: mb.forward(spec, params, X),
    "backward": lambda spec, params, X, Y: mb.backward(spec, params, {"A0": X, **_cache_for(spec, X)}, Y),
    "gradient_descent": lambda spec, params, X, Y: mb.gradient_descent(spec, params, X, Y, 0.1, 2),
    "oracle.cost": autodiff_oracle.cost,
    "oracle.gradients": autodiff_oracle.gradients,
    "oracle.oracle": autodiff_oracle.oracle,
    "check_gradients": lambda spec, params, X, Y: autodiff_oracle.check_gradients(mb.gradients, spec, params, X, Y),
}
NEEDS_Y = {"forward"}  # forward takes no Y


def _cache_for(spec: mb.NetworkSpec, X: Any) -> dict[str, Any]:
    """A cache of the right shapes (zeros) so backward's own checks of params and Y are reached."""
    if not isinstance(spec, mb.NetworkSpec):
        return {}
    m = X.shape[1] if isinstance(X, np.ndarray) and X.ndim == 2 else 1
    dtype = X.dtype if isinstance(X, np.ndarray) and X.dtype in (np.float32, np.float64) else np.float64
    return {f"{q}{l}": np.zeros((n, m), dtype) for l, n in enumerate(spec.layer_sizes[1:], 1) for q in "ZA"}


@pytest.mark.parametrize("entry", sorted(ENTRY_POINTS))
@given(problems(values=("normal",)), st.sampled_from(sorted(CORRUPTIONS)), st.integers(0, 2**32 - 1))
def test_bad_input_raises_value_or_type_error_naming_the_argument(entry: str, problem: Problem, corruption: str,
                                                                  seed: int) -> None:
    args, error, words = CORRUPTIONS[corruption](problem, np.random.default_rng(seed))
    if entry in NEEDS_Y and words.startswith("Y"):
        return  # forward never sees Y
    if entry == "backward" and words.startswith("X") and isinstance(args["X"], np.ndarray):
        words = "X"  # backward reads X from the cache
    with pytest.raises(error) as info:
        ENTRY_POINTS[entry](**args)
    assert words in str(info.value), f"{entry} with {corruption}: {info.value}"
    assert info.type in (ValueError, TypeError)


@pytest.mark.parametrize("entry", sorted(set(ENTRY_POINTS) - NEEDS_Y))
@given(problems(values=("normal",)), st.integers(0, 2**32 - 1))
def test_labels_outside_the_loss_domain_are_rejected(entry: str, problem: Problem, seed: int) -> None:
    for args, error, words in label_corruptions(problem, np.random.default_rng(seed)):
        with pytest.raises(error, match=words):
            ENTRY_POINTS[entry](**args)


@given(problems(values=("normal",)), st.one_of(
    st.sampled_from([-1.0, float("nan"), float("inf"), -float("inf")]).map(lambda v: (v, ValueError)),
    st.sampled_from(["0.1", None, True, [0.1], 1j]).map(lambda v: (v, TypeError))))
def test_bad_learning_rate_is_rejected(problem: Problem, case: tuple[Any, type[Exception]]) -> None:
    value, error = case
    with pytest.raises(error, match="learning_rate"):
        mb.gradient_descent(*problem, learning_rate=value, num_iterations=1)


@pytest.mark.parametrize("value", [Fraction(1, 10), 0.1, 1, np.float32(0.1), np.int64(1), np.longdouble(0.1),
                                   Decimal("0.1"), True, "0.1", 1j], ids=repr)
def test_learning_rate_and_l2_accept_the_same_real_numbers(value: Any) -> None:
    """Both are documented as real numbers: a Fraction (numbers.Real) was an l2 but not a learning rate. Each takes
    what numbers.Real holds, bool aside; Decimal is no numbers.Real, and both refuse it."""
    spec = mb.NetworkSpec((2, 1), ("sigmoid",), "binary_cross_entropy")
    params, X, Y = mb.init_parameters(spec), np.ones((2, 3)), np.ones((1, 3))
    try:
        mb.NetworkSpec((2, 1), ("sigmoid",), "binary_cross_entropy", l2=value)
    except TypeError:
        with pytest.raises(TypeError, match=r"^learning_rate must be a real number; got "):
            mb.gradient_descent(spec, params, X, Y, value, 1)
    else:
        assert len(mb.gradient_descent(spec, params, X, Y, value, 1)[1]) == 1
    if isinstance(value, Fraction):
        assert mb.gradient_descent(spec, params, X, Y, value, 1)[0]["W1"].tolist() == (
            mb.gradient_descent(spec, params, X, Y, 0.1, 1)[0]["W1"].tolist())


@given(problems(values=("normal",)), st.one_of(
    st.sampled_from([0, -1, -10]).map(lambda v: (v, ValueError)),
    st.sampled_from([1.5, 2.0, "10", None, True, False]).map(lambda v: (v, TypeError))))
def test_bad_iteration_count_is_rejected(problem: Problem, case: tuple[Any, type[Exception]]) -> None:
    value, error = case
    with pytest.raises(error, match="num_iterations"):
        mb.gradient_descent(*problem, learning_rate=0.1, num_iterations=value)


@pytest.mark.parametrize(("seed", "dtype", "error"), [(-1, np.float64, ValueError), (1.5, np.float64, TypeError),
                                                      ("0", np.float64, TypeError), (0, np.float16, TypeError),
                                                      (0, np.int32, TypeError), (0, None, TypeError)])
def test_bad_init_arguments_are_rejected(seed: Any, dtype: Any, error: type[Exception]) -> None:
    spec = mb.NetworkSpec((2, 1), ("sigmoid",), "binary_cross_entropy")
    with pytest.raises(error, match=r"seed|dtype"):
        mb.init_parameters(spec, seed=seed, dtype=dtype)


def test_backward_rejects_a_cache_from_another_batch() -> None:
    spec = mb.NetworkSpec((2, 3, 1), ("tanh", "sigmoid"), "binary_cross_entropy")
    params = mb.init_parameters(spec)
    _, cache = mb.forward(spec, params, np.ones((2, 4)))
    with pytest.raises(ValueError, match="Y"):
        mb.backward(spec, params, cache, np.ones((1, 5)))
    del cache["Z2"]
    with pytest.raises(ValueError, match="cache is missing 'Z2'"):
        mb.backward(spec, params, cache, np.ones((1, 4)))


def test_categorical_labels_must_sum_to_one_in_the_computing_dtype() -> None:
    spec = mb.NetworkSpec((2, 3), ("softmax",), "categorical_cross_entropy")
    params = mb.init_parameters(spec, seed=0)
    X = np.array([[1.0], [-2.0]])
    Y32 = np.array([[0.592024564743042], [0.09229305386543274], [0.3156823515892029]], dtype=np.float32)
    assert abs(float(Y32.sum(dtype=np.float64)) - 1.0) > 1e-9  # sums to 1 in float32 only
    with pytest.raises(ValueError, match=r"sum to 1 in X's dtype \(float64\)"):
        mb.gradients(spec, params, X, Y32)
    Y = Y32.astype(np.float64) / Y32.astype(np.float64).sum(axis=0)  # the fix the message suggests
    autodiff_oracle.assert_gradients_match(mb.gradients, spec, params, X, Y)


def test_init_parameters_takes_a_dtype_by_name() -> None:
    spec = mb.NetworkSpec((2, 3, 1), ("tanh", "sigmoid"), "binary_cross_entropy")
    for name in ("float32", "float64"):
        assert {p.dtype for p in mb.init_parameters(spec, dtype=name).values()} == {np.dtype(name)}


def test_a_memmap_is_an_ndarray_like_any_other(tmp_path: Path) -> None:
    """np.memmap is the one ndarray subclass let through (its arithmetic is ndarray's): same gradients, bit for bit."""
    spec = mb.NetworkSpec((2, 3, 1), ("tanh", "sigmoid"), "binary_cross_entropy")
    params = mb.init_parameters(spec, seed=1)
    X = np.random.default_rng(0).standard_normal((2, 5))
    mapped = np.memmap(tmp_path / "X.bin", dtype=X.dtype, mode="w+", shape=X.shape)
    mapped[:] = X
    Y = np.array([[0.0, 1.0, 1.0, 0.0, 1.0]])
    for key, dW in mb.gradients(spec, params, mapped, Y).items():
        np.testing.assert_array_equal(dW, mb.gradients(spec, params, X, Y)[key], strict=True)


def test_float64_labels_beyond_float32s_range_are_refused_by_name_without_a_warning() -> None:
    """Y is cast to X's dtype; a finite float64 Y that float32 cannot hold raised NumPy's cast warning, then called
    the caller's finite Y non-finite. Warnings are errors in this suite, so a warning fails this test."""
    spec = mb.NetworkSpec((2, 3, 1), ("tanh", "identity"), "mean_squared_error")
    params = mb.init_parameters(spec, dtype=np.float32)
    X = np.ones((2, 4), np.float32)
    with pytest.raises(ValueError, match=r"^Y must fit in X's dtype \(float32\); its largest \|y\| is 1e\+300, "
                                         r"beyond float32's largest 3\.4028234663852886e\+38$"):
        mb.gradients(spec, params, X, np.full((1, 4), -1e300))
    largest = float(np.finfo(np.float32).max)
    grads = mb.gradients(spec, params, X, np.full((1, 4), largest) * np.array([[1.0, -1.0, 0.5, 0.0]]))
    assert all(g.dtype == np.float32 for g in grads.values())   # float32's own largest value casts exactly
    with pytest.raises(ValueError, match=r"^Y must be finite; Y\[\(0, 2\)\] is nan \(1 non-finite entries\)$"):
        mb.gradients(spec, params, X, np.array([[0.0, 1.0, np.nan, 1e300]]))


@pytest.mark.skipif(np.finfo(np.longdouble).max <= np.finfo(np.float64).max, reason="np.longdouble is float64 here")
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_longdouble_labels_beyond_float64s_range_are_named_by_their_value_not_inf(dtype: type) -> None:
    """The largest |y| was shown as float() makes it, inf, for a finite longdouble Y past float64's range."""
    spec = mb.NetworkSpec((2, 3, 1), ("tanh", "identity"), "mean_squared_error")
    params = mb.init_parameters(spec, dtype=dtype)
    Y = np.array([[0.5, np.longdouble("-1e400"), 1.0, 0.0]])
    with pytest.raises(ValueError, match=rf"^Y must fit in X's dtype \({np.dtype(dtype)}\); its largest \|y\| is "
                                         rf"1e\+400, beyond {np.dtype(dtype)}'s largest "):
        mb.gradients(spec, params, np.ones((2, 4), dtype), Y)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("argument", ["X", "params['W2']"])
def test_a_float_array_in_non_native_byte_order_is_named_as_such_with_its_fix(argument: str, dtype: type) -> None:
    """A big-endian float64 X was refused as 'X must have dtype float32 or float64; got >f8', which it is: the message
    names the byte order and the cast to the native one (of the same precision: float32 stays float32)."""
    spec = mb.NetworkSpec((2, 3, 1), ("tanh", "sigmoid"), "binary_cross_entropy")
    params, X, Y = mb.init_parameters(spec, dtype=dtype), np.ones((2, 4), dtype), np.ones((1, 4))
    swapped = np.dtype(dtype).newbyteorder("S")
    if argument == "X":
        X = X.astype(swapped)
    else:
        params["W2"] = params["W2"].astype(swapped)
    order = "big" if swapped.byteorder == ">" else "little"
    name = np.dtype(dtype).name
    with pytest.raises(TypeError, match=rf"^{re.escape(argument)} has dtype {re.escape(swapped.str)}: {name} in "
                                        rf"non-native \({order}-endian\) byte order; convert it to the native one "
                                        rf"with {re.escape(argument)}\.astype\(np\.{name}\)$"):
        mb.cost(spec, params, X, Y)
    cast = X.astype(dtype) if argument == "X" else X
    fixed = {k: v.astype(dtype) for k, v in params.items()}        # the fix the message gives
    assert np.isfinite(mb.cost(spec, fixed, cast, Y))


def test_labels_in_non_native_byte_order_are_cast_like_any_other_labels() -> None:
    spec = mb.NetworkSpec((2, 3, 1), ("tanh", "sigmoid"), "binary_cross_entropy")
    params, X, Y = mb.init_parameters(spec), np.ones((2, 4)), np.array([[0.0, 1.0, 1.0, 0.0]])
    swapped = Y.astype(Y.dtype.newbyteorder("S"))
    for key, dW in mb.gradients(spec, params, X, swapped).items():
        np.testing.assert_array_equal(dW, mb.gradients(spec, params, X, Y)[key], strict=True)


def test_backward_says_ys_expected_m_comes_from_the_cache() -> None:
    """backward with a cache from forward on 3 examples and a Y of 5 blamed Y alone ('Y must have shape (1, 3)'): the
    mistake may be the cache, so the message says where m = 3 comes from."""
    spec = mb.NetworkSpec((2, 3, 1), ("tanh", "sigmoid"), "binary_cross_entropy")
    params = mb.init_parameters(spec)
    _, cache = mb.forward(spec, params, np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"^Y must have shape \(n\[L\], m\) = \(1, 3\), with m = 3 the examples in the "
                                         r"cache's A0 \(the X forward was given\); got \(1, 5\): are Y and the cache "
                                         r"from the same batch\?$"):
        mb.backward(spec, params, cache, np.ones((1, 5)))
    with pytest.raises(ValueError, match=r"^Y must have shape \(n\[L\], m\) = \(1, 3\); got \(1, 5\)$"):
        mb.gradients(spec, params, np.ones((2, 3)), np.ones((1, 5)))      # m from X: said as before
