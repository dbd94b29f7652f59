"""Reading one JSON file for check-port (the vectors or a port's results), with one-line errors: too large, not
UTF-8 or led by a byte order mark, not JSON, nested too deep, or a key given twice in one object (which JSON readers
resolve differently)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

MAX_FILE_MB = 64   # read at most this: the vectors file is 0.4 MB, a results file for it 0.07-0.2 MB (docs/porting.md)


class PortCheckError(ValueError):
    """A vectors or results file that cannot be read; the message is one line naming the problem."""


class _DuplicateKeyError(ValueError):
    """A JSON object that names one key twice (readers differ on which value they keep)."""


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """json's object_pairs_hook: the object as a dict, or _DuplicateKeyError naming the first key given twice."""
    obj: dict[str, Any] = {}
    for key, value in pairs:
        if key in obj:
            raise _DuplicateKeyError(key)
        obj[key] = value
    return obj


def as_json(value: Any) -> str:
    """A value of a JSON file as JSON writes it (true, null, "0x1p0"), cut to 60 characters: for messages."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def load_json(path: Path, what: str) -> Any:
    """The JSON value in path (what names the file in messages); PortCheckError, one line, if it cannot be read."""
    limit = MAX_FILE_MB * 10**6
    try:
        with path.open("rb") as file:           # at most limit + 1 bytes: /dev/zero or a huge file is refused
            data = file.read(limit + 1)
    except OSError as error:
        raise PortCheckError(f"cannot read {what} {path}: {error.strerror or error}") from error
    if len(data) > limit:
        raise PortCheckError(f"{what} {path} holds more than {MAX_FILE_MB} MB, which no {what} comes near (the "
                             "repository's vectors file is 0.4 MB, a results file for it under 1 MB): the wrong file?")
    if data.startswith(b"\xef\xbb\xbf"):       # json's own message says to decode with utf-8-sig: Python's fix
        raise PortCheckError(f"{what} {path} starts with a byte order mark (U+FEFF), which JSON writers must not add "
                             "(RFC 8259): write it as UTF-8 without one")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise PortCheckError(f"{what} {path} is not UTF-8 text, as JSON must be: {error}") from error
    try:
        return json.loads(text, object_pairs_hook=_unique_keys)
    except _DuplicateKeyError as error:
        raise PortCheckError(f"{what} {path} gives the key {as_json(error.args[0])} twice in one object: JSON readers "
                             "differ on which value they keep, so say it once") from error
    except ValueError as error:  # JSONDecodeError
        raise PortCheckError(f"{what} {path} is not valid JSON: {error}") from error
    except RecursionError as error:
        raise PortCheckError(f"{what} {path} nests its JSON too deep to read") from error
