"""Parameter files: exact round trips, atomic writes, and one clear error for every kind of bad file."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest

import manual_backprop as mb
from manual_backprop.atomic import atomic_write
from manual_backprop.params_io import FORMAT, ParamsFileError, load_parameters, save_parameters

SPEC = mb.NetworkSpec((3, 4, 2), ("relu", "softmax"), "categorical_cross_entropy", l2=0.25)


def _params(dtype: type = np.float64) -> dict[str, np.ndarray]:
    params = mb.init_parameters(SPEC, seed=5, dtype=dtype)
    params["b1"] = params["b1"] + np.array([[0.5], [-1.0], [2.0], [0.125]], dtype=dtype)   # not all zero
    return params


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_round_trip_gives_back_the_spec_and_bitwise_equal_parameters(tmp_path: Path, dtype: type) -> None:
    params = _params(dtype)
    path = save_parameters(tmp_path / "deep" / "dir" / "p.npz", SPEC, params)
    spec, loaded = load_parameters(path)
    assert spec == SPEC
    assert list(loaded) == ["W1", "b1", "W2", "b2"]
    for key in params:
        np.testing.assert_array_equal(loaded[key], params[key], strict=True)


def test_file_is_a_plain_npz_a_port_can_read(tmp_path: Path) -> None:
    path = save_parameters(tmp_path / "p.npz", SPEC, _params())
    with np.load(path, allow_pickle=False) as archive:
        header = json.loads(str(archive["header"][()]))
        assert header == {"format": FORMAT, "version": 1, "spec": SPEC.to_dict()}
        assert archive["W1"].shape == (4, 3) and archive["b2"].shape == (2, 1)


def test_interrupted_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    path = save_parameters(tmp_path / "p.npz", SPEC, _params())
    before = path.read_bytes()

    def write_half_then_fail(file: object) -> None:
        assert hasattr(file, "write")
        file.write(before[: len(before) // 2])
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        atomic_write(path, write_half_then_fail)
    assert path.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["p.npz"]


def _truncated(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:-200])


def _garbage(path: Path) -> None:
    path.write_bytes(b"this is not an archive\n" * 10)


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _bare_npy(path: Path) -> None:
    with path.open("wb") as file:
        np.save(file, np.ones(3))


def _rewrite(path: Path, header: object = None, drop: str = "", **arrays: np.ndarray) -> None:
    with np.load(path) as archive:
        contents = {key: archive[key] for key in archive.files if key != drop}
    if header is not None:
        contents["header"] = np.array(json.dumps(header))
    contents.update(arrays)
    np.savez(path, **contents)


def _rewrite_raw_header(path: Path, text: str) -> None:
    with np.load(path) as archive:
        contents = {key: archive[key] for key in archive.files}
    contents["header"] = np.array(text)
    np.savez(path, **contents)


CORRUPTIONS = {
    "truncated": (_truncated, "truncated or malformed"),
    "garbage": (_garbage, "truncated or malformed"),
    "empty": (_empty, "truncated or malformed"),
    "bare_npy": (_bare_npy, "not an .npz archive"),
    "no_header": (lambda p: _rewrite(p, drop="header"), "no header"),
    "other_format": (lambda p: _rewrite(p, header={"format": "other", "version": 1}), "not a manual-backprop"),
    "newer_version": (lambda p: _rewrite(p, header={"format": FORMAT, "version": 2, "spec": SPEC.to_dict()}),
                      "version 2"),
    "bad_spec": (lambda p: _rewrite(p, header={"format": FORMAT, "version": 1, "spec": {"layer_sizes": [3]}}),
                 "network spec"),
    "missing_array": (lambda p: _rewrite(p, drop="b2"), "do not fit its network.*missing \\['b2'\\]"),
    "wrong_shape": (lambda p: _rewrite(p, W1=np.zeros((3, 4))),
                    "do not fit its network.*W1.*must have shape \\(4, 3\\)"),
    "non-finite": (lambda p: _rewrite(p, b1=np.full((4, 1), np.nan)), "do not fit its network.*b1.*must be finite"),
    "integer_array": (lambda p: _rewrite(p, W2=np.zeros((2, 4), dtype=np.int64)), "do not fit its network.*dtype"),
    # found by fuzzing: an OverflowError and a RecursionError escaped as tracebacks of `backprop train --load`
    "l2_of_400_digits": (lambda p: _rewrite(p, header={"format": FORMAT, "version": 1,
                                                       "spec": {**SPEC.to_dict(), "l2": 10**400}}),
                         "truncated or malformed: l2 must be a finite number >= 0"),
    "header_nested_too_deep": (lambda p: _rewrite_raw_header(p, "[" * 100_000 + "]" * 100_000),
                               "truncated or malformed"),
}


@pytest.mark.parametrize("corruption", CORRUPTIONS)
def test_every_bad_file_raises_one_params_file_error_naming_the_file(tmp_path: Path, corruption: str) -> None:
    path = save_parameters(tmp_path / "p.npz", SPEC, _params())
    damage, message = CORRUPTIONS[corruption]
    damage(path)
    with pytest.raises(ParamsFileError, match=message) as caught:
        load_parameters(path)
    assert str(caught.value).startswith(f"{path}:")
    assert "\n" not in str(caught.value)


def test_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ParamsFileError, match="no such file"):
        load_parameters(tmp_path / "absent.npz")


def test_saving_parameters_that_do_not_fit_the_spec_is_refused(tmp_path: Path) -> None:
    params = _params()
    del params["b2"]
    with pytest.raises(ValueError, match="b2"):
        save_parameters(tmp_path / "p.npz", SPEC, params)
    assert not list(tmp_path.iterdir())
