"""Tests written to kill mutants of manual_backprop/validation.py that survived mutmut (docs/verification-log.md,
up to session 9).

The bad-input catalog (tests/test_bad_input.py) only checks that a message contains the argument's name;
these pin each message of validation.py whole (anchored), and the boundaries of each check.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

import manual_backprop as mb
from manual_backprop.spec import NetworkSpec
from manual_backprop.training import check_learning_rate, check_positive_int
from manual_backprop.validation import (
    check_cache,
    check_finite,
    check_float_array,
    check_params,
    check_problem,
    check_X,
    check_Y,
)

SPEC = NetworkSpec((2, 3, 1), ("tanh", "sigmoid"), "binary_cross_entropy")
SOFTMAX = NetworkSpec((2, 4), ("softmax",), "categorical_cross_entropy")
F32, F64 = np.dtype(np.float32), np.dtype(np.float64)


def _exactly(message: str) -> str:
    """A pattern matching the whole message and nothing else."""
    return f"^{re.escape(message)}$"


def test_check_finite_names_the_first_non_finite_entry_and_counts_them() -> None:
    """The first bad entry in C order is named with its index and value, and the bad entries are counted."""
    check_finite("A", np.ones((2, 2)))
    A = np.array([[1.0, np.inf], [np.nan, 2.0]])
    with pytest.raises(ValueError, match=_exactly("A must be finite; A[(0, 1)] is inf "
                                                   "(2 non-finite entries)")):
        check_finite("A", A)
    with pytest.raises(ValueError, match=_exactly("B must be finite; B[(1, 0)] is nan "
                                                   "(1 non-finite entries)")):
        check_finite("B", np.array([[1.0, 2.0], [np.nan, 3.0]]))


@pytest.mark.parametrize("dtype, big", [("float64", 1e200), ("float32", 1e30)])
def test_check_finite_accepts_finite_arrays_whose_sum_of_squares_overflows(dtype: str, big: float) -> None:
    """The quick test (the sum of squares is finite) overflows for these; the exact check must then accept them,
    silently (warnings are errors in this suite; np.errstate raise on top), in any memory layout."""
    A = np.full((40, 30), big, dtype=dtype)
    A[0, 0] = -big
    with np.errstate(all="raise"):
        for layout in (A, np.asfortranarray(A), A[:, ::2], A.T):
            check_finite("A", layout)
            mb.validation.check_X(NetworkSpec((layout.shape[0], 2, 1), ("tanh", "sigmoid"), "binary_cross_entropy"),
                                  layout)
    A[39, 29] = np.inf
    with pytest.raises(ValueError, match=re.escape("A[(39, 29)] is inf (1 non-finite")):
        check_finite("A", A)
    A[39, 29], A[20, 10] = big, np.nan                   # NaN among huge values: the sum of squares is NaN, not inf
    with pytest.raises(ValueError, match=re.escape("A[(20, 10)] is nan (1 non-finite")):
        check_finite("A", A.T.T)


def test_check_finite_reads_c_f_and_strided_arrays_without_copying_them() -> None:
    """X is often X_data.T (F order): a finiteness check that copied it would cost a pass and its size in memory."""
    import tracemalloc

    base = np.ones((600, 500))
    for layout, budget in ((base, 0.01), (base.T, 0.01), (base[:, ::2], 0.2)):  # strided: np.isfinite's bool array
        tracemalloc.start()
        check_finite("A", layout)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert peak < budget * layout.nbytes, (layout.flags, peak)


def test_check_float_array_names_the_argument_the_expected_type_dtype_and_shape() -> None:
    """Each failed check has its own whole message; a valid array is returned as it is, not copied."""
    with pytest.raises(TypeError, match=_exactly("V must be a numpy.ndarray of shape (1, 1); got a list")):
        check_float_array("V", [[1.0]], (1, 1))
    with pytest.raises(TypeError, match=_exactly("V must have dtype float32 or float64; got float16 "
                                                 "(convert with V.astype(np.float64))")):
        check_float_array("V", np.ones((1, 1), np.float16), (1, 1))
    with pytest.raises(TypeError, match=_exactly("V has dtype float32 but X has dtype float64; "
                                                 "pass every array in one dtype (convert with V.astype(np.float64))")):
        check_float_array("V", np.ones((1, 1), np.float32), (1, 1), F64)
    with pytest.raises(ValueError, match=_exactly("V must have shape (1, 1); got (1, 2)")):
        check_float_array("V", np.ones((1, 2)), (1, 1))
    with pytest.raises(ValueError, match=_exactly("V must be finite; V[(0, 0)] is inf "
                                                   "(1 non-finite entries)")):
        check_float_array("V", np.full((1, 1), np.inf, np.float32), (1, 1))
    for dtype in (F32, F64):
        V = np.ones((1, 1), dtype)
        assert check_float_array("V", V, (1, 1)) is V
        assert check_float_array("V", V, (1, 1), dtype) is V


def test_check_X_names_the_expected_shape_and_hints_at_a_transpose_only_where_X_T_fits() -> None:
    """X must be (n[0], m) with m >= 1; "did you pass X.T?" only when X.T would have n[0] rows, m = 0 named as such."""
    with pytest.raises(TypeError, match=_exactly("X must be a numpy.ndarray of shape (n[0], m) = (2, m); got a list")):
        check_X(SPEC, [[1.0], [2.0]])
    hint = " (X is (n[0], m), one column per example; did you pass X.T?)"
    empty = " (X has no examples: m = 0)"
    for shape, suffix in (((3, 2), hint), ((5, 2), hint), ((3, 5), ""), ((2, 0), empty), ((0, 2), hint),
                          ((2,), ""), ((2, 2, 1), "")):
        with pytest.raises(ValueError, match=_exactly(f"X must have shape (n[0], m) = (2, m) with m >= 1; "
                                                      f"got {shape}{suffix}")):
            check_X(SPEC, np.ones(shape))
    for m in (1, 2, 5):
        X = np.ones((2, m), np.float32)
        assert check_X(SPEC, X) is X
    with pytest.raises(TypeError, match=_exactly("X must have dtype float32 or float64; got int64 "
                                                 "(convert with X.astype(np.float64))")):
        check_X(SPEC, np.ones((2, 2), np.int64))


def test_check_Y_names_the_expected_shape_and_hints_at_a_reshape_only_for_one_output_unit() -> None:
    """Y's type, dtype kind and shape errors are whole messages; the reshape hint needs n[L] = 1 and Y of shape (m,)."""
    with pytest.raises(TypeError, match=_exactly("Y must be a numpy.ndarray of shape (1, 2); got a list")):
        check_Y(SPEC, [[1.0, 0.0]], 2, F64)
    with pytest.raises(TypeError, match=_exactly("Y must hold real numbers; got dtype complex128")):
        check_Y(SPEC, np.ones((1, 2), np.complex128), 2, F64)
    with pytest.raises(ValueError, match=_exactly("Y must have shape (n[L], m) = (1, 2); got (2,) "
                                                  "(reshape it with Y.reshape(1, -1))")):
        check_Y(SPEC, np.ones(2), 2, F64)
    for shape in ((3,), (2, 2), (1, 3)):  # a vector of another length, or 2-D: no reshape hint
        with pytest.raises(ValueError, match=_exactly(f"Y must have shape (n[L], m) = (1, 2); got {shape}")):
            check_Y(SPEC, np.ones(shape), 2, F64)
    one_hot = " (class labels? one-hot encode them: np.eye(4)[labels.ravel()].T)"
    transposed = " (Y is (n[L], m), one column per example; did you pass Y.T?)"
    for shape, suffix in (((2,), one_hot), ((1, 2), one_hot), ((2, 4), transposed), ((4, 3), ""), ((2, 2), "")):
        with pytest.raises(ValueError, match=_exactly(f"Y must have shape (n[L], m) = (4, 2); got {shape}{suffix}")):
            check_Y(SOFTMAX, np.ones(shape), 2, F64)  # n[L] = 4: the reshape hint would be wrong
    mse = NetworkSpec((2, 4), ("identity",), "mean_squared_error")
    for shape, suffix in (((2,), ""), ((1, 2), ""), ((2, 4), transposed)):   # labels are no class indices here
        with pytest.raises(ValueError, match=_exactly(f"Y must have shape (n[L], m) = (4, 2); got {shape}{suffix}")):
            check_Y(mse, np.ones(shape), 2, F64)


def test_check_Y_accepts_booleans_and_integers_and_returns_Y_in_X_dtype_without_copying_it() -> None:
    """Labels of any real kind (bool, int, uint, float) are cast to X's dtype; an array already in it is returned."""
    for labels in (np.array([[True, False]]), np.array([[1, 0]]), np.array([[1, 0]], np.uint8)):
        for dtype in (F32, F64):
            Y = check_Y(SPEC, labels, 2, dtype)
            assert Y.dtype == dtype
            np.testing.assert_array_equal(Y, np.array([[1.0, 0.0]], dtype), strict=True)
    Y = np.array([[1.0, 0.0]], np.float32)
    assert check_Y(SPEC, Y, 2, F32) is Y


def test_check_Y_keeps_labels_in_the_loss_domain_with_0_and_1_included() -> None:
    """Cross-entropy labels must lie in [0, 1] (both ends allowed); mean squared error takes any finite label."""
    check_Y(SPEC, np.array([[0.0, 1.0]]), 2, F64)
    for labels, low, high in (([[0.5, 1.5]], 0.5, 1.5), ([[-0.5, 1.0]], -0.5, 1.0)):
        with pytest.raises(ValueError, match=_exactly(f"Y must lie in [0, 1] for binary_cross_entropy; "
                                                      f"got values in [{low}, {high}]")):
            check_Y(SPEC, np.array(labels), 2, F64)
    with pytest.raises(ValueError, match=_exactly("Y must lie in [0, 1] for categorical_cross_entropy; "
                                                  "got values in [-0.5, 1.5]")):
        check_Y(SOFTMAX, np.array([[1.5], [-0.5], [0.0], [0.0]]), 1, F64)  # sums to 1, yet no distribution
    mse = NetworkSpec((2, 1), ("identity",), "mean_squared_error")
    np.testing.assert_array_equal(check_Y(mse, np.array([[-3.0, 7.5]]), 2, F64), [[-3.0, 7.5]], strict=True)
    with pytest.raises(ValueError, match=_exactly("Y must be finite; Y[(0, 1)] is nan "
                                                   "(1 non-finite entries)")):
        check_Y(mse, np.array([[1.0, np.nan]]), 2, F64)
    # the cross-entropies check the domain and finiteness in one pass: a NaN or inf label is still named as such
    for bad, shown in ((np.nan, "nan"), (np.inf, "inf"), (-np.inf, "-inf")):
        with pytest.raises(ValueError, match=_exactly(f"Y must be finite; Y[(0, 0)] is {shown} "
                                                      "(1 non-finite entries)")):
            check_Y(SPEC, np.array([[bad, 1.0]]), 2, F64)


def test_check_Y_allows_categorical_column_sums_within_8_n_eps_of_one_and_names_the_worst_column() -> None:
    """A column may sum to 1 + d with |d| <= 8 n[L] eps of X's dtype (n[L] = 4, m = 3 here); the worst is named."""
    eps = float(np.finfo(np.float64).eps)  # ulp(1) = eps, ulp(0.5) = eps / 2: 0.5 + k eps and its sum are exact

    def labels(*k: int) -> np.ndarray:
        return np.array([[0.5 + j * eps for j in k], [0.5] * len(k), [0.0] * len(k), [0.0] * len(k)])

    check_Y(SOFTMAX, labels(0, 31, 32), 3, F64)          # 32 eps = 8 * 4 * eps: on the boundary, accepted
    check_Y(SOFTMAX, labels(0, -31, -32), 3, F64)
    Y = labels(0, 33, 1)
    with pytest.raises(ValueError, match=_exactly(
            f"each column of Y must sum to 1 in X's dtype (float64) for categorical_cross_entropy (e.g. one-hot); "
            f"column 1 sums to {1.0 + 33 * eps!r} (renormalise: Y / Y.sum(axis=0))")):
        check_Y(SOFTMAX, Y, 3, F64)
    with pytest.raises(ValueError, match=r"column 2 sums to 0\.99999999999999"):
        check_Y(SOFTMAX, labels(1, -2, -33), 3, F64)
    # float32: the tolerance is 8 * 4 * 2^-23 = 3.8e-6, far above float64's
    eps32 = float(np.finfo(np.float32).eps)
    Y32 = np.array([[0.5 + 16 * eps32], [0.5], [0.0], [0.0]], np.float32)
    np.testing.assert_array_equal(check_Y(SOFTMAX, Y32, 1, F32), Y32, strict=True)
    with pytest.raises(ValueError, match=r"in X's dtype \(float32\) for categorical_cross_entropy "
                                         r"\(e\.g\. one-hot\); column 0 sums to"):
        check_Y(SOFTMAX, np.array([[0.5 + 40 * eps32], [0.5], [0.0], [0.0]], np.float32), 1, F32)


def test_check_Y_judges_categorical_column_sums_exactly_not_after_rounding_them_to_float32() -> None:
    """float32 labels summing to 1 + 2^-18 + 2^-25 exceed the tolerance 8 * 4 * 2^-23 = 2^-18, though their
    float32 sum rounds to 1 + 2^-18 (ulp 2^-23 at 1): the sum is taken in float64, where it is exact."""
    Y = np.array([[0.75 + 2.0**-18], [0.25 + 2.0**-25], [0.0], [0.0]], np.float32)
    assert float(Y.sum(dtype=np.float32)) == 1.0 + 2.0**-18 and float(Y.sum(dtype=np.float64)) > 1.0 + 2.0**-18
    with pytest.raises(ValueError, match=r"^each column of Y must sum to 1 in X's dtype \(float32\) for "
                                         r"categorical_cross_entropy \(e\.g\. one-hot\); column 0 sums to "
                                         r"1\.000003844"):
        check_Y(SOFTMAX, Y, 1, F32)
    check_Y(SOFTMAX, np.array([[0.75 + 2.0**-18], [0.25], [0.0], [0.0]], np.float32), 1, F32)  # 2^-18: accepted


def test_check_params_names_the_expected_and_the_missing_and_unexpected_keys() -> None:
    """Type and key errors are whole messages; a valid dict comes back with the same arrays under the same keys."""
    with pytest.raises(TypeError, match=_exactly("params must be a dict with keys ['W1', 'b1', 'W2', 'b2']; "
                                                 "got a NoneType")):
        check_params(SPEC, None, F64)
    with pytest.raises(TypeError, match=_exactly("params must be a dict with keys ['W1', 'b1', 'W2', 'b2']; "
                                                 "got a list")):
        check_params(SPEC, [], F64)
    with pytest.raises(ValueError, match=_exactly("params must have exactly the keys ['W1', 'b1', 'W2', 'b2'] for "
                                                  "layer_sizes (2, 3, 1); missing ['b1', 'W2'], unexpected ['W0']")):
        check_params(SPEC, {"W1": 1, "W0": 2, "b2": 0}, F64)
    with pytest.raises(ValueError, match=_exactly("params must have exactly the keys ['W1', 'b1', 'W2', 'b2'] for "
                                                  "layer_sizes (2, 3, 1); missing [], unexpected ['3', 'W3']")):
        check_params(SPEC, {**mb.init_parameters(SPEC), "W3": 1, 3: 1}, F64)
    params = mb.init_parameters(SPEC, dtype=np.float32)
    for dtype in (F32, None):
        checked = check_params(SPEC, params, dtype)
        assert list(checked) == ["W1", "b1", "W2", "b2"]
        assert all(checked[key] is params[key] for key in params)


def test_check_params_without_a_dtype_requires_every_array_in_W1_dtype() -> None:
    """With dtype None (params_io) W1 sets the dtype; a W1 that is no float array is itself the error named."""
    params = mb.init_parameters(SPEC)
    with pytest.raises(TypeError, match=_exactly("params['b2'] has dtype float32 but params['W1'] has dtype float64; "
                                                 "pass every array in one dtype (convert with "
                                                 "params['b2'].astype(np.float64))")):
        check_params(SPEC, {**params, "b2": params["b2"].astype(np.float32)}, None)
    with pytest.raises(TypeError, match=r"^params\['W1'\] must have dtype float32 or float64; got float16 "):
        check_params(SPEC, {**params, "W1": params["W1"].astype(np.float16)}, None)
    with pytest.raises(TypeError, match=r"^params\['W1'\] must be a numpy\.ndarray of shape \(3, 2\); got a list$"):
        check_params(SPEC, {**params, "W1": params["W1"].tolist()}, None)


def test_check_cache_names_the_missing_key_and_reads_m_from_A0() -> None:
    """Every A[l] and Z[l] must be there, each (n[l], m) with m the number of A0's columns."""
    X = np.ones((2, 3))
    _, cache = mb.forward(SPEC, mb.init_parameters(SPEC), X)
    check_cache(SPEC, cache, F64)
    for key in ("Z1", "A1", "Z2", "A2"):
        with pytest.raises(ValueError, match=_exactly(f"cache is missing {key!r}; "
                                                      f"pass the cache that forward returns for this spec")):
            check_cache(SPEC, {k: v for k, v in cache.items() if k != key}, F64)
    with pytest.raises(ValueError, match=_exactly("cache['Z1'] must have shape (3, 3); got (3, 4)")):
        check_cache(SPEC, {**cache, "Z1": np.ones((3, 4))}, F64)


def test_check_problem_returns_params_X_and_Y_in_X_dtype() -> None:
    """check_problem returns (params, X, Y) with Y cast to X's dtype and params held to X's dtype."""
    params = mb.init_parameters(SPEC, dtype=np.float32)
    X, Y = np.ones((2, 3), np.float32), np.array([[1, 0, 1]])
    checked, X_out, Y_out = check_problem(SPEC, params, X, Y)
    assert X_out is X and all(checked[key] is params[key] for key in params)
    assert Y_out.dtype == F32
    np.testing.assert_array_equal(Y_out, np.array([[1.0, 0.0, 1.0]], F32), strict=True)
    with pytest.raises(TypeError, match=_exactly("params['W1'] has dtype float32 but X has dtype float64; "
                                                 "pass every array in one dtype (init_parameters(spec, "
                                                 "dtype=np.float64) makes parameters in X's dtype)")):
        check_problem(SPEC, params, X.astype(np.float64), Y)
    with pytest.raises(ValueError, match=_exactly("Y must have shape (n[L], m) = (1, 3); got (1, 2)")):
        check_problem(SPEC, params, X, Y[:, :2])
    with pytest.raises(TypeError, match=_exactly("spec must be a NetworkSpec; got dict")):
        check_problem(SPEC.to_dict(), params, X, Y)


def test_check_positive_int_accepts_one_and_numpy_ints_and_names_the_argument() -> None:
    """1 is the least value allowed; numpy integers come back as int; bools and other types are TypeErrors."""
    assert check_positive_int("n", 1) == 1
    value = check_positive_int("n", np.int64(3))
    assert value == 3 and type(value) is int
    for bad in (True, 1.0, "1", None):
        with pytest.raises(TypeError, match=_exactly(f"n must be a positive int; got {bad!r}")):
            check_positive_int("n", bad)
    for small in (0, -1, np.int32(0)):
        with pytest.raises(ValueError, match=_exactly(f"n must be a positive int; got {small!r}")):
            check_positive_int("n", small)


def test_check_learning_rate_accepts_zero_and_numpy_reals_and_names_the_argument() -> None:
    """alpha >= 0 and finite: 0 is allowed; numpy reals and ints come back as float; the messages are whole."""
    for good, expected in ((0, 0.0), (0.5, 0.5), (np.float32(0.25), 0.25), (np.int64(2), 2.0), (3, 3.0)):
        value = check_learning_rate(good)
        assert value == expected and type(value) is float
    for bad in (True, "0.1", None, [0.1], 1j):
        with pytest.raises(TypeError, match=_exactly(f"learning_rate must be a real number; got {bad!r}")):
            check_learning_rate(bad)
    for bad in (-1.0, -1e-300, float("nan"), float("inf"), -float("inf"), np.float64(np.inf)):
        with pytest.raises(ValueError, match=_exactly(f"learning_rate must be finite and >= 0; got {bad!r}")):
            check_learning_rate(bad)
    # beyond float64: an int that overflows float() and a longdouble that becomes inf were a TypeError from
    # np.isfinite and a DivergenceError "smaller learning_rate than inf" (found by fuzzing)
    for huge in (10**400, np.longdouble("1e400")):
        with pytest.raises(ValueError, match=r"^learning_rate must be finite and >= 0; got "):
            check_learning_rate(huge)


def test_an_ndarray_subclass_with_its_own_arithmetic_is_refused_whole_and_a_memmap_is_not(tmp_path: Path) -> None:
    """np.ma and np.matrix change what * and @ do (a masked Y gave masked dW[L] off by up to 0.8): refused with
    the type's name and what to pass instead; np.memmap keeps ndarray's arithmetic and passes through."""
    masked = np.ma.masked_array(np.ones((2, 3)), [[0, 0, 1], [0, 0, 0]])
    with pytest.raises(TypeError, match=_exactly(
            "X must be a plain numpy.ndarray; got a MaskedArray, whose arithmetic differs (pass np.asarray(X) after "
            "dropping the masked examples (np.asarray keeps the values under the mask))")):
        check_X(SPEC, masked)
    with pytest.raises(TypeError, match=_exactly(
            "Y must be a plain numpy.ndarray; got a matrix, whose arithmetic differs (pass np.asarray(Y))")):
        check_Y(SPEC, np.ones((1, 3)).view(np.matrix), 3, F64)
    with pytest.raises(TypeError, match=_exactly(
            "V must be a plain numpy.ndarray; got a matrix, whose arithmetic differs (pass np.asarray(V))")):
        check_float_array("V", np.ones((1, 1)).view(np.matrix), (1, 1))
    mapped = np.memmap(tmp_path / "X.bin", dtype=np.float64, mode="w+", shape=(2, 3))
    assert check_X(SPEC, mapped) is mapped
