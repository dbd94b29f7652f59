"""The backprop command's guards around any command (manual_backprop.process_guards): an ASCII stdout, a stdout closed
before or during a command, and a Ctrl-C raised where Python can only report it as unraisable."""

from __future__ import annotations

import errno
import gc
import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import manual_backprop.commands.check_port
from manual_backprop import process_guards
from manual_backprop.cli import main
from manual_backprop.cli_parser import OneLineParser


def test_an_ascii_stdout_gets_escapes_instead_of_a_unicode_error() -> None:
    code = "from manual_backprop import process_guards; process_guards.tolerant_output(); print('18.2 µs')"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60,
                         env={"PYTHONIOENCODING": "ascii", "PATH": "/usr/bin:/bin", "PYTHONPATH": ":".join(sys.path)})
    assert (run.returncode, run.stdout, run.stderr) == (0, b"18.2 \\xb5s\n", b"")


def test_a_command_started_with_stdout_closed_runs_without_a_traceback(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "r.json").write_text("{}")
    monkeypatch.setattr(sys, "stdout", None)                # what Python sets for `backprop ... >&-`
    assert main(["check-port", str(tmp_path / "r.json")]) == 2
    assert capsys.readouterr().err.startswith("backprop check-port: ")


def test_stdout_closed_by_the_code_a_command_ran_is_one_line_and_exit_1(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def closes_stdout(args: object) -> int:                 # as a --yours function calling sys.stdout.close() does
        sys.stdout.close()
        print("the table")
        return 0
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    monkeypatch.setattr(manual_backprop.commands.check_port, "run", closes_stdout)
    assert main(["check-port", "any.json"]) == 1
    assert capsys.readouterr().err == \
        "backprop: standard output was closed while the command ran (by the code it ran?)\n"


def test_another_value_error_is_not_taken_for_a_closed_stdout(monkeypatch: pytest.MonkeyPatch) -> None:
    def fails(args: object) -> int:
        raise ValueError("a bug of the command's own")
    monkeypatch.setattr(manual_backprop.commands.check_port, "run", fails)
    with pytest.raises(ValueError, match="a bug of the command's own"):
        main(["check-port", "any.json"])


FULL = Path("/dev/full")          # a device every write to fails with ENOSPC (Linux, the BSDs)
needs_dev_full = pytest.mark.skipif(not FULL.exists(), reason="needs /dev/full, where every write fails with ENOSPC")
NO_SPACE = b"backprop: cannot write to standard output (ENOSPC: No space left on device)\n"


def _to_full(tmp_path: Path, buffered: bool, *args: str) -> subprocess.CompletedProcess[bytes]:
    """`python -m manual_backprop ARGS > /dev/full` (as the installed script, cli.entry), in tmp_path; unbuffered,
    a write fails at once, else at a flush (main's, or Python's own at exit)."""
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": ":".join(sys.path), **({} if buffered else {"PYTHONUNBUFFERED": "1"})}
    with FULL.open("wb") as full:
        return subprocess.run([sys.executable, "-m", "manual_backprop", *args], stdout=full, stderr=subprocess.PIPE,
                              cwd=tmp_path, env=env, timeout=120, check=False)


@needs_dev_full
@pytest.mark.parametrize("buffered", [True, False], ids=["buffered", "unbuffered"])
@pytest.mark.parametrize("args", [("--help",), ("verify", "--help"), ("--version",)], ids=" ".join)
def test_help_or_version_written_to_a_full_stdout_is_one_line_and_exit_1(tmp_path: Path, args: tuple[str, ...],
                                                                         buffered: bool) -> None:
    """argparse swallowed the write error of its help and version (_print_message): exit 0, nothing said, when
    the write failed at once; buffered, main's flush failed after argparse's exit 0: a traceback, exit 120."""
    run = _to_full(tmp_path, buffered, *args)
    assert (run.returncode, run.stderr) == (1, NO_SPACE)


@needs_dev_full
@pytest.mark.parametrize("buffered", [True, False], ids=["buffered", "unbuffered"])
def test_a_command_s_output_to_a_full_stdout_is_one_line_and_exit_1_with_nothing_at_exit(tmp_path: Path,
                                                                                         buffered: bool) -> None:
    """check-port's report, its first line or Python's own flush at exit (an "Exception ignored" line) failing with
    ENOSPC ended in OSError's traceback; a quick command: every test skipped, JAX not loaded."""
    from manual_backprop.port_vectors import default_vectors, load_vectors

    vectors = default_vectors().resolve()
    tc_ids = [test["tcId"] for group in load_vectors(vectors)["testGroups"] for test in group["tests"]]
    (tmp_path / "r.json").write_text(json.dumps({"results": {str(tc): {"skipped": "not ported"} for tc in tc_ids}}))
    run = _to_full(tmp_path, buffered, "check-port", "r.json", "--vectors", str(vectors))
    assert (run.returncode, run.stderr) == (1, NO_SPACE)


def test_an_os_error_of_standard_output_is_told_from_another_file_s(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """The same ENOSPC from stdout is one line and exit 1; from another file (no filename, as a write to an open
    file gives) it is the command's own, left to propagate."""
    class Full(io.StringIO):
        def write(self, text: str) -> int:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def prints(args: object) -> int:
        print("the table")
        return 0

    def fails(args: object) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(sys, "stdout", Full())
    monkeypatch.setattr(manual_backprop.commands.check_port, "run", prints)
    assert main(["check-port", "any.json"]) == 1
    assert capsys.readouterr().err == NO_SPACE.decode()
    monkeypatch.setattr(manual_backprop.commands.check_port, "run", fails)
    with pytest.raises(OSError, match="No space left on device"):
        main(["check-port", "any.json"])



@pytest.mark.parametrize(("where", "error", "status", "said"), [
    ("run", KeyboardInterrupt, 130, "backprop check-port: interrupted\n"),     # in the command: named
    ("build_parser", KeyboardInterrupt, 130, "backprop: interrupted\n"),      # before it runs (imports, parser)
    ("run", BrokenPipeError, 141, ""),                                          # `backprop ... | head`: quiet
], ids=["ctrl-c in the command", "ctrl-c before it", "closed pipe"])
def test_a_ctrl_c_or_a_closed_pipe_in_this_process_is_its_one_line_and_exit_status(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], where: str, error: type[BaseException],
        status: int, said: str) -> None:
    """What test_a_ctrl_c_during_verify_exits_130_not_with_a_crash_at_shutdown and the closed-pipe tests read from a
    fresh interpreter, which mutmut's own pass does not reach (session 36: each line printed as None, XX'd, without
    its text or to stdout, and 131 or 142 for 130 or 141, survived it), here in this process."""
    def raises(*args: object) -> int:
        raise error

    import manual_backprop.cli

    owner = manual_backprop.commands.check_port if where == "run" else manual_backprop.cli
    monkeypatch.setattr(owner, where, raises)
    assert main(["check-port", "any.json"]) == status
    assert capsys.readouterr() == ("", said)


@pytest.mark.parametrize("args", [("--help",), ("verify", "--help"), ("--version",)], ids=" ".join)
def test_help_or_version_whose_write_fails_in_this_process_is_one_line_and_exit_1(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], args: tuple[str, ...]) -> None:
    """As test_help_or_version_written_to_a_full_stdout_is_one_line_and_exit_1, unbuffered, but in this process: that
    test's interpreter is given no MUTANT_UNDER_TEST, so no mutation run could fail it (session 36: OneLineParser.
    _print_message's raise turned off, by stdout_fault(None) or `is None`, survived); a stderr write failing with
    no mark of stdout's (AttributeError: no stream) is still swallowed, as argparse does."""
    class Full(io.StringIO):
        def write(self, text: str) -> int:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(sys, "stdout", Full())
    assert main(list(args)) == 1
    assert capsys.readouterr().err == NO_SPACE.decode()
    monkeypatch.setattr(sys, "stderr", None)
    OneLineParser(prog="backprop")._print_message("not written")          # sys.stderr None: nothing, no raise


@pytest.mark.parametrize(("error", "told"), [
    (OSError(), "OSError"),                                            # no errno, no text: its class
    (OSError("the stream's own words"), "the stream's own words"),      # no errno: its text alone
    (OSError(99999, "an errno Python has no name for"), "errno 99999: an errno Python has no name for"),
], ids=repr)
def test_a_stdout_error_without_an_errno_is_told_by_its_text_or_class(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], error: OSError, told: str) -> None:
    """An OSError a stream raises with no errno (a stand-in stdout's, a library's) read "(errno None: )"."""
    class Failing(io.StringIO):
        def write(self, text: str) -> int:
            raise error

    def prints(args: object) -> int:
        print("the table")
        return 0

    monkeypatch.setattr(sys, "stdout", Failing())
    monkeypatch.setattr(manual_backprop.commands.check_port, "run", prints)
    assert main(["check-port", "any.json"]) == 1
    assert capsys.readouterr().err == f"backprop: cannot write to standard output ({told})\n"


def test_a_command_s_own_error_is_not_hidden_by_a_full_stdout(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """A bug of the command's own (a traceback) while what it printed is still buffered for a full stdout: the flush
    stdout_watched tries on the way out fails too, and its error took the bug's place, 'cannot write to standard
    output', exit 1, the bug's exception and traceback gone; now a note on the bug's says stdout failed too."""
    class BufferedFull(io.StringIO):                 # takes writes, fails at the flush, as a buffered `> /dev/full`
        def flush(self) -> None:
            if self.getvalue():
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def prints_then_fails(args: object) -> int:
        print("half the table")
        raise RuntimeError("a bug of the command's own")

    monkeypatch.setattr(sys, "stdout", BufferedFull())
    monkeypatch.setattr(manual_backprop.commands.check_port, "run", prints_then_fails)
    with pytest.raises(RuntimeError, match="a bug of the command's own") as raised:
        main(["check-port", "any.json"])
    assert raised.value.__notes__ == ["backprop: also cannot write to standard output (ENOSPC: No space left on "
                                      "device)"]
    assert capsys.readouterr().err == ""


@needs_dev_full
def test_a_command_s_own_error_into_a_full_stdout_is_its_traceback_with_nothing_at_exit(tmp_path: Path) -> None:
    """As `backprop ... > /dev/full` runs it (cli.entry, buffered): the bug's traceback, exit 1; before, one line
    'cannot write to standard output' in its place."""
    code = ("import manual_backprop.commands.check_port as c, manual_backprop.cli as cli, sys\n"
            "def run(args):\n    print('half the table')\n    raise RuntimeError('a bug of the command')\n"
            "c.run = run; sys.argv = ['backprop', 'check-port', 'any.json']; cli.entry()")
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": ":".join(sys.path)}
    with FULL.open("wb") as full:
        run = subprocess.run([sys.executable, "-c", code], stdout=full, stderr=subprocess.PIPE, cwd=tmp_path, env=env,
                             timeout=120, check=False)
    assert run.returncode == 1, run.stderr
    assert run.stderr.endswith(b"RuntimeError: a bug of the command\nbackprop: also cannot write to standard output "
                               b"(ENOSPC: No space left on device)\n"), run.stderr
    assert b"Exception ignored" not in run.stderr, run.stderr


def _interrupt_in_a_gc_callback(wait: float) -> None:
    """A KeyboardInterrupt raised inside a garbage-collection callback, as a Ctrl-C during JAX's compile can be, then
    wait seconds of the command's own steps (a KeyboardInterrupt raised in them ends the wait)."""
    def callback(phase: str, info: dict[str, int]) -> None:
        gc.callbacks.remove(callback)
        raise KeyboardInterrupt
    gc.callbacks.append(callback)
    gc.collect(0)                                           # the youngest generation: callbacks run all the same
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:                      # the command's own next steps
        time.sleep(0.001)


@pytest.mark.usefixtures("sigint_raises")
def test_a_ctrl_c_python_could_only_report_as_unraisable_still_stops_the_command() -> None:
    hook = sys.unraisablehook
    with pytest.raises(KeyboardInterrupt), process_guards.interrupts_kept():
        _interrupt_in_a_gc_callback(wait=10)                # ends a millisecond in, unless the machine is swamped
    assert sys.unraisablehook is hook


@pytest.mark.usefixtures("sigint_raises")
def test_a_ctrl_c_still_to_come_as_the_guard_ends_is_raised_inside_it_not_after() -> None:
    """The gc callback's interrupt right before the block ends: raised as the block ends (main maps it to 130), not
    a moment later in the code after the guard (cli.entry's exit, where it was a traceback)."""
    with pytest.raises(KeyboardInterrupt), process_guards.interrupts_kept():
        _interrupt_in_a_gc_callback(wait=0)
    deadline = time.monotonic() + 0.1
    while time.monotonic() < deadline:                      # nothing more arrives after the block
        time.sleep(0.001)


def test_a_custom_sigint_handler_gets_the_held_ctrl_c_inside_the_guard() -> None:
    """Under a handler of the program's own, the Ctrl-C held as the block ends goes to that handler, once (it was
    dropped: 0 of 500 calls), and nothing arrives after the guard."""
    calls: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: calls.append(signum))
    try:
        for _ in range(20):
            with process_guards.interrupts_kept():
                _interrupt_in_a_gc_callback(wait=0)
            time.sleep(0.005)
            assert len(calls) == 1, calls
            calls.clear()
    finally:
        signal.signal(signal.SIGINT, previous)


@pytest.mark.usefixtures("sigint_raises")
def test_no_thread_of_the_guard_outlives_it() -> None:
    """The guard's watcher is joined inside it, so nothing of the guard runs after it (a thread left behind could pass
    an interrupt on in the code after the guard): after a block that ends as it should, and after one whose Ctrl-C the
    guard kept."""
    def watchers() -> list[threading.Thread]:
        return [thread for thread in threading.enumerate() if thread.name == "interrupts_kept"]
    with process_guards.interrupts_kept():
        assert len(watchers()) == 1
    assert watchers() == []
    with pytest.raises(KeyboardInterrupt), process_guards.interrupts_kept():
        _interrupt_in_a_gc_callback(wait=0)
    assert watchers() == []


@pytest.mark.usefixtures("sigint_raises")
def test_without_the_guard_that_ctrl_c_is_lost(capsys: pytest.CaptureFixture[str]) -> None:
    """The case the guard exists for: Python prints 'Exception ignored in' and the run goes on."""
    seen: list[type[BaseException] | None] = []
    hook = sys.unraisablehook
    sys.unraisablehook = lambda unraisable: seen.append(unraisable.exc_type)
    try:
        _interrupt_in_a_gc_callback(wait=0.2)
    finally:
        sys.unraisablehook = hook
    assert seen == [KeyboardInterrupt]


#: Threads that tell XLA's CPU backend has started in a child: NumPy's process runs 1 + OpenBLAS's, one per core (the
#: child gets OPENBLAS_NUM_THREADS=1, so a many-core machine does not reach it on NumPy's alone); jax's first operation
#: takes it to 17 on this 2-core AMD machine (session 29; 14 XLA threads on the Intel VM before, 13 on 1 core).
XLA_THREADS = 8


def _threads(pid: int) -> int:
    """How many threads process pid runs (Linux's /proc), 0 once it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("Threads:")))


@pytest.mark.usefixtures("sigint_raises")                    # not ignored here: not ignored in the child either
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads a process's threads from Linux's /proc")
def test_a_ctrl_c_during_verify_exits_130_not_with_a_crash_at_shutdown(tmp_path: Path) -> None:
    """Interrupted while JAX compiles its oracle (its CPU backend's threads started: 14 of them 2 s in, here; the
    compile takes 11-13 s), `python -m manual_backprop verify` exits 130 with one line: the interpreter's
    finalisation around the XLA threads crashed it (exit 139, a segmentation fault with no Python frame; 3 of 3 runs
    interrupted at 5 to 12 s) before cli.entry. The child gets Python's SIGINT handler even when this test runs
    where SIGINT is ignored (a background job of a script, pytest-xdist's workers), as an interactive user's command
    has it: an ignored SIGINT is inherited across exec, a handled one is not (preexec_fn would fork, which JAX, when
    loaded here, warns against)."""
    env = {**os.environ, "PYTHONPATH": ":".join(sys.path), "OPENBLAS_NUM_THREADS": "1"}   # XLA_THREADS: XLA's alone
    process = subprocess.Popen([sys.executable, "-m", "manual_backprop", "verify", "--cases", "3000", "--large",
                                "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path, env=env)
    deadline = time.monotonic() + 60
    while _threads(process.pid) < XLA_THREADS and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)                                    # until XLA's threads run: the compile has begun
    if _threads(process.pid) < XLA_THREADS:                 # else the test would pass without testing the compile
        ended = process.poll()                              # verify itself failed: its own words, not a threshold's
        process.kill()
        _, err = process.communicate()
        assert ended is None, f"verify ended with exit status {ended} before XLA's threads ran: {err[-600:]!r}"
        pytest.fail(f"verify never ran {XLA_THREADS} threads in 60 s (XLA's CPU threads): lower XLA_THREADS to what "
                    "this machine's jax starts (python -c 'import jax.numpy as j; j.ones(1)', /proc/self/status)")
    time.sleep(0.5)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130, (process.returncode, err[-300:])
    assert err.endswith(b"backprop verify: interrupted\n"), err[-300:]
