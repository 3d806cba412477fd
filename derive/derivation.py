"""Verified derivations: ordered steps, each checked against the rule it claims.

A :class:`Step` holds an equation written the way a textbook would write it, a
justification in words, and the :class:`Rule` that is claimed to produce it from
earlier steps. Building a :class:`Derivation` checks every step: the rule recomputes
what should follow from the cited steps and :mod:`derive.checking` decides whether
the written equation says the same (symbolically, or numerically at 50 digits when
SymPy cannot decide). Every equation is also dimension-checked. An unverified
derivation therefore cannot exist, and cannot reach a printer or a template.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

import sympy
from sympy.core.function import AppliedUndef
from sympy.solvers.ode import checkodesol

from . import checking
from .bibliography import check_keys
from .checking import Outcome
from .dimensions import check_dimensions, describe
from .errors import DerivationStructureError, VerificationError
from .symbols import SymbolSpec


class Failed(Exception):
    """Raised inside a rule's check; turned into a VerificationError naming the step."""

    def __init__(self, leftover: Any, detail: str = "") -> None:
        self.leftover = leftover
        self.detail = detail
        super().__init__(f"{leftover} {detail}")


def _require(outcome: Outcome) -> str:
    if not outcome.zero:
        raise Failed(outcome.leftover, outcome.detail)
    return outcome.method


@dataclass(frozen=True)
class Context:
    """What a rule may look at: the earlier steps by label, and derivation-local symbols."""

    steps: Mapping[str, Step]
    extra: Mapping[str, SymbolSpec]
    seed: str
    #: Every earlier equation, labelled or not.
    earlier: tuple[sympy.Eq, ...] = ()

    def eq(self, label: str) -> sympy.Eq:
        return self.steps[label].equation

    def is_fresh(self, quantity: Any) -> bool:
        """True if no earlier equation mentions ``quantity`` (a symbol or a function)."""
        target = quantity.func if isinstance(quantity, AppliedUndef) else quantity
        return not any(eq.has(target) for eq in self.earlier)


def _require_fresh(quantity: Any, ctx: Context, what: str) -> None:
    if not ctx.is_fresh(quantity):
        raise Failed(quantity, f"{what} {quantity} already appears in an earlier step")


# --------------------------------------------------------------------------- rules


@dataclass(frozen=True)
class Rule:
    """Base class: how a step is claimed to follow from earlier ones."""

    #: Short name shown in reports and errors.
    name: ClassVar[str] = "rule"

    @property
    def premises(self) -> tuple[str, ...]:
        """Labels of the earlier steps this rule cites."""
        return ()

    def check(self, claim: sympy.Eq, ctx: Context) -> str:
        """Verify ``claim``; return how ("symbolic"/"numeric"/"given"); raise :class:`Failed`."""
        raise NotImplementedError


PremiseKind = Literal["definition", "model", "condition", "convention", "boundary condition", "initial condition"]


@dataclass(frozen=True)
class Premise(Rule):
    """A starting point: a definition, a model assumption, a condition.

    Premises are not derived, so only their dimensions are checked.
    """

    name: ClassVar[str] = "premise"
    #: What kind of premise this is (shown in reports).
    kind: PremiseKind = "definition"

    def check(self, claim: sympy.Eq, ctx: Context) -> str:
        if self.kind == "definition" and isinstance(claim.lhs, (sympy.Symbol, AppliedUndef)):
            _require_fresh(claim.lhs, ctx, "the defined quantity")
        return "given"


@dataclass(frozen=True)
class Cite(Rule):
    """A result of another, already verified derivation (e.g. Nernst inside GHK).

    Checked against the cited step, so a mistyped citation cannot slip in.
    """

    name: ClassVar[str] = "cite"
    #: The verified derivation cited.
    derivation: Derivation | None = None
    #: Label of the cited step; empty for its main result.
    label: str = ""

    def check(self, claim: sympy.Eq, ctx: Context) -> str:
        if self.derivation is None:
            raise Failed(claim, "cite needs the derivation it cites")
        step = self.derivation.step(self.label) if self.label else self.derivation.result
        return _require(checking.equivalent(claim, step.equation, ctx.seed, ctx.extra))


def _substitutions(ctx: Context, labels: tuple[str, ...]) -> dict[Any, Any]:
    subs: dict[Any, Any] = {}
    for label in labels:
        eq = ctx.eq(label)
        subs[eq.lhs] = eq.rhs
    return subs


@dataclass(frozen=True)
class Substitute(Rule):
    """Substitute the equations ``using`` (each ``lhs = rhs``) into step ``into``.

    Checked by substituting the same equations into both the written step and the
    target, then requiring the two to be equivalent: substitution may run in either
    direction (``P = Dβ/L`` may introduce P into a formula).
    """

    name: ClassVar[str] = "substitute"
    into: str = ""
    using: tuple[str, ...] = ()

    @property
    def premises(self) -> tuple[str, ...]:
        return (*self.using, self.into)

    def check(self, claim: sympy.Eq, ctx: Context) -> str:
        subs = _substitutions(ctx, self.using)
        expected = ctx.eq(self.into).subs(subs)
        written = claim.subs(subs)
        return _require(checking.equivalent(written, expected, ctx.seed, ctx.extra))


@dataclass(frozen=True)
class Rearrange(Rule):
    """Rewrite step ``source`` into an equivalent form (solve for a quantity, factor, ...)."""

    name: ClassVar[str] = "rearrange"
    source: str = ""

    @property
    def premises(self) -> tuple[str, ...]:
        return (self.source,)

    def check(self, claim: sympy.Eq, ctx: Context) -> str:
        return _require(checking.equivalent(claim, ctx.eq(self.source), ctx.seed, ctx.extra))


@dataclass(frozen=True)
class IntegrateODE(Rule):
    """The general solution of the ODE in step ``ode``.

    Checked by substituting it back (SymPy's ``checkodesol``) and by requiring a
    general solution: as many new constants of integration as the ODE's order, with a
    nonvanishing Wronskian-type Jacobian, so a particular solution cannot pass.
    """

    name: ClassVar[str] = "integrate ODE"
    ode: str = ""

    @property
    def premises(self) -> tuple[str, ...]:
        return (self.ode,)

    def check(self, claim: sympy.Eq, ctx: Context) -> str:
        ode = ctx.eq(self.ode)
        func = claim.lhs
        if not isinstance(func, sympy.core.function.AppliedUndef):
            raise Failed(claim.lhs, "the left side of an ODE solution must be the unknown function")
        (var,) = func.args
        order = sympy.ode_order(checking.residual(ode), func)
        constants = sorted(claim.rhs.free_symbols - ode.free_symbols - {var}, key=lambda s: s.name)
        if len(constants) != order:
            raise Failed(
                claim.rhs, f"a general solution of an order-{order} ODE has {order} new constants, not {len(constants)}"
            )
        rows = [[sympy.diff(claim.rhs, var, n).diff(c) for c in constants] for n in range(order)]
        jacobian = sympy.simplify(sympy.Matrix(rows).det()) if order else sympy.Integer(1)
        if jacobian.is_zero is not False:
            raise Failed(jacobian, "the constants of integration are not independent")
        ok, _ = checkodesol(ode, claim, func=func)
        if ok:
            return "symbolic"
        # Not simplified to zero by checkodesol: try our own (symbolic, then numeric) check.
        plugged = checking.residual(ode).subs(func, claim.rhs).doit()
        return _require(checking.is_zero(plugged, ctx.seed, ctx.extra))


@dataclass(frozen=True)
class ApplyConditions(Rule):
    """Fix the unknowns of the solution in step ``solution`` from boundary/initial conditions.

    The conditions are steps of the form ``f(x0) = value``. The check solves the
    conditions for ``unknowns`` (which must have exactly one solution), then compares
    the written step with the result: if its left side is one of the unknowns, with
    that unknown's value; otherwise with the solution after substitution.
    """

    name: ClassVar[str] = "apply conditions"
    solution: str = ""
    conditions: tuple[str, ...] = ()
    unknowns: tuple[Any, ...] = ()

    @property
    def premises(self) -> tuple[str, ...]:
        return (*self.conditions, self.solution)

    def check(self, claim: sympy.Eq, ctx: Context) -> str:
        general = ctx.eq(self.solution)
        func = general.lhs
        if not isinstance(func, sympy.core.function.AppliedUndef):
            raise Failed(func, "the solution step must read f(x) = ...")
        (var,) = func.args
        system = []
        for label in self.conditions:
            cond = ctx.eq(label)
            if not (isinstance(cond.lhs, sympy.core.function.AppliedUndef) and cond.lhs.func == func.func):
                raise Failed(cond, f"condition {label!r} must read {func.func}(point) = value")
            given = [u for u in self.unknowns if cond.rhs.has(u)]
            if given:
                raise Failed(cond, f"{given} are given by condition {label!r}; they cannot be unknowns")
            (point,) = cond.lhs.args
            system.append(sympy.Eq(general.rhs.subs(var, point), cond.rhs))
        missing = [u for u in self.unknowns if not general.rhs.has(u)]
        if missing:
            raise Failed(general, f"unknowns {missing} do not appear in the solution")
        solutions = sympy.solve(system, list(self.unknowns), dict=True)
        if len(solutions) != 1:
            raise Failed(system, f"the conditions give {len(solutions)} solutions for {self.unknowns}, not one")
        (sol,) = solutions
        if claim.lhs in sol:
            return _require(checking.is_zero(claim.rhs - sol[claim.lhs], ctx.seed, ctx.extra))
        expected = general.subs(sol)
        return _require(checking.equivalent(claim, expected, ctx.seed, ctx.extra))


@dataclass(frozen=True)
class TakeLimit(Rule):
    """The limit of the right side of step ``source`` as ``variable`` → ``point``.

    The written left side is either ``Limit(source_lhs, variable, point)`` or a new
    symbol that names the limit (``G* = p/k``).
    """

    name: ClassVar[str] = "take limit"
    source: str = ""
    variable: Any = None
    point: Any = 0
    direction: Literal["+", "-", "+-"] = "+-"

    @property
    def premises(self) -> tuple[str, ...]:
        return (self.source,)

    def check(self, claim: sympy.Eq, ctx: Context) -> str:
        src = ctx.eq(self.source)
        if isinstance(claim.lhs, sympy.Limit):
            expr, var, point, _direction = claim.lhs.args
            if expr != src.lhs or var != self.variable or point != self.point:
                raise Failed(
                    claim.lhs, f"the left side must be the limit of {src.lhs} as {self.variable} -> {self.point}"
                )
        elif isinstance(claim.lhs, sympy.Symbol):
            _require_fresh(claim.lhs, ctx, "the symbol naming the limit")
        else:
            raise Failed(claim.lhs, "the left side must be a Limit or a new symbol naming it")
        direction = "+" if self.point in (sympy.oo, -sympy.oo) else self.direction
        value = sympy.limit(checking.prepare(src.rhs), self.variable, self.point, direction)
        if value.has(sympy.Limit) or value.has(sympy.nan) or value.has(sympy.zoo):
            raise Failed(value, "SymPy could not evaluate the limit")
        return _require(checking.is_zero(claim.rhs - value, ctx.seed, ctx.extra))


@dataclass(frozen=True)
class Evaluate(Rule):
    """Evaluate step ``source`` at ``variable = value``, then substitute ``using``.

    The written left side is ``Subs(source_lhs, variable, value)`` or a new symbol
    naming the value; the right sides are compared.
    """

    name: ClassVar[str] = "evaluate"
    source: str = ""
    variable: Any = None
    value: Any = None
    using: tuple[str, ...] = ()

    @property
    def premises(self) -> tuple[str, ...]:
        return (*self.using, self.source)

    @property
    def pairs(self) -> tuple[tuple[Any, Any], ...]:
        """(variable, value) pairs: ``variable`` and ``value`` may be tuples of equal length."""
        if isinstance(self.variable, tuple):
            if not isinstance(self.value, tuple) or len(self.value) != len(self.variable):
                raise Failed(self.value, f"give one value for each of {self.variable}")
            return tuple(zip(self.variable, self.value, strict=True))
        return ((self.variable, self.value),)

    def check(self, claim: sympy.Eq, ctx: Context) -> str:
        src = ctx.eq(self.source)
        variables, values = zip(*self.pairs, strict=True)
        if isinstance(claim.lhs, sympy.Symbol):
            _require_fresh(claim.lhs, ctx, "the symbol naming the value")
        elif claim.lhs != sympy.Subs(src.lhs, variables, values):
            raise Failed(claim.lhs, f"the left side must be {src.lhs} at {self.pairs}")
        using = _substitutions(ctx, self.using)
        defined_here = [v for v in variables if v in using]
        if defined_here:
            raise Failed(
                defined_here, "a step in `using` defines a variable being evaluated: nothing would be evaluated"
            )

        def resolve(expr: Any) -> Any:
            # Definitions may refer to each other (a = A + ..., A = P_K K_i + ...):
            # substitute until nothing changes.
            for _ in range(len(using) + 1):
                expr, before = expr.subs(using), expr
                if expr == before:
                    break
            return expr

        # ``using`` may define quantities the source is written in (A = P_K K_i + ...)
        # or ones the evaluation point brings in (V = E): substitute before and after.
        # All variables at once, as Subs means: (c_in, c_out) -> (c_out, c_in) swaps them.
        expected = resolve(resolve(src.rhs).subs(dict(self.pairs), simultaneous=True))
        return _require(checking.is_zero(claim.rhs - expected, ctx.seed, ctx.extra))


@dataclass(frozen=True)
class ApplyToBoth(Rule):
    """Apply the one-argument function ``function`` (e.g. ``sympy.sign``) to both sides of step ``source``.

    The written step may be any equivalent form of ``function(lhs) = function(rhs)``.
    """

    name: ClassVar[str] = "apply"
    source: str = ""
    function: Any = None

    @property
    def premises(self) -> tuple[str, ...]:
        return (self.source,)

    def check(self, claim: sympy.Eq, ctx: Context) -> str:
        src = ctx.eq(self.source)
        expected = sympy.Eq(self.function(src.lhs), self.function(src.rhs), evaluate=False)
        return _require(checking.equivalent(claim, expected, ctx.seed, ctx.extra))


@dataclass(frozen=True)
class Divide(Rule):
    """Divide both sides of step ``source`` by ``factor``, which must be provably nonzero.

    The factor is checked with SymPy's assumptions on it as written (``F/exprel(u)`` is
    positive for every real ``u``, also at V = 0, where the same factor written as
    ``F^2 V/(RT(1 - e^{-FV/RT}))`` is 0/0), so a factor that might vanish somewhere, and
    so lose or invent solutions, is refused. After substituting the steps ``using``,
    lhs − rhs of the source must equal ``factor`` times lhs − rhs of the written step.
    """

    name: ClassVar[str] = "divide"
    source: str = ""
    factor: Any = None
    #: Steps (each ``lhs = rhs``) substituted into both equations before comparing.
    using: tuple[str, ...] = ()

    @property
    def premises(self) -> tuple[str, ...]:
        return (*self.using, self.source)

    def check(self, claim: sympy.Eq, ctx: Context) -> str:
        factor = sympy.sympify(self.factor)
        if factor.is_zero is not False or factor.is_finite is not True:
            raise Failed(factor, "the factor is not provably finite and nonzero on the whole domain")
        subs = _substitutions(ctx, self.using)
        # lhs - rhs of the source must be the factor times lhs - rhs of the written step.
        leftover = checking.residual(ctx.eq(self.source)).subs(subs) - factor * checking.residual(claim).subs(subs)
        return _require(checking.is_zero(leftover, ctx.seed, ctx.extra))


@dataclass(frozen=True)
class SolveFor(Rule):
    """Solve step ``source`` for ``unknown``, taking the one root in the physical domain.

    With ``via`` (an expression ``w(unknown)`` such as ``exp(FV/RT)``, which must be
    one-to-one and positive), the equation is rewritten in ``w``; otherwise ``w`` is
    the unknown itself. Cleared of its (provably nonzero) denominator, it must be a
    polynomial in ``w`` of degree 1 with a nonzero slope (one root), or of degree 2
    whose leading and constant coefficients have provably opposite signs (exactly one
    positive root; ``w`` must then be positive, through ``via`` or the unknown's
    assumptions). The written value must make the polynomial vanish and, where ``w``
    is positive, give a positive ``w``: the other root of a quadratic is refused.
    """

    name: ClassVar[str] = "solve"
    source: str = ""
    unknown: Any = None
    via: Any = None

    @property
    def premises(self) -> tuple[str, ...]:
        return (self.source,)

    def check(self, claim: sympy.Eq, ctx: Context) -> str:
        x = self.unknown
        if claim.lhs != x or claim.rhs.has(x):
            raise Failed(claim, f"the step must read {x} = (an expression free of {x})")
        residual = checking.prepare(checking.residual(ctx.eq(self.source)))
        if self.via is None:
            w = sympy.Dummy("w", positive=x.is_positive)
            in_w, claimed_w = residual.subs(x, w), claim.rhs
        else:
            if sympy.sympify(self.via).is_positive is not True:
                raise Failed(self.via, "`via` must be provably positive (an exponential, say)")
            w = sympy.Dummy("w", positive=True)
            inverse = sympy.solve(sympy.Eq(w, self.via), x)
            if len(inverse) != 1:
                raise Failed(self.via, f"{self.via} is not one-to-one in {x}")
            in_w = sympy.powsimp(sympy.expand(residual.subs(x, inverse[0])), force=True)
            claimed_w = self.via.subs(x, claim.rhs)
        numerator, denominator = sympy.fraction(sympy.cancel(sympy.together(in_w)))
        if in_w.has(x) or denominator.is_zero is not False:
            raise Failed(in_w, f"not a rational function of {self.via or x} with a nonvanishing denominator")
        try:
            poly = sympy.Poly(numerator, w)
        except sympy.PolynomialError as exc:
            raise Failed(numerator, f"not a polynomial in {self.via or x}") from exc
        coeffs = [sympy.simplify(c) for c in poly.all_coeffs()]
        if poly.degree() == 1:
            if coeffs[0].is_zero is not False:
                raise Failed(coeffs[0], "the slope is not provably nonzero")
        elif poly.degree() == 2:
            if w.is_positive is not True:
                raise Failed(x, "a quadratic is solved only for a positive unknown, or with `via`")
            if (coeffs[0] * coeffs[2]).is_negative is not True:
                raise Failed(coeffs, "the quadratic is not provably one with exactly one positive root")
        else:
            raise Failed(numerator, f"degree {poly.degree()} in {self.via or x}: only degrees 1 and 2 are solved")
        root = checking.is_zero(poly.as_expr().subs(w, claimed_w), ctx.seed, ctx.extra)
        if not root.zero:
            raise Failed(root.leftover, f"the written value is not a root; {root.detail}")
        # The rewriting in w used powsimp(force=True), which ignores assumptions: the value
        # must also solve the source equation as written.
        direct = checking.is_zero(residual.subs(x, claim.rhs), ctx.seed + "/direct", ctx.extra)
        if not direct.zero:
            raise Failed(direct.leftover, f"the written value does not solve the source; {direct.detail}")
        if w.is_positive:
            positive = checking.is_positive(claimed_w, ctx.seed + "/positive", ctx.extra)
            if not positive.zero:
                raise Failed(claimed_w, f"the written root is not positive ({positive.detail})")
        return root.method


@dataclass(frozen=True)
class Linearise(Rule):
    """The first-order Taylor polynomial of step ``source`` in ``variable`` about ``point``.

    Step ``source`` reads ``y = f(variable)``; the written step must read ``y = ...`` with
    a right side equal to ``f(point) + f'(point) (variable - point)`` once the steps
    ``using`` (each ``lhs = rhs``, applied in order) are substituted into both. The
    written equation is an approximation, exact to first order in ``variable - point``;
    the justification must say so.
    """

    name: ClassVar[str] = "linearise"
    source: str = ""
    variable: Any = None
    point: Any = None
    using: tuple[str, ...] = ()

    @property
    def premises(self) -> tuple[str, ...]:
        return (*self.using, self.source)

    def check(self, claim: sympy.Eq, ctx: Context) -> str:
        src = ctx.eq(self.source)
        if claim.lhs != src.lhs:
            raise Failed(claim.lhs, f"the left side must be {src.lhs}, the left side of the linearised step")
        if not src.rhs.has(self.variable):
            raise Failed(src.rhs, f"step {self.source!r} does not depend on {self.variable}")
        if any(ctx.eq(label).lhs == self.variable for label in self.using):
            raise Failed(self.variable, "a step in `using` defines the variable: the tangent would collapse to a point")
        f = src.rhs
        tangent = f.subs(self.variable, self.point) + sympy.diff(f, self.variable).subs(self.variable, self.point) * (
            self.variable - self.point
        )
        written, expected = claim.rhs, tangent
        for label in self.using:  # in order: a later step may refer to an earlier one's symbol
            eq = ctx.eq(label)
            written, expected = written.subs(eq.lhs, eq.rhs), expected.subs(eq.lhs, eq.rhs)
        return _require(checking.is_zero(written - expected, ctx.seed, ctx.extra))


@dataclass(frozen=True)
class TakeLogarithm(Rule):
    """Take the natural logarithm of both sides of step ``source``.

    Both sides must be positive (the logarithm is then one-to-one, so nothing is lost):
    shown by SymPy's assumptions, or else at the numeric check's random points (sums of
    permeabilities, which may each be zero, are positive only if one is not); the
    written step must say the same as ``ln(lhs) = ln(rhs)``.
    """

    name: ClassVar[str] = "take logarithms"
    source: str = ""

    @property
    def premises(self) -> tuple[str, ...]:
        return (self.source,)

    def check(self, claim: sympy.Eq, ctx: Context) -> str:
        src = ctx.eq(self.source)
        for i, side in enumerate((src.lhs, src.rhs)):
            positive = checking.is_positive(side, f"{ctx.seed}/positive/{i}", ctx.extra)
            if not positive.zero:
                raise Failed(side, f"the logarithm needs both sides positive ({positive.detail})")
        expected = sympy.Eq(sympy.log(src.lhs), sympy.log(src.rhs))
        return _require(checking.equivalent(claim, expected, ctx.seed, ctx.extra))


@dataclass(frozen=True)
class Differentiate(Rule):
    """Differentiate both sides of step ``source`` with respect to ``variable``.

    For an equation between profiles that holds at every point of an interval
    (electroneutrality everywhere in a junction, a definition of a total): its
    derivatives are then equal too. The written step must say the same as
    ``d(lhs)/d(variable) = d(rhs)/d(variable)``, after substituting the steps
    ``using`` (each ``lhs = rhs``) into both, repeatedly until nothing changes (a step
    of ``using`` may be written in terms of another's left side).
    """

    name: ClassVar[str] = "differentiate"
    source: str = ""
    variable: Any = None
    using: tuple[str, ...] = ()

    @property
    def premises(self) -> tuple[str, ...]:
        return (*self.using, self.source)

    def check(self, claim: sympy.Eq, ctx: Context) -> str:
        src = ctx.eq(self.source)
        if not src.has(self.variable):
            raise Failed(src, f"step {self.source!r} does not depend on {self.variable}")
        subs = _substitutions(ctx, self.using)

        def resolve(eq: Any) -> Any:
            # The steps may refer to each other (a gradient written with the field, the field
            # with the salt's gradient): substitute until nothing changes.
            for _ in range(len(subs) + 1):
                eq, before = eq.subs(subs), eq
                if eq == before:
                    break
            return eq

        expected = sympy.Eq(sympy.diff(src.lhs, self.variable), sympy.diff(src.rhs, self.variable), evaluate=False)
        return _require(checking.equivalent(resolve(claim), resolve(expected), ctx.seed, ctx.extra))


# --------------------------------------------------------------------------- steps


@dataclass(frozen=True)
class Step:
    """One line of a derivation."""

    #: The equation as a textbook writes it.
    equation: sympy.Eq
    #: Why it holds, in words (inline math in $...$ is allowed).
    justification: str
    #: The rule that produces it from earlier steps.
    rule: Rule
    #: Name other steps cite it by; unique within the derivation.
    label: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.equation, sympy.Eq):
            raise DerivationStructureError(
                f"step {self.label or '?'}: equation must be a sympy.Eq, not {type(self.equation).__name__}"
            )
        if not self.justification.strip():
            raise DerivationStructureError(f"step {self.label or '?'}: a justification is required")


@dataclass(frozen=True)
class Check:
    """How one step was verified."""

    #: "given" (premise), "symbolic", or "numeric".
    method: str
    #: The SI dimension of the step's sides, in words.
    dimension: str


@dataclass(frozen=True)
class Derivation:
    """A named, verified sequence of steps.

    Creating one verifies it: every step is checked against its rule and every equation
    is dimension-checked; failure raises :class:`~derive.errors.VerificationError` or
    :class:`~derive.errors.DimensionError` naming the step.
    """

    #: Registry name, e.g. "nernst".
    name: str
    #: Title for reports.
    title: str
    #: One-paragraph summary for reports and docstrings.
    summary: str
    #: Assumptions in words.
    assumptions: tuple[str, ...]
    #: The steps, in order.
    steps: tuple[Step, ...]
    #: Sign and unit conventions in words.
    conventions: tuple[str, ...] = ()
    #: Labels of the steps that are results worth numbering and citing; the last is
    #: the main result. Defaults to the last step.
    results: tuple[str, ...] = ()
    #: Derivation-local symbols (integration constants).
    local_symbols: tuple[SymbolSpec, ...] = ()
    #: BibTeX keys of the original sources of the relation (e.g. "nernst1889").
    references: tuple[str, ...] = ()
    #: How each step was verified (filled in on creation).
    checks: tuple[Check, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.steps:
            raise DerivationStructureError(f"derivation {self.name!r} has no steps")
        labels = [s.label for s in self.steps if s.label]
        dupes = sorted({lab for lab in labels if labels.count(lab) > 1})
        if dupes:
            raise DerivationStructureError(f"derivation {self.name!r}: repeated labels {dupes}")
        if not self.steps[-1].label:
            raise DerivationStructureError(f"derivation {self.name!r}: the last step needs a label")
        results = self.results or (self.steps[-1].label,)
        unknown = [r for r in results if r not in labels]
        if unknown:
            raise DerivationStructureError(f"derivation {self.name!r}: results {unknown} are not step labels")
        object.__setattr__(self, "results", results)
        check_keys(self.references, f"derivation {self.name!r}")
        object.__setattr__(self, "checks", self._checked())

    def _checked(self) -> tuple[Check, ...]:
        """The checks of every step: from a sound renaming of a verified derivation
        (:mod:`derive.renaming`), or step by step (each from the on-disk record of the same
        step in the same context, :mod:`derive.cache`, or else verified now)."""
        from . import renaming

        checks = renaming.checks_by_renaming(self)
        return checks if checks is not None else self._verify()

    def _verify(self) -> tuple[Check, ...]:
        from . import cache

        extra = self.local_specs
        keys = cache.step_keys(self)
        seen: dict[str, Step] = {}
        checks = []
        for number, step in enumerate(self.steps, start=1):
            where = f"derivation {self.name!r}, step {number}" + (f" ({step.label!r})" if step.label else "")
            missing = [p for p in step.rule.premises if p not in seen]
            if missing:
                raise DerivationStructureError(f"{where}: cites {missing}, which are not earlier steps")
            check = cache.load_step(keys[number - 1])
            if check is None:
                check = self._check_step(number, step, seen, extra, where)
                cache.store_step(keys[number - 1], check)
            checks.append(check)
            if step.label:
                seen[step.label] = step
        return tuple(checks)

    def _check_step(
        self, number: int, step: Step, seen: Mapping[str, Step], extra: Mapping[str, SymbolSpec], where: str
    ) -> Check:
        """Verify one step against its rule and check its dimensions; raise naming the step."""
        dim = check_dimensions(step.equation, where, extra)
        ctx = Context(
            steps=dict(seen),
            extra=extra,
            seed=f"{self.name}/{number}",
            earlier=tuple(s.equation for s in self.steps[: number - 1]),
        )
        try:
            method = step.rule.check(step.equation, ctx)
        except Failed as exc:
            raise VerificationError(self.name, number, step.label, step.rule.name, exc.leftover, exc.detail) from None
        except Exception as exc:  # SymPy gave up (a limit that does not exist, ...)
            raise VerificationError(
                self.name, number, step.label, step.rule.name, step.equation, f"{type(exc).__name__}: {exc}"
            ) from exc
        return Check(method=method, dimension=describe(dim))

    # -- access -------------------------------------------------------------------
    def step(self, label: str) -> Step:
        """The step with this label."""
        for s in self.steps:
            if s.label == label:
                return s
        raise KeyError(f"derivation {self.name!r} has no step labelled {label!r}")

    def number(self, label: str) -> int:
        """1-based position of the step with this label."""
        for i, s in enumerate(self.steps, start=1):
            if s.label == label:
                return i
        raise KeyError(f"derivation {self.name!r} has no step labelled {label!r}")

    @property
    def result(self) -> Step:
        """The main result (the last of :attr:`results`)."""
        return self.step(self.results[-1])

    @property
    def local_specs(self) -> dict[str, SymbolSpec]:
        """The derivation-local symbols by name (what printers and checkers look up first)."""
        return {spec.name: spec for spec in self.local_symbols}

    def check_counts(self) -> dict[str, int]:
        """How many steps were "given" (premises), verified "symbolic"-ally or "numeric"-ally."""
        methods = [c.method for c in self.checks]
        return {m: methods.count(m) for m in ("given", "symbolic", "numeric")}

    @property
    def symbol_assumptions(self) -> dict[str, tuple[str, ...]]:
        """The SymPy assumptions of every symbol the derivation uses, by name."""
        from .symbols import SYMBOLS

        extra = self.local_specs
        names: set[str] = set()
        for s in self.steps:
            names |= {x.name for x in s.equation.free_symbols}
            names |= {f.func.__name__ for f in s.equation.atoms(sympy.core.function.AppliedUndef)}
        return {n: (extra.get(n) or SYMBOLS[n]).assumptions for n in sorted(names)}

    # -- display ------------------------------------------------------------------
    def latex(self, notation: Any = None, *, steps: bool = False) -> str:
        """The LaTeX snippet of this derivation, as ``derive export`` writes it: the main
        result as an ``equation`` labelled ``eq:<name>`` or, with ``steps``, every step in
        an ``align`` labelled ``eq:<name>:<step>``. ``notation``: a
        :class:`~derive.notation.Notation`, a notation file, or a mapping laid out like one."""
        from .build import render
        from .notation import as_notation
        from .printing.report import LATEX, print_result, print_section, step_label

        target = LATEX.with_notation(as_notation(notation))
        common = {"name": self.name, "title": target.prose(self.title), "sources": ", ".join(self.references)}
        if steps:
            section = print_section(self, 1, target, labels=step_label)
            return render("derivation.tex.j2", section=section, **common)
        return render("equation.tex.j2", result=print_result(self, target), **common)

    def markdown(self, notation: Any = None) -> str:
        """The derivation as a Markdown section with ``$$`` math (what GitHub and Jupyter render)."""
        from .build import render
        from .notation import as_notation
        from .printing.report import MARKDOWN, print_section

        section = print_section(self, 1, MARKDOWN.with_notation(as_notation(notation)))
        return render("section.md.j2", section=section)

    def plot(self, notation: Any = None) -> Any:
        """This relation's figure (the report's) as a matplotlib Figure, plotted with the
        generated numeric module; :class:`~derive.errors.UnknownNameError` if it has none."""
        from .figures import figure

        return figure(self.name, notation)

    def _repr_latex_(self) -> str:
        from .printing.latex import derivation_aligned

        return f"$$\n{derivation_aligned(self)}\n$$"

    def _repr_markdown_(self) -> str:
        return self.markdown()

    def __str__(self) -> str:
        lines = [f"{self.title} ({self.name})"]
        for i, s in enumerate(self.steps, start=1):
            lines.append(f"  ({i}) {s.equation.lhs} = {s.equation.rhs}    [{s.rule.name}] {s.justification}")
        return "\n".join(lines)
