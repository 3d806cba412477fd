"""The built-in catalogue: which relations the report covers, the worked examples it
shows, and which results become numeric functions, with what signature.

A :class:`NumericFunction` names a verified step whose right side is printed as the
function body. Its parameters must be exactly the free symbols of that right side
(less the constants F and R), so a signature cannot drift from the derivation. A
:class:`WorkedExample` evaluates a verified result at given values, exactly, with the
same rule: every free symbol needs a value and every value a symbol.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from .constants import BODY_TEMPERATURE
from .derivation import Derivation
from .errors import SpecificationError
from .ions import GENERIC, POTASSIUM, Ion
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
        "solution-exprel",
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


@dataclass(frozen=True)
class WorkedExample:
    """A verified result evaluated at given values, for the report."""

    #: Registry name of the relation.
    relation: str
    #: What the example is, in prose (inline math in $...$).
    text: str
    #: Values in SI units as exact decimal strings, by symbol name: (("K_in", "140"), ...).
    values: tuple[tuple[str, str], ...]
    #: The ion to derive the relation for; None for the generic ion.
    ion: Ion | None = None
    #: Label of the step to evaluate; empty for the main result.
    step: str = ""

    def derivation(self) -> Derivation:
        return relation(self.relation, ion=self.ion) if self.ion else relation(self.relation)

    def equation(self) -> sympy.Eq:
        d = self.derivation()
        return d.step(self.step).equation if self.step else d.result.equation

    def evaluate(self, digits: int = 30) -> sympy.Float:
        """The right side at the given values, with the exact constants, to ``digits`` digits."""
        eq = self.equation()
        given = {SYMBOLS[name].symbol: sympy.Rational(value) for name, value in self.values}
        constants = {spec.symbol: spec.value for spec in SYMBOLS.constants()}
        free = eq.rhs.free_symbols - set(constants)
        missing = sorted(s.name for s in free - set(given))
        unused = sorted(s.name for s in set(given) - free)
        if missing or unused:
            raise SpecificationError(f"example of {self.relation!r}: values missing for {missing}, not used: {unused}")
        value = eq.rhs.subs(given).subs(constants).evalf(digits)
        if not value.is_real or not value.is_finite:
            raise SpecificationError(f"example of {self.relation!r} evaluates to {value}")
        return value


#: Worked examples shown in the report, in order.
EXAMPLES: tuple[WorkedExample, ...] = (
    WorkedExample(
        "nernst",
        "Potassium in a mammalian neuron at body temperature (37 °C).",
        (("K_in", "140"), ("K_out", "5"), ("T", "310.15")),
        ion=POTASSIUM,
    ),
    WorkedExample(
        "nernst",
        "A tenfold gradient, higher outside, of a monovalent cation: the inside must be positive to hold it back.",
        (("c_in", "10"), ("c_out", "100"), ("z", "1"), ("T", "310.15")),
        ion=GENERIC,
    ),
    WorkedExample(
        "nernst",
        "The same gradient of a monovalent anion ($z = -1$): the sign flips.",
        (("c_in", "10"), ("c_out", "100"), ("z", "-1"), ("T", "310.15")),
        ion=GENERIC,
    ),
    WorkedExample(
        "ghk_current",
        "Potassium current at a resting potential of $-70$ mV, which lies above "
        "$E_{\\mathrm{K}}$: the current is outward, hence positive.",
        (("V", "-0.07"), ("K_in", "140"), ("K_out", "5"), ("P_K", "1e-8"), ("T", "310.15")),
        ion=POTASSIUM,
    ),
    WorkedExample(
        "pump_leak",
        "A pump against a leak: the steady state it settles at.",
        (("p", "2"), ("k", "0.5")),
    ),
)
