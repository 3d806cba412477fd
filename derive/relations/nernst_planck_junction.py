"""The stationary Nernst–Planck junction of a mixture of ions of any valence.

Fluxes, zero current and electroneutrality at every point give a closed system of
first-order equations: the field is fixed by the fluxes and the local concentrations,
and the total concentration of all ions is linear across the junction. This is the
system the numeric liquid_junction_potential integrates (method "nernst-planck").
"""

from __future__ import annotations

import sympy
from sympy.physics import units as u

from ..derivation import (
    ApplyConditions,
    Derivation,
    Differentiate,
    IntegrateODE,
    Premise,
    Rearrange,
    Step,
    Substitute,
)
from ..symbols import F, R, SymbolSpec, T, psi_jn, w_jn, x_jn
from . import register
from .mixture import ION, SPECIES, c_T, c_T_1, c_T_2, d, flux_steps, total

_IONS = range(1, SPECIES + 1)


TITLE = "The stationary Nernst--Planck junction of a mixture of ions"


@register("nernst_planck_junction", title=TITLE)
def nernst_planck_junction() -> Derivation:
    """Derive the stationary electroneutral Nernst–Planck system of a junction between mixtures."""
    C_c = sympy.Symbol("C_c")
    local = (SymbolSpec("C_c", r"C_{c}", u.mol / u.m**3, "constant of integration of the total concentration"),)
    k = R * T / F
    psi = psi_jn(x_jn)
    last = ION[SPECIES]
    others = sum(ION[j]["z"] * ION[j]["c"](x_jn) for j in range(1, SPECIES))
    steps: list[Step] = []
    for j in _IONS:
        steps.extend(flux_steps(j))
    steps += [
        Step(
            sympy.Eq(total("zc"), 0),
            "Electroneutrality at every point of the junction: the charge separated is far too small "
            "to change any concentration.",
            Premise("condition"),
            "neutral",
        ),
        Step(
            sympy.Eq(last["c"](x_jn), -others / last["z"]),
            f"The same, solved for ion {SPECIES}.",
            Rearrange(source="neutral"),
            "neutral-last",
        ),
        Step(
            sympy.Eq(total("zdc"), 0),
            "Electroneutrality holds at every point, so its gradient vanishes too.",
            Differentiate(source="neutral", variable=x_jn),
            "neutral-gradient",
        ),
        Step(
            sympy.Eq(total("zJ"), 0),
            "No current flows through the junction, $F \\sum_j z_j J_j = 0$ (an open circuit).",
            Premise("condition"),
            "zero-current",
        ),
    ]
    for j in _IONS:
        ion = ION[j]
        steps.append(
            Step(
                sympy.Eq(d(ion["c"](x_jn)), -ion["J"] / (ion["u"] * k) - ion["z"] * ion["c"](x_jn) * d(psi) / k),
                "In a stationary junction each flux is the same at every point: the gradient of each "
                "concentration follows from its flux and the field."
                if j == 1
                else f"Likewise for ion {j}.",
                Rearrange(source=f"np-{j}"),
                f"gradient-{j}",
            )
        )
    gradients = tuple(f"gradient-{j}" for j in _IONS)
    steps += [
        Step(
            sympy.Eq(d(psi), -total("zJ/u") / total("z2c")),
            "Insert the gradients into the gradient of electroneutrality: the field at each point is "
            "fixed by the fluxes and the local concentrations.",
            Substitute(into="neutral-gradient", using=gradients),
            "field",
        ),
        Step(
            sympy.Eq(c_T(x_jn), total("c")),
            "The total concentration of all ions.",
            Premise("definition"),
            "total-def",
        ),
        Step(
            sympy.Eq(d(c_T(x_jn)), total("dc")),
            "Its gradient.",
            Differentiate(source="total-def", variable=x_jn),
            "total-sum",
        ),
        Step(
            sympy.Eq(d(c_T(x_jn)), -total("J/u") / k - d(psi) * total("zc") / k),
            "Insert each ion's gradient.",
            Substitute(into="total-sum", using=gradients),
            "total-gradient",
        ),
        Step(
            sympy.Eq(d(c_T(x_jn)), -F / (R * T) * total("J/u")),
            "By electroneutrality the drift terms cancel: the total concentration has the same "
            "gradient everywhere, whatever the valences.",
            Substitute(into="total-gradient", using=("neutral-last",)),
            "total-slope",
        ),
        Step(
            sympy.Eq(c_T(x_jn), C_c - F / (R * T) * total("J/u") * x_jn),
            "Integrate across the junction.",
            IntegrateODE(ode="total-slope"),
            "total-profile",
        ),
        Step(
            sympy.Eq(c_T(0), c_T_1),
            "The junction starts in solution 1...",
            Premise("boundary condition"),
            "bc-1",
        ),
        Step(
            sympy.Eq(c_T(w_jn), c_T_2),
            "...and ends in solution 2.",
            Premise("boundary condition"),
            "bc-2",
        ),
        Step(
            sympy.Eq(c_T(x_jn), c_T_1 + (c_T_2 - c_T_1) * x_jn / w_jn),
            "The total concentration is linear across the junction (Planck's observation, here for any "
            "valences); the numeric solver uses it as its independent variable.",
            ApplyConditions(solution="total-profile", conditions=("bc-1", "bc-2"), unknowns=(C_c, last["J"])),
            "total-linear",
        ),
        Step(
            sympy.Eq(
                d(ION[1]["c"](x_jn)),
                -ION[1]["J"] / (ION[1]["u"] * k) + ION[1]["z"] * ION[1]["c"](x_jn) * total("zJ/u") / (k * total("z2c")),
            ),
            "With the field inserted, each gradient depends on the fluxes and the local concentrations "
            "only: a closed system of first-order equations (shown for ion 1; likewise for each ion). "
            "Integrated from solution 1, it must arrive at solution 2; the fluxes that make it do, with "
            "zero current, determine the junction potential, the integral of the field.",
            Substitute(into="gradient-1", using=("field",)),
            "system",
        ),
    ]
    return Derivation(
        name="nernst_planck_junction",
        title=TITLE,
        summary=(
            "Between two solutions of several ions of any valence, a stationary junction carries constant "
            "fluxes; zero current and electroneutrality fix the field at each point, and the total "
            "concentration is linear across it. These equations, integrated numerically with the end "
            "concentrations as boundary conditions, give the junction potential without Henderson's "
            "assumption of linear mixing."
        ),
        assumptions=(
            f"Verified for a mixture of {SPECIES} ions with symbolic charge numbers $z_j$; each step is a sum "
            "of per-ion terms, so it holds term by term for any number of ions.",
            "Each ion moves by electrodiffusion (Nernst--Planck) with a constant mobility; ideal solutions "
            "(activities equal concentrations); uniform temperature.",
            "A stationary junction of fixed width $w$ with the two solutions' compositions at its ends "
            "(Planck's model of a junction; the junction potential does not depend on $w$).",
            "Electroneutrality at every point and no net current.",
        ),
        conventions=(
            "$E_{\\mathrm{LJ}} = \\psi_{2} - \\psi_{1}$: solution 2 relative to solution 1.",
            "Fluxes are positive from solution 1 towards solution 2.",
        ),
        steps=tuple(steps),
        results=("field", "total-linear", "system"),
        local_symbols=local,
        references=("planck1890",),
    )
