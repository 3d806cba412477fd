"""Goldman–Hodgkin–Katz current: Nernst–Planck flux through a constant field, integrated."""

from __future__ import annotations

import sympy
from sympy.physics import units as u

from ..derivation import (
    ApplyConditions,
    Cite,
    Derivation,
    Evaluate,
    IntegrateODE,
    Premise,
    Rearrange,
    Step,
    Substitute,
    TakeLimit,
)
from ..functions import exprel
from ..ions import GENERIC, Ion
from ..symbols import D, F, L, R, SymbolSpec, T, V, beta, c_m, psi_in, psi_m, x
from . import register
from .electrodiffusion import nernst_planck_steps


#: The title reports and `derive list` show (registered, so listing derives nothing).
TITLE = "Goldman--Hodgkin--Katz current"


@register("ghk_current", title=TITLE)
def ghk_current(ion: Ion = GENERIC) -> Derivation:
    """Derive the GHK current density of ``ion`` (outward positive)."""
    z = ion.z
    c, psi = c_m(x), psi_m(x)
    J, P, I = ion.J, ion.P, ion.I
    ci, co = ion.c_in, ion.c_out
    C1 = sympy.Symbol("C1")
    local = (SymbolSpec("C1", "C_{1}", u.mol / u.m**3, "constant of integration"),)
    u_ = z * F * V / (R * T)  # the reduced potential zFV/RT, dimensionless
    ghk = P * z**2 * F**2 * V / (R * T) * (ci - co * sympy.exp(-u_)) / (1 - sympy.exp(-u_))
    from . import relation  # the cached, already verified Nernst derivation

    nernst_derivation = relation("nernst", ion=ion)

    steps = (
        *nernst_planck_steps(
            ion, "at depth $x$ in the membrane", "$J > 0$ points from inside ($x = 0$) to outside ($x = L$)"
        ),
        Step(
            sympy.Eq(psi, psi_in - V * x / L),
            "Constant field: the potential varies linearly across the membrane, from "
            "$\\psi_{\\mathrm{i}}$ at $x = 0$ to $\\psi_{\\mathrm{o}} = \\psi_{\\mathrm{i}} - V$ at $x = L$.",
            Premise("model"),
            "field",
        ),
        Step(
            sympy.Eq(J, -D * (sympy.Derivative(c, x) - z * F * V / (R * T * L) * c)),
            "Insert the constant field.",
            Substitute(into="nernst-planck", using=("field",)),
            "flux-field",
        ),
        Step(
            sympy.Eq(sympy.Derivative(c, x), z * F * V / (R * T * L) * c - J / D),
            "In steady state $J$ is the same at every depth: a linear first-order ODE for $c(x)$.",
            Rearrange(source="flux-field"),
            "ode",
        ),
        Step(
            sympy.Eq(c, C1 * sympy.exp(z * F * V * x / (R * T * L)) + J * R * T * L / (z * F * V * D)),
            "The general solution, for $V \\neq 0$ (the limit $V \\to 0$ is taken below).",
            IntegrateODE(ode="ode"),
            "profile",
        ),
        Step(
            sympy.Eq(c_m(0), beta * ci),
            "At the inner face the membrane is in partition equilibrium with the cytoplasm.",
            Premise("boundary condition"),
            "bc-in",
        ),
        Step(sympy.Eq(c_m(L), beta * co), "Likewise at the outer face.", Premise("boundary condition"), "bc-out"),
        Step(
            sympy.Eq(J, D * beta / L * u_ * (ci - co * sympy.exp(-u_)) / (1 - sympy.exp(-u_))),
            "Two conditions fix the two unknowns $C_{1}$ and $J$.",
            ApplyConditions(solution="profile", conditions=("bc-in", "bc-out"), unknowns=(C1, J)),
            "flux-result",
        ),
        Step(
            sympy.Eq(P, D * beta / L),
            "The permeability lumps diffusion, partition and thickness.",
            Premise("definition"),
            "permeability",
        ),
        Step(
            sympy.Eq(J, P * u_ * (ci - co * sympy.exp(-u_)) / (1 - sympy.exp(-u_))),
            "Write the flux in terms of the permeability.",
            Substitute(into="flux-result", using=("permeability",)),
            "flux-P",
        ),
        Step(
            sympy.Eq(I, z * F * J),
            "Each mole of ions carries charge $zF$; outward current is positive.",
            Premise("definition"),
            "current",
        ),
        Step(sympy.Eq(I, ghk), "The GHK current equation.", Substitute(into="flux-P", using=("current",)), "ghk"),
        Step(
            sympy.Eq(I, P * z * F * (ci / exprel(-u_) - co / exprel(u_))),
            "The same with $\\operatorname{exprel}(x) = (e^{x} - 1)/x$, "
            "$\\operatorname{exprel}(0) = 1$: this form is finite at $V = 0$, does not "
            "overflow for large $|V|$, and is the one evaluated numerically.",
            Rearrange(source="ghk"),
            "ghk-exprel",
        ),
        Step(
            sympy.Eq(sympy.Limit(I, V, 0), P * z * F * (ci - co)),
            "At zero membrane potential only diffusion drives the ions.",
            TakeLimit(source="ghk", variable=V, point=0),
            "zero-voltage",
        ),
        Step(
            sympy.Eq(ion.E, R * T / (z * F) * sympy.log(co / ci)),
            "The Nernst potential of the ion.",
            Cite(derivation=nernst_derivation),
            "nernst",
        ),
        Step(
            sympy.Eq(sympy.Subs(I, V, ion.E), 0),
            "At the Nernst potential $c_{\\mathrm{o}} e^{-zFE/RT} = c_{\\mathrm{i}}$: no net current flows.",
            Evaluate(source="ghk", variable=V, value=ion.E, using=("nernst",)),
            "reversal",
        ),
    )
    return Derivation(
        name="ghk_current",
        title=TITLE,
        summary=(
            "The current density an ion carries through a membrane of uniform electric field, "
            "from the Nernst--Planck flux integrated across the membrane."
        ),
        assumptions=(
            "Ions cross independently of one another, by electrodiffusion in a homogeneous membrane.",
            "The electric field in the membrane is constant (the potential varies linearly across it).",
            "Steady state: the flux is the same at every depth.",
            "Each face is in partition equilibrium with its bath, with the same partition coefficient "
            "$\\beta$ at both faces.",
            "No potential jump at the surfaces (no surface charge): the constant field spans the whole of $V$.",
            "Ideal dilute solutions: activities equal concentrations.",
        ),
        conventions=(
            "$V = \\psi_{\\mathrm{i}} - \\psi_{\\mathrm{o}}$; $x$ runs from the inner face to the outer face.",
            "Flux and current are positive outward.",
        ),
        steps=steps,
        results=("zero-voltage", "reversal", "ghk-exprel", "ghk"),
        local_symbols=local,
        references=("goldman1943", "hodgkin1949"),
    )
