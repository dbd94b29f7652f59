"""The package's array types, which every module of the math imports (through activations, which re-exports them)."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

#: An (n[l], m) array (or (n[l], n[l-1]), (n[l], 1)) of floats in the notes' layout
Array = NDArray[np.floating]
#: Y as the public functions take it: real labels, int and bool ones cast to X's dtype (validation.check_Y)
Labels = NDArray[np.floating | np.integer | np.bool_]
