"""GHK zero-current potential of any ion set, stated as a condition and found numerically.

With monovalent and divalent ions the zero-current condition is solved in closed form
(:mod:`.ghk_voltage`, :mod:`.ghk_voltage_calcium`). With an ion of charge ±3 or more,
clearing the denominators 1 − e^{−zFV/RT} turns it into a polynomial equation in
e^{FV/RT} of degree three or more: derive writes no closed form for it (from degree five
none exists in radicals in general, and Cardano's and Ferrari's formulas lose accuracy to
cancellation). This derivation states the condition as the sum of the ions' verified GHK
currents and the bracket its root lies in; the numeric function (a
:class:`~derive.catalogue.RootFunction`) bisects that sum to adjacent floats.

Registered unlisted: a user's model reaches it through ``ghk_voltage`` (see
:func:`derive.model.model_project`); it is not a section of the built-in catalogue.
"""

from __future__ import annotations

from collections.abc import Sequence

import sympy

from ..derivation import Cite, Derivation, Evaluate, Premise, Step, Substitute
from ..errors import SpecificationError
from ..ions import Ion
from ..symbols import F, R, T, V
from . import register
from .ghk_voltage import cited_currents

#: The title reports and `derive list` show (registered, so listing derives nothing).
TITLE = "GHK zero-current potential, found numerically"

#: The default ion set: K⁺, Cl⁻ and the trivalent La³⁺.
LANTHANUM = Ion("La", 3)


def _checked(ions: Sequence[Ion]) -> tuple[Ion, ...]:
    ions = tuple(ions)
    if not ions:
        raise SpecificationError("the zero-current potential needs at least one permeant ion")
    if any(ion.is_generic for ion in ions):
        raise SpecificationError("the zero-current potential needs ions of known charge, not the generic ion")
    if len({ion.name for ion in ions}) != len(ions):
        raise SpecificationError(f"repeated ions in {[ion.label for ion in ions]}")
    return ions


def _default_ions() -> tuple[Ion, ...]:
    from ..ions import CHLORIDE, POTASSIUM

    return (POTASSIUM, CHLORIDE, LANTHANUM)


@register("ghk_zero_current", title=TITLE, listed=False)
def ghk_zero_current(ions: tuple[Ion, ...] = _default_ions()) -> Derivation:  # noqa: B008 - an immutable tuple
    """Derive the zero-current condition of ``ions`` (any nonzero charges) and the bracket of its root."""
    ions = _checked(ions)
    from . import relation

    u = F * V / (R * T)
    largest = max(abs(ion.charge) for ion in ions)
    names = ", ".join(f"${ion.latex}$" for ion in ions)
    currents = cited_currents(ions, u)
    steps = [
        *currents,
        Step(
            sympy.Eq(sum(ion.I for ion in ions), 0),
            "At the zero-current (resting) potential the ions' currents cancel.",
            Premise("condition"),
            "zero-current",
        ),
        Step(
            sympy.Eq(sum((s.equation.rhs for s in currents), sympy.Integer(0)), 0),
            "Insert the currents. This sum, evaluated in the accurate form of each current, is "
            "what the numeric function bisects: derive does not solve it in closed form for this "
            "ion set"
            + (
                f", because with charge {largest} clearing the denominators leaves a polynomial "
                f"equation in $e^{{FV/RT}}$ of degree {largest} or more."
                if largest >= 3
                else "."
            ),
            Substitute(into="zero-current", using=tuple(f"I-{ion.name}" for ion in ions)),
            "zero-current-sum",
        ),
    ]
    for ion in ions:
        nernst = R * T / (ion.charge * F) * sympy.log(ion.c_out / ion.c_in)
        steps.append(
            Step(
                sympy.Eq(ion.E, nernst),
                f"The Nernst potential of ${ion.latex}$…",
                Cite(derivation=relation("nernst", ion=ion), label="nernst"),
                f"E-{ion.name}",
            )
        )
        steps.append(
            Step(
                sympy.Eq(sympy.Subs(ion.I, V, nernst), 0),
                "…where its current vanishes; below it the current is inward (negative), above it outward.",
                Evaluate(source=f"I-{ion.name}", variable=V, value=nernst),
                f"I-{ion.name}-at-E",
            )
        )
    return Derivation(
        name="ghk_zero_current",
        title=TITLE,
        summary=(
            f"The resting potential when the permeant ions are {names}: the potential at which their GHK "
            "currents add up to zero. derive writes no closed form for this ion set: the numeric "
            "function finds the root of the summed currents by bisection, to adjacent "
            "floating-point numbers."
        ),
        assumptions=(
            "Each ion's current obeys the GHK current equation (independent electrodiffusion "
            "through a constant field).",
            "No net current flows.",
            "Every concentration is positive and at least one permeability is, so each Nernst "
            "potential is finite.",
            "Each GHK current increases strictly with $V$ (or is zero when its permeability is), "
            "so their sum has exactly one root, which lies between the smallest and the largest "
            "of the ions' Nernst potentials: at the smallest every current is inward or zero, at the "
            "largest every one is outward or zero.",
        ),
        conventions=("$V = \\psi_{\\mathrm{i}} - \\psi_{\\mathrm{o}}$; currents outward positive.",),
        steps=tuple(steps),
        results=("zero-current-sum",),
        references=("goldman1943", "hodgkin1949"),
    )
