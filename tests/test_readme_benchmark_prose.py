"""The figures the README's benchmark section quotes around its table are the committed runs' own.

tests/test_readme_benchmarks.py holds the table to benchmarks/results cell for cell and checks the CPU, the commit
and the targets-met counts; the sentences around the table quote some forty more figures (versions, threads, load,
rounds, the ranges of the ratios met and missed, the shares, bound / peer) that a rerun must update by hand, and one
of them had not been: the large bullet said torch's whole gradient takes "1.11-1.18x" NumPy's products and jax.jit's
"1.15-1.28x", where the committed large run gives 1.11-1.17x and 1.15-1.29x. Each figure is worked out here from
results.json, formatted as the report formats it, and must be what the README says at that phrase.
"""

from __future__ import annotations

import json
import pathlib
import re
from collections.abc import Callable
from typing import Any

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
TEXT = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
DEFAULT, LARGE = (json.loads((ROOT / "benchmarks" / "results" / sub / "results.json").read_text(encoding="utf-8"))
                  for sub in ("", "large"))
SLOT = r"([\w.,:+-]+)"  # a number, a range "1.11-1.17", a time "21:18", a version "2.13.0+cpu" or a word


def span(values: list[float], form: str = ".2f") -> str:
    """The range a-b of values as the report prints each (one number when both ends print alike)."""
    low, high = format(min(values), form), format(max(values), form)
    return low if low == high else f"{low}-{high}"


def verdicts(run: dict[str, Any], target: str, met: bool, where: str = "") -> list[float]:
    return [t["value"] for t in run["targets"] if t["target"] == target and t["met"] is met and where in t["where"]]


def met(run: dict[str, Any], peer: str, where: str = "") -> str:
    """The range of manual / peer over the targets met, where their place names where ("deep small")."""
    return span(verdicts(run, f"manual / {peer}", True, where))


def missed(run: dict[str, Any], peer: str, where: str = "") -> str:
    return span(verdicts(run, f"manual / {peer}", False, where))


def shares(run: dict[str, Any], part: str, where: Callable[[dict[str, Any]], bool]) -> str:
    """A part of manual's time over the cases where says, as the breakdown prints it ("28-36")."""
    return span([case["shares_as_reported"][part] for case in run["cases"] if where(case)], ".0%").replace("%", "")


def peer_over_bound(run: dict[str, Any], peer: str, where: Callable[[dict[str, Any]], bool]) -> str:
    """The peer's whole gradient in units of NumPy's products' time, as a missed target's why gives it."""
    return span([1 / case["bound_over"][peer]["median"] for case in run["cases"] if where(case)])


def outside_products(case: dict[str, Any]) -> float:
    reported = case["shares_as_reported"]
    return 1 - reported["bound"] - reported["kernel"]


def size(name: str, dtype: str = "") -> Callable[[dict[str, Any]], bool]:
    return lambda case: case["size"] == name and dtype in case["dtype"]


MACHINE, BLAS = DEFAULT["machine"], DEFAULT["machine"]["blas"][0]
PHRASES: list[tuple[str, tuple[str, ...]]] = [
    ("both at commit {} on {}: the default sizes", (DEFAULT["revision"][:7], DEFAULT["created"][:10])),
    ("--out benchmarks/results`, at {} UTC", (DEFAULT["created"][11:16],)),
    ("--out benchmarks/results/large`, {}-", (LARGE["created"][11:16],)),
    ("(NumPy finds {}, not {}), {} cores, the process pinned to {}; NumPy {} with OpenBLAS {} ({} kernel, {} thread), "
     "JAX {}, torch {} ({} thread); load average {} at start (large: {})",
     (MACHINE["numpy_simd"]["found"][-1], *MACHINE["numpy_simd"]["not_found"], str(MACHINE["threads"]["cores"]),
      str(MACHINE["threads"]["cpus_allowed"]), MACHINE["versions"]["numpy"], ".".join(BLAS["version"].split(".")[:3]),
      BLAS["architecture"], str(BLAS["num_threads"]), MACHINE["versions"]["jax"], MACHINE["versions"]["torch"],
      str(MACHINE["threads"]["torch"]), str(MACHINE["load_average_at_start"][0]),
      str(LARGE["machine"]["load_average_at_start"][0]))),
    ("the median of {} paired rounds (large: {})",
     (str(DEFAULT["options"]["rounds"]), str(LARGE["cases"][0]["rounds"]))),
    ("Met: faster than torch autograd at tiny, small and medium ({}) but for deep medium float32 ({}), and at deep "
     "large float64 ({})", (met(DEFAULT, "torch"), missed(DEFAULT, "torch"), met(LARGE, "torch"))),
    ("manual / jax.jit at seed tiny ({}) and at large but for seed float32 ({})",
     (met(DEFAULT, "jax.jit"), met(LARGE, "jax.jit"))),
    ("manual / bound <= 2 at deep small ({}) and <= 1.05 at seed medium float32 ({})",
     (met(DEFAULT, "bound", "small"), met(DEFAULT, "bound", "medium"))),
    ("peak memory {}x the live set", (f"{DEFAULT['memory']['ratio']:.4f}",)),
    ("the verification harness at {} random-shape problems per second", (f"{DEFAULT['harness']['per_second']:,.0f}",)),
    ("against jax.jit (deep tiny {}, small {}) and against the bound at seed small ({})",
     (missed(DEFAULT, "jax.jit", "tiny"), missed(DEFAULT, "jax.jit", "small"), missed(DEFAULT, "bound", "small"))),
    ("the input checks are {}% of manual's time at tiny, and tanh and sigmoid with their derivatives {}% at seed small",
     (shares(DEFAULT, "checks", size("tiny")),
      shares(DEFAULT, "activations", lambda case: case["size"] == "small" and case["network"] == "seed"))),
    ("**medium**: manual / bound {} (limit 1.05; deep {} and {})",
     (missed(DEFAULT, "bound", "medium"),
      *(format(v, ".4f") for v in verdicts(DEFAULT, "manual / bound", False, "deep medium")))),
    ("XLA fuses, {}% of manual's time (the activation functions {}%, other passes and Python {}%, the input checks "
     "{}%)",
     (span([outside_products(case) for case in DEFAULT["cases"] if size("medium")(case)], ".0%").replace("%", ""),
      shares(DEFAULT, "activations", size("medium")), shares(DEFAULT, "rest", size("medium")),
      shares(DEFAULT, "checks", size("medium")))),
    ("Against jax.jit ({}): in float32 NumPy's products alone take {}x jax.jit's whole gradient",
     (missed(DEFAULT, "jax.jit", "medium"),
      span([c["bound_over"]["jax.jit"]["median"] for c in DEFAULT["cases"] if size("medium", "float32")(c)]))),
    ("in float64 jax.jit's whole gradient takes {}x NumPy's products' time",
     (peer_over_bound(DEFAULT, "jax.jit", size("medium", "float64")),)),
    ("Against torch at deep float32 ({}): torch's whole gradient takes {}x NumPy's products' time",
     (missed(DEFAULT, "torch", "medium"),
      peer_over_bound(DEFAULT, "torch", lambda case: size("medium", "float32")(case) and case["network"] == "deep"))),
    ("**large**: manual / bound {}, manual / torch {} (seed, deep float32) and manual / jax.jit {} at seed float32",
     tuple(missed(LARGE, peer) for peer in ("bound", "torch", "jax.jit"))),
    ("the kernel's share of manual's time {}% in every case, while torch's whole gradient takes {}x NumPy's products' "
     "time and jax.jit's {}x", (shares(LARGE, "kernel", size("large")), peer_over_bound(LARGE, "torch", size("large")),
                                peer_over_bound(LARGE, "jax.jit", size("large")))),
]


@pytest.mark.parametrize(("phrase", "right"), PHRASES, ids=[phrase[:40] for phrase, _ in PHRASES])
def test_readme_quotes_the_committed_runs_figures_around_its_table(phrase: str, right: tuple[str, ...]) -> None:
    pattern = re.compile(SLOT.join(re.escape(part) for part in phrase.split("{}")))
    found = [match.groups() for match in pattern.finditer(TEXT)]
    assert found, f"README.md: no {phrase!r} found (reworded? then update this test's phrase)"
    assert all(said == right for said in found), \
        [f"README says {phrase.format(*said)!r}; the committed run gives {phrase.format(*right)!r}" for said in found]
