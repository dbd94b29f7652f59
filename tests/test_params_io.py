"""Parameter files: exact round trips, atomic writes, and one clear error for every kind of bad file."""

from __future__ import annotations

import json
import os
import re
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
    "garbage": (_garbage, "not an .npz archive: it does not start as a zip file does"),   # np.load: pickled data
    "random_bytes": (lambda p: p.write_bytes(np.random.default_rng(0).bytes(5000)), "does not start as a zip"),
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
    assert "\n" not in str(caught.value) and "pickle" not in str(caught.value)   # np.load's advice to unpickle


def test_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ParamsFileError, match="no such file"):
        load_parameters(tmp_path / "absent.npz")


def test_saving_parameters_that_do_not_fit_the_spec_is_refused(tmp_path: Path) -> None:
    params = _params()
    del params["b2"]
    with pytest.raises(ValueError, match="b2"):
        save_parameters(tmp_path / "p.npz", SPEC, params)
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("name", ["model", "model.npz", "model.tar", "model.NPZ", "v1.2"])
def test_a_name_gets_npz_appended_as_np_savez_appends_it_and_the_path_written_is_returned(
        tmp_path: Path, name: str) -> None:
    """save_parameters("out/model") wrote out/model, where np.savez writes out/model.npz: then loading
    "out/model.npz" said 'no such file'. It writes where np.savez would, and returns that path."""
    (tmp_path / "numpy").mkdir()
    np.savez(tmp_path / "numpy" / name, a=np.ones(1))
    written = save_parameters(tmp_path / "ours" / name, SPEC, _params())
    assert [p.name for p in (tmp_path / "ours").iterdir()] == [p.name for p in (tmp_path / "numpy").iterdir()]
    assert written == tmp_path / "ours" / os.listdir(tmp_path / "numpy")[0]
    assert load_parameters(written)[0] == SPEC
    assert save_parameters(str(tmp_path / "ours" / name), SPEC, _params()) == written      # a str path too


def test_a_name_saved_without_npz_loads_under_the_same_name_and_a_stale_twin_is_refused(tmp_path: Path) -> None:
    """save_parameters("model") writes model.npz, and load_parameters("model") reads it (it said 'no such file'
    where it had read what the same name saved); with an older "model" beside it, which one is meant is asked, not
    guessed (it read the stale one). A file saved before .npz was appended has none: named when asked for with it."""
    params = _params()
    save_parameters(tmp_path / "model", SPEC, params)
    loaded = load_parameters(tmp_path / "model")[1]
    for key in params:
        np.testing.assert_array_equal(loaded[key], params[key], strict=True)
    (tmp_path / "older").write_bytes((tmp_path / "model.npz").read_bytes())
    (tmp_path / "model").write_bytes(b"an older save under the bare name")
    with pytest.raises(ParamsFileError, match=rf"^{re.escape(str(tmp_path / 'model'))}: both "
                                              rf"{re.escape(str(tmp_path / 'model'))} and "
                                              rf"{re.escape(str(tmp_path / 'model.npz'))} exist, .* name the file"):
        load_parameters(tmp_path / "model")
    with pytest.raises(ParamsFileError, match=rf"^{re.escape(str(tmp_path / 'older.npz'))}: no such file; there is "
                                              rf"{re.escape(str(tmp_path / 'older'))}, without \.npz: did you mean "
                                              r"it\?$"):
        load_parameters(tmp_path / "older.npz")
    assert load_parameters(tmp_path / "older")[0] == SPEC                  # read whatever its name
    with pytest.raises(ParamsFileError, match=r"absent\.npz: no such file$"):
        load_parameters(tmp_path / "absent.npz")
    with pytest.raises(ParamsFileError, match=r"absent: no such file$"):
        load_parameters(tmp_path / "absent")


def test_numpy_scalars_in_the_run_record_are_saved_as_the_python_values_they_hold(tmp_path: Path) -> None:
    """run={"steps": np.int64(3)} raised json's 'Object of type int64 is not JSON serializable'."""
    from manual_backprop.params_io import load_run

    run = {"steps": np.int64(3), "alpha": np.float32(0.5), "flag": np.bool_(True), "sizes": [np.int32(2), 4]}
    _, _, loaded = load_run(save_parameters(tmp_path / "p.npz", SPEC, _params(), run))
    assert loaded == {"steps": 3, "alpha": 0.5, "flag": True, "sizes": [2, 4]}
    assert [type(loaded[key]) for key in ("steps", "alpha", "flag")] == [int, float, bool]


@pytest.mark.parametrize(("value", "error", "why"), [(object(), TypeError, "Object of type object"),
                                                     (np.float64("nan"), ValueError, "Out of range float"),
                                                     ({(1, 2): 3}, TypeError, "keys must be")])
def test_a_run_record_value_json_cannot_hold_is_refused_naming_run_and_its_key(
        tmp_path: Path, value: object, error: type[Exception], why: str) -> None:
    with pytest.raises(error, match=rf"^run\['bad'\] cannot be saved as JSON \({why}.*\)$"):
        save_parameters(tmp_path / "p.npz", SPEC, _params(), {"good": 1, "bad": value})
    assert not list(tmp_path.iterdir())


def test_saving_onto_a_directory_names_it_not_the_temporary_beside_it(tmp_path: Path) -> None:
    """IsADirectoryError named the temporary: '.p.npz.9cpxp_uk.tmp' -> 'p.npz'."""
    (tmp_path / "p.npz").mkdir()
    with pytest.raises(IsADirectoryError) as caught:
        save_parameters(tmp_path / "p.npz", SPEC, _params())
    assert caught.value.filename == str(tmp_path / "p.npz") and ".tmp" not in str(caught.value), caught.value
    assert os.listdir(tmp_path) == ["p.npz"] and not os.listdir(tmp_path / "p.npz")


def test_a_folder_named_as_the_bare_name_is_no_stale_twin(tmp_path: Path) -> None:
    """--out model --save model: the folder model/ and the file model.npz side by side; 'model' reads the file."""
    save_parameters(tmp_path / "model", SPEC, _params())
    (tmp_path / "model").mkdir()
    assert load_parameters(tmp_path / "model")[0] == SPEC


def test_a_missing_file_named_npz_alone_gets_no_hint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """".npz" without its suffix is no name: the message ends at 'no such file', with nothing after it."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ParamsFileError) as raised:
        load_parameters(".npz")
    assert str(raised.value) == ".npz: no such file"


def test_a_run_record_that_is_no_object_is_named_whole(tmp_path: Path) -> None:
    path = tmp_path / "listed.npz"
    header = json.dumps({"format": FORMAT, "version": 1, "spec": SPEC.to_dict(), "run": [1, 2]})
    np.savez(path, header=np.array(header), **_params())
    with pytest.raises(ParamsFileError) as raised:
        load_parameters(path)
    assert str(raised.value) == f"{path}: not a valid {FORMAT} file (its run record is [1, 2], not an object)"
