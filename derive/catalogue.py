"""The built-in catalogue: which relations the report covers and which results become
numeric functions, with what signature.

A :class:`NumericFunction` names a verified step whose right side is printed as the
function body. Its parameters must be exactly the free symbols of that right side
(less the constants F and R), so a signature cannot drift from the derivation.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from .constants import BODY_TEMPERATURE
from .errors import SpecificationError
from .relations import relation, relations
from .symbols import SYMBOLS


@dataclass(frozen=True)
class NumericFunction:
    """A generated numeric function."""

    #: Python name of the function.
    name: str
    #: Registry name of the relation it comes from.
    relation: str
    #: Label of the step whose right side is evaluated.
    step: str
    #: Parameter names in signature order (the registry names of the symbols).
    params: tuple[str, ...]
    #: One-line summary for the docstring.
    summary: str
    #: Name of the returned quantity, for the docstring's Returns section.
    returns: str
    #: What it returns, in words, with the unit.
    returns_doc: str
    #: Default values of trailing parameters: (name, value) pairs.
    defaults: tuple[tuple[str, float], ...] = ()

    def __post_init__(self) -> None:
        names = set(self.params)
        if len(names) != len(self.params):
            raise SpecificationError(f"{self.name}: repeated parameter names")
        defaulted = [n for n, _ in self.defaults]
        if defaulted != list(self.params[len(self.params) - len(defaulted) :]):
            raise SpecificationError(f"{self.name}: defaults must belong to the trailing parameters")

    def expression(self) -> sympy.Expr:
        """The right side to print, checked against the signature."""
        eq = relation(self.relation).step(self.step).equation
        constants = {n for n, spec in SYMBOLS.items() if spec.constant}
        free = {s.name for s in eq.rhs.free_symbols} - constants
        if free != set(self.params):
            raise SpecificationError(
                f"{self.name}: parameters {sorted(self.params)} do not match the free symbols "
                f"{sorted(free)} of step {self.step!r} of {self.relation!r}"
            )
        return eq.rhs


_T = ("T", float(BODY_TEMPERATURE))

#: Relations in report order.
RELATIONS: tuple[str, ...] = tuple(relations())

#: Functions of the generated numeric module, in module order.
FUNCTIONS: tuple[NumericFunction, ...] = (
    NumericFunction(
        "nernst_potential",
        "nernst",
        "nernst",
        ("c_in", "c_out", "z", "T"),
        "Nernst equilibrium potential of an ion.",
        "E",
        "Equilibrium potential, V (inside relative to outside).",
        defaults=(_T,),
    ),
    NumericFunction(
        "ghk_current_density",
        "ghk_current",
        "ghk-exprel",
        ("V", "c_in", "c_out", "z", "P", "T"),
        "Goldman-Hodgkin-Katz current density carried by one ion species.",
        "I",
        "Current density, A m^-2, outward positive.",
        defaults=(_T,),
    ),
    NumericFunction(
        "pump_leak_gradient",
        "pump_leak",
        "solution",
        ("t", "p", "k", "G0"),
        "Gradient built by a constant pump against a proportional leak, at time t.",
        "G",
        "The gradient at time t, in the unit of G0 (mol m^-3 here).",
        defaults=(("G0", 0.0),),
    ),
    NumericFunction(
        "pump_leak_steady_state",
        "pump_leak",
        "steady-state",
        ("p", "k"),
        "Steady-state gradient of the pump-leak model, where pumping balances the leak.",
        "G_ss",
        "Steady-state gradient, in the unit of p times seconds (mol m^-3 here).",
    ),
)
