"""Issue 11, part 5: activity coefficients (Davies, with A(T) from the permittivity of water),
ionic strength, activities, and donnan_concentrations.

References are typed independently of derive (tests/references.py: the Debye–Hückel
coefficient from the Bjerrum length, with CODATA constants, at 50 digits with mpmath), and
published values: Malmberg & Maryott's (1956) permittivities, Robinson & Stokes's (1959,
appendix 7.1) coefficients A.
"""

from __future__ import annotations

import dataclasses

import mpmath
import numpy as np
import pytest
import sympy

import derive
from derive.catalogue import EXAMPLES, resolved
from derive.errors import VerificationError
from derive.symbols import SYMBOLS
from references import F, R, davies, debye_huckel_A, water_permittivity

mpmath.mp.dps = 50
USING = ("f-def", "I-hat", "A-def", "eps-fit", "theta-def")


def _step_value(label: str, **values: str) -> float:
    """A step of the activity derivation at the given values, with derive's constants (exact)."""
    d = derive.relation("activity")
    eq = resolved(d, label, USING if label == "davies" else ())
    given = {SYMBOLS[k].symbol: sympy.Rational(v) for k, v in values.items()}
    constants = {s.symbol: s.value for s in SYMBOLS.constants()}
    return float(eq.rhs.subs(given).subs(constants).evalf(30))


# ---------------------------------------------------------------- published values


@pytest.mark.parametrize("celsius,published", [(0, "87.74"), (25, "78.30"), (100, "55.72")])
def test_water_permittivity_is_malmberg_and_maryott(celsius, published):
    """Malmberg & Maryott (1956), table 3: εr of water at 0, 25 and 100 °C."""
    d = derive.relation("activity")
    eps = d.step("eps-fit").equation.rhs.subs(SYMBOLS["theta"].symbol, celsius)
    assert float(eps) == pytest.approx(float(published), abs=0.006)
    assert float(water_permittivity(mpmath.mpf(celsius) + mpmath.mpf("273.15"))) == pytest.approx(float(eps))


@pytest.mark.parametrize("T,published", [("273.15", 0.4918), ("298.15", 0.5115)])
def test_debye_huckel_A_matches_robinson_and_stokes(T, published):
    """Robinson & Stokes (1959), appendix 7.1: A = 0.4918 at 0 °C and 0.5115 at 25 °C (mol/L scale)."""
    A = _step_value("A-T", T=T, theta=str(sympy.Rational(T) - sympy.Rational("273.15")))
    assert A == pytest.approx(published, abs=2e-4)
    assert A == pytest.approx(float(debye_huckel_A(mpmath.mpf(T))), rel=1e-12)


def test_calcium_activity_coefficient_at_physiological_ionic_strength(numeric_module):
    """The issue's figure: γ(Ca²⁺) ≈ 0.3 at physiological ionic strength (I ≈ 150–160 mM, 37 °C)."""
    for I in (150, 160):
        g = numeric_module.activity_coefficient(2, I, 310.15)
        assert 0.30 < g < 0.34
        assert g == pytest.approx(float(davies(2, mpmath.mpf(I), mpmath.mpf("310.15"))), rel=1e-14)
    # univalent ions: the fourth root of it
    assert numeric_module.activity_coefficient(1, 160, 310.15) ** 4 == pytest.approx(
        numeric_module.activity_coefficient(2, 160, 310.15), rel=1e-14
    )


# ---------------------------------------------------------------- the function


@pytest.mark.parametrize(
    "z,I,T", [(1, 100, 298.15), (-1, 1, 273.15), (2, 160, 310.15), (3, 500, 330), (-2, 1e-9, 298.15), (1, 5e4, 300)]
)
def test_activity_coefficient_against_davies_at_50_digits(numeric_module, z, I, T):
    want = davies(mpmath.mpf(z), mpmath.mpf(I), mpmath.mpf(T))
    # 10^u amplifies the rounding of u by |u ln 10| (17 at 50 M, far beyond Davies' range)
    rel = 4e-15 * max(1.0, abs(float(mpmath.log(want))))
    assert numeric_module.activity_coefficient(z, I, T) == pytest.approx(float(want), rel=rel)
    # the derivation's own result, evaluated exactly, agrees with the reference too
    assert _step_value("davies", z=str(z), ionic_strength=str(I), T=str(T)) == pytest.approx(float(want), rel=1e-20)


def test_davies_tends_to_the_limiting_law(numeric_module):
    """At low ionic strength: log10 γ → -A z² √(I/1 M), the Debye–Hückel limiting law."""
    for I in (1e-6, 1e-4):
        g = numeric_module.activity_coefficient(2, I, 298.15)
        limiting = 10 ** (-float(debye_huckel_A(mpmath.mpf("298.15"))) * 4 * np.sqrt(I / 1000))
        assert g == pytest.approx(limiting, rel=3 * np.sqrt(I / 1000))


def test_neutral_solutes_and_pure_water(numeric_module):
    assert numeric_module.activity_coefficient(0, 150) == 1.0
    assert numeric_module.activity_coefficient(2, 0) == 1.0


@pytest.mark.parametrize(
    "args,argument",
    [((1, -1.0), "ionic_strength"), ((1.5, 100), "z"), ((1, float("nan")), "ionic_strength"), ((1, 100, -5), "T")],
)
def test_activity_coefficient_refuses_bad_arguments(numeric_module, args, argument):
    with pytest.raises(numeric_module.InvalidInputError) as info:
        numeric_module.activity_coefficient(*args)
    assert info.value.argument == argument


def test_activity_coefficient_arrays(numeric_module):
    z = np.array([1, 2, -1, 3])
    I = np.array([[10.0], [160.0]])
    got = numeric_module.activity_coefficient(z, I, 310.15)
    assert got.shape == (2, 4)
    for i in range(2):
        for j in range(4):
            assert got[i, j] == numeric_module.activity_coefficient(int(z[j]), float(I[i, 0]), 310.15)


def test_a_broken_debye_length_substitution_is_refused():
    """Verification catches a wrong factor in the limiting law written with A."""
    d = derive.relation("activity")
    steps = list(d.steps)
    i = d.number("limiting-A") - 1
    eq = steps[i].equation
    steps[i] = dataclasses.replace(steps[i], equation=type(eq)(eq.lhs, 2 * eq.rhs))
    with pytest.raises(VerificationError, match="limiting-A"):
        dataclasses.replace(d, steps=tuple(steps))


def test_worked_examples_of_the_report():
    """The report's numbers: I of the saline (hand sum), A at 25 °C, γ of Ca²⁺ and Na⁺ at 160 mM, 37 °C."""
    examples = [e for e in EXAMPLES if e.relation == "activity"]
    values = [float(e.evaluate()) for e in examples]
    assert values[0] == (145 + 5 + 110 + 4 * 2) / 2
    assert values[1] == pytest.approx(float(debye_huckel_A(mpmath.mpf("298.15"))), rel=1e-20)
    assert values[2] == pytest.approx(float(davies(2, mpmath.mpf(160), mpmath.mpf("310.15"))), rel=1e-20)
    assert values[3] == pytest.approx(float(davies(1, mpmath.mpf(160), mpmath.mpf("310.15"))), rel=1e-20)


# ---------------------------------------------------------------- solutions


def test_ionic_strength(numeric_module):
    m = numeric_module
    assert m.ionic_strength([145, 5, 110, 2], [1, 1, -1, 2]) == 134.0
    assert m.ionic_strength([100, 100, 50], [1, -1, 0]) == 100.0  # a neutral solute does not count
    got = m.ionic_strength([np.array([100.0, 150.0]), 50.0], [2, -1])
    np.testing.assert_array_equal(got, [0.5 * (400 + 50), 0.5 * (600 + 50)])


@pytest.mark.parametrize(
    "args,argument",
    [
        (([1, 2], [1]), "concentrations, charges"),
        (([], []), "concentrations, charges"),
        (([1, -2], [1, -1]), "concentrations[1]"),
        (([1, 2], [1, 1.5]), "charges[1]"),
        (([1, np.array([1.0, np.nan])], [1, -1]), "concentrations[1]"),
        (("12", [1, 1]), "concentrations"),
        (([1, 2], [1, "2"]), "charges[1]"),
    ],
)
def test_ionic_strength_refuses_bad_solutions_by_name(numeric_module, args, argument):
    with pytest.raises(numeric_module.InvalidInputError) as info:
        numeric_module.ionic_strength(*args)
    assert info.value.argument == argument


def test_activities_and_nernst_with_activities(numeric_module):
    """E = (RT/zF) ln(γ_o c_o / γ_i c_i): Ca²⁺'s Nernst potential between solutions of different ionic strength."""
    m = numeric_module
    inside, outside, charges = [140, 15, 10, 1e-4], [5, 145, 110, 2], [1, 1, -1, 2]
    a_in = m.activities(inside, charges, T=310.15)
    a_out = m.activities(outside, charges, T=310.15)
    T = mpmath.mpf("310.15")
    I_in = mpmath.mpf(sum(z * z * c for c, z in zip(inside, charges))) / 2
    I_out = mpmath.mpf(sum(z * z * c for c, z in zip(outside, charges))) / 2
    for j, z in enumerate(charges):
        assert a_in[j] == pytest.approx(float(inside[j] * davies(z, I_in, T)), rel=1e-14)
    E = m.nernst_potential(a_in[3], a_out[3], 2, 310.15)
    want = R * T / (2 * F) * mpmath.log(davies(2, I_out, T) * 2 / (davies(2, I_in, T) * mpmath.mpf(1e-4)))
    assert E == pytest.approx(float(want), rel=1e-13)
    # a given ionic strength is used as given
    assert m.activities([2], [2], ionic_strength=160)[0] == 2 * m.activity_coefficient(2, 160)


def test_donnan_concentrations(numeric_module):
    m = numeric_module
    cation, anion = m.donnan_concentrations(150, -100)
    assert (cation, anion) == (m.donnan_cation_concentration(150, -100), m.donnan_anion_concentration(150, -100))
    assert cation * anion == pytest.approx(150**2, rel=1e-15) and cation - anion == pytest.approx(100, rel=1e-15)
    with mpmath.workdps(60):
        s = mpmath.sqrt(mpmath.mpf(150) ** 2 + mpmath.mpf(50) ** 2)
    assert cation == pytest.approx(float(s + 50), rel=1e-15)
    c, a = m.donnan_concentrations(np.array([150.0, 10.0]), np.array([-100.0, 0.0]))
    np.testing.assert_array_equal(c, m.donnan_cation_concentration(np.array([150.0, 10.0]), np.array([-100.0, 0.0])))
    for args, argument in (((150, -100, -1.0), "T"), ((0, -100), "c_out"), ((150, float("nan")), "rho")):
        with pytest.raises(m.InvalidInputError) as info:
            m.donnan_concentrations(*args)
        assert info.value.argument == argument


def test_the_calcium_example_states_its_intermediate_numbers_truly():
    """The prose gives Î, f_D and A so the reader can follow 10^{-A f_D z²}: each to the digits shown."""
    import re

    (example,) = [e for e in EXAMPLES if e.relation == "activity" and dict(e.values).get("z") == "2"]
    shown = dict(re.findall(r"\$(\\hat\{I\}|f_\{\\mathrm\{D\}\}|A) = ([\d.]+)\$", example.text))
    x = mpmath.sqrt(mpmath.mpf("0.16"))
    assert shown == {
        r"\hat{I}": "0.16",
        r"f_{\mathrm{D}}": mpmath.nstr(x / (1 + x) - mpmath.mpf("0.3") * mpmath.mpf("0.16"), 4),
        "A": mpmath.nstr(debye_huckel_A(mpmath.mpf("310.15")), 4),
    }
