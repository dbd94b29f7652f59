"""manual_backprop needs only NumPy at run time: importing it, and building the CLI, loads no optional package; the
oracle, imported without its extra, names the extra to install."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

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


NEEDS = {  # what each command imports beyond NumPy, as module: distribution
    ("verify",): {"jax": "jax"},
    ("vectors",): {"jax": "jax"},
    ("mutants",): {"jax": "jax"},
    ("bench",): {"jax": "jax", "threadpoolctl": "threadpoolctl", "matplotlib": "matplotlib"},
    ("train",): {"sklearn": "scikit-learn", "matplotlib": "matplotlib"},
    ("train", "--check-oracle"): {"sklearn": "scikit-learn", "matplotlib": "matplotlib", "jax": "jax"},
    ("train", "--threads", "1"): {"sklearn": "scikit-learn", "matplotlib": "matplotlib",
                                  "threadpoolctl": "threadpoolctl"},        # --threads given: it caps BLAS's threads
}


def _extra_requirements(extras: str) -> set[str]:
    """The distributions that pip install 'manual-backprop[extras]' brings, self-references resolved."""
    table = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())["project"]
    declared = table["optional-dependencies"]
    found: set[str] = set()
    pending = extras.split(",")
    while pending:
        for requirement in declared[pending.pop()]:
            name = re.match(r"[A-Za-z0-9_.-]+", requirement).group(0)  # type: ignore[union-attr]
            inner = re.search(r"\[(.*)\]", requirement)
            if name == "manual-backprop" and inner:
                pending.extend(inner.group(1).split(","))
            else:
                found.add(name)
    return found


def test_each_command_names_one_install_that_brings_everything_it_needs(tmp_path: Path) -> None:
    """With no optional package importable, each command's one-line message names extras that bring every package
    it needs: following it once is enough (bench named [oracle], and then [bench] on the next try)."""
    blocked = ("jax", "jaxlib", "hypothesis", "matplotlib", "sklearn", "threadpoolctl", "torch")
    for command, needs in NEEDS.items():
        probe = (f"import sys\nfor name in {blocked!r}: sys.modules[name] = None\n"
                 f"from manual_backprop.cli import main\nsys.exit(main({list(command)!r}))")
        run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=str(tmp_path))
        assert run.returncode == 2, (command, run.stderr)
        named = re.search(r"pip install 'manual-backprop\[([a-z,]+)\]'", run.stderr)
        assert named, (command, run.stderr)
        assert set(needs.values()) <= _extra_requirements(named.group(1)), (command, named.group(1))


NAMESPACE_PROBE = """
import json, sys
import manual_backprop as mb
loaded = sorted(name for name in sys.modules if name.startswith("manual_backprop."))
modules = ("activations", "array_checks", "losses", "propagation", "training", "validation",
           "datasets", "metrics", "params_io", "plots", "trajectory")
reached = [name for name in modules
           if (module := getattr(mb, name, None)) is not None and module is sys.modules[module.__name__]
           and module.__name__ == f"manual_backprop.{name}"]
exported = [name for name in ("save_parameters", "load_parameters", "ParamsFileError")
            if name in mb.__all__ and getattr(mb, name) is getattr(mb.params_io, name)]
print(json.dumps({"loaded": loaded, "modules": modules, "reached": reached, "exported": exported, "dir": dir(mb)}))
"""


def test_the_packages_library_modules_and_params_io_names_are_attributes_imported_on_first_use() -> None:
    """mb.propagation was reachable but mb.params_io (datasets, metrics) raised AttributeError, save_parameters was
    not a package name, and dir(mb) listed TYPE_CHECKING. `import manual_backprop` itself still loads none of them."""
    out = subprocess.run([sys.executable, "-c", NAMESPACE_PROBE], capture_output=True, text=True, check=True).stdout
    found = json.loads(out)
    assert not set(found["loaded"]) & {f"manual_backprop.{name}" for name in found["modules"]}, found["loaded"]
    assert found["reached"] == found["modules"]
    assert found["exported"] == ["save_parameters", "load_parameters", "ParamsFileError"]
    assert set(found["modules"]) | {"save_parameters", "load_parameters", "ParamsFileError"} <= set(found["dir"])
    assert "TYPE_CHECKING" not in found["dir"] and "typing" not in found["dir"], found["dir"]
