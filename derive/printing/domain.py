"""Which inputs a generated function must refuse, read from the expression it evaluates.

Two sources, no per-function list:

* the **declared assumptions** of each parameter's symbol (the domain on which every
  step was verified): ``positive`` → > 0, ``nonnegative`` → ≥ 0, ``negative`` → < 0,
  ``nonzero`` → ≠ 0, ``integer`` → a whole number; and every argument must be finite;
* the **structure** of the printed expression: a denominator must be nonzero, the
  argument of ``ln`` (both sides of a ``logratio``) positive, the base of a
  fractional power nonnegative. Such a requirement is dropped when SymPy proves it
  from the declared assumptions (a sum of positive permeability × concentration
  products is positive); otherwise it becomes a check on that parameter or, for a
  compound expression, a check on its value.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sympy

from ..functions import logratio
from ..symbols import SYMBOLS

#: Conditions in the order checks report them, with the SymPy assumption that proves each.
CONDITIONS: dict[str, str] = {
    "positive": "is_positive",
    "nonnegative": "is_nonnegative",
    "negative": "is_negative",
    "nonzero": "is_nonzero",
    "integer": "is_integer",
}


@dataclass(frozen=True)
class Check:
    """A check printed into a generated function: ``expr`` must satisfy ``conditions`` (and be finite)."""

    #: The parameter symbol or compound expression checked.
    expr: Any
    #: Names from :data:`CONDITIONS`, in that order.
    conditions: tuple[str, ...]

    def __post_init__(self) -> None:
        unknown = set(self.conditions) - set(CONDITIONS)
        if unknown:
            raise ValueError(f"unknown condition(s) {sorted(unknown)}")

    @property
    def is_parameter(self) -> bool:
        return isinstance(self.expr, sympy.Symbol)


def structural_requirements(expr: Any) -> list[tuple[Any, str]]:
    """(subexpression, condition) pairs that the expression needs to be defined."""
    found: list[tuple[Any, str]] = []
    for node in sympy.preorder_traversal(expr):
        if isinstance(node, sympy.Pow):
            base, exponent = node.args
            if exponent.is_negative:
                found.append((base, "nonzero"))
            if not exponent.is_integer:
                found.append((base, "positive" if exponent.is_negative else "nonnegative"))
        elif isinstance(node, sympy.log):
            found.append((node.args[0], "positive"))
        elif isinstance(node, logratio):
            found.extend([(node.args[0], "positive"), (node.args[1], "positive")])
    return found


def _proved(expr: Any, condition: str) -> bool:
    return getattr(expr, CONDITIONS[condition]) is True


def _merge(conditions: Iterable[str]) -> tuple[str, ...]:
    wanted = set(conditions)
    if "positive" in wanted:  # positive implies the weaker ones
        wanted -= {"nonnegative", "nonzero"}
    if "negative" in wanted:
        wanted -= {"nonzero"}
    return tuple(c for c in CONDITIONS if c in wanted)


def checks(expr: Any, params: Sequence[str], assumptions: Mapping[str, tuple[str, ...]] | None = None) -> list[Check]:
    """The checks for a function of ``params`` evaluating ``expr``: one per parameter, then compounds.

    ``assumptions`` gives a parameter's domain where the function's is not its symbol's
    (:attr:`derive.catalogue.NumericFunction.domain`); ``expr`` then carries symbols with
    those assumptions, so what SymPy proves of its structure follows the same domain.
    """
    symbols = {s.name: s for s in expr.free_symbols}
    per_param: dict[str, list[str]] = {name: [] for name in params}
    for name in params:
        declared = (assumptions or {}).get(name, SYMBOLS[name].assumptions)
        per_param[name].extend(c for c in declared if c in CONDITIONS)
    compound: dict[Any, list[str]] = {}
    for sub, condition in structural_requirements(expr):
        if sub.is_number or _proved(sub, condition):
            continue
        if isinstance(sub, sympy.Symbol) and sub.name in per_param:
            per_param[sub.name].append(condition)
        elif isinstance(sub, sympy.Symbol):
            # A physical constant (F, R) is positive by declaration, so only an unknown symbol lands here.
            raise ValueError(f"{sub} must be {condition} but is not a parameter")
        else:
            compound.setdefault(sub, []).append(condition)
    out = [Check(symbols.get(name, sympy.Symbol(name)), _merge(per_param[name])) for name in params]
    out.extend(Check(sub, _merge(conds)) for sub, conds in compound.items())
    return out
