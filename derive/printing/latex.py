r"""LaTeX in textbook form.

Differences from SymPy's own :class:`~sympy.printing.latex.LatexPrinter`:

* symbols print from the registry (``[\mathrm{K}^{+}]_{\mathrm{i}}``, ``E_{\mathrm{K}}``);
* products print constants first in the registry's order, then a fraction of the
  "compound" factors: ``\frac{RT}{zF} \ln\frac{c_o}{c_i}`` rather than one big fraction;
* ``\ln``; exponents fold to ``e^{-zFV/RT}``; derivatives as ``\frac{\mathrm{d}c}{\mathrm{d}x}``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import sympy
from sympy.core.function import AppliedUndef
from sympy.physics import units as _units
from sympy.printing.latex import LatexPrinter

from ..notation import DEFAULT, Notation
from ..symbols import SYMBOLS, SymbolSpec

_VOLT = _units.volt


class DeriveLatexPrinter(LatexPrinter):
    """LaTeX printer with the registry's notation and textbook layout."""

    printmethod = "_latex"  # keep SymPy objects' own forms (oo prints \infty)
    _default_settings: ClassVar[dict[str, Any]] = {
        **LatexPrinter._default_settings,
        "inline_fractions": False,  # set inside exponents: a/b instead of \frac
        "extra_symbols": None,  # derivation-local specs, name -> SymbolSpec
        "notation": None,  # a derive.notation.Notation; None is the default notation
    }

    # -- registry lookups -------------------------------------------------------------
    @property
    def notation(self) -> Notation:
        return self._settings["notation"] or DEFAULT

    def _symbol_latex(self, name: str) -> str | None:
        """The symbol's LaTeX in the printer's notation; None if it is not registered."""
        spec = self._spec(name)
        return None if spec is None else self.notation.symbol_latex(name, spec.latex)

    def _spec(self, name: str) -> SymbolSpec | None:
        extra: Mapping[str, SymbolSpec] = self._settings["extra_symbols"] or {}
        if name in extra:
            return extra[name]
        return SYMBOLS.get(name)

    def _order(self, factor: Any) -> tuple[int, int, str]:
        """Sort key for factors of a product: numbers, symbols by registry rank, compounds."""
        base = factor.base if isinstance(factor, sympy.Pow) else factor
        if isinstance(base, sympy.Symbol):
            spec = self._spec(base.name)
            return (0, spec.order if spec else 50, base.name)
        if isinstance(base, sympy.Add):
            return (1, 0, "")
        if isinstance(base, AppliedUndef):
            spec = self._spec(base.func.__name__)
            return (2, spec.order if spec else 50, base.func.__name__)
        if isinstance(base, sympy.Derivative):
            return (3, 0, "")
        if isinstance(base, sympy.exp):
            return (4, 0, "")
        return (5, 0, type(base).__name__)

    # -- atoms ------------------------------------------------------------------------
    def _print_Symbol(self, expr: sympy.Symbol, style: str = "plain") -> str:
        printed = self._symbol_latex(expr.name)
        if printed is not None:
            return printed
        return super()._print_Symbol(expr, style=style)

    def _print_AppliedUndef(self, expr: Any, exp: str | None = None) -> str:
        name = self._symbol_latex(expr.func.__name__) or expr.func.__name__
        args = ", ".join(self._print(a) for a in expr.args)
        out = f"{name}({args})"
        return f"{out}^{{{exp}}}" if exp else out

    def _print_Function(self, expr: Any, exp: str | None = None) -> str:
        if isinstance(expr, AppliedUndef):
            return self._print_AppliedUndef(expr, exp)
        return super()._print_Function(expr, exp)

    # -- functions --------------------------------------------------------------------
    def _print_log(self, expr: Any, exp: str | None = None) -> str:
        (arg,) = expr.args
        num, den = sympy.fraction(arg)
        ln = "\\" + self.notation.log
        if den != 1 and not self._settings["inline_fractions"]:
            body = rf"{ln}\frac{{{self._print(num)}}}{{{self._print(den)}}}"
        elif isinstance(arg, (sympy.Symbol, AppliedUndef, sympy.Integer)):
            body = rf"{ln} {self._print(arg)}"
        else:
            body = rf"{ln}\left({self._print(arg)}\right)"
        return rf"\left({body}\right)^{{{exp}}}" if exp else body

    def _inline(self, expr: Any) -> str:
        """Print with fractions folded to a/b (exponents, function arguments)."""
        saved = self._settings["inline_fractions"]
        self._settings["inline_fractions"] = True
        try:
            return self._print(expr)
        finally:
            self._settings["inline_fractions"] = saved

    #: Exponents with more symbols than this print as \\exp(...): e^{zFVx/RTL} is too small to read.
    max_exponent_symbols = 5

    def _print_exp(self, expr: Any, exp: str | None = None) -> str:
        (arg,) = expr.args
        if len(arg.free_symbols) > self.max_exponent_symbols:
            out = rf"\exp\left({self._print(arg)}\right)"
            return rf"\left({out}\right)^{{{exp}}}" if exp else out
        body = self._inline(arg)
        out = f"e^{{{body}}}"
        return rf"\left({out}\right)^{{{exp}}}" if exp else out

    def _print_exprel(self, expr: Any, exp: str | None = None) -> str:
        (arg,) = expr.args
        out = rf"\operatorname{{exprel}}\left({self._inline(arg)}\right)"
        return f"{out}^{{{exp}}}" if exp else out

    def _print_Derivative(self, expr: sympy.Derivative) -> str:
        ((var, count),) = expr.variable_count
        d = r"\mathrm{d}"
        order = f"^{{{count}}}" if count != 1 else ""
        inner = expr.expr
        if isinstance(inner, AppliedUndef) and inner.args == (var,):
            name = self._symbol_latex(inner.func.__name__) or inner.func.__name__
            return rf"\frac{{{d}{order} {name}}}{{{d} {self._print(var)}{order}}}"
        return rf"\frac{{{d}{order}}}{{{d} {self._print(var)}{order}}}\left({self._print(inner)}\right)"

    def _print_Limit(self, expr: sympy.Limit) -> str:
        e, z, z0, _dir = expr.args
        inner = self._print(e)
        if isinstance(e, sympy.Add):
            inner = rf"\left({inner}\right)"
        return rf"\lim_{{{self._print(z)} \to {self._print(z0)}}} {inner}"

    def _print_sign(self, expr: Any, exp: str | None = None) -> str:
        body = rf"\operatorname{{sgn}}\left({self._print(expr.args[0])}\right)"
        return rf"{body}^{{{exp}}}" if exp else body

    def _print_asinh(self, expr: Any, exp: str | None = None) -> str:
        body = rf"\operatorname{{arsinh}}\left({self._print(expr.args[0])}\right)"
        return rf"{body}^{{{exp}}}" if exp else body

    def _print_Subs(self, expr: sympy.Subs) -> str:
        e, old, new = expr.args
        if len(set(new)) == 1:  # P_Na = P_Cl = 0
            pairs = " = ".join([*(self._print(o) for o in old), self._print(new[0])])
        else:
            pairs = ", ".join(f"{self._print(o)} = {self._print(n)}" for o, n in zip(old, new, strict=True))
        return rf"\left.{self._print(e)}\right|_{{{pairs}}}"

    # -- products ---------------------------------------------------------------------
    def _product(self, factors: list[Any], wrap_adds: bool) -> str:
        factors = sorted(factors, key=self._order)
        out = []
        for f in factors:
            s = self._print(f)
            out.append(rf"\left({s}\right)" if wrap_adds and isinstance(f, sympy.Add) else s)
        return " ".join(out)

    def _print_Mul(self, expr: sympy.Mul) -> str:
        coeff, rest = expr.as_coeff_Mul()
        if coeff.is_negative:
            return "- " + self._print_Mul_positive(sympy.Mul(-coeff, rest))
        return self._print_Mul_positive(expr)

    def product_parts(self, expr: Any) -> tuple[list[Any], list[Any], list[Any], list[Any]]:
        """A product with a positive coefficient as (simple numerator, simple denominator,
        compound numerator, compound denominator) factors; denominators hold the bases of
        negative powers, inverted. Simple factors are numbers and symbols."""
        factors = list(expr.args) if isinstance(expr, sympy.Mul) else [expr]
        num_simple: list[Any] = []
        den_simple: list[Any] = []
        num_comp: list[Any] = []
        den_comp: list[Any] = []
        number = sympy.Integer(1)
        for f in factors:
            if f.is_Rational:
                number *= f
                continue
            base, power = (f.base, f.exp) if isinstance(f, sympy.Pow) else (f, sympy.Integer(1))
            simple = isinstance(base, (sympy.Symbol, sympy.Number))
            if power.is_number and power.is_negative:
                inv = base ** (-power)
                (den_simple if simple else den_comp).append(inv)
            else:
                (num_simple if simple else num_comp).append(f)
        p, q = sympy.fraction(number)
        if p != 1:
            num_simple.insert(0, p)
        if q != 1:
            den_simple.insert(0, q)
        return num_simple, den_simple, num_comp, den_comp

    def fraction_text(self, num: list[Any], den: list[Any]) -> str:
        """Factors printed as one fraction (or a product when ``den`` is empty)."""
        return self._fraction(num, den, self._settings["inline_fractions"])

    def function_name(self, expr: Any) -> str | None:
        """How a one-argument function is written before its parenthesised argument, if it can be."""
        if isinstance(expr, sympy.log):
            return "\\" + self.notation.log
        if isinstance(expr, sympy.exp):
            return r"\exp"
        if type(expr).__name__ == "exprel":
            return r"\operatorname{exprel}"
        return None

    def _print_Mul_positive(self, expr: Any) -> str:
        """A product with a positive coefficient, in textbook layout.

        Factors split into "simple" ones (numbers and symbols, in registry order) and
        "compound" ones (sums, functions, derivatives). When both groups have a
        numerator, the simple fraction comes first: ``\\frac{RT}{zF} \\ln ...``.
        Otherwise, and always inside exponents, the product is one fraction.
        """
        num_simple, den_simple, num_comp, den_comp = self.product_parts(expr)
        inline = self._settings["inline_fractions"]
        if inline or not (num_simple and num_comp):
            # One fraction: c/exprel(u), (c_i - c_o)/L, and every exponent.
            return self._fraction(num_simple + num_comp, den_simple + den_comp, inline)
        simple = self._fraction(num_simple, den_simple, inline)
        # Without a denominator, the compound factors share their line with the simple part.
        compound = self._fraction(num_comp, den_comp, inline, shares_line=not den_comp)
        return f"{simple} {compound}"

    def _fraction(self, num: list[Any], den: list[Any], inline: bool, shares_line: bool = False) -> str:
        """Numbers first, then factors in registry order; a \\frac unless inline.

        A sum is parenthesised when anything else stands beside it: another factor,
        the other part of the product (``shares_line``), or an inline slash.
        """

        def side(fs: list[Any], wrap: bool) -> str:
            numbers = [self._print(f) for f in fs if f.is_Number]
            rest = self._product([f for f in fs if not f.is_Number], wrap)
            return " ".join(x for x in (*numbers, rest) if x)

        if not den:
            return side(num, len(num) > 1 or shares_line) or "1"
        if inline:
            n = side(num, len(num) > 1 or isinstance(num[0], sympy.Add)) if num else "1"
            d = side(den, len(den) > 1 or isinstance(den[0], sympy.Add))
            # zFV/RT is the textbook habit for symbols; anything else gets parentheses,
            # so that 1/(2a) never reads as (1/2)a.
            if len(den) > 1 and not all(isinstance(f, (sympy.Symbol, sympy.Pow)) for f in den):
                d = rf"\left({d}\right)"
            return f"{n}/{d}"
        return rf"\frac{{{side(num, len(num) > 1) or '1'}}}{{{side(den, len(den) > 1)}}}"

    def _print_Pow(self, expr: sympy.Pow) -> str:
        if expr.exp.is_number and expr.exp.is_negative:
            return self._print_Mul_positive(expr)
        if isinstance(expr.base, (sympy.Symbol,)) and expr.exp.is_Integer:
            return f"{self._print(expr.base)}^{{{self._print(expr.exp)}}}"
        return super()._print_Pow(expr)

    # -- sums -------------------------------------------------------------------------
    def ordered_terms(self, expr: sympy.Add) -> list[tuple[bool, Any]]:
        """The terms of a sum in print order, each as (negative, term without its sign)."""
        # Textbook habit: chemical terms before electrical ones, simpler terms first,
        # and a positive term first where there is one.
        terms = sorted(expr.args, key=self._term_key)
        if terms and _is_negative(terms[0]):
            positives = [t for t in terms if not _is_negative(t)]
            if positives:
                first = positives[0]
                terms = [first] + [t for t in terms if t is not first]
        return [(True, -t) if _is_negative(t) else (False, t) for t in terms]

    def _print_Add(self, expr: sympy.Add, order: str | None = None) -> str:
        out = ""
        for i, (negative, term) in enumerate(self.ordered_terms(expr)):
            s = _wrap_add(term, self._print(term))
            if negative:
                out += ("- " if i == 0 else " - ") + s
            else:
                out += ("" if i == 0 else " + ") + s
        return out

    def _term_key(self, term: Any) -> tuple[int, int, tuple[float, ...], str]:
        names = [s.name for s in term.free_symbols]
        names += [f.func.__name__ for f in term.atoms(AppliedUndef)]
        specs = [spec for n in names if (spec := self._spec(n)) is not None]
        electrical = any(spec.unit == _VOLT for spec in specs)
        # Among equally simple terms, the print order of their symbols decides (K before Na).
        ranks = tuple(sorted(spec.order for spec in specs))
        return (int(electrical), int(sympy.count_ops(term)), ranks, sympy.srepr(term))

    def _print_Equality(self, expr: sympy.Eq) -> str:
        return f"{self._print(expr.lhs)} = {self._print(expr.rhs)}"


def _is_negative(term: Any) -> bool:
    return term.as_coeff_Mul()[0].is_negative


def _wrap_add(term: Any, s: str) -> str:
    return rf"\left({s}\right)" if isinstance(term, sympy.Add) else s


def latex(expr: Any, extra_symbols: Mapping[str, SymbolSpec] | None = None, notation: Notation | None = None) -> str:
    """Print ``expr`` (an expression or an Eq) in derive's textbook LaTeX, in ``notation``."""
    return DeriveLatexPrinter({"extra_symbols": extra_symbols, "notation": notation}).doprint(expr)


def derivation_aligned(derivation: Any, notation: Notation | None = None) -> str:
    """The derivation's equations as one ``aligned`` block, for notebooks."""
    extra = derivation.local_specs
    rows = []
    for i, step in enumerate(derivation.steps, start=1):
        eq = step.equation
        lhs, rhs = latex(eq.lhs, extra, notation), latex(eq.rhs, extra, notation)
        rows.append(f"{lhs} &= {rhs} && \\text{{({i}) {step.rule.name}}}")
    return "\\begin{aligned}\n" + " \\\\\n".join(rows) + "\n\\end{aligned}"
