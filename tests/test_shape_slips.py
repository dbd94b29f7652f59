"""A gradient of a wrong shape that is the mark of a common slip gets that slip named on its report line: dW[l] as
dZ[l] A[l]^T (A[l] for A[l-1]) or with dZ[l] carried a layer down, db[l] summed without keepdims, not summed, summed
over the units or over every entry (manual_backprop/shape_hints.py, as autodiff_oracle/shape_slips.py reports it); a
shape that marks no slip gets none, and neither does one two slips share."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from autodiff_oracle import compare, make_problem, oracle
from manual_backprop import NetworkSpec

SPEC = NetworkSpec((3, 4, 2), ("tanh", "sigmoid"), "binary_cross_entropy", 0.0)   # n = (3, 4, 2): no two alike
M = 5                                                                              # and m another


def _backprop(slip: Callable[[dict[str, np.ndarray], int, np.ndarray, list[np.ndarray]], None] | None = None,
              spec: NetworkSpec = SPEC, m: int = M) -> tuple[dict[str, np.ndarray], object]:
    """The notes' column-major backprop for a tanh-sigmoid network with cross-entropy, slip(grads, l, dZ, A) run
    after layer l's gradients are set; and the oracle's result on the same problem."""
    params, X, Y = make_problem(spec, m=m, seed=1)[1:]
    A = [X]
    for l, g in ((1, np.tanh), (2, lambda z: 1 / (1 + np.exp(-z)))):
        A.append(g(params[f"W{l}"] @ A[-1] + params[f"b{l}"]))
    grads: dict[str, np.ndarray] = {}
    dZ = A[2] - Y
    for l in (2, 1):
        grads[f"W{l}"], grads[f"b{l}"] = dZ @ A[l - 1].T / m, dZ.sum(axis=1, keepdims=True) / m
        if slip is not None:
            slip(grads, l, dZ, A)
        dZ = (params[f"W{l}"].T @ dZ) * (1 - A[l - 1] ** 2)
    return grads, oracle(spec, params, X, Y)


def _set(key: str, value: Callable[[int, np.ndarray, list[np.ndarray]], np.ndarray]) -> Callable[..., None]:
    """A slip that sets key's gradient to value(l, dZ, A) when layer l is key's."""
    return lambda grads, l, dZ, A: grads.__setitem__(key, value(l, dZ, A)) if int(key[1:]) == l else None


def test_the_tests_backprop_is_right_without_a_slip() -> None:
    assert compare(*_backprop(), np.float64).ok


@pytest.mark.parametrize(("key", "value", "hint"), [
    ("W1", lambda l, dZ, A: dZ @ A[l].T / M, "; the shape of dZ[1] A[1]^T, (n[1], n[1]): A[1] for A[0]?"),
    ("W2", lambda l, dZ, A: dZ @ A[l].T / M, "; the shape of dZ[2] A[2]^T, (n[2], n[2]): A[2] for A[1]?"),
    ("W2", lambda l, dZ, A: A[l - 1] @ dZ.T / M, "; the transposed shape: rows and columns swapped?"),
    ("b1", lambda l, dZ, A: dZ.sum(axis=1) / M, "; summed over the examples without keepdims=True?"),
    ("b2", lambda l, dZ, A: dZ / M, "; dZ[2]'s shape, (n[2], m): not summed over the examples?"),
    ("b1", lambda l, dZ, A: dZ.sum(axis=0) / M, "; summed over the units, not the examples?"),
    ("b1", lambda l, dZ, A: dZ.sum(axis=0, keepdims=True) / M, "; summed over the units, not the examples?"),
    ("b2", lambda l, dZ, A: dZ.T.sum(axis=1, keepdims=True) / M, "; summed over the units, not the examples?"),
    ("b2", lambda l, dZ, A: dZ.sum(keepdims=True) / M, "; summed over every entry (no axis), not over the examples "
                                                        "alone?"),
    ("b2", lambda l, dZ, A: dZ.T.sum(axis=0, keepdims=True) / M, "; the transposed shape: rows and columns swapped?"),
])
def test_a_shape_that_marks_a_common_slip_names_it_on_the_gradients_line(
        key: str, value: Callable[[int, np.ndarray, list[np.ndarray]], np.ndarray], hint: str) -> None:
    grads, expected = _backprop(_set(key, value))
    report = compare(grads, expected, np.float64, None, M)
    [mismatch] = report.mismatches
    assert mismatch.structural and str(mismatch).endswith(f" dtype float64{hint})"), str(mismatch)
    assert f"  {mismatch}" in str(report).splitlines()


@pytest.mark.parametrize(("key", "value"), [
    ("W1", lambda l, dZ, A: dZ[:, :2] / M),                   # (4, 2): the shape of no slip
    ("W2", lambda l, dZ, A: A[l - 2] @ A[l - 2].T / M),       # (n[0], n[0]) = (3, 3): neither n[2]'s nor n[1]'s
    ("b1", lambda l, dZ, A: dZ[:, :2] / M),                   # (4, 2): not summed, but of 2 examples, not m
    ("b2", lambda l, dZ, A: dZ.sum(axis=1)[:1] / M),          # (1,): not (n[2],)
])
def test_a_wrong_shape_that_marks_no_slip_says_only_what_came(
        key: str, value: Callable[[int, np.ndarray, list[np.ndarray]], np.ndarray]) -> None:
    grads, expected = _backprop(_set(key, value))
    [mismatch] = compare(grads, expected, np.float64, None, M).mismatches
    assert str(mismatch).endswith(f"got shape {grads[key].shape} dtype float64)"), str(mismatch)


def test_a_shape_two_slips_share_names_neither_wrongly() -> None:
    """With m = n[1] = 4, db[1] summed over the units without keepdims is (4,) like the sum over the examples
    without it: the keepdims hint, which still says to sum over the examples; without m, (n[l], m) is not named."""
    spec, m = NetworkSpec((3, 4, 2), ("tanh", "sigmoid"), "binary_cross_entropy", 0.0), 4
    grads, expected = _backprop(_set("b1", lambda l, dZ, A: dZ.sum(axis=0) / m), spec, m)
    [mismatch] = compare(grads, expected, np.float64, None, m).mismatches
    assert str(mismatch).endswith("; summed over the examples without keepdims=True?)"), str(mismatch)
    grads, expected = _backprop(_set("b2", lambda l, dZ, A: dZ / M))
    [mismatch] = compare(grads, expected, np.float64).mismatches
    assert str(mismatch).endswith("got shape (2, 5) dtype float64)"), str(mismatch)


def _carried_down(spec: NetworkSpec, m: int = M) -> tuple[dict[str, np.ndarray], object]:
    """A tanh-sigmoid network's backprop with the loop's two steps swapped: dZ carried a layer down (to dA[l-1] =
    W[l]^T dZ[l], times g[l-1]' below the output) before dW[l] and db[l] are formed; and the oracle's result."""
    params, X, Y = make_problem(spec, m=m, seed=1)[1:]
    A = [X, np.tanh(params["W1"] @ X + params["b1"])]
    A.append(1 / (1 + np.exp(-(params["W2"] @ A[1] + params["b2"]))))
    grads, dZ = {}, A[2] - Y
    for l in (2, 1):
        dZ = (params[f"W{l}"].T @ dZ) * (1 - A[l - 1] ** 2 if l > 1 else 1)      # too early
        grads[f"W{l}"], grads[f"b{l}"] = dZ @ A[l - 1].T / m, dZ.sum(axis=1, keepdims=True) / m
    return grads, oracle(spec, params, X, Y)


def test_a_dw_of_the_layer_below_s_square_shape_names_dz_carried_a_layer_down_and_any_dw_of_that_shape() -> None:
    """n = (3, 4, 2): dW[2] of (n[1], n[1]) = (4, 4) and dW[1] of (n[0], n[0]) = (3, 3), the shapes no W has, name
    the swap (for layer 1, dA[0] = W[1]^T dZ[1], which no g' follows); n = (3, 3, 2) makes W[1] square, so dW[2] of
    (n[1], n[1]) is dW[1]'s shape as well: both slips are named (dW[1] under W2's key)."""
    grads, expected = _carried_down(SPEC)
    lines = {mm.key.split()[0]: str(mm) for mm in compare(grads, expected, np.float64, None, M).mismatches}
    assert lines["W2"].endswith("; the shape of dA[1] A[1]^T, (n[1], n[1]): dZ[2] carried a layer down (to dA[1] = "
                                "W[2]^T dZ[2], or dZ[1]) before dW[2] was formed?)"), lines
    assert lines["W1"].endswith("; the shape of dA[0] A[0]^T, (n[0], n[0]): dZ[1] carried a layer down (to dA[0] = "
                                "W[1]^T dZ[1]) before dW[1] was formed?)"), lines
    assert lines["b2"].endswith("got shape (4, 1) dtype float64)"), lines      # b1's shape: no slip named
    square = NetworkSpec((3, 3, 2), ("tanh", "sigmoid"), "binary_cross_entropy", 0.0)
    grads, expected = _carried_down(square)
    lines = {mm.key.split()[0]: str(mm) for mm in compare(grads, expected, np.float64, None, M).mismatches}
    assert lines["W2"].endswith("got shape (3, 3) dtype float64; the shape of dA[1] A[1]^T, (n[1], n[1]): dZ[2] "
                                "carried a layer down (to dA[1] = W[2]^T dZ[2], or dZ[1]) before dW[2] was formed, or "
                                "dW[1], of the same shape, under W[2]'s key?)"), lines
    assert lines["W1"].startswith("W1["), lines


@pytest.mark.parametrize(("sizes", "key", "value", "hint"), [
    ((2, 4, 2), "W1", lambda l, dZ, A: A[l - 1] @ dZ.T / M, "the transposed shape: rows and columns swapped, or dW[2], "
                                                           "of the same shape, under W[1]'s key?"),
    ((2, 4, 2), "W2", lambda l, dZ, A: A[l - 1] @ dZ.T / M, "the transposed shape: rows and columns swapped, or dW[1], "
                                                           "of the same shape, under W[2]'s key?"),
    ((3, 4, 3), "W1", lambda l, dZ, A: A[l - 1] @ dZ.T / M, "the transposed shape: rows and columns swapped, or dW[2], "
                                                           "of the same shape, under W[1]'s key?"),
    ((3, 4, 4), "W1", lambda l, dZ, A: dZ @ A[l].T / M, "the shape of dZ[1] A[1]^T, (n[1], n[1]): A[1] for A[0], or "
                                                       "dW[2], of the same shape, under W[1]'s key?"),
])
def test_a_dw_hint_whose_shape_another_layer_s_w_has_names_that_gradient_under_the_key_too(
        sizes: tuple[int, ...], key: str, value: Callable[[int, np.ndarray, list[np.ndarray]], np.ndarray],
        hint: str) -> None:
    """n = (2, 4, 2): W1 is (4, 2) and W2 (2, 4), so a dW1 of (2, 4) is dW1 transposed or dW2 under W1's key (the
    gradients keyed a layer off): the shape cannot tell, so the hint names both, where it named the transpose alone."""
    spec = NetworkSpec(sizes, ("tanh", "sigmoid"), "binary_cross_entropy", 0.0)
    grads, expected = _backprop(_set(key, value), spec)
    [mismatch] = compare(grads, expected, np.float64, None, M).mismatches
    assert str(mismatch).endswith(f"; {hint})"), str(mismatch)


def test_a_dw_carried_down_is_named_where_the_input_and_output_layers_are_as_wide() -> None:
    """n = (2, 3, 2): dW[1] of (n[0], n[0]) = (2, 2) is no layer's W's shape (W1 is (3, 2), W2 (2, 3)), so it names
    the slip, though n[0] = n[L] makes it (n[0], n[L]): that pair is no layer's, and taken for one (the layers
    counted from 0, sizes[0] with sizes[-1]) it would hide the hint."""
    spec = NetworkSpec((2, 3, 2), ("tanh", "sigmoid"), "binary_cross_entropy", 0.0)
    grads, expected = _carried_down(spec)
    lines = {mm.key.split()[0]: str(mm) for mm in compare(grads, expected, np.float64, None, M).mismatches}
    assert lines["W1"].endswith("got shape (2, 2) dtype float64; the shape of dA[0] A[0]^T, (n[0], n[0]): dZ[1] "
                                "carried a layer down (to dA[0] = W[1]^T dZ[1]) before dW[1] was formed?)"), lines


@pytest.mark.parametrize(("sizes", "key"), [((3, 4, 1), "W2"), ((1, 4, 2), "W1")])
def test_a_dw_that_a_term_of_the_transposed_shape_broadcasts_to_names_no_slip(sizes: tuple[int, ...],
                                                                            key: str) -> None:
    """(n[l], n[l-1]) plus (n[l-1], n[l]), as the L2 term of a row-major W, broadcasts to (n[l-1], n[l-1]) where
    n[l] = 1, and to (n[l], n[l]) where n[l-1] = 1: neither the carried-down dZ[l] nor A[l] for A[l-1] then."""
    spec = NetworkSpec(sizes, ("tanh", "sigmoid"), "binary_cross_entropy", 0.0)
    grads, expected = _backprop(_set(key, lambda l, dZ, A: dZ @ A[l - 1].T / M + (dZ @ A[l - 1].T).T), spec)
    [mismatch] = compare(grads, expected, np.float64, None, M).mismatches
    assert str(mismatch).endswith("got shape (4, 4) dtype float64)"), str(mismatch)
