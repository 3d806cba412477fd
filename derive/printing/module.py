"""Everything the numeric-module templates need, printed: signatures, docstrings, checks, kernels.

For each :class:`~derive.catalogue.NumericFunction`, the verified step's right side is
turned into its numeric form (:mod:`derive.printing.forms`), the input checks are read
from it (:mod:`derive.printing.domain`), and its body is printed twice from the same
form: an array kernel against a namespace ``xp`` (``generated/membrane.py``) and a
point-wise kernel for numba (``generated/membrane_compiled.py``). Docstrings come from
the symbol registry (meanings, units) and the derivation (conventions, steps).
"""

from __future__ import annotations

import ast
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sympy
from sympy.physics import units as u

from ..catalogue import SUMMED, JunctionFunction, NumericFunction, RootFunction, SummedFunction
from ..functions import REWRITABLE
from ..notation import DEFAULT, Notation
from ..quantities import si_unit_text
from ..relations import relation
from ..symbols import SYMBOLS
from . import ljp_runtime, numba_runtime, numpy_runtime, solution_runtime
from .domain import Check, checks
from .forms import numeric_form
from .python import (
    ArrayAPIPrinter,
    ExactPrinter,
    PointwisePrinter,
    ScalarPrinter,
    formula_text,
    function_body,
    helper_names,
    runtime_source,
)
from .report import describe_rule
from .summed import print_summed_functions
from .text import prose_text
from .units import exact_decimal, unit_text

#: Argument handling, checks and the general path, copied into every generated module, in this order.
ARGUMENT_RUNTIME = (
    "InvalidInputError",
    "UnitSlipWarning",
    "_REQUIREMENTS",
    "_namespace",
    "_reals",
    "_as_float",
    "_real",
    "_BIGGEST",
    "_failures",
    "_passes_quickly",
    "_require",
    "_require_broadcast",
    "_BLOCK",
    "_CHECKED_STEP",
    "_DASK_STEP",
    "_TINY",
    "_HUGE",
    "_Spec",
    "_apply",
    "_apply_units",
    "_stacklevel",
    "_warn_slips",
    "_apply_dask",
    "_dask_block",
    "_check_all",
    "_fits",
    "_compounds_implied",
    "_compounds_fit",
    "_outside",
    "_meets",
    "_refuse",
    "_refuse_first",
    "_settle",
    "_locator",
    "_EXACT",
    "_D",
    "_XSMALL",
    "_xexpm1",
)
#: The numpy module's driver.
NUMPY_DRIVER = (
    "_BLOCKED_MIN_OPS",
    "_blocked",
    "_finite",
    "_CHUNKED_MIN",
    "_CHECK_CHUNK",
    "_fits_chunks",
    "_Untraceable",
    "_Var",
    "_Tracer",
    "_PLANS",
    "_plan",
    "_run_numpy",
    "_run_blocks",
    "_block_checks",
)
#: The compiled module's driver, and the constants of its elementary functions.
COMPILED_DRIVER = (
    "_LN2_HI",
    "_LN2_LO",
    "_LOG2E",
    "_MAGIC",
    "_PARALLEL_MIN",
    "_PARALLEL_CHUNK",
    "_FloatEntry",
    "_item",
    "_item_typed",
    "_ITEM",
    "_fixed",
    "_fixed_typed",
    "_FIXED",
    "_proved",
    "_proved_typed",
    "_PROVED",
    "_column",
    "_POOL",
    "_in_threads",
    "_run_compiled",
)
#: Elementary functions every compiled module carries (the helpers call them).
COMPILED_ELEMENTARY = ("_pow2", "_expm1_reduced", "_expm1", "_exp", "_log", "_log1p")

#: Operations from which a numpy kernel runs block by block: a single operation (p/k)
#: has no temporaries to keep in cache, and blocks would only add copying.
BLOCKED_MIN_OPS = numpy_runtime._BLOCKED_MIN_OPS


def array_operations(form: Any, params: Sequence[str]) -> tuple[int, ...]:
    """Per parameter, a bit mask of the operations of ``form`` that take it (directly or through
    another operation): the operations that run on arrays when that parameter is one.

    An operation of k operands (a sum or product of k terms) counts k - 1 bits, any other
    (a power, a function) one; operands of constants alone (R/F) count as one, as printed.
    The numpy runtime ORs the masks of the arguments that vary in a call and runs the kernel block by block only if the union has BLOCKED_MIN_OPS bits
    or more: with V an array and the rest single values, delta_psi - c*T*delta_pH is one
    array operation (blocks would only add copying), while with all of them arrays it is three.
    """
    masks = dict.fromkeys(params, 0)
    constants = {s for s in form.free_symbols if s.name not in masks}
    bit = 0
    for node in sympy.preorder_traversal(form):
        if node.is_Atom or not node.args:
            continue
        if isinstance(node, (sympy.Add, sympy.Mul)):
            varying = sum(1 for a in node.args if a.free_symbols - constants)
            width = max(1, varying - 1 + (varying < len(node.args)))
        else:
            width = 1
        span = ((1 << width) - 1) << bit
        bit += width
        for symbol in node.free_symbols:
            if symbol.name in masks:
                masks[symbol.name] |= span
    return tuple(masks[p] for p in params)

#: Module targets: template and what their kernels are printed with.
TARGETS = ("numpy", "compiled")


@dataclass(frozen=True)
class PrintedParameter:
    name: str
    default: str
    meaning: str
    unit: str


@dataclass(frozen=True)
class PrintedFunction:
    name: str
    signature: str
    summary: str
    formula: str
    numeric_formula: str
    #: One line per derive function in the numeric form: what it computes.
    definitions: tuple[str, ...]
    parameters: tuple[PrintedParameter, ...]
    returns: str
    returns_doc: str
    conventions: tuple[str, ...]
    relation: str
    title: str
    steps: tuple[str, ...]
    #: Lines of the input checks, run unless validate=False.
    checks: tuple[str, ...]
    #: What the checks require, in words, for the docstring.
    requirements: tuple[str, ...]
    #: Body of the array kernel (namespace xp).
    kernel: tuple[str, ...]
    #: Body of the point-wise kernel (math, for numba).
    pointwise: tuple[str, ...]
    #: Per parameter, the operations that take it, as bit masks (:func:`array_operations`): the
    #: numpy kernel runs block by block on large arrays when the arguments that vary in a call
    #: take enough of them (it then has temporaries to keep in cache).
    blocked: tuple[int, ...]
    #: Body of the scalar fast path (math, Python floats); its last line assigns _r.
    scalar: tuple[str, ...]
    #: The checks of one point as a Python condition (short-circuit ``and``), for the fast path;
    #: a compound check whose value the body needs assigns it (``(_a1 := ...) > 0.0``).
    fast_check: str
    #: The same checks with ``&`` and ``|`` for the compiled loop, each parameter's behind its
    #: flag ``<name>_fixed`` (:func:`_point_checks`).
    loop_check: str
    #: Conditions of each parameter, printed as a tuple of tuples.
    conditions: str
    #: (text, conditions) of each compound check, printed as a tuple.
    compounds: str
    #: Body of the function returning the compound checks' values (empty when there are none).
    compound: tuple[str, ...]
    #: Body of the exact kernel (decimal): returns the value and the compounds' values.
    exact: tuple[str, ...]
    #: Physical constants the exact kernel uses (passed as decimal defaults).
    exact_constants: tuple[str, ...]
    #: The SI units of the parameters and of the result as pint reads them, printed as a tuple.
    units: str = "None"
    #: Module-level constants of the fast path (``name = R/F``), computed once at import.
    scalar_constants: tuple[str, ...] = ()
    #: Body of the validated fast path, after ``fast_check`` passed: ``scalar`` without the
    #: temporaries that the check assigned (empty: the same as ``scalar``).
    scalar_checked: tuple[str, ...] = ()
    #: Whether the fast path is arithmetic alone (no elementary function), so that the
    #: compiled module may run it in Python with the compiled kernel's bits.
    arithmetic: bool = False
    #: Per parameter None or (low, high, advice): the plausible range, printed as a tuple.
    plausible: str = "None"
    #: Whether the compiled module inlines the point-wise kernel into its loop (False for a
    #: kernel that loops itself, a bisection: numba compiles it once, in a fraction of the time).
    pointwise_inline: bool = True
    #: Per compound check None, or the indices of the parameters whose being > 0 proves it
    #: (:func:`implied_by_parameters`), printed as a tuple.
    implied: str = "None"
    #: Whether the kernel is finite wherever the checks pass (:func:`finite_wherever_valid`):
    #: the numpy path then does not look at the result.
    bounded: bool = False

    @property
    def arguments(self) -> str:
        return ", ".join(p.name for p in self.parameters)

    @property
    def parameter_names(self) -> str:
        return repr(tuple(p.name for p in self.parameters))

    @property
    def plain_check(self) -> str:
        """``fast_check`` without its assignments, for a fast path that needs none of its temporaries."""
        return re.sub(r"\((_\w+) := ", "(", self.fast_check)


_WORDS = {
    "positive": "> 0",
    "nonnegative": ">= 0",
    "negative": "< 0",
    "nonzero": "nonzero",
    "integer": "a whole number",
}


def _print_check(check: Check, printer: ArrayAPIPrinter, params: Sequence[str]) -> tuple[str, str]:
    """(line of code, requirement in words) for one check."""
    conditions = "".join(f', "{c}"' for c in check.conditions)
    words = ", ".join(["finite", *(_WORDS[c] for c in check.conditions)])
    if check.is_parameter:
        name = check.expr.name
        return f'{name} = _require(xp, "{name}", {name}{conditions})', f"{name}: {words}"
    text = formula_text(check.expr)
    carrier = next(p for p in params if p in {s.name for s in check.expr.free_symbols})
    value = printer.doprint(check.expr)
    line = f'{carrier} = _require(xp, "{text}", {value}{conditions}, then={carrier})'
    return line, f"{text}: {words}"


#: Valid values that are almost certainly a unit slip, by the symbol's SI unit: outside
#: [low, high] a generated function warns (UnitSlipWarning) and says what was likely meant.
#: (derive calc warns of the same values: derive/calc.py's _SLIPS.)
PLAUSIBLE = {
    u.kelvin: (
        200.0,
        1.7976931348623157e308,
        "K is below 200 K: degrees Celsius? Pass kelvin (273.15 + degC) or a pint Quantity such as Q_(37, 'degC')",
    ),
    u.volt: (-2.0, 2.0, "V is beyond +-2 V: millivolts? Pass volts or a pint Quantity such as Q_(-70, 'mV')"),
}


def plausible_range(name: str) -> tuple[float, float, str] | None:
    """(low, high, advice) of the registry symbol ``name`` from its unit, or None."""
    return PLAUSIBLE.get(sympy.sympify(SYMBOLS[name].unit))


def _bounds(name: str, conditions: Sequence[str], plausible: tuple[float, float, str] | None = None) -> list[list[str]]:
    """The check of one parameter as alternatives (OR) of comparisons (AND): valid, inside the
    window and (when ``plausible`` is given) inside the plausible range, so that a value that
    warns takes the general path."""
    if plausible is not None:
        low, high = plausible[0], plausible[1]
        if "positive" in conditions and low >= 1e-100 and high >= 1e100:
            return [[f"{low!r} <= {name}", f"{name} <= _HUGE"]]
        signed = not ({"positive", "nonnegative", "negative", "nonzero", "integer"} & set(conditions))
        if signed and -1e100 <= low and high <= 1e100:
            return [[f"{low!r} <= {name}", f"{name} <= {high!r}"]]
        raise ValueError(f"no point-wise plausible range for {name} ({conditions}, {plausible[:2]})")
    if "positive" in conditions:
        out = [[f"_TINY <= {name}", f"{name} <= _HUGE"]]
    elif "nonnegative" in conditions:
        out = [[f"_TINY <= {name}", f"{name} <= _HUGE"], [f"{name} == 0.0"]]
    elif "negative" in conditions:
        out = [[f"-_HUGE <= {name}", f"{name} <= -_TINY"]]
    else:
        out = [[f"-_HUGE <= {name}", f"{name} <= _HUGE"]]
    extra = []
    if "nonzero" in conditions and len(out[0]) == 2 and out[0][0].startswith("-_HUGE") and out[0][1].endswith("_HUGE"):
        extra.append(f"{name} != 0.0")
    if "integer" in conditions:
        extra.append(f"{name} % 1.0 == 0.0")
    return [[*alternative, *extra] for alternative in out]


_COMPOUND_TESTS = {"positive": "> 0.0", "nonnegative": ">= 0.0", "negative": "< 0.0", "nonzero": "!= 0.0"}


def _point_checks(
    checks_: Sequence[Check], printer: Any, reuse: tuple[dict[str, str], _Operations] | None = None
) -> tuple[str, str, frozenset[str]]:
    """(Python condition, compiled loop condition, the temporaries the Python condition assigns)
    of every check at one point.

    The Python condition short-circuits (``and``, chained comparisons) for the fast path; a
    compound check that performs the operations of one of the fast path's temporaries
    (``reuse``, from :func:`_temporaries`: the same operations, so the same bits) assigns that
    name as it tests it, ``(_a1 := Cl_in*P_Cl + ...) > 0.0``, so the body need not compute it. The
    loop condition uses ``&`` and ``|`` (no branches to vectorise around), with each
    parameter's clause behind its flag, ``(V_fixed | (abs(V) <= 2.0))``: the loop passes
    ``V_fixed`` true where V is one value for all points (a compile-time constant of that loop
    variant, so the clause is folded away: the runtime checks such a value once, in Python,
    before the loop); compound checks stay point by point. Two cheaper forms of the same test
    there, so that the check costs fewer vector operations: ``-a <= x & x <= a`` becomes
    ``abs(x) <= a`` (nan fails both), and ``x % 1.0 == 0.0`` becomes ``np.floor(x) == x``
    (equal for finite x; a non-finite x fails its range first), which vectorises where
    numba's float ``%`` does not.
    """
    # (parameter or None, alternatives of conjunctions, the temporary a compound's first test assigns)
    clauses: list[tuple[str | None, list[list[str]], str | None]] = []
    for check in checks_:
        if check.is_parameter:
            name = check.expr.name
            clauses.append((name, _bounds(name, check.conditions, plausible_range(name)), None))
            continue
        if check.expr.has(*REWRITABLE) or "integer" in check.conditions:
            raise ValueError(f"no point-wise check for {check.expr} ({check.conditions})")
        value = printer.doprint(check.expr)
        tests = [f"({value}) {_COMPOUND_TESTS[c]}" for c in check.conditions]
        clauses.append((None, [tests], reuse[0].get(reuse[1].canonical(value)) if reuse else None))

    def python(clause: list[list[str]], assign: str | None) -> str:
        if assign is not None:  # a compound check: one alternative; its first test assigns the temporary
            clause = [[f"({assign} := {clause[0][0][1:]}", *clause[0][1:]]]

        def conj(parts: list[str]) -> str:
            # chained comparisons read once and short-circuit: a <= x and x <= b -> a <= x <= b
            if len(parts) >= 2 and parts[0].endswith(f" <= {parts[0].split()[-1]}") and parts[1].startswith(
                parts[0].split()[-1] + " <= "
            ):
                parts = [f"{parts[0]} <= {parts[1].split(' <= ', 1)[1]}", *parts[2:]]
            return " and ".join(parts)

        text = " or ".join(conj(a) for a in clause)
        # literals, not the module's names: a constant loads faster than a global, on every call
        text = re.sub(r"\b_TINY\b", repr(numpy_runtime._TINY), re.sub(r"\b_HUGE\b", repr(numpy_runtime._HUGE), text))
        return f"({text})" if len(clause) > 1 else text

    def loop(name: str | None, clause: list[list[str]]) -> str:
        def cheaper(parts: list[str]) -> list[str]:
            parts = [f"np.floor({name}) == {name}" if p == f"{name} % 1.0 == 0.0" else p for p in parts]
            if len(parts) >= 2 and parts[0].endswith(f" <= {name}") and parts[1].startswith(f"{name} <= "):
                low, high = parts[0].removesuffix(f" <= {name}"), parts[1].removeprefix(f"{name} <= ")
                if low == "-" + high:
                    parts = [f"abs({name}) <= {high}", *parts[2:]]
            return parts

        alternatives = [" & ".join(f"({c})" for c in (cheaper(a) if name else a)) for a in clause]
        text = " | ".join(f"({a})" for a in alternatives) if len(clause) > 1 else alternatives[0]
        return f"{name}_fixed | ({text})" if name else text

    return (
        " and ".join(python(c, assign) for _, c, assign in clauses),
        " & ".join(f"({loop(n, c)})" for n, c, _ in clauses),
        frozenset(assign for _, _, assign in clauses if assign is not None),
    )


class _Operations(ast.NodeTransformer):
    """A printed expression's float operations as a canonical tree: each temporary replaced by
    its own expression, and the two operands of each + and * in a fixed order (IEEE addition
    and multiplication are commutative, each rounding once; association is kept as printed)."""

    def __init__(self, temporaries: dict[str, ast.expr]) -> None:
        self.temporaries = temporaries

    def visit_Name(self, node: ast.Name) -> ast.expr:
        return self.temporaries.get(node.id, node)

    def visit_BinOp(self, node: ast.BinOp) -> ast.expr:
        self.generic_visit(node)
        if isinstance(node.op, (ast.Add, ast.Mult)) and ast.dump(node.right) < ast.dump(node.left):
            node.left, node.right = node.right, node.left
        return node

    def canonical(self, text: str) -> str:
        return ast.dump(self.visit(ast.parse(text, mode="eval").body))


def _temporaries(body: Sequence[str]) -> tuple[dict[str, str], _Operations]:
    """(canonical operations -> name of each temporary the fast path's body assigns, the
    canonicaliser): a compound check that performs the same operations (``(P_K*r)*K_out +
    ...`` against ``K_out*_t0 + ...`` with ``_t0 = P_K*r``), so has the same value to the bit,
    may assign that temporary instead (:func:`_point_checks`)."""
    trees: dict[str, ast.expr] = {}
    operations = _Operations(trees)
    found: dict[str, str] = {}
    for line in body[:-1]:
        name, _, text = line.partition(" = ")
        if not name.isidentifier():
            continue
        trees[name] = operations.visit(ast.parse(text, mode="eval").body)
        found.setdefault(ast.dump(trees[name]), name)
    return found, operations


#: (function, its derivation) -> (expression, numeric form): the build prints every module
#: function twice (numpy and compiled) from the same form; widening the domain and verifying
#: the accurate rewrite are symbolic work worth doing once per derivation object.
_FORMS: dict[tuple[NumericFunction, int], tuple[Any, Any, Any]] = {}


#: Bounds on a compound's coefficients and terms for :func:`implied_by_parameters`: with every
#: argument in the window [1e-100, 1e100], a term of degree <= 3 and coefficient in [1, 1e6]
#: lies in [1e-300, 1e306], a normal float, and a sum of at most 8 of them below 1e308.
_IMPLIED_DEGREE, _IMPLIED_COEFFICIENT, _IMPLIED_TERMS = 3, 10**6, 8


def implied_by_parameters(
    check: Check, params: Sequence[str], conditions: dict[str, tuple[str, ...]]
) -> tuple[tuple[int, ...], ...] | None:
    """The terms of the compound ``check`` as the indices of their nonnegative parameters, or None.

    A compound that is a sum of at most 8 terms, each a coefficient in [1, 1e6] times a
    product of at most three parameters that are positive or nonnegative, is, wherever its
    parameters lie inside the window of exact evaluation, a sum of terms that are 0 or
    positive normal floats in [1e-300, 1e306], without cancellation, and below 1e308. So
    its check (positive, nonzero, finite) holds wherever one of its terms has all its
    nonnegative parameters > 0 (the positive ones are > 0 by their own checks). The numpy
    path proves it so from single values and block minima instead of computing it
    (``_Spec.implied``). None where the compound is not of this form.
    """
    if set(check.conditions) - {"positive", "nonzero"}:
        return None
    symbols = sorted(check.expr.free_symbols, key=lambda s: s.name)
    if not symbols or any(s.name not in params or not {"positive", "nonnegative"} & set(conditions[s.name]) for s in symbols):
        return None
    try:
        terms = sympy.Poly(check.expr, *symbols).terms()
    except sympy.PolynomialError:
        return None
    if len(terms) > _IMPLIED_TERMS:
        return None
    out = []
    for monomial, coefficient in terms:
        if not (coefficient.is_Rational and 1 <= coefficient <= _IMPLIED_COEFFICIENT and sum(monomial) <= _IMPLIED_DEGREE):
            return None
        out.append(
            tuple(
                params.index(s.name)
                for s, power in zip(symbols, monomial, strict=True)
                if power and "positive" not in conditions[s.name]
            )
        )
    # terms with the fewest parameters to look at first: the runtime tries them in this order
    return tuple(sorted(out, key=lambda t: (len(t), t)))


#: Bounds of :func:`finite_wherever_valid`: every value of the kernel stays below _BOUND_BIG in
#: magnitude, and a divisor or logarithm's argument above _BOUND_SMALL. A float evaluation of a
#: few hundred operations differs from the exact one by a factor within (1 + 2**-53)**k, far
#: from the factor of 1e8 between these bounds and overflow (1.8e308) or the smallest normal
#: float (2.2e-308).
_BOUND_BIG, _BOUND_SMALL = 1e300, 1e-300


def _parameter_bounds(
    conditions: Sequence[str], plausible: tuple[float, float, str] | None
) -> tuple[float, float, int]:
    """(M, m, sign) of a parameter that passed its checks: |x| <= M; |x| >= m; x >= 0 (sign 1),
    x <= 0 (-1) or either (0). The window of exact evaluation (numpy_runtime._fits) and the
    plausible range bound it: a value outside takes the slow path, which looks at the result."""
    tiny, huge = numpy_runtime._TINY, numpy_runtime._HUGE
    low, high = (plausible[0], plausible[1]) if plausible is not None else (-huge, huge)
    if "positive" in conditions:
        return min(huge, high), max(tiny, low), 1
    if "nonnegative" in conditions:
        return min(huge, high), 0.0, 1
    if "negative" in conditions:
        return min(huge, -low), max(tiny, -high), -1
    smallest = 1.0 if {"integer", "nonzero"} <= set(conditions) else 0.0  # a nonzero whole number
    return min(huge, max(-low, high)), smallest, 0


def finite_wherever_valid(
    form: Any,
    params: Sequence[str],
    conditions: dict[str, tuple[str, ...]],
    plausible: dict[str, tuple[float, float, str] | None],
    compounds: Sequence[Check] = (),
) -> bool:
    """Whether the float kernel of ``form`` is finite at every point whose arguments pass their
    checks (conditions, window, plausible range) and whose compounds pass theirs: a proof by
    bounds, so that the numpy path need not look at the result (``_Spec.bounded``).

    Each node gets (M, m, sign): |value| <= M for every grouping the printer may choose of
    its sums and products (a partial sum is below the sum of the terms' bounds, a partial
    product below the product of max(M, 1)), |value| >= m, and a sign where it is known
    (sums of terms of one sign, products, even powers). A divisor, a logarithm's argument
    and a ratio in ``logratio`` need a sign and m >= _BOUND_SMALL; every M must stay below
    _BOUND_BIG. Any other function (exp, exprel, ghkflux, sqrtadd, asinh, ...) is not
    proved: such kernels keep their result check. A compound checked > 0 or nonzero that
    is a sum of positive multiples of nonnegative parameters (:func:`implied_by_parameters`)
    is at least its smallest term's smallest nonzero value.
    """
    from ..functions import logratio

    tiny = numpy_runtime._TINY
    symbols = {p: _parameter_bounds(conditions[p], plausible.get(p)) for p in params}
    for spec in SYMBOLS.constants():
        symbols.setdefault(spec.name, (abs(float(spec.value)), abs(float(spec.value)), 1 if spec.value >= 0 else -1))
    nonnegative = {name for name, b in symbols.items() if b[2] == 1}
    floors: dict[Any, float] = {}
    for check in compounds:
        terms = implied_by_parameters(check, params, conditions)
        if terms is None:
            continue
        variables = sorted(check.expr.free_symbols, key=lambda s: s.name)
        lows = [tiny if "positive" not in conditions[s.name] else symbols[s.name][1] for s in variables]
        floors[check.expr] = min(
            float(c) * math.prod(low**k for low, k in zip(lows, monomial, strict=True))
            for monomial, c in sympy.Poly(check.expr, *variables).terms()
        )

    def nonzero(b: tuple[float, float, int]) -> bool:
        return b[2] != 0 and b[1] >= _BOUND_SMALL

    def bound(e: Any) -> tuple[float, float, int] | None:
        if e.is_number:
            v = float(e)
            if not math.isfinite(v):
                return None
            out = (abs(v), abs(v), 1 if v >= 0 else -1)
        elif e.is_Symbol:
            out = symbols.get(e.name)
        else:
            parts = [bound(a) for a in e.args]
            if any(p is None for p in parts):
                return None
            out = _combine(e, parts, nonzero, logratio, nonnegative)
        if out is not None and e in floors:
            out = (out[0], max(out[1], floors[e]), 1)
        if out is None or not out[0] <= _BOUND_BIG:
            return None
        return out

    return bound(form) is not None


def _combine(
    e: Any, parts: list[tuple[float, float, int]], nonzero: Any, logratio: Any, nonnegative: set[str]
) -> tuple[float, float, int] | None:
    """The (M, m, sign) of node e from its operands' (see :func:`finite_wherever_valid`), or None."""
    if isinstance(e, sympy.Add):
        signs = {p[2] for p in parts}
        sign = signs.pop() if len(signs) == 1 else 0
        return sum(p[0] for p in parts), max(p[1] for p in parts) if sign else 0.0, sign
    if isinstance(e, sympy.Mul):
        sign = math.prod(p[2] for p in parts)
        return math.prod(max(p[0], 1.0) for p in parts), math.prod(min(p[1], 1.0) for p in parts), sign
    if isinstance(e, sympy.Pow):
        (M, m, sign), exponent = parts[0], e.exp
        if not exponent.is_Rational:
            return None
        k = float(exponent)
        if not exponent.is_Integer and sign != 1:
            return None  # a root of what may be negative
        if k < 0 and not min(m, 1.0) ** -k >= _BOUND_SMALL:
            return None  # a divisor that may be zero, or underflow to it
        big, small = (max(M, 1.0) ** k, min(m, 1.0) ** k) if k > 0 else (min(m, 1.0) ** k, max(M, 1.0) ** k)
        if exponent.is_Integer and int(exponent) % 2 == 0:
            sign = 1
        return big, small, sign
    if isinstance(e, sympy.log):
        (M, m, _), = parts
        if not nonzero(parts[0]) or parts[0][2] != 1:
            return None
        return max(abs(math.log(m)), abs(math.log(M))), 0.0, 0
    if isinstance(e, logratio):
        a, b, d = parts
        if not (a[2] == 1 and b[2] == 1 and nonzero(a) and nonzero(b) and _difference_within(*e.args, nonnegative)):
            return None
        high, low = a[0] / b[1], a[1] / b[0]  # r = a/b lies in [low, high]
        if not (high <= _BOUND_BIG and low >= _BOUND_SMALL):
            return None
        # ln r + (c - (r - 1))/max(r, 1), c = d/b: |d| <= a + b makes |c| <= r + 1, so the
        # correction is at most 2(r + 1)/max(r, 1) <= 4 (5 with the rounding of a few operations)
        return max(abs(math.log(high)), abs(math.log(low))) + 5.0, 0.0, 0
    return None


def _difference_within(a: Any, b: Any, d: Any, nonnegative: set[str]) -> bool:
    """Whether d (the third argument of logratio) is a - b and its float value is at most
    a + b in magnitude, whatever the rounding (to a factor of (1 + 2**-53) per operation): a
    and b have no negative coefficient, and d with every coefficient made positive, a bound
    on |d| term by term, expands to no more than a + b, term by term; every symbol is one of
    ``nonnegative`` (names of parameters and constants known to be >= 0)."""
    if sympy.expand(d - (a - b)) != 0 or not d.free_symbols <= a.free_symbols | b.free_symbols:
        return False
    if any(s.name not in nonnegative for s in a.free_symbols | b.free_symbols):
        return False

    def magnitude(e: Any) -> Any:
        return e.xreplace({n: abs(n) for n in e.atoms(sympy.Number)})

    if magnitude(a) != a or magnitude(b) != b:
        return False
    symbols = sorted(a.free_symbols | b.free_symbols, key=lambda s: s.name)
    excess = sympy.expand(magnitude(d) - a - b)
    return excess == 0 or all(c <= 0 for c in sympy.Poly(excess, *symbols).coeffs())


def _numeric(fn: NumericFunction, derivation: Any) -> tuple[Any, Any]:
    """(fn.expression(), its numeric form), computed once per function and derivation."""
    key = (fn, id(derivation))
    cached = _FORMS.get(key)
    if cached is None or cached[0] is not derivation:  # the id of a derivation since collected
        expr = fn.expression()
        cached = _FORMS[key] = (derivation, expr, numeric_form(expr, fn.name))
    return cached[1], cached[2]


def printed_parameters(fn: NumericFunction, notation: Notation) -> tuple[tuple[PrintedParameter, ...], str]:
    """A function's documented parameters and its signature (defaults, then ``*, validate=True``)."""
    defaults = dict(fn.defaults)
    params = tuple(
        PrintedParameter(
            name=name,
            default=repr(defaults[name]) if name in defaults else "",
            meaning=_sentence(prose_text(SYMBOLS[name].meaning, notation)),
            unit="dimensionless" if SYMBOLS[name].unit == 1 else unit_text(SYMBOLS[name].unit, notation),
        )
        for name in fn.params
    )
    signature = ", ".join([*(f"{p.name}={p.default}" if p.default else p.name for p in params), "*", "validate=True"])
    return params, signature


def printed_steps(derivation: Any, count: int, notation: Notation) -> tuple[str, ...]:
    """The docstring's list of a derivation's first ``count`` steps: rule, then justification."""

    def cite(label: str) -> str:
        return f"({derivation.number(label)})"

    def text(e: Any) -> str:
        return formula_text(e, log=notation.log)

    return tuple(
        f"({i}) {_sentence(prose_text(describe_rule(s.rule, cite, text)))}: {prose_text(s.justification, notation)}"
        for i, s in enumerate(derivation.steps[:count], start=1)
    )


def _print_function(
    fn: NumericFunction,
    array_printer: ArrayAPIPrinter,
    pointwise_printer: PointwisePrinter,
    notation: Notation = DEFAULT,
    scalar_printer: ScalarPrinter | None = None,
    exact_printer: ExactPrinter | None = None,
) -> PrintedFunction:
    derivation = fn.derivation()
    expr, form = _numeric(fn, derivation)
    params, signature = printed_parameters(fn, notation)
    step = derivation.step(fn.step)
    domain = {name: fn.assumptions(name) for name in fn.params}
    found = checks(form, fn.params, domain)
    printed_checks = [_print_check(c, array_printer, fn.params) for c in found]
    scalar_printer = scalar_printer or ScalarPrinter(constants=f"_{fn.name}_k")
    exact_printer = exact_printer or ExactPrinter()
    scalar = function_body(form, scalar_printer)
    scalar[-1] = "_r = " + scalar[-1].removeprefix("return ")
    temporaries = _temporaries(scalar)
    fast_check, loop_check, assigned = _point_checks(found, scalar_printer, temporaries)
    scalar_checked = [line for line in scalar if line.partition(" = ")[0] not in assigned]
    per_param = {c.expr.name: c.conditions for c in found if c.is_parameter}
    compound_checks = [c for c in found if not c.is_parameter]
    if compound_checks:
        compound = list(function_body(sympy.Tuple(*(c.expr for c in compound_checks)), array_printer))
    else:
        compound = []
    exact = function_body(sympy.Tuple(form, sympy.Tuple(*(c.expr for c in compound_checks))), exact_printer)
    constants = sorted(s.name for s in form.free_symbols if s.name in {c.name for c in SYMBOLS.constants()})
    return PrintedFunction(
        name=fn.name,
        signature=signature,
        summary=fn.summary,
        formula=formula_text(step.equation, log=notation.log)
        + "".join(
            f"{', where' if i == 0 else ';'} {formula_text(derivation.step(label).equation, log=notation.log)}"
            for i, label in enumerate(fn.using)
        ),
        numeric_formula=formula_text(sympy.Eq(step.equation.lhs, form, evaluate=False), log=notation.log),
        definitions=tuple(sorted({f.definition for f in form.atoms(sympy.Function) if isinstance(f, REWRITABLE)})),
        parameters=params,
        returns=fn.returns,
        returns_doc=fn.returns_doc.replace("{unit}", unit_text(SYMBOLS[fn.returns].unit, notation)),
        conventions=tuple(prose_text(c, notation) for c in derivation.conventions),
        relation=derivation.name,
        title=prose_text(derivation.title, notation),
        steps=printed_steps(derivation, derivation.number(fn.step), notation),
        checks=tuple(line for line, _ in printed_checks),
        requirements=tuple(words for _, words in printed_checks),
        kernel=tuple(function_body(form, array_printer)),
        pointwise=tuple(function_body(form, pointwise_printer)),
        blocked=array_operations(form, fn.params),
        scalar=tuple(scalar),
        fast_check=fast_check,
        loop_check=loop_check,
        conditions=repr(tuple(per_param[p] for p in fn.params)),
        compounds=repr(tuple((formula_text(c.expr), c.conditions) for c in compound_checks)),
        compound=tuple(compound),
        exact=tuple(exact),
        exact_constants=tuple(constants),
        units=repr(tuple(si_unit_text(SYMBOLS[name]) for name in (*fn.params, fn.returns))),
        scalar_constants=tuple(f"{name} = {text}" for text, name in scalar_printer.constants.items()),
        scalar_checked=tuple(scalar_checked),
        arithmetic=not any("math." in line or "abs(" in line for line in scalar),
        plausible=repr(tuple(plausible_range(name) for name in fn.params)),
        implied=repr(tuple(implied_by_parameters(c, fn.params, per_param) for c in compound_checks)),
        bounded=finite_wherever_valid(
            form, fn.params, per_param, {name: plausible_range(name) for name in fn.params}, compound_checks
        ),
    )


def _units_sentence(notation: Notation) -> str:
    """What the module docstring says of units, printed from the registry's units."""
    concentration = unit_text(u.mol / u.m**3, notation)
    same = "" if concentration == "mM" else " (= mM)"
    return (
        f"Units are SI: concentrations in {concentration}{same}, potentials in V, temperature in K, "
        f"permeabilities in {unit_text(u.m / u.s, notation)}, current densities in "
        f"{unit_text(u.ampere / u.m**2, notation)}."
    )


def _sentence(text: str) -> str:
    """Capitalised, unless the first word already mixes cases (pH, mV): "PH difference" is wrong."""
    first = text.split(" ", 1)[0]
    if any(ch.isupper() for ch in first[1:]):
        return text
    return text[:1].upper() + text[1:]


_JUNCTION_METHODS = {
    "nernst-planck": '"nernst-planck" (default): the stationary Nernst-Planck junction, any valences;',
    "henderson": '"henderson": the generalized Henderson equation (linear mixing);',
    "planck": "\"planck\": Planck's equation, monovalent ions only.",
}


def print_junction(
    functions: Sequence[JunctionFunction], notation: Notation = DEFAULT, target: str = "numpy"
) -> dict[str, Any] | None:
    """What a module template needs for the junction functions (None without them): the
    runtime copied from :mod:`derive.printing.ljp_runtime`, the ion library as a literal
    table (names and numbers from derive's data file, printed with ``repr``), and the
    derivations the docstring cites. For the compiled module the integrator is the loop
    version (``integrator``), which its template compiles with numba in place of the numpy one."""
    if not functions:
        return None
    from ..liquid_junction import LJP_TEMPERATURE, ion_library

    (function,) = functions  # one junction function: liquid_junction_potential
    compiled = target == "compiled"
    names = [n for n in ljp_runtime.JUNCTION_RUNTIME if not (compiled and n == "_ljp_integrate")]
    return {
        "integrator": runtime_source(ljp_runtime, [ljp_runtime.COMPILED_INTEGRATOR]) if compiled else [],
        "concentration": unit_text(u.mol / u.m**3, notation),
        "name": function.name,
        "summary": function.summary,
        "temperature": repr(LJP_TEMPERATURE),
        "runtime": runtime_source(ljp_runtime, names),
        "ions": [
            {
                "name": repr(ion.name),
                "entry": repr((ion.charge, ion.conductance, ion.aliases)),
                "source": ion.source,
            }
            for ion in ion_library()
        ],
        "derivations": [
            {"name": name, "title": prose_text(relation(name).title, notation)} for name in function.relations
        ],
        # What each method is, one docstring line each, in the runtime's order.
        "methods": [_JUNCTION_METHODS[m] for m in ljp_runtime._LJP_METHODS],
    }


def solution_names(names: Sequence[str]) -> list[str]:
    """The functions of :mod:`solution_runtime` a module holding ``names`` carries (all they call)."""
    return [name for name, needs in solution_runtime.SOLUTION_RUNTIME.items() if set(needs) <= set(names)]


def solution_functions(names: Sequence[str]) -> list[str]:
    """Their source, with the helpers, for the template (empty when there are none)."""
    wanted = solution_names(names)
    return runtime_source(solution_runtime, [*solution_runtime.SOLUTION_HELPERS, *wanted]) if wanted else []


def print_module(
    functions: Sequence[NumericFunction],
    target: str = "numpy",
    notation: Notation = DEFAULT,
    junction: Sequence[JunctionFunction] = (),
    summed: Sequence[SummedFunction] | None = None,
) -> dict[str, Any]:
    """The template context of a module holding ``functions``, for target "numpy" or "compiled"
    (docstrings in ``notation``), with the ``junction`` functions (the compiled module's solver
    integrates with numba). ``summed``: the functions summing one of ``functions`` over
    sequences (default: the catalogue's)."""
    summed = SUMMED if summed is None else tuple(summed)
    if target not in TARGETS:
        raise ValueError(f"unknown module target {target!r}; known: {', '.join(TARGETS)}")
    printed_junction = print_junction(junction, notation, target)
    array_printer, pointwise_printer = ArrayAPIPrinter(), PointwisePrinter()
    exact_printer = ExactPrinter()
    from .root import print_root  # a RootFunction is printed around a bisection (derive/printing/root.py)

    printed = [
        (print_root if isinstance(fn, RootFunction) else _print_function)(
            fn, array_printer, pointwise_printer, notation, ScalarPrinter(constants=f"_{fn.name}_k"), exact_printer
        )
        for fn in functions
    ]
    consts = [
        {
            "name": spec.name,
            "value": repr(float(spec.value)),
            "comment": f"{prose_text(spec.meaning, notation)}, {unit_text(spec.unit, notation)}; "
            + (f"exactly {exact_decimal(spec.value)}" if spec.exact else f"{exact_decimal(spec.value)} (not exact)"),
        }
        for spec in SYMBOLS.constants()
    ]
    exact_helpers = helper_names(exact_printer)
    if target == "numpy":
        runtime = runtime_source(
            numpy_runtime, [*ARGUMENT_RUNTIME, *NUMPY_DRIVER, *helper_names(array_printer), *exact_helpers]
        )
        helpers: list[str] = []
    else:
        runtime = runtime_source(numpy_runtime, [*ARGUMENT_RUNTIME, *exact_helpers]) + runtime_source(
            numba_runtime, COMPILED_DRIVER
        )
        helpers = runtime_source(numba_runtime, {*COMPILED_ELEMENTARY, *helper_names(pointwise_printer)})
    return {
        "functions": printed,
        # Functions summed over sequences whose term is among these (derive/printing/summed.py).
        "summed": print_summed_functions(summed, [fn.name for fn in functions], notation),
        # Functions over whole solutions, copied from derive/printing/solution_runtime.py.
        "solution": solution_functions([fn.name for fn in functions]),
        "constants": consts,
        "runtime": runtime,
        "helpers": helpers,
        "all_names": [
            "InvalidInputError",
            "UnitSlipWarning",
            *(fn.name for fn in functions),
            *(["Ion", printed_junction["name"]] if printed_junction else []),
            *(s.name for s in summed if s.term in {fn.name for fn in functions}),
            *solution_names([fn.name for fn in functions]),
        ],
        "junction": printed_junction,
        # How _apply runs a kernel on numpy arrays.
        "run": "_run_numpy" if target == "numpy" else "_run_compiled",
        # The module docstring's units, in the notation's units.
        "units_sentence": _units_sentence(notation),
        # The module docstring's sign convention, in the notation's letters.
        "potential_convention": prose_text(r"$V = \psi_{\mathrm{i}} - \psi_{\mathrm{o}}$", notation),
    }
