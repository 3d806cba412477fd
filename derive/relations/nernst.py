"""Nernst equation: equal electrochemical potentials on both sides → E = (RT/zF) ln(c_o/c_i)."""

from __future__ import annotations

import sympy

from ..derivation import Derivation, Premise, Rearrange, Step, Substitute
from ..ions import GENERIC, Ion
from ..symbols import F, R, T, psi_in, psi_out
from ..terms import electrochemical_potential
from . import register


#: The title reports and `derive list` show (registered, so listing derives nothing).
TITLE = "Nernst equilibrium potential"


@register("nernst", title=TITLE)
def nernst(ion: Ion = GENERIC) -> Derivation:
    """Derive the equilibrium (Nernst) potential of ``ion``."""
    mu_in = electrochemical_potential(ion, "in")
    mu_out = electrochemical_potential(ion, "out")
    z = ion.z
    steps = (
        Step(
            mu_in,
            "The electrochemical potential inside the cell: chemical term plus electrical term.",
            Premise("definition"),
            "mu-in",
        ),
        Step(mu_out, "The same outside the cell.", Premise("definition"), "mu-out"),
        Step(
            sympy.Eq(mu_in.lhs, mu_out.lhs),
            "At equilibrium the ion has no net tendency to cross the membrane: its "
            "electrochemical potential is the same on both sides.",
            Premise("condition"),
            "equilibrium",
        ),
        Step(
            sympy.Eq(mu_in.rhs, mu_out.rhs),
            "Write out both sides.",
            Substitute(into="equilibrium", using=("mu-in", "mu-out")),
            "equated",
        ),
        Step(
            sympy.Eq(psi_in - psi_out, R * T / (z * F) * sympy.log(ion.c_out / ion.c_in)),
            "The standard potentials cancel; collect the electrical terms on the left, "
            "combine the logarithms and divide by $zF$.",
            Rearrange(source="equated"),
            "solved",
        ),
        Step(
            sympy.Eq(ion.E, psi_in - psi_out),
            "The equilibrium potential is the membrane potential "
            "$V = \\psi_{\\mathrm{i}} - \\psi_{\\mathrm{o}}$ at which the ion is in equilibrium.",
            Premise("definition"),
            "E-def",
        ),
        Step(
            sympy.Eq(ion.E, R * T / (z * F) * sympy.log(ion.c_out / ion.c_in)),
            "The Nernst equation.",
            Substitute(into="solved", using=("E-def",)),
            "nernst",
        ),
    )
    return Derivation(
        name="nernst",
        title=TITLE,
        summary=(
            "The membrane potential at which an ion's chemical push across the membrane is "
            "balanced exactly by the electrical pull, for an ion of any charge."
        ),
        assumptions=(
            "The membrane is permeable to the ion, which is at equilibrium across it.",
            "Ideal dilute solutions: activities equal concentrations.",
            "The standard chemical potential is the same on both sides.",
        ),
        conventions=(
            "$V = \\psi_{\\mathrm{i}} - \\psi_{\\mathrm{o}}$ (inside relative to outside).",
            "Concentrations in mol/m$^3$ (= mM); only their ratio enters.",
        ),
        steps=steps,
        references=("nernst1889",),
    )
