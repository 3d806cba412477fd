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

from .errors import DuplicateNameError, ModelError, QuantityError, SpecificationError
from .ions import Ion
from .quantities import si_value
from .symbols import SymbolSpec

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

_MODEL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_TOP_KEYS = ("name", "title", "temperature", "potential", "relations", "modules", "ions")
_ION_KEYS = ("charge", "inside", "outside", "permeability")
#: What a model's quantities are, for parsing their units (the registry's ion symbols are
#: registered per ion; these carry the same units).
_TEMPERATURE = SymbolSpec("T", "T", u.kelvin, "temperature", ("positive",))
_CONCENTRATION = SymbolSpec("c", "c", u.mol / u.m**3, "concentration", ("nonnegative",))
_PERMEABILITY = SymbolSpec("P", "P", u.m / u.s, "permeability", ("nonnegative",))
_POTENTIAL = SymbolSpec("V", "V", u.volt, "membrane potential", ("real",))
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
    #: Membrane potential, V, exact: the worked examples' and the functions' default V;
    #: None when the model gives none.
    potential: Fraction | None = None

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
    for key in ("name", "ions"):
        if key not in table:
            raise ModelError(where, key, _EXPECTED[key], "missing")
    name = _text(table["name"], where, "name")
    if not _MODEL_NAME.fullmatch(name) or keyword.iskeyword(name) or len(name) > 64:
        raise ModelError(where, "name", _EXPECTED["name"], f"{name!r} is not one")
    title = _text(table.get("title", name), where, "title")
    temperature = _quantity(table.get("temperature", "310.15 K"), _TEMPERATURE, where, "temperature")
    if temperature <= 0:
        raise ModelError(where, "temperature", "an absolute temperature above 0 K", f"{float(temperature):g} K")
    if any(ch in title for ch in "$\\"):
        raise ModelError(where, "title", "plain text (no $ or backslash: the title is not LaTeX)", f"got {title!r}")
    potential = _quantity(table["potential"], _POTENTIAL, where, "potential") if "potential" in table else None
    modules = _modules(table.get("modules", []), where, folder)
    if "relations" not in table and not modules:
        raise ModelError(where, "relations", _EXPECTED["relations"], "missing")
    # The user's relation files are imported on purpose (the file asks for them): their
    # relations become names the model may list, and are built even when it does not.
    own = tuple(name for path in modules for name in load_relation_file(path).relations)
    relations = _relations(table.get("relations", []), where, (*known_relations, *own), allow_empty=bool(modules))
    relations += tuple(name for name in own if name not in relations)
    ions = _ions(table["ions"], where)
    return Model(name, title, temperature, relations, ions, modules, Path(where), potential)


_EXPECTED = {
    "name": "an identifier (letters, digits, _; not starting with a digit; not a Python keyword)",
    "title": "a string",
    "relations": "a list of relation names (may be left out when modules gives relation files)",
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


def _relations(value: Any, where: str, known: tuple[str, ...], allow_empty: bool = False) -> tuple[str, ...]:
    if not isinstance(value, list) or not (value or allow_empty):
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
            ion = Ion(name, charge).claim()
        except (SpecificationError, DuplicateNameError) as exc:
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


# ---------------------------------------------------------------- the user's relation files


@dataclass(frozen=True)
class RelationFile:
    """What a user's relation file registered: its relations (by registry name), and the
    numeric functions and worked examples it declares in ``FUNCTIONS`` and ``EXAMPLES``."""

    path: Path
    relations: tuple[str, ...]
    functions: tuple[Any, ...] = ()
    examples: tuple[Any, ...] = ()
    #: The file's bytes, for the build cache's key.
    text: str = ""


_LOADED: dict[tuple[Path, str], RelationFile] = {}


def load_relation_file(path: Path) -> RelationFile:
    """Import a user's relation file (once per process and content) and return what it registered.

    The file is Python the user wrote, run on purpose, like a ``conftest.py``: it uses
    derive's public API (``derive.register``, ``derive.Derivation``, ``derive.Step``, the
    rules, ``derive.Ion``, ``derive.define_symbol``) and may declare ``FUNCTIONS`` (a tuple
    of :class:`derive.NumericFunction`) and ``EXAMPLES`` (of :class:`derive.WorkedExample`)
    for its relations. An error while importing is a :class:`RelationFileError` naming the
    file and the line, and leaves the registry as it was.
    """
    import hashlib
    import importlib.util
    import traceback

    from .catalogue import NumericFunction, WorkedExample
    from .errors import RelationFileError
    from .relations import _REGISTRY

    path = Path(path).resolve()
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RelationFileError(str(path), "", exc.strerror or str(exc)) from None
    digest = hashlib.sha256(data).hexdigest()
    if (path, digest) in _LOADED:
        return _LOADED[(path, digest)]
    before = dict(_REGISTRY)
    from .relations import USER_PREFIX

    name = f"{USER_PREFIX}{re.sub(r'[^A-Za-z0-9_]', '_', path.stem)}_{digest[:12]}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise RelationFileError(str(path), "", "not a Python file")
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as exc:  # the user's code: any error is reported with its place
        _REGISTRY.clear()
        _REGISTRY.update(before)
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if Path(f.filename).resolve() == path]
        line = f"line {frames[-1].lineno}: " if frames else ""
        if isinstance(exc, SyntaxError) and exc.lineno:
            line = f"line {exc.lineno}: "
        raise RelationFileError(str(path), "", f"{line}{type(exc).__name__}: {exc}") from exc
    relations = tuple(n for n, entry in _REGISTRY.items() if before.get(n) is not entry)
    functions = tuple(getattr(module, "FUNCTIONS", ()))
    examples = tuple(getattr(module, "EXAMPLES", ()))
    for what, items, kind in (("FUNCTIONS", functions, NumericFunction), ("EXAMPLES", examples, WorkedExample)):
        bad = [item for item in items if not isinstance(item, kind)]
        if bad:
            _REGISTRY.clear()
            _REGISTRY.update(before)
            raise RelationFileError(str(path), "", f"{what} must hold derive.{kind.__name__} entries, not {bad[0]!r}")
    loaded = RelationFile(path, relations, functions, examples, data.decode("utf-8", "replace"))
    _LOADED[(path, digest)] = loaded
    return loaded


# ---------------------------------------------------------------- a model as a project

#: The unit a model's worked example shows its result in, by the returned symbol's stem.
_DISPLAY = {"E": "mV", "V": "mV", "dmu": "kJ/mol", "dG": "kJ/mol"}


def _decimal(value: Fraction) -> str:
    """An exact decimal string for a model value (20 significant digits when it has none)."""
    from decimal import Decimal, localcontext

    with localcontext() as ctx:
        ctx.prec = 60
        exact = Decimal(value.numerator) / Decimal(value.denominator)
        if exact * value.denominator == value.numerator:
            return format(exact.normalize(), "f")
        ctx.prec = 20
        return format(+exact, "f")


def _ion_symbols(ion: Ion) -> dict[str, str | None]:
    """Registry names of the generic ion's symbols → this ion's (None: z, replaced by the charge)."""
    from .ions import GENERIC

    names: dict[str, str | None] = {"z": None}
    for attribute in ("c_in", "c_out", "P", "E", "I", "J", "g"):
        names[getattr(GENERIC, attribute).name] = getattr(ion, attribute).name
    return names


def _factory_defaults(name: str) -> dict[str, Any]:
    """The default of each parameter of relation ``name``'s factory (``ion``: one ion; ``ions``: an ion set)."""
    import inspect

    from .relations import _REGISTRY

    return {key: p.default for key, p in inspect.signature(_REGISTRY[name].factory).parameters.items()}


def model_project(model: Model) -> Any:
    """The :class:`~derive.project.Project` that ``derive build MODEL.toml`` builds.

    - Relations of one ion (Nernst, GHK current, driving force, ...) are derived once for
      the generic ion; the module gets one function per model ion (``nernst_potential_K``)
      taking that ion's symbols (``K_in``, ``K_out``, ``T``) with the model's values as
      defaults, and the report one worked example per ion at those values.
    - ``ghk_voltage`` is derived for exactly the model's permeant ions (those with a
      permeability): the monovalent GHK voltage equation, or with divalent ions the
      quadratic in e^(FV/RT) and its positive root; with an ion of charge ±3 or more (or
      divalent ions alone) the zero-current condition (``ghk_zero_current``) and a numeric
      root of it (a :class:`~derive.catalogue.RootFunction`). Its function ``ghk_voltage()``
      defaults to the model's values, so it returns the model's resting potential.
    - Other catalogue relations come with their catalogue functions, the temperature
      defaulting to the model's; the user's relation files with their own ``FUNCTIONS``
      and ``EXAMPLES``.
    """
    import dataclasses

    from .catalogue import FUNCTIONS, SUMMED, NumericFunction, RootFunction, WorkedExample
    from .errors import DeriveError, RelationFileError
    from .ions import GENERIC
    from .project import Project, RelationUse

    where = str(model.source or model.name)
    values: dict[str, Fraction] = {"T": model.temperature}
    if model.potential is not None:
        values["V"] = model.potential
    for setting in model.ions:
        ion = setting.ion
        if setting.inside is not None:
            values[ion.c_in.name] = setting.inside
        if setting.outside is not None:
            values[ion.c_out.name] = setting.outside
        if setting.permeability is not None:
            values[ion.P.name] = setting.permeability
    files = [load_relation_file(path) for path in model.modules]
    owner = {name: f for f in files for name in f.relations}

    uses: list[RelationUse] = []
    functions: list[NumericFunction] = []
    examples: list[WorkedExample] = []

    relative = any(s.relative for s in model.ions if s.permeability is not None)
    # Relative permeabilities are ratios: only the GHK voltage, which depends on nothing else,
    # takes them as values; a current needs its permeability in m/s from the caller.
    absolute = {k: v for k, v in values.items() if not (relative and k.startswith("P_"))}

    def add(fn: NumericFunction, ion: Ion | None = None) -> None:
        known = values if fn.relation in ("ghk_voltage", "ghk_voltage_calcium", "ghk_zero_current") else absolute
        defaults = {p: float(known[p]) for p in fn.params if p in known}
        defaults.update({p: v for p, v in fn.defaults if p not in known})
        params = tuple(p for p in fn.params if p not in defaults) + tuple(p for p in fn.params if p in defaults)
        fn = dataclasses.replace(fn, params=params, defaults=tuple((p, defaults[p]) for p in params if p in defaults))
        functions.append(fn)
        # A worked example evaluates a closed form: a numeric root has none (its value is the function's).
        if all(p in known for p in fn.params) and not isinstance(fn, RootFunction):
            text = f"The model's {ion.description}, at its values." if ion is not None else "At the model's values."
            if relative and any(p.startswith("P_") for p in fn.params):
                text += " Its permeabilities are relative (printed in m/s, but only their ratios matter)."
            examples.append(
                WorkedExample(
                    fn.relation,
                    text,
                    tuple((p, _decimal(known[p])) for p in fn.params),
                    ion=None,
                    step=fn.step,
                    unit=_DISPLAY.get(fn.returns.split("_")[0], ""),
                    using=fn.using,
                    arguments=fn.arguments,
                )
            )

    from .relations import relations as registered

    # Report order is the catalogue's (a derivation cites only relations before it), the
    # user's relations last, in the order their files register them.
    rank = {name: i for i, name in enumerate(registered())}
    for name in sorted(model.relations, key=lambda n: rank[n]):
        if name in owner:
            uses.append(RelationUse(name))
            continue
        if name == "ghk_voltage_calcium":
            raise ModelError(
                where, "relations", "ghk_voltage, which is derived for the model's ions whatever their charges",
                "ghk_voltage_calcium is the catalogue's fixed ion set",
            )
        catalogue_functions = [f for f in FUNCTIONS if f.relation == name]
        if name == "ghk_voltage":
            use, fn = _ghk_voltage(model, where)
            uses.append(use)
            add(fn)
        elif _factory_defaults(name).get("ion") is GENERIC:
            uses.append(RelationUse(name))
            # A function with none of the ion's symbols (Fick's flux: D, dc/dx) is the same for
            # every ion: once, under its own name.
            for f in catalogue_functions:
                if not set(f.params) & set(_ion_symbols(GENERIC)):
                    add(f)
            for setting in model.ions:
                ion = setting.ion
                rename = _ion_symbols(ion)
                for f in (f for f in catalogue_functions if set(f.params) & set(rename)):
                    params = tuple(rename.get(p, p) for p in f.params if rename.get(p, p) is not None)
                    domain = tuple((rename.get(p, p), a) for p, a in f.domain if rename.get(p, p) is not None)
                    add(
                        dataclasses.replace(
                            f,
                            name=f"{f.name}_{ion.name}",
                            params=params,
                            defaults=tuple((rename.get(p, p), v) for p, v in f.defaults if rename.get(p, p)),
                            domain=domain,
                            summary=f"{f.summary.rstrip('.')}, for {ion.label}.",
                            returns=rename.get(f.returns) or f.returns,
                            arguments=(("ion", ion),),
                        ),
                        ion,
                    )
        elif "ions" in _factory_defaults(name):
            # Derived for the model's ions (the chord-conductance average): the catalogue's
            # per-ion parameters (g_K, g_Na, ..., E_K, ...) become the model ions'.
            use = RelationUse(name, (("ions", tuple(s.ion for s in model.ions)),))
            uses.append(use)
            default = {ion.name for ion in _factory_defaults(name)["ions"]}
            for f in catalogue_functions:
                of_ions = [p for p in f.params if "_" in p and p.rsplit("_", 1)[1] in default]
                stems = list(dict.fromkeys(p.rsplit("_", 1)[0] for p in of_ions))
                per_ion = tuple(f"{stem}_{s.ion.name}" for stem in stems for s in model.ions)
                rest = tuple(p for p in f.params if p not in of_ions)
                add(dataclasses.replace(f, params=per_ion + rest, arguments=use.arguments) if of_ions else f)
        else:
            uses.append(RelationUse(name))
            for f in catalogue_functions:
                add(f)
    for f in files:
        for fn in f.functions:
            if fn.relation not in f.relations:
                raise RelationFileError(
                    str(f.path), fn.relation, f"function {fn.name!r} belongs to a relation this file does not register"
                )
            add(fn)
        examples.extend(f.examples)
    # A user's relation that does not verify fails here, named with its file, before anything is written.
    for use in uses:
        if use.name in owner:
            try:
                use.derivation()
            except DeriveError as exc:
                raise RelationFileError(str(owner[use.name].path), use.name, str(exc)) from exc
    for fn in functions:
        try:
            fn.expression()
        except DeriveError as exc:
            source = owner.get(fn.relation)
            raise RelationFileError(str(source.path) if source else where, fn.relation, str(exc)) from exc
    names = {fn.name for fn in functions}
    given = [("T", model.temperature), *((("V", model.potential),) if model.potential is not None else ())]
    given += [(name, value) for name, value in values.items() if name not in ("T", "V")]
    return Project(
        name=model.name,
        subject=model.title,
        relations=tuple(uses),
        functions=tuple(functions),
        examples=tuple(examples),
        summed=tuple(s for s in SUMMED if s.term in names),
        figures=False,
        values=tuple((name, _decimal(value)) for name, value in given),
        relative=tuple(name for name, _ in given if relative and name.startswith("P_")),
        source="\0".join([repr(model), *(f.text for f in files)]),
    )


def _ghk_voltage(model: Model, where: str) -> tuple[Any, Any]:
    """The model's GHK voltage: relation use and numeric function for its permeant ions."""
    from .catalogue import NumericFunction
    from .project import RelationUse

    permeant = [s for s in model.ions if s.permeability is not None]
    if not permeant:
        raise ModelError(where, "ions", "a permeability for the ions of ghk_voltage", "no ion has one")
    for s in permeant:
        for side, value in (("inside", s.inside), ("outside", s.outside)):
            if value is None:
                raise ModelError(
                    where, f"ions.{s.ion.name}.{side}", "a concentration (ghk_voltage needs both sides)", "missing"
                )
    if any(abs(s.ion.charge) > 2 for s in permeant) or all(abs(s.ion.charge) == 2 for s in permeant):
        # No closed form derived for charges beyond ±2 (nor for divalent ions without a
        # monovalent one, which the quadratic's derivation needs): the zero-current condition,
        # stated and verified, and a function that finds its root numerically (derive/printing/root.py).
        from .catalogue import RootFunction

        ions = tuple(s.ion for s in permeant)
        use = RelationUse("ghk_zero_current", (("ions", ions),))
        order = [*(i.P.name for i in ions), *(n for i in ions for n in (i.c_in.name, i.c_out.name))]
        fn = RootFunction(
            "ghk_voltage", "ghk_zero_current", "zero-current-sum", (*order, "T"),
            "Zero-current (resting) potential of the model's permeant ions: the root of their summed GHK currents.",
            "V", "Membrane potential, {unit} (inside relative to outside), at which the GHK currents cancel.",
            arguments=use.arguments, brackets=tuple(f"E-{i.name}" for i in ions),
            weights=tuple(i.P.name for i in ions),
        )  # fmt: skip
        return use, fn
    mono = tuple(s.ion for s in permeant if abs(s.ion.charge) == 1)
    divalent = tuple(s.ion for s in permeant if abs(s.ion.charge) == 2)
    order = [*(i.P.name for i in (*mono, *divalent)), *(n for i in (*mono, *divalent) for n in (i.c_in.name, i.c_out.name))]
    summary = "Zero-current (resting) potential of the model's permeant ions by the GHK equation."
    doc = "Membrane potential, {unit} (inside relative to outside)."
    if not divalent:
        use = RelationUse("ghk_voltage", (("ions", mono),))
        fn = NumericFunction("ghk_voltage", "ghk_voltage", "ghk-voltage", (*order, "T"), summary, "V", doc,
                             arguments=use.arguments)  # fmt: skip
    else:
        use = RelationUse("ghk_voltage_calcium", (("divalent", divalent), ("ions", mono)))
        fn = NumericFunction(
            "ghk_voltage", "ghk_voltage_calcium", "ghk-voltage-calcium", (*order, "T"), summary, "V", doc,
            using=("a-def", "c-def", "A-def", "B-def"), arguments=use.arguments,
        )  # fmt: skip
    return use, fn


# ---------------------------------------------------------------- derive new


def new_project(name: str, folder: Path | str = ".") -> list[Path]:
    """Write ``NAME.toml`` and ``NAME_relations.py`` into ``folder``: a starter model and a
    starter relation file that build as they are (``derive build NAME.toml``).

    Refuses (a :class:`~derive.errors.UserFileError`) when either file exists: derive never
    overwrites a file it did not write.
    """
    from .build import render
    from .errors import UserFileError

    if not _MODEL_NAME.fullmatch(name) or keyword.iskeyword(name) or len(name) > 64:
        raise ModelError("derive new", "NAME", _EXPECTED["name"], f"{name!r} is not one")
    folder = Path(folder)
    files = {
        folder / f"{name}.toml": render("starter/model.toml.j2", name=name),
        folder / f"{name}_relations.py": render("starter/relations.py.j2", name=name),
    }
    existing = [path.name for path in files if path.exists() or path.is_symlink()]
    if existing:
        raise UserFileError(folder, existing, "Choose another NAME or --dir, or move them away.")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    try:
        for path, text in files.items():
            with open(path, "x", encoding="utf-8") as handle:  # "x": never replaces a file
                handle.write(text)
            written.append(path)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return written


# ---------------------------------------------------------------- derive show MODEL.toml NAME


def show_model(project: Any, name: str, fmt: str, notation: Any = None) -> str:
    """One relation of a model's project as ``derive show`` prints a catalogue relation: a LaTeX
    section, a Markdown section (numbered as in the model's report, with its worked examples),
    or a standalone numpy module of the functions the model makes of it.

    ``name`` is a relation of the model's report, or ``ghk_voltage`` as the model file names it
    (derived as ``ghk_voltage_calcium`` or ``ghk_zero_current`` for some ion sets).
    """
    from .build import check_python, render
    from .errors import SpecificationError, UnknownNameError
    from .notation import DEFAULT
    from .printing.module import print_module
    from .printing.report import LATEX, MARKDOWN, print_section

    notation = notation or DEFAULT
    names = project.names
    if name not in names and name == "ghk_voltage":
        name = next((n for n in ("ghk_voltage_calcium", "ghk_zero_current") if n in names), name)
    if name not in names:
        raise UnknownNameError("relation of the model", name, list(names))
    if fmt in ("latex", "markdown"):
        target = (LATEX if fmt == "latex" else MARKDOWN).with_notation(notation)
        use = project.use(name)
        section = print_section(use.derivation(), names.index(name) + 1, target, project.examples_of(name))
        return render("section.tex.j2" if fmt == "latex" else "section.md.j2", section=section)
    if fmt == "python":
        functions = [f for f in project.functions if f.relation == name]
        if not functions:
            with_code = sorted({f.relation for f in project.functions})
            raise SpecificationError(
                f"relation {name!r} of model {project.name!r} has no numeric functions; "
                f"relations with some: {', '.join(with_code)}"
            )
        context = print_module(functions, "numpy", notation, (), project.summed)
        module = render("membrane.py.j2", **context, subject=project.subject, module=name)
        return check_python(f"{name}.py", module)
    raise UnknownNameError("format", fmt, ("latex", "markdown", "python"))
