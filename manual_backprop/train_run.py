"""The settings of `backprop train`: building the spec and parameters of a run from its options, --load's file and
the dataset's defaults (train_defaults.DEFAULTS, the table of them)."""

from __future__ import annotations

import math
import os

import numpy as np

from .datasets import Dataset
from .error_messages import counted, not_one_of
from .propagation import Params
from .spec import ACTIVATIONS, OUTPUT_ACTIVATIONS_FOR_LOSS, NetworkSpec
from .train_defaults import DEFAULTS
from .training import init_parameters

#: What --load read: (the path as typed, its spec, its parameters).
Loaded = tuple[str, NetworkSpec, Params]


class SettingsError(ValueError):
    """Command-line settings that do not fit the data or each other (a name no setting takes in
    error_messages.not_one_of's wording); the message names the option and echoes its value as typed."""


def parse_list(text: str, name: str) -> list[str]:
    items = [item.strip() for item in text.split(",")]
    if not all(items):
        raise SettingsError(f"--{name} must be a comma-separated list with no empty items; got {text!r}")
    return items


def _layer_sizes(data: Dataset, layers: str | None) -> tuple[int, ...]:
    """n[0], ..., n[L] from --layers, or the dataset's default network."""
    defaults = DEFAULTS[data.name]
    if layers is None:
        return (data.n_x, *defaults.hidden, data.n_y)
    items = parse_list(layers, "layers")
    try:
        sizes = tuple(int(n) for n in items)
    except ValueError as error:
        raise SettingsError(f"--layers must be integers n[0],...,n[L]; got {layers!r}") from error
    if len(sizes) < 2:
        raise SettingsError(f"--layers needs n[0] and at least one layer, n[0],...,n[L] with L >= 1; got {layers!r}")
    if any(n < 1 for n in sizes):
        raise SettingsError(f"--layers must all be positive; got {layers!r}")
    if sizes[0] != data.n_x or sizes[-1] != data.n_y:
        raise SettingsError(f"--layers must start with n[0] = {data.n_x} and end with n[L] = {data.n_y} for "
                            f"{data.name}; got {layers!r}")
    return sizes


def _activations(data: Dataset, sizes: tuple[int, ...], layers: str | None, activations: str) -> tuple[str, ...]:
    """g[1], ..., g[L] from --activations, checked against the layers and the dataset's loss."""
    acts = tuple(parse_list(activations, "activations"))
    if len(acts) != len(sizes) - 1:
        network = f"--layers {layers}" if layers is not None else \
            f"{data.name}'s default layers {','.join(map(str, sizes))}"
        raise SettingsError(f"--activations needs one name per layer: L = {len(sizes) - 1} for {network}; "
                            f"got {activations!r} ({counted(len(acts), 'name')})")
    for position, name in enumerate(acts, start=1):
        if name not in ACTIVATIONS:
            raise SettingsError(not_one_of(f"--activations: g[{position}]", name, ACTIVATIONS))
        if name == "softmax" and position != len(acts):
            raise SettingsError(f"--activations: softmax is for the output layer only; got it at g[{position}]")
    allowed = OUTPUT_ACTIVATIONS_FOR_LOSS[data.loss]
    if acts[-1] not in allowed:
        raise SettingsError(f"--activations must end with {' or '.join(allowed)} for {data.name} "
                            f"(loss {data.loss}); got {acts[-1]!r}")
    return acts


def build_spec(data: Dataset, layers: str | None, activations: str | None, l2: float | None) -> NetworkSpec:
    """The spec from --layers n[0],...,n[L] and --activations g[1],...,g[L], or the dataset's defaults."""
    defaults = DEFAULTS[data.name]
    sizes = _layer_sizes(data, layers)
    acts = (*defaults.hidden_activations, data.output_activation)
    if activations is not None:
        acts = _activations(data, sizes, layers, activations)
    elif len(sizes) - 1 != len(acts):
        acts = (*(("tanh",) * (len(sizes) - 2)), data.output_activation)
    try:
        return NetworkSpec(sizes, acts, data.loss, defaults.l2 if l2 is None else l2)
    except (TypeError, ValueError) as error:       # only lambda is left to fail here: the command checks it first
        raise SettingsError(f"--l2: {error}") from error


def resume(data: Dataset, loaded: Loaded, layers: str | None, activations: str | None,
           l2: float | None) -> tuple[NetworkSpec, Params]:
    """Spec and parameters of a saved file (--load); --l2 may change lambda, the network may not change."""
    if layers is not None or activations is not None:
        raise SettingsError("--load takes the network from the file; leave out --layers and --activations")
    path, spec, params = loaded
    if spec.layer_sizes[0] != data.n_x or spec.layer_sizes[-1] != data.n_y or spec.loss != data.loss:
        raise SettingsError(f"--load {path} holds a {spec.layer_sizes} network with loss {spec.loss}, which does not "
                            f"fit {data.name} (n[0] = {data.n_x}, n[L] = {data.n_y}, loss {data.loss})")
    if l2 is not None:
        try:
            spec = NetworkSpec(spec.layer_sizes, spec.activations, spec.loss, l2)
        except (TypeError, ValueError) as error:
            raise SettingsError(f"--l2: {error}") from error
    return spec, params


def _physical_memory() -> float:
    """Bytes of RAM (inf where the system does not say)."""
    try:
        return float(os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
    except (AttributeError, ValueError, OSError):
        return math.inf


def start(data: Dataset, layers: str | None, activations: str | None, l2: float | None,
          loaded: Loaded | None, seed: int, dtype: str) -> tuple[NetworkSpec, Params]:
    """The run's spec and initial parameters (those --load read, else init_parameters with seed) in dtype."""
    if loaded is not None:
        spec, params = resume(data, loaded, layers, activations, l2)
    else:
        spec = build_spec(data, layers, activations, l2)
        count = sum(rows * columns for _, (rows, columns) in spec.parameter_layout)
        too_many = SettingsError(f"--layers {layers}: {count:,} parameters do not fit in memory")
        if 3 * 8 * count > _physical_memory():         # parameters, gradients and an update's temporaries in
            raise too_many                              # float64: refused before lazy pages get the process killed
        try:
            params = init_parameters(spec, seed=seed)
        except (MemoryError, ValueError) as error:     # ValueError: "Maximum allowed dimension exceeded"
            raise too_many from error
    return spec, {key: value.astype(np.dtype(dtype)) for key, value in params.items()}
