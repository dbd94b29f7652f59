"""The problems a verification campaign draws: generate(cases, seed, scope, large), seeded and deterministic.

Problems cycle through every combination of dtype, valid output/loss pair, hidden activation and value regime
(every combination meets every regime, in an order the seed shuffles), with random depth (1-4), widths (1-8) and m
(1-32), the padded oracle's sizes, a quarter of them in Fortran order; a Scope narrows the activations, losses,
dtypes, depths, L2 and value regimes drawn from. The larger problems (large=True, a stream of their own) have widths
9-64 and m 33-1024, half of them at a block edge (BLOCK_MS): beyond the padded form's sizes, code that takes another
path only at larger sizes, such as chunks of 64 or 512 examples, meets it there.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import numpy as np

from manual_backprop.campaign_defaults import SEED
from manual_backprop.spec import NetworkSpec

from .harness import PADDED
from .problems import Problem, make_problem
from .scope import EVERYTHING, Scope

WIDTHS, MS = (1, PADDED.max_width), (1, PADDED.max_m)                     # the padded oracle's sizes: 1-8, 1-32
LARGE_WIDTHS, LARGE_MS = (PADDED.max_width + 1, 64), (PADDED.max_m + 1, 1024)  # beyond them: the plain oracle
#: half the larger problems' m: a block edge (a multiple of 64 up to 256, or 512 or 1024, the batch sizes code that
#: works in blocks splits at) or one either side
BLOCK_MS = tuple(n + d for n in (64, 128, 192, 256, 512, 1024) for d in (-1, 0, 1) if n + d <= LARGE_MS[1])


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
    cycle = list(itertools.product(scope.dtypes, scope.output_pairs, hidden_choices, scope.values))
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
