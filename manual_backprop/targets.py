"""The gradient function a command's --yours TARGET names: "package.module:function" or "path/to/file.py:function".

`backprop verify --yours` runs the verification campaign on it and `backprop bench --yours` times it; both call
it as manual_backprop.gradients is called, f(spec, params, X, Y), returning the gradients dict or (cost, gradients).
Importing its module or running its file, and saying what that raised, is target_loading.py's.
"""

from __future__ import annotations

import argparse
import inspect
import os
import pathlib
from collections.abc import Callable
from typing import Any

from .error_messages import a_type, must_be
from .target_loading import _import_module, _run_file


def split(target: str) -> tuple[str, str]:
    """(module or file, function) of TARGET; ValueError in must_be's wording for text of neither form, and for a second
    colon, which neither has ('f.py:g:x' was "cannot import 'f.py:g'"), but for a drive's (C:) or in a file's name."""
    where, colon, attribute = target.rpartition(":")
    rule = "module:function or path/to/file.py:function"
    if not colon or not where or not attribute.isidentifier():
        raise ValueError(must_be("--yours", rule, target))
    if ":" in os.path.splitdrive(where)[1] and not pathlib.Path(where).is_file():
        raise ValueError(f"{must_be('--yours', rule, target)} (a target has one colon, before the function's name)")
    return where, attribute


def target_text(text: str) -> str:
    """--yours's argparse type (verify's and bench's): TARGET as typed, its form judged while parsing (split), so that
    OneLineParser refuses it as every usage error ('' too); what importing it finds is load's, after parsing."""
    try:
        split(text)
    except ValueError as error:                     # ArgumentError(None): the message as it is, naming --yours
        raise argparse.ArgumentError(None, str(error)) from error
    return text


def load(target: str) -> Callable[..., Any]:
    """The function TARGET names; ValueError saying what is wrong with TARGET otherwise.

    A file is run once while it is unchanged (bench loads TARGET early, to fail fast, and the suite again: one run,
    one function), however TARGET spells its path (f.py, ./f.py, its absolute path or a symlink: one module), and
    again once it is edited: its module is kept under its real path, mtime and size. A module is imported as
    `import` does, once a session."""
    where, attribute = split(target)
    module = _run_file(where) if where.endswith(".py") else _import_module(where)
    function = getattr(module, attribute, None)
    if not callable(function):
        what = "no function" if function is None else f"{a_type(function)}, not a function, as"
        folders = list(getattr(module, "__path__", []))      # a folder without __init__.py: a namespace package
        source = getattr(module, "__file__", None) or (f"the folder {folders[0]}" if folders else "a built-in module")
        raise ValueError(f"--yours: {where!r} has {what} {attribute!r} (imported from {source})")
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):     # a builtin or extension function without one: its calls will tell
        return function
    try:
        signature.bind(None, None, None, None)
    except TypeError as error:          # now, not as a failure of every problem
        raise ValueError(f"--yours: {attribute}{signature} cannot be called as {attribute}(spec, params, X, Y): "
                         f"{error}") from error
    return function
