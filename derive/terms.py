"""Potential terms of an ion: the starting point of every derivation.

For an ion X on side s (inside or outside the cell), in J/mol:

* chemical potential      μ_s  = μ° + RT ln(c_s / c°)
* electrical term               zFψ_s
* electrochemical potential μ̃_s = μ_s + zFψ_s

The standard concentration c° keeps the logarithm's argument dimensionless (the
dimension checker insists); it cancels from every measurable difference.
"""

from __future__ import annotations

from typing import Any

import sympy

from .ions import Ion, Side
from .symbols import F, R, T, c_std, psi_in, psi_out


def potential(side: Side) -> Any:
    """Electric potential ψ of one compartment, V."""
    return psi_in if side == "in" else psi_out


def chemical_term(ion: Ion, side: Side) -> Any:
    """μ° + RT ln(c/c°), J/mol."""
    return ion.mu_standard + R * T * sympy.log(ion.concentration(side) / c_std)


def electrical_term(ion: Ion, side: Side) -> Any:
    """zFψ, J/mol."""
    return ion.z * F * potential(side)


def electrochemical_term(ion: Ion, side: Side) -> Any:
    """μ̃ = μ° + RT ln(c/c°) + zFψ, J/mol."""
    return chemical_term(ion, side) + electrical_term(ion, side)


def chemical_potential(ion: Ion, side: Side) -> sympy.Eq:
    """The definition μ_s = μ° + RT ln(c_s/c°) as an equation."""
    return sympy.Eq(ion.chemical_potential(side), chemical_term(ion, side))


def electrochemical_potential(ion: Ion, side: Side) -> sympy.Eq:
    """The definition μ̃_s = μ° + RT ln(c_s/c°) + zFψ_s as an equation."""
    return sympy.Eq(ion.electrochemical_potential(side), electrochemical_term(ion, side))
