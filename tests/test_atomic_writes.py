"""Killing a command while it writes leaves the old file or the new one, never a half-written file."""

from __future__ import annotations

import pathlib
import signal
import subprocess
import sys
import time

import pytest

WRITER = """
import sys, time
from manual_backprop.atomic import atomic_write

def slow(file):
    file.write(b"new-half;")
    file.flush()
    print("writing", flush=True)
    time.sleep(60)
    file.write(b"new-rest")

atomic_write(sys.argv[1], slow)
"""


def test_a_killed_write_leaves_the_old_file_intact(tmp_path: pathlib.Path) -> None:
    target = tmp_path / "results.json"
    target.write_text("old")
    with subprocess.Popen([sys.executable, "-c", WRITER, str(target)], stdout=subprocess.PIPE, text=True) as process:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "writing"  # the new content is half written
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    assert target.read_text() == "old"
    leftovers = [p for p in tmp_path.iterdir() if p != target]
    assert all(p.name.startswith(".results.json.") for p in leftovers)  # a hidden temporary, never the target


def test_a_completed_write_replaces_the_file_whole(tmp_path: pathlib.Path) -> None:
    from manual_backprop.atomic import atomic_write_text

    target = tmp_path / "table.md"
    target.write_text("old")
    before = time.time()
    atomic_write_text(target, "new table\n")
    assert target.read_text() == "new table\n"
    assert list(tmp_path.iterdir()) == [target]
    assert target.stat().st_mtime >= before - 1


def test_a_write_onto_a_directory_names_the_directory_and_leaves_no_temporary(tmp_path: pathlib.Path) -> None:
    """os.replace's IsADirectoryError named the temporary first ('.results.9cpxp_uk.tmp' -> 'results'): the error
    names the path given, before anything is written."""
    from manual_backprop.atomic import atomic_write

    (tmp_path / "results").mkdir()
    written: list[int] = []
    try:
        atomic_write(tmp_path / "results", lambda file: written.append(file.write(b"new")))
    except IsADirectoryError as error:
        assert (error.filename, error.filename2) == (str(tmp_path / "results"), None), error
        assert ".tmp" not in str(error), error
    else:
        raise AssertionError("no IsADirectoryError")
    assert written == [] and [p.name for p in tmp_path.iterdir()] == ["results"]


def test_a_failed_replace_names_the_target_not_the_temporary(tmp_path: pathlib.Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Any error of the final move (here a refused rename) is reported against the caller's path."""
    import os

    from manual_backprop import atomic

    def refuse(source: str, target: str) -> None:
        raise PermissionError(13, "Permission denied", source, None, target)

    monkeypatch.setattr(atomic.os, "replace", refuse)
    try:
        atomic.atomic_write_text(tmp_path / "table.md", "new")
    except PermissionError as error:
        assert error.filename == str(tmp_path / "table.md") and ".tmp" not in str(error), error
    else:
        raise AssertionError("no PermissionError")
    assert os.listdir(tmp_path) == []


def test_a_fifo_or_device_at_the_path_is_refused_and_left_as_it_was(tmp_path: pathlib.Path) -> None:
    """Replacing /dev/null (say, `train --save /dev/null` as root) would leave a plain file where the device was: a
    FIFO stands for it here (a test writing at /dev/null would replace it, run as root, the day the check broke)."""
    import os
    import stat

    from manual_backprop.atomic import atomic_write_text

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(OSError, match="not a regular file") as raised:
        atomic_write_text(fifo, "x")
    assert raised.value.filename == str(fifo)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and sorted(tmp_path.iterdir()) == [fifo]   # no temporary left


def test_a_symbolic_link_is_written_through_and_stays_a_link(tmp_path: pathlib.Path) -> None:
    from manual_backprop.atomic import atomic_write_text

    (tmp_path / "real.txt").write_text("old")
    link, dangling = tmp_path / "link.txt", tmp_path / "dangling.txt"
    link.symlink_to("real.txt")
    dangling.symlink_to(pathlib.Path("sub") / "new.txt")
    assert atomic_write_text(link, "new") == link                # the path as given, not the file it points to
    assert atomic_write_text(dangling, "made") == dangling
    assert link.is_symlink() and dangling.is_symlink()
    assert (tmp_path / "real.txt").read_text() == "new" and (tmp_path / "sub" / "new.txt").read_text() == "made"
