"""Steps shared by the relations built on electrodiffusion (Fick, GHK current).

Both start from the electrochemical potential of the ion at position x, let the flux
follow its gradient with mobility D/RT, and differentiate to the Nernst–Planck
equation; one function writes those three steps so the two derivations cannot drift.
"""

from __future__ import annotations

import sympy

from ..derivation import Premise, Step, Substitute
from ..ions import Ion
from ..symbols import D, F, R, T, c_m, c_std, mu_m, psi_m, x


def nernst_planck_steps(ion: Ion, where: str, direction: str) -> tuple[Step, Step, Step]:
    """Steps "mu", "flux" and "nernst-planck" for ``ion``.

    ``where`` says where x is ("at depth $x$ in the membrane"); ``direction`` which way
    a positive flux points.
    """
    c, psi, mu = c_m(x), psi_m(x), mu_m(x)
    return (
        Step(
            sympy.Eq(mu, ion.mu_standard + R * T * sympy.log(c / c_std) + ion.z * F * psi),
            f"The electrochemical potential of the ion {where}.",
            Premise("definition"),
            "mu",
        ),
        Step(
            sympy.Eq(ion.J, -D * c / (R * T) * sympy.Derivative(mu, x)),
            "The flux is driven by the gradient of the electrochemical potential, with "
            f"mobility $D/RT$ (Einstein relation); {direction}.",
            Premise("model"),
            "flux",
        ),
        Step(
            sympy.Eq(ion.J, -D * (sympy.Derivative(c, x) + ion.z * F / (R * T) * c * sympy.Derivative(psi, x))),
            "Differentiate: a diffusive and an electrical part, the Nernst--Planck equation.",
            Substitute(into="flux", using=("mu",)),
            "nernst-planck",
        ),
    )
