"""`backprop train`'s gradient descent: manual_backprop.gradient_descent in chunks, so that Ctrl-C keeps the steps done.

Each chunk starts from the parameters the last one ended with, so the chunks take the same steps, bit for bit, as one
call would (a test checks it); the progress bar moves after each chunk (of at least 16 steps, about 200 chunks in a
long run). Ctrl-C during a chunk ends the descent with the parameters after the last whole chunk, which the command
saves before it exits (130).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from manual_backprop.activations import Array
from manual_backprop.progress import Progress
from manual_backprop.propagation import Params
from manual_backprop.spec import NetworkSpec
from manual_backprop.training import DivergenceError, gradient_descent

#: Chunks per run (the progress bar's updates), of at least MIN_CHUNK steps: one-step chunks, as 200 chunks of a
#: 300-step run were, took 20-30% longer than one call (each call checks its inputs). Ctrl-C loses a chunk at most.
CHUNKS, MIN_CHUNK = 200, 16


@dataclass
class Descent:
    """The parameters reached, costs[i] = J before step i of this run, and whether Ctrl-C ended it early."""

    params: Params
    costs: list[float] = field(default_factory=list)
    interrupted: bool = False


def descend(spec: NetworkSpec, params: Params, X: Array, Y: Array, alpha: float, iterations: int,
            progress: Progress) -> Descent:
    """iterations steps of gradient descent from params, in chunks of max(MIN_CHUNK, iterations // CHUNKS) steps.

    Raises DivergenceError as gradient_descent does, its iteration counted from this run's first step (and a cost
    not finite at a later chunk's start is the last update's doing, not the parameters given: said so).
    """
    descent, every = Descent(params), max(MIN_CHUNK, iterations // CHUNKS)
    while len(descent.costs) < iterations:
        done = len(descent.costs)
        try:
            params, costs = gradient_descent(spec, descent.params, X, Y, alpha, min(every, iterations - done))
            descent.params, descent.costs = params, descent.costs + costs   # Ctrl-C: both, or neither
            if len(descent.costs) < iterations:    # the last step's J is the final one: the command shows it
                progress.update(len(descent.costs), f"J = {costs[-1]:.6g}")
        except DivergenceError as error:
            at = done + error.iteration
            if at == 0:                            # J of the parameters given: not the learning rate's doing
                raise
            what = str(error).split("; ")[0].replace(f"at iteration {error.iteration}", f"at iteration {at}", 1)
            raise DivergenceError(f"{what}; try a smaller learning_rate than {alpha}", at) from error
        except KeyboardInterrupt:
            descent.interrupted = True
            return descent
    return descent
