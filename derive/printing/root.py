"""Printing of root functions: the numeric root of a verified condition, by bisection.

A :class:`~derive.catalogue.RootFunction` names a verified condition ``lhs = 0`` that
increases strictly in its unknown, and the steps whose values bracket the root (for the
GHK zero-current potential of ions of any charge: the summed GHK currents, bracketed by
the ions' Nernst potentials). Its body is printed from the same numeric forms as every
other function (:mod:`derive.printing.forms`: ``ghkflux`` for each current, ``logratio``
for each Nernst potential), once per kernel of the module templates (array, point-wise,
scalar fast path, exact), around one bisection:

* the bracket [min, max] of the bounds, widened by 2^-40 of its size (each bound is
  itself accurate to a few ulp);
* the midpoint is 0 while the bracket straddles it, the geometric mean while one end is
  more than twice the other in magnitude (so the exponents are halved: a root near 0 is
  reached in a dozen steps), else the arithmetic mean; it stops when the midpoint is one
  of the ends, i.e. at adjacent floats, after at most about 70 steps;
* of the two adjacent floats it returns the one where the printed sum is smaller in
  magnitude.

The result is a :class:`~derive.printing.module.PrintedFunction`, so the templates print
it like any other function (signature, defaults, checks, pint units, unit-slip warnings,
arrays, the compiled loop): no template of its own.
"""

from __future__ import annotations

from typing import Any

import sympy

from ..catalogue import RootFunction
from ..functions import REWRITABLE
from ..notation import DEFAULT, Notation
from ..quantities import si_unit_text
from ..symbols import SYMBOLS
from .domain import CONDITIONS, Check
from .forms import numeric_form
from .module import (
    PrintedFunction,
    _point_checks,
    _print_check,
    plausible_range,
    printed_parameters,
    printed_steps,
)
from .python import ArrayAPIPrinter, ExactPrinter, PointwisePrinter, ScalarPrinter, formula_text, function_body
from .text import prose_text
from .units import unit_text

#: Relative widening of the bracket: the bounds are accurate to a few ulp (2^-52 each).
WIDEN = "9.094947017729282e-13"  # 2**-40
#: Most bisection steps: 1 (split at 0) + 11 (exponents, geometric means) + 54 (arithmetic) < 100.
STEPS = 100


def _body(expr: Any, printer: Any) -> tuple[list[str], str]:
    """(statements, value) computing ``expr``: the body of :func:`function_body` less its return."""
    lines = function_body(expr, printer)
    return lines[:-1], lines[-1].removeprefix("return ")


def _indent(lines: list[str], by: int = 4) -> list[str]:
    return [" " * by + line for line in lines]


def _scalar_bisection(sum_lines: list[str], bound_lines: list[str], n: int, at: str, finish: str) -> list[str]:
    """Bisection at one point (Python floats, numba, or floats with a decimal sum).

    The sum is evaluated in one place (inside the loop, at ``V = at``): numba inlines what it
    calls, and one copy of the sum compiles in a fraction of the time of three. The sum at
    each end is remembered (infinite at an end never evaluated, which is then not chosen).
    """
    lo = f"min(_e[0], {', '.join(f'_e[{i}]' for i in range(1, n))})" if n > 1 else "_e[0]"
    hi = lo.replace("min(", "max(")
    return [
        *bound_lines,
        f"_lo = {lo}",
        f"_hi = {hi}",
        f"_lo = _lo - (abs(_lo) * {WIDEN} + 1e-300)",
        f"_hi = _hi + (abs(_hi) * {WIDEN} + 1e-300)",
        "_flo = -math.inf",
        "_fhi = math.inf",
        f"for _i in range({STEPS}):",
        "    if _lo < 0.0 and _hi > 0.0:",
        "        _m = 0.0",
        "    else:",
        "        _a = abs(_lo)",
        "        _b = abs(_hi)",
        "        if _b > 2.0 * _a or _a > 2.0 * _b:  # split the exponents",
        "            _m = math.copysign(math.sqrt(max(_a, 5e-324)) * math.sqrt(max(_b, 5e-324)), _lo + _hi)",
        "        else:",
        "            _m = _lo + 0.5 * (_hi - _lo)",
        "    if _m <= _lo or _m >= _hi:  # adjacent floats",
        "        break",
        f"    V = {at}",
        *_indent(sum_lines),
        "    if _f <= 0.0:",
        "        _lo = _m",
        "        _flo = _f",
        "    else:",
        "        _hi = _m",
        "        _fhi = _f",
        finish,
    ]


def _array_bisection(sum_lines: list[str], bound_lines: list[str], n: int, arguments: str) -> list[str]:
    """Bisection element-wise, in namespace xp, all points at once."""
    return [
        "def _s(V):",
        *_indent(sum_lines),
        *bound_lines,
        "_lo = _hi = _e[0]",
        *(
            [f"for _x in _e[1:]:", "    _lo = xp.minimum(_lo, _x)", "    _hi = xp.maximum(_hi, _x)"]
            if n > 1
            else []
        ),
        f"_lo = _lo - (xp.abs(_lo) * {WIDEN} + 1e-300)",
        f"_hi = _hi + (xp.abs(_hi) * {WIDEN} + 1e-300)",
        f"_lo, _hi = xp.broadcast_arrays(_lo, _hi, {arguments})[:2]",
        f"for _i in range({STEPS}):",
        "    _a = xp.abs(_lo)",
        "    _b = xp.abs(_hi)",
        "    _g = xp.copysign(xp.sqrt(xp.maximum(_a, 5e-324)) * xp.sqrt(xp.maximum(_b, 5e-324)), _lo + _hi)",
        "    _m = xp.where((_b > 2.0 * _a) | (_a > 2.0 * _b), _g, _lo + 0.5 * (_hi - _lo))",
        "    _m = xp.where((_lo < 0.0) & (_hi > 0.0), 0.0, _m)",
        "    _open = (_m > _lo) & (_m < _hi)",
        "    if not bool(xp.any(_open)):  # adjacent floats everywhere",
        "        break",
        "    _below = _s(_m) <= 0.0",
        "    _lo = xp.where(_open & _below, _m, _lo)",
        "    _hi = xp.where(_open & ~_below, _m, _hi)",
        "return xp.where(xp.abs(_s(_lo)) <= xp.abs(_s(_hi)), _lo, _hi)",
    ]


def print_root(
    fn: RootFunction,
    array_printer: ArrayAPIPrinter,
    pointwise_printer: PointwisePrinter,
    notation: Notation = DEFAULT,
    scalar_printer: ScalarPrinter | None = None,
    exact_printer: ExactPrinter | None = None,
) -> PrintedFunction:
    """What the module templates need for one root function (see the module docstring)."""
    derivation = fn.derivation()
    condition = fn.condition()
    form = numeric_form(condition, fn.name)
    bounds = [numeric_form(b, fn.name) for b in fn.bounds()]
    scalar_printer = scalar_printer or ScalarPrinter(constants=f"_{fn.name}_k")
    exact_printer = exact_printer or ExactPrinter()
    params, signature = printed_parameters(fn, notation)
    arguments = ", ".join(fn.params)

    # The checks: each argument's declared domain, concentrations and temperature > 0 (each
    # Nernst potential finite), and a positive sum of the permeabilities (else every V is a root).
    symbols = {s.name: s for s in (condition.free_symbols | {s for b in bounds for s in b.free_symbols})}
    logs = {s.name for b in bounds for s in b.free_symbols}
    found = []
    for name in fn.params:
        declared = [c for c in CONDITIONS if c in fn.assumptions(name)]
        if name in logs and "positive" not in declared:
            declared = ["positive", *(c for c in declared if c not in ("nonnegative", "nonzero"))]
        found.append(Check(symbols[name], tuple(c for c in CONDITIONS if c in declared)))
    # The weights of the sum (the permeabilities): with one, it must be positive itself.
    weights = list(fn.weights)
    if len(weights) == 1:
        found = [Check(c.expr, ("positive",)) if c.expr.name == weights[0] else c for c in found]
    compound_checks = [Check(sympy.Add(*(symbols[w] for w in weights)), ("positive",))] if len(weights) > 1 else []
    found += compound_checks
    printed_checks = [_print_check(c, array_printer, fn.params) for c in found]
    fast_check, loop_check, _ = _point_checks(found, scalar_printer)

    def tuple_body(printer: Any) -> list[str]:
        if len(bounds) == 1:
            lines, value = _body(bounds[0], printer)
            return [*lines, f"_e = ({value},)"]
        lines, value = _body(sympy.Tuple(*bounds), printer)
        return [*lines, f"_e = {value}"]

    def sum_body(printer: Any, last: str = "return ") -> list[str]:
        lines, value = _body(form, printer)
        return [*lines, f"{last}{value}"]

    n = len(bounds)
    kernel = _array_bisection(sum_body(array_printer), tuple_body(array_printer), n, arguments)
    pick = "_lo if abs(_flo) <= abs(_fhi) else _hi"
    pointwise = _scalar_bisection(
        sum_body(pointwise_printer, "_f = "), tuple_body(pointwise_printer), n, "_m", f"return {pick}"
    )
    scalar = _scalar_bisection(sum_body(scalar_printer, "_f = "), tuple_body(scalar_printer), n, "_m", f"_r = {pick}")
    # The exact kernel: the same bisection over floats, each sign decided by the decimal sum.
    compounds_value = ", ".join(exact_printer.doprint(c.expr) for c in compound_checks)
    compounds_value = f"({compounds_value}{',' if len(compound_checks) == 1 else ''})"
    exact = _scalar_bisection(
        sum_body(exact_printer, "_f = "),
        [*tuple_body(exact_printer), "_e = tuple(float(e) for e in _e)"],
        n,
        "_D(_m)",
        f"return _D({pick}), {compounds_value}",
    )
    compound = [f"return ({', '.join(array_printer.doprint(c.expr) for c in compound_checks)},)"]
    compound = compound if compound_checks else []
    constants = sorted(
        s.name
        for s in form.free_symbols | {s for b in bounds for s in b.free_symbols}
        if s.name in {c.name for c in SYMBOLS.constants()}
    )
    step = derivation.step(fn.step)

    def text(e: Any) -> str:
        return formula_text(e, log=notation.log)

    bound_names = ", ".join(text(derivation.step(label).equation.lhs) for label in fn.brackets)
    return PrintedFunction(
        name=fn.name,
        signature=signature,
        summary=fn.summary,
        formula=f"{fn.unknown} solving {text(step.equation)}",
        numeric_formula=(
            f"the root in {fn.unknown} of 0 = {text(form)}, bisected to adjacent floats between the smallest "
            f"and the largest of {bound_names} (where the sum is <= 0 and >= 0, since it increases "
            f"strictly in {fn.unknown}); of the two floats the one with the smaller |sum| is returned"
        ),
        definitions=tuple(
            sorted({g.definition for e in (form, *bounds) for g in e.atoms(sympy.Function) if type(g) in REWRITABLE})
        ),
        parameters=params,
        returns=fn.returns,
        returns_doc=fn.returns_doc.replace("{unit}", unit_text(SYMBOLS[fn.returns].unit, notation)),
        conventions=tuple(prose_text(c, notation) for c in derivation.conventions),
        relation=derivation.name,
        title=prose_text(derivation.title, notation),
        steps=printed_steps(derivation, len(derivation.steps), notation),
        checks=tuple(line for line, _ in printed_checks),
        requirements=tuple(words for _, words in printed_checks),
        kernel=tuple(kernel),
        pointwise=tuple(pointwise),
        blocked=True,
        scalar=tuple(scalar),
        fast_check=fast_check,
        loop_check=loop_check,
        conditions=repr(tuple(c.conditions for c in found if c.is_parameter)),
        compounds=repr(tuple((formula_text(c.expr), c.conditions) for c in compound_checks)),
        compound=tuple(compound),
        exact=tuple(exact),
        exact_constants=tuple(constants),
        units=repr(tuple(si_unit_text(SYMBOLS[name]) for name in (*fn.params, fn.returns))),
        scalar_constants=tuple(f"{name} = {value}" for value, name in scalar_printer.constants.items()),
        arithmetic=False,
        pointwise_inline=False,
        plausible=repr(tuple(plausible_range(name) for name in fn.params)),
    )
