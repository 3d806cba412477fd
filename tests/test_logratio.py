"""logratio(a, b, d) = ln(a/b), the helper behind the Nernst-type functions, in its three forms.

The array helper (numpy_runtime._logratio), the scalar fast path (printed inline by
ScalarPrinter) and the compiled module's helper (numba_runtime._logratio) apply one formula
to every point: ln r of r = a/b rounded, plus (d/b - (r - 1))/max(r, 1), the correction for
r's rounding. Checked here against mpmath at 50 digits on the points where such a formula
can go wrong (ratios a few ulp from 1, ratios exactly at and one ulp beside 1/2 and 2,
extreme ratios), bit for bit between the forms, and shown to need each of its parts.
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
import sympy

from derive.functions import logratio
from derive.printing import numpy_runtime
from derive.printing.python import ScalarPrinter, function_body
from references import EPS

mpmath.mp.dps = 50

#: The bound on ln(a/b) alone, in units of 2**-52 |ln(a/b)| (the worst seen is about 1.6).
BOUND = 2.0


def _stepped(x: np.ndarray, steps: np.ndarray) -> np.ndarray:
    out = x.copy()
    for i, k in enumerate(steps):
        for _ in range(abs(int(k))):
            out[i] = np.nextafter(out[i], math.inf if k > 0 else 0.0)
    return out


def _points() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(20261130)
    n = 600
    a = [10 ** rng.uniform(-100, 100, n)]  # anywhere in the window, extreme ratios included
    b = [10 ** rng.uniform(-100, 100, n)]
    base = 10 ** rng.uniform(-5, 5, n)
    a.append(base)
    b.append(_stepped(base, rng.integers(-6, 7, n)))  # a few ulp from ratio 1 (and equal)
    base = 10 ** rng.uniform(-5, 5, n)
    a.append(base)
    b.append(base * rng.uniform(0.2, 5.0, n))  # around the thresholds 1/2 and 2
    for factor in (0.5, 2.0, 0.25, 4.0):  # exactly at them, and one ulp either side
        base = 10 ** rng.uniform(-5, 5, n // 4)
        a.extend([base, base, base])
        b.extend([base * factor, _stepped(base * factor, np.ones(n // 4)), _stepped(base * factor, -np.ones(n // 4))])
    base = 10 ** rng.uniform(-5, 5, n)
    a.append(base)
    b.append(base * (1.0 + rng.uniform(-1e-9, 1e-9, n)))
    return np.concatenate(a), np.concatenate(b)


A, B = _points()
D = A - B  # the printer's d: the plain difference, one rounding (exact where a/b is in [1/2, 2])


def _worst(got: np.ndarray) -> tuple[float, str]:
    worst, where = 0.0, ""
    for a, b, g in zip(A.tolist(), B.tolist(), got.tolist(), strict=True):
        ref = mpmath.log(mpmath.mpf(a) / mpmath.mpf(b))
        if ref == 0:
            error = 0.0 if g == 0.0 else math.inf
        else:
            error = float(abs((mpmath.mpf(g) - ref) / ref)) / EPS if math.isfinite(g) else math.inf
        if not error <= worst:
            worst, where = error, f"a={a!r}, b={b!r}: got {g!r}, want {mpmath.nstr(ref, 17)}"
    return worst, where


def test_the_array_helper_is_within_the_bound():
    got = numpy_runtime._logratio(np, A, B, D)
    worst, where = _worst(got)
    assert worst <= BOUND, f"{worst:.2f} ulp at {where}"
    # numpy arrays take an in-place path: the same operations as the formula written out
    r = A / B
    np.testing.assert_array_equal(got, np.log(r) + (D / B - (r - 1.0)) / np.maximum(r, 1.0))
    # and single values, or one array against single values, the same bits as element by element
    singles = np.array([numpy_runtime._logratio(np, a, b, d) for a, b, d in zip(A[:50], B[:50], D[:50], strict=True)])
    np.testing.assert_array_equal(singles, got[:50])
    np.testing.assert_array_equal(numpy_runtime._logratio(np, A[:50], B[0], A[:50] - B[0]), [
        numpy_runtime._logratio(np, a, B[0], a - B[0]) for a in A[:50]
    ])


def _scalar_function():
    """The scalar fast path's text for logratio(a, b, a - b), as ScalarPrinter prints it, compiled."""
    a, b = sympy.symbols("a b", positive=True)
    lines = function_body(logratio(a, b, a - b), ScalarPrinter())
    namespace = {"math": math}
    exec(compile("def f(a, b):\n" + "".join(f"    {line}\n" for line in lines), "<logratio>", "exec"), namespace)
    return namespace["f"]


def test_the_scalar_path_gives_the_array_helper_bits():
    f = _scalar_function()
    scalars = np.array([f(a, b) for a, b in zip(A.tolist(), B.tolist(), strict=True)])
    arrays = numpy_runtime._logratio(np, A, B, D)
    r = A / B
    if np.array_equal(np.log(r), np.array([math.log(x) for x in r.tolist()])):
        np.testing.assert_array_equal(scalars, arrays)
    else:  # pragma: no cover - a numpy with its own SIMD log
        np.testing.assert_array_max_ulp(scalars, arrays, maxulp=2)


def test_the_compiled_helper_is_the_same_rule_and_within_the_bound(membrane_compiled):
    m = membrane_compiled
    got = np.array([m._logratio(a, b, d) for a, b, d in zip(A.tolist(), B.tolist(), D.tolist(), strict=True)])
    worst, where = _worst(got)
    assert worst <= BOUND, f"{worst:.2f} ulp at {where}"
    # the same operations as the array helper, with the compiled module's own log
    r = A / B
    own_log = np.array([m._log(x) for x in r.tolist()])
    np.testing.assert_array_equal(got, own_log + (D / B - (r - 1.0)) / np.maximum(r, 1.0))


def test_equal_arguments_give_exactly_zero_and_the_sign_is_that_of_d():
    x = np.array([1e-100, 0.3, 1.0, 7.0, 1e100])
    assert np.all(numpy_runtime._logratio(np, x, x, x - x) == 0.0)
    got = numpy_runtime._logratio(np, A, B, D)
    assert np.all(np.sign(got) == np.sign(D))


@pytest.mark.parametrize(
    "broken, where",
    [
        (lambda xp, a, b, d: xp.log(a / b), "ratios near 1: the rounding of a/b is most of ln(a/b)"),
        (lambda xp, a, b, d: xp.log(a / b) + (d / b - (a / b - 1.0)) / (a / b), "small ratios: an uncapped correction"),
        (lambda xp, a, b, d: xp.log(a / b) + (d / b - (a / b - 1.0)), "large ratios: an undivided correction"),
    ],
)
def test_the_bound_catches_a_formula_without_each_part(broken, where):
    """Each part of the formula is needed: without it the bound fails (so the check can fail)."""
    worst, _ = _worst(broken(np, A, B, D))
    assert worst > BOUND, where
