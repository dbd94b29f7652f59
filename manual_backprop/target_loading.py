"""How targets.load brings in the code a --yours TARGET names: a module imported as `import` does (from the working
directory too), a file run once per edition of it, and what either raises said in one line (its type, message and
the line of the candidate's file it came from)."""

from __future__ import annotations

import importlib
import importlib.util
import pathlib
import sys
import traceback
from types import ModuleType
from typing import Any

from .error_messages import CANDIDATE_FAILURES, error_text


def _import_here_too(name: str) -> Any:
    """import name, also from the working directory, as `python -m` would (a console script's path lacks it)."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as error:
        here = str(pathlib.Path.cwd())
        if error.name != name.partition(".")[0] or here in sys.path:
            raise
        sys.path.append(here)   # after everything else: the working directory never shadows an installed module
        return importlib.import_module(name)


def _line_in(error: BaseException, path: pathlib.Path) -> str:
    """' (at file.py:line)': the last line of path in error's traceback (a SyntaxError's own line), or ''."""
    if isinstance(error, SyntaxError):   # its message names the line already ("(file.py, line 3)")
        return ""
    here = path.resolve()                # each frame's path is as the import spelled it: resolved too (.., a symlink)
    frames = [f for f in traceback.extract_tb(error.__traceback__) if pathlib.Path(f.filename).resolve() == here]
    return f" (at {path.name}:{frames[-1].lineno})" if frames else ""


def _import_module(where: str) -> ModuleType:
    """The module named where, imported; ValueError saying why it cannot be, as _run_file says it of a file."""
    if where.startswith("."):            # relative to no package: import_module's TypeError
        raise ValueError(f"--yours: {where!r} is a relative module name, which has no package here: give the "
                         "module's full name (package.module:function) or its file (path/to/file.py:function)")
    try:
        return _import_here_too(where)
    except ImportError as error:
        if "/" in where or (isinstance(error, ModuleNotFoundError) and error.name == where
                            and pathlib.Path(where).exists()):   # a path, not a module's dotted name
            raise ValueError(f"--yours: {where!r} is not a .py file, nor a module's name (module:function or "
                             f"path/to/file.py:function)") from error
        raise ValueError(f"--yours: cannot import {where!r}: {error_text(error)}") from error
    except CANDIDATE_FAILURES as error:  # the module's own code, as it ran: one line, as a file's
        raise ValueError(f"--yours: importing {where!r} raised {_failure(error, _first_file(error))}") from error


def _first_file(error: BaseException) -> pathlib.Path | None:
    """The file of the first frame after the import machinery's that is a file and not this module's: that of the
    module whose import raised (its package's __init__.py, when that raised), or None. After the machinery's last
    frame, not after this module's: a frame that wraps this module's calls (mutmut's trampolines) is not the module."""
    machinery, ours = pathlib.Path(importlib.__file__).resolve(), pathlib.Path(__file__).resolve()
    files = [pathlib.Path(f.filename) for f in traceback.extract_tb(error.__traceback__)]
    start = max((i + 1 for i, path in enumerate(files) if path.resolve() == machinery), default=0)
    return next((path for path in files[start:] if path.is_file() and path.resolve() != ours), None)


def _failure(error: BaseException, path: pathlib.Path | None) -> str:
    """'NameError: ... (at file.py:5)': what error is, the last line of path it came from, and for a SystemExit how
    to keep a script's own run from running on import."""
    guard = " (guard a script's own run with if __name__ == '__main__':)" if isinstance(error, SystemExit) else ""
    line = "" if path is None else _line_in(error, path)
    return f"{type(error).__name__}: {error_text(error)}{line}{guard}"


#: the modules run from files, under (real path, mtime_ns, size): one edition of a file, one module
_FILES: dict[tuple[str, int, int], ModuleType] = {}


def _run_file(where: str) -> ModuleType:
    """The module of the file where, run once per edition of it; ValueError naming where (as TARGET spelled it)."""
    path = pathlib.Path(where)
    if not path.is_file():
        here = "" if path.is_absolute() else f" in {pathlib.Path.cwd()}; give its path from there, or an absolute one"
        raise ValueError(f"--yours: no Python file {where!r}{here}")
    real, stat = path.resolve(), path.stat()
    edition = (str(real), stat.st_mtime_ns, stat.st_size)
    if edition in _FILES:
        return _FILES[edition]
    spec = importlib.util.spec_from_file_location(f"_backprop_yours_{path.stem}", path)
    if spec is None or spec.loader is None:
        raise ValueError(f"--yours: no Python file {where!r}")
    module = importlib.util.module_from_spec(spec)
    folder = str(real.parent)                   # its own imports find the files beside it, as `python file.py`
    if folder not in sys.path:
        sys.path.insert(0, folder)
    try:
        spec.loader.exec_module(module)
    except CANDIDATE_FAILURES as error:  # a syntax error, a failing import, a script's sys.exit: one line
        raise ValueError(f"--yours: running {where!r} raised {_failure(error, path)}") from error
    _FILES[edition] = module
    return module
