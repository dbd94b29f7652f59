"""Saving and loading parameters with their network: one .npz a port can read without this package.

File layout (format "manual-backprop-params", version 1), an uncompressed NumPy .npz archive:
    "header"  a 0-d unicode array holding JSON: {"format": ..., "version": 1, "spec": spec.to_dict()}, and
              optionally "run": how the parameters were made (backprop train writes it; readers may ignore it)
    "W1", "b1", ..., "WL", "bL"   the arrays, shapes (n[l], n[l-1]) and (n[l], 1), float32 or float64

A name that does not end in .npz gets it appended, as np.savez appends it (save_parameters returns the path
written). Writes are atomic (a temporary file in the same directory, then os.replace), so an interrupted save
never leaves a half-written file under the final name. Loads check everything and raise one
ParamsFileError (a ValueError) naming the file and what is wrong with it.
"""

from __future__ import annotations

import json
import os
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from .atomic import atomic_write
from .propagation import Params, ParamsIn
from .run_record import _json_record
from .spec import NetworkSpec
from .validation import check_params, check_spec

FORMAT = "manual-backprop-params"
VERSION = 1


class ParamsFileError(ValueError):
    """A parameter file is missing, truncated, malformed, of another version, or inconsistent."""


def npz_path(path: str | os.PathLike[str]) -> Path:
    """The file save_parameters writes for path: path itself if it ends in .npz, else path + ".npz" (np.savez's
    rule: "model" and "model.tar" become "model.npz" and "model.tar.npz")."""
    name = os.fspath(path)
    return Path(name if name.endswith(".npz") else name + ".npz")


def save_parameters(path: str | os.PathLike[str], spec: NetworkSpec, params: ParamsIn,
                    run: Mapping[str, Any] | None = None) -> Path:
    """Write spec and params to path atomically, with .npz appended if its name lacks it, as np.savez does
    (parent directories are created). Returns the path written.

    run, if given, is a JSON-able record of how the parameters were made, kept in the header (backprop train
    writes its dataset, split, the last run's learning rate and dtype, and the steps taken in all, which a later
    --load resumes with); NumPy scalars in it are saved as the Python values they hold (np.int64(3) as 3). A value
    JSON cannot hold raises TypeError (or ValueError for NaN and inf) naming run[key]."""
    check_spec(spec)
    params = check_params(spec, params, None)
    record: dict[str, Any] = {"format": FORMAT, "version": VERSION, "spec": spec.to_dict()}
    if run is not None:
        record["run"] = _json_record(dict(run))
    header = json.dumps(record, allow_nan=False)
    arrays: dict[str, Any] = {key: params[key] for key in spec.parameter_shapes()}
    return atomic_write(npz_path(path), lambda file: np.savez(file, header=np.array(header), **arrays))


def _header(path: Path, archive: Any) -> tuple[NetworkSpec, dict[str, Any]]:
    """The file's spec and run record ({} if it has none)."""
    if "header" not in archive.files:
        raise ParamsFileError(f"{path}: not a {FORMAT} file (no header entry)")
    header = json.loads(str(archive["header"][()]))
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise ParamsFileError(f"{path}: not a {FORMAT} file (header format is {header!r:.80})")
    if header.get("version") != VERSION:
        raise ParamsFileError(f"{path}: {FORMAT} version {header.get('version')!r}; this version reads only {VERSION}")
    run = header.get("run", {})
    if not isinstance(run, dict):
        raise ParamsFileError(f"{path}: not a valid {FORMAT} file (its run record is {run!r:.80}, not an object)")
    return NetworkSpec.from_dict(header.get("spec")), run


def _other_name(missing: Path) -> str:
    """A hint at the file of the same name without .npz, if there is one (a name without .npz reads name.npz)."""
    name = os.fspath(missing)
    other = Path(name[:-len(".npz")]) if name.endswith(".npz") else None
    if other is None or not other.name or not other.is_file():
        return ""
    return f"; there is {other}, without .npz: did you mean it?"


def _source(path: str | os.PathLike[str]) -> Path:
    """The file load_run reads for path: save_parameters(name) writes name.npz (np.savez's rule), so a name without
    .npz reads name.npz when only that exists; ParamsFileError when both do (an older file saved under the bare
    name beside the one save_parameters writes now: which one is meant?)."""
    given, written = Path(path), npz_path(path)
    try:
        if written == given or not written.is_file():
            return given
        stale = given.is_file()                        # a folder of that name is no twin (--out model --save model)
    except OSError as error:                           # a folder it may not look into
        raise ParamsFileError(f"{given}: cannot be read ({error.strerror or error})") from error
    if stale:
        raise ParamsFileError(f"{given}: both {given} and {written} exist, and save_parameters({str(given)!r}) "
                              f"writes {written} (.npz appended, as np.savez does): name the file to load")
    return written


def load_parameters(path: str | os.PathLike[str]) -> tuple[NetworkSpec, Params]:
    """(spec, params) from a file written by save_parameters (path as given to it: a name without .npz reads
    name.npz); ParamsFileError for anything else."""
    spec, params, _ = load_run(path)
    return spec, params


def load_run(path: str | os.PathLike[str]) -> tuple[NetworkSpec, Params, dict[str, Any]]:
    """(spec, params, run record) from a file written by save_parameters, the record {} if it was saved with
    none; ParamsFileError as load_parameters. A name without .npz reads name.npz, which save_parameters(name)
    writes, when only that exists."""
    source = _source(path)
    try:
        with open(source, "rb") as file:             # closed however np.load fails
            start = file.read(6)
            if start and not start.startswith((b"PK", b"\x93NUMPY")):   # np.load would call it pickled data and
                raise ParamsFileError(f"{source}: not a {FORMAT} file (not an .npz archive: it does not start "
                                      f"as a zip file does)")        # advise allow_pickle, which no one should use
            file.seek(0)
            archive = np.load(file, allow_pickle=False)
            if not isinstance(archive, np.lib.npyio.NpzFile):
                raise ParamsFileError(f"{source}: not a {FORMAT} file (a bare .npy array, not an .npz archive)")
            spec, run = _header(source, archive)
            params = {key: archive[key] for key in archive.files if key != "header"}
    except ParamsFileError:
        raise
    except FileNotFoundError as error:
        raise ParamsFileError(f"{source}: no such file{_other_name(source)}") from error
    except (OSError, EOFError, zipfile.BadZipFile, json.JSONDecodeError, KeyError, ValueError, TypeError,
            RecursionError) as error:                   # RecursionError: a header nested too deep
        raise ParamsFileError(f"{source}: not a valid {FORMAT} file (truncated or malformed: {error})") from error
    try:
        return spec, check_params(spec, params, None), run
    except (TypeError, ValueError) as error:
        raise ParamsFileError(f"{source}: the arrays do not fit its network {spec.layer_sizes}: {error}") from error
