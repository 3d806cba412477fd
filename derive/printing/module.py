"""Everything membrane.py.j2 needs, printed: signatures, docstring parts and bodies.

The function bodies come from :func:`derive.printing.python.function_body` applied to
the verified steps the catalogue names; docstrings are assembled from the symbol
registry (meanings, units) and the derivation (conventions, steps).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..catalogue import NumericFunction
from ..relations import relation
from ..symbols import SYMBOLS
from .python import DeriveNumPyPrinter, formula_text, function_body, helper_sources
from .report import describe_rule
from .text import prose_text
from .units import exact_decimal, unit_text


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
    parameters: tuple[PrintedParameter, ...]
    returns: str
    returns_doc: str
    conventions: tuple[str, ...]
    relation: str
    title: str
    steps: tuple[str, ...]
    body: tuple[str, ...]


def _print_function(fn: NumericFunction, printer: DeriveNumPyPrinter) -> PrintedFunction:
    derivation = relation(fn.relation)
    expr = fn.expression()
    defaults = dict(fn.defaults)
    params = []
    for name in fn.params:
        spec = SYMBOLS[name]
        params.append(
            PrintedParameter(
                name=name,
                default=repr(defaults[name]) if name in defaults else "",
                meaning=_sentence(prose_text(spec.meaning)),
                unit="dimensionless" if spec.unit == 1 else unit_text(spec.unit),
            )
        )
    signature = ", ".join(f"{p.name}={p.default}" if p.default else p.name for p in params)
    step = derivation.step(fn.step)

    def cite(label: str) -> str:
        return f"({derivation.number(label)})"

    return PrintedFunction(
        name=fn.name,
        signature=signature,
        summary=fn.summary,
        formula=formula_text(step.equation)
        + "".join(
            f"{', where' if i == 0 else ';'} {formula_text(derivation.step(label).equation)}"
            for i, label in enumerate(fn.using)
        ),
        parameters=tuple(params),
        returns=fn.returns,
        returns_doc=fn.returns_doc,
        conventions=tuple(prose_text(c) for c in derivation.conventions),
        relation=derivation.name,
        title=prose_text(derivation.title),
        steps=tuple(
            f"({i}) {_sentence(prose_text(describe_rule(s.rule, cite, formula_text)))}: {prose_text(s.justification)}"
            for i, s in enumerate(derivation.steps[: derivation.number(fn.step)], start=1)
        ),
        body=tuple(function_body(expr, printer)),
    )


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def print_module(functions: Sequence[NumericFunction]) -> dict[str, Any]:
    """The template context of a module holding ``functions``."""
    printer = DeriveNumPyPrinter()
    printed = [_print_function(fn, printer) for fn in functions]
    consts = [
        {
            "name": spec.name,
            "value": repr(float(spec.value)),
            "comment": f"{prose_text(spec.meaning)}, {unit_text(spec.unit)}; exactly {exact_decimal(spec.value)}",
        }
        for spec in SYMBOLS.constants()
    ]
    return {
        "functions": printed,
        "constants": consts,
        "helpers": helper_sources(printer.used_helpers),
        "all_names": [fn.name for fn in functions],
    }
