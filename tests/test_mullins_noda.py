"""Mullins–Noda: the generated function against the textbook formula and the steady state it solves.

The references are typed here: the Mullins–Noda formula (Mullins & Noda 1963), the GHK
voltage equation (Goldman 1943; Hodgkin & Katz 1949) and the GHK current, with CODATA
constants typed, not imported from derive.
"""

from __future__ import annotations

import inspect
import itertools

import mpmath
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

F_REF = 1.602176634e-19 * 6.02214076e23  # C/mol
R_REF = 1.380649e-23 * 6.02214076e23  # J/(mol K)
BODY = 273.15 + 37.0

conc = st.floats(min_value=1e-2, max_value=1e3)  # mol/m^3
perm = st.floats(min_value=1e-11, max_value=1e-5)  # m/s
ratio = st.floats(min_value=0.05, max_value=20.0)
temperature = st.floats(min_value=273.15, max_value=320.0)


def mullins_noda_reference(PK, PNa, Ki, Ko, Nai, Nao, r=1.5, T=BODY):
    with mpmath.workdps(50):
        PK, PNa, Ki, Ko, Nai, Nao, r, T = (mpmath.mpf(v) for v in (PK, PNa, Ki, Ko, Nai, Nao, r, T))
        RT_F = mpmath.mpf(R_REF) * T / mpmath.mpf(F_REF)
        return float(RT_F * mpmath.log((r * PK * Ko + PNa * Nao) / (r * PK * Ki + PNa * Nai)))


def ghk_voltage_reference(PK, PNa, PCl, Ki, Ko, Nai, Nao, Cli, Clo, T=BODY):
    """The GHK voltage equation with chloride, typed: anions enter with inside and outside swapped."""
    with mpmath.workdps(50):
        args = (PK, PNa, PCl, Ki, Ko, Nai, Nao, Cli, Clo, T)
        PK, PNa, PCl, Ki, Ko, Nai, Nao, Cli, Clo, T = (mpmath.mpf(v) for v in args)
        RT_F = mpmath.mpf(R_REF) * T / mpmath.mpf(F_REF)
        return float(RT_F * mpmath.log((PK * Ko + PNa * Nao + PCl * Cli) / (PK * Ki + PNa * Nai + PCl * Clo)))


def test_signature(membrane):
    signature = str(inspect.signature(membrane.mullins_noda_potential))
    assert signature == "(P_K, P_Na, K_in, K_out, Na_in, Na_out, r=1.5, T=310.15, *, validate=True)"


@settings(max_examples=200)
@given(perm, perm, conc, conc, conc, conc, ratio, temperature)
def test_matches_the_mullins_noda_formula(membrane, PK, PNa, Ki, Ko, Nai, Nao, r, T):
    value = membrane.mullins_noda_potential(PK, PNa, Ki, Ko, Nai, Nao, r, T)
    assert value == pytest.approx(mullins_noda_reference(PK, PNa, Ki, Ko, Nai, Nao, r, T), rel=1e-12, abs=1e-15)


def test_defaults_are_a_3_to_2_pump_at_body_temperature(membrane):
    args = (1e-8, 5e-10, 140.0, 5.0, 12.0, 145.0)
    assert membrane.mullins_noda_potential(*args) == pytest.approx(
        mullins_noda_reference(*args, r=1.5, T=BODY), rel=1e-13
    )


@settings(max_examples=200)
@given(perm, perm, perm, conc, conc, conc, conc, conc, conc, temperature)
def test_r_equal_one_is_the_ghk_voltage_without_chloride(membrane, PK, PNa, PCl, Ki, Ko, Nai, Nao, Cli, Clo, T):
    value = membrane.mullins_noda_potential(PK, PNa, Ki, Ko, Nai, Nao, 1.0, T)
    ghk = ghk_voltage_reference(PK, PNa, 0.0, Ki, Ko, Nai, Nao, Cli, Clo, T)
    assert value == pytest.approx(ghk, rel=1e-12, abs=1e-15)
    # and the catalogue's own GHK voltage function agrees (the identity the issue names)
    assert value == pytest.approx(
        membrane.ghk_voltage(PK, PNa, 0.0, Ki, Ko, Nai, Nao, Cli, Clo, T), rel=1e-12, abs=1e-15
    )


def ghk_current(V, P, ci, co, T):
    """GHK current density of a monovalent cation, typed (Hille), in mpmath."""
    F, R = mpmath.mpf(F_REF), mpmath.mpf(R_REF)
    u = F * V / (R * T)
    if u == 0:
        return P * F * (ci - co)
    return P * F * u * (ci - co * mpmath.exp(-u)) / -mpmath.expm1(-u)


@settings(max_examples=60, deadline=None)
@given(perm, st.floats(1e-3, 1.0), st.floats(50.0, 500.0), st.floats(1.0, 30.0), st.floats(5.0, 60.0), ratio)
def test_it_is_the_steady_state_of_pump_and_ghk_leaks(membrane, PK, rel_Na, Ki, Ko, Nai, r):
    """Solve r I_K(V) + I_Na(V) = 0 for V with a root finder: the pump's stoichiometry fixes the leaks."""
    PNa, Nao, T = PK * rel_Na, 440.0, 293.15
    with mpmath.workdps(30):
        root = mpmath.findroot(
            lambda V: r * ghk_current(V, PK, Ki, Ko, T) + ghk_current(V, PNa, Nai, Nao, T),
            (mpmath.mpf(-0.3), mpmath.mpf(0.3)),
            solver="anderson",
        )
    value = membrane.mullins_noda_potential(PK, PNa, Ki, Ko, Nai, Nao, r, T)
    assert value == pytest.approx(float(root), rel=1e-10, abs=1e-13)


@given(perm, perm, st.floats(50.0, 500.0), st.floats(1.0, 30.0), st.floats(5.0, 60.0), st.floats(100.0, 500.0))
def test_a_larger_ratio_pulls_towards_the_potassium_potential(membrane, PK, PNa, Ki, Ko, Nai, Nao):
    """Between E_K and E_Na; as r grows, V falls towards E_K (K+ gradient outward, Na+ inward)."""
    EK = R_REF * BODY / F_REF * mpmath.log(Ko / Ki)
    ENa = R_REF * BODY / F_REF * mpmath.log(Nao / Nai)
    big = 1e9
    values = [membrane.mullins_noda_potential(PK, PNa, Ki, Ko, Nai, Nao, r) for r in (1.0, 1.5, 3.0, big)]
    assert all(EK - 1e-12 <= v <= ENa + 1e-12 for v in values)
    assert all(b <= a + 1e-15 for a, b in itertools.pairwise(values))
    # V - E_K = (RT/F) ln(1 + (P_Na Na_o/(r P_K K_o))) - ... <= (RT/F) P_Na/(r P_K) (Na_o/K_o + Na_i/K_i)
    bound = R_REF * BODY / F_REF * PNa / (big * PK) * (Nao / Ko + Nai / Ki)
    assert abs(values[-1] - float(EK)) <= bound + 1e-15


def test_pump_makes_the_squid_axon_more_negative(membrane):
    """Squid axon (K 400/20, Na 50/440 mM), P_Na/P_K = 0.04 (Hodgkin & Katz 1949), 20 °C."""
    args = (1e-8, 4e-10, 400.0, 20.0, 50.0, 440.0)
    three_two = membrane.mullins_noda_potential(*args, 1.5, 293.15)
    neutral = membrane.mullins_noda_potential(*args, 1.0, 293.15)
    assert neutral == pytest.approx(ghk_voltage_reference(1e-8, 4e-10, 0.0, 400, 20, 50, 440, 1, 1, 293.15), rel=1e-13)
    assert -0.0645 < three_two < -0.0635 and -0.0603 < neutral < -0.0595  # about -64.1 and -59.9 mV
