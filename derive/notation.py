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


#: Longest LaTeX a symbol may print as: a symbol, not a paragraph.
MAX_SYMBOL_LENGTH = 120

#: Commands user LaTeX may use, by what follows them: nothing, one argument, or two.
#: An allow-list: nothing here reads or writes a file, defines or redefines a command,
#: changes category codes, or needs a package derive.sty does not load.
SYMBOL_COMMANDS: dict[str, int] = {
    **dict.fromkeys(GREEK, 0),
    **dict.fromkeys(
        ("prime", "infty", "partial", "nabla", "ell", "hbar", "circ", "cdot", "times", "pm", "mp", "star", "ast"),
        0,
    ),
    **dict.fromkeys(("dagger", "ddagger", "ldots", "cdots", "lbrace", "rbrace", "langle", "rangle", "quad"), 0),
    **dict.fromkeys(("mathrm", "mathit", "mathbf", "mathsf", "mathcal", "operatorname"), 1),
    **dict.fromkeys(("bar", "hat", "tilde", "widetilde", "widehat", "vec", "dot", "ddot", "check", "breve"), 1),
    **dict.fromkeys(("acute", "grave", "mathring", "underline", "overline", "sqrt"), 1),
    "text": 1,
    "frac": 2,
}
#: Argument-free commands that are single math characters, so may stand alone as an
#: accent's or a script's argument (``\bar\psi``, ``x^\prime``); the others need braces.
_CHARACTER_COMMANDS = GREEK | {"prime", "infty", "partial", "nabla", "ell", "circ", "cdot", "times", "pm", "mp"}
#: Characters allowed in math, besides letters, digits and the commands above.
_MATH_CHARACTERS = frozenset(" _^{}()[]+-/',.:;=")
#: Characters allowed in ``\text{...}``: words and punctuation, no command, group or script.
_TEXT_CHARACTERS = frozenset(" ()[]+-/',.:;=!?\"")
#: Backslash-punctuation commands allowed (thin, thick and medium spaces).
_SPACES = frozenset({r"\,", r"\;", r"\:"})


class _Refused(Exception):
    """Why a symbol's LaTeX is refused (turned into a NotationError naming the key)."""


def check_symbol_latex(text: str) -> None:
    r"""Refuse LaTeX that is not plain math of allowed commands (raises ``_Refused``).

    Allowed: letters, digits, the characters of ``_MATH_CHARACTERS``, the commands of
    :data:`SYMBOL_COMMANDS` with their arguments in braces (an accent may also take one
    character or an argument-free command), ``\,``, ``\;``, ``\:``, and ``\text{...}``
    holding words and punctuation. Sub- and superscripts need something to attach
    (no ``x_``, no ``x_a_b``), and none may begin the symbol (it would attach to whatever
    the printer puts before it: ``g_{\mathrm{K}}`` then ``_{i}`` is a double subscript). Everything else -- ``%``, ``#``, ``&``, ``~``, ``$``, ``\\``,
    ``\{``, a trailing backslash, unbalanced braces, control and non-ASCII characters,
    and every other command (``\input``, ``\def``, ``\catcode``, ``\write``, ...) -- is refused.
    """
    if not text.strip():
        raise _Refused("must be non-empty LaTeX math")
    if len(text) > MAX_SYMBOL_LENGTH:
        raise _Refused(f"is {len(text)} characters long; a symbol may have at most {MAX_SYMBOL_LENGTH}")
    for ch in text:
        if not (ch.isascii() and (ch.isalnum() or ch in _MATH_CHARACTERS | _TEXT_CHARACTERS or ch == "\\")):
            allowed = "".join(sorted(_MATH_CHARACTERS))
            raise _Refused(f"may not contain {ch!r} (allowed: letters, digits, {allowed!r} and commands)")
    if text.lstrip()[0] in "_^'":
        raise _Refused("may not begin with a sub- or superscript or a prime (it would attach to what precedes it)")
    _Math(text).parse()


class _Math:
    """A recursive-descent reader of the math :func:`check_symbol_latex` allows."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0

    def _skip_spaces(self) -> None:
        while self.i < len(self.text) and self.text[self.i] == " ":
            self.i += 1

    def _command(self) -> str:
        """Read the command at ``self.i`` (a backslash); return its name."""
        text, start = self.text, self.i
        if start + 1 >= len(text):
            raise _Refused("ends in a backslash")
        if text[start : start + 2] in _SPACES:
            self.i = start + 2
            return text[start : start + 2]
        j = start + 1
        while j < len(text) and text[j].isalpha():
            j += 1
        if j == start + 1:
            raise _Refused(f"may not use {text[start : start + 2]!r} (allowed: \\, \\; \\: and named commands)")
        name = text[start + 1 : j]
        if name not in SYMBOL_COMMANDS:
            raise _Refused(
                f"may not use \\{name}: only Greek letters and math commands such as \\mathrm, \\text, "
                "\\bar, \\hat, \\tilde, \\underline, \\prime (derive.notation.SYMBOL_COMMANDS)"
            )
        self.i = j
        return name

    def _group(self, text_mode: bool = False) -> None:
        """A ``{...}`` group at ``self.i`` (after optional spaces)."""
        self._skip_spaces()
        if self.i >= len(self.text) or self.text[self.i] != "{":
            raise _Refused("has a command or script without its argument in braces")
        self.i += 1
        if text_mode:
            end = self.text.find("}", self.i)
            inner = self.text[self.i : end if end >= 0 else len(self.text)]
            bad = next((ch for ch in inner if not (ch.isalnum() or ch in _TEXT_CHARACTERS)), None)
            if end < 0:
                raise _Refused("has unbalanced braces")
            if bad is not None:
                raise _Refused(f"may not contain {bad!r} inside \\text{{...}} (words and punctuation only)")
            self.i = end + 1
            return
        self._sequence(inside=True)
        self.i += 1  # the closing brace _sequence stopped at

    def _character(self, ch: str) -> None:
        if not (ch.isalnum() or ch in _MATH_CHARACTERS):
            raise _Refused(f"may not contain {ch!r} outside \\text{{...}}")
        self.i += 1

    def _argument(self) -> None:
        """One argument: a group, one character, or an argument-free command."""
        self._skip_spaces()
        if self.i >= len(self.text):
            raise _Refused("has a command or script without its argument")
        ch = self.text[self.i]
        if ch == "{":
            self._group()
        elif ch == "\\":
            name = self._command()
            if name not in _CHARACTER_COMMANDS:
                shown = name if name in _SPACES else "\\" + name
                raise _Refused(f"needs braces around {shown} as an argument")
        elif ch in "}_^'":
            raise _Refused("has a command or script without its argument")
        else:
            self._character(ch)

    def _sequence(self, inside: bool) -> None:
        scripts: set[str] = set()  # scripts already attached to the current atom
        text = self.text
        while self.i < len(text):
            ch = text[self.i]
            if ch == "}":
                if not inside:
                    raise _Refused("has unbalanced braces")
                return
            if ch in "_^":
                if ch in scripts:
                    raise _Refused(f"has a double {'subscript' if ch == '_' else 'superscript'}")
                scripts.add(ch)
                self.i += 1
                self._argument()
                continue
            if ch == "'":
                if "^" in scripts:
                    raise _Refused("has a prime after a superscript (a double superscript)")
                self.i += 1
                continue
            if ch == " ":
                self.i += 1
                continue
            scripts = set()
            if ch == "{":
                self._group()
            elif ch == "\\":
                name = self._command()
                for _ in range(SYMBOL_COMMANDS.get(name, 0)):
                    if name == "text":
                        self._group(text_mode=True)
                    elif name in ("frac", "sqrt", "mathrm", "mathit", "mathbf", "mathsf", "mathcal", "operatorname"):
                        self._group()
                    else:
                        self._argument()
            else:
                self._character(ch)
        if inside:
            raise _Refused("has unbalanced braces")

    def parse(self) -> None:
        self._sequence(inside=False)


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
            if name not in GREEK:
                raise NotationError(f"letters.{letter}", command, "must be the name of a Greek letter (e.g. varphi)")
            normalized.append((letter, name))
        object.__setattr__(self, "letters", tuple(normalized))
        for setting, allowed in (("log", _LOGS), ("per_mode", _PER_MODES), ("concentration", _CONCENTRATIONS)):
            if getattr(self, setting) not in allowed:
                raise NotationError(setting, getattr(self, setting), f"must be one of {', '.join(allowed)}")
        if isinstance(self.width, bool) or not isinstance(self.width, (int, float)) or not 10 <= self.width <= 200:
            raise NotationError("width", self.width, "must be a number of em between 10 and 200")
        object.__setattr__(self, "width", float(self.width))
        for name, text in self.symbols:
            try:
                check_symbol_latex(text)
            except _Refused as why:
                raise NotationError(f"symbols.{name}", text, str(why)) from None
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
    from .relations import relation, relations  # importing registers the relation modules' own symbols
    from .symbols import SYMBOLS

    for ion in (GENERIC, *DEFAULT_IONS):
        ion.register_symbols()
    names = set(SYMBOLS)
    if not complete and set(wanted) <= names:
        return names
    for rel in relations():
        names |= set(relation(rel).local_specs)
    return names | set(SYMBOLS)


def load_notation(path: str | Path) -> Notation:
    """Read a notation file (TOML); errors name the file and the offending key."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise NotationError("", str(path), f"is not UTF-8 text (byte {exc.start}: {exc.reason})", str(path)) from None
    except OSError as exc:
        raise NotationError("", str(path), f"cannot be read: {exc.strerror or exc}", str(path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise NotationError("", str(path), f"is not valid TOML: {exc}", str(path)) from None
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
