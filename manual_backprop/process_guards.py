"""What the `backprop` command guards against in its own process, outside any one command: standard output that
cannot take a character (an ASCII locale and the µ of "µs"), that is closed or that fails (full: `> /dev/full`;
stdout_watched tells its errors from another file's), and a Ctrl-C that Python would
swallow (KeyboardInterrupt raised inside a garbage-collection callback, as JAX's, is only printed as "Exception
ignored in ..." and the run goes on to the end, exit 0: interrupts_kept, re-exported from interrupt_guard).
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import sys
from collections.abc import Iterator
from typing import Any

from manual_backprop.interrupt_guard import interrupts_kept as interrupts_kept


def tolerant_output() -> None:
    """stdout writes a character its encoding lacks as an escape (µ as \\xb5), as Python's stderr does, instead of
    raising UnicodeEncodeError after the command's work is done."""
    if isinstance(sys.stdout, io.TextIOWrapper) and sys.stdout.errors == "strict":
        sys.stdout.reconfigure(errors="backslashreplace")


_STDOUT = "_backprop_stdout"             # the attribute stdout_watched sets on an OSError standard output raised


def stdout_fault(error: BaseException) -> str | None:
    """Why standard output failed, if error is its being closed by the code a command ran or its own write error (a
    full disk, `> /dev/full`: marked by stdout_watched, as nothing else tells it from another file's), else None."""
    if isinstance(error, ValueError) and sys.stdout is not None and sys.stdout.closed:
        return "standard output was closed while the command ran (by the code it ran?)"
    if isinstance(error, OSError) and getattr(error, _STDOUT, False):
        told = error.strerror or str(error) or type(error).__name__
        if error.errno is None:                       # a stand-in stream's or a library's: its text, or its class
            return f"cannot write to standard output ({told})"
        return f"cannot write to standard output ({errno.errorcode.get(error.errno, f'errno {error.errno}')}: {told})"
    return None


class _Watched:
    """sys.stdout inside stdout_watched: the stream itself, but that an OSError of its write or flush is marked."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream

    def _marked(self, method: str, *args: Any) -> Any:
        try:
            return getattr(self.stream, method)(*args)
        except OSError as error:
            setattr(error, _STDOUT, True)
            raise

    def write(self, text: str) -> Any:
        return self._marked("write", text)

    def writelines(self, lines: Any) -> None:
        self._marked("writelines", lines)

    def flush(self) -> None:
        self._marked("flush")

    def __getattr__(self, name: str) -> Any:      # closed, fileno, isatty, encoding, buffer...: the stream's
        return getattr(self.stream, name)


@contextlib.contextmanager
def stdout_watched() -> Iterator[None]:
    """While inside, standard output's own write errors are marked for stdout_fault; at the end it is flushed, inside
    (an error of what a command left buffered is marked and caught by the caller, not printed by Python at exit), and
    sys.stdout is the stream again unless the code inside put another in its place. No stdout (started `>&-`): as is.

    Left by an exception, the flush's error comes out instead when the exception is stdout's own or no error of the
    command's (SystemExit: --help's exit 0 into a full stdout; KeyboardInterrupt); an error of the command's own (a bug:
    its traceback) stays the one raised, with a note that stdout failed too, and what stdout still held is dropped."""
    stream = sys.stdout
    if stream is None:
        yield
        return
    watched = _Watched(stream)
    sys.stdout = watched                              # a stand-in, as a test's StringIO is
    try:
        yield
    except BaseException as error:
        if not stream.closed:
            try:
                watched.flush()
            except OSError as failed:
                if not isinstance(error, Exception) or stdout_fault(error) is not None:
                    raise                             # stdout is the fault, or what to report: its error instead
                error.add_note(f"backprop: also {stdout_fault(failed)}")
                quiet_stdout()                        # not again at exit ("Exception ignored", exit 120)
                with contextlib.suppress(OSError, ValueError):
                    stream.flush()                    # into os.devnull: what it held is dropped
        raise
    else:
        if not stream.closed:
            watched.flush()
    finally:
        if sys.stdout is watched:
            sys.stdout = stream


def quiet_stdout() -> None:
    """Standard output's descriptor onto os.devnull once its failure is reported, so that what is still buffered does
    not fail again in Python's own flush at exit ("Exception ignored in: <_io.TextIOWrapper name='<stdout>'>")."""
    with contextlib.suppress(OSError, ValueError, AttributeError):   # no descriptor (a test's stand-in): nothing to do
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
