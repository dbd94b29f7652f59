"""NetworkSpec validates itself on construction, with errors that name the argument and suggest fixes."""

from __future__ import annotations

import copy
import dataclasses
import pickle
import re
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given

from manual_backprop import NetworkSpec
from manual_backprop.spec import ACTIVATIONS, FUSED_PAIRS, OUTPUT_ACTIVATIONS_FOR_LOSS, LayerKeys
from tests.strategies import specs


@given(specs())
def test_spec_round_trips_through_a_dict(spec: NetworkSpec) -> None:
    assert NetworkSpec.from_dict(spec.to_dict()) == spec
    # its dataclass fields are exactly what to_dict describes: the cached parameter shapes are not one of them
    assert dataclasses.asdict(spec) == {**spec.to_dict(), "layer_sizes": spec.layer_sizes,
                                        "activations": spec.activations}


@given(specs())
def test_parameter_shapes_follow_the_notes(spec: NetworkSpec) -> None:
    n = spec.layer_sizes
    shapes = spec.parameter_shapes()
    assert list(shapes) == [f"{p}{l}" for l in range(1, spec.depth + 1) for p in "Wb"]
    for l in range(1, spec.depth + 1):
        assert shapes[f"W{l}"] == (n[l], n[l - 1])  # erratum E1: not (n[0], n[0])
        assert shapes[f"b{l}"] == (n[l], 1)


@given(specs())
def test_layer_keys_and_parameter_layout_name_the_arrays_as_the_notes_do(spec: NetworkSpec) -> None:
    """The cached names a gradient call reads (spec.layer_keys, parameter_layout, parameter_keys) are the notes'."""
    assert spec.layer_keys == tuple(LayerKeys(l, f"W{l}", f"b{l}", f"Z{l}", f"A{l}", f"A{l - 1}",
                                              f"Z{l - 1}" if l > 1 else "") for l in range(1, spec.depth + 1))
    assert spec.parameter_layout == tuple(spec.parameter_shapes().items())
    assert spec.parameter_keys == frozenset(spec.parameter_shapes())
    assert spec.fused_output == ((spec.activations[-1], spec.loss) in FUSED_PAIRS)
    # cached per instance, yet an equal spec built apart is equal and hashes alike
    twin = NetworkSpec.from_dict(spec.to_dict())
    assert twin == spec and hash(twin) == hash(spec)


@given(specs())
def test_a_spec_pickles_as_its_four_fields_and_is_validated_when_loaded(spec: NetworkSpec) -> None:
    """Caches filled or not, a pickle holds the fields alone (a pickle with LayerKeys in it would not load in a
    version without them) and loading it builds the spec anew."""
    blank = pickle.dumps(NetworkSpec.from_dict(spec.to_dict()))
    _ = spec.layer_keys, spec.parameter_layout, spec.parameter_keys, spec.fused_output
    used = pickle.dumps(spec)
    assert used == blank and b"LayerKeys" not in used
    loaded = pickle.loads(used)
    assert loaded == spec and loaded.layer_keys == spec.layer_keys and copy.deepcopy(spec) == spec
    assert "layer_keys" not in vars(pickle.loads(used))                 # built again on first use, not loaded


def test_spec_is_frozen() -> None:
    spec = NetworkSpec((2, 3, 1), ("tanh", "sigmoid"), "binary_cross_entropy")
    with pytest.raises(dataclasses.FrozenInstanceError):
        spec.l2 = 1.0  # type: ignore[misc]


def test_lists_become_tuples_and_l2_a_float() -> None:
    spec = NetworkSpec([2, 3, 1], ["tanh", "sigmoid"], "binary_cross_entropy", 1)
    assert spec.layer_sizes == (2, 3, 1) and spec.activations == ("tanh", "sigmoid")
    assert type(spec.l2) is float
    assert hash(spec) == hash(NetworkSpec((2, 3, 1), ("tanh", "sigmoid"), "binary_cross_entropy", 1.0))


def test_numpy_scalars_become_python_numbers() -> None:
    """Sizes taken from an array (np.int64) and lambda from one (np.float32) are accepted and stored as int and
    float, so the spec compares, hashes and saves (as JSON) like one written by hand."""
    sizes = tuple(np.array([2, 3, 1]))
    spec = NetworkSpec(sizes, ("tanh", "sigmoid"), "binary_cross_entropy", np.float32(0.5))
    by_hand = NetworkSpec((2, 3, 1), ("tanh", "sigmoid"), "binary_cross_entropy", 0.5)
    assert spec == by_hand and hash(spec) == hash(by_hand)
    assert [type(n) for n in spec.layer_sizes] == [int, int, int] and type(spec.l2) is float
    with pytest.raises(TypeError, match="layer_sizes"):
        NetworkSpec((2, np.bool_(True), 1), ("tanh", "sigmoid"), "binary_cross_entropy")


def test_numpy_strings_become_python_strings() -> None:
    """Names taken from an array (np.str_) are stored as str, as sizes become int: the repr shows
    activations=('tanh', 'sigmoid'), not (np.str_('tanh'), ...), and the spec equals one written by hand."""
    names = np.array(["tanh", "sigmoid", "binary_cross_entropy"])
    spec = NetworkSpec((2, 3, 1), list(names[:2]), names[2])
    by_hand = NetworkSpec((2, 3, 1), ("tanh", "sigmoid"), "binary_cross_entropy")
    assert spec == by_hand and hash(spec) == hash(by_hand) and repr(spec) == repr(by_hand)
    assert [type(name) for name in (*spec.activations, spec.loss)] == [str, str, str]


@pytest.mark.parametrize(("kwargs", "error", "words"), [
    ({"layer_sizes": (2,)}, ValueError, "at least one layer"),
    ({"layer_sizes": ()}, ValueError, "at least one layer"),
    ({"layer_sizes": (2, 0, 1)}, ValueError, "positive"),
    ({"layer_sizes": (2, -3, 1)}, ValueError, "positive"),
    ({"layer_sizes": (2, 3.0, 1)}, TypeError, "layer_sizes"),
    ({"layer_sizes": (2, True, 1)}, TypeError, "layer_sizes"),
    ({"layer_sizes": "231"}, TypeError, "layer_sizes"),
    ({"activations": ("tanh",)}, ValueError, "one name per layer"),
    ({"activations": "tanh"}, TypeError, "activations"),
    ({"activations": ("tahn", "sigmoid")}, ValueError, "did you mean 'tanh'"),
    ({"activations": ("ReLU", "sigmoid")}, ValueError, "did you mean 'relu'"),
    ({"activations": ("softmax", "sigmoid")}, ValueError, "output layer only"),
    ({"activations": ("tanh", "relu")}, ValueError, "binary_cross_entropy"),
    ({"loss": "binary_crossentropy"}, ValueError, "did you mean 'binary_cross_entropy'"),
    ({"loss": "mse"}, ValueError, "loss must be one of"),
    ({"l2": -0.1}, ValueError, "l2"),
    ({"l2": float("nan")}, ValueError, "l2"),
    ({"l2": float("inf")}, ValueError, "l2"),
    ({"l2": "0.1"}, TypeError, "l2"),
    ({"l2": True}, TypeError, "l2"),
])
def test_invalid_spec_raises_naming_the_argument(kwargs: dict[str, object], error: type[Exception],
                                                 words: str) -> None:
    base: dict[str, object] = {"layer_sizes": (2, 3, 1), "activations": ("tanh", "sigmoid"),
                               "loss": "binary_cross_entropy"}
    with pytest.raises(error, match=words):
        NetworkSpec(**{**base, **kwargs})  # type: ignore[arg-type]


@pytest.mark.parametrize(("loss", "output", "meant"), [
    ("mse", "identity", "mean_squared_error"), ("MSE", "sigmoid", "mean_squared_error"),
    ("squared_error", "tanh", "mean_squared_error"), ("bce", "sigmoid", "binary_cross_entropy"),
    ("BCELoss", "sigmoid", "binary_cross_entropy"), ("logloss", "sigmoid", "binary_cross_entropy"),
    ("log_loss", "softmax", "categorical_cross_entropy"), ("cce", "softmax", "categorical_cross_entropy"),
    ("categorical_crossentropy", "softmax", "categorical_cross_entropy"),
    ("sparse_categorical_crossentropy", "softmax", "categorical_cross_entropy"),
    ("cross_entropy", "softmax", "categorical_cross_entropy"), ("cross_entropy", "sigmoid", "binary_cross_entropy"),
    ("crossentropy", "softmax", "categorical_cross_entropy"),
    ("CrossEntropyLoss", "softmax", "categorical_cross_entropy"),
    ("cce", "sigmoid", "categorical_cross_entropy"),   # no loss a sigmoid output takes is close: the one it names
])
def test_a_common_loss_name_is_refused_with_a_hint_that_suits_the_output_activation(loss: str, output: str,
                                                                                   meant: str) -> None:
    """Other libraries' names (mse, bce, Keras' categorical_crossentropy, PyTorch's CrossEntropyLoss) are hints, not
    names the spec takes; the hint prefers a loss the output activation can have (cross_entropy with softmax was
    told 'binary_cross_entropy', which softmax cannot take)."""
    with pytest.raises(ValueError, match=rf"^loss must be one of .*; got {loss!r} \(did you mean {meant!r}\?\)$"):
        NetworkSpec((2, 3), (output,), loss)


def test_every_name_hint_points_at_a_registered_activation_or_loss_and_is_no_name_itself() -> None:
    from manual_backprop.error_messages import NAME_HINTS
    from manual_backprop.spec import LOSSES

    for alias, names in NAME_HINTS.items():
        assert names and set(names) <= {*ACTIVATIONS, *LOSSES}, alias
        assert alias not in {*ACTIVATIONS, *LOSSES} and alias == alias.lower().replace("_", ""), alias


def test_help_of_network_spec_names_every_activation_and_loss_and_where_they_are_listed() -> None:
    """help(NetworkSpec) is where a user looks for the names; its list is built from the registry's tuples."""
    import pydoc

    from manual_backprop.spec import LOSSES

    text = pydoc.render_doc(NetworkSpec, renderer=pydoc.plaintext)
    for name in (*ACTIVATIONS, *LOSSES, "ACTIVATIONS", "LOSSES"):
        assert re.search(rf"\b{name}\b", text), name
    for loss, outputs in OUTPUT_ACTIVATIONS_FOR_LOSS.items():
        if outputs != ACTIVATIONS:
            assert re.search(rf"{loss}: {', '.join(outputs)}\b", text), loss


@pytest.mark.parametrize("loss", sorted(OUTPUT_ACTIVATIONS_FOR_LOSS))
@pytest.mark.parametrize("output", ACTIVATIONS)
def test_output_activation_and_loss_pairs(loss: str, output: str) -> None:
    if output in OUTPUT_ACTIVATIONS_FOR_LOSS[loss]:
        assert NetworkSpec((2, 3), (output,), loss).activations == (output,)
    else:
        with pytest.raises(ValueError, match="output activation"):
            NetworkSpec((2, 3), (output,), loss)


@pytest.mark.parametrize("data", [
    None, [], {"layer_sizes": (2, 1)},
    {"layer_sizes": (2, 1), "activations": ["identity"], "loss": "mean_squared_error", "extra": 1},
])
def test_from_dict_rejects_malformed_descriptions(data: object) -> None:
    with pytest.raises((TypeError, ValueError), match="network spec"):
        NetworkSpec.from_dict(data)


@pytest.mark.parametrize(("field", "value", "error", "message"), [
    ("layer_sizes", 5, TypeError, "layer_sizes must be a tuple or list of ints"),  # was: 'int' object is not iterable
    ("activations", "sigmoid", TypeError, "activations must be a tuple or list of names"),  # was: split into letters
])
def test_from_dict_names_a_field_of_the_wrong_type(field: str, value: object, error: type, message: str) -> None:
    data = {"layer_sizes": [2, 1], "activations": ["sigmoid"], "loss": "binary_cross_entropy", field: value}
    with pytest.raises(error, match=message):
        NetworkSpec.from_dict(data)


def test_an_l2_beyond_float64_is_refused_as_not_finite() -> None:
    with pytest.raises(ValueError, match=r"^l2 must be a finite number >= 0; got an int of about 401 digits$"):
        NetworkSpec((2, 1), ("sigmoid",), "binary_cross_entropy", 10**400)                 # was an OverflowError
    with pytest.raises(ValueError, match=r"^l2 must be a finite number >= 0; got an int of about 5,001 digits$"):
        NetworkSpec((2, 1), ("sigmoid",), "binary_cross_entropy", 10**5000)                # repr itself raises


def test_the_registries_of_both_implementations_name_exactly_the_specs_activations_and_losses() -> None:
    """A name the spec accepts that one registry lacks would fail only when drawn; one a registry adds, never."""
    from autodiff_oracle import model
    from manual_backprop import activations, losses
    from manual_backprop.spec import ACTIVATIONS, LOSSES

    for names, where in [(activations.REGISTRY, "manual_backprop.activations.REGISTRY"),
                         (model.ACTIVATIONS, "autodiff_oracle.model.ACTIVATIONS")]:
        assert list(names) == list(ACTIVATIONS), f"{where} is out of step with manual_backprop.spec.ACTIVATIONS"
    for names, where in [(losses.REGISTRY, "manual_backprop.losses.REGISTRY"),
                         (model.LOSSES, "autodiff_oracle.model.LOSSES")]:
        assert list(names) == list(LOSSES), f"{where} is out of step with manual_backprop.spec.LOSSES"
    assert all(name == g.name for name, g in activations.REGISTRY.items())


@pytest.mark.parametrize(("registry", "name"), [("ACTIVATIONS", "no_such_activation"), ("LOSSES", "no_such_loss")])
def test_an_activation_or_loss_the_oracle_lacks_is_named_when_the_oracle_is_imported(registry: str, name: str) -> None:
    """A name added to the spec without its jax.numpy definition fails at import, naming it and where it goes: not
    as a KeyError inside autodiff_oracle.padded (an activation) or an error only when a problem uses it (a loss)."""
    code = f"import manual_backprop.spec as s; s.{registry} += ({name!r},); import autodiff_oracle"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    assert run.stderr.strip().splitlines()[-1] == (
        f"ImportError: autodiff_oracle.model.{registry} has no definition of {name}, which manual_backprop.spec "
        "names: write it here in jax.numpy / jax.nn (CONTRIBUTING.md)")


def test_every_activation_and_derivative_states_its_formula_in_a_one_line_docstring() -> None:
    """The registry reads as a table of formulas: g(z) = ..., g'(z) = ..., or for softmax dZ = ... (its product)."""
    from manual_backprop import activations

    for name, g in activations.REGISTRY.items():
        docs = {g.g: f"{name}(z)", g.derivative: f"{name}'(z) = ", g.vjp: "dZ = "}
        for function, start in docs.items():
            if function is not None:
                doc = function.__doc__ or ""
                assert doc.startswith(start) and "\n" not in doc, (name, function.__name__, doc)


def test_the_kinked_activations_are_exactly_those_whose_derivative_jumps_at_0() -> None:
    """spec.KINKED_ACTIVATIONS (where the oracle, the port checker and the vectors' flags see a convention at 0)
    against both implementations' derivatives just either side of 0."""
    import jax
    import jax.numpy as jnp

    from autodiff_oracle import model
    from manual_backprop import activations
    from manual_backprop.spec import ELEMENTWISE_ACTIVATIONS, KINKED_ACTIVATIONS

    Z = np.array([[-1e-9, 1e-9]])
    for name in ELEMENTWISE_ACTIVATIONS:
        g = activations.REGISTRY[name]
        assert g.derivative is not None
        left, right = g.derivative(Z, g.g(Z))[0]
        with jax.enable_x64(True):
            oracle = jax.grad(lambda z, f=model.ACTIVATIONS[name]: jnp.sum(f(z)))(jnp.asarray(Z))
        jumps = abs(right - left) > 1e-3
        assert jumps == (abs(float(oracle[0, 1] - oracle[0, 0])) > 1e-3) == (name in KINKED_ACTIVATIONS), name


def test_a_dataclass_subclass_is_checked_as_the_spec_itself_is() -> None:
    """The checks live in __post_init__, which a subclass's generated __init__ calls (they had moved into an __init__
    of NetworkSpec's own, which such a subclass replaces: a bogus loss and l2 < 0 were accepted)."""
    import dataclasses

    @dataclasses.dataclass(frozen=True)
    class Named(NetworkSpec):
        name: str = "unnamed"

    with pytest.raises(ValueError, match="loss must be one of"):
        Named((2, 1), ("softmax",), "bogus", -5.0)
    named = Named([2, np.int64(3), 1], ["tanh", np.str_("sigmoid")], "binary_cross_entropy", name="mine")
    assert (named.layer_sizes, named.activations, named.name) == ((2, 3, 1), ("tanh", "sigmoid"), "mine")
    assert type(named.layer_sizes[1]) is int and type(named.activations[1]) is str


@pytest.mark.parametrize(("activations", "got"), [
    (("sigmoid",), "('sigmoid',) (1 name)"),
    (("tanh", "tanh", "sigmoid"), "('tanh', 'tanh', 'sigmoid') (3 names)"),
])
def test_a_wrong_number_of_activations_is_refused_with_the_names_given_and_their_count(
        activations: tuple[str, ...], got: str) -> None:
    """The names as given and how many, after "got" as every refusal ends (must_be), not "got 1 (('sigmoid',))"."""
    with pytest.raises(ValueError) as error:
        NetworkSpec((2, 3, 1), activations, "binary_cross_entropy")
    assert str(error.value) == f"activations needs one name per layer: L = 2 for layer_sizes (2, 3, 1); got {got}"
