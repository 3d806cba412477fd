"""Exchangers and cotransporters: the free energy of one transport cycle and its reversal potential.

A transporter moves n_j ions of each species j per cycle, counted positive inward and
negative outward. The cycle's free energy is the sum of the ions' electrochemical
potential changes, ΔG = Σ n_j [RT ln(c_j,i/c_j,o) + z_j F V] = F Σ n_j z_j (V − E_j); when
the cycle carries net charge (Σ n_j z_j ≠ 0) it vanishes at E_rev = Σ n_j z_j E_j / Σ n_j z_j.
The default is the cardiac and neuronal Na+/Ca2+ exchanger, 3 Na+ in for 1 Ca2+ out.
"""

from __future__ import annotations

import sympy

from ..derivation import Cite, Derivation, Evaluate, Premise, SolveFor, Step, Substitute
from ..errors import SpecificationError
from ..ions import CALCIUM, SODIUM, Ion
from ..symbols import E_rev, F, R, T, V, dG_tr, psi_in, psi_out
from ..terms import electrochemical_potential
from . import register

#: The Na+/Ca2+ exchanger (NCX): 3 Na+ in, 1 Ca2+ out per cycle.
NCX: tuple[tuple[Ion, int], ...] = ((SODIUM, 3), (CALCIUM, -1))


def _times(n: int) -> str:
    """A coefficient as written before a product: 1 → '', -1 → '-', 2 → '2'."""
    return {1: "", -1: "-"}.get(n, str(n))


def _moves(n: int, ion: Ion) -> str:
    return f"{abs(n)} ${ion.latex}$ {'in' if n > 0 else 'out'}"


TITLE = "Exchangers and cotransporters"


@register("exchanger", title=TITLE)
def exchanger(stoichiometry: tuple[tuple[Ion, int], ...] = NCX) -> Derivation:
    """Derive the free energy and reversal potential of a transporter with ``stoichiometry``.

    ``stoichiometry`` pairs each ion with the number moved per cycle, positive inward.
    """
    ions = [ion for ion, _ in stoichiometry]
    if (
        not stoichiometry
        or len({ion.name for ion in ions}) != len(ions)
        or any(ion.is_generic for ion in ions)
        or any(isinstance(n, bool) or not isinstance(n, int) or n == 0 for _, n in stoichiometry)
    ):
        raise SpecificationError(
            "exchanger: the stoichiometry pairs distinct ions of definite charge with nonzero whole numbers"
        )
    from . import relation  # the cached, already verified Nernst derivations

    nernst = {ion.name: relation("nernst", ion=ion) for ion in ions}
    charge = sum(n * ion.charge for ion, n in stoichiometry)
    mu_steps = []
    for ion in ions:
        for side, text in (("in", f"The electrochemical potential of ${ion.latex}$ inside"), ("out", "And outside")):
            mu_steps.append(
                Step(electrochemical_potential(ion, side), text + ".", Premise("definition"), f"mu-{ion.name}-{side}")
            )
    change = sum(
        (n * (ion.electrochemical_potential("in") - ion.electrochemical_potential("out")) for ion, n in stoichiometry),
        sympy.Integer(0),
    )
    chemical = sum((n * R * T * sympy.log(ion.c_in / ion.c_out) for ion, n in stoichiometry), sympy.Integer(0))
    weighted = sum((n * ion.charge * ion.E for ion, n in stoichiometry), sympy.Integer(0))
    moves = ", ".join(_moves(n, ion) for ion, n in stoichiometry)
    steps: list[Step] = [
        *mu_steps,
        Step(
            sympy.Eq(V, psi_in - psi_out),
            "The membrane potential, inside relative to outside.",
            Premise("definition"),
            "V-def",
        ),
        Step(
            sympy.Eq(dG_tr, change),
            f"Each cycle moves {moves}: its free energy is the sum of the changes of electrochemical "
            "potential, each counted as often as the ion moves (a negative count is a move outward).",
            Premise("model"),
            "cycle-def",
        ),
        Step(
            sympy.Eq(dG_tr, chemical + charge * F * V),
            f"The standard potentials cancel. The electrical terms add up to ${_times(charge)}FV$: "
            + (
                "the cycle carries net charge, so the transporter is electrogenic and its free energy "
                "depends on the membrane potential."
                if charge
                else "the cycle is electroneutral, and only the concentrations matter."
            ),
            Substitute(into="cycle-def", using=(*(s.label for s in mu_steps), "V-def")),
            "cycle",
        ),
        *(
            Step(
                nernst[ion.name].result.equation,
                f"The Nernst potential of ${ion.latex}$.",
                Cite(derivation=nernst[ion.name]),
                f"nernst-{ion.name}",
            )
            for ion in ions
        ),
        Step(
            sympy.Eq(dG_tr, F * sum((n * ion.charge * (V - ion.E) for ion, n in stoichiometry), sympy.Integer(0))),
            "Each ion contributes its charge moved times its driving force $V - E$.",
            Substitute(into="cycle", using=tuple(f"nernst-{ion.name}" for ion in ions)),
            "cycle-E",
        ),
    ]
    results = ["cycle", "cycle-E"]
    if charge:
        steps += [
            Step(
                sympy.Eq(sympy.Subs(dG_tr, V, E_rev), F * (charge * E_rev - weighted)),
                "The cycle at the membrane potential $E_{\\mathrm{rev}}$.",
                Evaluate(source="cycle-E", variable=V, value=E_rev),
                "at-reversal",
            ),
            Step(
                sympy.Eq(sympy.Subs(dG_tr, V, E_rev), 0),
                "The reversal potential is where the cycle is at equilibrium: above it the transporter "
                "runs one way, below it the other.",
                Premise("condition"),
                "equilibrium",
            ),
            Step(
                sympy.Eq(F * (charge * E_rev - weighted), 0),
                "Insert the free energy of the cycle.",
                Substitute(into="equilibrium", using=("at-reversal",)),
                "balance",
            ),
            Step(
                sympy.Eq(E_rev, weighted / charge),
                "The reversal potential: the equilibrium potentials weighted by the charge each ion "
                "moves per cycle, over the net charge moved.",
                SolveFor(source="balance", unknown=E_rev),
                "reversal-E",
            ),
            Step(
                sympy.Eq(
                    E_rev,
                    R
                    * T
                    / (charge * F)
                    * sum((n * sympy.log(ion.c_out / ion.c_in) for ion, n in stoichiometry), sympy.Integer(0)),
                ),
                "Written with the concentrations.",
                Substitute(into="reversal-E", using=tuple(f"nernst-{ion.name}" for ion in ions)),
                "reversal",
            ),
        ]
        results += ["reversal-E", "reversal"]
    return Derivation(
        name="exchanger",
        title=TITLE,
        summary=(
            "The free energy of one transport cycle of a secondary active transporter, from the "
            "electrochemical potentials of the ions it couples, and the membrane potential at which it "
            f"reverses. Shown for {moves} per cycle."
        ),
        assumptions=(
            "Tight coupling: every cycle moves the ions in the fixed stoichiometry; no slippage.",
            "Ideal dilute solutions: activities equal concentrations.",
            "The standard chemical potentials are the same on both sides.",
        ),
        conventions=(
            "$V = \\psi_{\\mathrm{i}} - \\psi_{\\mathrm{o}}$; ions counted positive when moved inward; "
            "free energies per mole of cycles, in J/mol.",
        ),
        steps=tuple(steps),
        results=tuple(results),
        references=("blaustein1999",),
    )
