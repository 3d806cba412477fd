"""Runtime of the compiled module: point-wise helpers for numba, and the driver of its kernels.

The point-wise helpers take and return floats and are written for numba: the compiled
module applies ``numba.njit`` to the source copied from here (this module itself does
not import numba, so ``derive build`` never needs it); division by zero follows IEEE
rules there (``error_model="numpy"``).

The elementary functions :func:`_exp`, :func:`_expm1`, :func:`_log` and :func:`_log1p`
are written out in arithmetic (range reduction, a polynomial, the exponent set through
the float's bits) instead of calling the C library: a loop that calls libm cannot be
vectorised, and on a CPU where numpy's own exp and log1p use SIMD, libm's scalar
log1p made the compiled Nernst potential slower than numpy. They are accurate to
about 1 ulp (tests/test_compiled.py checks them against mpmath), and handle inf, nan
and overflow as the C functions do.

:func:`_run_compiled` prepares numpy arguments for a loop printed by
:mod:`derive.printing.module` (a serial loop from one point to another, over flat,
contiguous arrays or single floats, with the input checks fused in, that releases the
interpreter) and runs it, in chunks on several threads for large arrays
(:func:`_in_threads`); the argument handling, dask and the slow path are the numpy
module's (:mod:`derive.printing.numpy_runtime`).
"""

from __future__ import annotations

import concurrent.futures
import math
import os

import numpy as np

try:  # the compiled module imports numba itself; derive build must not need it
    import numba
    import numba.extending
except ImportError:  # pragma: no cover - the tests install it
    numba = None


#: ln 2 split so that k * _LN2_HI is exact for |k| < 2**11 (fdlibm's split).
_LN2_HI = 6.93147180369123816490e-01
_LN2_LO = 1.90821492927058770002e-10
_LOG2E = 1.4426950408889634
#: 2^52: for a whole number 0 <= e < 2^52, the low bits of the float 2^52 + e are e (see _pow2).
_MAGIC = 4503599627370496.0


def _pow2(k):
    """2^k for a whole-numbered float k with -1022 <= k <= 1023, built from the bits of 2^52 + k + 1023.

    No conversion between float and int64 (AVX2 has none for vectors: a loop that converts
    does so one lane at a time), so loops over _exp and _expm1 vectorise fully.
    """
    return np.int64(np.float64(k + (_MAGIC + 1023.0)).view(np.int64) << 52).view(np.float64)


def _expm1_reduced(r):
    """e^r - 1 for |r| <= 0.35: Taylor series to r^13 (remainder below 2e-17 relatively), Horner."""
    p = 1.0 / 6227020800.0
    p = p * r + 1.0 / 479001600.0
    p = p * r + 1.0 / 39916800.0
    p = p * r + 1.0 / 3628800.0
    p = p * r + 1.0 / 362880.0
    p = p * r + 1.0 / 40320.0
    p = p * r + 1.0 / 5040.0
    p = p * r + 1.0 / 720.0
    p = p * r + 1.0 / 120.0
    p = p * r + 1.0 / 24.0
    p = p * r + 1.0 / 6.0
    p = p * r + 0.5
    return r + r * (r * p)


def _expm1(x):
    """e^x - 1 with no library call (so loops over it vectorise), to about 1 ulp.

    x = k ln 2 + r with |r| <= ln2/2; e^x - 1 = 2 (h (e^r - 1) + h - 1/2) with h = 2^(k-1),
    where every step but the last two roundings is exact; k = 0 gives e^r - 1 itself. Below
    -50, e^x - 1 rounds to -1. The reduction is :func:`_exp`'s, clamps included, so that a
    kernel calling both at one point (pump_leak_gradient's e^-kt and exprel(-kt)) computes it
    once: the compiler merges the same operations on the same value.
    """
    xc = x if x > -745.2 else -745.2  # _exp's clamps; also maps nan to a finite value
    xc = xc if xc < 709.8 else 709.8
    k = np.floor(xc * _LOG2E + 0.5)  # a whole number as a float: no conversion to int64 (_pow2)
    r = (xc - k * _LN2_HI) - k * _LN2_LO
    h = _pow2(k - 1.0)  # 2^(k-1), normal for -1021 <= k <= 1024 (x >= -50 below)
    p = _expm1_reduced(r)
    out = 2.0 * (h * p + (h - 0.5))
    if k == 0.0:
        out = p  # |x| < ln2/2: exactly e^x - 1 as reduced, subnormal x included
    if x < -50.0:
        out = -1.0  # e^-50 - 1 rounds to -1
    if x > 709.782712893384:
        out = math.inf
    if x != x:
        out = x
    return out


def _exp(x):
    """e^x with no library call, to about 1 ulp: 2^k e^r, with e^r = 1 + (e^r - 1)."""
    xc = x if x > -745.2 else -745.2
    xc = xc if xc < 709.8 else 709.8
    k = np.floor(xc * _LOG2E + 0.5)
    r = (xc - k * _LN2_HI) - k * _LN2_LO
    # two factors 2^(k//2) and 2^(k - k//2) keep each power normal down to the subnormal range
    k1 = np.floor(0.5 * k)
    s1 = _pow2(k1)
    s2 = _pow2(k - k1)
    out = (1.0 + _expm1_reduced(r)) * s1 * s2
    if x > 709.782712893384:
        out = math.inf
    if x < -745.2:
        out = 0.0
    if x != x:
        out = x
    return out


def _log(u):
    """ln u for positive normal u with no library call, to about 1 ulp (fdlibm's e_log.c).

    u = 2^k m with m in [sqrt(1/2), sqrt(2)), f = m - 1, s = f/(2 + f):
    ln m = f - (f^2/2 - s (f^2/2 + R(s^2))) with fdlibm's minimax R.
    """
    bits = np.float64(u).view(np.int64)
    # the exponent k as a float, from the bits of 2^52 + (biased exponent): no int64 conversion (_pow2)
    dk = np.int64((bits >> 52) | 0x4330000000000000).view(np.float64) - (_MAGIC + 1023.0)
    m = np.int64((bits & 0x000FFFFFFFFFFFFF) | 0x3FF0000000000000).view(np.float64)
    if m > 1.4142135623730951:
        m = 0.5 * m
        dk = dk + 1.0
    f = m - 1.0
    s = f / (2.0 + f)
    z = s * s
    w = z * z
    t1 = w * (3.999999999940941908e-01 + w * (2.222219843214978396e-01 + w * 1.531383769920937332e-01))
    t2 = z * (
        6.666666666666735130e-01
        + w * (2.857142874366239149e-01 + w * (1.818357216161805012e-01 + w * 1.479819860511658591e-01))
    )
    hfsq = 0.5 * f * f
    out = dk * _LN2_HI - ((hfsq - (s * (hfsq + (t1 + t2)) + dk * _LN2_LO)) - f)
    if u == math.inf:
        out = u
    if u == 0.0:
        out = -math.inf
    if not (u >= 0.0):
        out = math.nan
    return out


def _log1p(x):
    """ln(1 + x) with no library call, to about 1 ulp: ln u + (x - (u - 1))/u, u = 1 + x rounded."""
    u = 1.0 + x
    out = _log(u) + (x - (u - 1.0)) / u
    if x == math.inf:
        out = x
    if x == -1.0:
        out = -math.inf
    if not (x >= -1.0):
        out = math.nan
    return out


def _asinh(x):
    """asinh(x) with no library call (so loops over it vectorise), to about 1.5 ulp (fdlibm's s_asinh.c).

    asinh|x| = ln(1 + t) with t = |x| + x^2/(1 + sqrt(1 + x^2)), which does not cancel; beyond
    2^28 it is ln|x| + ln 2 (x^2 would overflow), below 2^-28 |x| itself. Both forms are
    computed and one chosen, with no branch; the sign is x's (-0.0 stays -0.0, nan stays nan).
    """
    a = abs(x)
    m = a if a < 268435456.0 else 1.0  # 2^28; keeps m * m finite
    out = _log1p(m + m * m / (1.0 + math.sqrt(1.0 + m * m)))
    if a >= 268435456.0:
        out = _log(a) + 0.6931471805599453  # ln 2
    if a < 3.725290298461914e-09:  # 2^-28: asinh x = x to the last bit
        out = a
    if x != x:
        out = x
    return math.copysign(out, x)


def _exprel(x):
    """(exp(x) - 1)/x, exactly 1 at x = 0 (a choice of value after the division, not a branch
    around the call, so that loops over it vectorise; _expm1 of x itself, so that a kernel that
    also calls _exp(x) shares its reduction)."""
    out = _expm1(x) / x
    if x == 0.0:
        out = 1.0
    return out


def _logratio(a, b, d):
    """ln(a/b) for positive a and b, given d = a - b computed without cancellation: ln r of
    r = a/b plus its rounding's correction, the operations of numpy_runtime._logratio."""
    r = a / b
    return _log(r) + (d / b - (r - 1.0)) / (r if r > 1.0 else 1.0)


def _ghkflux(u, a, b):
    """u (a - b e^-u)/(1 - e^-u), exactly a - b at u = 0, with one exponential of |u|."""
    w = abs(u)
    w = w if w != 0.0 else 1e-300  # w/(e^w - 1) is then exactly 1, with no branch around the call
    bernoulli = w / _expm1(w)
    return (a - b) * bernoulli + (a if u >= 0.0 else b) * u


#: Below this many points a kernel runs on the calling thread alone: handing chunks to
#: other threads costs more than they save (and far more when another process holds a core).
_PARALLEL_MIN = 1 << 18
#: Fewest points per chunk that a thread takes at a time (each thread takes about four), so
#: that a thread slowed down by another process takes fewer chunks instead of holding everyone up.
_PARALLEL_CHUNK = 1 << 16


def _sqrtadd(s, t, p):
    """sqrt(s) + t, given p = s - t**2 computed without cancellation: p/(sqrt(s) - t) where t < 0."""
    r = math.sqrt(s)
    return r + t if t >= 0.0 else p / (r - t)


class _FloatEntry:
    """A point-wise kernel called with Python floats (the compiled module's fast path).

    On the first call it compiles the kernel for float64 arguments (or loads it from numba's
    cache) and rebinds the module-level name ``name`` to that compiled version's entry
    point, which later calls reach directly: numba's dispatch on the arguments' types, half
    the cost of a scalar call, is skipped. The fast path passes Python floats only, the
    types that entry point takes; the machine code is the dispatcher's own, so the bits are.
    """

    def __init__(self, kernel, n, name):
        self.kernel, self.n, self.name = kernel, n, name

    def __call__(self, *args):
        signature = (numba.float64,) * self.n
        self.kernel.compile(signature)
        entry = getattr(self.kernel.overloads.get(signature), "entry_point", None) or self.kernel
        globals()[self.name] = entry
        return entry(*args)


def _item(x, i):
    """Point i of an argument: x[i] of an array of every point, x itself for one float for all.

    The kernels read their arguments through it; numba compiles a kernel once per pattern
    of arrays and floats among its arguments (:data:`_ITEM`), so that a single value is a
    constant of the loop (its checks and the products of constants hoisted out) and the
    arrays are read contiguously: the loop vectorises.
    """
    return x if isinstance(x, float) else x[i]


def _item_typed(x, i):
    """numba's implementation of :func:`_item` for the types of x and i."""
    if isinstance(x, numba.types.Array):
        return lambda x, i: x[i]
    return lambda x, i: x


#: _item registered with numba (inlined where a kernel calls it).
_ITEM = numba.extending.overload(_item, inline="always")(_item_typed) if numba is not None else None


def _fixed(x):
    """Whether an argument of a kernel is one float for all points (not an array of every point).

    In a compiled loop it is a constant of the loop variant (:data:`_FIXED`), so the checks of
    such an argument fold away there: :func:`_fits` checks its one value before the loop.
    """
    return isinstance(x, float)


def _fixed_typed(x):
    """numba's implementation of :func:`_fixed` for the type of x: a constant."""
    if isinstance(x, numba.types.Array):
        return lambda x: False
    return lambda x: True


#: _fixed registered with numba (inlined where a kernel calls it).
_FIXED = numba.extending.overload(_fixed, inline="always")(_fixed_typed) if numba is not None else None


def _proved(validate):
    """Whether a loop's results are proved finite wherever its checks pass, read from the type of
    its ``validate``: an int for a spec that keeps the proof (``_Spec.bounded``), a bool otherwise.

    In a compiled loop it is a constant of the loop variant (:data:`_PROVED`), so the look at each
    result folds away where the proof holds. A spec always passes the same type, validated or not
    (:func:`_run_compiled`), so the proof adds no loop variants; a call with pint Quantities whose
    quiet spec drops the proof (it may rest on the plausible ranges dropped) passes a bool.
    """
    return not isinstance(validate, bool)


def _proved_typed(validate):
    """numba's implementation of :func:`_proved` for the type of validate: a constant."""
    if isinstance(validate, numba.types.Boolean):
        return lambda validate: False
    return lambda validate: True


#: _proved registered with numba (inlined where a kernel calls it).
_PROVED = numba.extending.overload(_proved, inline="always")(_proved_typed) if numba is not None else None


def _column(a):
    """The argument as a kernel takes it: one Python float, or a flat read-only float64 array of every point.

    A single value (size 1, or a broadcast view of one value, as in dask's blocks) is a float.
    """
    if a.size == 1:
        return a.item()
    if a.size and not any(a.strides):  # a broadcast view of one value (dask blocks)
        return float(a[(0,) * a.ndim])
    column = (a if a.flags.c_contiguous else np.ascontiguousarray(a)).reshape(-1)  # a new view: a's flags stay
    column.flags.writeable = False  # every array argument has the same numba type
    return column


#: [(process id, thread pool)]: the threads that run a kernel's chunks beside the calling
#: thread, started on first use (again in a forked child, which has none of them).
_POOL = []


def _in_threads(kernel, out, validate, columns, threads):
    """Run kernel over out in chunks (at least _PARALLEL_CHUNK points) on the calling thread
    and threads - 1 others; the kernels release the interpreter (nogil), so they run at once.

    Each thread takes the next chunk when it is done with one, so a thread that another
    process slows down takes fewer; a helper that has not started when the calling thread
    runs out of chunks is cancelled, not waited for. Returns the summed counts of the chunks.
    """
    size = out.shape[0]
    # four chunks a thread, none smaller than _PARALLEL_CHUNK: each costs a call through numba's dispatcher
    chunk = max(_PARALLEL_CHUNK, -(-size // (4 * threads)))
    starts = iter(range(0, size, chunk))  # next() on it is atomic: it runs under the interpreter lock

    def work():
        irregular = 0
        for start in starts:
            irregular += kernel(out, validate, start, min(start + chunk, size), *columns)
        return irregular

    if not _POOL or _POOL[0][0] != os.getpid():
        _POOL[:] = [(os.getpid(), concurrent.futures.ThreadPoolExecutor(threads - 1, "derive-compiled"))]
    pool = _POOL[0][1]
    helpers = [pool.submit(work) for _ in range(threads - 1)]
    irregular = work()
    for helper in helpers:
        if not helper.cancel():
            irregular += helper.result()
    return irregular


def _run_compiled(spec, validate, args, offset, threads=None):
    """Run a compiled loop on numpy arrays: the checks are fused into it, point by point.

    An argument that is one value for all points is checked once, here (:func:`_fits`);
    the loop checks the arrays' points and counts those that fail a check, lie outside the
    window of exact float evaluation or give a result that is not finite (unless the spec's
    kernel is proved finite there, ``spec.bounded``: see :func:`_proved`). Only when a single
    value or a point fails does the slow path (:func:`_settle`) run, over every point: it names
    the first bad input or mends those points. The loop runs on ``threads`` threads (default:
    numba's NUMBA_NUM_THREADS) where there are points enough.
    """
    shapes = {a.shape for a in args}
    shapes.discard(())
    shape = shapes.pop() if len(shapes) == 1 else np.broadcast_shapes(*(a.shape for a in args))
    size = math.prod(shape)
    columns = []
    for a in args:
        if a.size not in (1, size):
            a = np.broadcast_to(a, shape)  # a partial broadcast, (n, 1) against (1, m): materialised
        columns.append(_column(a))
    out = np.empty(size)
    fixed_fail = validate and not all(
        _fits(c, conditions, signed, plausible)
        for c, conditions, signed, plausible in zip(columns, spec.conditions, spec.signed, spec.plausible, strict=True)
        if isinstance(c, float)
    )
    if fixed_fail:  # the slow path judges every point below: the loop need not
        validate = False
    # the loop looks at no result where the kernel is proved finite (an int flag; see _proved)
    validate = int(validate) if spec.bounded else bool(validate)
    threads = threads or numba.config.NUMBA_NUM_THREADS
    if spec.point is not None and not any(isinstance(c, np.ndarray) for c in columns):
        # Every argument one value (a scalar that the fast path did not take: an edge, a bad
        # value, or dask blocks of constants): the point kernel the loop inlines, with the
        # loop's check, so that no loop is compiled for this pattern (1-4 s on a first call).
        at, ok = spec.point
        value = at(*columns)
        out.fill(value)
        # the loop's test for every point: its single values' clauses left out (_fits above)
        irregular = bool(validate) and not (
            ok(*columns, *(True,) * len(columns)) and (spec.bounded or value - value == 0.0)
        )
    elif size < _PARALLEL_MIN or threads == 1:
        irregular = spec.kernel(out, validate, 0, size, *columns)  # IEEE arithmetic: no warnings to silence
    else:
        irregular = _in_threads(spec.kernel, out, validate, columns, threads)
    if irregular or fixed_fail:
        flat = [np.broadcast_to(a, shape).reshape(-1) for a in args]
        _settle(spec, flat, out, _locator(shape, 0, offset))
    return out.reshape(shape)
