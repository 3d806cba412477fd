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
    NumericFunction(
        "chord_conductance_potential",
        "chord_conductance",
        "chord",
        ("g_K", "g_Na", "g_Cl", "E_K", "E_Na", "E_Cl"),
        "Resting potential as the conductance-weighted average of the equilibrium potentials.",
        "V",
        "Membrane potential at zero net current, V (inside relative to outside).",
    ),
    NumericFunction(
        "mullins_noda_potential",
        "mullins_noda",
        "mullins-noda",
        ("P_K", "P_Na", "K_in", "K_out", "Na_in", "Na_out", "r", "T"),
        "Steady-state potential with K+ and Na+ GHK leaks balanced by a pump moving r Na+ out per K+ in.",
        "V",
        "Membrane potential, V (inside relative to outside).",
        defaults=(("r", 1.5), _T),
    ),
    NumericFunction(
        "binary_junction_potential",
        "junction_potential",
        "junction",
        ("c1", "c2", "u_plus", "u_minus", "T"),
        "Liquid junction potential between two solutions of one 1:1 electrolyte.",
        "E",
        "Junction potential psi_2 - psi_1, V (solution 2 relative to solution 1).",
        defaults=(_T,),
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
    WorkedExample(
        "chord_conductance",
        "The squid giant axon at rest in the model of Hodgkin and Huxley (1952). Their resting "
        "conductances, $g_{\\mathrm{K}} = 36\\,n^{4}$ and $g_{\\mathrm{Na}} = 120\\,m^{3}h$ mS/cm$^{2}$ "
        "with the resting gating values $n = 0.3177$, $m = 0.05293$, $h = 0.5961$ of their rate "
        "equations, and their leak of $0.3$ mS/cm$^{2}$ (which they ascribed to chloride and other ions) "
        "in the chloride slot; $1$ mS/cm$^{2}$ = $10$ S/m$^{2}$. Their reversal potentials lie 12 mV "
        "below, 115 mV above and 10.613 mV above rest, here placed at $-65$ mV. The weighted average "
        "returns the resting potential: Hodgkin and Huxley chose the leak's reversal potential so that "
        "no net current flows at rest.",
        (
            ("g_K", "3.6664"),
            ("g_Na", "0.10609"),
            ("g_Cl", "3"),
            ("E_K", "-0.077"),
            ("E_Na", "0.050"),
            ("E_Cl", "-0.054387"),
        ),
    ),
    WorkedExample(
        "mullins_noda",
        "A squid giant axon with a 3:2 pump: concentrations as tabulated for the squid axon in "
        "textbooks (e.g. Kandel et al., Principles of Neural Science), the resting permeability ratio "
        "$P_{\\mathrm{Na}}/P_{\\mathrm{K}} = 0.04$ of Hodgkin and Katz (1949), at 20 °C. Only the "
        "ratio enters; $P_{\\mathrm{K}} = 10^{-8}$ m/s sets an arbitrary scale.",
        (
            ("P_K", "1e-8"),
            ("P_Na", "4e-10"),
            ("K_in", "400"),
            ("K_out", "20"),
            ("Na_in", "50"),
            ("Na_out", "440"),
            ("r", "1.5"),
            ("T", "293.15"),
        ),
    ),
    WorkedExample(
        "mullins_noda",
        "The same axon with an electroneutral pump ($r = 1$): the GHK voltage without chloride. "
        "The 3:2 pump's own outward current makes the membrane a few millivolts more negative.",
        (
            ("P_K", "1e-8"),
            ("P_Na", "4e-10"),
            ("K_in", "400"),
            ("K_out", "20"),
            ("Na_in", "50"),
            ("Na_out", "440"),
            ("r", "1"),
            ("T", "293.15"),
        ),
    ),
    WorkedExample(
        "junction_potential",
        "The seed's race of ions: 0.1 M HCl (solution 1) against 0.01 M HCl (solution 2) at 25 °C. "
        "Mobilities are the limiting molar conductivities at 25 °C divided by $F$: 349.8 S cm$^{2}$ "
        "mol$^{-1}$ for H$^{+}$ and 76.35 for Cl$^{-}$ (Robinson and Stokes 1959); limiting mobilities "
        "and ideal solutions are approximations at these concentrations. H$^{+}$ outruns Cl$^{-}$, "
        "and the dilute side turns positive.",
        (("c1", "100"), ("c2", "10"), ("u_plus", "3.62542e-7"), ("u_minus", "7.91312e-8"), ("T", "298.15")),
    ),
)
