r"""SI units of the symbol registry, printed for tables, worked examples and docstrings.

``u.joule/(u.mol*u.kelvin)`` prints as ``J mol^-1 K^-1`` in text, as
``\mathrm{J\,mol^{-1}\,K^{-1}}`` in Markdown math, and as the siunitx unit
``\joule\per\mole\per\kelvin`` in LaTeX (typeset with ``\unit``/``\qty``); positive
powers come first. The notation may print units with a slash (``per_mode =
"symbol"``) and concentrations, mol m^-3, as the numerically equal mM.
"""

from __future__ import annotations

from typing import Any

import sympy
from sympy.physics import units as u
from sympy.physics.units import Quantity

from ..notation import DEFAULT, Notation

_RANK = {name: i for i, name in enumerate(["mM", "J", "C", "F", "S", "A", "V", "mol", "m", "s", "K"])}
#: siunitx's name of each unit abbreviation the registry uses.
_SIUNITX = {
    "J": r"\joule",
    "C": r"\coulomb",
    "A": r"\ampere",
    "V": r"\volt",
    "mol": r"\mole",
    "m": r"\metre",
    "s": r"\second",
    "K": r"\kelvin",
    "S": r"\siemens",
    "F": r"\farad",
    "mM": r"\milli\molar",
}
_SIUNITX_POWERS = {2: r"\square", 3: r"\cubic"}


def _powers(unit: Any, notation: Notation = DEFAULT) -> list[tuple[str, Any]]:
    unit = sympy.sympify(unit)
    if unit == 1:
        return []
    powers: dict[str, Any] = {}
    for base, power in unit.as_powers_dict().items():
        if not isinstance(base, Quantity):
            raise TypeError(f"not a unit expression: {unit}")
        powers[str(base.abbrev)] = sympy.Rational(power)
    if notation.concentration == "mM" and powers.get("mol") == 1 and powers.get("m") == -3:
        # 1 mol m^-3 is exactly 1 mM: the same number, another name.
        del powers["mol"], powers["m"]
        powers["mM"] = sympy.Integer(1)
    # Positive powers first, then negative; a fixed order of units inside each group.
    return sorted(powers.items(), key=lambda bp: (bool(bp[1] < 0), _RANK.get(bp[0], 99), bp[0]))


def _split(parts: list[tuple[str, Any]]) -> tuple[list[tuple[str, Any]], list[tuple[str, Any]]]:
    return [(b, p) for b, p in parts if p > 0], [(b, -p) for b, p in parts if p < 0]


def unit_text(unit: Any, notation: Notation = DEFAULT) -> str:
    """Plain-text unit: ``mol m^-3`` (or ``mol/m^3``, ``mM``); ``1`` when dimensionless."""
    parts = _powers(unit, notation)
    if not parts:
        return "1"
    word = lambda b, p: b if p == 1 else f"{b}^{p}"
    if notation.per_mode == "power":
        return " ".join(word(b, p) for b, p in parts)
    num, den = _split(parts)
    top = " ".join(word(b, p) for b, p in num) or "1"
    if not den:
        return top
    bottom = " ".join(word(b, p) for b, p in den)
    return f"{top}/({bottom})" if len(den) > 1 else f"{top}/{bottom}"


def unit_latex(unit: Any, notation: Notation = DEFAULT) -> str:
    r"""LaTeX math unit without siunitx (Markdown): ``\mathrm{mol\,m^{-3}}``; ``1`` when dimensionless."""
    parts = _powers(unit, notation)
    if not parts:
        return "1"
    word = lambda b, p: b if p == 1 else f"{b}^{{{p}}}"
    thin = r"\,"
    if notation.per_mode == "power":
        return rf"\mathrm{{{thin.join(word(b, p) for b, p in parts)}}}"
    num, den = _split(parts)
    top = thin.join(word(b, p) for b, p in num) or "1"
    if not den:
        return rf"\mathrm{{{top}}}"
    bottom = thin.join(word(b, p) for b, p in den)
    return rf"\mathrm{{{top}/({bottom})}}" if len(den) > 1 else rf"\mathrm{{{top}/{bottom}}}"


def siunitx_unit(unit: Any, notation: Notation = DEFAULT) -> str:
    r"""The unit as siunitx macros: ``\mole\per\cubic\metre``; empty when dimensionless."""
    out = []
    for base, power in _powers(unit, notation):
        name = _SIUNITX[base]
        magnitude = abs(power)
        per = r"\per" if power < 0 else ""
        if magnitude == 1:
            out.append(per + name)
        elif magnitude in _SIUNITX_POWERS:
            out.append(per + _SIUNITX_POWERS[magnitude] + name)
        else:
            out.append(rf"{per}{name}\tothe{{{magnitude}}}")
    return "".join(out)


def _options(notation: Notation) -> str:
    return "" if notation.per_mode == "power" else f"[per-mode={notation.per_mode}]"


def siunitx_unit_command(unit: Any, notation: Notation = DEFAULT) -> str:
    r"""``\unit{...}`` for a table of symbols; ``1`` when dimensionless."""
    body = siunitx_unit(unit, notation)
    return rf"\unit{_options(notation)}{{{body}}}" if body else "1"


def siunitx_number(value: Any, digits: int) -> str:
    """A number to ``digits`` significant digits as siunitx reads it: ``-0.08906``, ``1e-8``."""
    text = f"{float(value):.{digits}g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}e{int(exponent)}"
    return text


def siunitx_quantity(value: Any, unit: Any, digits: int, notation: Notation = DEFAULT) -> str:
    r"""``\qty{140}{\milli\molar}``, or ``\num{1}`` for a dimensionless number."""
    body = siunitx_unit(unit, notation)
    number = siunitx_number(value, digits)
    return rf"\qty{_options(notation)}{{{number}}}{{{body}}}" if body else rf"\num{{{number}}}"


def exact_decimal(value: Any) -> str:
    """An exact rational with a terminating decimal expansion, written out in full."""
    p, q = value.p, value.q
    digits = 0
    while (10**digits) % q:
        digits += 1
        if digits > 60:
            raise ValueError(f"{value} has no short terminating decimal expansion")
    scaled = p * (10**digits // q)
    text = str(scaled).rjust(digits + 1, "0")
    whole, frac = text[: len(text) - digits], text[len(text) - digits :].rstrip("0")
    return f"{whole}.{frac}" if frac else whole


#: Units worked examples may be shown in: name → (SI unit it scales, factor to SI, LaTeX, siunitx).
DISPLAY_UNITS: dict[str, tuple[Any, Any, str, str]] = {
    "mV": (u.volt, sympy.Rational(1, 1000), r"\mathrm{mV}", r"\milli\volt"),
    "kJ/mol": (u.joule / u.mol, sympy.Integer(1000), r"\mathrm{kJ\,mol^{-1}}", r"\kilo\joule\per\mole"),
}


def siunitx_declarations(notation: Notation = DEFAULT) -> list[dict[str, str]]:
    """Units siunitx does not know that this notation prints (for derive.sty): macro, symbol, why."""
    if notation.concentration == "mM":  # printed as \milli\molar above
        return [{"macro": r"\molar", "symbol": "M", "why": "mM for concentrations: 1 mM = 1 mol/m^3"}]
    return []
