"""The generated numeric modules against independent references and physical identities.

References are written here from textbook formulas with constants typed from CODATA
(not imported from derive), evaluated by hand or with mpmath at 50 digits. Every test
runs on both modules (``numeric_module``: membrane.py, then membrane_compiled.py);
tests/test_accuracy.py holds the ulp bounds over the whole domain.
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

# CODATA 2018, typed independently of derive.constants.
F_REF = 1.602176634e-19 * 6.02214076e23  # C/mol
R_REF = 1.380649e-23 * 6.02214076e23  # J/(mol K)
BODY = 273.15 + 37.0

conc = st.floats(min_value=1e-3, max_value=1e3)
charge = st.sampled_from([-3, -2, -1, 1, 2, 3])
voltage = st.floats(min_value=-0.25, max_value=0.25)
perm = st.floats(min_value=1e-12, max_value=1e-4)


# ---------------------------------------------------------------- Nernst


def test_nernst_potassium_140_in_5_out_at_37C(numeric_module):
    # By hand: RT/F = 8.314462618 * 310.15 / 96485.33212 = 0.02672666 V; ln(5/140) = -3.332205
    assert math.isclose(R_REF * BODY / F_REF, 0.02672666, rel_tol=1e-6)
    expected = -0.0890587  # V, 0.02672666 * -3.332205
    assert numeric_module.nernst_potential(140.0, 5.0, 1) == pytest.approx(expected, abs=2e-7)
    assert numeric_module.nernst_potential(140.0, 5.0, 1, T=BODY) == pytest.approx(
        R_REF * BODY / F_REF * math.log(5 / 140), rel=1e-14
    )


def test_seed_tenfold_gradient_sign_follows_charge(numeric_module):
    """The seed: 10-fold higher outside gives a positive E for P+ and a negative E for N-."""
    cation = numeric_module.nernst_potential(10.0, 100.0, +1)
    anion = numeric_module.nernst_potential(10.0, 100.0, -1)
    assert cation == pytest.approx(+0.06154, abs=1e-5)  # about +61.5 mV at 37 °C
    assert anion == pytest.approx(-0.06154, abs=1e-5)
    assert cation == pytest.approx(R_REF * BODY / F_REF * math.log(10), rel=1e-14)


@given(conc, conc, charge)
def test_nernst_antisymmetric_in_concentrations_and_charge(numeric_module, a, b, zz):
    e = numeric_module.nernst_potential(a, b, zz)
    assert numeric_module.nernst_potential(b, a, zz) == pytest.approx(-e, rel=1e-12, abs=1e-300)
    assert numeric_module.nernst_potential(a, b, -zz) == pytest.approx(-e, rel=1e-12, abs=1e-300)


def test_ghk_current_broadcasts(numeric_module):
    V = np.linspace(-0.1, 0.1, 3)[:, None]
    out = numeric_module.ghk_current_density(V, np.array([10.0, 140.0, 5.0, 1.0]), 5.0, 1, 1e-8)
    assert out.shape == (3, 4)
    assert out[2, 1] == numeric_module.ghk_current_density(0.1, 140.0, 5.0, 1, 1e-8)


def test_nernst_broadcasts(numeric_module):
    c_in = np.array([[10.0], [140.0]])
    out = numeric_module.nernst_potential(c_in, np.array([5.0, 10.0, 145.0]), 1)
    assert out.shape == (2, 3)
    assert out[1, 0] == pytest.approx(numeric_module.nernst_potential(140.0, 5.0, 1), rel=1e-15)


# ---------------------------------------------------------------- GHK current


def ghk_reference(V, ci, co, z, P, T=BODY):
    """Textbook GHK current density (Hille), evaluated with mpmath at 50 digits."""
    with mpmath.workdps(50):
        V, ci, co, P, T = (mpmath.mpf(v) for v in (V, ci, co, P, T))
        F, R = (
            mpmath.mpf(1.602176634e-19) * mpmath.mpf(6.02214076e23),
            mpmath.mpf(1.380649e-23) * mpmath.mpf(6.02214076e23),
        )
        u = z * F * V / (R * T)
        if u == 0:
            return float(P * z * F * (ci - co))
        # 1 - e^{-u} written with expm1 so that 50 digits suffice even for |u| ~ 1e-300
        return float(P * z**2 * F**2 * V / (R * T) * (ci - co * mpmath.exp(-u)) / -mpmath.expm1(-u))


@settings(max_examples=200)
@given(voltage, conc, conc, charge, perm)
def test_ghk_current_matches_textbook_formula(numeric_module, V, ci, co, zz, P):
    ref = ghk_reference(V, ci, co, zz, P)
    scale = abs(P * zz * F_REF) * (ci + co) * max(1.0, abs(zz * F_REF * V / (R_REF * BODY)))
    assert abs(numeric_module.ghk_current_density(V, ci, co, zz, P) - ref) <= 1e-13 * scale


@pytest.mark.parametrize("zz", [-2, -1, 1, 2])
def test_ghk_current_at_zero_voltage_is_PzF_times_difference(numeric_module, zz):
    P, ci, co = 1e-8, 140.0, 5.0
    value = numeric_module.ghk_current_density(0.0, ci, co, zz, P)
    assert np.isfinite(value)
    assert value == pytest.approx(P * zz * F_REF * (ci - co), rel=1e-15)
    # and continuous there: tiny voltages give the same to full precision
    for v in (1e-300, -1e-300, 1e-12, -1e-12):
        assert numeric_module.ghk_current_density(v, ci, co, zz, P) == pytest.approx(value, rel=1e-9)


@settings(max_examples=200)
@given(conc, conc, charge, perm)
def test_ghk_current_vanishes_at_the_nernst_potential(numeric_module, ci, co, zz, P):
    E = numeric_module.nernst_potential(ci, co, zz)
    current = numeric_module.ghk_current_density(E, ci, co, zz, P)
    scale = abs(P * zz * F_REF) * (ci + co) * max(1.0, abs(zz * F_REF * E / (R_REF * BODY)))
    assert abs(current) <= 1e-13 * scale


def test_ghk_current_sign_is_outward_positive(numeric_module):
    # K+ leaves the cell at rest (V above E_K): outward, positive.
    assert numeric_module.ghk_current_density(-0.070, 140.0, 5.0, 1, 1e-8) > 0
    # Na+ enters: inward, negative.
    assert numeric_module.ghk_current_density(-0.070, 10.0, 145.0, 1, 1e-8) < 0


def test_ghk_current_finite_for_large_voltages(numeric_module):
    # |zFV/RT| up to ~1500 for z = 2: e^{|u|} overflows a double beyond |u| ~ 709
    V = np.array([-20.0, -10.0, -5.0, -1.0, 1.0, 5.0, 10.0, 20.0])
    with np.errstate(all="raise"):  # no overflow, not even an intermediate one that is caught
        out = numeric_module.ghk_current_density(V, 140.0, 5.0, 2, 1e-8)
    assert np.all(np.isfinite(out))
    for v, o in zip(V, out, strict=True):
        assert o == pytest.approx(ghk_reference(v, 140.0, 5.0, 2, 1e-8), rel=1e-12)


# ---------------------------------------------------------------- pump-leak


@given(st.floats(0.0, 1e3), st.floats(1e-3, 1e3), st.floats(1e-3, 10.0), st.floats(-1e3, 1e3))
def test_pump_leak_gradient_matches_solution(numeric_module, t, p, k, G0):
    ref = p / k + (G0 - p / k) * math.exp(-k * t)
    got = numeric_module.pump_leak_gradient(t, p, k, G0)
    assert got == pytest.approx(ref, rel=1e-12, abs=1e-12 * (abs(G0) + p / k))


def test_pump_leak_starts_at_G0_and_tends_to_p_over_k(numeric_module):
    p, k = 2.0, 0.5
    assert numeric_module.pump_leak_gradient(0.0, p, k, G0=1.0) == pytest.approx(1.0, rel=1e-15)
    assert numeric_module.pump_leak_gradient(0.0, p, k) == 0.0
    assert numeric_module.pump_leak_gradient(200.0, p, k) == pytest.approx(p / k, rel=1e-15)
    assert numeric_module.pump_leak_steady_state(p, k) == p / k
    t = np.linspace(0, 40, 9)
    g = numeric_module.pump_leak_gradient(t, p, k)
    assert np.all(np.diff(g) > 0) and g.shape == t.shape  # rises monotonically from 0


def test_pump_leak_gradient_without_cancellation_at_small_k(numeric_module):
    """G = p/k + (G0 - p/k) e^{-kt} cancels catastrophically when kt is small; the exprel form does not."""
    p, t, G0 = 1.0, 1.0, 0.0
    with mpmath.workdps(450):  # enough digits for the naive formula to survive k = 1e-200
        for k in (1e-3, 1e-6, 1e-9, 1e-12, 1e-200):
            kk, pp, tt = mpmath.mpf(k), mpmath.mpf(p), mpmath.mpf(t)
            ref = float(pp / kk + (G0 - pp / kk) * mpmath.exp(-kk * tt))
            assert numeric_module.pump_leak_gradient(t, p, k, G0) == pytest.approx(ref, rel=4e-16)
    # and the k -> 0 limit, linear growth G0 + p t, is exact. k = 0 lies outside the
    # model's domain (k > 0, which validation enforces), so the check is skipped here.
    assert numeric_module.pump_leak_gradient(3.0, 2.0, 0.0, 1.0, validate=False) == 7.0


def test_pump_leak_time_constant_is_one_over_k(numeric_module):
    p, k = 3.0, 0.25
    g_tau = numeric_module.pump_leak_gradient(1 / k, p, k)
    assert g_tau == pytest.approx((1 - math.exp(-1)) * p / k, rel=1e-14)
