"""gradient_descent's checks of its other arguments, made before any update runs: the iteration count, the learning
rate alpha and the callback, each refused naming the argument (training.py re-exports them)."""

from __future__ import annotations

import inspect
import math
import numbers
from typing import Any

import numpy as np

from .error_messages import shown


def check_positive_int(name: str, value: Any) -> int:
    """A positive int (bool excluded)."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be a positive int; got {value!r}")
    if value < 1:
        raise ValueError(f"{name} must be a positive int; got {value!r}")
    return int(value)


def check_learning_rate(value: Any) -> float:
    """alpha: a finite real number >= 0 (0 leaves the parameters unchanged)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):   # as NetworkSpec's l2: a Fraction too
        raise TypeError(f"learning_rate must be a real number; got {value!r}")
    try:
        alpha = float(value)                 # a Python int beyond float64 overflows; a longdouble may become inf
    except OverflowError:
        alpha = math.inf
    if not math.isfinite(alpha) or alpha < 0:
        raise ValueError(f"learning_rate must be finite and >= 0; got {shown(value)}")
    return alpha


def check_callback(callback: object) -> None:
    """None, or a callable that accepts (i, J): its signature is bound to two arguments before any update runs."""
    if callback is None:
        return
    if not callable(callback):
        raise TypeError(f"callback must be callable as callback(i, J) or None; got {callback!r}")
    try:
        signature = inspect.signature(callback)
    except (TypeError, ValueError):                      # no signature to read (some builtins): called as it is
        return
    try:
        signature.bind(0, 0.0)
    except TypeError as error:
        raise TypeError(f"callback must be callable as callback(i, J); {callback!r} is not ({error})") from None
