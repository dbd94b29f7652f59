"""The report's breakdown: where manual's time goes per case (input checks, the products (the bound), the kernel's
time, the activation functions, the rest) and how its products alone compare with each peer's whole gradient."""

from __future__ import annotations

from typing import Any

from .peers import DISPLAY_ORDER
from .targets import shares
from .units import ratio

#: The shares timed apart (checks, products, kernel, activations) may sum past 1 by noise alone; past this, the table
#: says so (a busy run here: 45% + 55% + 0% + 63%).
OVERLAP = 1.05


def breakdown(cases: list[dict[str, Any]]) -> list[str]:
    """Where manual's time goes, per case: input checks, the products (the bound), kernel, activations, the rest; how
    the products alone compare with each peer's whole gradient (> 1: the peer beats NumPy's BLAS)."""
    cases = [case for case in cases if "shares" in case]
    if not cases:
        return []
    peers = [p for p in DISPLAY_ORDER if p not in ("manual", "bound") and any(p in c["bound_over"] for c in cases)]
    header = ["network", "size", "dtype", "input checks", "products (bound)", "kernel", "activations g, g'",
              "other elementwise + Python", *(f"bound / {p}" for p in peers)]
    lines = ["", "Where manual's time goes (medians of per-round ratios in the same run):", "",
             "| " + " | ".join(header) + " |", "|---" * len(header) + "|"]
    for case in cases:
        checks, products, kernel, activations, rest = shares(case)
        gs = f"{activations:.0%}" if "activations" in case["shares"] else "—"
        over = [case["bound_over"].get(p) for p in peers]
        measured = checks + products + kernel + activations
        left = f"{rest:.0%}" if measured <= OVERLAP else f"{rest:.0%} (the others sum to {measured:.0%})"
        cells = [case["network"], case["size"], case["dtype"], f"{checks:.0%}", f"{products:.0%}", f"{kernel:.0%}", gs,
                 left, *(ratio(o) for o in over)]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "Shares are of manual's time. input checks = what they add to a gradient: manual's time less that of "
              "the same gradient without them, in the same round, less the difference of their median system times "
              "(kernel time). products = the bound: manual's own matrix products timed alone, each formed as manual"
              " forms it (W[l]^T dZ[l] for n[l] = 1 by broadcasting, the rest with BLAS). kernel = the system time "
              "of manual's gradient beyond its products' own (the kernel faulting in its other fresh arrays). "
              "activations g, g' = manual's activation functions timed alone, A[l] = g(Z[l]) for every layer and "
              "dA[l] * g'(Z[l]) where manual takes it (— where not measured: then in the next column). bound / peer"
              " > 1: NumPy's products alone are slower than the peer's whole gradient."]
    if any(sum(shares(case)[:4]) > OVERLAP for case in cases):
        lines[-1] += (f" Where the shares timed apart sum to over {OVERLAP:.0%} of manual's time, the rest says so: "
                      "each is a median of its own rounds, so the machine was busy or the blocks too short for that "
                      "case's split (raise --block-ms, or run on a quiet machine).")
    return lines
