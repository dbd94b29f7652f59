"""Finding and reading the test vectors a port ran on: the default file, its schema checked (a newer one named as
such), its testGroups' layout checked, with one-line errors for anything malformed (port_results reads the port's
results file beside them)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .json_file import PortCheckError, load_json

__all__ = ["VECTORS_SCHEMA", "VECTOR_FILE", "default_vectors", "load_vectors", "newer_schema"]

VECTORS_SCHEMA = "backprop-vectors/1"
VECTOR_FILE = "backprop_test.json"


def default_vectors() -> Path:
    """vectors/backprop_test.json under the working directory if present, else in the checkout the package is in.

    An installed wheel carries no vectors (a port reads the repository's), so with neither present the error
    says how to name or write them, rather than naming a path inside site-packages."""
    root = Path(__file__).resolve().parents[1]
    candidates = [Path("vectors") / VECTOR_FILE]
    if (root / "pyproject.toml").is_file():             # a checkout, not site-packages
        candidates.append(root / "vectors" / VECTOR_FILE)
    for path in candidates:
        if path.is_file():
            return path
    raise PortCheckError(f"no vectors file given and none at {' or '.join(map(str, candidates))}: pass --vectors "
                         f"with the file your port ran on (the repository's vectors/{VECTOR_FILE}), or write it "
                         "with `backprop vectors` (needs the oracle extra)")


def newer_schema(schema: Any) -> bool:
    """Whether schema (a vectors file's) is VECTORS_SCHEMA's family at a higher version, "backprop-vectors/2": a
    layout this version would misread."""
    family, _, version = VECTORS_SCHEMA.rpartition("/")
    found, _, number = schema.rpartition("/") if isinstance(schema, str) else ("", "", "")
    digits = number.lstrip("0")                         # compared as text: int() refuses over 4,300 digits
    return (found == family and number.isascii() and number.isdigit()
            and (len(digits), digits) > (len(version), version))


def load_vectors(path: Path) -> dict[str, Any]:
    """The vector file as a dict (its schema version checked: a newer one is named as such)."""
    if path.is_dir():
        path = path / VECTOR_FILE
    data = load_json(path, "vectors file")
    if isinstance(data, dict) and "$schema" in data:
        raise PortCheckError(f"{path} is the JSON Schema of the vectors, not the vectors: pass {VECTOR_FILE} (or "
                             "the folder that holds it) to --vectors")
    if isinstance(data, dict) and newer_schema(data.get("schema")):    # before testGroups: a newer one may move them
        from manual_backprop import __version__

        raise PortCheckError(f"{path} is of format {data['schema']}, newer than {VECTORS_SCHEMA}, the newest "
                             f"manual_backprop {__version__} reads: read it with a newer manual_backprop")
    if not isinstance(data, dict) or data.get("schema") != VECTORS_SCHEMA or "testGroups" not in data:
        raise PortCheckError(f"{path} is not a {VECTORS_SCHEMA} vectors file: pass the repository's "
                             f"vectors/{VECTOR_FILE}, or write it with `backprop vectors`")
    groups = data["testGroups"]
    if not (isinstance(groups, list) and all(isinstance(g, dict) and isinstance(g.get("tests"), list) and all(
            isinstance(t, dict) and type(t.get("tcId")) is int for t in g["tests"]) for g in groups)):
        raise PortCheckError(f"{path}: testGroups must be a list of groups, each with a list of tests that have a "
                             f"tcId (a damaged {VECTORS_SCHEMA} file? regenerate it: backprop vectors)")
    return data

