"""Hypothesis strategies for verification problems, exported so users can test their own backprop.

    from hypothesis import given, settings
    from autodiff_oracle import assert_gradients_match
    from autodiff_oracle.strategies import problems

    @given(problems())
    @settings(deadline=None)  # the oracle's first call compiles it (~2 s), over Hypothesis's 200 ms default
    def test_my_backprop(problem):
        assert_gradients_match(my_gradients, *problem)

    # only what your backprop implements: depth, hidden and output activations, losses, L2, dtypes
    @given(problems(min_depth=2, max_depth=2, hidden=("tanh",), outputs=("sigmoid",),
                    losses=("binary_cross_entropy",), l2=False, dtypes=("float64",)))

Hypothesis draws the shape of a problem and a seed; NumPy's RNG builds the arrays from the seed
(several times faster than drawing arrays element by element, and the seed shrinks well).
"""

from __future__ import annotations

from collections.abc import Sequence

try:
    from hypothesis import strategies as st
except ModuleNotFoundError as error:  # the oracle extra brings it
    raise ModuleNotFoundError(f"autodiff_oracle.strategies needs Hypothesis: pip install 'manual-backprop[oracle]' "
                              f"({error})", name=error.name) from error

from manual_backprop.spec import ACTIVATIONS, ELEMENTWISE_ACTIVATIONS, LOSSES, OUTPUT_ACTIVATIONS_FOR_LOSS, NetworkSpec

from .problems import LAYOUTS, VALUE_REGIMES, Problem, make_problem
from .scope import DTYPES


@st.composite
def specs(draw: st.DrawFn, max_depth: int = 4, max_width: int = 8, min_depth: int = 1,
          hidden: Sequence[str] = ELEMENTWISE_ACTIVATIONS, losses: Sequence[str] = LOSSES,
          l2: bool = True, outputs: Sequence[str] = ACTIVATIONS) -> NetworkSpec:
    """A valid NetworkSpec: depth in [min_depth, max_depth], widths in [1, max_width], hidden activations from
    hidden, and a loss from losses with an output activation from outputs that suits it."""
    usable = tuple(loss for loss in losses if set(OUTPUT_ACTIVATIONS_FOR_LOSS[loss]) & set(outputs))
    if not usable:
        raise ValueError(f"no output activation in {tuple(outputs)} suits a loss in {tuple(losses)}")
    loss = draw(st.sampled_from(usable))
    output = draw(st.sampled_from(tuple(a for a in OUTPUT_ACTIVATIONS_FOR_LOSS[loss] if a in outputs)))
    depth = draw(st.integers(min_depth, max_depth))
    sizes = draw(st.lists(st.integers(1, max_width), min_size=depth + 1, max_size=depth + 1))
    if output == "softmax" and sizes[-1] == 1 and draw(st.booleans()):
        sizes[-1] = 2  # softmax over one unit is constant; keep it possible but not common
    acts = draw(st.lists(st.sampled_from(tuple(hidden)), min_size=depth - 1, max_size=depth - 1))
    lam = draw(st.sampled_from((0.0, 0.0, 0.1, 1.0))) if l2 else 0.0
    return NetworkSpec(tuple(sizes), (*acts, output), loss, lam)


@st.composite
def problems(draw: st.DrawFn, max_depth: int = 4, max_width: int = 8, max_m: int = 32,
             dtypes: Sequence[str] = DTYPES, values: Sequence[str] = VALUE_REGIMES,
             spec_strategy: st.SearchStrategy[NetworkSpec] | None = None,
             hidden: Sequence[str] = ELEMENTWISE_ACTIVATIONS, outputs: Sequence[str] = ACTIVATIONS,
             losses: Sequence[str] = LOSSES, min_depth: int = 1, l2: bool = True,
             layouts: Sequence[str] = LAYOUTS) -> Problem:
    """A Problem (iterable as spec, params, X, Y) with m in [1, max_m]; m = 1 is drawn often. Its spec comes
    from spec_strategy, or else from specs() with min_depth, max_depth, max_width, hidden, outputs, losses, l2.
    layouts: the arrays' memory order, C or F (Fortran, as X = data.T is); shrinks towards C."""
    spec = draw(spec_strategy if spec_strategy is not None else
                specs(max_depth=max_depth, max_width=max_width, min_depth=min_depth, hidden=hidden, losses=losses,
                      l2=l2, outputs=outputs))
    m = draw(st.one_of(st.just(1), st.integers(1, max_m)))
    dtype = draw(st.sampled_from(tuple(dtypes)))
    regime = draw(st.sampled_from(tuple(values)))
    seed = draw(st.integers(0, 2**32 - 1))
    layout = draw(st.sampled_from(tuple(layouts)))
    return make_problem(spec, m, dtype, seed, regime, layout)
