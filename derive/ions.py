"""Ions: an immutable value whose notation follows it into every artifact.

``Ion("K", 1)`` gives the symbols ``K_in`` (LaTeX ``[\\mathrm{K}^{+}]_{\\mathrm{i}}``),
``K_out``, ``E_K``, ``P_K``, … and registers them in :data:`derive.symbols.SYMBOLS`.
The generic ion :data:`GENERIC` has a symbolic charge ``z`` and the plain names
``c_in``, ``c_out``, ``E``, ``P`` used by the numeric functions' signatures.
Relations take ions as arguments; none hard-codes a concentration symbol.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

import sympy
from sympy.physics import units as u

from .errors import IonClashError, SpecificationError
from .symbols import SYMBOLS, SymbolSpec, z

Side = Literal["in", "out"]
_SIDES: dict[str, tuple[str, str]] = {"in": ("i", "inside"), "out": ("o", "outside")}
_NAME = re.compile(r"[A-Z][a-z]?[A-Za-z0-9]*")
#: Physiologists' order of ions in sums (P_K [K]_o + P_Na [Na]_o + P_Cl [Cl]_i); others after.
_RANK = {"K": 1, "Na": 2, "Cl": 3, "Ca": 4, "H": 5}


#: Ion name -> charge of the ion whose symbols use that name; the built-in ions are
#: reserved at import, so a user's Ion("K", 2) is refused before it registers anything.
_CHARGES: dict[str, int | None] = {}


def _check_side(side: str) -> None:
    if side not in _SIDES:
        raise SpecificationError(f"side must be 'in' or 'out', not {side!r}")


@dataclass(frozen=True)
class Ion:
    """An ion species.

    Parameters
    ----------
    name:
        Chemical symbol used in names and notation, e.g. ``"K"``, ``"Ca"``, ``"H"``.
    charge:
        Signed charge number (nonzero integer), or ``None`` for a generic ion of
        symbolic charge ``z``.
    """

    #: Chemical symbol, e.g. "K".
    name: str
    #: Signed charge number; None means symbolic (the generic ion).
    charge: int | None

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not _NAME.fullmatch(self.name):
            raise SpecificationError(f"ion name {self.name!r} must look like a chemical symbol (e.g. 'K', 'Ca')")
        if self.charge is not None:
            if isinstance(self.charge, bool) or not isinstance(self.charge, int):
                raise SpecificationError(f"ion {self.name}: charge must be an int, not {self.charge!r}")
            if self.charge == 0:
                raise SpecificationError(f"ion {self.name}: charge must be nonzero")

    # -- notation -----------------------------------------------------------------
    @property
    def is_generic(self) -> bool:
        return self.charge is None

    @property
    def superscript(self) -> str:
        """Charge as a LaTeX superscript body: ``+``, ``2+``, ``-`` ..."""
        if self.charge is None:
            return ""
        sign = "+" if self.charge > 0 else "-"
        mag = abs(self.charge)
        return sign if mag == 1 else f"{mag}{sign}"

    @property
    def latex(self) -> str:
        r"""The species in LaTeX: ``\mathrm{K}^{+}``."""
        if self.is_generic:
            return r"\mathrm{X}"
        return rf"\mathrm{{{self.name}}}^{{{self.superscript}}}"

    @property
    def label(self) -> str:
        """The species in plain text: ``K+``, ``Ca2+``, ``Cl-``."""
        return "X" if self.is_generic else f"{self.name}{self.superscript}"

    @property
    def description(self) -> str:
        """How meanings name the ion: ``$\\mathrm{K}^{+}$`` (prose math), or ``the ion`` for the generic one."""
        return "the ion" if self.is_generic else f"${self.latex}$"

    @property
    def z(self) -> Any:
        """Charge number as a SymPy object: an Integer, or the symbol z."""
        return z if self.charge is None else sympy.Integer(self.charge)

    # -- symbols --------------------------------------------------------------------
    @property
    def rank(self) -> float:
        """Fraction added to the print order of this ion's symbols, so sums list K, Na, Cl, Ca, H."""
        return 0.0 if self.is_generic else _RANK.get(self.name, 9) / 100

    def register_symbols(self) -> tuple[Any, ...]:
        """Register (and return) every symbol of the ion, so notation can name them before use."""
        return (
            self.c_in,
            self.c_out,
            self.E,
            self.P,
            self.I,
            self.J,
            self.mu_standard,
            *(self.chemical_potential(side) for side in ("in", "out")),
            *(self.electrochemical_potential(side) for side in ("in", "out")),
        )

    def claim(self) -> Ion:
        """Reserve this ion's name for its charge; IonClashError if another charge holds it."""
        if not self.is_generic:
            held = _CHARGES.setdefault(self.name, self.charge)
            if held != self.charge:
                raise IonClashError(self.name, self.charge, held)
        return self

    def _register(self, spec: SymbolSpec) -> Any:
        self.claim()
        return SYMBOLS.register(spec).symbol

    def concentration(self, side: Side) -> Any:
        """Concentration of the ion on one side of the membrane, mol/m³ (= mM)."""
        _check_side(side)
        sub, where = _SIDES[side]
        if self.is_generic:
            name, latex = f"c_{side}", rf"c_{{\mathrm{{{sub}}}}}"
        else:
            name, latex = f"{self.name}_{side}", rf"[{self.latex}]_{{\mathrm{{{sub}}}}}"
        return self._register(
            SymbolSpec(
                name,
                latex,
                u.mol / u.m**3,
                f"concentration of {self.description} {where} the cell",
                ("positive",),
                order=(60 if side == "in" else 61) + self.rank,
            )
        )

    @property
    def c_in(self) -> Any:
        return self.concentration("in")

    @property
    def c_out(self) -> Any:
        return self.concentration("out")

    def _per_ion(
        self, stem: str, latex_stem: str, unit: Any, meaning: str, assumptions: tuple[str, ...], order: float
    ) -> Any:
        if self.is_generic:
            name, latex = stem, latex_stem
        else:
            name, latex = f"{stem}_{self.name}", rf"{latex_stem}_{{\mathrm{{{self.name}}}}}"
        return self._register(
            SymbolSpec(name, latex, unit, f"{meaning} of {self.description}", assumptions, order=order + self.rank)
        )

    @property
    def E(self) -> Any:
        """Equilibrium (Nernst) potential of the ion, V."""
        return self._per_ion("E", "E", u.volt, "equilibrium (Nernst) potential", ("real",), 40)

    @property
    def P(self) -> Any:
        """Membrane permeability to the ion, m/s."""
        return self._per_ion("P", "P", u.m / u.s, "membrane permeability (zero: impermeant)", ("nonnegative",), 5)

    @property
    def I(self) -> Any:  # noqa: E743 - I is the physiologists' name
        """Current density carried by the ion, A/m², outward positive."""
        return self._per_ion("I", "I", u.ampere / u.m**2, "current density (outward positive)", ("real",), 1)

    @property
    def J(self) -> Any:
        """Molar flux of the ion, mol/(m²·s), outward positive."""
        meaning = "molar flux (outward positive across the membrane; towards larger $x$ in Fick's law)"
        return self._per_ion("J", "J", u.mol / (u.m**2 * u.s), meaning, ("real",), 25)

    @property
    def mu_standard(self) -> Any:
        """Standard chemical potential of the ion, J/mol."""
        return self._per_ion("mu0", r"\mu^{\circ}", u.joule / u.mol, "standard chemical potential", ("real",), 70)

    @property
    def g(self) -> Any:
        """Membrane conductance per unit area to the ion, S/m²."""
        meaning = "membrane conductance per unit area: the slope dI/dV at E, or the chord I/(V - E) (zero: impermeant)"
        return self._per_ion("g", "g", u.siemens / u.m**2, meaning, ("nonnegative",), 6)

    def chemical_potential(self, side: Side) -> Any:
        """Symbol for the chemical potential μ on one side, J/mol."""
        return self._side_symbol("mu", r"\mu", "chemical potential", side)

    def electrochemical_potential(self, side: Side) -> Any:
        """Symbol for the electrochemical potential μ̃ on one side, J/mol."""
        return self._side_symbol("mut", r"\tilde{\mu}", "electrochemical potential", side)

    def _side_symbol(self, stem: str, latex_stem: str, meaning: str, side: Side) -> Any:
        _check_side(side)
        sub, where = _SIDES[side]
        if self.is_generic:
            name, latex = f"{stem}_{side}", rf"{latex_stem}_{{\mathrm{{{sub}}}}}"
        else:
            name = f"{stem}_{self.name}_{side}"
            latex = rf"{latex_stem}_{{\mathrm{{{self.name}}},\mathrm{{{sub}}}}}"
        return self._register(
            SymbolSpec(
                name,
                latex,
                u.joule / u.mol,
                f"{meaning} of {self.description} {where} the cell",
                ("real",),
                order=70 + self.rank,
            )
        )


#: The generic ion of symbolic charge z used by the catalogue's general results.
GENERIC = Ion("X", None)
POTASSIUM = Ion("K", 1)
SODIUM = Ion("Na", 1)
CHLORIDE = Ion("Cl", -1)
CALCIUM = Ion("Ca", 2)
#: The proton (for the proton-motive force); not in the default set of permeant ions.
HYDROGEN = Ion("H", 1)
#: The default ion set, in the order reports list them.
DEFAULT_IONS: tuple[Ion, ...] = (POTASSIUM, SODIUM, CHLORIDE, CALCIUM)
for _ion in (*DEFAULT_IONS, HYDROGEN):
    _ion.claim()

# Register the built-in ions' symbols now, so a printer can name E or K_out before any relation
# using them has been derived (`derive show junction_potential --format python` once failed so).
for _ion in (GENERIC, *DEFAULT_IONS, HYDROGEN):
    _ion.register_symbols()
del _ion
