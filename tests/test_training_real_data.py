"""Gradient descent on real data: whole runs match the oracle step for step, the cost goes down, the networks learn."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import numpy as np
import pytest
from threadpoolctl import threadpool_limits

import manual_backprop as mb
from autodiff_oracle.plain import gradients as oracle_gradients
from manual_backprop.datasets import LOADERS, Dataset, load
from manual_backprop.metrics import _score, baseline, learning_rate_bound, score
from manual_backprop.train_run import DEFAULTS, build_spec
from manual_backprop.trajectory import compare_trajectories, relative_difference

#: The issue's acceptance bound on the largest relative parameter difference after 1,000 float64 steps.
TRAJECTORY_TOLERANCE = 1e-10
REAL = ("breast_cancer", "digits", "diabetes")


@pytest.fixture(autouse=True)
def one_blas_thread() -> Iterator[None]:
    """These matrices are small: extra BLAS threads only contend with other processes on the 2 cores."""
    with threadpool_limits(limits=1, user_api="blas"):
        yield


def _default_run(name: str) -> tuple[Dataset, mb.NetworkSpec, dict[str, np.ndarray]]:
    data = load(name)
    spec = build_spec(data, None, None, None)
    return data, spec, mb.init_parameters(spec, seed=0)


def _trajectory_differences(name: str, steps: int, every: int) -> list[float]:
    data, spec, params = _default_run(name)
    return [c.difference for c in compare_trajectories(spec, params, data.X_train, data.Y_train,
                                                       DEFAULTS[name].learning_rate, steps, every, oracle_gradients)]


@pytest.mark.parametrize("name", LOADERS)
def test_short_training_run_matches_the_oracle_trajectory(name: str) -> None:
    differences = _trajectory_differences(name, steps=20, every=10)
    assert len(differences) == 2
    assert max(differences) <= TRAJECTORY_TOLERANCE, differences


@pytest.mark.slow
@pytest.mark.parametrize("name", REAL)
def test_thousand_step_training_run_matches_the_oracle_trajectory(name: str) -> None:
    differences = _trajectory_differences(name, steps=1000, every=100)
    assert len(differences) == 10
    assert max(differences) <= TRAJECTORY_TOLERANCE, differences


def test_relative_difference_finds_the_one_changed_entry() -> None:
    reference = {"W1": np.array([[4.0, -2.0]]), "b1": np.array([[0.0]])}
    actual = {"W1": np.array([[4.0, -2.0 + 2.0**-20]]), "b1": np.array([[0.0]])}     # exact in binary
    assert relative_difference(actual, reference) == (2.0**-22, "W1")
    actual["b1"] = np.array([[1e-300]])                   # any change of an all-zero array is infinite
    assert relative_difference(actual, reference) == (np.inf, "b1")


def test_trajectory_comparison_catches_a_reference_that_differs_in_the_last_digits() -> None:
    data, spec, params = _default_run("diabetes")
    def nudged(*args: object) -> dict[str, np.ndarray]:
        return {k: g * (1 + 1e-8) for k, g in oracle_gradients(*args).items()}  # type: ignore[arg-type]
    (checkpoint,) = compare_trajectories(spec, params, data.X_train, data.Y_train, 0.05, 5, 5, nudged)
    assert checkpoint.step == 5 and checkpoint.difference > TRAJECTORY_TOLERANCE


@pytest.mark.parametrize("offset", [0.0, 5.0])       # 5: features not centred, so the bias row matters
def test_depth_one_bound_is_two_over_the_largest_hessian_eigenvalue_at_zero(offset: float) -> None:
    # At W = 0, b = 0 every sigmoid output is 1/2, so the Hessian of J is exactly (1/4m) X~ X~^T: the bound is tight.
    data = load("breast_cancer")
    X, m = data.X_train + offset, data.X_train.shape[1]
    spec = mb.NetworkSpec((30, 1), ("sigmoid",), "binary_cross_entropy")
    X_tilde = np.vstack([X, np.ones((1, m))])
    hessian = X_tilde @ X_tilde.T / (4 * m)
    bound = learning_rate_bound(spec, X)
    assert bound is not None
    np.testing.assert_allclose(bound, 2 / np.linalg.eigvalsh(hessian).max(), rtol=1e-12, strict=True)
    assert learning_rate_bound(build_spec(data, None, None, None), X) is None   # no global bound for L >= 2


#: J is computed with rounding: once it has converged, it may wobble by a few ulps (measured: at most 2 u J
#: with lambda = 10, docs/training.md). A rise beyond that is a real increase.
ROUNDING = 4 * np.finfo(np.float64).eps


def test_cost_never_increases_on_breast_cancer_under_the_learning_rate_bound() -> None:
    data = load("breast_cancer")
    spec = mb.NetworkSpec((30, 1), ("sigmoid",), "binary_cross_entropy", l2=1.0)   # lambda large enough to matter
    bound = learning_rate_bound(spec, data.X_train)
    assert bound is not None
    _, costs = mb.gradient_descent(spec, mb.init_parameters(spec), data.X_train, data.Y_train, 0.99 * bound, 2000)
    assert all(later <= earlier * (1 + ROUNDING) for earlier, later in itertools.pairwise(costs))
    assert costs[-1] < 0.2 * costs[0]        # measured 0.106: it learns, not only never increases


def test_default_breast_cancer_network_cost_never_increases() -> None:
    data, spec, params = _default_run("breast_cancer")
    _, costs = mb.gradient_descent(spec, params, data.X_train, data.Y_train, DEFAULTS["breast_cancer"].learning_rate,
                                   DEFAULTS["breast_cancer"].iterations)
    assert all(later <= earlier * (1 + ROUNDING) for earlier, later in itertools.pairwise(costs))


#: measured test accuracy with the defaults: breast_cancer 0.974 (majority class 0.667), digits 0.972 (0.078)
@pytest.mark.parametrize(("name", "required"), [("breast_cancer", 0.95), ("digits", 0.93)])
def test_default_settings_beat_the_majority_class_by_a_wide_margin(name: str, required: float) -> None:
    data, spec, params = _default_run(name)
    trained, _ = mb.gradient_descent(spec, params, data.X_train, data.Y_train, DEFAULTS[name].learning_rate,
                                     DEFAULTS[name].iterations)
    accuracy, majority = score(spec, trained, data.X_test, data.Y_test), baseline(spec, data.Y_train, data.Y_test)
    assert accuracy >= required
    assert accuracy - majority >= 0.25, (accuracy, majority)


def test_baseline_is_the_majority_class_of_the_training_labels() -> None:
    spec = mb.NetworkSpec((1, 2), ("softmax",), "categorical_cross_entropy")
    Y_train = np.array([[1.0, 0, 0, 0], [0, 1, 1, 1]])            # class 1 is the majority
    Y_test = np.array([[1.0, 1, 0, 1], [0, 0, 1, 0]])             # 1 of 4 test labels is class 1
    assert baseline(spec, Y_train, Y_test) == 0.25
    binary = mb.NetworkSpec((1, 1), ("sigmoid",), "binary_cross_entropy")
    assert baseline(binary, np.array([[0.0, 0, 1]]), np.array([[0.0, 1, 1, 1]])) == 0.25


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_a_reference_giving_manual_backprop_s_own_gradients_follows_it_exactly_in_its_dtype(dtype: type) -> None:
    """p := p - alpha dp in the parameters' dtype on both sides: the same gradients give the same run, difference 0,
    with a checkpoint after every 2 steps and after the last (5 steps: 2, 4, 5); every = 1 and 1 step are allowed,
    0 of either is refused whole."""
    spec = mb.NetworkSpec((2, 3, 1), ("tanh", "sigmoid"), "binary_cross_entropy", 0.1)
    X = np.array([[0.0, 1.0, 0.5, -1.0], [1.0, 0.0, -0.5, 0.25]], dtype=dtype)
    Y = np.array([[1.0, 0.0, 1.0, 0.0]], dtype=dtype)
    params = mb.init_parameters(spec, seed=1, dtype=dtype)
    checkpoints = list(compare_trajectories(spec, params, X, Y, 0.5, 5, 2, mb.gradients))
    assert [(c.step, c.difference) for c in checkpoints] == [(2, 0.0), (4, 0.0), (5, 0.0)]
    assert [c.step for c in compare_trajectories(spec, params, X, Y, 0.5, 1, 1, mb.gradients)] == [1]
    for every, steps in ((5, 0), (0, 5)):
        with pytest.raises(ValueError) as raised:
            list(compare_trajectories(spec, params, X, Y, 0.5, steps, every, mb.gradients))
        assert str(raised.value) == f"every and num_iterations must be positive; got {every}, {steps}"


def test_identical_parameters_differ_by_0_in_one_of_their_keys() -> None:
    """All ratios 0: the worst key is still one of the parameters (check-oracle prints it), not ''."""
    params = mb.init_parameters(mb.NetworkSpec((2, 3, 1), ("tanh", "sigmoid"), "binary_cross_entropy"), seed=1)
    difference, key = relative_difference(params, params)
    assert difference == 0.0 and key in params, key


def test_the_regression_baseline_guesses_each_output_s_own_mean() -> None:
    """Two outputs of means 1 and 11: each guessed by its own mean, R^2 = 0 on the training labels themselves
    (the mean of all outputs, 6, would give 1 - 104 / 4 = -25)."""
    spec = mb.NetworkSpec((3, 2), ("identity",), "mean_squared_error")
    Y = np.array([[0.0, 2.0], [10.0, 12.0]])
    assert baseline(spec, Y, Y) == 0.0


def test_r_squared_is_one_minus_the_residual_over_the_total_sum_of_squares_per_output() -> None:
    """Y = [1, 2, 3, 6] (mean 3, total 14) against [1, 3, 3, 4] (residual 5): 9/14; two outputs, each about its own
    mean; a total below 1 is still a total; constant labels (total 0) give nan."""
    one = mb.NetworkSpec((3, 1), ("identity",), "mean_squared_error")
    two = mb.NetworkSpec((3, 2), ("identity",), "mean_squared_error")
    assert _score(one, np.array([[1.0, 3.0, 3.0, 4.0]]), np.array([[1.0, 2.0, 3.0, 6.0]])) == 1.0 - 5.0 / 14.0
    Y = np.array([[1.0, 2.0, 3.0, 6.0], [11.0, 12.0, 13.0, 16.0]])
    assert _score(two, Y + np.array([[0.0, 1.0, 0.0, -2.0]]), Y) == 1.0 - 10.0 / 28.0
    assert _score(one, np.array([[0.0, 0.0]]), np.array([[0.0, 0.5]])) == 1.0 - 0.25 / 0.125
    assert np.isnan(_score(one, np.array([[0.0, 1.0]]), np.array([[2.0, 2.0]])))


def test_an_output_or_a_label_of_exactly_one_half_is_class_0() -> None:
    spec = mb.NetworkSpec((3, 1), ("sigmoid",), "binary_cross_entropy")
    assert _score(spec, np.array([[0.5, 0.2]]), np.array([[0.0, 0.5]])) == 1.0


def test_the_classification_baseline_is_the_majority_class_with_a_tie_going_to_0() -> None:
    binary = mb.NetworkSpec((3, 1), ("sigmoid",), "binary_cross_entropy")
    assert baseline(binary, np.array([[0.0, 1.0]]), np.array([[0.0, 0.0, 1.0]])) == 2.0 / 3.0      # a tie: class 0
    assert baseline(binary, np.array([[1.0, 1.0, 0.0]]), np.array([[1.0, 1.0, 0.0]])) == 2.0 / 3.0
    classes = mb.NetworkSpec((3, 3), ("softmax",), "categorical_cross_entropy")   # 3 classes, 2 examples
    assert baseline(classes, np.array([[0.0, 0.0], [0.0, 0.0], [1.0, 1.0]]), np.array([[0.0], [0.0], [1.0]])) == 1.0


def test_the_learning_rate_bound_adds_lambda_to_the_curvature() -> None:
    """X = 0 (2, 4): ||X~||_2^2 = 4, so 2 m / (c ||X~||^2 + lambda) = 8 / (0.25 * 4 + 0.5) = 16 / 3."""
    spec = mb.NetworkSpec((2, 1), ("sigmoid",), "binary_cross_entropy", 0.5)
    assert learning_rate_bound(spec, np.zeros((2, 4))) == 8.0 / 1.5
