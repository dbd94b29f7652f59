"""Tests written to kill mutants that survived mutmut (docs/verification.md): input checks and hints."""

from __future__ import annotations

import numpy as np
import pytest

import manual_backprop as mb
from manual_backprop.spec import ACTIVATIONS, NetworkSpec, closest_name
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
    mixed = {**cache, "Z1": cache["Z1"].astype(np.float32)}
    with pytest.raises(TypeError, match=r"cache\['Z1'\] has dtype float32 but X has dtype float64"):
        mb.backward(SPEC, params, mixed, Y)
    with pytest.raises(TypeError, match=r"params\['W1'\] has dtype float32 but X has dtype float64"):
        mb.backward(SPEC, {**params, "W1": params["W1"].astype(np.float32)}, cache, Y)
