"""Judging a port's results against the test vectors, reporting the first quantity that diverged.

Quantities are checked in the order a port computes them, forward before backward:
Z1, A1, ..., ZL, AL (if the port gave its cache), cost, dWL, dbL, ..., dW1, db1. An entry passes when

    |port - expected| <= rtol * (|expected| + scale) + atol

with the group's rtol and atol and the entry's scale (the oracle's first-order rounding-error bound).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from .port_notes import float32_note, layer_0_note, spelt_otherwise
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


def first_divergence(test: dict[str, Any], result: dict[str, Any], rtol: float, atol: float, L: int,
                     dtype: str = "", sizes: Sequence[int] = ()) -> Divergence | None:
    """The first quantity (forward before backward) outside tolerance, or None if the test passes; a divergence
    ends with port_notes' likely causes (a float64 group's, dtype "float64", computed in float32 among them), a wrong
    shape with the slip it marks (given the group's layer sizes, where a slip needs them)."""
    divergence = _first_divergence(test, result, rtol, atol, L, sizes)
    if divergence is None:
        return None
    checked = [key for key in quantity_order(L) if key[0] not in "ZA" or "cache" in result]
    given = {key: _given(result, key) for key in checked}
    complete = all(value is not _MISSING for value in given.values())   # a missing one fails at float32 too
    float32 = float32_note(test, given, dtype, rtol, atol) if complete else ""
    note = "; ".join(filter(None, [layer_0_note(result), float32]))
    return replace(divergence, note=note) if note else divergence


_MISSING = object()


def _given(result: dict[str, Any], key: str) -> Any:
    """The results' value of key (cost, a cache or a gradient quantity), or _MISSING."""
    part = result if key == "cost" else result.get("cache", {}) if key[0] in "ZA" else result["gradients"]
    return part.get(key, _MISSING)


def _first_divergence(test: dict[str, Any], result: dict[str, Any], rtol: float, atol: float,
                      L: int, sizes: Sequence[int]) -> Divergence | None:
    cache, grads = result.get("cache", {}), result["gradients"]
    expected = test["expected"]
    for key in quantity_order(L):
        if key[0] in "ZA" and "cache" not in result:   # no cache: the forward pass is not checked ({} misses all)
            continue
        given = _given(result, key)
        if given is _MISSING and key[0] in "ZA":
            return Divergence(key, f"missing from the cache (it has {sorted(cache)}{_respelt(key, cache, expected)})")
        if given is _MISSING:
            as_param = (f": write {key[1:]}'s gradient as {key}, as the vectors' expected do" if key[1:] in grads
                        else _respelt(key, grads, expected))   # the parameters' keys, as `verify --yours` takes them
            return Divergence(key, f"missing from the gradients (they have {sorted(grads)}{as_param})")
        divergence = compare_quantity(key, given, expected[key], rtol, atol, test.get("m"), sizes)
        if divergence is not None:
            return divergence
    return None


def _respelt(key: str, given: dict[str, Any], expected: dict[str, Any]) -> str:
    """': did you mean dW1 for 'dw1'? ...' when a key of given writes key otherwise (port_notes.spelt_otherwise)."""
    other = spelt_otherwise(key, given, expected)
    return (f": did you mean {key} for {other!r}? keys are read as the vectors' expected spell them, case included"
            if other else "")


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
            divergence = first_divergence(test, result, group["rtol"], group["atol"], L, group["dtype"],
                                          group["layerSizes"])
            if divergence is None:
                outcome.passed.append(tc)
            else:
                outcome.failed.append((tc, test["comment"], divergence))
        outcomes.append(outcome)
    return outcomes
