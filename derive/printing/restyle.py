r"""Hand-written LaTeX math restyled by a :class:`~derive.notation.Notation`.

Printed expressions get their notation from the printer's settings. Math written by
hand -- justifications, conventions, meanings, the reports' opening paragraph -- is a
string such as ``$\psi_{\mathrm{i}}$`` or ``$c_{\mathrm{o}} e^{-zFE/RT}$``. It is read
the way TeX reads math: adjacent letters are separate symbols, ``\mathrm{..}`` and
``\operatorname{..}`` are single atoms. Every registered symbol's own LaTeX is a
token pattern; the longest pattern that matches at a place names the symbol there
(``E_{\mathrm{K}}`` before ``E``), and a match followed by a subscript is not that
symbol. Matched symbols print as the notation says; other commands are renamed
(``\psi`` -> ``\varphi``, ``\ln`` -> ``\log``).

With the default notation every function here returns its input unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from ..errors import NotationError
from ..notation import Notation
from ..symbols import SYMBOLS, SymbolSpec

_ATOMIC = "mathrm|operatorname|text|textrm|mathit|mathbf|mathsf|textit|textbf"
_TOKEN = re.compile(rf"\\(?:{_ATOMIC})\s*\{{[^{{}}]*\}}|\\[A-Za-z]+|\\.|\s+|.", re.S)
_COMMAND = re.compile(r"\\([A-Za-z]+)$")


def tokens(math: str) -> list[str]:
    """TeX-like tokens: text atoms such as ``\\mathrm{K}``, commands, spaces, single characters."""
    return _TOKEN.findall(math)


def _key(token: str) -> str:
    return re.sub(r"\s+", "", token)


def _pattern(latex: str) -> tuple[str, ...]:
    return tuple(_key(t) for t in tokens(latex) if not t.isspace())


@lru_cache(maxsize=64)
def _table(
    notation: Notation, extra: tuple[SymbolSpec, ...], registered: int
) -> tuple[dict[tuple[str, ...], str], int]:
    """Pattern of each symbol's own LaTeX -> what it prints as; the longest pattern's length.

    ``registered`` (the registry's size) is part of the cache key: the registry only grows.
    """
    specs: dict[str, SymbolSpec] = {**dict(SYMBOLS.view()), **{s.name: s for s in extra}}
    table: dict[tuple[str, ...], str] = {}
    owners: dict[tuple[str, ...], str] = {}
    for name, spec in sorted(specs.items()):
        pattern = _pattern(spec.latex)
        if not pattern:
            continue
        printed = notation.symbol_latex(name, spec.latex)
        if pattern in table and table[pattern] != printed:
            raise NotationError(
                f"symbols.{name}",
                printed,
                f"is ambiguous in written math: {owners[pattern]!r} prints as {spec.latex!r} too; "
                f"give both the same notation",
            )
        table[pattern] = printed
        owners.setdefault(pattern, name)
    return table, max((len(p) for p in table), default=0)


def restyle_math(math: str, notation: Notation, extra: Mapping[str, SymbolSpec] | None = None) -> str:
    """``math`` (LaTeX, without ``$``) in ``notation``: symbols, letters and ``\\ln`` restyled."""
    if notation.is_default:
        return math
    local = tuple(sorted((extra or {}).values(), key=lambda s: s.name))
    table, longest = _table(notation, local, len(SYMBOLS))
    toks = tokens(math)
    solid = [i for i, t in enumerate(toks) if not t.isspace()]
    keys = [_key(toks[i]) for i in solid]
    renames = notation.commands
    out: list[str] = []
    last = 0  # index into toks of the next token not yet written
    k = 0
    while k < len(solid):
        match = None
        for n in range(min(longest, len(solid) - k), 0, -1):
            candidate = tuple(keys[k : k + n])
            if candidate in table and (k + n >= len(solid) or keys[k + n] != "_"):
                match = (n, table[candidate])
                break
        start = solid[k]
        out.extend(toks[last:start])
        if match:
            n, printed = match
            if k + n < len(solid) and keys[k + n] in ("^", "'") and ("^" in printed or "'" in printed):
                printed = "{" + printed + "}"  # x^{a} then ^2 would be a double superscript
            out.append(printed)
            last = solid[k + n - 1] + 1
            k += n
            continue
        token = toks[start]
        command = _COMMAND.match(_key(token))
        out.append("\\" + renames[command.group(1)] if command and command.group(1) in renames else token)
        last = start + 1
        k += 1
    out.extend(toks[last:])
    return "".join(out)


_INLINE = re.compile(r"(\$[^$]*\$)")


def restyle_prose(text: str, notation: Notation, extra: Mapping[str, SymbolSpec] | None = None) -> str:
    """Prose with inline ``$...$`` math, its math restyled by ``notation``."""
    if notation.is_default:
        return text
    return "".join(
        f"${restyle_math(p[1:-1], notation, extra)}$" if len(p) >= 2 and p[0] == p[-1] == "$" else p
        for p in _INLINE.split(text)
    )
