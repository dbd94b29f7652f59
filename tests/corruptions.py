"""A catalog of bad inputs: each corruption turns a valid call into one that must raise.

A corruption takes a valid Problem and a NumPy RNG and returns (args, expected error type, words the
message must contain): the argument's name, so users know which input to fix.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from autodiff_oracle.problems import Problem
from manual_backprop import NetworkSpec

Args = dict[str, Any]
Corruption = Callable[[Problem, np.random.Generator], tuple[Args, type[Exception], str]]


def _args(p: Problem) -> Args:
    return {"spec": p.spec, "params": dict(p.params), "X": p.X, "Y": p.Y}


def _with_nonfinite(A: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    A = A.copy()
    A.flat[rng.integers(A.size)] = rng.choice([np.nan, np.inf, -np.inf])
    return A


def params_missing_a_key(p: Problem, rng: np.random.Generator) -> tuple[Args, type[Exception], str]:
    missing = str(rng.choice(list(p.params)))
    return {**_args(p), "params": {k: v for k, v in p.params.items() if k != missing}}, ValueError, "params"


def x_transposed(p: Problem, rng: np.random.Generator) -> tuple[Args, type[Exception], str]:
    a = _args(p)
    a["X"] = np.ascontiguousarray(p.X.T) if p.X.shape[0] != p.X.shape[1] else p.X[:, :0]
    return a, ValueError, "X"


CORRUPTIONS: dict[str, Corruption] = {
    "X transposed": x_transposed,
    "X as a list": lambda p, r: ({**_args(p), "X": p.X.tolist()}, TypeError, "X"),
    "X as None": lambda p, r: ({**_args(p), "X": None}, TypeError, "X"),
    "X of ints": lambda p, r: ({**_args(p), "X": p.X.astype(np.int64)}, TypeError, "X"),
    "X of bools": lambda p, r: ({**_args(p), "X": p.X > 0}, TypeError, "X"),
    "X complex": lambda p, r: ({**_args(p), "X": p.X.astype(np.complex128)}, TypeError, "X"),
    "X of objects": lambda p, r: ({**_args(p), "X": p.X.astype(object)}, TypeError, "X"),
    "X float16": lambda p, r: ({**_args(p), "X": p.X.astype(np.float16)}, TypeError, "X"),
    "X one-dimensional": lambda p, r: ({**_args(p), "X": p.X.ravel()}, ValueError, "X"),
    "X empty batch": lambda p, r: ({**_args(p), "X": p.X[:, :0]}, ValueError, "m >= 1"),
    "X non-finite": lambda p, r: ({**_args(p), "X": _with_nonfinite(p.X, r)}, ValueError, "X"),
    "Y as (m,)": lambda p, r: ({**_args(p), "Y": p.Y.ravel()}, ValueError, "Y"),
    "Y of another batch size": lambda p, r: ({**_args(p), "Y": np.concatenate([p.Y, p.Y], axis=1)}, ValueError, "Y"),
    "Y as a list": lambda p, r: ({**_args(p), "Y": p.Y.tolist()}, TypeError, "Y"),
    "Y complex": lambda p, r: ({**_args(p), "Y": p.Y.astype(np.complex128)}, TypeError, "Y"),
    "Y of strings": lambda p, r: ({**_args(p), "Y": p.Y.astype(str)}, TypeError, "Y"),
    "Y non-finite": lambda p, r: ({**_args(p), "Y": _with_nonfinite(p.Y, r)}, ValueError, "Y"),
    "params as a list": lambda p, r: ({**_args(p), "params": list(p.params.values())}, TypeError, "params"),
    "params as None": lambda p, r: ({**_args(p), "params": None}, TypeError, "params"),
    "params missing a key": params_missing_a_key,
    "params with an extra key": lambda p, r: (
        {**_args(p), "params": {**p.params, "W0": p.params["W1"]}}, ValueError, "params"),
    "params with a (n,) bias": lambda p, r: (
        {**_args(p), "params": {**p.params, "b1": p.params["b1"].ravel()}}, ValueError, "params['b1']"),
    "params with a transposed weight": lambda p, r: (
        {**_args(p), "params": {**p.params, "W1": np.ascontiguousarray(p.params["W1"].T)}}, ValueError,
        "params['W1']") if p.params["W1"].shape[0] != p.params["W1"].shape[1] else (
        {**_args(p), "params": {**p.params, "W1": np.ones((p.spec.layer_sizes[1], p.X.shape[0] + 1), p.X.dtype)}},
        ValueError, "params['W1']"),
    "params of another dtype": lambda p, r: (
        {**_args(p), "params": {**p.params, "W1": p.params["W1"].astype(
            np.float32 if p.X.dtype == np.float64 else np.float64)}}, TypeError, "params['W1']"),
    "params non-finite": lambda p, r: (
        {**_args(p), "params": {**p.params, "b1": _with_nonfinite(p.params["b1"], r)}}, ValueError, "params['b1']"),
    "params as lists": lambda p, r: (
        {**_args(p), "params": {k: v.tolist() for k, v in p.params.items()}}, TypeError, "params['W1']"),
    # subclasses whose arithmetic differs: a masked Y gave masked dW[L] off by up to 0.8, np.matrix X raised in vdot
    "X masked": lambda p, r: ({**_args(p), "X": np.ma.masked_array(p.X, p.X > 0)}, TypeError, "X must be a plain"),
    "X as a np.matrix": lambda p, r: ({**_args(p), "X": p.X.view(np.matrix)}, TypeError, "X must be a plain"),
    "Y masked": lambda p, r: ({**_args(p), "Y": np.ma.masked_array(p.Y, p.Y > 0.5)}, TypeError, "Y must be a plain"),
    "params masked": lambda p, r: (
        {**_args(p), "params": {**p.params, "W1": np.ma.masked_array(p.params["W1"])}}, TypeError,
        "params['W1'] must be a plain"),
    "spec not a NetworkSpec": lambda p, r: ({**_args(p), "spec": p.spec.to_dict()}, TypeError, "spec"),
    "params of a deeper spec": lambda p, r: (
        {**_args(p), "spec": NetworkSpec((*p.spec.layer_sizes, 2), (*p.spec.activations[:-1], "identity",
                                                                   "identity"), "mean_squared_error")},
        ValueError, "params"),
}


def label_corruptions(p: Problem, rng: np.random.Generator) -> list[tuple[Args, type[Exception], str]]:
    """Labels outside the loss's domain (only cross-entropies have one)."""
    out = []
    if p.spec.loss in ("binary_cross_entropy", "categorical_cross_entropy"):
        Y = p.Y.copy()
        Y.flat[rng.integers(Y.size)] = rng.choice([-0.5, 1.5, 7.0])
        out.append(({**_args(p), "Y": Y}, ValueError, "Y"))
    if p.spec.loss == "categorical_cross_entropy":
        out.append(({**_args(p), "Y": p.Y * 0.5}, ValueError, "sum to 1"))
    return out
