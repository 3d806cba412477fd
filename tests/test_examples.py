"""Worked examples in the report: exact evaluation of verified results, checked by hand."""

from __future__ import annotations

import dataclasses
import math

import pytest

from derive.catalogue import EXAMPLES, WorkedExample
from derive.errors import SpecificationError
from derive.printing.report import LATEX, MARKDOWN, number_latex, print_example
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
]


def test_every_example_has_an_independent_value():
    assert len(EXAMPLES) == len(EXPECTED)


@pytest.mark.parametrize("example,expected", list(zip(EXAMPLES, EXPECTED, strict=True)))
def test_example_value(example, expected):
    assert float(example.evaluate()) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(
    "report,form", [("report.tex", r"\qty{{{}}}{{\volt}}"), ("report.md", r"{}\thinspace \mathrm{{V}}")]
)
def test_seed_numbers_appear_in_the_reports(report, form):
    """The LaTeX report typesets worked numbers with siunitx; Markdown with \\mathrm units."""
    text = (GENERATED / report).read_text()
    for value in ("-0.08906", "0.06154", "-0.06154"):
        assert f"= {form.format(value)}" in text


def test_missing_or_unused_values_are_refused():
    k_example = EXAMPLES[0]
    with pytest.raises(SpecificationError, match="missing for \\['T'\\]"):
        dataclasses.replace(k_example, values=k_example.values[:2]).evaluate()
    with pytest.raises(SpecificationError, match="not used: \\['V'\\]"):
        dataclasses.replace(k_example, values=(*k_example.values, ("V", "0"))).evaluate()


def test_printed_example():
    printed = print_example(EXAMPLES[0], LATEX)
    assert printed.givens[0] == r"[\mathrm{K}^{+}]_{\mathrm{i}} = \qty{140}{\mole\per\cubic\metre}"
    assert printed.equation.endswith(r"= \qty{-0.08906}{\volt}")
    assert print_example(EXAMPLES[3], LATEX).givens[3] == r"P_{\mathrm{K}} = \qty{1e-8}{\metre\per\second}"
    plain = print_example(EXAMPLES[0], MARKDOWN)
    assert plain.equation.endswith(r"= -0.08906\thinspace \mathrm{V}")
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
