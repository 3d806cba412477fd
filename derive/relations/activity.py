"""Activity coefficients: the Debye–Hückel limiting law, the Davies equation, and A(T).

Every other relation takes activities equal to concentrations. In a physiological saline
(ionic strength about 160 mM) that is far from true for a divalent ion: γ(Ca²⁺) ≈ 0.3. The
derivation starts from the Debye–Hückel limiting law, ln γ = −z²F²κ/(8π ε0 εr N_A RT) with
the inverse Debye length κ = √(2F²I/(ε0 εr RT)), writes it in decimal logarithms with the
ionic strength in mol/L, ln γ = −ln 10 · A z² √(I/c°), which defines the coefficient A(T)
from the constants and the permittivity of water εr(T) (the fit of Malmberg and Maryott
1956), and extends it to physiological ionic strengths by Davies' empirical equation (1962).

The ionic strength is in mol/m³ (= mM) like every concentration here; it enters only as
I/c° with c° = 1 mol/L = 1000 mol/m³, so the formula is the textbook one in mol/L.
"""

from __future__ import annotations

import sympy

from ..derivation import ApplyToBoth, Derivation, Premise, Step, Substitute
from ..ions import CALCIUM, CHLORIDE, POTASSIUM, SODIUM
from ..symbols import (
    A_DH,
    F,
    N_A,
    R,
    T,
    c_std,
    epsilon_0,
    eps_r,
    f_D,
    gamma,
    ionic_strength,
    ionic_strength_molar,
    kappa,
    kelvin,
    theta,
    z,
)
from . import register

TITLE = "Activity coefficients"

#: Malmberg & Maryott (1956), eq. (2): εr = 87.740 − 0.40008 ϑ + 9.398e-4 ϑ² − 1.410e-6 ϑ³,
#: ϑ the Celsius temperature, 0–100 °C (their fit to their own measurements).
#: Floats of 30 digits (exact for these decimals at any precision a check uses) so that reports
#: print the published decimals, not fractions.
MALMBERG_MARYOTT = tuple(sympy.Float(a, 30) for a in ("87.740", "-0.40008", "9.398e-4", "-1.410e-6"))
#: 0 °C in kelvin (exact by the definition of the Celsius scale), printed as a decimal.
ICE_POINT = sympy.Float("273.15", 30)
#: Davies' coefficient of the linear term (Davies 1962; 0.2 in his 1938 form).
DAVIES_LINEAR = sympy.Float("0.3", 30)


@register("activity", title=TITLE)
def activity() -> Derivation:
    """Derive the Davies activity coefficient with the temperature dependence of its coefficient A."""
    I = ionic_strength  # noqa: E741 - the textbook's name
    I_hat = ionic_strength_molar
    ln10 = sympy.log(10)
    root = sympy.sqrt(I_hat)
    bath = (SODIUM, POTASSIUM, CHLORIDE, CALCIUM)
    permittivity = sum((a * theta**k for k, a in enumerate(MALMBERG_MARYOTT)), sympy.Integer(0))
    steps = (
        Step(
            # Unevaluated, so the half stays outside the sum (SymPy would distribute it).
            sympy.Eq(
                I,
                sympy.Mul(
                    sympy.Rational(1, 2),
                    sum((ion.charge**2 * ion.c_out for ion in bath), sympy.Integer(0)),
                    evaluate=False,
                ),
            ),
            "The ionic strength of a solution is half the sum of its ions' concentrations weighted by the "
            "squares of their charge numbers; here of a saline of Na$^{+}$, K$^{+}$, Cl$^{-}$ and "
            "Ca$^{2+}$ (every ion present counts, divalent ones four times).",
            Premise("definition"),
            "I-def",
        ),
        Step(
            sympy.Eq(I_hat, I / c_std),
            "Tables and Davies' equation take the ionic strength in mol/L, as a number: "
            "$c^{\\circ} = 1$ mol/L $= 1000$ mol/m$^{3}$.",
            Premise("definition"),
            "I-hat",
        ),
        Step(
            # Unevaluated, so the root prints whole (SymPy would split it into a root per factor).
            sympy.Eq(
                kappa, sympy.Pow(2 * F**2 * I / (epsilon_0 * eps_r * R * T), sympy.Rational(1, 2), evaluate=False)
            ),
            "In the linearised Poisson–Boltzmann equation each ion is screened by an atmosphere of "
            "opposite charge of thickness $1/\\kappa$, the Debye length (Debye and Hückel 1923).",
            Premise("model"),
            "kappa",
        ),
        Step(
            sympy.Eq(sympy.log(gamma), -(z**2) * F**2 * kappa / (8 * sympy.pi * epsilon_0 * eps_r * N_A * R * T)),
            "The Debye–Hückel limiting law: $RT \\ln\\gamma$ is the molar electrical free energy of a point "
            "charge $ze$ in its atmosphere, $-z^{2}e^{2}\\kappa/8\\pi\\varepsilon_{0}\\varepsilon_{\\mathrm{r}}$ "
            "per ion, with $e = F/N_{\\mathrm{A}}$ and $k_{\\mathrm{B}} = R/N_{\\mathrm{A}}$.",
            Premise("model"),
            "limiting",
        ),
        Step(
            sympy.Eq(
                A_DH,
                F**3
                * sympy.sqrt(2 * c_std)
                / (8 * sympy.pi * ln10 * N_A * (epsilon_0 * eps_r * R * T) ** sympy.Rational(3, 2)),
            ),
            "Name the coefficient of the decimal logarithm for an ionic strength in mol/L "
            "($c^{\\circ} = 1000$ mol/m$^{3}$): it depends on temperature directly and through "
            "$\\varepsilon_{\\mathrm{r}}$.",
            Premise("definition"),
            "A-def",
        ),
        Step(
            sympy.Eq(sympy.log(gamma), -ln10 * A_DH * z**2 * root),
            "Insert the Debye length: $\\log_{10}\\gamma = -A z^{2} \\sqrt{\\hat{I}}$, the limiting law as "
            "tables write it, exact as $I_{c} \\to 0$.",
            Substitute(into="limiting", using=("kappa", "A-def", "I-hat")),
            "limiting-A",
        ),
        Step(
            sympy.Eq(f_D, root / (1 + root) - DAVIES_LINEAR * I_hat),
            "Davies' function of the ionic strength (Davies 1962): the denominator "
            "$1 + \\sqrt{\\hat{I}}$ stands for an ion size of about 0.3 nm, the linear term for what the "
            "theory leaves out. As $\\hat{I} \\to 0$ it tends to $\\sqrt{\\hat{I}}$.",
            Premise("definition"),
            "f-def",
        ),
        Step(
            sympy.Eq(sympy.log(gamma), -ln10 * A_DH * z**2 * f_D),
            "Davies' equation puts $f_{\\mathrm{D}}$ in place of $\\sqrt{\\hat{I}}$, empirically, for "
            "ionic strengths up to about 0.1–0.5 mol/L; it reduces to the limiting law as $I_{c} \\to 0$.",
            Premise("model"),
            "davies-ln",
        ),
        Step(
            sympy.Eq(gamma, 10 ** (-A_DH * z**2 * f_D)),
            "Solved for the activity coefficient (the exponential of both sides).",
            ApplyToBoth(source="davies-ln", function=sympy.exp),
            "davies",
        ),
        Step(
            sympy.Eq(theta, T / kelvin - ICE_POINT),
            "The Celsius temperature, as a number.",
            Premise("definition"),
            "theta-def",
        ),
        Step(
            sympy.Eq(eps_r, permittivity),
            "The relative permittivity of water from 0 to 100 °C, Malmberg and Maryott's fit to their "
            "measurements (1956): 87.74 at 0 °C, 78.30 at 25 °C, 74.15 at 37 °C.",
            Premise("model"),
            "eps-fit",
        ),
        Step(
            sympy.Eq(
                A_DH,
                F**3
                * sympy.sqrt(2 * c_std)
                / (
                    8
                    * sympy.pi
                    * ln10
                    * N_A
                    * (epsilon_0 * permittivity * R * T)
                    ** sympy.Rational(3, 2)
                ),
            ),
            "The coefficient as a function of temperature alone ($\\vartheta$ the Celsius temperature): "
            "0.4918 at 0 °C, 0.5116 at 25 °C, "
            "0.5232 at 37 °C (Robinson and Stokes tabulate 0.4918 and 0.5115).",
            Substitute(into="A-def", using=("eps-fit",)),
            "A-T",
        ),
    )
    return Derivation(
        name="activity",
        title=TITLE,
        summary=(
            "The activity coefficient of an ion in a solution of given ionic strength, by the Debye–Hückel "
            "limiting law extended by Davies, with the temperature dependence of its coefficient from the "
            "permittivity of water. Activities $a = \\gamma c$ replace concentrations in the Nernst, GHK and "
            "junction relations where the two sides differ in ionic strength or where a measured activity "
            "(an ion-selective electrode's) meets a concentration. They matter most for divalent ions: "
            "$\\gamma \\approx 0.32$ for Ca$^{2+}$ at a physiological ionic strength of 160 mM. Debye and Hückel "
            "(1923) derived the limiting law, Davies (1962) the empirical extension used here, Malmberg and "
            "Maryott (1956) measured the permittivity of water; Robinson and Stokes (1959) tabulate $A$."
        ),
        assumptions=(
            "Ions are point charges in a continuum of the permittivity of pure water; the solution is "
            "electroneutral and its ions' atmospheres are linearised (Debye–Hückel).",
            "Davies' form is empirical and ion-independent: it holds to a few per cent up to an ionic "
            "strength of about 0.1 mol/L for univalent ions and worse for divalent ones, and should not be "
            "used above about 0.5 mol/L.",
            "The permittivity fit holds from 0 to 100 °C; ion pairing and complexation (Ca$^{2+}$ with "
            "phosphate or proteins) are not included: $c$ is the free concentration.",
            "Single-ion activity coefficients cannot be measured alone; the Davies value is a convention "
            "(measurable are mean coefficients of a salt, and ratios across a membrane).",
        ),
        conventions=(
            "Concentrations and $I_{c}$ in mol/m$^{3}$ (= mM); the formula uses $\\hat{I} = I_{c}/c^{\\circ}$, the "
            "ionic strength in mol/L, so $A$ is the tabulated coefficient (dimensionless).",
        ),
        steps=steps,
        results=("I-def", "A-T", "davies"),
        references=("debye1923", "davies1962", "malmberg1956", "robinson1959"),
    )
