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
    # or exactly these output/loss pairs (softmax + MSE, which outputs and losses would draw too, left out)
    @given(problems(pairs=[("softmax", "categorical_cross_entropy"), ("sigmoid", "mean_squared_error")]))

Hypothesis draws the shape of a problem and a seed; NumPy's RNG builds the arrays from the seed
(several times faster than drawing arrays element by element, and the seed shrinks well).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from numpy.typing import DTypeLike

try:
    from hypothesis import strategies as st
except ModuleNotFoundError as error:  # the oracle extra brings it
    raise ModuleNotFoundError(f"autodiff_oracle.strategies needs Hypothesis: pip install 'manual-backprop[oracle]' "
                              f"({error})", name=error.name) from error

from manual_backprop.spec import (
    ACTIVATIONS,
    ELEMENTWISE_ACTIVATIONS,
    LOSSES,
    NetworkSpec,
)

from .problems import LAYOUTS, VALUE_REGIMES, Problem, at_least, make_problem
from .scope import DTYPES
from .scope_names import check_flags, dtype_names, known_pairs, output_pairs, refuse_undrawn
from .strategy_arguments import names, refuse_unread


def specs(max_depth: int = 4, max_width: int = 8, min_depth: int = 1,
          hidden: Sequence[str] = ELEMENTWISE_ACTIVATIONS, losses: Sequence[str] = LOSSES,
          l2: bool = True, outputs: Sequence[str] = ACTIVATIONS, fused_only: bool = False,
          pairs: Iterable[tuple[str, str]] | None = None) -> st.SearchStrategy[NetworkSpec]:
    """Valid NetworkSpecs: depth in [min_depth, max_depth], widths in [1, max_width], hidden activations from
    hidden, and a loss from losses with an output activation from outputs that suits it (fused_only: only the pairs
    whose dZ[L] is A[L] - Y, manual_backprop.spec.FUSED_PAIRS); pairs: only these (output activation, loss) pairs,
    each one the other arguments allow (a pair they leave out is refused, not dropped). Arguments are checked here,
    as Scope checks them, not when the first example is drawn."""
    at_least(min_depth=(min_depth, 1), max_depth=(max_depth, min_depth), max_width=(max_width, 1))
    check_flags(l2, fused_only)
    hidden = names("hidden", "hidden activation", hidden, ELEMENTWISE_ACTIVATIONS) if hidden or max_depth > 1 else ()
    losses = names("losses", "loss", losses, LOSSES)
    outputs = names("outputs", "output activation", outputs, ACTIVATIONS)   # Scope's words for each
    if pairs is None:
        drawn = output_pairs(tuple(dict.fromkeys(losses)), outputs, fused_only)   # a loss given twice: its pairs once
    else:                                  # as Scope(pairs=...): each pair drawn, or refused, never dropped
        drawn = known_pairs(pairs)
        refuse_undrawn(drawn, losses, outputs, fused_only)
    choices = {loss: tuple(out for out, of in drawn if of == loss) for loss in losses}
    usable = tuple(loss for loss in losses if choices[loss])
    if not usable:
        fused = " with a fused dZ[L] = A[L] - Y" if fused_only else ""
        raise ValueError(f"no output activation in {tuple(outputs)} suits a loss in {tuple(losses)}{fused}")
    return _specs(max_depth, max_width, min_depth, hidden, usable, l2, choices)


@st.composite
def _specs(draw: st.DrawFn, max_depth: int, max_width: int, min_depth: int, hidden: tuple[str, ...],
           usable: tuple[str, ...], l2: bool, choices: dict[str, tuple[str, ...]]) -> NetworkSpec:
    loss = draw(st.sampled_from(usable))
    output = draw(st.sampled_from(choices[loss]))
    depth = draw(st.integers(min_depth, max_depth))
    sizes = draw(st.lists(st.integers(1, max_width), min_size=depth + 1, max_size=depth + 1))
    if output == "softmax" and sizes[-1] == 1 and draw(st.booleans()):
        sizes[-1] = 2  # softmax over one unit is constant; keep it possible but not common
    acts = draw(st.lists(st.sampled_from(hidden), min_size=depth - 1, max_size=depth - 1)) if depth > 1 else []
    lam = draw(st.sampled_from((0.0, 0.0, 0.1, 1.0))) if l2 else 0.0
    return NetworkSpec(tuple(sizes), (*acts, output), loss, lam)


def problems(max_depth: int = 4, max_width: int = 8, max_m: int = 32,
             dtypes: Sequence[DTypeLike] = DTYPES, values: Sequence[str] = VALUE_REGIMES,
             spec_strategy: st.SearchStrategy[NetworkSpec] | None = None,
             hidden: Sequence[str] = ELEMENTWISE_ACTIVATIONS, outputs: Sequence[str] = ACTIVATIONS,
             losses: Sequence[str] = LOSSES, min_depth: int = 1, l2: bool = True,
             layouts: Sequence[str] = LAYOUTS, fused_only: bool = False,
             pairs: Iterable[tuple[str, str]] | None = None) -> st.SearchStrategy[Problem]:
    """Problems (each iterable as spec, params, X, Y) with m in [1, max_m]; m = 1 is drawn often. The spec comes
    from spec_strategy, or else from specs() with min_depth, max_depth, max_width, hidden, outputs, losses, l2,
    fused_only, pairs.
    layouts: the arrays' memory order, C or F (Fortran, as X = data.T is); shrinks towards C. Arguments are
    checked here (ValueError naming the argument; TypeError for an l2 or fused_only that is not True or False),
    not when the first example is drawn; with spec_strategy, a spec argument other than its default is refused, as
    one it would leave unread."""
    if spec_strategy is not None:
        refuse_unread(problems, min_depth=min_depth, max_depth=max_depth, max_width=max_width, hidden=hidden,
                      outputs=outputs, losses=losses, l2=l2, fused_only=fused_only, pairs=pairs)
    at_least(max_m=(max_m, 1))
    dtypes = names("dtypes", "dtype", dtype_names(dtypes), DTYPES)
    values = names("values", "value regime", values, VALUE_REGIMES)
    layouts = names("layouts", "layout", layouts, LAYOUTS)
    spec_strategy = spec_strategy if spec_strategy is not None else specs(
        max_depth=max_depth, max_width=max_width, min_depth=min_depth, hidden=hidden, losses=losses, l2=l2,
        outputs=outputs, fused_only=fused_only, pairs=pairs)
    return _problems(spec_strategy, max_m, dtypes, values, layouts)


@st.composite
def _problems(draw: st.DrawFn, spec_strategy: st.SearchStrategy[NetworkSpec], max_m: int, dtypes: tuple[str, ...],
              values: tuple[str, ...], layouts: tuple[str, ...]) -> Problem:
    spec = draw(spec_strategy)
    m = draw(st.one_of(st.just(1), st.integers(1, max_m)))
    dtype = draw(st.sampled_from(tuple(dtypes)))
    regime = draw(st.sampled_from(tuple(values)))
    seed = draw(st.integers(0, 2**32 - 1))
    layout = draw(st.sampled_from(tuple(layouts)))
    return make_problem(spec, m, dtype, seed, regime, layout)
