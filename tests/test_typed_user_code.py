"""Code as a user types it, checked by mypy in `make lint` (pyproject's mypy files) as well as run here.

The packages ship py.typed (PEP 561), so a user's type checker reads their hints; these calls must pass it:
params typed as a dict of float64 arrays (the public functions take any Mapping, since dict is invariant),
a dtype given by name, a callback that returns something. A hint too narrow for ordinary use fails lint.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from numpy.typing import NDArray

import manual_backprop as mb


def test_ordinary_user_code_type_checks_and_runs() -> None:
    spec = mb.NetworkSpec((2, 3, 1), ("tanh", "sigmoid"), "binary_cross_entropy")
    params: dict[str, NDArray[np.float64]] = {key: value.astype(np.float64)
                                              for key, value in mb.init_parameters(spec, dtype="float64").items()}
    X: NDArray[np.float64] = np.array([[0.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]])
    Y: NDArray[np.float64] = np.array([[0.0, 1.0, 1.0, 0.0]])
    AL, cache = mb.forward(spec, params, X)
    grads = mb.backward(spec, params, cache, Y)
    J, same = mb.cost_and_gradients(spec, params, X, Y)
    assert mb.cost(spec, params, X, Y) == J and AL.shape == (1, 4)
    for key, dp in mb.gradients(spec, params, X, Y).items():
        np.testing.assert_array_equal(dp, grads[key], strict=True)
        np.testing.assert_array_equal(dp, same[key], strict=True)
    seen: list[float] = []
    trained, costs = mb.gradient_descent(spec, params, X, Y, learning_rate=0.5, num_iterations=3,
                                         callback=lambda i, J: seen.append(J))
    assert seen == costs and trained.keys() == params.keys()


def test_both_packages_are_marked_typed() -> None:
    for package in (mb, __import__("autodiff_oracle")):
        assert (Path(str(package.__file__)).parent / "py.typed").is_file(), package.__name__
