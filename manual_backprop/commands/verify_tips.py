"""The tips `backprop verify` prints after its summary: a compilation cache, the value regimes, what every failing
problem has in common, narrowing a --yours function's problems; and `backprop bench --yours`'s, in the same words,
narrowing its cases. Each returns "" (pattern_tips: none) when it has nothing to say."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from manual_backprop.error_messages import counted

if TYPE_CHECKING:
    from autodiff_oracle.campaign import CampaignResult
    from autodiff_oracle.problems import Problem

#: What every failing problem may have in common that others drawn lack, beside the slip it points at: (whether a
#: problem has it, what it is, what to look for), each shown by a slip only such problems show (tests/
#: test_verify_pattern_tips.py)
PATTERNS: tuple[tuple[Callable[[Problem], bool], str, str], ...] = (
    (lambda problem: problem.X.shape[1] == 1, "m = 1 (one example)",
     "what treats one column apart (np.squeeze(Y), a reshape or a sum that drops an axis of length 1)"),
    (lambda problem: any(a == b for a, b in zip(problem.spec.layer_sizes, problem.spec.layer_sizes[1:],
                                                strict=False)),
     "a square W (n[l] = n[l-1])", "a transpose left out that only a square W's shapes let through (W[l] for "
     "W[l]^T in dZ[l-1], A[l] for A[l-1] in dW[l])"),
)


def cache_hint(cache_dir: str | None, compile_seconds: float) -> str:
    """How to keep JAX's compiled oracle between runs, when no persistent cache is set and compiling took long."""
    if cache_dir or compile_seconds < 5.0:
        return ""
    return ("Tip: set JAX_COMPILATION_CACHE_DIR (e.g. ~/.cache/jax) to keep the compiled oracle between runs; "
            "later runs then skip most of the compile time")


def kink_tip(notes: list[str], values: tuple[str, ...]) -> str:
    """How to leave out the integers regime, which puts relu-like units exactly on their kink, when the failures'
    notes all say a kink could explain them and the scope draws it with another regime: a derivative that differs
    there on purpose then passes."""
    from autodiff_oracle.notes import ON_THE_KINK

    others = [regime for regime in values if regime != "integers"]
    if not notes or not others or "integers" not in values or not all(ON_THE_KINK in note for note in notes):
        return ""
    return ("Tip: if your derivative differs at the kink on purpose (relu'(0) = 1, say), leave out the integers "
            f"regime, which puts units exactly on it: --values {','.join(others)}")


def pattern_tips(failed: Sequence[Problem], drawn: Callable[[], Iterable[Problem]]) -> list[str]:
    """A tip for each of PATTERNS that every failing problem has (3 or more of them, so not by chance) where some
    problems drawn (drawn(): the campaign's, all of them) lack it, and so passed."""
    held = [pattern for pattern in PATTERNS if len(failed) >= 3 and all(pattern[0](problem) for problem in failed)]
    problems = list(drawn()) if held else []
    tips = []
    for has, what, look_for in held:
        without = sum(not has(problem) for problem in problems)
        if without:
            tips.append(f"Tip: each of the {len(failed):,} failing problems has {what}, and each of the {without:,} "
                        f"drawn without it passed: look for {look_for}")
    return tips


def narrowing_tip(raised: list[BaseException], result: CampaignResult | None = None) -> str:
    """What to do about the raises of a --yours function in verify: raise_tip's, on the problems it failed; with
    --pairs naming the output/loss pairs it implements where its NotImplementedErrors in result follow the pairs
    exactly (verify_pairs.implemented_pairs)."""
    from manual_backprop.commands.verify_pairs import implemented_pairs

    kinds = ["NotImplementedError" if isinstance(error, NotImplementedError) else type(error).__name__
             for error in raised]
    pairs = () if result is None else implemented_pairs(result.failures, {
        key: row.cases for key, row in result.by_output.items()})
    exact = (f"; --pairs {','.join(':'.join(pair) for pair in pairs)} draws the output/loss pairs it raised no "
             "NotImplementedError on (it raised one on every problem of the others)" if pairs else "")
    return raise_tip(kinds, "problem", "drawn here", "each failing problem shown names the file and line",
                     "--depth, --hidden, --outputs, --activations, --losses, --pairs, --dtypes, --no-l2, --fused-only"
                     + exact)


def bench_narrowing_tip(reasons: list[str]) -> str:
    """What to do about the raises of a --yours function in bench (bench.yours.raised_kind reads each from its reason
    for a case not timed, the others judged wrong there): raise_tip's, on the cases; "" if it raised on none."""
    from manual_backprop.bench.yours import raised_kind

    kinds = [kind for kind in map(raised_kind, reasons) if kind is not None]
    located = "each case's reason under Skipped in the report names the file and line"
    options = "--networks, --dtypes, --sizes (--networks seed: the notes' network alone)"
    return raise_tip(kinds, "case", "timed here", located, options) if kinds else ""


def raise_tip(kinds: list[str], unit: str, where: str, located: str, options: str) -> str:
    """What to do about a --yours function's raises, by their exceptions' names: narrow the units (problems, cases)
    to what it implements; where a raise is not NotImplementedError, first look for a bug (narrowing the units
    around a crash would hide it)."""
    crashes = [kind for kind in kinds if kind != "NotImplementedError"]
    if not crashes:
        return f"Tip: if your function does not implement every {unit} {where}, narrow them to what it does: {options}"
    return (f"Tip: your function raised {', '.join(sorted(set(crashes)))} on {counted(len(crashes), unit)} "
            f"({located}): most likely a bug, not a {unit} to narrow away; for {unit}s it does not implement, raise "
            f"NotImplementedError and narrow them: {options}")
