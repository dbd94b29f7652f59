"""The Python examples of the README and docs/harness.md run as written, as a user runs them: each in a fresh
interpreter.

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

ROOT = pathlib.Path(__file__).resolve().parent.parent
DOCUMENTS = ("README.md", "docs/harness.md")
BLOCKS = {name: re.findall(r"```python\n(.*?)```", (ROOT / name).read_text(encoding="utf-8"), flags=re.S)
          for name in DOCUMENTS}


def test_readme_and_harness_guide_have_python_examples() -> None:
    assert len(BLOCKS["README.md"]) >= 2 and len(BLOCKS["docs/harness.md"]) >= 3


@pytest.mark.parametrize(("name", "index"), [(name, i) for name in DOCUMENTS for i in range(len(BLOCKS[name]))])
def test_documented_example_runs_as_written(name: str, index: int, tmp_path: pathlib.Path) -> None:
    """Warnings are errors, as in the suite; the working directory is empty (Hypothesis writes its database there)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HYPOTHESIS", "JAX_", "PYTEST"))}
    run = subprocess.run([sys.executable, "-W", "error", "-c", BLOCKS[name][index]], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, f"{name} example {index + 1} failed:\n{run.stderr[-3000:]}"
