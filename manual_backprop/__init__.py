"""Hand-written NumPy backpropagation for fully-connected networks, in the lecture notes' notation.

    from manual_backprop import NetworkSpec, init_parameters, gradients
    spec = NetworkSpec(layer_sizes=(2, 4, 1), activations=("tanh", "sigmoid"), loss="binary_cross_entropy")
    params = init_parameters(spec, seed=0)
    grads = gradients(spec, params, X, Y)      # {"W1": dW[1], "b1": db[1], "W2": dW[2], "b2": db[2]}

The data's path through the package: spec -> activations, losses -> propagation (forward, backward)
-> training (gradient descent).
"""

from typing import TYPE_CHECKING

from .spec import ACTIVATIONS, ELEMENTWISE_ACTIVATIONS, LOSSES, NetworkSpec

if TYPE_CHECKING:
    from .propagation import backward, cost, cost_and_gradients, forward, gradients
    from .training import DivergenceError, gradient_descent, init_parameters

__version__ = "0.1.0"

#: The math is imported on first use (PEP 562), not with the package: the oracle imports manual_backprop.spec, the
#: one network description both read, and so never has manual_backprop's math loaded (tests/test_oracle.py).
_MATH = {"backward": "propagation", "cost": "propagation", "cost_and_gradients": "propagation",
         "forward": "propagation", "gradients": "propagation",
         "DivergenceError": "training", "gradient_descent": "training", "init_parameters": "training"}


#: The modules `import manual_backprop` loaded when it imported the math: still reachable as attributes
#: (manual_backprop.activations.REGISTRY), each imported on first use.
_MODULES = ("activations", "array_checks", "losses", "propagation", "training", "validation")


def __getattr__(name: str) -> object:
    import importlib

    if name in _MATH:
        value = getattr(importlib.import_module(f"{__name__}.{_MATH[name]}"), name)
    elif name in _MODULES:
        value = importlib.import_module(f"{__name__}.{name}")
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value                        # the next lookup finds it without this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_MATH, *_MODULES})

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
