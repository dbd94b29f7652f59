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


def huge_gelu_vectors(path: pathlib.Path) -> pathlib.Path:
    """A vectors file of one test per dtype on a (2, 3, 1) gelu, sigmoid network whose first-layer |Z| passes the
    square root of the dtype's largest number (2^520 > 1.3e154 in float64, 2^66 > 1.8e19 in float32), where gelu'
    written from z (3 k z^2 = inf, times 1 - t^2 = 0) is NaN (docs/formulas.md's gelu bullet). Every gradient is
    finite there (dW2 and dW1 about |X|); expected holds the inputs' shapes with zeros, as the ports' self-checks read
    them: only the results' finiteness is checked, not their values."""
    groups = []
    for tc_id, (dtype, power) in enumerate([("float64", 520), ("float32", 66)], start=1):
        big = 2.0**power
        inputs = {"W1": [[1.0, 0.5], [-0.5, 1.0], [0.25, -1.0]], "b1": [[0.0]] * 3, "W2": [[1.0, -1.0, 0.5]],
                  "b2": [[0.0]], "X": [[big, -big], [0.5 * big, 2.0 * big]], "Y": [[1.0, 0.0]]}
        shapes = {"Z1": (3, 2), "A1": (3, 2), "Z2": (1, 2), "A2": (1, 2), "dW2": (1, 3), "db2": (1, 1),
                  "dW1": (3, 2), "db1": (3, 1)}
        zeros = {key: [[0.0] * c for _ in range(r)] for key, (r, c) in shapes.items()}
        expected: dict[str, Any] = {key: {"value": z, "hex": [[x.hex() for x in row] for row in z], "scale": z}
                                    for key, z in zeros.items()}
        expected["cost"] = {"value": 0.0, "hex": (0.0).hex(), "scale": 0.0}
        tiny = float(np.finfo(dtype).tiny)
        groups.append({"layerSizes": [2, 3, 1], "activations": ["gelu", "sigmoid"], "loss": "binary_cross_entropy",
                       "l2": 0.0, "dtype": dtype, "rtol": 256 * float(np.finfo(dtype).eps) / 2, "atol": 256 * tiny,
                       "tests": [{"tcId": tc_id, "comment": f"gelu at |z| ~ 2^{power}", "flags": [], "m": 2,
                                  "inputs": {key: {"value": v, "hex": [[x.hex() for x in row] for row in v]}
                                             for key, v in inputs.items()},
                                  "expected": expected}]})
    vectors = {**{key: VECTORS[key] for key in VECTORS if key != "testGroups"}, "numberOfTests": 2,
               "testGroups": groups}
    path.write_text(json.dumps(vectors), encoding="utf-8")
    return path


def non_finite_gradients(results: pathlib.Path) -> list[str]:
    """'tcId 1 dW1', ... for each gradient of a results file holding a non-finite entry (null, NaN, inf)."""
    from manual_backprop.port_results import number

    data = json.loads(results.read_text(encoding="utf-8"))["results"]
    return [f"tcId {tc} {key}" for tc, entry in data.items() for key, rows in entry["gradients"].items()
            if not np.all(np.isfinite(np.array([[number(x) for x in row] for row in rows], dtype=np.float64)))]
