"""Runtime that generated modules carry with them: argument handling and numeric helpers.

Each helper is ordinary, tested code here; the generator copies its source into the
generated module (found with :func:`inspect.getsource`), so generated modules import
numpy only (and ``array_api_compat`` when it is installed, for other array libraries).

A generated function has three paths. Python floats take its own fast path (printed
into the function). Everything else goes to :func:`_apply`: :func:`_namespace` picks the
array namespace, :func:`_as_float` converts and refuses what is not a real number,
:func:`_require_broadcast` checks shapes; numpy arrays then run block by block with the
checks fused in (:func:`_run_numpy`, or the compiled module's ``_run_compiled``; a numpy
kernel traced once into a program of ufuncs that write into scratch arrays, :func:`_plan`), dask
arrays chunk by chunk the same way (:func:`_apply_dask`), other namespaces the checks
(:func:`_check_all`) then the kernel. Only a block that fails its quick checks goes the
slow way (:func:`_settle`): it names the first bad argument and index with an
:class:`InvalidInputError`, or evaluates again, exactly, the points floats cannot (the
exact kernels, in decimal arithmetic, at the end of this file).

Numeric helpers (one per function of :mod:`derive.functions`): :func:`_exprel`,
:func:`_logratio`, :func:`_ghkflux`, :func:`_sqrtadd`; each takes the namespace ``xp``
first.
"""

from __future__ import annotations

import decimal
import math
import sys
import warnings

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


class UnitSlipWarning(UserWarning):
    """A value that is valid but almost certainly in the wrong unit: a temperature below
    200 K (degrees Celsius?), a membrane potential beyond +-2 V (millivolts?).

    Issued once per argument and call, naming the argument and the first such value;
    pass SI values, or pint Quantities (which are converted). validate=False skips it.
    """


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


def _reals(*args):
    """True if every argument is a float (numpy's float64 included) or an int with a float value.

    Such arguments take the fast path once converted to Python floats.
    """
    for a in args:
        if not (isinstance(a, float) or type(a) is int and -_BIGGEST <= a <= _BIGGEST):
            return False
    return True


def _as_float(xp, *args, names=None):
    """The arguments as float64 arrays of namespace ``xp``; InvalidInputError naming one that is not real.

    Refused: complex values, masked arrays (their mask would be dropped), strings, None,
    dicts and other objects, and integers beyond the range of a float.
    """
    out = []
    for i, a in enumerate(args):
        name = names[i] if names else f"argument {i + 1}"
        out.append(_real(xp, name, a))
    return tuple(out)


def _real(xp, name, a):
    """One argument as a float64 array of namespace ``xp``, or InvalidInputError naming it."""
    got = None
    if isinstance(a, np.ma.MaskedArray):
        got = "a masked array (its mask would be ignored)"
    elif isinstance(a, bool) or not isinstance(a, int):
        pass
    elif -_BIGGEST <= a <= _BIGGEST:  # a Python int numpy would keep as an object
        a = float(a)
    else:
        got = "an integer beyond the range of a float"
    if got is None and (xp is np or isinstance(a, (float, np.ndarray, np.generic, list, tuple))):
        try:
            x = np.asarray(a)
        except (ValueError, TypeError, OverflowError):  # ragged lists, ...
            x = None
        if x is None or x.dtype.kind not in "biuf":
            got = type(a).__name__ if x is None or x.ndim == 0 else f"an array of {x.dtype}"
        elif xp is np:
            return np.asarray(x, dtype=np.float64)
        else:
            return xp.asarray(np.asarray(x, dtype=np.float64))
    elif got is None:
        kind = getattr(a.dtype, "kind", None)
        real = (
            kind in ("b", "i", "u", "f")
            if kind is not None
            else xp.isdtype(a.dtype, ("real floating", "integral", "bool"))
        )
        if real:
            return xp.astype(a, xp.float64, copy=False)
        got = f"an array of {a.dtype}"
    raise InvalidInputError(f"{name} must be a real number or an array of real numbers; got {got}", name, "real")


#: The largest finite float: a Python int beyond it has no float value.
_BIGGEST = 1.7976931348623157e308


def _failures(xp, x, conditions, skip=None):
    """(condition, mask of elements that fail it) for the first condition some element fails, else None.

    Elements where the mask ``skip`` is true are not judged (numpy arrays only).
    """
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
        if skip is not None:
            ok = ok | skip
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

#: Elements per block of a validated call, and of a dask chunk (the numpy path): its checks
#: cost a fixed number of Python operations per block, so bigger blocks than _BLOCK pay,
#: while the temporaries of a block still fit in the (shared) L3 cache.
_CHECKED_STEP = 2 * _BLOCK
_DASK_STEP = 4 * _BLOCK

#: The window of magnitudes in which the float kernels are exact to their stated bound:
#: a product of three arguments in it neither overflows nor underflows. A point with a
#: positive (or nonnegative, nonzero) argument below _TINY, any argument above _HUGE, or a
#: result that is not finite, is evaluated again with the exact kernel (decimal arithmetic).
_TINY = 1e-100
_HUGE = 1e100


class _Spec:
    """What the runtime needs to know of one generated function, built once at import.

    name, params: the function's and its arguments' names; conditions: per argument,
    the conditions of :data:`_REQUIREMENTS` it must meet (besides finite); compounds:
    (expression text, conditions) of the checks on expressions of several arguments,
    whose values ``compound(xp, *args)`` returns; kernel: the array kernel (numpy
    module) or the compiled loop (compiled module); run: how :func:`_apply` runs it on
    numpy arrays; exact: the point-wise kernel in decimal arithmetic, returning the
    value and the compounds' values; blocked: whether the numpy kernel runs in blocks;
    units: the SI unit of each argument and of the result, as pint reads them (for
    arguments given as pint Quantities); plausible: per argument None, or (low, high,
    advice): outside [low, high] a valid value is almost certainly a unit slip, and
    warns (:class:`UnitSlipWarning`); implied: per compound None, or its terms, each as
    the indices of the arguments whose being > 0 makes the term, and so the compound,
    positive (a sum of products of positive arguments inside the window: see
    derive.printing.module.implied_by_parameters), so that blocks need not compute it;
    bounded: whether the float kernel is finite wherever the arguments and compounds pass
    their checks (proved by bounds in derive.printing.module.finite_wherever_valid), so that
    the numpy path need not look at the result; point (compiled module): the point-wise
    kernel and its check (``_<name>_at``, ``_<name>_ok``), which run a call whose every
    argument is one value, so that no loop is compiled for that pattern.
    """

    def __init__(
        self,
        name,
        params,
        conditions,
        compounds,
        compound,
        kernel,
        run,
        exact,
        blocked=True,
        units=None,
        plausible=None,
        implied=None,
        bounded=False,
        point=None,
    ):
        self.name, self.params, self.conditions = name, params, conditions
        self.compounds, self.compound, self.kernel, self.run = compounds, compound, kernel, run
        self.exact, self.blocked = exact, blocked
        self.signed = tuple(not ({"positive", "nonnegative", "negative"} & set(c)) for c in conditions)
        self.units = units
        self.plausible = plausible or (None,) * len(params)
        self.implied = implied or (None,) * len(compounds)
        self.bounded = bounded
        self.point = point

    def quiet(self, names):
        """This spec without the unit-slip warnings of the arguments ``names`` (given with their units)."""
        spec = object.__new__(_Spec)
        spec.__dict__.update(self.__dict__)
        spec.plausible = tuple(None if n in names else p for n, p in zip(self.params, self.plausible, strict=True))
        # The proof that the kernel is finite (bounded) may rest on the plausible ranges dropped here.
        spec.bounded = self.bounded and spec.plausible == self.plausible
        return spec


def _apply(spec, validate, *args):
    """The general path of a generated function: any array, scalars that the fast path did not take."""
    for a in args:
        if hasattr(a, "_REGISTRY") and hasattr(a, "m_as"):  # a pint Quantity
            return _apply_units(spec, validate, args)
    xp, scalar = _namespace(*args)
    args = _as_float(xp, *args, names=spec.params)
    if validate:
        _require_broadcast(**dict(zip(spec.params, args, strict=True)))
    if xp is not np:
        if array_api_compat is not None and any(array_api_compat.is_dask_array(a) for a in args):
            return _apply_dask(spec, validate, args)
        if spec.run.__name__ == "_run_compiled":
            raise TypeError(
                f"the compiled module takes numpy or dask arrays, not {xp.__name__} arrays; "
                "use the numpy module (generated/membrane.py) for other array libraries"
            )
        if validate:
            _check_all(xp, spec, args)
            _warn_slips(xp, spec, args, None)
        return spec.kernel(xp, *args)
    out = spec.run(spec, validate, args, ())
    if scalar:
        return float(out)
    return out


def _apply_units(spec, validate, args):
    """The call with pint Quantities among the arguments: each converted to its argument's SI
    unit (plain numbers are SI already), the result a Quantity of the same unit registry.

    pint is imported only here, when an argument is a Quantity: the module needs numpy alone.
    An argument of the wrong dimension is an InvalidInputError naming it. Arguments given
    with a unit do not warn of unit slips (the unit says what was meant).
    """
    import numbers

    import pint

    if spec.units is None:  # pragma: no cover - every generated function has units
        raise TypeError(f"{spec.name} does not take pint Quantities")
    values, given, registry = [], [], None
    for name, unit, a in zip(spec.params, spec.units[:-1], args, strict=True):
        if not (hasattr(a, "_REGISTRY") and hasattr(a, "m_as")):
            values.append(a)
            continue
        registry = registry or a._REGISTRY
        try:
            m = a.m_as(unit)
        except pint.DimensionalityError:
            wanted = registry.Quantity(1, unit).dimensionality
            raise InvalidInputError(
                f"{name} must be a quantity in {unit} (dimension {wanted}); got {a!s}, of dimension {a.dimensionality}",
                name,
                f"a quantity in {unit}",
            ) from None
        if isinstance(m, numbers.Real) and not isinstance(m, (int, float)):
            m = float(m)  # a Fraction or Decimal magnitude
        values.append(m)
        given.append(name)
    out = _apply(spec.quiet(given), validate, *values)
    return registry.Quantity(out, spec.units[-1])


def _stacklevel():
    """The stacklevel, for warnings.warn called by the caller, of the first frame outside this file."""
    frame, level = sys._getframe(2), 2
    while frame is not None and frame.f_code.co_filename == __file__:
        frame, level = frame.f_back, level + 1
    return level


def _warn_slips(xp, spec, args, locate, warned=None):
    """Warn (UnitSlipWarning) once for each argument with a value outside its plausible range.

    args are the arguments (flat arrays, or single values, as :func:`_settle` takes them),
    ``locate(i)`` the index in the caller's array of point i; ``warned`` the names already
    warned of in this call (updated).
    """
    for name, x, plausible in zip(spec.params, args, spec.plausible, strict=True):
        if plausible is None or (warned is not None and name in warned):
            continue
        low, high, advice = plausible
        bad = (x < low) | (x > high)
        if not bool(xp.any(bad)):
            continue
        if x.ndim == 0 or (xp is np and not any(x.strides)):  # one value (or a broadcast view of one)
            value, where = float(x.reshape(-1)[0]) if x.ndim else float(x), None
        else:
            flat = xp.reshape(bad, (-1,))
            i = int(xp.argmax(xp.astype(flat, xp.int8)))
            value = float(xp.reshape(x, (-1,))[i])
            where = locate(i) if locate is not None else tuple(int(j) for j in np.unravel_index(i, x.shape))
        position = "" if where is None else f"[{', '.join(str(i) for i in where)}]"
        warnings.warn(
            f"{spec.name}: {name}{position} = {value!r} {advice}", UnitSlipWarning, stacklevel=_stacklevel()
        )
        if warned is not None:
            warned.add(name)


def _apply_dask(spec, validate, args):
    """A lazy dask array: every block checked and evaluated like a numpy array, where it lies.

    One task per block of the result and nothing more: a single value given as a number
    (a 0-d array whose graph is that value) is passed to every block as a constant, not
    broadcast into a dask array of the result's chunks; a lazy single value is one block
    that every block reads. Arrays are rechunked only where their chunks differ (dask
    would hand a one-chunk array whole to every block), and never broadcast.
    """
    import dask.array as da
    from dask.array.core import unify_chunks
    from dask.base import tokenize

    values = []
    for a in args:  # a 0-d array whose graph is one numpy value: a number the caller gave
        value = next(iter(a.dask.values())) if a.ndim == 0 and len(a.dask) == 1 else None
        values.append(value if type(value) is np.ndarray and value.ndim == 0 else None)
    if all(v is not None for v in values):  # only given numbers: keep one a (one-block) dask array
        values[0] = None
    ndim = max(a.ndim for a in args)
    pairs = []
    for a, v in zip(args, values, strict=True):
        pairs += (v, None) if v is not None else (a, tuple(range(ndim - a.ndim, ndim)))
    _, blocks = unify_chunks(*pairs, warn=False)
    name = f"{spec.name}-{tokenize(spec.name, spec.run.__name__, validate, *blocks)}"
    return da.map_blocks(
        _dask_block,
        *blocks,
        dtype=np.float64,
        meta=np.empty((0,) * ndim),
        name=name,
        spec=spec,
        validate=validate,
    )


def _dask_block(*blocks, spec, validate, block_info=None):
    """One dask block: a numpy evaluation that reports bad input at its index in the whole array.

    The numpy path runs it in blocks of _DASK_STEP points: fewer Python operations per
    point, so that dask's threads wait less for each other's hold on the interpreter (GIL).
    """
    offset = tuple(start for start, _ in block_info[None]["array-location"]) if block_info else ()
    try:
        if spec.run.__name__ == "_run_numpy":
            return spec.run(spec, validate, blocks, offset, _DASK_STEP)
        # the compiled loop on this thread alone: it releases the interpreter, so dask's threads
        # run their blocks at once (a loop split over threads of its own would fight them for the cores)
        return spec.run(spec, validate, blocks, offset, threads=1)
    except InvalidInputError as error:
        # a bad single value fails in every block: name it where the numpy call does, at the
        # whole array's first point, whichever block dask's threads ran first
        if error.index is None or error.argument not in spec.params or blocks[spec.params.index(error.argument)].ndim:
            raise
        condition = next(c for c, words in _REQUIREMENTS.items() if words == error.requirement)
        try:
            _refuse(error.argument, condition, error.value, (0,) * len(offset))
        except InvalidInputError as first_point:
            raise first_point from None


def _check_all(xp, spec, args, offset=None):
    """Every check, argument by argument then compound by compound: raise for the first that fails."""
    for name, x, conditions in zip(spec.params, args, spec.conditions, strict=True):
        _require(xp, name, x, *conditions, offset=offset)
    if spec.compounds:
        for (text, conditions), value in zip(spec.compounds, spec.compound(xp, *args), strict=True):
            _require(xp, text, xp.asarray(value), *conditions, offset=offset)


def _fits(x, conditions, signed, plausible=None, lows=None, i=None):
    """True if x, a Python float or every element of the numpy array x, is valid, inside the window and plausible, seen from its extremes.

    ``lows[i]`` receives x's minimum when ``lows`` is given, for :func:`_compounds_implied`. A
    Python float is the compiled module's check of an argument that is one value for all
    points, made once before its loop (the loop's own clause of that argument is folded away:
    tests/test_compiled.py compares the two); one value is its own minimum and maximum."""
    if type(x) is float:
        lo = hi = x
        many = False
    else:
        many = x.size != 1
        if many:
            lo, hi = float(x.min()), float(x.max())  # nan propagates: every comparison below is then False
        else:
            lo = hi = float(x.reshape(()))
        if lows is not None:
            lows[i] = lo
    if plausible is not None and not (plausible[0] <= lo and hi <= plausible[1]):
        return False  # the slow path warns of it
    if signed:
        ok = -_HUGE <= lo and hi <= _HUGE
    elif "negative" in conditions:
        ok = -_HUGE <= lo and hi <= -_TINY
    elif "positive" in conditions:
        ok = _TINY <= lo and hi <= _HUGE
    else:  # nonnegative: zeros are exact, tiny values are not
        ok = 0.0 <= lo and hi <= _HUGE and (_TINY <= lo or (not np.any((x > 0.0) & (x < _TINY)) if many else lo == 0.0))
    if ok and "nonzero" in conditions:
        ok = lo > 0.0 or hi < 0.0 or (many and np.count_nonzero(x) == x.size)
    if ok and "integer" in conditions:
        ok = bool(np.all(np.floor(x) == x)) if many else lo % 1.0 == 0.0
    return ok


#: Arrays above this many elements (16 MiB, half the L3 cache that other processes share)
#: are checked in chunks of _CHECK_CHUNK when their kernel runs in one call: each chunk's
#: maximum is then read from the cache its minimum just filled, not from memory again.
_CHUNKED_MIN = 2**21
_CHECK_CHUNK = 4 * _BLOCK


def _fits_chunks(x, conditions, signed, plausible=None):
    """:func:`_fits` of a numpy array, chunk by chunk where it is large: every chunk fits if
    and only if the whole does (its conditions bound the minimum from below and the maximum
    from above, or hold element by element)."""
    if x.size <= _CHUNKED_MIN:
        return _fits(x, conditions, signed, plausible)
    flat = x.reshape(-1)
    for start in range(0, flat.size, _CHECK_CHUNK):
        if not _fits(flat[start : start + _CHECK_CHUNK], conditions, signed, plausible):
            return False
    return True


def _compounds_implied(spec, args, varying, lows=None):
    """True if every compound check of spec holds wherever the arguments pass their own
    checks: one of its terms (``spec.implied``) has its arguments > 0, each a single value
    or (numpy arrays) an array whose minimum is > 0. Called once the arguments passed
    :func:`_fits`: an argument that must be positive is then > 0 without looking again,
    and the minima _fits found (``lows``, by argument index) are not looked for again."""
    for terms in spec.implied:
        if terms is None or not any(
            all(
                "positive" in spec.conditions[i]
                or (
                    (lows[i] if lows is not None and i in lows else args[i].min())
                    if varying[i]
                    else args[i].reshape(-1)[0]
                )
                > 0.0
                for i in term
            )
            for term in terms
        ):
            return False
    return True


def _compounds_fit(spec, args):
    """True if every compound check passes on the numpy arrays args."""
    for (_, conditions), value in zip(spec.compounds, spec.compound(np, *args), strict=True):
        if not _passes_quickly(np.asarray(value), conditions):
            return False
    return True


def _outside(x, signed):
    """Mask of the elements of x outside the window of exact evaluation."""
    magnitude = np.abs(x)
    if signed:
        return magnitude > _HUGE
    return (magnitude > _HUGE) | ((magnitude < _TINY) & (x != 0.0))


def _meets(x, condition):
    """Whether x (a float, a decimal, or element-wise a numpy array) meets one condition of :data:`_REQUIREMENTS`."""
    if condition == "finite":
        return (-math.inf < x) & (x < math.inf)
    if condition == "positive":
        return x > 0.0
    if condition == "nonnegative":
        return x >= 0.0
    if condition == "negative":
        return x < 0.0
    if condition == "nonzero":
        return x != 0.0
    return x % 1 == 0  # integer


def _refuse(name, condition, value, where):
    """Raise InvalidInputError for ``name`` failing ``condition`` at index ``where`` (None for a scalar)."""
    requirement = _REQUIREMENTS[condition]
    label = name if name.isidentifier() else f"({name})"
    position = "" if where is None else f"[{', '.join(str(i) for i in where)}]"
    raise InvalidInputError(f"{name} must be {requirement}; got {label}{position} = {value!r}", name, requirement, where, value)


def _refuse_first(name, x, conditions, skip, locate):
    """Raise for the first element of the flat numpy array x (not in ``skip``) that fails a condition."""
    with np.errstate(invalid="ignore"):
        bad = ~np.isfinite(x)
        for condition in conditions:
            bad |= ~_meets(x, condition)
    if skip is not None:
        bad &= ~skip
    if bad.any():
        i = int(np.argmax(bad))
        value = float(x[i])
        condition = next(c for c in ("finite", *conditions) if not _meets(value, c))
        _refuse(name, condition, value, locate(i))


def _settle(spec, args, out, locate, warned=None):
    """The slow path of a block whose quick checks failed: raise for bad input, else mend its points.

    args are flat numpy arrays of the block's points (or single values), out the block's
    flat results, and ``locate(i)`` the index in the caller's array of point i (None for
    a scalar call). Raises InvalidInputError for the first argument, in signature order,
    with a point outside its domain, at its first such point. Points outside the window
    of exact float evaluation, and points whose float result is not finite, are
    evaluated again with the exact kernel, which also decides their compound checks.
    Valid values outside an argument's plausible range warn (once per argument in the
    names ``warned`` of the call).
    """
    n = out.shape[0]
    given = args
    args = [np.broadcast_to(x, (n,)) for x in args]
    for name, x, conditions in zip(spec.params, args, spec.conditions, strict=True):
        _refuse_first(name, x, conditions, None, locate)
    _warn_slips(np, spec, [np.asarray(x) for x in given], locate, warned)
    redo = np.zeros(n, dtype=bool)
    for x, signed in zip(args, spec.signed, strict=True):
        redo |= _outside(x, signed)
    if spec.compounds:
        values = spec.compound(np, *args)
        for (text, conditions), value in zip(spec.compounds, values, strict=True):
            # points to evaluate exactly are judged exactly, below
            _refuse_first(text, np.broadcast_to(value, (n,)), conditions, redo, locate)
    redo |= ~np.isfinite(out)
    for i in np.flatnonzero(redo):
        value, compounds = spec.exact(*(float(x[i]) for x in args))
        for (text, conditions), c in zip(spec.compounds, compounds, strict=True):
            for condition in ("finite", *conditions):
                if not _meets(c, condition):
                    _refuse(text, condition, float(c), locate(i))
        out[i] = float(value)
    return out


def _locator(shape, start, offset):
    """locate(i) for :func:`_settle`: the index in the whole array of flat point ``start + i``."""
    if not shape:
        return lambda i: None
    return lambda i: tuple(
        int(j) + o for j, o in zip(np.unravel_index(start + i, shape), offset or (0,) * len(shape), strict=True)
    )


#: Array operations (of the arguments that vary in a call) from which the numpy kernel runs
#: block by block: below, it has few temporaries to keep in cache and blocks would only add
#: copying (derive.printing.module.array_operations counts them).
_BLOCKED_MIN_OPS = 3


def _blocked(spec, varying):
    """Whether spec's numpy kernel runs block by block when the arguments ``varying`` are arrays.

    ``spec.blocked`` is a bool, or per argument a bit mask of the kernel's operations that
    take it: the kernel runs in blocks if the arguments that vary take _BLOCKED_MIN_OPS or more.
    """
    if type(spec.blocked) is bool:
        return spec.blocked
    mask = 0
    for operations, v in zip(spec.blocked, varying, strict=True):
        if v:
            mask |= operations
    return bin(mask).count("1") >= _BLOCKED_MIN_OPS


def _finite(x):
    """True if every element of the numpy array x is finite, seen from its sum (one pass, no
    temporary): nan and inf propagate into it. A sum that overflows says False for finite
    elements too; the caller's slow path then looks at them one by one."""
    return bool(np.isfinite(np.add.reduce(x, axis=None)))


class _Untraceable(Exception):
    """The kernel did something :class:`_Tracer` does not replay (a comparison, a power, a
    select): the block runs the kernel itself instead."""


class _Var:
    """A value of a kernel traced by :func:`_plan`: slot ``slot`` of the tape ``tape``, an
    array of a block's points where ``varying``, else one value per call. Arithmetic on it
    records the ufunc numpy would call on the arrays, in the order the kernel calls it."""

    __slots__ = ("tape", "slot", "varying")
    __array_ufunc__ = None  # numpy scalars defer to the reflected operators below

    def __init__(self, tape, slot, varying):
        self.tape, self.slot, self.varying = tape, slot, varying

    def __add__(self, other):
        return self.tape.emit(np.add, self, other)

    def __radd__(self, other):
        return self.tape.emit(np.add, other, self)

    def __sub__(self, other):
        return self.tape.emit(np.subtract, self, other)

    def __rsub__(self, other):
        return self.tape.emit(np.subtract, other, self)

    def __mul__(self, other):
        return self.tape.emit(np.multiply, self, other)

    def __rmul__(self, other):
        return self.tape.emit(np.multiply, other, self)

    def __truediv__(self, other):
        return self.tape.emit(np.divide, self, other)

    def __rtruediv__(self, other):
        return self.tape.emit(np.divide, other, self)

    def __neg__(self):
        return self.tape.emit(np.negative, self)

    def __abs__(self):
        return self.tape.emit(np.absolute, self)

    # Not replayed: a power (numpy picks square, sqrt, reciprocal by the exponent), a comparison
    # (booleans, for a select), a branch on a value.
    def __pow__(self, other):
        raise _Untraceable("**")

    def __rpow__(self, other):
        raise _Untraceable("**")

    def __lt__(self, other):
        raise _Untraceable("<")

    def __le__(self, other):
        raise _Untraceable("<=")

    def __gt__(self, other):
        raise _Untraceable(">")

    def __ge__(self, other):
        raise _Untraceable(">=")

    def __eq__(self, other):
        raise _Untraceable("==")

    def __ne__(self, other):
        raise _Untraceable("!=")

    def __bool__(self):
        raise _Untraceable("a branch on a value")

    __hash__ = None


class _Tracer:
    """The namespace ``xp`` a kernel is traced with: the elementwise functions the helpers call,
    each recorded as its numpy ufunc; anything else is :class:`_Untraceable`. Steps on single
    values only (``varying`` false) run once per call; the others once per block."""

    _UFUNCS = {
        "log": np.log,
        "exp": np.exp,
        "expm1": np.expm1,
        "sqrt": np.sqrt,
        "asinh": np.arcsinh,
        "abs": np.absolute,
        "maximum": np.maximum,
        "minimum": np.minimum,
    }

    def __init__(self):
        self.steps, self.slots = [], 0

    def var(self, varying):
        self.slots += 1
        return _Var(self, self.slots - 1, varying)

    def emit(self, ufunc, *operands):
        if not all(isinstance(o, (_Var, float, int, np.floating)) for o in operands) or any(
            type(o) is bool for o in operands
        ):
            raise _Untraceable(ufunc.__name__)
        out = self.var(any(isinstance(o, _Var) and o.varying for o in operands))
        self.steps.append((ufunc, operands, out))
        return out

    def __getattr__(self, name):
        ufunc = _Tracer._UFUNCS.get(name)
        if ufunc is None:
            raise _Untraceable(name)
        return lambda *operands: self.emit(ufunc, *operands)


#: Traced kernels, by (kernel, which arguments vary): see :func:`_plan`.
_PLANS = {}


def _plan(spec, varying):
    """The kernel of spec as a program of ufunc calls into scratch arrays (numexpr's way), or None.

    Traced once per kernel and pattern of arrays (:class:`_Tracer`): (once, steps, slots,
    scratch, result) where ``once`` are the steps on single values (run once per call), ``steps``
    the per-block ones as (ufunc, operand slots, output slot), ``slots`` how many values there
    are, ``scratch`` the slots that get scratch arrays (freed slots reused) and ``result`` the
    slot of the kernel's value, written by the last step into the output. The same ufuncs on
    the same operands in the same order as the kernel: the same bits. None where the kernel
    is :class:`_Untraceable`, or its value is not computed from the arrays by a last step.
    """
    key = (spec.kernel, tuple(varying))
    if key in _PLANS:
        return _PLANS[key]
    tape = _Tracer()
    params = [tape.var(v) for v in varying]
    try:
        with np.errstate(all="ignore"):
            value = spec.kernel(tape, *params)
    except (_Untraceable, TypeError):  # TypeError: an operation _Var does not define
        value = None
    plan = None
    if isinstance(value, _Var) and value.varying and tape.steps and tape.steps[-1][2] is value:
        constants, once, steps = {}, [], []
        for ufunc, operands, out in tape.steps:
            slots = []
            for o in operands:
                if not isinstance(o, _Var):
                    # by value and sign: 0.0 and -0.0 are equal keys but not the same operand
                    o_slot = constants.setdefault((float(o), math.copysign(1.0, o)), tape.slots + len(constants))
                    slots.append(o_slot)
                else:
                    slots.append(o.slot)
            (steps if out.varying else once).append((ufunc, tuple(slots), out.slot))
        # each varying slot's last use, then scratch arrays handed on once a value is dead
        last = {}
        for i, (_, operands, _) in enumerate(steps):
            for o in operands:
                last[o] = i
        free, scratch, home, buffers = [], {}, {}, 0
        for i, (_, operands, out) in enumerate(steps[:-1]):
            for o in operands:
                if last.get(o) == i and o in home:
                    free.append(home.pop(o))
            if not free:
                free.append(buffers)
                buffers += 1
            home[out] = scratch[out] = free.pop()
        steps = tuple((f, operands[0], operands[1] if len(operands) > 1 else None, o) for f, operands, o in steps)
        plan = (once, steps, tape.slots + len(constants), scratch, value.slot, constants)
    _PLANS[key] = plan
    return plan


def _run_numpy(spec, validate, args, offset, step=None):
    """The numpy kernel on numpy arrays, block by block where it pays, with the checks fused in.

    Each block is checked from the extremes of its arguments while it is in the cache
    (single values once per call), and its result checked finite; only a block that
    fails goes the slow way (:func:`_settle`), which names the first bad input or mends
    the points that float arithmetic cannot evaluate. A kernel with one or two operations
    on the arrays of the call (not :func:`_blocked`) runs in one call, checked from the
    extremes of the whole arrays, validated or not.
    """
    shape = np.broadcast_shapes(*(a.shape for a in args))
    size = math.prod(shape)
    # a broadcast view of one value (dask's blocks of a scalar argument) is that value
    args = [np.asarray(a[(0,) * a.ndim]) if a.size > 1 and not any(a.strides) else a for a in args]
    if any(a.size not in (1, size) for a in args):  # a partial broadcast, (n, 1) against (1, m)
        args = [np.broadcast_to(a, shape) for a in args]
    varying = [a.size == size and size > 1 for a in args]
    blocked = size > _BLOCK and _blocked(spec, varying)
    if not validate:
        if not blocked:
            out = spec.kernel(np, *args)
            return out if type(out) is np.ndarray and out.shape == shape else np.broadcast_to(out, shape).copy()
        return _run_blocks(spec, False, (), args, varying, shape, offset, step or _BLOCK)
    checks = [(i, spec.conditions[i], spec.signed[i], spec.plausible[i]) for i in range(len(args))]
    with np.errstate(all="ignore"):  # a point that overflows is evaluated again exactly: no warning for it
        if all(_fits(args[i], c, signed, p) for i, c, signed, p in checks if not varying[i]):
            if blocked:
                varying_checks = [t for t in checks if varying[t[0]]]
                return _run_blocks(spec, True, varying_checks, args, varying, shape, offset, step or _CHECKED_STEP)
            if all(_fits_chunks(args[i], c, signed, p) for i, c, signed, p in checks if varying[i]) and (
                not spec.compounds or _compounds_implied(spec, args, varying) or _compounds_fit(spec, args)
            ):
                out = spec.kernel(np, *args)
                out = out if type(out) is np.ndarray and out.shape == shape else np.broadcast_to(out, shape).copy()
                if spec.bounded or _finite(out):
                    return out
        # the slow way, for the whole array
        flat = [np.broadcast_to(a, shape).reshape(-1) for a in args]
        out = np.asarray(spec.kernel(np, *flat), dtype=np.float64)
        out = np.broadcast_to(out, (size,)).copy() if out.shape != (size,) else out
        return _settle(spec, flat, out, _locator(shape, 0, offset)).reshape(shape)


def _run_blocks(spec, validate, checks, args, varying, shape, offset, step):
    """:func:`_run_numpy` in blocks of ``step`` points, each checked (``checks`` of its varying
    arguments, then the compound checks, proved from its terms where it can be) in cache.

    The kernel runs as its :func:`_plan` where it has one: its ufuncs one after another into
    scratch arrays of one block, reused from block to block, and the last into the output
    itself (no temporaries to allocate, no copy); else it is called on each block. What can
    be decided once per call is (:func:`_block_checks`), so that a block's checks are its
    arguments' extremes against bounds, and the compounds' terms against their minima."""
    size = math.prod(shape)
    flat = [a.reshape(-1) if v else a.reshape(()) for a, v in zip(args, varying, strict=True)]
    out = np.empty(size)
    kernel, compounds = spec.kernel, spec.compounds
    finite = spec.bounded or not validate  # proved finite wherever the checks pass: no look at the result
    warned, lows = set(), {}
    if validate:
        bounds, implied = _block_checks(spec, checks, flat, varying)
        smallest, largest = np.minimum.reduce, np.maximum.reduce
    plan = _plan(spec, varying)
    if plan is not None:
        once, steps, slots, scratch, last, constants = plan
        regs = [None] * slots
        regs[: len(flat)] = flat
        for (value, _), slot in constants.items():
            regs[slot] = value
        for ufunc, operands, o in once:  # the values of a call, as the kernel computes them
            regs[o] = ufunc(*[regs[j] for j in operands])
        buffers = [np.empty(min(step, size)) for _ in range(max(scratch.values(), default=-1) + 1)]
        for slot, b in scratch.items():
            regs[slot] = buffers[b]
        inputs = [i for i, v in enumerate(varying) if v]
    for start in range(0, size, step):
        stop = start + step
        block = [a[start:stop] if v else a for a, v in zip(flat, varying, strict=True)]
        result = out[start:stop]
        if plan is None:
            result[...] = kernel(np, *block)
        else:
            if stop > size:  # the last, shorter block
                for slot, b in scratch.items():
                    regs[slot] = buffers[b][: size - start]
            for i in inputs:
                regs[i] = block[i]
            regs[last] = result
            for ufunc, x, y, o in steps:  # y is None for a function of one value
                if y is None:
                    ufunc(regs[x], out=regs[o])
                else:
                    ufunc(regs[x], regs[y], out=regs[o])
        if not validate:
            continue
        ok = True
        for (i, c, signed, p), (low, high) in zip(checks, bounds, strict=True):
            x = block[i]
            if low is not None:
                lo = smallest(x)
                if low <= lo and largest(x) <= high:  # nan fails both comparisons
                    lows[i] = lo
                    continue
            if not _fits(x, c, signed, p, lows, i):  # decides what the bounds could not
                ok = False
                break
        if ok and compounds:
            ok = (
                implied is not None
                and all(any(all(lows[i] > 0.0 for i in term) for term in terms) for terms in implied)
            ) or _compounds_fit(spec, block)
        if not (ok and (finite or _finite(result))):
            flat_block = [a.reshape(-1) if a.ndim else a for a in block]
            _settle(spec, flat_block, result, _locator(shape, start, offset), warned)
    return out.reshape(shape)


def _block_checks(spec, checks, args, varying):
    """What :func:`_run_blocks` decides once per call: (bounds, implied).

    bounds: per check of ``checks`` (low, high) such that an array whose extremes lie in
    [low, high] passes :func:`_fits` (its window, its plausible range, its sign), or (None,
    None) where only _fits can tell (nonzero, integer). implied: per compound of spec, the
    terms of :func:`_compounds_implied` as the varying arguments whose block minima must be
    > 0 (the single values of the term judged here, once), or None where a compound is not
    proved from its terms."""
    bounds = []
    for _, conditions, signed, plausible in checks:
        if "nonzero" in conditions or "integer" in conditions:
            bounds.append((None, None))
            continue
        if signed:
            low, high = -_HUGE, _HUGE
        elif "negative" in conditions:
            low, high = -_HUGE, -_TINY
        else:  # positive; nonnegative when none is 0 (a block with zeros: _fits decides)
            low, high = _TINY, _HUGE
        if plausible is not None:
            low, high = max(low, plausible[0]), min(high, plausible[1])
        bounds.append((low, high))
    implied = []
    for terms in spec.implied if spec.compounds else ():
        if terms is None:
            return bounds, None
        implied.append(
            [
                tuple(i for i in term if varying[i] and "positive" not in spec.conditions[i])
                for term in terms
                if all(varying[i] or "positive" in spec.conditions[i] or float(args[i]) > 0.0 for i in term)
            ]
        )
    return bounds, implied


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

    ln(r) of the rounded quotient r = a/b, plus the first-order correction for its
    rounding, (d/b - (r - 1))/max(r, 1), one formula for every point (no branch: the
    scalar fast path and the compiled module's _logratio are the same operations, so
    the same bits). r - 1 is exact for 1/2 <= r < 2**53 and d/b - (r - 1) is then the
    rounding error of r to within a rounding of d/b: near r = 1, where ln r is small, the
    correction restores full relative accuracy (exactly 0 for d = 0); far from 1 it is
    at most 2**-52 against |ln r| >= ln 2 (dividing by r for r > 1 keeps it so however
    large r; for r < 1 it is not divided, so it stays that small however small r).
    One log and seven cheap operations, where the log1p form took ten; within 2 ulp
    of ln(a/b) (tests/test_accuracy.py against mpmath). (Where a/b overflows or
    underflows, validated calls evaluate the point exactly instead.)
    """
    r = a / b
    c = d / b
    if type(r) is np.ndarray and type(c) is np.ndarray and r.ndim and r.shape == c.shape:
        # numpy arrays: the same operations into r's and c's memory (no temporaries to allocate)
        t = np.subtract(r, 1.0)
        np.subtract(c, t, out=t)
        np.maximum(r, 1.0, out=c)
        np.divide(t, c, out=t)
        np.log(r, out=r)
        return np.add(r, t, out=r)
    return xp.log(r) + (c - (r - 1.0)) / xp.maximum(r, 1.0)


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


# ------------------------------------------------------------------ exact kernels
#
# The exact kernel of a generated function evaluates its numeric form in decimal
# arithmetic (60 significant digits, exponents to +-999999), for the rare points that
# floats cannot: arguments of extreme magnitude, intermediate results that overflow or
# underflow. Every float is a decimal exactly, and float() of a decimal rounds correctly.

#: The context of the exact kernels: no traps, so overflow gives Infinity, 0/0 NaN.
_EXACT = decimal.Context(prec=60, Emax=999999, Emin=-999999, traps=[])
_D = decimal.Decimal
#: Below this magnitude exp(x) - 1 is its series (x + x^2/2 + x^3/6), not a cancelling difference.
_XSMALL = _D("1e-15")


def _xexpm1(x):
    """e^x - 1 in decimal, without cancellation near 0."""
    if abs(x) < _XSMALL:
        return x + x * x / 2 + x * x * x / 6
    return x.exp() - 1


def _xexprel(x):
    """(e^x - 1)/x in decimal, 1 at 0."""
    return _D(1) if x == 0 else _xexpm1(x) / x


def _xlogratio(a, b, d):
    """ln(a/b) in decimal (60 digits need no d = a - b)."""
    return (a / b).ln()


def _xghkflux(u, a, b):
    """u (a - b e^-u)/(1 - e^-u) in decimal, a - b at u = 0: (a - b) B(|u|) + (a or b) u."""
    if u == 0:
        return a - b
    w = abs(u)
    return (a - b) * (w / _xexpm1(w)) + (a if u > 0 else b) * u


def _xsqrtadd(s, t, p):
    """sqrt(s) + t in decimal, p/(sqrt(s) - t) where t < 0."""
    r = s.sqrt()
    return r + t if t >= 0 else p / (r - t)


def _xasinh(x):
    """asinh(x) in decimal, odd and without cancellation near 0."""
    if abs(x) < _XSMALL:
        return x - x * x * x / 6
    m = abs(x)
    return (m + (m * m + 1).sqrt()).ln().copy_sign(x)


def _xexp(x):
    """e^x in decimal."""
    return x.exp()


def _xlog(x):
    """ln x in decimal."""
    return x.ln()


def _xsqrt(x):
    """sqrt(x) in decimal."""
    return x.sqrt()
