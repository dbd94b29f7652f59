"""What a result ran on: CPU, cores, load, BLAS library and kernel, NumPy's SIMD, threads, package versions (the
notes a report draws from it are machine_notes', re-exported here)."""

from __future__ import annotations

import importlib.metadata
import os
import pathlib
import platform
import sys
from typing import Any

from .machine_notes import busy_note as busy_note
from .machine_notes import kernel_note as kernel_note
from .machine_notes import memory_note as memory_note

#: OpenBLAS variables that pin a kernel; when set, the result is not what a default install gets.
OPENBLAS_VARIABLES = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")
#: glibc's allocator settings: they decide whether freed arrays go back to the OS (and fault in again).
MALLOC_VARIABLES = ("MALLOC_TRIM_THRESHOLD_", "MALLOC_MMAP_THRESHOLD_", "MALLOC_TOP_PAD_")
PACKAGES = ("numpy", "jax", "jaxlib", "torch", "threadpoolctl", "manual-backprop")


def cpu_model() -> str:
    """The CPU's model name from /proc/cpuinfo, or platform.processor() elsewhere."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def blas() -> list[dict[str, Any]]:
    """threadpoolctl's view of the loaded BLAS/OpenMP libraries (NumPy's BLAS, with its kernel 'architecture')."""
    import numpy  # noqa: F401 - load NumPy's BLAS so threadpoolctl sees it

    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return [{"note": "threadpoolctl not installed: pip install 'manual-backprop[bench]'"}]
    keep = ("user_api", "internal_api", "version", "architecture", "num_threads", "threading_layer", "prefix")
    return [{key: lib.get(key) for key in keep} for lib in threadpool_info()]


def numpy_simd() -> dict[str, list[str]]:
    """NumPy's SIMD extensions, as np.show_runtime lists them: the baseline it was built for, and those of its
    dispatch targets this CPU has or lacks. Ratios differ with it: NumPy 2.4's float64 tanh took 14-19 ns per
    element on an EPYC without AVX-512 (X86_V4 not found; torch's: 3 ns), 0.75 ns on one with it (measured)."""
    try:
        from numpy._core._multiarray_umath import __cpu_baseline__, __cpu_dispatch__, __cpu_features__
    except ImportError:  # NumPy < 2
        return {}
    return {"baseline": list(__cpu_baseline__),
            "found": [name for name in __cpu_dispatch__ if __cpu_features__.get(name)],
            "not_found": [name for name in __cpu_dispatch__ if not __cpu_features__.get(name)]}


def versions() -> dict[str, str | None]:
    """Installed versions of the packages that matter here (None when absent)."""
    found: dict[str, str | None] = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found[name] = None
    return found


def threads() -> dict[str, int | None]:
    """Threads each library uses: NumPy's BLAS (threadpoolctl), torch's intra-op pool (if loaded), the cores."""
    allowed = cpus()
    found: dict[str, int | None] = {"cores": os.cpu_count(), "cpus_allowed": None if allowed is None else len(allowed)}
    found["blas"] = next((lib.get("num_threads") for lib in blas() if lib.get("user_api") == "blas"), None)
    torch = sys.modules.get("torch")  # only when a peer imported it (its import takes seconds)
    found["torch"] = torch.get_num_threads() if torch is not None else None
    return found


def transparent_hugepages() -> str | None:
    """The kernel's transparent-hugepage policy, e.g. 'always [madvise] never' (NumPy advises arrays >= 4 MB)."""
    try:
        with open("/sys/kernel/mm/transparent_hugepage/enabled", encoding="utf-8") as policy:
            return policy.read().strip()
    except OSError:
        return None


def free_page_reporting(sys_root: str = "/sys") -> int | None:
    """The order of the free memory blocks this virtual machine hands back to its host (9: 2 MB blocks), or None.

    Linux reports freed blocks to a hypervisor whose virtio balloon offers free page reporting (feature bit 5).
    A fresh array that lands on reported memory faults in at the host, far slower than the guest's own zeroing.
    """
    root = pathlib.Path(sys_root)
    try:
        balloons = [d for d in (root / "bus/virtio/devices").iterdir()
                    if (d / "device").read_text().strip() == "0x0005"]            # virtio device 5: the balloon
        if not any((d / "features").read_text()[5:6] == "1" for d in balloons):  # VIRTIO_BALLOON_F_REPORTING
            return None
        return int((root / "module/page_reporting/parameters/page_reporting_order").read_text())
    except (OSError, ValueError):
        return None


def load_average() -> list[float] | None:
    """1, 5 and 15 minute load averages (None where the OS has none)."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def describe() -> dict[str, Any]:
    """Everything above, as one JSON-ready dict."""
    return {
        "cpu": cpu_model(), "platform": platform.platform(), "load_average_at_end": load_average(),
        "blas": blas(), "numpy_simd": numpy_simd(),
        "threads": threads(), "versions": versions(), "transparent_hugepages": transparent_hugepages(),
        "free_page_reporting_order": free_page_reporting(),
        "environment": {name: os.environ.get(name)
                        for name in (*OPENBLAS_VARIABLES, *MALLOC_VARIABLES, "NUMPY_MADVISE_HUGEPAGE", "XLA_FLAGS")},
    }


def cpus() -> list[int] | None:
    """The CPUs this process may run on (sched_getaffinity), or None where the OS does not say."""
    try:
        return sorted(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return None
