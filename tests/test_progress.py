"""The commands' progress line: done/total, time so far, time left and rate; one line per 10% off a terminal."""

from __future__ import annotations

import io
import os
import pathlib
import re
import sys
from collections.abc import Callable, Sequence
from typing import Any

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


def test_the_time_left_counts_each_step_by_its_weight(clock: Clock) -> None:
    """bench's large run said ~8 min left after its two seed cases with 47 min to go: each deep case takes 4 seed
    ones' time. The rate and done/total stay in steps."""
    bar = progress.Progress(4, "bench", io.StringIO(), width=8, weights=[1, 1, 4, 4])
    clock.now += 10.0
    assert bar.line(1) == "bench [##------] 1/4  25% (10 s, 10.0 s each)"
    clock.now += 10.0
    assert bar.line(2) == "bench [####----] 2/4  50% (20 s, ~1 min 20 s left, 10.0 s each)"   # 10 s per 1, 8 left
    clock.now += 40.0
    assert bar.line(3).endswith("(1 min 00 s, ~40 s left, 25.0 s each)")                     # 50 s for 5 since


@pytest.mark.parametrize("weights", [[1.0, 2.0], [1.0, 2.0, 0.0], [1.0, -1.0, 2.0]])
def test_weights_must_be_one_above_0_per_step(weights: list[float]) -> None:
    with pytest.raises(ValueError, match="3 items"):
        progress.Progress(3, "bench", io.StringIO(), weights=weights)


@pytest.mark.parametrize("unit", [2.0 ** -60, 2.0 ** 40])
def test_the_time_left_is_the_same_whatever_unit_the_weights_are_in(clock: Clock, unit: float) -> None:
    """Any weights above 0 are taken and only their ratios count (bench's are seconds). A power of two scales them
    exactly, so the lines are the same, also for weights far below float64's epsilon (an offset of 1 in the running
    sums swamped them: ZeroDivisionError)."""
    bars = [progress.Progress(4, "bench", io.StringIO(), width=8, weights=[w * scale for w in (1, 1, 4, 4)])
            for scale in (1.0, unit)]
    for done, seconds in [(1, 10.0), (2, 10.0), (3, 40.0), (4, 40.0)]:
        clock.now += seconds
        plain, scaled = (bar.line(done) for bar in bars)
        assert scaled == plain, (done, plain, scaled)


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
    from manual_backprop.bench import suite, weights

    shown_while_timing: list[str] = []             # the progress line on screen as each case is being timed
    time_case = suite.time_case

    def watched(case: object, *rest: object, **options: object) -> object:
        shown_while_timing.append(capsys.readouterr().err.splitlines()[-1].split(") ", 1)[1])
        return time_case(case, *rest, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(suite, "time_case", watched)
    weighed: list[Sequence[float] | None] = []                # the weights bench gives its bar

    class Weighed(progress.Progress):
        def __init__(self, *args: Any, weights: Sequence[float] | None = None, **kwargs: Any) -> None:
            weighed.append(weights)
            super().__init__(*args, weights=weights, **kwargs)

    monkeypatch.setattr(progress, "Progress", Weighed)
    args = ["bench", "--sizes", "tiny", "--networks", "seed,deep", "--dtypes", "float64", "--rounds", "1",
            "--block-ms", "1", "--no-scaling", "--memory-size", "tiny", "--campaign-cases", "0", "--no-plots",
            "--peers", "manual,bound", "--out", str(tmp_path)]
    assert main(args) == 0
    assert shown_while_timing == ["now: seed tiny float64", "now: deep tiny float64"]
    options = suite.Options(sizes=("tiny",), networks=("seed", "deep"), dtypes=("float64",), peers=("manual", "bound"),
                            rounds=1, block_seconds=1e-3, scaling=False, memory_size="tiny", campaign_cases=0)
    assert weighed == [weights.step_weights(options)]
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
    assert second.startswith("\rtrain [") and len(second) == len(first) and second.rstrip(" ").endswith(")"), second


@pytest.mark.parametrize("value", ["abc", "-3", "0", ""])
def test_a_columns_value_that_is_no_width_is_ignored(clock: Clock, monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    """COLUMNS=abc raised ValueError in every command drawing on a terminal; -3 cut the line from its end."""
    monkeypatch.setenv("COLUMNS", value)
    monkeypatch.setattr(progress.shutil, "get_terminal_size", lambda: os.terminal_size((80, 24)))
    terminal = Terminal()
    clock.now += 1.0
    progress.Progress(10, "train", terminal).update(10, "J = 0.5")
    assert terminal.getvalue().startswith("\r\x1b[Ktrain [") and terminal.getvalue().endswith("J = 0.5")


class TerminalWithDescriptor(Terminal):
    def fileno(self) -> int:
        return 2                                   # os.get_terminal_size is planted: any descriptor number does


@pytest.mark.parametrize(("columns", "own", "width"), [
    ("50", 120, 50),       # $COLUMNS first, over the terminal's own width
    ("1", 120, 1),         # any positive $COLUMNS, as shutil.get_terminal_size reads it
    (None, 120, 120),      # else the width of the terminal the stream writes to
    (None, 1, 1),
    (None, 0, 80),         # a terminal that reports 0 columns (a serial console): 80
])
def test_the_width_is_columns_else_the_stream_s_own_terminal_s_else_80(
        monkeypatch: pytest.MonkeyPatch, columns: str | None, own: int, width: int) -> None:
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    sizes = {2: os.terminal_size((own, 24))}     # the stream's descriptor; shutil's (stdout's) would be 200 wide
    monkeypatch.setattr(progress.os, "get_terminal_size", lambda fd: sizes[fd])
    monkeypatch.setattr(progress.shutil, "get_terminal_size", lambda: os.terminal_size((200, 24)))
    assert progress._columns(TerminalWithDescriptor()) == width


def test_a_redraw_on_a_terminal_of_its_own_width_fits_that_terminal_not_stdout_s(
        clock: Clock, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.setattr(progress.os, "get_terminal_size", lambda fd: os.terminal_size((40, 24)))
    monkeypatch.setattr(progress.shutil, "get_terminal_size", lambda: os.terminal_size((200, 24)))
    terminal = TerminalWithDescriptor()
    clock.now += 1.0
    progress.Progress(1000, "train", terminal).update(500, "J = 0.693147")
    assert len(terminal.getvalue().removeprefix("\r\x1b[K")) == 39, terminal.getvalue()


@pytest.mark.parametrize("columns", [24, 40, 60])
def test_a_line_cut_to_the_terminal_fills_all_but_its_last_column(
        clock: Clock, monkeypatch: pytest.MonkeyPatch, columns: int) -> None:
    """The last column is left free (a character there wraps on some terminals); no more is taken."""
    monkeypatch.setenv("COLUMNS", str(columns))
    terminal = Terminal()
    clock.now += 1.0
    progress.Progress(1000, "train", terminal).update(500, "J = 0.693147")
    assert len(terminal.getvalue().removeprefix("\r\x1b[K")) == columns - 1, terminal.getvalue()


@pytest.mark.parametrize("over", [1, 10, 25])
def test_a_line_too_wide_narrows_its_bar_by_as_many_characters_as_it_is_over(
        clock: Clock, monkeypatch: pytest.MonkeyPatch, over: int) -> None:
    clock.now += 1.0
    full = progress.Progress(1000, "train", io.StringIO()).line(500, "J = 0.693147")
    monkeypatch.setenv("COLUMNS", str(len(full) - over + 1))
    terminal = Terminal()
    progress.Progress(1000, "train", terminal).update(500, "J = 0.693147")
    filled = (30 - over) // 2
    assert terminal.getvalue() == "\r\x1b[K" + full.replace("[" + "#" * 15 + "-" * 15 + "]",
                                                            "[" + "#" * filled + "-" * (30 - over - filled) + "]")


def test_on_the_narrowest_terminal_the_bar_keeps_5_characters_and_the_line_is_cut(
        clock: Clock, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "24")
    terminal = Terminal()
    clock.now += 1.0
    progress.Progress(1000, "train", terminal).update(500, "J = 0.693147")
    assert terminal.getvalue() == "\r\x1b[Ktrain [##---] 500/1000 "          # 23 characters


def test_off_a_terminal_an_update_in_a_tenth_already_shown_writes_nothing_whatever_the_steps(clock: Clock) -> None:
    """The tenths compared are whole: 15 % after 12 % is the same tenth, 21 % the next."""
    stream = io.StringIO()
    bar = progress.Progress(100, "verify", stream)
    for done in [*range(0, 100, 3), 100]:
        clock.now += 0.01
        bar.update(done)
    shown = [int(line.split()[2].split("/")[0]) for line in stream.getvalue().splitlines()]
    assert shown == [0, 12, 21, 30, 42, 51, 60, 72, 81, 90, 100]


def test_off_a_terminal_the_last_update_is_written_even_after_one_at_100_percent_and_a_line_has_no_default_note(
        clock: Clock) -> None:
    """train draws all its steps once the descent ends and again with the final cost: both lines reach a log."""
    stream = io.StringIO()
    bar = progress.Progress(10, "train", stream, width=10)
    clock.now += 2.0
    bar.update(10)
    bar.update(10, "J = 0.5")
    assert stream.getvalue().splitlines() == ["train [##########] 10/10 100% (2 s, 5/s)",
                                              "train [##########] 10/10 100% (2 s, 5/s) J = 0.5"]


@pytest.mark.parametrize(("seconds", "shown"), [
    (59, "59 s"), (60, "1 min 00 s"), (61, "1 min 01 s"), (3599, "59 min 59 s"), (3600, "1 h 00 min"),
    (7199, "1 h 59 min"), (7200, "2 h 00 min"), (7260, "2 h 01 min"),
])
def test_durations_are_seconds_below_a_minute_minutes_and_seconds_below_an_hour_then_hours_and_minutes(
        seconds: int, shown: str) -> None:
    assert progress._duration(seconds) == shown


def test_the_rate_after_the_first_line_with_one_item_done_is_measured_from_it(clock: Clock) -> None:
    """The first line with something done is the first one, even if only one item is: the estimates start there."""
    bar = progress.Progress(10, "train", io.StringIO(), width=10)
    clock.now += 10.0
    assert bar.line(1).endswith("(10 s, 10.0 s each)")
    clock.now += 1.0
    assert bar.line(2).endswith("(11 s, ~8 s left, 1/s)")          # 1 s for 1 since the first: 8 more in 8 s


def test_a_count_past_the_total_shows_a_full_bar_and_100_percent(clock: Clock) -> None:
    bar = progress.Progress(10, "train", io.StringIO(), width=10)
    clock.now += 2.0
    assert bar.line(15) == "train [##########] 15/10 100% (2 s, 8/s)"


@pytest.mark.parametrize(("seconds", "rate"), [(10.0, "1/s"), (15.0, "1.5 s each"), (20.0, "2.0 s each")])
def test_one_item_a_second_shows_as_a_rate_and_anything_slower_as_seconds_each(
        clock: Clock, seconds: float, rate: str) -> None:
    bar = progress.Progress(10, "train", io.StringIO(), width=10)
    clock.now += seconds
    assert bar.line(10).endswith(f", {rate})")


@pytest.mark.parametrize(("total", "shown"), [(1, "1/1 100%"), (0, "1/1 100%")])
def test_a_total_of_one_is_kept_and_a_total_of_0_counts_as_one(clock: Clock, total: int, shown: str) -> None:
    bar = progress.Progress(total, "train", io.StringIO(), width=10)
    clock.now += 1.0
    assert bar.line(1) == f"train [##########] {shown} (1 s, 1/s)"


def test_end_line_ends_a_bar_left_open_on_a_terminal_once_and_a_closed_one_not_at_all(clock: Clock) -> None:
    """cli ends the line of a bar a command left open (an error mid-run), so its message starts a line of its own."""
    terminal = Terminal()
    bar = progress.Progress(10, "train", terminal)
    clock.now += 1.0
    bar.update(5)
    progress.end_line()
    progress.end_line()
    assert terminal.getvalue().endswith(" 5/10  50% (1 s, 5/s)\n") and progress._unended is None
    bar.update(10)
    bar.close()
    progress.end_line()
    assert terminal.getvalue().endswith(" 10/10 100% (1 s, 10/s)\n"), terminal.getvalue()


def test_a_dumb_terminal_one_column_wide_gets_an_empty_line_and_no_padding(
        clock: Clock, monkeypatch: pytest.MonkeyPatch) -> None:
    """Its one column is left free: the line is cut to nothing, and the first draw has no older line to cover."""
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.setenv("COLUMNS", "1")
    terminal = Terminal()
    clock.now += 1.0
    progress.Progress(10, "train", terminal).update(5, "J = 0.5")
    assert terminal.getvalue() == "\r"
