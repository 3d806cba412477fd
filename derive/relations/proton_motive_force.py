"""Proton-motive force: the proton's electrochemical gradient in volts (Mitchell)."""

from __future__ import annotations

import sympy

from ..derivation import Derivation, Premise, Step, Substitute
from ..ions import HYDROGEN
from ..symbols import F, R, T, c_std, delta_p, delta_pH, delta_psi, dmu_H, pH_in, pH_out, psi_in, psi_out
from ..terms import electrochemical_potential
from . import register


#: The title reports and `derive list` show (registered, so listing derives nothing).
TITLE = "Proton-motive force"


@register("proton_motive_force", title=TITLE)
def proton_motive_force() -> Derivation:
    """Derive the proton-motive force Δp = Δψ − (RT ln 10/F) ΔpH (volts)."""
    H = HYDROGEN
    mu_in = electrochemical_potential(H, "in")
    mu_out = electrochemical_potential(H, "out")
    ln10 = sympy.log(10)
    steps = (
        Step(
            mu_in,
            "The electrochemical potential of protons inside (matrix or cytoplasm).",
            Premise("definition"),
            "mu-in",
        ),
        Step(mu_out, "The same outside.", Premise("definition"), "mu-out"),
        Step(
            sympy.Eq(dmu_H, mu_in.lhs - mu_out.lhs),
            "The free energy change when one mole of protons moves from outside to inside.",
            Premise("definition"),
            "dmu-def",
        ),
        Step(
            sympy.Eq(
                dmu_H,
                R * T * sympy.log(H.c_in / c_std) - R * T * sympy.log(H.c_out / c_std) + F * (psi_in - psi_out),
            ),
            "The standard potentials cancel.",
            Substitute(into="dmu-def", using=("mu-in", "mu-out")),
            "dmu-psi",
        ),
        Step(
            sympy.Eq(pH_in, -sympy.log(H.c_in / c_std) / ln10),
            "The pH is the negative decimal logarithm of the proton concentration in mol/L.",
            Premise("definition"),
            "pH-in",
        ),
        Step(
            sympy.Eq(pH_out, -sympy.log(H.c_out / c_std) / ln10), "The same outside.", Premise("definition"), "pH-out"
        ),
        Step(
            sympy.Eq(dmu_H, -R * T * ln10 * (pH_in - pH_out) + F * (psi_in - psi_out)),
            "Write the concentrations as pH.",
            Substitute(into="dmu-psi", using=("pH-in", "pH-out")),
            "dmu-pH",
        ),
        Step(
            sympy.Eq(delta_psi, psi_in - psi_out),
            "The membrane potential, inside relative to outside.",
            Premise("definition"),
            "delta-psi",
        ),
        Step(
            sympy.Eq(delta_pH, pH_in - pH_out),
            "The pH difference, inside minus outside.",
            Premise("definition"),
            "delta-pH",
        ),
        Step(
            sympy.Eq(dmu_H, F * delta_psi - R * T * ln10 * delta_pH),
            "The proton's electrochemical gradient: an electrical and a chemical (pH) part.",
            Substitute(into="dmu-pH", using=("delta-psi", "delta-pH")),
            "dmu-H",
        ),
        Step(
            sympy.Eq(delta_p, dmu_H / F),
            "Mitchell expressed the gradient per unit charge, in volts: the proton-motive force.",
            Premise("definition"),
            "pmf-def",
        ),
        Step(
            sympy.Eq(delta_p, delta_psi - R * T * ln10 / F * delta_pH),
            "The proton-motive force. It is negative when protons are driven inward, as "
            "across the inner mitochondrial membrane, where their inflow through ATP synthase "
            "makes ATP. Bioenergetics texts often quote its size, about 180--220 mV, as a positive "
            "number (P side relative to N side); here the sign follows inside minus outside.",
            Substitute(into="pmf-def", using=("dmu-H",)),
            "pmf",
        ),
    )
    return Derivation(
        name="proton_motive_force",
        title=TITLE,
        summary=(
            "The electrochemical gradient of protons across an energy-transducing membrane, "
            "expressed in volts: a membrane-potential part and a pH part. Mitchell (1961) proposed "
            "chemiosmotic coupling; the equation for $\\Delta p$ is his of 1966."
        ),
        assumptions=(
            "Ideal dilute solutions: the proton activity is its concentration, and pH is $-\\log_{10}$ of it in mol/L.",
            "The standard chemical potential of H$^{+}$ is the same on both sides.",
        ),
        conventions=(
            "$\\Delta\\psi_{\\mathrm{m}} = \\psi_{\\mathrm{i}} - \\psi_{\\mathrm{o}}$ and "
            "$\\Delta\\mathrm{pH} = \\mathrm{pH}_{\\mathrm{i}} - \\mathrm{pH}_{\\mathrm{o}}$, inside "
            "(matrix, cytoplasm) minus outside.",
            "$\\Delta p$ counts protons moving inward: a negative value drives them in.",
        ),
        steps=steps,
        results=("dmu-H", "pmf"),
        references=("mitchell1961", "mitchell1966"),
    )
