"""The Taylor-remainder order test: slope 2 for correct gradients, about 1 for wrong ones, no tolerance tuning."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, example, given

import manual_backprop as mb
from autodiff_oracle.applicability import resolvable
from autodiff_oracle.finite_differences import Cost, fd_gradient, relative_difference
from autodiff_oracle.problems import Problem, make_problem
from autodiff_oracle.properties import NotApplicable, check_taylor
from autodiff_oracle.taylor import G_NOISE, STEPS, TaylorResult, _window, as_float64, remainder_slope, taylor_test
from manual_backprop.mutants import CATALOG, plant
from tests.strategies import examples, margin_problems, smooth_problems


def _float64(problem: Problem) -> tuple:  # type: ignore[type-arg]
    return (problem.spec, *as_float64(*problem))


def _slope(problem: Problem, h_max: float | None = None) -> float | None:
    spec, params, X, Y = _float64(problem)
    rng = np.random.default_rng(problem.seed)
    return remainder_slope(mb.cost, spec, params, X, Y, mb.gradients(spec, params, X, Y), rng, h_max).slope


#: Found by Hypothesis with the one-sided remainder fitted over the smallest steps above a fixed noise bound:
#: J's curvature along V so small that its third-order term dominated (slopes 2.2, 2.7, 3.3).
_FLAT_CURVATURE = [
    make_problem(mb.NetworkSpec((8, 4, 4, 8), ("sigmoid", "identity", "softmax"), "mean_squared_error"), 1,
                 "float64", 0),
    make_problem(mb.NetworkSpec((5, 3, 2), ("sigmoid", "softmax"), "categorical_cross_entropy"), 1, "float64", 147),
    make_problem(mb.NetworkSpec((1, 3), ("softmax",), "mean_squared_error"), 1, "float64", 18413),
]


@given(smooth_problems)
@example(_FLAT_CURVATURE[0])
@example(_FLAT_CURVATURE[1])
@example(_FLAT_CURVATURE[2])
def test_taylor_slope_is_two_for_correct_gradients_of_smooth_nets(problem: Problem) -> None:
    slope = _slope(problem)
    # None: J is flat to rounding along V (a saturated net); nothing to judge. assume, not if: 3 of 100 problems
    # are inconclusive (measured, derandomized), so a Taylor test that is inconclusive almost always fails the
    # health check instead of passing every example unjudged
    assume(slope is not None)
    assert abs(slope - 2) <= 0.2, (slope, problem)


#: Found by Hypothesis (thorough profile, session 38): J = (a - y)^2 / 2 with a - y ~ a / 150 moves in rounding quanta
#: of u |a| |a - y|, 150x u |J|, while S at the noise steps read exactly 0 (rounding symmetric in t); the fit reached
#: the quanta and gave 1.55 for a correct gradient, until taylor._noise read them in D's second difference too.
_SYMMETRIC_ROUNDING = make_problem(mb.NetworkSpec((3, 1), ("identity",), "mean_squared_error"), 1, "float32", 20)
#: Found by Hypothesis (thorough profile, session 38): float32 gelu' at z = -4.3 cancels from terms 2e5 times the
#: gradient (the oracle's scales), so the float32 gradient's own rounding, 0.2 u of them, is a first-order term far
#: above the G_NOISE u |g| the floor allows for it: slope 1.00 for a gradient as right as float32 makes it.
_CANCELLING_FLOAT32 = make_problem(mb.NetworkSpec((1, 1), ("gelu",), "mean_squared_error"), 1, "float32", 201)


@given(margin_problems)
@example(_SYMMETRIC_ROUNDING)
def test_taylor_slope_is_two_away_from_kinks(problem: Problem) -> None:
    slope = _slope(problem, h_max=1e-3)
    assume(slope is not None)
    assert abs(slope - 2) <= 0.2, (slope, problem)


@given(smooth_problems.filter(lambda p: p.dtype == np.float32))
@example(_CANCELLING_FLOAT32)
def test_taylor_slope_is_two_for_float32_gradients(problem: Problem) -> None:
    try:   # judged where the floor's allowance for the gradient's own rounding, G_NOISE u |g|, covers it: u ||S||
        resolvable(problem, G_NOISE * float(np.finfo(np.float32).eps) / 2)
    except NotApplicable:
        assume(False)
    result = taylor_test(mb.cost, mb.gradients, *problem, seed=problem.seed)  # float32 gradient, float64 J
    assume(result.slope is not None)
    assert abs(result.slope - 2) <= 0.2, (str(result), problem)


def test_taylor_slope_is_one_for_a_gradient_off_by_one_percent() -> None:
    spec = mb.NetworkSpec((3, 5, 2), ("tanh", "sigmoid"), "binary_cross_entropy")
    spec, params, X, Y = make_problem(spec, 7, "float64", seed=11)
    wrong = {k: 1.01 * g for k, g in mb.gradients(spec, params, X, Y).items()}
    result = remainder_slope(mb.cost, spec, params, X, Y, wrong, np.random.default_rng(0))
    assert result.slope is not None and abs(result.slope - 1) <= 0.1, str(result)


class _Scaled:
    """manual_backprop with its gradients multiplied by factor: an implementation for the property suite."""

    def __init__(self, factor: float) -> None:
        self.factor = factor
        self.cost = mb.cost

    def gradients(self, *problem: object) -> dict[str, np.ndarray]:
        return {k: self.factor * g for k, g in mb.gradients(*problem).items()}  # type: ignore[arg-type]


class _Constant(_Scaled):
    """J = 0 and zero gradients: flat along every direction."""

    def __init__(self) -> None:
        super().__init__(0.0)
        self.cost = lambda *problem: 0.0


def test_the_taylor_property_passes_a_right_gradient_fails_a_wrong_one_and_cannot_judge_a_flat_J() -> None:
    """check_taylor is the property `backprop mutants` and the slow planted-bug report run; no test of the default run
    reached it (session 33's mutation run of the judges part): its slope band, its seeded direction, its skip."""
    problem = make_problem(mb.NetworkSpec((3, 5, 2), ("tanh", "sigmoid"), "binary_cross_entropy"), 7, "float64", 11)
    check_taylor(mb, problem)
    check_taylor(_Scaled(1.0), problem)
    wrong = r"^Taylor remainder slope (0\.9|1\.0)\d*: r\(.* for make_problem\("   # slope about 1
    with pytest.raises(AssertionError, match=wrong) as first:
        check_taylor(_Scaled(1.01), problem)
    with pytest.raises(AssertionError) as again:
        check_taylor(_Scaled(1.01), problem)
    assert str(again.value) == str(first.value)   # directions drawn from the problem's seed: its repr reproduces it
    with pytest.raises(NotApplicable, match=r"^no direction has a second-order term of J above rounding noise$"):
        check_taylor(_Constant(), problem)


def test_the_fit_window_is_the_smallest_four_steps_whose_third_order_part_is_at_most_five_percent_of_S() -> None:
    """_window on J(t) = t^2 + 0.3 t + t^3 along V, steps h = 2^-k: S(h) = h^2, D(h) = 0.3 h + h^3, so the third-order
    part |D(h) - 2 D(h/2)| / 0.75 = h^3 is at most CUBIC = 5% of S from h = 2^-5 on; with S above a floor of 2^-17 down
    to h = 2^-8 the four steps k = 5..8 qualify, and with a floor of 2^-15 only three do: no window."""
    h = 2.0 ** -np.arange(STEPS + 1)
    S, D = h**2, 0.3 * h + h**3
    assert _window(S, D, np.full(h.shape, 2.0**-17)) == 5
    assert _window(S, D, np.full(h.shape, 2.0**-15)) is None
    assert _window(S, 0.3 * h + 0.01 * h**3, np.full(h.shape, 2.0**-7)) == 0   # the four largest steps alone


def _quadratic_with_a_jump(eps: float) -> Cost:
    """J(t) = t^2 + t^3 + 0.3 t of the one parameter, plus eps wherever t != 0: J's "rounding noise" is eps."""
    def cost(spec: mb.NetworkSpec, params: dict[str, np.ndarray], X: np.ndarray, Y: np.ndarray) -> float:
        t = float(params["W1"][0, 0])
        return t**2 + t**3 + 0.3 * t + (eps if t != 0 else 0.0)
    return cost


def test_the_taylor_test_fits_only_where_the_third_order_part_is_at_most_five_percent_and_s_is_above_noise() -> None:
    """remainder_slope from h_max = 1 on J(t) = t^2 + t^3 + 0.3 t + eps [t != 0], gradient 0.3: the cubic part t^3 is
    at most 5% of S = t^2 from h = 2^-5 on, and S stands above 100 eps down to 2^-8 for eps = 8e-8 (a window of four:
    slope 2) but only to 2^-7 for eps = 3e-7 (three steps: inconclusive, whatever the direction)."""
    spec, zero = mb.NetworkSpec((1, 1), ("identity",), "mean_squared_error"), np.zeros((1, 1))
    slopes = [remainder_slope(_quadratic_with_a_jump(eps), spec, {"W1": zero}, zero, zero, {"W1": np.full((1, 1), 0.3)},
                              np.random.default_rng(0), 1.0) for eps in (8e-8, 3e-7)]
    assert slopes[0].h == (2.0**-5, 2.0**-6, 2.0**-7, 2.0**-8) and abs(slopes[0].slope - 2) <= 0.02, str(slopes[0])
    assert slopes[1] == TaylorResult((), (), None) and str(slopes[1]) == "Taylor remainder slope None: ", str(slopes[1])


def test_the_taylor_test_is_conclusive_for_float32_gradients_of_small_smooth_nets() -> None:
    """The noise floor grows with h (G_NOISE units of float32 roundoff in h <g, V>), so small steps stay above it: a
    floor held at the largest step's left four of these inconclusive (slope None, which the property tests skip)."""
    spec = mb.NetworkSpec((3, 5, 2), ("tanh", "sigmoid"), "binary_cross_entropy")
    for seed in range(4):
        result = taylor_test(mb.cost, mb.gradients, *make_problem(spec, 5, "float32", seed), seed=seed)
        assert result.slope is not None and abs(result.slope - 2) <= 0.2, (seed, str(result))


#: Mutants that change gradients of smooth nets (the kink, saturation and gradient-descent bugs do not).
SMOOTH_MUTANTS = [name for name in CATALOG if not name.startswith(("relu", "leaky", "update", "bias-not", "params-",
                                                                    "softmax-unshifted", "bce-naive", "float32"))]


#: A planted bug is judged where the Taylor test can resolve its error e = |<grad J - g, V>| (V the direction fitted
#: along): e h at least RESOLVED times J's second-order part |S(h)| at the smallest step h fitted. r = e h + |S| then
#: fits a slope of at most 1.42 over the 4 doubling steps, below the 1.5 asserted; nearer the limit the slope lies
#: between 1 and 2, whatever the code (taylor.py's docstring). Hypothesis found such a case with the criterion
#: "differs from finite differences by 1e-5" alone: _BELOW_RESOLUTION, gelu' without its 3, e h = 1.3 |S|, slope 1.68.
#: At small steps |S(h)| holds J's rounding noise too, which only sets more aside: none in 13,012 census pairs.
RESOLVED = 4.0
_BELOW_RESOLUTION = make_problem(mb.NetworkSpec((2, 7, 2, 1), ("silu", "gelu", "sigmoid"), "binary_cross_entropy"),
                                 1, "float64", 161)


def _fd_if_changed(problem: tuple, mutant_grads: dict[str, np.ndarray]) -> dict[str, np.ndarray] | None:  # type: ignore[type-arg]
    """Finite differences of the mutant's own cost where the mutant's gradient is not its derivative, else None."""
    spec, params, X, Y = problem
    if set(mutant_grads) != set(params) or any(mutant_grads[k].shape != params[k].shape for k in params):
        return None  # a shape error: the shape checks catch it, the Taylor test cannot run
    fd = fd_gradient(mb.cost, spec, params, X, Y)
    return fd if relative_difference(mutant_grads, fd) > 1e-5 else None


def _resolved(problem: tuple, fd: dict[str, np.ndarray], grads: dict[str, np.ndarray], result: TaylorResult) -> bool:  # type: ignore[type-arg]
    """e h >= RESOLVED |S(h)| at the smallest step fitted, e = |<fd - grads, V>|, S(h) = (J(+h V) + J(-h V))/2 - J."""
    spec, params, X, Y = problem
    V, h = result.direction, min(result.h)
    assert V is not None
    e = abs(sum(float(np.sum((fd[k] - grads[k]) * V[k])) for k in params))
    J = [mb.cost(spec, {k: params[k] + t * V[k] for k in params}, X, Y) for t in (h, -h, 0.0)]
    return e * h >= RESOLVED * abs((J[0] + J[1]) / 2 - J[2])


def _mutant_slopes(problem: Problem) -> dict[str, float | None]:
    """The Taylor slope of each smooth mutant whose gradient error the test can resolve on problem (RESOLVED)."""
    spec, params, X, Y = _float64(problem)
    slopes: dict[str, float | None] = {}
    with np.errstate(all="ignore"):
        for name in SMOOTH_MUTANTS:
            with plant(CATALOG[name]):
                try:
                    grads = mb.gradients(spec, params, X, Y)
                    fd = _fd_if_changed((spec, params, X, Y), grads)
                    if fd is None:
                        continue
                    result = remainder_slope(mb.cost, spec, params, X, Y, grads, np.random.default_rng(problem.seed))
                    if result.slope is None or _resolved((spec, params, X, Y), fd, grads, result):
                        slopes[name] = result.slope
                except (ValueError, FloatingPointError):
                    continue  # a crash, not a gradient: other properties catch it
    return slopes


def test_a_planted_bug_below_the_taylor_tests_resolution_is_not_judged_and_the_others_are() -> None:
    """On _BELOW_RESOLUTION, gelu' without its 3 changes the gradient (finite differences see it) but its error along
    V is 1.3 |S(h)| / h, under RESOLVED: its slope, 1.68, says nothing about the code. Every other smooth bug that
    changes the gradient there is resolved and judged (a criterion that judged all, or none, fails here)."""
    spec, params, X, Y = _float64(_BELOW_RESOLUTION)
    with plant(CATALOG["gelu-prime-missing-3"]):
        grads = mb.gradients(spec, params, X, Y)
        fd = _fd_if_changed((spec, params, X, Y), grads)
        result = remainder_slope(mb.cost, spec, params, X, Y, grads, np.random.default_rng(_BELOW_RESOLUTION.seed))
        assert fd is not None and result.slope is not None and result.slope > 1.5, str(result)
        assert not _resolved((spec, params, X, Y), fd, grads, result)
    slopes = _mutant_slopes(_BELOW_RESOLUTION)
    assert "gelu-prime-missing-3" not in slopes and len(slopes) >= 9, slopes


@examples(20)
@given(smooth_problems.filter(lambda p: sum(v.size for v in p.params.values()) <= 80))
@example(_BELOW_RESOLUTION)
def test_taylor_slope_is_below_one_and_a_half_for_planted_bugs(problem: Problem) -> None:
    for name, slope in _mutant_slopes(problem).items():
        assert slope is None or slope < 1.5, (name, slope, problem)


@pytest.mark.slow
@examples(250)
@given(smooth_problems.filter(lambda p: sum(v.size for v in p.params.values()) <= 80))
def test_taylor_acceptance_over_250_examples(problem: Problem) -> None:
    """The issue's acceptance: slope 2 +/- 0.2 when correct, < 1.5 for every planted bug that applies."""
    slope = _slope(problem)
    assert slope is None or abs(slope - 2) <= 0.2, (slope, problem)
    for name, s in _mutant_slopes(problem).items():
        assert s is None or s < 1.5, (name, s, problem)


def test_a_taylor_result_reads_as_its_slope_to_3_decimals_and_each_step_with_its_remainder() -> None:
    result = TaylorResult((0.01, 0.005), (1.23456e-5, 3.0864e-6), 1.9876543)
    assert str(result) == "Taylor remainder slope 1.988: r(0.01) = 1.23e-05, r(0.005) = 3.09e-06"


def test_the_taylor_test_draws_its_directions_from_the_seed_given_0_by_default_and_steps_from_h_max() -> None:
    """taylor_test is remainder_slope along directions from default_rng(seed), seed 0 unless given, with the h_max
    given: a result is reproducible from the call that printed it."""
    problem = make_problem(mb.NetworkSpec((3, 4, 2), ("tanh", "sigmoid"), "binary_cross_entropy"), 3, "float64", 5)
    grads = mb.gradients(*problem)
    for seed, h_max, result in ((0, None, taylor_test(mb.cost, mb.gradients, *problem)),
                                (3, None, taylor_test(mb.cost, mb.gradients, *problem, seed=3)),
                                (0, 1e-3, taylor_test(mb.cost, mb.gradients, *problem, h_max=1e-3))):
        expected = remainder_slope(mb.cost, *problem, grads, np.random.default_rng(seed), h_max)
        assert max(result.h) <= (h_max or 1e-2)
        assert result == expected and result.direction is not None and expected.direction is not None
        for key in problem.params:
            np.testing.assert_array_equal(result.direction[key], expected.direction[key], strict=True)


def test_a_gradient_in_a_dtype_without_its_own_largest_step_takes_float64s() -> None:
    """H_MAX names float64 and float32; a gradient in extended precision (np.longdouble) steps from float64's largest
    step, 1e-2: the same steps as h_max=1e-2, which are not those of 1e-1."""
    problem = make_problem(mb.NetworkSpec((3, 4, 2), ("tanh", "sigmoid"), "binary_cross_entropy"), 3, "float64", 5)
    extended = {k: g.astype(np.longdouble) for k, g in mb.gradients(*problem).items()}
    default = remainder_slope(mb.cost, *problem, extended, np.random.default_rng(0))
    assert default.slope is not None
    assert default == remainder_slope(mb.cost, *problem, extended, np.random.default_rng(0), 1e-2)
    assert default.h != remainder_slope(mb.cost, *problem, extended, np.random.default_rng(0), 1e-1).h
