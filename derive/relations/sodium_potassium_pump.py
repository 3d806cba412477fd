"""Na+/K+-ATPase: the free energy of one cycle (3 Na+ out, 2 K+ in) and its limit."""

from __future__ import annotations

import sympy

from ..derivation import Derivation, Evaluate, Premise, SolveFor, Step, Substitute
from ..ions import POTASSIUM, SODIUM
from ..symbols import F, R, T, V, V_pump, dG_ATP, dG_cycle, dG_K, dG_Na, psi_in, psi_out
from ..terms import electrochemical_potential
from . import register


#: The title reports and `derive list` show (registered, so listing derives nothing).
TITLE = "The sodium--potassium pump"


@register("sodium_potassium_pump", title=TITLE)
def sodium_potassium_pump() -> Derivation:
    """Derive the free energy of the Na+/K+-ATPase cycle and its reversal potential."""
    Na, K = SODIUM, POTASSIUM
    mu = {(ion.name, side): electrochemical_potential(ion, side) for ion in (Na, K) for side in ("in", "out")}
    chem = 3 * R * T * sympy.log(Na.c_out / Na.c_in) + 2 * R * T * sympy.log(K.c_in / K.c_out)
    steps = (
        Step(mu["Na", "in"], "The electrochemical potential of Na$^{+}$ inside.", Premise("definition"), "mu-Na-in"),
        Step(mu["Na", "out"], "And outside.", Premise("definition"), "mu-Na-out"),
        Step(mu["K", "in"], "The same for K$^{+}$ inside.", Premise("definition"), "mu-K-in"),
        Step(mu["K", "out"], "And outside.", Premise("definition"), "mu-K-out"),
        Step(
            sympy.Eq(V, psi_in - psi_out),
            "The membrane potential, inside relative to outside.",
            Premise("definition"),
            "V-def",
        ),
        Step(
            sympy.Eq(dG_Na, mu["Na", "out"].lhs - mu["Na", "in"].lhs),
            "The pump moves Na$^{+}$ out: the free energy change per mole.",
            Premise("definition"),
            "dG-Na-def",
        ),
        Step(
            sympy.Eq(dG_Na, R * T * sympy.log(Na.c_out / Na.c_in) - F * V),
            "Up its concentration gradient and, at a negative $V$, against the electrical pull.",
            Substitute(into="dG-Na-def", using=("mu-Na-in", "mu-Na-out", "V-def")),
            "dG-Na",
        ),
        Step(
            sympy.Eq(dG_K, mu["K", "in"].lhs - mu["K", "out"].lhs),
            "It moves K$^{+}$ in.",
            Premise("definition"),
            "dG-K-def",
        ),
        Step(
            sympy.Eq(dG_K, R * T * sympy.log(K.c_in / K.c_out) + F * V),
            "Up the K$^{+}$ concentration gradient; at a negative $V$ the electrical term helps.",
            Substitute(into="dG-K-def", using=("mu-K-in", "mu-K-out", "V-def")),
            "dG-K",
        ),
        Step(
            sympy.Eq(dG_cycle, 3 * dG_Na + 2 * dG_K),
            "Each cycle, driven by one ATP, moves 3 Na$^{+}$ out and 2 K$^{+}$ in.",
            Premise("model"),
            "stoichiometry",
        ),
        Step(
            sympy.Eq(dG_cycle, chem - F * V),
            "The electrical terms add up to $-3FV + 2FV = -FV$: each cycle carries one net "
            "positive charge out of the cell. The pump is electrogenic: it drives an outward "
            "current, and its free energy depends on the membrane potential.",
            Substitute(into="stoichiometry", using=("dG-Na", "dG-K")),
            "cycle",
        ),
        Step(
            sympy.Eq(sympy.Subs(dG_cycle, V, V_pump), chem - F * V_pump),
            "The cycle at the membrane potential $V_{\\mathrm{pump}}$.",
            Evaluate(source="cycle", variable=V, value=V_pump),
            "cycle-at-limit",
        ),
        Step(
            sympy.Eq(sympy.Subs(dG_cycle, V, V_pump) + dG_ATP, 0),
            "The pump can run forward only while the cycle plus ATP hydrolysis releases free "
            "energy, $\\Delta G_{\\mathrm{cycle}} + \\Delta G_{\\mathrm{ATP}} < 0$; at the "
            "reversal potential $V_{\\mathrm{pump}}$ the two balance.",
            Premise("condition"),
            "limit",
        ),
        Step(
            sympy.Eq(chem - F * V_pump + dG_ATP, 0),
            "Insert the free energy of the cycle.",
            Substitute(into="limit", using=("cycle-at-limit",)),
            "limit-explicit",
        ),
        Step(
            sympy.Eq(
                V_pump,
                R * T / F * (3 * sympy.log(Na.c_out / Na.c_in) + 2 * sympy.log(K.c_in / K.c_out)) + dG_ATP / F,
            ),
            "The thermodynamic limit: the pump runs forward only at $V > V_{\\mathrm{pump}}$; "
            "more negative potentials, or steeper gradients, would need more free energy than "
            "one ATP provides.",
            SolveFor(source="limit-explicit", unknown=V_pump),
            "reversal",
        ),
    )
    return Derivation(
        name="sodium_potassium_pump",
        title=TITLE,
        summary=(
            "The free energy the sodium--potassium pump must supply in each cycle, the net "
            "charge it moves, and the membrane potential beyond which one ATP no longer suffices."
        ),
        assumptions=(
            "Fixed stoichiometry: 3 Na$^{+}$ out and 2 K$^{+}$ in per ATP hydrolysed.",
            "Ideal dilute solutions; the standard chemical potentials are the same on both sides.",
            "$\\Delta G_{\\mathrm{ATP}}$, the free energy of ATP hydrolysis in the cell, is a given parameter.",
        ),
        conventions=("$V = \\psi_{\\mathrm{i}} - \\psi_{\\mathrm{o}}$; free energies per mole of cycles, in J/mol.",),
        steps=steps,
        results=("cycle", "reversal"),
        references=("skou1957", "post1957"),
    )
