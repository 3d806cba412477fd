"""Printing of summed functions: a verified numeric function summed over sequences.

A :class:`~derive.catalogue.SummedFunction` (``transporter_free_energy``, say) takes some of
its arguments as sequences, one entry per ion species, and returns the weighted sum of a
catalogue function over them: ΔG = Σ_j n_j Δμ̃(V, c_i,j, c_o,j, z_j, T). Its body is no new
formula: it calls the term function, which carries the verified formula, the input checks,
the accurate form and the array support, once per species. This module prints what the
template ``summed_functions.py.j2`` needs; it is kept apart from :mod:`derive.printing.module`
so that other sequence-argument functions (dict arguments of junction potentials, say) can
be reconciled with it in one place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..catalogue import FUNCTIONS, SummedFunction
from ..notation import DEFAULT, Notation
from ..relations import relation
from ..symbols import SYMBOLS
from .python import formula_text
from .text import prose_text
from .units import unit_text


@dataclass(frozen=True)
class PrintedSummedParameter:
    name: str
    default: str
    kind: str
    doc: str


@dataclass(frozen=True)
class PrintedSummed:
    name: str
    signature: str
    summary: str
    formula: str
    term: str
    term_formula: str
    parameters: tuple[PrintedSummedParameter, ...]
    #: The sequence arguments, weight first.
    sequences: tuple[str, ...]
    #: The term function's arguments, with ``name[j]`` for sequence arguments.
    call: str
    returns: str
    returns_doc: str
    relation: str
    title: str


def _sentence(text: str) -> str:
    """Capitalised, unless the first word already mixes cases (pH, mV): "PH difference" is wrong."""
    first = text.split(" ", 1)[0]
    if any(ch.isupper() for ch in first[1:]):
        return text
    return text[:1].upper() + text[1:]


def print_summed(fn: SummedFunction, notation: Notation = DEFAULT) -> PrintedSummed:
    """What the template needs for one summed function."""
    term = next(f for f in FUNCTIONS if f.name == fn.term)
    defaults = dict(term.defaults)
    params = [
        PrintedSummedParameter(fn.weight, "", "sequence of float", _sentence(prose_text(fn.weight_doc, notation)) + ".")
    ]
    # The sequences first (one entry per species), then the arguments all species share.
    ordered = [n for n in term.params if n in fn.over] + [n for n in term.params if n not in fn.over]
    for name in ordered:
        spec = SYMBOLS[name]
        unit = "dimensionless" if spec.unit == 1 else unit_text(spec.unit, notation)
        meaning = _sentence(prose_text(spec.meaning, notation))
        if name in fn.over:
            kind, doc = "sequence of float or array_like", f"{meaning}, {unit}; one entry per species."
        else:
            kind = "float or array_like" + (", optional" if name in defaults else "")
            doc = f"{meaning}, {unit}." + (f" Default {defaults[name]!r}." if name in defaults else "")
        params.append(PrintedSummedParameter(name, repr(defaults[name]) if name in defaults else "", kind, doc))
    signature = ", ".join([*(f"{p.name}={p.default}" if p.default else p.name for p in params), "*", "validate=True"])
    call = ", ".join(f"{p}[j]" if p in fn.over else p for p in term.params)
    derivation = relation(fn.relation)
    step = derivation.step(fn.step)
    return PrintedSummed(
        name=fn.name,
        signature=signature,
        summary=fn.summary,
        formula=f"{fn.returns} = sum over j of {fn.weight}[j]*{term.name}({call})",
        term=term.name,
        term_formula=formula_text(relation(term.relation).step(term.step).equation, log=notation.log),
        parameters=tuple(params),
        sequences=(fn.weight, *fn.over),
        call=call,
        returns=fn.returns,
        returns_doc=fn.returns_doc.replace("{unit}", unit_text(SYMBOLS[fn.returns].unit, notation)),
        relation=derivation.name,
        title=prose_text(derivation.title, notation) + f", step {derivation.number(fn.step)}: "
        + formula_text(step.equation, log=notation.log),
    )


def print_summed_functions(
    summed: Sequence[SummedFunction], names: Sequence[str], notation: Notation = DEFAULT
) -> list[PrintedSummed]:
    """The summed functions whose term function is among ``names`` (the module's functions)."""
    return [print_summed(fn, notation) for fn in summed if fn.term in set(names)]
