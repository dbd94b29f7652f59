"""Whole training runs compared step for step: manual_backprop's gradient descent against a reference.

The reference is any function (spec, params, X, Y) -> gradients, typically the JAX oracle
(autodiff_oracle.plain.gradients, float64 autodiff); it drives the same update p := p - alpha dp
from the same initial parameters. After every k steps the two parameter sets are compared by

    difference = max over keys p of  max|P_manual - P_reference| / max|P_reference|

(the largest entry difference of each array relative to that array's largest entry, so an entry
passing through 0 does not blow the ratio up). Rounding differences of a few u per step that the
dynamics do not amplify keep this near 1e-15 after thousands of steps.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from .activations import Array
from .propagation import Params
from .spec import NetworkSpec
from .training import gradient_descent

Gradients = Callable[[NetworkSpec, Params, Array, Array], Params]


@dataclass(frozen=True)
class Checkpoint:
    """The comparison after `step` updates of both runs."""

    step: int
    difference: float
    worst_key: str


def relative_difference(actual: Params, reference: Params) -> tuple[float, str]:
    """(max over keys of max|actual - reference| / max|reference|, the key where it is largest)."""
    worst, worst_key = 0.0, ""
    for key, R in reference.items():
        scale = float(np.max(np.abs(R)))
        gap = float(np.max(np.abs(actual[key] - R)))
        ratio = gap / scale if scale > 0 else (0.0 if gap == 0 else np.inf)
        if ratio >= worst:
            worst, worst_key = ratio, key
    return worst, worst_key


def compare_trajectories(spec: NetworkSpec, params: Params, X: Array, Y: Array, learning_rate: float,
                         num_iterations: int, every: int, reference: Gradients) -> Iterator[Checkpoint]:
    """Yield a Checkpoint after every `every` steps (and after the last) of both gradient descents.

    manual_backprop runs through gradient_descent in chunks of `every` steps (the same as one call:
    each call continues from the parameters the previous one returned); the reference run applies
    p := p - alpha * reference(spec, p, X, Y) one step at a time, in the parameters' dtype.
    """
    if every < 1 or num_iterations < 1:
        raise ValueError(f"every and num_iterations must be positive; got {every}, {num_iterations}")
    manual = {key: value.copy() for key, value in params.items()}
    theirs = {key: value.copy() for key, value in params.items()}
    done = 0
    while done < num_iterations:
        steps = min(every, num_iterations - done)
        manual, _ = gradient_descent(spec, manual, X, Y, learning_rate, steps)
        for _ in range(steps):
            grads = reference(spec, theirs, X, Y)
            for key in theirs:
                theirs[key] = theirs[key] - (learning_rate * grads[key]).astype(theirs[key].dtype)
        done += steps
        yield Checkpoint(done, *relative_difference(manual, theirs))
