"""The campaign's decoys: what judging.judge also calls the candidate on, just before and just after a problem.

A decoy has the problem's shapes and other values (its X and Y with other params, or its params with other X and Y),
so state the candidate keeps between calls shows: gradients cached by shape or by the values the decoy keeps, and
returned buffers that the next call overwrites.
"""

from __future__ import annotations

from dataclasses import dataclass

from .problems import Arguments, Problem, make_problem


@dataclass(frozen=True, eq=False)
class Decoy:
    """What the candidate is also called on just before and after problem: its X and Y with other's params (keeps
    "X and Y", as a training loop's steps are), or its params with other's X and Y (keeps "params"). other is
    problem at the next seed, so that str(decoy) names both and a user can rebuild it."""

    problem: Problem
    other: Problem
    keeps: str

    @property
    def differs(self) -> str:
        return "params" if self.keeps == "X and Y" else "X and Y"

    @property
    def arguments(self) -> Arguments:
        (spec, params, X, Y), other = self.problem, self.other
        return (spec, other.params, X, Y) if self.keeps == "X and Y" else (spec, params, other.X, other.Y)

    def __str__(self) -> str:
        return f"its {self.keeps} with the {self.differs} of {self.other!r}"


def decoy_for(problem: Problem) -> Decoy:
    """problem's X and Y with other params (seed % 8 < 4), or its params with other X and Y: those of the same spec,
    shapes, dtype, regime and layout at the next seed. Either kind alone misses a cache keyed by the values it
    changes; each is the last call before its problem, so a cache of the last call's gradients alone is hit too."""
    other = make_problem(problem.spec, problem.X.shape[1], problem.dtype, (problem.seed + 1) % 2**32, problem.values,
                         problem.layout)
    return Decoy(problem, other, "X and Y" if problem.seed % 8 < 4 else "params")

