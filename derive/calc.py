"""A quick number at the prompt: ``derive calc nernst c_in=140mM c_out=5mM z=1 T=37degC``.

:func:`calculate` evaluates one numeric function of the catalogue (named by itself, or by
its relation when the relation has only one) at values given with units. It evaluates
the same verified right side that the generated modules print, exactly: the values are
parsed to exact SI fractions (:mod:`derive.quantities`), the constants F and R enter
with their exact CODATA values, and SymPy evaluates the result to 30 digits. Each value
is checked against the assumptions its symbol was derived under (a concentration > 0, a
whole nonzero charge, ...), so a number outside the derivation's domain is an error
that names the argument, never a silent result.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import sympy
from sympy.physics import units as u
from sympy.physics.units.quantities import Quantity

from .catalogue import FUNCTIONS, NumericFunction, resolved
from .errors import CalcError, QuantityError, UnknownNameError
from .printing.units import DISPLAY_UNITS
from .quantities import describe, si_value
from .relations import relation
from .symbols import SYMBOLS, SymbolSpec


@dataclass(frozen=True)
class Result:
    """The value of a function at given arguments."""

    #: The numeric function evaluated.
    function: NumericFunction
    #: The arguments actually used, in SI: name → exact value (defaults filled in).
    arguments: tuple[tuple[str, Fraction], ...]
    #: The value in SI, to 30 digits.
    value: sympy.Float
    #: The symbol registry's spec of the returned quantity (its unit and meaning).
    quantity: SymbolSpec
    #: Values that are valid but almost certainly a unit slip, in words (see :func:`unit_slips`).
    warnings: tuple[str, ...] = ()

    def display(self, digits: int = 4) -> str:
        """The value with ``digits`` significant digits in its display unit: ``-89.06 mV``."""
        value, unit = self.value, _si_unit_label(self.quantity)
        for name, (si_unit, factor, _latex, _siunitx) in DISPLAY_UNITS.items():
            if sympy.simplify(sympy.sympify(si_unit) - sympy.sympify(self.quantity.unit)) == 0:
                value, unit = self.value / factor, name
                break
        text = f"{float(value):.{digits}g}" if value != 0 else "0"
        return f"{text} {unit}".rstrip()


def _si_unit_label(spec: SymbolSpec) -> str:
    """The SI unit in abbreviations: ``A/m^2``, ``mol/m^3``; empty when dimensionless."""
    unit = sympy.sympify(spec.unit)
    if unit == 1:
        return ""
    short = unit.replace(lambda q: isinstance(q, Quantity), lambda q: sympy.Symbol(str(q.abbrev)))
    return str(short).replace("**", "^")


def function_for(target: str) -> NumericFunction:
    """The numeric function called ``target``, or the only one of relation ``target``."""
    by_name = {f.name: f for f in FUNCTIONS}
    if target in by_name:
        return by_name[target]
    of_relation = [f for f in FUNCTIONS if f.relation == target]
    if len(of_relation) == 1:
        return of_relation[0]
    if of_relation:
        names = ", ".join(f.name for f in of_relation)
        raise CalcError(f"relation {target!r} has several functions; name one: {names}")
    known = sorted({*by_name, *(f.relation for f in FUNCTIONS)})
    raise UnknownNameError("relation or function", target, known)


def parse_assignments(items: Sequence[str]) -> dict[str, str]:
    """``["c_in=140mM", "z=1"]`` → ``{"c_in": "140mM", "z": "1"}``; each name once."""
    values: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name or not value.strip():
            raise CalcError(f"argument {item!r} is not of the form name=value (e.g. c_in=140mM)")
        if name in values:
            raise CalcError(f"argument {name!r} is given twice")
        values[name] = value
    return values


def _check_domain(name: str, value: Fraction, spec: SymbolSpec, assumptions: tuple[str, ...]) -> None:
    """Refuse a value outside ``assumptions``, those the function's parameter was derived under."""
    failed = {
        "positive": value <= 0,
        "nonnegative": value < 0,
        "negative": value >= 0,
        "nonzero": value == 0,
        "integer": value.denominator != 1,
    }
    for assumption in assumptions:
        if failed.get(assumption, False):
            words = {"integer": "a whole number"}.get(assumption, assumption)
            raise QuantityError(name, value, describe(spec), f"must be {words}; got {float(value):g}")


#: Valid values that are almost certainly a unit slip: SI unit → (test, advice).
_SLIPS = (
    (u.kelvin, lambda v: v < 200, "is below 200 K; for degrees Celsius write {name}={value}degC"),
    (u.volt, lambda v: abs(v) > 2, "is beyond ±2 V; for millivolts write {name}={value}mV"),
)


def unit_slips(arguments: Mapping[str, Fraction], given: Mapping[str, Any]) -> tuple[str, ...]:
    """Warnings for values given as bare numbers that look like a unit slip (37 for T, -70 for V)."""
    found = []
    for name, value in arguments.items():
        if name in given and si_value_has_unit(given[name]):
            continue  # a unit was written: the user said what they meant
        unit = sympy.sympify(SYMBOLS[name].unit)
        for si_unit, test, advice in _SLIPS:
            if unit == si_unit and test(value):
                shown = f"{float(value):g}"
                found.append(f"{name} = {shown} {si_unit.abbrev} " + advice.format(name=name, value=shown))
    return tuple(found)


def si_value_has_unit(value: Any) -> bool:
    """Whether a given value carries a unit (text with letters after the number)."""
    return isinstance(value, str) and any(ch.isalpha() for ch in value.lstrip("+-0123456789.eE "))


def calculate(target: str, values: Mapping[str, Any]) -> Result:
    """Evaluate catalogue function ``target`` at ``values`` (numbers in SI, or text with units).

    >>> calculate("nernst", {"c_in": "140 mM", "c_out": "5 mM", "z": 1, "T": "37 degC"}).display()
    '-89.06 mV'
    """
    function = function_for(target)
    # Deriving the relation registers its symbols (ion symbols such as c_in are registered
    # on demand), so it comes before any lookup.
    equation = resolved(function.derivation(), function.step, function.using)
    defaults = dict(function.defaults)
    unknown = [n for n in values if n not in function.params]
    if unknown:
        raise UnknownNameError(f"argument of {function.name}", unknown[0], function.params)
    missing = [n for n in function.params if n not in values and n not in defaults]
    if missing:
        raise CalcError(f"{function.name} needs {', '.join(missing)} (arguments: {', '.join(function.params)})")
    arguments = {}
    for name in function.params:
        spec = SYMBOLS[name]
        given = values[name] if name in values else defaults[name]
        value = si_value(given, spec, name)
        _check_domain(name, value, spec, function.assumptions(name))
        arguments[name] = value
    rhs = function.expression()
    constants = {spec.symbol: spec.value for spec in SYMBOLS.constants()}
    # By name: a parameter whose domain the function widens (c_in >= 0) is another Symbol than the registry's.
    given = {s: sympy.Rational(*arguments[s.name].as_integer_ratio()) for s in rhs.free_symbols if s.name in arguments}
    value = rhs.subs(given).subs(constants).evalf(30)
    if not (value.is_real and value.is_finite):
        shown = ", ".join(f"{n}={float(v):g}" for n, v in arguments.items())
        raise CalcError(f"{function.name} has no finite real value at {shown}")
    lhs = equation.lhs
    quantity = SYMBOLS.spec_of(lhs) if isinstance(lhs, sympy.Symbol) else SYMBOLS[function.returns]
    return Result(function, tuple(arguments.items()), value, quantity, unit_slips(arguments, values))
