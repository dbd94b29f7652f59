"""What `backprop bench-compare` says of two runs' machines and setups: each setting as both runs recorded it, which
differ, and whether manual's times may be compared across them (the ratios, each paired within one run, transfer)."""

from __future__ import annotations

from typing import Any

from .header import blas_library, threads_option, widest_simd
from .units import threads

#: Settings that make a machine's times its own: where any differs, the runs' times are not compared.
MACHINE = ("CPU", "platform", "cores", "NumPy SIMD", "BLAS", "--threads", "environment")
#: Settings whose change can move a ratio by the peer's side as well as manual's.
VERSIONS = ("NumPy", "JAX", "jaxlib", "torch", "Python")


def _run_options(results: dict[str, Any]) -> dict[str, str]:
    options = results.get("options", {})
    block = options.get("block_seconds")
    return {"--threads": str(threads_option(results) or "each library's own"),
            "--rounds": str(options.get("rounds", "not recorded")),
            "--block-ms": f"{block * 1e3:g}" if isinstance(block, int | float) else "not recorded",
            "dtypes": ",".join(options.get("dtypes", ())) or "not recorded",
            "peers": ",".join(options.get("peers", ())) or "not recorded",
            "case seed": str(options.get("seed", "not recorded")),
            "--yours": str(options.get("yours") or "none")}


def settings(results: dict[str, Any]) -> dict[str, str]:
    """The run's machine and setup, each setting as text, in a fixed order (KeyError for a run without a machine)."""
    machine = results["machine"]
    t, v = machine["threads"], machine["versions"]
    lib = blas_library(machine)
    blas = (f"{lib.get('internal_api')} {lib.get('version')} ({lib.get('architecture')} kernel, "
            f"{threads(lib.get('num_threads'))})") if lib else "not found"
    environment = {k: value for k, value in (machine.get("environment") or {}).items() if value is not None}
    load = machine.get("load_average_at_start")
    return {"CPU": str(machine["cpu"]), "platform": str(machine.get("platform", "not recorded")),
            "cores": f"{t.get('cores')}, the process allowed {t.get('cpus_allowed') or t.get('cores')}",
            "NumPy SIMD": widest_simd(machine) or "not recorded", "BLAS": blas,
            **{name: str(v.get(key) or "absent") for name, key in (("NumPy", "numpy"), ("JAX", "jax"),
                                                                    ("jaxlib", "jaxlib"), ("torch", "torch"),
                                                                    ("Python", "python"))},
            **_run_options(results),
            "environment": " ".join(f"{k}={value}" for k, value in sorted(environment.items())) or "none set",
            "revision": str(results.get("revision") or "not recorded"),
            "created": str(results.get("created") or "not recorded"),
            "load average at start (1 minute)": f"{load[0]:.2f}" if load else "not recorded"}


def differences(before: dict[str, Any], after: dict[str, Any],
                ) -> tuple[list[tuple[str, str, str]], list[tuple[str, str]]]:
    """(setting, BEFORE's, AFTER's) of each setting that differs, and (setting, value) of each the runs share."""
    old, new = settings(before), settings(after)
    return [(name, old[name], new[name]) for name in old if old[name] != new[name]], \
        [(name, old[name]) for name in old if old[name] == new[name]]


def warnings(changed: list[tuple[str, str, str]]) -> list[str]:
    """What the differing settings mean for the comparison: a different machine or threads (times not comparable),
    another version of a library (a ratio may move by the peer's side)."""
    names = [name for name, _, _ in changed]
    machine = [name for name in MACHINE if name in names]
    versions = [name for name in VERSIONS if name in names]
    notes = []
    if machine:
        notes.append(f"the runs differ in {', '.join(machine)}: manual's times (and every peer's) are not comparable "
                     "across them, so the manual column's after / before is no speed-up; the ratios, each paired "
                     "within one run on one machine, are what transfer")
    if versions:
        notes.append(f"the runs differ in {', '.join(versions)}: a ratio's change may be the peer's version's, not "
                     "manual's")
    return notes
