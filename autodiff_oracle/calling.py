"""How the harness calls a candidate and reads what it returns: read-only copies of the inputs (a write raises where it
happens), the result split into (cost, gradients), and the gradients read inside the call's guard, so that whatever
the candidate's own code does there (a Mapping of its own, a key class) is the candidate's. harness.py, judging.py
and bench --yours call it through call_read_only.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from typing import Any, NoReturn

import numpy as np

from manual_backprop.error_messages import a_type, error_text
from manual_backprop.spec import NetworkSpec

# f(spec, params, X, Y): params arrive as a read-only mapping (a dict-typed parameter is fine to Python; left
# unconstrained here so that neither a dict- nor a Mapping-annotated function is a type error to a user's mypy)
Candidate = Callable[..., Any]


class ReturnedError(TypeError):
    """What the candidate returned cannot be read as the gradients or (cost, gradients): a fault of its result (e.g.
    (gradients, cost) swapped), which no line of its code raised."""


def split_result(result: Any) -> tuple[float | None, Any]:
    """A candidate's result as (cost or None, gradients); a 2-tuple must be (cost, gradients), the cost a number
    or an array holding one (the notes' Y log(A)^T is a (1, 1) array); two arrays, (dW1, db1), a one-layer network's
    gradients as a tuple, are named as that, not read as a cost."""
    if isinstance(result, tuple) and len(result) == 2:
        if all(isinstance(item, np.ndarray) for item in result):                # (dW1, db1)
            raise ReturnedError(f"the candidate returned a 2-tuple of {a_type(result[0])} and {a_type(result[1])}, "
                                "not (cost, gradients): return the gradients as a dict under the parameters' keys "
                                "(W1, b1, ...)")
        if not isinstance(result[0], (int, float, np.number, np.ndarray)):      # e.g. (gradients, cost)
            raise ReturnedError(f"the candidate returned a 2-tuple whose first item is {a_type(result[0])}: "
                            "return (cost, gradients) or the gradients dict alone")
        if np.size(result[0]) != 1:
            raise ReturnedError(f"the candidate returned a cost of shape {np.shape(result[0])}: return J as one "
                                "number")
        return float(np.asarray(result[0]).reshape(())), result[1]
    return None, result


class ReadOnlyParams(dict[str, np.ndarray]):
    """The params a candidate receives: a dict that refuses writes into itself (rebinding, adding or removing a
    key raises TypeError saying it is read-only), whose copies are plain dicts: copy.copy and dict() keep the
    (read-only) arrays, copy.deepcopy copies them, writable, and pickling gives a dict."""

    def _refuse(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError("the params mapping is read-only: copy it to change it (dict(params), copy.deepcopy(params))")

    __setitem__ = __delitem__ = __ior__ = _refuse
    clear = pop = popitem = setdefault = update = _refuse

    def __copy__(self) -> dict[str, np.ndarray]:
        return dict(self)

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, np.ndarray]:
        return {key: copy.deepcopy(value, memo) for key, value in self.items()}

    def __reduce__(self) -> tuple[type, tuple[dict[str, np.ndarray]]]:
        return dict, (dict(self),)


def read_only(params: Mapping[str, np.ndarray], X: np.ndarray,
              Y: np.ndarray) -> tuple[Mapping[str, np.ndarray], np.ndarray, np.ndarray]:
    """Read-only views of read-only copies of the inputs, each copy in its array's memory order (C or Fortran): a
    candidate's write into one raises where it happens, and so does setting one writable again (setflags(write=True),
    on the view or any view of it: the copy beneath is read-only), or a write into the params mapping itself (a
    ReadOnlyParams: rebinding, adding or removing a key). Nothing the candidate does reaches the caller's arrays
    (views of them, as before session 27, could be set writable and written through)."""

    def view(array: np.ndarray) -> np.ndarray:
        own = np.array(array, order="K")          # C stays C and F stays F: the layouts the campaign draws
        own.flags.writeable = False
        return own.view()                         # its base is read-only: no view of it can be set writable

    return ReadOnlyParams({key: view(value) for key, value in params.items()}), view(X), view(Y)


def wrote_into_inputs(error: BaseException) -> bool:
    """Whether error is the refusal to write into a read-only input, to set one writable, or to change the params
    mapping (call_read_only's)."""
    text = error_text(error)                      # a candidate's exception class may break its own __str__
    return "read-only" in text or "WRITEABLE flag" in text


def read_gradients(gradients: Any) -> Any:
    """The gradients a candidate returned, read as compare reads them: a Mapping other than a plain dict of plain
    arrays under str keys becomes a dict of its items, an ndarray subclass among them a plain view of it, a key a
    plain str (a str subclass by its str(), such as NumPy's str_; any other key as its repr and type, '1 (int)',
    which no parameter's key equals). So the candidate's own code in what it returned (a __getitem__, keys or
    __iter__ of its own, a property of its array class, a key's __eq__ or __str__) runs here, under call_read_only,
    and a raise there is the candidate's, not a failure of the comparison. A plain dict of plain arrays under str
    keys runs none: it is kept as it is. Anything else is returned as it is: compare names its type."""
    if not isinstance(gradients, Mapping):
        return gradients
    if type(gradients) is dict and all(type(key) is str and type(value) is np.ndarray
                                       for key, value in gradients.items()):
        return gradients
    items = ((key, gradients[key]) for key in gradients)
    return {_plain_key(key): np.asarray(value) if isinstance(value, np.ndarray) else value for key, value in items}


def _plain_key(key: object) -> str:
    """key as a plain str: str(key) for a str (of a subclass too), else its repr and type ('1 (int)')."""
    return str.__str__(str(key)) if isinstance(key, str) else f"{key!r} ({type(key).__name__})"


def call_read_only(candidate: Candidate, spec: NetworkSpec, params: Mapping[str, np.ndarray], X: np.ndarray,
                   Y: np.ndarray) -> tuple[float | None, Any, Any]:
    """(cost or None, gradients read, the object returned) of candidate on read-only copies of the arrays and a
    read-only params mapping: a gradient that writes into its inputs raises at the write (ValueError for an array,
    TypeError for the mapping), with a note saying why. What it returned is read here too (split_result,
    read_gradients): whatever raises in its call or in reading its result comes through here, the candidate's. The
    object returned is for reading again later (judging: a Mapping the next call fills again)."""
    try:
        cost, returned = split_result(candidate(spec, *read_only(params, X, Y)))
        return cost, read_gradients(returned), returned
    except (ValueError, TypeError) as error:
        if wrote_into_inputs(error):
            error.add_note("autodiff_oracle passes the inputs read-only: the candidate wrote into one of them or "
                           "set one writable; copy an input to change it (X.copy())")
        raise
