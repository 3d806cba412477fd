r"""Long equations broken across lines, at a width budget, by the printer's own structure.

:func:`width` estimates how wide a piece of LaTeX math sets in display style, in em
of the math font (fractions as wide as their wider part, scripts at 70 %, spacing
around binary operators and relations as TeX puts it). A test compares it with the
widths TeX itself measures.

:func:`break_expression` prints an expression as lines no wider than the budget,
never changing the expression: only where a line may end. It breaks a sum between
its terms (before the sign, as textbooks do); a product whose long part is a sum or
a function of a long argument keeps its short factors on the first line and breaks
inside fixed-size parentheses (``\biggl( ... \biggr)``, which may span lines where
``\left( ... \right)`` may not); a fraction too wide to stand keeps a short
denominator as a factor ``\frac{1}{D}`` in front of its broken numerator, or else
is written ``(N) / (D)`` with both broken. What cannot be broken (a single symbol, a
root) stays whole. Reports and snippets then set the lines in ``split``/``align``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import sympy

# --------------------------------------------------------------------------- width

_CMD = re.compile(r"\\([A-Za-z]+|.)")
_OPERATORS = {"ln", "log", "exp", "lim", "sin", "cos", "tan", "max", "min", "det"}
_SPACES = {",": 0.17, ";": 0.28, ":": 0.22, "!": -0.17, " ": 0.33, "quad": 1.0, "qquad": 2.0}
_RELATIONS = {"to", "neq", "approx", "leq", "geq", "equiv", "sim", "mapsto", "rightarrow", "leftarrow"}
_BINARY = {"times", "cdot", "pm", "mp"}
_ZERO = {"notag", "nonumber", "displaystyle", "textstyle", "limits", "nolimits", "qquad_", "relax"}
_SIZED = {"left", "right", "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr", "big", "Big", "bigg", "middle"}
_ACCENTS = {"tilde", "hat", "bar", "vec", "dot", "ddot", "widetilde", "widehat", "overline", "mathit", "mathbf"}
#: Math italic letters much narrower than the others of their case (cmmi10: I is 0.44 em, J 0.55).
_NARROW = {"I": 0.48, "J": 0.6}
_SIUNITX_LETTERS = {
    "mole": 3, "metre": 1, "second": 1, "kelvin": 1, "volt": 1, "ampere": 1, "joule": 1, "coulomb": 1,
    "molar": 1, "milli": 1, "micro": 1, "kilo": 1,
}  # fmt: skip


@dataclass
class _Reader:
    text: str
    pos: int = 0

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def skip_spaces(self) -> None:
        while self.peek().isspace():
            self.pos += 1

    def raw_group(self) -> str:
        """The text of the next {...} group (or single token), not measured."""
        self.skip_spaces()
        if self.peek() != "{":
            m = _CMD.match(self.text, self.pos)
            if m:
                self.pos = m.end()
                return m.group(0)
            ch = self.peek()
            self.pos += 1
            return ch
        depth, start = 0, self.pos
        while self.pos < len(self.text):
            ch = self.text[self.pos]
            if ch == "\\":
                self.pos += 2
                continue
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
                if depth == 0:
                    self.pos += 1
                    return self.text[start + 1 : self.pos - 1]
            self.pos += 1
        return self.text[start + 1 :]

    def optional(self) -> None:
        self.skip_spaces()
        if self.peek() == "[":
            end = self.text.find("]", self.pos)
            self.pos = len(self.text) if end < 0 else end + 1


def _letters(text: str, scale: float) -> float:
    return sum((0.72 if c.isupper() else 0.5) for c in text if not c.isspace()) * scale


def _siunitx_unit(text: str, scale: float) -> float:
    total = 0.0
    for m in _CMD.finditer(text):
        name = m.group(1)
        if name == "per":
            total += 0.55 * scale  # the ^{-1} it adds
        elif name in ("square", "cubic"):
            total += 0.35 * scale
        else:
            total += (0.5 * _SIUNITX_LETTERS.get(name, 1) + 0.17) * scale
    return total


def _siunitx_number(number: str, scale: float) -> float:
    """``1e-8`` sets as 1 × 10^{-8}."""
    mantissa, _, exponent = number.lower().partition("e")
    w = 0.5 * len(mantissa)
    if exponent:
        w += 1.22 + 1.0 + 0.35 * len(exponent)
    return w * scale


def width(latex: str, scale: float = 1.0, display: bool = True) -> float:
    """Estimated width of ``latex`` (math, display style) in em of the math font."""
    return _row(_Reader(latex), scale, display)


def _row(r: _Reader, scale: float, display: bool) -> float:
    total = 0.0
    last_script = None  # width of the script just attached, so ^ and _ on one base overlap
    operand = False  # whether an operand precedes (decides binary vs unary +/-)
    while r.pos < len(r.text):
        ch = r.peek()
        if ch == "}":
            r.pos += 1
            return total
        if ch.isspace() or ch == "&":
            r.pos += 1
            continue
        if ch in "^_":
            r.pos += 1
            w = _arg(r, max(scale * 0.7, 0.5), False)
            total += w if last_script is None else max(0.0, w - last_script)
            last_script = w if last_script is None else max(w, last_script)
            continue
        last_script = None
        if ch == "{":
            r.pos += 1
            total += _row(r, scale, display)
            operand = True
            continue
        if ch == "\\":
            m = _CMD.match(r.text, r.pos)
            r.pos = m.end()
            name = m.group(1)
            w, operand = _command(name, r, scale, display, operand)
            total += w
            continue
        r.pos += 1
        if ch in "+-" and scale >= 1.0 and operand:
            total += (0.78 + 0.44) * scale
            operand = False
        elif ch in "=<>":
            total += (0.78 + (0.56 if scale >= 1.0 else 0)) * scale
            operand = False
        elif ch in "+-":
            total += 0.78 * scale
            operand = False
        elif ch in "()[]|":
            total += 0.39 * scale
            operand = ch in ")]|"
        elif ch in ",;":
            total += (0.28 + 0.17) * scale
            operand = False
        elif ch in "./'":
            total += 0.35 * scale if ch != "/" else 0.5 * scale
            operand = ch != "/"
        elif ch.isdigit():
            total += 0.5 * scale
            operand = True
        else:
            total += _NARROW.get(ch, 0.75 if ch.isupper() else 0.53) * scale
            operand = True
    return total


def _arg(r: _Reader, scale: float, display: bool) -> float:
    r.skip_spaces()
    if r.peek() == "{":
        r.pos += 1
        return _row(r, scale, display)
    return _row(_Reader(r.raw_group()), scale, display)


def _command(name: str, r: _Reader, scale: float, display: bool, operand: bool) -> tuple[float, bool]:
    """Width of one command (and its arguments), and whether it leaves an operand."""
    if name == "frac":
        inner = scale if display else max(scale * 0.7, 0.5)
        a = _arg(r, inner, False)
        b = _arg(r, inner, False)
        return max(a, b) + 0.24 * scale, True
    if name in _SIZED:
        r.skip_spaces()
        delim = r.raw_group()
        return (0.12 if delim == "." else 0.5) * scale, name not in ("left", "bigl", "Bigl", "biggl")
    if name in ("mathrm", "operatorname", "text", "textrm", "mathsf"):
        extra = 0.17 if name == "operatorname" else 0.0
        return _letters(r.raw_group(), scale) + extra * scale, True
    if name in _ACCENTS:
        return _arg(r, scale, display), True
    if name == "boxed" or name == "Aboxed":
        return _arg(r, scale, display) + 0.6 * scale, True
    if name == "sqrt":
        return _arg(r, scale, display) + 0.85 * scale, True
    if name in _OPERATORS:
        w = (0.5 * len(name) + 0.17) * scale
        r.skip_spaces()
        if name == "lim" and r.peek() == "_" and display:
            r.pos += 1
            return max(w, _arg(r, max(scale * 0.7, 0.5), False)), False
        return w, False
    if name in _SPACES:
        return _SPACES[name] * scale, operand
    if name in _RELATIONS:
        return (1.0 + (0.56 if scale >= 1.0 else 0)) * scale, False
    if name in _BINARY:
        return (0.78 + (0.44 if scale >= 1.0 else 0)) * scale, False
    if name in _ZERO:
        return 0.0, operand
    if name == "label":
        r.raw_group()
        return 0.0, operand
    if name in ("qty", "SI"):
        r.optional()
        number = r.raw_group()
        unit = r.raw_group()
        return _siunitx_number(number, scale) + 0.17 * scale + _siunitx_unit(unit, scale), True
    if name in ("unit", "si"):
        r.optional()
        return _siunitx_unit(r.raw_group(), scale), True
    if name == "num":
        r.optional()
        return _siunitx_number(r.raw_group(), scale), True
    if name in ("infty",):
        return 1.0 * scale, True
    if name in ("circ", "prime", "ast", "star"):
        return 0.5 * scale, True
    if name in ("{", "}", "|"):
        return 0.5 * scale, True
    return 0.62 * scale, True  # a letter-like symbol: Greek and the like


# --------------------------------------------------------------------------- breaking


def _delimiters(inner: str) -> tuple[str, str]:
    """Fixed-size parentheses tall enough for the content (they may span lines)."""
    if r"\frac" in inner:
        return r"\biggl(", r"\biggr)"
    if "^" in inner or "_" in inner:
        return r"\Bigl(", r"\Bigr)"
    return r"\bigl(", r"\bigr)"


class LineBreaker:
    """Breaks one expression into lines of at most ``budget`` em, printing with ``printer``.

    ``printer`` is a :class:`~derive.printing.latex.DeriveLatexPrinter`; its settings
    (notation, derivation-local symbols) are used for every piece.
    """

    def __init__(self, printer: Any, budget: float) -> None:
        self.printer = printer
        self.budget = budget

    def print(self, expr: Any) -> str:
        return self.printer.doprint(expr)

    def fits(self, text: str, room: float) -> bool:
        return width(text) <= room

    # Each method returns lines; the first gets ``first`` em, the rest ``self.budget`` em.
    def lines(self, expr: Any, first: float | None = None) -> list[str]:
        first = self.budget if first is None else first
        text = self.print(expr)
        if self.fits(text, first):
            return [text]
        if isinstance(expr, sympy.Add):
            return self._sum(expr, first)
        coeff, _ = expr.as_coeff_Mul()
        if coeff.is_negative:
            rest = self.lines(-expr, first - 1.0)
            return ["- " + rest[0], *rest[1:]]
        if isinstance(expr, sympy.Pow) and not (expr.exp.is_number and expr.exp.is_negative):
            return self._power(expr, first)
        if isinstance(expr, (sympy.Mul, sympy.Pow)):
            return self._product(expr, first)
        if isinstance(expr, sympy.Function) and len(expr.args) == 1:
            return self._function(expr, first)
        return [text]

    def _sum(self, expr: sympy.Add, first: float) -> list[str]:
        lines: list[str] = []
        current = ""
        room = first
        for i, (negative, term) in enumerate(self.printer.ordered_terms(expr)):
            sign = ("- " if negative else "") if i == 0 else ("- " if negative else "+ ")
            text = sign + self._factor_text(term)
            candidate = f"{current} {text}".strip()
            if self.fits(candidate, room):
                current = candidate
                continue
            if current:
                lines.append(current)
                room = self.budget
                current = ""
            if self.fits(text, room):
                current = text
                continue
            if isinstance(term, sympy.Add):
                broken = self._bracketed(sign, term, room)
            else:
                broken = self.lines(term, room - width(sign))
                broken[0] = sign + broken[0]
            lines.extend(broken[:-1])
            current = broken[-1]
            room = self.budget
        if current:
            lines.append(current)
        return lines

    def _power(self, expr: sympy.Pow, first: float) -> list[str]:
        """A long base under a root or a power: ``\\biggl( ... \\biggr)^{1/2}`` (a root cannot break)."""
        base, exp = expr.args
        if not isinstance(base, (sympy.Add, sympy.Mul)):
            return [self.print(expr)]
        power = "1/2" if exp == sympy.Rational(1, 2) else self.printer.doprint(exp)
        return self._bracketed("", base, first, suffix=f"^{{{power}}}")

    def _wrap(self, prefix: str, inner: list[str], suffix: str) -> list[str]:
        inner = list(inner)
        inner[0] = f"{prefix}{inner[0]}"
        inner[-1] = f"{inner[-1]}{suffix}"
        return inner

    def _bracketed(self, prefix: str, expr: Any, first: float, suffix: str = "") -> list[str]:
        """``prefix (expr)`` with expr broken inside fixed-size parentheses.

        When the prefix leaves less than a third of a line, the opening parenthesis ends
        the line and the content starts on the next one.
        """
        left, right = _delimiters(self.print(expr))
        room = first - width(prefix) - 0.6
        opener: list[str] = []
        if room < self.budget / 3:
            opener, room = [f"{prefix}{left}"], self.budget
            prefix, left = "", ""
        closing = width(right + suffix)
        saved = self.budget
        self.budget -= closing  # every line inside may be the one that closes
        try:
            room -= closing
            inner = self._sum(expr, room) if isinstance(expr, sympy.Add) else self.lines(expr, room)
        finally:
            self.budget = saved
        return [*opener, *self._wrap(f"{prefix}{left}", inner, right + suffix)]

    def _product(self, expr: Any, first: float) -> list[str]:
        num_simple, den_simple, num_comp, den_comp = self.printer.product_parts(expr)
        simple = self.printer.fraction_text(num_simple, den_simple) if (num_simple or den_simple) else ""
        if not den_comp:
            return self._product_tail(simple, num_comp, first)
        # A fraction of compound parts too wide to stand: keep a short denominator as a
        # factor 1/D in front of the broken numerator, else write (N) / (D).
        head = self.printer.fraction_text(num_simple, den_simple + den_comp)
        if num_comp and self.fits(head, first / 2):
            return self._product_tail(head, num_comp, first)
        if num_comp:
            n_lines = self._bracketed(f"{simple} " if simple else "", sympy.Mul(*num_comp), first)
        else:
            n_lines = [simple or "1"]
        d_lines = self._bracketed(r"\Big/ ", sympy.Mul(*den_comp), self.budget)
        return self._join(n_lines, d_lines, first)

    def _product_tail(self, head: str, factors: list[Any], first: float) -> list[str]:
        """``head`` then the compound factors in print order, each kept whole where it fits."""
        lines: list[str] = []
        current, room = head, first
        for factor in sorted(factors, key=self.printer._order):
            text = self._factor_text(factor)
            candidate = f"{current} {text}".strip()
            if self.fits(candidate, room):
                current = candidate
                continue
            prefix = f"{current} " if current else ""
            if isinstance(factor, sympy.Add):
                broken = self._bracketed(prefix, factor, room)
            else:
                parts = self.lines(factor, room - width(prefix))
                if current and not self.fits(prefix + parts[0], room):
                    # A factor that cannot start on this line (a derivative, a root: it does not
                    # break) starts the next one, the product continuing there.
                    lines.append(current)
                    prefix, room = "", self.budget
                    parts = self.lines(factor, room)
                broken = self._wrap(prefix, parts, "")
            lines.extend(broken[:-1])
            current, room = broken[-1], self.budget
        return [*lines, current]

    def _factor_text(self, factor: Any) -> str:
        text = self.print(factor)
        return rf"\left({text}\right)" if isinstance(factor, sympy.Add) else text

    def _function(self, expr: Any, first: float) -> list[str]:
        (arg,) = expr.args
        name = self.printer.function_name(expr)
        if name is None:
            return [self.print(expr)]
        return self._bracketed(name, arg, first)

    def _join(self, a: list[str], b: list[str], first: float) -> list[str]:
        if len(a) == 1 and len(b) == 1 and self.fits(f"{a[0]} {b[0]}", first):
            return [f"{a[0]} {b[0]}"]
        return [*a[:-1], f"{a[-1]} {b[0]}", *b[1:]] if self.fits(f"{a[-1]} {b[0]}", self.budget) else [*a, *b]


def break_expression(expr: Any, printer: Any, budget: float, first: float | None = None) -> list[str]:
    """``expr`` printed as lines of at most ``budget`` em (``first`` for the first line)."""
    return LineBreaker(printer, budget).lines(expr, first)


def layout_rows(lhs: str, lines: list[str], relation: str = "=", notag: bool = False) -> str:
    r"""Rows for ``split``/``align``: ``lhs &= line`` then ``&\quad {} line`` for each continuation.

    ``notag`` (for ``align``) keeps the equation number off all but the last row.
    """
    rows = [f"{lhs} &{relation} {lines[0]}"] + [rf"&\quad {{}} {line}" for line in lines[1:]]
    end = " \\notag \\\\\n" if notag else " \\\\\n"
    return end.join(rows)
