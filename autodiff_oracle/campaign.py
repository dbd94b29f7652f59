"""The verification campaign behind `backprop verify`: many seeded random problems, oracle batched.

The problems are campaign_problems.generate's, drawn from a Scope. The oracle runs vmapped over batches of one loss
(the padded form pads every depth to 4), the decoys' too; the candidate runs on each problem, its inputs read-only,
and compare() judges each: an exception it raises (a write into its inputs among them) is a failure with the problem
that reproduces it. `large` problems more, beyond the padded form's sizes, are judged by the plain oracle, compiled once
per shape (0.5-1 s each here).
"""

from __future__ import annotations

import functools
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from manual_backprop.campaign_defaults import CASES, SEED

from .campaign_problems import BLOCK_MS as BLOCK_MS  # public here before campaign_problems held them
from .campaign_problems import LARGE_MS as LARGE_MS
from .campaign_problems import LARGE_WIDTHS as LARGE_WIDTHS
from .campaign_problems import generate
from .compare import Report
from .decoys import Decoy, decoy_for
from .harness import PADDED, Candidate, check_candidate
from .judging import judge
from .plain import OracleResult, evaluate_checked
from .problems import Problem, at_least
from .scope import EVERYTHING, Scope

_T = TypeVar("_T")


@dataclass
class Row:
    """Cases, worst scaled error and failures of one combination."""

    cases: int = 0
    worst: float = 0.0
    failures: int = 0


@dataclass
class CampaignResult:
    """Per-combination rows, the first failing reports, and throughput."""

    by_output: dict[tuple[str, str, str], Row] = field(default_factory=lambda: defaultdict(Row))
    by_hidden: dict[tuple[str, str], Row] = field(default_factory=lambda: defaultdict(Row))
    failures: list[tuple[Problem, Report]] = field(default_factory=list)
    undecidable: int = 0            # problems with gradients left unjudged at a kink, in whole or in part
    judged_in_part: int = 0         # of them, those whose layers above the kink were judged
    cases: int = 0                  # the padded oracle's problems, whose rate is per_second
    seconds: float = 0.0
    compile_seconds: float = 0.0
    large: int = 0                  # the larger problems, judged after them (their time, compiling included)
    large_seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failures and self.cases + self.large > 0

    @property
    def per_second(self) -> float:
        """Verified problems per second once warm (JAX's compile time excluded)."""
        return self.cases / self.seconds if self.seconds else 0.0


def run_campaign(candidate: Candidate, cases: int = CASES, seed: int = SEED, batch: int = 64,
                 progress: Callable[[int, int], None] | None = None, scope: Scope = EVERYTHING,
                 large: int = 0) -> CampaignResult:
    """Verify candidate on `cases` problems drawn from scope, then on `large` larger ones; progress(done, total)
    is called after each batch and each larger problem (total = cases + large). ValueError or TypeError, naming
    the argument, for one it cannot use."""
    at_least(cases=(cases, 0), seed=(seed, 0), batch=(batch, 1), large=(large, 0))
    check_candidate(candidate)
    if progress is not None and not callable(progress):
        raise TypeError(f"progress must be a function progress(done, total) or None; got {progress!r}")
    if not isinstance(scope, Scope):
        raise TypeError(f"scope must be a Scope; got {scope!r}")
    if cases + large == 0:
        raise ValueError("cases and large are both 0: there is nothing to verify")
    result = CampaignResult()
    groups: dict[tuple[int, str], list[Problem]] = defaultdict(list)
    for problem in generate(cases, seed, scope):
        groups[(PADDED.layers(problem.spec), problem.spec.loss)].append(problem)
    start = time.perf_counter()
    for group in groups.values():  # compile once per loss, timed apart
        PADDED.batch([group[0]] * batch)
    result.compile_seconds = time.perf_counter() - start
    start = time.perf_counter()
    done = 0
    for group in groups.values():
        for i in range(0, len(group), batch):
            chunk = group[i : i + batch]
            padded = _filled(chunk, batch)
            decoys = [decoy_for(p) if p.seed % 4 == 0 else None for p in chunk]   # a quarter: statefulness checked
            decoy_oracle = _batched_oracle([decoy for decoy in decoys if decoy is not None], batch)
            for problem, expected, decoy in zip(chunk, PADDED.batch(padded), decoys, strict=False):
                _record(result, problem, judge(candidate, problem, expected, decoy, decoy_oracle))
            done += len(chunk)
            if progress is not None:
                progress(done, cases + large)
    result.cases = done
    result.seconds = time.perf_counter() - start
    start = time.perf_counter()
    for problem in generate(large, seed, scope, large=True):
        decoy = decoy_for(problem) if problem.seed % 4 == 0 else None
        _record(result, problem, judge(candidate, problem, evaluate_checked(*problem), decoy))
        result.large += 1
        if progress is not None:
            progress(done + result.large, cases + large)
    result.large_seconds = time.perf_counter() - start
    return result


def _batched_oracle(decoys: list[Decoy], batch: int) -> Callable[[Decoy], OracleResult]:
    """The padded oracle's results for a chunk's decoys, all in one batched call of `batch` problems (padded as the
    chunk is), made when judge's stale check first asks for one: the form compiled for the chunk's loss and depth.
    harness.oracle, judge's default, ran the single form, compiled apart once per loss and depth: 200 problems of a
    candidate caching by shape took 19.1 s of CPU instead of 0.4 (session 34, a shared 2-core VM)."""
    @functools.cache
    def results() -> dict[Decoy, OracleResult]:
        arguments = [decoy.arguments for decoy in decoys]
        return dict(zip(decoys, PADDED.batch(_filled(arguments, batch)), strict=False))
    return lambda decoy: results()[decoy]


def _filled(items: list[_T], batch: int) -> list[_T]:
    """items, then copies of the last up to batch in all: every batched call one shape, so one compile."""
    return items + [items[-1]] * (batch - len(items))


def _record(result: CampaignResult, problem: Problem, report: Report) -> None:
    spec, dtype = problem.spec, str(problem.dtype)
    result.undecidable += bool(report.undecidable)
    result.judged_in_part += report.judged_in_part
    rows = [result.by_output[(spec.activations[-1], spec.loss, dtype)]]
    rows += [result.by_hidden[(name, dtype)] for name in set(spec.activations[:-1])]
    for row in rows:
        row.cases += 1
        row.worst = max(row.worst, report.worst_error)
        row.failures += not report.ok
    if not report.ok:
        result.failures.append((problem, report))
