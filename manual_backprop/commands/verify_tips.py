"""The tips `backprop verify` prints after its summary: a compilation cache, the value regimes, narrowing a --yours
function's problems. Each returns "" when it has nothing to say."""

from __future__ import annotations

from manual_backprop.error_messages import counted


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


def narrowing_tip(raised: list[BaseException]) -> str:
    """What to do about the raises of a --yours function: narrow the problems to what it implements; where a raise
    is not NotImplementedError, first look for a bug (narrowing the problems around a crash would hide it)."""
    options = "--depth, --hidden, --outputs, --activations, --losses, --dtypes, --no-l2, --fused-only"
    crashes = [error for error in raised if not isinstance(error, NotImplementedError)]
    if not crashes:
        return ("Tip: if your function does not implement every problem drawn here, narrow them to what it does: "
                + options)
    kinds = ", ".join(sorted({type(error).__name__ for error in crashes}))
    return (f"Tip: your function raised {kinds} on {counted(len(crashes), 'problem')} (each "
            "failing problem shown names the file and line): most likely a bug, not a problem to narrow away; for "
            f"problems it does not implement, raise NotImplementedError and narrow them: {options}")
