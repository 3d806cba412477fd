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
from ..notation import DEFAULT, Notation
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


def _print_function(fn: NumericFunction, printer: DeriveNumPyPrinter, notation: Notation = DEFAULT) -> PrintedFunction:
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
                meaning=_sentence(prose_text(spec.meaning, notation)),
                unit="dimensionless" if spec.unit == 1 else unit_text(spec.unit, notation),
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
        formula=formula_text(step.equation, log=notation.log)
        + "".join(
            f"{', where' if i == 0 else ';'} {formula_text(derivation.step(label).equation, log=notation.log)}"
            for i, label in enumerate(fn.using)
        ),
        parameters=tuple(params),
        returns=fn.returns,
        returns_doc=fn.returns_doc,
        conventions=tuple(prose_text(c, notation) for c in derivation.conventions),
        relation=derivation.name,
        title=prose_text(derivation.title, notation),
        steps=tuple(
            f"({i}) {_sentence(prose_text(describe_rule(s.rule, cite, lambda e: formula_text(e, log=notation.log))))}: "
            f"{prose_text(s.justification, notation)}"
            for i, s in enumerate(derivation.steps[: derivation.number(fn.step)], start=1)
        ),
        body=tuple(function_body(expr, printer)),
    )


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def print_module(functions: Sequence[NumericFunction], notation: Notation = DEFAULT) -> dict[str, Any]:
    """The template context of a module holding ``functions`` (docstrings in ``notation``)."""
    printer = DeriveNumPyPrinter()
    printed = [_print_function(fn, printer, notation) for fn in functions]
    consts = [
        {
            "name": spec.name,
            "value": repr(float(spec.value)),
            "comment": f"{prose_text(spec.meaning, notation)}, {unit_text(spec.unit, notation)}; "
            f"exactly {exact_decimal(spec.value)}",
        }
        for spec in SYMBOLS.constants()
    ]
    return {
        "functions": printed,
        "constants": consts,
        "helpers": helper_sources(printer.used_helpers),
        "all_names": [fn.name for fn in functions],
        # The module docstring's sign convention, in the notation's letters.
        "potential_convention": prose_text(r"$V = \psi_{\mathrm{i}} - \psi_{\mathrm{o}}$", notation),
    }
