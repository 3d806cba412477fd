"""Derivations printed for reports: every string a report template needs.

Templates do no algebra and no notation: this module turns a verified
:class:`~derive.derivation.Derivation` into :class:`PrintedSection` values whose
fields are finished LaTeX (or Markdown) strings. The two targets differ only in how a
step is cited and how prose is escaped.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import sympy
from sympy.core.function import AppliedUndef
from sympy.physics import units as u

from ..bibliography import reference
from ..checking import DIGITS, POINTS
from ..derivation import (
    ApplyConditions,
    ApplyToBoth,
    Cite,
    Derivation,
    Differentiate,
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
from ..notation import DEFAULT, Notation
from ..symbols import SYMBOLS, SymbolSpec
from .bibtex import author_year
from .breaking import break_expression, layout_rows, width
from .latex import DeriveLatexPrinter, latex
from .restyle import restyle_prose
from .text import markdown_math, prose_latex, prose_markdown
from .units import (
    DISPLAY_UNITS,
    exact_decimal,
    siunitx_number,
    siunitx_quantity,
    siunitx_unit_command,
    unit_latex,
)

#: The reports' opening paragraph (shared by every format), with inline math.
INTRODUCTION = (
    "Each relation below is derived step by step from the potential terms of an ion, "
    r"$\tilde{\mu} = \mu^{\circ} + RT\ln(c/c^{\circ}) + zF\psi$. Every step names the rule it "
    "follows from; derive checked each one by machine (symbolically under the symbols' assumptions, "
    "or, where symbolic simplification was inconclusive, numerically: at "
    f"{POINTS} random points of the physical domain with {DIGITS} significant digits, which is evidence, "
    "not proof) and "
    "checked the dimensions of every equation. Units are SI: concentrations in mol/m$^{3}$ (= mM), "
    "potentials in volts, permeabilities in m/s, current densities in A/m$^{2}$. The membrane "
    r"potential is $V = \psi_{\mathrm{i}} - \psi_{\mathrm{o}}$, and outward flux and current are positive."
)
#: Over the table of a model's values.
VALUES_NOTE = (
    "The values of the model file, converted exactly to SI; the worked examples below are evaluated "
    "at them and the numeric module's functions take them as defaults."
)
#: How the constants are defined, over their table.
CONSTANTS_NOTE = (
    r"CODATA 2018 exact values (SI 2019): $F = e N_{\mathrm{A}}$ and $R = k_{\mathrm{B}} N_{\mathrm{A}}$, "
    r"from the elementary charge $e$, the Avogadro constant $N_{\mathrm{A}}$ and the Boltzmann constant "
    r"$k_{\mathrm{B}}$. The vacuum permittivity $\varepsilon_{0}$ is measured since 2019: its CODATA 2018 "
    r"recommended value, relative uncertainty $1.5 \times 10^{-10}$ (it enters only the activity coefficients)."
)


def _identity(text: str) -> str:
    return text


@dataclass(frozen=True)
class Target:
    """How one output format cites steps and sources, writes prose, units and long equations."""

    #: "latex", "markdown" (GitHub) or "myst".
    name: str
    #: Formats a citation of a step, given its label and its number ("1.3").
    cite: Callable[[str, str], str]
    #: Escapes prose with inline math (the math already restyled).
    escape: Callable[[str], str]
    #: Makes printed LaTeX math safe for the format (identity for LaTeX).
    math: Callable[[str], str] = _identity
    #: Cites the original sources, given their BibTeX keys.
    cite_sources: Callable[[tuple[str, ...]], str] = lambda keys: "; ".join(author_year(reference(k)) for k in keys)
    #: Units and quantities with siunitx (LaTeX) rather than \mathrm (Markdown math).
    siunitx: bool = False
    #: Whether long equations are broken into lines (formats whose math can hold line breaks).
    breaks: bool = False
    #: The notation everything is printed in.
    notation: Notation = DEFAULT
    #: Formats a reference to a figure, given its label and its number ("2").
    cite_figure: Callable[[str, str], str] = lambda label, number: f"Figure {number}"
    #: A figure's label, given its file stem: ``fig:nernst`` (MyST: ``fig-nernst``).
    figure_label: Callable[[str], str] = lambda stem: f"fig:{stem}"

    def prose(self, text: str, extra: Mapping[str, SymbolSpec] | None = None) -> str:
        """Prose with inline math, restyled by the notation and escaped for the format."""
        return self.escape(restyle_prose(text, self.notation, extra))

    def with_notation(self, notation: Notation) -> Target:
        return dataclasses.replace(self, notation=notation)

    def unit(self, unit: Any) -> str:
        """A unit for a table cell (text: siunitx ``\\unit``, or Markdown math)."""
        if self.siunitx:
            return siunitx_unit_command(unit, self.notation)
        return f"${self.math(unit_latex(unit, self.notation))}$"

    def quantity(self, value: Any, spec: SymbolSpec, digits: int, display: str = "") -> str:
        """A value with its unit, inside math: ``\\qty{140}{\\milli\\molar}`` or ``140\\,\\mathrm{mM}``.

        ``display`` names a unit of :data:`DISPLAY_UNITS` (``"mV"``) to show the value in
        instead of the symbol's SI unit.
        """
        if display:
            si, factor, plain, siunitx = DISPLAY_UNITS[display]
            if sympy.simplify(si / spec.unit) != 1:
                raise SpecificationError(f"{display} is not a unit of {spec.name}")
            if self.siunitx:
                return rf"\qty{{{siunitx_number(value / factor, digits)}}}{{{siunitx}}}"
            return rf"{number_latex(value / factor, digits)}\,{plain}"
        if self.siunitx:
            return siunitx_quantity(value, spec.unit, digits, self.notation)
        unit = "" if spec.unit == 1 else rf"\,{unit_latex(spec.unit, self.notation)}"
        return f"{number_latex(value, digits)}{unit}"

    def number(self, text: str) -> str:
        """An exact decimal for a table cell."""
        return rf"\num{{{text}}}" if self.siunitx else text


def tex_label(derivation: Derivation, step_label: str, number: int | None = None) -> str:
    """The LaTeX label of a step: ``eq:<relation>`` for the main result, else ``eq:<relation>:<step>``
    (an unlabelled step: its number)."""
    if step_label and step_label == derivation.results[-1]:
        return f"eq:{derivation.name}"
    return f"eq:{derivation.name}:{step_label or number}"


def step_label(derivation: Derivation, step_label: str, number: int | None = None) -> str:
    """The LaTeX label of a step in a derivation snippet: always ``eq:<relation>:<step>``, so it
    never clashes with the result snippet's ``eq:<relation>``."""
    return f"eq:{derivation.name}:{step_label or number}"


def myst_label(derivation: Derivation, step: str, number: int | None = None) -> str:
    """A MyST/Quarto equation label: ``eq-<relation>`` or ``eq-<relation>-<step>``.

    Sphinx lowercases labels into HTML ids, so two steps whose labels differ only in case
    (``A-def``, ``a-def``) would collide: the one with capitals gets its step number appended.
    """
    label = tex_label(derivation, step, number).replace(":", "-")
    if step and step != step.lower():
        others = {s.label.lower() for s in derivation.steps if s.label and s.label != step}
        if step.lower() in others:
            label += f"-{derivation.number(step)}"
    return label


def _cite_latex(keys: tuple[str, ...]) -> str:
    return rf"\cite{{{','.join(keys)}}}"


def _cite_myst(keys: tuple[str, ...]) -> str:
    return f"{{cite:p}}`{','.join(keys)}`"


LATEX = Target(
    "latex",
    lambda lab, num: rf"\eqref{{{lab}}}",
    prose_latex,
    cite_sources=_cite_latex,
    siunitx=True,
    breaks=True,
    cite_figure=lambda lab, num: rf"Figure~\ref{{{lab}}}",
)
MARKDOWN = Target("markdown", lambda lab, num: f"({num})", prose_markdown, markdown_math)
MYST = Target(
    "myst",
    lambda lab, num: f"{{eq}}`{lab}`",
    prose_markdown,
    cite_sources=_cite_myst,
    breaks=True,
    cite_figure=lambda lab, num: f"{{numref}}`Figure %s <{lab}>`",
    figure_label=lambda stem: f"fig-{stem}",
)


@dataclass(frozen=True)
class PrintedStep:
    number: str
    label: str
    lhs: str
    #: The right side on one line.
    rhs: str
    rule: str
    justification: str
    is_main_result: bool
    #: Whether the step aligns at its "=" with the others: False for a long left side
    #: (a whole equation "... = 0"), which would widen the left column of every row;
    #: its ``lines`` then hold the whole equation.
    align_at_equals: bool = True
    #: The right side broken into lines no wider than the notation allows (one line if it fits).
    lines: tuple[str, ...] = ()

    @property
    def row(self) -> str:
        r"""The step as rows of ``align``: ``lhs &= line``, ``&\quad {} line`` continuations unnumbered.

        A long left side that fits on one line with its right side is set after the
        alignment point instead, so it does not widen the left column of every row.
        """
        if not self.align_at_equals:  # lines hold the whole equation
            lines = self.lines or (f"{self.lhs} = {self.rhs}",)
            return " \\notag \\\\\n".join([f"& {lines[0]}"] + [rf"&\quad {{}} {line}" for line in lines[1:]])
        return layout_rows(self.lhs, list(self.lines or (self.rhs,)), notag=True)

    @property
    def split_rows(self) -> str:
        """The step as the rows of a ``split`` (which numbers the whole)."""
        return layout_rows(self.lhs, list(self.lines or (self.rhs,)))

    @property
    def broken(self) -> bool:
        return len(self.lines) > 1


@dataclass(frozen=True)
class PrintedExample:
    text: str
    #: The given values, each "symbol = value unit".
    givens: tuple[str, ...]
    #: "lhs = formula = value unit"
    equation: str
    #: What the sign of the value means, in prose; empty if nothing to say.
    verdict: str = ""
    #: Where the numbers come from, cited in the format ("" when not given).
    sources: str = ""
    #: The same as rows of ``align*``, broken where too wide.
    rows: str = ""

    @property
    def broken(self) -> bool:
        return "\\\\" in self.rows


@dataclass(frozen=True)
class PrintedFigure:
    """A figure as a report shows it: ``path`` is the file without its extension (the
    LaTeX report includes ``.pdf``, the Markdown ones ``.svg``)."""

    path: str
    label: str
    #: Its number in the report, counting from the first figure.
    number: str
    #: "Figure 2" as the format cross-references it.
    reference: str
    #: The reference followed by what the figure shows: one sentence for the text.
    mention: str
    caption: str
    #: The caption as plain text (alt text of an image).
    alt: str


def print_figure(stem: str, number: int, caption: str, mention: str, target: Target) -> PrintedFigure:
    """A figure of file stem ``stem`` (``figures/<stem>``), numbered ``number``; ``caption`` and
    ``mention`` are prose with inline math."""
    from .text import prose_text

    label = target.figure_label(stem)
    reference = target.cite_figure(label, str(number))
    return PrintedFigure(
        path=f"figures/{stem}",
        label=label,
        number=str(number),
        reference=reference,
        mention=f"{reference} {target.prose(mention)}",
        caption=target.prose(caption),
        alt=prose_text(caption, target.notation).replace("[", "(").replace("]", ")"),
    )


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
    #: The original sources, cited in the format ("" when none).
    sources: str = ""
    #: The section's figures.
    figures: tuple[PrintedFigure, ...] = ()


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
        # A step number, not the internal label: the reader can find it in that section.
        which = "" if not rule.label or rule.label == cited.results[-1] else f" (its step {cited.number(rule.label)})"
        return f"cited from “{prose(cited.title)}”{which}"
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
    if isinstance(rule, Differentiate):
        using = f" with {refs(rule.using)}" if rule.using else ""
        return f"differentiate {cite(rule.source)} with respect to ${math(rule.variable)}${using}"
    if isinstance(rule, SolveFor):
        how = "" if rule.via is None else f" (an equation in ${math(rule.via)}$)"
        return f"solve {cite(rule.source)}{how} for ${math(rule.unknown)}$"
    return rule.name


def _printer(target: Target, extra: Mapping[str, SymbolSpec] | None = None) -> DeriveLatexPrinter:
    return DeriveLatexPrinter({"extra_symbols": extra, "notation": target.notation})


#: em taken by a relation sign with its spaces, and the indent of continuation lines.
_RELATION_EM = 1.4
_INDENT_EM = 1.0


def _rhs_lines(expr: Any, printer: DeriveLatexPrinter, room: float, prefix: str = "") -> tuple[str, ...]:
    """The right side as lines: ``room`` em for each (less the indent after the first)."""
    first = room - width(prefix)
    lines = break_expression(expr, printer, max(room - _INDENT_EM, 8.0), first=max(first, 8.0))
    lines[0] = prefix + lines[0]
    return tuple(lines)


def _limit_prefix(derivation: Derivation, step: Step, printer: DeriveLatexPrinter) -> str:
    """For a symbol that names a limit, what it names (``\\lim_{t \\to \\infty} G(t) = ``)."""
    rule, eq = step.rule, step.equation
    if isinstance(rule, TakeLimit) and isinstance(eq.lhs, sympy.Symbol):
        source = derivation.step(rule.source).equation.lhs
        return f"{printer.doprint(sympy.Limit(source, rule.variable, rule.point))} = "
    return ""


#: A printed left side wider than this (em) does not align at "=" (see PrintedStep.align_at_equals).
SHORT_SIDE_EM = 8.0


def _short_side(expr: Any, printed: str) -> bool:
    """Whether a left side is a quantity (V, c(x), V at P = 0) or otherwise short."""
    quantity = (sympy.Symbol, AppliedUndef, sympy.Subs, sympy.Limit, sympy.Derivative)
    return isinstance(expr, quantity) or width(printed) <= SHORT_SIDE_EM


def number_latex(value: Any, digits: int) -> str:
    """A number to ``digits`` significant digits, in LaTeX: ``-0.08906``, ``1 \\times 10^{-8}``."""
    text = f"{float(value):.{digits}g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        power = rf"10^{{{int(exponent)}}}"
        return power if mantissa == "1" else rf"{mantissa} \times {power}"
    return text


def _given_unit(spec: SymbolSpec, value: str) -> str:
    """A membrane potential below 1 V is given in mV, as the prose and the results state it
    ("at $-70$ mV" with V = -70 mV, not -0.07 V); other givens in their SI unit."""
    return "mV" if spec.unit == u.volt and abs(sympy.Rational(value)) < 1 else ""


def print_example(example: Any, target: Target) -> PrintedExample:
    """A worked example: its givens and ``lhs = formula = value``, to 4 significant digits."""
    eq = example.equation()
    quantity = eq.lhs
    while isinstance(quantity, (sympy.Subs, sympy.Limit)):  # V at P_Na = 0 is still a voltage
        quantity = quantity.args[0]
    lhs_spec = SYMBOLS.spec_of(quantity)
    printer = _printer(target)
    givens = tuple(
        f"{printer.doprint(SYMBOLS[name].symbol)} = "
        + target.quantity(sympy.Rational(value), SYMBOLS[name], 6, _given_unit(SYMBOLS[name], value))
        for name, value in example.values
    )
    exact = example.evaluate()
    value = target.quantity(exact, lhs_spec, 4, example.unit)
    lhs, formula = printer.doprint(eq.lhs), printer.doprint(eq.rhs)
    equation = f"{lhs} = {formula} = {value}"
    rows = equation
    if target.breaks and width(equation) > target.notation.width:
        room = target.notation.width - width(lhs) - _RELATION_EM
        rows = layout_rows(lhs, list(_rhs_lines(eq.rhs, printer, room))) + f" \\\\\n&= {value}"
    verdict = ""
    if example.verdict:
        verdict = target.prose(example.verdict[0] if exact < 0 else example.verdict[1])
    return PrintedExample(
        text=target.prose(example.text),
        givens=tuple(target.math(g) for g in givens),
        equation=target.math(equation),
        rows=target.math(rows) if target.breaks else "",
        verdict=verdict,
        sources=target.cite_sources(example.references) if example.references else "",
    )


def print_section(
    derivation: Derivation,
    number: int,
    target: Target,
    examples: Iterable[Any] = (),
    labels: Callable[[Derivation, str, int | None], str] = tex_label,
    figures: Iterable[PrintedFigure] = (),
) -> PrintedSection:
    """Every string of one derivation's section (``examples``: its worked examples;
    ``labels``: how steps are labelled and cited; ``figures``: its printed figures)."""
    extra = derivation.local_specs
    printer = _printer(target, extra)
    numbers = {s.label: f"{number}.{i}" for i, s in enumerate(derivation.steps, start=1) if s.label}
    positions = {s.label: i for i, s in enumerate(derivation.steps, start=1) if s.label}

    def cite(label: str) -> str:
        return target.cite(labels(derivation, label, positions[label]), numbers[label])

    # The steps share one align block: its left column is as wide as the widest left side
    # of the steps that align at "=". A step with a long left side (a whole equation
    # "... = 0") is set after the alignment point instead, left side included.
    lhs_texts = [printer.doprint(step.equation.lhs) for step in derivation.steps]
    aligned = [_short_side(step.equation.lhs, lhs) for step, lhs in zip(derivation.steps, lhs_texts, strict=True)]
    widest = max((width(t) for t, a in zip(lhs_texts, aligned, strict=True) if a), default=0.0)
    room = target.notation.width - widest - _RELATION_EM
    steps = []
    for i, (step, lhs, align) in enumerate(zip(derivation.steps, lhs_texts, aligned, strict=True), start=1):
        rhs, lines = _right_side(derivation, step, printer, target, room)
        if not align and target.breaks:
            # Break the long left side; the right side ends its last line where it fits there,
            # else it follows on lines of its own ("= ..."), broken in turn.
            full = target.notation.width - widest
            lines = _rhs_lines(step.equation.lhs, printer, full)
            tail = f" = {rhs}"
            last_room = full - (_INDENT_EM if len(lines) > 1 else 0.0)
            if width(lines[-1] + tail) <= last_room:
                lines = (*lines[:-1], lines[-1] + tail)
            else:
                rest = _rhs_lines(step.equation.rhs, printer, full - _INDENT_EM, prefix="= ")
                lines = (*lines, *rest)
        elif not align:
            lines = (f"{lhs} = {rhs}",)
        rule_text = describe_rule(step.rule, cite, lambda e: target.math(printer.doprint(e)), target.prose)
        steps.append(
            PrintedStep(
                number=f"{number}.{i}",
                label=labels(derivation, step.label, i),
                lhs=target.math(lhs),
                rhs=target.math(rhs),
                # Rule texts are built from citations and math only: nothing to escape.
                rule=rule_text[0].upper() + rule_text[1:],
                justification=target.prose(step.justification, extra),
                is_main_result=step.label == derivation.results[-1],
                align_at_equals=align,
                lines=tuple(target.math(line) for line in lines),
            )
        )
    counts = derivation.check_counts()
    verification = (
        f"{counts['symbolic'] + counts['numeric']} derived steps verified ({counts['symbolic']} symbolically, "
        f"{counts['numeric']} numerically, at {POINTS} random points with {DIGITS} digits) and all "
        f"{len(derivation.steps)} equations checked for consistent dimensions when the derivation was built."
    )
    return PrintedSection(
        name=derivation.name,
        number=number,
        title=target.prose(derivation.title),
        summary=target.prose(derivation.summary, extra),
        assumptions=tuple(target.prose(a, extra) for a in derivation.assumptions),
        conventions=tuple(target.prose(c, extra) for c in derivation.conventions),
        steps=tuple(steps),
        verification=verification,
        examples=tuple(print_example(e, target) for e in examples),
        sources=target.cite_sources(derivation.references) if derivation.references else "",
        figures=tuple(figures),
    )


def _right_side(
    derivation: Derivation, step: Step, printer: DeriveLatexPrinter, target: Target, room: float
) -> tuple[str, tuple[str, ...]]:
    """A step's printed right side (with what a limit names), whole and broken into lines of ``room`` em."""
    prefix = _limit_prefix(derivation, step, printer)
    rhs = prefix + printer.doprint(step.equation.rhs)
    return rhs, (_rhs_lines(step.equation.rhs, printer, room, prefix) if target.breaks else (rhs,))


def print_result(derivation: Derivation, target: Target) -> PrintedStep:
    """The main result alone (for an equation snippet), broken to the notation's width on its own."""
    extra = derivation.local_specs
    printer = _printer(target, extra)
    step = derivation.result
    lhs = printer.doprint(step.equation.lhs)
    rhs, lines = _right_side(derivation, step, printer, target, target.notation.width - width(lhs) - _RELATION_EM)
    number = derivation.number(step.label)
    return PrintedStep(
        number=str(number),
        label=tex_label(derivation, step.label, number),
        lhs=target.math(lhs),
        rhs=target.math(rhs),
        rule=step.rule.name,
        justification=target.prose(step.justification, extra),
        is_main_result=True,
        lines=tuple(target.math(line) for line in lines),
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
            latex=target.math(latex(obj, extra, target.notation)),
            meaning=target.prose(spec.meaning, extra),
            unit=target.unit(spec.unit),
        )
        for spec, obj, extra in seen.values()
    ]


def _constant_value(text: str, target: Target) -> str:
    """An exact decimal for the constants' table; outside 1e-3 ... 1e6 as mantissa and power of ten
    (all digits kept): N_A = 6.02214076e23, not 602214076000000000000000."""
    value = Decimal(text)
    if value == 0 or Decimal("1e-3") <= abs(value) < Decimal("1e6"):
        return target.number(text)
    exponent = value.adjusted()
    mantissa = str(value.scaleb(-exponent).normalize())
    if target.siunitx:
        return target.number(f"{mantissa}e{exponent}")
    return f"{mantissa} × 10^{exponent}"


def print_constants(target: Target) -> list[dict[str, str]]:
    """The physical constants with their exact values, for a report's table."""
    return [
        {
            "symbol": target.math(target.notation.symbol_latex(spec.name, spec.latex)),
            "meaning": target.prose(spec.meaning),
            "value": _constant_value(exact_decimal(spec.value), target),
            "unit": target.unit(spec.unit),
        }
        for spec in SYMBOLS.constants()
    ]


def print_values(
    values: Sequence[tuple[str, str]], target: Target, relative: Iterable[str] = (), digits: int = 6
) -> list[dict[str, str]]:
    """A project's given values (a model's temperature, concentrations, permeabilities) for a
    report's table: symbol, meaning and value with its unit, from exact decimal strings.
    Values named in ``relative`` are ratios (relative permeabilities): printed without a unit."""
    rows = []
    ratios = set(relative)
    for name, text in values:
        spec = SYMBOLS[name]
        value = sympy.Rational(text)
        shown = number_latex(value, digits) + r"\ \text{(relative)}" if name in ratios else target.quantity(value, spec, digits)
        rows.append(
            {
                "symbol": target.math(target.notation.symbol_latex(spec.name, spec.latex)),
                "meaning": target.prose(spec.meaning),
                "value": target.math(shown),
            }
        )
    return rows
