"""Numeric helpers that generated NumPy modules carry with them.

Each helper is ordinary, tested code here; the generator copies its source into the
generated module (found with :func:`inspect.getsource`) when a printed expression
uses it, so generated modules import numpy only.
"""

from __future__ import annotations

import numpy as np


def _exprel(x):
    """(exp(x) - 1)/x, with the removable singularity filled: exactly 1 at x = 0.

    ``expm1`` keeps full relative accuracy for small |x|, so the quotient is accurate
    to a few ulp everywhere; it overflows to inf only where exp(x) itself would.
    """
    x = np.asarray(x, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        quotient = np.expm1(x) / x
    return np.where(x == 0.0, 1.0, quotient)
