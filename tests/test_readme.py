"""The README's Python examples run as written, as a user runs them: each in a fresh interpreter.

Not in this process: here the suite's Hypothesis profile (deadline=None) is loaded and JAX has already
compiled the oracle, so an example that needs either would pass here and fail for a user (the harness
example did: its first call compiles the oracle, about 2 s, over Hypothesis's 200 ms default deadline).
"""

from __future__ import annotations

import os
import pathlib
import re
import subprocess
import sys

import pytest

README = pathlib.Path(__file__).resolve().parent.parent / "README.md"
BLOCKS = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)


def test_readme_has_python_examples() -> None:
    assert len(BLOCKS) >= 2


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_readme_example_runs_as_written(index: int, tmp_path: pathlib.Path) -> None:
    """Warnings are errors, as in the suite; the working directory is empty (Hypothesis writes its database there)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HYPOTHESIS", "JAX_", "PYTEST"))}
    run = subprocess.run([sys.executable, "-W", "error", "-c", BLOCKS[index]], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, f"README.md example {index + 1} failed:\n{run.stderr[-3000:]}"
