"""Ussing flux ratio: the two unidirectional fluxes of the GHK flux, and their ratio."""

from __future__ import annotations

import sympy

from ..derivation import Cite, Derivation, Evaluate, Premise, Step, Substitute
from ..ions import GENERIC, Ion
from ..symbols import F, J_efflux, J_influx, R, T, V, flux_ratio
from . import register


TITLE = "Ussing flux ratio"


@register("ussing_flux_ratio", title=TITLE)
def ussing_flux_ratio(ion: Ion = GENERIC) -> Derivation:
    """Derive the ratio of the unidirectional influx and efflux of ``ion`` (Ussing 1949)."""
    from . import relation  # the cached, already verified derivations cited below

    ghk = relation("ghk_current", ion=ion)
    nernst = relation("nernst", ion=ion)
    z, ci, co, P, J, E = ion.z, ion.c_in, ion.c_out, ion.P, ion.J, ion.E
    u_ = z * F * V / (R * T)
    steps = (
        Step(
            ghk.step("flux-P").equation,
            "The GHK flux of the ion, outward positive.",
            Cite(derivation=ghk, label="flux-P"),
            "flux",
        ),
        Step(
            sympy.Eq(J_efflux, P * u_ * ci / (1 - sympy.exp(-u_))),
            "Independence: an ion's chance of crossing does not depend on the ions on the far side. "
            "The unidirectional efflux (what a tracer added inside measures) is then the flux into a bath "
            "free of the ion, $c_{\\mathrm{o}} = 0$.",
            Evaluate(source="flux", variable=co, value=0),
            "efflux",
        ),
        Step(
            sympy.Eq(J, J_efflux - J_influx),
            "The net flux is the efflux less the influx.",
            Premise("model"),
            "split",
        ),
        Step(
            sympy.Eq(J_influx, P * u_ * co * sympy.exp(-u_) / (1 - sympy.exp(-u_))),
            "So the influx is the rest of the GHK flux: proportional to $c_{\\mathrm{o}}$ alone.",
            Substitute(into="split", using=("flux", "efflux")),
            "influx",
        ),
        Step(
            sympy.Eq(flux_ratio, J_influx / J_efflux),
            "The flux ratio, which tracer experiments measure.",
            Premise("definition"),
            "ratio-def",
        ),
        Step(
            sympy.Eq(flux_ratio, co / ci * sympy.exp(-u_)),
            "The Ussing flux ratio: the permeability and the constant field cancel, so it holds for "
            "any passive, independent movement, not only for the GHK model.",
            Substitute(into="ratio-def", using=("influx", "efflux")),
            "ussing",
        ),
        Step(
            nernst.result.equation,
            "The Nernst potential of the ion.",
            Cite(derivation=nernst),
            "nernst",
        ),
        Step(
            sympy.Eq(flux_ratio, sympy.exp(z * F * (E - V) / (R * T))),
            "Written with the driving force: the ratio is set by how far $V$ lies from $E$; a measured "
            "ratio that departs from it reveals active transport, exchange diffusion or single-file "
            "coupling.",
            Substitute(into="ussing", using=("nernst",)),
            "driving-force",
        ),
        Step(
            sympy.Eq(sympy.Subs(flux_ratio, V, E), 1),
            "At the Nernst potential influx and efflux balance.",
            Evaluate(source="driving-force", variable=V, value=E),
            "equilibrium",
        ),
    )
    return Derivation(
        name="ussing_flux_ratio",
        title=TITLE,
        summary=(
            "The ratio of the one-way fluxes of an ion, in and out, that tracers measure: for passive, "
            "independent movement it depends only on the concentrations and the membrane potential."
        ),
        assumptions=(
            "Independence: each ion crosses without interacting with others of its kind (no single-file "
            "pores, no carriers, no exchange diffusion).",
            "Passive movement: no pump or cotransporter moves the ion.",
            "Ideal dilute solutions: activities equal concentrations.",
            "The GHK flux is used to split the net flux; the ratio itself needs only independence.",
        ),
        conventions=(
            "$V = \\psi_{\\mathrm{i}} - \\psi_{\\mathrm{o}}$; both unidirectional fluxes are positive.",
        ),
        steps=steps,
        results=("ussing", "driving-force"),
        references=("ussing1949",),
    )
