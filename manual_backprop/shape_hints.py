"""Which common slip a gradient's wrong shape is the mark of, for `backprop verify --yours` (autodiff_oracle's
shape_slips.py) and `backprop check-port` (port_quantity.py) alike. Names and tuples only, no math and no NumPy: the
oracle may import it (tests/test_oracle.py's ALLOWED), as it imports spec.py.

With W[l] of shape (n[l], n[l-1]), b[l] of (n[l], 1) and m examples:
- W or b of the transposed shape: rows and columns swapped (a row-major layout's);
- W of shape (n[l], n[l]) where n[l] != n[l-1] and n[l-1] > 1: dZ[l] A[l]^T, A[l] for A[l-1];
- W of shape (n[l-1], n[l-1]) where n[l] != n[l-1] and n[l] > 1: dA[l-1] A[l-1]^T, dZ[l] carried a layer down (to
  dA[l-1] = W[l]^T dZ[l], or dZ[l-1]) before dW[l] was formed; only where the layer sizes are known;
  n[l-1] = 1 and n[l] = 1 leave them out: there, W's own (n[l], n[l-1]) plus a term of the transposed shape (the
  L2 term (lambda/m) W of a row-major layout's W) broadcasts to (n[l], n[l]) and (n[l-1], n[l-1]);
- each W hint above, where another layer's W has that shape (the layer sizes known), names its gradient under
  W[l]'s key as well: the shape cannot tell the two (n = (2, 4, 2): dW1 transposed is dW2's shape; a square
  W[l-1] is (n[l-1], n[l-1]));
- b of shape (n[l],): the sum over the examples without keepdims=True (a port's: a flat list for a column);
- b of shape (n[l], m): dZ[l] not summed at all;
- b of shape (m,), (1, m) or (m, 1) where m != n[l]: a sum over the units, not the examples;
- b of shape (1, 1) where n[l] > 1: a sum over every entry (no axis; a port's: no NumPy word).
Each only where the shape tells it from the right one, in that order where two are one (n[l] = m makes (m,) (n[l],)).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def layer_sizes(shapes: Mapping[str, Sequence[int]]) -> tuple[int, ...]:
    """(n[0], n[1], ..., n[L]) read off the parameters' shapes: W1 of (n[1], n[0]), ..., WL of (n[L], n[L-1])."""
    L = sum(key[0] == "W" and key[1:].isdigit() for key in shapes)
    return (shapes["W1"][1], *(shapes[f"W{l}"][0] for l in range(1, L + 1)))


def _carried_down(l: int, got: tuple[int, ...], shape: tuple[int, ...], sizes: Sequence[int]) -> str:
    """The hint for W[l] of shape (n[l-1], n[l-1]) (got, W[l]'s own being shape), where the layer sizes are known."""
    k = l - 1
    if not sizes or shape[0] == 1 or got != (shape[1], shape[1]):                      # n[l] = 1: a broadcast's
        return ""
    also = f", or dZ[{k}]" if k else ""
    return (f"the shape of dA[{k}] A[{k}]^T, (n[{k}], n[{k}]): dZ[{l}] carried a layer down (to dA[{k}] = "
            f"W[{l}]^T dZ[{l}]{also}) before dW[{l}] was formed?")


def _or_under_its_key(hint: str, key: str, got: tuple[int, ...], sizes: Sequence[int]) -> str:
    """hint, and for a W key where other layers' W have the shape got, their gradients under key named too: the
    shape cannot tell the slip hint names from gradients keyed a layer off (n = (2, 4, 2): dW1 transposed is dW2's
    shape)."""
    if not hint or key[:1] != "W" or not key[1:].isdigit():
        return hint
    l = int(key[1:])
    others = [f"dW[{j}]" for j in range(1, len(sizes)) if j != l and (sizes[j], sizes[j - 1]) == got]
    return f"{hint[:-1]}, or {' or '.join(others)}, of the same shape, under W[{l}]'s key?" if others else hint


def shape_slip(key: str, got: tuple[int, ...], shape: tuple[int, ...], m: int | None = None,
               sizes: Sequence[int] = (), port: bool = False) -> str:
    """The slip that gives a gradient for key (W1, b1, ...; any other key: the transposed shape alone) of shape got
    instead of shape, or '' (got == shape among them). m: the number of examples, and sizes: the layer sizes
    (n[0], ..., n[L]), where known; port: said of a port's results file, whose b is a flat list, not a sum."""
    if got == shape:
        return ""
    if len(got) == 2 and got == shape[::-1]:
        return _or_under_its_key("the transposed shape: rows and columns swapped?", key, got, sizes)
    if key[:1] not in ("W", "b") or not key[1:].isdigit():
        return ""
    l, n = int(key[1:]), shape[0]              # got is not shape: each shape below is another
    if key[0] == "W":                          # (n, n) is not W's own (n, n[l-1]), so n != n[l-1]
        square = got == (n, n) and shape[1] != 1   # n[l-1] = 1: (n, 1) + (1, n) broadcasts to (n, n) too
        return _or_under_its_key(f"the shape of dZ[{l}] A[{l}]^T, (n[{l}], n[{l}]): A[{l}] for A[{l - 1}]?" if square
                                 else _carried_down(l, got, shape, sizes), key, got, sizes)
    if got == (n,):
        return (f"a flat list for a column: db{l} is written [[...], [...], ...], (n[{l}], 1)?" if port else
                "summed over the examples without keepdims=True?")
    if m is not None and got == (n, m):
        return f"dZ[{l}]'s shape, (n[{l}], m): not summed over the examples?"
    if m is not None and got in {(m,), (1, m), (m, 1)}:   # m = n makes them (n,) (above), (1, n) (above), b's own
        return "summed over the units, not the examples?"
    every = "summed over every entry, not" if port else "summed over every entry (no axis), not"   # NumPy's axis
    return f"{every} over the examples alone?" if got == (1, 1) else ""
