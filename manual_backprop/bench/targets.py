"""The issue's targets, each checked against a result, and why a missed one is missed (from the same run)."""

from __future__ import annotations

from typing import Any

#: (peer, sizes, limit): median of manual / peer must be <= limit (torch: < 1, written as <= 0.999...).
RATIO_TARGETS: tuple[tuple[str, tuple[str, ...], float], ...] = (
    ("bound", ("medium", "large"), 1.05), ("bound", ("small",), 2.0),
    ("jax.jit", ("tiny", "small"), 0.9), ("jax.jit", ("medium", "large"), 1.0),
    ("torch", ("tiny", "small", "medium", "large"), 1.0),
)
MEMORY_TARGET = 1.2      # peak / live set at the large size
HARNESS_TARGET = 500.0   # verified random-shape configurations per second
HARNESS_MIN_CASES = 1000  # the target is judged on a campaign this long or longer (a few batches are mostly noise)


def memory_size(memory: dict[str, Any]) -> str:
    """The size the peak memory was measured at, from its case label "network size dtype"."""
    return str(memory["case"].split()[1])


def shares(case: dict[str, Any]) -> tuple[float, float, float, float, float]:
    """Manual's time split, medians of per-round shares: (input checks, products (the bound), kernel, activation
    functions, the rest: other elementwise passes and Python).

    kernel is the system time of manual's other fresh arrays; activations are g and g' timed alone (each 0 in
    results written before it was measured, where the rest holds it).
    """
    part = case["shares"]
    checks, products = max(0.0, part["checks"]["median"]), part["bound"]["median"]  # a difference: noise may be < 0
    kernel = part.get("kernel", {}).get("median", 0.0)
    activations = part.get("activations", {}).get("median", 0.0)
    return checks, products, kernel, activations, max(0.0, 1 - checks - products - kernel - activations)


def why(case: dict[str, Any], peer: str, limit: float) -> str:
    """Why manual / peer misses its limit, from the same run's breakdown ('' without one).

    Where bound / peer exceeds the limit, NumPy's matrix products alone take longer than the limit allows manual's
    whole gradient (over 1: longer than the peer's), so no NumPy implementation could meet it on this machine;
    otherwise the gap is manual's work outside the products: its input checks, the kernel's time for its fresh
    arrays, its activation functions, its other elementwise passes and Python. Without a breakdown: that bound,
    which it needs, was not timed, if so.
    """
    if "shares" not in case:
        return "" if "bound" in case["ratios"] else "no breakdown: it needs bound, which --peers left out"
    checks, _, kernel, activations, rest = shares(case)
    faults = f"kernel time faulting in fresh arrays {kernel:.0%}, " if kernel >= 0.005 else ""
    gs = f"activation functions g, g' {activations:.0%}, other " if "activations" in case["shares"] else ""
    outside = (f"outside the products: input checks {checks:.0%}, {faults}{gs}elementwise passes and Python "
               f"{rest:.0%} of manual's time")
    over = case["bound_over"].get(peer, {}).get("median")
    if over is None:
        return outside
    if over > limit:
        return f"NumPy's products alone take {over:.2f}x {peer}'s whole gradient: out of reach for NumPy here"
    return f"{peer} takes {1 / over:.2f}x NumPy's products; the gap is manual's work {outside}"


def where(case: dict[str, Any]) -> str:
    """'network size dtype': how a target's where, the breakdown plot and bench-compare name a case."""
    return f"{case['network']} {case['size']} {case['dtype']}"


def check_targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per target and case: what, where, measured value, limit, met, and why when missed."""
    rows = []
    for case in results["cases"]:
        for peer, sizes, limit in RATIO_TARGETS:
            if case["size"] in sizes and peer in case["ratios"]:
                value = case["ratios"][peer]["median"]
                met = value < limit if peer == "torch" else value <= limit
                rows.append({"target": f"manual / {peer}", "where": where(case),
                             "value": value, "limit": ("< " if peer == "torch" else "<= ") + f"{limit:g}", "met": met,
                             "why": "" if met else why(case, peer, limit)})
    if "memory" in results and memory_size(results["memory"]) == "large":   # the target is set at the large size
        memory = results["memory"]
        rows.append({"target": "peak memory / live set", "where": memory["case"], "value": memory["ratio"],
                     "limit": f"<= {MEMORY_TARGET:g}", "met": memory["ratio"] <= MEMORY_TARGET})
    if "harness" in results and results["harness"]["cases"] >= HARNESS_MIN_CASES:
        rate = results["harness"]["per_second"]
        rows.append({"target": "verified configurations / s", "where": f"{results['harness']['cases']} random problems",
                     "value": rate, "limit": f">= {HARNESS_TARGET:g}", "met": rate >= HARNESS_TARGET})
    return rows
