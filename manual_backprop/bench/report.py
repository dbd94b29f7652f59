"""The Markdown and JSON the suite writes: the ratio table, the targets (targets.py), the breakdown, the sweeps."""

from __future__ import annotations

import json
import pathlib
import re
from typing import Any

from ..atomic import atomic_write_text
from .breakdown_table import breakdown
from .header import machine_line, run_line, threads_note
from .machine_notes import busy_note, kernel_note, memory_note
from .peers import DISPLAY_ORDER
from .provenance import FORMAT, QUANTITIES, check_format
from .sweep_table import sweep_section
from .targets import HARNESS_MIN_CASES, HARNESS_TARGET, MEMORY_TARGET, check_targets, memory_size, shares
from .units import byte_count, counted_rounds, duration, number, ratio, seconds

#: What the footnote under the ratio table says of a peer, when it ran.
DEFINITIONS = {"bound": "bound = manual's own matrix products alone",
               "finite-diff": "finite-diff = central differences, 2 costs per parameter (timed one entry at a time, "
                              "scaled to every parameter)"}


def measured(row: dict[str, Any]) -> str:
    """A target's measured value as its table prints it: number()'s digits, or four decimals where those would read
    as the limit itself ("1.05 | <= 1.05 | MISSED" for 1.0526, "1.00 | <= 1 | met" for 0.9976), as the peak memory's
    always are (1.1999 against <= 1.2)."""
    text = number(row["value"])
    reads_as_limit = row["value"] < 100 and float(text) == float(row["limit"].split()[-1])   # a ratio, not a rate
    return f"{row['value']:.4f}" if row["target"].startswith("peak") or reads_as_limit else text


def markdown(results: dict[str, Any], plotted: bool | None = None) -> str:
    """The ratio table, the targets, the breakdown, the sweeps' table, peak memory and harness throughput, with the
    machine they ran on; ValueError for results of a newer format (check_format). plotted: whether the PNGs are
    drawn beside it (None: as the run's --no-plots says, true for a file that does not record it)."""
    check_format(results)
    lines = [f"Machine: {machine_line(results['machine'])}.", "", f"Run: {run_line(results)}.", ""]
    for note in (threads_note(results), busy_note(results["machine"]), kernel_note(results["machine"]),
                 memory_note(results["machine"]) if results["cases"] else None):   # it explains the breakdown's kernel
        if note:
            lines += [f"Note: {note}.", ""]
    lines += ratio_table(results) if results["cases"] else ["No case timed: the run had --no-cases."]
    swept = [case for sweep in results.get("scaling", {}).values() for case in sweep]
    lines += _skipped(list(dict.fromkeys(note for case in [*results["cases"], *swept]   # in the table's order
                                         for note in case["skipped"].values())))
    for note in (note for case in [*results["cases"], *swept] for note in case.get("notes", {}).values()):
        lines += ["", f"Note: {note}."]                # a paragraph each: Markdown joins adjacent lines
    targets = check_targets(results)
    if not targets:
        lines += ["", "Targets: none applies to what this run measured (each is a peer at given sizes, the peak "
                  "memory at the large size, or the harness; manual_backprop/bench/targets.py lists them)."]
    else:
        lines += ["", f"Targets met: {sum(row['met'] for row in targets)} of {len(targets)}.", "",
                  "| target | where | measured | limit | verdict | why (measured in this run) |",
                  "|---|---|---|---|---|---|"]
    for row in targets:
        lines.append(f"| {row['target']} | {row['where']} | {measured(row)} | {row['limit']} | "
                     f"{'met' if row['met'] else 'MISSED'} | {row.get('why', '')} |")
    lines += breakdown(results["cases"])
    if "scaling" in results:
        if plotted is None:
            plotted = results.get("options", {}).get("extra", {}).get("plots", True)
        lines += sweep_section(results["scaling"], sum(map(len, results["scaling"].values())), plotted)
    if "memory" in results:
        memory = results["memory"]
        aside = "" if memory_size(memory) == "large" else \
            f" (the target, <= {MEMORY_TARGET:g}x, is set at the large size)"
        lines += ["", f"Peak memory of one gradient ({memory['case']}, layer sizes {tuple(memory['layer_sizes'])}, "
                  f"m={memory['m']}): {byte_count(memory['peak_bytes'])} against a live set of "
                  f"{byte_count(memory['live_bytes'])} (params + X + Y + cache + grads): "
                  f"{memory['ratio']:.3f}x{aside}."]
    if "harness" in results:
        h = results["harness"]
        aside = "" if h["cases"] >= HARNESS_MIN_CASES else \
            f" (the target, >= {HARNESS_TARGET:g}/s, is judged on {HARNESS_MIN_CASES:,} problems or more)"
        lines += ["", f"Harness: {h['cases']} random-shape problems verified (manual + oracle + comparison) at "
                  f"{h['per_second']:,.0f}/s once warm (JAX compiled for {h['compile_seconds']:.1f} s first); "
                  f"{h['failures']} failed{aside}."]
    return "\n".join(lines) + "\n"


def ratio_table(results: dict[str, Any]) -> list[str]:
    """The ratio table's lines, a row per case in the order they ran, and the footnote under it."""
    # the peers that ran: a column for a peer not selected, or skipped everywhere, would be all "—"
    peers = [p for p in DISPLAY_ORDER if p != "manual" and any(p in case["ratios"] for case in results["cases"])]
    compiled = any("jax.jit" in case["first_call_seconds"] for case in results["cases"])
    columns = ["network", "size", "dtype", "manual", *(f"manual / {p}" for p in peers)] + ["jit compile"] * compiled
    lines = ["| " + " | ".join(columns) + " |", "|---" * len(columns) + "|"]
    for case in results["cases"]:
        shape = f"{case['size']} {tuple(case['layer_sizes'])}, m={case['m']}"
        compile_s = case["first_call_seconds"].get("jax.jit")
        cells = [case["network"], shape, case["dtype"], duration(case["seconds"]["manual"]),
                 *(ratio(case["ratios"].get(p)) for p in peers)]
        cells += [seconds(compile_s) if compile_s is not None else "—"] * compiled
        lines.append("| " + " | ".join(cells) + " |")
    defined = "".join(f" {DEFINITIONS[p]}." for p in peers if p in DEFINITIONS)
    if "yours" in peers:          # what a reader of this file alone must know before citing manual / yours
        defined += (f" yours = {results.get('options', {}).get('yours')}, timed on a case only after the oracle "
                    "judged its gradients right there (a float32 case also on the same values cast to float64).")
    lonely = (" With 1 round a bracket is that round's value twice, no spread: use --rounds 3 or more for one."
              if any(case["rounds"] == 1 for case in results["cases"]) else "")
    lines += ["", f"Per gradient; ratio = manual time / peer time, median of paired per-round ratios "
              f"(25th–75th percentile) over {counted_rounds(results['cases'], 'interleaved round')}, each timed "
              f"block after one untimed call of the same peer; < 1: manual is faster.{defined}{lonely}"]
    return lines


NOT_TIMED = re.compile(r"^(\S+): not timed on ")


def _skipped(notes: list[str]) -> list[str]:
    """Why peers were not timed, as a Markdown list under one heading, in the order the cases ran (the table's);
    "yours: not timed on <case>: why" (yours.py) reads "yours on <case>: why" there, since the heading says it."""
    if not notes:
        return []
    items = (NOT_TIMED.sub(r"\1 on ", note, count=1) for note in notes)
    return ["", "Skipped (not timed):", "", *(f"- {item.rstrip('.')}." for item in items)]


def write(results: dict[str, Any], out: pathlib.Path) -> dict[str, pathlib.Path]:
    """results.json and results.md in out (created if needed); returns their paths. Refuses results of a newer
    format (check_format), which it would write as this version's."""
    check_format(results)
    out.mkdir(parents=True, exist_ok=True)
    paths = {"json": out / "results.json", "markdown": out / "results.md"}
    parts = ("checks", "bound", "kernel", "activations", "rest")
    cases = [{**case, "shares_as_reported": dict(zip(parts, shares(case), strict=True))} if "shares" in case else case
             for case in results["cases"]]
    fields = {key: value for key, value in results.items() if key != "format"}    # this writer's format, first
    results = {"format": FORMAT, **fields, "cases": cases, "targets": check_targets(results), "definitions": QUANTITIES}
    atomic_write_text(paths["json"], json.dumps(results, indent=1) + "\n")
    atomic_write_text(paths["markdown"], markdown(results))
    return paths
