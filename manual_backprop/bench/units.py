"""How the report writes its quantities: durations, ratios, byte counts, thread and round counts, each in a readable
unit."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def seconds(value: float) -> str:
    """A duration with a readable unit, chosen after rounding: 999.6 µs reads 1.00 ms (not 1e+03 µs), 0.9996 s 1.00 s;
    three significant figures, trailing zeros kept (26.0 µs beside 25.2 µs, not 26 µs)."""
    for scale, unit in ((1e6, "µs"), (1e3, "ms")):
        shown = f"{value * scale:#.3g}".rstrip(".")                # '#': 26.0, not 26; 123., written 123
        if float(shown) < 1000:
            return f"{shown} {unit}"
    return f"{value:.2f} s"


def number(value: float) -> str:
    """A ratio or rate at a readable precision: 0.87, 0.012, 0.060, 3.2e-05, 3,697 (two significant figures at least,
    trailing zeros kept, so 0.012 and 0.015 do not both read 0.01, and 0.060 beside 0.058 is not 0.06)."""
    if value >= 100 or value == 0:
        return f"{value:,.0f}"
    short = f"{value:#.2g}"            # "42." for 42 is never returned: at 0.1 and above, the .2f below is
    return f"{value:.2f}" if float(short) >= 0.1 else short       # 0.0996 rounds to 0.10, written as 0.1 is


def ratio(stat: dict[str, float] | None) -> str:
    """A ratio's median and quartiles, "1.05 (1.02–1.07)"; "—" where the peer did not run."""
    return "—" if stat is None else f"{number(stat['median'])} ({number(stat['p25'])}–{number(stat['p75'])})"


def threads(n: object) -> str:
    """"1 thread" or "2 threads"."""
    return "1 thread" if n == 1 else f"{n} threads"


def counted_rounds(cases: Iterable[dict[str, Any]], noun: str = "round") -> str:
    """The rounds the cases ran, as results.md and ratios.png say them: '1 round', '15 rounds', '3/15 rounds' (each
    count, smallest first); '' when no case records its rounds."""
    counts = sorted({case["rounds"] for case in cases if "rounds" in case})
    return f"{'/'.join(map(str, counts))} {noun}{'' if counts == [1] else 's'}" if counts else ""


def byte_count(n: float) -> str:
    """n bytes in the largest binary unit that keeps it at least 1: '650 MiB', '41.2 KiB', '512 B'."""
    for unit, size in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if n >= size:
            return f"{n / size:.3g} {unit}" if n < 100 * size else f"{n / size:.0f} {unit}"
    return f"{n:.0f} B"


def duration(stat: dict[str, float]) -> str:
    """A time's median and quartiles, "24.4 µs (24.2 µs–24.5 µs)"."""
    return f"{seconds(stat['median'])} ({seconds(stat['p25'])}–{seconds(stat['p75'])})"
