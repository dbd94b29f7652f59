"""Paths a command writes to, shared by train, bench and vectors: refused before the run when they cannot be written,
and a write that fails anyway is one line naming the option as typed (exit status 2), never a traceback after the
run; a Ctrl-C while a finished run writes them is held until they are written together (deferred_interrupt).
path_text and path_of are the argparse types of every path option (check-port's, which reads, too); file_text that
of those that name a file, which a trailing separator cannot. Their messages follow the option's name, which
OneLineParser puts before them ("--out must name a path; got ''")."""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def path_text(text: str) -> str:
    """An argparse type: a path as typed; an empty one is refused (pathlib reads '' as '.', the working directory)."""
    if not text.strip():
        raise argparse.ArgumentTypeError(f"must name a path; got {text!r}")
    return text


def path_of(text: str) -> Path:
    """An argparse type: path_text's path as a Path."""
    return Path(path_text(text))


def file_text(example: str) -> Callable[[str], str]:
    """An argparse type for a path that must name a file (train's --save and --load, check-port's results): path_text's
    path, refused when it names a folder by its spelling, a last separator or a last '.' or '..' ('runs/new/': --save
    wrote runs/new/.npz, np.savez's rule appending .npz to the whole text), with example as a file in that folder."""
    def parse(text: str) -> str:
        if os.path.basename(path_text(text)) in ("", ".", ".."):
            suggested = os.path.join(os.path.normpath(text), example)
            raise argparse.ArgumentTypeError(f"{text!r} names a folder; name a file in it, e.g. {suggested}")
        return text
    return parse


def check_files(option: str, given: str, folder: Path, names: tuple[str, ...]) -> None:
    """Refuse a folder in the way of a file the run writes into folder: found at the end, after the others were
    written, it would leave a run half written."""
    from manual_backprop.cli import CommandError

    for name in names:
        if (folder / name).is_dir():
            raise CommandError(f"{option} {given}: {folder / name} is a directory")


def check_writable(option: str, given: str, target: Path, *, directory: bool) -> None:
    """Refuse a path the run could not write into at the end: a file where a directory must be, or the reverse,
    or a place it may not write in. os.access answers yes to root even in /proc, so this makes and removes what
    the write would make first: a file in the folder, or the first missing folder on its way."""
    from manual_backprop.cli import CommandError

    folder = target if directory else target.parent
    try:
        if target.exists() and target.is_dir() != directory:
            kind = "is not a directory" if directory else "is a directory; give a file name, e.g. params.npz in it"
            raise CommandError(f"{option} {given} {kind}" if str(target) == given
                               else f"{option} {given}: {target} {kind}")
        ancestor = folder
        while not ancestor.exists() and ancestor != ancestor.parent:   # the directories the write would create
            ancestor = ancestor.parent
        if not ancestor.is_dir():
            raise CommandError(f"{option} {given}: {ancestor} is not a directory")
        if not os.access(ancestor, os.W_OK | os.X_OK):
            raise CommandError(f"{option} {given}: cannot write in {ancestor} (permission denied)")
    except OSError as error:
        raise CommandError(f"{option} {given}: {error.strerror or error}") from error
    what = "a file" if ancestor == folder else "a directory"
    try:
        if ancestor == folder:
            descriptor, probe = tempfile.mkstemp(prefix=".backprop-", dir=folder)
            os.close(descriptor)
            os.unlink(probe)
        else:
            os.rmdir(tempfile.mkdtemp(prefix=".backprop-", dir=ancestor))
    except OSError as error:
        raise CommandError(f"{option} {given}: cannot create {what} in {ancestor} ({error.strerror or error})") \
            from error


def write_or_fail(option: str, given: str, write: Callable[[], T]) -> T:
    """write(), with an OSError (a disk full, a directory that vanished) as one line naming the option."""
    from manual_backprop.cli import CommandError

    try:
        return write()
    except OSError as error:
        detail = f"{error.filename}: {error.strerror}" if error.filename and error.strerror else \
            error.strerror or str(error)
        raise CommandError(f"{option} {given}: cannot write ({detail})") from error


@contextlib.contextmanager
def deferred_interrupt() -> Iterator[None]:
    """Ctrl-C inside the block is held, then raised when the block has ended normally: a finished run's files are
    written together (in train, a Ctrl-C between them replaced params.npz and left the last run's plots; in bench,
    one while it drew the plots left the new results beside an earlier run's plots). An error inside comes out as
    itself, not as the held Ctrl-C; a second Ctrl-C stops at once (a write that hangs). A SIGINT the process
    ignores, or a handler of an embedding program's, is left alone, as outside the main thread."""
    held: list[int] = []

    def hold(signum: int, frame: object) -> None:
        if held:
            raise KeyboardInterrupt
        held.append(signum)

    previous = None
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        with contextlib.suppress(ValueError):      # ValueError: not the main thread
            previous = signal.signal(signal.SIGINT, hold)
    if previous is None:
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if held:
        raise KeyboardInterrupt
