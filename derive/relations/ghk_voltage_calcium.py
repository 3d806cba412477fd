"""GHK zero-current potential with divalent ions: a quadratic in exp(FV/RT).

With monovalent ions and any number of divalent cations and anions, the zero-current
condition multiplied by (e^{2u} - 1)/(F u) is a quadratic in w = e^{u}, u = FV/RT, whose
first and last coefficients have opposite signs: one positive root, in closed form.
"""

from __future__ import annotations

import sympy

from ..derivation import Cite, Derivation, Divide, Evaluate, Premise, Rearrange, SolveFor, Step, Substitute
from ..errors import SpecificationError
from ..functions import exprel
from ..ions import CALCIUM, Ion
from ..symbols import A_ghk, B_ghk, F, R, T, V, a_ghk, c_ghk
from . import register
from .ghk_voltage import MONOVALENT, check_monovalent, cited_currents, weighted_sums


#: The title reports and `derive list` show (registered, so listing derives nothing).
TITLE = "GHK zero-current potential with divalent ions"


def _divalent(divalent: tuple[Ion, ...], ions: tuple[Ion, ...]) -> tuple[Ion, ...]:
    if not divalent:
        raise SpecificationError("give at least one divalent ion (else use the GHK voltage equation)")
    bad = [ion.label for ion in divalent if ion.charge not in (2, -2)]
    if bad:
        raise SpecificationError(f"the divalent ions must have charge +2 or -2; not {bad}")
    names = [ion.name for ion in (*ions, *divalent)]
    if len(set(names)) != len(names):
        raise SpecificationError(f"repeated ions in {names}")
    return divalent


@register("ghk_voltage_calcium", title=TITLE)
def ghk_voltage_calcium(ions: tuple[Ion, ...] = MONOVALENT, divalent: tuple[Ion, ...] = (CALCIUM,)) -> Derivation:
    """Derive the zero-current potential of monovalent ``ions`` plus the divalent ions
    ``divalent`` (cations and anions; default Ca²⁺ alone)."""
    ions = check_monovalent(ions)
    divalents = _divalent(divalent, ions)
    from . import relation

    Ca = divalents[0]
    u = F * V / (R * T)
    w = sympy.exp(u)
    A_sum, B_sum = weighted_sums(ions)
    # Divalent cations carry charge outward with their inside concentration; anions trade places.
    inner = sum(ion.P * (ion.c_in if ion.charge > 0 else ion.c_out) for ion in divalents)
    outer = sum(ion.P * (ion.c_out if ion.charge > 0 else ion.c_in) for ion in divalents)
    a = A_ghk + 4 * inner
    c = B_ghk + 4 * outer
    b = A_ghk - B_ghk
    root = (B_ghk - A_ghk + sympy.sqrt(b**2 + 4 * a_ghk * c_ghk)) / (2 * a_ghk)
    everything = (*ions, *divalents)
    silent = tuple(ion.P for ion in (*ions, *divalents[1:]))
    loud = tuple(ion.P for ion in divalents)
    several = len(divalents) > 1 or Ca.charge < 0
    which = ", ".join(f"${ion.latex}$" for ion in divalents)
    steps = (
        *cited_currents(everything, u),
        Step(
            sympy.Eq(sum(ion.I for ion in everything), 0),
            "At the zero-current potential the currents cancel.",
            Premise("condition"),
            "zero-current",
        ),
        Step(
            sympy.Eq(A_ghk, A_sum),
            "Collect the monovalent ions that carry charge outward…",
            Premise("definition"),
            "A-def",
        ),
        Step(sympy.Eq(B_ghk, B_sum), "…and inward.", Premise("definition"), "B-def"),
        Step(
            sympy.Eq(
                F / exprel(u) * (A_ghk * w - B_ghk + 4 * (inner * w**2 - outer) / (1 + w)),
                0,
            ),
            "Insert the currents and collect as for monovalent ions, with $u = FV/RT$; the divalent "
            "current has the extra factor $2/(1 + e^{u})$, because $\\operatorname{exprel}(2u) = "
            "\\operatorname{exprel}(u)\\,(1 + e^{u})/2$"
            + ("; a divalent anion's concentrations trade places." if several else "."),
            Substitute(into="zero-current", using=(*(f"I-{ion.name}" for ion in everything), "A-def", "B-def")),
            "factored",
        ),
        Step(
            sympy.Eq((A_ghk + 4 * inner) * w**2 + (A_ghk - B_ghk) * w, B_ghk + 4 * outer),
            "Divide by the positive factor: a quadratic in $e^{FV/RT}$ whose first and last "
            "coefficients have opposite signs, so it has exactly one positive root.",
            Divide(source="factored", factor=F / (exprel(u) * (1 + w))),
            "quadratic",
        ),
        Step(sympy.Eq(a_ghk, a), "Name the leading coefficient…", Premise("definition"), "a-def"),
        Step(sympy.Eq(c_ghk, c), "…and the constant term.", Premise("definition"), "c-def"),
        Step(
            sympy.Eq(a_ghk * w**2 + (A_ghk - B_ghk) * w, c_ghk),
            "The quadratic $A' w^{2} + (A - B) w - B' = 0$ in $w = e^{FV/RT}$.",
            Substitute(into="quadratic", using=("a-def", "c-def")),
            "abc",
        ),
        Step(
            sympy.Eq(V, R * T / F * sympy.log(root)),
            "Take the positive root (Lewis 1979): $e^{FV/RT}$ cannot be negative.",
            SolveFor(source="abc", unknown=V, via=w),
            "root",
        ),
        Step(
            sympy.Eq(
                V,
                R
                * T
                / F
                * (sympy.log(c_ghk / a_ghk) / 2 - sympy.asinh((A_ghk - B_ghk) / (2 * sympy.sqrt(a_ghk * c_ghk)))),
            ),
            "The same root written with $\\operatorname{arsinh}$, which has no cancellation "
            "between $B - A$ and the square root: the form evaluated numerically.",
            Rearrange(source="root"),
            "ghk-voltage-calcium",
        ),
        Step(
            sympy.Eq(
                sympy.Subs(V, Ca.P, 0) if not several else sympy.Subs(V, loud, (0,) * len(loud)),
                R * T / F * sympy.log(B_ghk / A_ghk),
            ),
            "Without divalent permeability the monovalent GHK voltage equation returns."
            if several
            else "Without calcium permeability the monovalent GHK voltage equation returns.",
            Evaluate(
                source="root",
                variable=Ca.P if not several else loud,
                value=0 if not several else (0,) * len(loud),
                using=("a-def", "c-def"),
            ),
            "no-calcium",
        ),
        Step(
            sympy.Eq(
                sympy.Subs(V, silent, (0,) * len(silent)), R * T / (Ca.charge * F) * sympy.log(Ca.c_out / Ca.c_in)
            ),
            f"With ${Ca.latex}$ the only permeant ion…",
            Evaluate(
                source="root", variable=silent, value=(0,) * len(silent), using=("a-def", "c-def", "A-def", "B-def")
            ),
            "calcium-only",
        ),
        Step(
            sympy.Eq(Ca.E, R * T / (Ca.charge * F) * sympy.log(Ca.c_out / Ca.c_in)),
            f"…and the Nernst potential of ${Ca.latex}$…",
            Cite(derivation=relation("nernst", ion=Ca)),
            "nernst",
        ),
        Step(
            sympy.Eq(sympy.Subs(V, silent, (0,) * len(silent)), Ca.E),
            "…coincide.",
            Substitute(into="calcium-only", using=("nernst",)),
            "calcium-nernst",
        ),
    )
    return Derivation(
        name="ghk_voltage_calcium",
        title=TITLE,
        summary=(
            f"The resting potential when the divalent ions {which} are permeant besides monovalent ions: "
            "their currents have a different voltage dependence, and the zero-current condition becomes "
            "a quadratic equation."
            if several
            else "The resting potential when a divalent cation such as Ca$^{2+}$ is permeant besides "
            "monovalent ions: its current has a different voltage dependence, and the "
            "zero-current condition becomes a quadratic equation."
        ),
        assumptions=(
            "Each ion's current obeys the GHK current equation (independent electrodiffusion "
            "through a constant field).",
            "No net current flows.",
            "At least one ion is permeant, so the coefficients $A'$ and $B'$ are positive.",
            "The same partition coefficient $\\beta$ at both faces, no potential jump at the surfaces "
            "(no surface charge), and activities equal to concentrations.",
        ),
        conventions=("$V = \\psi_{\\mathrm{i}} - \\psi_{\\mathrm{o}}$; currents outward positive.",),
        steps=steps,
        results=("no-calcium", "calcium-nernst", "root", "ghk-voltage-calcium"),
        references=("lewis1979",),
    )
