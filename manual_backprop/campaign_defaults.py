"""The verification campaign's defaults, kept without JAX: `backprop verify` builds its options and their help from
them with NumPy alone (manual_backprop/commands/verify.py), and autodiff_oracle's campaign and scope draw by the same
values.
Settings, no math: the oracle may import this module (tests/test_oracle.py, CONTRIBUTING.md)."""

from __future__ import annotations

#: problems a campaign draws unless told (run_campaign's cases, `backprop verify --cases`)
CASES = 3000
#: the campaign's seed unless told (run_campaign's and generate's seed, `backprop verify --seed`)
SEED = 0
#: the deepest network drawn, number of layers L (the campaign's padded oracle pads every network to 4 layers)
MAX_DEPTH = 4
#: the dtypes drawn unless told, in this order (Scope's dtypes, `backprop verify --dtypes`)
DTYPES: tuple[str, ...] = ("float64", "float32")
