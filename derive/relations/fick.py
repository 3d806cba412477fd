"""Fick's first law: the flux of a solute is proportional to its concentration gradient.

Derived from the electrochemical potential: the flux follows the gradient of μ̃ with
mobility D/RT; with no electric field only the chemical term RT ln c varies, and
d(RT ln c)/dx = (RT/c) dc/dx gives J = −D dc/dx.
"""

from __future__ import annotations

import sympy

from ..derivation import Derivation, Premise, Step, Substitute
from ..ions import GENERIC, Ion
from ..symbols import D, c_m, dc_dx, psi_m, x
from . import register
from .electrodiffusion import nernst_planck_steps


#: The title reports and `derive list` show (registered, so listing derives nothing).
TITLE = "Fick's first law of diffusion"


@register("fick", title=TITLE)
def fick(ion: Ion = GENERIC) -> Derivation:
    """Derive Fick's first law for ``ion`` (or any solute) where there is no electric field."""
    c, psi = c_m(x), psi_m(x)
    J = ion.J
    gradient = sympy.Derivative(c, x)
    steps = (
        *nernst_planck_steps(ion, "at position $x$", "$J > 0$ points towards larger $x$"),
        Step(
            sympy.Eq(sympy.Derivative(psi, x), 0),
            "No electric field: the potential is uniform. (For an uncharged solute, $z = 0$, the drift "
            "term vanishes anyway.)",
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
        title=TITLE,
        summary=(
            "The flux of a solute is proportional to the steepness of its concentration "
            "gradient and runs down it: the chemical half of the forces on an ion."
        ),
        assumptions=(
            "No electric field acts on the solute: the potential is uniform (or the solute is uncharged).",
            "Ideal dilute solution: the activity equals the concentration.",
            "The diffusion coefficient $D$ does not depend on position or concentration.",
        ),
        conventions=("Flux is positive in the direction of increasing $x$.",),
        steps=steps,
        references=("fick1855",),
    )
