"""Derivations printed for reports: every string a report template needs.

Templates do no algebra and no notation: this module turns a verified
:class:`~derive.derivation.Derivation` into :class:`PrintedSection` values whose
fields are finished LaTeX (or Markdown) strings. The two targets differ only in how a
step is cited and how prose is escaped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import sympy
from sympy.core.function import AppliedUndef

from ..derivation import (
    ApplyConditions,
    ApplyToBoth,
    Cite,
    Derivation,
    Divide,
    Evaluate,
    IntegrateODE,
    Linearise,
    Premise,
    Rearrange,
    Rule,
    SolveFor,
    Step,
    Substitute,
    TakeLimit,
    TakeLogarithm,
)
from ..errors import SpecificationError
from ..symbols import SYMBOLS, SymbolSpec
from .latex import latex
from .text import markdown_math, prose_latex, prose_markdown
from .units import DISPLAY_UNITS, exact_decimal, unit_latex


@dataclass(frozen=True)
class Target:
    """How one output format cites steps and writes prose."""

    #: "latex" or "markdown".
    name: str
    #: Formats a citation of a step, given its LaTeX label and its number ("1.3").
    cite: Callable[[str, str], str]
    #: Escapes prose with inline math.
    prose: Callable[[str], str]
    #: Makes printed LaTeX math safe for the format (identity for LaTeX).
    math: Callable[[str], str] = lambda s: s


def tex_label(derivation: Derivation, step_label: str) -> str:
    """The LaTeX label of a step: ``eq:<relation>`` for the main result, else ``eq:<relation>:<step>``."""
    if step_label == derivation.results[-1]:
        return f"eq:{derivation.name}"
    return f"eq:{derivation.name}:{step_label}"


LATEX = Target("latex", lambda lab, num: rf"\eqref{{{lab}}}", prose_latex)
MARKDOWN = Target("markdown", lambda lab, num: f"({num})", prose_markdown, markdown_math)


@dataclass(frozen=True)
class PrintedStep:
    number: str
    label: str
    lhs: str
    rhs: str
    rule: str
    justification: str
    is_main_result: bool
    #: Whether the step aligns at its "=" with the others: False for a long left side
    #: (a whole equation "... = 0"), which would widen the left column of every row.
    align_at_equals: bool = True


@dataclass(frozen=True)
class PrintedExample:
    text: str
    #: The given values, each "symbol = value unit".
    givens: tuple[str, ...]
    #: "lhs = formula = value unit"
    equation: str
    #: What the sign of the value means, in prose; empty if nothing to say.
    verdict: str = ""


@dataclass(frozen=True)
class PrintedSection:
    name: str
    number: int
    title: str
    summary: str
    assumptions: tuple[str, ...]
    conventions: tuple[str, ...]
    steps: tuple[PrintedStep, ...]
    verification: str
    examples: tuple[PrintedExample, ...] = ()


@dataclass(frozen=True)
class PrintedSymbol:
    latex: str
    meaning: str
    unit: str


def describe_rule(
    rule: Rule,
    cite: Callable[[str], str],
    math: Callable[[Any], str],
    prose: Callable[[str], str] = lambda text: text,
) -> str:
    """The rule in words with citations, e.g. ``substitute (1.1), (1.2) into (1.3)``."""
    refs = lambda labels: ", ".join(cite(lab) for lab in labels)
    if isinstance(rule, Premise):
        return f"{rule.kind}"
    if isinstance(rule, Cite):
        cited = rule.derivation
        which = "" if not rule.label or rule.label == cited.results[-1] else f" ({rule.label})"
        return f"cited{which} from “{prose(cited.title)}”"
    if isinstance(rule, Substitute):
        return f"substitute {refs(rule.using)} into {cite(rule.into)}"
    if isinstance(rule, Rearrange):
        return f"rearrange {cite(rule.source)}"
    if isinstance(rule, IntegrateODE):
        return f"integrate {cite(rule.ode)}"
    if isinstance(rule, ApplyConditions):
        return f"apply {refs(rule.conditions)} to {cite(rule.solution)}"
    if isinstance(rule, TakeLimit):
        return f"limit of {cite(rule.source)} as ${math(rule.variable)} \\to {math(rule.point)}$"
    if isinstance(rule, Evaluate):
        using = f" with {refs(rule.using)}" if rule.using else ""
        at = ", ".join(f"{math(var)} = {math(value)}" for var, value in rule.pairs)
        return f"evaluate {cite(rule.source)} at ${at}${using}"
    if isinstance(rule, ApplyToBoth):
        return f"take ${math(rule.function(sympy.Symbol('x')))}$ of both sides of {cite(rule.source)}"
    if isinstance(rule, Divide):
        using = f" with {refs(rule.using)}" if rule.using else ""
        return f"divide {cite(rule.source)} by ${math(rule.factor)}${using}"
    if isinstance(rule, Linearise):
        using = f" with {refs(rule.using)}" if rule.using else ""
        return f"linearise {cite(rule.source)} about ${math(rule.variable)} = {math(rule.point)}${using}"
    if isinstance(rule, TakeLogarithm):
        return f"take logarithms of both sides of {cite(rule.source)}"
    if isinstance(rule, SolveFor):
        how = "" if rule.via is None else f" (an equation in ${math(rule.via)}$)"
        return f"solve {cite(rule.source)}{how} for ${math(rule.unknown)}$"
    return rule.name


def _sides(derivation: Derivation, step: Step, extra: dict[str, SymbolSpec]) -> tuple[str, str]:
    eq = step.equation
    lhs, rhs = latex(eq.lhs, extra), latex(eq.rhs, extra)
    rule = step.rule
    if isinstance(rule, TakeLimit) and isinstance(eq.lhs, sympy.Symbol):
        # A symbol that names a limit: show what it names.
        source = derivation.step(rule.source).equation.lhs
        named = sympy.Limit(source, rule.variable, rule.point)
        rhs = f"{latex(named, extra)} = {rhs}"
    return lhs, rhs


#: A printed left side longer than this (in LaTeX source characters) does not align at "=".
SHORT_SIDE = 60


def _short_side(expr: Any, printed: str) -> bool:
    """Whether a left side is a quantity (V, c(x), V at P = 0) or otherwise short."""
    quantity = (sympy.Symbol, AppliedUndef, sympy.Subs, sympy.Limit, sympy.Derivative)
    return isinstance(expr, quantity) or len(printed) <= SHORT_SIDE


def number_latex(value: Any, digits: int) -> str:
    """A number to ``digits`` significant digits, in LaTeX: ``-0.08906``, ``1 \\times 10^{-8}``."""
    text = f"{float(value):.{digits}g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        power = rf"10^{{{int(exponent)}}}"
        return power if mantissa == "1" else rf"{mantissa} \times {power}"
    return text


def _quantity(value: Any, spec: SymbolSpec, digits: int) -> str:
    unit = "" if spec.unit == 1 else rf"\,{unit_latex(spec.unit)}"
    return f"{number_latex(value, digits)}{unit}"


def print_example(example: Any, target: Target) -> PrintedExample:
    """A worked example: its givens and ``lhs = formula = value``, to 4 significant digits."""
    eq = example.equation()
    quantity = eq.lhs
    while isinstance(quantity, (sympy.Subs, sympy.Limit)):  # V at P_Na = 0 is still a voltage
        quantity = quantity.args[0]
    lhs_spec = SYMBOLS.spec_of(quantity)
    givens = tuple(
        f"{latex(SYMBOLS[name].symbol)} = {_quantity(sympy.Rational(value), SYMBOLS[name], 6)}"
        for name, value in example.values
    )
    exact = example.evaluate()
    if example.unit:
        si, factor, unit_tex = DISPLAY_UNITS[example.unit]
        if sympy.simplify(si / lhs_spec.unit) != 1:
            raise SpecificationError(
                f"example of {example.relation!r}: {example.unit} is not a unit of {lhs_spec.name}"
            )
        value = rf"{number_latex(exact / factor, 4)}\,{unit_tex}"
    else:
        value = _quantity(exact, lhs_spec, 4)
    verdict = ""
    if example.verdict:
        verdict = target.prose(example.verdict[0] if exact < 0 else example.verdict[1])
    return PrintedExample(
        text=target.prose(example.text),
        givens=tuple(target.math(g) for g in givens),
        equation=target.math(f"{latex(eq.lhs)} = {latex(eq.rhs)} = {value}"),
        verdict=verdict,
    )


def print_section(derivation: Derivation, number: int, target: Target, examples: Iterable[Any] = ()) -> PrintedSection:
    """Every string of one derivation's section (``examples``: its worked examples)."""
    extra = derivation.local_specs
    numbers = {s.label: f"{number}.{i}" for i, s in enumerate(derivation.steps, start=1) if s.label}

    def cite(label: str) -> str:
        return target.cite(tex_label(derivation, label), numbers[label])

    steps = []
    for i, step in enumerate(derivation.steps, start=1):
        lhs, rhs = _sides(derivation, step, extra)
        rule_text = describe_rule(step.rule, cite, lambda e: target.math(latex(e, extra)), target.prose)
        steps.append(
            PrintedStep(
                number=f"{number}.{i}",
                label=tex_label(derivation, step.label),
                lhs=target.math(lhs),
                rhs=target.math(rhs),
                # Rule texts are built from citations and math only: nothing to escape.
                rule=rule_text[0].upper() + rule_text[1:],
                justification=target.prose(step.justification),
                is_main_result=step.label == derivation.results[-1],
                align_at_equals=_short_side(step.equation.lhs, lhs),
            )
        )
    counts = derivation.check_counts()
    verification = (
        f"{counts['symbolic'] + counts['numeric']} derived steps verified ({counts['symbolic']} symbolically, "
        f"{counts['numeric']} numerically at 50 digits) and all "
        f"{len(derivation.steps)} equations checked for consistent dimensions when the derivation was built."
    )
    return PrintedSection(
        name=derivation.name,
        number=number,
        title=target.prose(derivation.title),
        summary=target.prose(derivation.summary),
        assumptions=tuple(target.prose(a) for a in derivation.assumptions),
        conventions=tuple(target.prose(c) for c in derivation.conventions),
        steps=tuple(steps),
        verification=verification,
        examples=tuple(print_example(e, target) for e in examples),
    )


def symbols_used(
    derivations: Iterable[Derivation], target: Target, examples: Iterable[Any] = ()
) -> list[PrintedSymbol]:
    """The table of symbols: every symbol of the derivations and of their worked examples,
    in order of first appearance (section by section, equation by equation; within an
    equation the left side first, then the order in which printed products list them)."""
    examples = list(examples)
    seen: dict[str, tuple[SymbolSpec, Any, dict[str, SymbolSpec]]] = {}
    for d in derivations:
        extra = d.local_specs
        equations = [step.equation for step in d.steps]
        equations += [e.equation() for e in examples if e.relation == d.name]
        for eq in equations:
            # Functions are listed as applied to their variable: c(x), G(t).
            found = {s.name: s for s in eq.free_symbols}
            for f in eq.atoms(AppliedUndef):
                if all(isinstance(a, sympy.Symbol) for a in f.args):
                    found.setdefault(f.func.__name__, f)
            lhs = {s.name for s in eq.lhs.free_symbols} | {f.func.__name__ for f in eq.lhs.atoms(AppliedUndef)}

            def position(name: str, lhs: set = lhs, extra: dict = extra) -> tuple:
                # The left side is read first, then the right side in the printers' order.
                return (name not in lhs, (extra.get(name) or SYMBOLS[name]).order, name)

            for name in sorted(found, key=position):
                if name not in seen:
                    seen[name] = (extra.get(name) or SYMBOLS[name], found[name], extra)
    return [
        PrintedSymbol(
            latex=target.math(latex(obj, extra)),
            meaning=target.prose(spec.meaning),
            unit=target.math(unit_latex(spec.unit)),
        )
        for spec, obj, extra in seen.values()
    ]


def print_constants(target: Target) -> list[dict[str, str]]:
    """The physical constants with their exact values, for a report's table."""
    return [
        {
            "symbol": target.math(spec.latex),
            "meaning": target.prose(spec.meaning),
            "value": exact_decimal(spec.value),
            "unit": target.math(unit_latex(spec.unit)),
        }
        for spec in SYMBOLS.constants()
    ]
