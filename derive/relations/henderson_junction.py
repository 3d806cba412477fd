"""Henderson's liquid junction potential of two mixtures of ions of any valence.

Nernst–Planck fluxes with zero current fix the field at each point by the local
concentrations; Henderson (1907) assumed the junction to be a linear mixture of the
two solutions, under which the field integrates in closed form.
"""

from __future__ import annotations

import sympy
from sympy.physics import units as u

from ..derivation import ApplyConditions, Derivation, Evaluate, IntegrateODE, Premise, Rearrange, Step, Substitute
from ..symbols import E_LJ, F, R, SymbolSpec, T, psi_1, psi_2, psi_jn, w_jn, x_jn
from . import register
from .mixture import ION, SPECIES, d, flux_steps, total

_IONS = range(1, SPECIES + 1)


TITLE = "Henderson's junction potential of ion mixtures"


@register("henderson_junction", title=TITLE)
def henderson_junction() -> Derivation:
    """Derive the generalized Henderson equation for a mixture of ions of any valence."""
    C1 = sympy.Symbol("C_psi")
    local = (SymbolSpec("C_psi", r"C_{\psi}", u.volt, "constant of integration of the potential"),)
    k = R * T / F
    psi = psi_jn(x_jn)
    s_1, s_2 = total("z2uc1"), total("z2uc2")
    s_x = sum(
        ION[j]["z"] ** 2 * ION[j]["u"] * (ION[j]["c1"] + (ION[j]["c2"] - ION[j]["c1"]) * x_jn / w_jn) for j in _IONS
    )
    ratio = total("zuD") / total("z2uD")
    steps: list[Step] = []
    for j in _IONS:
        steps.extend(flux_steps(j))
    steps += [
        Step(
            sympy.Eq(total("zJ"), 0),
            "No current flows through the junction, $F \\sum_j z_j J_j = 0$ (an open circuit).",
            Premise("condition"),
            "zero-current",
        ),
        Step(
            sympy.Eq(sum(ION[j]["z"] * ION[j]["u"] * (k * d(ION[j]["c"](x_jn)) + ION[j]["z"] * ION[j]["c"](x_jn) * d(psi)) for j in _IONS), 0),
            "Insert the fluxes.",
            Substitute(into="zero-current", using=tuple(f"np-{j}" for j in _IONS)),
            "balance",
        ),
        Step(
            sympy.Eq(d(psi), -k * total("zudc") / total("z2uc")),
            "Solve for the field: it is set at each point by the local concentrations and their gradients "
            "(no electroneutrality needed so far).",
            Rearrange(source="balance"),
            "field",
        ),
    ]
    for j in _IONS:
        ion = ION[j]
        steps.append(
            Step(
                sympy.Eq(ion["c"](x_jn), ion["c1"] + (ion["c2"] - ion["c1"]) * x_jn / w_jn),
                "Henderson's assumption: the junction is a linear mixture of the two solutions, so each "
                "concentration runs linearly from its value in solution 1 to its value in solution 2 "
                "(a mixture of two electroneutral solutions is electroneutral everywhere)."
                if j == 1
                else f"Likewise for ion {j}.",
                Premise("model"),
                f"mix-{j}",
            )
        )
    steps += [
        Step(
            sympy.Eq(d(psi), -k * total("zuD") / (w_jn * s_x)),
            "Insert the linear profiles: the numerator is constant, the denominator linear in $\\xi$.",
            Substitute(into="field", using=tuple(f"mix-{j}" for j in _IONS)),
            "field-linear",
        ),
        Step(
            sympy.Eq(psi, C1 - k * ratio * sympy.log(s_x / s_1)),
            "Integrate across the junction.",
            IntegrateODE(ode="field-linear"),
            "profile",
        ),
        Step(sympy.Eq(psi_jn(0), psi_1), "The junction starts in solution 1.", Premise("boundary condition"), "bc-psi"),
        Step(
            sympy.Eq(psi, psi_1 - k * ratio * sympy.log(s_x / s_1)),
            "Fix the constant of integration by the potential of solution 1.",
            ApplyConditions(solution="profile", conditions=("bc-psi",), unknowns=(C1,)),
            "profile-1",
        ),
        Step(
            sympy.Eq(psi_2, psi_1 - k * ratio * sympy.log(s_2 / s_1)),
            "At its far side the junction reaches solution 2.",
            Evaluate(source="profile-1", variable=x_jn, value=w_jn),
            "psi-2",
        ),
        Step(
            sympy.Eq(E_LJ, psi_2 - psi_1),
            "The junction potential: solution 2 relative to solution 1.",
            Premise("definition"),
            "E-def",
        ),
        Step(
            sympy.Eq(E_LJ, -k * ratio * sympy.log(s_2 / s_1)),
            "The generalized Henderson equation. For one 1:1 salt it is the binary junction potential "
            "exactly; for mixtures it differs from the stationary Nernst--Planck junction, most for "
            "polyvalent ions and large concentration ratios.",
            Substitute(into="E-def", using=("psi-2",)),
            "henderson",
        ),
    ]
    return Derivation(
        name="henderson_junction",
        title=TITLE,
        summary=(
            "Where two solutions of several ions meet, each ion diffuses at its own speed; the field that "
            "keeps the current at zero depends on how the solutions mix. Henderson assumed linear mixing "
            "and integrated the field in closed form, for ions of any valence."
        ),
        assumptions=(
            f"Verified for a mixture of {SPECIES} ions with symbolic charge numbers $z_j$; each step is a sum "
            "of per-ion terms, so it holds term by term for any number of ions.",
            "Each ion moves by electrodiffusion (Nernst--Planck) with a constant mobility; ideal solutions "
            "(activities equal concentrations); uniform temperature; no net current.",
            "Linear mixing: every concentration varies linearly across the junction (Henderson 1907). "
            "This is exact for one binary salt, an approximation for mixtures (the stationary "
            "Nernst--Planck profiles are not linear).",
            "The ions' conductance weights differ between the solutions, "
            "$\\sum_j z_j^{2} u_j (c_j^{(2)} - c_j^{(1)}) \\neq 0$; where they are equal the limit "
            "$\\ln(S_{2}/S_{1})/(S_{2} - S_{1}) \\to 1/S_{1}$ applies, as the numeric function does.",
        ),
        conventions=(
            "$E_{\\mathrm{LJ}} = \\psi_{2} - \\psi_{1}$: solution 2 relative to solution 1.",
            "Only ratios of the mobilities enter: any consistent unit will do.",
        ),
        steps=tuple(steps),
        results=("field", "henderson"),
        local_symbols=local,
        references=("henderson1907", "henderson1908", "barry1994"),
    )
