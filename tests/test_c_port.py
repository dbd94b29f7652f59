"""The C port (examples/ports/c, written from docs/formulas.md and docs/porting.md alone) passes every vector, and
each of its planted bugs fails the tests the docs say catch it: erratum E8 all but depth 1, tanh as a quotient of
exponentials the saturated ones (SaturatedHidden), relu'(0) = 1 the ReluAtZero ones. Skipped without a C compiler."""

from __future__ import annotations

import os
import pathlib
import re
import shutil
import subprocess

import pytest

from manual_backprop.cli import main
from tests.vector_helpers import (
    DEPTH_1,
    PAIRS,
    ROOT,
    SATURATED_TANH,
    VECTOR_FILE,
    huge_gelu_vectors,
    non_finite_gradients,
)

C_PORT = ROOT / "examples" / "ports" / "c"
CC = os.environ.get("CC") or shutil.which("cc") or shutil.which("gcc")
pytestmark = pytest.mark.skipif(CC is None, reason="no C compiler (cc) is installed")


@pytest.fixture(scope="module")
def c_port(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    """The port's binary, built once as check.sh builds it (warnings on: the build must give none)."""
    binary = tmp_path_factory.mktemp("c-port") / "backprop_c"
    done = subprocess.run([str(CC), "-O2", "-std=c11", "-Wall", "-Wextra", "-o", str(binary), str(C_PORT / "main.c"),
                           "-lm"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and not done.stderr, done.stderr
    return binary


def _judge(binary: pathlib.Path, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str],
           mutant: str | None = None) -> tuple[int, str]:
    """check-port's status and report on the port's results, with BP_MUTANT=mutant planted."""
    env = {key: value for key, value in os.environ.items() if key != "BP_MUTANT"}
    if mutant is not None:
        env["BP_MUTANT"] = mutant
    results = tmp_path / "c.json"
    subprocess.run([str(binary), str(VECTOR_FILE), str(results)], env=env, capture_output=True, timeout=120)
    capsys.readouterr()                                   # the port's own self-check went to its stdout, not ours
    status = main(["check-port", str(results), "--vectors", str(VECTOR_FILE), "--require-all"])
    return status, capsys.readouterr().out


def _failing(out: str) -> set[int]:
    return {int(tc) for tc in re.findall(r"tcId (\d+) \(", out)}


def test_c_port_passes_every_vector(c_port: pathlib.Path, tmp_path: pathlib.Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    status, out = _judge(c_port, tmp_path, capsys)
    assert status == 0 and f"{len(PAIRS)} passed, 0 failed, 0 skipped" in out


def test_c_port_with_e8_fails_every_test_but_depth_1_first_at_a_dW(c_port: pathlib.Path, tmp_path: pathlib.Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    status, out = _judge(c_port, tmp_path, capsys, "e8")
    named = re.findall(r"first divergence (\w+)\[", out)
    assert status == 1 and named and all(name.startswith("dW") for name in named), named
    assert len(named) == len(PAIRS) - DEPTH_1


def test_c_port_with_tanh_as_a_quotient_fails_only_the_saturated_tanh_tests(
        c_port: pathlib.Path, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out = _judge(c_port, tmp_path, capsys, "naive_tanh")
    assert status == 1 and _failing(out) == set(SATURATED_TANH) and len(SATURATED_TANH) == 2, _failing(out)


def test_c_port_with_relu_prime_of_0_as_1_fails_only_relu_at_zero_tests_with_the_note(
        c_port: pathlib.Path, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out = _judge(c_port, tmp_path, capsys, "relu_kink")
    at_zero = {t["tcId"] for _, t in PAIRS if "ReluAtZero" in t["flags"]}
    assert status == 1 and _failing(out) and _failing(out) <= at_zero, (_failing(out), at_zero)
    assert len(re.findall(r"note: ReluAtZero", out)) == len(_failing(out))


def test_c_port_computing_float32_groups_in_double_still_passes_as_porting_md_says(
        c_port: pathlib.Path, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out = _judge(c_port, tmp_path, capsys, "f64_for_f32")
    assert status == 0, out


def test_c_port_gelu_gradients_are_finite_past_the_square_root_of_the_largest_float(
        c_port: pathlib.Path, tmp_path: pathlib.Path) -> None:
    """formulas.md's gelu bullet: gelu' written from z is 0 * inf = NaN once z^2 overflows (|z| past 1.3e154 in double,
    1.8e19 in float); t and 3 k z^2 from z clipped to [-10, 10] keep dW1 and db1 finite, in both precisions."""
    vectors = huge_gelu_vectors(tmp_path / "huge_gelu.json")
    subprocess.run([str(c_port), str(vectors), str(tmp_path / "c.json")], capture_output=True, timeout=120)
    assert non_finite_gradients(tmp_path / "c.json") == []


def test_c_port_refuses_a_bp_mutant_it_does_not_know_naming_those_it_does(c_port: pathlib.Path,
                                                                           tmp_path: pathlib.Path) -> None:
    """A misspelt switch (`BP_MUTANT=E8`, `relu-kink`) planted nothing, and the port passed every vector: read as
    "the vectors miss this bug". It now stops with status 2 and the names, as the Rust port does."""
    env = {**os.environ, "BP_MUTANT": "relu-kink"}
    results = tmp_path / "c.json"
    done = subprocess.run([str(c_port), str(VECTOR_FILE), str(results)], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 2 and not results.exists(), (done.returncode, done.stdout)
    names = re.findall(r"`(\w+)` \|", (C_PORT / "README.md").read_text(encoding="utf-8"))
    assert len(names) == 12 and done.stderr == f"unknown BP_MUTANT=relu-kink; one of: {', '.join(names)}\n", \
        done.stderr
