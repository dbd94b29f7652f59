"""Datasets: the notes' layout, seeded splits, standardisation by training statistics only, labels in domain."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

import manual_backprop as mb
from manual_backprop.datasets import LOADERS, flower, load, one_hot, split
from manual_backprop.metrics import is_regression, score
from manual_backprop.spec import LOSSES, OUTPUT_ACTIVATIONS_FOR_LOSS
from manual_backprop.validation import check_Y

#: Sizes as documented by scikit-learn (sklearn.datasets.load_*: "Samples total", "Dimensionality").
SIZES = {"breast_cancer": (30, 1, 569), "digits": (64, 10, 1797), "diabetes": (10, 1, 442), "flower": (2, 1, 400)}


@pytest.mark.parametrize("name", LOADERS)
def test_every_dataset_is_in_the_notes_layout_and_float64(name: str) -> None:
    n_x, n_y, m = SIZES[name]
    data = load(name, seed=0, test_fraction=0.2)
    assert (data.n_x, data.n_y) == (n_x, n_y)
    m_test = round(0.2 * m)
    assert data.X_train.shape == (n_x, m - m_test) and data.X_test.shape == (n_x, m_test)
    assert data.Y_train.shape == (n_y, m - m_test) and data.Y_test.shape == (n_y, m_test)
    for A in (data.X_train, data.Y_train, data.X_test, data.Y_test):
        assert A.dtype == np.float64 and A.flags.c_contiguous and np.isfinite(A).all()
    mb.NetworkSpec((n_x, 4, n_y), ("tanh", data.output_activation), data.loss)  # the task's pair is valid


@pytest.mark.parametrize("name", LOADERS)
def test_training_features_have_mean_0_and_std_1(name: str) -> None:
    X = load(name).X_train
    np.testing.assert_allclose(X.mean(axis=1), np.zeros(len(X)), atol=1e-12, strict=True)
    std = X.std(axis=1)
    constant = std == 0                           # digits' always-blank pixels: only centred
    np.testing.assert_allclose(std[~constant], np.ones((~constant).sum()), rtol=1e-12, strict=True)
    # and no other feature: pixels 0, 32 and 39 (the top-left corner, both ends of row 4) are 0 in all 1,797 of
    # sklearn.datasets.load_digits' images (measured, scikit-learn 1.9.1); an all-constant X passed the line above
    assert np.flatnonzero(constant).tolist() == ([0, 32, 39] if name == "digits" else []), np.flatnonzero(constant)


def test_test_columns_never_influence_the_training_data() -> None:
    rng = np.random.default_rng(1)
    X, Y = rng.normal(size=(3, 50)), rng.normal(size=(1, 50))
    first = split("toy", "regression", X, Y, seed=4, test_fraction=0.3)
    test_columns = np.random.default_rng(4).permutation(50)[:15]
    X_changed, Y_changed = X.copy(), Y.copy()
    X_changed[:, test_columns] *= 1000.0
    Y_changed[:, test_columns] += 50.0
    second = split("toy", "regression", X_changed, Y_changed, seed=4, test_fraction=0.3)
    np.testing.assert_array_equal(first.X_train, second.X_train, strict=True)
    np.testing.assert_array_equal(first.Y_train, second.Y_train, strict=True)
    assert not np.array_equal(first.X_test, second.X_test)


def test_split_is_the_seeded_permutation_standardised_by_training_statistics() -> None:
    X = np.arange(20.0).reshape(1, 20) ** 2
    data = split("toy", "binary", X, np.zeros((1, 20)), seed=3, test_fraction=0.25)
    order = np.random.default_rng(3).permutation(20)                  # the documented split: first 5 are test
    test, train = X[:, order[:5]], X[:, order[5:]]
    mean, std = train.mean(), train.std()
    np.testing.assert_allclose(data.X_train, (train - mean) / std, rtol=1e-15, strict=True)
    np.testing.assert_allclose(data.X_test, (test - mean) / std, rtol=1e-15, strict=True)
    other = split("toy", "binary", X, np.zeros((1, 20)), seed=4, test_fraction=0.25)
    assert not np.array_equal(data.X_train, other.X_train)


def test_a_feature_constant_on_the_training_split_is_only_centred() -> None:
    X = np.vstack([np.arange(10.0), np.full(10, 3.0)])
    test_column = np.random.default_rng(0).permutation(10)[0]
    X[1, test_column] = 5.0                                           # differs only in the test split
    data = split("toy", "binary", X, np.zeros((1, 10)), seed=0, test_fraction=0.1)
    np.testing.assert_array_equal(data.X_train[1], np.zeros(9), strict=True)
    np.testing.assert_array_equal(data.X_test[1], np.array([2.0]), strict=True)   # 5 - 3, not divided by 0


def test_labels_are_in_each_loss_domain() -> None:
    cancer, digits, diabetes = load("breast_cancer"), load("digits"), load("diabetes")
    assert set(np.unique(cancer.Y_train)) == {0.0, 1.0}
    assert set(np.unique(digits.Y_train)) == {0.0, 1.0}
    np.testing.assert_array_equal(digits.Y_train.sum(axis=0), np.ones(digits.Y_train.shape[1]), strict=True)
    assert set(digits.Y_train.argmax(axis=0)) == set(range(10))
    np.testing.assert_allclose(diabetes.Y_train.mean(), 0.0, atol=1e-12, strict=True)   # targets standardised too
    np.testing.assert_allclose(diabetes.Y_train.std(), 1.0, rtol=1e-12, strict=True)


@pytest.mark.parametrize("loss", LOSSES)
def test_a_loss_whose_labels_may_leave_0_1_is_scored_as_regression(loss: str) -> None:
    """score and baseline give R^2 for regression and accuracy otherwise, by metrics.is_regression, which names
    its losses: a loss added to the spec for real-valued targets must be named there too, or its networks are
    scored by thresholding A[L] at 0.5."""
    spec = mb.NetworkSpec((2, 1), (OUTPUT_ACTIVATIONS_FOR_LOSS[loss][0],), loss)
    try:
        check_Y(spec, np.full((1, 3), 2.0), 3, np.dtype(np.float64))
        real_valued = True
    except ValueError:
        real_valued = False
    assert is_regression(spec) == real_valued


def test_one_hot_puts_a_single_one_in_each_column_at_the_label() -> None:
    Y = one_hot(np.array([2, 0, 2, 1]), 3)
    np.testing.assert_array_equal(Y, np.array([[0, 1, 0, 0], [0, 0, 0, 1], [1, 0, 1, 0]], dtype=float), strict=True)


def test_flower_is_balanced_seeded_and_not_linearly_separable() -> None:
    X, Y = flower(m=400, seed=0)
    assert X.shape == (2, 400) and Y.shape == (1, 400) and Y.mean() == 0.5
    np.testing.assert_array_equal(flower(seed=0)[0], X, strict=True)
    assert not np.array_equal(flower(seed=1)[0], X)
    data = load("flower")
    spec = mb.NetworkSpec((2, 1), ("sigmoid",), "binary_cross_entropy")          # logistic regression
    params, _ = mb.gradient_descent(spec, mb.init_parameters(spec), data.X_train, data.Y_train, 1.0, 300)
    # no line separates the petals: logistic regression scores 0.475 here, the majority class 0.4625 (measured)
    assert score(spec, params, data.X_test, data.Y_test) < 0.7


def test_unknown_dataset_and_bad_test_fraction_are_named() -> None:
    with pytest.raises(ValueError, match="dataset must be one of"):
        load("mnist")
    with pytest.raises(ValueError, match="test_fraction"):
        load("flower", test_fraction=1.0)


def test_scikit_learn_is_imported_only_when_a_dataset_needs_it() -> None:
    code = ("import sys; from manual_backprop.datasets import load; load('flower'); "
            "assert 'sklearn' not in sys.modules; load('diabetes'); assert 'sklearn' in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)
