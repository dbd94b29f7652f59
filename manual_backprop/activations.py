"""One registry of activations g, each beside its hand-written derivative g': relu, sigmoid and elu, which clamp z
at 0 against one row of zeros, in manual_backprop.clamped (imported here); the others in this module.

Every function maps an (n[l], m) array to an (n[l], m) array of the same dtype. Derivatives take
both Z[l] and A[l] = g(Z[l]) so that they can reuse A where that is exact (sigmoid, tanh).
Conventions at kinks are those of jax.nn: relu'(0) = 0, leaky_relu'(0) = 1, elu'(0) = 1.
Constants are Python floats, so float32 stays float32 (NumPy's NEP 50 weak scalars).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .array_types import Array
from .array_types import Labels as Labels  # re-exported: propagation and training import it from here
from .clamped import elu, elu_prime, relu, relu_prime, sigmoid, sigmoid_prime

LEAKY_RELU_SLOPE = 0.01
GELU_C = math.sqrt(2.0 / math.pi)
GELU_K = 0.044715
GELU_SATURATION = 10.0  # |z| at and beyond which gelu's tanh is +-1 in float32 and float64 (its argument > 43)


def tanh(Z: Array) -> Array:
    """tanh(z) = (e^z - e^-z) / (e^z + e^-z)."""
    return np.tanh(Z)


def tanh_prime(Z: Array, A: Array) -> Array:
    """tanh'(z) = 1 - a^2."""
    A2 = A * A                                     # a^2, in one fresh buffer: 1 - a^2 is written over it
    return np.subtract(1.0, A2, out=A2)            # 1 - a^2


def leaky_relu(Z: Array) -> Array:
    """leaky_relu(z) = z if z >= 0 else 0.01 z."""
    return np.where(Z >= 0, Z, LEAKY_RELU_SLOPE * Z)


def leaky_relu_prime(Z: Array, A: Array) -> Array:
    """leaky_relu'(z) = 1 if z >= 0 else 0.01 (so leaky_relu'(0) = 1, as jax.nn.leaky_relu)."""
    return np.where(Z >= 0, Z.dtype.type(1.0), Z.dtype.type(LEAKY_RELU_SLOPE))


def identity(Z: Array) -> Array:
    """identity(z) = z."""
    return Z


def identity_prime(Z: Array, A: Array) -> Array:
    """identity'(z) = 1."""
    return np.ones_like(Z)


def softplus(Z: Array) -> Array:
    """softplus(z) = log(1 + e^z), as logaddexp(z, 0) so no exp overflows."""
    return np.logaddexp(Z, 0.0)


def softplus_prime(Z: Array, A: Array) -> Array:
    """softplus'(z) = sigmoid(z)."""
    return sigmoid(Z)


def _gelu_inner(Z: Array) -> tuple[Array, Array]:
    """(t, u): t = tanh(c (u + k u^3)) with u = z clipped to [-10, 10], which is t = tanh(c (z + k z^3)) exactly
    (beyond |z| = 10 the argument exceeds 43 and tanh rounds to +-1 in float32 and float64) with no z^3 overflow."""
    U = np.clip(Z, -GELU_SATURATION, GELU_SATURATION)
    return np.tanh(GELU_C * (U + GELU_K * U**3)), U


def gelu(Z: Array) -> Array:
    """gelu(z) = z/2 (1 + tanh(c (z + k z^3))), c = sqrt(2/pi), k = 0.044715 (tanh approximation)."""
    T, _ = _gelu_inner(Z)
    return 0.5 * Z * (1.0 + T)


def gelu_prime(Z: Array, A: Array) -> Array:
    """gelu'(z) = (1 + t)/2 + z/2 (1 - t^2) c (1 + 3k z^2), with t = tanh(c (z + k z^3)); u for z where t = +-1."""
    T, U = _gelu_inner(Z)   # where u != z, 1 - t^2 = 0 and the second term is 0 either way: u keeps u^2 finite
    return 0.5 * (1.0 + T) + 0.5 * Z * (1.0 - T * T) * GELU_C * (1.0 + 3.0 * GELU_K * U * U)


def silu(Z: Array) -> Array:
    """silu(z) = z sigmoid(z)."""
    return Z * sigmoid(Z)


def silu_prime(Z: Array, A: Array) -> Array:
    """silu'(z) = s (1 + z (1 - s)), with s = sigmoid(z)."""
    S = sigmoid(Z)
    return S * (1.0 + Z * (1.0 - S))


def softmax(Z: Array) -> Array:
    """softmax(z)_i = e^(z_i - max z) / sum_j e^(z_j - max z), over the units of each column (axis 0)."""
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    E /= E.sum(axis=0, keepdims=True)
    return E


def softmax_vjp(Z: Array, A: Array, dA: Array) -> Array:
    """dZ = a * (dA - sum_i a_i dA_i): the softmax Jacobian (diag(a) - a a^T) applied to dA, per column."""
    return A * (dA - (A * dA).sum(axis=0, keepdims=True))


@dataclass(frozen=True)
class Activation:
    """g and its derivative; backward(Z, A, dA) = dA * g'(Z) for elementwise g."""

    name: str
    g: Callable[[Array], Array]
    derivative: Callable[[Array, Array], Array] | None
    vjp: Callable[[Array, Array, Array], Array] | None = None

    def backward(self, Z: Array, A: Array, dA: Array) -> Array:
        """dZ[l] = dA[l] * g'(Z[l]) (elementwise), or the Jacobian-vector product for softmax."""
        if self.vjp is not None:
            return self.vjp(Z, A, dA)
        assert self.derivative is not None
        dZ = self.derivative(Z, A)                 # g'(Z[l]), a fresh array: every derivative here returns one
        dZ *= dA                                   # dZ[l] = dA[l] * g'(Z[l]), in place: no second temporary
        return dZ


REGISTRY: dict[str, Activation] = {
    "sigmoid": Activation("sigmoid", sigmoid, sigmoid_prime),
    "tanh": Activation("tanh", tanh, tanh_prime),
    "relu": Activation("relu", relu, relu_prime),
    "leaky_relu": Activation("leaky_relu", leaky_relu, leaky_relu_prime),
    "identity": Activation("identity", identity, identity_prime),
    "softplus": Activation("softplus", softplus, softplus_prime),
    "elu": Activation("elu", elu, elu_prime),
    "gelu": Activation("gelu", gelu, gelu_prime),
    "silu": Activation("silu", silu, silu_prime),
    "softmax": Activation("softmax", softmax, None, softmax_vjp),
}
