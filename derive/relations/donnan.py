"""Donnan equilibrium: a compartment with impermeant fixed charge against a bath of a 1:1 salt.

Both permeant ions are at equilibrium (equal electrochemical potentials on both sides), and
both compartments are electroneutral. The membrane potential follows as the one positive root
of a quadratic in e^{FV/RT}, V = (RT/F) arsinh(ρ/2c), and the inside concentrations as
√(c² + ρ²/4) ∓ ρ/2.
"""

from __future__ import annotations

import sympy

from ..derivation import ApplyToBoth, Derivation, Premise, Rearrange, SolveFor, Step, Substitute
from ..errors import SpecificationError
from ..ions import CHLORIDE, GENERIC, POTASSIUM, Ion
from ..symbols import F, R, T, V, psi_in, psi_out, rho
from ..terms import electrochemical_potential
from . import register


def _boltzmann(sign: int):
    """x -> e^{sign F x/RT}: one-to-one, so taking it of both sides loses nothing."""

    def boltzmann(x: sympy.Expr) -> sympy.Expr:
        return sympy.exp(sign * F * x / (R * T))

    return boltzmann


TITLE = "Donnan equilibrium"


@register("donnan", title=TITLE)
def donnan(cation: Ion = POTASSIUM, anion: Ion = CHLORIDE) -> Derivation:
    """Derive the Donnan potential and the inside concentrations of a monovalent salt."""
    if cation.charge != 1 or anion.charge != -1:
        raise SpecificationError("donnan: the salt must be 1:1, a cation of charge +1 and an anion of charge -1")
    c = GENERIC.c_out
    u_ = F * V / (R * T)
    half = rho / 2
    root = sympy.sqrt(c**2 + half**2)
    mu = {(ion.name, side): electrochemical_potential(ion, side) for ion in (cation, anion) for side in ("in", "out")}
    M, A = cation, anion
    m, a = M.latex, A.latex
    steps = (
        Step(mu[M.name, "in"], f"The electrochemical potential of ${m}$ inside.", Premise("definition"), "mu-M-in"),
        Step(mu[M.name, "out"], "And outside.", Premise("definition"), "mu-M-out"),
        Step(mu[A.name, "in"], f"The same for ${a}$ inside.", Premise("definition"), "mu-A-in"),
        Step(mu[A.name, "out"], "And outside.", Premise("definition"), "mu-A-out"),
        Step(
            sympy.Eq(V, psi_in - psi_out),
            "The membrane potential, inside relative to outside.",
            Premise("definition"),
            "V-def",
        ),
        Step(
            sympy.Eq(mu[M.name, "in"].lhs, mu[M.name, "out"].lhs),
            f"Both ions cross the membrane and are at equilibrium: ${m}$ has the same electrochemical "
            "potential on both sides.",
            Premise("condition"),
            "eq-M",
        ),
        Step(
            sympy.Eq(mu[A.name, "in"].lhs, mu[A.name, "out"].lhs),
            f"So has ${a}$.",
            Premise("condition"),
            "eq-A",
        ),
        Step(
            sympy.Eq(V, R * T / F * sympy.log(M.c_out / M.c_in)),
            f"The standard potentials cancel: $V$ is the Nernst potential of ${m}$.",
            Substitute(into="eq-M", using=("mu-M-in", "mu-M-out", "V-def")),
            "nernst-M",
        ),
        Step(
            sympy.Eq(V, -R * T / F * sympy.log(A.c_out / A.c_in)),
            f"It is also the Nernst potential of ${a}$: at a Donnan equilibrium the two coincide.",
            Substitute(into="eq-A", using=("mu-A-in", "mu-A-out", "V-def")),
            "nernst-A",
        ),
        Step(
            sympy.Eq(M.c_in, M.c_out * sympy.exp(-u_)),
            f"Each ion is distributed by the Boltzmann factor of its charge: ${m}$.",
            ApplyToBoth(source="nernst-M", function=_boltzmann(-1)),
            "boltzmann-M",
        ),
        Step(
            sympy.Eq(A.c_in, A.c_out * sympy.exp(u_)),
            f"Likewise ${a}$, with the opposite sign.",
            ApplyToBoth(source="nernst-A", function=_boltzmann(1)),
            "boltzmann-A",
        ),
        Step(
            sympy.Eq(M.c_out, c),
            "The bath is a solution of the salt at concentration $c_{\\mathrm{o}}$; electroneutral, "
            "it holds as many cations as anions.",
            Premise("model"),
            "bath-M",
        ),
        Step(sympy.Eq(A.c_out, c), "The same for the anion.", Premise("model"), "bath-A"),
        Step(
            sympy.Eq(M.c_in, c * sympy.exp(-u_)),
            "The cation inside, in terms of the membrane potential.",
            Substitute(into="boltzmann-M", using=("bath-M",)),
            "M-in",
        ),
        Step(
            sympy.Eq(A.c_in, c * sympy.exp(u_)),
            "The anion inside.",
            Substitute(into="boltzmann-A", using=("bath-A",)),
            "A-in",
        ),
        Step(
            sympy.Eq(M.c_in - A.c_in + rho, 0),
            "The inside is electroneutral too: the mobile ions' charge balances the fixed charge "
            "$\\rho$ (in moles of elementary charges per volume; negative for the proteins of the cytoplasm).",
            Premise("condition"),
            "neutral",
        ),
        Step(
            sympy.Eq(c * sympy.exp(-u_) - c * sympy.exp(u_) + rho, 0),
            "Insert the equilibrium concentrations: one equation for $V$.",
            Substitute(into="neutral", using=("M-in", "A-in")),
            "balance",
        ),
        Step(
            sympy.Eq(V, R * T / F * sympy.log((half + root) / c)),
            "Multiplied by $e^{FV/RT}$ it is a quadratic in $e^{FV/RT}$ whose end coefficients, "
            "$-c_{\\mathrm{o}}$ and $c_{\\mathrm{o}}$, have opposite signs: exactly one root is positive.",
            SolveFor(source="balance", unknown=V, via=sympy.exp(u_)),
            "root",
        ),
        Step(
            sympy.Eq(V, R * T / F * sympy.asinh(rho / (2 * c))),
            "The same as an inverse hyperbolic sine, since $\\operatorname{arsinh} y = \\ln(y + \\sqrt{y^{2} + 1})$: "
            "the Donnan potential has the sign of the fixed charge, and vanishes without it.",
            Rearrange(source="root"),
            "donnan",
        ),
        Step(
            sympy.Eq(M.c_in, root - half),
            "The cation inside: $e^{-FV/RT} = \\sqrt{1 + (\\rho/2c_{\\mathrm{o}})^{2}} - \\rho/2c_{\\mathrm{o}}$. "
            "Fixed negative charge ($\\rho < 0$) accumulates cations.",
            Substitute(into="M-in", using=("donnan",)),
            "cation",
        ),
        Step(
            sympy.Eq(A.c_in, root + half),
            "It excludes anions; their product stays $c_{\\mathrm{o}}^{2}$, as in the bath (the Donnan rule).",
            Substitute(into="A-in", using=("donnan",)),
            "anion",
        ),
    )
    return Derivation(
        name="donnan",
        title=TITLE,
        summary=(
            "The potential and ion distribution across a membrane that holds back charged "
            "macromolecules while letting a salt through: both salt ions at equilibrium, both sides electroneutral."
        ),
        assumptions=(
            f"The membrane is permeable to ${m}$ and ${a}$ (both at equilibrium) and impermeable to the fixed charge.",
            "Both compartments are electroneutral; the bath is large, so its concentration stays $c_{\\mathrm{o}}$.",
            "Ideal dilute solutions: activities equal concentrations; no osmotic volume change is considered.",
            "No pumps: a living cell is not at Donnan equilibrium, its pumps keep it away from it.",
        ),
        conventions=(
            "$V = \\psi_{\\mathrm{i}} - \\psi_{\\mathrm{o}}$; $\\rho$ is a signed charge concentration, mol/m$^{3}$ of "
            "elementary charges.",
        ),
        steps=steps,
        results=("cation", "anion", "donnan"),
        references=("donnan1911",),
    )
