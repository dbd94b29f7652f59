"""manual_backprop needs only NumPy at run time: importing it, and building the CLI, loads no optional package; the
oracle, imported without its extra, names the extra to install."""

from __future__ import annotations

import json
import subprocess
import sys

OPTIONAL = ("jax", "jaxlib", "hypothesis", "matplotlib", "sklearn", "torch", "scipy", "threadpoolctl")

PROBE = """
import json, sys
import manual_backprop, manual_backprop.cli
from manual_backprop import NetworkSpec, init_parameters, gradients, gradient_descent
import numpy as np
spec = NetworkSpec((2, 3, 1), ("tanh", "sigmoid"), "binary_cross_entropy")
params = init_parameters(spec)
gradients(spec, params, np.ones((2, 4)), np.ones((1, 4)))
gradient_descent(spec, params, np.ones((2, 4)), np.ones((1, 4)), 0.1, 2)
manual_backprop.cli.build_parser()
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""


def test_manual_backprop_imports_nothing_but_numpy() -> None:
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True).stdout
    loaded = set(json.loads(out))
    assert "numpy" in loaded
    assert not loaded & set(OPTIONAL), loaded & set(OPTIONAL)


def test_the_oracle_without_its_extra_names_the_extra_to_install() -> None:
    """Imported where JAX (or Hypothesis, for the strategies) is missing, the error says `pip install ...[oracle]`."""
    for module, missing in (("autodiff_oracle", "jax"), ("autodiff_oracle.strategies", "hypothesis")):
        probe = f"import sys; sys.modules[{missing!r}] = None; import {module}"  # None: the import fails
        run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
        assert run.returncode == 1, (module, run.stderr)
        last = run.stderr.strip().splitlines()[-1]
        assert last.startswith("ModuleNotFoundError: ") and "pip install 'manual-backprop[oracle]'" in last, last
