"""`backprop train`'s gradient descent: manual_backprop.gradient_descent in chunks, so that Ctrl-C keeps the steps done.

Each chunk starts from the parameters the last one ended with, so the chunks take the same steps, bit for bit, as one
call would (a test checks it); the progress bar moves after each chunk (about 200 per run). Ctrl-C during a chunk
ends the descent with the parameters after the last whole chunk, which the command saves before it exits (130).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from manual_backprop.activations import Array
from manual_backprop.progress import Progress
from manual_backprop.propagation import Params
from manual_backprop.spec import NetworkSpec
from manual_backprop.training import DivergenceError, gradient_descent

#: Chunks per run: the progress bar's updates, and at most the steps Ctrl-C loses.
CHUNKS = 200


@dataclass
class Descent:
    """The parameters reached, costs[i] = J before step i of this run, and whether Ctrl-C ended it early."""

    params: Params
    costs: list[float] = field(default_factory=list)
    interrupted: bool = False


def descend(spec: NetworkSpec, params: Params, X: Array, Y: Array, alpha: float, iterations: int,
            progress: Progress) -> Descent:
    """iterations steps of gradient descent from params, in chunks of max(1, iterations // CHUNKS) steps.

    Raises DivergenceError as gradient_descent does, its iteration and message counted from this run's first step.
    """
    descent, every = Descent(params), max(1, iterations // CHUNKS)
    while len(descent.costs) < iterations:
        done = len(descent.costs)
        try:
            descent.params, costs = gradient_descent(spec, descent.params, X, Y, alpha, min(every, iterations - done))
        except DivergenceError as error:
            at = f"at iteration {error.iteration}"
            raise DivergenceError(str(error).replace(at, f"at iteration {done + error.iteration}", 1),
                                  done + error.iteration) from error
        except KeyboardInterrupt:
            descent.interrupted = True
            return descent
        descent.costs += costs
        if len(descent.costs) < iterations:        # the last step's J is the final one: the command shows it
            progress.update(len(descent.costs), f"J = {costs[-1]:.6g}")
    return descent
