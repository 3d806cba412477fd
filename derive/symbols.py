"""The symbol registry: every symbol a derivation may use, with its notation and unit.

A :class:`SymbolSpec` is the single source of truth for a quantity: the SymPy name
(which doubles as its Python identifier in generated code), its LaTeX form, its SI
unit as a :mod:`sympy.physics.units` expression (from which the dimension used by
the dimension checker is read), its SymPy assumptions and a one-line meaning.

Printers look symbols up here by name; relations ask for symbols from here (or from
:class:`derive.ions.Ion`, which registers its own), so notation is never spelled
twice.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

import sympy
from sympy.physics import units as u
from sympy.physics.units import Dimension
from sympy.physics.units.systems.si import SI

from .constants import AVOGADRO, FARADAY, GAS_CONSTANT, VACUUM_PERMITTIVITY
from .errors import DuplicateNameError, SpecificationError, UnknownNameError

#: Assumption keywords a spec may carry (a subset of SymPy's).
_ALLOWED_ASSUMPTIONS = frozenset({"positive", "nonnegative", "negative", "real", "integer", "nonzero", "finite"})

Kind = Literal["symbol", "function"]


@dataclass(frozen=True)
class SymbolSpec:
    """One quantity of the model.

    Examples
    --------
    >>> SymbolSpec("T", r"T", u.kelvin, "absolute temperature", ("positive",)).symbol
    T
    """

    #: SymPy name and Python identifier used in generated code (``K_in``, ``P_K``).
    name: str
    #: LaTeX form, e.g. ``[\mathrm{K}^{+}]_{\mathrm{i}}``.
    latex: str
    #: SI unit as a sympy.physics.units expression (``u.mol / u.m**3``); ``1`` if dimensionless.
    unit: Any
    #: One-line meaning, used in tables of symbols and docstrings.
    meaning: str
    #: SymPy assumption keywords, e.g. ``("positive",)``; each set to True.
    assumptions: tuple[str, ...] = ()
    #: "symbol" for a plain symbol, "function" for an undefined function such as c(x).
    kind: Kind = "symbol"
    #: Rank in printed products: lower ranks print first (z before F gives ``zF``).
    order: float = 50
    #: Exact value of a physical constant (F, R), as a SymPy number; None for variables.
    value: Any = field(default=None)
    #: Whether ``value`` is exact (F, R since 2019) rather than a measured recommended value (ε0).
    exact: bool = True

    @property
    def constant(self) -> bool:
        """Whether the symbol is a physical constant with a fixed value."""
        return self.value is not None

    def __post_init__(self) -> None:
        if not self.name.isidentifier():
            raise SpecificationError(f"symbol name {self.name!r} is not a Python identifier")
        unknown = set(self.assumptions) - _ALLOWED_ASSUMPTIONS
        if unknown:
            raise SpecificationError(f"symbol {self.name!r}: unknown assumption(s) {sorted(unknown)}")
        if self.kind not in ("symbol", "function"):
            raise SpecificationError(f"symbol {self.name!r}: kind must be 'symbol' or 'function'")
        if not self.meaning:
            raise SpecificationError(f"symbol {self.name!r}: a meaning is required")
        # Fail now, not at print time, if the unit is not a units expression.
        self.dimension  # noqa: B018

    @property
    def dimension(self) -> Dimension:
        """The SI dimension of the unit (``Dimension(1)`` for dimensionless)."""
        try:
            return Dimension(SI.get_dimensional_expr(sympy.sympify(self.unit)))
        except Exception as exc:  # pragma: no cover - defensive, message matters
            raise SpecificationError(
                f"symbol {self.name!r}: unit {self.unit!r} is not a sympy.physics.units expression"
            ) from exc

    @property
    def symbol(self) -> Any:
        """The SymPy object: a Symbol, or an undefined Function class for kind="function"."""
        kwargs = {a: True for a in self.assumptions}
        if self.kind == "function":
            return sympy.Function(self.name, **kwargs)
        return sympy.Symbol(self.name, **kwargs)


class SymbolRegistry(Mapping[str, SymbolSpec]):
    """Name → :class:`SymbolSpec`, refusing to redefine a name differently.

    Registering a spec equal to the one already held is a no-op, so ion symbols can be
    registered on demand from several places.
    """

    def __init__(self) -> None:
        self._specs: dict[str, SymbolSpec] = {}

    def register(self, spec: SymbolSpec) -> SymbolSpec:
        old = self._specs.get(spec.name)
        if old is not None and old != spec:
            raise DuplicateNameError("symbol", spec.name)
        self._specs[spec.name] = spec
        return spec

    def __getitem__(self, name: str) -> SymbolSpec:
        try:
            return self._specs[name]
        except KeyError:
            raise UnknownNameError("symbol", name, sorted(self._specs)) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._specs)

    def __len__(self) -> int:
        return len(self._specs)

    def spec_of(self, obj: Any) -> SymbolSpec:
        """The spec of a SymPy Symbol, undefined function class, or applied function c(x)."""
        if isinstance(obj, sympy.Symbol):
            return self[obj.name]
        if isinstance(obj, sympy.core.function.AppliedUndef):
            return self[obj.func.__name__]
        if isinstance(obj, sympy.core.function.UndefinedFunction):
            return self[obj.__name__]
        raise UnknownNameError("symbol", str(obj), sorted(self._specs))

    def view(self) -> Mapping[str, SymbolSpec]:
        return MappingProxyType(self._specs)

    def constants(self) -> list[SymbolSpec]:
        """The physical constants (specs with an exact value), in registration order."""
        return [spec for spec in self._specs.values() if spec.constant]


#: The global registry every relation and printer uses.
SYMBOLS = SymbolRegistry()


def define(
    name: str,
    latex: str,
    unit: Any,
    meaning: str,
    assumptions: tuple[str, ...] = (),
    *,
    kind: Kind = "symbol",
    order: float = 50,
    value: Any = None,
    exact: bool = True,
) -> Any:
    """Register a spec in :data:`SYMBOLS` and return its SymPy object."""
    spec = SYMBOLS.register(SymbolSpec(name, latex, unit, meaning, assumptions, kind, order, value, exact))
    return spec.symbol


def sym(name: str) -> Any:
    """The SymPy object registered under ``name``."""
    return SYMBOLS[name].symbol


_MOLAR = u.mol / u.m**3
_ENERGY_PER_MOL = u.joule / u.mol

# Print order in products follows textbook habit: P z F (c_i - c_o), zFψ, RT, Dβ/L.
F = define(
    "F", "F", u.coulomb / u.mol, r"Faraday constant, $e N_{\mathrm{A}}$ (exact)", ("positive",), order=22, value=FARADAY
)
R = define(
    "R",
    "R",
    u.joule / (u.mol * u.kelvin),
    r"molar gas constant, $k_{\mathrm{B}} N_{\mathrm{A}}$ (exact)",
    ("positive",),
    order=30,
    value=GAS_CONSTANT,
)
T = define("T", "T", u.kelvin, "absolute temperature", ("positive",), order=31)
z = define("z", "z", 1, "charge number of the ion (signed integer)", ("integer", "nonzero"), order=20)
V = define("V", "V", u.volt, r"membrane potential, $V = \psi_{\mathrm{i}} - \psi_{\mathrm{o}}$", ("real",), order=40)
psi_in = define("psi_in", r"\psi_{\mathrm{i}}", u.volt, "electric potential inside the cell", ("real",), order=41)
psi_out = define("psi_out", r"\psi_{\mathrm{o}}", u.volt, "electric potential outside the cell", ("real",), order=42)
c_std = define(
    "c_std",
    r"c^{\circ}",
    _MOLAR,
    "standard-state concentration, 1 mol/L (= 1000 mol/m$^{3}$)",
    ("positive",),
    order=60,
    value=sympy.Integer(1000),
)

# Membrane interior, for the Nernst–Planck/constant-field derivation.
x = define(
    "x",
    "x",
    u.m,
    "position along the flux; in the GHK derivations the depth into the membrane, from $0$ (inside face) "
    "to $L$ (outside face)",
    ("real",),
    order=45,
)
L = define("L", "L", u.m, "membrane thickness", ("positive",), order=46)
D = define(
    "D",
    "D",
    u.m**2 / u.s,
    "diffusion coefficient of the ion (in free solution in Fick's law, in the membrane for GHK)",
    ("positive",),
    order=10,
)
beta = define("beta", r"\beta", 1, "membrane/water partition coefficient", ("positive",), order=11)
c_m = define(
    "c_m", "c", _MOLAR, "ion concentration at position $x$ (inside the membrane for GHK)", kind="function", order=55
)
psi_m = define(
    "psi_m",
    r"\psi",
    u.volt,
    "electric potential inside the membrane at depth $x$",
    ("real",),
    kind="function",
    order=43,
)
mu_m = define(
    "mu_m",
    r"\tilde{\mu}",
    _ENERGY_PER_MOL,
    "electrochemical potential of the ion inside the membrane at depth $x$",
    ("real",),
    kind="function",
    order=44,
)

# Pump–leak model.
t = define("t", "t", u.s, "time", ("nonnegative",), order=90)
G = define(
    "G", "G", _MOLAR, "size of the gradient (e.g. a concentration difference)", ("real",), kind="function", order=50
)
G0 = define("G0", "G_{0}", _MOLAR, "gradient at $t = 0$", ("real",), order=51)
G_ss = define("G_ss", r"G^{*}", _MOLAR, "steady-state gradient", ("real",), order=52)
p = define("p", "p", _MOLAR / u.s, "pump rate: how fast the pump builds the gradient", ("positive",), order=48)
k = define(
    "k", "k", 1 / u.s, "leak rate constant: the fraction of the gradient lost per second", ("positive",), order=49
)
tau = define("tau", r"\tau", u.s, "time constant of approach to steady state", ("positive",), order=53)

# Fick's first law.
dc_dx = define(
    "dc_dx",
    r"\nabla c",
    _MOLAR / u.m,
    "concentration gradient along $x$ (the argument dc_dx of fick_flux)",
    ("real",),
    order=56,
)

# Electrochemical driving force (moving one mole of the ion from outside to inside).
dmu = define(
    "dmu",
    r"\Delta\tilde{\mu}",
    _ENERGY_PER_MOL,
    r"change of electrochemical potential, $\tilde{\mu}_{\mathrm{i}} - \tilde{\mu}_{\mathrm{o}}$, "
    "when one mole of the ion moves from outside to inside",
    ("real",),
    order=71,
)

# Free energy of transport between two compartments, "from" and "to".
c_from = define(
    "c_from", r"c_{\mathrm{from}}", _MOLAR, "concentration in the compartment the ion leaves", ("positive",), order=62
)
c_to = define(
    "c_to", r"c_{\mathrm{to}}", _MOLAR, "concentration in the compartment the ion enters", ("positive",), order=63
)
psi_from = define(
    "psi_from",
    r"\psi_{\mathrm{from}}",
    u.volt,
    "electric potential of the compartment the ion leaves",
    ("real",),
    order=43,
)
psi_to = define(
    "psi_to", r"\psi_{\mathrm{to}}", u.volt, "electric potential of the compartment the ion enters", ("real",), order=43
)
mut_from = define(
    "mut_from",
    r"\tilde{\mu}_{\mathrm{from}}",
    _ENERGY_PER_MOL,
    "electrochemical potential of the ion in the compartment it leaves",
    ("real",),
    order=70,
)
mut_to = define(
    "mut_to",
    r"\tilde{\mu}_{\mathrm{to}}",
    _ENERGY_PER_MOL,
    "electrochemical potential of the ion in the compartment it enters",
    ("real",),
    order=70,
)
delta_V = define(
    "delta_V",
    r"\Delta\psi",
    u.volt,
    r"potential step met by the ion, $\psi_{\mathrm{to}} - \psi_{\mathrm{from}}$",
    ("real",),
    order=43,
)
dG = define(
    "dG",
    r"\Delta G",
    _ENERGY_PER_MOL,
    "free energy change per mole of ion transported (negative: spontaneous)",
    ("real",),
    order=72,
)

# Proton-motive force.
pH_in = define(
    "pH_in",
    r"\mathrm{pH}_{\mathrm{i}}",
    1,
    r"pH inside, $-\log_{10}([\mathrm{H}^{+}]_{\mathrm{i}}/c^{\circ})$",
    ("real",),
    order=64,
)
pH_out = define(
    "pH_out",
    r"\mathrm{pH}_{\mathrm{o}}",
    1,
    r"pH outside, $-\log_{10}([\mathrm{H}^{+}]_{\mathrm{o}}/c^{\circ})$",
    ("real",),
    order=65,
)
delta_pH = define(
    "delta_pH",
    r"\Delta\mathrm{pH}",
    1,
    r"pH difference, $\mathrm{pH}_{\mathrm{i}} - \mathrm{pH}_{\mathrm{o}}$",
    ("real",),
    order=66,
)
delta_psi = define(
    "delta_psi",
    r"\Delta\psi_{\mathrm{m}}",
    u.volt,
    r"membrane potential as bioenergetics writes it, $\psi_{\mathrm{i}} - \psi_{\mathrm{o}}$ (Mitchell's $\Delta\psi$)",
    ("real",),
    order=43,
)
dmu_H = define(
    "dmu_H",
    r"\Delta\tilde{\mu}_{\mathrm{H}^{+}}",
    _ENERGY_PER_MOL,
    r"proton electrochemical potential difference, $\tilde{\mu}_{\mathrm{i}} - \tilde{\mu}_{\mathrm{o}}$ of H$^{+}$",
    ("real",),
    order=71,
)
delta_p = define(
    "delta_p",
    r"\Delta p",
    u.volt,
    "proton-motive force (negative: protons are driven inward)",
    ("real",),
    order=39,
)

# Na+/K+-ATPase cycle.
dG_Na = define(
    "dG_Na",
    r"\Delta G_{\mathrm{Na}}",
    _ENERGY_PER_MOL,
    "free energy of moving one mole of Na$^{+}$ from inside to outside",
    ("real",),
    order=73,
)
dG_K = define(
    "dG_K",
    r"\Delta G_{\mathrm{K}}",
    _ENERGY_PER_MOL,
    "free energy of moving one mole of K$^{+}$ from outside to inside",
    ("real",),
    order=74,
)
dG_cycle = define(
    "dG_cycle",
    r"\Delta G_{\mathrm{cycle}}",
    _ENERGY_PER_MOL,
    "free energy of the ion movements of one pump cycle (3 Na$^{+}$ out, 2 K$^{+}$ in), per mole of cycles",
    ("real",),
    order=72,
)
dG_ATP = define(
    "dG_ATP",
    r"\Delta G_{\mathrm{ATP}}",
    _ENERGY_PER_MOL,
    "free energy of ATP hydrolysis under cellular conditions (negative)",
    ("negative",),
    order=75,
)
V_pump = define(
    "V_pump",
    r"V_{\mathrm{pump}}",
    u.volt,
    "reversal potential of the pump: the membrane potential at which the cycle coupled to ATP hydrolysis "
    r"is at equilibrium ($\Delta G_{\mathrm{cycle}} + \Delta G_{\mathrm{ATP}} = 0$)",
    ("real",),
    order=40,
)

# GHK voltage with a divalent cation: the permeability-weighted sums of the monovalent ions.
A_ghk = define(
    "A_ghk",
    "A",
    _MOLAR * u.m / u.s,
    "permeability-weighted sum of the monovalent ions on the side they leave from when "
    r"carrying outward current: $\sum P c_{\mathrm{i}}$ over cations plus $\sum P c_{\mathrm{o}}$ over anions",
    ("positive",),
    order=12,
)
B_ghk = define(
    "B_ghk",
    "B",
    _MOLAR * u.m / u.s,
    r"the same with inside and outside swapped: $\sum P c_{\mathrm{o}}$ over cations plus "
    r"$\sum P c_{\mathrm{i}}$ over anions",
    ("positive",),
    order=13,
)
a_ghk = define(
    "a_ghk",
    "A'",
    _MOLAR * u.m / u.s,
    r"leading coefficient of the divalent GHK quadratic, $A + 4 P_{\mathrm{Ca}} [\mathrm{Ca}^{2+}]_{\mathrm{i}}$",
    ("positive",),
    order=14,
)
c_ghk = define(
    "c_ghk",
    "B'",
    _MOLAR * u.m / u.s,
    r"minus the constant term of the divalent GHK quadratic, $B + 4 P_{\mathrm{Ca}} [\mathrm{Ca}^{2+}]_{\mathrm{o}}$",
    ("positive",),
    order=15,
)
# Mullins–Noda: the Na+/K+ pump's coupling ratio and rate.
r = define(
    "r",
    "r",
    1,
    r"pump coupling ratio: Na$^{+}$ ions pumped out per K$^{+}$ ion pumped in (3/2 for the Na$^{+}$/K$^{+}$-ATPase)",
    ("positive",),
    order=0,
)
J_pump = define(
    "J_pump",
    r"J_{\mathrm{pump}}",
    u.mol / (u.m**2 * u.s),
    r"pump rate: K$^{+}$ ions carried in per unit area and time",
    ("positive",),
    order=26,
)

# Liquid junction between two solutions of one 1:1 electrolyte: position x_jn runs from
# solution 1 (x = 0) to solution 2 (x = w); "+" is the cation, "-" the anion. (Plain
# letters: the steps' rules are quoted in docstrings, where \xi would be an escape.)
_MOBILITY = u.m**2 / (u.volt * u.s)
x_jn = define(
    "x_jn",
    r"\xi",
    u.m,
    "position across the liquid junction, from solution 1 ($0$) to solution 2 ($w$)",
    ("real",),
    order=45,
)
w_jn = define("w_jn", "w", u.m, "width of the liquid junction, the layer where the two solutions mix", ("positive",))
c1 = define("c1", r"c_{1}", _MOLAR, "electrolyte concentration in solution 1", ("positive",), order=62)
c2 = define("c2", r"c_{2}", _MOLAR, "electrolyte concentration in solution 2", ("positive",), order=63)
u_plus = define("u_plus", r"u_{+}", _MOBILITY, "electric mobility of the cation", ("positive",), order=12)
u_minus = define("u_minus", r"u_{-}", _MOBILITY, "electric mobility of the anion", ("positive",), order=13)
c_plus = define(
    "c_plus", r"c_{+}", _MOLAR, "cation concentration in the junction", ("positive",), kind="function", order=56
)
c_minus = define(
    "c_minus", r"c_{-}", _MOLAR, "anion concentration in the junction", ("positive",), kind="function", order=57
)
psi_jn = define("psi_jn", r"\psi", u.volt, "electric potential in the junction", ("real",), kind="function", order=43)
psi_1 = define("psi_1", r"\psi_{1}", u.volt, "electric potential of solution 1", ("real",), order=41)
psi_2 = define("psi_2", r"\psi_{2}", u.volt, "electric potential of solution 2", ("real",), order=42)
mu0_plus = define(
    "mu0_plus", r"\mu^{\circ}_{+}", _ENERGY_PER_MOL, "standard chemical potential of the cation", ("real",), order=70
)
mu0_minus = define(
    "mu0_minus", r"\mu^{\circ}_{-}", _ENERGY_PER_MOL, "standard chemical potential of the anion", ("real",), order=70
)
mu_plus = define(
    "mu_plus",
    r"\tilde{\mu}_{+}",
    _ENERGY_PER_MOL,
    "electrochemical potential of the cation in the junction",
    ("real",),
    kind="function",
    order=44,
)
mu_minus = define(
    "mu_minus",
    r"\tilde{\mu}_{-}",
    _ENERGY_PER_MOL,
    "electrochemical potential of the anion in the junction",
    ("real",),
    kind="function",
    order=44,
)
J_plus = define(
    "J_plus", r"J_{+}", u.mol / (u.m**2 * u.s), "cation flux from solution 1 towards 2", ("real",), order=25
)
J_minus = define(
    "J_minus", r"J_{-}", u.mol / (u.m**2 * u.s), "anion flux from solution 1 towards 2", ("real",), order=25
)
E_LJ = define(
    "E_LJ",
    r"E_{\mathrm{LJ}}",
    u.volt,
    r"liquid junction potential, $\psi_{2} - \psi_{1}$",
    ("real",),
    order=40,
)

# Chord conductance: the total conductance, positive when at least one ion is permeant.
g_total = define(
    "g_total",
    r"g_{\mathrm{tot}}",
    u.siemens / u.m**2,
    "total membrane conductance, the sum of the ions' conductances (positive: some ion is permeant)",
    ("positive",),
    order=7,
)

# Mullins–Noda: the pump-weighted sums, positive when at least one of K+ and Na+ is permeant.
S_in = define(
    "S_in",
    r"S_{\mathrm{i}}",
    _MOLAR * u.m / u.s,
    r"pump-weighted sum inside, "
    r"$r P_{\mathrm{K}} [\mathrm{K}^{+}]_{\mathrm{i}} + P_{\mathrm{Na}} [\mathrm{Na}^{+}]_{\mathrm{i}}$",
    ("positive",),
    order=16,
)
S_out = define(
    "S_out",
    r"S_{\mathrm{o}}",
    _MOLAR * u.m / u.s,
    r"pump-weighted sum outside, "
    r"$r P_{\mathrm{K}} [\mathrm{K}^{+}]_{\mathrm{o}} + P_{\mathrm{Na}} [\mathrm{Na}^{+}]_{\mathrm{o}}$",
    ("positive",),
    order=17,
)

# ---------------------------------------------------------------------------------------
# Issue 11: Donnan equilibrium, Ussing flux ratio, bi-ionic permeability ratio, exchangers.

# Donnan equilibrium: impermeant fixed charge inside, a 1:1 salt bath outside.
rho = define(
    "rho",
    r"\rho",
    _MOLAR,
    "concentration of impermeant fixed charge inside, in moles of elementary charges per volume, signed "
    "(negative for cytoplasmic proteins)",
    ("real",),
    order=58,
)

# Ussing flux ratio: the two unidirectional fluxes of the GHK flux.
J_influx = define(
    "J_influx",
    r"J_{\mathrm{in}}",
    u.mol / (u.m**2 * u.s),
    "unidirectional influx of the ion, from outside to inside (positive)",
    ("real",),
    order=27,
)
J_efflux = define(
    "J_efflux",
    r"J_{\mathrm{out}}",
    u.mol / (u.m**2 * u.s),
    "unidirectional efflux of the ion, from inside to outside (positive)",
    ("real",),
    order=28,
)
flux_ratio = define(
    "flux_ratio",
    r"r_{J}",
    1,
    r"Ussing flux ratio, $J_{\mathrm{in}}/J_{\mathrm{out}}$: unidirectional influx over unidirectional efflux",
    ("positive",),
    order=29,
)

# Bi-ionic permeability ratio: two permeant ions X and Y of the same charge z.
X_in = define(
    "X_in", r"[\mathrm{X}]_{\mathrm{i}}", _MOLAR, "concentration of the test ion X inside (zero: absent)",
    ("nonnegative",), order=60.5,
)
X_out = define(
    "X_out", r"[\mathrm{X}]_{\mathrm{o}}", _MOLAR, "concentration of the test ion X outside", ("positive",),
    order=61.5,
)
Y_in = define(
    "Y_in", r"[\mathrm{Y}]_{\mathrm{i}}", _MOLAR, "concentration of the reference ion Y inside", ("positive",),
    order=60.6,
)
Y_out = define(
    "Y_out", r"[\mathrm{Y}]_{\mathrm{o}}", _MOLAR, "concentration of the reference ion Y outside (zero: absent)",
    ("nonnegative",), order=61.6,
)
P_X = define("P_X", r"P_{\mathrm{X}}", u.m / u.s, "membrane permeability to the test ion X", ("nonnegative",), order=5.5)
P_Y = define(
    "P_Y", r"P_{\mathrm{Y}}", u.m / u.s, "membrane permeability to the reference ion Y (permeant)", ("positive",),
    order=5.6,
)
I_X = define(
    "I_X", r"I_{\mathrm{X}}", u.ampere / u.m**2, "current density carried by X at the reversal potential",
    ("real",), order=1.5,
)
I_Y = define(
    "I_Y", r"I_{\mathrm{Y}}", u.ampere / u.m**2, "current density carried by Y at the reversal potential",
    ("real",), order=1.6,
)
V_rev = define(
    "V_rev", r"V_{\mathrm{rev}}", u.volt, "reversal potential: the membrane potential of zero net current",
    ("real",), order=40,
)
P_ratio = define(
    "P_ratio", r"P_{\mathrm{X}:\mathrm{Y}}", 1, r"permeability ratio of X to Y, $P_{\mathrm{X}}/P_{\mathrm{Y}}$",
    ("nonnegative",), order=4,
)

# Exchangers and cotransporters: the free energy of one transport cycle.
dG_tr = define(
    "dG_tr",
    r"\Delta G_{\mathrm{tr}}",
    _ENERGY_PER_MOL,
    "free energy of the ion movements of one transport cycle, per mole of cycles (negative: the cycle runs "
    "forward by itself)",
    ("real",),
    order=72,
)
E_rev = define(
    "E_rev",
    r"E_{\mathrm{rev}}",
    u.volt,
    "reversal potential of the transporter: the membrane potential at which its cycle is at equilibrium",
    ("real",),
    order=40,
)

# ---------------------------------------------------------------------------------------
# Issue 11, part 5: activities (Debye–Hückel, Davies) and the permittivity of water.

N_A = define(
    "N_A", r"N_{\mathrm{A}}", 1 / u.mol, "Avogadro constant (exact)", ("positive",), order=23, value=AVOGADRO
)
epsilon_0 = define(
    "epsilon_0",
    r"\varepsilon_{0}",
    u.farad / u.m,
    "vacuum electric permittivity (CODATA 2018 recommended value; measured since 2019, relative "
    "uncertainty 1.5e-10)",
    ("positive",),
    order=24,
    value=VACUUM_PERMITTIVITY,
    exact=False,
)
kelvin = define(
    "kelvin",
    r"\mathrm{K}",
    u.kelvin,
    r"one kelvin, the unit that makes a temperature a number ($T/\mathrm{K}$)",
    ("positive",),
    order=32,
    value=sympy.Integer(1),
)
ionic_strength = define(
    "ionic_strength",
    "I_{c}",
    _MOLAR,
    "ionic strength: half the sum over the ions of $z^{2} c$, in mol/m$^{3}$ (= mM) like every concentration",
    ("nonnegative",),
    order=57,
)
gamma = define(
    "gamma", r"\gamma", 1, r"activity coefficient of the ion (activity = $\gamma c / c^{\circ}$)", ("positive",),
    order=2,
)
kappa = define(
    "kappa", r"\kappa", 1 / u.m, r"inverse Debye length of the solution, $1/\lambda_{\mathrm{D}}$", ("positive",),
    order=56,
)
eps_r = define(
    "eps_r",
    r"\varepsilon_{\mathrm{r}}",
    1,
    "relative permittivity (dielectric constant) of water",
    ("positive",),
    order=25,
)
theta = define(
    "theta", r"\vartheta", 1, r"Celsius temperature as a number, $T/\mathrm{K} - 273.15$", ("real",), order=33
)
A_DH = define(
    "A_DH",
    "A",
    1,
    r"Debye–Hückel coefficient of $\log_{10}\gamma$, for ionic strengths in mol/L",
    ("positive",),
    order=10,
)
f_D = define(
    "f_D",
    r"f_{\mathrm{D}}",
    1,
    r"Davies' function of the ionic strength, $\sqrt{\hat{I}}/(1 + \sqrt{\hat{I}}) - 0.3 \hat{I}$",
    ("real",),
    order=11,
)
ionic_strength_molar = define(
    "ionic_strength_molar",
    r"\hat{I}",
    1,
    r"ionic strength in mol/L, as a number: $\hat{I} = I_{c}/c^{\circ}$",
    ("nonnegative",),
    order=57.5,
)
