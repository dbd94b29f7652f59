"""The JSON Schema (draft 2020-12) of the test-vector file, written beside it as vectors/schema.json."""

from __future__ import annotations

from typing import Any

from manual_backprop.spec import ACTIVATIONS, LOSSES

SCHEMA_VERSION = "backprop-vectors/1"

_ROWS = {"type": "array", "minItems": 1, "items": {"type": "array", "minItems": 1, "items": {"type": "number"}},
         "description": "the array as a list of rows (a (4, 1) bias is [[b1], [b2], [b3], [b4]]); each number the "
                        "shortest decimal that reads back as the float64 exactly"}
_HEX = {"type": "string", "pattern": "^-?0x[01]\\.[0-9a-f]+p[-+][0-9]+$",
        "description": "the same float64 as an exact hex float (C's %a, Python's float.hex)"}
_HEX_ROWS = {"type": "array", "minItems": 1, "items": {"type": "array", "minItems": 1, "items": _HEX},
             "description": "value's rows as exact hex floats, for parsers you do not trust"}
_SCALE = ("the size of the terms the entry is computed from, in the value's units: its tolerance is "
          "rtol (|value| + scale) + atol")


def _array(scaled: bool) -> dict[str, Any]:
    props: dict[str, Any] = {"value": _ROWS, "hex": _HEX_ROWS}
    if scaled:
        props["scale"] = {"type": "array", "items": {"type": "array", "items": {"type": "number", "minimum": 0}},
                          "description": _SCALE}
    return {"type": "object", "properties": props, "required": list(props), "additionalProperties": False}


_SCALAR = {"type": "object", "additionalProperties": False, "required": ["value", "hex", "scale"],
           "properties": {"value": {"type": "number"}, "hex": _HEX,
                          "scale": {"type": "number", "minimum": 0, "description": _SCALE}}}

_TEST = {
    "type": "object",
    "required": ["tcId", "comment", "flags", "m", "inputs", "expected"],
    "additionalProperties": False,
    "properties": {
        "tcId": {"type": "integer", "minimum": 1, "description": "unique over the file"},
        "comment": {"type": "string", "description": "what the test checks, in words"},
        "flags": {"type": "array", "items": {"type": "string"}, "uniqueItems": True,
                  "description": "names of the notes object: what the test exercises (SingleExample, ReluAtZero, ...)"},
        "m": {"type": "integer", "minimum": 1, "description": "number of examples (columns of X)"},
        "inputs": {"type": "object", "description": "W1, b1, ..., WL, bL, X, Y",
                   "propertyNames": {"pattern": "^([Wb][1-9][0-9]*|X|Y)$"},
                   "additionalProperties": _array(False), "required": ["W1", "b1", "X", "Y"]},
        "expected": {"type": "object", "description": "Z1, A1, ..., ZL, AL, cost, dWL, dbL, ..., dW1, db1: every "
                                                       "layer's, the float64 oracle's for the inputs as given",
                     "propertyNames": {"pattern": "^((Z|A|dW|db)[1-9][0-9]*|cost)$"},
                     "properties": {"cost": _SCALAR}, "additionalProperties": _array(True),
                     "required": ["Z1", "A1", "cost", "dW1", "db1"]},
    },
}

_GROUP = {
    "type": "object",
    "required": ["layerSizes", "activations", "loss", "l2", "dtype", "rtol", "atol", "tests"],
    "additionalProperties": False,
    "properties": {
        "layerSizes": {"type": "array", "minItems": 2, "items": {"type": "integer", "minimum": 1},
                       "description": "(n[0], n[1], ..., n[L])"},
        "activations": {"type": "array", "minItems": 1, "items": {"enum": list(ACTIVATIONS)},
                        "description": "g[1], ..., g[L]"},
        "loss": {"enum": list(LOSSES)},
        "l2": {"type": "number", "minimum": 0, "description": "lambda"},
        "dtype": {"enum": ["float64", "float32"], "description": "the precision the port should compute in"},
        "rtol": {"type": "number", "exclusiveMinimum": 0, "description": "256 u of dtype (u = 2^-53 or 2^-24)"},
        "atol": {"type": "number", "exclusiveMinimum": 0,
                 "description": "256 times dtype's smallest normal number (for values that underflow)"},
        "tests": {"type": "array", "minItems": 1, "items": _TEST},
    },
}

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "backprop_test_schema.json",
    "title": "Test vectors for backpropagation ports",
    "description": "An entry passes when |port - value| <= rtol * (|value| + scale) + atol, with the group's "
                   "rtol and atol and the entry's scale (docs/porting.md).",
    "type": "object",
    "required": ["schema", "algorithm", "generator", "numberOfTests", "header", "notes", "testGroups"],
    "additionalProperties": False,
    "properties": {
        "schema": {"const": SCHEMA_VERSION},
        "algorithm": {"type": "string"},
        "generator": {"type": "string"},
        "numberOfTests": {"type": "integer", "minimum": 1},
        "header": {"type": "array", "items": {"type": "string"},
                   "description": "the layout and the pass rule, in words"},
        "notes": {"type": "object", "additionalProperties": {"type": "string"},
                  "description": "what each flag a test may carry means"},
        "testGroups": {"type": "array", "minItems": 1, "items": _GROUP},
    },
}
