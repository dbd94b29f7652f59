"""Every formula of docs/formulas.md, executed and compared with the JAX oracle (directly or via the vectors).

Direct comparisons use |doc - oracle| <= 1e-12 (|oracle| + size): both sides are the same math in
float64, so they differ only by rounding (about 1e-16) amplified by cancellation among terms of
magnitude `size`; 1e-12 leaves a 4,500x margin and still sees any wrong constant, sign or kink.
"""

from __future__ import annotations

import functools
import json
import pathlib

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from autodiff_oracle.model import ACTIVATIONS, loss_entries
from manual_backprop import NetworkSpec, gradient_descent
from manual_backprop.port_check import compare_quantity, first_divergence
from manual_backprop.spec import ACTIVATIONS as SPEC_ACTIVATIONS
from manual_backprop.spec import LOSSES
from tests.formula_doc import BLOCKS, DOC, doc_port, run

VECTORS = json.loads((pathlib.Path(__file__).resolve().parent.parent / "vectors" / "backprop_test.json").read_text())
GROUPS = {t["tcId"]: g for g in VECTORS["testGroups"] for t in g["tests"]}
TESTS = {t["tcId"]: t for g in VECTORS["testGroups"] for t in g["tests"]}
F64 = [tc for tc, g in GROUPS.items() if g["dtype"] == "float64"]
SEED_F64 = [tc for tc in F64 if "SeedNetwork" in TESTS[tc]["flags"] and GROUPS[tc]["l2"] == 0]
GRID = np.array([-1000.0, -40.0, -5.0, -1.0, -1e-3, -0.0, 0.0, 1e-3, 0.5, 1.0, 5.0, 40.0, 1000.0])
Z = np.stack([GRID, GRID / 7, np.random.default_rng(0).standard_normal(GRID.size) * 3]).T   # (13, 3)
DA = np.random.default_rng(1).standard_normal(Z.shape)
DIMS = {"n": [2, 13], "l": 1, "m": 3}


def assert_close(actual: np.ndarray, expected: np.ndarray, size: np.ndarray | float) -> None:
    actual, expected = np.asarray(actual, dtype=np.float64), np.asarray(expected, dtype=np.float64)
    assert actual.shape == expected.shape
    bad = ~(np.abs(actual - expected) <= 1e-12 * (np.abs(expected) + size))
    assert not bad.any(), f"doc {actual[bad][:3]} vs oracle {expected[bad][:3]} (first entries that differ)"


def oracle_vjp(name: str, Z: np.ndarray, dA: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    with jax.enable_x64(True):
        A, dZ = _vjp(name, jnp.asarray(Z), jnp.asarray(dA))
        return np.asarray(A), np.asarray(dZ)


@functools.partial(jax.jit, static_argnums=0)
def _vjp(name: str, Z: jax.Array, dA: jax.Array) -> tuple[jax.Array, jax.Array]:
    A, vjp = jax.vjp(ACTIVATIONS[name], Z)
    return A, vjp(dA)[0]


def test_every_formula_block_is_checked_here() -> None:
    checked = {f"activation {a}" for a in ACTIVATIONS} | {f"loss {loss}" for loss in LOSS_CASES} | {
        "forward", "cost", "backward layer", "update", "two-layer"} | {
        f"E{i} {kind}" for i in range(1, 10) for kind in ("as written", "correct")}
    assert set(BLOCKS) == checked


def test_every_activation_and_loss_of_the_spec_has_a_row_in_the_formulas_tables() -> None:
    """The blocks are checked above, but a porter reads the tables first: a name the spec adds needs its row too."""
    lines = DOC.read_text(encoding="utf-8").splitlines()
    rows = {line.split("|")[1].strip() for line in lines if line.startswith("| ")}   # each table row's first cell
    assert not (missing := (set(SPEC_ACTIVATIONS) | set(LOSSES)) - rows), f"no row in docs/formulas.md for {missing}"


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_activation_block_matches_jax_nn_including_kinks_and_large_z(name: str) -> None:
    ns = run(f"activation {name}", Z=Z, dA=DA, **DIMS)    # |Z| = 1000 with FP errors raising: stable forms
    A, dZ = oracle_vjp(name, Z, DA)
    assert_close(ns["A"], A, 1 + np.abs(Z))
    assert_close(ns["dZ"], dZ, (1 + np.abs(Z) ** 2) * np.abs(DA).max())


LOSS_CASES = {  # loss -> (output activation, labels)
    "binary_cross_entropy": ("sigmoid", np.array([[0.0, 1.0, 0.3], [1.0, 0.0, 0.5]])),
    "categorical_cross_entropy": ("softmax", np.array([[0.0, 1.0, 0.2], [1.0, 0.0, 0.8]])),
    "mean_squared_error": ("tanh", np.array([[0.5, -2.0, 0.1], [1.0, 0.0, -0.3]])),
}


@pytest.mark.parametrize("loss", sorted(LOSS_CASES))
def test_loss_block_matches_oracle_loss_and_gradient_even_saturated(loss: str) -> None:
    output, Y = LOSS_CASES[loss]
    ZL = np.array([[-1000.0, 40.0, 0.3], [1000.0, -40.0, -0.7]])    # logits that overflow naive forms
    with jax.enable_x64(True):
        def total(Zj: jax.Array) -> jax.Array:
            return jnp.sum(loss_entries(loss, Zj, ACTIVATIONS[output](Zj), jnp.asarray(Y)))
        expected_loss, expected_dZ = (np.asarray(v) for v in jax.jit(jax.value_and_grad(total))(jnp.asarray(ZL)))
        AL = np.asarray(ACTIVATIONS[output](jnp.asarray(ZL)))
    ns = run(f"loss {loss}", ZL=ZL, AL=AL, Y=Y, n=[3, 2], L=1, m=3,
             g_prime=lambda Zp: oracle_vjp(output, Zp, np.ones_like(Zp))[1])
    assert_close(ns["loss"], expected_loss, np.sum(np.abs(ZL) * (1 + np.abs(Y))))
    assert_close(ns["dZL"], expected_dZ, 1.0)


@pytest.mark.parametrize("tc_id", F64)
def test_forward_cost_and_backward_blocks_composed_pass_the_vector(tc_id: int) -> None:
    group, test = GROUPS[tc_id], TESTS[tc_id]
    divergence = first_divergence(test, doc_port(group, test), group["rtol"], group["atol"], len(group["activations"]))
    assert divergence is None, f"tcId {tc_id}: {divergence}"


@pytest.mark.parametrize("tc_id", SEED_F64)
def test_two_layer_block_passes_the_seed_vectors(tc_id: int) -> None:
    group, test = GROUPS[tc_id], TESTS[tc_id]
    inputs = {key: np.array(a["value"]) for key, a in test["inputs"].items()}
    ns = run("two-layer", n=group["layerSizes"], m=test["m"], **inputs)
    for key, expected in test["expected"].items():
        got = ns["J" if key == "cost" else key]
        assert compare_quantity(key, np.asarray(got).tolist(), expected, group["rtol"], group["atol"]) is None, key


def test_update_block_is_one_step_of_gradient_descent() -> None:
    test, group, alpha = TESTS[SEED_F64[1]], GROUPS[SEED_F64[1]], 0.5
    spec = NetworkSpec(tuple(group["layerSizes"]), tuple(group["activations"]), group["loss"], group["l2"])
    values = {key: np.array(a["value"]) for key, a in test["inputs"].items()}
    X, Y = values.pop("X"), values.pop("Y")
    stepped, _ = gradient_descent(spec, values, X, Y, learning_rate=alpha, num_iterations=1)
    for l in (1, 2):
        dW, db = (np.array(test["expected"][f"d{k}{l}"]["value"]) for k in "Wb")
        ns = run("update", W=values[f"W{l}"], b=values[f"b{l}"], dW=dW, db=db, alpha=alpha, n=spec.layer_sizes, l=l)
        assert_close(ns["W"], stepped[f"W{l}"], 1.0)
        assert_close(ns["b"], stepped[f"b{l}"], 1.0)
