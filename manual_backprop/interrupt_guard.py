"""interrupts_kept, the `backprop` command's guard against a Ctrl-C that Python would swallow: a KeyboardInterrupt
raised inside a garbage-collection callback, as JAX's, is only printed as "Exception ignored in ..." and the run
goes on to the end, exit 0 (process_guards re-exports it beside its guards of standard output).
"""

from __future__ import annotations

import _thread
import contextlib
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any


@contextlib.contextmanager
def interrupts_kept() -> Iterator[None]:
    """While inside: a KeyboardInterrupt that Python can only report as unraisable (raised in a gc callback or a
    __del__) is not lost: SIGINT is made pending again, so its handler raises KeyboardInterrupt in the command's own
    code a moment later (under a SIGINT handler that ignores it, it stays ignored). One still to come when the block
    ends is raised there, inside the guard, not after it. The previous sys.unraisablehook is back on exit.

    The hook only asks; a watcher thread, started with the guard, interrupts the main thread once the hook has
    returned: signal.raise_signal or _thread.interrupt_main in the hook itself have the handler run at once, inside
    the hook, where its KeyboardInterrupt is swallowed again (and so did a timer thread started there, under load)."""
    previous = sys.unraisablehook
    lock, wake, state = threading.Lock(), threading.Event(), {"asked": 0, "ended": False}

    def watch() -> None:
        while True:
            wake.wait()
            wake.clear()
            time.sleep(0.001)                   # the hook that asked has returned by now (it holds the GIL till then)
            with lock:
                if state["ended"]:
                    return
                asked, state["asked"] = state["asked"], 0
            if asked:
                _thread.interrupt_main()

    def hook(unraisable: Any) -> None:
        if unraisable.exc_type is not None and issubclass(unraisable.exc_type, KeyboardInterrupt):
            with lock:
                state["asked"] += 1
            wake.set()
            return
        previous(unraisable)

    watcher = threading.Thread(target=watch, name="interrupts_kept", daemon=True)
    try:
        watcher.start()
        sys.unraisablehook = hook
        yield
    finally:
        sys.unraisablehook = previous
        try:
            with lock:
                state["ended"] = True
                held = state["asked"]           # asked, not yet passed on by the watcher: passed on here instead
            if held:
                _thread.interrupt_main()        # whatever handles SIGINT runs in the join below, inside the guard
        finally:
            wake.set()
            if watcher.is_alive():
                watcher.join()                  # what it passed on is handled here, at the next step: inside
