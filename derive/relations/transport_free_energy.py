"""Free energy of moving one mole of an ion from one compartment to another."""

from __future__ import annotations

import sympy

from ..derivation import Derivation, Evaluate, Premise, Step, Substitute
from ..ions import GENERIC, Ion
from ..symbols import F, R, T, c_from, c_std, c_to, delta_V, dG, mut_from, mut_to, psi_from, psi_to
from . import register


#: The title reports and `derive list` show (registered, so listing derives nothing).
TITLE = "Free energy of transport"


@register("transport_free_energy", title=TITLE)
def transport_free_energy(ion: Ion = GENERIC) -> Derivation:
    """Derive ΔG of transporting ``ion`` between two compartments (J/mol)."""
    z, mu0 = ion.z, ion.mu_standard
    steps = (
        Step(
            sympy.Eq(mut_from, mu0 + R * T * sympy.log(c_from / c_std) + z * F * psi_from),
            "The electrochemical potential of the ion where it starts.",
            Premise("definition"),
            "mu-from",
        ),
        Step(
            sympy.Eq(mut_to, mu0 + R * T * sympy.log(c_to / c_std) + z * F * psi_to),
            "The same where it ends.",
            Premise("definition"),
            "mu-to",
        ),
        Step(
            sympy.Eq(dG, mut_to - mut_from),
            "The free energy change of moving one mole is the difference of the two.",
            Premise("definition"),
            "dG-def",
        ),
        Step(
            sympy.Eq(dG, R * T * sympy.log(c_to / c_from) + z * F * (psi_to - psi_from)),
            "The standard potentials cancel.",
            Substitute(into="dG-def", using=("mu-from", "mu-to")),
            "dG-psi",
        ),
        Step(
            sympy.Eq(delta_V, psi_to - psi_from),
            "The potential step the ion climbs.",
            Premise("definition"),
            "delta-psi",
        ),
        Step(
            sympy.Eq(dG, R * T * sympy.log(c_to / c_from) + z * F * delta_V),
            "The free energy of transport: the move is spontaneous (exergonic) when "
            "$\\Delta G < 0$ and must be driven, e.g. by ATP, when $\\Delta G > 0$.",
            Substitute(into="dG-psi", using=("delta-psi",)),
            "transport",
        ),
        Step(
            sympy.Eq(sympy.Subs(dG, delta_V, 0), R * T * sympy.log(c_to / c_from)),
            "The chemical part alone: the cost of the concentration ratio, whatever the charge.",
            Evaluate(source="transport", variable=delta_V, value=0),
            "chemical",
        ),
    )
    return Derivation(
        name="transport_free_energy",
        title=TITLE,
        summary=(
            "How much free energy one mole of an ion gains or releases when it moves from one "
            "compartment to another: the energy stored in, or spent on, a gradient."
        ),
        assumptions=(
            "Ideal dilute solutions: activities equal concentrations.",
            "The standard chemical potential is the same in both compartments.",
        ),
        conventions=(
            "$\\Delta\\psi = \\psi_{\\mathrm{to}} - \\psi_{\\mathrm{from}}$; for entry into a cell "
            "$\\Delta\\psi = V$, for exit $\\Delta\\psi = -V$.",
            "$\\Delta G$ per mole of ion moved, in J/mol.",
        ),
        steps=steps,
        results=("chemical", "transport"),
    )
