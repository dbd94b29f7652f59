"""Every peer on n cores: the process pinned to n CPUs, and each library told n threads."""

from __future__ import annotations

import os
from typing import Any

from .machine import cpus

_LIMITS: list[Any] = []  # keeps threadpoolctl's limit in force for the life of the process


def limit_threads(n: int) -> None:
    """Run every peer on n cores: the process is pinned to n CPUs (sched_setaffinity, which binds every thread,
    XLA's included), and NumPy's BLAS (threadpoolctl), torch's pool and XLA (XLA_FLAGS) are told n threads.

    The pinning is what makes it fair: measured here with jax 0.10.2, XLA_FLAGS alone
    (--xla_cpu_multi_thread_eigen=false) still left jax.jit using 1.55 cores per gradient at the medium
    size while NumPy used 1. Call this before any JAX computation (XLA reads its flags once).
    """
    from threadpoolctl import threadpool_limits

    allowed = cpus()
    if allowed is not None and len(allowed) > n:
        os.sched_setaffinity(0, allowed[:n])
    _LIMITS.append(threadpool_limits(limits=n))
    os.environ["XLA_FLAGS"] = (os.environ.get("XLA_FLAGS", "") + f" --xla_cpu_multi_thread_eigen={str(n > 1).lower()}"
                               f" intra_op_parallelism_threads={n}").strip()
    try:
        import torch
    except ImportError:
        return
    torch.set_num_threads(n)
