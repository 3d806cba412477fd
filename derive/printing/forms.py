"""Numerically accurate forms: exact rewrites of a derived expression before it is printed.

A verified result says *what* to compute; these rules choose *how*, so that the
printed code stays accurate to a few ulp of the scale of its terms where the textbook
form loses digits:

* ``ln(a/b)`` → :class:`~derive.functions.logratio` with a − b regrouped so that it is
  computed without cancellation (``P_K*(K_out - K_in) + ...``): exact for a = b,
  ``log1p`` accuracy for a ≈ b;
* ``a/exprel(-u) - b/exprel(u)`` → :class:`~derive.functions.ghkflux`: one exponential
  instead of two, finite at u = 0, no overflow for large |u|;
* ``sqrt(s) + t`` with t of either sign and s − t² provably ≥ 0 →
  :class:`~derive.functions.sqrtadd`, with s − t² factored (the quadratic formula's
  −b + √(b² + 4ac) becomes 4ac/(√(b² + 4ac) + b) where b > 0).

Each rule is an identity; :func:`numeric_form` checks that the rewritten expression
equals the derived one with derive's own checker (symbolically, else with mpmath at
50 digits) and raises :class:`~derive.errors.VerificationError` otherwise, so a wrong
rule can never reach generated code.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import sympy

from ..checking import is_zero
from ..errors import VerificationError
from ..functions import exprel, ghkflux, logratio, sqrtadd


def difference(a: Any, b: Any) -> Any:
    """a − b as a sum of factored differences, e.g. ``P_K*(K_out - K_in) + P_Na*(Na_out - Na_in)``.

    Terms of a and b that share all but one factor are paired, so each difference of
    nearly equal inputs is taken first, where floating point takes it exactly.
    """
    # Functions (a sqrtadd, say) are opaque here: expanding inside them would only hide that
    # the same subexpression occurs in a, b and d, which cse then computes once.
    opaque = {f: sympy.Dummy(f"f{i}") for i, f in enumerate(sorted((a - b).atoms(sympy.Function), key=str))}
    back = {v: k for k, v in opaque.items()}
    a, b = a.xreplace(opaque), b.xreplace(opaque)
    expanded = sympy.expand(a - b)
    common = sorted((sympy.Add(a).free_symbols & sympy.Add(b).free_symbols) - set(back), key=lambda s: s.name)
    # Collect on the symbols both sides share (the permeabilities of ghk_voltage); what
    # is left in each coefficient is a difference of the symbols that differ.
    grouped = sympy.collect(expanded, common) if common else expanded
    terms = [sympy.factor_terms(t) for t in sympy.Add.make_args(grouped)]
    result = sympy.Add(*terms)
    if sympy.expand(result - (a - b)) != 0:  # pragma: no cover - collect is an identity
        raise VerificationError("numeric form", 0, "difference", "identity", sympy.expand(result - (a - b)))
    return result.xreplace(back)


def _logratio(expr: Any) -> Any:
    """ln(a/b) → logratio(a, b, a − b) wherever the argument of ln is a quotient."""

    def rewrite(node: Any) -> Any:
        (arg,) = node.args
        num, den = sympy.fraction(sympy.together(arg))
        if den == 1 or arg.is_number:
            return node
        return logratio(num, den, difference(num, den))

    return expr.replace(lambda e: isinstance(e, sympy.log), rewrite)


def _reciprocal_exprel(term: Any) -> tuple[Any, Any] | None:
    """(argument, coefficient) if ``term`` is coefficient / exprel(argument), else None."""
    factors = sympy.Mul.make_args(term)
    found = [f for f in factors if isinstance(f, sympy.Pow) and f.exp == -1 and isinstance(f.base, exprel)]
    if len(found) != 1:
        return None
    rest = sympy.Mul(*[f for f in factors if f is not found[0]])
    if rest.has(exprel):
        return None
    return found[0].base.args[0], rest


def _ghkflux(expr: Any) -> Any:
    """a/exprel(-u) - b/exprel(u) → ghkflux(u, a, b), inside any sum."""

    def rewrite(node: Any) -> Any:
        terms = list(node.args)
        for i, first in enumerate(terms):
            one = _reciprocal_exprel(first)
            if one is None:
                continue
            for j in range(i + 1, len(terms)):
                other = _reciprocal_exprel(terms[j])
                if other is None or sympy.expand(one[0] + other[0]) != 0:
                    continue
                # first = c1/exprel(x1), other = c2/exprel(-x1): pick u so that a multiplies exprel(-u).
                (x1, c1), (_, c2) = one, other
                u, a, b = (x1, c2, -c1) if not x1.could_extract_minus_sign() else (-x1, c1, -c2)
                rest = [t for k, t in enumerate(terms) if k not in (i, j)]
                return sympy.Add(ghkflux(u, a, b), *rest)
        return node

    return expr.replace(lambda e: isinstance(e, sympy.Add), rewrite)


def _sqrtadd(expr: Any) -> Any:
    """sqrt(s) + t → sqrtadd(s, t, factor(s - t**2)) where t may be negative and s - t² ≥ 0 provably."""

    def rewrite(node: Any) -> Any:
        roots = [a for a in node.args if isinstance(a, sympy.Pow) and a.exp == sympy.Rational(1, 2)]
        if len(roots) != 1:
            return node
        (root,) = roots
        t = sympy.Add(*[a for a in node.args if a is not root])
        if t.is_nonnegative or t.has(sqrtadd):
            return node  # nothing cancels
        p = sympy.factor(sympy.expand(root.base - t**2))
        if p.is_nonnegative is not True:
            return node
        return sqrtadd(root.base, t, p)

    return expr.replace(lambda e: isinstance(e, sympy.Add), rewrite)


#: The rules, applied in order (sqrtadd before logratio: the quadratic formula often sits inside a ln).
RULES = (_sqrtadd, _logratio, _ghkflux)


@cache  # verifying costs up to a second; both numeric modules print the same forms
def numeric_form(expr: Any, where: str = "numeric form") -> Any:
    """The expression to print for ``expr``: every rule applied, and the result verified equal."""
    form = expr
    for rule in RULES:
        form = rule(form)
    for node in form.atoms(logratio, sqrtadd):
        # the arguments the rewrite to elementary form drops must hold too: d = a - b, p = s - t²
        given, meant = (
            (node.args[2], node.args[0] - node.args[1])
            if isinstance(node, logratio)
            else (
                node.args[2],
                node.args[0] - node.args[1] ** 2,
            )
        )
        if sympy.expand(given - meant) != 0:
            raise VerificationError(where, 0, "numeric form", "identity", sympy.expand(given - meant), str(node))
    if form != expr:
        outcome = is_zero(form - expr, seed=f"{where}/numeric-form")
        if not outcome.zero:
            raise VerificationError(where, 0, "numeric form", "identity", outcome.leftover, outcome.detail)
    return form
