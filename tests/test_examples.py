"""Worked examples in the report: exact evaluation of verified results, checked by hand."""

from __future__ import annotations

import dataclasses
import math

import mpmath
import pytest

from derive.catalogue import EXAMPLES, WorkedExample
from derive.errors import SpecificationError
from derive.printing.report import LATEX, MARKDOWN, number_latex, print_example
from helpers import GENERATED
from references import davies, debye_huckel_A

F_REF = 1.602176634e-19 * 6.02214076e23
R_REF = 1.380649e-23 * 6.02214076e23
RT_F = R_REF * 310.15 / F_REF


def ghk_textbook(V, ci, co, z, P, T=310.15):
    u = z * F_REF * V / (R_REF * T)
    return P * z**2 * F_REF**2 * V / (R_REF * T) * (ci - co * math.exp(-u)) / (1 - math.exp(-u))


def ghk_root(permeant, T):
    """Zero of the summed textbook GHK currents, by bisection in mpmath (no closed form used)."""
    mpmath.mp.dps = 40
    F, R = mpmath.mpf(F_REF), mpmath.mpf(R_REF)

    def total(V):
        out = 0
        for P, z, ci, co in permeant:
            u = z * F * V / (R * T)
            out += P * z**2 * F**2 * V / (R * T) * (ci - co * mpmath.exp(-u)) / (1 - mpmath.exp(-u))
        return out

    lo, hi = mpmath.mpf(-2), mpmath.mpf(2) + mpmath.mpf("1e-7")  # avoid V = 0 exactly
    for _ in range(120):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if total(mid) < 0 else (lo, mid)
    return float((lo + hi) / 2)


def rt(T=310.15):
    return R_REF * T


NEURON = {"K": (140, 5), "Na": (15, 145), "Cl": (10, 110), "Ca": (0.0001, 2)}


def driving(ion, z, V=-0.07):
    ci, co = NEURON[ion]
    return rt() * math.log(ci / co) + z * F_REF * V


PUMP_CHEM = 3 * rt() * math.log(145 / 15) + 2 * rt() * math.log(140 / 5)
GHK_NEURON = RT_F * math.log((1e-8 * 5 + 5e-10 * 145 + 4.5e-9 * 10) / (1e-8 * 140 + 5e-10 * 15 + 4.5e-9 * 110))
SQUID_T = 273.15 + 20
GHK_SQUID = (
    R_REF
    * SQUID_T
    / F_REF
    * math.log((1e-8 * 20 + 4e-10 * 440 + 4.5e-9 * 40) / (1e-8 * 400 + 4e-10 * 50 + 4.5e-9 * 560))
)

#: (relation, independent value) for each worked example, in report order.
EXPECTED = [
    ("fick", 1e-9 * 1e4),  # J = -D dc/dx
    ("fick", 1e-9 * 1e5),  # ten times steeper, ten times the flux
    ("nernst", RT_F * math.log(5 / 140)),  # E_K, 140/5 mM: about -89.06 mV
    ("nernst", RT_F * math.log(10)),  # the seed's tenfold gradient, cation: about +61.5 mV
    ("nernst", -RT_F * math.log(10)),  # ... anion: the sign flips
    ("driving_force", driving("K", 1)),
    ("driving_force", driving("Na", 1)),
    ("driving_force", driving("Cl", -1)),
    ("driving_force", driving("Ca", 2)),
    ("transport_free_energy", rt() * math.log(20000)),  # the seed: about 25.5 kJ/mol
    ("transport_free_energy", rt() * math.log(20000) + 2 * F_REF * 0.07),
    ("transport_free_energy", rt() * math.log(15 / 145) + F_REF * -0.055),  # the seed: about -11.2 kJ/mol
    ("proton_motive_force", -0.15 - rt() * math.log(10) / F_REF * 0.5),
    ("sodium_potassium_pump", PUMP_CHEM - F_REF * -0.07),
    ("sodium_potassium_pump", (PUMP_CHEM - 55000) / F_REF),
    ("pump_leak", 2 / 0.5),  # G* = p/k
    ("ghk_current", ghk_textbook(-0.07, 140, 5, 1, 1e-8)),  # I_K at -70 mV, outward
    ("ghk_voltage", GHK_NEURON),
    ("ghk_voltage", GHK_SQUID),
    (
        "ghk_voltage_calcium",
        ghk_root([(1e-8, 1, 140, 5), (5e-10, 1, 15, 145), (4.5e-9, -1, 10, 110), (1e-10, 2, 0.0001, 2)], 310.15),
    ),
    # Squid axon at rest (Hodgkin & Huxley 1952): the weighted average returns about -65 mV.
    ("chord_conductance", (3.6664 * -0.077 + 0.10609 * 0.050 + 3 * -0.054387) / (3.6664 + 0.10609 + 3)),
    # Mullins-Noda, squid axon at 20 °C, P_Na/P_K = 0.04, r = 3/2 (about -64.1 mV) and r = 1 (about -59.9 mV)
    ("mullins_noda", R_REF * 293.15 / F_REF * math.log((1.5 * 20 + 0.04 * 440) / (1.5 * 400 + 0.04 * 50))),
    ("mullins_noda", R_REF * 293.15 / F_REF * math.log((20 + 0.04 * 440) / (400 + 0.04 * 50))),
    # HCl 0.1 M | 0.01 M at 25 °C with the mobilities the example gives (to 6 digits): about +38 mV
    (
        "junction_potential",
        (3.62542e-7 - 7.91312e-8) / (3.62542e-7 + 7.91312e-8) * R_REF * 298.15 / F_REF * math.log(10),
    ),
    # JPCalc manual (Barry 1994): CsF 135 + NaCl 10 | NaCl 145 at 20 °C, Henderson typed here
    # (about +8.74 mV, the manual's value)
    ("henderson_junction", None),
    # K-gluconate 140 + NaCl 10 | NaCl 145 + KCl 5 at 25 °C, Henderson typed here
    ("henderson_junction", None),
    # Planck's junction for one salt: the binary formula (HCl, as above)
    (
        "planck_junction",
        (3.62542e-7 - 7.91312e-8) / (3.62542e-7 + 7.91312e-8) * R_REF * 298.15 / F_REF * math.log(10),
    ),
    # Issue 11. NCX: 3 E_Na - 2 E_Ca (Blaustein & Lederer 1999), about -82.8 mV; its cycle at -70 mV.
    ("exchanger", 3 * RT_F * math.log(145 / 15) - RT_F * math.log(2 / 0.0001)),
    ("exchanger", 3 * rt() * math.log(15 / 145) + rt() * math.log(2 / 0.0001) + F_REF * -0.07),
    # Donnan: c+ c- = 150², c+ - c- = 100 → c+ = 50 + sqrt(150² + 50²); V = RT/F ln(150/c+)
    ("donnan", RT_F * math.log(150 / (50 + math.hypot(150, 50)))),
    ("donnan", 50 + math.hypot(150, 50)),
    ("donnan", -50 + math.hypot(150, 50)),
    # Bi-ionic, equal concentrations: P_X/P_Y = exp(F V_rev/RT) at 25 °C
    ("biionic_permeability", math.exp(F_REF * 0.01 / (R_REF * 298.15))),
    # Ussing: (c_o/c_i) exp(-FV/RT) for K+ at -70 mV
    ("ussing_flux_ratio", 5 / 140 * math.exp(F_REF * 0.07 / (R_REF * 310.15))),
    # Activities: I of the saline by hand; A and γ from the Bjerrum-length form at 50 digits (tests/references.py)
    ("activity", (145 + 5 + 110 + 4 * 2) / 2),
    ("activity", float(debye_huckel_A(mpmath.mpf("298.15")))),
    ("activity", float(davies(2, mpmath.mpf(160), mpmath.mpf("310.15")))),
    ("activity", float(davies(1, mpmath.mpf(160), mpmath.mpf("310.15")))),
]


def _henderson_typed(ions, T):
    """Henderson (1907) for (z, u, c1, c2) ions: E = -(RT/F) sum z u dc / sum z^2 u dc ln(S2/S1)."""
    num = sum(z * u * (b - a) for z, u, a, b in ions)
    den = sum(z * z * u * (b - a) for z, u, a, b in ions)
    s1, s2 = sum(z * z * u * a for z, u, a, b in ions), sum(z * z * u * b for z, u, a, b in ions)
    return -R_REF * T / F_REF * num / den * math.log(s2 / s1)


_HENDERSON = [i for i, (relation, value) in enumerate(EXPECTED) if relation == "henderson_junction" and value is None]
EXPECTED[_HENDERSON[0]] = (
    "henderson_junction",
    _henderson_typed(
        [(1, 7.99863e-8, 135, 0), (1, 5.19530e-8, 10, 145), (-1, 5.73616e-8, 135, 0), (-1, 7.90874e-8, 10, 145)],
        293.15,
    ),
)
EXPECTED[_HENDERSON[1]] = (
    "henderson_junction",
    _henderson_typed(
        [(1, 7.61567e-8, 140, 5), (1, 5.19043e-8, 10, 145), (-1, 7.90897e-8, 10, 150), (-1, 2.51385e-8, 140, 0)],
        298.15,
    ),
)


def test_every_example_has_an_independent_value():
    assert [e.relation for e in EXAMPLES] == [r for r, _ in EXPECTED]


@pytest.mark.parametrize("example,expected", [(e, v) for e, (_, v) in zip(EXAMPLES, EXPECTED, strict=False)])
def test_example_value(example, expected):
    assert float(example.evaluate()) == pytest.approx(expected, rel=1e-12)


def test_seed_free_energies():
    """The seed's figures: 25.5 kJ/mol for Ca2+ at 20,000-fold, 11.2 kJ/mol released by Na+ entry."""
    ca, _, na = (float(e.evaluate()) for e in EXAMPLES if e.relation == "transport_free_energy")
    assert round(ca / 1000, 1) == 25.5
    assert round(na / 1000, 1) == -11.2


def test_calcium_reference_reduces_to_ghk_voltage():
    # The root finder itself, checked on a case with a closed form.
    assert ghk_root([(1e-8, 1, 140, 5), (5e-10, 1, 15, 145), (4.5e-9, -1, 10, 110)], 310.15) == pytest.approx(
        GHK_NEURON, rel=1e-12
    )


@pytest.mark.parametrize(
    "report,form",
    [
        ("report.tex", r"\qty{{{}}}{{{}}}"),
        ("report.md", r"{}\thinspace {}"),
    ],
)
def test_seed_numbers_appear_in_the_reports(report, form):
    """The LaTeX report typesets worked numbers with siunitx; Markdown with \\mathrm units."""
    text = (GENERATED / report).read_text()
    units = {"mV": (r"\milli\volt", r"\mathrm{mV}"), "kJ": (r"\kilo\joule\per\mole", r"\mathrm{kJ")}
    for value, unit in (("-89.06", "mV"), ("61.54", "mV"), ("-61.54", "mV"), ("25.54", "kJ"), ("-11.16", "kJ")):
        siunitx, plain = units[unit]
        assert f"= {form.format(value, siunitx if report == 'report.tex' else plain)}" in text


def test_missing_or_unused_values_are_refused():
    k_example = next(e for e in EXAMPLES if e.relation == "nernst")
    with pytest.raises(SpecificationError, match="missing for \\['T'\\]"):
        dataclasses.replace(k_example, values=k_example.values[:2]).evaluate()
    with pytest.raises(SpecificationError, match="not used: \\['V'\\]"):
        dataclasses.replace(k_example, values=(*k_example.values, ("V", "0"))).evaluate()


def test_printed_example():
    nernst = next(e for e in EXAMPLES if e.relation == "nernst")
    printed = print_example(nernst, LATEX)
    assert printed.givens[0] == r"[\mathrm{K}^{+}]_{\mathrm{i}} = \qty{140}{\mole\per\cubic\metre}"
    assert printed.equation.endswith(r"= \qty{-89.06}{\milli\volt}")
    current = next(e for e in EXAMPLES if e.relation == "ghk_current")
    assert print_example(current, LATEX).givens[3] == r"P_{\mathrm{K}} = \qty{1e-8}{\metre\per\second}"
    plain = print_example(nernst, MARKDOWN)
    assert plain.equation.endswith(r"= -89.06\thinspace \mathrm{mV}")
    assert all(isinstance(e, WorkedExample) for e in EXAMPLES)


@pytest.mark.parametrize(
    "value,digits,expected",
    [
        (-0.0890586940367, 4, "-0.08906"),
        (1e-8, 6, "10^{-8}"),
        (2.5e-12, 4, r"2.5 \times 10^{-12}"),
        (310.15, 6, "310.15"),
    ],
)
def test_number_latex(value, digits, expected):
    assert number_latex(value, digits) == expected


def test_junction_example_mobilities_are_the_cited_conductivities_over_F():
    """u = lambda/F from Robinson & Stokes (1959) at 25 °C: lambda(H+) = 349.8, lambda(Cl-) = 76.35 S cm2/mol."""
    given = dict(next(e for e in EXAMPLES if e.relation == "junction_potential").values)
    for name, conductivity in (("u_plus", 349.8), ("u_minus", 76.35)):
        assert float(given[name]) == pytest.approx(conductivity * 1e-4 / F_REF, rel=1e-6)
