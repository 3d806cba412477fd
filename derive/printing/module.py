"""Everything the numeric-module templates need, printed: signatures, docstrings, checks, kernels.

For each :class:`~derive.catalogue.NumericFunction`, the verified step's right side is
turned into its numeric form (:mod:`derive.printing.forms`), the input checks are read
from it (:mod:`derive.printing.domain`), and its body is printed twice from the same
form: an array kernel against a namespace ``xp`` (``generated/membrane.py``) and a
point-wise kernel for numba (``generated/membrane_compiled.py``). Docstrings come from
the symbol registry (meanings, units) and the derivation (conventions, steps).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sympy
from sympy.physics import units as u

from ..catalogue import SUMMED, NumericFunction
from ..functions import REWRITABLE
from ..notation import DEFAULT, Notation
from ..relations import relation
from ..symbols import SYMBOLS
from . import numba_runtime, numpy_runtime
from .domain import Check, checks
from .forms import numeric_form
from .python import (
    ArrayAPIPrinter,
    PointwisePrinter,
    formula_text,
    function_body,
    helper_names,
    runtime_source,
)
from .report import describe_rule
from .summed import print_summed_functions
from .text import prose_text
from .units import exact_decimal, unit_text

#: Argument handling copied into every generated module, in this order.
ARGUMENT_RUNTIME = (
    "InvalidInputError",
    "_REQUIREMENTS",
    "_namespace",
    "_as_float",
    "_failures",
    "_passes_quickly",
    "_require",
    "_require_block",
    "_require_broadcast",
)
#: The numpy module's driver.
NUMPY_DRIVER = ("_BLOCK", "_evaluate")
#: The compiled module's driver, and the constants of its elementary functions.
COMPILED_DRIVER = ("_LN2_HI", "_LN2_LO", "_LOG2E", "_PARALLEL_MIN", "_PARALLEL_CHUNK", "_column", "_evaluate_compiled")
#: Elementary functions every compiled module carries (the helpers call them).
COMPILED_ELEMENTARY = ("_expm1_reduced", "_expm1", "_exp", "_log", "_log1p")

#: Operations from which a numpy kernel runs block by block: a single operation (p/k)
#: has no temporaries to keep in cache, and blocks would only add copying.
BLOCKED_MIN_OPS = 3

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
    #: Whether the numpy kernel runs block by block on large arrays (it has temporaries to keep in cache).
    blocked: bool

    @property
    def arguments(self) -> str:
        return ", ".join(p.name for p in self.parameters)


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


def _print_function(
    fn: NumericFunction,
    array_printer: ArrayAPIPrinter,
    pointwise_printer: PointwisePrinter,
    notation: Notation = DEFAULT,
) -> PrintedFunction:
    derivation = relation(fn.relation)
    expr = fn.expression()
    form = numeric_form(expr, fn.name)
    defaults = dict(fn.defaults)
    params = []
    for name in fn.params:
        spec = SYMBOLS[name]
        params.append(
            PrintedParameter(
                name=name,
                default=repr(defaults[name]) if name in defaults else "",
                meaning=_sentence(prose_text(spec.meaning, notation)),
                unit="dimensionless" if spec.unit == 1 else unit_text(spec.unit, notation),
            )
        )
    signature = ", ".join([*(f"{p.name}={p.default}" if p.default else p.name for p in params), "*", "validate=True"])
    step = derivation.step(fn.step)
    domain = {name: fn.assumptions(name) for name in fn.params}
    printed_checks = [_print_check(c, array_printer, fn.params) for c in checks(form, fn.params, domain)]

    def cite(label: str) -> str:
        return f"({derivation.number(label)})"

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
        parameters=tuple(params),
        returns=fn.returns,
        returns_doc=fn.returns_doc.replace("{unit}", unit_text(SYMBOLS[fn.returns].unit, notation)),
        conventions=tuple(prose_text(c, notation) for c in derivation.conventions),
        relation=derivation.name,
        title=prose_text(derivation.title, notation),
        steps=tuple(
            f"({i}) {_sentence(prose_text(describe_rule(s.rule, cite, lambda e: formula_text(e, log=notation.log))))}: "
            f"{prose_text(s.justification, notation)}"
            for i, s in enumerate(derivation.steps[: derivation.number(fn.step)], start=1)
        ),
        checks=tuple(line for line, _ in printed_checks),
        requirements=tuple(words for _, words in printed_checks),
        kernel=tuple(function_body(form, array_printer)),
        pointwise=tuple(function_body(form, pointwise_printer)),
        blocked=sympy.count_ops(form) >= BLOCKED_MIN_OPS,
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


def print_module(
    functions: Sequence[NumericFunction], target: str = "numpy", notation: Notation = DEFAULT
) -> dict[str, Any]:
    """The template context of a module holding ``functions``, for target "numpy" or "compiled"
    (docstrings in ``notation``)."""
    if target not in TARGETS:
        raise ValueError(f"unknown module target {target!r}; known: {', '.join(TARGETS)}")
    array_printer, pointwise_printer = ArrayAPIPrinter(), PointwisePrinter()
    printed = [_print_function(fn, array_printer, pointwise_printer, notation) for fn in functions]
    consts = [
        {
            "name": spec.name,
            "value": repr(float(spec.value)),
            "comment": f"{prose_text(spec.meaning, notation)}, {unit_text(spec.unit, notation)}; "
            f"exactly {exact_decimal(spec.value)}",
        }
        for spec in SYMBOLS.constants()
    ]
    if target == "numpy":
        runtime = runtime_source(numpy_runtime, [*ARGUMENT_RUNTIME, *NUMPY_DRIVER, *helper_names(array_printer)])
        helpers: list[str] = []
    else:
        runtime = runtime_source(numpy_runtime, ARGUMENT_RUNTIME) + runtime_source(numba_runtime, COMPILED_DRIVER)
        helpers = runtime_source(numba_runtime, {*COMPILED_ELEMENTARY, *helper_names(pointwise_printer)})
    return {
        "functions": printed,
        # Functions summed over sequences whose term is among these (derive/printing/summed.py).
        "summed": print_summed_functions(SUMMED, [fn.name for fn in functions], notation),
        "constants": consts,
        "runtime": runtime,
        "helpers": helpers,
        "all_names": [
            "InvalidInputError",
            *(fn.name for fn in functions),
            *(s.name for s in SUMMED if s.term in {fn.name for fn in functions}),
        ],
        # The module docstring's units, in the notation's units.
        "units_sentence": _units_sentence(notation),
        # The module docstring's sign convention, in the notation's letters.
        "potential_convention": prose_text(r"$V = \psi_{\mathrm{i}} - \psi_{\mathrm{o}}$", notation),
    }
