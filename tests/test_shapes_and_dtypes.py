"""Shapes and dtypes: gradients mirror the parameters; the cache holds Z[l], A[l] of shape (n[l], m)."""

from __future__ import annotations

import numpy as np
from hypothesis import given

import manual_backprop as mb
from autodiff_oracle.problems import Problem
from tests.strategies import problems


@given(problems())
def test_gradients_have_the_parameters_keys_shapes_and_dtypes(problem: Problem) -> None:
    spec, params, X, Y = problem
    grads = mb.gradients(spec, params, X, Y)
    assert list(grads) == list(params) == list(spec.parameter_shapes())
    for key, value in params.items():
        assert grads[key].shape == value.shape, key
        assert grads[key].dtype == X.dtype, key


@given(problems())
def test_forward_cache_holds_Z_and_A_of_every_layer(problem: Problem) -> None:
    spec, params, X, _ = problem
    AL, cache = mb.forward(spec, params, X)
    m = X.shape[1]
    assert list(cache) == ["A0"] + [f"{q}{l}" for l in range(1, spec.depth + 1) for q in "ZA"]
    assert cache["A0"] is X
    for l, n in enumerate(spec.layer_sizes[1:], start=1):
        assert cache[f"Z{l}"].shape == cache[f"A{l}"].shape == (n, m)
        assert cache[f"Z{l}"].dtype == cache[f"A{l}"].dtype == X.dtype
    assert AL is cache[f"A{spec.depth}"]


@given(problems())
def test_backward_from_the_cache_equals_gradients(problem: Problem) -> None:
    spec, params, X, Y = problem
    _, cache = mb.forward(spec, params, X)
    from_cache = mb.backward(spec, params, cache, Y)
    direct = mb.gradients(spec, params, X, Y)
    for key in direct:
        np.testing.assert_array_equal(from_cache[key], direct[key], strict=True)


@given(problems())
def test_cost_is_a_finite_python_float(problem: Problem) -> None:
    J = mb.cost(*problem)
    assert type(J) is float
    assert np.isfinite(J)
