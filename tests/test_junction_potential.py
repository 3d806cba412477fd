"""Liquid junction potential of a 1:1 electrolyte against independent references.

References typed here: the binary formula, Henderson's (1907) general formula for any
set of ions, and a direct numerical solution of the zero-current Nernst–Planck condition
across junctions with different concentration profiles. CODATA constants are typed.
"""

from __future__ import annotations

import inspect

import mpmath
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

F_REF = 1.602176634e-19 * 6.02214076e23  # C/mol
R_REF = 1.380649e-23 * 6.02214076e23  # J/(mol K)
BODY = 273.15 + 37.0

conc = st.floats(min_value=1e-3, max_value=5e3)  # mol/m^3
mobility = st.floats(min_value=1e-9, max_value=1e-6)  # m^2 V^-1 s^-1
temperature = st.floats(min_value=273.15, max_value=373.15)


def binary_reference(c1, c2, up, um, T=BODY):
    with mpmath.workdps(50):
        c1, c2, up, um, T = (mpmath.mpf(v) for v in (c1, c2, up, um, T))
        return float((up - um) / (up + um) * mpmath.mpf(R_REF) * T / mpmath.mpf(F_REF) * mpmath.log(c1 / c2))


def henderson(ions, T=BODY):
    """Henderson's formula, E = ψ2 − ψ1, for ions given as (z, u, c in solution 1, c in solution 2)."""
    with mpmath.workdps(50):
        RT_F = mpmath.mpf(R_REF) * mpmath.mpf(T) / mpmath.mpf(F_REF)
        num = mpmath.fsum(abs(z) * u / z * (b - a) for z, u, a, b in ions)
        den = mpmath.fsum(abs(z) * u * (b - a) for z, u, a, b in ions)
        s1 = mpmath.fsum(abs(z) * u * a for z, u, a, b in ions)
        s2 = mpmath.fsum(abs(z) * u * b for z, u, a, b in ions)
        return float(RT_F * num / den * mpmath.log(s1 / s2))


def test_signature(membrane):
    signature = str(inspect.signature(membrane.binary_junction_potential))
    assert signature == "(c1, c2, u_plus, u_minus, T=310.15, *, validate=True)"


@settings(max_examples=200)
@given(conc, conc, mobility, mobility, temperature)
def test_matches_the_binary_formula(membrane, c1, c2, up, um, T):
    value = membrane.binary_junction_potential(c1, c2, up, um, T)
    assert value == pytest.approx(binary_reference(c1, c2, up, um, T), rel=1e-12, abs=1e-16)


@settings(max_examples=100)
@given(conc, conc, mobility, mobility)
def test_henderson_formula_reduces_to_it_for_one_salt(membrane, c1, c2, up, um):
    if abs(c1 - c2) < 1e-9 * (c1 + c2):
        return  # Henderson's ratio is 0/0 for identical solutions (covered below)
    ions = [(+1, up, c1, c2), (-1, um, c1, c2)]
    assert membrane.binary_junction_potential(c1, c2, up, um) == pytest.approx(henderson(ions), rel=1e-9, abs=1e-15)


@given(conc, mobility, mobility, temperature)
def test_identical_solutions_make_no_junction_potential(membrane, c, up, um, T):
    assert membrane.binary_junction_potential(c, c, up, um, T) == 0.0


@given(conc, conc, mobility, mobility)
def test_swapping_the_solutions_flips_the_sign(membrane, c1, c2, up, um):
    e = membrane.binary_junction_potential(c1, c2, up, um)
    # ln(c1/c2) and ln(c2/c1) round separately: near c1 = c2 only an absolute 1e-16 V agreement is owed
    assert membrane.binary_junction_potential(c2, c1, up, um) == pytest.approx(-e, rel=1e-14, abs=1e-16)


@given(conc, conc, mobility, mobility)
def test_swapping_the_mobilities_flips_the_sign(membrane, c1, c2, up, um):
    e = membrane.binary_junction_potential(c1, c2, up, um)
    assert membrane.binary_junction_potential(c1, c2, um, up) == pytest.approx(-e, rel=1e-14, abs=1e-300)


@given(conc, conc, mobility, st.floats(1e-6, 1e6))
def test_equal_mobilities_make_none_and_units_do_not_matter(membrane, c1, c2, u, scale):
    assert membrane.binary_junction_potential(c1, c2, u, u) == 0.0
    a = membrane.binary_junction_potential(c1, c2, u, 0.3 * u)
    assert membrane.binary_junction_potential(c1, c2, scale * u, scale * 0.3 * u) == pytest.approx(a, rel=1e-13)


def test_the_faster_ion_charges_the_dilute_side_with_its_sign(membrane):
    """The seed's HCl race: H+ (349.8) outruns Cl- (76.35 S cm2/mol, Robinson & Stokes), 25 °C."""
    uH, uCl = 349.8e-4 / F_REF, 76.35e-4 / F_REF
    hcl = membrane.binary_junction_potential(100.0, 10.0, uH, uCl, 298.15)  # solution 2 is the dilute one
    assert hcl > 0 and hcl == pytest.approx(binary_reference(100, 10, uH, uCl, 298.15), rel=1e-13)
    assert 0.0379 < hcl < 0.0381  # about +38 mV
    # a salt whose anion is the faster one (e.g. NaCl: Na+ 50.1, Cl- 76.35) charges the dilute side negative
    assert membrane.binary_junction_potential(100.0, 10.0, 50.1e-4 / F_REF, uCl, 298.15) < 0


def zero_current_junction(c1, c2, up, um, T, profile):
    """ψ2 − ψ1 for a concentration profile c(x) on [0, 1], found without the closed form.

    At every x, the field dψ/dx is the root of J+ − J− = 0 with the Nernst–Planck fluxes
    J± = −u± (RT/F dc/dx ± c dψ/dx) typed here; it is then integrated with mpmath.quad.
    """
    with mpmath.workdps(25):
        RT_F = mpmath.mpf(R_REF) * T / mpmath.mpf(F_REF)

        def field(x):
            c, dc = profile(x), mpmath.diff(profile, x)

            def current(E):
                return -up * (RT_F * dc + c * E) + um * (RT_F * dc - c * E)

            return mpmath.findroot(current, mpmath.mpf(0))

        return float(mpmath.quad(field, [0, 1]))


@pytest.mark.parametrize(
    "shape",
    [
        lambda c1, c2: lambda x: c1 + (c2 - c1) * x,  # linear mixing (Henderson)
        lambda c1, c2: lambda x: c1 * (c2 / c1) ** x,  # exponential
        lambda c1, c2: lambda x: c1 + (c2 - c1) * (3 * x**2 - 2 * x**3),  # smooth step
    ],
    ids=["linear", "exponential", "smooth-step"],
)
def test_any_concentration_profile_gives_the_same_potential(membrane, shape):
    c1, c2, up, um, T = 100.0, 10.0, 3.6e-7, 7.9e-8, 298.15
    direct = zero_current_junction(c1, c2, up, um, T, shape(mpmath.mpf(c1), mpmath.mpf(c2)))
    assert membrane.binary_junction_potential(c1, c2, up, um, T) == pytest.approx(direct, rel=1e-10)
