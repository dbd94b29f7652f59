"""examples/yours/notes_backprop.py, a from-scratch backprop as a reader of the notes writes it, passes
`backprop verify --yours` on what it implements, and each of the notes' typos planted in it fails there."""

from __future__ import annotations

import pathlib

import pytest

from manual_backprop.cli import main

EXAMPLE = pathlib.Path(__file__).resolve().parents[1] / "examples" / "yours" / "notes_backprop.py"
SCOPE = ("--activations", "sigmoid,tanh,relu", "--losses", "binary_cross_entropy")
#: (name, the line as written, the typo) for the notes' errata (docs/formulas.md) and the two classic slips
TYPOS = [
    ("E8: + for * in dZ[l-1]", "dZ = (W.T @ dZ) * HIDDEN", "dZ = (W.T @ dZ) + HIDDEN"),
    ("E5: no g'(Z[l-1])", "dZ = (W.T @ dZ) * HIDDEN[spec.activations[l - 2]][1](Z[l - 1], A[l - 1])",
     "dZ = W.T @ dZ"),
    ("E7: a y for a - y", "dZ = A[L] - Y ", "dZ = A[L] * Y "),
    ("db without keepdims", "dZ.sum(axis=1, keepdims=True) / m", "dZ.sum(axis=1) / m"),
    ("no 1/m in dW", "dZ @ A[l - 1].T / m", "dZ @ A[l - 1].T"),
    ("relu'(0) = 1", "(Z > 0).astype(Z.dtype)", "(Z >= 0).astype(Z.dtype)"),
]


def _verify(path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = main(["verify", "--cases", "300", "--large", "0", "--show", "1", "--yours", f"{path}:gradients", *SCOPE])
    return status, capsys.readouterr().out


def test_the_example_passes_on_what_it_implements(capsys: pytest.CaptureFixture[str]) -> None:
    status, out = _verify(EXAMPLE, capsys)
    assert status == 0 and "300 problems verified" in out and "0 failed" in out


@pytest.mark.parametrize(("name", "right", "typo"), TYPOS, ids=[name for name, _, _ in TYPOS])
def test_each_typo_planted_in_the_example_fails(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str],
                                                name: str, right: str, typo: str) -> None:
    source = EXAMPLE.read_text()
    assert source.count(right) == 1, name
    planted = tmp_path / "planted.py"
    planted.write_text(source.replace(right, typo))
    status, out = _verify(planted, capsys)
    assert status == 1 and "FAIL: " in out and "make_problem(" in out, out[-2000:]
    assert ("note: " in out) == name.startswith("relu'(0)")     # the kink convention is named, and only there
