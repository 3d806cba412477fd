"""GHK voltage equation: the membrane potential at which the GHK currents of several
monovalent ions add up to zero."""

from __future__ import annotations

from collections.abc import Sequence

import sympy

from ..derivation import Cite, Derivation, Divide, Evaluate, Premise, SolveFor, Step, Substitute
from ..errors import SpecificationError
from ..functions import exprel
from ..ions import CHLORIDE, POTASSIUM, SODIUM, Ion
from ..symbols import A_ghk, B_ghk, F, R, T, V
from . import register

MONOVALENT = (POTASSIUM, SODIUM, CHLORIDE)


def weighted_sums(ions: Sequence[Ion]) -> tuple[sympy.Expr, sympy.Expr]:
    """The two permeability-weighted sums of the GHK voltage equation.

    ``(A, B)`` with A = Σ P c_i over cations + Σ P c_o over anions (what drives charge
    out) and B the other way round; V = (RT/F) ln(B/A).
    """
    inner = sum(ion.P * (ion.c_in if ion.charge > 0 else ion.c_out) for ion in ions)
    outer = sum(ion.P * (ion.c_out if ion.charge > 0 else ion.c_in) for ion in ions)
    return inner, outer


def check_monovalent(ions: Sequence[Ion]) -> tuple[Ion, ...]:
    ions = tuple(ions)
    if not ions:
        raise SpecificationError("the GHK voltage needs at least one permeant ion")
    bad = [ion.label for ion in ions if ion.charge not in (1, -1)]
    if bad:
        raise SpecificationError(f"the GHK voltage equation is for monovalent ions; not {bad}")
    if len({ion.name for ion in ions}) != len(ions):
        raise SpecificationError(f"repeated ions in {[ion.label for ion in ions]}")
    return ions


def cited_currents(ions: Sequence[Ion], u: sympy.Expr) -> tuple[Step, ...]:
    """One step per ion: its GHK current in the exprel form, cited from ghk_current."""
    from . import relation

    steps = []
    for ion in ions:
        zi = ion.charge
        current = ion.P * zi * F * (ion.c_in / exprel(-zi * u) - ion.c_out / exprel(zi * u))
        steps.append(
            Step(
                sympy.Eq(ion.I, current),
                f"The GHK current of ${ion.latex}$.",
                Cite(derivation=relation("ghk_current", ion=ion), label="ghk-exprel"),
                f"I-{ion.name}",
            )
        )
    return tuple(steps)


#: The title reports and `derive list` show (registered, so listing derives nothing).
TITLE = "Goldman--Hodgkin--Katz voltage equation"


@register("ghk_voltage", title=TITLE)
def ghk_voltage(ions: tuple[Ion, ...] = MONOVALENT) -> Derivation:
    """Derive the GHK voltage equation for monovalent ``ions`` (default K⁺, Na⁺, Cl⁻)."""
    ions = check_monovalent(ions)
    from . import relation

    u = F * V / (R * T)
    A, B = weighted_sums(ions)
    first, others = ions[0], ions[1:]
    single = R * T / (first.charge * F) * sympy.log(first.c_out / first.c_in)
    names = ", ".join(f"$\\mathrm{{{ion.name}}}^{{{ion.superscript}}}$" for ion in ions)
    steps = (
        *cited_currents(ions, u),
        Step(
            sympy.Eq(sum(ion.I for ion in ions), 0),
            "At the resting potential no net current flows: the ions' currents cancel.",
            Premise("condition"),
            "zero-current",
        ),
        Step(sympy.Eq(A_ghk, A), "Collect the terms that carry charge outward…", Premise("definition"), "A-def"),
        Step(sympy.Eq(B_ghk, B), "…and those that carry it inward.", Premise("definition"), "B-def"),
        Step(
            sympy.Eq(F / exprel(u) * (A_ghk * sympy.exp(u) - B_ghk), 0),
            "Insert the currents. Since $\\operatorname{exprel}(-x) = "
            "e^{-x} \\operatorname{exprel}(x)$, each has the factor "
            "$F/\\operatorname{exprel}(FV/RT)$; an anion's concentrations trade "
            "places because its charge is negative.",
            Substitute(into="zero-current", using=(*(f"I-{ion.name}" for ion in ions), "A-def", "B-def")),
            "factored",
        ),
        Step(
            sympy.Eq(A_ghk * sympy.exp(u), B_ghk),
            "The factor is positive for every $V$ (including $V = 0$), so it can be divided out.",
            Divide(source="factored", factor=F / exprel(u)),
            "balance",
        ),
        Step(
            sympy.Eq(V, R * T / F * sympy.log(B_ghk / A_ghk)),
            "Solve for the potential.",
            SolveFor(source="balance", unknown=V, via=sympy.exp(u)),
            "solved",
        ),
        Step(
            sympy.Eq(V, R * T / F * sympy.log(B / A)),
            "The Goldman--Hodgkin--Katz voltage equation: each ion weighs in with its "
            "permeability; anions enter with inside and outside swapped.",
            Substitute(into="solved", using=("A-def", "B-def")),
            "ghk-voltage",
        ),
    )
    if others:
        silent = tuple(ion.P for ion in others)
        at = sympy.Subs(V, silent, (0,) * len(silent))
        steps += (
            Step(
                sympy.Eq(at, single),
                f"Only ${first.latex}$ permeant: the other permeabilities vanish.",
                Evaluate(source="ghk-voltage", variable=silent, value=(0,) * len(silent)),
                "single-ion",
            ),
            Step(
                sympy.Eq(first.E, single),
                f"The Nernst potential of ${first.latex}$.",
                Cite(derivation=relation("nernst", ion=first)),
                "nernst",
            ),
            Step(
                sympy.Eq(at, first.E),
                "With one permeant ion the GHK voltage is that ion's Nernst potential.",
                Substitute(into="single-ion", using=("nernst",)),
                "single-nernst",
            ),
        )
    return Derivation(
        name="ghk_voltage",
        title=TITLE,
        summary=(
            f"The resting potential of a membrane permeable to {names}: the potential at which "
            "their GHK currents add up to zero."
        ),
        assumptions=(
            "Each ion's current obeys the GHK current equation (independent electrodiffusion "
            "through a constant field).",
            "Steady state with no net current: pumps and other currents are ignored (or electroneutral).",
            "All permeant ions are monovalent, and at least one is permeant, so $A$ and $B$ are positive.",
            "The same partition coefficient $\\beta$ at both faces, no potential jump at the surfaces "
            "(no surface charge), and activities equal to concentrations.",
        ),
        conventions=("$V = \\psi_{\\mathrm{i}} - \\psi_{\\mathrm{o}}$; currents outward positive.",),
        steps=steps,
        results=(("single-nernst",) if others else ()) + ("ghk-voltage",),
        references=("goldman1943", "hodgkin1949"),
    )
