"""Worked examples in the report: exact evaluation of verified results, checked by hand."""

from __future__ import annotations

import dataclasses
import math

import pytest

from derive.catalogue import EXAMPLES, WorkedExample
from derive.errors import SpecificationError
from derive.printing.report import LATEX, number_latex, print_example
from helpers import GENERATED

F_REF = 1.602176634e-19 * 6.02214076e23
R_REF = 1.380649e-23 * 6.02214076e23
RT_F = R_REF * 310.15 / F_REF


def ghk_textbook(V, ci, co, z, P, T=310.15):
    u = z * F_REF * V / (R_REF * T)
    return P * z**2 * F_REF**2 * V / (R_REF * T) * (ci - co * math.exp(-u)) / (1 - math.exp(-u))


EXPECTED = [
    RT_F * math.log(5 / 140),  # E_K, 140/5 mM: about -89.06 mV
    RT_F * math.log(10),  # the seed's tenfold gradient, cation: about +61.5 mV
    -RT_F * math.log(10),  # ... anion: the sign flips
    ghk_textbook(-0.07, 140, 5, 1, 1e-8),  # I_K at -70 mV, outward
    2 / 0.5,  # G* = p/k
    # Squid axon at rest (Hodgkin & Huxley 1952): the weighted average returns about -65 mV.
    (3.6664 * -0.077 + 0.10609 * 0.050 + 3 * -0.054387) / (3.6664 + 0.10609 + 3),
    # Mullins-Noda, squid axon at 20 °C, P_Na/P_K = 0.04, r = 3/2 (about -64.1 mV) and r = 1 (about -59.9 mV)
    R_REF * 293.15 / F_REF * math.log((1.5 * 20 + 0.04 * 440) / (1.5 * 400 + 0.04 * 50)),
    R_REF * 293.15 / F_REF * math.log((20 + 0.04 * 440) / (400 + 0.04 * 50)),
    # HCl 0.1 M | 0.01 M at 25 °C with the mobilities the example gives (to 6 digits): about +38 mV
    (3.62542e-7 - 7.91312e-8) / (3.62542e-7 + 7.91312e-8) * R_REF * 298.15 / F_REF * math.log(10),
]


def test_every_example_has_an_independent_value():
    assert len(EXAMPLES) == len(EXPECTED)


@pytest.mark.parametrize("example,expected", list(zip(EXAMPLES, EXPECTED, strict=True)))
def test_example_value(example, expected):
    assert float(example.evaluate()) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("report,space", [("report.tex", r"\,"), ("report.md", r"\thinspace ")])
def test_seed_numbers_appear_in_the_reports(report, space):
    text = (GENERATED / report).read_text()
    for value in ("-0.08906", "0.06154", "-0.06154"):
        assert f"= {value}{space}\\mathrm{{V}}" in text


def test_missing_or_unused_values_are_refused():
    k_example = EXAMPLES[0]
    with pytest.raises(SpecificationError, match="missing for \\['T'\\]"):
        dataclasses.replace(k_example, values=k_example.values[:2]).evaluate()
    with pytest.raises(SpecificationError, match="not used: \\['V'\\]"):
        dataclasses.replace(k_example, values=(*k_example.values, ("V", "0"))).evaluate()


def test_printed_example():
    printed = print_example(EXAMPLES[0], LATEX)
    assert printed.givens[0] == r"[\mathrm{K}^{+}]_{\mathrm{i}} = 140\,\mathrm{mol\,m^{-3}}"
    assert printed.equation.endswith(r"= -0.08906\,\mathrm{V}")
    assert isinstance(EXAMPLES[0], WorkedExample)


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
