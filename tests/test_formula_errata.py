"""The errata blocks of docs/formulas.md: each 'correct' block matches the oracle, each 'as written' does not.

References come from jax.grad of the oracle's J on the notes' 2-layer network (the seed test vector
tcId 2), and on logistic regression for E3-E4. dZ[l] is m dJ/dZ[l] (the notes' convention).
"""

from __future__ import annotations

import json
import pathlib
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from autodiff_oracle.model import loss_entries
from tests.formula_doc import run

VECTORS = json.loads((pathlib.Path(__file__).resolve().parent.parent / "vectors" / "backprop_test.json").read_text())
SEED = next(t for g in VECTORS["testGroups"] for t in g["tests"] if t["tcId"] == 2)   # (2, 4, 1), m = 4
VALUES = {key: np.array(a["value"]) for key, a in SEED["inputs"].items()}
N, M = [2, 4, 1], SEED["m"]


def two_layer(loss: str) -> dict[str, np.ndarray]:
    """Z1, A1, Z2, A2 and dZ1 = m dJ/dZ1, dZ2 = m dJ/dZ2 for the tanh/sigmoid network, by jax.grad."""
    with jax.enable_x64(True):
        W1, b1, W2, b2, X, Y = (jnp.asarray(VALUES[k]) for k in ("W1", "b1", "W2", "b2", "X", "Y"))

        def J(e1: jax.Array, e2: jax.Array) -> tuple[jax.Array, Any]:
            Z1 = W1 @ X + b1 + e1
            A1 = jnp.tanh(Z1)
            Z2 = W2 @ A1 + b2 + e2
            A2 = jax.nn.sigmoid(Z2)
            return jnp.sum(loss_entries(loss, Z2, A2, Y)) / M, (Z1, A1, Z2, A2)

        (g1, g2), (Z1, A1, Z2, A2) = jax.grad(J, argnums=(0, 1), has_aux=True)(jnp.zeros((4, M)), jnp.zeros((1, M)))
        out = {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2, "dZ1": M * g1, "dZ2": M * g2}
        return {k: np.asarray(v) for k, v in out.items()}


def logistic() -> dict[str, float]:
    """One example of logistic regression: z, a = sigmoid(z), y and dL/dz (= dL/db) by jax.grad."""
    z, y = 0.7, 0.3
    with jax.enable_x64(True):
        dz = jax.grad(lambda zz: loss_entries("binary_cross_entropy", zz, jax.nn.sigmoid(zz), y))(z)
        return {"z": z, "y": y, "a": float(jax.nn.sigmoid(z)), "dz": float(dz)}


BCE, MSE, LR = two_layer("binary_cross_entropy"), two_layer("mean_squared_error"), logistic()
DB1 = np.array(SEED["expected"]["db1"]["value"])
NET = {"W2": VALUES["W2"], "Y": VALUES["Y"], "m": M, "n": N}
#: erratum -> (inputs of both blocks, output variable, reference value)
CASES: dict[str, tuple[dict[str, Any], str, Any]] = {
    "E1": ({"n": N}, "W1_shape", VALUES["W1"].shape),
    "E2": ({"m": M}, "predictions", M),
    "E3": ({k: LR[k] for k in "zay"}, "dz", LR["dz"]),
    "E4": ({"dz": LR["a"] - LR["y"], "a": LR["a"]}, "db", LR["dz"]),
    "E5": ({**NET, "dZ2": BCE["dZ2"], "A1": BCE["A1"]}, "dZ1", BCE["dZ1"]),
    "E6": ({**NET, "dZ1": BCE["dZ1"], "A1": BCE["A1"]}, "db1", DB1),
    "E7": ({**NET, "A2": BCE["A2"]}, "dZ2", BCE["dZ2"]),
    "E8": ({**NET, "dZ2": BCE["dZ2"], "A1": BCE["A1"]}, "dZ1", BCE["dZ1"]),
    "E9": ({**NET, "A2": MSE["A2"]}, "dZ2", MSE["dZ2"]),
}


def outcome(erratum: str, kind: str) -> Any:
    inputs, var, _ = CASES[erratum]
    value = run(f"{erratum} {kind}", **inputs)[var]
    return len(value) if var == "predictions" else value


def matches(value: Any, reference: Any) -> bool:
    value, reference = np.asarray(value, dtype=np.float64), np.asarray(reference, dtype=np.float64)
    return value.shape == reference.shape and bool(
        np.all(np.abs(value - reference) <= 1e-12 * (np.abs(reference) + 1)))


@pytest.mark.parametrize("erratum", sorted(CASES))
def test_correct_block_matches_the_oracle(erratum: str) -> None:
    assert matches(outcome(erratum, "correct"), CASES[erratum][2])


@pytest.mark.parametrize("erratum", sorted(CASES))
def test_block_as_written_in_the_notes_is_wrong(erratum: str) -> None:
    try:
        value = outcome(erratum, "as written")
    except ValueError:   # a shape mismatch in a matrix product: wrong, and loudly so
        return
    assert not matches(value, CASES[erratum][2])
