"""Hand-written NumPy backpropagation for fully-connected networks, in the lecture notes' notation.

    from manual_backprop import NetworkSpec, init_parameters, gradients
    spec = NetworkSpec(layer_sizes=(2, 4, 1), activations=("tanh", "sigmoid"), loss="binary_cross_entropy")
    params = init_parameters(spec, seed=0)
    grads = gradients(spec, params, X, Y)      # {"W1": dW[1], "b1": db[1], "W2": dW[2], "b2": db[2]}

The data's path through the package: spec -> activations, losses -> propagation (forward, backward)
-> training (gradient descent).
"""

from .propagation import backward, cost, cost_and_gradients, forward, gradients
from .spec import ACTIVATIONS, ELEMENTWISE_ACTIVATIONS, LOSSES, NetworkSpec
from .training import DivergenceError, gradient_descent, init_parameters

__version__ = "0.1.0"

__all__ = [
    "ACTIVATIONS",
    "ELEMENTWISE_ACTIVATIONS",
    "LOSSES",
    "DivergenceError",
    "NetworkSpec",
    "backward",
    "cost",
    "cost_and_gradients",
    "forward",
    "gradient_descent",
    "gradients",
    "init_parameters",
]
