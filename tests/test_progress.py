"""The commands' progress line: done/total, time so far, time left and rate; one line per 10% off a terminal."""

from __future__ import annotations

import io
import pathlib

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
    assert bar.line(50, "now: x") == "verify [##--------] 50/200  25% (4 s, ~12 s left, 12/s) now: x"
    clock.now += 176.0
    assert bar.line(200) == "verify [##########] 200/200 100% (3 min 00 s, 1/s)"


def test_a_step_slower_than_a_second_shows_seconds_each_and_nothing_done_shows_no_estimate(clock: Clock) -> None:
    bar = progress.Progress(10, "bench", io.StringIO(), width=10)
    assert bar.line(0, "now: seed tiny float64") == "bench [----------] 0/10   0% (0 s) now: seed tiny float64"
    clock.now += 25.0
    assert bar.line(2) == "bench [##--------] 2/10  20% (25 s, ~1 min 40 s left, 12.5 s each)"
    clock.now += 2 * 3600
    assert bar.line(9).endswith("(2 h 00 min, ~13 min 23 s left, 802.8 s each)")


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
