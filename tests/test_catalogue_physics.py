"""The catalogue's numeric functions against textbook formulas and physical identities.

References are typed here from textbook formulas with CODATA constants typed
independently of derive, and evaluated with mpmath at 40 digits; the divalent GHK
reference finds the zero of the summed GHK currents numerically, without the closed form.
"""

from __future__ import annotations

import mpmath
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

F_REF = mpmath.mpf("1.602176634e-19") * mpmath.mpf("6.02214076e23")
R_REF = mpmath.mpf("1.380649e-23") * mpmath.mpf("6.02214076e23")
BODY = 310.15
mpmath.mp.dps = 40

conc = st.floats(min_value=1e-3, max_value=1e3)
perm = st.floats(min_value=1e-12, max_value=1e-4)
voltage = st.floats(min_value=-0.25, max_value=0.25)
temperature = st.floats(min_value=273.15, max_value=320.0)
charge = st.sampled_from([-3, -2, -1, 1, 2, 3])


def close(a, b, rel=1e-12, scale=0.0):
    # 1e-300 absolute: subnormal results (dV = 5e-324, say) carry no relative precision
    return abs(float(a) - float(b)) <= rel * max(abs(float(b)), scale) + 1e-300


def ghk_voltage_ref(P_K, P_Na, P_Cl, K_i, K_o, Na_i, Na_o, Cl_i, Cl_o, T=BODY):
    # Goldman (1943), Hodgkin & Katz (1949): anions enter with inside and outside swapped.
    num = mpmath.mpf(P_K) * K_o + mpmath.mpf(P_Na) * Na_o + mpmath.mpf(P_Cl) * Cl_i
    den = mpmath.mpf(P_K) * K_i + mpmath.mpf(P_Na) * Na_i + mpmath.mpf(P_Cl) * Cl_o
    return R_REF * T / F_REF * mpmath.log(num / den)


def ghk_current_ref(V, P, z, ci, co, T):
    u = z * F_REF * V / (R_REF * T)
    if u == 0:
        return P * z * F_REF * (ci - co)
    return P * z**2 * F_REF**2 * V / (R_REF * T) * (ci - co * mpmath.exp(-u)) / (1 - mpmath.exp(-u))


def zero_current_ref(ions, T=BODY):
    """The V at which the summed textbook GHK currents vanish, by bisection.

    Each GHK current increases with V, so the sum has one zero; 120 halvings of
    [-2 V, 2 V] pin it to 1e-35 V.
    """
    mp = mpmath.mpf
    total = lambda v: sum(ghk_current_ref(v, mp(P), z, mp(ci), mp(co), mp(T)) for P, z, ci, co in ions)
    lo, hi = mp(-2), mp(2)
    assert total(lo) < 0 < total(hi)
    for _ in range(120):
        mid = (lo + hi) / 2
        if total(mid) < 0:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


# ---------------------------------------------------------------- Fick


def test_fick_flux_runs_down_the_gradient(membrane):
    assert membrane.fick_flux(1e-9, -1e4) == pytest.approx(1e-5, rel=1e-15)
    assert membrane.fick_flux(1e-9, 1e4) == pytest.approx(-1e-5, rel=1e-15)


@given(st.floats(1e-12, 1e-6), st.floats(-1e8, 1e8))
def test_fick_flux_is_proportional_to_the_gradient(membrane, D, g):
    assert membrane.fick_flux(D, 2 * g) == pytest.approx(2 * membrane.fick_flux(D, g), rel=1e-15, abs=1e-300)


# ---------------------------------------------------------------- free energy of transport


@given(conc, conc, charge, voltage, temperature)
def test_transport_free_energy_matches_the_textbook(membrane, a, b, zz, dV, T):
    ref = R_REF * T * mpmath.log(mpmath.mpf(b) / a) + zz * F_REF * dV
    scale = float(R_REF * T * abs(mpmath.log(mpmath.mpf(b) / a)) + abs(zz * F_REF * dV))
    assert close(membrane.transport_free_energy(a, b, zz, dV, T=T), ref, rel=1e-13, scale=scale)


@given(conc, conc, charge, voltage)
def test_transport_back_and_forth_cancels(membrane, a, b, zz, dV):
    there = membrane.transport_free_energy(a, b, zz, dV)
    back = membrane.transport_free_energy(b, a, zz, -dV)
    assert there == pytest.approx(-back, rel=1e-12, abs=1e-9)


def test_seed_calcium_and_sodium_numbers(membrane):
    ca = membrane.transport_free_energy(0.0001, 2.0, 2, 0.0)  # chemical term only
    na = membrane.transport_free_energy(145.0, 15.0, 1, -0.055)  # entry at threshold
    assert round(ca / 1000, 1) == 25.5  # kJ/mol, the seed
    assert round(na / 1000, 1) == -11.2


# ---------------------------------------------------------------- proton-motive force


@given(voltage, st.floats(-3, 3), temperature)
def test_proton_motive_force_matches_mitchell(membrane, dpsi, dpH, T):
    ref = dpsi - R_REF * T * mpmath.log(10) / F_REF * dpH
    scale = abs(dpsi) + float(R_REF * T * mpmath.log(10) / F_REF * abs(dpH))
    assert close(membrane.proton_motive_force(dpsi, dpH, T=T), ref, rel=1e-14, scale=scale)


def test_proton_motive_force_at_equal_pH_is_the_membrane_potential(membrane):
    assert membrane.proton_motive_force(-0.15, 0.0) == -0.15


# ---------------------------------------------------------------- GHK voltage


@given(perm, perm, perm, conc, conc, conc, conc, conc, conc)
def test_ghk_voltage_matches_the_textbook(membrane, pk, pna, pcl, ki, ko, nai, nao, cli, clo):
    ref = ghk_voltage_ref(pk, pna, pcl, ki, ko, nai, nao, cli, clo)
    assert close(membrane.ghk_voltage(pk, pna, pcl, ki, ko, nai, nao, cli, clo), ref, rel=1e-13, scale=1e-3)


@given(perm, conc, conc, conc, conc, conc, conc)
def test_ghk_voltage_with_one_permeant_ion_is_nernst(membrane, p, ki, ko, nai, nao, cli, clo):
    k_only = membrane.ghk_voltage(p, 0.0, 0.0, ki, ko, nai, nao, cli, clo)
    cl_only = membrane.ghk_voltage(0.0, 0.0, p, ki, ko, nai, nao, cli, clo)
    assert k_only == pytest.approx(membrane.nernst_potential(ki, ko, 1), rel=1e-13, abs=1e-16)
    assert cl_only == pytest.approx(membrane.nernst_potential(cli, clo, -1), rel=1e-13, abs=1e-16)


def test_ghk_voltage_makes_the_summed_currents_vanish(membrane):
    """Independent of the closed form: the root of the summed textbook currents."""
    args = (1e-8, 5e-10, 4.5e-9, 140.0, 5.0, 15.0, 145.0, 10.0, 110.0)
    ref = zero_current_ref([(1e-8, 1, 140, 5), (5e-10, 1, 15, 145), (4.5e-9, -1, 10, 110)])
    assert close(membrane.ghk_voltage(*args), ref, rel=1e-13)


# ---------------------------------------------------------------- GHK with calcium

calcium_cases = st.tuples(perm, perm, perm, st.floats(1e-14, 1e-6), conc, conc, conc, conc, conc, conc)


@settings(max_examples=60, deadline=None)
@given(calcium_cases, st.floats(1e-5, 10), st.floats(1e-2, 1e2))
def test_ghk_voltage_with_calcium_is_the_zero_of_the_currents(membrane, case, ca_i, ca_o):
    pk, pna, pcl, pca, ki, ko, nai, nao, cli, clo = case
    ref = zero_current_ref([(pk, 1, ki, ko), (pna, 1, nai, nao), (pcl, -1, cli, clo), (pca, 2, ca_i, ca_o)])
    got = membrane.ghk_voltage_with_calcium(pk, pna, pcl, pca, ki, ko, nai, nao, cli, clo, ca_i, ca_o)
    assert close(got, ref, rel=1e-12, scale=1e-3)


@given(perm, perm, perm, conc, conc, conc, conc, conc, conc, conc, conc)
def test_ghk_voltage_with_calcium_reduces_to_ghk_voltage(
    membrane, pk, pna, pcl, ki, ko, nai, nao, cli, clo, ca_i, ca_o
):
    mono = membrane.ghk_voltage(pk, pna, pcl, ki, ko, nai, nao, cli, clo)
    with_ca = membrane.ghk_voltage_with_calcium(pk, pna, pcl, 0.0, ki, ko, nai, nao, cli, clo, ca_i, ca_o)
    assert with_ca == pytest.approx(mono, rel=1e-12, abs=1e-15)


@given(perm, conc, conc, conc, conc, conc, conc, conc, conc)
def test_calcium_alone_gives_its_nernst_potential(membrane, pca, ki, ko, nai, nao, cli, clo, ca_i, ca_o):
    v = membrane.ghk_voltage_with_calcium(0.0, 0.0, 0.0, pca, ki, ko, nai, nao, cli, clo, ca_i, ca_o)
    assert v == pytest.approx(membrane.nernst_potential(ca_i, ca_o, 2), rel=1e-13, abs=1e-16)


def test_calcium_form_keeps_its_digits_at_very_negative_potentials(membrane):
    """B << A: the textbook root (-b + sqrt(b^2 + 4ac))/2a cancels; the arsinh form must not."""
    args = (1e-6, 0.0, 0.0, 1e-14, 400.0, 1e-3, 10.0, 10.0, 10.0, 10.0, 1e-4, 1.0)
    ref = zero_current_ref([(1e-6, 1, 400, 1e-3), (1e-14, 2, 1e-4, 1.0)])
    assert close(membrane.ghk_voltage_with_calcium(*args), ref, rel=1e-14)
