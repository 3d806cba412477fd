"""Liquid junction potentials of real solutions: the ion library and the numeric function.

The ion library is the data file ``derive/data/ions.csv``: each ion's charge, its
limiting mobility as published (a conductance per unit charge, or JPCalc's mobility
relative to K+) and the BibTeX key of the table it comes from. :func:`ion_library`
loads and checks it; :func:`liquid_junction_potential` computes a junction potential
with the runtime that the generated ``membrane.py`` carries too
(:mod:`derive.printing.ljp_runtime`), so derive and the generated module give the same
numbers. :func:`parse_solution` and :func:`read_solutions` read the command line's
``"K=145 Cl=145"`` and TOML files.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from .bibliography import reference
from .errors import DeriveError, SpecificationError
from .printing import ljp_runtime
from .printing.ljp_runtime import Ion

#: JPCalc's conductance of K+ (S cm^2/mol), the reference of its relative mobilities (Barry 1994).
JPCALC_POTASSIUM = 73.5

Kind = Literal["conductance", "relative-mobility"]

#: Default temperature of liquid_junction_potential, K (25 °C: the tables' temperature).
LJP_TEMPERATURE = 298.15


class SolutionError(DeriveError, ValueError):
    """A solution given as text or in a file could not be read."""


@dataclass(frozen=True)
class LibraryIon:
    """One ion of the library, as the data file gives it."""

    #: The name a solution uses ("K", "gluconate").
    name: str
    #: Signed charge number.
    charge: int
    #: The published number: a conductance per unit charge (S cm^2/mol) or a mobility relative to K+.
    value: float
    #: What ``value`` is.
    kind: Kind
    #: BibTeX key of its source (derive.bibliography).
    source: str
    #: Other accepted names.
    aliases: tuple[str, ...] = ()
    #: Anything a reader should know (the form of EGTA, ...).
    note: str = ""

    def __post_init__(self) -> None:
        where = f"ion library: {self.name!r}"
        if not re.match(r"^[A-Za-z][A-Za-z0-9-]*$", self.name):
            raise SpecificationError(f"{where}: a name is letters, digits and '-'")
        if isinstance(self.charge, bool) or not isinstance(self.charge, int) or self.charge == 0:
            raise SpecificationError(f"{where}: the charge must be a nonzero whole number, not {self.charge!r}")
        if not (math.isfinite(self.value) and self.value > 0):
            raise SpecificationError(f"{where}: the mobility must be finite and > 0, not {self.value!r}")
        if self.kind not in ("conductance", "relative-mobility"):
            raise SpecificationError(f"{where}: kind must be 'conductance' or 'relative-mobility', not {self.kind!r}")
        reference(self.source)  # an unknown key is an UnknownReferenceError

    @property
    def conductance(self) -> float:
        """Limiting conductance per unit charge, S cm^2/mol (JPCalc's relative mobilities
        times its K+ reference, times |z|: a conductance per charge is F times the
        electric mobility, |z| times the diffusional one)."""
        if self.kind == "conductance":
            return self.value
        return abs(self.charge) * self.value * JPCALC_POTASSIUM


def _read_library(text: str) -> tuple[LibraryIon, ...]:
    rows = csv.DictReader(line for line in io.StringIO(text) if not line.startswith("#"))
    ions = []
    for number, row in enumerate(rows, start=2):
        try:
            ions.append(
                LibraryIon(
                    name=row["name"],
                    charge=int(row["charge"]),
                    value=float(row["value"]),
                    kind=row["kind"],  # type: ignore[arg-type]
                    source=row["source"],
                    aliases=tuple(a for a in row["aliases"].split("|") if a),
                    note=row["note"],
                )
            )
        except (KeyError, ValueError, TypeError) as exc:
            raise SpecificationError(f"ion library, data row {number}: {exc}") from exc
    spellings: dict[str, str] = {}
    for ion in ions:
        for spelling in (ion.name, *ion.aliases):
            taken = spellings.setdefault(spelling.casefold(), ion.name)
            if taken != ion.name:
                raise SpecificationError(f"ion library: {spelling!r} names both {taken!r} and {ion.name!r}")
    return tuple(ions)


@cache
def ion_library() -> tuple[LibraryIon, ...]:
    """The ions of ``derive/data/ions.csv``, checked (charges, mobilities, sources, unique names)."""
    return _read_library(resources.files("derive").joinpath("data/ions.csv").read_text(encoding="utf-8"))


@cache
def library_table() -> dict[str, tuple[int, float, tuple[str, ...]]]:
    """The library as the runtime takes it: name → (charge, conductance per charge, aliases)."""
    return {ion.name: (ion.charge, ion.conductance, ion.aliases) for ion in ion_library()}


def liquid_junction_potential(
    solution1: Mapping[Any, float],
    solution2: Mapping[Any, float],
    T: float = LJP_TEMPERATURE,
    method: str = "nernst-planck",
    *,
    balance: str | Ion | None = None,
) -> float:
    """ψ(solution 2) − ψ(solution 1), V: the function of the generated ``membrane.py``.

    With solution 1 the pipette and solution 2 the bath, this is the junction potential
    to subtract from a measured potential: V_m = V_measured − E_LJ. See the generated
    module's docstring for the arguments.
    """
    return ljp_runtime._ljp(solution1, solution2, T, method, balance, library_table())


def all_methods(
    solution1: Mapping[Any, float],
    solution2: Mapping[Any, float],
    T: float = LJP_TEMPERATURE,
    *,
    balance: str | Ion | None = None,
) -> dict[str, float | None]:
    """Each method's junction potential (V); None for Planck's when an ion is not monovalent."""
    values: dict[str, float | None] = {}
    for method in ljp_runtime._LJP_METHODS:
        try:
            values[method] = liquid_junction_potential(solution1, solution2, T, method, balance=balance)
        except ValueError as exc:
            if method == "planck" and "monovalent" in str(exc):
                values[method] = None
            else:
                raise
    return values


_ENTRY = re.compile(r"^([A-Za-z][A-Za-z0-9+\-]*)=([^=\s]+)$")


def parse_solution(text: str, what: str = "solution") -> dict[str, float]:
    """``"K=145 gluconate=145 Na=13 Cl=10"`` (mM; commas or spaces between) → a dict."""
    solution: dict[str, float] = {}
    for entry in re.split(r"[\s,;]+", text.strip()):
        if not entry:
            continue
        match = _ENTRY.match(entry)
        if not match:
            raise SolutionError(f"{what}: {entry!r} is not NAME=CONCENTRATION (mM), e.g. K=145")
        name, value = match.groups()
        try:
            concentration = float(value)
        except ValueError:
            raise SolutionError(f"{what}: {value!r} (ion {name}) is not a number") from None
        if name in solution:
            raise SolutionError(f"{what}: ion {name!r} is given twice")
        solution[name] = concentration
    if not solution:
        raise SolutionError(f"{what} is empty: give NAME=CONCENTRATION pairs (mM), e.g. \"K=145 Cl=145\"")
    return solution




def parse_temperature(text: str) -> float:
    """``"25degC"``, ``"25 °C"``, ``"298.15K"`` → kelvin, read by :func:`derive.quantities.si_value`
    (pint, exactly) like every quantity derive takes as text. A unit is required."""
    from .errors import QuantityError
    from .quantities import si_value
    from .symbols import SYMBOLS

    if not isinstance(text, str) or not any(ch.isalpha() or ch == "°" for ch in text):
        raise SolutionError(f"temperature {text!r}: give a number with a unit, e.g. 25degC or 298.15K")
    try:
        kelvin = float(si_value(text, SYMBOLS["T"], "temperature"))
    except QuantityError as exc:
        raise SolutionError(str(exc)) from None
    if not kelvin > 0:
        raise SolutionError(f"temperature {text!r} is not above absolute zero")
    return kelvin


def read_solutions(path: Path) -> dict[str, Any]:
    """A TOML file with tables ``[pipette]`` and ``[bath]`` (ion = mM) and optionally
    ``temperature = "25degC"``: → {"pipette": ..., "bath": ..., "temperature": K or None}.
    The file is read as data only."""
    try:
        import tomllib
    except ModuleNotFoundError:  # pragma: no cover - Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise SolutionError(f"{path}: not valid TOML ({exc})") from None
    unknown = sorted(set(data) - {"pipette", "bath", "temperature"})
    if unknown:
        raise SolutionError(f"{path}: unknown keys {unknown}; known: pipette, bath, temperature")
    out: dict[str, Any] = {"temperature": None}
    for side in ("pipette", "bath"):
        table = data.get(side)
        if table is None:
            continue
        if not isinstance(table, dict):
            raise SolutionError(f"{path}: [{side}] must be a table of ion = concentration (mM)")
        for name, value in table.items():
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise SolutionError(f"{path}: [{side}] {name} = {value!r} is not a number (mM)")
        out[side] = {name: float(value) for name, value in table.items()}
    if "temperature" in data:
        if not isinstance(data["temperature"], str):
            raise SolutionError(f"{path}: temperature must be a string with a unit, e.g. \"25degC\"")
        out["temperature"] = parse_temperature(data["temperature"])
    return out


__all__ = [
    "JPCALC_POTASSIUM",
    "LJP_TEMPERATURE",
    "Ion",
    "LibraryIon",
    "SolutionError",
    "all_methods",
    "ion_library",
    "library_table",
    "liquid_junction_potential",
    "parse_solution",
    "parse_temperature",
    "read_solutions",
]
