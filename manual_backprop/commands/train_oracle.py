"""`backprop train --check-oracle`: repeat a training run with the JAX oracle's gradients, step for step.

Not a subcommand of its own (it is not in cli.COMMANDS); commands/train.py calls check_oracle.
"""

from __future__ import annotations

import numpy as np

from manual_backprop.activations import Array
from manual_backprop.propagation import Params
from manual_backprop.spec import NetworkSpec


def check_oracle(spec: NetworkSpec, params: Params, X: Array, Y: Array, learning_rate: float,
                 iterations: int, every: int, tolerance: float) -> int:
    """Print the largest relative parameter difference after every `every` steps; 0 if all <= tolerance."""
    from manual_backprop.cli import require

    require("jax", "oracle")
    from autodiff_oracle.plain import gradients
    from manual_backprop.progress import Progress
    from manual_backprop.trajectory import compare_trajectories

    if X.dtype != np.float64:  # commands/train.py refuses --dtype float32 with --check-oracle before training
        raise ValueError(f"check_oracle compares float64 runs; got X of dtype {X.dtype}")
    print(f"check-oracle: the same {iterations} steps with autodiff_oracle's float64 gradients (jax.grad); "
          f"largest relative parameter difference max|P - P_oracle| / max|P_oracle|, every {every} steps:")
    progress = Progress(iterations, "oracle")
    worst, lines = 0.0, []
    for checkpoint in compare_trajectories(spec, params, X, Y, learning_rate, iterations, every, gradients):
        worst = max(worst, checkpoint.difference)
        progress.update(checkpoint.step, f"difference {checkpoint.difference:.2e}")
        lines.append(f"  step {checkpoint.step:6d}: {checkpoint.difference:.3e} (in {checkpoint.worst_key})")
    progress.close()
    print("\n".join(lines))
    verdict = "PASS" if worst <= tolerance else "FAIL"
    print(f"{verdict}: the largest difference over the run is {worst:.3e} (tolerance {tolerance:.0e})")
    return 0 if worst <= tolerance else 1
