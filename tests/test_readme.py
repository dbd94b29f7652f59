"""The Python examples of the README and docs/harness.md run as written, as a user runs them: each in a fresh
interpreter.

Not in this process: here the suite's Hypothesis profile (deadline=None) is loaded and JAX has already
compiled the oracle, so an example that needs either would pass here and fail for a user (the harness
example did: its first call compiles the oracle, about 2 s, over Hypothesis's 200 ms default deadline).

The examples read and write the suite's compilation cache (tests/conftest.py), when it has one: the oracle's padded
forms, which the test processes compile anyway, took 2-3 s each to compile again in every example that called them
(README.md-1 three of them). A first call still traces and lowers the oracle, so README.md's example without its
deadline=None still fails, its first example taking 411 ms of the 200 (session 39, the cache filled). A cache entry
read while another process writes it warns, as in the suite (pyproject.toml): that warning alone is no error here.
"""

from __future__ import annotations

import os
import pathlib
import re
import subprocess
import sys

import jax
import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
DOCUMENTS = ("README.md", "docs/harness.md")
BLOCKS = {name: re.findall(r"```python\n(.*?)```", (ROOT / name).read_text(encoding="utf-8"), flags=re.S)
          for name in DOCUMENTS}
#: Warnings are errors, but for the compilation cache's when two processes meet in it (pyproject.toml's filter).
WARNINGS = ["-W", "error", *(f"-Wignore:Error {verb} persistent compilation cache entry:UserWarning"
                             for verb in ("reading", "writing"))]


def test_readme_and_harness_guide_have_python_examples() -> None:
    assert len(BLOCKS["README.md"]) >= 2 and len(BLOCKS["docs/harness.md"]) >= 3


@pytest.mark.parametrize(("name", "index"), [(name, i) for name in DOCUMENTS for i in range(len(BLOCKS[name]))])
def test_documented_example_runs_as_written(name: str, index: int, tmp_path: pathlib.Path) -> None:
    """Warnings are errors, as in the suite; the working directory is empty (Hypothesis writes its database there)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HYPOTHESIS", "JAX_", "PYTEST"))}
    if jax.config.jax_compilation_cache_dir:                      # the suite's (tests/conftest.py), when it has one
        env["JAX_COMPILATION_CACHE_DIR"] = jax.config.jax_compilation_cache_dir
    run = subprocess.run([sys.executable, *WARNINGS, "-c", BLOCKS[name][index]], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, f"{name} example {index + 1} failed:\n{run.stderr[-3000:]}"
