"""Fick's first law: the flux of a solute is proportional to its concentration gradient.

Derived from the electrochemical potential: the flux follows the gradient of μ̃ with
mobility D/RT; with no electric field only the chemical term RT ln c varies, and
d(RT ln c)/dx = (RT/c) dc/dx gives J = −D dc/dx.
"""

from __future__ import annotations

import sympy

from ..derivation import Derivation, Premise, Step, Substitute
from ..ions import GENERIC, Ion
from ..symbols import D, F, R, T, c_m, c_std, dc_dx, mu_m, psi_m, x
from . import register


@register("fick")
def fick(ion: Ion = GENERIC) -> Derivation:
    """Derive Fick's first law for ``ion`` (or any solute) where there is no electric field."""
    z = ion.z
    c, psi, mu = c_m(x), psi_m(x), mu_m(x)
    J = ion.J
    gradient = sympy.Derivative(c, x)
    steps = (
        Step(
            sympy.Eq(mu, ion.mu_standard + R * T * sympy.log(c / c_std) + z * F * psi),
            "The electrochemical potential of the ion at position $x$.",
            Premise("definition"),
            "mu",
        ),
        Step(
            sympy.Eq(J, -D * c / (R * T) * sympy.Derivative(mu, x)),
            "Ions drift down the gradient of their electrochemical potential with molar "
            "mobility $D/RT$ (Einstein relation); $J > 0$ points towards larger $x$.",
            Premise("model"),
            "flux",
        ),
        Step(
            sympy.Eq(J, -D * (gradient + z * F / (R * T) * c * sympy.Derivative(psi, x))),
            "Differentiate: a diffusive and an electrical part (the Nernst--Planck equation).",
            Substitute(into="flux", using=("mu",)),
            "nernst-planck",
        ),
        Step(
            sympy.Eq(sympy.Derivative(psi, x), 0),
            "No electric field: the solute is uncharged, or the potential is uniform.",
            Premise("condition"),
            "no-field",
        ),
        Step(
            sympy.Eq(J, -D * gradient),
            "Only the concentration gradient drives the flux.",
            Substitute(into="nernst-planck", using=("no-field",)),
            "fick-derivative",
        ),
        Step(
            sympy.Eq(dc_dx, gradient),
            "Write the gradient as one number, in mol/m$^{4}$.",
            Premise("definition"),
            "gradient",
        ),
        Step(
            sympy.Eq(J, -D * dc_dx),
            "Fick's first law: the flux runs down the gradient, and a steeper gradient "
            "gives a proportionally faster flux.",
            Substitute(into="fick-derivative", using=("gradient",)),
            "fick",
        ),
    )
    return Derivation(
        name="fick",
        title="Fick's first law of diffusion",
        summary=(
            "The flux of a solute is proportional to the steepness of its concentration "
            "gradient and runs down it: the chemical half of the forces on an ion."
        ),
        assumptions=(
            "No electric field acts on the solute (it is uncharged, or the potential is uniform).",
            "Ideal dilute solution: the activity equals the concentration.",
            "The diffusion coefficient $D$ does not depend on position or concentration.",
        ),
        conventions=("Flux is positive in the direction of increasing $x$.",),
        steps=steps,
        references=("fick1855",),
    )
