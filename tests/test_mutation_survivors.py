"""Tests written to kill mutants that survived mutmut (docs/verification-log.md): input checks and hints."""

from __future__ import annotations

import types

import numpy as np
import pytest

import manual_backprop as mb
from manual_backprop.error_messages import closest_name
from manual_backprop.spec import ACTIVATIONS, NetworkSpec
from manual_backprop.validation import check_cache

SPEC = NetworkSpec((2, 3, 1), ("tanh", "sigmoid"), "binary_cross_entropy")


def _problem() -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:
    X, Y = np.array([[0.5, -1.0], [2.0, 0.25]]), np.array([[1.0, 0.0]])
    return mb.init_parameters(SPEC, seed=0), X, Y


def test_closest_name_hints_only_for_strings_that_are_close() -> None:
    assert closest_name(3, ACTIVATIONS) == ""
    assert closest_name("zzzzzzzz", ACTIVATIONS) == ""
    assert closest_name("Sigmod", ACTIVATIONS) == " (did you mean 'sigmoid'?)"
    # difflib ratio of "xsig" and "sigmoid" is 2*3/11 = 0.545: a hint at the documented cutoff 0.5, none at 0.6
    assert closest_name("xsig", ACTIVATIONS) == " (did you mean 'sigmoid'?)"


def test_a_name_is_read_as_a_dtype_only_among_dtype_choices() -> None:
    """Here, not in test_cli_verify.py: the core mutation part, which mutates error_messages.py, runs this file."""
    assert closest_name("f4", ("float64", "float32")) == " (NumPy's float32; did you mean 'float32'?)"
    assert closest_name("f4", ("tiny", "float32")) == ""                # not every choice a dtype: names alone
    assert closest_name("a", ("float64", "float32")) == " (NumPy reads it as a bytes dtype, not a number)"   # a
    # deprecated alias: no warning


@pytest.mark.parametrize(("name", "hint"), [
    ("U8", "NumPy reads it as a string dtype, not a number"),                  # was "NumPy's str256"
    pytest.param("T", "NumPy reads it as a string dtype, not a number",        # NumPy 2's StringDType128
                 marks=pytest.mark.skipif(not hasattr(np.dtypes, "StringDType"), reason="NumPy 2's")),
    ("S5", "NumPy reads it as a bytes dtype, not a number"),                   # was "NumPy's bytes40"
    ("O", "NumPy reads it as an object dtype, not a number"),
    ("M8[ns]", "NumPy reads it as a datetime dtype, not a number"),
    ("m8", "NumPy reads it as a timedelta dtype, not a number"),
    ("f8,f8", "NumPy reads it as a structured dtype, not a number"),           # was "NumPy's void128"
    ("(2,)f8", "NumPy reads it as a sub-array dtype, not a number"),
    ("V8", "NumPy reads it as a raw-bytes (void) dtype, not a number"),
    ("?", "NumPy's bool"), ("u1", "NumPy's uint8"), ("c8", "NumPy's complex64"),   # a number's: NumPy's name
    ("int", "NumPy's int64; did you mean 'float64'?")])
def test_a_refused_dtype_of_no_number_is_named_by_its_kind_and_a_number_s_by_numpy_s_name(name: str, hint: str) -> None:
    """'U8' was "NumPy's str256" and 'f8,f8' "NumPy's void128": names that leave the reader to work out what NumPy
    made of the text. Here, not in test_cli_verify.py: the core mutation part runs this file."""
    assert closest_name(name, ("float64", "float32")) == f" ({hint})"


def test_from_dict_names_the_wrong_type_and_defaults_l2_to_zero() -> None:
    with pytest.raises(TypeError, match="must be a dict; got list"):
        NetworkSpec.from_dict([1, 2])
    data = {"layer_sizes": [2, 1], "activations": ["sigmoid"], "loss": "binary_cross_entropy"}
    assert NetworkSpec.from_dict(data).l2 == 0.0


def test_check_cache_rejects_non_dicts_and_a_missing_A0_with_named_errors() -> None:
    with pytest.raises(TypeError, match=r"cache must be the dict that forward returns; got a list"):
        check_cache(SPEC, [], np.dtype(np.float64))
    for bad in ({}, {"A0": [[1.0]]}, {"A0": np.ones(2)}):  # no A0, A0 not an array, A0 not 2-D
        with pytest.raises(ValueError, match=r"^cache must hold A0 = X of shape \(n\[0\], m\), as forward returns it$"):
            check_cache(SPEC, bad, np.dtype(np.float64))


def test_backward_rejects_a_cache_or_params_in_another_dtype() -> None:
    params, X, Y = _problem()
    _, cache = mb.forward(SPEC, params, X)
    with pytest.raises(TypeError, match=r"^cache must be the dict that forward returns \(with A0 = X\)$"):
        mb.backward(SPEC, params, [cache], Y)
    for key, dW in mb.backward(SPEC, params, types.MappingProxyType(cache), Y).items():   # any mapping, as params
        np.testing.assert_array_equal(dW, mb.backward(SPEC, params, cache, Y)[key], strict=True)
    mixed = {**cache, "Z1": cache["Z1"].astype(np.float32)}
    with pytest.raises(TypeError, match=r"cache\['Z1'\] has dtype float32 but X has dtype float64"):
        mb.backward(SPEC, params, mixed, Y)
    with pytest.raises(TypeError, match=r"params\['W1'\] has dtype float32 but X has dtype float64"):
        mb.backward(SPEC, {**params, "W1": params["W1"].astype(np.float32)}, cache, Y)


def test_forward_rejects_params_in_another_dtype_than_X() -> None:
    params, X, _ = _problem()
    params32 = {key: value.astype(np.float32) for key, value in params.items()}  # consistent among themselves
    with pytest.raises(TypeError, match=r"params\['W1'\] has dtype float32 but X has dtype float64"):
        mb.forward(SPEC, params32, X)


def test_init_parameters_is_reproducible_per_seed_with_default_seed_zero() -> None:
    default, again = mb.init_parameters(SPEC), mb.init_parameters(SPEC, seed=0)
    for key in default:
        np.testing.assert_array_equal(default[key], again[key], strict=True)
    np.testing.assert_array_equal(mb.init_parameters(SPEC, seed=7)["W1"], mb.init_parameters(SPEC, seed=7)["W1"],
                                  strict=True)
    assert not np.array_equal(default["W1"], mb.init_parameters(SPEC, seed=1)["W1"])


def test_init_parameters_returns_every_array_in_the_requested_dtype() -> None:
    for dtype in (np.float32, np.float64):
        assert {value.dtype for value in mb.init_parameters(SPEC, dtype=dtype).values()} == {np.dtype(dtype)}


def test_init_parameters_names_both_dtypes_it_takes_when_dtype_is_none() -> None:
    with pytest.raises(TypeError, match=r"^dtype must be float32 or float64; got None$"):
        mb.init_parameters(SPEC, dtype=None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^dtype must be float32 or float64; got 'foo'$"):   # NumPy's own said
        mb.init_parameters(SPEC, dtype="foo")                                        # "data type 'foo' not understood"


def test_init_parameters_weight_variance_is_gain_over_fan_in() -> None:
    # init_parameters' docstring: W[l] ~ N(0, s / n[l-1]), s = 2 (He) for the relu family, 1 otherwise; b[l] = 0.
    # 200,000 and 120,000 draws: the sample variance is within 1% (3.2 and 2.4 standard errors) of s / n[l-1].
    spec = NetworkSpec((500, 400, 300), ("relu", "sigmoid"), "binary_cross_entropy")
    params = mb.init_parameters(spec, seed=0)
    np.testing.assert_allclose(params["W1"].var(), 2.0 / 500, rtol=0.01, strict=True)
    np.testing.assert_allclose(params["W2"].var(), 1.0 / 400, rtol=0.01, strict=True)
    assert not params["b1"].any() and not params["b2"].any()


def test_gradient_descent_names_num_iterations_when_it_is_not_positive() -> None:
    params, X, Y = _problem()
    with pytest.raises(ValueError, match=r"^num_iterations must be a positive int; got 0$"):
        mb.gradient_descent(SPEC, params, X, Y, learning_rate=0.1, num_iterations=0)


def test_gradient_descent_reports_divergence_not_a_numpy_error_when_numpy_raises() -> None:
    # learning_rate 1e150 overflows the relu layer's weights to +-inf at once; the next forward pass makes
    # inf - inf = nan (an "invalid" FP error), which must end as a DivergenceError, not a FloatingPointError
    spec = NetworkSpec((2, 3, 1), ("relu", "sigmoid"), "binary_cross_entropy")
    _, X, Y = _problem()
    with np.errstate(all="raise", under="ignore"), pytest.raises(mb.DivergenceError, match="diverged at iteration"):
        mb.gradient_descent(spec, mb.init_parameters(spec, seed=0), X, Y, learning_rate=1e150, num_iterations=5)


def test_gradient_descent_names_the_last_iteration_when_its_update_makes_the_parameters_non_finite() -> None:
    # one float32 step of learning_rate 1e300 from a finite cost: alpha dW overflows float32, so W[l] is +-inf
    params, X, Y = _problem()
    params32 = {key: value.astype(np.float32) for key, value in params.items()}
    with pytest.raises(mb.DivergenceError, match=r"^gradient descent diverged at iteration 0: the last update") as e:
        mb.gradient_descent(SPEC, params32, X.astype(np.float32), Y.astype(np.float32), 1e300, num_iterations=1)
    assert e.value.iteration == 0


def test_spec_names_the_bad_activations_argument_and_its_position_in_its_errors() -> None:
    for bad in (None, {"sigmoid"}):  # no len, or a set of the right length: neither is a tuple of names
        with pytest.raises(TypeError, match=r"^activations must be a tuple or list of names, one per layer; got "):
            NetworkSpec((2, 1), bad, "binary_cross_entropy")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"^activations needs one name per layer: L = 2 for layer_sizes \(2, 3, 1\)"):
        NetworkSpec((2, 3, 1), ("sigmoid",), "binary_cross_entropy")
    with pytest.raises(ValueError, match=r"^activations\[1\] \(g\[2\]\) must be one of "):
        NetworkSpec((2, 3, 1), ("tanh", "sigmod"), "binary_cross_entropy")
