"""Atomic file writes: readers (and an interrupted command) see the old file or the complete new one.

Used for every file the project writes: parameters, plots, test vectors, benchmark results.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def atomic_write(path: str | os.PathLike[str], write: Callable[[BinaryIO], object]) -> Path:
    """Call write(file) on a temporary file beside path, then move it onto path (os.replace).

    Readers see the old file or the complete new one, never a partial one; parent directories are
    created, and the file gets the usual permissions (0o666 minus the umask), not mkstemp's 0o600. An error of
    the final move names path, not the temporary (IsADirectoryError for a directory, before anything is written).
    A symbolic link is written through (the file it points to is replaced, the link stays; errors and the path
    returned name the link, as given); a path that is not a
    regular file (a device such as /dev/null, a FIFO, a socket) is refused before anything is written: replacing
    it would put a plain file where the device was.
    """
    target = Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), os.fspath(path))
    if target.exists() and not target.is_file():
        raise OSError(errno.EINVAL, "not a regular file (a device, FIFO or socket), which a write would replace",
                      os.fspath(path))
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as file:
            write(file)
            file.flush()
            os.fsync(file.fileno())
        try:
            os.replace(temporary, target)
        except OSError as error:           # it names the temporary first: '.name.1x2y3z.tmp' -> 'name'
            raise OSError(error.errno, error.strerror, os.fspath(path)) from error
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Path(path)                      # as the caller named it (a link's own name, not the file it points to)


def atomic_write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Write text (UTF-8) to path atomically."""
    return atomic_write(path, lambda file: file.write(text.encode("utf-8")))
