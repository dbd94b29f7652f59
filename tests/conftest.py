"""Hypothesis settings profiles: `default` (fast, local), `ci`, and `thorough` (long campaigns).

Choose one with HYPOTHESIS_PROFILE=ci|thorough (or pytest --hypothesis-profile=NAME). `ci` is
derandomized: the examples are a function of the code alone, so a clean clone's run here is the run CI
makes, and a red CI is reproducible anywhere; `default` and `thorough` draw new examples every run and
are where new counterexamples are found (commit a reproducer for each). JAX compiles
on first use of each shape, so deadlines are off everywhere. NumPy floating-point warnings are
errors in every test (np.errstate; an invalid flag left by a matrix product aside, see
raise_unless_a_product_flagged_invalid), on top of pytest's filterwarnings = error, and JAX's implicit rank
promotion is an error (jax_numpy_rank_promotion), so an (n,) against (n, 1) slip in the oracle cannot
broadcast silently. Programs XLA takes long to compile are kept on disk between runs (use_a_compilation_cache).
"""

from __future__ import annotations

import dis
import hashlib
import os
import platform
import shutil
import signal
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import jax
import numpy as np
import pytest
from bench_fixtures import threads_restored
from hypothesis import HealthCheck, settings
from threadpoolctl import threadpool_limits

#: The suite's matrices are tiny: one BLAS thread is faster, and steady when other work shares the cores.
threadpool_limits(limits=1)
jax.config.update("jax_numpy_rank_promotion", "raise")


#: Programs that take XLA longer than this to compile are kept (JAX's default is 1 s): the padded oracle's forms, a few
#: seconds each, and the plain oracle's for the fixed pool of specs (tests/strategies.py, SPEC_POOL), about half a
#: second each. On the 2-core AMD VM of session 30, make test took 4 min 36 s without the cache, 4 min 10 s with an
#: empty one (the second worker reads what the first compiled) and 2 min 52 s with the previous run's (3 min 40 s at
#: JAX's 1 s); that run added 5 programs (0.1 MB, new random shapes) to the 86 (5 MB) of the first.
COMPILE_SECONDS = 0.3
#: Past this size the cache is emptied as a run starts, so new random shapes cannot grow it without bound.
CACHE_BYTES = 256 * 2**20


def _machine() -> str:
    """What a compiled program depends on beyond what JAX's cache key holds: JAX's key names the platform ("cpu")
    but not the CPU's instruction sets, which XLA compiles for, so a cache copied from another machine could hold
    code this one cannot run. Hence the versions, the architecture and the CPU's flags (x86's "flags", ARM's
    "Features"), hashed. JAX's key holds the folder's absolute path too, so a moved checkout starts afresh."""
    try:
        lines = Path("/proc/cpuinfo").read_text().splitlines()
        flags = next(line for line in lines if line.startswith(("flags", "Features")))
    except (OSError, StopIteration):
        flags = platform.processor()
    text = f"{jax.__version__} {jax.lib.__version__} {sys.version} {platform.machine()} {flags}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _tidy(path: Path) -> None:
    """Before a run's first compile: other machines' (and older versions') folders removed; an entry that does not
    decompress removed (JAX 0.10 writes in place and never rewrites an entry that exists, so one cut short by a
    killed run or a full disk would be compiled again every run, silently); the folder emptied past CACHE_BYTES.
    Best effort: another run's workers sharing the checkout may be writing meanwhile."""
    try:
        from jax._src.compilation_cache import decompress_executable  # JAX's private helper: 0.10's, checked
    except ImportError:
        return
    try:
        for other in path.parent.iterdir():
            if other != path:
                shutil.rmtree(other, ignore_errors=True)
        if not path.is_dir():
            return
        kept = 0                                        # bytes of the whole entries
        for entry in path.iterdir():
            data = entry.read_bytes()
            try:
                decompress_executable(data)
                kept += len(data)
            except Exception:                           # zlib's or zstd's error for a stream cut short
                entry.unlink(missing_ok=True)
        if kept > CACHE_BYTES:
            shutil.rmtree(path, ignore_errors=True)
    except OSError:
        pass


def use_a_compilation_cache() -> None:
    """Programs that took XLA over COMPILE_SECONDS to compile kept on disk in .pytest_cache/jax/<machine>, for the
    other worker and the next run, where each compiled them again. In the test processes only, main([...]) included:
    the commands the tests start in a fresh interpreter compile as a user's would (jax.config, no environment
    variable, holds it), the README's and docs/harness.md's examples aside (tests/test_readme.py passes it on).
    BACKPROP_TEST_COMPILATION_CACHE=0 turns it off; a cache of your own (JAX_COMPILATION_CACHE_DIR) is used as it is.
    `make clean` or `rm -rf .pytest_cache/jax` empties it."""
    if os.environ.get("BACKPROP_TEST_COMPILATION_CACHE", "1") == "0" or jax.config.jax_compilation_cache_dir:
        return
    path = Path(__file__).parent.parent / ".pytest_cache" / "jax" / _machine()
    if "PYTEST_XDIST_WORKER" not in os.environ:         # the controller, or a run in one process: before any worker
        _tidy(path)
    jax.config.update("jax_compilation_cache_dir", str(path))
    jax.config.update("jax_persistent_cache_min_compile_time_secs", COMPILE_SECONDS)


use_a_compilation_cache()

settings.register_profile("default", max_examples=200, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("ci", max_examples=400, deadline=None, print_blob=True, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=20_000, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def raise_unless_a_product_flagged_invalid(kind: str, flag: int) -> None:
    """FloatingPointError, as errstate's "raise" gives, except for the invalid flag left by a matrix product (`@`).

    OpenBLAS can set that flag on finite inputs (seen once in about 13 runs of the suite in session 22: float32 products
    of 1-8 units in propagation._backward, "invalid value encountered in matmul", which Hypothesis then reported as
    flaky and no loop of 200,000 such products alone reproduced). A product's values are judged by the tests'
    assertions, and an overflow in one still raises here; every elementwise operation raises as before."""
    frame = sys._getframe(1)      # the frame whose instruction set the flag: `dZ @ A_prev.T` or `a * b`
    if kind == "invalid value" and any(op.offset == frame.f_lasti and op.argrepr in ("@", "@=")
                                       for op in dis.get_instructions(frame.f_code)):
        return
    raise FloatingPointError(f"{kind} encountered (flag {flag})")


@pytest.fixture(autouse=True)
def threads_given_back() -> Iterator[None]:
    """Each test leaves the worker's CPUs and XLA_FLAGS as it found them (bench_fixtures.threads_restored): four tests
    run `bench --threads 1` in-process, which pinned the worker for the rest of the run."""
    with threads_restored():
        yield


@pytest.fixture(autouse=True)
def numpy_errors_raise():
    """Overflow, division by zero and invalid operations raise instead of warning (a product's invalid flag aside)."""
    previous = np.seterrcall(raise_unless_a_product_flagged_invalid)
    with np.errstate(all="raise", under="ignore", invalid="call"):
        yield
    np.seterrcall(previous)


def _ctrl_c_at_call(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> Callable[[int], None]:
    """plant(n): module.name raises KeyboardInterrupt as its n-th call starts, as a Ctrl-C there would; the calls
    before it run as they do."""
    def plant(n: int) -> None:
        calls: list[object] = []
        original = getattr(module, name)

        def interrupted(*args: object, **kwargs: object) -> object:
            calls.append(args)
            if len(calls) == n:
                raise KeyboardInterrupt
            return original(*args, **kwargs)
        monkeypatch.setattr(module, name, interrupted)
    return plant


@pytest.fixture
def ctrl_c_in_chunk(monkeypatch: pytest.MonkeyPatch) -> Callable[[int], None]:
    """ctrl_c_in_chunk(n): `backprop train`'s descent raises KeyboardInterrupt as its n-th chunk (of at least 16 steps)
    starts, as a Ctrl-C there would; the chunks before it run as they do."""
    from manual_backprop.commands import train_descent

    return _ctrl_c_at_call(monkeypatch, train_descent, "gradient_descent")


@pytest.fixture
def ctrl_c_in_case(monkeypatch: pytest.MonkeyPatch) -> Callable[[int], None]:
    """ctrl_c_in_case(n): `backprop bench` raises KeyboardInterrupt as it starts timing its n-th case (a sweep's point
    counts as one, after the cases), as a Ctrl-C there would; the cases before it are timed as they are."""
    from manual_backprop.bench import suite

    return _ctrl_c_at_call(monkeypatch, suite, "time_case")


@pytest.fixture
def sigint_raises() -> Iterator[None]:
    """SIGINT as an interactive Python has it (KeyboardInterrupt): pytest-xdist's workers ignore it."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)
