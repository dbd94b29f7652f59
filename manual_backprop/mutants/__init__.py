"""Planted bugs: named source patches of manual_backprop, applied in-process one at a time.

A Mutant is (name, module, old snippet, new snippet, source). plant(mutant) reads the module's real
source, replaces the snippet (which must occur exactly once, so a refactor that moves the code makes
the mutant fail loudly with MutantDoesNotApply instead of silently testing nothing), executes the
patched source as a fresh module and rebinds every name that pointed into the old module (in
manual_backprop and its submodules) for the duration of the `with` block:

    from manual_backprop.mutants import CATALOG, plant
    with plant(CATALOG["E7"]):
        mb.gradients(...)          # now computes dZ[L] = A[L] * Y

Patching in-process (not by rewriting files) keeps the working tree clean and lets every mutant
share JAX's compiled oracle. The catalog itself is in catalog.py; tests/test_planted_bugs.py and
`backprop mutants` check that every property-based check of the suite catches each one.
"""

from __future__ import annotations

import importlib
import pathlib
import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass


class MutantDoesNotApply(LookupError):  # noqa: N818 - reads as the condition it reports
    """The snippet a mutant patches is not in the module's source exactly once (the code moved)."""


@dataclass(frozen=True)
class Mutant:
    """A planted bug: in manual_backprop.<module>, replace `old` (exactly once) by `new`."""

    name: str
    module: str
    old: str
    new: str
    source: str  # "ERRATA E7", or "common": where the bug comes from
    description: str


#: The patchable modules' source, read once when this package is imported (next to importing them), so a
#: file edited on disk later in the session is not mixed with the code the process actually runs.
PATCHABLE = ("activations", "losses", "propagation", "training")
_SOURCES = {name: pathlib.Path(importlib.import_module(f"manual_backprop.{name}").__file__ or "").read_text()
            for name in PATCHABLE}


def patched_source(mutant: Mutant) -> str:
    """The module's source with the mutant's snippet replaced; MutantDoesNotApply if it is not there once."""
    text = _SOURCES[mutant.module]
    count = text.count(mutant.old)
    if count != 1:
        raise MutantDoesNotApply(f"mutant {mutant.name}: {mutant.old!r} occurs {count} times in "
                                 f"manual_backprop/{mutant.module}.py (needs exactly 1); re-target it")
    return text.replace(mutant.old, mutant.new)


def _load(mutant: Mutant) -> types.ModuleType:
    name = f"manual_backprop.{mutant.module}"
    original = sys.modules[name]
    fresh = types.ModuleType(name, original.__doc__)
    fresh.__file__, fresh.__package__ = original.__file__, "manual_backprop"
    exec(compile(patched_source(mutant), f"<mutant {mutant.name} of {original.__file__}>", "exec"), fresh.__dict__)
    return fresh


@contextmanager
def plant(mutant: Mutant) -> Iterator[types.ModuleType]:
    """Within the block, manual_backprop behaves as if its source had the mutant's patch."""
    name = f"manual_backprop.{mutant.module}"
    package = importlib.import_module("manual_backprop")
    for public in package.__all__:     # the package imports its math on first use: bind its names now, so that the
        getattr(package, public)       # rebinding below reaches them (one first looked up in the block would be old)
    original = importlib.import_module(name)
    fresh = _load(mutant)
    saved: list[tuple[types.ModuleType, str, object]] = []
    modules = [m for key, m in list(sys.modules.items()) if m is not None and m is not original
               and (key == "manual_backprop" or key.startswith("manual_backprop."))]
    for module in modules:
        for attr, value in list(vars(module).items()):
            if value is original:
                replacement: object = fresh
            elif attr in vars(fresh) and attr in vars(original) and vars(original)[attr] is value \
                    and not isinstance(value, types.ModuleType) and not attr.startswith("__"):
                replacement = vars(fresh)[attr]
            else:
                continue
            saved.append((module, attr, value))
            setattr(module, attr, replacement)
    try:
        yield fresh
    finally:
        for where, attr, value in reversed(saved):
            setattr(where, attr, value)


from .catalog import CATALOG  # noqa: E402 - the catalog needs Mutant

__all__ = ["CATALOG", "Mutant", "MutantDoesNotApply", "patched_source", "plant"]
