"""Dimension checking of SymPy expressions against the symbol registry.

Dimensions are read from each symbol's SI unit (``sympy.physics.units``) and kept as
a mapping base-dimension → exponent. The rules are the textbook ones: terms of a sum
share a dimension, both sides of an equation share a dimension, and the arguments of
exp, ln and the other transcendental functions are dimensionless.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sympy
from sympy.physics.units.systems.si import dimsys_SI

from .errors import DimensionError
from .symbols import SYMBOLS, SymbolSpec

Dim = tuple[tuple[str, Any], ...]  # sorted (base, exponent) pairs; () is dimensionless
DIMENSIONLESS: Dim = ()


def _canonical(dimension: Any) -> Dim:
    deps = dimsys_SI.get_dimensional_dependencies(dimension)
    return tuple(sorted((str(base.name), sympy.nsimplify(e)) for base, e in deps.items() if e != 0))


def _mul(a: Dim, b: Dim, power: Any = 1) -> Dim:
    out: dict[str, Any] = dict(a)
    for base, e in b:
        out[base] = out.get(base, 0) + e * power
    return tuple(sorted((k, v) for k, v in out.items() if v != 0))


def describe(dim: Dim) -> str:
    """A readable form: ``amount_of_substance*length**-3``; ``dimensionless`` for ()."""
    if not dim:
        return "dimensionless"
    return "*".join(base if e == 1 else f"{base}**{e}" for base, e in dim)


class DimensionChecker:
    """Computes the dimension of an expression, raising :class:`DimensionError`.

    Parameters
    ----------
    where:
        Words naming what is checked, used in error messages ("derivation 'nernst', step 3").
    extra:
        Specs of symbols local to one derivation (integration constants), by name.
    """

    def __init__(self, where: str, extra: Mapping[str, SymbolSpec] | None = None) -> None:
        self.where = where
        self.extra = dict(extra or {})

    def _spec(self, name: str) -> SymbolSpec:
        if name in self.extra:
            return self.extra[name]
        return SYMBOLS[name]

    def check_equation(self, eq: sympy.Eq) -> Dim:
        """Dimension of an equation's sides; raises if they differ."""
        left = self.dim(eq.lhs)
        right = self.dim(eq.rhs)
        if eq.lhs.is_zero or eq.rhs.is_zero:  # 0 carries any dimension
            return right if eq.lhs.is_zero else left
        if left != right:
            raise DimensionError(
                self.where,
                eq,
                f"left side is {describe(left)} but right side is {describe(right)}",
            )
        return left

    def _dimensionless_args(self, expr: Any) -> Dim:
        for arg in expr.args:
            d = self.dim(arg)
            if d != DIMENSIONLESS:
                name = type(expr).__name__
                raise DimensionError(self.where, expr, f"argument of {name} has dimension {describe(d)}")
        return DIMENSIONLESS

    def dim(self, expr: Any) -> Dim:
        if isinstance(expr, sympy.Number) or expr in (sympy.pi, sympy.E, sympy.oo, -sympy.oo):
            return DIMENSIONLESS
        if isinstance(expr, sympy.Symbol):
            return _canonical(self._spec(expr.name).dimension)
        if isinstance(expr, sympy.core.function.AppliedUndef):
            for arg in expr.args:
                self.dim(arg)
            return _canonical(self._spec(expr.func.__name__).dimension)
        if isinstance(expr, sympy.Add):
            dims = [(term, self.dim(term)) for term in expr.args]
            ref_term, ref = dims[0]
            for term, d in dims[1:]:
                if d != ref:
                    raise DimensionError(
                        self.where,
                        expr,
                        f"terms {ref_term} ({describe(ref)}) and {term} ({describe(d)}) "
                        "are added but differ in dimension",
                    )
            return ref
        if isinstance(expr, sympy.Mul):
            out = DIMENSIONLESS
            for factor in expr.args:
                out = _mul(out, self.dim(factor))
            return out
        if isinstance(expr, sympy.Pow):
            base = self.dim(expr.base)
            exp_dim = self.dim(expr.exp)
            if exp_dim != DIMENSIONLESS:
                raise DimensionError(self.where, expr, f"exponent has dimension {describe(exp_dim)}")
            if base == DIMENSIONLESS:
                return DIMENSIONLESS
            if not expr.exp.is_Number:
                raise DimensionError(self.where, expr, "a dimensional base is raised to a symbolic power")
            return _mul(DIMENSIONLESS, base, expr.exp)
        if isinstance(expr, sympy.Derivative):
            out = self.dim(expr.expr)
            for var, count in expr.variable_count:
                out = _mul(out, self.dim(var), -count)
            return out
        if isinstance(expr, sympy.Integral):
            out = self.dim(expr.function)
            for limits in expr.limits:
                out = _mul(out, self.dim(limits[0]))
            return out
        if isinstance(expr, (sympy.Limit, sympy.Subs)):
            return self.dim(expr.args[0])
        if isinstance(expr, sympy.Eq):
            return self.check_equation(expr)
        if isinstance(expr, (sympy.Abs, sympy.sign, sympy.Min, sympy.Max)):
            # |V|, min(a, b): the dimension of the arguments, which must agree.
            dims = {self.dim(a) for a in expr.args}
            if len(dims) > 1:
                raise DimensionError(self.where, expr, "arguments differ in dimension")
            return DIMENSIONLESS if isinstance(expr, sympy.sign) else dims.pop()
        if isinstance(expr, sympy.Function):
            # exp, log, exprel, trigonometric ...: dimensionless in, dimensionless out.
            return self._dimensionless_args(expr)
        raise DimensionError(self.where, expr, f"cannot determine the dimension of a {type(expr).__name__}")


def check_dimensions(eq: sympy.Eq, where: str, extra: Mapping[str, SymbolSpec] | None = None) -> Dim:
    """Check an equation; return the dimension of its sides."""
    return DimensionChecker(where, extra).check_equation(eq)
