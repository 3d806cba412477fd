"""Permeability ratio from a bi-ionic reversal potential: the zero of two GHK currents of equal charge."""

from __future__ import annotations

import sympy

from ..derivation import Cite, Derivation, Divide, Evaluate, Premise, SolveFor, Step, Substitute
from ..functions import exprel
from ..ions import GENERIC
from ..symbols import I_X, I_Y, P_X, P_Y, F, P_ratio, R, T, V, V_rev, X_in, X_out, Y_in, Y_out
from . import register


TITLE = "Permeability ratio from a bi-ionic reversal potential"


@register("biionic_permeability", title=TITLE)
def biionic_permeability() -> Derivation:
    """Derive P_X/P_Y from the reversal potential with X only outside and Y only inside."""
    from . import relation  # the cached, already verified GHK current

    ghk = relation("ghk_current")
    X = GENERIC
    z = X.z
    u_ = z * F * V_rev / (R * T)
    e = sympy.exp(u_)

    def current(P, ci, co):
        return P * z * F * (ci / exprel(-u_) - co / exprel(u_))

    steps = (
        Step(
            ghk.step("ghk-exprel").equation,
            "The GHK current density of an ion of charge $z$.",
            Cite(derivation=ghk, label="ghk-exprel"),
            "ghk",
        ),
        Step(
            sympy.Eq(I_X, current(P_X, X_in, X_out)),
            "The current of the test ion X at the reversal potential $V_{\\mathrm{rev}}$.",
            Evaluate(source="ghk", variable=(X.c_in, X.c_out, X.P, V), value=(X_in, X_out, P_X, V_rev)),
            "I-X",
        ),
        Step(
            sympy.Eq(I_Y, current(P_Y, Y_in, Y_out)),
            "The same for the reference ion Y, of the same charge $z$.",
            Evaluate(source="ghk", variable=(X.c_in, X.c_out, X.P, V), value=(Y_in, Y_out, P_Y, V_rev)),
            "I-Y",
        ),
        Step(
            sympy.Eq(I_X + I_Y, 0),
            "At the reversal potential no net current flows.",
            Premise("condition"),
            "zero-current",
        ),
        Step(
            sympy.Eq(current(P_X, X_in, X_out) + current(P_Y, Y_in, Y_out), 0),
            "Insert the currents.",
            Substitute(into="zero-current", using=("I-X", "I-Y")),
            "sum",
        ),
        Step(
            sympy.Eq(P_X * (X_in * e - X_out) + P_Y * (Y_in * e - Y_out), 0),
            "Divide by $zF/\\operatorname{exprel}(zFV_{\\mathrm{rev}}/RT)$, which is never zero, using "
            "$\\operatorname{exprel}(-x) = e^{-x} \\operatorname{exprel}(x)$.",
            Divide(source="sum", factor=z * F / exprel(u_)),
            "general",
        ),
        Step(
            sympy.Eq(P_ratio, P_X / P_Y),
            "The permeability ratio; Y is permeant, so $P_{\\mathrm{Y}} > 0$.",
            Premise("definition"),
            "ratio-def",
        ),
        Step(
            sympy.Eq(P_ratio * (X_in * e - X_out) + Y_in * e - Y_out, 0),
            "Divide by $P_{\\mathrm{Y}}$: the general condition, with X and Y on both sides. It fixes "
            "the ratio wherever X is not itself at equilibrium.",
            Divide(source="general", factor=P_Y, using=("ratio-def",)),
            "general-ratio",
        ),
        Step(sympy.Eq(X_in, 0), "Bi-ionic conditions: X only outside.", Premise("condition"), "X-in"),
        Step(sympy.Eq(Y_out, 0), "Y only inside.", Premise("condition"), "Y-out"),
        Step(
            sympy.Eq(P_ratio * X_out, Y_in * e),
            "Only two terms remain.",
            Substitute(into="general-ratio", using=("X-in", "Y-out")),
            "biionic-sum",
        ),
        Step(
            sympy.Eq(P_ratio, Y_in / X_out * sympy.exp(z * F * V_rev / (R * T))),
            "The permeability ratio from the measured reversal potential; with equal concentrations "
            "$[\\mathrm{X}]_{\\mathrm{o}} = [\\mathrm{Y}]_{\\mathrm{i}}$ it is $e^{zFV_{\\mathrm{rev}}/RT}$.",
            SolveFor(source="biionic-sum", unknown=P_ratio),
            "biionic",
        ),
    )
    return Derivation(
        name="biionic_permeability",
        title=TITLE,
        summary=(
            "How permeability ratios are measured: with one permeant ion on each side of the membrane, "
            "the potential of zero current gives the ratio of their permeabilities through the GHK equation."
        ),
        assumptions=(
            "X and Y carry the same charge $z$ and are the only permeant ions; each obeys the GHK current "
            "equation (independence, constant field, activities equal to concentrations, the same partition "
            "coefficient at both faces, no surface charge).",
            "The reversal potential is measured at zero net current; junction potentials are corrected for.",
        ),
        conventions=(
            "$V_{\\mathrm{rev}} = \\psi_{\\mathrm{i}} - \\psi_{\\mathrm{o}}$ at zero current; X is the test ion "
            "(outside), Y the reference ion (inside).",
        ),
        steps=steps,
        results=("general-ratio", "biionic"),
        references=("goldman1943", "hodgkin1949", "hille2001"),
    )
