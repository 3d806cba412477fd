"""Model files: a user's system (ions, solutions, temperature, relations) as a checked value.

A model file is TOML::

    name = "squid"                         # module name (squid.py) and report stem
    title = "Squid giant axon (Hodgkin & Katz 1949)"
    temperature = "20 degC"                # quantities carry units; a bare number is SI
    relations = ["nernst", "ghk_voltage", "ghk_current"]
    modules = ["my_relations.py"]          # optional: the user's own relations

    [ions.K]
    charge = 1
    inside = "400 mM"
    outside = "20 mM"
    permeability = 1.0                     # relative, or with a unit ("1e-8 m/s")

:func:`load_model` reads one into a frozen :class:`Model`. The file is hostile until
checked: every key must be known, every quantity has the dimension its symbol declares
(parsed by :mod:`derive.quantities`, exactly), names follow :class:`derive.Ion`'s rule,
and module paths must stay inside the model's folder. Anything else is a
:class:`~derive.errors.ModelError` naming the file, the key and what was expected.
Nothing in the file is ever evaluated as code; ``modules`` names Python files the user
wrote, which the build imports on purpose.
"""

from __future__ import annotations

import keyword
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from sympy.physics import units as u

from .errors import ModelError, QuantityError, SpecificationError
from .ions import Ion
from .quantities import si_value
from .symbols import SymbolSpec

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

_MODEL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_TOP_KEYS = ("name", "title", "temperature", "relations", "modules", "ions")
_ION_KEYS = ("charge", "inside", "outside", "permeability")
#: What a model's quantities are, for parsing their units (the registry's ion symbols are
#: registered per ion; these carry the same units).
_TEMPERATURE = SymbolSpec("T", "T", u.kelvin, "temperature", ("positive",))
_CONCENTRATION = SymbolSpec("c", "c", u.mol / u.m**3, "concentration", ("nonnegative",))
_PERMEABILITY = SymbolSpec("P", "P", u.m / u.s, "permeability", ("nonnegative",))
#: Longest model file read (a model is a page of TOML, not a data dump).
_MAX_BYTES = 1 << 20


@dataclass(frozen=True)
class IonSetting:
    """One ion of a model: the species and its concentrations and permeability, in SI."""

    #: The species (name and charge).
    ion: Ion
    #: Concentration inside, mol/m³ (= mM), exact; None when the model does not give it.
    inside: Fraction | None = None
    #: Concentration outside, mol/m³, exact; None when not given.
    outside: Fraction | None = None
    #: Permeability: m/s when ``relative`` is False, a pure ratio when True; None when not given.
    permeability: Fraction | None = None
    #: Whether ``permeability`` is relative (a bare number) rather than in m/s.
    relative: bool = True


@dataclass(frozen=True)
class Model:
    """A user's system, checked: what ``derive build MODEL.toml`` builds."""

    #: Identifier: the module's name (``squid.py``) and the report's stem.
    name: str
    #: Title of the report.
    title: str
    #: Temperature, K, exact.
    temperature: Fraction
    #: Relation names, in report order.
    relations: tuple[str, ...]
    #: The ions, in file order.
    ions: tuple[IonSetting, ...]
    #: The user's relation files, resolved inside the model's folder.
    modules: tuple[Path, ...] = ()
    #: The file it was read from (for messages); None when built in code.
    source: Path | None = None

    def ion(self, name: str) -> IonSetting:
        """The setting of ion ``name``."""
        for setting in self.ions:
            if setting.ion.name == name:
                return setting
        raise ModelError(str(self.source or self.name), f"ions.{name}", "an ion of the model", "no such ion")


def load_model(path: Path | str, known_relations: tuple[str, ...] | None = None) -> Model:
    """Read and check the model file at ``path``.

    ``known_relations`` are the relation names a model may ask for (default: every
    registered relation).
    """
    path = Path(path)
    where = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ModelError(where, "", "a readable model file", exc.strerror or str(exc)) from None
    if len(data) > _MAX_BYTES:
        raise ModelError(where, "", f"a model file under {_MAX_BYTES} bytes", f"{len(data)} bytes")
    try:
        table = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ModelError(where, "", "UTF-8 text", f"byte {exc.start} is not UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise ModelError(where, "", "TOML", str(exc)) from None
    if known_relations is None:
        from .relations import relations

        known_relations = tuple(relations())
    return model_from_table(table, where, path.parent, known_relations)


def model_from_table(
    table: Mapping[str, Any], where: str, folder: Path, known_relations: tuple[str, ...]
) -> Model:
    """Check a parsed model table (see :func:`load_model`)."""
    _known_keys(table, _TOP_KEYS, where, "")
    for key in ("name", "relations", "ions"):
        if key not in table:
            raise ModelError(where, key, _EXPECTED[key], "missing")
    name = _text(table["name"], where, "name")
    if not _MODEL_NAME.fullmatch(name) or keyword.iskeyword(name) or len(name) > 64:
        raise ModelError(where, "name", _EXPECTED["name"], f"{name!r} is not one")
    title = _text(table.get("title", name), where, "title")
    temperature = _quantity(table.get("temperature", "310.15 K"), _TEMPERATURE, where, "temperature")
    if temperature <= 0:
        raise ModelError(where, "temperature", "an absolute temperature above 0 K", f"{float(temperature):g} K")
    relations = _relations(table["relations"], where, known_relations)
    modules = _modules(table.get("modules", []), where, folder)
    ions = _ions(table["ions"], where)
    return Model(name, title, temperature, relations, ions, modules, Path(where))


_EXPECTED = {
    "name": "an identifier (letters, digits, _; not starting with a digit; not a Python keyword)",
    "title": "a string",
    "relations": "a list of relation names",
    "modules": "a list of relative paths of .py files inside the model's folder",
    "ions": "a table of ions ([ions.K], [ions.Na], ...)",
}


def _known_keys(table: Mapping[str, Any], known: tuple[str, ...], where: str, prefix: str) -> None:
    for key in table:
        if key not in known:
            raise ModelError(where, prefix + key, f"one of {', '.join(known)}", "unknown key")


def _text(value: Any, where: str, key: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ModelError(where, key, _EXPECTED.get(key, "a string"), f"got {value!r}")
    if any(not ch.isprintable() for ch in value) or len(value) > 200:
        raise ModelError(where, key, "one line of printable text, at most 200 characters", f"got {value[:40]!r}")
    return value


def _quantity(value: Any, spec: SymbolSpec, where: str, key: str) -> Fraction:
    try:
        return si_value(value, spec, key)
    except QuantityError as exc:
        raise ModelError(where, key, exc.expected, str(exc).removeprefix(f"{key}: ").split("; expected")[0]) from None


def _relations(value: Any, where: str, known: tuple[str, ...]) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise ModelError(where, "relations", _EXPECTED["relations"], f"got {value!r}")
    names = []
    for i, name in enumerate(value):
        if not isinstance(name, str) or name not in known:
            raise ModelError(where, f"relations[{i}]", f"a relation derive knows ({', '.join(known)})", f"{name!r}")
        if name in names:
            raise ModelError(where, f"relations[{i}]", "each relation once", f"{name!r} is repeated")
        names.append(name)
    return tuple(names)


def _modules(value: Any, where: str, folder: Path) -> tuple[Path, ...]:
    if not isinstance(value, list):
        raise ModelError(where, "modules", _EXPECTED["modules"], f"got {value!r}")
    paths = []
    root = folder.resolve()
    for i, item in enumerate(value):
        key = f"modules[{i}]"
        if not isinstance(item, str) or not item.endswith(".py") or Path(item).is_absolute():
            raise ModelError(where, key, _EXPECTED["modules"], f"got {item!r}")
        path = (root / item).resolve()
        if not path.is_relative_to(root):
            raise ModelError(where, key, _EXPECTED["modules"], f"{item!r} leaves the model's folder")
        if not path.is_file():
            raise ModelError(where, key, _EXPECTED["modules"], f"{item!r} does not exist")
        paths.append(path)
    return tuple(paths)


def _ions(value: Any, where: str) -> tuple[IonSetting, ...]:
    if not isinstance(value, dict) or not value:
        raise ModelError(where, "ions", _EXPECTED["ions"], f"got {value!r}")
    settings = []
    relative = set()
    for name, fields in value.items():
        key = f"ions.{name}"
        if not isinstance(fields, dict):
            raise ModelError(where, key, "a table with charge, inside, outside, permeability", f"got {fields!r}")
        _known_keys(fields, _ION_KEYS, where, key + ".")
        if "charge" not in fields:
            raise ModelError(where, f"{key}.charge", "the ion's signed charge number (e.g. 1, -1, 2)", "missing")
        charge = fields["charge"]
        if isinstance(charge, bool) or not isinstance(charge, int) or charge == 0 or abs(charge) > 9:
            raise ModelError(where, f"{key}.charge", "a nonzero whole number between -9 and 9", f"got {charge!r}")
        try:
            ion = Ion(name, charge)
        except SpecificationError as exc:
            raise ModelError(where, key, "a chemical symbol such as K, Na, Cl, Ca", str(exc)) from None
        concentrations = {}
        for side in ("inside", "outside"):
            if side in fields:
                c = _quantity(fields[side], _CONCENTRATION, where, f"{key}.{side}")
                if c < 0:
                    raise ModelError(where, f"{key}.{side}", "a concentration >= 0", f"{float(c):g} mol/m^3")
                concentrations[side] = c
        permeability, is_relative = None, True
        if "permeability" in fields:
            given = fields["permeability"]
            is_relative = isinstance(given, (int, float)) and not isinstance(given, bool)
            permeability = (
                _ratio(given, where, f"{key}.permeability")
                if is_relative
                else _quantity(given, _PERMEABILITY, where, f"{key}.permeability")
            )
            if permeability < 0:
                raise ModelError(where, f"{key}.permeability", "a permeability >= 0", f"{float(permeability):g}")
            relative.add(is_relative)
        settings.append(IonSetting(ion, concentrations.get("inside"), concentrations.get("outside"), permeability, is_relative))
    if len(relative) > 1:
        raise ModelError(
            where, "ions", "permeabilities all relative (bare numbers) or all with units (m/s)", "a mix of both"
        )
    return tuple(settings)


def _ratio(value: Any, where: str, key: str) -> Fraction:
    try:
        return Fraction(repr(value))
    except (ValueError, ZeroDivisionError):
        raise ModelError(where, key, "a finite number", f"got {value!r}") from None
