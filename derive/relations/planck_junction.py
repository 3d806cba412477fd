"""Planck's liquid junction potential of two mixtures of monovalent ions.

The stationary Nernst–Planck junction with electroneutrality and zero current, for
cations and anions of charge ±1: the salt concentration is linear across the junction,
the field is proportional to the gradient of its logarithm, each ion's profile is then
solved in closed form (through the integrating factors (c/c1)^(+-rho) of the cations'
and the anions' mobility-weighted concentrations), and zero current gives Planck's (1890)
transcendental equation for the junction potential. For one 1:1 salt it reduces to the
binary formula.
"""

from __future__ import annotations

import sympy
from sympy.physics import units as u

from ..derivation import (
    ApplyConditions,
    Derivation,
    Differentiate,
    Evaluate,
    IntegrateODE,
    Premise,
    Rearrange,
    Step,
    Substitute,
)
from ..symbols import E_LJ, F, R, SymbolSpec, T, c_std, define, psi_1, psi_2, psi_jn, w_jn, x_jn
from . import register
from .mixture import ION, SPECIES, d, flux_steps

#: Charges of the ions of Planck's mixture: two cations and two anions.
CHARGES = {1: 1, 2: 1, 3: -1, 4: -1}

_MOLAR = u.mol / u.m**3
c_s = define(
    "c_s", r"c", _MOLAR, "salt concentration in the junction: the cations' total, equal to the anions'", ("positive",),
    kind="function", order=55,
)
c_s_1 = define("c_s_1", r"c^{(1)}", _MOLAR, "total concentration of the cations in solution 1", ("positive",))
c_s_2 = define("c_s_2", r"c^{(2)}", _MOLAR, "total concentration of the cations in solution 2", ("positive",))
rho = define(
    "rho_P", r"\rho", 1, "Planck's ratio of the cations' and anions' reduced fluxes (dimensionless)", ("real",),
    order=4,
)
_MOBILITY = u.m**2 / (u.volt * u.s)
phi_plus = define(
    "Phi_plus", r"\Phi_{+}", _MOBILITY * _MOLAR,
    "the cations' mobility-weighted concentration times $(c/c^{(1)})^{\\rho}$ (Planck's integrating factor)",
    ("real",), kind="function", order=57,
)
phi_minus = define(
    "Phi_minus", r"\Phi_{-}", _MOBILITY * _MOLAR,
    "the anions' mobility-weighted concentration times $(c/c^{(1)})^{-\\rho}$ (Planck's integrating factor)",
    ("real",), kind="function", order=57,
)
j_s = define(
    "j_s", r"\bar{u}", _MOBILITY,
    "twice the cations' total flux over the sum of all reduced fluxes $J_{j}/u_{j}$ (a mean mobility)", ("real",),
    order=13,
)
xi_P = define(
    "xi_P", r"\eta", 1, "Planck's $(c^{(2)}/c^{(1)})^{\\rho} = e^{FE_{\\mathrm{LJ}}/RT}$ (dimensionless)",
    ("positive",), order=4,
)


TITLE = "Planck's junction potential of monovalent ion mixtures"


@register("planck_junction", title=TITLE)
def planck_junction() -> Derivation:
    """Derive Planck's equation for the junction between mixtures of monovalent ions."""
    C_c, C_psi = sympy.Symbol("C_c"), sympy.Symbol("C_psi")
    local = (
        SymbolSpec("C_c", r"C_{c}", _MOLAR, "constant of integration of the salt concentration"),
        SymbolSpec("C_psi", r"C_{\psi}", u.volt, "constant of integration of the potential"),
        SymbolSpec("K_p", r"K_{+}", _MOBILITY * _MOLAR, "constant of integration of $\\Phi_{+}$"),
        SymbolSpec("K_m", r"K_{-}", _MOBILITY * _MOLAR, "constant of integration of $\\Phi_{-}$"),
    )
    K_p, K_m = sympy.Symbol("K_p"), sympy.Symbol("K_m")
    k = R * T / F
    psi = psi_jn(x_jn)
    c = {j: ION[j]["c"](x_jn) for j in ION}
    Ju = {j: ION[j]["J"] / ION[j]["u"] for j in ION}
    cations, anions = Ju[1] + Ju[2], Ju[3] + Ju[4]
    line = c_s_1 + (c_s_2 - c_s_1) * x_jn / w_jn
    big_l = sympy.log(c_s_2 / c_s_1)
    steps: list[Step] = []
    for j in ION:
        steps.extend(flux_steps(j, CHARGES[j]))
    for j in ION:
        z = CHARGES[j]
        steps.append(
            Step(
                sympy.Eq(d(c[j]), -ION[j]["J"] / (ION[j]["u"] * k) - z * c[j] * d(psi) / k),
                "In a stationary junction every flux is the same at every point: each gradient follows "
                "from the flux and the field."
                if j == 1
                else f"Likewise for ion {j}.",
                Rearrange(source=f"np-{j}"),
                f"gradient-{j}",
            )
        )
    steps += [
        Step(sympy.Eq(c_s(x_jn), c[1] + c[2]), "The cations' total concentration.", Premise("definition"), "salt-def"),
        Step(
            sympy.Eq(c_s(x_jn), c[3] + c[4]),
            "Electroneutrality at every point: the anions add up to the same total.",
            Premise("condition"),
            "neutral",
        ),
        Step(
            sympy.Eq(ION[1]["J"] + ION[2]["J"] - ION[3]["J"] - ION[4]["J"], 0),
            "No current flows through the junction.",
            Premise("condition"),
            "zero-current",
        ),
        Step(
            sympy.Eq(d(c_s(x_jn)), d(c[1]) + d(c[2])),
            "The gradient of the cations' total...",
            Differentiate(source="salt-def", variable=x_jn),
            "salt-gradient-cations",
        ),
        Step(
            sympy.Eq(d(c_s(x_jn)), d(c[3]) + d(c[4])),
            "...equals that of the anions' total.",
            Differentiate(source="neutral", variable=x_jn),
            "salt-gradient-anions",
        ),
        Step(
            sympy.Eq(cations, -k * d(c_s(x_jn)) - c_s(x_jn) * d(psi)),
            "Insert the cations' gradients: diffusion and drift of the cations together.",
            Substitute(into="salt-gradient-cations", using=("gradient-1", "gradient-2", "salt-def")),
            "cation-flow",
        ),
        Step(
            sympy.Eq(anions, -k * d(c_s(x_jn)) + c_s(x_jn) * d(psi)),
            "The anions drift the other way in the same field.",
            Substitute(into="salt-gradient-anions", using=("gradient-3", "gradient-4", "neutral")),
            "anion-flow",
        ),
        Step(
            sympy.Eq(d(psi), -(cations + k * d(c_s(x_jn))) / c_s(x_jn)),
            "The field, from the cations' flow.",
            Rearrange(source="cation-flow"),
            "field-cations",
        ),
        Step(
            sympy.Eq(d(c_s(x_jn)), -(cations + anions) / (2 * k)),
            "Insert it into the anions' flow: the salt concentration has the same gradient everywhere.",
            Substitute(into="anion-flow", using=("field-cations",)),
            "salt-slope",
        ),
        Step(
            sympy.Eq(c_s(x_jn), C_c - (cations + anions) * x_jn / (2 * k)),
            "Integrate across the junction.",
            IntegrateODE(ode="salt-slope"),
            "salt-profile",
        ),
        Step(sympy.Eq(c_s(0), c_s_1), "The junction starts in solution 1...", Premise("boundary condition"), "bc-1"),
        Step(sympy.Eq(c_s(w_jn), c_s_2), "...and ends in solution 2.", Premise("boundary condition"), "bc-2"),
        Step(
            sympy.Eq(c_s(x_jn), line),
            "The salt concentration is linear across the junction (Planck's result).",
            ApplyConditions(solution="salt-profile", conditions=("bc-1", "bc-2"), unknowns=(C_c, ION[4]["J"])),
            "salt-linear",
        ),
        Step(
            sympy.Eq(rho, (cations - anions) / (cations + anions)),
            "Name the ratio of the difference and the sum of the cations' and anions' reduced fluxes "
            "(the sum is nonzero when the two salt concentrations differ).",
            Premise("definition"),
            "rho-def",
        ),
        Step(
            sympy.Eq(d(psi), k * rho * d(c_s(x_jn)) / c_s(x_jn)),
            "Insert the salt gradient into the field.",
            Substitute(into="field-cations", using=("salt-slope", "rho-def")),
            "field-rho",
        ),
        Step(
            sympy.Eq(d(psi), k * rho * d(sympy.log(c_s(x_jn) / c_std))),
            "The field is proportional to the gradient of $\\ln c$, with a constant factor.",
            Rearrange(source="field-rho"),
            "field",
        ),
        Step(
            sympy.Eq(psi, C_psi + k * rho * sympy.log(c_s(x_jn) / c_std)),
            "Integrate across the junction.",
            IntegrateODE(ode="field"),
            "psi-profile",
        ),
        Step(sympy.Eq(psi_jn(0), psi_1), "The potential of solution 1.", Premise("boundary condition"), "bc-psi"),
        Step(
            sympy.Eq(psi, psi_1 + k * rho * sympy.log(c_s(x_jn) / c_s(0))),
            "Fix the constant of integration.",
            ApplyConditions(solution="psi-profile", conditions=("bc-psi",), unknowns=(C_psi,)),
            "psi-1",
        ),
        Step(
            sympy.Eq(psi_2, psi_1 + k * rho * big_l),
            "At the far side, solution 2.",
            Evaluate(source="psi-1", variable=x_jn, value=w_jn, using=("bc-1", "bc-2")),
            "psi-2",
        ),
        Step(sympy.Eq(E_LJ, psi_2 - psi_1), "The junction potential.", Premise("definition"), "E-def"),
        Step(
            sympy.Eq(E_LJ, k * rho * big_l),
            "The junction potential in terms of $\\rho$, which the fluxes, and so the profiles, fix.",
            Substitute(into="E-def", using=("psi-2",)),
            "E-rho",
        ),
    ]
    # Planck's equation for the mixture: each ion's profile in the field k rho c'/c, through the
    # integrating factors (c/c1)^(+-rho) of the cations' and the anions' mobility-weighted sums.
    ratio = c_s(x_jn) / c_s_1
    u_sum = {1: ION[1]["u"] * c[1] + ION[2]["u"] * c[2], -1: ION[3]["u"] * c[3] + ION[4]["u"] * c[4]}
    end = {
        (1, 1): ION[1]["u"] * ION[1]["c1"] + ION[2]["u"] * ION[2]["c1"],
        (1, 2): ION[1]["u"] * ION[1]["c2"] + ION[2]["u"] * ION[2]["c2"],
        (-1, 1): ION[3]["u"] * ION[3]["c1"] + ION[4]["u"] * ION[4]["c1"],
        (-1, 2): ION[3]["u"] * ION[3]["c2"] + ION[4]["u"] * ION[4]["c2"],
    }
    big_r = c_s_2 / c_s_1
    steps += [
        Step(
            sympy.Eq(ION[4]["J"], ION[1]["J"] + ION[2]["J"] - ION[3]["J"]),
            "Zero current, solved for one anion's flux: the anions carry as much as the cations.",
            Rearrange(source="zero-current"),
            "current-4",
        ),
        Step(
            sympy.Eq(j_s, 2 * (ION[1]["J"] + ION[2]["J"]) / (cations + anions)),
            "Name twice the ratio of the cations' total flux to the sum of all reduced fluxes (a mean mobility).",
            Premise("definition"),
            "mean-def",
        ),
    ]
    for sign, phi, rows, name in ((1, phi_plus, (1, 2), "plus"), (-1, phi_minus, (3, 4), "minus")):
        ions_text = "cations" if sign == 1 else "anions"
        kk = K_p if sign == 1 else K_m
        expo = 1 + sign * rho
        steps += [
            Step(
                sympy.Eq(phi(x_jn), ratio ** (sign * rho) * u_sum[sign]),
                f"Planck's integrating factor for the {ions_text}: their mobility-weighted concentration times "
                + ("$(c/c^{(1)})^{\\rho}$." if sign == 1 else "$(c/c^{(1)})^{-\\rho}$."),
                Premise("definition"),
                f"phi-{name}-def",
            ),
            Step(
                sympy.Eq(d(phi(x_jn)), j_s * d(c_s(x_jn)) * ratio ** (sign * rho)),
                f"Its gradient: with each {ions_text[:-1]}'s gradient and the field $k\\rho\\,c'/c$ inserted, "
                "the drift cancels and only the flux is left"
                + (" (the anions' total flux equals the cations' by zero current)." if sign == -1 else "."),
                Differentiate(
                    source=f"phi-{name}-def",
                    variable=x_jn,
                    using=(f"gradient-{rows[0]}", f"gradient-{rows[1]}", "field-rho", "mean-def", "salt-slope",
                           "current-4"),
                ),
                f"phi-{name}-slope",
            ),
            Step(
                sympy.Eq(d(phi(x_jn)), j_s * (c_s_2 - c_s_1) / w_jn * (line / c_s_1) ** (sign * rho)),
                "With the linear salt profile.",
                Substitute(into=f"phi-{name}-slope", using=("salt-linear",)),
                f"phi-{name}-line",
            ),
            Step(
                sympy.Eq(phi(x_jn), kk + j_s * c_s_1 * (line / c_s_1) ** expo / expo),
                "Integrate across the junction"
                + (" ($\\rho \\neq -1$)." if sign == 1 else " ($\\rho \\neq 1$)."),
                IntegrateODE(ode=f"phi-{name}-line"),
                f"phi-{name}-profile",
            ),
            Step(
                sympy.Eq(phi(0), end[(sign, 1)]),
                f"Where the junction starts it is solution 1: $c = c^{{(1)}}$ and every {ions_text[:-1]} "
                "has its concentration there.",
                Premise("boundary condition"),
                f"phi-{name}-1",
            ),
            Step(
                sympy.Eq(phi(w_jn), big_r ** (sign * rho) * end[(sign, 2)]),
                "Where it ends, at $w$, it is solution 2.",
                Premise("boundary condition"),
                f"phi-{name}-2",
            ),
            Step(
                sympy.Eq(j_s, expo * (big_r ** (sign * rho) * end[(sign, 2)] - end[(sign, 1)])
                         / (c_s_1 * (big_r * big_r ** (sign * rho) - 1))),
                f"The two ends fix the constant and the mean mobility, from the {ions_text}.",
                ApplyConditions(solution=f"phi-{name}-profile", conditions=(f"phi-{name}-1", f"phi-{name}-2"),
                                unknowns=(kk, j_s)),
                f"mean-{name}",
            ),
        ]
    xi_rho = big_r**rho
    steps += [
        Step(
            sympy.Eq(
                (1 + rho) * (xi_rho * end[(1, 2)] - end[(1, 1)]) / (c_s_1 * (big_r * xi_rho - 1)),
                (1 - rho) * (end[(-1, 2)] / xi_rho - end[(-1, 1)]) / (c_s_1 * (big_r / xi_rho - 1)),
            ),
            "Cations and anions must give the same mean mobility: one equation for $\\rho$, and so for "
            "the junction potential.",
            Substitute(into="mean-minus", using=("mean-plus",)),
            "planck-rho",
        ),
        Step(
            sympy.Eq(xi_P, big_r**rho),
            "Name the junction potential's Boltzmann factor $\\eta$ (Planck's $\\xi$; $\\xi$ is the position here).",
            Premise("definition"),
            "xi-def",
        ),
        Step(
            sympy.Eq(
                (1 + rho) * (xi_P * end[(1, 2)] - end[(1, 1)]) / (xi_P * c_s_2 - c_s_1),
                (1 - rho) * (end[(-1, 2)] - xi_P * end[(-1, 1)]) / (c_s_2 - xi_P * c_s_1),
            ),
            "Planck's equation (1890) for the junction between mixtures of monovalent ions: with "
            "$\\rho = \\ln\\eta / \\ln(c^{(2)}/c^{(1)})$ one transcendental equation for $\\eta$, whose "
            "root gives the junction potential below; the numeric function solves it.",
            Substitute(into="planck-rho", using=("xi-def",)),
            "planck",
        ),
        Step(
            sympy.Eq(xi_P, sympy.exp(F * E_LJ / (R * T))),
            "And $\\eta$ is the junction potential's Boltzmann factor.",
            Substitute(into="xi-def", using=("E-rho",)),
            "xi-E",
        ),
    ]
    steps += [
        Step(
            sympy.Eq(ION[2]["J"], 0),
            "One 1:1 salt: ion 1 its cation and ion 3 its anion; ion 2 is absent from both solutions "
            "and does not move...",
            Premise("condition"),
            "no-2",
        ),
        Step(sympy.Eq(ION[4]["J"], 0), "...and neither does ion 4.", Premise("condition"), "no-4"),
        Step(
            sympy.Eq(ION[3]["J"], ION[1]["J"]),
            "Zero current: cation and anion cross together.",
            Substitute(into="zero-current", using=("no-2", "no-4")),
            "one-salt-current",
        ),
        Step(
            sympy.Eq(rho, (ION[3]["u"] - ION[1]["u"]) / (ION[1]["u"] + ION[3]["u"])),
            "The flux cancels from $\\rho$: only the mobilities remain.",
            Substitute(into="rho-def", using=("no-2", "no-4", "one-salt-current")),
            "one-salt-rho",
        ),
        Step(
            sympy.Eq(E_LJ, (ION[1]["u"] - ION[3]["u"]) / (ION[1]["u"] + ION[3]["u"]) * k * sympy.log(c_s_1 / c_s_2)),
            "The binary junction potential of a 1:1 electrolyte, as derived in its own section: for one "
            "salt Planck's junction is the binary one.",
            Substitute(into="E-rho", using=("one-salt-rho",)),
            "binary",
        ),
    ]
    return Derivation(
        name="planck_junction",
        title=TITLE,
        summary=(
            "For mixtures of monovalent ions, the stationary Nernst--Planck junction can be solved in closed "
            "form: the salt concentration is linear, the field follows the gradient of its logarithm, and "
            "zero current leaves one transcendental equation for the junction potential (Planck 1890), "
            "found here through integrating factors of the cations' and the anions' mobility-weighted "
            "concentrations. For one salt it is the binary formula."
        ),
        assumptions=(
            f"Verified for {SPECIES} monovalent ions, two cations and two anions; each step is a sum of "
            "per-ion terms or one ion's own equation, so it holds for any number of monovalent ions "
            "(with $U$ and $V$ summed over all cations and all anions).",
            "Each ion moves by electrodiffusion (Nernst--Planck) with a constant mobility; ideal solutions; "
            "uniform temperature; a stationary junction with the two solutions at its ends.",
            "Electroneutrality at every point and no net current.",
            "The two salt totals differ, $c^{(1)} \\neq c^{(2)}$, and $\\rho \\neq \\pm 1$ (the equation's "
            "other forms cover the limits; the numeric function solves a form that is regular there).",
        ),
        conventions=(
            "$E_{\\mathrm{LJ}} = \\psi_{2} - \\psi_{1}$: solution 2 relative to solution 1.",
            "Only ratios of the mobilities enter: any consistent unit will do.",
        ),
        steps=tuple(steps),
        results=("salt-linear", "field", "E-rho", "planck", "xi-E", "binary"),
        local_symbols=local,
        references=("planck1890",),
    )
