"""Language-neutral test vectors for backprop ports (Wycheproof-style JSON), computed by the oracle only.

For each Case (vector_cases.py): Z[l] and A[l] (plain.forward_with_scales), J and dJ/dW[l], dJ/db[l]
(plain.evaluate_problem) come from the oracle's one computation (core.py), in float64. Every expected array
carries a per-entry "scale", the oracle's first-order bound on a correct implementation's rounding error (core.py:
F[l] for Z[l], FA[l] for A[l], S_J for the cost, S + rtol M for the gradients), and each group an
rtol and atol for its dtype (compare.py). A port's entry passes when

    |port - expected| <= rtol * (|expected| + scale) + atol.

Numbers are written twice: as JSON numbers (the shortest decimal that round-trips to the float64,
exact with any correctly rounding parser) and as exact hex floats ("0x1.8p-1", C's %a).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from manual_backprop.atomic import atomic_write_text
from manual_backprop.spec import KINKED_ACTIVATIONS

from .compare import ATOL, RTOL
from .plain import evaluate_problem, forward_with_scales
from .vector_cases import FLAGS, Case, all_cases
from .vector_json import dumps, encode
from .vector_schema import SCHEMA, SCHEMA_VERSION

FILE_NAME = "backprop_test.json"
FILE_NAMES = (FILE_NAME, "schema.json")     # what write puts into its folder


def derived_flags(case: Case, cache: dict[str, np.ndarray], Y: np.ndarray) -> list[str]:
    """The case's own flags plus those its shapes and values (the cache's Z[l], the labels Y) imply (see
    vector_flags.FLAGS)."""
    spec, L = case.spec, case.spec.depth
    flags = list(case.flags)
    relu_like = [l for l, a in enumerate(spec.activations, start=1) if a in KINKED_ACTIVATIONS]
    implied = {
        "SingleExample": case.m == 1,
        "ReluAtZero": any(np.any(cache[f"Z{l}"] == 0) for l in relu_like),
        "SaturatedOutput": bool(np.max(np.abs(cache[f"Z{L}"])) >= 20),
        "SaturatedHidden": any(np.max(np.abs(cache[f"Z{l}"])) >= 710 for l in range(1, L)),
        "WidthOne": 1 in spec.layer_sizes[:-1],
        "Deep": L >= 3,
        "L2": spec.l2 > 0,
        "Float32": case.dtype == "float32",
        "NotFused": not spec.fused_output,
        "IntegerInputs": case.values == "integers",
        "SoftLabels": spec.loss != "mean_squared_error" and bool(np.any((Y > 0) & (Y < 1))),
        "ManyExamples": case.m > 8 and case.m % 2 == 1,
    }
    flags += [name for name, holds in implied.items() if holds and name not in flags]
    assert set(flags) <= set(FLAGS), set(flags) - set(FLAGS)
    return flags


def make_test(tc_id: int, case: Case) -> dict[str, Any]:
    """One test: inputs (params, X, Y) and expected Z[l], A[l], cost and gradients with their scales."""
    spec, dt = case.spec, np.dtype(case.dtype)
    params, X, Y = case.inputs()
    # Two runs of the oracle, not one: forward_with_scales's run (plain._run with forward=True) computes J and the
    # gradients too, but that compile rounds them differently in the last bits for some networks (tcIds 18, 20 and
    # 39, with gelu and silu: up to 96 ulp on an entry that cancels), so taking them from it would change the
    # committed vectors; here they are evaluate_problem's, the same numbers the oracle gives everywhere else.
    oracle = evaluate_problem(spec, params, X, Y)
    if not oracle.kink_margin > RTOL[dt]:
        raise ValueError(f"tcId {tc_id}: a relu-like Z is within rounding error of its kink; change the seed")
    cache = forward_with_scales(spec, params, X, Y)
    expected: dict[str, Any] = {}
    for l in range(1, spec.depth + 1):
        expected[f"Z{l}"] = encode(cache[f"Z{l}"], cache[f"FZ{l}"], f"tcId {tc_id}'s Z{l}")
        expected[f"A{l}"] = encode(cache[f"A{l}"], cache[f"FA{l}"], f"tcId {tc_id}'s A{l}")
    expected["cost"] = encode(np.float64(oracle.cost), np.float64(oracle.cost_scale), f"tcId {tc_id}'s cost")
    for l in range(spec.depth, 0, -1):
        for k in "Wb":
            key = f"{k}{l}"
            scale = oracle.scales[key] + RTOL[dt] * oracle.second_order[key]   # compare.py's S + rtol M
            expected[f"d{key}"] = encode(oracle.gradients[key], scale, f"tcId {tc_id}'s d{key} (the oracle's)")
    inputs = {key: encode(value, name=f"tcId {tc_id}'s {key}") for key, value in {**params, "X": X, "Y": Y}.items()}
    return {"tcId": tc_id, "comment": case.comment, "flags": derived_flags(case, cache, Y), "m": case.m,
            "inputs": inputs, "expected": expected}


def group_key(case: Case) -> tuple[Any, ...]:
    s = case.spec
    return (s.layer_sizes, s.activations, s.loss, s.l2, case.dtype)


def build(cases: list[Case] | None = None) -> dict[str, Any]:
    """The whole vector file as a JSON-ready dict: header, notes (flags), and groups in first-seen order."""
    groups: dict[tuple[Any, ...], dict[str, Any]] = {}
    cases = all_cases() if cases is None else cases
    for tc_id, case in enumerate(cases, start=1):
        key = group_key(case)
        if key not in groups:
            dt = np.dtype(case.dtype)
            groups[key] = {"layerSizes": list(case.spec.layer_sizes), "activations": list(case.spec.activations),
                           "loss": case.spec.loss, "l2": case.spec.l2, "dtype": case.dtype,
                           "rtol": RTOL[dt], "atol": ATOL[dt], "tests": []}
        groups[key]["tests"].append(make_test(tc_id, case))
    return {
        "schema": SCHEMA_VERSION,
        "algorithm": "backpropagation for fully-connected networks (docs/formulas.md)",
        "generator": "backprop vectors (autodiff_oracle.vectors): JAX float64, jax.grad",
        "numberOfTests": len(cases),
        "header": [
            "Layout: X is (n[0], m); W[l] is (n[l], n[l-1]); b[l] is (n[l], 1); Z[l], A[l] are (n[l], m).",
            "Arrays are lists of rows. value: shortest round-trip decimal of the float64; hex: the same, exact.",
            "An entry passes when |port - value| <= rtol * (|value| + scale) + atol (rtol, atol: the group's).",
            "Float32 groups: inputs are float32 values; expected values are the float64 oracle's for those inputs.",
            "J = (1/m) sum over examples of the loss summed over the n[L] outputs; mean_squared_error's loss is"
            " sum 1/2 (a - y)^2 (not PyTorch's MSELoss).",
            "Activations as docs/formulas.md: gelu is the tanh approximation, elu has alpha = 1, leaky_relu slope"
            " 0.01; relu'(0) = 0 and leaky_relu'(0) = 1 (jax.nn).",
        ],
        "notes": FLAGS,
        "testGroups": list(groups.values()),
    }


def write(out: Path) -> list[Path]:
    """Write backprop_test.json and schema.json into out (created if needed); returns the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / name for name in FILE_NAMES]
    atomic_write_text(paths[0], dumps(build()))
    atomic_write_text(paths[1], dumps(SCHEMA))
    return paths
