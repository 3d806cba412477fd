"""Runtime of the compiled module: point-wise helpers for numba, and the driver of its kernels.

The point-wise helpers take and return floats, use :mod:`math` only, and are written
for numba: the compiled module applies ``numba.njit`` to the source copied from here
(this module itself does not import numba, so ``derive build`` never needs it). Under
numba ``math.expm1`` returns inf instead of raising OverflowError, and division by
zero follows IEEE rules (``error_model="numpy"``).

:func:`_evaluate_compiled` prepares numpy arguments for a kernel printed by
:mod:`derive.printing.module` (a ``prange`` loop over flat, contiguous columns, where
a single value is read with step 0) and runs it.
"""

from __future__ import annotations

import math

import numpy as np

try:  # optional, as in the numpy module
    import array_api_compat
except ImportError:  # pragma: no cover - the tests install it
    array_api_compat = None


def _exprel(x):
    """(exp(x) - 1)/x, exactly 1 at x = 0."""
    if x == 0.0:
        return 1.0
    return math.expm1(x) / x


def _logratio(a, b, d):
    """ln(a/b) for positive a and b, given d = a - b computed without cancellation."""
    if d >= -0.5 * b:
        return math.log1p(d / b)
    return math.log(a / b)


def _ghkflux(u, a, b):
    """u (a - b e^-u)/(1 - e^-u), exactly a - b at u = 0, with one exponential of |u|."""
    w = abs(u)
    bernoulli = 1.0 if w == 0.0 else w / math.expm1(w)
    return (a - b) * bernoulli + (a if u >= 0.0 else b) * u


def _column(a, size):
    """(flat read-only float64 column, step): step 0 reads one value for every point.

    Every column has the same numba type, so each kernel compiles once.
    """
    if a.size == 1 and size != 1:
        column, step = a.reshape(1), 0
    elif a.size and not any(a.strides):  # a broadcast view of one value (dask blocks)
        column, step = np.asarray(a[(0,) * a.ndim]).reshape(1), 0
    else:
        column, step = np.ascontiguousarray(a).reshape(-1), 1
    column = column.view()
    column.flags.writeable = False
    return column, step


def _evaluate_compiled(xp, scalar, kernel, pointwise, *args):
    """Run a compiled kernel: a Python float for scalars, a numpy array (or a lazy dask array) otherwise."""
    if scalar:
        return float(pointwise(*(float(a) for a in args)))
    if xp is not np:
        if array_api_compat is not None and any(array_api_compat.is_dask_array(a) for a in args):
            import dask.array as da

            blocks = [a if array_api_compat.is_dask_array(a) else da.asarray(np.asarray(a)) for a in args]
            # dask hands a one-chunk array whole to every block: give all the same chunks.
            blocks = da.broadcast_arrays(*blocks)
            chunks = max((b.chunks for b in blocks), key=lambda c: math.prod(len(n) for n in c))
            blocks = [b.rechunk(chunks) for b in blocks]
            return da.map_blocks(
                lambda *b: _evaluate_compiled(np, False, kernel, pointwise, *b), *blocks, dtype=np.float64
            )
        raise TypeError(
            f"the compiled module takes numpy or dask arrays, not {xp.__name__} arrays; "
            "use the numpy module (generated/membrane.py) for other array libraries"
        )
    shape = np.broadcast_shapes(*(a.shape for a in args))
    size = math.prod(shape)
    columns = []
    for a in args:
        if a.size not in (1, size):
            a = np.broadcast_to(a, shape)  # a partial broadcast, (n, 1) against (1, m): materialised
        columns.extend(_column(a, size))
    out = np.empty(size)
    kernel(out, *columns)
    return out.reshape(shape)
