"""Runtime that generated modules carry with them: argument handling and numeric helpers.

Each helper is ordinary, tested code here; the generator copies its source into the
generated module (found with :func:`inspect.getsource`), so generated modules import
numpy only (and ``array_api_compat`` when it is installed, for other array libraries).

Argument handling (every generated function):
:func:`_namespace` picks the array namespace, :func:`_as_float` converts, :func:`_require`
and :func:`_require_broadcast` refuse input outside the derived domain with an
:class:`InvalidInputError` naming the argument and the first bad index, and
:func:`_evaluate` runs the printed kernel, block by block on large numpy arrays.

Numeric helpers (one per function of :mod:`derive.functions`): :func:`_exprel`,
:func:`_logratio`, :func:`_ghkflux`, :func:`_sqrtadd`; each takes the namespace ``xp``
first.
"""

from __future__ import annotations

import math

import numpy as np

try:  # optional: arrays of other array-API libraries (dask, array_api_strict, ...)
    import array_api_compat
except ImportError:  # pragma: no cover - the tests install it
    array_api_compat = None


class InvalidInputError(ValueError):
    """An argument outside the domain on which the function was derived.

    Attributes
    ----------
    argument : str
        The argument's name, or the expression of arguments that failed.
    requirement : str
        What it must be, in words.
    index : tuple of int or None
        Index of the first bad element for arrays; None for scalars.
    value : float or None
        The offending value.
    """

    def __init__(self, message, argument, requirement="", index=None, value=None):
        super().__init__(message)
        self.argument = argument
        self.requirement = requirement
        self.index = index
        self.value = value


#: What each condition of _require means, in words.
_REQUIREMENTS = {
    "finite": "finite (not nan or inf)",
    "positive": "positive (> 0)",
    "nonnegative": "nonnegative (>= 0)",
    "negative": "negative (< 0)",
    "nonzero": "nonzero",
    "integer": "a whole number",
}


def _namespace(*args):
    """(xp, scalar): the arguments' array namespace, and whether all are Python or NumPy scalars.

    numpy unless an argument is an array of another array-API library (dask,
    array_api_strict, ...), found with ``array_api_compat`` when it is installed.
    """
    scalar = all(isinstance(a, (int, float, np.generic)) for a in args)
    if not scalar and array_api_compat is not None:
        foreign = [
            a
            for a in args
            if not isinstance(a, (int, float, np.ndarray, np.generic, list, tuple))
            and array_api_compat.is_array_api_obj(a)
        ]
        if foreign:
            return array_api_compat.array_namespace(*foreign), False
    return np, scalar


def _as_float(xp, *args):
    """The arguments as float64 arrays of namespace ``xp``."""
    if xp is np:
        return tuple(np.asarray(a, dtype=np.float64) for a in args)
    return tuple(
        xp.astype(a, xp.float64, copy=False)
        if array_api_compat.is_array_api_obj(a) and not isinstance(a, (np.ndarray, np.generic))
        else xp.asarray(a, dtype=xp.float64)
        for a in args
    )


def _failures(xp, x, conditions):
    """(condition, mask of elements that fail it) for the first condition some element fails, else None."""
    for condition in ("finite", *conditions):
        if condition == "finite":
            ok = xp.isfinite(x)
        elif condition == "positive":
            ok = x > 0
        elif condition == "nonnegative":
            ok = x >= 0
        elif condition == "negative":
            ok = x < 0
        elif condition == "nonzero":
            ok = x != 0
        elif condition == "integer":
            ok = xp.floor(x) == x
        else:
            raise ValueError(f"unknown condition {condition!r}")
        if not bool(xp.all(ok)):
            return condition, ~ok
    return None


def _passes_quickly(x, conditions):
    """True if the numpy array x is seen to meet the conditions from its extremes alone."""
    if x.size == 0:
        return True
    lo, hi = np.min(x), np.max(x)  # nan propagates: every comparison below is then False
    if not (-np.inf < lo and hi < np.inf):
        return False
    for condition in conditions:
        if condition == "positive":
            ok = lo > 0
        elif condition == "nonnegative":
            ok = lo >= 0
        elif condition == "negative":
            ok = hi < 0
        elif condition == "nonzero":
            ok = lo > 0 or hi < 0 or np.count_nonzero(x) == x.size
        elif condition == "integer":
            ok = bool(np.all(np.floor(x) == x))
        else:
            ok = False
        if not ok:
            return False
    return True


def _require(xp, name, x, *conditions, then=None, offset=None):
    """``x`` (or ``then``) once ``x`` is checked finite and to meet ``conditions``.

    Raises :class:`InvalidInputError` naming ``name`` and, for arrays, the index of the
    first element that fails (shifted by ``offset``). Dask arrays are checked block by
    block when the result is computed, so they stay lazy; the index is then that of the
    first bad element of the first failing block.
    """
    out = x if then is None else then
    if array_api_compat is not None and array_api_compat.is_dask_array(x):
        return x.map_blocks(_require_block, out, dtype=out.dtype, argument=name, conditions=conditions)
    if xp is np and _passes_quickly(x, conditions):
        return out
    failed = _failures(xp, x, conditions)
    if failed is None:
        return out
    condition, bad = failed
    requirement = _REQUIREMENTS[condition]
    label = name if name.isidentifier() else f"({name})"
    if x.ndim == 0:
        value = float(x)
        message = f"{name} must be {requirement}; got {label} = {value!r}"
        raise InvalidInputError(message, name, requirement, None, value)
    flat = xp.reshape(bad, (-1,))
    first = int(xp.argmax(xp.astype(flat, xp.int8)))
    index = []
    for extent in reversed(x.shape):
        first, i = divmod(first, extent)
        index.append(i)
    index = tuple(reversed(index))
    value = float(x[index])
    if offset:
        index = tuple(i + o for i, o in zip(index, offset, strict=True))
    where = ", ".join(str(i) for i in index)
    raise InvalidInputError(
        f"{name} must be {requirement}; got {label}[{where}] = {value!r}", name, requirement, index, value
    )


def _require_block(block, then, argument, conditions, block_info=None):
    """One dask block of :func:`_require`: check it eagerly, with the block's offset in the array."""
    location = (block_info or {}).get(0, {}).get("array-location", ())
    _require(np, argument, block, *conditions, offset=tuple(start for start, _ in location))
    return then


def _require_broadcast(**arrays):
    """The broadcast shape of the arrays; InvalidInputError naming them all if they do not broadcast."""
    shapes = {name: tuple(a.shape) for name, a in arrays.items()}
    known = [s for s in shapes.values() if all(isinstance(n, int) for n in s)]  # dask may not know some
    try:
        return np.broadcast_shapes(*known)
    except ValueError:
        names = ", ".join(shapes)
        detail = ", ".join(f"{name} has shape {shape}" for name, shape in shapes.items())
        raise InvalidInputError(
            f"arguments do not broadcast together: {detail}", names, "shapes that broadcast"
        ) from None


#: Elements per block when a numpy kernel runs block by block: a block's temporaries
#: (a dozen arrays of 128 KiB) stay in the CPU cache instead of streaming through memory.
_BLOCK = 16384


def _evaluate(xp, scalar, kernel, *args, blocks=True):
    """kernel(xp, *args): a Python float for scalar arguments, else an array of the broadcast shape.

    With ``blocks``, large numpy arrays whose arguments are full-size or single values
    run block by block; everything else (other namespaces, partial broadcasts) in one call.
    """
    if xp is not np:
        return kernel(xp, *args)
    shape = np.broadcast_shapes(*(a.shape for a in args))
    size = math.prod(shape)
    if not blocks or size <= _BLOCK or any(a.size not in (1, size) for a in args):
        out = kernel(np, *args)
    else:
        flat = [a.reshape(-1) if a.size == size else a.reshape(()) for a in args]
        out = np.empty(size)
        for start in range(0, size, _BLOCK):
            out[start : start + _BLOCK] = kernel(np, *(a[start : start + _BLOCK] if a.ndim else a for a in flat))
        out = out.reshape(shape)
    if scalar:
        return float(out)
    return np.asarray(out)


def _exprel(xp, x):
    """(exp(x) - 1)/x, with the removable singularity filled: exactly 1 at x = 0.

    ``expm1`` keeps full relative accuracy for small |x|, so the quotient is accurate
    to a few ulp everywhere; it overflows to inf only where the result itself does.
    x = 0 is evaluated at 1e-300, where the quotient is exactly 1, so no 0/0 is formed
    (dask evaluates outside any numpy.errstate).
    """
    x = xp.where(x == 0.0, 1e-300, x)
    with np.errstate(over="ignore"):
        return xp.expm1(x) / x


def _logratio(xp, a, b, d):
    """ln(a/b) for positive a and b, given d = a - b computed without cancellation.

    ln(a/b) = ln(1 + d/b) for a >= b and -ln(1 + (b - a)/a) for a < b: one log1p of
    |d|/min(a, b) >= 0, which keeps full relative accuracy however close a/b is to 1
    (exactly 0 for d = 0) and however far; the sign is that of d.
    """
    return xp.copysign(xp.log1p(xp.abs(d) / xp.minimum(a, b)), d)


def _ghkflux(xp, u, a, b):
    """u (a - b e^-u)/(1 - e^-u), exactly a - b at u = 0, with one exponential of |u|.

    With B(x) = x/(e^x - 1): (a - b) B(|u|) + a u for u >= 0 and (a - b) B(|u|) + b u
    for u < 0. B(|u|) lies in (0, 1], so no term is larger than the result's own terms.
    |u| is clipped to [1e-300, 700] for B: B(1e-300) is exactly 1 (no 0/0 at u = 0), and
    beyond 700 the term (a - b) B is below 1e-300 of the result, as it truly is, without
    overflowing e^|u|.
    """
    w = xp.clip(xp.abs(u), 1e-300, None)
    bernoulli = w / xp.expm1(xp.minimum(w, 700.0))
    return (a - b) * bernoulli + xp.where(u >= 0.0, a, b) * u


def _sqrtadd(xp, s, t, p):
    """sqrt(s) + t, given p = s - t**2 computed without cancellation.

    Where t < 0 the sum cancels (the quadratic formula's -b + sqrt(b**2 + 4ac)); there
    it is p/(sqrt(s) - t), a quotient of terms that do not.
    """
    r = xp.sqrt(s)
    return xp.where(t >= 0.0, r + t, p / (r + xp.abs(t)))
