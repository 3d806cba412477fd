r"""SI units of the symbol registry, printed for tables and docstrings.

``u.joule/(u.mol*u.kelvin)`` prints as ``J mol^-1 K^-1`` in text and as
``\mathrm{J\,mol^{-1}\,K^{-1}}`` in LaTeX; positive powers come first.
"""

from __future__ import annotations

from typing import Any

import sympy
from sympy.physics import units as u
from sympy.physics.units import Quantity

_RANK = {name: i for i, name in enumerate(["J", "C", "A", "V", "mol", "m", "s", "K"])}


def _powers(unit: Any) -> list[tuple[str, Any]]:
    unit = sympy.sympify(unit)
    if unit == 1:
        return []
    items = []
    for base, power in unit.as_powers_dict().items():
        if not isinstance(base, Quantity):
            raise TypeError(f"not a unit expression: {unit}")
        items.append((str(base.abbrev), sympy.Rational(power)))
    # Positive powers first, then negative; a fixed order of units inside each group.
    return sorted(items, key=lambda bp: (bool(bp[1] < 0), _RANK.get(bp[0], 99), bp[0]))


def unit_text(unit: Any) -> str:
    """Plain-text unit: ``mol m^-3``; ``1`` when dimensionless."""
    parts = _powers(unit)
    if not parts:
        return "1"
    return " ".join(b if p == 1 else f"{b}^{p}" for b, p in parts)


def unit_latex(unit: Any) -> str:
    r"""LaTeX unit: ``\mathrm{mol\,m^{-3}}``; ``1`` when dimensionless."""
    parts = _powers(unit)
    if not parts:
        return "1"
    body = r"\,".join(b if p == 1 else f"{b}^{{{p}}}" for b, p in parts)
    return rf"\mathrm{{{body}}}"


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


#: Units worked examples may be shown in: name → (SI unit it scales, factor to SI, LaTeX).
DISPLAY_UNITS: dict[str, tuple[Any, Any, str]] = {
    "mV": (u.volt, sympy.Rational(1, 1000), r"\mathrm{mV}"),
    "kJ/mol": (u.joule / u.mol, sympy.Integer(1000), r"\mathrm{kJ\,mol^{-1}}"),
}
