"""Liquid junction potential of one 1:1 electrolyte at two concentrations (Planck, Henderson).

Nernst–Planck fluxes of the cation and the anion, electroneutrality and zero current give
E = ψ₂ − ψ₁ = ((u₊ − u₋)/(u₊ + u₋)) (RT/F) ln(c₁/c₂): the faster ion runs ahead into the
dilute solution and charges it with its own sign.
"""

from __future__ import annotations

import sympy
from sympy.physics import units as u

from ..derivation import ApplyConditions, Derivation, Evaluate, IntegrateODE, Premise, Rearrange, Step, Substitute
from ..symbols import (
    E_LJ,
    F,
    J_minus,
    J_plus,
    R,
    SymbolSpec,
    T,
    c1,
    c2,
    c_minus,
    c_plus,
    c_std,
    mu0_minus,
    mu0_plus,
    mu_minus,
    mu_plus,
    psi_1,
    psi_2,
    psi_jn,
    u_minus,
    u_plus,
    w_jn,
    x_jn,
)
from . import register


#: The title reports and `derive list` show (registered, so listing derives nothing).
TITLE = "Liquid junction potential of a 1:1 electrolyte"


@register("junction_potential", title=TITLE)
def junction_potential() -> Derivation:
    """Derive the liquid junction potential between two solutions of one 1:1 electrolyte."""
    C1 = sympy.Symbol("C_psi")
    local = (SymbolSpec("C_psi", r"C_{\psi}", u.volt, "constant of integration of the potential"),)
    cp, cm, psi = c_plus(x_jn), c_minus(x_jn), psi_jn(x_jn)
    mup, mum = mu_plus(x_jn), mu_minus(x_jn)
    d = lambda f: sympy.Derivative(f, x_jn)
    t = (u_plus - u_minus) / (u_plus + u_minus)  # the cation's transference number minus the anion's
    k = R * T / F

    steps = (
        Step(
            sympy.Eq(mup, mu0_plus + R * T * sympy.log(cp / c_std) + F * psi),
            "The electrochemical potential of the cation ($z = +1$) at each point of the junction.",
            Premise("definition"),
            "mu-plus",
        ),
        Step(
            sympy.Eq(mum, mu0_minus + R * T * sympy.log(cm / c_std) - F * psi),
            "The same for the anion ($z = -1$).",
            Premise("definition"),
            "mu-minus",
        ),
        Step(
            sympy.Eq(J_plus, -u_plus * cp / F * d(mup)),
            "Each ion drifts down the gradient of its electrochemical potential: the force per mole "
            "divided by $F$ is a field, and the mobility $u_{+}$ turns it into a velocity "
            "(diffusion coefficient $D_{+} = u_{+}RT/F$, the Einstein relation).",
            Premise("model"),
            "flux-plus",
        ),
        Step(
            sympy.Eq(J_minus, -u_minus * cm / F * d(mum)),
            "Likewise for the anion, with its own mobility $u_{-}$.",
            Premise("model"),
            "flux-minus",
        ),
        Step(
            sympy.Eq(J_plus, -u_plus * (k * d(cp) + cp * d(psi))),
            "Differentiate: the Nernst--Planck flux of the cation, diffusion plus drift in the field.",
            Substitute(into="flux-plus", using=("mu-plus",)),
            "np-plus",
        ),
        Step(
            sympy.Eq(J_minus, -u_minus * (k * d(cm) - cm * d(psi))),
            "The anion drifts the other way in the same field.",
            Substitute(into="flux-minus", using=("mu-minus",)),
            "np-minus",
        ),
        Step(
            sympy.Eq(cm, cp),
            "Electroneutrality: everywhere in the junction the two ions have the same concentration, "
            "the local concentration of the salt (the charge separated is far too small to change it).",
            Premise("condition"),
            "neutral",
        ),
        Step(
            sympy.Eq(J_minus, -u_minus * (k * d(cp) - cp * d(psi))),
            "The anion flux in terms of the salt concentration.",
            Substitute(into="np-minus", using=("neutral",)),
            "np-minus-neutral",
        ),
        Step(
            sympy.Eq(J_plus, J_minus),
            "No current flows through the junction, $F(J_{+} - J_{-}) = 0$: the ions cross together.",
            Premise("condition"),
            "zero-current",
        ),
        Step(
            sympy.Eq(-u_plus * (k * d(cp) + cp * d(psi)), -u_minus * (k * d(cp) - cp * d(psi))),
            "Insert both fluxes.",
            Substitute(into="zero-current", using=("np-plus", "np-minus-neutral")),
            "balance",
        ),
        Step(
            sympy.Eq(d(psi), -t * k * d(sympy.log(cp / c_std))),
            "Solve for the field: it is whatever slows the faster ion and speeds the slower one "
            "until they move together. It is proportional to the gradient of the logarithm of the "
            "concentration, whatever the shape of the concentration profile.",
            Rearrange(source="balance"),
            "field",
        ),
        Step(
            sympy.Eq(psi, C1 - t * k * sympy.log(cp / c_std)),
            "Integrate across the junction.",
            IntegrateODE(ode="field"),
            "profile",
        ),
        Step(
            sympy.Eq(psi_jn(0), psi_1), "The junction starts in solution 1...", Premise("boundary condition"), "bc-psi"
        ),
        Step(
            sympy.Eq(c_plus(0), c1),
            "...where the salt concentration is that of solution 1.",
            Premise("boundary condition"),
            "bc-c1",
        ),
        Step(
            sympy.Eq(c_plus(w_jn), c2),
            "At its far side the solution is that of solution 2.",
            Premise("boundary condition"),
            "bc-c2",
        ),
        Step(
            sympy.Eq(psi, psi_1 - t * k * sympy.log(cp / c_plus(0))),
            "Fix the constant of integration by the potential of solution 1.",
            ApplyConditions(solution="profile", conditions=("bc-psi",), unknowns=(C1,)),
            "profile-1",
        ),
        Step(
            sympy.Eq(psi_2, psi_1 - t * k * sympy.log(c2 / c1)),
            "The potential at the far side is that of solution 2. Only the concentrations at the two "
            "ends enter: for a single 1:1 salt the result is exact for any concentration profile.",
            Evaluate(source="profile-1", variable=x_jn, value=w_jn, using=("bc-c1", "bc-c2")),
            "psi-2",
        ),
        Step(
            sympy.Eq(E_LJ, psi_2 - psi_1),
            "The junction potential: solution 2 relative to solution 1.",
            Premise("definition"),
            "E-def",
        ),
        Step(
            sympy.Eq(E_LJ, t * k * sympy.log(c1 / c2)),
            "The junction potential of a 1:1 electrolyte. With $c_{1} > c_{2}$ the dilute solution 2 "
            "takes the sign of the faster ion.",
            Substitute(into="E-def", using=("psi-2",)),
            "junction",
        ),
        Step(
            sympy.Eq(sympy.Subs(E_LJ, u_plus, u_minus), 0),
            "Ions of equal mobility make no junction potential: why salt bridges are filled with KCl, "
            "whose ions are nearly equally mobile.",
            Evaluate(source="junction", variable=u_plus, value=u_minus),
            "equal-mobility",
        ),
    )
    return Derivation(
        name="junction_potential",
        title=TITLE,
        summary=(
            "Where two solutions of the same 1:1 electrolyte at different concentrations meet, cation and "
            "anion diffuse at different speeds; the faster one charges the dilute side with its sign until "
            "the field makes them move together. The single-salt formula derived here is Nernst's (1888); "
            "Planck (1890) and Henderson (1907) extended it to mixtures of electrolytes."
        ),
        assumptions=(
            "A single 1:1 electrolyte (one cation, one anion, $|z| = 1$), fully dissociated; "
            "ideal solutions (activities equal concentrations).",
            "Each ion moves by electrodiffusion (Nernst--Planck) with a constant mobility, "
            "the same at every concentration; the temperature is uniform.",
            "Electroneutrality at every point: the separated charge is negligible next to the salt "
            "(the junction is much wider than the Debye length).",
            "No net current crosses the junction (an open circuit, at every point and every moment).",
            "No assumption on the concentration profile: for one binary salt the field is proportional "
            "to the gradient of $\\ln c$, so the integral depends only on the end concentrations, "
            "and the formulas of Planck (steady diffusion) and Henderson (linear mixing) agree exactly.",
        ),
        conventions=(
            "$E_{\\mathrm{LJ}} = \\psi_{2} - \\psi_{1}$: solution 2 relative to solution 1.",
            "Only the ratio of the mobilities enters: any consistent unit will do.",
        ),
        steps=steps,
        results=("field", "equal-mobility", "junction"),
        local_symbols=local,
        references=("nernst1888", "planck1890", "henderson1907"),
    )
