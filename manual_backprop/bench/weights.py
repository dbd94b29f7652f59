"""step_weights: each of run_suite's steps weighed by its expected seconds, for the time left on bench's bar.

The bar's time left is its seconds per unit of weight so far times the weight left. Counted alike, the steps of
the large run (`--sizes large --networks seed,deep`) gave "~8 min left" after the two seed cases with 47 min to go:
a deep case's products are 8 of 4096 x 4096 by 4096, seed's 2 (and thinner ones). A timing case weighs its peers'
calls (the products' flops at FLOPS, at least one --block-ms block per round), a sweep point likewise, the memory
check one gradient, the harness its compile and problems. The constants are session 31's AMD EPYC VM without
AVX-512 (benchmarks/results/no-avx512/session31), one thread; only their ratios matter, as the bar measures its rate.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np

from .cases import SIZES, make_spec
from .suite import Options, case_rounds, parts, sweep_points, sweep_timing

#: float64 flops per second of NumPy's products (bound at seed and deep large: 40 and 39 GFLOP/s); float32 twice.
FLOPS = 4e10
#: Seconds of a JAX peer's first call beyond its products, at the default sizes (jit 0.34-0.64 s, eager 0.5-2.4 s).
FIRST_CALL_SECONDS = {"jax.jit": 0.5, "jax-eager": 1.5}
#: The harness campaign: JAX compiling the oracle (22 s), then problems per second (2,000 in 1.7 s).
CAMPAIGN_COMPILE_SECONDS = 20.0
CAMPAIGN_PER_SECOND = 1200.0


def product_flops(layer_sizes: Sequence[int], m: int) -> int:
    """Flops of one gradient's matrix products (bound's): W[l] A[l-1] and dZ[l] A[l-1]^T for every layer, W[l]^T
    dZ[l] for all but the first; 2 n[l] n[l-1] m each."""
    pairs = [a * b for a, b in itertools.pairwise(layer_sizes)]
    return 2 * m * (2 * sum(pairs) + sum(pairs[1:]))


def gradient_seconds(network: str, dims: tuple[int, int, int, int], dtype: str) -> float:
    """One gradient's products at FLOPS (float64; a float32 flop costs half)."""
    n0, n1, nL, m = dims
    return product_flops(make_spec(network, n0, n1, nL).layer_sizes, m) / FLOPS * np.dtype(dtype).itemsize / 8


def timing_seconds(call: float, peers: Sequence[str], rounds: int, block_seconds: float) -> float:
    """time_case with a gradient of call seconds: each peer's first call and calibrating call, then per round an
    untimed call and a block of at least block_seconds; with manual and bound, manual unchecked too (a gradient)
    and its activations (a block)."""
    profile = "manual" in peers and "bound" in peers
    full = (*peers, "unchecked") if profile else tuple(peers)
    seconds = sum(FIRST_CALL_SECONDS.get(p, 0.0) + (rounds + 2) * call + rounds * max(block_seconds, call)
                  for p in full)
    return seconds + profile * rounds * block_seconds


def step_weights(options: Options) -> list[float]:
    """One weight per step of run_suite, in its order (as many as suite.steps(options)): its expected seconds."""
    yours = ("yours",) if options.yours is not None else ()
    peers = (*options.peers, *yours)
    weights = [timing_seconds(gradient_seconds(network, SIZES[size], dtype), peers, case_rounds(options, size),
                              options.block_seconds)
               for size in options.sizes for network in options.networks for dtype in options.dtypes]
    for part in parts(options):
        if part == "scaling":
            rounds, swept = sweep_timing(options)
            weights += [timing_seconds(gradient_seconds("seed", dims, "float64"), (*swept, *yours), rounds,
                                       options.block_seconds) for _, _, dims in sweep_points()]
        elif part == "memory":
            weights.append(gradient_seconds("seed", SIZES[str(options.memory_size)], "float64"))
        else:
            weights.append(CAMPAIGN_COMPILE_SECONDS + options.campaign_cases / CAMPAIGN_PER_SECOND)
    return weights
