"""Deciding whether an expression vanishes: symbolically first, numerically if needed.

The symbolic check simplifies under the symbols' declared assumptions (positive
concentrations, nonzero integer charge, ...). When it is inconclusive, the expression
is evaluated with mpmath at 50 significant digits at random points of the physical
domain (drawn from a generator seeded by the step, so builds are reproducible). A
residual is accepted as zero only if it is below 1e-35 of the scale of its terms at
every point.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import mpmath
import sympy

from .functions import to_elementary
from .symbols import SYMBOLS, SymbolSpec

#: Working precision of the numeric check, significant digits.
DIGITS = 50
#: Number of random points per numeric check.
POINTS = 12
#: Relative size below which a residual counts as zero.
RELATIVE_TOLERANCE = mpmath.mpf(10) ** -(DIGITS - 15)


@dataclass(frozen=True)
class Outcome:
    """Result of asking whether an expression is zero."""

    #: True if it is zero.
    zero: bool
    #: "symbolic", "numeric", or "" when it failed.
    method: str
    #: The simplified leftover (meaningful when zero is False).
    leftover: Any
    #: Detail for error messages (a failing point, or why the check was inconclusive).
    detail: str = ""


def _opaque(expr: Any) -> Any:
    """Freeze limits and substitutions of a quantity that does not show its variable.

    ``Limit(I, V, 0)`` means "I as V → 0" with I an implicit function of V; ``doit()``
    would collapse it to plain ``I`` and let "lim I = ..." stand in for "I = ...".
    Such a node becomes a symbol named after it, so it only equals itself.
    """

    def frozen(node: Any) -> Any:
        return sympy.Symbol(f"[{sympy.sstr(node)}]", real=True)

    def implicit(node: Any) -> bool:
        if isinstance(node, sympy.Limit):
            return not node.args[0].has(node.args[1])
        if isinstance(node, sympy.Subs):
            return not any(node.expr.has(v) for v in node.variables)
        return False

    return expr.replace(implicit, frozen)


def prepare(expr: Any) -> Any:
    """Evaluate unevaluated derivatives, limits and substitutions; rewrite special functions."""
    return to_elementary(_opaque(sympy.sympify(expr)).doit())


def _symbolic_candidates(expr: Any):
    yield expr
    e = sympy.expand_log(expr)
    yield e
    yield sympy.cancel(sympy.together(e))
    e = sympy.simplify(e)
    yield e
    yield sympy.simplify(sympy.expand(sympy.powsimp(e)))


def symbolic_zero(expr: Any) -> tuple[bool, Any]:
    """(True, 0) if SymPy can show ``expr == 0``; else (False, simplest form seen).

    A simplifier that crashes (SymPy 1.14's piecewise simplification does, on some
    ``sign`` expressions) ends the symbolic attempt; the numeric check decides then.
    """
    best = expr
    best_ops = None  # count_ops(best), computed once per new best
    candidates = _symbolic_candidates(expr)
    while True:
        try:
            cand = next(candidates)
        except StopIteration:
            break
        except (AttributeError, TypeError, NotImplementedError, RecursionError):
            break
        if cand == 0 or cand.is_zero is True:
            return True, sympy.Integer(0)
        if best_ops is None:
            best_ops = sympy.count_ops(best)
        ops = sympy.count_ops(cand)
        if ops < best_ops:
            best, best_ops = cand, ops
    return False, best


def _sample(spec: SymbolSpec | None, rng: random.Random) -> mpmath.mpf:
    """A value in the physical domain implied by the symbol's assumptions."""
    # Wide, multi-scale ranges: a false identity that happens to vanish for a few small
    # integers or on a narrow interval must not pass.
    assumptions = set(spec.assumptions) if spec else set()
    if "integer" in assumptions:
        value = rng.randint(1, 40)
        if "positive" not in assumptions and rng.random() < 0.5:
            value = -value
        return mpmath.mpf(value)
    magnitude = mpmath.mpf(10) ** mpmath.mpf(rng.uniform(-3, 1.5))
    if "positive" in assumptions or "nonnegative" in assumptions:
        return magnitude
    if "negative" in assumptions or "nonpositive" in assumptions:
        return -magnitude
    return magnitude if rng.random() < 0.5 else -magnitude


def _terms(expr: Any) -> list[Any]:
    return list(expr.args) if isinstance(expr, sympy.Add) else [expr]


def numeric_zero(expr: Any, seed: str, extra: Mapping[str, SymbolSpec] | None = None) -> tuple[bool, str]:
    """Evaluate ``expr`` at random physical points with mpmath at :data:`DIGITS` digits.

    Returns (True, detail) if it vanishes to :data:`RELATIVE_TOLERANCE` at every point,
    (False, detail) otherwise; detail names the failing point or why no numeric check
    was possible.
    """
    if expr.atoms(sympy.core.function.AppliedUndef) or expr.atoms(sympy.Derivative):
        return False, "numeric check impossible: the expression holds undetermined functions"
    symbols = sorted(expr.free_symbols, key=lambda s: s.name)
    extra = dict(extra or {})
    specs = [extra.get(s.name) or SYMBOLS.get(s.name) for s in symbols]
    terms = _terms(sympy.expand(expr)) if len(_terms(expr)) == 1 else _terms(expr)
    f_expr = sympy.lambdify(symbols, expr, "mpmath")
    f_terms = [sympy.lambdify(symbols, t, "mpmath") for t in terms]
    rng = random.Random(zlib.crc32(seed.encode()))
    with mpmath.workdps(DIGITS):
        for _ in range(POINTS):
            values = [_sample(spec, rng) for spec in specs]
            try:
                value = mpmath.mpmathify(f_expr(*values))
                scale = max([abs(mpmath.mpmathify(f(*values))) for f in f_terms] + [mpmath.mpf(1e-300)])
            except (ZeroDivisionError, ValueError, OverflowError) as exc:
                return False, f"numeric check failed to evaluate: {exc}"
            if not mpmath.isfinite(value) or abs(value) > RELATIVE_TOLERANCE * scale:
                point = ", ".join(f"{s}={mpmath.nstr(v, 6)}" for s, v in zip(symbols, values, strict=True))
                return False, f"nonzero ({mpmath.nstr(value, 6)}) at {point}"
    return True, f"numerically zero at {POINTS} random points, {DIGITS} digits"


#: Digits of the second evaluation in :func:`clearly_nonzero`.
PROBE_DIGITS = DIGITS + 30
#: How closely the two evaluations must agree, relatively.
PROBE_AGREEMENT = mpmath.mpf(10) ** -10
#: Points :func:`clearly_nonzero` tries.
PROBE_POINTS = 3


def clearly_nonzero(expr: Any, seed: str, extra: Mapping[str, SymbolSpec] | None = None) -> bool:
    """True if ``expr`` is certainly not zero at one of a few random points of the domain.

    At each point it is evaluated with mpmath at :data:`DIGITS` and at :data:`PROBE_DIGITS`
    digits: a value that is finite, nonzero and the same to :data:`PROBE_AGREEMENT` both
    times is not rounding (what is left of an exact zero shrinks by 30 orders of magnitude
    with the extra digits), so ``expr`` is not identically zero and neither
    :func:`symbolic_zero` nor :func:`numeric_zero` can accept it: simplifying it would be
    wasted. False says nothing (small, not evaluable, or holding undetermined functions):
    check it in full. This only ever saves time; it never accepts anything.
    """
    extra = dict(extra or {})
    # An undetermined function and each of its derivatives at a point can take any values
    # at once (a polynomial has any value and slopes): each becomes a symbol of its own, the
    # function's with the function's domain, a derivative's with any real value.
    jets: dict[Any, Any] = {}
    specs_of: dict[Any, SymbolSpec | None] = {}
    for node in sorted(expr.atoms(sympy.Derivative), key=sympy.default_sort_key):
        jets[node] = key = sympy.Dummy(f"d{len(jets)}", real=True)
        specs_of[key] = None
    for node in sorted(expr.atoms(sympy.core.function.AppliedUndef), key=sympy.default_sort_key):
        jets[node] = key = sympy.Dummy(f"f{len(jets)}", real=True)
        name = node.func.__name__
        specs_of[key] = extra.get(name) or SYMBOLS.get(name)
    expr = expr.xreplace(jets)
    if not expr.free_symbols or expr.atoms(sympy.core.function.AppliedUndef) or expr.atoms(sympy.Derivative):
        return False
    symbols = sorted(expr.free_symbols, key=sympy.default_sort_key)
    specs = [specs_of[s] if s in specs_of else extra.get(s.name) or SYMBOLS.get(s.name) for s in symbols]
    try:
        f = sympy.lambdify(symbols, expr, "mpmath")
    except Exception:  # something lambdify cannot print: no quick answer
        return False
    rng = random.Random(zlib.crc32(seed.encode()))
    for _ in range(PROBE_POINTS):
        with mpmath.workdps(DIGITS):
            values = [_sample(spec, rng) for spec in specs]
        try:
            with mpmath.workdps(DIGITS):
                low = mpmath.mpmathify(f(*values))
            with mpmath.workdps(PROBE_DIGITS):
                high = mpmath.mpmathify(f(*values))
                agree = abs(low - high) <= PROBE_AGREEMENT * abs(high)
        except (ArithmeticError, ValueError, TypeError):
            continue
        if mpmath.isfinite(high) and high != 0 and agree:
            return True
    return False


def is_zero(expr: Any, seed: str, extra: Mapping[str, SymbolSpec] | None = None) -> Outcome:
    """Decide whether ``expr`` vanishes identically on the physical domain."""
    expr = prepare(expr)
    ok, leftover = symbolic_zero(expr)
    if ok:
        return Outcome(True, "symbolic", leftover)
    ok, detail = numeric_zero(leftover, seed, extra)
    if ok:
        return Outcome(True, "numeric", leftover, detail)
    return Outcome(False, "", leftover, detail)


def is_positive(expr: Any, seed: str, extra: Mapping[str, SymbolSpec] | None = None) -> Outcome:
    """Decide whether ``expr`` is positive on the whole physical domain.

    ``Outcome.zero`` is True when it is. SymPy's assumptions decide first; when they
    are inconclusive, ``expr`` must be finite and positive at :data:`POINTS` random
    points at :data:`DIGITS` digits (the same evidence the numeric identity check uses),
    and also where the symbols that may be zero (``nonnegative``) are zero, each alone
    and all together: a sum of permeabilities is not positive if they may all vanish.
    """
    expr = prepare(expr)
    if expr.is_positive is True:
        return Outcome(True, "symbolic", expr)
    if expr.is_positive is False:
        return Outcome(False, "", expr, "SymPy proves it is not positive")
    symbols = sorted(expr.free_symbols, key=lambda s: s.name)
    extra = dict(extra or {})
    specs = [extra.get(s.name) or SYMBOLS.get(s.name) for s in symbols]
    f = sympy.lambdify(symbols, expr, "mpmath")
    rng = random.Random(zlib.crc32(seed.encode()))
    may_vanish = [i for i, spec in enumerate(specs) if spec and "nonnegative" in spec.assumptions]
    zeroed = [[i] for i in may_vanish] + ([may_vanish] if len(may_vanish) > 1 else [])
    with mpmath.workdps(DIGITS):
        for n in range(POINTS + len(zeroed)):
            values = [_sample(spec, rng) for spec in specs]
            for i in zeroed[n - POINTS] if n >= POINTS else ():
                values[i] = mpmath.mpf(0)
            try:
                value = mpmath.mpmathify(f(*values))
            except (ZeroDivisionError, ValueError, OverflowError) as exc:
                return Outcome(False, "", expr, f"failed to evaluate: {exc}")
            if not (mpmath.isfinite(value) and mpmath.im(value) == 0 and mpmath.re(value) > 0):
                point = ", ".join(f"{s}={mpmath.nstr(v, 6)}" for s, v in zip(symbols, values, strict=True))
                return Outcome(False, "", expr, f"{mpmath.nstr(value, 6)} at {point}")
    return Outcome(True, "numeric", expr, f"positive at {POINTS} random points")


def residual(eq: sympy.Eq) -> Any:
    """lhs − rhs."""
    return eq.lhs - eq.rhs


def nonvanishing_factor(ratio: Any) -> bool:
    """True if SymPy's assumptions prove ``ratio`` finite and nonzero on the whole domain.

    Two equations a = 0 and b = 0 are equivalent when a = q·b with such a q; a ratio
    that might vanish or blow up somewhere proves nothing, so this is symbolic only.
    """
    ratio = sympy.simplify(sympy.expand_log(ratio))
    return ratio.is_zero is False and ratio.is_finite is True


def equivalent(
    claim: sympy.Eq, expected: sympy.Eq, seed: str, extra: Mapping[str, SymbolSpec] | None = None
) -> Outcome:
    """Whether ``claim`` says the same as ``expected``.

    Accepted: equal residuals (possibly with sides swapped); residuals in a ratio that
    is provably finite and nonzero (a rearrangement that multiplied through); or, when
    the claim isolates a symbol or function on its left, substituting it into the
    expected equation leaves an identity.

    The ways are tried in that order, except that a difference of residuals that is far
    from zero at a point of the domain (:func:`clearly_nonzero`: it cannot simplify to
    zero, and no numeric check of it can pass) is not simplified first: the other ways are
    tried, and only if they fail is it checked as before, to report the failure. Which way
    is reported, and every failure, is as in that order; what is skipped is only the
    simplification of a difference that is not zero (half of a cold build's time).
    """
    rc, re = prepare(residual(claim)), prepare(residual(expected))
    differs = clearly_nonzero(rc - re, seed + "/differs", extra)
    first = None if differs else is_zero(rc - re, seed, extra)
    if first is not None and first.zero:
        return first
    other = _equivalent_otherwise(claim, rc, re, seed, extra)
    if other is not None:
        return other
    return first if first is not None else is_zero(rc - re, seed, extra)


def _equivalent_otherwise(
    claim: sympy.Eq, rc: Any, re: Any, seed: str, extra: Mapping[str, SymbolSpec] | None
) -> Outcome | None:
    """:func:`equivalent`'s ways other than equal residuals, in order; None if none shows it."""
    if not clearly_nonzero(rc + re, seed + "/swapped", extra) and symbolic_zero(rc + re)[0]:
        return Outcome(True, "symbolic", 0)
    if re != 0 and rc != 0 and nonvanishing_factor(rc / re):
        return Outcome(True, "symbolic", 0)
    lhs = claim.lhs
    if isinstance(lhs, (sympy.Symbol, sympy.core.function.AppliedUndef)) and _solves_uniquely(re, lhs, claim.rhs):
        iso = is_zero(re.subs(lhs, claim.rhs), seed + "/isolate", extra)
        if iso.zero:
            return iso
    return None


def _solves_uniquely(expected_residual: Any, unknown: Any, value: Any) -> bool:
    """Whether ``expected_residual = 0`` pins ``unknown`` down to one value.

    Substituting a claimed solution only shows that it *is* a solution; it follows
    from the expected equation only if that equation has no other. This holds when the
    residual is a + b·unknown with b provably nonzero (x² = 4 does not give x = 2).
    """
    if value.has(unknown):
        return False
    for d in expected_residual.atoms(sympy.Derivative):
        if d.has(unknown) or (isinstance(unknown, sympy.core.function.AppliedUndef) and d.has(unknown.func)):
            return False  # a differential equation: many solutions
    b = sympy.diff(expected_residual, unknown)
    if b.has(unknown):
        return False
    b = sympy.simplify(b)
    return b.is_zero is False and b.is_finite is True
