"""The NumPy finite-difference oracle: agrees with backprop and with JAX away from kinks, and locates errors."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, reject

import manual_backprop as mb
from autodiff_oracle import compare, oracle, properties
from autodiff_oracle.applicability import resolvable
from autodiff_oracle.finite_differences import (
    STEP,
    THRESHOLD,
    FDReport,
    compare_fd,
    directional_derivative,
    elementwise_errors,
    fd_gradient,
    relative_difference,
)
from autodiff_oracle.problems import Problem, make_problem
from autodiff_oracle.properties import NotApplicable, check_finite_differences
from autodiff_oracle.taylor import random_direction
from tests.strategies import deep_narrow_problems, examples, margin_problems


def test_relative_difference_is_the_course_formula() -> None:
    # ||g - g_fd|| / (||g|| + ||g_fd||): orthogonal unit vectors give sqrt(2) / 2, equal ones 0, opposite ones 1.
    g = {"W1": np.array([[1.0, 0.0]])}
    assert relative_difference(g, {"W1": np.array([[0.0, 1.0]])}) == pytest.approx(np.sqrt(2) / 2, rel=1e-15)
    assert relative_difference(g, g) == 0.0
    assert relative_difference(g, {"W1": -g["W1"]}) == 1.0


def test_elementwise_error_uses_the_floor_for_tiny_entries() -> None:
    errors = elementwise_errors(np.array([1.0, 1e-12, 0.0]), np.array([1.001, 2e-12, 0.0]), floor=1e-6)
    np.testing.assert_allclose(errors, [0.001 / 1.001, 1e-12 / 1e-6, 0.0], rtol=1e-12, strict=True)


def test_step_is_the_cube_root_of_the_unit_roundoff() -> None:
    for dtype, step in STEP.items():
        u = float(np.finfo(dtype).eps) / 2
        assert 0.5 < step / u ** (1 / 3) < 2, dtype


@given(margin_problems.filter(lambda p: sum(v.size for v in p.params.values()) <= 120))
def test_manual_gradients_match_finite_differences_away_from_kinks(problem: Problem) -> None:
    try:
        resolvable(problem, THRESHOLD[problem.dtype])
    except NotApplicable:
        reject()   # the dtype's own rounding of a right gradient exceeds the threshold (next test)
    report = compare_fd(mb.gradients(*problem), fd_gradient(mb.cost, *problem), problem.dtype)
    assert report.ok, f"{report} for {problem!r}"


def test_a_gradient_its_dtype_cannot_resolve_to_the_threshold_is_not_judged_by_differences() -> None:
    """Found by Hypothesis: float32 gelu at z = -3.7, where gelu' cancels from terms 1,000x its size. The gradient
    is right (the oracle's bound holds), yet differences put it 1.25e-4 off, past the course's 1e-4: no
    difference quotient judges it, so `resolvable` (u ||S|| > threshold ||g||) skips it, and judges its float64
    twin, which differences resolve."""
    problem = make_problem(mb.NetworkSpec((1, 1), ("gelu",), "mean_squared_error"), m=1, dtype="float32", seed=26)
    assert compare(mb.gradients(*problem), oracle(*problem), problem.dtype).ok
    assert not compare_fd(mb.gradients(*problem), fd_gradient(mb.cost, *problem), problem.dtype).ok
    with pytest.raises(NotApplicable, match=r"cannot be resolved to 0.0001 in float32: its own rounding u \|\|S\|\| "):
        resolvable(problem, THRESHOLD[problem.dtype])
    twin = make_problem(problem.spec, m=1, dtype="float64", seed=26)
    resolvable(twin, THRESHOLD[twin.dtype])
    assert compare_fd(mb.gradients(*twin), fd_gradient(mb.cost, *twin), twin.dtype).ok


@examples(20)
@given(margin_problems)
def test_finite_difference_property_holds_on_any_size(problem: Problem) -> None:
    try:
        check_finite_differences(mb, problem)  # every entry when small, random directions when large
    except NotApplicable:
        reject()  # the oracle's kink margin (it counts rounding in A too) fell just below 1e-2


@examples(25)
@given(margin_problems.filter(lambda p: p.dtype == np.float64 and sum(v.size for v in p.params.values()) <= 60))
def test_finite_differences_agree_with_the_jax_oracle(problem: Problem) -> None:
    fd = fd_gradient(mb.cost, *problem)  # NumPy differences of manual_backprop's J ...
    expected = oracle(*problem)          # ... against jax.grad of the oracle's J: two independent oracles
    report = compare_fd(expected.gradients, fd)
    assert report.ok, str(report)


@examples(30)
@given(deep_narrow_problems)
def test_deep_narrow_nets_match_finite_differences(problem: Problem) -> None:
    spec, params, X, Y = problem
    grads = mb.gradients(spec, params, X, Y)
    rng = np.random.default_rng(problem.seed)
    V = random_direction(params, rng)
    fd = directional_derivative(mb.cost, spec, params, X, Y, V)
    dot = sum(float(np.sum(grads[k].astype(np.float64) * V[k])) for k in V)
    size = sum(float(np.sum(np.abs(grads[k].astype(np.float64) * V[k]))) for k in V)
    assert abs(fd - dot) <= 1e-4 * size + 1e-6 * abs(fd) + 1e-12, (fd, dot)


def test_report_names_a_planted_error_in_one_entry() -> None:
    spec = mb.NetworkSpec((3, 4, 2), ("tanh", "softmax"), "categorical_cross_entropy")
    problem = make_problem(spec, 5, "float64", seed=3)
    grads = mb.gradients(*problem)
    grads["W2"] = grads["W2"].copy()
    grads["W2"][1, 3] *= 1.01  # a 1% error in one entry
    report = compare_fd(grads, fd_gradient(mb.cost, *problem))
    assert not report.ok
    assert (report.worst_key, report.worst_index) == ("W2", (1, 3))
    assert "W2[1, 3]" in str(report)


def test_each_entry_is_judged_against_a_thousandth_of_the_largest_difference_quotient() -> None:
    """compare_fd's per-entry floor is 1e-3 of the largest |g_fd|: an entry a hundredth of the largest and 1.5% off
    fails float32's sqrt(1e-4) per entry although the whole vector is within 1e-4. Where every quotient is 0 an
    entry is judged against its own size (error 1); where every entry agrees, the first of the first key is named."""
    fd = {"W1": np.array([[1.0, 1e-2]]), "b1": np.array([[0.5]])}
    report = compare_fd({"W1": np.array([[1.0, 1.015e-2]]), "b1": np.array([[0.5]])}, fd, np.float32)
    assert report.relative_difference <= THRESHOLD[np.dtype(np.float32)] and not report.ok, str(report)
    assert (report.worst_key, report.worst_index) == ("W1", (0, 1))
    assert report.worst_error == pytest.approx(0.015 / 1.015, rel=1e-12)
    report = compare_fd({"W1": np.array([[1e-3, 0.0]])}, {"W1": np.zeros((1, 2))})
    assert (report.worst_key, report.worst_index, report.worst_error, report.relative_difference) == (
        "W1", (0, 0), 1.0, 1.0)
    report = compare_fd(fd, fd)
    assert (report.ok, report.worst_key, report.worst_index, report.worst_error) == (True, "W1", (0, 0), 0.0)


def test_the_relative_difference_of_a_float32_gradient_is_computed_in_float64() -> None:
    """A float32 candidate's gradient is judged against float64 quotients: its norm in the denominator is taken in
    float64 too (a float32 norm differs in the 8th digit, which moves a verdict at the threshold)."""
    g = {"W1": np.array([[0.1, 0.7, -0.3]], np.float32), "b1": np.array([[0.2]], np.float32)}
    fd = {"W1": np.array([[0.1, 0.7, -0.3]]), "b1": np.array([[0.2]])}
    a = np.concatenate([g["W1"].ravel(), g["b1"].ravel()]).astype(np.float64)
    b = np.concatenate([fd["W1"].ravel(), fd["b1"].ravel()])
    assert relative_difference(g, fd) == np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b))


class _Scaled:
    """manual_backprop with every gradient entry multiplied by factor (a gradient off by a constant factor)."""

    def __init__(self, factor: float) -> None:
        self.factor, self.cost = factor, mb.cost

    def gradients(self, *problem: object) -> dict[str, np.ndarray]:
        return {k: (g * self.factor).astype(g.dtype) for k, g in mb.gradients(*problem).items()}  # type: ignore[arg-type]


def test_a_problem_outside_the_gaussian_regime_is_not_judged_by_differences_and_says_why() -> None:
    spec = mb.NetworkSpec((3, 4, 2), ("tanh", "sigmoid"), "binary_cross_entropy")
    for values in ("large", "integers"):
        with pytest.raises(NotApplicable) as skipped:
            check_finite_differences(mb, make_problem(spec, 3, "float64", seed=5, values=values))
        assert str(skipped.value) == "finite differences judge only unsaturated (Gaussian-regime) problems"


def test_a_float32_gradient_is_judged_by_differences_at_float32s_threshold() -> None:
    """A float32 gradient is resolvable to float32's 1e-4 but never to float64's 1e-7 (u ||S|| alone is 6e-8 ||S||):
    judged at float64's threshold every float32 problem would be skipped. This one is judged: the right gradient
    passes, 1.001 times it fails."""
    problem = make_problem(mb.NetworkSpec((3, 4, 2), ("tanh", "sigmoid"), "binary_cross_entropy"), 3, "float32", 5)
    with pytest.raises(NotApplicable, match="cannot be resolved to 1e-07 in float32"):
        resolvable(problem, THRESHOLD[np.dtype(np.float64)])
    check_finite_differences(mb, problem)
    with pytest.raises(AssertionError, match=r"^gradients DISAGREE with finite differences: .* for make_problem\("):
        check_finite_differences(_Scaled(1.001), problem)


def test_up_to_fd_max_entries_every_entry_is_differenced_beyond_it_three_directions_drawn_from_the_seed(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """check_finite_differences differences every entry of a network of at most FD_MAX_ENTRIES (120) parameters and
    three random directions of a larger one, drawn from the problem's seed, so that a failure is reproducible."""
    calls: list[tuple[str, object]] = []

    def every_entry(*args: object) -> dict[str, np.ndarray]:
        calls.append(("entries", None))
        return fd_gradient(*args)  # type: ignore[arg-type]

    def along(*args: object) -> float:
        calls.append(("direction", args[-1]))
        return directional_derivative(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(properties, "fd_gradient", every_entry)
    monkeypatch.setattr(properties, "directional_derivative", along)
    for sizes, entries in (((7, 15), 120), ((10, 11), 121)):
        problem = make_problem(mb.NetworkSpec(sizes, ("sigmoid",), "binary_cross_entropy"), 4, "float64", seed=9)
        assert sum(p.size for p in problem.params.values()) == entries
        calls.clear()
        check_finite_differences(mb, problem)
        if entries <= properties.FD_MAX_ENTRIES:
            assert calls == [("entries", None)]
            continue
        rng = np.random.default_rng(9)
        expected = [random_direction(problem.params, rng) for _ in range(3)]
        assert [kind for kind, _ in calls] == ["direction"] * 3
        for (_, V), W in zip(calls, expected, strict=True):
            assert isinstance(V, dict) and list(V) == list(W)
            for key in W:
                np.testing.assert_array_equal(V[key], W[key], strict=True)


class _Given:
    """A candidate whose gradients are the arrays given, whatever the problem; its J is manual_backprop's."""

    def __init__(self, grads: dict[str, np.ndarray]) -> None:
        self.grads, self.cost = grads, mb.cost

    def gradients(self, *problem: object) -> dict[str, np.ndarray]:
        return self.grads


def test_along_a_direction_the_gradient_may_miss_the_difference_by_1e_4_of_its_terms_and_1e_7_of_the_quotient(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A network of over FD_MAX_ENTRIES parameters is judged along directions V: |fd - <g, V>| <= 1e-4 sum |g V|
    + 1e-7 |fd|, the bound included, with the message whole. V is one entry here, so that sum |g V| = |<g, V>| and the
    second term is 1e-3 of the first: the verdict is read at 1 -+ 1e-5 of the bound."""
    problem = make_problem(mb.NetworkSpec((10, 11), ("sigmoid",), "binary_cross_entropy"), 4, "float64", seed=9)
    V = {k: np.zeros_like(v) for k, v in problem.params.items()}
    V["W1"][3, 2] = 1.0
    monkeypatch.setattr(properties, "random_direction", lambda params, rng: V)
    fd = 0.0
    monkeypatch.setattr(properties, "directional_derivative", lambda *args: fd)
    zero = {k: np.zeros_like(v) for k, v in problem.params.items()}
    check_finite_differences(_Given(zero), problem)   # 0 where the difference is exactly 0: the bound is inclusive
    g = {**zero, "W1": zero["W1"].copy()}
    g["W1"][3, 2] = 0.5
    for sign in (1.0, -1.0):
        allowed = (1e-4 * 0.5 + 1e-7 * 0.5) / (1 - sign * 1e-7)   # d = 1e-4 |g| + 1e-7 |g + sign d|
        fd = 0.5 + sign * (1 - 1e-5) * allowed
        check_finite_differences(_Given(g), problem)
        fd = 0.5 + sign * (1 + 1e-5) * allowed
        with pytest.raises(AssertionError) as failed:
            check_finite_differences(_Given(g), problem)
        assert str(failed.value) == f"<g, V> = 0.5 but differences give {fd!r}"


def test_a_directional_difference_steps_the_scale_of_the_parameters_over_the_norm_of_v_in_the_dtype_asked() -> None:
    """directional_derivative(..., V, dtype) evaluates J at theta -+ h V in dtype, h = STEP[dtype] max(1, max |theta|)
    / ||V||, and returns (J(+) - J(-)) / 2h: here J is linear, so that is <1, V> to rounding."""
    seen: list[dict[str, np.ndarray]] = []

    def linear(spec: object, params: dict[str, np.ndarray], X: np.ndarray, Y: np.ndarray) -> float:
        seen.append(params)
        assert X.dtype == Y.dtype == params["W1"].dtype
        return float(sum(np.sum(p.astype(np.float64)) for p in params.values()))

    spec = mb.NetworkSpec((2, 1), ("sigmoid",), "binary_cross_entropy")
    X, Y = np.array([[0.5], [1.0]]), np.array([[1.0]])
    V = {"W1": np.array([[1.5, -2.0]]), "b1": np.array([[0.0]])}   # ||V|| = 2.5
    for W, dtype in (([[0.25, -0.5]], np.float64), ([[3.0, -0.5]], np.float64), ([[0.25, -0.5]], np.float32)):
        params = {"W1": np.array(W), "b1": np.array([[0.125]])}
        seen.clear()
        slope = directional_derivative(linear, spec, params, X, Y, V, dtype)
        h = STEP[np.dtype(dtype)] * max(1.0, np.max(np.abs(W))) / 2.5
        assert [p["W1"].dtype for p in seen] == [np.dtype(dtype)] * 2
        for p, sign in zip(seen, (1.0, -1.0), strict=True):
            np.testing.assert_array_equal(p["W1"], (np.array(W) + sign * h * V["W1"]).astype(dtype), strict=True)
        assert slope == pytest.approx(-0.5, rel=1e-3 if dtype == np.float32 else 1e-9)


def test_differences_judge_a_gradient_only_where_u_times_the_norm_of_s_is_at_most_the_threshold_times_its_own() -> None:
    """resolvable(problem, t) refuses exactly where u ||S|| > t ||g||, u = eps / 2 of the problem's dtype, S the
    oracle's first-order scales and g its gradient, both norms over every parameter: at 1.001 of the ratio it passes,
    at 0.999 of it it refuses, with both sides in the message."""
    problem = make_problem(mb.NetworkSpec((3, 4, 2), ("tanh", "sigmoid"), "binary_cross_entropy"), 3, "float32", 5)
    expected = oracle(*problem)
    rounding = float(np.finfo(np.float32).eps) / 2 * np.sqrt(sum(np.sum(S**2) for S in expected.scales.values()))
    size = np.sqrt(sum(np.sum(g**2) for g in expected.gradients.values()))
    resolvable(problem, 1.001 * rounding / size)
    threshold = 0.999 * rounding / size
    with pytest.raises(NotApplicable) as skipped:
        resolvable(problem, threshold)
    assert str(skipped.value) == (f"the gradient cannot be resolved to {threshold:g} in float32: its own rounding "
                                  f"u ||S|| = {rounding:.3g} exceeds {threshold:g} ||g|| = {threshold * size:.3g}")


def test_a_gradient_exactly_0_is_not_judged_by_differences_which_are_its_rounding_there() -> None:
    """Outputs equal to the labels make every gradient entry exactly 0 while the oracle's S is not (its terms are
    A and Y): J's differences are then its rounding, a relative difference of 1 from the right gradient, which
    check_finite_differences failed; u ||S|| > threshold ||g|| = 0 makes it NotApplicable (the oracle property
    still judges such a gradient, against the oracle's exact 0)."""
    spec = mb.NetworkSpec((2, 3, 1), ("tanh", "identity"), "mean_squared_error")
    problem = make_problem(spec, 2, "float64", seed=0)
    A, _ = mb.forward(spec, problem.params, problem.X)
    exact = Problem(spec, problem.params, problem.X, A, 0, "normal")
    expected = oracle(*exact)
    assert all(not g.any() for g in expected.gradients.values()) and expected.scales["W1"].any()
    with pytest.raises(NotApplicable, match=r"exceeds 1e-07 \|\|g\|\| = 0$"):
        resolvable(exact, THRESHOLD[np.dtype(np.float64)])
    with pytest.raises(NotApplicable):
        check_finite_differences(mb, exact)
    properties.check_oracle(mb, exact)


def test_each_entry_is_differenced_by_a_step_of_step_times_max_1_its_size_in_the_dtype_asked() -> None:
    """fd_gradient(..., dtype) evaluates J in dtype at each entry t -+ h, h = STEP[dtype] max(1, |t|), the others left
    as they are, and divides by the step as represented: here J is linear, so the quotients are its coefficients."""
    seen: list[dict[str, np.ndarray]] = []
    coefficients = {"W1": np.array([[2.0, -1.0]]), "b1": np.array([[0.5]])}

    def linear(spec: object, params: dict[str, np.ndarray], X: np.ndarray, Y: np.ndarray) -> float:
        seen.append({k: v.copy() for k, v in params.items()})
        assert X.dtype == Y.dtype == params["W1"].dtype
        return float(sum(np.sum(coefficients[k] * p.astype(np.float64)) for k, p in params.items()))

    spec = mb.NetworkSpec((2, 1), ("sigmoid",), "binary_cross_entropy")
    params = {"W1": np.array([[0.25, -3.0]]), "b1": np.array([[0.125]])}
    for dtype in (np.float64, np.float32):
        seen.clear()
        grads = fd_gradient(linear, spec, params, np.array([[0.5], [1.0]]), np.array([[1.0]]), dtype)
        entries = [("W1", (0, 0)), ("W1", (0, 1)), ("b1", (0, 0))]
        assert len(seen) == 2 * len(entries)
        for i, (key, index) in enumerate(entries):
            t = params[key][index]
            h = STEP[np.dtype(dtype)] * max(1.0, abs(t))
            for evaluated, step in zip(seen[2 * i : 2 * i + 2], (h, -h), strict=True):
                shifted = {k: v.astype(dtype) for k, v in params.items()}
                shifted[key][index] = dtype(t + step)
                for k in params:
                    np.testing.assert_array_equal(evaluated[k], shifted[k], strict=True)
        for key in params:
            np.testing.assert_allclose(grads[key], coefficients[key], rtol=1e-9 if dtype == np.float64 else 1e-5,
                                       strict=True)


def test_a_finite_difference_report_reads_as_its_verdict_both_scores_and_both_thresholds() -> None:
    """FDReport's line: the verdict, the relative difference against the threshold, the worst entry and its
    elementwise error against the threshold's square root."""
    agree = FDReport(3.21e-9, "W1", (0, 2), 1.5e-5, 1e-7)
    assert str(agree) == ("gradients match finite differences: relative difference 3.21e-09 (threshold 1e-07); worst "
                          "entry W1[0, 2] elementwise error 1.5e-05 (threshold 3e-04)")
    disagree = FDReport(0.0123, "b2", (1, 0), 0.5, 1e-4)
    assert str(disagree) == ("gradients DISAGREE with finite differences: relative difference 0.0123 (threshold "
                             "1e-04); worst entry b2[1, 0] elementwise error 0.5 (threshold 1e-02)")
