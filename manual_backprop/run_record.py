"""A parameter file's run record as JSON holds it: how the parameters were made (params_io.save_parameters keeps it
in the file's header), NumPy scalars saved as the Python values they hold, a value JSON cannot hold named by its key."""

from __future__ import annotations

import json
from typing import Any

import numpy as np


def _numpy_scalar(value: object) -> object:
    """json.dumps's default: a NumPy scalar as its Python value; anything else is refused as json refuses it."""
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _json_record(run: dict[Any, Any]) -> dict[str, Any]:
    """run as JSON reads it back (NumPy scalars as Python values); the first key whose value (or key) JSON cannot
    hold is named."""
    for key, value in run.items():
        try:
            json.dumps({key: value}, default=_numpy_scalar, allow_nan=False)
        except (TypeError, ValueError) as error:
            raise type(error)(f"run[{key!r}] cannot be saved as JSON ({error})") from error
    record: dict[str, Any] = json.loads(json.dumps(run, default=_numpy_scalar, allow_nan=False))
    return record
