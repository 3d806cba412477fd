"""Chord conductance: the generated function and the derivation against independent references.

References are typed here from the textbook formulas (Hodgkin & Huxley 1952; the GHK
current of Goldman 1943 / Hodgkin & Katz 1949) with CODATA constants typed, not imported.
"""

from __future__ import annotations

import inspect

import mpmath
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

import derive
from derive.errors import SpecificationError
from derive.symbols import F, R, T

F_REF = 1.602176634e-19 * 6.02214076e23  # C/mol
R_REF = 1.380649e-23 * 6.02214076e23  # J/(mol K)

conductance = st.floats(min_value=1e-6, max_value=1e3)  # S/m^2
potential = st.floats(min_value=-0.15, max_value=0.15)  # V


def chord_reference(gs, Es):
    """V = Σ g_j E_j / Σ g_j, at 50 digits."""
    with mpmath.workdps(50):
        gs = [mpmath.mpf(g) for g in gs]
        Es = [mpmath.mpf(e) for e in Es]
        return float(mpmath.fsum(g * e for g, e in zip(gs, Es, strict=True)) / mpmath.fsum(gs))


def test_signature(membrane):
    signature = str(inspect.signature(membrane.chord_conductance_potential))
    assert signature == "(g_K, g_Na, g_Cl, E_K, E_Na, E_Cl, *, validate=True)"


@settings(max_examples=200)
@given(conductance, conductance, conductance, potential, potential, potential)
def test_matches_the_weighted_average(membrane, gK, gNa, gCl, EK, ENa, ECl):
    value = membrane.chord_conductance_potential(gK, gNa, gCl, EK, ENa, ECl)
    assert value == pytest.approx(chord_reference((gK, gNa, gCl), (EK, ENa, ECl)), rel=1e-13, abs=1e-16)
    # a weighted average lies between the smallest and the largest of what it averages
    assert min(EK, ENa, ECl) - 1e-15 <= value <= max(EK, ENa, ECl) + 1e-15


@given(st.sampled_from([0, 1, 2]), conductance, potential, potential, potential)
def test_one_nonzero_conductance_gives_that_equilibrium_potential(membrane, which, g, EK, ENa, ECl):
    gs = [0.0, 0.0, 0.0]
    gs[which] = g
    value = membrane.chord_conductance_potential(*gs, EK, ENa, ECl)
    assert value == pytest.approx((EK, ENa, ECl)[which], rel=1e-15, abs=1e-18)


@given(conductance, conductance, conductance, potential, potential, potential, st.floats(1e-3, 1e3))
def test_only_the_ratios_of_conductances_matter(membrane, gK, gNa, gCl, EK, ENa, ECl, scale):
    a = membrane.chord_conductance_potential(gK, gNa, gCl, EK, ENa, ECl)
    b = membrane.chord_conductance_potential(scale * gK, scale * gNa, scale * gCl, EK, ENa, ECl)
    assert b == pytest.approx(a, rel=1e-12, abs=1e-16)


def test_squid_axon_rest_from_hodgkin_huxley(membrane):
    """HH (1952) at rest: n, m, h from their rate constants at V = 0 (their convention), typed here."""
    alpha_n, beta_n = 0.01 * 10 / (mpmath.e - 1), 0.125
    alpha_m, beta_m = 0.1 * 25 / (mpmath.exp(2.5) - 1), 4.0
    alpha_h, beta_h = 0.07, 1 / (mpmath.exp(3) + 1)
    n, m, h = (a / (a + b) for a, b in ((alpha_n, beta_n), (alpha_m, beta_m), (alpha_h, beta_h)))
    gK, gNa, gL = float(36 * n**4) * 10, float(120 * m**3 * h) * 10, 0.3 * 10  # mS/cm^2 -> S/m^2
    # reversal potentials 12 mV below, 115 mV above, 10.613 mV above a rest placed at -65 mV
    rest = membrane.chord_conductance_potential(gK, gNa, gL, -0.077, 0.050, -0.054387)
    assert rest == pytest.approx(-0.065, abs=2e-5)  # HH chose the leak reversal to make rest current-free


def test_linearised_ghk_slope_is_the_derivative_at_the_reversal_potential():
    """The derived slope conductance equals dI/dV at V = E of the typed GHK current (mpmath.diff)."""
    d = derive.relation("chord_conductance")
    X = derive.GENERIC
    rhs = d.step("slope").equation.rhs.subs({F: F_REF, R: R_REF})
    slope = sympy.lambdify([X.P, X.z, X.c_in, X.c_out, T], rhs, "mpmath")
    with mpmath.workdps(40):
        for P, z, ci, co in [(1e-8, 1, 140, 5), (2e-9, -1, 10, 110), (1e-9, 2, 1e-4, 2), (3e-8, 1, 12, 145)]:
            P, ci, co, TT = (mpmath.mpf(v) for v in (P, ci, co, 310.15))
            FF, RR = mpmath.mpf(F_REF), mpmath.mpf(R_REF)
            E = RR * TT / (z * FF) * mpmath.log(co / ci)

            def ghk(V, P=P, z=z, ci=ci, co=co, TT=TT, FF=FF, RR=RR):
                u = z * FF * V / (RR * TT)
                return P * z**2 * FF**2 * V / (RR * TT) * (ci - co * mpmath.exp(-u)) / (1 - mpmath.exp(-u))

            assert abs(ghk(E)) < mpmath.mpf(10) ** -30 * P * FF * (ci + co)
            numeric = mpmath.diff(ghk, E)
            assert float(slope(P, z, ci, co, TT)) == pytest.approx(float(numeric), rel=1e-12)
            # and the linear law is the tangent: the error is second order in V - E
            for dV in (1e-3, 1e-4):
                err1 = abs(ghk(E + dV) - numeric * dV)
                err2 = abs(ghk(E + dV / 10) - numeric * dV / 10)
                assert err2 < err1 / 50


def test_derivation_covers_any_set_of_ions():
    d = derive.relation("chord_conductance", ions=(derive.POTASSIUM, derive.SODIUM))
    gK, gNa, EK, ENa = derive.POTASSIUM.g, derive.SODIUM.g, derive.POTASSIUM.E, derive.SODIUM.E
    assert sympy.simplify(d.result.equation.rhs - (gK * EK + gNa * ENa) / (gK + gNa)) == 0
    with pytest.raises(SpecificationError):
        derive.relation("chord_conductance", ions=(derive.POTASSIUM,))
    with pytest.raises(SpecificationError):
        derive.relation("chord_conductance", ions=(derive.POTASSIUM, derive.GENERIC))
