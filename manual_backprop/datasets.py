"""Real data in the notes' layout: X is (n[0], m), one column per example, and Y is (n[L], m).

    data = load("breast_cancer", seed=0)           # Dataset(X_train, Y_train, X_test, Y_test, task)
    spec = NetworkSpec((data.n_x, 16, data.n_y), ("tanh", data.output_activation), data.loss)

Three datasets ship with scikit-learn (the `data` extra; imported only when one is loaded, so nothing
is downloaded at run time), plus a planar "flower" generator of our own for decision-boundary
pictures. Every dataset is split by a seeded permutation, and every feature is standardised with the
mean and standard deviation of the *training* columns only (regression targets too), so no
statistic of the test split leaks into training.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

#: task -> (output activation g[L], loss): the three fused pairs, where dZ[L] = A[L] - Y.
TASKS: dict[str, tuple[str, str]] = {
    "binary": ("sigmoid", "binary_cross_entropy"),
    "multiclass": ("softmax", "categorical_cross_entropy"),
    "regression": ("identity", "mean_squared_error"),
}


@dataclass(frozen=True)
class Dataset:
    """A train/test split: X_* are (n[0], m_*), Y_* are (n[L], m_*); task is a key of TASKS."""

    name: str
    task: str
    X_train: np.ndarray
    Y_train: np.ndarray
    X_test: np.ndarray
    Y_test: np.ndarray

    @property
    def n_x(self) -> int:
        """n[0], the number of input features."""
        return int(self.X_train.shape[0])

    @property
    def n_y(self) -> int:
        """n[L], the number of output units."""
        return int(self.Y_train.shape[0])

    @property
    def output_activation(self) -> str:
        return TASKS[self.task][0]

    @property
    def loss(self) -> str:
        return TASKS[self.task][1]


def one_hot(labels: np.ndarray, classes: int) -> np.ndarray:
    """Integer labels (m,) -> Y (classes, m) with Y[k, i] = 1 where labels[i] = k."""
    Y = np.zeros((classes, labels.size))
    Y[labels, np.arange(labels.size)] = 1.0
    return Y


def standardise(train: np.ndarray, test: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows (features) of (n, m) arrays scaled to mean 0, std 1 over the training columns only.

    A feature constant on the training split (std 0, e.g. digits' blank corner pixels) is only centred.
    """
    mean = train.mean(axis=1, keepdims=True)
    std = train.std(axis=1, keepdims=True)
    std[std == 0] = 1.0
    return (train - mean) / std, (test - mean) / std


def split(name: str, task: str, X: np.ndarray, Y: np.ndarray, seed: int, test_fraction: float) -> Dataset:
    """Seeded train/test split of columns, then standardisation with training statistics."""
    if not 0 < test_fraction < 1:
        raise ValueError(f"test_fraction must be in (0, 1); got {test_fraction!r}")
    m = X.shape[1]
    order = np.random.default_rng(seed).permutation(m)
    m_test = max(1, round(test_fraction * m))
    test, train = order[:m_test], order[m_test:]
    X_train, X_test = standardise(X[:, train], X[:, test])
    Y_train, Y_test = Y[:, train], Y[:, test]
    if task == "regression":
        Y_train, Y_test = standardise(Y_train, Y_test)
    return Dataset(name, task, *(np.ascontiguousarray(A, dtype=np.float64) for A in (X_train, Y_train, X_test, Y_test)))


def flower(m: int = 400, petals: int = 4, noise: float = 0.2, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """A planar two-class "flower": X (2, m) points on r = 4 sin(petals t), Y (1, m) alternate petals.

    Class k takes the angles t in [k pi, (k + 1) pi), jittered by noise, so neighbouring petals
    alternate class and no straight line separates them (a logistic regression gets about half right).
    """
    rng = np.random.default_rng(seed)
    labels = np.arange(m) % 2
    t = (labels + rng.uniform(0, 1, m)) * np.pi + rng.normal(0, noise, m)
    r = 4 * np.sin(petals * t) + rng.normal(0, noise, m)
    X = np.stack([r * np.sin(t), r * np.cos(t)])
    return X, labels.reshape(1, m).astype(np.float64)


def _sklearn(loader: str) -> tuple[np.ndarray, np.ndarray]:
    from sklearn import datasets  # the `data` extra; imported here so manual_backprop needs NumPy only

    bunch = getattr(datasets, loader)()
    return np.asarray(bunch.data, dtype=np.float64).T, np.asarray(bunch.target)


def _breast_cancer() -> tuple[np.ndarray, np.ndarray]:
    X, y = _sklearn("load_breast_cancer")             # 569 tumours, 30 features; 1 = benign
    return X, y.reshape(1, -1).astype(np.float64)


def _digits() -> tuple[np.ndarray, np.ndarray]:
    X, y = _sklearn("load_digits")                    # 1,797 8x8 images, pixel values 0-16
    return X, one_hot(y.astype(np.intp), 10)


def _diabetes() -> tuple[np.ndarray, np.ndarray]:
    X, y = _sklearn("load_diabetes")                  # 442 patients, 10 features, progression after a year
    return X, y.reshape(1, -1).astype(np.float64)


#: name -> (task, loader returning X (n[0], m) and Y (n[L], m) before the split).
LOADERS: dict[str, tuple[str, Callable[[], tuple[np.ndarray, np.ndarray]]]] = {
    "breast_cancer": ("binary", _breast_cancer),
    "digits": ("multiclass", _digits),
    "diabetes": ("regression", _diabetes),
    "flower": ("binary", flower),
}
#: The datasets that need scikit-learn.
SKLEARN_DATASETS = ("breast_cancer", "digits", "diabetes")


def load(name: str, seed: int = 0, test_fraction: float = 0.2) -> Dataset:
    """The named dataset (a key of LOADERS), split with seed and standardised, in float64."""
    if name not in LOADERS:
        raise ValueError(f"dataset must be one of {tuple(LOADERS)}; got {name!r}")
    task, loader = LOADERS[name]
    X, Y = loader()
    return split(name, task, X, Y, seed, test_fraction)
