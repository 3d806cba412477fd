"""Exact LaTeX strings: the printer's rules one by one, then every catalogue result."""

from __future__ import annotations

import pytest
import sympy

import derive
from derive.functions import exprel
from derive.printing.latex import latex
from derive.symbols import F, R, T, V, sym

X = derive.GENERIC
ci, co, z = X.c_in, X.c_out, sym("z")
x, c = sym("x"), sym("c_m")

PRINTER_RULES = [
    # (expression, expected) — one rule of textbook layout each
    (R * T / (z * F), r"\frac{R T}{z F}"),  # registry order: zF, RT
    (sympy.log(co / ci), r"\ln\frac{c_{\mathrm{o}}}{c_{\mathrm{i}}}"),  # \ln, fraction argument
    (sympy.log(ci), r"\ln c_{\mathrm{i}}"),
    (R * T / (z * F) * sympy.log(co / ci), r"\frac{R T}{z F} \ln\frac{c_{\mathrm{o}}}{c_{\mathrm{i}}}"),
    (sympy.exp(-z * F * V / (R * T)), r"e^{- z F V/R T}"),  # folded exponent
    (exprel(z * F * V / (R * T)), r"\operatorname{exprel}\left(z F V/R T\right)"),
    (sympy.Derivative(c(x), x), r"\frac{\mathrm{d} c}{\mathrm{d} x}"),
    (sympy.exp(z * F * V * x / (R * T * sym("L"))), r"\exp\left(\frac{z F V x}{R T L}\right)"),  # long exponent
    (-sym("D") * (ci - co), r"- D \left(c_{\mathrm{i}} - c_{\mathrm{o}}\right)"),
    (co * sympy.exp(-V) - ci, r"c_{\mathrm{o}} e^{- V} - c_{\mathrm{i}}"),  # positive term first
    (sympy.Limit(X.I, V, 0), r"\lim_{V \to 0} I"),
    (sympy.Subs(X.I, V, X.E), r"\left.I\right|_{V = E}"),
    (sympy.Limit(sym("G")(sym("t")), sym("t"), sympy.oo), r"\lim_{t \to \infty} G(t)"),
    (sympy.Rational(1, 2) * R * T, r"\frac{R T}{2}"),
    # shapes that once printed wrongly: a sum over a symbol, numbers in exponents, floats
    ((ci - co) / sym("L"), r"\frac{c_{\mathrm{i}} - c_{\mathrm{o}}}{L}"),
    (sympy.exp(1 / (2 * sym("L"))), r"e^{1/\left(2 L\right)}"),
    (
        sympy.exp(z * F * (sym("psi_in") - sym("psi_out")) / (R * T)),
        r"\exp\left(\frac{z F}{R T} \left(\psi_{\mathrm{i}} - \psi_{\mathrm{o}}\right)\right)",
    ),
    (sympy.Float(2.5) / sym("L"), r"\frac{2.5}{L}"),
    (2 * sym("L") * (ci - co), r"2 L \left(c_{\mathrm{i}} - c_{\mathrm{o}}\right)"),
    (derive.POTASSIUM.c_in, r"[\mathrm{K}^{+}]_{\mathrm{i}}"),
    (derive.CALCIUM.c_out, r"[\mathrm{Ca}^{2+}]_{\mathrm{o}}"),
    (derive.CHLORIDE.E, r"E_{\mathrm{Cl}}"),
    (derive.SODIUM.P, r"P_{\mathrm{Na}}"),
]


@pytest.mark.parametrize("expr,expected", PRINTER_RULES, ids=[e for _, e in PRINTER_RULES])
def test_printer_rule(expr, expected):
    assert latex(expr) == expected


RESULTS = [
    ("nernst", None, "nernst", r"E = \frac{R T}{z F} \ln\frac{c_{\mathrm{o}}}{c_{\mathrm{i}}}"),
    (
        "nernst",
        derive.POTASSIUM,
        "nernst",
        r"E_{\mathrm{K}} = \frac{R T}{F} \ln\frac{[\mathrm{K}^{+}]_{\mathrm{o}}}{[\mathrm{K}^{+}]_{\mathrm{i}}}",
    ),
    (
        "nernst",
        derive.CHLORIDE,
        "nernst",
        r"E_{\mathrm{Cl}} = - \frac{R T}{F} \ln\frac{[\mathrm{Cl}^{-}]_{\mathrm{o}}}{[\mathrm{Cl}^{-}]_{\mathrm{i}}}",
    ),
    (
        "ghk_current",
        None,
        "ghk",
        r"I = \frac{P z^{2} F^{2} V}{R T} \frac{c_{\mathrm{i}} - c_{\mathrm{o}} e^{- z F V/R T}}{1 - e^{- z F V/R T}}",
    ),
    (
        "ghk_current",
        None,
        "ghk-exprel",
        r"I = P z F \left(\frac{c_{\mathrm{i}}}{\operatorname{exprel}\left(- z F V/R T\right)} - "
        r"\frac{c_{\mathrm{o}}}{\operatorname{exprel}\left(z F V/R T\right)}\right)",
    ),
    ("ghk_current", None, "zero-voltage", r"\lim_{V \to 0} I = P z F \left(c_{\mathrm{i}} - c_{\mathrm{o}}\right)"),
    ("ghk_current", None, "reversal", r"\left.I\right|_{V = E} = 0"),
    (
        "ghk_current",
        derive.CALCIUM,
        "ghk",
        r"I_{\mathrm{Ca}} = \frac{4 P_{\mathrm{Ca}} F^{2} V}{R T} \frac{[\mathrm{Ca}^{2+}]_{\mathrm{i}} - "
        r"[\mathrm{Ca}^{2+}]_{\mathrm{o}} e^{- 2 F V/R T}}{1 - e^{- 2 F V/R T}}",
    ),
    ("pump_leak", None, "solution", r"G(t) = \frac{p}{k} + \left(G_{0} - \frac{p}{k}\right) e^{- k t}"),
    ("pump_leak", None, "solution-exprel", r"G(t) = G_{0} e^{- k t} + p t \operatorname{exprel}\left(- k t\right)"),
    ("pump_leak", None, "steady-state", r"G^{*} = \frac{p}{k}"),
    ("pump_leak", None, "relaxation", r"G(t) = G^{*} + \left(G_{0} - G^{*}\right) e^{- t/\tau}"),
    ("fick", None, "fick", r"J = - D \nabla c"),
    ("driving_force", None, "dmu", r"\Delta\tilde{\mu} = R T \ln\frac{c_{\mathrm{i}}}{c_{\mathrm{o}}} + z F V"),
    ("driving_force", None, "driving-force", r"\Delta\tilde{\mu} = z F \left(V - E\right)"),
    (
        "driving_force",
        None,
        "direction",
        r"\operatorname{sgn}\left(\Delta\tilde{\mu}\right) = \operatorname{sgn}\left(z\right) \operatorname{sgn}\left(V - E\right)",
    ),
    (
        "transport_free_energy",
        None,
        "chemical",
        r"\left.\Delta G\right|_{\Delta\psi = 0} = R T \ln\frac{c_{\mathrm{to}}}{c_{\mathrm{from}}}",
    ),
    (
        "transport_free_energy",
        None,
        "transport",
        r"\Delta G = R T \ln\frac{c_{\mathrm{to}}}{c_{\mathrm{from}}} + z F \Delta\psi",
    ),
    (
        "proton_motive_force",
        None,
        "dmu-H",
        r"\Delta\tilde{\mu}_{\mathrm{H}^{+}} = F \Delta\psi_{\mathrm{m}} - R T \Delta\mathrm{pH} \ln 10",
    ),
    (
        "proton_motive_force",
        None,
        "pmf",
        r"\Delta p = \Delta\psi_{\mathrm{m}} - \frac{R T \Delta\mathrm{pH}}{F} \ln 10",
    ),
    (
        "sodium_potassium_pump",
        None,
        "cycle",
        r"\Delta G_{\mathrm{cycle}} = 2 R T \ln\frac{[\mathrm{K}^{+}]_{\mathrm{i}}}{[\mathrm{K}^{+}]_{\mathrm{o}}} + 3 R T \ln\frac{[\mathrm{Na}^{+}]_{\mathrm{o}}}{[\mathrm{Na}^{+}]_{\mathrm{i}}} - F V",
    ),
    (
        "sodium_potassium_pump",
        None,
        "reversal",
        r"V_{\mathrm{pump}} = \frac{\Delta G_{\mathrm{ATP}}}{F} + \frac{R T}{F} \left(2 \ln\frac{[\mathrm{K}^{+}]_{\mathrm{i}}}{[\mathrm{K}^{+}]_{\mathrm{o}}} + 3 \ln\frac{[\mathrm{Na}^{+}]_{\mathrm{o}}}{[\mathrm{Na}^{+}]_{\mathrm{i}}}\right)",
    ),
    ("ghk_voltage", None, "single-nernst", r"\left.V\right|_{P_{\mathrm{Na}} = P_{\mathrm{Cl}} = 0} = E_{\mathrm{K}}"),
    (
        "ghk_voltage",
        None,
        "ghk-voltage",
        r"V = \frac{R T}{F} \ln\frac{P_{\mathrm{K}} [\mathrm{K}^{+}]_{\mathrm{o}} + P_{\mathrm{Na}} [\mathrm{Na}^{+}]_{\mathrm{o}} + P_{\mathrm{Cl}} [\mathrm{Cl}^{-}]_{\mathrm{i}}}{P_{\mathrm{K}} [\mathrm{K}^{+}]_{\mathrm{i}} + P_{\mathrm{Na}} [\mathrm{Na}^{+}]_{\mathrm{i}} + P_{\mathrm{Cl}} [\mathrm{Cl}^{-}]_{\mathrm{o}}}",
    ),
    ("ghk_voltage_calcium", None, "no-calcium", r"\left.V\right|_{P_{\mathrm{Ca}} = 0} = \frac{R T}{F} \ln\frac{B}{A}"),
    (
        "ghk_voltage_calcium",
        None,
        "calcium-nernst",
        r"\left.V\right|_{P_{\mathrm{K}} = P_{\mathrm{Na}} = P_{\mathrm{Cl}} = 0} = E_{\mathrm{Ca}}",
    ),
    (
        "ghk_voltage_calcium",
        None,
        "root",
        r"V = \frac{R T}{F} \ln\frac{B - A + \sqrt{\left(A - B\right)^{2} + 4 A' B'}}{2 A'}",
    ),
    (
        "ghk_voltage_calcium",
        None,
        "ghk-voltage-calcium",
        r"V = \frac{R T}{F} \left(\frac{\ln\frac{B'}{A'}}{2} - \operatorname{arsinh}\left(\frac{A - B}{2 \sqrt{A'} \sqrt{B'}}\right)\right)",
    ),
    (
        "chord_conductance",
        None,
        "slope",
        r"g = \frac{P z^{2} F^{2} c_{\mathrm{i}} c_{\mathrm{o}}}{R T} "
        r"\frac{\ln\frac{c_{\mathrm{o}}}{c_{\mathrm{i}}}}{c_{\mathrm{o}} - c_{\mathrm{i}}}",
    ),
    (
        "chord_conductance",
        None,
        "ohmic",
        r"\lim_{c_{\mathrm{o}} \to c_{\mathrm{i}}} g = \frac{P z^{2} F^{2} c_{\mathrm{i}}}{R T}",
    ),
    ("chord_conductance", None, "linear", r"I = g \left(V - E\right)"),
    (
        "chord_conductance",
        None,
        "chord",
        r"V = \frac{g_{\mathrm{K}} E_{\mathrm{K}} + g_{\mathrm{Na}} E_{\mathrm{Na}} + g_{\mathrm{Cl}} E_{\mathrm{Cl}}}{g_{\mathrm{K}} + g_{\mathrm{Na}} + g_{\mathrm{Cl}}}",
    ),
    (
        "mullins_noda",
        None,
        "mullins-noda",
        r"V = \frac{R T}{F} \ln\frac{P_{\mathrm{Na}} [\mathrm{Na}^{+}]_{\mathrm{o}} + "
        r"r P_{\mathrm{K}} [\mathrm{K}^{+}]_{\mathrm{o}}}"
        r"{P_{\mathrm{Na}} [\mathrm{Na}^{+}]_{\mathrm{i}} + r P_{\mathrm{K}} [\mathrm{K}^{+}]_{\mathrm{i}}}",
    ),
    (
        "mullins_noda",
        None,
        "r-one",
        r"\left.V\right|_{r = 1} = \frac{R T}{F} "
        r"\ln\frac{P_{\mathrm{K}} [\mathrm{K}^{+}]_{\mathrm{o}} + P_{\mathrm{Na}} [\mathrm{Na}^{+}]_{\mathrm{o}}}"
        r"{P_{\mathrm{K}} [\mathrm{K}^{+}]_{\mathrm{i}} + P_{\mathrm{Na}} [\mathrm{Na}^{+}]_{\mathrm{i}}}",
    ),
    (
        "junction_potential",
        None,
        "field",
        r"\frac{\mathrm{d} \psi}{\mathrm{d} \xi} = - \frac{R T}{F} \frac{\left(u_{+} - u_{-}\right) \frac{\mathrm{d}}{\mathrm{d} \xi}\left(\ln\frac{c_{+}(\xi)}{c^{\circ}}\right)}{u_{+} + u_{-}}",
    ),
    (
        "junction_potential",
        None,
        "junction",
        r"E_{\mathrm{LJ}} = \frac{R T}{F} \frac{\left(u_{+} - u_{-}\right) \ln\frac{c_{1}}{c_{2}}}{u_{+} + u_{-}}",
    ),
    ("junction_potential", None, "equal-mobility", r"\left.E_{\mathrm{LJ}}\right|_{u_{+} = u_{-}} = 0"),
    # issue 11
    (
        "exchanger",
        None,
        "cycle",
        r"\Delta G_{\mathrm{tr}} = 3 R T \ln\frac{[\mathrm{Na}^{+}]_{\mathrm{i}}}{[\mathrm{Na}^{+}]_{\mathrm{o}}} "
        r"- R T \ln\frac{[\mathrm{Ca}^{2+}]_{\mathrm{i}}}{[\mathrm{Ca}^{2+}]_{\mathrm{o}}} + F V",
    ),
    ("exchanger", None, "cycle-E", r"\Delta G_{\mathrm{tr}} = F \left(V + 2 E_{\mathrm{Ca}} - 3 E_{\mathrm{Na}}\right)"),
    ("exchanger", None, "reversal-E", r"E_{\mathrm{rev}} = 3 E_{\mathrm{Na}} - 2 E_{\mathrm{Ca}}"),
    (
        "exchanger",
        None,
        "reversal",
        r"E_{\mathrm{rev}} = \frac{R T}{F} \left(3 \ln\frac{[\mathrm{Na}^{+}]_{\mathrm{o}}}{[\mathrm{Na}^{+}]_{\mathrm{i}}} "
        r"- \ln\frac{[\mathrm{Ca}^{2+}]_{\mathrm{o}}}{[\mathrm{Ca}^{2+}]_{\mathrm{i}}}\right)",
    ),
    (
        "donnan",
        None,
        "cation",
        r"[\mathrm{K}^{+}]_{\mathrm{i}} = \sqrt{c_{\mathrm{o}}^{2} + \frac{\rho^{2}}{4}} - \frac{\rho}{2}",
    ),
    (
        "donnan",
        None,
        "anion",
        r"[\mathrm{Cl}^{-}]_{\mathrm{i}} = \frac{\rho}{2} + \sqrt{c_{\mathrm{o}}^{2} + \frac{\rho^{2}}{4}}",
    ),
    (
        "donnan",
        None,
        "donnan",
        r"V = \frac{R T}{F} \operatorname{arsinh}\left(\frac{\rho}{2 c_{\mathrm{o}}}\right)",
    ),
    (
        "biionic_permeability",
        None,
        "general-ratio",
        r"[\mathrm{Y}]_{\mathrm{i}} e^{z F V_{\mathrm{rev}}/R T} - [\mathrm{Y}]_{\mathrm{o}} + P_{\mathrm{X}:\mathrm{Y}} "
        r"\left([\mathrm{X}]_{\mathrm{i}} e^{z F V_{\mathrm{rev}}/R T} - [\mathrm{X}]_{\mathrm{o}}\right) = 0",
    ),
    (
        "biionic_permeability",
        None,
        "biionic",
        r"P_{\mathrm{X}:\mathrm{Y}} = \frac{[\mathrm{Y}]_{\mathrm{i}}}{[\mathrm{X}]_{\mathrm{o}}} e^{z F V_{\mathrm{rev}}/R T}",
    ),
    ("ussing_flux_ratio", None, "ussing", r"r_{J} = \frac{c_{\mathrm{o}}}{c_{\mathrm{i}}} e^{- z F V/R T}"),
    (
        "ussing_flux_ratio",
        None,
        "driving-force",
        r"r_{J} = \exp\left(\frac{z F}{R T} \left(E - V\right)\right)",
    ),
    # liquid junctions of ion mixtures (read against the formulas typed in tests/test_liquid_junction.py)
    ('henderson_junction', None, 'field', '\\frac{\\mathrm{d} \\psi}{\\mathrm{d} \\xi} = - \\frac{R T}{F} \\frac{z_{1} u_{1} \\frac{\\mathrm{d} c_{1}}{\\mathrm{d} \\xi} + z_{2} u_{2} \\frac{\\mathrm{d} c_{2}}{\\mathrm{d} \\xi} + z_{3} u_{3} \\frac{\\mathrm{d} c_{3}}{\\mathrm{d} \\xi} + z_{4} u_{4} \\frac{\\mathrm{d} c_{4}}{\\mathrm{d} \\xi}}{z_{1}^{2} u_{1} c_{1}(\\xi) + z_{2}^{2} u_{2} c_{2}(\\xi) + z_{3}^{2} u_{3} c_{3}(\\xi) + z_{4}^{2} u_{4} c_{4}(\\xi)}'),
    ('henderson_junction', None, 'henderson', 'E_{\\mathrm{LJ}} = - \\frac{R T}{F} \\frac{\\left(z_{1} u_{1} \\left(c_{1}^{(2)} - c_{1}^{(1)}\\right) + z_{2} u_{2} \\left(c_{2}^{(2)} - c_{2}^{(1)}\\right) + z_{3} u_{3} \\left(c_{3}^{(2)} - c_{3}^{(1)}\\right) + z_{4} u_{4} \\left(c_{4}^{(2)} - c_{4}^{(1)}\\right)\\right) \\ln\\frac{z_{1}^{2} u_{1} c_{1}^{(2)} + z_{2}^{2} u_{2} c_{2}^{(2)} + z_{3}^{2} u_{3} c_{3}^{(2)} + z_{4}^{2} u_{4} c_{4}^{(2)}}{z_{1}^{2} u_{1} c_{1}^{(1)} + z_{2}^{2} u_{2} c_{2}^{(1)} + z_{3}^{2} u_{3} c_{3}^{(1)} + z_{4}^{2} u_{4} c_{4}^{(1)}}}{z_{1}^{2} u_{1} \\left(c_{1}^{(2)} - c_{1}^{(1)}\\right) + z_{2}^{2} u_{2} \\left(c_{2}^{(2)} - c_{2}^{(1)}\\right) + z_{3}^{2} u_{3} \\left(c_{3}^{(2)} - c_{3}^{(1)}\\right) + z_{4}^{2} u_{4} \\left(c_{4}^{(2)} - c_{4}^{(1)}\\right)}'),
    ('planck_junction', None, 'salt-linear', 'c(\\xi) = c^{(1)} + \\frac{\\xi}{w} \\left(c^{(2)} - c^{(1)}\\right)'),
    ('planck_junction', None, 'field', '\\frac{\\mathrm{d} \\psi}{\\mathrm{d} \\xi} = \\frac{\\rho R T}{F} \\frac{\\mathrm{d}}{\\mathrm{d} \\xi}\\left(\\ln\\frac{c(\\xi)}{c^{\\circ}}\\right)'),
    ('planck_junction', None, 'E-rho', 'E_{\\mathrm{LJ}} = \\frac{\\rho R T}{F} \\ln\\frac{c^{(2)}}{c^{(1)}}'),
    # Planck's equation for mixtures, typed from Planck (1890) in this report's letters (eta = xi there)
    ('planck_junction', None, 'planck', '\\frac{\\left(1 + \\rho\\right) \\left(\\eta \\left(u_{1} c_{1}^{(2)} + u_{2} c_{2}^{(2)}\\right) - u_{1} c_{1}^{(1)} - u_{2} c_{2}^{(1)}\\right)}{\\eta c^{(2)} - c^{(1)}} = \\frac{\\left(1 - \\rho\\right) \\left(u_{3} c_{3}^{(2)} + u_{4} c_{4}^{(2)} - \\eta \\left(u_{3} c_{3}^{(1)} + u_{4} c_{4}^{(1)}\\right)\\right)}{c^{(2)} - \\eta c^{(1)}}'),
    ('planck_junction', None, 'xi-E', '\\eta = e^{F E_{\\mathrm{LJ}}/R T}'),
    ('planck_junction', None, 'binary', 'E_{\\mathrm{LJ}} = \\frac{R T}{F} \\frac{\\left(u_{1} - u_{3}\\right) \\ln\\frac{c^{(1)}}{c^{(2)}}}{u_{1} + u_{3}}'),
    ('nernst_planck_junction', None, 'field', '\\frac{\\mathrm{d} \\psi}{\\mathrm{d} \\xi} = \\frac{- \\frac{z_{1} J_{1}}{u_{1}} - \\frac{z_{2} J_{2}}{u_{2}} - \\frac{z_{3} J_{3}}{u_{3}} - \\frac{z_{4} J_{4}}{u_{4}}}{z_{1}^{2} c_{1}(\\xi) + z_{2}^{2} c_{2}(\\xi) + z_{3}^{2} c_{3}(\\xi) + z_{4}^{2} c_{4}(\\xi)}'),
    ('nernst_planck_junction', None, 'total-linear', 'c_{\\mathrm{T}}(\\xi) = c_{\\mathrm{T}}^{(1)} + \\frac{\\xi}{w} \\left(c_{\\mathrm{T}}^{(2)} - c_{\\mathrm{T}}^{(1)}\\right)'),
    ('nernst_planck_junction', None, 'system', '\\frac{\\mathrm{d} c_{1}}{\\mathrm{d} \\xi} = \\frac{z_{1} F}{R T} \\frac{\\left(\\frac{z_{1} J_{1}}{u_{1}} + \\frac{z_{2} J_{2}}{u_{2}} + \\frac{z_{3} J_{3}}{u_{3}} + \\frac{z_{4} J_{4}}{u_{4}}\\right) c_{1}(\\xi)}{z_{1}^{2} c_{1}(\\xi) + z_{2}^{2} c_{2}(\\xi) + z_{3}^{2} c_{3}(\\xi) + z_{4}^{2} c_{4}(\\xi)} - \\frac{F J_{1}}{u_{1} R T}'),
]


# Issue 11, part 5: activities (typed from Davies 1962 and Malmberg & Maryott 1956 as the printer sets them).
RESULTS += [
    ('activity', None, 'I-def', r'I_{c} = \frac{[\mathrm{K}^{+}]_{\mathrm{o}} + [\mathrm{Na}^{+}]_{\mathrm{o}} + [\mathrm{Cl}^{-}]_{\mathrm{o}} + 4 [\mathrm{Ca}^{2+}]_{\mathrm{o}}}{2}'),
    ('activity', None, 'A-T', r'A = \frac{F^{3} \sqrt{c^{\circ}} \sqrt{2}}{8 N_{\mathrm{A}} \varepsilon_{0}^{\frac{3}{2}} R^{\frac{3}{2}} T^{\frac{3}{2}} \left(87.74 + 0.0009398 \vartheta^{2} - 0.40008 \vartheta - 0.00000141 \vartheta^{3}\right)^{\frac{3}{2}} \pi \ln 10}'),
    ('activity', None, 'davies', r'\gamma = 10^{- A f_{\mathrm{D}} z^{2}}'),
]


@pytest.mark.parametrize(
    "name,ion,label,expected", RESULTS, ids=[f"{r[0]}:{r[1].name if r[1] else 'X'}:{r[2]}" for r in RESULTS]
)
def test_result_latex(name, ion, label, expected):
    d = derive.relation(name, **({"ion": ion} if ion else {}))
    assert latex(d.step(label).equation) == expected


def test_every_result_has_an_exact_string_test():
    covered = {(name, label) for name, _, label, _ in RESULTS}
    for name in derive.relations():
        for label in derive.relation(name).results:
            assert (name, label) in covered, f"no exact-string test for {name}:{label}"


def test_jupyter_display_is_latex():
    d = derive.relation("nernst")
    shown = d._repr_latex_()
    assert shown.startswith("$$") and shown.endswith("$$")
    assert r"\begin{aligned}" in shown and latex(d.result.equation.rhs) in shown
