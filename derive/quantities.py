"""Quantities at the boundary: user text such as ``"140 mM"`` or ``"37 degC"`` → exact SI values.

derive computes in SI (mol/m³ = mM, V, K, m/s, A/m²). People type what their lab
notebook says. :func:`si_value` reads a number with an optional unit, converts it with
pint's unit registry (which knows mM, µM, degC, mV, cm/s, ...) to the SI unit that the
symbol registry declares for the quantity, and returns it as an exact
:class:`fractions.Fraction` (pint runs with ``non_int_type=Fraction``, so ``140 mM``
is 140 mol/m³ exactly and ``37 degC`` is 6203/20 K, not 310.15000000000003).

A bare number is SI. The text never becomes code: the number is read by
:class:`fractions.Fraction` and the unit by pint's own unit parser (a tokenizer, no
``eval``). A unit of the wrong dimension, an unknown unit or an unreadable number is a
:class:`QuantityError` naming where the value came from and what was expected.
"""

from __future__ import annotations

import re
from fractions import Fraction
from functools import cache
from typing import Any

import sympy

from .errors import QuantityError
from .symbols import SymbolSpec

#: A number (Python/TOML float syntax, no underscores) followed by the rest, the unit.
_NUMBER = re.compile(r"\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*(.*?)\s*\Z", re.DOTALL)
#: What a unit may be written with: names (µ and ° included), powers, products and quotients.
_UNIT = re.compile(r"[A-Za-z\u00b5\u03bc\u00b0 0-9*/^().-]+")
#: Longest text accepted as a quantity (a unit of a few words; refuses pasted files).
_MAX_LENGTH = 200


@cache
def registry() -> Any:
    """pint's default unit registry with exact (Fraction) magnitudes, created once."""
    import pint

    return pint.UnitRegistry(non_int_type=Fraction)


def si_unit_text(spec: SymbolSpec) -> str:
    """The SI unit of ``spec`` as pint reads it (``mole/meter**3``; ``dimensionless``)."""
    unit = sympy.sympify(spec.unit)
    return "dimensionless" if unit == 1 else str(unit)


def _dimension_key(dimensionality: Any) -> tuple[tuple[str, int], ...]:
    """pint's dimensionality as a sorted tuple of (base dimension, integer power)."""
    return tuple(sorted((name, int(power)) for name, power in dict(dimensionality).items() if power))


def _dimension_text(dimensionality: Any) -> str:
    key = _dimension_key(dimensionality)
    return " ".join(f"{name}^{power}" if power != 1 else name for name, power in key) or "dimensionless"


#: Words for the dimensions users meet.
_DIMENSION_WORDS = {
    (("[length]", -3), ("[substance]", 1)): "a concentration (mol/m^3 = mM, or e.g. '140 mM', '2 uM')",
    (("[temperature]", 1),): "a temperature (K, or e.g. '37 degC')",
    (("[current]", -1), ("[length]", 2), ("[mass]", 1), ("[time]", -3)): "a potential (V, or e.g. '-70 mV')",
    (("[length]", 1), ("[time]", -1)): "a permeability or velocity (m/s, or e.g. '1e-6 cm/s')",
    (("[current]", 1), ("[length]", -2)): "a current density (A/m^2, or e.g. '1 uA/cm**2')",
    (): "a plain number",
}


def describe(spec: SymbolSpec) -> str:
    """What a value of ``spec`` must be, in words, for error messages."""
    key = _dimension_key(registry().Quantity(1, si_unit_text(spec)).dimensionality)
    words = _DIMENSION_WORDS.get(key, f"a quantity in {si_unit_text(spec)}")
    return f"{spec.meaning}: {words}"


def si_value(value: Any, spec: SymbolSpec, where: str) -> Fraction:
    """``value`` (a number, or text with an optional unit) in the SI unit of ``spec``, exactly.

    >>> from derive.symbols import SYMBOLS
    >>> si_value("140 mM", SYMBOLS["c_in"], "c_in"), si_value("37degC", SYMBOLS["T"], "T")
    (Fraction(140, 1), Fraction(6203, 20))
    >>> si_value(0.5, SYMBOLS["T"], "T")
    Fraction(1, 2)
    """
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise QuantityError(where, value, describe(spec), f"{type(value).__name__} {value!r} is not a number")
    if isinstance(value, (int, float)):
        number, unit = repr(value), ""
    else:
        if len(value) > _MAX_LENGTH:
            raise QuantityError(where, value[:40] + "...", describe(spec), f"{len(value)} characters is not a quantity")
        match = _NUMBER.fullmatch(value)
        if match is None:
            raise QuantityError(where, value, describe(spec), f"{value!r} does not start with a number")
        number, unit = match.groups()
    try:
        magnitude = Fraction(number)
    except (ValueError, ZeroDivisionError):  # inf, nan
        raise QuantityError(where, value, describe(spec), f"{value!r} is not a finite number") from None
    if not unit:
        return magnitude
    return _convert(magnitude, unit, spec, where, value)


def _convert(magnitude: Fraction, unit: str, spec: SymbolSpec, where: str, value: Any) -> Fraction:
    import pint

    if not _UNIT.fullmatch(unit):
        raise QuantityError(
            where, value, describe(spec), f"unknown unit {unit!r} (a unit is letters, digits, spaces and * / ^ ( ) .)"
        )
    ureg = registry()
    try:
        quantity = ureg.Quantity(magnitude, unit)
    except Exception as exc:  # pint raises assorted errors (even AssertionError) on odd unit text
        raise QuantityError(where, value, describe(spec), f"unknown unit {unit!r} ({exc})") from None
    try:
        converted = quantity.to(si_unit_text(spec)).magnitude
    except pint.errors.DimensionalityError:
        raise QuantityError(
            where, value, describe(spec), f"{value!r} has the dimension {_dimension_text(quantity.dimensionality)}"
        ) from None
    return Fraction(converted)
