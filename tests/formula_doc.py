"""docs/formulas.md as executable code: its `# formula:` blocks, run with their declared shapes checked.

blocks() parses every fenced Python block starting with `# formula: <name>`; run(name, **inputs)
executes one with NumPy as np and asserts each `# shapes:` entry (expressions in n, l, L, m);
doc_port(group, test) composes the blocks into a whole port of one test vector.
"""

from __future__ import annotations

import pathlib
import re
from dataclasses import dataclass
from typing import Any

import numpy as np

DOC = pathlib.Path(__file__).resolve().parent.parent / "docs" / "formulas.md"


@dataclass(frozen=True)
class Block:
    name: str
    code: str
    shapes: tuple[tuple[str, tuple[str, ...]], ...]


def blocks() -> dict[str, Block]:
    """{name: Block} for every `# formula:` block of docs/formulas.md (names must be unique)."""
    found: dict[str, Block] = {}
    for body in re.findall(r"```python\n(# formula: .*?)```", DOC.read_text(encoding="utf-8"), flags=re.S):
        first, *rest = body.splitlines()
        name = first.removeprefix("# formula: ").strip()
        shapes: tuple[tuple[str, tuple[str, ...]], ...] = ()
        if rest and rest[0].startswith("# shapes: "):
            declared = re.findall(r"(\w+) \(([^()]*)\)", rest[0])
            shapes = tuple((var, tuple(e.strip() for e in dims.split(",") if e.strip())) for var, dims in declared)
        assert name not in found, f"two blocks are named {name!r}"
        found[name] = Block(name, body, shapes)
    return found


BLOCKS = blocks()


def run(name: str, **inputs: Any) -> dict[str, Any]:
    """Execute block `name` with inputs (and np); check its declared shapes; return its namespace."""
    block = BLOCKS[name]
    namespace: dict[str, Any] = {"np": np, **inputs}
    exec(compile(block.code, f"docs/formulas.md [{name}]", "exec"), namespace)
    for var, dims in block.shapes:
        expected = tuple(eval(d, {}, namespace) for d in dims)
        assert np.shape(namespace[var]) == expected, f"[{name}] {var} has shape {np.shape(namespace[var])}, " \
            f"declared {dims} = {expected}"
    return namespace


def g(name: str, Z: np.ndarray, **dims: Any) -> tuple[np.ndarray, np.ndarray]:
    """(A, g'(Z)) from the doc's activation block (g'(Z) as dZ with dA = 1; elementwise g only)."""
    ns = run(f"activation {name}", Z=Z, dA=np.ones_like(Z), **dims)
    return ns["A"], ns["dZ"]


def doc_port(group: dict[str, Any], test: dict[str, Any]) -> dict[str, Any]:
    """A results-file entry for one float64 test vector, computed by the doc's blocks only."""
    acts, L, lam = group["activations"], len(group["activations"]), group["l2"]
    n, m = group["layerSizes"], test["m"]
    values = {key: np.array(a["value"], dtype=np.float64) for key, a in test["inputs"].items()}
    X, Y = values["X"], values["Y"]
    cache = {"A0": X}
    for l in range(1, L + 1):
        ns = run("forward", W=values[f"W{l}"], A_prev=cache[f"A{l - 1}"], b=values[f"b{l}"],
                 g=lambda Z, name=acts[l - 1], l=l: g(name, Z, n=n, l=l, m=m)[0], n=n, l=l, m=m)
        cache[f"Z{l}"], cache[f"A{l}"] = ns["Z"], ns["A"]
    ZL, AL = cache[f"Z{L}"], cache[f"A{L}"]
    out = run(f"loss {group['loss']}", ZL=ZL, AL=AL, Y=Y, n=n, L=L, m=m,
              g_prime=lambda Z: g(acts[-1], Z, n=n, l=L, m=m)[1])
    J = run("cost", loss=out["loss"], m=m, lam=lam, Ws=[values[f"W{l}"] for l in range(1, L + 1)])["J"]
    dZ = out["dZL"]
    if acts[-1] == "softmax" and group["loss"] == "mean_squared_error":
        dZ = run("activation softmax", Z=ZL, dA=out["dAL"], n=n, l=L, m=m)["dZ"]
    grads = {}
    for l in range(L, 0, -1):
        Z_prev = cache[f"Z{l - 1}"] if l > 1 else X
        prime = (lambda Z, name=acts[l - 2], k=l - 1: g(name, Z, n=n, l=k, m=m)[1]) if l > 1 else np.ones_like
        ns = run("backward layer", dZ=dZ, A_prev=cache[f"A{l - 1}"], W=values[f"W{l}"], Z_prev=Z_prev,
                 g_prime=prime, lam=lam, n=n, l=l, m=m)
        grads[f"dW{l}"], grads[f"db{l}"], dZ = ns["dW"], ns["db"], ns["dZ_prev"]
    return {"cost": float(J), "gradients": {k: v.tolist() for k, v in grads.items()},
            "cache": {k: v.tolist() for k, v in cache.items() if k != "A0"}}
