"""What NumPy reads a name as a dtype: its own name for it, its byte order, and the kind of a dtype of no number.

error_messages.closest_name reads these to hint at a dtype ("got 'f2' (NumPy's float16; did you mean 'float64'?)"),
and the oracle's scope_names to take a dtype by NumPy's name; string work and np.dtype's reading of a name, no math,
so the oracle may load it, as it loads error_messages.
"""

from __future__ import annotations

import warnings
from typing import Any


def numpy_name(name: Any) -> str | None:
    """The name NumPy gives the dtype name reads as ('float16' for 'f2', 'half', 'e' or np.float16), or None for no
    dtype; no warning for a deprecated alias ('a')."""
    dtype = _numpy_dtype(name)
    return None if dtype is None else dtype.name


def in_native_order(name: Any) -> bool:
    """False when NumPy reads name as a dtype in the byte order this machine does not use ('>f8' or np.dtype('>f8')
    on a little-endian one), which the dtype's name ('float64') does not say; True otherwise, no dtype too."""
    dtype = _numpy_dtype(name)
    return dtype is None or dtype.isnative


def _numpy_dtype(name: Any) -> Any:
    """The dtype NumPy reads name as, or None for no dtype; no warning for a deprecated alias ('a')."""
    import numpy as np

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return np.dtype(name)
        except (TypeError, ValueError, SyntaxError):            # NumPy's own, for names it cannot parse
            return None


#: A dtype NumPy reads that holds no number, by its kind: named so in a hint, where NumPy's own name ('str256' for
#: 'U8', 'void128' for 'f8,f8') would leave the reader to work out what it is.
KINDS = {"U": "a string", "T": "a string", "S": "a bytes", "O": "an object", "M": "a datetime", "m": "a timedelta"}


def _kind(dtype: Any) -> str | None:
    """'a string dtype' for str256, 'a structured dtype' for 'f8,f8', ...; None for a number's dtype (bool too)."""
    if dtype.kind == "V":
        return "a structured dtype" if dtype.names else "a sub-array dtype" if dtype.subdtype else \
            "a raw-bytes (void) dtype"
    return f"{KINDS[dtype.kind]} dtype" if dtype.kind in KINDS else None

