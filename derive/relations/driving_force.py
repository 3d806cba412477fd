"""Electrochemical driving force: Δμ̃ for moving an ion inward, and the driving force V − E."""

from __future__ import annotations

import sympy

from ..derivation import ApplyToBoth, Cite, Derivation, Premise, Step, Substitute
from ..ions import GENERIC, Ion
from ..symbols import F, R, T, V, dmu, psi_in, psi_out
from ..terms import electrochemical_potential
from . import register


#: The title reports and `derive list` show (registered, so listing derives nothing).
TITLE = "Electrochemical driving force"


@register("driving_force", title=TITLE)
def driving_force(ion: Ion = GENERIC) -> Derivation:
    """Derive the electrochemical driving force on ``ion`` and the direction of passive movement."""
    mu_in = electrochemical_potential(ion, "in")
    mu_out = electrochemical_potential(ion, "out")
    z, ci, co, E = ion.z, ion.c_in, ion.c_out, ion.E
    from . import relation

    nernst_derivation = relation("nernst", ion=ion)
    steps = (
        Step(mu_in, "The electrochemical potential of the ion inside the cell.", Premise("definition"), "mu-in"),
        Step(mu_out, "The same outside.", Premise("definition"), "mu-out"),
        Step(
            sympy.Eq(dmu, mu_in.lhs - mu_out.lhs),
            "The free energy change when one mole of the ion moves from outside to inside.",
            Premise("definition"),
            "dmu-def",
        ),
        Step(
            sympy.Eq(dmu, R * T * sympy.log(ci / co) + z * F * (psi_in - psi_out)),
            "The standard potentials cancel: a chemical term and an electrical term.",
            Substitute(into="dmu-def", using=("mu-in", "mu-out")),
            "dmu-psi",
        ),
        Step(
            sympy.Eq(V, psi_in - psi_out),
            "The membrane potential, inside relative to outside.",
            Premise("definition"),
            "V-def",
        ),
        Step(
            sympy.Eq(dmu, R * T * sympy.log(ci / co) + z * F * V),
            "The electrochemical driving force on the ion, per mole moved inward.",
            Substitute(into="dmu-psi", using=("V-def",)),
            "dmu",
        ),
        Step(
            sympy.Eq(E, R * T / (z * F) * sympy.log(co / ci)),
            "The Nernst potential of the ion.",
            Cite(derivation=nernst_derivation),
            "nernst",
        ),
        Step(
            sympy.Eq(dmu, z * F * (V - E)),
            "The chemical term is $-zFE$: what matters is how far the membrane potential "
            "lies from the ion's equilibrium potential, the driving force $V - E$.",
            Substitute(into="dmu", using=("nernst",)),
            "driving-force",
        ),
        Step(
            sympy.Eq(sympy.sign(dmu), sympy.sign(z) * sympy.sign(V - E)),
            "Ions move passively in the direction that lowers their free energy: inward "
            "when $\\Delta\\tilde{\\mu} < 0$, outward when $\\Delta\\tilde{\\mu} > 0$, not at "
            "all when $V = E$. A cation ($z > 0$) therefore moves in when $V < E$ and out when "
            "$V > E$; for an anion ($z < 0$) the directions reverse.",
            ApplyToBoth(source="driving-force", function=sympy.sign),
            "direction",
        ),
    )
    return Derivation(
        name="driving_force",
        title=TITLE,
        summary=(
            "The net push on an ion is the sum of its chemical and electrical terms; written "
            "with the Nernst potential it is $zF(V - E)$, whose sign tells which way the ion "
            "moves passively."
        ),
        assumptions=(
            "Ideal dilute solutions: activities equal concentrations.",
            "The standard chemical potential is the same on both sides.",
        ),
        conventions=(
            "$V = \\psi_{\\mathrm{i}} - \\psi_{\\mathrm{o}}$; $\\Delta\\tilde{\\mu}$ is for moving one mole inward.",
        ),
        steps=steps,
        results=("dmu", "driving-force", "direction"),
    )
