"""The oracle for one problem of any shape, always in float64 (compiled once per spec and shape).

Every call runs inside jax.enable_x64(True), whatever the caller's JAX configuration, and upcasts
float32 inputs, so a float32 candidate is judged against float64 truth.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from manual_backprop.spec import NetworkSpec
from manual_backprop.validation import check_problem

from .core import evaluate
from .model import ACTIVATIONS
from .terms import error_terms, keeps_exact


@dataclass(frozen=True)
class OracleResult:
    """J and dJ/dparams in float64, with first-order rounding-error scales for each (core.error_scales)."""

    cost: float
    gradients: dict[str, np.ndarray]
    cost_scale: float
    scales: dict[str, np.ndarray]
    second_order: dict[str, np.ndarray]
    kink_margin: float = np.inf         # the least of layer_margins: the problem's distance to a kink
    on_kinks: int = 0   # relu-like pre-activations exactly at 0, where the kink convention decides the gradient
    layer_margins: tuple[float, ...] = ()   # layer l's min |Z[l]| / F[l] over relu-like units, l = 1..L (core.evaluate)
    layer_kinks: tuple[int, ...] = ()       # layer l's count of on_kinks, l = 1..L


def _evaluate(spec: NetworkSpec, Ws: list[jax.Array], bs: list[jax.Array], X: jax.Array, Y: jax.Array,
              forward: bool = False) -> Any:
    gs, terms = [ACTIVATIONS[a] for a in spec.activations], [error_terms(a) for a in spec.activations]
    return evaluate(Ws, bs, X, Y, gs, terms, spec.loss, spec.fused_output, X.shape[1], spec.l2,
                    keeps=[keeps_exact(a) for a in spec.activations], forward=forward)


_compiled = jax.jit(_evaluate, static_argnums=(0, 5))


def unpack(spec: NetworkSpec, out: dict[str, Any], front: int = 0) -> OracleResult:
    """Turn evaluate's lists into an OracleResult keyed like params (cropping padding to spec's shapes).

    Layer l of spec is entry front + l - 1 of out's lists (front: the padded form's pass-through layers).
    """
    grads: dict[str, np.ndarray] = {}
    scales: dict[str, np.ndarray] = {}
    second: dict[str, np.ndarray] = {}
    s = spec.layer_sizes
    for l in range(1, spec.depth + 1):
        for kind, shape in (("W", (s[l], s[l - 1])), ("b", (s[l], 1))):
            key = f"{kind}{l}"
            for target, name in ((grads, "g"), (scales, "S"), (second, "M")):
                target[key] = np.asarray(out[name + kind][front + l - 1], dtype=np.float64)[: shape[0], : shape[1]]
    margins = tuple(float(margin) for margin in np.asarray(out["margins"])[front : front + spec.depth])
    kinks = tuple(int(count) for count in np.asarray(out["on_kinks"])[front : front + spec.depth])
    return OracleResult(float(out["J"]), grads, float(out["SJ"]), scales, second, min(margins), sum(kinks), margins,
                        kinks)


def evaluate_problem(spec: NetworkSpec, params: Any, X: Any, Y: Any) -> OracleResult:
    """Validate the inputs, then J, gradients and error scales in float64."""
    return evaluate_checked(spec, *check_problem(spec, params, X, Y))


def evaluate_checked(spec: NetworkSpec, params: dict[str, np.ndarray], X: np.ndarray, Y: np.ndarray) -> OracleResult:
    """evaluate_problem for inputs that check_problem has already passed."""
    return unpack(spec, _run(spec, params, X, Y, forward=False))


def forward_with_scales(spec: NetworkSpec, params: dict[str, np.ndarray], X: np.ndarray,
                        Y: np.ndarray) -> dict[str, np.ndarray]:
    """{"Z1", "A1", ..., "ZL", "AL"} and their error scales {"FZ1", "FA1", ...} (core.py's F[l], FA[l]), float64."""
    out = _run(spec, *check_problem(spec, params, X, Y), forward=True)
    return {f"{key}{l}": np.asarray(out[name][l - 1], dtype=np.float64) for l in range(1, spec.depth + 1)
            for key, name in (("Z", "Z"), ("A", "A"), ("FZ", "F"), ("FA", "FA"))}


def _run(spec: NetworkSpec, params: dict[str, np.ndarray], X: np.ndarray, Y: np.ndarray, forward: bool) -> Any:
    with jax.enable_x64(True):
        Ws = [jnp.asarray(params[f"W{l}"], dtype=jnp.float64) for l in range(1, spec.depth + 1)]
        bs = [jnp.asarray(params[f"b{l}"], dtype=jnp.float64) for l in range(1, spec.depth + 1)]
        out = _compiled(spec, Ws, bs, jnp.asarray(X, dtype=jnp.float64), jnp.asarray(Y, dtype=jnp.float64), forward)
        return jax.tree_util.tree_map(np.asarray, out)


def cost_and_gradients(spec: NetworkSpec, params: Mapping[str, np.ndarray], X: np.ndarray,
                       Y: np.ndarray) -> tuple[float, dict[str, np.ndarray]]:
    """(J, dJ/dparams) in float64, as a Python float and NumPy arrays under the parameters' keys."""
    result = evaluate_problem(spec, params, X, Y)
    return result.cost, result.gradients


def cost(spec: NetworkSpec, params: Mapping[str, np.ndarray], X: np.ndarray, Y: np.ndarray) -> float:
    """J in float64, as a Python float."""
    return evaluate_problem(spec, params, X, Y).cost


def gradients(spec: NetworkSpec, params: Mapping[str, np.ndarray], X: np.ndarray,
              Y: np.ndarray) -> dict[str, np.ndarray]:
    """dJ/dparams in float64 under the parameters' keys ({"W1": ..., "b1": ..., ...})."""
    return evaluate_problem(spec, params, X, Y).gradients
