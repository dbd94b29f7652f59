"""Shared by the vector and check-port tests: the committed vectors, and manual_backprop's results on them."""

from __future__ import annotations

import json
import pathlib
from typing import Any

import numpy as np

from manual_backprop import NetworkSpec, backward, cost, forward

ROOT = pathlib.Path(__file__).resolve().parent.parent
VECTOR_FILE = ROOT / "vectors" / "backprop_test.json"
VECTORS: dict[str, Any] = json.loads(VECTOR_FILE.read_text(encoding="utf-8"))
PAIRS = [(g, t) for g in VECTORS["testGroups"] for t in g["tests"]]
#: Tests of depth 1: erratum E8 changes dZ[L-1], which they never compute, so a port with E8 passes them.
DEPTH_1 = sum(len(g["activations"]) == 1 for g, _ in PAIRS)
#: tcIds (ascending) with a tanh layer whose |Z| is past log of the dtype's largest number, where tanh written as
#: (e^z - e^-z) / (e^z + e^-z) is inf / inf = NaN (formulas.md: use the library's tanh).
SATURATED_TANH = [t["tcId"] for g, t in sorted(PAIRS, key=lambda pair: pair[1]["tcId"]) if any(
    a == "tanh" and np.max(np.abs(t["expected"][f"Z{l}"]["value"])) > np.log(np.finfo(g["dtype"]).max)
    for l, a in enumerate(g["activations"], 1))]


def spec_of(group: dict[str, Any]) -> NetworkSpec:
    return NetworkSpec(tuple(group["layerSizes"]), tuple(group["activations"]), group["loss"], group["l2"])


def manual_backprop_entry(group: dict[str, Any], test: dict[str, Any]) -> dict[str, Any]:
    """A results-file entry: manual_backprop's cost, gradients and cache, computed in the group's dtype."""
    spec, dtype = spec_of(group), np.dtype(group["dtype"])
    values = {key: np.array(a["value"], dtype=dtype) for key, a in test["inputs"].items()}
    X, Y = values.pop("X"), values.pop("Y")
    _, cache = forward(spec, values, X)
    grads = backward(spec, values, cache, Y)
    return {"cost": cost(spec, values, X, Y),
            "gradients": {f"d{key}": g.astype(np.float64).tolist() for key, g in grads.items()},
            "cache": {key: c.astype(np.float64).tolist() for key, c in cache.items() if key != "A0"}}


def manual_backprop_results() -> dict[str, Any]:
    """A whole results file for the committed vectors, as manual_backprop computes them."""
    return {"port": "manual_backprop", "results": {str(t["tcId"]): manual_backprop_entry(g, t) for g, t in PAIRS}}
