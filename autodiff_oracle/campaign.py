"""The verification campaign behind `backprop verify`: many seeded random problems, oracle batched.

Problems cycle through every combination of dtype, valid output/loss pair, hidden activation and value regime
(every combination meets every regime), with random depth (1-4), widths (1-8) and m (1-32), a quarter of them
in Fortran order; a Scope narrows the activations, losses,
dtypes, depths and L2 drawn from. The oracle runs vmapped over batches of one loss (the padded form pads every depth to
4); the candidate runs on each problem, its inputs read-only, and compare() judges each: an exception it
raises (a write into its inputs among them) is a failure with the problem that reproduces it.
`large` problems more, with widths 9-64 and m 33-1024 (beyond the padded form's sizes: code that takes another path
only at larger sizes, such as chunks of 64 or 512 examples, meets it there), are judged by the plain oracle, compiled
once per shape (0.5-1 s each here).
"""

from __future__ import annotations

import itertools
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np

from manual_backprop.campaign_defaults import CASES, SEED
from manual_backprop.spec import NetworkSpec

from .compare import Report
from .harness import PADDED, Candidate, check_candidate
from .judging import decoy_for, judge
from .plain import evaluate_checked
from .problems import VALUE_REGIMES, Problem, at_least, make_problem
from .scope import EVERYTHING, Scope

WIDTHS, MS = (1, PADDED.max_width), (1, PADDED.max_m)                     # the padded oracle's sizes: 1-8, 1-32
LARGE_WIDTHS, LARGE_MS = (PADDED.max_width + 1, 64), (PADDED.max_m + 1, 1024)  # beyond them: the plain oracle
#: half the larger problems' m: a block edge (a multiple of 64 up to 256, or 512 or 1024, the batch sizes code that
#: works in blocks splits at) or one either side
BLOCK_MS = tuple(n + d for n in (64, 128, 192, 256, 512, 1024) for d in (-1, 0, 1) if n + d <= LARGE_MS[1])


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


def generate(cases: int, seed: int = SEED, scope: Scope = EVERYTHING, large: bool = False) -> Iterator[Problem]:
    """cases deterministic problems covering every dtype, output/loss pair, hidden activation and regime in scope;
    large: widths LARGE_WIDTHS and m LARGE_MS, half of them BLOCK_MS (their own stream: the others stay as they
    were)."""
    rng = np.random.default_rng([seed, 2] if large else seed)
    (low_n, high_n), (low_m, high_m) = (LARGE_WIDTHS, LARGE_MS) if large else (WIDTHS, MS)
    hidden_choices = scope.hidden or ("",)  # none only when every network has one layer
    # the regime is part of the cycle: drawn as i % 3 beside a cycle whose length is a multiple of 3, each
    # combination met one regime only (a depth-2 relu network never met the integer regime, hence no exact kink).
    # The cycle's order is shuffled (by the seed, apart from the draws below), so a short run spans every factor.
    cycle = list(itertools.product(scope.dtypes, scope.output_pairs, hidden_choices, VALUE_REGIMES))
    np.random.default_rng([seed, 1]).shuffle(cycle)
    combos = itertools.cycle(cycle)
    low, high = scope.depths
    for _ in range(cases):
        dtype, (output, loss), hidden, values = next(combos)
        depth = int(rng.integers(low, high + 1))
        sizes = tuple(int(n) for n in rng.integers(low_n, high_n + 1, size=depth + 1))
        acts = (hidden, *(str(a) for a in rng.choice(hidden_choices, size=max(depth - 2, 0))))[: depth - 1]
        l2 = float(rng.choice([0.0, 0.0, 0.1, 1.0]))
        l2 = l2 if scope.l2 else 0.0                      # drawn all the same: the other draws stay as they were
        u = rng.random()
        if large:
            m = int(rng.choice(BLOCK_MS)) if u < 0.5 else int(rng.integers(low_m, high_m + 1))
        else:
            m = 1 if u < 0.15 else int(rng.integers(low_m, high_m + 1))
        spec = NetworkSpec(sizes, (*acts, output), loss, l2)
        seed = int(rng.integers(2**32))
        yield make_problem(spec, m, dtype, seed, values, "F" if rng.random() < 0.25 else "C")


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
        PADDED.batch([tuple(group[0])] * batch)
    result.compile_seconds = time.perf_counter() - start
    start = time.perf_counter()
    done = 0
    for group in groups.values():
        for i in range(0, len(group), batch):
            chunk = group[i : i + batch]
            padded = chunk + [chunk[-1]] * (batch - len(chunk))  # one batch shape: one compile
            for problem, expected in zip(chunk, PADDED.batch([tuple(p) for p in padded]), strict=False):
                decoy = decoy_for(problem) if problem.seed % 4 == 0 else None   # a quarter: statefulness checked
                _record(result, problem, judge(candidate, problem, expected, decoy))
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
