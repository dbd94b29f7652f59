"""Judging a port's results against the test vectors, reporting the first quantity that diverged.

Quantities are checked in the order a port computes them, forward before backward:
Z1, A1, ..., ZL, AL (if the port gave its cache), cost, dWL, dbL, ..., dW1, db1. An entry passes when

    |port - expected| <= rtol * (|expected| + scale) + atol

with the group's rtol and atol and the entry's scale (the oracle's first-order rounding-error bound).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from .error_messages import listed
from .port_quantity import Divergence, compare_quantity
from .spec import KINKED_ACTIVATIONS

#: Activations whose derivative jumps at 0, where a convention decides g'(0) (the spec's, as the oracle's).
KINKED = KINKED_ACTIVATIONS


def kinked_layers(group: dict[str, Any], test: dict[str, Any]) -> list[int]:
    """The layers l whose g[l] is relu-like and some Z[l] of the test is exactly 0, on the kink."""
    return [l for l, g in enumerate(group["activations"], start=1)
            if g in KINKED and np.any(np.asarray(test["expected"][f"Z{l}"]["value"]) == 0)]


def kink_can_explain(key: str, layers: list[int]) -> bool:
    """dW[l] and db[l] use g'(Z[k]) for every k >= l: a kink at layer l or above can move them, not one below."""
    return key[0] == "d" and any(k >= int(key[2:]) for k in layers)


def quantity_order(L: int) -> list[str]:
    """["Z1", "A1", ..., "ZL", "AL", "cost", "dWL", "dbL", ..., "dW1", "db1"]."""
    forward = [f"{k}{l}" for l in range(1, L + 1) for k in "ZA"]
    return [*forward, "cost", *(f"d{k}{l}" for l in range(L, 0, -1) for k in "Wb")]


@dataclass
class GroupOutcome:
    """One group's verdict: its description, and per test a Divergence, None (passed) or a skip reason."""

    title: str
    passed: list[int] = field(default_factory=list)
    failed: list[tuple[int, str, Divergence]] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)


def layer_0_note(result: dict[str, Any]) -> str:
    """What to say of results whose keys number the layers from 0, as 0-based arrays do (A0, X, is no sign of it)."""
    keys = [key for key in ("Z0",) if key in result.get("cache", {})] + [
        key for key in ("dW0", "db0") if key in result["gradients"]]
    return (f"the results have {listed(keys)}: layers are numbered from 1, as the vectors' W1 and Z1 (Z1 = W1 X + "
            "b1), so layer l's quantities are Zl, Al, dWl and dbl") if keys else ""


def first_divergence(test: dict[str, Any], result: dict[str, Any], rtol: float, atol: float,
                     L: int) -> Divergence | None:
    """The first quantity (forward before backward) outside tolerance, or None if the test passes."""
    divergence = _first_divergence(test, result, rtol, atol, L)
    note = layer_0_note(result) if divergence is not None else ""
    return replace(divergence, note=note) if divergence is not None and note else divergence


def _first_divergence(test: dict[str, Any], result: dict[str, Any], rtol: float, atol: float,
                      L: int) -> Divergence | None:
    cache, grads = result.get("cache", {}), result["gradients"]
    expected = test["expected"]
    for key in quantity_order(L):
        if key == "cost":
            given: Any = result["cost"]
        elif key[0] in "ZA":
            if "cache" not in result:          # no cache: the forward pass is not checked ({} is one missing all)
                continue
            if key not in cache:
                return Divergence(key, f"missing from the cache (it has {sorted(cache)})")
            given = cache[key]
        elif key not in grads:
            as_param = (f": write {key[1:]}'s gradient as {key}, as the vectors' expected do" if key[1:] in grads
                        else "")               # the parameters' keys, as `verify --yours` takes gradients
            return Divergence(key, f"missing from the gradients (they have {sorted(grads)}{as_param})")
        else:
            given = grads[key]
        divergence = compare_quantity(key, given, expected[key], rtol, atol)
        if divergence is not None:
            return divergence
    return None


def group_title(group: dict[str, Any]) -> str:
    return (f"n = {tuple(group['layerSizes'])}, g = {', '.join(group['activations'])}, {group['loss']}, "
            f"l2 = {group['l2']:g}, {group['dtype']}")


def check_all(vectors: dict[str, Any], results: dict[int, dict[str, Any]]) -> list[GroupOutcome]:
    """Every group's outcome, in the vectors' order."""
    outcomes = []
    for group in vectors["testGroups"]:
        outcome = GroupOutcome(group_title(group))
        L = len(group["activations"])
        for test in group["tests"]:
            tc, result = test["tcId"], results[test["tcId"]]
            if "skipped" in result:
                outcome.skipped.append((tc, str(result["skipped"])))
                continue
            divergence = first_divergence(test, result, group["rtol"], group["atol"], L)
            if divergence is None:
                outcome.passed.append(tc)
            else:
                outcome.failed.append((tc, test["comment"], divergence))
        outcomes.append(outcome)
    return outcomes
