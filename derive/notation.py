r"""Notation: how symbols, letters, logarithms and units print, and how wide an equation may be.

A :class:`Notation` is a frozen value: :meth:`Notation.defaults` is derive's own notation,
and :meth:`Notation.merge` returns a copy with overrides (an unknown setting is an
error naming it, never a silent no-op). Printers receive it as a setting; nothing
global is changed at run time. A researcher writes one in TOML::

    log = "log"                          # \log instead of \ln

    [symbols]                            # registry name = LaTeX
    E_K = 'V_{\mathrm{eq}}'
    K_out = 'c_{\mathrm{o}}'

    [letters]                            # Greek letter = the command to print instead
    psi = "varphi"

    [units]
    per_mode = "symbol"                  # mol/m^3 instead of mol m^-3
    concentration = "mM"                 # mM instead of mol/m^3 (the same number)

    [layout]
    width = 24                           # em; wider equations break across lines

and loads it with :func:`load_notation`. The same object reaches the LaTeX report and
snippets, the Markdown reports and the numeric module's docstrings.
"""

from __future__ import annotations

import re
import warnings
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, ClassVar

from .errors import NotationError, NotationKeyError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

#: Greek letters (LaTeX command names) that ``[letters]`` may rename.
GREEK: frozenset[str] = frozenset(
    {
        *("alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta"),
        *("iota", "kappa", "lambda", "mu", "nu", "xi", "pi", "varpi", "rho", "varrho", "sigma", "varsigma"),
        *("tau", "upsilon", "phi", "varphi", "chi", "psi", "omega"),
        *("Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega"),
    }
)

_COMMAND = re.compile(r"\\([A-Za-z]+)")
_LOGS = ("ln", "log")
_PER_MODES = ("power", "symbol")
_CONCENTRATIONS = ("mol/m^3", "mM")

#: The TOML layout: section -> {key in the file: field of Notation}; "" is the top level.
_FILE_KEYS: dict[str, dict[str, str]] = {
    "": {"log": "log"},
    "units": {"per_mode": "per_mode", "concentration": "concentration"},
    "layout": {"width": "width"},
}
_TABLES = ("symbols", "letters")


def _pairs(value: Any, setting: str) -> tuple[tuple[str, str], ...]:
    if isinstance(value, Mapping):
        items = value.items()
    else:
        try:
            items = [tuple(pair) for pair in value]
        except TypeError:
            raise NotationError(setting, value, "must be a table of names to strings") from None
    out = []
    for key, text in items:
        if not isinstance(key, str) or not isinstance(text, str):
            raise NotationError(f"{setting}.{key}", text, "must be a string")
        out.append((key, text))
    return tuple(sorted(out))


def _balanced(text: str) -> bool:
    depth = 0
    for i, ch in enumerate(text):
        if ch == "{" and (i == 0 or text[i - 1] != "\\"):
            depth += 1
        elif ch == "}" and (i == 0 or text[i - 1] != "\\"):
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


@dataclass(frozen=True)
class Notation:
    r"""How derive prints: symbols, letters, logarithms, units and equation width.

    Examples
    --------
    >>> n = Notation.defaults().merge(log="log", symbols={"E_K": r"V_{\mathrm{eq}}"})
    >>> n.symbol_latex("E_K", r"E_{\mathrm{K}}"), n.log
    ('V_{\\mathrm{eq}}', 'log')
    >>> Notation.defaults().merge(lg="log")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    derive.errors.NotationKeyError: unknown notation setting 'lg'; known: symbols, letters, log, ...
    """

    #: Registry symbol name -> its LaTeX, e.g. ``(("E_K", r"V_{\mathrm{eq}}"),)``; sorted pairs.
    symbols: tuple[tuple[str, str], ...] = ()
    #: Greek letter -> the command printed instead, e.g. ``(("psi", "varphi"),)``; sorted pairs.
    letters: tuple[tuple[str, str], ...] = ()
    #: The natural logarithm: ``"ln"`` or ``"log"``.
    log: str = "ln"
    #: How units divide: ``"power"`` (mol m^-3) or ``"symbol"`` (mol/m^3), as siunitx's per-mode.
    per_mode: str = "power"
    #: How concentrations print: ``"mol/m^3"`` (SI) or ``"mM"`` (the same number).
    concentration: str = "mol/m^3"
    #: Widest equation, in em of the math font; wider ones break across lines. The
    #: default fits the text of a one-column 10 pt article (345 pt, 34.5 em) with an equation number.
    width: float = 31.0

    _SETTINGS: ClassVar[tuple[str, ...]] = ("symbols", "letters", "log", "per_mode", "concentration", "width")

    def __post_init__(self) -> None:
        object.__setattr__(self, "symbols", _pairs(self.symbols, "symbols"))
        letters = _pairs(self.letters, "letters")
        normalized = []
        for letter, command in letters:
            if letter not in GREEK:
                raise NotationKeyError(f"letters.{letter}", sorted(f"letters.{g}" for g in GREEK))
            name = command[1:] if command.startswith("\\") else command
            if not re.fullmatch(r"[A-Za-z]+", name):
                raise NotationError(f"letters.{letter}", command, "must be a command name made of letters")
            normalized.append((letter, name))
        object.__setattr__(self, "letters", tuple(normalized))
        for setting, allowed in (("log", _LOGS), ("per_mode", _PER_MODES), ("concentration", _CONCENTRATIONS)):
            if getattr(self, setting) not in allowed:
                raise NotationError(setting, getattr(self, setting), f"must be one of {', '.join(allowed)}")
        if isinstance(self.width, bool) or not isinstance(self.width, (int, float)) or not 10 <= self.width <= 200:
            raise NotationError("width", self.width, "must be a number of em between 10 and 200")
        object.__setattr__(self, "width", float(self.width))
        for name, text in self.symbols:
            if not text.strip() or "$" in text or not _balanced(text):
                raise NotationError(f"symbols.{name}", text, "must be non-empty LaTeX math with balanced braces")
        if self.symbols:
            unknown = sorted(set(dict(self.symbols)) - known_symbol_names(dict(self.symbols)))
            if unknown:
                known = sorted(f"symbols.{n}" for n in known_symbol_names(complete=True))
                raise NotationKeyError(f"symbols.{unknown[0]}", known)
            self._warn_of_clashes()

    def _warn_of_clashes(self) -> None:
        """Warn when a symbol is given the glyph another symbol prints as (K_out as c_o, say)."""
        from .symbols import SYMBOLS

        overrides = dict(self.symbols)

        def glyph(text: str) -> str:
            return re.sub(r"\s+", "", text)

        printed = {name: glyph(overrides.get(name, spec.latex)) for name, spec in SYMBOLS.items()}
        for name, text in self.symbols:
            clashes = sorted(other for other, shown in printed.items() if other != name and shown == glyph(text))
            if clashes:
                warnings.warn(
                    f"notation: symbols.{name} = {text!r} prints like {', '.join(clashes)}: "
                    "the two cannot be told apart where both appear",
                    NotationClashWarning,
                    stacklevel=3,
                )

    # -- construction -------------------------------------------------------------------
    @classmethod
    def defaults(cls) -> Notation:
        """derive's own notation."""
        return DEFAULT

    def merge(self, **overrides: Any) -> Notation:
        """A copy with ``overrides``; ``symbols`` and ``letters`` add to (and replace in) the tables held."""
        unknown = [k for k in overrides if k not in self._SETTINGS]
        if unknown:
            raise NotationKeyError(unknown[0], self._SETTINGS)
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        for table in _TABLES:
            if table in overrides:
                values[table] = {**dict(values[table]), **dict(_pairs(overrides.pop(table), table))}
        values.update(overrides)
        return Notation(**values)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], source: str = "notation") -> Notation:
        """The default notation merged with a parsed notation file (sections as in the module docstring)."""
        overrides: dict[str, Any] = {}
        known = [*_FILE_KEYS[""], *_TABLES, *(s for s in _FILE_KEYS if s)]
        for key, value in data.items():
            if key in _TABLES:
                if not isinstance(value, Mapping):
                    raise NotationError(key, value, f"must be a table [{key}] in {source}")
                overrides[key] = value
            elif key in _FILE_KEYS[""]:
                overrides[_FILE_KEYS[""][key]] = value
            elif key in _FILE_KEYS:
                if not isinstance(value, Mapping):
                    raise NotationError(key, value, f"must be a table [{key}] in {source}")
                section = _FILE_KEYS[key]
                for sub, sub_value in value.items():
                    if sub not in section:
                        raise NotationKeyError(f"{key}.{sub}", [f"{key}.{k}" for k in section], source)
                    overrides[section[sub]] = sub_value
            else:
                raise NotationKeyError(key, known, source)
        try:
            return DEFAULT.merge(**overrides)
        except NotationKeyError as exc:
            raise NotationKeyError(exc.name, exc.known, source) from None
        except NotationError as exc:
            # Name the key as the file spells it: units.concentration, layout.width.
            in_file = {
                field: f"{table}.{key}" if table else key
                for table, keys in _FILE_KEYS.items()
                for key, field in keys.items()
            }
            raise NotationError(in_file.get(exc.key, exc.key), exc.value, exc.reason, source) from None

    # -- queries ------------------------------------------------------------------------
    @property
    def is_default(self) -> bool:
        return self == DEFAULT

    @property
    def commands(self) -> dict[str, str]:
        """LaTeX command renames: the letters, and ``ln -> log`` when asked for."""
        renames = dict(self.letters)
        if self.log != "ln":
            renames["ln"] = self.log
        return renames

    def rename_commands(self, latex: str) -> str:
        r"""``latex`` with the renamed commands replaced (``\psi_{\mathrm{i}}`` -> ``\varphi_{\mathrm{i}}``)."""
        renames = self.commands
        if not renames:
            return latex
        return _COMMAND.sub(lambda m: "\\" + renames.get(m.group(1), m.group(1)), latex)

    def symbol_latex(self, name: str, default: str) -> str:
        """How the symbol registered as ``name`` prints: the override, else its own LaTeX restyled."""
        override = dict(self.symbols).get(name)
        return override if override is not None else self.rename_commands(default)


class NotationClashWarning(UserWarning):
    """A notation gives a symbol the glyph of another symbol."""


DEFAULT = Notation()


def known_symbol_names(wanted: Iterable[str] = (), complete: bool = False) -> set[str]:
    """Names a notation may override: the symbol registry (with the default ions'
    symbols), and, when ``wanted`` holds names not found there, the derivation-local
    symbols of every relation of the catalogue (which building them registers);
    ``complete`` always includes those."""
    from .ions import DEFAULT_IONS, GENERIC
    from .symbols import SYMBOLS

    for ion in (GENERIC, *DEFAULT_IONS):
        ion.register_symbols()
    names = set(SYMBOLS)
    if not complete and set(wanted) <= names:
        return names
    from .relations import relation, relations

    for rel in relations():
        names |= set(relation(rel).local_specs)
    return names | set(SYMBOLS)


def load_notation(path: str | Path) -> Notation:
    """Read a notation file (TOML); errors name the file and the offending key."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise NotationError("", str(path), f"is not valid TOML: {exc}") from None
    return Notation.from_mapping(data, str(path))


def as_notation(value: Notation | Mapping[str, Any] | str | Path | None) -> Notation:
    """A :class:`Notation` from a Notation, a mapping laid out like a notation file, a file path, or None."""
    if value is None:
        return DEFAULT
    if isinstance(value, Notation):
        return value
    if isinstance(value, Mapping):
        return Notation.from_mapping(value)
    return load_notation(value)
