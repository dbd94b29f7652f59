"""What check-port adds to a divergence when the results file shows a likely cause (port_check's first_divergence asks):
a key the vectors spell otherwise ('dw1', 'dW[1]', 'z1'), layers numbered from 0, and a float64 group computed in
float32, whose every error is of float32 rounding's size."""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Iterable
from typing import Any

import numpy as np

from .error_messages import listed
from .port_quantity import compare_quantity, to_array

#: float32's tolerance as the vectors give it to their float32 groups: rtol = 256 u and atol = 256 tiny.
FLOAT32_RTOL, FLOAT32_ATOL = 256 * 2.0**-24, 256 * float(np.finfo(np.float32).tiny)
#: The median |port - expected| / |expected| over a test's entries outside a float64 group's tolerance that float32
#: rounding gives (in a test that passes at float32's). Measured over the committed vectors' float64 tests (session
#: 37): their expected values rounded to float32, 2^-26.2 to 2^-25.1; computed by manual_backprop in float32, 2^-25.9
#: to 2^-19.5 with a cache and 2^-27.9 to 2^-0.2 without (5 of 43 above 2^-20, failing only at gradient entries near
#: 0, go without the note: a missing 1/m is off by m - 1 >= 1 there). A float64 port with gelu's c from pi =
#: 3.14159265 gives 2^-33.6 to 2^-31.5, every value times 1 + 2^-32 (or 1 + 2^-18) 2^-32 (2^-18): no note.
FLOAT32_MEDIAN = (2.0**-29, 2.0**-20)


def _folded(key: str) -> str:
    return "".join(c for c in key.lower() if c.isalnum())


def spelt_otherwise(key: str, given: Iterable[str], expected: Collection[str]) -> str:
    """The key among given, none of the vectors' (expected), that writes key otherwise: the same once case, brackets
    and underscores are dropped ('dw1', 'dW[1]', 'dW_1' for dW1), else difflib's closest (at 0.75) of the same
    layer number ('dJ_dW1'); '' for none, as 'dW0' for dW2 (layer_0_note's case) or 'dZ1' for dW1."""
    folded = {_folded(k): k for k in given if k not in expected}
    digits = re.sub(r"\D", "", key)
    same_layer = [f for f in folded if re.sub(r"\D", "", f) == digits]
    close = difflib.get_close_matches(_folded(key), same_layer, n=1, cutoff=0.75)
    return folded.get(_folded(key)) or (folded[close[0]] if close else "")


def layer_0_note(result: dict[str, Any]) -> str:
    """What to say of results whose keys number the layers from 0, as 0-based arrays do (A0, X, is no sign of it)."""
    keys = [key for key in ("Z0",) if key in result.get("cache", {})] + [
        key for key in ("dW0", "db0") if key in result["gradients"]]
    return (f"the results have {listed(keys)}: layers are numbered from 1, as the vectors' W1 and Z1 (Z1 = W1 X + "
            "b1), so layer l's quantities are Zl, Al, dWl and dbl") if keys else ""


def float32_note(test: dict[str, Any], given: dict[str, Any], dtype: str, rtol: float, atol: float) -> str:
    """For a float64 group's test (rtol, atol) whose given quantities all pass at float32's tolerance, with the
    entries outside the group's off by float32 rounding's size (FLOAT32_MEDIAN): that the port looks like it
    computed in float32."""
    relative: list[float] = []
    for key, value in given.items():
        expected = test["expected"][key]
        if dtype != "float64" or compare_quantity(key, value, expected, FLOAT32_RTOL, FLOAT32_ATOL) is not None:
            return ""
        e, scale = (np.asarray(expected[part], dtype=np.float64) for part in ("value", "scale"))
        error = np.abs(to_array(value) - e)
        outside = ~(error <= rtol * (np.abs(e) + scale) + atol) & (e != 0)
        relative.extend((error[outside] / np.abs(e[outside])).tolist())
    median = float(np.median(relative)) if relative else 0.0
    low, high = FLOAT32_MEDIAN
    return (f"every entry would pass at float32's tolerance, and those outside this group's are off by {median:.3g} "
            "relative (median; float32 rounds by up to 5.96e-08): looks like float32 arithmetic in a float64 group "
            "(float in C or Java, f32 in Rust): compute it in double") if low <= median <= high else ""
