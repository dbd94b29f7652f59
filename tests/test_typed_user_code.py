"""Code as a user types it, checked by mypy in `make lint` (pyproject's mypy files) as well as run here.

The packages ship py.typed (PEP 561), so a user's type checker reads their hints; these calls must pass it:
params typed as a dict of float64 arrays (the public functions take any Mapping, since dict is invariant),
a dtype given by name, a callback that returns something; lists where the spec says "a tuple or list", NumPy
scalars where a number is asked for, int and bool labels (cast to X's dtype), a dtype given as np.float32, and the
docs' loop `assert_gradients_match(my_gradients, *problem, context=repr(problem))`. A hint too narrow for ordinary
use fails lint. pyproject gives this module mypy's --strict checks, as a user's strict mypy would read it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

import autodiff_oracle as ao
import manual_backprop as mb
from manual_backprop.params_io import load_parameters, save_parameters


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


def test_the_docs_make_problem_loop_type_checks_and_runs() -> None:
    """docs/harness.md's loop: a Problem unpacks as (spec, params, X, Y), typed, so context= is no second value."""
    spec = mb.NetworkSpec(layer_sizes=(2, 4, 1), activations=("tanh", "sigmoid"), loss="binary_cross_entropy")
    for seed in range(2):
        problem = ao.make_problem(spec, 3, dtype="float64", seed=seed, values="normal", layout="C")
        report = ao.assert_gradients_match(mb.gradients, *problem, context=repr(problem))
        assert report.ok and report.context == repr(problem)
        same_spec, params, X, Y = problem
        assert same_spec is spec and X.shape == (2, 3) and Y.shape == (1, 3) and params.keys() == spec.parameter_keys


def test_lists_numpy_scalars_int_labels_and_mappings_type_check_and_run(tmp_path: Path) -> None:
    """What the functions accept at run time, as a user types it: each call here was a type error to mypy."""
    spec = mb.NetworkSpec([2, 4, 1], ["tanh", "sigmoid"], "binary_cross_entropy", l2=np.float32(0.1))
    params = mb.init_parameters(spec, seed=np.int64(3), dtype=np.float64)
    X: NDArray[np.float64] = np.array([[0.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]])
    Y_int: NDArray[np.int64] = np.array([[0, 1, 1, 0]])
    Y_bool: NDArray[np.bool_] = Y_int.astype(bool)
    grads = mb.gradients(spec, params, X, Y_int)
    assert mb.cost(spec, params, X, Y_bool) == mb.cost(spec, params, X, Y_int.astype(np.float64))
    trained, costs = mb.gradient_descent(spec, params, X, Y_int, np.float32(0.1), np.int64(5))
    assert len(costs) == 5 and trained.keys() == grads.keys()
    mapping: Mapping[str, NDArray[np.float64]] = {key: value.astype(np.float64) for key, value in params.items()}
    save_parameters(tmp_path / "params.npz", spec, mapping)
    assert load_parameters(tmp_path / "params.npz")[0] == spec
    assert ao.check_gradients(mb.gradients, spec, mapping, X, Y_int).ok
    J, expected = ao.cost_and_gradients(spec, mapping, X, Y_int)
    assert ao.cost(spec, mapping, X, Y_int) == J and math.isclose(ao.oracle(spec, mapping, X, Y_int).cost, J)
    assert ao.gradients(spec, mapping, X, Y_int).keys() == expected.keys()
    assert ao.Scope(activations=["tanh", "sigmoid"], losses=["binary_cross_entropy"]).output_pairs == (
        ("sigmoid", "binary_cross_entropy"),)
    assert ao.make_problem(spec, 3, dtype=np.float32).dtype == np.float32


def test_both_packages_are_marked_typed() -> None:
    for package in (mb, __import__("autodiff_oracle")):
        assert (Path(str(package.__file__)).parent / "py.typed").is_file(), package.__name__
