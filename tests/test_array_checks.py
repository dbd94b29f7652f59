"""The quick path of the input checks (array_checks.plainly_valid) passes only what the full check accepts.

check_params asks plainly_valid first, for speed (one np.vdot per valid array, no message built); an array it
does not pass goes to check_float_array, which decides and names the fault. So plainly_valid may say False of a
valid array (another layout, squares that overflow) but never True of an invalid one.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given

from manual_backprop.array_checks import check_float_array, plainly_valid
from manual_backprop.spec import NetworkSpec
from manual_backprop.validation import check_params
from tests.strategies import ARRAY_FAULTS_INVALID, candidate_arrays, wanted_not_float

SPEC = NetworkSpec((3, 2, 1), ("tanh", "sigmoid"), "binary_cross_entropy")


@given(candidate_arrays())
def test_plainly_valid_passes_a_plain_array_and_nothing_the_full_check_refuses(
        candidate: tuple[object, tuple[int, int], np.dtype, str]) -> None:
    value, shape, dtype, fault = candidate
    quick = plainly_valid(value, shape, dtype)
    if fault in ARRAY_FAULTS_INVALID:
        assert not quick, fault
        with pytest.raises((TypeError, ValueError)):
            check_float_array("A", value, shape, dtype)
    else:
        assert check_float_array("A", value, shape, dtype) is value
        # exact on purpose: the quick path must be taken for a plain array (or the checks are slow again) and must
        # not copy a strided one (np.vdot would) or trust an overflowing sum of squares
        assert quick == (fault == "none" or (fault != "huge" and value.flags.c_contiguous)), fault  # type: ignore[attr-defined]


@given(candidate_arrays() | wanted_not_float())
def test_check_params_accepts_and_refuses_each_array_as_check_float_array_does(
        candidate: tuple[object, tuple[int, int], np.dtype, str]) -> None:
    """One parameter is the candidate (W1, sized to it), the others plain: same verdict, same message."""
    value, (rows, cols), dtype, _ = candidate
    spec = NetworkSpec((cols, rows, 1), ("tanh", "sigmoid"), "binary_cross_entropy")
    params: dict[str, object] = {k: np.ones(shape, dtype) for k, shape in spec.parameter_shapes().items()}
    params["W1"] = value
    try:
        expected = check_float_array("params['W1']", value, (rows, cols), dtype)
    except (TypeError, ValueError) as error:
        with pytest.raises(type(error), match=f"^{re.escape(str(error))}$"):
            check_params(spec, params, dtype)
    else:
        checked = check_params(spec, params, dtype)
        assert checked["W1"] is expected
        assert list(checked) == list(spec.parameter_shapes())


def test_check_params_without_a_dtype_takes_W1s_float_dtype_or_checks_every_array_in_full() -> None:
    """dtype None (params_io reads params alone): W1's dtype is wanted if it is float32 or float64, and then a NaN in
    b2 is named; an int W1 gets the full check's message, as before the quick path (not one about b1's dtype)."""
    params = {k: np.ones(shape) for k, shape in SPEC.parameter_shapes().items()}
    params["b2"] = np.full((1, 1), np.nan)
    with pytest.raises(ValueError, match=re.escape("params['b2'] must be finite")):
        check_params(SPEC, params, None)
    params["W1"] = np.ones((2, 3), np.int64)
    with pytest.raises(TypeError, match=re.escape("params['W1'] must have dtype float32 or float64; got int64")):
        check_params(SPEC, params, None)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_check_params_takes_valid_arrays_in_the_quick_path_and_only_the_others_to_the_full_check(
        dtype: type, monkeypatch: pytest.MonkeyPatch) -> None:
    """The quick path is what makes a tiny gradient's checks cheap: if it stopped being taken, every verdict would
    stay right and only the speed would go (mutants that disable it survived every other test)."""
    import manual_backprop.validation as validation

    full: list[str] = []
    real = validation.check_float_array
    monkeypatch.setattr(validation, "check_float_array", lambda name, *args: full.append(name) or real(name, *args))
    params = {k: np.ones(shape, dtype) for k, shape in SPEC.parameter_shapes().items()}
    assert check_params(SPEC, params, np.dtype(dtype)) == params and full == []
    params["W1"] = np.asfortranarray(np.ones((2, 3), dtype))           # valid, but not C-ordered: the full check
    assert check_params(SPEC, params, np.dtype(dtype))["W1"] is params["W1"] and full == ["params['W1']"]
