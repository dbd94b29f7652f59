"""Reading a port's results file, with one-line errors for anything malformed (port_vectors reads the vectors).

A results file (docs/porting.md) is a JSON object:

    {"port": "any name (optional)",
     "results": {"<tcId>": {"cost": J,
                            "gradients": {"dW1": rows, "db1": rows, ..., "dWL": rows, "dbL": rows},
                            "cache": {"Z1": rows, "A1": rows, ..., "ZL": rows, "AL": rows}},   (cache optional)
                 "<tcId>": {"skipped": "why this port does not run it"}, ...}}

rows is a list of rows, e.g. [[1.0, 2.0]] for a (1, 2) array. A number is a JSON number, a hex-float
string ("0x1.8p-1", C's %a), "NaN", "Infinity", "-Infinity" or %a's "inf", "-inf", "nan"; null stands for a
non-finite value (JavaScript's JSON.stringify writes NaN and Infinity as null). Every tcId of the vectors needs an
entry, and a skipped one holds a reason and nothing else.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from .json_file import PortCheckError, as_json, load_json
from .port_vectors import VECTOR_FILE

__all__ = ["PortCheckError", "load_results", "number"]



def load_results(path: Path, tc_ids: list[int]) -> dict[int, dict[str, Any]]:
    """{tcId: entry} for every tcId in tc_ids; PortCheckError (one line) if the file is malformed or partial."""
    data = load_json(path, "results file")
    instead = ("the vectors file" if isinstance(data, dict) and "testGroups" in data else
               "the JSON Schema of the vectors" if isinstance(data, dict) and "$schema" in data else None)
    if instead is not None:              # what a port reads, in the place of what it writes
        on = "on it" if instead == "the vectors file" else f"on {VECTOR_FILE}"
        raise PortCheckError(f"{path} is {instead}, not a port's results: run your port {on} and pass the results "
                             "file it writes (format: docs/porting.md)")
    if not isinstance(data, dict) or not isinstance(data.get("results"), dict):
        raise PortCheckError(f"{path}: {_unwrapped(data)} (see docs/porting.md)")
    known, results = set(tc_ids), {}
    for key, entry in data["results"].items():
        if not (isinstance(key, str) and key.isascii() and key.isdigit() and int(key) in known):
            raise PortCheckError(f"{path}: results has key {key!r}, which is not a tcId of the vectors "
                                 f"(1..{max(known)})")
        if key != str(int(key)):               # "01" and "1" would both be tcId 1: one would silently win
            raise PortCheckError(f"{path}: results has key {key!r}; write tcIds as the vectors do, "
                                 f"{str(int(key))!r}, without leading zeros")
        if not isinstance(entry, dict):
            raise PortCheckError(f"{path}: results[{key!r}] must be an object, got {as_json(entry)}")
        if "skipped" in entry:
            reason, extra = entry["skipped"], sorted(set(entry) - {"skipped"})
            if not (isinstance(reason, str) and reason.strip()) or extra:
                raise PortCheckError(f"{path}: results[{key!r}] must be either {{\"skipped\": \"a reason\"}} alone "
                                     f"or the results; it has skipped = {as_json(reason)}"
                                     + (f" beside {', '.join(extra)}" if extra else ""))
        else:
            missing = [k for k in ("cost", "gradients") if k not in entry]
            if missing:
                raise PortCheckError(f"{path}: results[{key!r}] has no {' or '.join(missing)} "
                                     f'(give them, or {{"skipped": "reason"}})')
            for part in ("gradients", "cache"):
                if part in entry and not isinstance(entry[part], dict):
                    raise PortCheckError(f"{path}: results[{key!r}][{part!r}] must be an object of arrays")
        results[int(key)] = entry
    absent = [t for t in tc_ids if t not in results]
    if absent:
        listed = ", ".join(map(str, absent[:8])) + (", ..." if len(absent) > 8 else "")
        raise PortCheckError(f"{path}: partial results: no entry for {len(absent)} of {len(tc_ids)} tests "
                             f'(tcId {listed}); add them, or mark them {{"skipped": "reason"}}')
    return results


def _unwrapped(data: Any) -> str:
    """What is wrong with a file holding no "results" object: the entries in a list, or keyed by tcId at the top."""
    layout = '{"results": {"1": {...}, "2": ...}}'
    keys = [key for key in data if key != "port"] if isinstance(data, dict) and "results" not in data else []
    if keys and all(isinstance(key, str) and key.isascii() and key.isdigit() for key in keys):
        return f"the entries are at the top level, keyed by tcId ({keys[0]!r}, ...): wrap them as {layout}"
    if isinstance(data, list):
        return f'the results are a list: key each entry by its tcId inside "results", as {layout}'
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        return f'"results" is a list: key each entry by its tcId, as {layout}'
    return 'expected an object {"results": {"<tcId>": {...}}}'


def number(value: Any) -> float:
    """A results-file number as a float (NaN for null); ValueError for anything else."""
    if isinstance(value, bool):
        raise ValueError(f"{as_json(value)} is not a number")
    if isinstance(value, (int, float)):
        return float(value)
    if value is None:
        return math.nan
    if isinstance(value, str):
        if value != value.strip():                   # float() and float.fromhex() skip it, but at one end only
            raise ValueError(f"{as_json(value)} has white space around the number")
        if value.lstrip("+-").lower() in ("inf", "infinity", "nan"):   # "NaN", "Infinity", "-Infinity"; %a's "inf"
            return float(value)
        if value.lstrip("+-")[:2].lower() != "0x":   # float.fromhex reads "1.5" as hex 0x1.5: 1.3125
            raise ValueError(f"{as_json(value)} is a string but not a hex float such as \"0x1.8p-1\" (C's %a); "
                             "write decimal numbers as JSON numbers, without quotes")
        return float.fromhex(value)
    raise ValueError(f"{as_json(value)} is not a number")
