"""How the numpy module runs a kernel on large arrays: in blocks only where the call has enough
array operations, the result checked finite from its sum, and the same bits whichever way it runs."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from derive.printing import numpy_runtime
from derive.printing.module import BLOCKED_MIN_OPS, array_operations

x, y, z, R, F = sympy.symbols("x y z R F")


@pytest.mark.parametrize(
    "expr, counts",
    [
        # counted by hand: x - R*F*y*z is y*z, (R*F)*(y*z), x - (...): three operations with y or z, one with x
        (x - R * F * y * z, (1, 3, 3)),
        (x / y, (1, 2, 0)),  # x*y**-1: the product (x, y), the power (y)
        # -x*y prints as (-x)*y: a negation and a product; then exp and the sum (z only in the sum)
        (sympy.exp(-x * y) + z, (4, 4, 1)),
    ],
)
def test_array_operations_counts_the_operations_each_parameter_takes(expr, counts):
    masks = array_operations(expr, ["x", "y", "z"])
    assert tuple(bin(m).count("1") for m in masks) == counts


def test_a_call_with_one_array_operation_runs_in_one_call(membrane, monkeypatch):
    """proton_motive_force with only delta_psi an array is one addition: no blocks; with every
    argument an array, or nernst_potential with its concentrations arrays, it runs in blocks."""
    n = 3 * membrane._BLOCK + 7
    dpsi = np.linspace(-0.1, 0.1, n)
    want = membrane.proton_motive_force(dpsi, 1.0, 310.0)

    def no_blocks(*args, **kwargs):
        raise AssertionError("ran in blocks")

    monkeypatch.setattr(membrane, "_run_blocks", no_blocks)
    for validate in (True, False):
        assert np.array_equal(membrane.proton_motive_force(dpsi, 1.0, 310.0, validate=validate), want)
    with pytest.raises(AssertionError, match="ran in blocks"):
        membrane.proton_motive_force(dpsi, np.full(n, 1.0), np.full(n, 310.0))
    with pytest.raises(AssertionError, match="ran in blocks"):
        membrane.nernst_potential(np.full(n, 10.0), np.full(n, 140.0), 1, validate=False)


def test_finite_is_seen_from_the_sum():
    ok = np.linspace(-1e10, 1e10, 1001)
    assert numpy_runtime._finite(ok)
    for bad in (np.nan, np.inf, -np.inf):
        x = ok.copy()
        x[500] = bad
        assert not numpy_runtime._finite(x)
    # finite elements whose sum overflows: False, and the caller's slow path looks point by point
    with np.errstate(over="ignore"):  # as the runtime calls it
        assert not numpy_runtime._finite(np.full(4, 1e308))


@pytest.mark.parametrize("name", ["nernst_potential", "proton_motive_force"])
def test_a_false_alarm_of_the_sum_gives_the_same_bits(membrane, monkeypatch, name):
    """A result whose sum overflows goes the slow way (_settle): it must return the kernel's bits."""
    n = 2 * membrane._CHECKED_STEP + 11
    rng = np.random.default_rng(4)
    args = {
        "nernst_potential": (rng.uniform(1, 150, n), rng.uniform(1, 150, n), 2.0, 300.0),
        "proton_motive_force": (rng.uniform(-0.1, 0.1, n), rng.uniform(-1, 1, n), 300.0),
    }[name]
    f = getattr(membrane, name)
    want = f(*args)
    monkeypatch.setattr(membrane, "_finite", lambda x: False)
    assert np.array_equal(f(*args), want)
