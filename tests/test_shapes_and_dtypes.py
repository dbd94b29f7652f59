"""Shapes and dtypes: gradients mirror the parameters; the cache holds Z[l], A[l] of shape (n[l], m)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import manual_backprop as mb
from autodiff_oracle.problems import Problem
from manual_backprop.activations import REGISTRY
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
def test_forward_hands_back_its_own_arrays_read_only_and_leaves_X_as_it_was(problem: Problem) -> None:
    """Thresholding A[L] in place would change what backward reads from the cache: it raises instead."""
    spec, params, X, Y = problem
    writeable = X.flags.writeable
    AL, cache = mb.forward(spec, params, X)
    assert X.flags.writeable == writeable
    assert [key for key, array in cache.items() if array.flags.writeable] == (["A0"] if writeable else [])
    with pytest.raises(ValueError, match="read-only"):
        AL[...] = AL > 0.5
    grads, direct = mb.backward(spec, params, cache, Y), mb.gradients(spec, params, X, Y)
    for key in direct:
        np.testing.assert_array_equal(grads[key], direct[key], strict=True)


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


@pytest.mark.parametrize("name", [n for n, a in REGISTRY.items() if a.derivative is not None])
@given(st.sampled_from(["float32", "float64"]), st.integers(0, 2**32 - 1))
def test_each_derivative_returns_a_fresh_array_in_the_input_dtype(name: str, dtype: str, seed: int) -> None:
    """Activation.backward multiplies dA into g'(Z) in place, so g' must own its result: a view of Z or A
    (or of a read-only input) would be overwritten."""
    Z = np.random.default_rng(seed).standard_normal((3, 4)).astype(dtype)
    act = REGISTRY[name]
    A = act.g(Z)
    Z.setflags(write=False)
    A.setflags(write=False)
    D = act.derivative(Z, A)  # type: ignore[misc]
    assert D.dtype == Z.dtype and D.shape == Z.shape and D.flags.writeable
    assert not np.shares_memory(D, Z) and not np.shares_memory(D, A)
    dA = np.ones_like(Z)
    np.testing.assert_array_equal(act.backward(Z, A, dA), act.derivative(Z, A), strict=True)  # type: ignore[misc]


@pytest.mark.parametrize(("name", "buffers"), [("sigmoid", 2), ("tanh'", 1)])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_sigmoid_and_tanh_prime_allocate_only_their_stated_buffers(name: str, buffers: int, dtype: str) -> None:
    """Their docstrings promise in-place steps: sigmoid fills a numerator and a denominator buffer, tanh' writes
    1 - a^2 over a^2. The traced peak is that many Z-sized arrays plus a little (the one-line sigmoid peaked
    at 3 arrays, a two-temporary tanh' at 2)."""
    import tracemalloc

    Z = np.random.default_rng(0).standard_normal((300, 400)).astype(dtype)
    A = np.tanh(Z)
    tracemalloc.start()
    result = REGISTRY["sigmoid"].g(Z) if name == "sigmoid" else REGISTRY["tanh"].derivative(Z, A)  # type: ignore[misc]
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert result.shape == Z.shape and result.dtype == Z.dtype
    assert (buffers - 0.5) * Z.nbytes < peak < (buffers + 0.1) * Z.nbytes, peak / Z.nbytes


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_the_shared_column_of_ones_for_db_is_read_only_and_cached_per_m_and_dtype(dtype: str) -> None:
    """db[l] = dZ[l] 1 uses one cached column per (m, dtype); every gradient shares it, so a write into it would
    corrupt every later db: it must be read-only, exactly ones, (m, 1) and in the dtype asked for."""
    from manual_backprop.propagation import ones_column

    ones = ones_column(5, np.dtype(dtype))
    assert ones is ones_column(5, np.dtype(dtype)) and ones is not ones_column(6, np.dtype(dtype))
    np.testing.assert_array_equal(ones, np.ones((5, 1), dtype), strict=True)
    assert not ones.flags.writeable
    with pytest.raises(ValueError, match="read-only"):
        ones += 1.0
