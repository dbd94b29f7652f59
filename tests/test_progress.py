"""The commands' progress line: done/total, time so far, time left and rate; one line per 10% off a terminal."""

from __future__ import annotations

import io
import os
import pathlib
import re
import sys
from collections.abc import Callable

import pytest

from manual_backprop import progress
from manual_backprop.cli import main


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(progress.time, "perf_counter", fake)
    return fake


def test_the_line_gives_time_so_far_time_left_and_rate(clock: Clock) -> None:
    bar = progress.Progress(200, "verify", io.StringIO(), width=10)
    clock.now += 4.0
    assert bar.line(50, "now: x") == "verify [##--------] 50/200  25% (4 s, 12/s) now: x"   # no estimate yet
    clock.now += 4.0
    assert bar.line(100) == "verify [#####-----] 100/200  50% (8 s, ~8 s left, 12/s)"     # 4 s per 50 since
    clock.now += 172.0
    assert bar.line(200) == "verify [##########] 200/200 100% (3 min 00 s, 1/s)"


def test_the_time_left_leaves_out_a_slow_start(clock: Clock) -> None:
    """verify's first 64 problems wait for JAX to compile (13 s of a 24 s run): the first line said ~10 min left."""
    bar = progress.Progress(3008, "verify", io.StringIO(), width=10)
    clock.now += 14.0
    assert "left" not in bar.line(64)
    clock.now += 0.5
    assert bar.line(1024).endswith("(14 s, ~1 s left, 1,920/s)")     # 960 in 0.5 s: 1,984 more in about 1 s


def test_a_step_slower_than_a_second_shows_seconds_each_and_nothing_done_shows_no_estimate(clock: Clock) -> None:
    bar = progress.Progress(10, "bench", io.StringIO(), width=10)
    assert bar.line(0, "now: seed tiny float64") == "bench [----------] 0/10   0% (0 s) now: seed tiny float64"
    clock.now += 25.0
    assert bar.line(2) == "bench [##--------] 2/10  20% (25 s, 12.5 s each)"
    clock.now += 25.0
    assert bar.line(4) == "bench [####------] 4/10  40% (50 s, ~1 min 15 s left, 12.5 s each)"
    clock.now += 2 * 3600
    assert bar.line(9).endswith("(2 h 00 min, ~17 min 12 s left, 1032.1 s each)")   # 7,225 s for 7 since line 1


def test_off_a_terminal_it_writes_one_line_per_tenth_and_the_last(clock: Clock) -> None:
    stream = io.StringIO()
    bar = progress.Progress(95, "verify", stream)
    for done in range(96):
        clock.now += 0.01
        bar.update(done)
    bar.close()
    lines = stream.getvalue().splitlines()
    assert [line.split()[2] for line in lines] == ["0/95", *(f"{d}/95" for d in (10, 19, 29, 38, 48, 57, 67, 76, 86)),
                                                  "95/95"]
    assert "\r" not in stream.getvalue()


def test_bench_names_each_step_while_it_runs(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from manual_backprop.bench import suite

    shown_while_timing: list[str] = []             # the progress line on screen as each case is being timed
    time_case = suite.time_case

    def watched(case: object, *rest: object, **options: object) -> object:
        shown_while_timing.append(capsys.readouterr().err.splitlines()[-1].split(") ", 1)[1])
        return time_case(case, *rest, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(suite, "time_case", watched)
    args = ["bench", "--sizes", "tiny", "--networks", "seed,deep", "--dtypes", "float64", "--rounds", "1",
            "--block-ms", "1", "--no-scaling", "--memory-size", "tiny", "--campaign-cases", "0", "--no-plots",
            "--peers", "manual,bound", "--out", str(tmp_path)]
    assert main(args) == 0
    assert shown_while_timing == ["now: seed tiny float64", "now: deep tiny float64"]
    notes = [line.split(") ", 1)[1] for line in capsys.readouterr().err.splitlines() if line.startswith("bench [")]
    assert notes == ["now: peak memory at tiny", "done"]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_command_stopped_mid_run_ends_the_bar_line_before_its_message(tmp_path: pathlib.Path,
                                                                        monkeypatch: pytest.MonkeyPatch,
                                                                        ctrl_c_in_chunk: Callable[[int], None]) -> None:
    """On a terminal the bar's line ends only at close(): Ctrl-C mid-run printed 'J = 0.5backprop train: interrupted'
    on one line. A divergence, even one the last update makes (the bar then shows J = inf), closes the bar itself."""
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    train = ["train", "--dataset", "breast_cancer", "--out", str(tmp_path)]
    assert main([*train, "--learning-rate", "1e6", "--iterations", "113"]) == 2
    assert terminal.getvalue().endswith(" J = inf\nbackprop train: gradient descent diverged at iteration 113: the "
                                        "last update made the cost inf; try a smaller --learning-rate than 1e+06\n")

    ctrl_c_in_chunk(4)                                      # Ctrl-C in the 4th of the run's chunks (of 16 steps)
    assert main([*train, "--iterations", "100"]) == 130
    assert re.search(r" J = \S+\nbackprop train: interrupted\n$", terminal.getvalue()), terminal.getvalue()[-200:]
    assert progress._unended is None                        # closed: a later bar's error adds no blank line


@pytest.mark.parametrize("columns", [24, 40, 60, 80, 200])
def test_on_a_terminal_each_redraw_fits_its_width_with_a_narrower_bar_first(
        clock: Clock, monkeypatch: pytest.MonkeyPatch, columns: int) -> None:
    """A line wider than the terminal wraps, and every redraw (\\r) then starts a new row: at 20 columns each update
    of the 80-character line took 4 rows. The bar narrows first (to 5), then the line is cut."""
    monkeypatch.setenv("COLUMNS", str(columns))
    terminal = Terminal()
    bar = progress.Progress(1000, "train", terminal)
    for done in (1, 500, 1000):
        clock.now += 1.0
        bar.update(done, "J = 0.693147")
    drawn = terminal.getvalue().split("\r")[1:]
    assert len(drawn) == 3 and all(len(line.removeprefix("\x1b[K")) <= columns - 1 for line in drawn), drawn
    if columns >= 80:
        assert all(" J = 0.693147" in line for line in drawn) and "1000/1000 100%" in drawn[-1], drawn
    if columns == 200:                                      # room enough: the bar keeps its 30 characters
        assert "[" + "#" * 30 + "]" in drawn[-1]


def test_a_dumb_terminal_gets_no_escape_codes_and_spaces_over_a_longer_old_line(
        clock: Clock, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.setenv("COLUMNS", "100")
    terminal = Terminal()
    bar = progress.Progress(10, "train", terminal)
    clock.now += 1.0
    bar.update(3, "a long note at the end of the line")
    first = terminal.getvalue()
    bar.update(4, "")
    second = terminal.getvalue()[len(first):]
    assert "\x1b" not in terminal.getvalue()
    assert second.startswith("\r") and len(second) == len(first) and second.rstrip(" ").endswith(")"), second


@pytest.mark.parametrize("value", ["abc", "-3", "0", ""])
def test_a_columns_value_that_is_no_width_is_ignored(clock: Clock, monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    """COLUMNS=abc raised ValueError in every command drawing on a terminal; -3 cut the line from its end."""
    monkeypatch.setenv("COLUMNS", value)
    monkeypatch.setattr(progress.shutil, "get_terminal_size", lambda: os.terminal_size((80, 24)))
    terminal = Terminal()
    clock.now += 1.0
    progress.Progress(10, "train", terminal).update(10, "J = 0.5")
    assert terminal.getvalue().startswith("\r\x1b[Ktrain [") and terminal.getvalue().endswith("J = 0.5")
