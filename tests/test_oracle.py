"""The oracle itself: float64 always, independent of manual_backprop's math, padded form equal to plain."""

from __future__ import annotations

import ast
import inspect
import pathlib
import subprocess
import sys

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from hypothesis import example, given

import autodiff_oracle
import manual_backprop as mb
from autodiff_oracle import model
from autodiff_oracle.campaign import run_campaign
from autodiff_oracle.compare import RTOL
from autodiff_oracle.harness import PADDED
from autodiff_oracle.padded import FAST_COMPILE
from autodiff_oracle.plain import evaluate_problem
from autodiff_oracle.problems import Problem, make_problem
from autodiff_oracle.terms import KINK_BAND
from tests.strategies import pooled_problems

#: The notes' J transcribed plainly, compiled once per spec and shape with XLA's backend optimisation off
#: (compiling is most of this test's time; the oracle it is held against keeps the defaults).
PLAIN_J = jax.jit(jax.value_and_grad(model.J, argnums=1), static_argnums=0, compiler_options=FAST_COMPILE)
ORACLE_DIR = pathlib.Path(autodiff_oracle.__file__).parent
#: The batch size the campaigns call the batched form with: a batch filled to it (with copies of its last problem, as
#: run_campaign fills its own) runs the program they compile, where a batch of 6 compiled one of its own (4-5 s).
CAMPAIGN_BATCH = inspect.signature(run_campaign).parameters["batch"].default
#: The only parts of manual_backprop the oracle may import, none of them math: names, the campaign's defaults, error
#: messages and NumPy's reading of a dtype name, input checks, file writes and the slips a wrong shape marks (shared
#: with check-port).
ALLOWED = {"manual_backprop.spec", "manual_backprop.names", "manual_backprop.campaign_defaults",
           "manual_backprop.error_messages", "manual_backprop.dtype_reading", "manual_backprop.validation",
           "manual_backprop.atomic", "manual_backprop.shape_hints"}


def test_oracle_imports_no_manual_backprop_math() -> None:
    imported = set()
    for path in ORACLE_DIR.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("manual_backprop"):
                imported.add(node.module)
            if isinstance(node, ast.Import):
                imported |= {a.name for a in node.names if a.name.startswith("manual_backprop")}
    assert imported <= ALLOWED, imported - ALLOWED
    assert imported, "the oracle should read the spec"


def test_importing_every_oracle_module_loads_no_manual_backprop_math() -> None:
    """Not only the oracle's own import lines: what they load in turn (a package __init__ that imported propagation
    would load the math into the oracle's process). In a fresh interpreter, as a user's process starts."""
    code = ("import importlib, pkgutil, sys, autodiff_oracle\n"
            "for module in pkgutil.iter_modules(autodiff_oracle.__path__):\n"
            "    importlib.import_module(f'autodiff_oracle.{module.name}')\n"
            "print(' '.join(sorted(name for name in sys.modules if name.startswith('manual_backprop'))))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=300)
    loaded = set(done.stdout.split())
    # the package itself, array_checks, which validation imports (dtype and shape checks), name_hints, which
    # error_messages imports (other libraries' names), and layer_keys, which spec imports (a layer's keys): no math
    extra = {"manual_backprop", "manual_backprop.array_checks", "manual_backprop.name_hints",
             "manual_backprop.layer_keys"}
    assert loaded <= ALLOWED | extra, loaded - ALLOWED - extra
    assert "manual_backprop.spec" in loaded


def test_the_packages_names_and_math_modules_are_reachable_from_it_though_imported_on_first_use() -> None:
    code = ("import manual_backprop as mb\n"
            "modules = [mb.activations.REGISTRY, mb.losses.REGISTRY, mb.validation.check_X, mb.array_checks.describe,"
            " mb.propagation, mb.training]   # first: before a name imports them\n"
            "names = [getattr(mb, name) for name in mb.__all__]\n"
            "from manual_backprop import gradients, gradient_descent\n"
            "assert gradients is mb.propagation.gradients and gradient_descent is mb.training.gradient_descent\n"
            "assert set(mb.__all__) <= set(dir(mb))\n"
            "print(hasattr(mb, 'no_such_name'))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert (done.returncode, done.stdout, done.stderr) == (0, "False\n", "")


def test_oracle_runs_with_manual_backprop_math_broken(monkeypatch: pytest.MonkeyPatch) -> None:
    from manual_backprop import activations, clamped, losses, propagation

    def broken(*args: object, **kwargs: object) -> None:
        raise AssertionError("the oracle called manual_backprop's math")

    for module in (activations, clamped, losses, propagation):
        for name in dir(module):
            if callable(getattr(module, name)) and getattr(getattr(module, name), "__module__", "") == module.__name__:
                monkeypatch.setattr(module, name, broken)
    spec = mb.NetworkSpec((2, 9, 1), ("relu", "sigmoid"), "binary_cross_entropy")  # width 9: the plain oracle
    rng = np.random.default_rng(0)
    params = {k: rng.standard_normal(s) for k, s in spec.parameter_shapes().items()}
    result = autodiff_oracle.oracle(spec, params, rng.standard_normal((2, 40)), np.ones((1, 40)))
    assert np.isfinite(result.cost)


def test_oracle_computes_in_float64_whatever_the_jax_config() -> None:
    assert not jax.config.jax_enable_x64  # the caller's setting, untouched by importing the oracle
    spec = mb.NetworkSpec((1, 1), ("identity",), "mean_squared_error")
    params = {"W1": np.array([[1.0 + 2.0**-40]]), "b1": np.zeros((1, 1))}
    grads = autodiff_oracle.gradients(spec, params, np.ones((1, 1)), np.zeros((1, 1)))
    assert grads["W1"].dtype == np.float64
    assert grads["W1"][0, 0] == 1.0 + 2.0**-40  # lost in float32
    assert not jax.config.jax_enable_x64


def test_oracle_relu_derivative_at_zero_is_zero() -> None:
    spec = mb.NetworkSpec((1, 1, 1), ("relu", "identity"), "mean_squared_error")
    params = {"W1": np.ones((1, 1)), "b1": np.zeros((1, 1)), "W2": np.ones((1, 1)), "b2": np.zeros((1, 1))}
    grads = autodiff_oracle.gradients(spec, params, np.zeros((1, 1)), np.ones((1, 1)))  # Z1 = 0 exactly
    assert grads["b1"][0, 0] == 0.0
    assert grads["b2"][0, 0] == -1.0


@given(pooled_problems)
# Hypothesis finds (default profile) while the single form was compiled with XLA's optimisation off: its S for
# dW1 left the plain form's by 2.7x on entries 1e-12 of the array's largest (padded.py, _single)
@example(make_problem(mb.NetworkSpec((4, 3, 2, 2), ("leaky_relu", "gelu", "softmax"), "mean_squared_error", 0.0),
                      m=1, dtype="float64", seed=231, values="integers"))
@example(make_problem(mb.NetworkSpec((2, 2, 2), ("silu", "gelu"), "mean_squared_error", 0.0), m=1, dtype="float64",
                      seed=89869, values="large"))
def test_padded_oracle_equals_plain_oracle(problem: Problem) -> None:
    plain = evaluate_problem(*problem)
    padded = PADDED.evaluate(*problem)
    np.testing.assert_allclose(padded.cost, plain.cost, rtol=1e-13, atol=0, strict=True)
    for key in plain.gradients:
        np.testing.assert_allclose(padded.gradients[key], plain.gradients[key], rtol=1e-12,
                                   atol=1e-12 * (np.max(np.abs(plain.gradients[key])) + plain.scales[key].max()),
                                   strict=True, err_msg=key)
        # S is a bound built from |g'(Z)|, which JAX forms by cancellation (1 - tanh^2: absolute error
        # about u, so relative error u / |g'| at a saturated unit: 1.4e-7 and more, found by Hypothesis).
        # The two forms' bounds agree to that: 0.1% relative, or u-sized against the array's largest
        # bound; either moves the acceptance threshold by a negligible amount and changes no verdict.
        np.testing.assert_allclose(padded.scales[key], plain.scales[key], rtol=1e-3,
                                   atol=1e-12 * plain.scales[key].max(), strict=True, err_msg=key)
        np.testing.assert_allclose(padded.second_order[key], plain.second_order[key], rtol=1e-3,
                                   atol=1e-12 * plain.second_order[key].max(), strict=True, err_msg=key)
    # the margin is min |Z| / F (<= 1): Z near a kink cancels, so the forms agree on it to rounding (u-sized)
    np.testing.assert_allclose(padded.kink_margin, plain.kink_margin, rtol=1e-3, atol=1e-12, strict=True)
    assert len(padded.layer_margins) == len(plain.layer_margins) == problem.spec.depth     # layer by layer too
    np.testing.assert_allclose(padded.layer_margins, plain.layer_margins, rtol=1e-3, atol=1e-12, strict=True)
    assert padded.on_kinks == plain.on_kinks == sum(plain.layer_kinks)
    assert padded.layer_kinks == plain.layer_kinks and len(plain.layer_kinks) == problem.spec.depth


@given(pooled_problems)
def test_core_cost_equals_the_plain_transcription_of_J(problem: Problem) -> None:
    spec, params, X, Y = problem
    with jax.enable_x64(True):
        f64 = {k: jnp.asarray(v, dtype=jnp.float64) for k, v in params.items()}
        value, grads = PLAIN_J(spec, f64, jnp.asarray(X, jnp.float64), jnp.asarray(Y, jnp.float64))
        J = float(value)
    result = evaluate_problem(*problem)
    np.testing.assert_allclose(result.cost, J, rtol=1e-13, atol=0, strict=True)
    for key in grads:
        scale = 1e-12 * (np.max(np.abs(grads[key])) + result.scales[key].max())
        np.testing.assert_allclose(result.gradients[key], np.asarray(grads[key]), rtol=1e-12, atol=scale,
                                   strict=True, err_msg=key)


def test_padded_batch_of_mixed_depths_equals_single_calls() -> None:
    specs = (mb.NetworkSpec((3, 5, 2), ("gelu", "softmax"), "categorical_cross_entropy", 0.1),
             mb.NetworkSpec((4, 3), ("softmax",), "categorical_cross_entropy", 1.0),
             mb.NetworkSpec((2, 8, 1, 6, 3), ("relu", "tanh", "elu", "softmax"), "categorical_cross_entropy", 0.1))
    shapes = zip(specs * 2, (1, 7, 32, 5, 2, 9), strict=True)  # depths 2, 1, 4, twice, in one batch
    batch = [make_problem(spec, m, "float64", seed) for seed, (spec, m) in enumerate(shapes)]
    filled = [tuple(p) for p in batch] + [tuple(batch[-1])] * (CAMPAIGN_BATCH - len(batch))
    for problem, result in zip(batch, PADDED.batch(filled)[: len(batch)], strict=True):
        single = PADDED.evaluate(*problem)
        assert result.gradients.keys() == single.gradients.keys() == problem.params.keys()
        np.testing.assert_allclose(result.cost, single.cost, rtol=1e-14, strict=True)
        for key in single.gradients:
            np.testing.assert_allclose(result.gradients[key], single.gradients[key], rtol=1e-13, atol=1e-15,
                                       strict=True)


def test_padded_batch_refuses_two_losses_two_depths_beyond_four_or_a_problem_too_big_and_takes_one_problem() -> None:
    bce = make_problem(mb.NetworkSpec((2, 1), ("sigmoid",), "binary_cross_entropy"), 3)
    mse = make_problem(mb.NetworkSpec((2, 1), ("identity",), "mean_squared_error"), 3)
    deep = make_problem(mb.NetworkSpec((2,) * 6 + (1,), ("tanh",) * 5 + ("sigmoid",), "binary_cross_entropy"), 3)
    for mixed in ((bce, mse), (bce, deep)):
        with pytest.raises(ValueError, match=r"^a batch needs problems of one loss and one padded depth "
                                             r"\(depth <= 4, or one depth beyond it\)$"):
            PADDED.batch([tuple(p) for p in mixed])
    wide = make_problem(mb.NetworkSpec((9, 1), ("sigmoid",), "binary_cross_entropy"), 3)
    with pytest.raises(ValueError, match=r"^problem does not fit the padded oracle \(8 units, 32 examples\)$"):
        PADDED.batch([tuple(wide)])
    (alone,) = PADDED.batch([tuple(bce)])  # a batch of one problem is that problem's single call
    np.testing.assert_array_equal(alone.gradients["W1"], PADDED.evaluate(*bce).gradients["W1"], strict=True)


def test_each_padded_layer_has_a_branch_for_what_it_can_be_and_a_layer_without_one_is_refused(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The padded form compiles, per layer, the branches that layer can take (padded.HIDDEN below the output,
    padded.OUTPUTS[loss] at it): every activation NetworkSpec allows there has one, and a layer with none (a registry
    grown on one side only) is refused, not computed as whichever branch its index falls on."""
    from autodiff_oracle import padded
    from manual_backprop.spec import ELEMENTWISE_ACTIVATIONS, OUTPUT_ACTIVATIONS_FOR_LOSS

    for loss, outputs in OUTPUT_ACTIVATIONS_FOR_LOSS.items():
        assert sorted(padded.OUTPUTS[loss]) == sorted(padded.NAMES.index(name) for name in outputs), loss
    assert {padded.NAMES[i] for i in padded.HIDDEN if i != padded.PASS} == set(ELEMENTWISE_ACTIVATIONS)
    assert padded.PASS in padded.HIDDEN
    problem = make_problem(mb.NetworkSpec((2, 3, 1), ("tanh", "identity"), "mean_squared_error"), 3)
    monkeypatch.setitem(padded.OUTPUTS, "mean_squared_error", (padded.NAMES.index("sigmoid"),))
    with pytest.raises(ValueError, match=r"^the padded oracle has no branch for a layer of NetworkSpec\("):
        PADDED.evaluate(*problem)
    monkeypatch.setattr(padded, "HIDDEN", (padded.PASS,))
    with pytest.raises(ValueError, match="no branch"):
        PADDED.batch([tuple(make_problem(mb.NetworkSpec((2, 3, 1), ("tanh", "sigmoid"), "binary_cross_entropy"), 3))])


def test_a_padded_layer_computes_the_branch_its_index_names_whatever_its_choices() -> None:
    """padded._layer maps an activation's index to its position among the layer's choices: one choice is called
    without a switch, two or more are switched over in any order. Today's choices are 1 or 10 long (padded.OUTPUTS,
    padded.HIDDEN); a loss with two output activations would take the two-branch path, checked here directly."""
    from autodiff_oracle.padded import _G, NAMES, PASS, _layer

    Z, unit_mask = jnp.linspace(-2.0, 2.0, 6).reshape(3, 2), jnp.ones(3, bool)
    sigmoid, tanh, relu = (NAMES.index(name) for name in ("sigmoid", "tanh", "relu"))
    for choices in ((tanh,), (sigmoid, tanh), (tanh, sigmoid), (PASS, relu, tanh)):
        for index in choices:
            got = _layer(_G, choices, jnp.asarray(index), unit_mask)(Z)
            np.testing.assert_array_equal(got, _G[index](Z, unit_mask), strict=True, err_msg=f"{choices} {index}")


def test_a_padded_network_taking_every_hidden_branch_is_accepted_and_equals_the_plain_oracle() -> None:
    """_pack asks that the layers below the output take branches of padded.HIDDEN, a subset of it, not a strict
    one: with a pass-through layer in front and every elementwise activation below the output (depth 10 in an
    oracle of depth 11) they take all of HIDDEN, and the problem is the plain oracle's."""
    from autodiff_oracle.padded import HIDDEN, PaddedOracle
    from manual_backprop.spec import ELEMENTWISE_ACTIVATIONS

    spec = mb.NetworkSpec((2,) * 10 + (1,), (*ELEMENTWISE_ACTIVATIONS, "identity"), "mean_squared_error", 0.1)
    oracle = PaddedOracle(max_width=2, max_m=2, max_depth=len(HIDDEN) + 1)
    assert oracle.front(spec) == 1
    problem = make_problem(spec, 2, "float64", 0)
    padded, plain = oracle.evaluate(*problem), evaluate_problem(*problem)
    np.testing.assert_allclose(padded.cost, plain.cost, rtol=1e-13, atol=0, strict=True)
    for key in plain.gradients:
        np.testing.assert_allclose(padded.gradients[key], plain.gradients[key], rtol=1e-12,
                                   atol=1e-12 * np.max(np.abs(plain.gradients[key])), strict=True, err_msg=key)


def test_a_kink_hit_exactly_by_integer_terms_is_judged_whatever_the_other_units_and_examples() -> None:
    """The kink margin skips a Z whose terms are all integers (computed exactly in both dtypes), judged entry by
    entry: unit 0 of example 0 (1 - 1 = 0 from integers) is skipped, while unit 1 and example 1, whose terms are
    not integers, still count: the margin is min |Z| / F over them, 0.25 / 0.75 at unit 0 of example 1."""
    spec = mb.NetworkSpec((2, 2, 1), ("relu", "sigmoid"), "binary_cross_entropy")
    params = {"W1": np.array([[1.0, -1.0], [0.3, 0.7]]), "b1": np.zeros((2, 1)),
              "W2": np.array([[1.0, 1.0]]), "b2": np.zeros((1, 1))}
    X, Y = np.array([[1.0, 0.5], [1.0, 0.25]]), np.array([[1.0, 0.0]])
    for result in (evaluate_problem(spec, params, X, Y), PADDED.evaluate(spec, params, X, Y)):
        assert result.on_kinks == 1
        np.testing.assert_allclose(result.kink_margin, 1 / 3, rtol=1e-15, strict=True)


@pytest.mark.parametrize(("g", "w", "judged"), [
    ("relu", 1.0, True),                # 1 - 1 = 0 from integers: exact in float32 and float64, judged at the kink
    ("relu", 0.5, False),               # 0.5 - 0.5 = 0 from other terms (F = 1): rounding could put it either side
    ("leaky_relu", 0.5, False),
    ("relu", 2.0**23, True),            # integer terms with F = 2^24: still exact in float32
    ("relu", 2.0**23 + 1, False),       # F = 2^24 + 2: past float32's integers, so not taken as exact
    ("tanh", 0.5, True),                # no kink: where Z lands next to 0 does not change g'
])
def test_a_unit_exactly_at_zero_is_judged_unless_relu_like_with_terms_not_integers_of_float32(
        g: str, w: float, judged: bool) -> None:
    """exactness.exact's rule, at its edges, and for relu-like units only: Z = w x1 - w x2 + 0 with x = (1, 1),
    so Z = 0 and F = 2|w|."""
    spec = mb.NetworkSpec((2, 1, 1), (g, "sigmoid"), "binary_cross_entropy")
    params = {"W1": np.array([[w, -w]]), "b1": np.zeros((1, 1)), "W2": np.ones((1, 1)), "b2": np.zeros((1, 1))}
    X, Y = np.ones((2, 1)), np.ones((1, 1))
    for result in (evaluate_problem(spec, params, X, Y), PADDED.evaluate(spec, params, X, Y),
                   PADDED.batch([(spec, params, X, Y)])[0]):
        assert result.on_kinks == (g != "tanh")
        assert result.kink_margin == (np.inf if judged else 0.0)
        assert result.layer_margins == (result.kink_margin, np.inf)   # layer 1's; layer 2 (sigmoid) has no kink


@pytest.mark.parametrize("batched", [False, True])
def test_a_unit_with_no_terms_sits_on_the_kink_and_is_counted_but_padding_is_not(batched: bool) -> None:
    """A relu unit whose row of W[1] and b[1] are 0 has Z = 0 exactly (F = 0) in every example: the kink
    convention decides its gradient, so each of the m = 3 examples counts; the padded form's own zero units
    (rows 3-7 of every layer, a pass-through layer in front) are padding, not kinks."""
    spec = mb.NetworkSpec((2, 2, 1), ("relu", "sigmoid"), "binary_cross_entropy")
    params = {"W1": np.array([[0.0, 0.0], [0.3, 0.7]]), "b1": np.array([[0.0], [0.1]]),
              "W2": np.array([[1.0, 1.0]]), "b2": np.zeros((1, 1))}
    X, Y = np.array([[1.0, 0.5, 2.0], [1.0, 0.25, 1.0]]), np.array([[1.0, 0.0, 1.0]])
    padded = PADDED.batch([(spec, params, X, Y)])[0] if batched else PADDED.evaluate(spec, params, X, Y)
    for result in (evaluate_problem(spec, params, X, Y), padded):
        assert result.on_kinks == 3          # and exact, so judged: the margin is unit 1's |Z| / F = 1 (terms > 0)
        assert result.kink_margin == 1.0


def test_the_oracles_entry_points_give_one_J_and_one_set_of_gradients() -> None:
    """autodiff_oracle.cost, .gradients, .cost_and_gradients and .oracle are one computation (float64, the
    parameters' keys); the cost is J itself, checked against the plain transcription of the notes."""
    problem = make_problem(mb.NetworkSpec((3, 9, 2), ("tanh", "softmax"), "categorical_cross_entropy", 0.5), m=4,
                           dtype="float32", seed=5)  # width 9: past the padded oracle, so the plain one
    spec, params, X, Y = problem
    result = autodiff_oracle.oracle(*problem)
    J, grads = autodiff_oracle.cost_and_gradients(*problem)
    assert J == autodiff_oracle.cost(*problem) == result.cost and isinstance(J, float)
    with jax.enable_x64(True):
        expected = float(model.J(spec, {k: jnp.asarray(v, jnp.float64) for k, v in params.items()},
                                 jnp.asarray(X, jnp.float64), jnp.asarray(Y, jnp.float64)))
    np.testing.assert_allclose(J, expected, rtol=1e-14, strict=True)
    for found in (grads, autodiff_oracle.gradients(*problem)):
        assert list(found) == list(params)
        for key in params:
            np.testing.assert_array_equal(found[key], result.gradients[key], strict=True)
            assert found[key].dtype == np.float64 and found[key].shape == params[key].shape


def test_exactness_follows_a_through_the_layers_and_the_padded_forms_pass_through() -> None:
    """Z is exact where its terms are integers from an exact A[l-1]: X is exact whatever its values (the
    candidate's own), so 2 (0.5) - 2 (0.5) = 0 is judged at the kink, in the plain form and through the padded
    form's pass-through layers alike; a leaky_relu layer's 0.01 z is not exact, so a Z built from it that lands on
    0 is left unjudged, while relu's and identity's outputs carry exactness on, and so does g(0) where it is exact."""
    assert RTOL[np.dtype(np.float32)] == KINK_BAND   # the slope-1 band is float32's rtol, written apart (no cycle)
    spec = mb.NetworkSpec((2, 1, 1), ("relu", "sigmoid"), "binary_cross_entropy")
    params = {"W1": np.array([[2.0, -2.0]]), "b1": np.zeros((1, 1)), "W2": np.ones((1, 1)), "b2": np.zeros((1, 1))}
    X, Y = np.full((2, 1), 0.5), np.ones((1, 1))
    for result in (evaluate_problem(spec, params, X, Y), PADDED.evaluate(spec, params, X, Y)):
        assert result.on_kinks == 1 and result.kink_margin == np.inf
    for first, judged in (("relu", True), ("identity", True), ("leaky_relu", False)):
        spec = mb.NetworkSpec((1, 1, 1, 1), (first, "relu", "sigmoid"), "binary_cross_entropy")
        params = {"W1": np.ones((1, 1)), "b1": np.zeros((1, 1)), "W2": np.array([[100.0]]), "b2": np.array([[1.0]]),
                  "W3": np.ones((1, 1)), "b3": np.zeros((1, 1))}
        X = np.full((1, 1), -1.0)       # Z[1] = -1: A[1] = 0, -1 or -0.01; Z[2] = 100 A[1] + 1 = 1, -99 or 0
        for result in (evaluate_problem(spec, params, X, Y), PADDED.evaluate(spec, params, X, Y)):
            margin = result.layer_margins[1]   # leaky: 100 (-0.01) + 1 = 6.9e-18 in float64, within its rtol
            assert margin == np.inf if judged else margin < 1e-16, (first, result.layer_margins)
    for first in ("silu", "gelu", "tanh", "elu", "sigmoid"):   # g(0) exact (0, or 1/2): Z[2] = 100 g(0) - 100 g(0)
        spec = mb.NetworkSpec((1, 1, 1, 1), (first, "relu", "sigmoid"), "binary_cross_entropy")
        offset = -50.0 if first == "sigmoid" else 0.0
        params = {**params, "b2": np.full((1, 1), offset)}
        for result in (evaluate_problem(spec, params, np.zeros((1, 1)), Y), PADDED.evaluate(spec, params,
                                                                                             np.zeros((1, 1)), Y)):
            assert result.on_kinks == 1 and result.layer_margins[1] == np.inf, (first, result.layer_margins)
