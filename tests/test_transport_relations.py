"""Issue 11: exchangers, Donnan, bi-ionic permeability ratios, the Ussing flux ratio, wider domains.

References are typed here from the textbook formulas, with CODATA constants typed
independently of derive, and evaluated with mpmath at 50 digits; the bi-ionic and
divalent references find the zero of summed textbook GHK currents by bisection, without
the closed form.
"""

from __future__ import annotations

import dataclasses

import mpmath
import pytest

import derive
from derive.catalogue import FUNCTIONS, SUMMED, NumericFunction, SummedFunction
from derive.errors import SpecificationError, UnknownNameError, VerificationError
from derive.ions import CHLORIDE, HYDROGEN, POTASSIUM, SODIUM
from derive.symbols import rho

mpmath.mp.dps = 50
F = mpmath.mpf("1.602176634e-19") * mpmath.mpf("6.02214076e23")
R = mpmath.mpf("1.380649e-23") * mpmath.mpf("6.02214076e23")
BODY = mpmath.mpf("310.15")


def close(a, b, rel=1e-13, scale=0.0):
    return abs(float(a) - float(b)) <= rel * max(abs(float(b)), scale) + 1e-300


def ghk_ref(V, ci, co, z, P, T=BODY):
    """Hille's GHK current density, P z² F² V/RT (c_i - c_o e^{-u})/(1 - e^{-u}), u = zFV/RT."""
    V, ci, co, P, T = (mpmath.mpf(x) for x in (V, ci, co, P, T))
    u = z * F * V / (R * T)
    if u == 0:
        return P * z * F * (ci - co)
    return P * z**2 * F**2 * V / (R * T) * (ci - co * mpmath.exp(-u)) / (1 - mpmath.exp(-u))


def bisect_zero(total, lo=-2, hi=2):
    lo, hi = mpmath.mpf(lo), mpmath.mpf(hi) + mpmath.mpf("1e-9")  # never V = 0 exactly
    assert total(lo) < 0 < total(hi)
    for _ in range(200):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if total(mid) < 0 else (lo, mid)
    return (lo + hi) / 2


def nernst_ref(ci, co, z, T=BODY):
    return R * T / (z * F) * mpmath.log(mpmath.mpf(co) / mpmath.mpf(ci))


# ---------------------------------------------------------------- exchangers and the pump


def test_ncx_reversal_is_three_E_Na_minus_two_E_Ca(numeric_module):
    """Blaustein & Lederer (1999): E_NCX = 3 E_Na - 2 E_Ca for 3 Na+ : 1 Ca2+."""
    for Nai, Nao, Cai, Cao in ((15, 145, 1e-4, 2), (10, 140, 1e-3, 1.2), (30, 150, 5e-5, 2.5)):
        want = 3 * nernst_ref(Nai, Nao, 1) - 2 * nernst_ref(Cai, Cao, 2)
        assert close(numeric_module.sodium_calcium_exchanger_reversal_potential(Nai, Nao, Cai, Cao), want)


def test_ncx_cycle_vanishes_at_its_reversal_potential(numeric_module):
    E = numeric_module.sodium_calcium_exchanger_reversal_potential(15, 145, 1e-4, 2)
    dG = numeric_module.sodium_calcium_exchanger_free_energy(15, 145, 1e-4, 2, E)
    assert abs(dG) < 1e-9  # J/mol, against terms of ~1e4


def test_pump_cycle_balances_ATP_at_its_reversal_potential(numeric_module):
    V = numeric_module.sodium_potassium_pump_reversal_potential(15, 145, 140, 5, -55000.0)
    assert abs(numeric_module.sodium_potassium_pump_free_energy(15, 145, 140, 5, V) - 55000.0) < 1e-8


def transporter_ref(stoichiometry, V, T=BODY):
    """Σ n_j [RT ln(c_i/c_o) + z_j F V], typed from the definition of the cycle's free energy."""
    return sum(n * (R * T * mpmath.log(mpmath.mpf(ci) / mpmath.mpf(co)) + z * F * V) for n, ci, co, z in stoichiometry)


#: (name, stoichiometry as (n, c_in, c_out, z)), typical mammalian concentrations in mM.
TRANSPORTERS = [
    ("NKCC1: 1 Na+, 1 K+, 2 Cl- in", [(1, 15, 145, 1), (1, 140, 5, 1), (2, 10, 110, -1)]),
    ("KCC2: 1 K+, 1 Cl- out", [(-1, 140, 5, 1), (-1, 10, 110, -1)]),
    ("NHE: 1 Na+ in, 1 H+ out", [(1, 15, 145, 1), (-1, 10**-4.2, 10**-4.6, 1)]),
    ("SGLT1: 2 Na+ and 1 glucose in", [(2, 15, 145, 1), (1, 1, 5, 0)]),
    ("Na/K pump: 3 Na+ out, 2 K+ in", [(-3, 15, 145, 1), (2, 140, 5, 1)]),
]


@pytest.mark.parametrize("name,stoichiometry", TRANSPORTERS, ids=[t[0] for t in TRANSPORTERS])
def test_transporter_free_energy_against_its_definition(numeric_module, name, stoichiometry):
    n, ci, co, z = (list(col) for col in zip(*stoichiometry, strict=True))
    for V in (-0.07, 0.0, 0.03):
        got = numeric_module.transporter_free_energy(n, ci, co, z, V)
        assert close(got, transporter_ref(stoichiometry, mpmath.mpf(V)), scale=1e3), name


def test_transporter_free_energy_reproduces_the_derived_cycles(numeric_module):
    m = numeric_module
    ncx = m.transporter_free_energy([3, -1], [15, 1e-4], [145, 2], [1, 2], -0.07)
    assert close(ncx, m.sodium_calcium_exchanger_free_energy(15, 145, 1e-4, 2, -0.07), scale=1e3)
    pump = m.transporter_free_energy([-3, 2], [15, 140], [145, 5], [1, 1], -0.07)
    assert close(pump, m.sodium_potassium_pump_free_energy(15, 145, 140, 5, -0.07), scale=1e3)


def test_transporter_free_energy_takes_arrays(membrane):
    import numpy as np

    V = np.linspace(-0.1, 0.05, 7)
    got = membrane.transporter_free_energy([3, -1], [15, 1e-4], [145, 2], [1, 2], V)
    want = [membrane.sodium_calcium_exchanger_free_energy(15, 145, 1e-4, 2, v) for v in V]
    np.testing.assert_allclose(got, want, rtol=1e-13, atol=1e-9)


def test_transporter_free_energy_refuses_bad_sequences_by_name(numeric_module):
    m = numeric_module
    with pytest.raises(m.InvalidInputError, match="one length"):
        m.transporter_free_energy([1, 1], [15], [145, 5], [1, 1], -0.07)
    with pytest.raises(m.InvalidInputError, match="one length"):
        m.transporter_free_energy([], [], [], [], -0.07)
    with pytest.raises(m.InvalidInputError, match="sequence"):
        m.transporter_free_energy(1, 15, 145, 1, -0.07)
    with pytest.raises(m.InvalidInputError, match=r"n\[1\] = nan") as info:
        m.transporter_free_energy([1, float("nan")], [15, 140], [145, 5], [1, 1], -0.07)
    assert info.value.index == (1,)
    with pytest.raises(m.InvalidInputError, match="species 1") as info:
        m.transporter_free_energy([1, 1], [15, -140], [145, 5], [1, 1], -0.07)
    assert info.value.argument == "c_in[1]"


def test_summed_function_specification_is_checked():
    base = SUMMED[0]
    with pytest.raises(UnknownNameError):
        dataclasses.replace(base, term="no_such_function")
    with pytest.raises(SpecificationError, match="parameters of"):
        dataclasses.replace(base, over=("c_in", "P"))
    with pytest.raises(SpecificationError, match="weight"):
        dataclasses.replace(base, weight="V")
    assert isinstance(base, SummedFunction)


def test_exchanger_derivation_for_other_stoichiometries():
    nhe = derive.relation("exchanger", stoichiometry=((SODIUM, 1), (HYDROGEN, -1)))
    assert nhe.results == ("cycle", "cycle-E")  # electroneutral: no reversal potential
    kcc = derive.relation("exchanger", stoichiometry=((POTASSIUM, -1), (CHLORIDE, -1)))
    assert kcc.results == ("cycle", "cycle-E")
    with pytest.raises(SpecificationError):
        derive.relation("exchanger", stoichiometry=((SODIUM, 0),))


# ---------------------------------------------------------------- Donnan


@pytest.mark.parametrize("c,rho", [(150, -100), (150, 100), (10, -1000), (100, 0), (1, -1e-12), (0.5, 1e4)])
def test_donnan_distribution(numeric_module, c, rho):
    """Donnan (1911): c+ c- = c², c+ - c- = -rho inside; V is either ion's Nernst potential."""
    m = numeric_module
    cation, anion = m.donnan_cation_concentration(c, rho), m.donnan_anion_concentration(c, rho)
    with mpmath.workdps(120):
        want_cation = mpmath.sqrt(mpmath.mpf(c) ** 2 + mpmath.mpf(rho) ** 2 / 4) - mpmath.mpf(rho) / 2
        want_V = R * BODY / F * mpmath.log(mpmath.mpf(c) / want_cation)
    assert close(cation, want_cation) and close(anion, want_cation + rho, scale=abs(rho))
    assert close(m.donnan_potential(c, rho), want_V, scale=1e-300)
    # (the cation rounded to a float carries 1e-16 of it: 1e-21 V in V, which matters only for tiny rho)
    assert close(m.donnan_potential(c, rho), m.nernst_potential(cation, c, 1), rel=1e-12, scale=1e-5)


def test_a_broken_donnan_step_is_refused():
    d = derive.relation("donnan")
    steps = list(d.steps)
    i = d.number("balance") - 1
    eq = steps[i].equation
    steps[i] = dataclasses.replace(steps[i], equation=type(eq)(eq.lhs.subs(rho, -rho), 0))
    with pytest.raises(VerificationError, match="balance"):
        dataclasses.replace(d, steps=tuple(steps))


# ---------------------------------------------------------------- bi-ionic permeability ratio


BIIONIC = [(1.5, 1, 150, 150), (0.2, 1, 100, 140), (3.0, -1, 120, 150), (0.7, 2, 10, 2)]


@pytest.mark.parametrize("ratio,z,Xo,Yi", BIIONIC)
def test_biionic_ratio_recovers_the_permeabilities_of_a_ghk_membrane(numeric_module, ratio, z, Xo, Yi):
    """The reversal potential of a membrane with the textbook GHK currents of X (outside) and Y (inside)."""
    T = mpmath.mpf("298.15")
    P_Y = mpmath.mpf("1e-8")
    P_X = P_Y * mpmath.mpf(ratio)

    def total(V):  # a GHK current increases with V for either sign of z
        return ghk_ref(V, 0, Xo, z, P_X, T) + ghk_ref(V, Yi, 0, z, P_Y, T)

    V_rev = bisect_zero(total)
    assert close(numeric_module.biionic_permeability_ratio(float(V_rev), Xo, Yi, z, 298.15), ratio, rel=1e-12)


def test_biionic_zero_concentrations_through_ghk_current(numeric_module):
    """The same set-up through the module's own GHK current, which now takes an ion on one side only."""
    m = numeric_module
    V = 0.012
    ratio = m.biionic_permeability_ratio(V, 150, 140, 1, 298.15)
    x = m.ghk_current_density(V, 0, 150, 1, ratio * 1e-8, 298.15)
    total = x + m.ghk_current_density(V, 140, 0, 1, 1e-8, 298.15)
    assert abs(total) < 1e-12 * abs(m.ghk_current_density(V, 0, 150, 1, ratio * 1e-8, 298.15))


# ---------------------------------------------------------------- Ussing flux ratio


def test_ussing_flux_ratio(numeric_module):
    """Ussing (1949): J_in/J_out = (c_o/c_i) e^{-zFV/RT}; 1 at the Nernst potential."""
    for V, ci, co, z in ((-0.07, 140, 5, 1), (0.02, 10, 110, -1), (0.0, 1e-4, 2, 2)):
        want = mpmath.mpf(co) / ci * mpmath.exp(-z * F * mpmath.mpf(V) / (R * BODY))
        assert close(numeric_module.ussing_flux_ratio(V, ci, co, z), want)
    E = numeric_module.nernst_potential(140, 5, 1)
    assert numeric_module.ussing_flux_ratio(E, 140, 5, 1) == pytest.approx(1, rel=1e-14)


def test_unidirectional_fluxes_are_the_one_sided_ghk_fluxes(numeric_module):
    """Independence, checked through the GHK current: efflux = flux into an ion-free bath."""
    m = numeric_module
    V, ci, co, P = -0.05, 140.0, 5.0, 1e-8
    efflux = m.ghk_current_density(V, ci, 0, 1, P)
    influx = -m.ghk_current_density(V, 0, co, 1, P)
    assert efflux + (-influx) == pytest.approx(m.ghk_current_density(V, ci, co, 1, P), rel=1e-14)
    assert influx / efflux == pytest.approx(m.ussing_flux_ratio(V, ci, co, 1), rel=1e-14)


# ---------------------------------------------------------------- driving force and slope conductance


def test_driving_force_and_slope_conductance(numeric_module):
    m = numeric_module
    want = R * BODY * mpmath.log(mpmath.mpf(140) / 5) + F * mpmath.mpf(-0.07)
    assert close(m.electrochemical_driving_force(-0.07, 140, 5, 1), want, scale=1e3)
    # Hille: g = P z² F² c_i c_o ln(c_o/c_i) / (RT (c_o - c_i)); ohmic P z² F² c/RT at c_i = c_o.
    g = mpmath.mpf("1e-8") * F**2 * 140 * 5 * mpmath.log(mpmath.mpf(5) / 140) / (R * BODY * (5 - 140))
    assert close(m.ghk_slope_conductance(140, 5, 1, 1e-8), g)
    assert close(m.ghk_slope_conductance(7, 7, 2, 1e-8), mpmath.mpf("1e-8") * 4 * F**2 * 7 / (R * BODY))
    # the slope of the module's own GHK current at E, by a central difference
    E, h = m.nernst_potential(140, 5, 1), 1e-7
    slope = (m.ghk_current_density(E + h, 140, 5, 1, 1e-8) - m.ghk_current_density(E - h, 140, 5, 1, 1e-8)) / (2 * h)
    assert slope == pytest.approx(m.ghk_slope_conductance(140, 5, 1, 1e-8), rel=1e-6)


# ---------------------------------------------------------------- wider domains


def test_ghk_current_with_an_ion_on_one_side_only(numeric_module):
    m = numeric_module
    for V in (-0.08, -1e-12, 0.0, 0.03, 5.0):
        for ci, co in ((0.0, 5.0), (140.0, 0.0), (0.0, 0.0)):
            assert close(m.ghk_current_density(V, ci, co, 1, 1e-8), ghk_ref(V, ci, co, 1, 1e-8), scale=1e-300)
    with pytest.raises(m.InvalidInputError, match="c_in"):
        m.ghk_current_density(-0.07, -1.0, 5.0, 1, 1e-8)


def test_ghk_voltage_with_zero_concentrations(numeric_module):
    m = numeric_module
    args = dict(P_K=1e-8, P_Na=5e-10, P_Cl=4.5e-9, K_in=140.0, K_out=5.0, Na_in=0.0, Na_out=145.0, Cl_in=10.0, Cl_out=0.0)
    num = mpmath.mpf(1e-8) * 5 + mpmath.mpf(5e-10) * 145 + mpmath.mpf(4.5e-9) * 10
    den = mpmath.mpf(1e-8) * 140
    assert close(m.ghk_voltage(**args), R * BODY / F * mpmath.log(num / den))
    # K+ only outside, Cl- only inside: nothing can carry outward current; V is not finite.
    hopeless = dict(args, K_in=0.0, Na_in=0.0, Cl_out=0.0)
    with pytest.raises(m.InvalidInputError, match=r"K_in\*P_K"):
        m.ghk_voltage(**hopeless)
    with pytest.raises(m.InvalidInputError, match="Na_in"):
        m.ghk_voltage(**dict(args, Na_in=-1.0))


def test_ghk_voltage_with_calcium_and_zero_concentrations(numeric_module):
    m = numeric_module
    ions = [(1e-8, 1, 140, 0), (5e-10, 1, 0, 145), (4.5e-9, -1, 10, 110), (1e-9, 2, 0, 2)]
    want = bisect_zero(lambda V: sum(ghk_ref(V, ci, co, z, P) for P, z, ci, co in ions))
    got = m.ghk_voltage_with_calcium(1e-8, 5e-10, 4.5e-9, 1e-9, 140, 0, 0, 145, 10, 110, 0, 2)
    assert close(got, want, rel=1e-12)


def test_neutral_solute_and_no_leak(numeric_module):
    m = numeric_module
    assert close(m.transport_free_energy(5.0, 1.0, 0, 0.07), R * BODY * mpmath.log(mpmath.mpf(1) / 5), scale=1e3)
    assert m.pump_leak_gradient(10.0, 2.0, 0.0, 1.0) == pytest.approx(21.0, rel=1e-15)
    with pytest.raises(m.InvalidInputError, match="k"):
        m.pump_leak_steady_state(2.0, 0.0)
    with pytest.raises(m.InvalidInputError, match="z"):
        m.nernst_potential(140, 5, 0)


def test_a_domain_that_makes_the_result_infinite_is_refused():
    """The widening check can fail: Nernst with c_in = 0 is ln(c_o/0)."""
    nernst = next(f for f in FUNCTIONS if f.name == "nernst_potential")
    wider = dataclasses.replace(nernst, domain=(("c_in", ("nonnegative",)),))
    with pytest.raises(SpecificationError, match="c_in = 0"):
        wider.expression()
    with pytest.raises(SpecificationError, match="not parameters"):
        dataclasses.replace(nernst, domain=(("P", ("nonnegative",)),))
    assert isinstance(nernst, NumericFunction)


def test_chord_conductance_caveat_numbers():
    """The chord-conductance section's squid numbers: constant slope conductances at E give -66.4 mV,
    the GHK voltage -62.3 mV (textbook formulas, mpmath)."""
    T = mpmath.mpf("293.15")
    ions = [(1e-8, 400, 20, 1), (4e-10, 50, 440, 1), (4.5e-9, 40, 560, -1)]  # P, c_i, c_o, z
    E = [R * T / (z * F) * mpmath.log(mpmath.mpf(co) / ci) for _, ci, co, z in ions]
    g = [P * z**2 * F**2 * ci * co * mpmath.log(mpmath.mpf(co) / ci) / (R * T * (co - ci)) for P, ci, co, z in ions]
    chord = sum(gi * Ei for gi, Ei in zip(g, E, strict=True)) / sum(g)
    ghk = R * T / F * mpmath.log((1e-8 * 20 + 4e-10 * 440 + 4.5e-9 * 40) / (1e-8 * 400 + 4e-10 * 50 + 4.5e-9 * 560))
    assert (round(float(chord) * 1e3, 1), round(float(ghk) * 1e3, 1)) == (-66.4, -62.3)
    text = " ".join(derive.relation("chord_conductance").assumptions)
    assert "$-66.4$ mV" in text and "$-62.3$ mV" in text


def test_myst_labels_are_unique_ignoring_case():
    """Sphinx lowercases labels into HTML ids: A-def and a-def once collided (Duplicate ID)."""
    import re

    from helpers import GENERATED

    labels = re.findall(r"^:label: (\S+)$", (GENERATED / "report.myst.md").read_text(), flags=re.M)
    assert len(labels) > 100
    lowered = [label.lower() for label in labels]
    assert len(set(lowered)) == len(lowered), sorted({x for x in lowered if lowered.count(x) > 1})
