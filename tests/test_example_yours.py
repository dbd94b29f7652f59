"""The from-scratch gradient functions in examples/yours pass `backprop verify --yours` on what they implement, and
each slip planted in them fails there: notes_backprop.py, as a reader of the notes writes it (the notes' typos),
and row_major_backprop.py, written one row per example as PyTorch does and checked through an adapter (the slips
of that layout)."""

from __future__ import annotations

import pathlib
import re

import pytest

from manual_backprop.cli import main

EXAMPLES = pathlib.Path(__file__).resolve().parents[1] / "examples" / "yours"
#: each example's file and the scope it implements, as its docstring gives it
SCOPES = {
    "notes_backprop.py": ("--activations", "sigmoid,tanh,relu", "--losses", "binary_cross_entropy"),
    "row_major_backprop.py": ("--hidden", "sigmoid,tanh,relu", "--outputs", "sigmoid,softmax",
                              "--losses", "binary_cross_entropy,categorical_cross_entropy"),
}
#: (example, name, the line as written, the slip, how the first failing problem shown fails): the notes' errata
#: (docs/formulas.md) and the two classic slips, then the row-major layout's own. How it fails: "values" (the
#: gradients disagree with the oracle's), "shape" (a gradient of another shape) or "raise" (the function raised).
SLIPS = [
    ("notes_backprop.py", "E8: + for * in dZ[l-1]", "dZ = (W.T @ dZ) * HIDDEN", "dZ = (W.T @ dZ) + HIDDEN", "values"),
    ("notes_backprop.py", "E5: no g'(Z[l-1])",
     "dZ = (W.T @ dZ) * HIDDEN[spec.activations[l - 2]][1](Z[l - 1], A[l - 1])", "dZ = W.T @ dZ", "values"),
    ("notes_backprop.py", "E7: a y for a - y", "dZ = A[L] - Y ", "dZ = A[L] * Y ", "values"),
    ("notes_backprop.py", "db without keepdims", "dZ.sum(axis=1, keepdims=True) / m", "dZ.sum(axis=1) / m", "shape"),
    ("notes_backprop.py", "no 1/m in dW", "dZ @ A[l - 1].T / m", "dZ @ A[l - 1].T", "values"),
    ("notes_backprop.py", "relu'(0) = 1", "(Z > 0).astype(Z.dtype)", "(Z >= 0).astype(Z.dtype)", "values"),
    ("row_major_backprop.py", "db summed over units (the notes' axis=1)", "dZ.sum(axis=0))", "dZ.sum(axis=1))",
     "shape"),
    ("row_major_backprop.py", "dZ W without the transpose", "dZ = (dZ @ W.T) *", "dZ = (dZ @ W) *", "raise"),
    ("row_major_backprop.py", "the transpose dropped for square W only", "dZ = (dZ @ W.T) *",
     "dZ = (dZ @ (W if W.shape[0] == W.shape[1] else W.T)) *", "values"),
    ("row_major_backprop.py", "mean over every entry (reduction='mean')", "dZ = (A[L] - Y) / m ",
     "dZ = (A[L] - Y) / A[L].size ", "values"),
    ("row_major_backprop.py", "dW in the notes' order", "(A[l - 1].T @ dZ + l2", "(dZ.T @ A[l - 1] + l2", "shape"),
]
#: the note under the first failing problem shown, where the report has one (a part of it): the kink convention where
#: relu'(0) is another, the factor of the mean over every entry (times 1/n[L]; the first problem shown has n[L] = 2),
#: and the first dZ to differ where a slip in dZ[l-1] = W[l]^T dZ[l] * g'(Z[l-1]) leaves the layers above right (the
#: first problem shown has 2 layers: dZ[1]; first_wrong.py), which names the row-major layout's form of a W not
#: transposed where the slip is that (it read "W[2] not transposed", which a row-major dZ @ W.T reads as right);
#: E7's dZ[L] = A[L] Y makes every gradient disagree, which a wrong forward pass does too when the cost is not
#: returned (notes_backprop returns the gradients alone): the note says that returning the cost would tell them
#: apart; no other slip gets a note there
FIRST_DZ = "the gradients of layer 2 agree and those of layer 1 disagree: the first quantity to differ is dZ[1] = "
NOTES = {"relu'(0) = 1": "relu-like pre-activations are exactly 0 here, on the kink",
         "mean over every entry (reduction='mean')": "is the oracle's times 0.5 (= 1/n[L] = 1/2: the loss averaged "
                                                     "over all n[L] m entries, not summed over the outputs?)",
         "E8: + for * in dZ[l-1]": FIRST_DZ, "E5: no g'(Z[l-1])": FIRST_DZ,
         "the transpose dropped for square W only": (FIRST_DZ, "dZ @ W without .T in a row-major layout"),
         "E7: a y for a - y": "disagrees and the cost was not returned: a wrong forward pass fits that as well as a "
                              "wrong dZ["}
#: what the first failing problem's report says of a gradient of a wrong shape, where the shape marks the slip
#: (autodiff_oracle/shape_slips.py): db without keepdims is (n[l],), row-major's db summed over the units comes back
#: (m, 1) through the adapter's db[:, None]; dW in the notes' order, (n[l], n[l-1]) + its L2 term's (n[l-1], n[l]),
#: broadcasts to a shape no slip is named by (the first problem shown: (2, 2) for W1's (1, 2), which is (n[0], n[0])
#: too, the shape of dZ[1] carried a layer down: shape_hints.py leaves n[l] = 1 out for that)
SHAPE_HINTS = {"db without keepdims": "; summed over the examples without keepdims=True?)",
               "db summed over units (the notes' axis=1)": "; summed over the units, not the examples?)"}
#: what the first failing problem's report opens with, for each way of failing
OPENING = {"values": r"\n\d+ quantit(y disagrees|ies disagree) with the oracle \(rtol ",
           "shape": r"\nthe gradients returned do not have the parameters' keys, shapes and dtypes:",
           "raise": r"\nthe candidate did not return gradients:\n  the candidate raised "}


def _verify(path: pathlib.Path, scope: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = main(["verify", "--cases", "300", "--large", "0", "--show", "1", "--yours", f"{path}:gradients", *scope])
    return status, capsys.readouterr().out


@pytest.mark.parametrize("example", sorted(SCOPES))
def test_the_example_passes_on_what_it_implements(example: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out = _verify(EXAMPLES / example, SCOPES[example], capsys)
    assert status == 0 and "300 problems verified" in out and "0 of 300 failed" in out


@pytest.mark.parametrize(("example", "name", "right", "slip", "how"), SLIPS, ids=[slip[1] for slip in SLIPS])
def test_each_slip_planted_in_the_example_fails(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str],
                                                example: str, name: str, right: str, slip: str, how: str) -> None:
    source = (EXAMPLES / example).read_text()
    assert source.count(right) == 1, name
    planted = tmp_path / "planted.py"
    planted.write_text(source.replace(right, slip))
    status, out = _verify(planted, SCOPES[example], capsys)
    assert status == 1 and "FAIL: " in out and "make_problem(" in out, out[-2000:]
    assert re.search(OPENING[how], out), out[-2000:]
    if name in SHAPE_HINTS:
        assert SHAPE_HINTS[name] in out, out[-2000:]
    elif how == "shape":                                    # a shape that marks no slip: none is named
        assert not re.search(r"dtype float(32|64); ", out), out[-2000:]
    notes = re.findall(r"\n  note: (.*)", out)
    parts = (NOTES[name],) if isinstance(NOTES.get(name), str) else NOTES.get(name, ())
    assert (len(notes) == 1 and all(part in notes[0] for part in parts)) if name in NOTES else notes == [], notes
