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
    from .params_io import ParamsFileError, load_parameters, save_parameters
    from .propagation import backward, cost, cost_and_gradients, forward, gradients
    from .training import DivergenceError, gradient_descent, init_parameters

__version__ = "0.1.0"

#: The math (and the parameter files, which import it) is imported on first use (PEP 562), not with the package: the
#: oracle imports manual_backprop.spec, the one network description both read, and so never has manual_backprop's
#: math loaded (tests/test_oracle.py).
_LAZY = {"backward": "propagation", "cost": "propagation", "cost_and_gradients": "propagation",
         "forward": "propagation", "gradients": "propagation",
         "DivergenceError": "training", "gradient_descent": "training", "init_parameters": "training",
         "ParamsFileError": "params_io", "load_parameters": "params_io", "save_parameters": "params_io"}


#: The modules `import manual_backprop` loaded when it imported the math, and those of the training tools (data,
#: parameter files, scores, plots, trajectories): reachable as attributes (manual_backprop.activations.REGISTRY,
#: manual_backprop.params_io), each imported on first use. Not the pieces split out of modules since: clamped and
#: array_types, out of activations (which re-exports their names; importing it makes both attributes), descent_checks,
#: out of training, and run_record, out of params_io (each an attribute once the module it came out of is imported),
#: and name_hints and dtype_reading, out of error_messages (loaded with the package, as names and spec are: attributes
#: already).
_MODULES = ("activations", "array_checks", "losses", "propagation", "training", "validation",
            "datasets", "metrics", "params_io", "plots", "trajectory")


def __getattr__(name: str) -> object:
    import importlib

    if name in _LAZY:
        value = getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    elif name in _MODULES:
        value = importlib.import_module(f"{__name__}.{name}")
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value                        # the next lookup finds it without this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY, *_MODULES} - {"TYPE_CHECKING"})   # the typing flag is no name of ours

__all__ = [
    "ACTIVATIONS",
    "ELEMENTWISE_ACTIVATIONS",
    "LOSSES",
    "DivergenceError",
    "NetworkSpec",
    "ParamsFileError",
    "backward",
    "cost",
    "cost_and_gradients",
    "forward",
    "gradient_descent",
    "gradients",
    "init_parameters",
    "load_parameters",
    "save_parameters",
]
