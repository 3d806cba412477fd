"""Mullins–Noda: GHK leaks of K⁺ and Na⁺ balanced by a pump moving r Na⁺ out per K⁺ in.

V = (RT/F) ln[(r P_K K_o + P_Na Na_o)/(r P_K K_i + P_Na Na_i)]; with r = 1 it is the GHK
voltage equation without chloride.
"""

from __future__ import annotations

import sympy

from ..derivation import Cite, Derivation, Divide, Evaluate, Premise, SolveFor, Step, Substitute
from ..functions import exprel
from ..ions import POTASSIUM, SODIUM
from ..symbols import F, J_pump, R, S_in, S_out, T, V, r
from . import register


#: The title reports and `derive list` show (registered, so listing derives nothing).
TITLE = "Mullins--Noda pump--leak potential"


@register("mullins_noda", title=TITLE)
def mullins_noda() -> Derivation:
    """Derive the steady-state potential of a cell whose K⁺ and Na⁺ leaks are balanced by a pump."""
    from . import relation  # the cached, already verified GHK currents cited below

    K, Na = POTASSIUM, SODIUM
    ghk_K = relation("ghk_current", ion=K)
    ghk_Na = relation("ghk_current", ion=Na)
    u_ = F * V / (R * T)  # both ions are monovalent
    inner = r * K.P * K.c_in + Na.P * Na.c_in
    outer = r * K.P * K.c_out + Na.P * Na.c_out

    steps = (
        Step(
            ghk_K.step("ghk").equation,
            "The GHK current density of K$^{+}$ ($z = 1$) through its leak channels.",
            Cite(derivation=ghk_K, label="ghk"),
            "ghk-K",
        ),
        Step(
            ghk_Na.step("ghk").equation,
            "The same for Na$^{+}$.",
            Cite(derivation=ghk_Na, label="ghk"),
            "ghk-Na",
        ),
        Step(
            ghk_K.step("current").equation,
            "The K$^{+}$ current is its molar flux times $F$.",
            Cite(derivation=ghk_K, label="current"),
            "current-K",
        ),
        Step(
            ghk_Na.step("current").equation,
            "Likewise for Na$^{+}$.",
            Cite(derivation=ghk_Na, label="current"),
            "current-Na",
        ),
        Step(
            sympy.Eq(K.J, J_pump),
            "Steady state: the K$^{+}$ that leaks out is exactly what the pump carries back in.",
            Premise("condition"),
            "steady-K",
        ),
        Step(
            sympy.Eq(Na.J, -r * J_pump),
            "Steady state: the pump carries $r$ Na$^{+}$ out for each K$^{+}$ it brings in, and as much "
            "Na$^{+}$ leaks back in (an inward, hence negative, leak flux).",
            Premise("condition"),
            "steady-Na",
        ),
        Step(
            sympy.Eq(K.I, F * J_pump),
            "The K$^{+}$ leak current in terms of the pump rate.",
            Substitute(into="current-K", using=("steady-K",)),
            "I-K-pump",
        ),
        Step(
            sympy.Eq(Na.I, -r * F * J_pump),
            "The Na$^{+}$ leak current in terms of the pump rate.",
            Substitute(into="current-Na", using=("steady-Na",)),
            "I-Na-pump",
        ),
        Step(
            sympy.Eq(r * K.I + Na.I, 0),
            "Eliminate the pump rate: the leak currents stand in the ratio of the pump's stoichiometry. "
            "(With the pump's own current $(r - 1) F J_{\\mathrm{pump}}$ the net membrane current is zero.)",
            Substitute(into="I-Na-pump", using=("I-K-pump",)),
            "balance",
        ),
        Step(
            sympy.Eq(inner, sympy.exp(-u_) * outer),
            "Insert the GHK currents. Both carry the factor $F^{2}V/(RT(1 - e^{-FV/RT}))$, which is "
            "$F/\\operatorname{exprel}(-FV/RT)$ and positive at every $V$ (it tends to $F$ at $V = 0$): "
            "divide it out, and collect the inside and the outside concentrations.",
            Divide(source="balance", factor=F / exprel(-u_), using=("ghk-K", "ghk-Na")),
            "factored",
        ),
        Step(
            sympy.Eq(S_in, inner),
            "Name the pump-weighted sum inside; at least one of the two ions is permeant, so it is positive…",
            Premise("definition"),
            "inner-def",
        ),
        Step(sympy.Eq(S_out, outer), "…and the one outside.", Premise("definition"), "outer-def"),
        Step(
            sympy.Eq(S_in, sympy.exp(-u_) * S_out),
            "A linear equation in $e^{-FV/RT}$.",
            Substitute(into="factored", using=("inner-def", "outer-def")),
            "factored-sums",
        ),
        Step(
            sympy.Eq(V, R * T / F * sympy.log(S_out / S_in)),
            "Solve for $V$.",
            SolveFor(source="factored-sums", unknown=V, via=sympy.exp(-u_)),
            "solved",
        ),
        Step(
            sympy.Eq(V, R * T / F * sympy.log(outer / inner)),
            "The Mullins--Noda equation.",
            Substitute(into="solved", using=("inner-def", "outer-def")),
            "mullins-noda",
        ),
        Step(
            sympy.Eq(V, R * T / F * sympy.log((K.P * K.c_out + Na.P * Na.c_out) / (K.P * K.c_in + Na.P * Na.c_in))),
            "For comparison, the GHK voltage equation for K$^{+}$ and Na$^{+}$ alone.",
            Cite(derivation=relation("ghk_voltage", ions=(K, Na))),
            "ghk-voltage",
        ),
        Step(
            sympy.Eq(
                sympy.Subs(V, r, 1),
                R * T / F * sympy.log((K.P * K.c_out + Na.P * Na.c_out) / (K.P * K.c_in + Na.P * Na.c_in)),
            ),
            "An electroneutral pump ($r = 1$) adds no current of its own: $V$ is the GHK voltage equation "
            "with $P_{\\mathrm{Cl}} = 0$, the right side of the cited result. A 3:2 pump ($r = 3/2$) "
            "gives more weight to K$^{+}$, pulling $V$ "
            "towards $E_{\\mathrm{K}}$.",
            Evaluate(source="mullins-noda", variable=r, value=1),
            "r-one",
        ),
    )
    return Derivation(
        name="mullins_noda",
        title=TITLE,
        summary=(
            "The steady-state membrane potential of a cell whose K$^{+}$ and Na$^{+}$ leaks (GHK currents) "
            "are balanced by a pump moving $r$ Na$^{+}$ out for each K$^{+}$ in."
        ),
        assumptions=(
            "K$^{+}$ and Na$^{+}$ leak through the membrane as GHK currents (constant field, independent ions).",
            "The pump moves $r$ Na$^{+}$ out for each K$^{+}$ in, whatever the membrane potential "
            "($r = 3/2$ for the Na$^{+}$/K$^{+}$-ATPase).",
            "Steady state: the concentrations do not change, so each ion's leak balances its pumped flux.",
            "Chloride is distributed passively (at its equilibrium potential, so it carries no net "
            "current) or is impermeant; no other ion carries current.",
        ),
        conventions=(
            "$V = \\psi_{\\mathrm{i}} - \\psi_{\\mathrm{o}}$; fluxes and currents are positive outward.",
            "Only the permeability ratio $P_{\\mathrm{Na}}/P_{\\mathrm{K}}$ enters the result.",
        ),
        steps=steps,
        results=("r-one", "mullins-noda"),
        references=("mullins1963",),
    )
