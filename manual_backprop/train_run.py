"""The settings of `backprop train`: per-dataset defaults, and building the spec and parameters of a run.

Defaults (measured results in docs/training.md; every run is float64, seed 0, 20 % test split):

    dataset        layers      activations       alpha  iterations  lambda
    breast_cancer  30,16,1     tanh,sigmoid       0.5     2000       0.01
    digits         64,32,10    tanh,softmax       1.0     1000       0.01
    diabetes       10,16,1     tanh,identity      0.05    1000       0.01
    flower         2,8,1       tanh,sigmoid       0.5     5000       0
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .datasets import Dataset
from .params_io import load_parameters
from .propagation import Params
from .spec import NetworkSpec
from .training import init_parameters


@dataclass(frozen=True)
class Defaults:
    """A dataset's default network (hidden layers only; n[0], n[L] and g[L] come from the data) and run."""

    hidden: tuple[int, ...]
    hidden_activations: tuple[str, ...]
    learning_rate: float
    iterations: int
    l2: float


DEFAULTS: dict[str, Defaults] = {
    "breast_cancer": Defaults((16,), ("tanh",), 0.5, 2000, 0.01),
    "digits": Defaults((32,), ("tanh",), 1.0, 1000, 0.01),
    "diabetes": Defaults((16,), ("tanh",), 0.05, 1000, 0.01),
    "flower": Defaults((8,), ("tanh",), 0.5, 5000, 0.0),
}


class SettingsError(ValueError):
    """Command-line settings that do not fit the data or each other."""


def parse_list(text: str, name: str) -> list[str]:
    items = [item.strip() for item in text.split(",")]
    if not all(items):
        raise SettingsError(f"--{name} must be a comma-separated list with no empty items; got {text!r}")
    return items


def build_spec(data: Dataset, layers: str | None, activations: str | None, l2: float | None) -> NetworkSpec:
    """The spec from --layers n[0],...,n[L] and --activations g[1],...,g[L], or the dataset's defaults."""
    defaults = DEFAULTS[data.name]
    sizes = (data.n_x, *defaults.hidden, data.n_y)
    if layers is not None:
        try:
            sizes = tuple(int(n) for n in parse_list(layers, "layers"))
        except ValueError as error:
            raise SettingsError(f"--layers must be integers n[0],...,n[L]; got {layers!r}") from error
    if sizes[0] != data.n_x or sizes[-1] != data.n_y:
        raise SettingsError(f"--layers must start with n[0] = {data.n_x} and end with n[L] = {data.n_y} for "
                            f"{data.name}; got {','.join(map(str, sizes))}")
    acts = (*defaults.hidden_activations, data.output_activation)
    if activations is not None:
        acts = tuple(parse_list(activations, "activations"))
    elif len(sizes) - 1 != len(acts):
        acts = (*(("tanh",) * (len(sizes) - 2)), data.output_activation)
    try:
        return NetworkSpec(sizes, acts, data.loss, defaults.l2 if l2 is None else l2)
    except (TypeError, ValueError) as error:
        raise SettingsError(str(error)) from error


def resume(data: Dataset, path: str, layers: str | None, activations: str | None,
           l2: float | None) -> tuple[NetworkSpec, Params]:
    """Spec and parameters from a saved file (--load); --l2 may change lambda, the network may not change."""
    if layers is not None or activations is not None:
        raise SettingsError("--load takes the network from the file; leave out --layers and --activations")
    spec, params = load_parameters(path)
    if spec.layer_sizes[0] != data.n_x or spec.layer_sizes[-1] != data.n_y or spec.loss != data.loss:
        raise SettingsError(f"{path} holds a {spec.layer_sizes} network with loss {spec.loss}, which does not fit "
                            f"{data.name} (n[0] = {data.n_x}, n[L] = {data.n_y}, loss {data.loss})")
    if l2 is not None:
        spec = NetworkSpec(spec.layer_sizes, spec.activations, spec.loss, l2)
    return spec, params


def start(data: Dataset, layers: str | None, activations: str | None, l2: float | None,
          load: str | None, seed: int, dtype: str) -> tuple[NetworkSpec, Params]:
    """The run's spec and initial parameters (from --load, else init_parameters with seed) in dtype."""
    if load is not None:
        spec, params = resume(data, load, layers, activations, l2)
    else:
        spec = build_spec(data, layers, activations, l2)
        params = init_parameters(spec, seed=seed)
    return spec, {key: value.astype(np.dtype(dtype)) for key, value in params.items()}
