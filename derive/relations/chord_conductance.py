"""Chord conductance: linear currents I_j = g_j (V − E_j) that sum to zero → V = Σ g_j E_j / Σ g_j.

The linear current law is derived first, for any ion, as the GHK current linearised
about its reversal (Nernst) potential: the slope there is g = dI/dV at V = E. The
resting potential then follows as a weighted average of equilibrium potentials.
"""

from __future__ import annotations

import sympy

from ..derivation import Cite, Derivation, Linearise, Premise, Rearrange, SolveFor, Step, Substitute, TakeLimit
from ..errors import SpecificationError
from ..functions import exprel
from ..ions import CHLORIDE, GENERIC, POTASSIUM, SODIUM, Ion
from ..symbols import SYMBOLS, F, R, T, V, g_total
from . import register

#: What a dominant conductance means physiologically, for the ions where it is well known.
_DOMINANT = {
    "K": ": a resting membrane, mostly permeable to K$^{+}$, sits near $E_{\\mathrm{K}}$",
    "Na": ": at the peak of an action potential the Na$^{+}$ conductance dominates",
}


#: The title reports and `derive list` show (registered, so listing derives nothing).
TITLE = "Weighted-average (chord-conductance) potential"


@register("chord_conductance", title=TITLE)
def chord_conductance(ions: tuple[Ion, ...] = (POTASSIUM, SODIUM, CHLORIDE)) -> Derivation:
    """Derive the resting potential of a membrane whose ions carry linear (chord) currents."""
    if len(ions) < 2 or len({ion.name for ion in ions}) != len(ions) or any(ion.is_generic for ion in ions):
        raise SpecificationError("chord_conductance needs two or more distinct ions of definite charge")
    from . import relation  # the cached, already verified derivations cited below

    ghk = relation("ghk_current")
    nernst = relation("nernst")
    X = GENERIC
    z, ci, co, P = X.z, X.c_in, X.c_out, X.P
    slope = P * z**2 * F**2 / (R * T) * ci * co / (co - ci) * sympy.log(co / ci)

    names = ", ".join(f"${ion.latex}$" for ion in ions)
    linear = tuple(
        Step(
            sympy.Eq(ion.I, ion.g * (V - ion.E)),
            f"The chord conductance of ${ion.latex}$, ${SYMBOLS.spec_of(ion.g).latex} = "
            f"I_{{\\mathrm{{{ion.name}}}}}/(V - E_{{\\mathrm{{{ion.name}}}}})$ at the actual $V$: so defined, "
            "the linear form holds exactly for any current--voltage curve, and the conductance depends "
            "on $V$. Taken as a constant, the slope conductance at $E$, it is only the first-order "
            "approximation above.",
            Premise("definition"),
            f"I-{ion.name}",
        )
        for ion in ions
    )
    total = sum((ion.I for ion in ions), sympy.Integer(0))
    weighted = sum((ion.g * ion.E for ion in ions), sympy.Integer(0))
    conductance = sum((ion.g for ion in ions), sympy.Integer(0))

    steps = (
        Step(
            ghk.step("ghk").equation,
            "The GHK current density of an ion of any charge $z$.",
            Cite(derivation=ghk, label="ghk"),
            "ghk",
        ),
        Step(
            nernst.result.equation,
            "Its reversal potential, the Nernst potential, where the current vanishes.",
            Cite(derivation=nernst),
            "nernst",
        ),
        Step(
            sympy.Eq(X.g, sympy.Subs(sympy.Derivative(X.I, V), V, X.E)),
            "The slope conductance: how steeply the current rises with voltage at the reversal potential.",
            Premise("definition"),
            "slope-def",
        ),
        Step(
            sympy.Eq(X.g, slope),
            "Differentiate the GHK current and set $V = E$, where "
            "$c_{\\mathrm{o}} e^{-zFE/RT} = c_{\\mathrm{i}}$. The slope is positive for either sign of "
            "charge and either direction of the gradient.",
            Substitute(into="slope-def", using=("ghk", "nernst")),
            "slope",
        ),
        Step(
            sympy.Eq(X.g, P * z**2 * F**2 * co / (R * T * exprel(sympy.log(co / ci)))),
            "The same with $\\operatorname{exprel}(x) = (e^{x} - 1)/x$ of $x = \\ln(c_{\\mathrm{o}}/c_{\\mathrm{i}})$: "
            "finite at equal concentrations, and the form evaluated numerically.",
            Rearrange(source="slope"),
            "slope-exprel",
        ),
        Step(
            sympy.Eq(sympy.Limit(X.g, co, ci), P * z**2 * F**2 * ci / (R * T)),
            "With equal concentrations on both sides the GHK current is ohmic, $I = (P z^{2} F^{2} c/RT) V$, "
            "and its slope is that constant conductance.",
            TakeLimit(source="slope", variable=co, point=ci),
            "ohmic",
        ),
        Step(
            sympy.Eq(X.I, X.g * (V - X.E)),
            "Near its reversal potential the GHK current is linear in the driving force "
            "$V - E$, with the slope conductance as coefficient: first-order Taylor expansion "
            "of the GHK current about $V = E$, where it vanishes. Checked against the GHK current itself.",
            Linearise(source="ghk", variable=V, point=X.E, using=("slope", "nernst")),
            "linear",
        ),
        *linear,
        Step(
            sympy.Eq(total, 0),
            f"At rest the membrane carries no net current: the currents of {names} cancel.",
            Premise("condition"),
            "zero-current",
        ),
        Step(
            sympy.Eq(sum((ion.g * (V - ion.E) for ion in ions), sympy.Integer(0)), 0),
            "Insert the linear currents.",
            Substitute(into="zero-current", using=tuple(s.label for s in linear)),
            "sum",
        ),
        Step(
            sympy.Eq(g_total, conductance),
            "The total conductance; at least one ion is permeant, so it is positive.",
            Premise("definition"),
            "total",
        ),
        Step(
            sympy.Eq(g_total * V, weighted),
            "Collect the terms in $V$.",
            Substitute(into="sum", using=("total",)),
            "collect",
        ),
        Step(
            sympy.Eq(V, weighted / g_total),
            "Divide by the total conductance.",
            SolveFor(source="collect", unknown=V),
            "solved",
        ),
        Step(
            sympy.Eq(V, weighted / conductance),
            "The resting potential is the average of the equilibrium potentials, "
            "each weighted by its conductance. The best-conducting ion pulls $V$ closest to its own "
            "equilibrium potential.",
            Substitute(into="solved", using=("total",)),
            "chord",
        ),
        *(
            Step(
                sympy.Eq(sympy.Limit(V, ion.g, sympy.oo), ion.E),
                f"When the conductance to ${ion.latex}$ dominates, $V$ approaches its equilibrium potential"
                + _DOMINANT.get(ion.name, "")
                + ".",
                TakeLimit(source="chord", variable=ion.g, point=sympy.oo),
                f"dominant-{ion.name}",
            )
            for ion in ions
        ),
    )
    return Derivation(
        name="chord_conductance",
        title=TITLE,
        summary=(
            "The resting potential of a membrane permeable to several ions, each carrying a current "
            "proportional to its driving force: a weighted average of the ions' equilibrium potentials."
        ),
        assumptions=(
            "Each ion's current is written as $I_{j} = g_{j}(V - E_{j})$ with its chord conductance $g_{j}$: "
            "exact by definition, and linear with constant $g_{j}$ for ohmic channels. For GHK channels the "
            "chord conductances depend on $V$, and only they, taken at the resting potential, reproduce the "
            "GHK voltage: with constant slope conductances at each $E_{j}$, the squid giant axon at rest "
            "(Hodgkin and Katz's ratios $1 : 0.04 : 0.45$, Hille's concentrations, 20 °C) comes out at "
            "$-66.4$ mV against the GHK voltage's $-62.3$ mV.",
            "The ions cross independently of one another.",
            "Steady state at rest: no net membrane current (no capacitive current, electroneutral pumps "
            "or pump currents neglected).",
        ),
        conventions=(
            "$V = \\psi_{\\mathrm{i}} - \\psi_{\\mathrm{o}}$; outward current is positive.",
            "Conductances per unit membrane area, S/m$^2$; only their ratios enter the result.",
        ),
        steps=steps,
        results=("slope", "ohmic", "linear", "chord"),
        references=("hodgkin1952",),
    )
