"""The padded oracle's branch tables: what each layer of a padded problem can compute, and how one is chosen.

Branch i of _G, _TERMS and _KEEPS is activation NAMES[i] (its value, its error terms, where it keeps exact); the last
branch, PASS, is the pass-through layer put in front of shallow nets. HIDDEN and OUTPUTS say which branches a layer
may take, and _layer picks one by a traced index (padded.py's module docstring says when each is read).
"""

from __future__ import annotations

from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from manual_backprop.spec import ACTIVATIONS as NAMES
from manual_backprop.spec import ELEMENTWISE_ACTIVATIONS, LOSSES, OUTPUT_ACTIVATIONS_FOR_LOSS

from .model import ACTIVATIONS
from .terms import Terms, error_terms, keeps_exact


def _masked(name: str, f: Any) -> Any:
    """f(Z) as a switch branch f(Z, unit_mask); softmax sees padded output units as -1e30."""
    if name == "softmax":
        return lambda Z, unit_mask: f(jnp.where(unit_mask[:, None], Z, -1e30))
    return lambda Z, unit_mask: f(Z)


def _pass_terms(Z: jax.Array, unit_mask: jax.Array) -> Terms:
    """error_terms of a pass-through layer: slope 1, no rounding of its own (Z = I A + 0 = A exactly)."""
    ones, zeros = jnp.ones_like(Z), jnp.zeros_like(Z)
    return ones, zeros, zeros, zeros


#: Branch i is activation NAMES[i]; the last branch, PASS, is the pass-through layer put in front of shallow nets.
_G = [_masked(name, ACTIVATIONS[name]) for name in NAMES] + [lambda Z, unit_mask: Z]
_TERMS = [_masked(name, error_terms(name)) for name in NAMES] + [_pass_terms]
_KEEPS = [_masked(name, keeps_exact(name)) for name in NAMES] + [lambda Z, unit_mask: jnp.ones(Z.shape, bool)]
PASS = len(NAMES)
#: The branches (NAMES indexes) a layer can take: below the output, an elementwise activation or PASS; the output
#: layer, its loss's activations. Every branch is compiled (and, vmapped, evaluated): with all of them at every layer
#: the batched form took 6.6 s to compile for binary cross-entropy, 6.2 for categorical, 6.8 for the squared error;
#: with these 4.7, 4.4 and 5.3 (medians of 3 runs each, interleaved; session 34, one core of the 2-core AMD VM, the
#: other busy), and `backprop verify --cases 2000 --large 0` compiled for 15.1-18.2 s instead of 21.5-23.6 s.
HIDDEN = (*(NAMES.index(name) for name in ELEMENTWISE_ACTIVATIONS), PASS)
OUTPUTS = {loss: tuple(NAMES.index(name) for name in OUTPUT_ACTIVATIONS_FOR_LOSS[loss]) for loss in LOSSES}


def _layer(table: list[Any], choices: tuple[int, ...], index: jax.Array, unit_mask: jax.Array) -> Any:
    """Z -> table[index](Z, unit_mask), index (traced) one of choices: one choice is called as it is, more are
    lax.switch's branches, in choices' order. An index of table that is none of choices computes choices[0], silently:
    its value is known only when the program runs, where a check would cost every call (a guard branch, evaluated
    under vmap, and a switch for the lone choice), so _pack refuses such a layer before the call."""
    if len(choices) == 1:
        return lambda Z: table[choices[0]](Z, unit_mask)
    position = np.zeros(len(table), np.int32)
    position[list(choices)] = np.arange(len(choices))
    branches = [table[choice] for choice in choices]
    return lambda Z: jax.lax.switch(jnp.asarray(position)[index], branches, Z, unit_mask)
