"""The oracle's per-activation error terms (core.error_terms), held to what their docstring promises.

Every tolerance in the project rests on them: the slope |g'(Z)| that carries rounding backwards, the sizes
of the terms g(Z) and g'(Z) are formed from, and the flag of a derivative that jumps at 0. A mutation run
over core.py (docs/verification-log.md, session 14) showed that a slope of 0 for softmax, gelu's terms with other
constants or a kink flag never set left every other test green: each is pinned here.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from autodiff_oracle.core import UNDERFLOW, error_terms
from autodiff_oracle.model import ACTIVATIONS

ELEMENTWISE = [name for name in ACTIVATIONS if name != "softmax"]
#: Z on both sides of 0, around the kinks and where tanh, sigmoid and exp saturate: (3, 14), float64.
Z = np.array([0.0, 1e-3, 0.3, 1.0, 2.5, 6.0, 40.0, -1e-3, -0.3, -1.0, -2.5, -6.0, -40.0, -1e-12]) * np.array(
    [[1.0], [0.5], [1.7]])


#: 8 unit roundoffs of float64: the slack for quantities JAX forms by cancellation in two different ways
U8 = 8 * float(np.finfo(np.float64).eps) / 2


def _within(actual: np.ndarray, expected: np.ndarray, size: np.ndarray) -> None:
    """|actual - expected| <= 8u size, entry by entry: agreement to rounding of terms of that size."""
    excess = np.abs(actual - expected) - U8 * size
    assert np.all(excess <= 0), (np.unravel_index(np.argmax(excess), excess.shape), actual, expected)


def _terms(name: str, Z: np.ndarray) -> list[np.ndarray]:
    with jax.enable_x64(True):
        return [np.asarray(t) for t in error_terms(name)(jnp.asarray(Z))]


def _g_and_derivative(name: str, Z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """g(Z) and g'(Z) entry by entry, by jax.grad of the scalar function (no JVP, unlike error_terms)."""
    with jax.enable_x64(True):
        g = ACTIVATIONS[name]
        z = jnp.asarray(Z).ravel()
        return np.asarray(g(z)).reshape(Z.shape), np.asarray(jax.vmap(jax.grad(g))(z)).reshape(Z.shape)


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_slope_is_the_absolute_derivative_and_the_term_sizes_bound_the_value_and_derivative(name: str) -> None:
    slope, value, derivative, _ = _terms(name, Z)
    A, dA = _g_and_derivative(name, Z)
    _within(slope, np.abs(dA), derivative)     # g' by cancellation (1 - a^2): equal to u of its terms' size
    assert np.all(value >= np.maximum(np.abs(A), UNDERFLOW) * (1 - 1e-15)), name
    assert np.all(derivative >= np.maximum(np.abs(dA), UNDERFLOW) * (1 - 1e-15)), name


def test_softmax_slope_is_one_its_jacobian_entries_bound() -> None:
    """A JVP with ones gives 0 for softmax (its columns sum to 1), which would drop every layer's rounding
    before it from the bound: the slope is 1 instead, above every entry of the Jacobian diag(a) - a a^T."""
    slope, value, derivative, kink = _terms("softmax", Z)
    np.testing.assert_array_equal(slope, np.ones_like(Z), strict=True)
    with jax.enable_x64(True):
        A = np.asarray(jax.nn.softmax(jnp.asarray(Z), axis=0))
    np.testing.assert_array_equal(value, np.maximum(A, UNDERFLOW), strict=True)
    np.testing.assert_array_equal(derivative, 2 * np.ones_like(Z), strict=True)
    np.testing.assert_array_equal(kink, np.zeros_like(Z), strict=True)


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_the_kink_flag_is_set_exactly_where_the_derivative_jumps_at_zero(name: str) -> None:
    _, dA = _g_and_derivative(name, np.array([[-1e-9, 1e-9]]))
    jumps = abs(dA[0, 1] - dA[0, 0]) > 0.5
    kink = _terms(name, Z)[3]
    np.testing.assert_array_equal(kink, np.full_like(Z, float(jumps)), strict=True, err_msg=name)


def test_gelu_term_sizes_are_those_of_its_formula_with_jax_nn_gelus_own_tanh() -> None:
    """gelu(z) = z/2 (1 + t), gelu'(z) = (1 + t)/2 + z/2 (1 - t^2) c (1 + 3k z^2), t = tanh(c (z + k z^3))
    (jax.nn.gelu with approximate=True, as JAX documents it, c = sqrt(2/pi), k = 0.044715; checked here
    against jax.nn.gelu itself): the terms' sizes are |z|/2 (1 + |t|) and (1 + |t|)/2 + |z|/2 (1 + t^2) c (1 + 3k z^2),
    which cancel to almost nothing below z = -5 where gelu and gelu' do not."""
    c, k = np.sqrt(2 / np.pi), 0.044715
    t = np.tanh(c * (Z + k * Z**3))
    A, dA = _g_and_derivative("gelu", Z)
    _, value, derivative, _ = _terms("gelu", Z)
    _within(Z / 2 * (1 + t), A, value)
    _within((1 + t) / 2 + Z / 2 * (1 - t * t) * c * (1 + 3 * k * Z * Z), dA, derivative)
    np.testing.assert_allclose(value, np.maximum(np.abs(Z) / 2 * (1 + np.abs(t)), UNDERFLOW), rtol=1e-14,
                               strict=True)
    np.testing.assert_allclose(derivative, (1 + np.abs(t)) / 2 + np.abs(Z) / 2 * (1 + t * t) * c * (1 + 3 * k * Z * Z),
                               rtol=1e-14, strict=True)


def test_silu_derivative_term_size_is_that_of_its_formula() -> None:
    """silu'(z) = s + z s - z s^2 with s = sigmoid(z): terms of size s (1 + |z| (1 + s)), which cancel for z << 0."""
    s = 1 / (1 + np.exp(-Z))                      # |Z| <= 68: no overflow
    _, value, derivative, _ = _terms("silu", Z)
    np.testing.assert_allclose(derivative, np.maximum(s * (1 + np.abs(Z) * (1 + s)), UNDERFLOW), rtol=1e-14,
                               strict=True)
    np.testing.assert_allclose(value, np.maximum(np.abs(Z) * s, UNDERFLOW), rtol=1e-14, strict=True)


@pytest.mark.parametrize("name", [n for n in ELEMENTWISE if n not in ("gelu", "silu")])
def test_other_activations_take_the_value_itself_and_two_for_the_derivative(name: str) -> None:
    """Their g(Z) has no cancelling terms, and g'(Z) is formed from A or Z by one subtraction at most
    (1 - a^2, a (1 - a), 1 + expm1(z)): exact to about u absolutely, so the derivative's term size is 2."""
    _, value, derivative, _ = _terms(name, Z)
    A, _ = _g_and_derivative(name, Z)
    np.testing.assert_array_equal(value, np.maximum(np.abs(A), UNDERFLOW), strict=True)
    np.testing.assert_array_equal(derivative, np.full_like(Z, 2.0), strict=True)
