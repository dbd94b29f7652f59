"""`backprop train`: runs, reports, writes its PNGs and parameters, resumes exactly, fails in one clear line."""

from __future__ import annotations

import json
import math
import os
import re
import shlex
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import manual_backprop.params_io
import manual_backprop.plots
from manual_backprop import DivergenceError, NetworkSpec, cost, gradient_descent, init_parameters
from manual_backprop.cli import main
from manual_backprop.datasets import load
from manual_backprop.params_io import load_parameters, load_run, save_parameters

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
    assert _train(tmp_path, *args, "--learning-rate", "100") == 2      # 0.674 -> 4.41 -> ... -> 1.53: it rose
    assert "alpha is ABOVE it" in capsys.readouterr().out
    assert _train(tmp_path, *args, "--learning-rate", "0.1") == 0
    assert "alpha is under it" in capsys.readouterr().out


def test_rises_under_the_learning_rate_bound_are_rounding_and_the_report_says_how_large(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # session 27's report: 1479 of 3000 float32 steps rose under the bound, next to "the cost cannot increase"
    assert _train(tmp_path, "--dataset", "diabetes", "--layers", "10,1", "--activations", "identity",
                  "--learning-rate", "0.5", "--iterations", "3000", "--dtype", "float32") == 0
    out = capsys.readouterr().out
    assert "cannot increase for alpha <= this, but by rounding (alpha is under it)" in out
    match = re.search(r"\(increased at (\d+) of 3000 steps, by at most (\S+) relative\)", out)
    assert match is not None and int(match[1]) > 0, out
    assert float(match[2]) <= 8 * np.finfo(np.float32).eps, out           # a few float32 roundings of J, no more


def test_resuming_from_saved_parameters_continues_the_same_trajectory(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    # --load alone: the file's network, and its run's dataset, split (seed, test fraction), alpha and dtype
    common = ("--dataset", "diabetes", "--layers", "10,4,1", "--activations", "tanh,identity", "--seed", "3",
              "--test-fraction", "0.3", "--learning-rate", "0.1", "--dtype", "float32")
    assert _train(tmp_path / "a", *common, "--iterations", "20") == 0
    assert _train(tmp_path / "b", *common, "--iterations", "10") == 0
    capsys.readouterr()
    drawn: list[tuple[int, int]] = []
    real_plot = manual_backprop.plots.plot_costs
    monkeypatch.setattr(manual_backprop.plots, "plot_costs", lambda costs, path, title, start=0: (
        drawn.append((len(costs), start)), real_plot(costs, path, title, start))[1])
    assert _train(tmp_path / "c", "--iterations", "10", "--load", str(tmp_path / "b" / "params.npz")) == 0
    assert drawn == [(11, 10)]                   # J after 10, ..., 20 updates, drawn at steps 10 to 20
    assert f"resumed from {tmp_path / 'b' / 'params.npz'} after its 10 iterations: steps 11 to 20" in \
        capsys.readouterr().out
    (spec_a, straight, run_a), (spec_c, resumed, run_c) = load_run(tmp_path / "a" / "params.npz"), \
        load_run(tmp_path / "c" / "params.npz")
    assert spec_a == spec_c and run_a == run_c == {"dataset": "diabetes", "seed": 3, "test_fraction": 0.3,
                                                   "learning_rate": 0.1, "dtype": "float32", "iterations": 20}
    for key in straight:
        np.testing.assert_array_equal(resumed[key], straight[key], strict=True)


@pytest.mark.usefixtures("sigint_raises")
def test_ctrl_c_while_a_finished_run_writes_its_files_writes_them_all_then_exits_130(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """A Ctrl-C between params.npz and the plots replaced the parameters and left the last run's plots (session
    27's second train audit): it is held until the files are written together."""
    import signal

    real_plot = manual_backprop.plots.plot_costs

    def interrupted_while_drawing(*args: Any, **kwargs: Any) -> Any:
        os.kill(os.getpid(), signal.SIGINT)
        return real_plot(*args, **kwargs)

    monkeypatch.setattr(manual_backprop.plots, "plot_costs", interrupted_while_drawing)
    assert _train(tmp_path, "--dataset", "flower", "--iterations", "20") == 130
    out, err = capsys.readouterr()
    assert f"wrote {tmp_path / 'params.npz'}, {tmp_path / 'cost.png'}, {tmp_path / 'boundary.png'}" in out, out
    assert err.endswith("backprop train: interrupted\n") and load_run(tmp_path / "params.npz")[2]["iterations"] == 20


@pytest.mark.usefixtures("sigint_raises")
def test_an_error_while_the_files_are_written_comes_out_as_itself_not_as_the_held_ctrl_c(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import signal

    def interrupted_then_disk_full(*args: Any, **kwargs: Any) -> Any:
        os.kill(os.getpid(), signal.SIGINT)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(manual_backprop.plots, "plot_costs", interrupted_then_disk_full)
    assert _train(tmp_path, "--dataset", "flower", "--iterations", "20") == 2
    err = capsys.readouterr().err
    assert "No space left on device" in err and "interrupted" not in err, err


def test_ctrl_c_before_a_command_runs_is_one_line(capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import manual_backprop.cli as cli

    def interrupted() -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "build_parser", interrupted)
    assert main(["train"]) == 130
    assert capsys.readouterr().err == "backprop: interrupted\n"


def test_a_sigint_the_process_ignores_stays_ignored_while_the_files_are_written() -> None:
    """A script's background job runs with SIGINT ignored: holding it and raising afterwards would turn an ignored
    signal into an exit 130."""
    import signal

    from manual_backprop.commands.writing import deferred_interrupt

    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        with deferred_interrupt():
            assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
            os.kill(os.getpid(), signal.SIGINT)
    finally:
        signal.signal(signal.SIGINT, previous)


def test_a_float32_run_that_ends_a_little_above_its_start_did_not_descend(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """0.834523 -> 0.834596 (8.8e-5 relative, about 1,500 u of float32) exited 0 under the sqrt(u) allowance."""
    code = _train(tmp_path, "--dataset", "diabetes", "--layers", "10,1", "--activations", "identity",
                  "--learning-rate", "0.5068500339984894", "--iterations", "130", "--dtype", "float32")
    err = capsys.readouterr().err
    assert code == 2 and "did not descend: the cost rose from 0.8345" in err, err


def test_a_file_saved_without_a_run_record_resumes_with_a_note_its_dtype_and_no_step_count(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = NetworkSpec((30, 3, 1), ("tanh", "sigmoid"), "binary_cross_entropy", 0.01)
    old = tmp_path / "old.npz"
    save_parameters(old, spec, init_parameters(spec, dtype=np.float32))       # as saved before run records
    assert _train(tmp_path / "run", "--load", str(old), "--iterations", "5", "--l2", "0.5") == 0
    out = capsys.readouterr().out
    assert f"resumed from {old} (its steps not recorded): steps 1 to 5" in out and ", float32" in out, out
    assert f"note: {old} records no run (saved without one): its steps are not known, and the options left out " \
        "take their defaults (the dtype is its arrays')\n" in out, out
    assert f"note: --l2 0.5 is not the 0.01 of the network saved in {old}" in out, out
    run = load_run(tmp_path / "run" / "params.npz")[2]
    assert run["dtype"] == "float32" and "iterations" not in run, run          # no count that claims 5 steps in all


def test_a_divergence_at_the_last_update_of_a_resumed_run_says_which_step_overall(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _train(tmp_path / "a", "--dataset", "diabetes", "--iterations", "50") == 0
    capsys.readouterr()
    assert _train(tmp_path / "b", "--load", str(tmp_path / "a" / "params.npz"), "--learning-rate", "1e300",
                  "--iterations", "1") == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "backprop train: gradient descent diverged at iteration 1: the last update made the cost inf (of this run: "
        "after step 51 overall); try a smaller --learning-rate than 1e+300")


def test_a_record_without_a_dtype_resumes_in_its_arrays_dtype_and_notes_show_every_digit(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = NetworkSpec((30, 3, 1), ("tanh", "sigmoid"), "binary_cross_entropy", 0.01)
    saved = tmp_path / "p32.npz"
    save_parameters(saved, spec, init_parameters(spec, dtype=np.float32), {"seed": 0, "learning_rate": 0.1})
    assert _train(tmp_path / "run", "--load", str(saved), "--iterations", "2", "--learning-rate", "0.1000001") == 0
    out = capsys.readouterr().out
    assert ", float32" in out and f"note: --learning-rate 0.1000001 is not the 0.1 of the run saved in {saved}" in out


def test_a_divergence_in_a_resumed_run_says_which_step_overall(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert _train(tmp_path / "a", "--dataset", "diabetes", "--iterations", "50") == 0
    capsys.readouterr()
    assert _train(tmp_path / "b", "--load", str(tmp_path / "a" / "params.npz"), "--learning-rate", "3",
                  "--iterations", "500") == 2
    error = capsys.readouterr().err.splitlines()[-1]
    at = re.search(r"diverged at iteration (\d+): .* \(of this run: after step (\d+) overall\); try a smaller", error)
    assert at is not None and int(at[2]) == int(at[1]) + 50, error


def test_resuming_on_another_split_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _train(tmp_path / "a", "--layers", "30,2,1", "--iterations", "3", "--seed", "3") == 0
    saved = tmp_path / "a" / "params.npz"
    capsys.readouterr()
    assert _train(tmp_path / "b", "--load", str(saved), "--iterations", "2", "--seed", "4",
                  "--learning-rate", "0.5") == 0
    notes = [line for line in capsys.readouterr().out.splitlines() if line.startswith("note:")]
    assert notes == [f"note: --seed 4 is not the 3 of the run saved in {saved}: another train/test split, whose test "
                     "examples the saved parameters may have been trained on"], notes   # alpha 0.5 is the file's


def test_check_oracle_passes_and_reports_every_k_steps(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ("--dataset", "breast_cancer", "--iterations", "20", "--check-oracle", "--check-every", "10")
    assert _train(tmp_path, *args) == 0
    out = capsys.readouterr().out
    assert "step     10:" in out and "step     20:" in out and "PASS" in out
    assert _train(tmp_path, *args, "--tolerance", "0") == 1               # rounding differs: 0 is too strict
    assert "FAIL" in capsys.readouterr().out


#: (arguments, the option the one error line must name as typed, a fragment of that line). {inputs} is a directory
#: holding a_file (a text file), a_dir (a directory), flower.npz (parameters of the flower's 2,8,1 network), plots (a
#: folder whose cost.png is a folder) and flower_plots (whose boundary.png is a folder), among others.
BAD_OPTIONS = [
    (("--seed", "-1"), "--seed", "--seed must be an int >= 0; got '-1' (see backprop train --help)"),
    (("--threads", "-3"), "--threads", "--threads must be an int from 1 to "),     # bench's rule: the cores
    (("--threads", "0"), "--threads", "--threads must be an int from 1 to "),      # available (test_cli_verify's
    (("--threads", "1000"), "--threads", "(the "),                                 # BAD_NUMBERS has the line)
    (("--iterations", "0"), "--iterations", "--iterations must be an int >= 1; got '0'"),
    (("--iterations", "-5"), "--iterations", "--iterations must be an int >= 1; got '-5'"),
    (("--check-every", "0"), "--check-every", "--check-every must be an int >= 1; got '0'"),
    (("--learning-rate", "-1"), "--learning-rate", "--learning-rate must be a finite number >= 0; got '-1'"),
    (("--learning-rate", "nan"), "--learning-rate", "--learning-rate must be a finite number >= 0; got 'nan'"),
    (("--learning-rate", "inf"), "--learning-rate", "--learning-rate must be a finite number >= 0; got 'inf'"),
    (("--l2", "-0.5"), "--l2", "--l2 must be a finite number >= 0; got '-0.5'"),
    (("--l2", "inf"), "--l2", "--l2 must be a finite number >= 0; got 'inf'"),
    (("--test-fraction", "1.5"), "--test-fraction", "--test-fraction must be between 0 and 1; got '1.5'"),
    (("--test-fraction", "0"), "--test-fraction", "--test-fraction must be between 0 and 1; got '0'"),
    (("--test-fraction", "nan"), "--test-fraction", "--test-fraction must be between 0 and 1; got 'nan'"),
    (("--dataset", "flower", "--test-fraction", "0.999"), "--test-fraction", "--test-fraction 0.999 leaves 0 "
     "training and 400 test examples of flower's 400; each side needs at least 2"),
    (("--dataset", "diabetes", "--test-fraction", "0.0001"), "--test-fraction", "leaves 441 training and 1 test "
     "examples of diabetes's 442"),                                      # R^2 of one example: nan, exit 0
    (("--dataset", "diabetes", "--test-fraction", "0.997"), "--test-fraction", "leaves 1 training and 441 test"),
    (("--check-oracle", "--tolerance", "-1"), "--tolerance", "--tolerance must be a finite number >= 0; got '-1'"),
    (("--check-oracle", "--tolerance", "nan"), "--tolerance", "--tolerance must be a finite number >= 0; got 'nan'"),
    (("--check-oracle", "--tolerance", "inf"), "--tolerance", "--tolerance must be a finite number >= 0; got 'inf'"),
    (("--check-every", "5"), "--check-every", "--check-every and --tolerance apply to --check-oracle"),
    (("--tolerance", "1e-8"), "--tolerance", "--check-every and --tolerance apply to --check-oracle"),
    (("--save", "{out}"), "--save", "is --out's folder"),
    (("--save", "{top}"), "--save", "or a folder above it"),      # {inputs}/.. is refused by its spelling first
    (("--load", "{inputs}/float32.npz", "--check-oracle"), "--dtype", "use it with --dtype float64 (float32 is the "
                                                                     "dtype of the run saved in"),
    (("--load", "{inputs}/bad_run.npz"), "--load", "its run record has seed -1, which backprop train does not write"),
    (("--load", "{inputs}/flower.npz"), "--load", "(breast_cancer is only the default: the file does not name its "
                                                  "data; give --dataset)"),
    (("--load", "{inputs}/bad_seed.npz"), "--load", "its run record has seed 1.5,"),
    (("--load", "{inputs}/bad_iterations.npz"), "--load", "its run record has iterations True,"),
    (("--load", "{inputs}/bad_learning_rate.npz"), "--load", "its run record has learning_rate '0.5',"),
    (("--load", "{inputs}/bad_dataset.npz"), "--load", "its run record has dataset 'mnist',"),
    (("--load", "{inputs}/bad_nan.npz"), "--load", "its run record has test_fraction nan,"),
    (("--check-oracle", "--dtype", "float32"), "--dtype", "use it with --dtype float64"),
    (("--layers", "5,3,1"), "--layers", "must start with n[0] = 30"),
    (("--layers", "30,x,1"), "--layers", "--layers must be integers"),
    (("--layers", "30,,1"), "--layers", "--layers must be a comma-separated list"),
    (("--layers", "30,0,1"), "--layers", "--layers must all be positive; got '30,0,1'"),
    (("--layers", "30"), "--layers", "--layers needs n[0] and at least one layer"),
    (("--layers", "30,99999999999,1"), "--layers", "--layers 30,99999999999,1: 3,199,999,999,969 parameters do not "
                                                   "fit in memory"),                # a MemoryError traceback before
    (("--layers", "30,9999999999999999999999,1"), "--layers", "parameters do not fit in memory"),   # a ValueError
    (("--layers", "30,3000000,1000,1"), "--layers", "parameters do not fit in memory"),   # an OOM kill: 24 GB lazily
    (("--activations", "tanh,softmax"), "--activations", "must end with sigmoid"),
    (("--activations", "tanh"), "--activations", "--activations needs one name per layer"),
    (("--layers", "30,4,4,1", "--activations", "tanh,sigmoid"), "--activations", "one name per layer"),
    (("--activations", "tanh,sigmod"), "--activations", "did you mean 'sigmoid'?"),
    (("--activations", "softmax,sigmoid"), "--activations", "softmax is for the output layer only"),
    (("--load", "{inputs}/missing.npz"), "--load", "no such file"),
    (("--load", "{inputs}/a_file"), "--load", "not an .npz archive"),
    (("--load", "{inputs}/a_dir"), "--load", "not a valid"),
    (("--load", "{inputs}/flower.npz"), "--load", "does not fit breast_cancer"),
    (("--load", "{inputs}/flower.npz", "--layers", "30,16,1"), "--load", "leave out --layers"),
    (("--save", "{inputs}/a_dir"), "--save", "is a directory"),
    (("--save", "{inputs}/b_dir"), "--save", "b_dir.npz is a directory"),          # the name it would write
    (("--save", "{inputs}/a_file/params.npz"), "--save", "is not a directory"),
    (("--out", "{inputs}/a_file"), "--out", "is not a directory"),
    (("--out", "{inputs}/a_file/run"), "--out", "is not a directory"),
    (("--out", "{inputs}/plots"), "--out", "--out {inputs}/plots: {inputs}/plots/cost.png is a directory"),
    (("--out", "{inputs}/plots", "--save", "{inputs}/p.npz"), "--out", "plots/cost.png is a directory"),  # still drawn
    (("--dataset", "flower", "--out", "{inputs}/flower_plots"), "--out", "flower_plots/boundary.png is a directory"),
    *([(("--out", "/proc/nope"), "--out", "--out /proc/nope: cannot create a directory in /proc")]  # root passes
      if os.path.isdir("/proc") else []),                                                     # os.access here
]


def _bad_run(tmp_path: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...]) -> tuple[int, str, str]:
    inputs = tmp_path / "inputs"
    (inputs / "a_dir").mkdir(parents=True)
    (inputs / "b_dir.npz").mkdir()
    (inputs / "a_file").write_text("not parameters\n")
    (inputs / "plots" / "cost.png").mkdir(parents=True)
    (inputs / "flower_plots" / "boundary.png").mkdir(parents=True)
    flower = NetworkSpec((2, 8, 1), ("tanh", "sigmoid"), "binary_cross_entropy")
    save_parameters(inputs / "flower.npz", flower, init_parameters(flower))
    breast = NetworkSpec((30, 2, 1), ("tanh", "sigmoid"), "binary_cross_entropy")
    save_parameters(inputs / "bad_run.npz", breast, init_parameters(breast), {"seed": -1})
    save_parameters(inputs / "float32.npz", breast, init_parameters(breast, dtype=np.float32), {"dtype": "float32"})
    for name, value in (("seed", 1.5), ("iterations", True), ("learning_rate", "0.5"), ("dataset", "mnist")):
        save_parameters(inputs / f"bad_{name}.npz", breast, init_parameters(breast), {name: value})
    nan = inputs / "bad_nan.npz"                  # NaN is no JSON, but Python's json reads it (save refuses it)
    np.savez(nan, header=np.array('{"format": "manual-backprop-params", "version": 1, "spec": '
                                  + json.dumps(breast.to_dict()) + ', "run": {"test_fraction": NaN}}'),
             **init_parameters(breast))
    try:                                          # a number out of its range: refused by argparse, SystemExit(2)
        code = main(["train", "--out", str(tmp_path / "out"),
                     *(arg.format(inputs=inputs, out=tmp_path / "out", top=tmp_path) for arg in args)])
    except SystemExit as exit_info:
        code = int(exit_info.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(("args", "option", "message"), BAD_OPTIONS)
def test_every_bad_option_exits_2_with_one_line_naming_it(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                          args: tuple[str, ...], option: str, message: str) -> None:
    code, _, err = _bad_run(tmp_path, capsys, args)
    assert code == 2 and err.count("\n") == 1, err
    message = message.format(inputs=tmp_path / "inputs")
    assert err.startswith("backprop train: ") and option in err and message in err, err


@pytest.mark.parametrize(("args", "option", "message"), BAD_OPTIONS)
def test_bad_arguments_are_refused_before_anything_is_printed_or_written(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], option: str, message: str) -> None:
    code, out, err = _bad_run(tmp_path, capsys, args)
    assert code == 2 and out == "" and "train [" not in err, out + err     # no header, no progress bar
    assert not (tmp_path / "out").exists()                                   # nothing trained, nothing written


@pytest.mark.parametrize(("args", "option"), [
    (("--dataset", "bogus"), "--dataset"),
    (("--dtype", "float16"), "--dtype"),
    (("--seed", "x"), "--seed"),
    (("--iterations", "1.5"), "--iterations"),
    (("--learning-rate", "fast"), "--learning-rate"),
    (("--out", ""), "--out"),           # an empty path, refused as bench, vectors and check-port refuse it
    (("--save", ""), "--save"),
    (("--load", ""), "--load"),         # it read '.': "not a valid manual-backprop-params file (... Is a directory)"
])
def test_values_argparse_cannot_convert_exit_2_naming_the_option(capsys: pytest.CaptureFixture[str],
                                                                 args: tuple[str, ...], option: str) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["train", *args])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"backprop train: {option} must "), err   # one line, as all
    assert args[1] or err.startswith(f"backprop train: {option} must name a path; got ''"), err


@pytest.mark.parametrize("option", ["--save", "--load"])
@pytest.mark.parametrize("tail", [os.sep, f"{os.sep}.", f"{os.sep}.."])
def test_a_file_option_ending_in_a_separator_names_a_folder_and_is_refused_naming_a_file_in_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], option: str, tail: str) -> None:
    """--save runs/new/ wrote runs/new/.npz (np.savez's rule appends .npz to the whole text), a hidden file, and
    --load runs/new/ read it back; a trailing '/' (or a last '.' or '..') means a folder, as --out takes one."""
    given = f"{tmp_path / 'new'}{tail}"
    with pytest.raises(SystemExit) as exit_info:
        main(["train", "--out", str(tmp_path / "out"), "--iterations", "2", option, given])
    err = capsys.readouterr().err
    folder = os.path.normpath(given)
    assert exit_info.value.code == 2 and err.count("\n") == 1, err
    assert err.startswith(f"backprop train: {option} {given!r} names a folder; name a file in it, e.g. "
                          f"{os.path.join(folder, 'params.npz')} (see "), err
    assert os.listdir(tmp_path) == []                                      # nothing trained, nothing written


def test_a_cost_not_finite_before_any_update_is_not_blamed_on_the_learning_rate(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = NetworkSpec((30, 16, 1), ("tanh", "sigmoid"), "binary_cross_entropy", 0.1)
    huge = {key: value * 1e200 for key, value in init_parameters(spec).items()}   # the L2 term overflows: J = inf
    save_parameters(tmp_path / "huge.npz", spec, huge)
    assert _train(tmp_path, "--load", str(tmp_path / "huge.npz"), "--iterations", "3") == 2
    errors = [line for line in capsys.readouterr().err.splitlines() if not line.startswith("train [")]
    assert len(errors) == 1 and "diverged at iteration 0" in errors[0] and "learning rate is not the cause" in \
        errors[0] and "--learning-rate" not in errors[0], errors


def test_divergence_gives_one_line_naming_the_learning_rate_option(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert _train(tmp_path, "--learning-rate", "1e6", "--iterations", "300") == 2
    err = capsys.readouterr().err
    errors = [line for line in err.splitlines() if not line.startswith("train [")]   # the progress bar aside
    data = load("breast_cancer", seed=0, test_fraction=0.2)
    spec = NetworkSpec((30, 16, 1), ("tanh", "sigmoid"), "binary_cross_entropy", 0.01)
    with pytest.raises(DivergenceError) as one_call:    # the iteration is the run's, not its chunk's (of 1 step)
        gradient_descent(spec, init_parameters(spec), data.X_train, data.Y_train, 1e6, 300)
    assert len(errors) == 1 and re.fullmatch(             # the whole line: one cause, one advice
        rf"backprop train: gradient descent diverged at iteration {one_call.value.iteration}: the cost is (inf|nan); "
        r"try a smaller --learning-rate than 1e\+06", errors[0]), (err, one_call.value)
    assert one_call.value.iteration > 1


def test_a_cost_not_finite_at_a_later_chunk_s_start_is_blamed_on_the_learning_rate_not_the_parameters(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The review: a chunk after the first that found J not finite at its own first step passed on gradient_descent's
    'the cost of the parameters given overflows before any update: the learning rate is not the cause', then the
    command added 'try a smaller --learning-rate': two opposite causes in one line."""
    import manual_backprop.commands.train_descent as train_descent
    from manual_backprop.progress import Progress

    calls: list[object] = []

    def second_chunk_starts_at_inf(*args: Any) -> Any:
        calls.append(args)
        if len(calls) == 2:
            raise DivergenceError("gradient descent diverged at iteration 0: the cost is inf; the cost of the "
                                  "parameters given overflows before any update: the learning rate is not the cause", 0)
        return gradient_descent(*args)

    monkeypatch.setattr(train_descent, "gradient_descent", second_chunk_starts_at_inf)
    data = load("diabetes", seed=0, test_fraction=0.2)
    spec = NetworkSpec((10, 2, 1), ("tanh", "identity"), "mean_squared_error")
    with pytest.raises(DivergenceError) as raised:
        train_descent.descend(spec, init_parameters(spec), data.X_train, data.Y_train, 0.5, 100, Progress(100, "t"))
    assert (str(raised.value), raised.value.iteration) == (
        "gradient descent diverged at iteration 16: the cost is inf; try a smaller learning_rate than 0.5", 16)


def test_the_chunks_take_the_steps_of_one_call_bit_for_bit() -> None:
    from manual_backprop.commands.train_descent import descend
    from manual_backprop.progress import Progress

    data = load("diabetes", seed=0, test_fraction=0.2)
    spec = NetworkSpec((10, 5, 1), ("tanh", "identity"), "mean_squared_error", 0.01)
    params, X, Y = init_parameters(spec, seed=1), data.X_train, data.Y_train
    straight, costs = gradient_descent(spec, params, X, Y, 0.05, 451)
    descent = descend(spec, params, X, Y, 0.05, 451, Progress(451, "train"))    # 28 chunks of 16 steps, then 3
    assert descent.costs == costs and not descent.interrupted
    for key in straight:
        np.testing.assert_array_equal(descent.params[key], straight[key], strict=True)


def test_ctrl_c_keeps_the_steps_done_saves_them_resumably_and_exits_130(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], ctrl_c_in_chunk: Callable[[int], None]) -> None:
    ctrl_c_in_chunk(4)
    assert _train(tmp_path, "--layers", "30,3,1", "--iterations", "1000", "--seed", "2") == 130   # chunks of 16 steps
    out, err = capsys.readouterr()
    assert err.endswith("backprop train: interrupted\n") and \
        f"interrupted after 48 iterations of 1000: wrote {tmp_path / 'params.npz'}, {tmp_path / 'cost.png'}" in out
    assert f"to go on: --load {tmp_path / 'params.npz'} --iterations 952 --out {tmp_path}" in out, out
    spec, params, run = load_run(tmp_path / "params.npz")
    assert run["iterations"] == 48 and run["seed"] == 2
    data = load("breast_cancer", seed=2, test_fraction=0.2)
    straight, _ = gradient_descent(spec, init_parameters(spec, seed=2), data.X_train, data.Y_train, 0.5, 48)
    for key in straight:
        np.testing.assert_array_equal(params[key], straight[key], strict=True)


def test_a_save_name_without_npz_gets_it_and_the_printed_lines_name_the_file_written(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], ctrl_c_in_chunk: Callable[[int], None]) -> None:
    """--save runs/bc writes runs/bc.npz, as save_parameters (and np.savez) name it: 'wrote' and the Ctrl-C 'to go on'
    line give that name, which --load then reads (they gave runs/bc, which save_parameters no longer writes)."""
    ctrl_c_in_chunk(2)
    save = tmp_path / "saved run" / "my bc"                  # spaces: the 'to go on' line is quoted for a shell
    assert _train(tmp_path / "run", "--layers", "30,3,1", "--iterations", "100", "--save", str(save)) == 130
    out = capsys.readouterr().out
    assert f"interrupted after 16 iterations of 100: wrote {save}.npz, {tmp_path / 'run' / 'cost.png'}" in out, out
    go_on = [line for line in out.splitlines() if line.startswith("to go on: ")]
    assert [shlex.split(line.removeprefix("to go on: ")) for line in go_on] == [
        ["--load", f"{save}.npz", "--iterations", "84", "--out", str(tmp_path / "run")]], out
    assert os.listdir(save.parent) == ["my bc.npz"]
    assert load_run(f"{save}.npz")[2]["iterations"] == 16


@pytest.mark.parametrize("plot", ["cost.png", "boundary.png"])
def test_a_save_named_after_a_plot_is_written_beside_it_with_npz(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], plot: str) -> None:
    """--save <out>/cost.png was refused (the plot would replace the parameters); with .npz appended it cannot."""
    assert _train(tmp_path, "--dataset", "flower", "--iterations", "2", "--save", str(tmp_path / plot)) == 0
    assert (tmp_path / plot).read_bytes().startswith(PNG_MAGIC)
    assert load_parameters(tmp_path / f"{plot}.npz")[0].layer_sizes == (2, 8, 1)
    assert f"wrote {tmp_path / plot}.npz, " in capsys.readouterr().out


def test_a_folder_named_after_a_plot_that_is_not_drawn_does_not_stop_the_run(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """boundary.png is drawn for the 2-D flower data alone: a folder of that name elsewhere is no clash."""
    (tmp_path / "boundary.png").mkdir()
    assert _train(tmp_path, "--layers", "30,2,1", "--iterations", "2") == 0
    assert (tmp_path / "cost.png").read_bytes().startswith(PNG_MAGIC)


def test_the_plots_checked_up_front_are_those_write_run_draws() -> None:
    """train_args.plot_names, by which the files are checked before training and write_run draws them, names
    boundary.png for exactly the datasets of 2-D classes, the only ones a decision boundary can be drawn for (a folder
    of that name was found only after training, with params.npz written)."""
    from manual_backprop.commands.train_args import DATASETS, plot_names
    from manual_backprop.metrics import is_regression

    for name in DATASETS:
        data = load(name)
        spec = NetworkSpec((data.n_x, data.n_y), (data.output_activation,), data.loss)
        drawn = data.n_x == 2 and not is_regression(spec)
        assert plot_names(name) == (("cost.png", "boundary.png") if drawn else ("cost.png",)), name


@pytest.mark.parametrize(("dtype", "iterations"), [("float64", 100), ("float32", 20)])
def test_a_cost_that_ends_above_its_start_exits_2_and_writes_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], dtype: str, iterations: int) -> None:
    # diabetes at alpha 1: J 0.661 -> 4.3e23 in 20 steps, finite all along. Session 27's report was 200 steps to
    # 4.9e301 on an Intel VM; an AMD one (another BLAS kernel) overflowed at step 191 (session 29), so 100 (3.1e154)
    code = _train(tmp_path / "run", "--dataset", "diabetes", "--learning-rate", "1", "--iterations", str(iterations),
                  "--dtype", dtype)
    out, err = capsys.readouterr()
    errors = [line for line in err.splitlines() if not line.startswith("train [")]
    assert code == 2 and len(errors) == 1, err
    assert re.fullmatch(r"backprop train: gradient descent did not descend: the cost rose from 0\.66\d+ to \S+e\+\d+ "
                        rf"over {iterations} iterations; try a smaller --learning-rate than 1", errors[0]), errors
    assert "R^2" not in out and not (tmp_path / "run").exists()


@pytest.mark.parametrize(("target", "option"), [("save_parameters", "--save"), ("plot_costs", "--out")])
def test_a_file_that_cannot_be_written_gives_one_line_naming_the_option(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        target: str, option: str) -> None:
    def refuse(*args: object) -> Path:
        raise PermissionError(13, "Permission denied")

    module = manual_backprop.params_io if target == "save_parameters" else manual_backprop.plots
    monkeypatch.setattr(module, target, refuse)
    save = tmp_path / "saved" / "params.npz"
    assert _train(tmp_path, "--dataset", "flower", "--iterations", "2", "--save", str(save)) == 2
    err = capsys.readouterr().err
    errors = [line for line in err.splitlines() if not line.startswith("train [")]
    assert len(errors) == 1 and errors[0].startswith(f"backprop train: {option} ") and "Permission denied" in err, err


COST_LINE = re.compile(r"^cost J: (\S+) -> (\S+) \(increased at (\d+) of (\d+) steps(?:, by at most \S+ relative)?\)$",
                       re.M)


def test_printed_final_cost_is_the_cost_of_the_saved_parameters(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    plotted: list[list[float]] = []
    real_plot = manual_backprop.plots.plot_costs

    def plot_costs(costs: list[float], *args: str) -> Path:
        plotted.append(list(costs))
        return real_plot(costs, *args)

    monkeypatch.setattr(manual_backprop.plots, "plot_costs", plot_costs)
    assert _train(tmp_path, "--dataset", "flower", "--iterations", "3") == 0
    out, err = capsys.readouterr()
    match = COST_LINE.search(out)
    assert match is not None, out
    spec, trained = load_parameters(tmp_path / "params.npz")
    data = load("flower")
    final = cost(spec, trained, data.X_train, data.Y_train)
    assert float(match[2]) == pytest.approx(final, rel=1e-5)          # printed with 6 significant digits
    assert f"J = {final:.6g}" in err.splitlines()[-1]                 # the progress bar ends on it too
    assert match[4] == "3"                                            # every update is judged, the last one too
    (curve,) = plotted
    assert len(curve) == 4 and curve[-1] == final                     # J after 0, 1, 2 and 3 updates


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
    assert err.startswith(f"backprop train: --load {bad}: not a valid") and "\n" not in err


def test_without_scikit_learn_the_command_names_the_data_extra(monkeypatch: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "sklearn", None)                  # import sklearn now raises ImportError
    assert main(["train", "--dataset", "digits"]) == 2
    assert "manual-backprop[data]" in capsys.readouterr().err


def test_a_reader_that_closes_the_pipe_after_the_first_line_does_not_lose_the_run(tmp_path: Path) -> None:
    """`backprop train ... | head -1`, stdout unbuffered: the report's next line met the closed pipe (exit 141) before
    the files were written. The files come first now; the report after them may still meet the closed pipe."""
    import subprocess

    env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": os.pathsep.join(sys.path)}
    process = subprocess.Popen([sys.executable, "-m", "manual_backprop", "train", "--iterations", "20", "--out",
                                str(tmp_path)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    assert process.stdout is not None
    assert process.stdout.readline().startswith(b"breast_cancer: ")
    process.stdout.close()                                  # as head -1 does
    assert process.wait(timeout=120) == 141
    assert sorted(os.listdir(tmp_path)) == ["cost.png", "params.npz"]


def test_a_file_that_cannot_be_written_after_training_comes_after_the_report(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """The files are written before the report is printed; one that fails still leaves the report (cost, scores)
    on stdout above its one-line error (the reorder had dropped it)."""
    import errno

    def full_disk(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    monkeypatch.setattr(manual_backprop.plots, "plot_costs", full_disk)
    assert _train(tmp_path, "--iterations", "20") == 2
    out, err = capsys.readouterr()
    assert "\ncost J: " in out and "\ntrain accuracy " in out and "wrote" not in out, out
    assert err.endswith(f"\nbackprop train: --out {tmp_path}: cannot write (No space left on device)\n"), err


@pytest.mark.parametrize(("name", "value"), [("dtype", "float16"), ("test_fraction", 0.0), ("test_fraction", 1.0)])
def test_a_run_record_with_a_value_backprop_train_does_not_write_is_refused_naming_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, value: object) -> None:
    spec = NetworkSpec((30, 2, 1), ("tanh", "sigmoid"), "binary_cross_entropy")
    saved = tmp_path / "p.npz"
    save_parameters(saved, spec, init_parameters(spec), {"dataset": "breast_cancer", name: value})
    assert _train(tmp_path / "run", "--load", str(saved), "--iterations", "1") == 2
    assert capsys.readouterr().err == (f"backprop train: --load {saved}: its run record has {name} {value!r}, which "
                                       "backprop train does not write\n")


def test_a_run_record_s_other_keys_and_a_learning_rate_of_0_are_read_and_notes_show_whole_numbers_bare(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A key backprop train does not know (a later version's) is no reason to refuse the file, nor a learning rate of
    0, which --learning-rate takes; --learning-rate 1 against a saved 0.0 reads '1' and '0', not '1.0' and '0.0'."""
    spec = NetworkSpec((30, 2, 1), ("tanh", "sigmoid"), "binary_cross_entropy")
    saved = tmp_path / "p.npz"
    save_parameters(saved, spec, init_parameters(spec), {"dataset": "breast_cancer", "learning_rate": 0.0,
                                                         "comment": "a key of a later version"})
    assert _train(tmp_path / "run", "--load", str(saved), "--iterations", "1", "--learning-rate", "1") == 0
    notes = [line for line in capsys.readouterr().out.splitlines() if line.startswith("note:")]
    assert notes == [f"note: --learning-rate 1 is not the 0 of the run saved in {saved}"], notes


def test_the_cost_plot_s_title_names_the_data_network_alpha_and_only_a_lambda_or_resume_there_is(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    titles: list[str] = []

    def plot_costs(costs: list[float], path: Path, title: str, start: int = 0) -> Path:
        titles.append(title)
        return Path(path)

    monkeypatch.setattr(manual_backprop.plots, "plot_costs", plot_costs)
    assert _train(tmp_path / "a", "--layers", "30,2,1", "--iterations", "3", "--learning-rate", "0.1",
                  "--l2", "0") == 0
    assert _train(tmp_path / "b", "--load", str(tmp_path / "a" / "params.npz"), "--iterations", "2",
                  "--l2", "0.01") == 0
    assert titles == ["breast_cancer: 30,2,1, alpha 0.1",
                      "breast_cancer: 30,2,1, alpha 0.1, lambda 0.01, resumed at step 4"], titles


def test_a_score_shows_4_decimals_and_a_far_negative_r_squared_4_significant_digits() -> None:
    from manual_backprop.commands.train_output import score_text

    assert [score_text(v) for v in (1.0, 0.5, -9999.5, -1e4, -10000.5, -123456.7)] == \
        ["1.0000", "0.5000", "-9999.5000", "-1e+04", "-1e+04", "-1.235e+05"]


@pytest.mark.parametrize("target", ["save_parameters", "plot_costs", "plot_decision_boundary"])
@pytest.mark.parametrize("save", [False, True])
def test_a_file_that_cannot_be_written_is_named_by_the_option_and_the_path_given(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, target: str,
        save: bool) -> None:
    """The parameters under --out when --save is left out, else under --save; the plots always under --out."""
    def refuse(*args: object) -> Path:
        raise PermissionError(13, "Permission denied")

    module = manual_backprop.params_io if target == "save_parameters" else manual_backprop.plots
    monkeypatch.setattr(module, target, refuse)
    out, saved = tmp_path / "run", tmp_path / "saved.npz"
    assert _train(out, "--dataset", "flower", "--iterations", "2", *(("--save", str(saved)) if save else ())) == 2
    named = f"--save {saved}" if save and target == "save_parameters" else f"--out {out}"
    errors = [line for line in capsys.readouterr().err.splitlines() if not line.startswith("train [")]
    assert errors == [f"backprop train: {named}: cannot write (Permission denied)"], errors


def test_the_boundary_plot_s_title_is_the_cost_plot_s_for_the_test_examples_and_one_step_is_singular(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    titles: list[object] = []

    def plot_decision_boundary(*args: object) -> Path:
        titles.append(args[-1])
        return Path(str(args[-2]))

    monkeypatch.setattr(manual_backprop.plots, "plot_decision_boundary", plot_decision_boundary)
    assert _train(tmp_path, "--dataset", "flower", "--layers", "2,3,1", "--iterations", "1", "--learning-rate", "0.1",
                  "--l2", "0") == 0
    assert titles == ["flower: 2,3,1, alpha 0.1 (test examples)"], titles
    assert ", alpha 0.1, 1 iteration, float64\n" in capsys.readouterr().out


def test_a_long_run_s_chunks_take_a_whole_number_of_steps_each_and_all_the_steps_of_one_call() -> None:
    """3,417 steps: chunks of 3417 // 200 = 17 steps (more than the 16 of MIN_CHUNK), then the 17 left; 3417 / 200
    steps is no count of steps."""
    from manual_backprop.commands.train_descent import descend
    from manual_backprop.progress import Progress

    spec = NetworkSpec((2, 2, 1), ("tanh", "sigmoid"), "binary_cross_entropy")
    X, Y = np.array([[0.0, 1.0, 0.5], [1.0, 0.0, -0.5]]), np.array([[1.0, 0.0, 1.0]])
    params = init_parameters(spec, seed=1)
    straight, costs = gradient_descent(spec, params, X, Y, 0.1, 3417)
    descent = descend(spec, params, X, Y, 0.1, 3417, Progress(3417, "train"))
    assert descent.costs == costs and not descent.interrupted
    for key in straight:
        np.testing.assert_array_equal(descent.params[key], straight[key], strict=True)


def test_the_progress_bar_moves_after_each_chunk_but_the_last_with_the_cost_it_ended_on() -> None:
    """451 steps: updates after 16, 32, ..., 448 steps, each with J after that chunk's last step (costs[n - 1]); none
    at 451, whose final J the command prints itself."""
    from manual_backprop.commands.train_descent import descend
    from manual_backprop.progress import Progress

    class Recording(Progress):
        def __init__(self) -> None:
            super().__init__(451, "train")
            self.updates: list[tuple[int, str]] = []

        def update(self, done: int, note: str = "") -> None:
            self.updates.append((done, note))

    spec = NetworkSpec((2, 2, 1), ("tanh", "sigmoid"), "binary_cross_entropy")
    X, Y = np.array([[0.0, 1.0, 0.5], [1.0, 0.0, -0.5]]), np.array([[1.0, 0.0, 1.0]])
    progress = Recording()
    descent = descend(spec, init_parameters(spec, seed=1), X, Y, 0.1, 451, progress)
    assert progress.updates == [(n, f"J = {descent.costs[n - 1]:.6g}") for n in range(16, 451, 16)]


@pytest.mark.parametrize(("record", "dataset"), [(None, "breast_cancer"), ({"dataset": "breast_cancer"}, None)])
def test_a_file_that_does_not_fit_the_data_gets_the_default_dataset_hint_only_when_nothing_named_the_data(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], record: dict[str, Any] | None, dataset: str | None) -> None:
    """The hint '(breast_cancer is only the default ...)' is for a file and a command line that both leave the
    data out (BAD_OPTIONS has that case); here --dataset, or the file's run record, named it."""
    flower = NetworkSpec((2, 8, 1), ("tanh", "sigmoid"), "binary_cross_entropy")
    saved = tmp_path / "flower.npz"
    save_parameters(saved, flower, init_parameters(flower), record)
    assert _train(tmp_path / "run", "--load", str(saved), *(("--dataset", dataset) if dataset else ())) == 2
    err = capsys.readouterr().err
    assert "does not fit breast_cancer" in err and "only the default" not in err, err


def test_check_oracle_says_what_it_compares_and_takes_float64_only(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    from manual_backprop.commands.train_oracle import check_oracle

    args = ("--dataset", "flower", "--layers", "2,3,1", "--iterations", "4", "--check-oracle", "--check-every", "2")
    assert _train(tmp_path, *args) == 0
    captured = capsys.readouterr()
    assert ("check-oracle: the same 4 steps with autodiff_oracle's float64 gradients (jax.grad); largest relative "
            "parameter difference max|P - P_oracle| / max|P_oracle|, every 2 steps:\n") in captured.out
    assert re.fullmatch(r"oracle \[#{30}\] 4/4 100% \(.*\) difference \d\.\d\de-\d\d", captured.err.splitlines()[-1]), \
        captured.err
    number = r"\d\.\d{3}e-\d\d"
    assert re.search(rf"every 2 steps:\n  step      2: {number} \(in \w+\)\n  step      4: {number} \(in \w+\)\n"
                     rf"PASS: the largest difference over the run is {number} \(tolerance 1e-10\)\n", captured.out), \
        captured.out
    spec = NetworkSpec((2, 3, 1), ("tanh", "sigmoid"), "binary_cross_entropy")
    X, Y = np.zeros((2, 3), np.float32), np.ones((1, 3), np.float32)
    with pytest.raises(ValueError) as raised:
        check_oracle(spec, init_parameters(spec, dtype=np.float32), X, Y, 0.1, 2, 1, 1e-8)
    assert str(raised.value) == "check_oracle compares float64 runs; got X of dtype float32"


@pytest.mark.parametrize(("difference", "verdict", "code"), [(1e-8, "PASS", 0), (2e-8, "FAIL", 1)])
def test_check_oracle_passes_a_difference_at_its_tolerance_and_fails_one_above(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, difference: float, verdict: str,
        code: int) -> None:
    import manual_backprop.trajectory
    from manual_backprop.commands.train_oracle import check_oracle
    from manual_backprop.trajectory import Checkpoint

    def compare_trajectories(*args: object) -> Any:
        yield Checkpoint(2, difference, "W1")

    monkeypatch.setattr(manual_backprop.trajectory, "compare_trajectories", compare_trajectories)
    spec = NetworkSpec((2, 3, 1), ("tanh", "sigmoid"), "binary_cross_entropy")
    X, Y = np.zeros((2, 3)), np.ones((1, 3))
    assert check_oracle(spec, init_parameters(spec), X, Y, 0.1, 2, 2, 1e-8) == code
    assert capsys.readouterr().out.splitlines()[-1] == \
        f"{verdict}: the largest difference over the run is {difference:.3e} (tolerance 1e-08)"


def test_train_help_describes_each_option_with_its_default(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["train", "--help"])
    assert stopped.value.code == 0
    text = " ".join(capsys.readouterr().out.split())    # argparse wraps the lines to the terminal's width
    for described in (
            "--dataset {breast_cancer,digits,diabetes,flower} default breast_cancer, or the --load file's",
            "--layers LAYERS n[0],...,n[L], e.g. 30,16,1 (default: n[0], the dataset's hidden layers, n[L]: "
            "breast_cancer 16, digits 32, diabetes 16, flower 8)",
            "--activations ACTIVATIONS g[1],...,g[L], e.g. tanh,sigmoid (default: tanh in every hidden layer, then the "
            "dataset's output activation; the last must suit the dataset's loss)",
            "--learning-rate LEARNING_RATE alpha (default: breast_cancer 0.5, digits 1.0, diabetes 0.05, flower 0.5, "
            "or the --load file's)",
            "--iterations ITERATIONS gradient-descent steps (default: breast_cancer 2000, digits 1000, diabetes 1000, "
            "flower 5000)",
            "--l2 L2 lambda, the L2 penalty (default: breast_cancer 0.01, digits 0.01, diabetes 0.01, flower 0.0, or "
            "the --load file's)",
            "--seed SEED seed of the initial parameters and of the train/test split (default 0, or the --load file's)",
            "--test-fraction TEST_FRACTION share of examples held out (default 0.2, or the --load file's)",
            "--dtype {float64,float32} default float64, or the --load file's",
            "--out OUT directory for cost.png, boundary.png, params.npz (default runs/<dataset>)",
            "--save SAVE where to save the trained parameters (default <out>/params.npz; .npz is appended to a name "
            "without it)",
            "--load LOAD resume from parameters saved by --save: the network, and the dataset, split, alpha and dtype "
            "of the saved run unless given; the steps count on from the file's",
            "--check-oracle repeat the run with the JAX oracle's gradients and compare",
            "--check-every CHECK_EVERY with --check-oracle: compare the two runs every k steps (default 100)",
            "--tolerance TOLERANCE with --check-oracle: largest relative parameter difference allowed (default 1e-10)",
            "--threads THREADS BLAS threads (default 1: the matrices are small)"):
        assert described in text, described


@pytest.mark.parametrize(("args", "line"), [
    (("--check-every", "5"), "--check-every and --tolerance apply to --check-oracle: add it, or leave them out (see "
                             "backprop train --help)"),         # what was typed: a usage error, pointing to --help
    (("--tolerance", "1e-8"), "--check-every and --tolerance apply to --check-oracle: add it, or leave them out (see "
                              "backprop train --help)"),
    (("--check-oracle", "--dtype", "float32"),                           # no file's dtype to blame
     "--check-oracle compares with the oracle's float64 run; use it with --dtype float64 (see backprop train --help)"),
    (("--save", "{out}"), "--save {out} is --out's folder {out} or a folder above it, which the run writes its plots "
                          "into; choose a file (see backprop train --help)"),
    # a place the run cannot write: the disk's state, not a usage error, so no pointer
    (("--save", "{tmp}/a_dir"), "--save {tmp}/a_dir is a directory; give a file name, e.g. params.npz in it"),
    (("--out", "{tmp}/full"), "--out {tmp}/full: {tmp}/full/params.npz is a directory; give a file name, e.g. "
                              "params.npz in it"),                  # the parameters' default place, without --save
])
def test_options_judged_before_the_data_is_loaded_are_refused_in_one_whole_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], line: str) -> None:
    (tmp_path / "a_dir").mkdir()
    (tmp_path / "full" / "params.npz").mkdir(parents=True)
    places = {"tmp": tmp_path, "out": tmp_path / "out"}
    assert _train(tmp_path / "out", *(arg.format(**places) for arg in args)) == 2
    assert capsys.readouterr().err == f"backprop train: {line.format(**places)}\n"


def test_a_save_over_an_existing_file_replaces_it(tmp_path: Path) -> None:
    (tmp_path / "p.npz").write_text("an older file\n")
    assert _train(tmp_path / "out", "--dataset", "flower", "--iterations", "2", "--save", str(tmp_path / "p.npz")) == 0
    spec, _ = load_parameters(tmp_path / "p.npz")
    assert spec.layer_sizes == (2, 8, 1)


def test_without_out_a_run_writes_into_runs_slash_its_dataset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["train", "--dataset", "flower", "--iterations", "2"]) == 0
    assert sorted(path.name for path in (tmp_path / "runs" / "flower").iterdir()) == ["boundary.png", "cost.png",
                                                                                      "params.npz"]
    assert "runs/flower/params.npz" in capsys.readouterr().out


@pytest.mark.parametrize(("extra", "threads"), [((), 1), (("--threads", "2"), 2)])
def test_the_run_limits_blas_to_one_thread_unless_threads_says_otherwise(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, extra: tuple[str, ...], threads: int) -> None:
    import contextlib

    import threadpoolctl

    from manual_backprop.commands import bench_args

    limits: list[dict[str, object]] = []

    def recorded(**options: object) -> contextlib.nullcontext[None]:
        limits.append(options)
        return contextlib.nullcontext()

    monkeypatch.setattr(threadpoolctl, "threadpool_limits", recorded)
    monkeypatch.setattr(bench_args, "cores_available", lambda: 2)      # --threads 2 allowed on a 1-core machine
    assert _train(tmp_path, "--dataset", "flower", "--iterations", "2", *extra) == 0
    assert limits == [{"limits": threads, "user_api": "blas"}]


@pytest.mark.parametrize(("args", "line"), [
    (("--activations", "tanh,,sigmoid"),
     "--activations must be a comma-separated list with no empty items; got 'tanh,,sigmoid'"),
    (("--activations", "tanh"),
     "--activations needs one name per layer: L = 2 for breast_cancer's default layers 30,16,1; got 'tanh' (1 "
     "name)"),
    (("--layers", "30,4,4,1", "--activations", "tanh,sigmoid"),
     "--activations needs one name per layer: L = 3 for --layers 30,4,4,1; got 'tanh,sigmoid' (2 names)"),
    (("--activations", "tanh,sigmod"),
     "--activations: g[2] must be one of sigmoid, tanh, relu, leaky_relu, identity, softplus, elu, gelu, silu, "
     "softmax; got 'sigmod' (did you mean 'sigmoid'?)"),    # as an unknown --dataset
    (("--activations", "softmax,sigmoid"), "--activations: softmax is for the output layer only; got it at g[1]"),
    (("--activations", "tanh,softmax"),
     "--activations must end with sigmoid for breast_cancer (loss binary_cross_entropy); got 'softmax'"),
    (("--dataset", "digits", "--layers", "64,10", "--activations", "relu"),
     "--activations must end with softmax for digits (loss categorical_cross_entropy); got 'relu'"),
    (("--layers", "30,4,4,1", "--activations", "tanh,relu,softmax"),     # the last of three, not the second
     "--activations must end with sigmoid for breast_cancer (loss binary_cross_entropy); got 'softmax'"),
    (("--layers", "30,,1"), "--layers must be a comma-separated list with no empty items; got '30,,1'"),
    (("--layers", "30,x,1"), "--layers must be integers n[0],...,n[L]; got '30,x,1'"),
    (("--layers", "30"), "--layers needs n[0] and at least one layer, n[0],...,n[L] with L >= 1; got '30'"),
    (("--layers", "30,0,1"), "--layers must all be positive; got '30,0,1'"),
    (("--layers", "5,3,1"), "--layers must start with n[0] = 30 and end with n[L] = 1 for breast_cancer; got '5,3,1'"),
    (("--layers", "30,99999999999,1"),
     "--layers 30,99999999999,1: 3,199,999,999,969 parameters do not fit in memory"),
    (("--load", "{inputs}/flower.npz", "--activations", "tanh,sigmoid"),
     "--load takes the network from the file; leave out --layers and --activations"),
    (("--load", "{inputs}/flower.npz", "--dataset", "diabetes"),
     "--load {inputs}/flower.npz holds a (2, 8, 1) network with loss binary_cross_entropy, which does not fit "
     "diabetes (n[0] = 10, n[L] = 1, loss mean_squared_error)"),
])
def test_settings_judged_against_the_data_are_refused_in_one_whole_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], line: str) -> None:
    code, out, err = _bad_run(tmp_path, capsys, args)
    assert code == 2 and out == ""
    assert err == f"backprop train: {line.format(inputs=tmp_path / 'inputs')} (see backprop train --help)\n"


def test_a_load_file_whose_sizes_fit_but_whose_loss_does_not_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    regression = NetworkSpec((30, 2, 1), ("tanh", "identity"), "mean_squared_error")
    save_parameters(tmp_path / "mse.npz", regression, init_parameters(regression), {"dataset": "breast_cancer"})
    assert _train(tmp_path / "out", "--load", str(tmp_path / "mse.npz")) == 2
    assert capsys.readouterr().err == (
        f"backprop train: --load {tmp_path / 'mse.npz'} holds a (30, 2, 1) network with loss mean_squared_error, which "
        "does not fit breast_cancer (n[0] = 30, n[L] = 1, loss binary_cross_entropy) (see backprop train --help)\n")


def test_a_split_too_small_that_a_load_file_gave_names_the_file_not_an_option_never_typed(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The file's run record is to blame, not what was typed: no --test-fraction and no pointer to --help (it said
    "--test-fraction 0.999 leaves ..."); typed, the split is a usage error (test_cli_verify's USAGE_ERRORS)."""
    flower = NetworkSpec((2, 8, 1), ("tanh", "sigmoid"), "binary_cross_entropy")
    save_parameters(tmp_path / "p.npz", flower, init_parameters(flower), {"dataset": "flower", "test_fraction": 0.999})
    assert _train(tmp_path / "out", "--load", str(tmp_path / "p.npz")) == 2
    assert capsys.readouterr().err == (
        f"backprop train: the test fraction 0.999 of the run saved in {tmp_path / 'p.npz'} leaves 0 training and 400 "
        "test examples of flower's 400; each side needs at least 2\n")


@pytest.mark.skipif(not hasattr(os, "sysconf") or "SC_PHYS_PAGES" not in os.sysconf_names,
                    reason="the system does not give its memory")
def test_the_memory_a_network_must_fit_in_is_the_machine_s_ram() -> None:
    """Read wrongly it is inf, and a network of 24 GB passed the check: a test then allocated it (session 29's
    mutation run: its mutants were stopped by hand at 17.6 GB and by a watchdog at 4 GB)."""
    from manual_backprop import train_run

    assert train_run._physical_memory() == float(os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")) < math.inf


@pytest.mark.parametrize(("memory", "code"), [(24 * 513, 0), (24 * 513 - 1, 2)])
def test_a_network_fits_in_memory_while_3_float64s_a_parameter_do(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, memory: int,
        code: int) -> None:
    """Its parameters, gradients and an update's temporaries: 30,16,1 has 513 parameters, 12,312 bytes of them."""
    from manual_backprop import train_run

    monkeypatch.setattr(train_run, "_physical_memory", lambda: float(memory))
    assert _train(tmp_path, "--layers", "30,16,1", "--iterations", "1") == code
    if code:
        assert capsys.readouterr().err == "backprop train: --layers 30,16,1: 513 parameters do not fit in memory " \
            "(see backprop train --help)\n"


def test_a_last_update_that_makes_the_cost_nan_gives_one_line_and_no_floating_point_warning(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Breast cancer's one update at alpha 1.5e308 leaves the parameters finite and Z[L] infinite, so J is nan
    (0 times inf in the cross-entropy): the saved parameters' cost is taken with NumPy's invalid flag silenced as well
    as overflow, or a run printed a RuntimeWarning above its one line (here, as conftest makes it, an error)."""
    assert _train(tmp_path, "--learning-rate", "1.5e308", "--iterations", "1") == 2
    errors = [line for line in capsys.readouterr().err.splitlines() if not line.startswith("train [")]
    assert errors == ["backprop train: gradient descent diverged at iteration 1: the last update made the cost nan; "
                      "try a smaller --learning-rate than 1.5e+308"], errors


@pytest.mark.parametrize(("above", "code"), [(False, 0), (True, 2)])
def test_a_cost_that_ends_exactly_at_its_start_s_rounding_allowance_has_not_risen(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, above: bool,
        code: int) -> None:
    """RISE: J may end up to 256 u / 2 (relative) above where it started and the run still counts as descended, that
    bound included; one double above it, the run did not descend. The last J is set to either."""
    import manual_backprop
    from manual_backprop.commands import train, train_descent

    real_descend, starts = train_descent.descend, []

    def recorded(*args: Any) -> Any:
        descent = real_descend(*args)
        starts.append(descent.costs[0])
        return descent

    def final_cost(*args: Any) -> float:
        allowed = starts[0] * (1 + train.RISE["float64"])
        return float(np.nextafter(allowed, math.inf)) if above else allowed

    monkeypatch.setattr(train_descent, "descend", recorded)
    monkeypatch.setattr(manual_backprop, "cost", final_cost)
    assert _train(tmp_path, "--dataset", "flower", "--iterations", "2") == code
    err = capsys.readouterr().err
    assert ("did not descend" in err) == above, err


def test_ctrl_c_in_a_run_whose_cost_rose_writes_nothing_and_says_from_what_to_what(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], ctrl_c_in_chunk: Callable[[int], None]) -> None:
    ctrl_c_in_chunk(2)                                  # after one chunk of 16 steps: diabetes at alpha 1 rises
    assert _train(tmp_path / "run", "--dataset", "diabetes", "--learning-rate", "1", "--iterations", "100") == 130
    out, err = capsys.readouterr()
    data = load("diabetes", seed=0, test_fraction=0.2)
    spec = NetworkSpec((10, 16, 1), ("tanh", "identity"), "mean_squared_error", 0.01)
    trained, costs = gradient_descent(spec, init_parameters(spec, seed=0), data.X_train, data.Y_train, 1.0, 16)
    final = cost(spec, trained, data.X_train, data.Y_train)
    assert final > costs[0]
    assert f"\ninterrupted after 16 iterations of 100: nothing written: the cost rose from {costs[0]:.10g} to " \
        f"{final:.10g}\n" in out, out
    assert err.endswith("backprop train: interrupted\n") and not (tmp_path / "run").exists()


def test_ctrl_c_in_a_resumed_run_of_a_file_that_records_no_steps_saves_no_step_count(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], ctrl_c_in_chunk: Callable[[int], None]) -> None:
    """The file's steps unknown, the 16 taken since are no count of the whole run (as for a finished run)."""
    spec = NetworkSpec((30, 3, 1), ("tanh", "sigmoid"), "binary_cross_entropy", 0.01)
    save_parameters(tmp_path / "old.npz", spec, init_parameters(spec))         # as saved before run records
    ctrl_c_in_chunk(2)
    assert _train(tmp_path / "run", "--load", str(tmp_path / "old.npz"), "--iterations", "100") == 130
    assert "interrupted after 16 iterations of 100: wrote " in capsys.readouterr().out
    run = load_run(tmp_path / "run" / "params.npz")[2]
    assert "iterations" not in run and run["dataset"] == "breast_cancer", run


def test_ctrl_c_in_a_run_without_out_says_how_to_go_on_without_out(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        ctrl_c_in_chunk: Callable[[int], None]) -> None:
    """The default --out, runs/<dataset>, is the next run's default too: the line to paste adds no --out."""
    monkeypatch.chdir(tmp_path)
    ctrl_c_in_chunk(2)
    assert main(["train", "--layers", "30,3,1", "--iterations", "100"]) == 130
    out = capsys.readouterr().out
    assert out.endswith(f"\nto go on: --load {Path('runs', 'breast_cancer', 'params.npz')} --iterations 84\n"), out


def test_the_report_counts_the_steps_the_cost_rose_at_and_the_largest_rise_relative_to_the_cost_before_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """J 0.8 -> 1 (a rise of 0.25 of 0.8) -> 0.5 -> 0.5 (level: no rise) -> 0.4, set in place of the run's own."""
    import dataclasses

    import manual_backprop
    from manual_backprop.commands import train_descent

    real_descend = train_descent.descend
    monkeypatch.setattr(train_descent, "descend", lambda *args: dataclasses.replace(
        real_descend(*args), costs=[0.8, 1.0, 0.5, 0.5]))
    monkeypatch.setattr(manual_backprop, "cost", lambda *args: 0.4)
    assert _train(tmp_path, "--dataset", "flower", "--iterations", "4") == 0
    assert "\ncost J: 0.8 -> 0.4 (increased at 1 of 4 steps, by at most 0.25 relative)\n" in capsys.readouterr().out


def test_a_float32_run_scores_its_examples_in_float32_labels_too(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """The train and test R^2 are those of the run's own dtype, as the cost it descended (float64 labels moved an
    R^2 by about 1e-7, which 4 decimals rarely show)."""
    from manual_backprop import metrics

    real_score, dtypes = metrics.score, []

    def recorded(spec: NetworkSpec, params: Any, X: Any, Y: Any) -> float:
        dtypes.append((X.dtype.name, Y.dtype.name))
        return real_score(spec, params, X, Y)

    monkeypatch.setattr(metrics, "score", recorded)
    assert _train(tmp_path, "--dataset", "diabetes", "--iterations", "2", "--dtype", "float32") == 0
    assert dtypes == [("float32", "float32")] * 2


@pytest.mark.parametrize(("fraction", "train", "test"), [("0.005", 398, 2), ("0.995", 2, 398)])
def test_a_split_that_leaves_2_examples_on_a_side_is_enough(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], fraction: str, train: int, test: int) -> None:
    """Fewer than 2 on either side are refused (BAD_OPTIONS); 2 are not (flower has 400 examples)."""
    assert _train(tmp_path, "--dataset", "flower", "--test-fraction", fraction, "--iterations", "1") == 0
    assert capsys.readouterr().out.startswith(f"flower: {train} training and {test} test examples, ")


def test_a_run_without_iterations_or_learning_rate_takes_its_dataset_s_defaults(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from manual_backprop.train_run import DEFAULTS

    defaults = DEFAULTS["diabetes"]                                  # 1,000 steps: diabetes' are the quickest
    assert _train(tmp_path, "--dataset", "diabetes") == 0
    out = capsys.readouterr().out
    assert f", alpha {defaults.learning_rate:g}, {defaults.iterations} iterations, float64\n" in out, out
    assert f" of {defaults.iterations} steps)\n" in out, out
    assert load_run(tmp_path / "params.npz")[2]["iterations"] == defaults.iterations


@pytest.mark.parametrize(("ulps", "verdict"), [(0, "alpha is under it"), (1, "alpha is ABOVE it")])
def test_the_learning_rate_bound_s_line_counts_alpha_at_the_bound_as_under_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], ulps: int, verdict: str) -> None:
    from manual_backprop.metrics import learning_rate_bound

    spec = NetworkSpec((30, 1), ("sigmoid",), "binary_cross_entropy", 0.01)
    bound = learning_rate_bound(spec, load("breast_cancer", seed=0, test_fraction=0.2).X_train)
    assert bound is not None
    alpha = bound if ulps == 0 else float(np.nextafter(bound, math.inf))
    assert _train(tmp_path, "--layers", "30,1", "--activations", "sigmoid", "--learning-rate", repr(alpha),
                  "--iterations", "5") == 0
    assert f"\nlearning-rate bound 2/L_J = {bound:.4g}: the cost cannot increase for alpha <= this, but by rounding " \
        f"({verdict})\n" in capsys.readouterr().out


@pytest.mark.parametrize(("missing", "args", "extra"), [
    ("matplotlib", (), "data"), ("jax", ("--check-oracle",), "data,oracle"),
    ("sklearn", ("--check-oracle",), "data,oracle"),
    ("threadpoolctl", ("--dataset", "flower", "--threads", "1"), "data")])   # was ignored: BLAS's own threads
def test_a_missing_package_is_named_with_the_one_install_that_brings_all_the_run_needs(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, missing: str,
        args: tuple[str, ...], extra: str) -> None:
    """The others present (test_dependencies.py blocks them all, in a fresh interpreter): each is named with the
    extras of the whole run, [data,oracle] with --check-oracle. threadpoolctl (scikit-learn brings it) only when
    --threads is given, as bench needs it: the flower data needs neither, and --threads was then ignored unsaid."""
    monkeypatch.setitem(sys.modules, missing, None)                     # import MISSING now raises ImportError
    assert main(["train", "--out", str(tmp_path), *args]) == 2
    assert capsys.readouterr().err == (f"backprop train: this command needs {missing}: pip install 'manual-backprop"
                                       f"[{extra}]' (import of {missing} halted; None in sys.modules)\n")


def test_without_threadpoolctl_a_run_goes_on_with_blas_s_own_threads(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """threadpoolctl comes with scikit-learn, which the flower data does not need: without --threads (the default,
    1, not asked for) the run goes on; with it the run is refused (the test above)."""
    monkeypatch.setitem(sys.modules, "threadpoolctl", None)
    assert _train(tmp_path, "--dataset", "flower", "--iterations", "2") == 0
    assert (tmp_path / "params.npz").exists()
