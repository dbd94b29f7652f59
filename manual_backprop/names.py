"""The names a network spec takes and the rules that combine them: which activations, which losses, which output
activation each loss accepts, and where dZ[L] is the notes' fused A[L] - Y.

Names and rules only, never their math: NetworkSpec, the oracle, the port checker and the test vectors read these
tuples, so adding an activation or a loss starts here (and in activations.REGISTRY, losses and the oracle).
"""

from __future__ import annotations

from .error_messages import closest_name, not_one_of

#: Elementwise activations, usable in any layer.
ELEMENTWISE_ACTIVATIONS: tuple[str, ...] = (
    "sigmoid", "tanh", "relu", "leaky_relu", "identity", "softplus", "elu", "gelu", "silu",
)
#: Every activation name; ``softmax`` (over the units of a column) is for the output layer only.
ACTIVATIONS: tuple[str, ...] = (*ELEMENTWISE_ACTIVATIONS, "softmax")
#: Activations whose derivative jumps at 0, where a convention decides g'(0): relu'(0) = 0, leaky_relu'(0) = 1,
#: as jax.nn (the oracle, the port checker and the test vectors' flags all read this tuple).
KINKED_ACTIVATIONS: tuple[str, ...] = ("relu", "leaky_relu")
#: Per-example losses, summed over output units.
LOSSES: tuple[str, ...] = ("binary_cross_entropy", "categorical_cross_entropy", "mean_squared_error")
#: Output activations each loss accepts.
OUTPUT_ACTIVATIONS_FOR_LOSS: dict[str, tuple[str, ...]] = {
    "binary_cross_entropy": ("sigmoid",),
    "categorical_cross_entropy": ("softmax",),
    "mean_squared_error": ACTIVATIONS,
}
#: Output/loss pairs whose dZ[L] is exactly the notes' fused A[L] - Y.
FUSED_PAIRS: frozenset[tuple[str, str]] = frozenset({
    ("sigmoid", "binary_cross_entropy"),
    ("softmax", "categorical_cross_entropy"),
    ("identity", "mean_squared_error"),
})


def check_names(activations: tuple[str, ...] | list[str], loss: str) -> None:
    """ValueError naming the first rule broken: each g[l] in ACTIVATIONS, softmax at g[L] only, the loss in LOSSES
    and g[L] one it takes. activations has one name per layer (NetworkSpec checks that before)."""
    for position, name in enumerate(activations, start=1):
        if name not in ACTIVATIONS:
            raise ValueError(not_one_of(f"activations[{position - 1}] (g[{position}])", name, ACTIVATIONS))
        if name == "softmax" and position != len(activations):
            raise ValueError(f"softmax is for the output layer only; activations has it at g[{position}]")
    if loss not in LOSSES:       # the hint names a loss the output activation takes, if one is close
        suited = tuple(name for name in LOSSES if activations[-1] in OUTPUT_ACTIVATIONS_FOR_LOSS[name])
        hint = closest_name(loss, suited) or closest_name(loss, LOSSES)
        raise ValueError(not_one_of("loss", loss, LOSSES, hint))
    allowed = OUTPUT_ACTIVATIONS_FOR_LOSS[loss]
    if activations[-1] not in allowed:
        raise ValueError(f"loss {loss!r} needs an output activation in {allowed}; got {activations[-1]!r}")


def names_for_help() -> str:
    """The names NetworkSpec takes, for its docstring, from the tuples a new activation or loss is added to."""
    outputs = {loss: "any" if names == ACTIVATIONS else ", ".join(names)
               for loss, names in OUTPUT_ACTIVATIONS_FOR_LOSS.items()}
    return (f"\n    The names (manual_backprop.ACTIVATIONS, manual_backprop.LOSSES):\n"
            f"        activations: {', '.join(ELEMENTWISE_ACTIVATIONS)}; for the output layer only: "
            f"{', '.join(name for name in ACTIVATIONS if name not in ELEMENTWISE_ACTIVATIONS)}\n"
            f"        losses, each with the output activations it takes:\n"
            + "".join(f"            {loss}: {outputs[loss]}\n" for loss in LOSSES))
