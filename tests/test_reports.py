"""A Report says what is wrong in words a user can act on: the entry, both values, the relative and scaled error,
the shape or dtype that was expected; a right result scores exactly 0 and a NaN scores infinity.

Written after mutation runs over autodiff_oracle/compare.py (docs/verification-log.md, sessions 13, 22 and 23),
whose surviving mutants changed these messages and scores and no test noticed.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from autodiff_oracle import Mismatch, OracleResult, check_gradients, compare, make_problem, oracle, rtol_for
from manual_backprop import NetworkSpec, cost_and_gradients, gradients

SPEC = NetworkSpec((3, 4, 2), ("tanh", "sigmoid"), "binary_cross_entropy", 0.1)


def test_the_oracles_own_result_scores_exactly_zero_and_rounded_to_float32_at_most_half_an_ulp() -> None:
    expected = oracle(*make_problem(SPEC, m=5, seed=1))
    report = compare(expected.gradients, expected, np.float64, expected.cost)
    assert report.ok and set(report.worst) == {"cost", *expected.gradients} and set(report.worst.values()) == {0.0}
    rounded = {key: value.astype(np.float32) for key, value in expected.gradients.items()}
    report = compare(rounded, expected, np.float32)            # the same values, judged as float32 results
    assert report.ok and 0 < max(report.worst.values()) <= 2.0**-24     # unit roundoff u of float32


def test_a_nan_entry_scores_infinity_and_is_named_with_both_values() -> None:
    problem = make_problem(SPEC, m=5, seed=1)

    def nan_in_W1(*arrays: object) -> dict[str, np.ndarray]:
        grads = gradients(*arrays)  # type: ignore[arg-type]
        grads["W1"] = grads["W1"].copy()
        grads["W1"][2, 1] = np.nan
        return grads

    report = check_gradients(nan_in_W1, *problem)
    [mismatch] = report.mismatches
    assert (mismatch.key, mismatch.index, mismatch.scaled_error) == ("W1", (2, 1), np.inf)
    assert report.worst["W1"] == np.inf and np.isnan(mismatch.actual) and np.isfinite(mismatch.expected)
    assert str(mismatch).startswith(f"W1[2, 1]: candidate nan vs oracle {mismatch.expected!r} (relative error nan")


def test_a_mismatch_gives_the_entry_both_values_and_its_relative_and_scaled_error() -> None:
    assert str(Mismatch("W1", (0, 1), 1.5, 1.0, 0.25)) == (
        "W1[0, 1]: candidate 1.5 vs oracle 1.0 (relative error 0.5, scaled error 0.25)")
    assert str(Mismatch("cost", (), 0.75, -0.5, 2.0)) == (
        "cost: candidate 0.75 vs oracle -0.5 (relative error 2.5, scaled error 2)")
    assert str(Mismatch("b2", (1, 0), 1e-3, 0.0, np.inf)) == (
        "b2[1, 0]: candidate 0.001 vs oracle 0.0 (relative error inf, scaled error inf)")


def test_a_mismatch_counts_the_entries_of_its_quantity_that_disagree_so_a_pattern_shows() -> None:
    """One line per quantity, at its worst entry: how many of its entries disagree tells one slip in one entry from
    a whole row (a wrong transpose or sum axis shows as many)."""
    problem = make_problem(SPEC, m=5, seed=1)

    def row_of_W1_doubled(*arrays: object) -> dict[str, np.ndarray]:
        grads = gradients(*arrays)  # type: ignore[arg-type]
        grads["W1"] = grads["W1"].copy()
        grads["W1"][1] *= 2.0                                     # 3 entries of W1's 12, all non-zero here
        grads["W1"][3, 2] += 1.0
        return grads

    [mismatch] = check_gradients(row_of_W1_doubled, *problem).mismatches
    assert (mismatch.key, mismatch.n_disagreeing, mismatch.n_entries) == ("W1", 4, 12)
    assert str(mismatch).endswith("; 4 of its 12 entries disagree, this one most)")
    assert str(Mismatch("W1", (0, 1), 1.5, 1.0, 0.25, n_disagreeing=1, n_entries=12)).endswith(
        "(relative error 0.5, scaled error 0.25; 1 of its 12 entries disagrees, this one most)")


def test_a_reports_lines_set_each_scaled_error_beside_the_tolerance_it_exceeds() -> None:
    """A scaled error reads as small beside a relative error (0.166 against 0.5) unless the tolerance is beside it."""
    problem = make_problem(SPEC, m=5, seed=1)
    report = check_gradients(lambda *arrays: {k: 1.5 * g for k, g in gradients(*arrays).items()}, *problem)
    lines = str(report).splitlines()[1:1 + len(report.mismatches)]
    assert len(lines) == 4 and all(re.search(r", scaled error [0-9.e+-]+ > rtol 2.84e-14; \d+ of its \d+ entries", line)
                                   for line in lines), lines
    assert Mismatch("cost", (), 0.75, -0.5, 2.0).describe(1e-5) == (
        "cost: candidate 0.75 vs oracle -0.5 (relative error 2.5, scaled error 2 > rtol 1e-05)")


def test_a_wrong_shape_dtype_or_type_says_what_was_expected_and_what_came() -> None:
    problem = make_problem(SPEC, m=5, seed=1)
    right = gradients(*problem)
    expected = oracle(*problem)
    for wrong, message in [
        ({**right, "W2": right["W2"].T}, "W2 (expected shape (2, 4) dtype float64, got shape (4, 2) dtype float64; "
                                         "the transposed shape: rows and columns swapped?)"),
        ({**right, "W1": right["W1"][:, :1]},
         "W1 (expected shape (4, 3) dtype float64, got shape (4, 1) dtype float64)"),
        ({**right, "b1": right["b1"].astype(np.float32)},
         "b1 (expected shape (4, 1) dtype float64, got shape (4, 1) dtype float32)"),
        ({**right, "b2": right["b2"].tolist()}, "b2 (expected shape (2, 1) dtype float64, got list)"),
        ({**right, "b2": right["b2"].sum()},                                  # np.sum(dZ) / m: not "got float64"
         "b2 (expected shape (2, 1) dtype float64, got a NumPy float64 scalar, not an array)"),
    ]:
        report = compare(wrong, expected, np.float64)
        [mismatch] = report.mismatches
        assert str(mismatch) == message and mismatch.index == () and mismatch.scaled_error == np.inf
        assert str(report).splitlines()[:2] == [
            "the gradients returned do not have the parameters' keys, shapes and dtypes:", f"  {message}"]


@pytest.mark.parametrize("keys", [("W1",), ("W1", "W2")])
def test_a_gradient_of_the_transposed_shape_is_asked_whether_rows_and_columns_are_swapped_as_check_port_asks(
        keys: tuple[str, ...]) -> None:
    """A row-major backprop's W (n_in, n_out) handed back without the adapter's transpose: check-port says so of a
    results file (port_quantity), the harness said only both shapes."""
    problem = make_problem(SPEC, m=5, seed=1)
    right = gradients(*problem)
    report = compare({**right, **{key: right[key].T for key in keys}}, oracle(*problem), np.float64)
    assert [str(mismatch).endswith("; the transposed shape: rows and columns swapped?)")
            for mismatch in report.mismatches] == [True] * len(keys), str(report)


def test_a_float32_cost_is_judged_with_float32s_tolerance() -> None:
    problem = make_problem(SPEC, m=5, dtype="float32", seed=1)
    J, grads = cost_and_gradients(*problem)
    expected = oracle(*problem)
    assert compare(grads, expected, np.float32, J).ok
    off = float(expected.cost) * (1 + 64 * float(np.finfo(np.float32).eps))   # well inside 256 u of float32
    assert compare(grads, expected, np.float32, off).ok
    assert not compare(grads, expected, np.float64, off).ok                      # and far outside float64's


def _synthetic(expected: float, scale: float, second_order: float) -> OracleResult:
    """An oracle result for one (1, 1) gradient "W1": value, first-order scale S and second-order scale M."""
    def one(value: float) -> dict[str, np.ndarray]:
        return {"W1": np.full((1, 1), value)}

    return OracleResult(0.0, one(expected), 0.0, one(scale), one(second_order))


def test_the_floor_is_rtol_squared_M_plus_atol_of_the_candidates_dtype() -> None:
    rtol64, rtol32 = rtol_for(np.float64), rtol_for(np.float32)
    atol32 = 256 * float(np.finfo(np.float32).tiny)
    second = _synthetic(0.0, 0.0, 1.0)                        # |error| <= rtol^2 M passes, beyond it fails
    assert compare({"W1": np.full((1, 1), 0.5 * rtol64**2)}, second, np.float64).ok
    assert not compare({"W1": np.full((1, 1), 2.0 * rtol64**2)}, second, np.float64).ok
    zero = _synthetic(0.0, 0.0, 0.0)                          # underflow: atol = 256 tiny of the dtype
    assert compare({"W1": np.full((1, 1), 0.5 * atol32, np.float32)}, zero, np.float32).ok
    assert not compare({"W1": np.full((1, 1), 0.5 * atol32)}, zero, np.float64).ok
    assert rtol32 > rtol64
    right = {"W1": np.zeros((1, 1), np.float32)}               # the cost: an oracle J = 0 with S_J = 0
    assert compare(right, zero, np.float32, 0.5 * atol32).ok           # float32's atol, not float64's
    assert not compare(right, zero, np.float32, 2.0 * atol32).ok
    assert not compare({"W1": np.zeros((1, 1))}, zero, np.float64, 0.5 * rtol64**2).ok   # the cost has no M term


def test_every_key_is_judged_after_a_shape_problem_and_a_shape_problem_scores_infinity() -> None:
    problem = make_problem(SPEC, m=5, seed=1)
    right = gradients(*problem)
    report = compare({**right, "b1": right["b1"].ravel(), "W2": right["W2"] * 1.5}, oracle(*problem), np.float64)
    assert [m.key.split(" ")[0] for m in report.mismatches] == ["b1", "W2"]
    assert report.worst["b1"] == np.inf == report.worst_error
    assert str(report).startswith("2 quantities disagree with the oracle")   # a value among them: not structural


def test_wrong_keys_or_a_non_dict_say_what_came() -> None:
    problem = make_problem(SPEC, m=5, seed=1)
    expected = oracle(*problem)
    right = gradients(*problem)
    report = compare({k: v for k, v in right.items() if k != "b2"}, expected, np.float64)
    assert str(report.mismatches[0]) == "keys (expected ['W1', 'W2', 'b1', 'b2'], got ['W1', 'W2', 'b1'])"
    assert str(report).startswith("the gradients returned do not have the parameters' keys, shapes and dtypes:\n")
    assert report.worst_error == np.inf     # a campaign's table shows inf for it, as for a wrong shape, not 0
    listed = compare(list(right.values()), expected, np.float64)     # type: ignore[arg-type]
    assert str(listed.mismatches[0]) == "keys (expected ['W1', 'W2', 'b1', 'b2'], got list)"


def test_a_wrong_cost_is_named_with_both_values() -> None:
    problem = make_problem(SPEC, m=5, seed=1)
    J, grads = cost_and_gradients(*problem)
    report = compare(grads, oracle(*problem), np.float64, 2 * J)
    [mismatch] = report.mismatches
    assert str(report).startswith("1 quantity disagrees with the oracle (rtol 2.84e-14):\n  cost: candidate ")
    assert str(mismatch).startswith(f"cost: candidate {2 * J!r} vs oracle ") and "relative error 1, scaled" in str(
        mismatch)


KINKED = NetworkSpec((2, 2, 1), ("relu", "sigmoid"), "binary_cross_entropy")
KINKED_PARAMS = {"W1": np.array([[1.0, -1.0], [1.0, -1.0]]), "b1": np.zeros((2, 1)),
                 "W2": np.array([[1.0, 1.0]]), "b2": np.zeros((1, 1))}
KINKED_X, KINKED_Y = np.array([[1.0, 2.0], [1.0, 0.0]]), np.array([[1.0, 0.0]])   # Z[1][:, 0] = 0: two units


def test_the_kink_note_counts_the_units_and_is_given_for_gradients_only() -> None:
    expected = oracle(KINKED, KINKED_PARAMS, KINKED_X, KINKED_Y)
    J, grads = cost_and_gradients(KINKED, KINKED_PARAMS, KINKED_X, KINKED_Y)
    assert expected.on_kinks == 2
    wrong = compare({**grads, "b1": grads["b1"] + 1.0}, expected, np.float64)
    assert wrong.note == ("2 relu-like pre-activations are exactly 0 here, on the kink, where the oracle takes "
                          "relu'(0) = 0, leaky_relu'(0) = 1 (jax.nn's convention): a derivative with another "
                          "value at 0 can disagree here for that alone, and so can a relu, identity or leaky_relu "
                          "that does not return z itself for z >= 0 (0.01 z + 0.99 max(z, 0) rounds it)")
    cost_only = compare(grads, expected, np.float64, 2 * J)
    assert not cost_only.ok and cost_only.note == ""


def test_the_kink_note_is_left_out_where_the_kink_cannot_move_a_disagreeing_value() -> None:
    # the kinks are in layer 1: g'[1] enters dW1 and db1 only, so a wrong b2, or a wrong cost beside a wrong b1,
    # is another bug (a reshape for a transpose got the note on every layer's mismatches)
    expected = oracle(KINKED, KINKED_PARAMS, KINKED_X, KINKED_Y)
    J, grads = cost_and_gradients(KINKED, KINKED_PARAMS, KINKED_X, KINKED_Y)
    assert expected.layer_kinks == (2, 0)
    for wrong, cost, noted in [({"b1"}, J, True), ({"W1", "b1"}, J, True), ({"b2"}, J, False),
                               ({"b1", "b2"}, J, False), ({"b1"}, 2 * J, False)]:
        report = compare({key: g + (key in wrong) for key, g in grads.items()}, expected, np.float64, cost)
        assert not report.ok and bool(report.note) == noted, (wrong, report)


def test_a_kink_leaves_unjudged_the_values_of_its_layer_and_those_below_and_no_others() -> None:
    """g'[k] enters dZ[l] for every l <= k: with layer k's margin within rtol, dW[l] and db[l] for l <= k are left
    unjudged (named in the report) and those above are judged; an output-layer kink leaves every value unjudged,
    and so does a result that gives no per-layer margins. Layers past 9 are read as numbers (W10, not W1)."""
    shapes = {f"{kind}{l}": (2, 2) if kind == "W" else (2, 1) for l in range(1, 11) for kind in "Wb"}
    zeros = {key: np.zeros(shape) for key, shape in shapes.items()}
    wrong = {key: np.ones(shape) for key, shape in shapes.items()}
    inf = float("inf")
    for margins, judged in [((inf, 0.0, *[inf] * 8), range(3, 11)), ((0.0, *[inf] * 9), range(2, 11)),
                            ((*[inf] * 8, 1e-20, inf), (10,)), ((*[inf] * 9, 0.0), ()), ((), ()),
                            ((rtol_for(np.float64), *[inf] * 9), range(2, 11)),      # at rtol: unjudged
                            ((0.0, 1e-20, *[inf] * 8), range(3, 11))]:   # named: layer 2 (1e-20), not the least
        result = OracleResult(0.0, zeros, 0.0, zeros, zeros, min(margins, default=0.0), 0, margins)
        report = compare(wrong, result, np.float64)
        assert [m.key for m in report.mismatches] == [f"{kind}{l}" for l in judged for kind in "Wb"], margins
        unjudged = [f"{kind}{l}" for l in range(1, 11) if l not in judged for kind in "Wb"]
        prefix = f"{', '.join(unjudged)}: " if judged else ""
        k = max((l for l, margin in enumerate(margins, start=1) if margin <= rtol_for(np.float64)), default=0)
        layer, margin = (f" in layer {k}", margins[k - 1]) if k else ("", 0.0)
        assert report.undecidable == (f"{prefix}a relu-like pre-activation{layer} lies within rounding error of its "
                                      f"kink in float64 (|Z| / F = {margin:.3g} <= rtol 2.84e-14)"), margins
    right = compare(zeros, OracleResult(0.0, zeros, 0.0, zeros, zeros, 0.0, 0, (inf, 0.0, *[inf] * 8)), np.float64)
    assert right.ok and str(right).startswith("gradients match the oracle where judged (worst scaled error 0 <= rtol ")
    assert str(right).endswith("; not judged: W1, b1, W2, b2: a relu-like pre-activation in layer 2 lies within "
                               "rounding error of its kink in float64 (|Z| / F = 0 <= rtol 2.84e-14)")
    safe = OracleResult(0.0, zeros, 0.0, zeros, zeros, 1.0, 0, (1.0,) * 10)   # every margin beyond rtol
    assert len(compare(wrong, safe, np.float64).mismatches) == 20 and not compare(wrong, safe, np.float64).undecidable


def test_values_off_by_less_than_sqrt_u_relative_get_a_note_pointing_at_lost_precision() -> None:
    # a sigmoid written 0.5 (1 + tanh(z/2)) is right to u absolutely but not relatively for z << 0 (a user's
    # review: 0.7% of random problems fail on it); its report should not send the user hunting a wrong formula
    import dataclasses

    from manual_backprop import activations

    problem = make_problem(NetworkSpec((2, 1, 8), ("relu", "sigmoid"), "binary_cross_entropy"), m=1,
                           dtype="float64", seed=3666722073, values="large")
    expected = oracle(*problem)
    sigmoid = activations.REGISTRY["sigmoid"]
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(activations.REGISTRY, "sigmoid", dataclasses.replace(
            sigmoid, g=lambda Z: 0.5 * (1.0 + np.tanh(Z / 2))))
        tanh_form = compare(gradients(*problem), expected, np.float64)
    assert not tanh_form.ok and tanh_form.note == (
        "every disagreeing value is within 1e-08 of the oracle's, relative: rather than a wrong formula, look for a "
        "step that loses accuracy relative to its own size, such as a sigmoid written 0.5 (1 + tanh(z/2)) for z < 0, "
        "log(1 + x) for log1p(x), exp(z) - 1 for expm1(z) (docs/formulas.md, Numerically stable forms)")
    grads = gradients(*problem)
    formula = compare({**grads, "b2": grads["b2"] * 1.001}, expected, np.float64)   # (W1 is 0: a dead relu)
    assert not formula.ok and formula.note == ""


@pytest.mark.parametrize(("dtype", "factor", "noted"), [("float64", 1 + 1e-9, True), ("float64", 1 + 1e-6, False),
                                                        ("float32", 1 + 1e-4, False)])
def test_the_lost_precision_note_is_float64s_within_sqrt_u_only(dtype: str, factor: float, noted: bool) -> None:
    # in float32 sqrt(u) = 3.5e-4 is within reach of a wrong formula (gelu's erf form: 2.5e-4), so no note there
    problem = make_problem(SPEC, m=5, dtype=dtype, seed=2)
    grads = gradients(*problem)
    report = compare({k: (g * g.dtype.type(factor)).astype(g.dtype) for k, g in grads.items()}, oracle(*problem), dtype)
    assert not report.ok and report.note.startswith("every disagreeing value is within") == noted, report


def _through_float32(grads: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    return {key: g.astype(np.float32).astype(g.dtype) for key, g in grads.items()}


def _in_float32(spec: NetworkSpec, params: dict[str, np.ndarray], X: np.ndarray,
                Y: np.ndarray) -> dict[str, np.ndarray]:
    """A backprop that computes a float64 problem in float32 and casts its gradients back, as a user's did."""
    single = {key: P.astype(np.float32) for key, P in params.items()}
    return {key: g.astype(X.dtype) for key, g in
            gradients(spec, single, X.astype(np.float32), Y.astype(np.float32)).items()}


@pytest.mark.parametrize("values", ["normal", "integers", "large"])
def test_gradients_computed_in_float32_and_cast_back_get_a_note_saying_so(values: str) -> None:
    """They fail every float64 problem by about 1e-7 relative, beyond the lost-precision note's sqrt(u), and got no
    note; every value they return is a float32 number, which a float64 result is by chance with odds 2^-29. The note
    comes before the kink's, which a problem with a Z on a kink in its last layer would otherwise get."""
    kinked = NetworkSpec((2, 2, 1), ("relu", "relu"), "mean_squared_error")     # Z[1][:, 0] = 0, Z[2][0, 0] = 0
    on_kinks = (kinked, {"W1": np.array([[1.0, -1.0], [1.0, -1.0]]), "b1": np.zeros((2, 1)),
                         "W2": np.array([[1.0, -0.5]]), "b2": np.zeros((1, 1))},
                np.array([[1.0, 2.0], [1.0, 0.0]]), np.array([[0.3, 0.7]]))
    for spec, problem in [(SPEC, make_problem(SPEC, m=5, seed=4, values=values)), (kinked, on_kinks)]:
        report = compare(_in_float32(*problem), oracle(*problem), np.float64)     # type: ignore[arg-type]
        assert not report.ok and report.note.startswith(
            "every value returned is a float32 number: computed in float32 and cast back? A float64 problem is judged "
            "to float64's rounding (rtol 2.8e-14), which float32's (6e-8) cannot meet: look for an astype(np.float32), "
            "a float32 buffer (np.zeros(shape, np.float32)) written into, or a library that computes in float32 by "
            "default (JAX without jax_enable_x64, torch's float32 weights); compute in X.dtype"), (spec, report)
        assert f"note: {report.note}" in str(report)


def test_the_float32_note_needs_every_value_a_float32_number_of_more_bits_than_exact_small_values_have() -> None:
    """Zeros, small integers and short dyadic values are float32 numbers without float32 arithmetic (a dead network,
    the integers regime's exact gradients): they get no float32 note, nor does one entry left in float64, nor a
    float32 problem (whose values all are float32's)."""
    from autodiff_oracle.notes import IN_FLOAT32, in_float32

    problem = make_problem(SPEC, m=5, seed=4)
    expected, grads = oracle(*problem), gradients(*problem)
    assert in_float32(_through_float32(grads))
    dead = {key: np.zeros_like(g) for key, g in grads.items()}
    dyadic = {key: np.round(8 * g) / 8 for key, g in grads.items()}
    for values in (dead, dyadic):    # every gradient disagreeing, no cost: the nothing-computed note, first-dZ or none
        report = compare(values, expected, np.float64)
        assert not report.ok and IN_FLOAT32 not in report.note, report
    assert not in_float32({"W1": np.array([[0.0, 1.5, -3.0, 2.0**-20 + 2.0**-10]]),       # one long value alone
                           "b1": np.array([[float(np.float32(0.1))]])})
    assert in_float32({"W1": np.array([[0.0, 1.5, -3.0, float(np.float32(0.1))]]),
                       "b1": np.array([[float(np.float32(1 / 3))]])})
    kept = _through_float32(grads)
    kept["W1"] = kept["W1"].copy()
    kept["W1"][0, 0] = grads["W1"][0, 0]                    # one entry computed in float64
    report = compare(kept, expected, np.float64)
    assert not report.ok and not in_float32(kept) and not report.note.startswith("every value returned is a float32")
    single = make_problem(SPEC, m=5, dtype="float32", seed=4)
    wrong = {key: 1.01 * g for key, g in gradients(*single).items()}
    assert not compare(wrong, oracle(*single), np.float32).note.startswith("every value returned is a float32")


def test_a_value_beyond_float32s_range_is_no_float32_number_and_raises_no_overflow() -> None:
    """A float64 gradient of 1e300 (a diverging candidate) is cast to float32 as inf: it is not a float32 number, so
    no float32 note, and the cast's overflow is no warning (an error under np.seterr(all="raise"), as in these
    tests)."""
    from autodiff_oracle.notes import in_float32

    precise = [float(np.float32(0.1)), float(np.float32(1 / 3))]            # two float32 values of 24 bits
    assert in_float32({"W1": np.array([precise]), "b1": np.array([[1.5]])})
    for huge in (1e300, -1e39):
        assert not in_float32({"W1": np.array([precise]), "b1": np.array([[huge]])})


def test_the_float32_check_raises_nothing_under_a_users_strictest_errstate() -> None:
    """A user may call the harness under np.errstate(all="raise"), stricter than these tests (which ignore underflow):
    a float64 gradient entry below float32's range (1e-300: 0 once cast, or a subnormal) is no float32 number, and
    neither its cast nor the frexp/ldexp round trip of the float32 numbers beside it may raise."""
    from autodiff_oracle.notes import in_float32

    precise = [float(np.float32(0.1)), float(np.float32(1 / 3)), float(np.float32(2.0**-140))]   # the last subnormal
    with np.errstate(all="raise"):
        assert in_float32({"W1": np.array([precise])})
        for tiny in (1e-300, -1e-46, 2.0**-150 * 3):
            assert not in_float32({"W1": np.array([precise]), "b1": np.array([[tiny]])})


def test_the_lost_precision_note_needs_every_mismatch_to_be_a_value() -> None:
    problem = make_problem(SPEC, m=5, seed=2)
    grads = {k: g * (1 + 1e-9) for k, g in gradients(*problem).items()}
    expected = oracle(*problem)
    assert compare(grads, expected, np.float64).note
    assert not compare({**grads, "b1": grads["b1"].ravel()}, expected, np.float64).note       # a shape mismatch too
    J = cost_and_gradients(*problem)[0]
    assert not compare(grads, expected, np.float64, 2 * J).note                                # a wrong cost too


def test_without_per_layer_kink_counts_the_kink_note_explains_any_layer() -> None:
    import dataclasses

    expected = oracle(KINKED, KINKED_PARAMS, KINKED_X, KINKED_Y)
    grads = gradients(KINKED, KINKED_PARAMS, KINKED_X, KINKED_Y)
    wrong_b2 = {**grads, "b2": grads["b2"] + 1.0}
    assert not compare(wrong_b2, expected, np.float64).note                                   # kinks in layer 1 only
    assert compare(wrong_b2, dataclasses.replace(expected, layer_kinks=()), np.float64).note  # no counts: any layer


def test_the_relative_error_of_the_disagreeing_entries_is_their_largest_and_infinite_at_a_0_or_nan() -> None:
    from autodiff_oracle.compare import _relative

    assert _relative(np.array([3.0, 1.5]), np.array([2.0, 1.0])) == 0.5
    assert _relative(np.array([1.0, 1.0]), np.array([0.0, 1.0])) == np.inf
    assert _relative(np.array([np.nan]), np.array([1.0])) == np.inf
    assert _relative(np.float32(0.25), 0.5) == 0.5


def test_a_cost_off_by_lost_precision_alone_gets_the_note_too() -> None:
    problem = make_problem(SPEC, m=5, seed=2)
    J, grads = cost_and_gradients(*problem)
    report = compare(grads, oracle(*problem), np.float64, J * (1 + 1e-9))
    assert [m.key for m in report.mismatches] == ["cost"] and report.note.startswith("every disagreeing value")


def test_an_error_over_a_subnormal_scale_scores_infinity_without_an_overflow() -> None:
    """Found by the default profile (test_metamorphic's l2 check, float32 gelu, 'large' values): an excess of order 1
    over an |expected| + S of 1e-310 overflowed the division, an error under the suite (a warning for a user)."""
    from autodiff_oracle.compare import scaled_errors

    tiny = np.array([1e-310, 1e-310])
    np.testing.assert_array_equal(scaled_errors(np.array([1.0, 0.0]), np.zeros(2), tiny, np.float32),
                                  np.array([np.inf, 0.0]), strict=True)
    from autodiff_oracle.compare import _relative  # the relative error the lost-precision note reads

    assert _relative(np.array([1.0]), np.array([1e-310])) == np.inf


def test_an_error_exactly_at_the_floor_scores_zero_even_where_expected_and_its_scale_are_zero() -> None:
    """|actual - expected| equal to the floor rtol^2 M + atol leaves an excess of exactly 0, which scores 0 even over
    |expected| + S = 0 (0 / 0 there, a quiet NaN the score replaces; not 'invalid value encountered in divide')."""
    from autodiff_oracle.compare import ATOL, scaled_errors

    for dtype in (np.float32, np.float64):
        atol = ATOL[np.dtype(dtype)]
        np.testing.assert_array_equal(scaled_errors(np.array([atol, -atol]), np.zeros(2), np.zeros(2), dtype),
                                      np.zeros(2), strict=True)


def test_the_relative_error_of_zero_against_a_zero_expected_is_infinity_without_an_invalid_flag() -> None:
    from autodiff_oracle.compare import _relative  # its docstring: inf for a NaN or a 0 expected; 0 / 0 is quiet

    assert _relative(np.array([0.0]), np.array([0.0])) == np.inf


def test_values_in_extended_precision_are_judged_as_their_float64_roundings() -> None:
    """scaled_errors computes in float64 (its docstring), and the relative error reads the value the report prints,
    float(actual): np.longdouble inputs, which a direct call of compare or scaled_errors can pass, are rounded first."""
    from autodiff_oracle.compare import _relative, scaled_errors

    if np.finfo(np.longdouble).eps >= np.finfo(np.float64).eps:
        pytest.skip("np.longdouble is float64 on this platform")
    fine = np.longdouble(2) ** -60                         # below float64's resolution at 1 and 3
    actual, expected, scale, second_order = (np.array(values, np.longdouble) + fine for values in
                                             ([1.0, 3.0], [1.0, 1.0], [1.0, 3.0], [1.0, 3.0]))
    a64, e64, s64, m64 = (np.asarray(x, np.float64) for x in (actual, expected, scale, second_order))
    np.testing.assert_array_equal(scaled_errors(actual, expected, scale, np.float64, second_order),
                                  scaled_errors(a64, e64, s64, np.float64, m64), strict=True)
    assert _relative(actual[:1], np.array([1.0])) == 0.0   # float64(1 + 2^-60) is 1


def _scaled(by: str) -> object:
    """manual_backprop's gradients with one of the commonest slips: each key times a factor of m or n[L]."""
    def candidate(spec: NetworkSpec, params: dict[str, np.ndarray], X: np.ndarray,
                  Y: np.ndarray) -> dict[str, np.ndarray]:
        factor = {"m": X.shape[1], "1/n[L]": 1 / Y.shape[0], "-1": -1.0, "2": 2.0}[by]
        keys = ("b",) if by == "m" else ("W", "b")        # db without its 1/m; the others scale every gradient
        return {key: g * factor if key.startswith(keys) else g for key, g in gradients(spec, params, X, Y).items()}
    return candidate


@pytest.mark.parametrize(("by", "said"), [
    ("m", "every disagreeing gradient (b1, b2) is the oracle's times 7 (= m: the 1/m left out?)"),   # db alone
    ("1/n[L]", "every disagreeing gradient (W1, b1, W2, b2) is the oracle's times 0.333333 (= 1/n[L]: the loss "
               "averaged over all n[L] m entries, not summed over the outputs?)"),
    ("-1", "every disagreeing gradient (W1, b1, W2, b2) is the oracle's times -1 (a sign flipped, such as dZ[L] = "
           "Y - A[L]?)"),
    ("2", "every disagreeing gradient (W1, b1, W2, b2) is the oracle's times 2 (a squared error without its 1/2 "
          "(here L = 1/2 (a - y)^2)?)"),
])
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_gradients_off_by_one_factor_get_a_note_naming_it(by: str, said: str, dtype: str) -> None:
    """The two commonest bugs (1/m left out; the loss averaged over n[L] m entries) changed every entry by one factor,
    and the report gave only the entries: a user had to work out 'relative error 6' = m - 1 themselves. (A squared
    error: the factor 2 is read as its missing 1/2 only there.)"""
    spec = NetworkSpec((3, 4, 3), ("tanh", "sigmoid"), "mean_squared_error")
    report = check_gradients(_scaled(by), *make_problem(spec, 7, dtype, 5))
    assert report.note == said, report


def test_no_factor_is_named_where_the_error_is_not_one_factor_of_a_whole_gradient() -> None:
    spec = NetworkSpec((3, 4, 3), ("tanh", "sigmoid"), "binary_cross_entropy")

    def one_entry_off(spec: NetworkSpec, *arrays: np.ndarray) -> dict[str, np.ndarray]:
        grads = gradients(spec, *arrays)
        grads["W1"][0, 0] *= 3.0                      # one entry times 3, the rest right: no factor of W1
        grads["b2"] = grads["b2"] + 0.5               # an offset: no factor either
        return grads

    report = check_gradients(one_entry_off, *make_problem(spec, 7, "float64", 5))
    assert not report.ok and report.note == "", report


@pytest.mark.parametrize(("loss", "said"), [("mean_squared_error", "times 2 (a squared error without its 1/2"),
                                           ("binary_cross_entropy", None)])
def test_a_factor_of_2_is_read_as_a_missing_half_only_for_a_squared_error(loss: str, said: str | None) -> None:
    """A leaky slope of 0.02 on one example was 'times 2 (a squared error without its 1/2?)' under cross-entropy
    (session 27's audit): that slip exists only where the loss is a squared error."""
    output = "identity" if loss == "mean_squared_error" else "sigmoid"
    spec = NetworkSpec((3, 4, 1), ("tanh", output), loss)

    def doubled(spec: NetworkSpec, *arrays: np.ndarray) -> dict[str, np.ndarray]:
        return {key: 2 * value for key, value in gradients(spec, *arrays).items()}

    report = check_gradients(doubled, *make_problem(spec, 5, "float64", 0))
    assert not report.ok
    assert (said in report.note) if said else ("times 2" not in report.note), report.note


@pytest.mark.parametrize("m", [1, 5])
def test_a_factor_near_1_is_not_named_after_an_m_or_n_l_that_is_1(m: int) -> None:
    """m = 1 or n[L] = 1 makes m, 1/m, n[L] and 1/n[L] all 1: every gradient a little off (times 1 + 1e-5) was
    'the 1/m left out' or 'the loss averaged over all n[L] m entries' (session 27's audit)."""
    spec = NetworkSpec((3, 4, 1), ("tanh", "sigmoid"), "binary_cross_entropy")

    def off_by_1e5(spec: NetworkSpec, *arrays: np.ndarray) -> dict[str, np.ndarray]:
        return {key: value * (1 + 1e-5) for key, value in gradients(spec, *arrays).items()}

    report = check_gradients(off_by_1e5, *make_problem(spec, m, "float64", 0))
    assert not report.ok and "the oracle's times" not in report.note, report


@pytest.mark.parametrize(("factors", "disagreeing", "said"), [
    ({"W1": 7.0, "b1": 7.0}, ["W1", "b1", "W2"], "W1, b1 are the oracle's times 7 (= m: the 1/m left out?)"),
    ({"b1": 7.0}, ["b1", "W2"], "b1 is the oracle's times 7 (= m: the 1/m left out?)"),
    ({"W1": 7.0, "b1": 3.0}, ["W1", "b1"],                      # two named factors: a clause each
     "W1 is the oracle's times 7 (= m: the 1/m left out?); b1 is the oracle's times 3 (= n[L])"),
    ({"W1": 3.0}, ["W1"], "every disagreeing gradient (W1) is the oracle's times 3 (= n[L])"),   # named, no slip
    ({"W1": 0.5}, ["W1"], "every disagreeing gradient (W1) is the oracle's times 0.5 (= 1/2)"),
    ({"W1": (1 + 2e-4) / 3}, ["W1"], ""),                       # near 1/n[L], not it: unnamed, so no note
    ({"W1": 7.0, "b1": 7.0 * (1 + 2e-4)}, ["W1", "b1"], "W1 is the oracle's times 7 (= m: the 1/m left out?)"),
    ({"W1": 1.001}, ["W1"], ""),                                # a factor, but no named one: the entries say it
])
def test_the_factor_note_names_each_named_factor_once_and_nothing_else(factors: dict[str, float],
                                                                       disagreeing: list[str], said: str) -> None:
    from autodiff_oracle.factors import factor_note

    assert factor_note(factors, disagreeing, m=7, n=3) == said


def test_a_factor_is_read_off_the_best_conditioned_entry_and_kept_only_where_every_entry_passes_divided_by_it() -> None:
    from autodiff_oracle.factors import factor_of

    e, scale = np.array([[2.0, -0.5, 1e-3]]), np.array([[0.1, 0.1, 10.0]])

    def passes(x: np.ndarray) -> bool:
        return bool(np.all(np.abs(x - e) <= 1e-12 * (np.abs(e) + scale)))

    assert factor_of(7 * e, e, scale, passes) == 7.0
    assert factor_of(e * [[7.0, 1.0, 1.0]], e, scale, passes) is None     # read off entry 0 (times 7), the rest fail
    assert factor_of(e * [[1.0, 7.0, 7.0]], e, scale, passes) is None     # times 1 there: nothing to name
    assert factor_of(e * [[1.0, 1.0, 7.0]], e, scale, passes) is None     # entry 2 is poorly conditioned: not read
    assert factor_of(0 * e, e, scale, passes) is None and factor_of(np.full_like(e, np.nan), e, scale, passes) is None
    assert factor_of(e, np.zeros_like(e), scale, passes) is None          # every oracle entry 0: no factor


def test_two_names_of_one_factor_are_both_given_and_nearly_equal_factors_are_one() -> None:
    from autodiff_oracle.factors import factor_note

    assert factor_note({"W1": 0.5}, ["W1"], m=7, n=2) == (
        "every disagreeing gradient (W1) is the oracle's times 0.5 (= 1/n[L] = 1/2: the loss averaged over all n[L] m "
        "entries, not summed over the outputs?)")
    assert factor_note({"W1": 7.0, "b1": 7.0 * (1 + 5e-5)}, ["W1", "b1"], m=7, n=2) == (   # within 1e-4: one factor
        "every disagreeing gradient (W1, b1) is the oracle's times 7 (= m: the 1/m left out?)")


def test_a_factor_that_explains_every_gradient_is_named_before_a_kink_that_could() -> None:
    """The kink note came first: a gradient exactly m times the oracle's, on a problem with a relu-like unit on its
    kink, was told that the kink convention might explain it (a review found this problem)."""
    problem = make_problem(NetworkSpec((8, 4), ("leaky_relu",), "mean_squared_error", l2=1.0), m=7, seed=4229354005,
                           values="integers", layout="F")

    def no_1_over_m(spec: NetworkSpec, *arrays: np.ndarray) -> dict[str, np.ndarray]:
        return {key: g * arrays[1].shape[1] for key, g in gradients(spec, *arrays).items()}

    assert oracle(*problem).on_kinks > 0
    report = check_gradients(no_1_over_m, *problem)
    assert report.note == "every disagreeing gradient (W1, b1) is the oracle's times 7 (= m: the 1/m left out?)"


def test_factors_that_need_no_m_are_named_without_it_and_coinciding_names_give_every_slip() -> None:
    from autodiff_oracle.factors import factor_note

    assert factor_note({"W1": -1.0}, ["W1"], m=None, n=3).endswith("times -1 (a sign flipped, such as dZ[L] = "
                                                                   "Y - A[L]?)")
    assert factor_note({"W1": 7.0}, ["W1"], m=None, n=3) == ""                            # m unknown: not named
    assert factor_note({"W1": 1 / 3}, ["W1"], m=3, n=3) == (
        "every disagreeing gradient (W1) is the oracle's times 0.333333 (= 1/m = 1/n[L]: 1/m applied twice or the loss "
        "averaged over all n[L] m entries, not summed over the outputs?)")


def test_a_factor_is_named_by_the_slips_of_the_loss_given_alone_in_either_form_of_the_note() -> None:
    """At m = 2 times 2 is m, and under mean_squared_error also its missing 1/2; under binary_cross_entropy only m is
    said, whether one factor names every key or each key has its clause (then with its L2 term apart where said)."""
    from autodiff_oracle.factors import factor_note

    assert factor_note({"W1": 2.0, "b1": 2.0}, ["W1", "b1"], m=2, n=1, loss="binary_cross_entropy") == (
        "every disagreeing gradient (W1, b1) is the oracle's times 2 (= m: the 1/m left out?)")
    sign = "b1 is the oracle's times -1 (a sign flipped, such as dZ[L] = Y - A[L]?)"
    assert factor_note({"W1": 2.0, "b1": -1.0}, ["W1", "b1"], m=2, n=1, loss="binary_cross_entropy", apart={"W1"}) == (
        f"W1, apart from its L2 term (lambda/m) W[l], is the oracle's times 2 (= m: the 1/m left out?); {sign}")
    assert factor_note({"W1": 2.0, "b1": -1.0}, ["W1", "b1"], m=2, n=1, loss="mean_squared_error") == (
        "W1 is the oracle's times 2 (= m: the 1/m left out or a squared error without its 1/2 (here L = 1/2 (a - y)^2)"
        f"?); {sign}")


def test_gradients_under_another_networks_keys_are_pointed_at_state_kept_between_calls() -> None:
    """A cache keyed by X's shape alone returned a deeper network's gradients: the report said only that the keys
    differ, which sends a user to the code that builds the dict (a second audit)."""
    deep = make_problem(NetworkSpec((3, 4, 4, 2), ("tanh", "tanh", "sigmoid"), "binary_cross_entropy"), 5, "float64", 1)
    kept = gradients(*deep)
    report = check_gradients(lambda *_: kept, *make_problem(NetworkSpec((3, 2), ("sigmoid",), "binary_cross_entropy"),
                                                            5, "float64", 2))
    assert str(report.mismatches[0]).endswith("(another network's keys: gradients kept from another problem, such as "
                                              "a cache keyed by X's shape?)"), report
    odd = check_gradients(lambda *_: {"W1": kept["W1"], "W3": kept["W3"]}, *make_problem(
        NetworkSpec((3, 2), ("sigmoid",), "binary_cross_entropy"), 5, "float64", 2))
    assert "another network's keys" not in str(odd.mismatches[0])                # W1 and W3: no network's keys


def test_a_factor_that_explains_some_gradients_is_the_note_when_no_other_applies() -> None:
    """b1 times m beside a W1 off by an offset: the note names b1's factor alone (notes.choose_note's last case)."""
    def two_slips(spec: NetworkSpec, params: dict[str, np.ndarray], X: np.ndarray,
                  Y: np.ndarray) -> dict[str, np.ndarray]:
        grads = gradients(spec, params, X, Y)
        return {**grads, "b1": grads["b1"] * X.shape[1], "W1": grads["W1"] + 1e-3}

    spec = NetworkSpec((3, 4, 3), ("tanh", "sigmoid"), "binary_cross_entropy")
    report = check_gradients(two_slips, *make_problem(spec, 7, "float64", 5))
    assert report.note == "b1 is the oracle's times 7 (= m: the 1/m left out?)", report
