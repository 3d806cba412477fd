"""The built-in catalogue: which relations the report covers, the worked examples it
shows, and which results become numeric functions, with what signature.

A :class:`NumericFunction` names a verified step whose right side is printed as the
function body. Its parameters must be exactly the free symbols of that right side
(less the constants F and R), so a signature cannot drift from the derivation. A
:class:`WorkedExample` evaluates a verified result at given values, exactly, with the
same rule: every free symbol needs a value and every value a symbol.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import cache

import sympy

from . import cache as records
from .bibliography import reference
from .constants import BODY_TEMPERATURE
from .derivation import Derivation
from .errors import SpecificationError, UnknownNameError
from .ions import CALCIUM, CHLORIDE, GENERIC, POTASSIUM, SODIUM, Ion
from .printing.units import DISPLAY_UNITS
from .project import Project, RelationUse
from .relations import relation, relations
from .symbols import SYMBOLS


def resolved(derivation: Derivation, label: str, using: tuple[str, ...]) -> sympy.Eq:
    """Step ``label`` with the definition steps ``using`` (``A = ...``) substituted in."""
    eq = derivation.step(label).equation
    for name in using:
        definition = derivation.step(name).equation
        if not isinstance(definition.lhs, sympy.Symbol):
            raise SpecificationError(f"{derivation.name}: step {name!r} does not define a symbol")
        eq = eq.subs(definition.lhs, definition.rhs)
    return eq


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
    #: What it returns, in words; ``{unit}`` marks where the unit goes (printed from the
    #: symbol registry in the chosen notation, never typed here).
    returns_doc: str
    #: Default values of trailing parameters: (name, value) pairs.
    defaults: tuple[tuple[str, float], ...] = ()
    #: Labels of definition steps (``A = ...``) of the same relation substituted into
    #: the printed step, so a report can show a compact result with named sums while
    #: the function takes the underlying quantities.
    using: tuple[str, ...] = ()
    #: Parameters whose domain here is wider than their symbol's declared assumptions, as
    #: (name, assumptions) pairs: a GHK current is finite with an ion on one side only, so its
    #: concentrations may be 0. Checked in :meth:`expression`: at each newly allowed boundary
    #: value (0) the printed expression must stay finite.
    domain: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: Keyword arguments of the relation's factory, as (name, value) pairs: the ion (or ion
    #: set) the derivation is made for; empty for the relation's own (generic) derivation.
    arguments: tuple[tuple[str, object], ...] = ()

    def __post_init__(self) -> None:
        names = set(self.params)
        if len(names) != len(self.params):
            raise SpecificationError(f"{self.name}: repeated parameter names")
        if self.returns_doc.count("{unit}") != 1:
            raise SpecificationError(f"{self.name}: returns_doc must say where the unit goes, once, as {{unit}}")
        defaulted = [n for n, _ in self.defaults]
        if defaulted != list(self.params[len(self.params) - len(defaulted) :]):
            raise SpecificationError(f"{self.name}: defaults must belong to the trailing parameters")
        unknown = [n for n, _ in self.domain if n not in names]
        if unknown:
            raise SpecificationError(f"{self.name}: domain given for {unknown}, which are not parameters")

    def assumptions(self, name: str) -> tuple[str, ...]:
        """The assumptions parameter ``name`` is checked against: its ``domain`` here, else its symbol's."""
        return dict(self.domain).get(name, SYMBOLS[name].assumptions)

    def derivation(self) -> Derivation:
        """The verified derivation the function is printed from."""
        return relation(self.relation, **dict(self.arguments))

    def expression(self) -> sympy.Expr:
        """The right side to print, checked against the signature."""
        eq = resolved(self.derivation(), self.step, self.using)
        free = free_names(eq.rhs)
        if free != set(self.params):
            raise SpecificationError(
                f"{self.name}: parameters {sorted(self.params)} do not match the free symbols "
                f"{sorted(free)} of step {self.step!r} of {self.relation!r}"
            )
        return widen(eq.rhs, dict(self.domain), self.name)


def free_names(expr: sympy.Expr) -> set[str]:
    """The names of ``expr``'s free symbols that are not constants (F, R, ...): what a function takes."""
    return {s.name for s in expr.free_symbols} - {spec.name for spec in SYMBOLS.constants()}


def widen(expr: sympy.Expr, domain: dict[str, tuple[str, ...]], where: str) -> sympy.Expr:
    """``expr`` with the symbols named in ``domain`` given those assumptions instead.

    A symbol may be widened only where the expression stays finite: each value the wider
    domain adds (0, for ``positive`` → ``nonnegative`` or a dropped ``nonzero``) is put in,
    and an infinite or undefined result (a logarithm of 0, a division by it) is refused,
    naming the parameter. Cases where several arguments together make it undefined (all of a
    sum of concentrations zero) remain, and the printed checks refuse them by value.
    """
    replaced = {}
    for name, assumptions in domain.items():
        old = next((s for s in expr.free_symbols if s.name == name), None)
        if old is None:
            raise SpecificationError(f"{where}: domain given for {name!r}, which the expression does not use")
        new = sympy.Symbol(name, **{a: True for a in assumptions})
        declared = set(SYMBOLS[name].assumptions)
        adds_zero = ("positive" in declared or "nonzero" in declared) and not (
            {"positive", "nonzero"} & set(assumptions)
        )
        # Simplifying takes seconds for the larger sums: a pass is recorded in the cache, a failure never is.
        statement = f"{sympy.srepr(expr)} at {sympy.srepr(old)} = 0" if adds_zero else ""
        if adds_zero and not records.known("finite where widened", statement):
            at_zero = sympy.simplify(expr.subs(old, 0))
            if at_zero.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo) or at_zero.is_finite is False:
                raise SpecificationError(f"{where}: {name} = 0 makes the result {at_zero}; it cannot be allowed")
            records.record("finite where widened", statement)
        replaced[old] = new
    return expr.xreplace(replaced)


_T = ("T", float(BODY_TEMPERATURE))

#: Relations in report order.
RELATIONS: tuple[str, ...] = tuple(relations())

#: Functions of the generated numeric module, in module order.
FUNCTIONS: tuple[NumericFunction, ...] = (
    NumericFunction(
        "fick_flux",
        "fick",
        "fick",
        ("D", "dc_dx"),
        "Diffusive flux by Fick's first law.",
        "J",
        "Molar flux, {unit}, positive towards increasing x (down the gradient).",
    ),
    NumericFunction(
        "nernst_potential",
        "nernst",
        "nernst",
        ("c_in", "c_out", "z", "T"),
        "Nernst equilibrium potential of an ion.",
        "E",
        "Equilibrium potential, {unit} (inside relative to outside).",
        defaults=(_T,),
    ),
    NumericFunction(
        "transport_free_energy",
        "transport_free_energy",
        "transport",
        ("c_from", "c_to", "z", "delta_V", "T"),
        "Free energy of moving one mole of an ion from one compartment to another.",
        "dG",
        "Free energy change, {unit}; negative means the move is spontaneous (exergonic).",
        defaults=(_T,),
    ),
    NumericFunction(
        "proton_motive_force",
        "proton_motive_force",
        "pmf",
        ("delta_psi", "delta_pH", "T"),
        "Proton-motive force from the membrane potential and the pH difference (inside minus outside).",
        "delta_p",
        "Proton-motive force, {unit}; negative means protons are driven inward.",
        defaults=(_T,),
    ),
    NumericFunction(
        "pump_leak_gradient",
        "pump_leak",
        "solution-exprel",
        ("t", "p", "k", "G0"),
        "Gradient built by a constant pump against a proportional leak, at time t.",
        "G",
        "The gradient at time t, in the unit of G0 ({unit} here).",
        defaults=(("G0", 0.0),),
    ),
    NumericFunction(
        "pump_leak_steady_state",
        "pump_leak",
        "steady-state",
        ("p", "k"),
        "Steady-state gradient of the pump-leak model, where pumping balances the leak.",
        "G_ss",
        "Steady-state gradient, in the unit of p times seconds ({unit} here).",
    ),
    NumericFunction(
        "ghk_current_density",
        "ghk_current",
        "ghk-exprel",
        ("V", "c_in", "c_out", "z", "P", "T"),
        "Goldman-Hodgkin-Katz current density carried by one ion species.",
        "I",
        "Current density, {unit}, outward positive.",
        defaults=(_T,),
    ),
    NumericFunction(
        "ghk_voltage",
        "ghk_voltage",
        "ghk-voltage",
        ("P_K", "P_Na", "P_Cl", "K_in", "K_out", "Na_in", "Na_out", "Cl_in", "Cl_out", "T"),
        "Goldman-Hodgkin-Katz voltage: the zero-current potential of K+, Na+ and Cl-.",
        "V",
        "Membrane potential, {unit} (inside relative to outside).",
        defaults=(_T,),
    ),
    NumericFunction(
        "ghk_voltage_with_calcium",
        "ghk_voltage_calcium",
        "ghk-voltage-calcium",
        (
            "P_K",
            "P_Na",
            "P_Cl",
            "P_Ca",
            "K_in",
            "K_out",
            "Na_in",
            "Na_out",
            "Cl_in",
            "Cl_out",
            "Ca_in",
            "Ca_out",
            "T",
        ),
        "GHK zero-current potential of K+, Na+, Cl- and the divalent Ca2+ (the positive root of a quadratic).",
        "V",
        "Membrane potential, {unit} (inside relative to outside).",
        defaults=(_T,),
        using=("a-def", "c-def", "A-def", "B-def"),
    ),
    NumericFunction(
        "chord_conductance_potential",
        "chord_conductance",
        "chord",
        ("g_K", "g_Na", "g_Cl", "E_K", "E_Na", "E_Cl"),
        "Resting potential as the conductance-weighted average of the equilibrium potentials.",
        "V",
        "Membrane potential at zero net current, {unit} (inside relative to outside).",
    ),
    NumericFunction(
        "mullins_noda_potential",
        "mullins_noda",
        "mullins-noda",
        ("P_K", "P_Na", "K_in", "K_out", "Na_in", "Na_out", "r", "T"),
        "Steady-state potential with K+ and Na+ GHK leaks balanced by a pump moving r Na+ out per K+ in.",
        "V",
        "Membrane potential, {unit} (inside relative to outside).",
        defaults=(("r", 1.5), _T),
    ),
    NumericFunction(
        "binary_junction_potential",
        "junction_potential",
        "junction",
        ("c1", "c2", "u_plus", "u_minus", "T"),
        "Liquid junction potential between two solutions of one 1:1 electrolyte.",
        "E",
        "Junction potential psi_2 - psi_1, {unit} (solution 2 relative to solution 1).",
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
    #: Unit to show the value in (a key of DISPLAY_UNITS, e.g. "mV"); empty for SI.
    unit: str = ""
    #: Labels of definition steps substituted before evaluating (see NumericFunction.using).
    using: tuple[str, ...] = ()
    #: What a negative and what a positive value mean, in prose: (if < 0, if > 0).
    verdict: tuple[str, str] | tuple[()] = ()
    #: BibTeX keys of where the example's numbers come from (derive.bibliography).
    references: tuple[str, ...] = ()
    #: Further keyword arguments of the relation's factory (e.g. a model's ion set).
    arguments: tuple[tuple[str, object], ...] = ()

    def __post_init__(self) -> None:
        if self.unit and self.unit not in DISPLAY_UNITS:
            raise UnknownNameError("display unit", self.unit, list(DISPLAY_UNITS))
        if self.verdict and len(self.verdict) != 2:
            raise SpecificationError(f"example of {self.relation!r}: verdict is (if negative, if positive)")
        for key in self.references:
            reference(key)  # an unknown key is an UnknownReferenceError here, not a dangling \cite

    def derivation(self) -> Derivation:
        return relation(self.relation, **({"ion": self.ion} if self.ion else {}), **dict(self.arguments))

    def equation(self) -> sympy.Eq:
        d = self.derivation()
        return d.step(self.step).equation if self.step else d.result.equation

    def evaluate(self, digits: int = 30) -> sympy.Float:
        """The right side at the given values, with the exact constants, to ``digits`` digits."""
        # Every report target prints the same value: evaluate once per example.
        return _evaluated(self, digits)

    def _evaluate(self, digits: int) -> sympy.Float:
        d = self.derivation()
        eq = resolved(d, self.step or d.result.label, self.using)
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


@cache
def _evaluated(example: WorkedExample, digits: int) -> sympy.Float:
    return example._evaluate(digits)


#: Resting potential of the examples, V.
_REST = "-0.07"
#: Typical mammalian neuron concentrations, mol/m³ (= mM): (inside, outside).
_NEURON = {"K": ("140", "5"), "Na": ("15", "145"), "Cl": ("10", "110"), "Ca": ("0.0001", "2")}
_MOVES = (
    "$\\Delta\\tilde{\\mu} < 0$: moving in lowers the free energy, so the ion flows in passively.",
    "$\\Delta\\tilde{\\mu} > 0$: moving in would cost free energy, so the ion flows out passively.",
)
_SPONTANEOUS = (
    "$\\Delta G < 0$: the move is spontaneous and releases this much free energy per mole.",
    "$\\Delta G > 0$: the move costs this much free energy per mole and must be driven.",
)


def _driving_force_example(ion: Ion, name: str) -> WorkedExample:
    c_in, c_out = _NEURON[ion.name]
    return WorkedExample(
        "driving_force",
        f"{name} in a mammalian neuron at a resting potential of $-70$ mV (typical textbook concentrations).",
        ((f"{ion.name}_in", c_in), (f"{ion.name}_out", c_out), ("V", _REST), ("T", "310.15")),
        ion=ion,
        step="dmu",
        unit="kJ/mol",
        verdict=_MOVES,
    )


_MONOVALENT_NEURON = tuple(
    (f"{name}_{side}", _NEURON[name][i]) for name in ("K", "Na", "Cl") for i, side in enumerate(("in", "out"))
)

#: Worked examples shown in the report, in order.
EXAMPLES: tuple[WorkedExample, ...] = (
    WorkedExample(
        "fick",
        "A small ion in water ($D \\approx 10^{-9}$ m$^{2}$/s) with a 10 mM concentration "
        "difference across 1 mm, higher at small $x$.",
        (("D", "1e-9"), ("dc_dx", "-1e4")),
    ),
    WorkedExample(
        "fick",
        "The same difference across 0.1 mm: a gradient ten times steeper drives ten times the flux.",
        (("D", "1e-9"), ("dc_dx", "-1e5")),
    ),
    WorkedExample(
        "nernst",
        "Potassium in a mammalian neuron at body temperature (37 °C).",
        (("K_in", "140"), ("K_out", "5"), ("T", "310.15")),
        ion=POTASSIUM,
        unit="mV",
    ),
    WorkedExample(
        "nernst",
        "A tenfold gradient, higher outside, of a monovalent cation: the inside must be positive to hold it back.",
        (("c_in", "10"), ("c_out", "100"), ("z", "1"), ("T", "310.15")),
        ion=GENERIC,
        unit="mV",
    ),
    WorkedExample(
        "nernst",
        "The same gradient of a monovalent anion ($z = -1$): the sign flips.",
        (("c_in", "10"), ("c_out", "100"), ("z", "-1"), ("T", "310.15")),
        ion=GENERIC,
        unit="mV",
    ),
    _driving_force_example(POTASSIUM, "Potassium"),
    _driving_force_example(SODIUM, "Sodium"),
    _driving_force_example(CHLORIDE, "Chloride"),
    _driving_force_example(CALCIUM, "Calcium"),
    WorkedExample(
        "transport_free_energy",
        "Pumping Ca$^{2+}$ out of a cell against a 20\\,000-fold gradient (100 nM inside, 2 mM "
        "outside) at 37 °C, counting the chemical term only: the often-quoted figure of about 25.5 kJ/mol.",
        (("c_from", "0.0001"), ("c_to", "2"), ("T", "310.15")),
        step="chemical",
        unit="kJ/mol",
        verdict=_SPONTANEOUS,
    ),
    WorkedExample(
        "transport_free_energy",
        "The same export with the electrical term at a resting potential of $-70$ mV: the ion "
        "leaves the negative inside, so $\\Delta\\psi = \\psi_{\\mathrm{o}} - \\psi_{\\mathrm{i}} = +70$ mV "
        "and the cost rises.",
        (("c_from", "0.0001"), ("c_to", "2"), ("z", "2"), ("delta_V", "0.07"), ("T", "310.15")),
        unit="kJ/mol",
        verdict=_SPONTANEOUS,
    ),
    WorkedExample(
        "transport_free_energy",
        "Na$^{+}$ entering a neuron at the firing threshold, $V = -55$ mV, with 145 mM outside and "
        "15 mM inside (typical textbook values): the often-quoted release of about 11.2 kJ/mol.",
        (("c_from", "145"), ("c_to", "15"), ("z", "1"), ("delta_V", "-0.055"), ("T", "310.15")),
        unit="kJ/mol",
        verdict=_SPONTANEOUS,
    ),
    WorkedExample(
        "proton_motive_force",
        "Respiring mitochondria: the matrix 150 mV negative and 0.5 pH units more alkaline than "
        "the intermembrane space (typical values).",
        (("delta_psi", "-0.15"), ("delta_pH", "0.5"), ("T", "310.15")),
        unit="mV",
        verdict=(
            "$\\Delta p < 0$: protons are driven into the matrix, through ATP synthase.",
            "$\\Delta p > 0$: protons are driven out of the matrix.",
        ),
    ),
    WorkedExample(
        "sodium_potassium_pump",
        "One cycle in a neuron at $-70$ mV (typical textbook concentrations).",
        (
            ("Na_in", _NEURON["Na"][0]),
            ("Na_out", _NEURON["Na"][1]),
            ("K_in", _NEURON["K"][0]),
            ("K_out", _NEURON["K"][1]),
            ("V", _REST),
            ("T", "310.15"),
        ),
        step="cycle",
        unit="kJ/mol",
    ),
    WorkedExample(
        "sodium_potassium_pump",
        "The pump's reversal potential with $\\Delta G_{\\mathrm{ATP}} = -55$ kJ/mol, a typical "
        "cytosolic value: far below the resting potential, so one ATP per cycle leaves a wide margin.",
        (
            ("Na_in", _NEURON["Na"][0]),
            ("Na_out", _NEURON["Na"][1]),
            ("K_in", _NEURON["K"][0]),
            ("K_out", _NEURON["K"][1]),
            ("dG_ATP", "-55000"),
            ("T", "310.15"),
        ),
        unit="mV",
    ),
    WorkedExample(
        "pump_leak",
        "A pump against a leak: the steady state it settles at.",
        (("p", "2"), ("k", "0.5")),
    ),
    WorkedExample(
        "ghk_current",
        "Potassium current at a resting potential of $-70$ mV, which lies above "
        "$E_{\\mathrm{K}}$: the current is outward, hence positive.",
        (("V", "-0.07"), ("K_in", "140"), ("K_out", "5"), ("P_K", "1e-8"), ("T", "310.15")),
        ion=POTASSIUM,
    ),
    WorkedExample(
        "ghk_voltage",
        "A mammalian neuron at rest with typical textbook concentrations and permeability ratios "
        "$P_{\\mathrm{K}} : P_{\\mathrm{Na}} : P_{\\mathrm{Cl}} = 1 : 0.05 : 0.45$ (only ratios matter). "
        "The chloride ratio is the squid axon's (Hodgkin and Katz 1949), borrowed for illustration: in "
        "mammalian neurons $P_{\\mathrm{Cl}}/P_{\\mathrm{K}}$ varies widely between cell types.",
        (("P_K", "1e-8"), ("P_Na", "5e-10"), ("P_Cl", "4.5e-9"), *_MONOVALENT_NEURON, ("T", "310.15")),
        unit="mV",
    ),
    WorkedExample(
        "ghk_voltage",
        "A squid giant axon at 20 °C with Hodgkin and Katz's (1949) resting permeability ratios "
        "$P_{\\mathrm{K}} : P_{\\mathrm{Na}} : P_{\\mathrm{Cl}} = 1 : 0.04 : 0.45$ and the concentrations "
        "tabulated by Hille (2001): axoplasm 400 mM K$^{+}$, 50 mM Na$^{+}$, 40 mM Cl$^{-}$; sea water 20, "
        "440 and 560 mM.",
        (
            ("P_K", "1e-8"),
            ("P_Na", "4e-10"),
            ("P_Cl", "4.5e-9"),
            ("K_in", "400"),
            ("K_out", "20"),
            ("Na_in", "50"),
            ("Na_out", "440"),
            ("Cl_in", "40"),
            ("Cl_out", "560"),
            ("T", "293.15"),
        ),
        unit="mV",
        references=("hodgkin1949", "hille2001"),
    ),
    WorkedExample(
        "ghk_voltage_calcium",
        "The mammalian neuron above with a small calcium permeability, $P_{\\mathrm{Ca}} = "
        "0.01\\,P_{\\mathrm{K}}$, 100 nM Ca$^{2+}$ inside and 2 mM outside: the steep calcium "
        "gradient depolarises the cell a little. Here $A = 1.9025 \\times 10^{-6}$ and $B = 1.675 \\times "
        "10^{-7}$ mol m$^{-2}$ s$^{-1}$; calcium adds $4P_{\\mathrm{Ca}}[\\mathrm{Ca}^{2+}]_{\\mathrm{i}} = 4 \\times "
        "10^{-14}$ to give $A'$ (unchanged to five digits) and $4P_{\\mathrm{Ca}}[\\mathrm{Ca}^{2+}]_{\\mathrm{o}} = "
        "8 \\times 10^{-10}$ to give $B' = 1.683 \\times 10^{-7}$.",
        (
            ("P_K", "1e-8"),
            ("P_Na", "5e-10"),
            ("P_Cl", "4.5e-9"),
            ("P_Ca", "1e-10"),
            *_MONOVALENT_NEURON,
            ("Ca_in", _NEURON["Ca"][0]),
            ("Ca_out", _NEURON["Ca"][1]),
            ("T", "310.15"),
        ),
        unit="mV",
        using=("a-def", "c-def", "A-def", "B-def"),
    ),
    WorkedExample(
        "chord_conductance",
        "The squid giant axon at rest in the model of Hodgkin and Huxley (1952). Their resting "
        "conductances, $g_{\\mathrm{K}} = 36\\,n^{4}$ and $g_{\\mathrm{Na}} = 120\\,m^{3}h$ mS/cm$^{2}$ "
        "with the resting gating values $n = 0.31768$, $m = 0.052932$, $h = 0.59612$ of their rate "
        "equations, and their leak of $0.3$ mS/cm$^{2}$ (which they ascribed to chloride and other ions) "
        "in the chloride slot; $1$ mS/cm$^{2}$ = $10$ S/m$^{2}$. Their reversal potentials lie 12 mV "
        "below, 115 mV above and 10.613 mV above rest, here placed at $-65$ mV. The weighted average "
        "returns the resting potential (to the rounding of their 10.613 mV): Hodgkin and Huxley chose "
        "the leak's reversal potential so that no net current flows at rest.",
        (
            ("g_K", "3.6664"),
            ("g_Na", "0.10609"),
            ("g_Cl", "3"),
            ("E_K", "-0.077"),
            ("E_Na", "0.050"),
            ("E_Cl", "-0.054387"),
        ),
        unit="mV",
        references=("hodgkin1952",),
    ),
    WorkedExample(
        "mullins_noda",
        "A squid giant axon with a 3:2 pump: the concentrations tabulated by Hille (2001), the "
        "resting permeability ratio "
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
        unit="mV",
        references=("hille2001", "hodgkin1949"),
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
        unit="mV",
    ),
    WorkedExample(
        "junction_potential",
        "The race of ions at a liquid junction: 0.1 M HCl (solution 1) against 0.01 M HCl (solution 2) at 25 °C. "
        "Mobilities are the limiting molar conductivities at 25 °C divided by $F$: 349.8 S cm$^{2}$ "
        "mol$^{-1}$ for H$^{+}$ and 76.35 for Cl$^{-}$ (Robinson and Stokes 1959); limiting mobilities "
        "and ideal solutions are approximations at these concentrations. H$^{+}$ outruns Cl$^{-}$, "
        "and the dilute side turns positive.",
        (("c1", "100"), ("c2", "10"), ("u_plus", "3.62542e-7"), ("u_minus", "7.91312e-8"), ("T", "298.15")),
        unit="mV",
        references=("robinson1959",),
    ),
)


# -- liquid junction potentials of real solutions (issue 10) ---------------------------


@dataclass(frozen=True)
class JunctionFunction:
    """A numeric function over whole solutions (ion → concentration), not element-wise:
    its body is the tested runtime :mod:`derive.printing.ljp_runtime`, copied into the
    numpy module, whose formulas are those of the verified derivations ``relations``
    (tests compare the two). Separate from :class:`NumericFunction`, whose body is one
    printed formula."""

    #: Python name of the function.
    name: str
    #: The derivations it implements, by registry name; the module carries the function
    #: when the catalogue includes any of them.
    relations: tuple[str, ...]
    #: One-line summary for the docstring.
    summary: str

    def __post_init__(self) -> None:
        known = relations()
        for name in self.relations:
            if name not in known:
                raise UnknownNameError("relation", name, known)


#: Functions of the numpy module computed by runtime code over solutions.
JUNCTION_FUNCTIONS: tuple[JunctionFunction, ...] = (
    JunctionFunction(
        "liquid_junction_potential",
        ("henderson_junction", "planck_junction", "nernst_planck_junction"),
        "Liquid junction potential between two solutions of any ions (pipette and bath).",
    ),
)

#: Worked examples of the junctions of mixtures (shown after the others' in the report).
JUNCTION_EXAMPLES: tuple[WorkedExample, ...] = (
    WorkedExample(
        "henderson_junction",
        "The example of the JPCalc manual (Barry 1994): a pipette of 135 mM CsF and 10 mM NaCl "
        "(solution 1: ion 1 Cs$^{+}$, ion 2 Na$^{+}$, ion 3 F$^{-}$, ion 4 Cl$^{-}$) against a bath of "
        "145 mM NaCl (solution 2) at 20 °C, with JPCalc's mobilities relative to K$^{+}$ (Cs 1.05, Na "
        "0.682, F 0.753, Cl 1.0382; Ng and Barry 1995) times $73.5/F$ S cm$^{2}$ mol$^{-1}$. JPCalc "
        "reports +8.74 mV: the bath is positive, the potential to subtract from a measured one.",
        (
            ("z_1", "1"),
            ("z_2", "1"),
            ("z_3", "-1"),
            ("z_4", "-1"),
            ("u_1", "7.99863e-8"),
            ("u_2", "5.19530e-8"),
            ("u_3", "5.73616e-8"),
            ("u_4", "7.90874e-8"),
            ("c_1_1", "135"),
            ("c_2_1", "10"),
            ("c_3_1", "135"),
            ("c_4_1", "10"),
            ("c_1_2", "0"),
            ("c_2_2", "145"),
            ("c_3_2", "0"),
            ("c_4_2", "145"),
            ("T", "293.15"),
        ),
        unit="mV",
        references=("barry1994", "ng1995"),
    ),
    WorkedExample(
        "henderson_junction",
        "A whole-cell pipette of 140 mM K-gluconate and 10 mM NaCl (ion 1 K$^{+}$, ion 2 Na$^{+}$, ion 3 "
        "Cl$^{-}$, ion 4 gluconate) against a bath of 145 mM NaCl and 5 mM KCl at 25 °C, with the "
        "library's mobilities: gluconate is slow, so the bath turns positive by over 10 mV.",
        (
            ("z_1", "1"),
            ("z_2", "1"),
            ("z_3", "-1"),
            ("z_4", "-1"),
            ("u_1", "7.61567e-8"),
            ("u_2", "5.19043e-8"),
            ("u_3", "7.90897e-8"),
            ("u_4", "2.51385e-8"),
            ("c_1_1", "140"),
            ("c_2_1", "10"),
            ("c_3_1", "10"),
            ("c_4_1", "140"),
            ("c_1_2", "5"),
            ("c_2_2", "145"),
            ("c_3_2", "150"),
            ("c_4_2", "0"),
            ("T", "298.15"),
        ),
        unit="mV",
        references=("lide2005", "dean1999", "ng1995"),
    ),
    WorkedExample(
        "planck_junction",
        "One salt, 0.1 M HCl (solution 1) against 0.01 M HCl (solution 2) at 25 °C, with the mobilities "
        "of the binary junction's example: Planck's junction gives the binary one's value.",
        (("u_1", "3.62542e-7"), ("u_3", "7.91312e-8"), ("c_s_1", "100"), ("c_s_2", "10"), ("T", "298.15")),
        step="binary",
        unit="mV",
        references=("robinson1959",),
    ),
)

EXAMPLES = EXAMPLES + JUNCTION_EXAMPLES
# ---------------------------------------------------------------------------------------
# Issue 11: driving force, slope conductance, pump, exchangers, Donnan, bi-ionic ratio, Ussing.
# (A contiguous block appended after the existing entries, to ease merging.)

_ROOM = ("T", 298.15)

FUNCTIONS += (
    NumericFunction(
        "electrochemical_driving_force",
        "driving_force",
        "dmu",
        ("V", "c_in", "c_out", "z", "T"),
        "Electrochemical driving force: the free energy change of moving one mole of an ion inward.",
        "dmu",
        "Change of electrochemical potential, {unit}; negative means the ion flows in passively.",
        defaults=(_T,),
    ),
    NumericFunction(
        "ghk_slope_conductance",
        "chord_conductance",
        "slope-exprel",
        ("c_in", "c_out", "z", "P", "T"),
        "Slope conductance dI/dV of a GHK current at its reversal (Nernst) potential.",
        "g",
        "Slope conductance per unit area, {unit}.",
        defaults=(_T,),
    ),
    NumericFunction(
        "sodium_potassium_pump_free_energy",
        "sodium_potassium_pump",
        "cycle",
        ("Na_in", "Na_out", "K_in", "K_out", "V", "T"),
        "Free energy of the ion movements of one Na+/K+-ATPase cycle (3 Na+ out, 2 K+ in).",
        "dG_cycle",
        "Free energy per mole of cycles, {unit}; ATP hydrolysis must supply at least this much.",
        defaults=(_T,),
    ),
    NumericFunction(
        "sodium_potassium_pump_reversal_potential",
        "sodium_potassium_pump",
        "reversal",
        ("Na_in", "Na_out", "K_in", "K_out", "dG_ATP", "T"),
        "Reversal potential of the Na+/K+-ATPase: the pump runs forward only above it.",
        "V_pump",
        "Reversal potential, {unit} (inside relative to outside).",
        defaults=(_T,),
    ),
    NumericFunction(
        "sodium_calcium_exchanger_free_energy",
        "exchanger",
        "cycle",
        ("Na_in", "Na_out", "Ca_in", "Ca_out", "V", "T"),
        "Free energy of one Na+/Ca2+ exchanger cycle (3 Na+ in, 1 Ca2+ out).",
        "dG_tr",
        "Free energy per mole of cycles, {unit}; negative means the exchanger extrudes Ca2+ (forward mode).",
        defaults=(_T,),
    ),
    NumericFunction(
        "sodium_calcium_exchanger_reversal_potential",
        "exchanger",
        "reversal",
        ("Na_in", "Na_out", "Ca_in", "Ca_out", "T"),
        "Reversal potential of the 3 Na+ : 1 Ca2+ exchanger, 3 E_Na - 2 E_Ca.",
        "E_rev",
        "Reversal potential, {unit}; above it the exchanger runs in reverse (Ca2+ entry).",
        defaults=(_T,),
    ),
    NumericFunction(
        "donnan_potential",
        "donnan",
        "donnan",
        ("c_out", "rho", "T"),
        "Donnan potential of a compartment with fixed charge rho against a bath of a 1:1 salt.",
        "V",
        "Membrane potential, {unit} (inside relative to outside); the sign of rho.",
        defaults=(_T,),
    ),
    NumericFunction(
        "donnan_cation_concentration",
        "donnan",
        "cation",
        ("c_out", "rho"),
        "Cation concentration inside at Donnan equilibrium with a bath of a 1:1 salt.",
        "K_in",
        "Cation concentration inside, {unit}.",
    ),
    NumericFunction(
        "donnan_anion_concentration",
        "donnan",
        "anion",
        ("c_out", "rho"),
        "Anion concentration inside at Donnan equilibrium with a bath of a 1:1 salt.",
        "Cl_in",
        "Anion concentration inside, {unit}.",
    ),
    NumericFunction(
        "biionic_permeability_ratio",
        "biionic_permeability",
        "biionic",
        ("V_rev", "X_out", "Y_in", "z", "T"),
        "Permeability ratio P_X/P_Y from the reversal potential with X only outside and Y only inside.",
        "P_ratio",
        "Permeability ratio of the test ion X to the reference ion Y ({unit}).",
        defaults=(("z", 1), _ROOM),
    ),
    NumericFunction(
        "ussing_flux_ratio",
        "ussing_flux_ratio",
        "ussing",
        ("V", "c_in", "c_out", "z", "T"),
        "Ussing flux ratio: unidirectional influx over efflux of a passive, independent ion.",
        "flux_ratio",
        "Influx over efflux ({unit}).",
        defaults=(_T,),
    ),
)

#: Cytoplasmic fixed charge of the Donnan examples, mol/m³ of elementary charges.
_FIXED = "-100"

EXAMPLES += (
    WorkedExample(
        "exchanger",
        "The Na$^{+}$/Ca$^{2+}$ exchanger in a neuron (typical textbook concentrations: 15 and 145 mM "
        "Na$^{+}$, 100 nM and 2 mM Ca$^{2+}$) at 37 °C. Its reversal potential, $3E_{\\mathrm{Na}} - "
        "2E_{\\mathrm{Ca}}$, lies close to the resting potential: the exchanger works near equilibrium, and "
        "a modest change of $V$, of Na$^{+}$ or of Ca$^{2+}$ inside decides which way it runs.",
        (
            ("Na_in", _NEURON["Na"][0]),
            ("Na_out", _NEURON["Na"][1]),
            ("Ca_in", _NEURON["Ca"][0]),
            ("Ca_out", _NEURON["Ca"][1]),
            ("T", "310.15"),
        ),
        unit="mV",
    ),
    WorkedExample(
        "exchanger",
        "One cycle of the same exchanger at a resting potential of $-70$ mV, a little above its reversal "
        "potential: with these numbers it runs slowly in reverse; a rise of cytosolic Ca$^{2+}$ to about "
        "160 nM would turn it forward again.",
        (
            ("Na_in", _NEURON["Na"][0]),
            ("Na_out", _NEURON["Na"][1]),
            ("Ca_in", _NEURON["Ca"][0]),
            ("Ca_out", _NEURON["Ca"][1]),
            ("V", _REST),
            ("T", "310.15"),
        ),
        step="cycle",
        unit="kJ/mol",
        verdict=(
            "$\\Delta G_{\\mathrm{tr}} < 0$: the forward mode (Ca$^{2+}$ out) runs by itself.",
            "$\\Delta G_{\\mathrm{tr}} > 0$: the exchanger runs in reverse, letting Ca$^{2+}$ in.",
        ),
    ),
    WorkedExample(
        "donnan",
        "A compartment holding 100 mM of fixed negative charge ($\\rho = -100$ mM) against a 150 mM "
        "salt bath at 37 °C: negative inside, with cations accumulated and anions excluded.",
        (("c_out", "150"), ("rho", _FIXED), ("T", "310.15")),
        unit="mV",
    ),
    WorkedExample(
        "donnan",
        "The cation concentration inside the same compartment.",
        (("c_out", "150"), ("rho", _FIXED)),
        step="cation",
    ),
    WorkedExample(
        "donnan",
        "And the anion concentration: the product with the cation's is $150^{2}$ mM$^{2}$, as in the bath.",
        (("c_out", "150"), ("rho", _FIXED)),
        step="anion",
    ),
    WorkedExample(
        "biionic_permeability",
        "A cation channel with 150 mM Na$^{+}$ inside (the reference ion Y) and 150 mM K$^{+}$ outside "
        "(the test ion X) reverses at $+10$ mV at 25 °C: the channel prefers K$^{+}$ by this factor.",
        (("V_rev", "0.01"), ("X_out", "150"), ("Y_in", "150"), ("z", "1"), ("T", "298.15")),
    ),
    WorkedExample(
        "ussing_flux_ratio",
        "K$^{+}$ (140 mM inside, 5 mM outside) at a resting potential of $-70$ mV and 37 °C: a little "
        "above $E_{\\mathrm{K}}$, so efflux exceeds influx.",
        (("V", _REST), ("c_in", "140"), ("c_out", "5"), ("z", "1"), ("T", "310.15")),
        step="ussing",
    ),
)


# ---------------------------------------------------------------------------------------
# Issue 11: wider domains where the result stays finite (zero concentrations in GHK, a neutral
# solute's z = 0, no leak k = 0), and functions summed over sequences (a transporter's
# stoichiometry). Kept as one block after the entries above, to ease merging.

#: Parameters allowed beyond their symbols' declared domain, by function (see ``widen``).
_WIDER: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    # An ion on one side only (bi-ionic, zero-trans set-ups): the GHK current stays finite.
    "ghk_current_density": (("c_in", ("nonnegative",)), ("c_out", ("nonnegative",))),
    # Finite while each sum of permeability-weighted concentrations is positive (checked by value).
    "ghk_voltage": tuple(
        (f"{ion}_{side}", ("nonnegative",)) for ion in ("K", "Na", "Cl") for side in ("in", "out")
    ),
    "ghk_voltage_with_calcium": tuple(
        (f"{ion}_{side}", ("nonnegative",)) for ion in ("K", "Na", "Cl", "Ca") for side in ("in", "out")
    ),
    # Neutral solutes (glucose): only the chemical term remains.
    "transport_free_energy": (("z", ("integer",)),),
    "electrochemical_driving_force": (("z", ("integer",)),),
    # No leak: the gradient grows linearly, G0 + p t.
    "pump_leak_gradient": (("k", ("nonnegative",)),),
}

FUNCTIONS = tuple(
    dataclasses.replace(fn, domain=_WIDER[fn.name]) if fn.name in _WIDER else fn for fn in FUNCTIONS
)


@dataclass(frozen=True)
class SummedFunction:
    """A generated function summing a catalogue function over sequence arguments.

    ``name(weight, *term arguments)`` returns Σ_j weight[j] · term(..., over[j], ...): the
    arguments named in ``over`` are sequences with one entry per species, the others are
    shared. The formula is the term's (verified, with its checks and accurate form); the sum
    is step ``step`` of relation ``relation``, where the same sum is written and verified
    for one stoichiometry.
    """

    #: Python name of the function.
    name: str
    #: Name of the :class:`NumericFunction` summed.
    term: str
    #: Name of the weight argument (a sequence of numbers), the first argument.
    weight: str
    #: What the weights are, in prose.
    weight_doc: str
    #: Arguments of the term that become sequences, one entry per species.
    over: tuple[str, ...]
    #: One-line summary for the docstring.
    summary: str
    #: Name of the returned quantity (a symbol, for its unit).
    returns: str
    #: What it returns, with ``{unit}`` where the unit goes.
    returns_doc: str
    #: Registry name and step label of the relation writing the sum.
    relation: str
    step: str

    def __post_init__(self) -> None:
        term = next((f for f in FUNCTIONS if f.name == self.term), None)
        if term is None:
            raise UnknownNameError("numeric function", self.term, [f.name for f in FUNCTIONS])
        if not set(self.over) <= set(term.params) or not self.over:
            raise SpecificationError(f"{self.name}: over {self.over} must be parameters of {self.term}")
        if self.weight in term.params:
            raise SpecificationError(f"{self.name}: the weight {self.weight!r} is a parameter of {self.term}")
        if self.returns_doc.count("{unit}") != 1:
            raise SpecificationError(f"{self.name}: returns_doc must say where the unit goes, once, as {{unit}}")


#: Functions summed over sequences, in module order (after the functions they sum).
SUMMED: tuple[SummedFunction, ...] = (
    SummedFunction(
        "transporter_free_energy",
        "electrochemical_driving_force",
        "n",
        "number of ions of each species moved per cycle: positive inward, negative outward",
        ("c_in", "c_out", "z"),
        "Free energy of one cycle of an exchanger, cotransporter or pump moving n[j] ions of each species j.",
        "dG_tr",
        "Free energy per mole of cycles, {unit}; negative means the cycle runs forward by itself.",
        "exchanger",
        "cycle-def",
    ),
)


# ---------------------------------------------------------------------------------------
# Issue 11, part 5: activity coefficients (Davies, with A(T) from the permittivity of water).
# Appended after the blocks above, to ease merging. The sequence functions built on it
# (ionic_strength, activities) and donnan_concentrations are runtime code over these
# functions: derive/printing/solution_runtime.py.

FUNCTIONS += (
    NumericFunction(
        "activity_coefficient",
        "activity",
        "davies",
        ("z", "ionic_strength", "T"),
        "Activity coefficient of an ion by the Davies equation, with the Debye-Hueckel coefficient A(T) from "
        "the permittivity of water (Malmberg and Maryott 1956).",
        "gamma",
        "Activity coefficient ({unit}); the activity is gamma times the concentration. Davies' equation holds to "
        "a few per cent up to an ionic strength of about 100 mM (univalent ions), and is not meant above 500 mM; "
        "the permittivity fit holds from 0 to 100 degC.",
        defaults=(_ROOM,),
        using=("f-def", "I-hat", "A-def", "eps-fit", "theta-def"),
        # A neutral solute (z = 0) has gamma = 1 in this model.
        domain=(("z", ("integer",)),),
    ),
)

#: A physiological saline: Na+, K+, Cl- and Ca2+ of the neuron examples outside, mol/m³.
_SALINE = (("Na_out", _NEURON["Na"][1]), ("K_out", _NEURON["K"][1]), ("Cl_out", _NEURON["Cl"][1]),
           ("Ca_out", _NEURON["Ca"][1]))

EXAMPLES += (
    WorkedExample(
        "activity",
        "The ionic strength of the extracellular saline of the examples (145 mM Na$^{+}$, 5 mM K$^{+}$, "
        "110 mM Cl$^{-}$, 2 mM Ca$^{2+}$; the other anions left out): the divalent Ca$^{2+}$ counts four times.",
        _SALINE,
        step="I-def",
    ),
    WorkedExample(
        "activity",
        "The Debye–Hückel coefficient at 25 °C; Robinson and Stokes (1959, appendix 7.1) tabulate 0.5115.",
        (("T", "298.15"), ("theta", "25")),
        step="A-T",
        references=("robinson1959",),
    ),
    WorkedExample(
        "activity",
        "Ca$^{2+}$ in a physiological saline of ionic strength 160 mM at 37 °C ($\\hat{I} = 0.16$, "
        "$f_{\\mathrm{D}} = 0.2377$, $A = 0.5232$): its activity is about a third of its concentration. "
        "Nernst potentials of Ca$^{2+}$ change little when both sides have this ionic "
        "strength (the coefficients cancel in the ratio), but a free concentration read from a Ca$^{2+}$-selective "
        "electrode or dye calibrated in activity is off by this factor.",
        (("z", "2"), ("ionic_strength", "160"), ("T", "310.15")),
        using=("f-def", "I-hat", "A-def", "eps-fit", "theta-def"),
    ),
    WorkedExample(
        "activity",
        "Na$^{+}$ (or any univalent ion) in the same saline: $\\gamma$ is the fourth root of Ca$^{2+}$'s.",
        (("z", "1"), ("ionic_strength", "160"), ("T", "310.15")),
        using=("f-def", "I-hat", "A-def", "eps-fit", "theta-def"),
    ),
)


@cache
def catalogue() -> Project:
    """The built-in catalogue as a :class:`~derive.project.Project`: every registered
    relation, with the functions, examples and figures above (read when first asked for,
    so entries appended to the tuples above are in it)."""
    return Project(
        name="membrane",
        subject="Membrane electrochemistry",
        relations=tuple(RelationUse(name) for name in RELATIONS),
        functions=FUNCTIONS,
        examples=EXAMPLES,
        junction=JUNCTION_FUNCTIONS,
        summed=SUMMED,
        figures=True,
    )


# -- a function that solves a verified condition numerically (issue 9) -----------------


@dataclass(frozen=True)
class RootFunction(NumericFunction):
    """A numeric function returning the root in ``unknown`` of a verified condition
    ``lhs = 0`` (step ``step``), for a condition derive does not solve in closed form.

    The condition's left side must increase strictly in ``unknown`` between ``brackets``:
    labels of steps ``X = expr`` of the same relation whose right sides, evaluated at the
    arguments, bracket the root (the smallest and largest of them). The function bisects
    the printed left side (the accurate form of each term) to adjacent floats
    (:mod:`derive.printing.root`). Its parameters are the left side's free symbols less
    ``unknown``.
    """

    #: The unknown solved for (a registry symbol name, also the returned quantity's).
    unknown: str = "V"
    #: Labels of the steps whose right sides bracket the root.
    brackets: tuple[str, ...] = ()
    #: Parameters of which at least one must be positive (they weigh the condition's terms:
    #: the permeabilities, all zero making every value a root); checked by value.
    weights: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.unknown in self.params:
            raise SpecificationError(f"{self.name}: the unknown {self.unknown!r} cannot be a parameter")
        if not self.brackets:
            raise SpecificationError(f"{self.name}: give the steps whose values bracket the root")
        if self.using:
            raise SpecificationError(f"{self.name}: a root function prints its condition as derived, without using")
        stray = sorted(set(self.weights) - set(self.params))
        if stray:
            raise SpecificationError(f"{self.name}: weights {stray} are not parameters")

    def condition(self) -> sympy.Expr:
        """The verified condition's left side minus its right side, checked against the signature."""
        eq = self.derivation().step(self.step).equation
        free = free_names(eq.lhs - eq.rhs)
        if free != {*self.params, self.unknown}:
            raise SpecificationError(
                f"{self.name}: parameters {sorted(self.params)} and unknown {self.unknown!r} do not match the "
                f"free symbols {sorted(free)} of step {self.step!r} of {self.relation!r}"
            )
        return widen(eq.lhs - eq.rhs, dict(self.domain), self.name)

    def bounds(self) -> tuple[sympy.Expr, ...]:
        """The right sides of the bracketing steps, whose free symbols must be parameters."""
        derivation = self.derivation()
        out = []
        for label in self.brackets:
            rhs = derivation.step(label).equation.rhs
            extra = free_names(rhs) - set(self.params)
            if extra:
                raise SpecificationError(f"{self.name}: bracket {label!r} depends on {sorted(extra)}, not parameters")
            out.append(rhs)
        return tuple(out)

    def expression(self) -> sympy.Expr:
        """The condition (checked), for callers that validate every function's expression."""
        self.bounds()
        return self.condition()
