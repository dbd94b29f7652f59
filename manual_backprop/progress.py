"""A dependency-free progress bar for the commands: redraws one line on a terminal, prints sparingly elsewhere."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """Progress(total, label); call update(done, note="") as work advances and close() at the end."""

    def __init__(self, total: int, label: str, stream: TextIO | None = None, width: int = 30) -> None:
        self.total, self.label, self.width = max(total, 1), label, width
        self.stream = stream if stream is not None else sys.stderr
        self.tty = self.stream.isatty()
        self.start = time.perf_counter()
        self._last_percent = -1

    def update(self, done: int, note: str = "") -> None:
        fraction = min(done / self.total, 1.0)
        percent = int(fraction * 100)
        if not self.tty and (percent // 10 == self._last_percent // 10 and done < self.total):
            return  # off a terminal, one line per 10%
        self._last_percent = percent
        elapsed = time.perf_counter() - self.start
        filled = int(fraction * self.width)
        bar = "#" * filled + "-" * (self.width - filled)
        rate = done / elapsed if elapsed > 0 else 0.0
        line = f"{self.label} [{bar}] {done}/{self.total} {percent:3d}% {rate:,.0f}/s {note}".rstrip()
        self.stream.write(("\r" + line) if self.tty else (line + "\n"))
        self.stream.flush()

    def close(self) -> None:
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()
