"""Hunt each planted bug with the property suite: which property catches it, after how many examples.

Needs the oracle extra (JAX): the properties live in autodiff_oracle.properties. Every mutant sees
the same deterministic stream of random problems (problem_stream: every dtype, output/loss pair,
hidden activation and value regime, drawn from a seed), so "examples to failure" is reproducible: it counts
the problems a property judged (NotApplicable ones are skipped) up to and including the first failure.
An exception other than NotApplicable (a shape error, a floating-point error) is a failure too: a test
would go red.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from . import Mutant, plant

if TYPE_CHECKING:
    from autodiff_oracle.problems import Problem


@dataclass(frozen=True)
class Catch:
    """A property that failed under a mutant: after `examples` judged problems, with this message."""

    prop: str
    examples: int
    message: str


@dataclass
class Hunt:
    """The outcome for one mutant: catches by property (None: not caught within the limit)."""

    mutant: Mutant
    catches: dict[str, Catch | None] = field(default_factory=dict)

    @property
    def caught(self) -> bool:
        return any(c is not None for c in self.catches.values())

    @property
    def first(self) -> Catch | None:
        """The catch with the fewest examples (ties: the property listed first)."""
        found = [c for c in self.catches.values() if c is not None]
        return min(found, key=lambda c: c.examples) if found else None


def problem_stream(cases: int, seed: int = 0, max_depth: int = 4) -> list[Problem]:
    """cases deterministic random problems: dtype, output/loss pair, hidden activations, regime, l2, depth
    (1 to max_depth), widths 1-8 and m (1 one time in five, else 1-32) all drawn independently; one problem
    in four has integer values and only relu-like layers, so that pre-activations land exactly on kinks."""
    from autodiff_oracle.problems import VALUE_REGIMES, make_problem
    from autodiff_oracle.scope import DTYPES, EVERYTHING
    from manual_backprop.spec import ELEMENTWISE_ACTIVATIONS, KINKED_ACTIVATIONS, NetworkSpec

    pairs = EVERYTHING.output_pairs
    rng = np.random.default_rng(seed)
    problems: list[Problem] = []
    for _ in range(cases):
        output, loss = pairs[rng.integers(len(pairs))]
        depth = int(rng.integers(1, max_depth + 1))
        on_kinks = rng.random() < 0.25  # integer values and relu-like layers: Z lands exactly on kinks
        names = KINKED_ACTIVATIONS if on_kinks else ELEMENTWISE_ACTIVATIONS
        if on_kinks and loss == "mean_squared_error":
            output = str(rng.choice(KINKED_ACTIVATIONS))
        hidden = tuple(str(a) for a in rng.choice(names, size=depth - 1))
        sizes = tuple(int(n) for n in rng.integers(1, 9, size=depth + 1))
        m = 1 if rng.random() < 0.2 else int(rng.integers(1, 33))
        spec = NetworkSpec(sizes, (*hidden, output), loss, float(rng.choice([0.0, 0.0, 0.1, 1.0])))
        regime = "integers" if on_kinks else str(rng.choice(VALUE_REGIMES))
        problems.append(make_problem(spec, m, str(rng.choice(DTYPES)), int(rng.integers(2**32)), regime))
    return problems


def _first_line(error: BaseException) -> str:
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return " ".join(lines[:2])[:200]


def examples_to_failure(prop: str, problems: Iterable[Problem], limit: int) -> Catch | None:
    """Run one property over problems until it fails (a Catch) or `limit` problems were judged (None)."""
    import manual_backprop
    from autodiff_oracle.properties import PROPERTIES, NotApplicable

    check, judged = PROPERTIES[prop], 0
    with np.errstate(all="raise", under="ignore"):
        for problem in problems:
            if judged >= limit:
                break
            try:
                check(manual_backprop, problem)
            except NotApplicable:
                continue
            except AssertionError as error:
                return Catch(prop, judged + 1, _first_line(error))
            except Exception as error:  # a crash is a catch: the test goes red
                return Catch(prop, judged + 1, f"{type(error).__name__}: {_first_line(error)}")
            judged += 1
    return None


def hunt(mutant: Mutant, problems: Sequence[Problem], properties: Sequence[str], limit: int = 100,
         stop_at_first: bool = False) -> Hunt:
    """Plant mutant and run each property (in order; stop at the first catch if asked)."""
    result = Hunt(mutant)
    with plant(mutant):
        for prop in properties:
            result.catches[prop] = examples_to_failure(prop, problems, limit)
            if stop_at_first and result.catches[prop] is not None:
                break
    return result

