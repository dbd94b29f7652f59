"""`backprop train`: runs, reports, writes its PNGs and parameters, resumes exactly, fails in one clear line."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from manual_backprop.cli import main
from manual_backprop.params_io import load_parameters

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _train(tmp_path: Path, *extra: str) -> int:
    return main(["train", "--out", str(tmp_path), *extra])


def test_flower_run_reports_metrics_and_writes_cost_curve_boundary_and_parameters(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _train(tmp_path, "--dataset", "flower", "--iterations", "300", "--learning-rate", "0.5") == 0
    out, err = capsys.readouterr()
    assert "network 2,8,1 tanh,sigmoid + binary_cross_entropy" in out
    assert "test accuracy" in out and "baseline" in out
    assert "train [" in err and "J = " in err                        # the progress bar shows the cost
    for name in ("cost.png", "boundary.png"):
        assert (tmp_path / name).read_bytes().startswith(PNG_MAGIC)
    spec, params = load_parameters(tmp_path / "params.npz")
    assert spec.layer_sizes == (2, 8, 1) and params["W1"].shape == (8, 2)


def test_regression_reports_r_squared_and_draws_no_boundary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _train(tmp_path, "--dataset", "diabetes", "--iterations", "50") == 0
    assert "test R^2" in capsys.readouterr().out
    assert (tmp_path / "cost.png").read_bytes().startswith(PNG_MAGIC)
    assert not (tmp_path / "boundary.png").exists()


def test_depth_one_run_prints_the_learning_rate_bound(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ("--dataset", "breast_cancer", "--layers", "30,1", "--activations", "sigmoid", "--iterations", "5")
    assert _train(tmp_path, *args, "--learning-rate", "100") == 0
    assert "alpha is ABOVE it" in capsys.readouterr().out
    assert _train(tmp_path, *args, "--learning-rate", "0.1") == 0
    assert "alpha is under it" in capsys.readouterr().out


def test_resuming_from_saved_parameters_continues_the_same_trajectory(tmp_path: Path) -> None:
    common = ("--dataset", "breast_cancer", "--layers", "30,4,1", "--activations", "tanh,sigmoid")
    assert _train(tmp_path / "a", *common, "--iterations", "20") == 0
    assert _train(tmp_path / "b", *common, "--iterations", "10") == 0
    assert _train(tmp_path / "c", "--dataset", "breast_cancer", "--iterations", "10",
                  "--load", str(tmp_path / "b" / "params.npz")) == 0
    (spec_a, straight), (spec_c, resumed) = load_parameters(tmp_path / "a" / "params.npz"), \
        load_parameters(tmp_path / "c" / "params.npz")
    assert spec_a == spec_c
    for key in straight:
        np.testing.assert_array_equal(resumed[key], straight[key], strict=True)


def test_check_oracle_passes_and_reports_every_k_steps(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ("--dataset", "breast_cancer", "--iterations", "20", "--check-oracle", "--check-every", "10")
    assert _train(tmp_path, *args) == 0
    out = capsys.readouterr().out
    assert "step     10:" in out and "step     20:" in out and "PASS" in out
    assert _train(tmp_path, *args, "--tolerance", "0") == 1               # rounding differs: 0 is too strict
    assert "FAIL" in capsys.readouterr().out


@pytest.mark.parametrize(("args", "message"), [
    (("--layers", "5,3,1"), "must start with n[0] = 30"),
    (("--activations", "tanh,softmax"), "needs an output activation"),
    (("--layers", "30,x,1"), "--layers must be integers"),
    (("--load", "missing.npz"), "no such file"),
    (("--iterations", "0"), "must be positive"),
    (("--learning-rate", "-1"), "learning_rate must be finite and >= 0"),
    (("--learning-rate", "1e6", "--iterations", "300"), "diverged at iteration"),
    (("--l2", "-0.5"), "l2 must be a finite number >= 0"),
    (("--test-fraction", "1.5"), "test_fraction"),
    (("--check-oracle", "--tolerance", "-1"), "--tolerance must be >= 0; got -1.0"),
    (("--check-oracle", "--dtype", "float32"), "use it with --dtype float64"),
])
def test_bad_settings_give_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                               args: tuple[str, ...], message: str) -> None:
    assert _train(tmp_path, *args) == 2
    err = capsys.readouterr().err
    errors = [line for line in err.splitlines() if not line.startswith("train [")]   # the progress bar aside
    assert len(errors) == 1 and errors[0].startswith("backprop train: ") and message in errors[0], err


def test_check_oracle_in_float32_is_refused_before_training(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert _train(tmp_path, "--check-oracle", "--dtype", "float32") == 2
    out, err = capsys.readouterr()
    assert out == "" and "train [" not in err and not list(tmp_path.iterdir())   # nothing trained, nothing written


def test_corrupt_parameter_file_gives_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"PK\x03\x04 truncated")
    assert _train(tmp_path, "--load", str(bad)) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"backprop train: {bad}: not a valid") and "\n" not in err


def test_without_scikit_learn_the_command_names_the_data_extra(monkeypatch: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "sklearn", None)                  # import sklearn now raises ImportError
    assert main(["train", "--dataset", "digits"]) == 2
    assert "manual-backprop[data]" in capsys.readouterr().err
