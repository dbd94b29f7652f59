"""Hypothesis settings profiles: `default` (fast, local), `ci`, and `thorough` (long campaigns).

Choose one with HYPOTHESIS_PROFILE=ci|thorough (or pytest --hypothesis-profile=NAME). `ci` is
derandomized: the examples are a function of the code alone, so a clean clone's run here is the run CI
makes, and a red CI is reproducible anywhere; `default` and `thorough` draw new examples every run and
are where new counterexamples are found (commit a reproducer for each). JAX compiles
on first use of each shape, so deadlines are off everywhere. NumPy floating-point warnings are
errors in every test (np.seterr), on top of pytest's filterwarnings = error, and JAX's implicit rank
promotion is an error (jax_numpy_rank_promotion), so an (n,) against (n, 1) slip in the oracle cannot
broadcast silently.
"""

from __future__ import annotations

import os

import jax
import numpy as np
import pytest
from hypothesis import HealthCheck, settings
from threadpoolctl import threadpool_limits

#: The suite's matrices are tiny: one BLAS thread is faster, and steady when other work shares the cores.
threadpool_limits(limits=1)
jax.config.update("jax_numpy_rank_promotion", "raise")

settings.register_profile("default", max_examples=200, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("ci", max_examples=400, deadline=None, print_blob=True, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=20_000, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(autouse=True)
def numpy_errors_raise():
    """Overflow, division by zero and invalid operations raise instead of warning."""
    with np.errstate(all="raise", under="ignore"):
        yield
