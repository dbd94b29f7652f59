"""The oracle: the notes' cost J in jax.numpy, differentiated by jax.grad in float64.

    from autodiff_oracle import cost, gradients, assert_gradients_match
    assert_gradients_match(my_gradients, spec, params, X, Y)   # AssertionError naming the entry

    from autodiff_oracle import Scope, run_campaign               # backprop verify --yours, as a function
    result = run_campaign(my_gradients, cases=500, scope=Scope(("sigmoid", "tanh"), ("binary_cross_entropy",)))
    assert result.ok, result.failures[:1]

It reads manual_backprop's NetworkSpec (and shares its input validation) but never its math.
"""

try:
    import jax  # noqa: F401
except ModuleNotFoundError as error:  # say which extra brings it, as the CLI does
    raise ModuleNotFoundError(f"autodiff_oracle needs JAX: pip install 'manual-backprop[oracle]' ({error})",
                              name=error.name) from error

from .campaign import CampaignResult, run_campaign
from .compare import RTOL, Mismatch, Report, compare, rtol_for
from .harness import assert_gradients_match, check_gradients, oracle
from .plain import OracleResult, cost, cost_and_gradients, evaluate_problem, gradients
from .problems import Problem, make_problem
from .scope import Scope

__all__ = [
    "RTOL",
    "CampaignResult",
    "Mismatch",
    "OracleResult",
    "Problem",
    "Report",
    "Scope",
    "assert_gradients_match",
    "check_gradients",
    "compare",
    "cost",
    "cost_and_gradients",
    "evaluate_problem",
    "gradients",
    "make_problem",
    "oracle",
    "rtol_for",
    "run_campaign",
]
