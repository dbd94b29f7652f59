"""NAME_HINTS, read by error_messages.closest_name: names only, no math (the oracle loads it through error_messages)."""

from __future__ import annotations

#: Other libraries' names for the activations and losses (Keras, PyTorch, scikit-learn, common shorthand), keyed in
#: lower case without '_', '-' or spaces: hints at what to write instead, never names the spec takes. Where one name
#: means several (cross_entropy), the first among the choices a hint may give is named.
NAME_HINTS: dict[str, tuple[str, ...]] = {
    "mse": ("mean_squared_error",),
    "mseloss": ("mean_squared_error",),
    "l2loss": ("mean_squared_error",),
    "squarederror": ("mean_squared_error",),
    "squaredloss": ("mean_squared_error",),
    "bce": ("binary_cross_entropy",),
    "bceloss": ("binary_cross_entropy",),
    "bcewithlogitsloss": ("binary_cross_entropy",),
    "binarycrossentropy": ("binary_cross_entropy",),
    "sigmoidcrossentropy": ("binary_cross_entropy",),
    "logloss": ("binary_cross_entropy", "categorical_cross_entropy"),
    "crossentropy": ("binary_cross_entropy", "categorical_cross_entropy"),
    "crossentropyloss": ("categorical_cross_entropy", "binary_cross_entropy"),
    "ce": ("categorical_cross_entropy", "binary_cross_entropy"),
    "nll": ("categorical_cross_entropy", "binary_cross_entropy"),
    "nllloss": ("categorical_cross_entropy", "binary_cross_entropy"),
    "cce": ("categorical_cross_entropy",),
    "categoricalcrossentropy": ("categorical_cross_entropy",),
    "sparsecategoricalcrossentropy": ("categorical_cross_entropy",),
    "softmaxcrossentropy": ("categorical_cross_entropy",),
    "linear": ("identity",),
    "logistic": ("sigmoid",),
    "swish": ("silu",),
}
