"""A dependency-free progress bar for the commands: redraws one line on a terminal, prints sparingly elsewhere."""

from __future__ import annotations

import io
import itertools
import os
import shutil
import sys
import time
from collections.abc import Sequence
from typing import TextIO


def _duration(seconds: float) -> str:
    """'42 s', '3 min 05 s', '1 h 02 min'."""
    s = round(seconds)
    if s < 60:
        return f"{s} s"
    return f"{s // 60} min {s % 60:02d} s" if s < 3600 else f"{s // 3600} h {s % 3600 // 60:02d} min"


def _columns(stream: TextIO) -> int:
    """The width of the terminal stream writes to: $COLUMNS if set, else the terminal's own, else 80."""
    try:
        size = os.get_terminal_size(stream.fileno())
    except (AttributeError, ValueError, OSError, io.UnsupportedOperation):   # no descriptor (a test's StringIO)
        size = shutil.get_terminal_size()
    try:
        columns = int(os.environ.get("COLUMNS", ""))   # as shutil.get_terminal_size reads it: a bad value ignored
    except ValueError:
        columns = 0
    return columns if columns > 0 else size.columns if size.columns > 0 else 80


class Progress:
    """Progress(total, label); call update(done, note="") as work advances and close() at the end.

    The line shows the bar, done/total, the time so far and, once something is done, a rate (items per second, or
    seconds per item when slower than one a second): on the first line with something done and the last, the
    rate so far; between them, the rate since that first line, and the time left at it. A slow start (JAX
    compiling before the first problem is judged: 13 s of a 24 s run) would otherwise inflate the first estimates
    tenfold. weights, one per item (default 1 each), are what the time left counts: the seconds per unit of weight
    since that first line times the weight left (bench's large run: a deep case takes 4 seed ones' time). done/total
    and the rate stay in items."""

    def __init__(self, total: int, label: str, stream: TextIO | None = None, width: int = 30,
                 weights: Sequence[float] | None = None) -> None:
        if weights is not None and (len(weights) != total or not all(w > 0 for w in weights)):
            raise ValueError(f"Progress: {len(weights)} weights for {total} items, or a weight not above 0")
        self.total, self.label, self.width = max(total, 1), label, width
        self._weighed = None if weights is None else list(itertools.accumulate(weights, initial=0.0))
        self.stream = stream if stream is not None else sys.stderr
        self.tty = self.stream.isatty()
        self.start = time.perf_counter()
        self._last_percent = -1
        self._first: tuple[float, int] | None = None   # (elapsed, done) at the first line with something done
        self._drawn = 0                                 # the length of the line drawn last on a terminal

    def line(self, done: int, note: str = "", width: int | None = None) -> str:
        """The progress line for done of total, with note at its end; the bar width characters wide (default its
        own)."""
        width = self.width if width is None else width
        fraction = min(done / self.total, 1.0)
        elapsed = time.perf_counter() - self.start
        filled = int(fraction * width)
        bar = "#" * filled + "-" * (width - filled)
        timing = f"{_duration(elapsed)}"
        if done > 0 and self._first is None:
            self._first = (elapsed, done)
        first_elapsed, first_done = self._first or (0.0, 0)
        per_item = elapsed / done if done > 0 else 0.0           # the rate so far: the first line's, and the last's
        if first_done < done < self.total:                       # between them, the rate since the first line
            per_item = (elapsed - first_elapsed) / (done - first_done)
            per_weight = (elapsed - first_elapsed) / (self._weight(done) - self._weight(first_done))
            timing += f", ~{_duration(per_weight * (self._weight(self.total) - self._weight(done)))} left"
        if per_item > 0:
            timing += f", {1 / per_item:,.0f}/s" if per_item <= 1 else f", {per_item:.1f} s each"
        return f"{self.label} [{bar}] {done}/{self.total} {int(fraction * 100):3d}% ({timing}) {note}".rstrip()

    def _weight(self, done: int) -> float:
        """The weight of the first done items: done itself without weights."""
        return float(done) if self._weighed is None else self._weighed[min(done, self.total)]

    def update(self, done: int, note: str = "") -> None:
        percent = int(min(done / self.total, 1.0) * 100)
        if not self.tty and (percent // 10 == self._last_percent // 10 and done < self.total):
            return  # off a terminal, one line per 10%
        self._last_percent = percent
        line = self.line(done, note)
        if self.tty:                                 # one redrawn line: cut to the terminal's width, or it wraps
            room = _columns(self.stream) - 1         # and each redraw starts a new row: a narrower bar first
            if len(line) > room:
                line = self.line(done, note, max(self.width - (len(line) - room), 5))[:room]
            if os.environ.get("TERM") == "dumb":     # no escape codes: spaces clear what a longer old line left
                self.stream.write("\r" + line.ljust(self._drawn))
            else:
                self.stream.write("\r\x1b[K" + line)  # \x1b[K: clear a longer old line
            self._drawn = len(line)
        else:
            self.stream.write(line + "\n")
        self.stream.flush()
        if self.tty:
            global _unended
            _unended = self

    def close(self) -> None:
        global _unended
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()
        if _unended is self:
            _unended = None


_unended: Progress | None = None              # the last bar drawn on a terminal, if its line is not ended yet


def end_line() -> None:
    """End the line of a bar a command left open on a terminal (it stopped on an error or Ctrl-C before close()),
    so that the message printed next starts on a line of its own, as after a bar's close()."""
    if _unended is not None:
        _unended.close()
