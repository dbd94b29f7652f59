"""`backprop check-port`: passes correct results (manual_backprop's, the JavaScript and Rust ports'), names the first
quantity that diverged when an erratum is planted, and gives one clear line for malformed files."""

from __future__ import annotations

import errno
import io
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
from typing import Any

import numpy as np
import pytest

from manual_backprop.cli import main
from manual_backprop.port_check import kinked_layers
from tests.vector_helpers import (
    DEPTH_1,
    PAIRS,
    ROOT,
    SATURATED_TANH,
    VECTOR_FILE,
    VECTORS,
    huge_gelu_vectors,
    manual_backprop_entry,
    manual_backprop_results,
    non_finite_gradients,
    spec_of,
)

PORT = ROOT / "examples" / "ports" / "javascript"
NODE = shutil.which("node")
needs_node = pytest.mark.skipif(NODE is None, reason="node is not installed")
RUST_PORT = ROOT / "examples" / "ports" / "rust"
CARGO = shutil.which("cargo")
if CARGO is not None and subprocess.run([CARGO, "--version"], capture_output=True).returncode != 0:
    CARGO = None                                       # e.g. rustup's stub with no toolchain installed
needs_cargo = pytest.mark.skipif(CARGO is None, reason="cargo is not installed (or does not run)")
RESULTS = manual_backprop_results()


def check_port(tmp_path: pathlib.Path, results: Any, *options: str, raw: str | None = None) -> int:
    path = tmp_path / "results.json"
    path.write_text(raw if raw is not None else json.dumps(results), encoding="utf-8")
    return main(["check-port", str(path), "--vectors", str(VECTOR_FILE), *options])


def test_correct_results_pass(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check_port(tmp_path, RESULTS, "--require-all") == 0
    out = capsys.readouterr().out
    assert f"{len(PAIRS)} passed, 0 failed, 0 skipped" in out and "FAIL" not in out


def test_keys_beside_the_results_are_not_read(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A results file is the port's report, read for the quantities the vectors define (docs/porting.md): a dZ1 among
    the gradients, a "notes" beside an entry or an extra cache entry changes no verdict, where `verify --yours` fails
    a function returning a dZ1 (test_verify_yours' test_an_extra_key_beside_the_gradients_fails_...)."""
    results = json.loads(json.dumps(RESULTS))
    for entry in results["results"].values():
        entry["gradients"]["dZ1"] = [[0.0]]
        entry["cache"]["dA1"] = [[0.0]]
        entry["notes"] = "written by my port"
    assert check_port(tmp_path, results, "--require-all") == 0
    out = capsys.readouterr().out
    assert f"{len(PAIRS)} passed, 0 failed, 0 skipped" in out and "FAIL" not in out


def test_a_reader_that_closes_the_pipe_ends_the_command_quietly(tmp_path: pathlib.Path) -> None:
    """`backprop check-port results.json | head`: the command stops with 141 (128 + SIGPIPE) and no traceback."""
    path = tmp_path / "results.json"
    path.write_text(json.dumps(RESULTS), encoding="utf-8")
    read_end, write_end = os.pipe()
    os.close(read_end)                                 # no reader at all: the first write to stdout fails
    try:
        done = subprocess.run([sys.executable, "-m", "manual_backprop", "check-port", str(path),
                               "--vectors", str(VECTOR_FILE)], stdout=write_end, stderr=subprocess.PIPE, text=True,
                              cwd=ROOT, timeout=120)
    finally:
        os.close(write_end)
    assert (done.returncode, done.stderr) == (141, "")


def e8_entry(test: dict[str, Any]) -> dict[str, Any]:
    """manual_backprop's entry for the seed network with erratum E8 planted: dZ1 = W2^T dZ2 + g'(Z1)."""
    v = {key: np.array(a["value"]) for key, a in test["inputs"].items()}
    entry = json.loads(json.dumps(RESULTS["results"][str(test["tcId"])]))
    A1, A2, m = np.array(entry["cache"]["A1"]), np.array(entry["cache"]["A2"]), test["m"]
    dZ1 = v["W2"].T @ (A2 - v["Y"]) + (1 - A1**2)
    entry["gradients"]["dW1"] = (dZ1 @ v["X"].T / m).tolist()
    entry["gradients"]["db1"] = (dZ1.sum(axis=1, keepdims=True) / m).tolist()
    return entry


def test_planted_e8_fails_and_names_dW1_with_values(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    results = json.loads(json.dumps(RESULTS))
    results["results"]["1"] = e8_entry(PAIRS[0][1])
    assert check_port(tmp_path, results) == 1
    out = capsys.readouterr().out
    group_1 = len(VECTORS["testGroups"][0]["tests"])
    assert re.search(rf"FAIL  group  1 .*{group_1 - 1} passed, 1 failed", out)
    assert re.search(r"tcId 1 \(.*\): first divergence dW1\[\d, \d\]: port \S+ vs expected \S+ \(relative error", out)


def test_a_port_with_tanh_as_a_quotient_of_exponentials_fails_only_the_saturated_hidden_tests(
        tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """formulas.md's table writes tanh as (e^z - e^-z) / (e^z + e^-z): NaN past |z| ~ 710 (89 in float32), so the
    tests flagged SaturatedHidden whose saturated layer is tanh (and only they: every other tanh unit stays below 150)
    catch a port that codes it so."""
    import dataclasses

    from manual_backprop import activations, propagation

    def quotient(Z: np.ndarray) -> np.ndarray:
        with np.errstate(over="ignore", invalid="ignore"):
            return (np.exp(Z) - np.exp(-Z)) / (np.exp(Z) + np.exp(-Z))

    def entry(group: dict[str, Any], test: dict[str, Any]) -> dict[str, Any]:   # the unchecked calls: NaN flows on
        spec, dtype = spec_of(group), np.dtype(group["dtype"])
        params = {key: np.array(a["value"], dtype=dtype) for key, a in test["inputs"].items()}
        X, Y = params.pop("X"), params.pop("Y")
        cache = propagation._forward(spec, params, X)[1]
        with np.errstate(invalid="ignore"):
            grads = propagation._backward(spec, params, cache, Y)
            J = propagation._cost(spec, params, cache, Y)
        return {"cost": J, "gradients": {f"d{key}": g.astype(np.float64).tolist() for key, g in grads.items()}}

    monkeypatch.setitem(activations.REGISTRY, "tanh", dataclasses.replace(activations.REGISTRY["tanh"], g=quotient))
    assert check_port(tmp_path, {"results": {str(t["tcId"]): entry(g, t) for g, t in PAIRS}}) == 1
    failing = {int(tc) for tc in re.findall(r"tcId (\d+) \(", capsys.readouterr().out)}
    saturated = {test["tcId"] for _, test in PAIRS if "SaturatedHidden" in test["flags"]}   # softplus, elu... too
    assert failing == set(SATURATED_TANH) and len(failing) == 2 and failing <= saturated, (failing, saturated)


def _clamped_sigmoid_prime(Z: np.ndarray, A: np.ndarray) -> np.ndarray:
    return np.where(np.abs(Z) > 20, 0, A * (1 - A)).astype(Z.dtype)        # "it is 0 out there anyway"


def _clamped_softplus_prime(Z: np.ndarray, A: np.ndarray) -> np.ndarray:
    from manual_backprop.activations import sigmoid

    return np.where(Z > 20, 1, sigmoid(Z)).astype(Z.dtype)                  # "it is 1 out there anyway"


def _elu_exp_minus_1(Z: np.ndarray) -> np.ndarray:
    return np.where(Z > 0, Z, np.exp(np.minimum(Z, 0)) - 1).astype(Z.dtype)  # expm1 written e^z - 1


#: Bugs that passed every one of tcIds 1-43 (session 27's port audit): (activation, field, replacement) planted in
#: manual_backprop's registry, and the tcIds, all among 44-57, that now fail.
GAP_BUGS = [("sigmoid", "derivative", _clamped_sigmoid_prime, {48}),
            ("softplus", "derivative", _clamped_softplus_prime, {50}),
            ("elu", "g", _elu_exp_minus_1, {51})]


@pytest.mark.parametrize(("name", "field", "planted", "caught"), GAP_BUGS, ids=[b[2].__name__ for b in GAP_BUGS])
def test_bugs_that_passed_the_first_43_vectors_fail_the_ones_added_for_them(
        tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, name: str,
        field: str, planted: Any, caught: set[int]) -> None:
    import dataclasses

    from manual_backprop import activations

    monkeypatch.setitem(activations.REGISTRY, name, dataclasses.replace(activations.REGISTRY[name], **{field: planted}))
    assert check_port(tmp_path, manual_backprop_results()) == 1
    assert {int(tc) for tc in re.findall(r"tcId (\d+) \(", capsys.readouterr().out)} == caught


def test_a_port_whose_sums_over_examples_stop_at_8_fails_only_the_test_with_more(
        tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Sums over examples in blocks of 8 that drop the tail (the port audit): right for every m <= 8, as tcIds 1-43
    all were; tcId 44 (m = 13, ManyExamples) fails, at the cost or a gradient (the forward pass sums no examples)."""
    results = manual_backprop_results()
    for group, test in PAIRS:
        if test["m"] > 8:
            first_8 = {key: ({"value": np.array(a["value"])[:, :8].tolist()} if key in "XY" else a)
                       for key, a in test["inputs"].items()}
            short = manual_backprop_entry(group, {**test, "inputs": first_8})
            full = manual_backprop_entry(group, test)
            scale = 8 / test["m"]                            # the first 8 examples' terms over the true m
            results["results"][str(test["tcId"])] = {
                "cost": short["cost"] * scale, "cache": full["cache"],
                "gradients": {key: (np.array(g) * scale).tolist() for key, g in short["gradients"].items()}}
    assert check_port(tmp_path, results) == 1
    failing = re.findall(r"tcId (\d+) \(.*\): first divergence (\w+)", capsys.readouterr().out)
    assert [tc for tc, _ in failing] == ["44"] and failing[0][1] in {"cost", "dW2", "db2"}, failing


def test_a_port_that_rounds_soft_labels_fails_the_soft_label_tests(
        tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    results = manual_backprop_results()
    for group, test in PAIRS:
        if group["loss"] == "binary_cross_entropy":    # y >= 0.5 read as 1: right for every hard label
            rounded = {**test, "inputs": {**test["inputs"], "Y": {"value": np.round(np.array(
                test["inputs"]["Y"]["value"])).tolist()}}}
            results["results"][str(test["tcId"])] = manual_backprop_entry(group, rounded)
    assert check_port(tmp_path, results) == 1
    failing = {int(tc) for tc in re.findall(r"tcId (\d+) \(", capsys.readouterr().out)}
    soft = {t["tcId"] for g, t in PAIRS if g["loss"] == "binary_cross_entropy" and "SoftLabels" in t["flags"]}
    assert failing == soft == {44, 45, 46, 47}, failing


def test_a_port_with_another_kink_convention_fails_only_relu_at_zero_tests_and_is_told_why(
        tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import dataclasses

    from manual_backprop import activations

    relu = activations.REGISTRY["relu"]
    monkeypatch.setitem(activations.REGISTRY, "relu", dataclasses.replace(
        relu, derivative=lambda Z, A: (Z >= 0).astype(Z.dtype)))             # relu'(0) = 1
    assert check_port(tmp_path, manual_backprop_results()) == 1
    out = capsys.readouterr().out
    failing = {int(tc) for tc in re.findall(r"tcId (\d+) \(", out)}
    at_zero = {test["tcId"] for _, test in PAIRS if "ReluAtZero" in test["flags"]}
    assert failing and failing <= at_zero, (failing, at_zero)
    notes = re.findall(r"note: ReluAtZero, a relu-like unit has Z exactly 0: relu'\(0\) = 0", out)
    assert len(notes) == len(failing)


def test_inputs_read_a_little_off_fail_the_kink_tests_forward_with_a_note_on_reading_numbers(
        tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A port whose number reader is 1 ulp off passes every test but those with Z exactly 0, where a forward value
    (relu's A) goes wrong (session 27's port audit): the note points at the reader, not the convention."""
    results = manual_backprop_results()
    for group, test in PAIRS:
        if "ReluAtZero" in test["flags"]:
            off = {key: {"value": np.nextafter(np.array(a["value"]), np.inf).tolist()} for key, a in
                   test["inputs"].items()}
            results["results"][str(test["tcId"])] = manual_backprop_entry(group, {**test, "inputs": off})
    assert check_port(tmp_path, results) == 1
    out = capsys.readouterr().out
    failing = re.findall(r"tcId (\d+) \(.*\): first divergence ([ZA])\d", out)
    relu_at_zero = {t["tcId"] for g, t in PAIRS if "ReluAtZero" in t["flags"] and "relu" in g["activations"]}
    assert {int(tc) for tc, _ in failing} == relu_at_zero, out    # leaky_relu is continuous there: it passes
    note = ("\n        note: ReluAtZero, a Z here is exactly 0 only when the inputs are read exactly: a forward value "
            "wrong on this test alone points at the number reader (read the hex strings)\n")
    assert out.count(note) == len(failing), out


def test_the_kink_note_comes_only_where_a_kink_can_move_the_failing_gradient(
        tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert all(bool(kinked_layers(g, t)) == ("ReluAtZero" in t["flags"]) for g, t in PAIRS)  # the generator's flag
    group, test = next((g, t) for g, t in PAIRS if "ReluAtZero" in t["flags"] and max(kinked_layers(g, t)) == 1)
    L, tc = len(group["activations"]), str(test["tcId"])
    for key, noted in [(f"dW{L}", False), ("dW1", True)]:   # g'(Z[1]) is in dW1, not in the output layer's dW
        results = json.loads(json.dumps(RESULTS))
        results["results"][tc]["gradients"][key][0][0] += 1.0
        assert check_port(tmp_path, results) == 1
        out = capsys.readouterr().out
        assert f"first divergence {key}[0, 0]: port " in out and ("note: ReluAtZero" in out) == noted, out


def test_the_kink_note_is_left_out_when_the_same_network_fails_off_the_kink(
        tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    # a bug such as erratum E8 fails the group's tests with no kink too: the convention at 0 cannot explain it
    group, test = next((g, t) for g, t in PAIRS if "ReluAtZero" in t["flags"] and max(kinked_layers(g, t)) == 1)
    off_kink = next(t for g, t in PAIRS if g is group and not kinked_layers(g, t))
    for wrong, noted in [((test,), True), ((test, off_kink), False)]:
        results = json.loads(json.dumps(RESULTS))
        for t in wrong:
            results["results"][str(t["tcId"])]["gradients"]["dW1"][0][0] += 1.0
        assert check_port(tmp_path, results) == 1
        out = capsys.readouterr().out
        assert f"tcId {test['tcId']} (" in out and ("note: ReluAtZero" in out) == noted, out


def test_two_kink_tests_failing_in_one_group_each_keep_the_note(tmp_path: pathlib.Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    # no group of the vectors holds two kink tests, so one is copied under a new tcId: a port with another
    # convention at 0 fails both and nothing else in the group, and each failure keeps its note
    vectors = json.loads(VECTOR_FILE.read_text(encoding="utf-8"))
    group = next(g for g in vectors["testGroups"] if any("ReluAtZero" in t["flags"] for t in g["tests"]))
    kink = next(t for t in group["tests"] if "ReluAtZero" in t["flags"])
    twin = {**json.loads(json.dumps(kink)), "tcId": vectors["numberOfTests"] + 1}
    group["tests"].append(twin)
    vectors["numberOfTests"] += 1
    path = tmp_path / "vectors.json"
    path.write_text(json.dumps(vectors), encoding="utf-8")
    results = json.loads(json.dumps(RESULTS))
    results["results"][str(twin["tcId"])] = json.loads(json.dumps(results["results"][str(kink["tcId"])]))
    for tc in (kink["tcId"], twin["tcId"]):
        results["results"][str(tc)]["gradients"]["dW1"][0][0] += 1.0
    (tmp_path / "results.json").write_text(json.dumps(results), encoding="utf-8")
    assert main(["check-port", str(tmp_path / "results.json"), "--vectors", str(path)]) == 1
    out = capsys.readouterr().out
    assert re.search(r"FAIL  group .*: \d+ passed, 2 failed", out) and out.count("note: ReluAtZero") == 2, out


def test_a_null_is_named_as_such_and_counts_are_per_quantity(
        tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    results = json.loads(json.dumps(RESULTS))
    results["results"]["1"]["gradients"]["dW1"][0] = [None] * len(results["results"]["1"]["gradients"]["dW1"][0])
    assert check_port(tmp_path, results) == 1
    out = capsys.readouterr().out
    width = len(results["results"]["1"]["gradients"]["dW1"][0])
    assert 'first divergence dW1[0, 0]: port nan (null or "NaN" in the results file) vs expected ' in out
    assert f"; {width} entries of dW1 outside)" in out


def test_forward_error_is_named_before_backward(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    results = json.loads(json.dumps(RESULTS))
    entry = results["results"]["1"] = e8_entry(PAIRS[0][1])
    entry["cache"]["A1"][0][0] += 1e-6      # wrong forward pass too: A1 must be named, not dW1
    assert check_port(tmp_path, results) == 1
    assert "tcId 1 (the notes' 2-layer network on XOR): first divergence A1[0, 0]" in capsys.readouterr().out


@pytest.mark.parametrize(("edit", "named"), [
    (lambda e: e["gradients"].__setitem__("db2", [["oops"]]), "db2: not an array of numbers"),
    (lambda e: e["gradients"].__setitem__("db2", None), "db2: expected shape (1, 1), got ()"),
    (lambda e: e["gradients"].__setitem__("db1", [x[0] for x in e["gradients"]["db1"]]), "db1: expected shape (4, 1)"),
    (lambda e: e["gradients"]["dW2"][0].__setitem__(0, None), "dW2[0, 0]: port nan"),
    (lambda e: e["gradients"]["dW2"][0].__setitem__(0, 10**400), "dW2: not an array of numbers"),
    (lambda e: e["gradients"].pop("dW2"), "dW2: missing from the gradients"),
    (lambda e: e["gradients"]["dW2"][0].__setitem__(0, str(e["gradients"]["dW2"][0][0])),   # "1.5" is hex 0x1.5
     'dW2: not an array of numbers ("'),
    (lambda e: e.__setitem__("cost", str(e["cost"])), 'cost: not a number ("'),
    (lambda e: e.__setitem__("cost", True), "cost: not a number (true is not a number)"),   # JSON's spelling
    (lambda e: e.__setitem__("cost", float(e["cost"]).hex() + " "),   # was read, and with spaces before it was not
     "cost: not a number (\"0x1."),
    (lambda e: e.__setitem__("cost", "  " + float(e["cost"]).hex()), 'cost: not a number ("  0x1.'),
    (lambda e: e["gradients"]["dW1"][0].pop(),
     "dW1: not an array of numbers (rows of different shapes: (1,), (2,), (2,), (2,))"),
    (lambda e: e["gradients"]["dW1"].__setitem__(0, 0.5),
     "dW1: not an array of numbers (rows of different shapes: a number, (2,), (2,), (2,))"),
    (lambda e: e.__setitem__("cost", float("inf").hex()), "cost: port inf vs expected"),    # %a's inf: read
    (lambda e: e.__setitem__("cost", e["cost"] * (1 + 1e-9)), "cost: port"),
])
def test_wrong_quantity_is_a_located_failure(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str],
                                             edit: Any, named: str) -> None:
    results = json.loads(json.dumps(RESULTS))
    edit(results["results"]["2"])
    assert check_port(tmp_path, results) == 1
    assert f"tcId 2 (the notes' network, Gaussian inputs): first divergence {named}" in capsys.readouterr().out


def test_skipped_tests_pass_unless_all_are_required(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    results = json.loads(json.dumps(RESULTS))
    results["results"]["3"] = {"skipped": "not ported"}
    assert check_port(tmp_path, results) == 0
    assert "        tcId 3 skipped: not ported\n" in capsys.readouterr().out
    assert check_port(tmp_path, results, "--require-all") == 1
    out = capsys.readouterr().out
    assert "1 skipped" in out and "\nFAIL  group  1 " in "\n" + out      # the group line agrees (it said PASS)


def test_a_port_that_skips_every_test_fails(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    results = {"results": {tc: {"skipped": "raised"} for tc in RESULTS["results"]}}
    assert check_port(tmp_path, results) == 1
    assert f"0 passed, 0 failed, {len(PAIRS)} skipped of {len(PAIRS)} tests: FAIL (no test was checked" \
        in capsys.readouterr().out


def test_hex_float_strings_in_either_case_and_with_a_sign_are_read_as_numbers(tmp_path: pathlib.Path) -> None:
    results = json.loads(json.dumps(RESULTS))
    entry = results["results"]["2"]
    entry["cost"] = float(entry["cost"]).hex()
    entry["gradients"]["dW2"] = [[("" if x < 0 else "+") + float(x).hex().upper() for x in row]
                                for row in entry["gradients"]["dW2"]]
    assert check_port(tmp_path, results, "--require-all") == 0


@pytest.mark.parametrize(("raw", "message"), [
    ("{not json", "is not valid JSON"),
    ("[1, 2]", 'the results are a list: key each entry by its tcId inside "results", as {"results": {"1": {...}, '
     '"2": ...}} (see docs/porting.md)'),                                 # results without their wrapper (a Java port)
    ('[{"cost": 1, "gradients": {}}]', 'results.json: the results are a list: key each entry by its tcId inside '),
    ('{"1": {"skipped": "x"}, "2": {"skipped": "y"}}', "results.json: the entries are at the top level, keyed by tcId "
     """('1', ...): wrap them as {"results": {"1": {...}, "2": ...}} (see docs/porting.md)"""),
    ('{"port": "java", "10": {"skipped": "x"}}', "the entries are at the top level, keyed by tcId ('10', ...): wrap"),
    ('{"results": [{"skipped": "x"}]}', '"results" is a list: key each entry by its tcId, as {"results": {"1": {'),
    ('{"port": "java"}', 'expected an object {"results": {"<tcId>": {...}}} (see docs/porting.md)'),
    ('{"tests": {"1": {}}}', 'results.json: expected an object {"results": {"<tcId>": {...}}}'),   # no tcId's keys
    ("5", 'results.json: expected an object {"results": {"<tcId>": {...}}}'),         # neither an object nor a list
    ('{"results": {"9999": {}}}', "'9999', which is not a tcId"),
    ('{"results": {"1": {"gradients": {}}}}', "results['1'] has no cost"),
    ('{"results": {"1": []}}', "results['1'] must be an object"),
    ('{"results": {"1": {"cost": 1, "gradients": [1]}}}', "results['1']['gradients'] must be an object"),
    ('{"results": {"1": {"skipped": ""}}}', "results['1'] must be either {\"skipped\": \"a reason\"} alone or"),
    ('{"results": {"1": {"skipped": "x", "cost": 1}}}', 'it has skipped = "x" beside cost'),
    ('{"results": {"1": null}}', "results['1'] must be an object, got null"),              # was "got NoneType"
    ('{"results": {"\u00b2": {"skipped": "x"}}}', "'²', which is not a tcId"),     # a digit to str.isdigit, not to int
    ('{"results": {"\u0663": {"skipped": "x"}}}', "'٣', which is not a tcId"),     # Arabic-Indic 3: no tcId 3
    ("[" * 100_000 + "]" * 100_000, "nests its JSON too deep to read"),
    ('{"results": {"01": {"skipped": "x"}}}', "results has key '01'; write tcIds as the vectors do, '1', without"),
    ('{"results": {"1": {"skipped": "x"}, "1": {"skipped": "y"}}}',            # readers keep either: was the last
     'gives the key "1" twice in one object: JSON readers differ on which value they keep, so say it once\n'),
    (None, "partial results: no entry for 1 of"),
])
def test_malformed_results_give_one_clear_line(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str],
                                               raw: str | None, message: str) -> None:
    results = json.loads(json.dumps(RESULTS))
    del results["results"]["5"]
    assert check_port(tmp_path, results, raw=raw) == 2
    out, err = capsys.readouterr()
    assert not out and err.count("\n") == 1 and err.startswith("backprop check-port: ") and message in err, err


def test_results_that_are_not_utf8_or_nest_a_number_too_deep_give_a_line_or_a_located_failure(
        tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes(b'{"results": {"1": "\xe9"}}')
    assert main(["check-port", str(path), "--vectors", str(VECTOR_FILE)]) == 2
    out, err = capsys.readouterr()
    assert not out and err.count("\n") == 1 and "is not UTF-8 text, as JSON must be" in err, err
    results = json.loads(json.dumps(RESULTS))
    results["results"]["1"]["cost"] = json.loads("[" * 600 + "1" + "]" * 600)   # parses; too deep to convert
    assert check_port(tmp_path, results) == 1
    assert "tcId 1 (" in (out := capsys.readouterr().out) and "cost: not a number (lists nested too deep)" in out, out


def test_a_results_file_with_a_byte_order_mark_is_told_to_drop_it_not_to_decode_with_utf8_sig(
        tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Windows PowerShell 5's `Out-File -Encoding utf8` starts the file with a BOM. Python's own message ("decode
    using utf-8-sig") is advice for Python code: a porter needs to hear what to change in the file."""
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(RESULTS).encode())
    assert main(["check-port", str(path), "--vectors", str(VECTOR_FILE)]) == 2
    out, err = capsys.readouterr()
    assert not out and err == (f"backprop check-port: results file {path} starts with a byte order mark (U+FEFF), "
                               "which JSON writers must not add (RFC 8259): write it as UTF-8 without one\n"), err


def test_the_vectors_schema_passed_as_the_vectors_is_named_for_what_it_is(
        tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    results = tmp_path / "results.json"
    results.write_text(json.dumps(RESULTS))
    assert main(["check-port", str(results), "--vectors", str(VECTOR_FILE.parent / "schema.json")]) == 2
    out, err = capsys.readouterr()
    assert not out and err.count("\n") == 1 and "is the JSON Schema of the vectors, not the vectors: pass " \
        "backprop_test.json" in err, err
    assert main(["check-port", str(results), "--vectors", str(VECTOR_FILE.parent)]) == 0     # the folder: read


@pytest.mark.parametrize(("name", "told"), [
    ("backprop_test.json", "is the vectors file, not a port's results: run your port on it and pass the results "
                           "file it writes (format: docs/porting.md)\n"),
    ("schema.json", "is the JSON Schema of the vectors, not a port's results: run your port on backprop_test.json "
                    "and pass the results file it writes (format: docs/porting.md)\n"),
])
def test_the_vectors_or_their_schema_passed_as_the_results_are_named_for_what_they_are(
        capsys: pytest.CaptureFixture[str], name: str, told: str) -> None:
    """`backprop check-port vectors/backprop_test.json`, the file a port reads in the place of the one it writes,
    was told only that it lacks a results object, as any JSON would be."""
    path = VECTOR_FILE.parent / name
    assert main(["check-port", str(path), "--vectors", str(VECTOR_FILE)]) == 2
    out, err = capsys.readouterr()
    assert not out and err == f"backprop check-port: {path} {told}", err


@pytest.mark.parametrize("groups", ["5", "[5]", '[{"tests": [{"x": 1}]}]', '[{"tests": 3}]'])
def test_a_damaged_vectors_file_gives_one_clear_line(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str],
                                                      groups: str) -> None:
    vectors = tmp_path / "damaged.json"
    vectors.write_text(f'{{"schema": "{json.loads(VECTOR_FILE.read_text())["schema"]}", "testGroups": {groups}}}')
    results = tmp_path / "results.json"
    results.write_text(json.dumps(RESULTS))
    assert main(["check-port", str(results), "--vectors", str(vectors)]) == 2
    out, err = capsys.readouterr()
    assert not out and err.count("\n") == 1 and "testGroups must be a list of groups" in err, err


def test_a_vectors_file_whose_tests_lack_their_fields_gives_one_line(tmp_path: pathlib.Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    vectors = json.loads(VECTOR_FILE.read_text())
    del vectors["testGroups"][0]["layerSizes"]                      # a KeyError traceback before
    damaged = tmp_path / "damaged.json"
    damaged.write_text(json.dumps(vectors))
    results = tmp_path / "results.json"
    results.write_text(json.dumps(RESULTS))
    assert main(["check-port", str(results), "--vectors", str(damaged)]) == 2
    out, err = capsys.readouterr()
    assert not out and err.count("\n") == 1 and "the vectors file is damaged (KeyError: 'layerSizes')" in err, err


def test_missing_results_file_gives_one_clear_line(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The line ends with the system's words for the error (strerror), not Python's "[Errno 2] ..." repeating the
    path."""
    assert main(["check-port", str(tmp_path / "nope.json"), "--vectors", str(VECTOR_FILE)]) == 2
    out, err = capsys.readouterr()
    assert not out and err == (f"backprop check-port: cannot read results file {tmp_path / 'nope.json'}: "
                               f"{os.strerror(errno.ENOENT)}\n"), err


def test_a_file_of_exactly_the_size_limit_is_read_and_one_byte_more_is_refused(
        tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """The limit is what may be read: "holds more than 1 MB" is said of 10**6 + 1 bytes, not of 10**6."""
    from manual_backprop import json_file

    monkeypatch.setattr(json_file, "MAX_FILE_MB", 1)
    results = json.dumps(RESULTS)
    assert check_port(tmp_path, None, raw=results + " " * (10**6 - len(results))) == 0
    assert check_port(tmp_path, None, raw=results + " " * (10**6 + 1 - len(results))) == 2
    assert "holds more than 1 MB" in capsys.readouterr().err


def test_a_file_is_read_in_one_bounded_read_of_the_limit_and_a_byte(monkeypatch: pytest.MonkeyPatch) -> None:
    """At most MAX_FILE_MB * 10**6 + 1 bytes are asked of an endless file (here 1 MB): one more than the limit tells
    a file past it, and a read with no bound would never end (check-port /dev/zero)."""
    from manual_backprop import json_file

    monkeypatch.setattr(json_file, "MAX_FILE_MB", 1)
    asked: list[int | None] = []

    class Endless(io.RawIOBase):
        def read(self, size: int | None = -1) -> bytes:
            asked.append(size)
            assert size is not None and size >= 0, "a read with no bound"
            return b" " * size

    class EndlessPath:
        def open(self, mode: str) -> Endless:
            return Endless()

        def __str__(self) -> str:
            return "endless"

    with pytest.raises(json_file.PortCheckError, match=r"^results file endless holds more than 1 MB"):
        json_file.load_json(EndlessPath(), "results file")  # type: ignore[arg-type]
    assert asked == [10**6 + 1]


@pytest.mark.parametrize(("value", "quoted"), [
    ("\u00e9t\u00e9", '"\u00e9t\u00e9"'),      # as written, not "\\u00e9t\\u00e9"
    ("x" * 58, '"' + "x" * 58 + '"'),             # 60 characters: whole
    ("x" * 59, '"' + "x" * 56 + "..."),           # 61: cut to 57 and "..."
    ([1.5, None, True], "[1.5, null, true]"),
])
def test_a_value_is_quoted_as_json_writes_it_whole_up_to_60_characters_and_cut_to_57_and_dots_beyond(
        value: Any, quoted: str) -> None:
    from manual_backprop.json_file import as_json

    assert as_json(value) == quoted


def test_check_port_refuses_a_file_past_its_size_limit_after_reading_no_more_than_the_limit(
        tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """`check-port /dev/zero` read until it was killed: at most the limit (64 MB, here 1) and a byte are read."""
    from manual_backprop import json_file

    monkeypatch.setattr(json_file, "MAX_FILE_MB", 1)
    padded = json.dumps({**RESULTS, "padding": "x" * 10**6})          # valid results, 1 MB of padding beside them
    assert check_port(tmp_path, None, raw=padded) == 2
    out, err = capsys.readouterr()
    assert not out and err == (f"backprop check-port: results file {tmp_path / 'results.json'} holds more than 1 MB, "
                               "which no results file comes near (the repository's vectors file is "
                               f"{os.path.getsize(ROOT / 'vectors' / 'backprop_test.json') / 1e6:.1f} MB, a results "
                               "file for it under 1 MB): the wrong file?\n"), err   # the size said is the file's
    assert check_port(tmp_path, None, raw=json.dumps(RESULTS)) == 0    # 0.07 MB: well under even this limit
    if os.path.exists("/dev/zero"):                                       # endless: read up to the limit only
        assert main(["check-port", str(tmp_path / "results.json"), "--vectors", "/dev/zero"]) == 2
        assert "vectors file /dev/zero holds more than 1 MB" in capsys.readouterr().err


def run_port(port_dir: pathlib.Path, results: pathlib.Path) -> None:
    subprocess.run([NODE, str(port_dir / "run_vectors.js"), str(VECTOR_FILE), str(results)], check=True,
                   capture_output=True, timeout=60)


@needs_node
def test_javascript_port_passes_every_vector(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    run_port(PORT, tmp_path / "js.json")
    assert main(["check-port", str(tmp_path / "js.json"), "--vectors", str(VECTOR_FILE), "--require-all"]) == 0
    assert f"{len(PAIRS)} passed, 0 failed, 0 skipped" in capsys.readouterr().out


@needs_node
def test_javascript_port_skips_a_loss_it_has_not_ported_instead_of_computing_squared_error(
        tmp_path: pathlib.Path) -> None:
    """A vectors file with a loss the port lacks (the mean_squared_error groups renamed): those tests are reported
    skipped, naming the loss, as an unported activation is; the port computed squared error for any unknown loss."""
    vectors = json.loads(VECTOR_FILE.read_text())
    renamed = [group for group in vectors["testGroups"] if group["loss"] == "mean_squared_error"]
    for group in renamed:
        group["loss"] = "log_cosh"
    (tmp_path / "vectors.json").write_text(json.dumps(vectors))
    subprocess.run([NODE, str(PORT / "run_vectors.js"), str(tmp_path / "vectors.json"), str(tmp_path / "js.json")],
                   check=True, capture_output=True, timeout=60)
    results = json.loads((tmp_path / "js.json").read_text())["results"]
    skipped = {str(test["tcId"]) for group in renamed for test in group["tests"]}
    assert renamed and all(results[tc] == {"skipped": "loss log_cosh not ported"} for tc in skipped)
    assert all("cost" in result for tc, result in results.items() if tc not in skipped)


@needs_node
def test_javascript_port_gelu_gradients_are_finite_past_the_square_root_of_the_largest_float(
        tmp_path: pathlib.Path) -> None:
    """formulas.md's gelu bullet: gelu' written from z is 0 * inf = NaN once z^2 overflows (|z| past 1.3e154); t and
    3 k z^2 from z clipped to [-10, 10] keep dW1 and db1 finite (the float32 groups compute in float64, then round)."""
    vectors = huge_gelu_vectors(tmp_path / "huge_gelu.json")
    subprocess.run([NODE, str(PORT / "run_vectors.js"), str(vectors), str(tmp_path / "js.json")], check=True,
                   capture_output=True, timeout=60)
    assert non_finite_gradients(tmp_path / "js.json") == []


@needs_node
def test_javascript_port_with_e8_planted_fails_naming_dW1(tmp_path: pathlib.Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("backprop.js", "run_vectors.js"):
        shutil.copy(PORT / name, tmp_path / name)
    source = (tmp_path / "backprop.js").read_text()
    assert source.count("dZ = N.mul(dAPrev, ") == 1
    (tmp_path / "backprop.js").write_text(source.replace("dZ = N.mul(dAPrev, ", "dZ = N.add(dAPrev, "))
    run_port(tmp_path, tmp_path / "js.json")
    assert main(["check-port", str(tmp_path / "js.json"), "--vectors", str(VECTOR_FILE)]) == 1
    out = capsys.readouterr().out
    assert "tcId 1 (the notes' 2-layer network on XOR): first divergence dW1[" in out
    assert "FAIL  group  1 " in out
    assert len(re.findall(r"first divergence dW", out)) == len(PAIRS) - DEPTH_1   # the README: all but depth 1


@pytest.fixture(scope="module")
def rust_port() -> pathlib.Path:
    """The Rust port's binary, built once (a release build, a few seconds; no crates) into check.sh's target
    directory, outside the checkout: $CARGO_TARGET_DIR, else backprop-rust-target and the checkout's path with '_'
    for '/' in the temporary directory (one per checkout: two never run each other's build)."""
    assert CARGO is not None
    own = "backprop-rust-target" + str(RUST_PORT.parents[2]).replace("/", "_")
    target = os.environ.get("CARGO_TARGET_DIR") or os.path.join(tempfile.gettempdir(), own)
    done = subprocess.run([CARGO, "build", "--release", "--quiet", "--manifest-path", str(RUST_PORT / "Cargo.toml")],
                          env={**os.environ, "CARGO_TARGET_DIR": target}, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr
    return pathlib.Path(target, "release", "backprop-port")


def run_rust_port(binary: pathlib.Path, results: pathlib.Path, mutant: str | None = None) -> None:
    env = {key: value for key, value in os.environ.items() if key != "BP_MUTANT"}
    if mutant is not None:
        env["BP_MUTANT"] = mutant
    subprocess.run([binary, str(VECTOR_FILE), str(results)], env=env, check=True, capture_output=True, timeout=60)


@needs_cargo
def test_rust_port_passes_every_vector(rust_port: pathlib.Path, tmp_path: pathlib.Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    run_rust_port(rust_port, tmp_path / "rust.json")
    assert main(["check-port", str(tmp_path / "rust.json"), "--vectors", str(VECTOR_FILE), "--require-all"]) == 0
    assert f"{len(PAIRS)} passed, 0 failed, 0 skipped" in capsys.readouterr().out


@needs_cargo
def test_rust_port_with_e8_planted_fails_naming_dW1(rust_port: pathlib.Path, tmp_path: pathlib.Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    run_rust_port(rust_port, tmp_path / "rust.json", mutant="e8")     # dZ[l-1] = W[l]^T dZ[l] + g'(Z[l-1])
    assert main(["check-port", str(tmp_path / "rust.json"), "--vectors", str(VECTOR_FILE)]) == 1
    out = capsys.readouterr().out
    assert "tcId 1 (the notes' 2-layer network on XOR): first divergence dW1[" in out
    assert "FAIL  group  1 " in out
    named = re.findall(r"first divergence (\w+)\[", out)
    assert named and all(name.startswith("dW") for name in named), named   # the forward pass and the cost pass
    assert len(named) == len(PAIRS) - DEPTH_1, named     # the README's "41 of the 43 tests fail (the two of depth 1)"


@needs_cargo
def test_rust_port_gelu_gradients_are_finite_past_the_square_root_of_the_largest_float(
        rust_port: pathlib.Path, tmp_path: pathlib.Path) -> None:
    """formulas.md's gelu bullet: gelu' written from z is 0 * inf = NaN once z^2 overflows (|z| past 1.3e154 in f64,
    1.8e19 in f32); t and 3 k z^2 from z clipped to [-10, 10] keep dW1 and db1 finite, in both precisions."""
    vectors = huge_gelu_vectors(tmp_path / "huge_gelu.json")
    subprocess.run([rust_port, str(vectors), str(tmp_path / "rust.json")], check=True, capture_output=True,
                   timeout=60)
    assert non_finite_gradients(tmp_path / "rust.json") == []


@needs_cargo
def test_rust_port_takes_an_empty_bp_mutant_as_none_and_refuses_one_it_does_not_know(
        rust_port: pathlib.Path, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    """As the C port: `BP_MUTANT= check.sh` (set, empty) plants nothing and every vector passes; a misspelt name
    would plant nothing and pass every vector, read as "the vectors miss this bug", so it stops with 2, naming the
    names it knows, before any results are written."""
    run_rust_port(rust_port, tmp_path / "rust.json", mutant="")
    assert main(["check-port", str(tmp_path / "rust.json"), "--vectors", str(VECTOR_FILE), "--require-all"]) == 0
    assert f"{len(PAIRS)} passed, 0 failed, 0 skipped" in capsys.readouterr().out
    env = {**os.environ, "BP_MUTANT": "relu-kink"}
    done = subprocess.run([rust_port, str(VECTOR_FILE), str(tmp_path / "misspelt.json")], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and not (tmp_path / "misspelt.json").exists()
    assert done.stderr == ("backprop-port: unknown BP_MUTANT=relu-kink; one of: e8, fused, relu_kink, leaky_kink, "
                           "f64_for_f32, scale_once\n"), done.stderr


def test_vectors_default_to_the_checkout_from_any_directory(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "results.json"
    path.write_text(json.dumps(RESULTS), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check-port", str(path), "--require-all"]) == 0
    assert f"{len(PAIRS)} passed, 0 failed, 0 skipped" in capsys.readouterr().out


def test_no_vectors_anywhere_says_how_to_get_them(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """As from an installed wheel, run outside a checkout: the package's parent holds no vectors/ (nor a
    pyproject.toml), so only the working directory's vectors/ is named."""
    import manual_backprop.port_vectors as port_vectors

    site = tmp_path / "site-packages"
    monkeypatch.setattr(port_vectors, "__file__", str(site / "manual_backprop" / "port_vectors.py"))
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "results.json"
    path.write_text(json.dumps(RESULTS), encoding="utf-8")
    assert main(["check-port", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no vectors file given" in err and "--vectors" in err, err
    assert "backprop vectors" in err and "none at vectors/backprop_test.json:" in err, err
    assert str(site) not in err, err                     # no path inside site-packages, where no vectors ever are


@pytest.mark.parametrize(("text", "value"), [("NaN", np.nan), ("Infinity", np.inf), ("-Infinity", -np.inf),
                                             ("inf", np.inf), ("-inf", -np.inf), ("nan", np.nan), ("+inf", np.inf),
                                             ("0x1.8p-1", 0.75), ("-0X1P+1", -2.0), (None, np.nan), (3, 3.0)])
def test_every_number_form_the_results_format_documents_is_read(text: object, value: float) -> None:
    """port_results' docstring and docs/porting.md: a JSON number, a hex float, "NaN", "Infinity", "-Infinity",
    %a's "inf", "-inf", "nan", or null for a non-finite value (JavaScript's JSON.stringify)."""
    from manual_backprop.port_results import number

    read = number(text)
    assert type(read) is float, type(read)          # "-> float": 3 read as the int 3 passed assert_equal
    np.testing.assert_equal(read, value)


@pytest.mark.parametrize("text", ["1.5", "Inf1", "infinite", "", True])
def test_a_string_that_is_no_hex_float_nor_a_non_finite_name_is_refused(text: object) -> None:
    from manual_backprop.port_results import number

    with pytest.raises(ValueError):
        number(text)


# Tests that mutation of the port part (tools/mutation.py port, session 28) showed missing.

def test_a_value_divergence_reads_whole_with_its_relative_error_and_count() -> None:
    """The line names the entry, both values, the relative error |port - expected| / |expected| ("inf (expected
    0)" for 0), the difference against what was allowed, and how many entries were outside when more than one."""
    from manual_backprop.port_check import Divergence

    assert str(Divergence("dW1", "", (1, 0), 3.0, 2.0, 0.5, 1)) == \
        "dW1[1, 0]: port 3.0 vs expected 2.0 (relative error 0.5, |difference| 1 > allowed 0.5)"
    assert str(Divergence("dW1", "", (0, 2), -1.0, 4.0, 0.25, 2)) == \
        "dW1[0, 2]: port -1.0 vs expected 4.0 (relative error 1.25, |difference| 5 > allowed 0.25; 2 entries of dW1 " \
        "outside)"
    assert str(Divergence("cost", "", (), 0.5, 0.0, 0.125, 1)) == \
        "cost: port 0.5 vs expected 0.0 (relative error inf (expected 0), |difference| 0.5 > allowed 0.125)"


def test_the_worst_entry_is_the_one_furthest_outside_its_own_allowance() -> None:
    """Judged by |difference| / allowed, not by the difference alone, wherever it is in the array; inf and NaN are
    equally far outside."""
    from manual_backprop.port_check import compare_quantity

    expected = {"value": [[100.0, 1.0, 100.0]], "scale": [[0.0, 0.0, 0.0]]}   # allowed 1, 0.01, 1 (rtol 0.01)
    divergence = compare_quantity("dW1", [[102.0, 1.5, 100.0]], expected, 0.01, 0.0)   # outside by 2 and by 50
    assert divergence is not None and divergence.index == (0, 1) and divergence.entries == 2, divergence
    infinitely = compare_quantity("dW1", [[1.0, float("inf"), None]], expected, 0.01, 0.0)   # None: a NaN
    assert infinitely is not None and infinitely.index == (0, 1), infinitely   # a NaN ranks as inf: the first named


def test_an_entry_exactly_at_its_allowance_passes_and_an_exact_zero_with_none_allowed_passes() -> None:
    """|port - expected| <= rtol (|expected| + scale) + atol, equality included; 0 against 0 with nothing allowed is
    no 0/0 (the quotient that ranks the entries)."""
    from manual_backprop.port_check import compare_quantity

    assert compare_quantity("db1", [[1.5]], {"value": [[1.0]], "scale": [[0.0]]}, 0.5, 0.0) is None
    assert compare_quantity("db1", [[0.0]], {"value": [[0.0]], "scale": [[0.0]]}, 0.0, 0.0) is None


def test_a_port_value_near_the_largest_float_is_a_located_failure(tmp_path: pathlib.Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """1e300 over an allowance of 1e-14 overflows the ratio that ranks the entries: it is inf, and no error."""
    results = json.loads(json.dumps(RESULTS))
    results["results"]["2"]["gradients"]["dW2"][0][0] = 1e300
    assert check_port(tmp_path, results) == 1
    assert "tcId 2 (the notes' network, Gaussian inputs): first divergence dW2[0, 0]: port 1e+300 vs expected" \
        in capsys.readouterr().out


def test_a_cache_without_one_of_its_quantities_names_it_and_what_the_cache_has(
        tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    results = json.loads(json.dumps(RESULTS))
    del results["results"]["1"]["cache"]["A1"]
    assert check_port(tmp_path, results) == 1
    assert "tcId 1 (the notes' 2-layer network on XOR): first divergence A1: missing from the cache (it has ['A2', " \
        "'Z1', 'Z2'])\n" in capsys.readouterr().out


@pytest.mark.parametrize(("keys", "first"), [(("W1",), "W1"), (("W1", "b1", "W2", "b2"), "W2")])   # backward order
def test_a_gradient_under_its_parameters_key_is_told_the_key_the_results_file_takes(
        tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str], keys: tuple[str, ...], first: str) -> None:
    """A port checked with `verify --yours` too returns gradients under the parameters' keys (W1); the results file
    takes the vectors' (dW1). The line said only that dW1 was missing, beside a list that held W1."""
    results = json.loads(json.dumps(RESULTS))
    grads = results["results"]["1"]["gradients"]
    for key in keys:
        grads[key] = grads.pop(f"d{key}")
    assert check_port(tmp_path, results) == 1
    assert f"first divergence d{first}: missing from the gradients (they have {sorted(grads)}: write {first}'s " \
        f"gradient as d{first}, as the vectors' expected do)\n" in capsys.readouterr().out


@pytest.mark.parametrize("with_cache", [True, False])
def test_results_numbering_layers_from_0_are_told_the_vectors_number_them_from_1(
        tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str], with_cache: bool) -> None:
    """A port that keeps layers in 0-based arrays (Java, C) and writes their indices as keys has Z0 = W1 X + b1 under
    Z0, ..., dW0 for layer 1. check-port then named a wrong shape at Z1 (layer 2's Z, 'expected shape (4, 4), got
    (1, 4)'), as if the forward pass were wrong; without a cache, dW2 missing, beside dW0 and dW1."""
    results = json.loads(json.dumps(RESULTS))
    entry = results["results"]["1"]
    for part in ("cache", "gradients"):
        entry[part] = {re.sub(r"\d+$", lambda n: str(int(n.group()) - 1), key): value
                       for key, value in entry[part].items()}
    if not with_cache:
        del entry["cache"]
    assert check_port(tmp_path, results) == 1
    first = "Z1: expected shape (4, 4), got (1, 4)" if with_cache else "dW2: missing from the gradients"
    line = next(line for line in capsys.readouterr().out.splitlines() if "tcId 1 " in line)
    assert f"first divergence {first}" in line
    assert line.endswith(f"; the results have {'Z0, ' if with_cache else ''}dW0 and db0: layers are numbered from "
                         "1, as the vectors' W1 and Z1 (Z1 = W1 X + b1), so layer l's quantities are Zl, Al, dWl "
                         "and dbl")


def test_an_a0_in_the_cache_is_no_sign_of_layers_numbered_from_0(tmp_path: pathlib.Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """A0 is X, which a port numbering layers from 1 may write beside its cache (the JavaScript port's forward keeps
    it there): a failing test whose cache has it is not told to number layers from 1."""
    results = json.loads(json.dumps(RESULTS))
    entry = results["results"]["1"]
    entry["cache"]["A0"] = [[0.0] * 4, [0.0] * 4]
    entry["gradients"]["dW1"][0][0] += 1.0
    assert check_port(tmp_path, results) == 1
    line = next(line for line in capsys.readouterr().out.splitlines() if "tcId 1 " in line)
    assert "first divergence dW1[0, 0]" in line and "numbered" not in line


@pytest.mark.parametrize(("part", "key", "typo"), [("gradients", "dW2", "dw2"), ("gradients", "dW2", "dW[2]"),
                                                   ("gradients", "db2", "db_2"), ("gradients", "dW2", "dJ_dW2"),
                                                   ("cache", "Z1", "z1"), ("cache", "A1", "A[1]")])
def test_a_key_spelt_otherwise_is_told_the_key_the_vectors_expect(
        tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str], part: str, key: str, typo: str) -> None:
    """A port that writes dw1, dW[1] or dW_1 (z1 in its cache) got 'dW1: missing from the gradients' beside a list
    that held its own spelling (a Java port's review, session 37): the line now names the key it meant."""
    results = json.loads(json.dumps(RESULTS))
    entry = results["results"]["1"]
    entry[part][typo] = entry[part].pop(key)
    assert check_port(tmp_path, results) == 1
    where = "the gradients (they have" if part == "gradients" else "the cache (it has"
    assert f"first divergence {key}: missing from {where} {sorted(entry[part])}: did you mean {key} for {typo!r}? " \
        "keys are read as the vectors' expected spell them, case included)\n" in capsys.readouterr().out


@pytest.mark.parametrize(("key", "other"), [("dW2", "dZ2"), ("dW2", "dW_3"), ("Z1", "Z_0")])
def test_a_key_of_another_quantity_or_layer_is_no_misspelling(
        tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str], key: str, other: str) -> None:
    """A dZ2 kept for debugging (not read) is not dW2 misspelt, nor dW_3 (a layer the network lacks) or Z_0 (layers
    numbered from 0: layer_0_note's case, for Z0) another layer's: no did-you-mean."""
    results = json.loads(json.dumps(RESULTS))
    part = results["results"]["1"]["cache" if key[0] == "Z" else "gradients"]
    part[other] = part.pop(key)
    assert check_port(tmp_path, results) == 1
    out = capsys.readouterr().out
    assert f"first divergence {key}: missing from" in out and "did you mean" not in out


def _float64_tests_as(entry: Any) -> dict[str, Any]:
    """manual_backprop's results with every float64 test's entry replaced by entry(group, test)."""
    results = json.loads(json.dumps(RESULTS))
    for group, test in PAIRS:
        if group["dtype"] == "float64":
            results["results"][str(test["tcId"])] = entry(group, test)
    return results


def _rounded(group: dict[str, Any], test: dict[str, Any]) -> dict[str, Any]:
    """The test's expected values rounded to float32: what a port computing a float64 group in float writes at best."""
    as_float32 = {key: np.float32(np.array(a["value"])).astype(np.float64).tolist() for key, a in
                  test["expected"].items()}
    return {"cost": as_float32.pop("cost"), "gradients": {k: v for k, v in as_float32.items() if k[0] == "d"},
            "cache": {k: v for k, v in as_float32.items() if k[0] != "d"}}


FLOAT32_NOTE = ("looks like float32 arithmetic in a float64 group (float in C or Java, f32 in Rust): compute it in "
                "double")


def test_a_float64_group_computed_in_float32_is_told_it_looks_so(tmp_path: pathlib.Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """A Java port computing its float64 groups in float failed them by about 6e-8 relative, named as any divergence
    (session 37). With the expected values rounded to float32, every float64 test fails, each line ending with the
    note; so does tcId 1 computed by manual_backprop in float32 (float32 inputs, float32 arithmetic), cache or not."""
    assert check_port(tmp_path, _float64_tests_as(_rounded)) == 1
    lines = [line for line in capsys.readouterr().out.splitlines() if "first divergence" in line]
    assert len(lines) == sum(group["dtype"] == "float64" for group, _ in PAIRS)
    note = (r"; every entry would pass at float32's tolerance, and those outside this group's are off by \S+ "
            rf"relative \(median; float32 rounds by up to 5.96e-08\): {re.escape(FLOAT32_NOTE)}$")
    assert all(re.search(note, line) for line in lines), lines[0]
    results = json.loads(json.dumps(RESULTS))
    group, test = PAIRS[0]
    for with_cache in (True, False):
        results["results"]["1"] = manual_backprop_entry(dict(group, dtype="float32"), test)
        if not with_cache:
            del results["results"]["1"]["cache"]
        assert check_port(tmp_path, results) == 1
        line = next(line for line in capsys.readouterr().out.splitlines() if "tcId 1 " in line)
        assert line.endswith(FLOAT32_NOTE), line


def test_both_notes_of_a_divergence_are_joined_by_a_semicolon(tmp_path: pathlib.Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    """A float64 test computed in float32 whose cache also holds a Z0 (layer_0_note's sign) ends with both notes,
    layer_0_note's first, each after "; " as the divergence's own note is."""
    results = _float64_tests_as(_rounded)
    test = next(test for group, test in PAIRS if group["dtype"] == "float64")
    results["results"][str(test["tcId"])]["cache"]["Z0"] = [[0.0]]
    assert check_port(tmp_path, results) == 1
    line = next(line for line in capsys.readouterr().out.splitlines() if f"tcId {test['tcId']} " in line)
    assert re.search(r"; the results have Z0: layers are numbered from 1, as the vectors' W1 and Z1 \(Z1 = W1 X \+ "
                     r"b1\), so layer l's quantities are Zl, Al, dWl and dbl; every entry would pass at float32's "
                     r"tolerance, .*" + re.escape(FLOAT32_NOTE) + "$", line), line


def _times(factor: float) -> Any:
    def entry(group: dict[str, Any], test: dict[str, Any]) -> dict[str, Any]:
        given = json.loads(json.dumps(RESULTS["results"][str(test["tcId"])]))
        return {"cost": given["cost"] * factor, **{part: {key: (np.array(value) * factor).tolist() for key, value in
                                                        given[part].items()} for part in ("gradients", "cache")}}
    return entry


def _without_1_over_m(group: dict[str, Any], test: dict[str, Any]) -> dict[str, Any]:
    given = json.loads(json.dumps(RESULTS["results"][str(test["tcId"])]))
    given["gradients"] = {key: (np.array(value) * test["m"]).tolist() for key, value in given["gradients"].items()}
    return given


@pytest.mark.parametrize("wrong", ["1/m left out", "tanh' as 1 - a", "every value 1 + 2^-32 times its own",
                                   "every value 1 + 2^-18 times its own"])
def test_a_float64_port_wrong_otherwise_is_not_told_it_looks_like_float32(
        tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        wrong: str) -> None:
    """The note is for errors of float32 rounding's size alone: not a missing 1/m or a wrong derivative (each passes
    at float32's tolerance in a test whose gradients are judged on the size of their terms: tcId 48, tcId 51), nor
    errors well below float32's rounding (2^-32, as constants typed to 9 digits give) or above it (2^-18, inside
    float32's tolerance)."""
    import dataclasses

    from manual_backprop import activations

    if wrong == "tanh' as 1 - a":
        monkeypatch.setitem(activations.REGISTRY, "tanh", dataclasses.replace(
            activations.REGISTRY["tanh"], derivative=lambda Z, A: 1.0 - A))
        results = manual_backprop_results()
    else:
        results = _float64_tests_as(_without_1_over_m if wrong == "1/m left out" else
                                    _times(1 + 2.0 ** int(wrong.split("^")[1].split()[0])))
    assert check_port(tmp_path, results) == 1
    out = capsys.readouterr().out
    assert "first divergence" in out and "looks like float32" not in out


@pytest.mark.parametrize(("value", "scale", "given"), [
    ([0.75, 0.5, 0.5, 0.5], [1.0, 1.0, 1.0, 1.0], [0.75 * (1 + 2.0**-25), 0.5, 0.5, 0.5]),
    ([0.75, 0.0, 0.0, 0.0], [1.0, 0.0, 0.0, 0.0], [0.75 * (1 + 2.0**-25), 1e-37, 1e-37, 1e-37]),
], ids=["exact entries inside the tolerance its scale gives", "entries whose expected value is 0"])
def test_the_float32_notes_median_is_over_the_entries_outside_the_groups_tolerance_with_an_expected_not_0(
        value: list[float], scale: list[float], given: list[float]) -> None:
    """port_notes.float32_note's median relative error is over the entries outside the float64 group's tolerance
    (rtol (|value| + scale) + atol, as the vectors' header says), leaving out those whose value is 0 (no relative
    error): one entry off by float32 rounding (2^-25 relative) among exact ones with |value| < scale, or beside
    values of 0 given as 1e-37 (inside float32's atol, 256 tiny, outside float64's), is float32's size."""
    from manual_backprop.port_notes import float32_note

    group = next(group for group, _ in PAIRS if group["dtype"] == "float64")
    test = {"expected": {"dW1": {"value": [value], "scale": [scale]}}}
    note = float32_note(test, {"dW1": [given]}, "float64", group["rtol"], group["atol"])
    assert note.endswith(FLOAT32_NOTE) and "off by 2.98e-08 relative" in note, note


@pytest.mark.parametrize(("relative", "said"), [(2.0**-29, "1.86e-09"), (2.0**-20, "9.54e-07"), (2.0**-30, ""),
                                               (2.0**-19, "")])
def test_the_float32_note_holds_for_a_median_within_float32_median_bounds_included_and_is_empty_outside(
        relative: float, said: str) -> None:
    """FLOAT32_MEDIAN's bounds, 2^-29 and 2^-20, are in: a median exactly at either gets the note; one a factor of 2
    beyond either gets none, an empty string (check-port's line then ends at the divergence)."""
    from manual_backprop.port_notes import FLOAT32_MEDIAN, float32_note

    assert FLOAT32_MEDIAN == (2.0**-29, 2.0**-20)
    group = next(group for group, _ in PAIRS if group["dtype"] == "float64")
    test = {"expected": {"dW1": {"value": [[0.75, -1.5]], "scale": [[1.0, 1.0]]}}}
    given = {"dW1": [[0.75 * (1 + relative), -1.5 * (1 + relative)]]}            # exact: error / |value| is relative
    note = float32_note(test, given, "float64", group["rtol"], group["atol"])
    assert note == "" if not said else note.endswith(FLOAT32_NOTE) and f"off by {said} relative" in note, note


def test_an_empty_cache_is_a_cache_missing_every_quantity_not_no_cache(
        tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    """porting.md: a cache, if given, holds Z[l] and A[l] for every layer. A port whose cache writer wrote nothing
    must hear so, not have its forward pass go unchecked while the test passes."""
    results = json.loads(json.dumps(RESULTS))
    results["results"]["1"]["cache"] = {}
    assert check_port(tmp_path, results) == 1
    assert "tcId 1 (the notes' 2-layer network on XOR): first divergence Z1: missing from the cache (it has [])\n" \
        in capsys.readouterr().out


def test_a_deeply_nested_gradient_is_named_not_an_array_of_numbers(tmp_path: pathlib.Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    results = json.loads(json.dumps(RESULTS))
    results["results"]["1"]["gradients"]["db1"] = json.loads("[" * 600 + "1" + "]" * 600)
    assert check_port(tmp_path, results) == 1
    assert "first divergence db1: not an array of numbers (lists nested too deep)\n" in capsys.readouterr().out


def test_each_group_line_gives_the_network_loss_lambda_and_dtype(tmp_path: pathlib.Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert check_port(tmp_path, RESULTS) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first == (f"PASS  group  1  n = (2, 4, 1), g = tanh, sigmoid, binary_cross_entropy, l2 = 0, float64: "
                     f"{len(VECTORS['testGroups'][0]['tests'])} passed"), first


def test_a_vectors_file_without_notes_is_checked_without_the_kink_note(
        tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The notes (the flags' meanings) are optional: without them no note is printed, and the check runs."""
    vectors = json.loads(VECTOR_FILE.read_text())
    del vectors["notes"]
    path = tmp_path / "vectors.json"
    path.write_text(json.dumps(vectors))
    results = tmp_path / "results.json"
    results.write_text(json.dumps(RESULTS))
    assert main(["check-port", str(results), "--vectors", str(path), "--require-all"]) == 0
    assert f"{len(PAIRS)} passed, 0 failed, 0 skipped" in capsys.readouterr().out
    test = next(t for g, t in PAIRS if "ReluAtZero" in t["flags"] and max(kinked_layers(g, t)) == 1)
    failing = json.loads(json.dumps(RESULTS))
    failing["results"][str(test["tcId"])]["gradients"]["dW1"][0][0] += 1.0    # where the kink note would come
    results.write_text(json.dumps(failing))
    assert main(["check-port", str(results), "--vectors", str(path)]) == 1
    out = capsys.readouterr().out
    assert "first divergence dW1[0, 0]" in out and "note:" not in out, out


def test_a_damaged_vectors_file_says_how_to_replace_it(tmp_path: pathlib.Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    vectors = json.loads(VECTOR_FILE.read_text())
    del vectors["testGroups"][0]["loss"]
    damaged = tmp_path / "damaged.json"
    damaged.write_text(json.dumps(vectors))
    results = tmp_path / "results.json"
    results.write_text(json.dumps(RESULTS))
    assert main(["check-port", str(results), "--vectors", str(damaged)]) == 2
    assert capsys.readouterr().err == ("backprop check-port: the vectors file is damaged (KeyError: 'loss'); "
                                       "regenerate it with `backprop vectors`, or pass the repository's with "
                                       "--vectors\n")


def test_a_group_whose_tests_were_all_skipped_is_skip_with_its_count(tmp_path: pathlib.Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    results = json.loads(json.dumps(RESULTS))
    first = [test["tcId"] for test in VECTORS["testGroups"][0]["tests"]]
    for tc in first:
        results["results"][str(tc)] = {"skipped": "not ported"}
    assert check_port(tmp_path, results) == 0
    line = capsys.readouterr().out.splitlines()[0]
    assert line == ("SKIP  group  1  n = (2, 4, 1), g = tanh, sigmoid, binary_cross_entropy, l2 = 0, float64: "
                    f"0 passed, {len(first)} skipped"), line


def _without(results: dict[str, Any], *tc_ids: int) -> dict[str, Any]:
    return {"results": {k: v for k, v in results["results"].items() if int(k) not in tc_ids}}


@pytest.mark.parametrize(("entry", "message"), [
    ([1, 2], "results['1'] must be an object, got [1, 2]"),
    ({"skipped": ""}, "results['1'] must be either {\"skipped\": \"a reason\"} alone or the results; it has "
                      "skipped = \"\""),
    ({"skipped": "x", "cost": 1, "gradients": {}}, "results['1'] must be either {\"skipped\": \"a reason\"} alone "
                                                   "or the results; it has skipped = \"x\" beside cost, gradients"),
    ({}, "results['1'] has no cost or gradients (give them, or {\"skipped\": \"reason\"})"),
    ({"cost": 1, "gradients": {}, "cache": []}, "results['1']['cache'] must be an object of arrays"),
])
def test_a_malformed_entry_is_named_whole(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str],
                                          entry: Any, message: str) -> None:
    results = json.loads(json.dumps(RESULTS))
    results["results"]["1"] = entry
    assert check_port(tmp_path, results) == 2
    assert capsys.readouterr().err == f"backprop check-port: {tmp_path / 'results.json'}: {message}\n"


@pytest.mark.parametrize(("missing", "listed"), [(8, "1, 2, 3, 4, 5, 6, 7, 8"), (9, "1, 2, 3, 4, 5, 6, 7, 8, ...")])
def test_partial_results_list_the_first_eight_missing_tcids(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str],
                                                            missing: int, listed: str) -> None:
    assert check_port(tmp_path, _without(RESULTS, *range(1, missing + 1))) == 2
    assert capsys.readouterr().err == (
        f"backprop check-port: {tmp_path / 'results.json'}: partial results: no entry for {missing} of {len(PAIRS)} "
        f"tests (tcId {listed}); add them, or mark them {{\"skipped\": \"reason\"}}\n")


@pytest.mark.parametrize("vectors", [[1], {"schema": "backprop-vectors/0", "testGroups": []},
                                     {"schema": "backprop-vectors/1"}, {"schema": "backprop-vectors/2.0"},
                                     {"schema": "other/2", "testGroups": []}, {"$schema": "x"}])
def test_a_file_that_is_not_the_vectors_is_named_whole(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str],
                                                      vectors: Any) -> None:
    """Another schema version, or no testGroups, is not the vectors even when the rest looks right."""
    path = tmp_path / "vectors.json"
    path.write_text(json.dumps(vectors))
    results = tmp_path / "results.json"
    results.write_text(json.dumps(RESULTS))
    assert main(["check-port", str(results), "--vectors", str(path)]) == 2
    told = (f"{path} is the JSON Schema of the vectors, not the vectors: pass backprop_test.json (or the folder that "
            "holds it) to --vectors") if "$schema" in vectors else (
        f"{path} is not a backprop-vectors/1 vectors file: pass the repository's vectors/backprop_test.json, or "
        "write it with `backprop vectors`")
    assert capsys.readouterr().err == f"backprop check-port: {told}\n"


@pytest.mark.parametrize("vectors", [{"schema": "backprop-vectors/2", "testGroups": []},
                                     {"schema": "backprop-vectors/10"}])
def test_a_vectors_file_of_a_newer_schema_says_to_read_it_with_a_newer_manual_backprop(
        tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str], vectors: Any) -> None:
    """A later version of the vectors is a vectors file this version cannot read, not some other file: the line says
    so, as a results.json of a newer format does, whether or not it still has testGroups."""
    from manual_backprop import __version__

    path = tmp_path / "vectors.json"
    path.write_text(json.dumps(vectors))
    results = tmp_path / "results.json"
    results.write_text(json.dumps(RESULTS))
    assert main(["check-port", str(results), "--vectors", str(path)]) == 2
    assert capsys.readouterr().err == (
        f"backprop check-port: {path} is of format {vectors['schema']}, newer than backprop-vectors/1, the newest "
        f"manual_backprop {__version__} reads: read it with a newer manual_backprop\n")


@pytest.mark.parametrize("text", ["Xinf", "X0x1p0", "1.5"])
def test_a_refused_string_says_how_to_write_numbers(text: str) -> None:
    """Only signs are stripped before the name or the 0x is looked for: "Xinf" is no infinity, "X0x1p0" no hex."""
    from manual_backprop.port_results import number

    with pytest.raises(ValueError) as raised:
        number(text)
    assert str(raised.value) == (f'"{text}" is a string but not a hex float such as "0x1.8p-1" (C\'s %a); write '
                                 "decimal numbers as JSON numbers, without quotes")


def test_a_json_object_where_a_number_belongs_is_named_as_json(tmp_path: pathlib.Path) -> None:
    from manual_backprop.port_results import number

    with pytest.raises(ValueError) as raised:
        number({"a": 1})
    assert str(raised.value) == '{"a": 1} is not a number'


def test_vectors_default_to_those_of_the_checkout_the_package_is_in(tmp_path: pathlib.Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The checkout is the package folder's parent, known by its pyproject.toml; with no vectors in it nor in the
    working directory, the error names both places."""
    import manual_backprop.port_vectors as port_vectors

    checkout = tmp_path / "checkout"
    (checkout / "vectors").mkdir(parents=True)
    (checkout / "pyproject.toml").write_text("")
    monkeypatch.setattr(port_vectors, "__file__", str(checkout / "manual_backprop" / "port_vectors.py"))
    monkeypatch.chdir(tmp_path)
    with pytest.raises(port_vectors.PortCheckError) as raised:
        port_vectors.default_vectors()
    assert str(raised.value) == (f"no vectors file given and none at vectors/backprop_test.json or "
                                 f"{checkout}/vectors/backprop_test.json: pass --vectors with the file your port ran "
                                 "on (the repository's vectors/backprop_test.json), or write it with `backprop "
                                 "vectors` (needs the oracle extra)")
    (checkout / "vectors" / "backprop_test.json").write_text("{}")
    assert port_vectors.default_vectors() == checkout / "vectors" / "backprop_test.json"


def _one_kept(results: dict[str, Any], kept: set[str]) -> dict[str, Any]:
    """results with every test but those kept marked skipped."""
    return {"results": {tc: entry if tc in kept else {"skipped": "not ported"}
                        for tc, entry in results["results"].items()}}


def test_the_summary_line_counts_each_outcome_and_says_why_it_fails(tmp_path: pathlib.Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """The last line whole: a count of each outcome, their total, PASS or FAIL, and a reason only where one applies
    (one test passed is enough to pass; one passed and one failed is no 'no test was checked')."""
    n = len(PAIRS)
    wrong = json.loads(json.dumps(RESULTS))
    wrong["results"]["2"]["cost"] += 1.0
    cases = [(RESULTS, (), 0, f"{n} passed, 0 failed, 0 skipped of {n} tests: PASS"),
             (wrong, (), 1, f"{n - 1} passed, 1 failed, 0 skipped of {n} tests: FAIL"),
             (_one_kept(wrong, {"1", "2"}), (), 1, f"1 passed, 1 failed, {n - 2} skipped of {n} tests: FAIL"),
             (_one_kept(RESULTS, {"1"}), (), 0, f"1 passed, 0 failed, {n - 1} skipped of {n} tests: PASS"),
             (_one_kept(RESULTS, set(RESULTS["results"]) - {"3"}), ("--require-all",), 1,
              f"{n - 1} passed, 0 failed, 1 skipped of {n} tests: FAIL (--require-all: skipped tests count as "
              "failures)")]
    for results, options, code, last in cases:
        assert check_port(tmp_path, results, *options) == code, last
        assert capsys.readouterr().out.splitlines()[-1] == last


def test_check_port_help_describes_each_argument(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["check-port", "--help"])
    assert stopped.value.code == 0
    text = " ".join(capsys.readouterr().out.split())    # argparse wraps the lines to the terminal's width
    for described in ("results the port's results file (format: docs/porting.md)",
                      "--vectors VECTORS the vectors file or directory (default: vectors/backprop_test.json in the "
                      "working directory, else in the checkout manual_backprop runs from)",
                      "--require-all fail if the port skipped any test"):
        assert described in text, described


def test_a_square_array_written_transposed_is_told_its_transpose_would_pass(
        tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A port that stores arrays column-major (or W[l] as (n[l-1], n[l])) gets the wrong shape for a non-square
    array, and for a square one a value mismatch: both name the swap. tcId 36's dW2 is 3 x 3; the hint needs the
    whole transpose within tolerance, so a transposed array that is also wrong gets the plain line."""
    results = json.loads(json.dumps(RESULTS))
    dW2 = np.array(results["results"]["36"]["gradients"]["dW2"])
    assert dW2.shape == (3, 3) and not np.allclose(dW2, dW2.T)
    results["results"]["36"]["gradients"]["dW2"] = dW2.T.tolist()
    results["results"]["1"]["gradients"]["dW1"] = np.array(results["results"]["1"]["gradients"]["dW1"]).T.tolist()
    assert check_port(tmp_path, results) == 1
    out = capsys.readouterr().out
    assert re.search(r"tcId 36 .*first divergence dW2\[\d, \d\]: port .*; its transpose would pass: rows and columns "
                     r"swapped\?\)\n", out), out
    assert "first divergence dW1: expected shape (4, 2), got (2, 4) (the transposed shape: rows and columns " \
           "swapped?)\n" in out
    results["results"]["36"]["gradients"]["dW2"] = (2 * dW2.T).tolist()
    assert check_port(tmp_path, results) == 1
    out = capsys.readouterr().out
    assert "tcId 36 " in out and "its transpose would pass" not in out


def test_only_the_transposed_shape_is_called_swapped() -> None:
    """A wrong shape that is not the expected one reversed (a row dropped, a vector for a column) gets the plain line:
    the swap hint on every wrong shape would send a port that lost a row looking for a transpose."""
    from manual_backprop.port_check import compare_quantity

    expected = {"value": np.zeros((4, 2)).tolist(), "scale": np.zeros((4, 2)).tolist()}
    for given, shape in [(np.zeros((3, 2)), "(3, 2)"), (np.zeros((2, 2)), "(2, 2)"), (np.zeros(8), "(8,)")]:
        divergence = compare_quantity("dW1", given.tolist(), expected, 0.01, 0.0)
        assert str(divergence) == f"dW1: expected shape (4, 2), got {shape}", divergence
    swapped = compare_quantity("dW1", np.zeros((2, 4)).tolist(), expected, 0.01, 0.0)
    assert str(swapped) == "dW1: expected shape (4, 2), got (2, 4) (the transposed shape: rows and columns swapped?)"


#: (the test, the gradient, its shape as the slip makes it, the hint), as `verify --yours` names each
#: (tests/test_shape_slips.py), but for db as a flat list: a port writes a column so. tcId 44: n = (2, 4, 1) and
#: m = 13, no two alike; tcId 12: n = (3, 4, 3, 2), where dW[3] of (n[2], n[2]) is no layer's W's shape
PORT_SHAPE_SLIPS = [
    (44, "dW2", (1, 1), "the shape of dZ[2] A[2]^T, (n[2], n[2]): A[2] for A[1]?"),
    (44, "dW1", (4, 4), "the shape of dZ[1] A[1]^T, (n[1], n[1]): A[1] for A[0]?"),
    (12, "dW3", (3, 3), "the shape of dA[2] A[2]^T, (n[2], n[2]): dZ[3] carried a layer down (to dA[2] = W[3]^T "
                        "dZ[3], or dZ[2]) before dW[3] was formed?"),
    (44, "dW1", (2, 2), "the shape of dA[0] A[0]^T, (n[0], n[0]): dZ[1] carried a layer down (to dA[0] = W[1]^T "
                        "dZ[1]) before dW[1] was formed?"),
    (44, "db1", (4,), "a flat list for a column: db1 is written [[...], [...], ...], (n[1], 1)?"),
    (44, "db1", (4, 13), "dZ[1]'s shape, (n[1], m): not summed over the examples?"),
    (44, "db1", (13,), "summed over the units, not the examples?"),
    (44, "db1", (1, 13), "summed over the units, not the examples?"),
    (44, "db1", (13, 1), "summed over the units, not the examples?"),
    (44, "db1", (1, 1), "summed over every entry, not over the examples alone?"),   # no NumPy "axis" for a port
    (44, "dW1", (2, 4), "the transposed shape: rows and columns swapped?"),
    # tcId 46: n = (2, 4, 2), W1 (4, 2) and W2 (2, 4): dW1 of (2, 4) is dW1 transposed or dW2 under its key
    (46, "dW1", (2, 4), "the transposed shape: rows and columns swapped, or dW[2], of the same shape, under W[1]'s "
                        "key?"),
    (46, "dW2", (4, 2), "the transposed shape: rows and columns swapped, or dW[1], of the same shape, under W[2]'s "
                        "key?"),
    # tcId 39: n = (3, 4, 4, 3, 2): dW3 of (n[2], n[2]) = (4, 4) is dZ[3] carried down, or dW2 under dW3's key
    (39, "dW3", (4, 4), "the shape of dA[2] A[2]^T, (n[2], n[2]): dZ[3] carried a layer down (to dA[2] = W[3]^T "
                        "dZ[3], or dZ[2]) before dW[3] was formed, or dW[2], of the same shape, under W[3]'s key?"),
]


def _gradient_of_shape_checked(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str], tc: int, key: str,
                               shape: tuple[int, ...]) -> tuple[tuple[int, ...], str]:
    """check-port on the vectors' own results with gradient key of tcId tc given as zeros of shape (a failing run):
    the shape expected there, and what check-port printed."""
    results = json.loads(json.dumps(RESULTS))
    results["results"][str(tc)]["gradients"][key] = np.zeros(shape).tolist()
    assert check_port(tmp_path, results) == 1
    return np.shape(RESULTS["results"][str(tc)]["gradients"][key]), capsys.readouterr().out


@pytest.mark.parametrize(("tc", "key", "shape", "hint"), PORT_SHAPE_SLIPS)
def test_a_port_gradient_whose_shape_marks_a_common_slip_is_told_that_slip_as_verify_tells_it(
        tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str], tc: int, key: str, shape: tuple[int, ...],
        hint: str) -> None:
    """check-port named only a transposed shape; the other slips a wrong shape marks (shape_hints.py) it left to
    the reader, who saw `expected shape (4, 1), got (4, 13)` with no word of a sum left out."""
    expected, out = _gradient_of_shape_checked(tmp_path, capsys, tc, key, shape)
    line = f"first divergence {key}: expected shape {expected}, got {shape} ({hint})\n"
    assert re.search(rf"tcId {tc} \(.*\): " + re.escape(line), out)


@pytest.mark.parametrize(("tc", "key", "shape"), [
    (52, "dW3", (3, 3)),     # n = (2, 3, 3, 1): (n[2], n[2]) for dW3 is dW2's own shape too
    (44, "dW2", (4, 4)),     # n[2] = 1: (n[1], n[1]) is dW2 + a term of its transposed shape, broadcast, as well
    (51, "dW2", (2, 2)),     # n = (1, 1, 2), n[1] = 1: (n[2], n[2]) is such a broadcast too
    (44, "dW2", (2, 2)),     # (n[0], n[0]) for dW2: no slip
    (44, "db2", (4, 1)),     # db1's shape under db2's key: no slip named
])
def test_a_port_gradient_of_a_shape_two_slips_share_or_none_makes_says_only_the_shapes(
        tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str], tc: int, key: str, shape: tuple[int, ...]) -> None:
    expected, out = _gradient_of_shape_checked(tmp_path, capsys, tc, key, shape)
    line = f"first divergence {key}: expected shape {expected}, got {shape}\n"
    assert re.search(rf"tcId {tc} \(.*\): " + re.escape(line), out)


@pytest.mark.parametrize(("part", "key", "shape"), [
    ("cache", "Z1", (4,)),        # tcId 44: n = (2, 4, 1), m = 13; (n[1],) would be db1's flat list
    ("cache", "A2", (1,)),
    (None, "cost", (2,)),
])
def test_a_forward_quantity_or_the_cost_of_a_wrong_shape_is_told_no_gradients_slip(
        tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str], part: str | None, key: str,
        shape: tuple[int, ...]) -> None:
    """The slips shape_hints names are a gradient's (dW[l], db[l]): a Z[l], A[l] or cost of a wrong shape that is not
    the transposed one gets the shapes alone, not db[l]'s flat list for Z[l] of (n[l],)."""
    results = json.loads(json.dumps(RESULTS))
    entry = results["results"]["44"]
    expected = np.shape(entry[part][key] if part else entry[key])
    (entry[part] if part else entry)[key] = np.zeros(shape).tolist()
    assert check_port(tmp_path, results) == 1
    line = f"first divergence {key}: expected shape {expected}, got {shape}\n"
    assert re.search(r"tcId 44 \(.*\): " + re.escape(line), capsys.readouterr().out)


def test_a_transpose_passes_by_the_same_rule_as_the_array_itself_equality_included() -> None:
    """"its transpose would pass" means the transpose is within |port - expected| <= allowed entry by entry, as a
    passing array is: here one entry of the transpose is exactly at its allowance."""
    from manual_backprop.port_check import compare_quantity

    expected = {"value": [[1.0, 10.0], [100.0, 1000.0]], "scale": [[0.0, 0.0], [0.0, 0.0]]}   # allowed e / 2
    assert compare_quantity("dW1", [[1.5, 10.0], [100.0, 1000.0]], expected, 0.5, 0.0) is None   # at the allowance
    divergence = compare_quantity("dW1", [[1.5, 100.0], [10.0, 1000.0]], expected, 0.5, 0.0)
    assert divergence is not None and divergence.transposed, divergence
    assert str(divergence).endswith("; its transpose would pass: rows and columns swapped?)"), divergence


def test_bare_nan_and_infinity_as_pythons_json_dump_writes_them_are_read_as_those_values(
        tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    """porting.md: not JSON, but what json.dump writes for a port in Python: read, and named as the values."""
    results = json.loads(json.dumps(RESULTS))
    results["results"]["1"]["gradients"]["dW1"][1][0] = float("nan")
    results["results"]["2"]["gradients"]["dW1"][0][0] = -float("inf")
    raw = json.dumps(results)
    assert "NaN" in raw and "-Infinity" in raw
    assert check_port(tmp_path, None, raw=raw) == 1
    out = capsys.readouterr().out
    assert 'tcId 1 (the notes\' 2-layer network on XOR): first divergence dW1[1, 0]: port nan (null or "NaN" in the ' \
           "results file) vs expected" in out
    assert re.search(r"tcId 2 .*: first divergence dW1\[0, 0\]: port -inf vs expected", out), out
