"""Python source printed from SymPy expressions: array kernels and point-wise kernels.

Two printers, one table each of derive's own functions (see :mod:`derive.functions`):

* :class:`ArrayAPIPrinter` writes array code against a namespace ``xp`` (numpy, or
  any array-API library): ``xp.exp(...)``, and the runtime helpers of
  :mod:`derive.printing.numpy_runtime`, which take ``xp`` first;
* :class:`PointwisePrinter` writes scalar code with :mod:`math` and the helpers of
  :mod:`derive.printing.numba_runtime`, for numba to compile.

Symbols print as their registry names, which are the generated functions' parameter
names. Numbers that are not rationals (ln 10, π) print as one float literal, exact to
0.5 ulp, so no namespace is asked to take the logarithm of a Python int.
"""

from __future__ import annotations

import ast
import re
import textwrap
import unicodedata
import inspect
from collections.abc import Callable, Iterable
from types import ModuleType
from typing import Any, ClassVar

import sympy
from sympy.printing.numpy import NumPyPrinter
from sympy.printing.pycode import PythonCodePrinter
from sympy.printing.str import StrPrinter

from sympy.physics import units as u

from ..symbols import SYMBOLS
from . import numba_runtime, numpy_runtime


def _is_constant(factor: Any) -> bool:
    """A number or a physical constant (F, R), or a power of one."""
    base = factor.base if isinstance(factor, sympy.Pow) and factor.exp.is_number else factor
    if base.is_number:
        return True
    spec = SYMBOLS.get(base.name) if isinstance(base, sympy.Symbol) else None
    return spec is not None and spec.constant


#: Units of the quantities that vary point by point in a typical array call (potentials,
#: concentrations and their gradients, times); charges, permeabilities, conductances and
#: temperature are usually one value per call.
_VARYING_UNITS = (u.volt, u.mol / u.m**3, u.mol / u.m**4, u.second)


def _is_light(factor: Any) -> bool:
    """A factor of no elementary or derive function and no quantity that usually varies
    point by point: in a typical call a Python float, cheap to multiply first."""
    if factor.is_number:
        return True
    if factor.has(sympy.Function):
        return False
    for s in factor.free_symbols:
        spec = SYMBOLS.get(s.name)
        if spec is not None and spec.unit in _VARYING_UNITS:
            return False
    return True


class _DerivePrinting:
    """What both printers share: the table of derive functions and float literals."""

    #: SymPy function name → runtime helper (whose source is copied into generated modules).
    derive_functions: ClassVar[dict[str, Callable[..., Any]]] = {}
    #: Arguments printed before the function's own (the namespace, for array helpers).
    helper_prefix: ClassVar[tuple[str, ...]] = ()

    used_helpers: set[str]

    def _print(self, expr: Any, **kwargs: Any) -> str:
        if isinstance(expr, sympy.Basic) and expr.is_number and not expr.is_Rational:
            value = complex(expr)
            if value.imag != 0:
                raise ValueError(f"cannot print the complex number {expr} as a float")
            return repr(value.real)
        return super()._print(expr, **kwargs)  # type: ignore[misc]

    def _as_ordered_terms(self, expr: Any, order: Any = None) -> list[Any]:
        # -a + b prints as b - a: one operation, not a negation and an addition (the same
        # bits: only the first two terms trade places, so the additions associate as before).
        terms = list(super()._as_ordered_terms(expr, order=order))  # type: ignore[misc]
        if len(terms) >= 2 and terms[0].could_extract_minus_sign() and not terms[1].could_extract_minus_sign():
            terms[0], terms[1] = terms[1], terms[0]
        return terms

    def _print_grouped(self, expr: Any) -> str | None:
        """A product with its light factors (:func:`_is_light`) multiplied first, in parentheses,
        when it also has heavy ones: R*T*logratio(...)/(F*z) prints as ((R/F)*(T/z))*logratio(...),
        one array operation in a typical call instead of three. None when there is nothing to group.

        Every printer of the numeric modules groups alike, so the scalar fast path performs the
        array kernel's operations in the same order (the same bits)."""
        light = [a for a in expr.args if _is_light(a)]
        heavy = [a for a in expr.args if not _is_light(a)]
        if not heavy or len(light) < 2 or all(_is_constant(a) for a in light):
            return None
        mul = sympy.printing.precedence.PRECEDENCE["Mul"]
        return f"({self._print(sympy.Mul(*light))})*{self.parenthesize(sympy.Mul(*heavy), mul)}"

    def _print_Mul(self, expr: Any) -> str:
        grouped = self._print_grouped(expr)
        if grouped is not None:
            return grouped
        # Constants first, in parentheses: R*T*x/(F*z) prints as (R/F)*T*x/z, so the
        # constant factors multiply as Python floats, once, not as arrays.
        constant = [a for a in expr.args if _is_constant(a)]
        if len(constant) >= 2 and len(constant) < len(expr.args):
            rest = sympy.Mul(*[a for a in expr.args if not _is_constant(a)])
            mul = sympy.printing.precedence.PRECEDENCE["Mul"]
            return f"({self._print(sympy.Mul(*constant))})*{self.parenthesize(rest, mul)}"
        return super()._print_Mul(expr)  # type: ignore[misc]

    def _print_Function(self, expr: Any) -> str:
        helper = self.derive_functions.get(type(expr).__name__)
        if helper is not None:
            self.used_helpers.add(type(expr).__name__)
            args = ", ".join([*self.helper_prefix, *(self._print(a) for a in expr.args)])
            return f"{helper.__name__}({args})"
        return super()._print_Function(expr)  # type: ignore[misc]

    def _print_exprel(self, expr: Any) -> str:
        return self._print_Function(expr)

    def _print_logratio(self, expr: Any) -> str:
        return self._print_Function(expr)

    def _print_ghkflux(self, expr: Any) -> str:
        return self._print_Function(expr)

    def _print_sqrtadd(self, expr: Any) -> str:
        return self._print_Function(expr)


#: numpy names that the array API spells differently.
_ARRAY_API_NAMES = {
    "arccos": "acos",
    "arccosh": "acosh",
    "arcsin": "asin",
    "arcsinh": "asinh",
    "arctan": "atan",
    "arctan2": "atan2",
    "arctanh": "atanh",
    "ceil": "ceil",
}


class ArrayAPIPrinter(_DerivePrinting, NumPyPrinter):
    """SymPy's NumPy printer writing ``xp.`` (the array namespace) and derive's helpers."""

    derive_functions: ClassVar[dict[str, Callable[..., Any]]] = {
        "exprel": numpy_runtime._exprel,
        "logratio": numpy_runtime._logratio,
        "ghkflux": numpy_runtime._ghkflux,
        "sqrtadd": numpy_runtime._sqrtadd,
    }
    helper_prefix = ("xp",)

    def __init__(self, settings: dict[str, Any] | None = None) -> None:
        super().__init__({"fully_qualified_modules": False, **(settings or {})})
        self.used_helpers = set()

    def _module_format(self, fqn: str, register: bool = True) -> str:
        if fqn.startswith("numpy."):
            name = fqn[len("numpy.") :]
            return "xp." + _ARRAY_API_NAMES.get(name, name)
        return super()._module_format(fqn, register)

    def _print_Pow(self, expr: Any, rational: bool = False) -> str:
        # Arrays here are float64: 1/x and x**2 as Python writes them (NumPyPrinter
        # prints x**(-1.0), for integer arrays, which costs a pow per element).
        if expr.exp == sympy.Rational(1, 2) and expr.free_symbols and all(_is_constant(s) for s in expr.free_symbols):
            # A root of constants (√c°) is a Python float: strict array libraries refuse floats in xp.sqrt.
            return f"math.sqrt({self._print(expr.base)})"
        return self._hprint_Pow(expr, rational=rational, sqrt="numpy.sqrt")

    def _print_minmax(self, expr: Any, name: str) -> str:
        args = [self._print(a) for a in expr.args]
        out = args[0]
        for a in args[1:]:
            out = f"xp.{name}({out}, {a})"
        return out

    def _print_Max(self, expr: Any) -> str:
        return self._print_minmax(expr, "maximum")

    def _print_Min(self, expr: Any) -> str:
        return self._print_minmax(expr, "minimum")

    def _print_Piecewise(self, expr: Any) -> str:
        if expr.args[-1].cond != sympy.true:
            raise ValueError("a Piecewise needs a last branch that holds everywhere (cond True)")
        out = self._print(expr.args[-1].expr)
        for branch in reversed(expr.args[:-1]):
            out = f"xp.where({self._print(branch.cond)}, {self._print(branch.expr)}, {out})"
        return out


class PointwisePrinter(_DerivePrinting, PythonCodePrinter):
    """SymPy's Python printer (``math.sqrt``) with derive's point-wise helpers, for numba.

    exp, log and asinh print as the runtime's own :func:`~derive.printing.numba_runtime._exp`,
    ``_log`` and ``_asinh``, which numba can vectorise, rather than ``math.exp`` (a libm call).
    """

    derive_functions: ClassVar[dict[str, Callable[..., Any]]] = {
        "exprel": numba_runtime._exprel,
        "logratio": numba_runtime._logratio,
        "ghkflux": numba_runtime._ghkflux,
        "sqrtadd": numba_runtime._sqrtadd,
        "exp": numba_runtime._exp,
        "log": numba_runtime._log,
        "asinh": numba_runtime._asinh,
    }

    def __init__(self, settings: dict[str, Any] | None = None) -> None:
        super().__init__(settings)
        self.used_helpers = set()

    def _print_runtime_function(self, expr: Any) -> str:
        """An elementary function of the table above: the runtime's own, not SymPy's ``math.*``."""
        return self._print_Function(expr)

    _print_exp = _print_log = _print_asinh = _print_runtime_function


class ScalarPrinter(_DerivePrinting, PythonCodePrinter):
    """Python code for one point with :mod:`math`: the numpy module's fast path for Python floats.

    derive's functions print inline, as the same operations in the same order as the
    array helpers of :mod:`derive.printing.numpy_runtime` (``np.where`` becomes a
    conditional expression), so that a scalar call gives the array path's result to the
    last bit wherever numpy's elementary functions are the C library's. Their arguments
    go into temporaries first, statements that :func:`function_body` writes before the
    line that uses them (``prelude``).
    """

    def __init__(self, settings: dict[str, Any] | None = None, constants: str | None = None) -> None:
        super().__init__(settings)
        self.used_helpers = set()
        self.prelude: list[str] = []
        self._count = 0
        #: With a stem (``_nernst_potential_k``): products of constants become module-level
        #: names (printed text -> name), computed once at import instead of on every call;
        #: the same floats, so results stay bit-identical to the array path's.
        self.constant_stem = constants
        self.constants: dict[str, str] = {}

    def _print_Mul(self, expr: Any) -> str:
        grouped = self._print_grouped(expr)
        if grouped is not None:
            return grouped
        constant = [a for a in expr.args if _is_constant(a)]
        if self.constant_stem is None or not (2 <= len(constant) < len(expr.args)):
            return super()._print_Mul(expr)
        text = self._print(sympy.Mul(*constant))
        name = self.constants.setdefault(text, f"{self.constant_stem}{len(self.constants)}")
        rest = sympy.Mul(*[a for a in expr.args if not _is_constant(a)])
        return f"{name}*{self.parenthesize(rest, sympy.printing.precedence.PRECEDENCE['Mul'])}"

    def _temporary(self, expr: Any, stem: str) -> str:
        """A name for the printed ``expr``: itself if it is a name, else a new temporary assigned in the prelude."""
        text = self._print(expr)
        if text.isidentifier():
            return text
        self._count += 1
        name = f"_{stem}{self._count}"
        self.prelude.append(f"{name} = {text}")
        return name

    def _assign(self, stem: str, text: str) -> str:
        self._count += 1
        name = f"_{stem}{self._count}"
        self.prelude.append(f"{name} = {text}")
        return name

    def _print_exprel(self, expr: Any) -> str:
        x = self._temporary(expr.args[0], "e")
        return f"(1.0 if {x} == 0.0 else math.expm1({x})/{x})"

    def _print_logratio(self, expr: Any) -> str:
        # The array helper's (c - (r - 1))/max(r, 1), with the division left out where r <= 1:
        # dividing by 1.0 is exact, so the bits are the same, one operation fewer.
        a, b, d = (self._temporary(arg, stem) for arg, stem in zip(expr.args, ("a", "b", "d"), strict=True))
        r = self._assign("q", f"{a}/{b}")
        c = self._assign("c", f"{d}/{b} - ({r} - 1.0)")
        return f"(math.log({r}) + ({c}/{r} if {r} > 1.0 else {c}))"

    def _print_ghkflux(self, expr: Any) -> str:
        u, a, b = (self._temporary(arg, stem) for arg, stem in zip(expr.args, ("g", "a", "b"), strict=True))
        w = self._assign("w", f"abs({u})")
        w = self._assign("w", f"{w} if {w} > 1e-300 else 1e-300")
        return f"(({a} - {b})*({w}/math.expm1({w} if {w} < 700.0 else 700.0)) + ({a} if {u} >= 0.0 else {b})*{u})"

    def _print_sqrtadd(self, expr: Any) -> str:
        s, t, p = (self._temporary(arg, stem) for arg, stem in zip(expr.args, ("s", "t", "p"), strict=True))
        r = self._assign("r", f"math.sqrt({s})")
        return f"({r} + {t} if {t} >= 0.0 else {p}/({r} + abs({t})))"

    def _print_Pow(self, expr: Any, rational: bool = False) -> str:
        # A power that is not whole (T**(3/2)) as math.pow: the same C pow, so the same bits, but
        # a negative base raises ValueError (the array path then gives nan) where ** gives a
        # complex number, which the fast path of validate=False would return.
        if expr.exp.is_number and not expr.exp.is_integer and abs(expr.exp) != sympy.S.Half:
            return f"math.pow({self._print(expr.base)}, {self._print(expr.exp)})"
        return super()._print_Pow(expr, rational=rational)

    def _print_Max(self, expr: Any) -> str:
        raise ValueError("Max has no scalar form that matches numpy.maximum bit for bit yet")

    _print_Min = _print_Max

    def _print_Piecewise(self, expr: Any) -> str:
        raise ValueError("Piecewise has no scalar fast path yet")


class ExactPrinter(_DerivePrinting, PythonCodePrinter):
    """Python code for one point in decimal arithmetic: the exact kernels of the numeric modules.

    Arguments are :class:`decimal.Decimal`; derive's functions and exp, log, sqrt and asinh
    print as the decimal helpers of :mod:`derive.printing.numpy_runtime` (``_x...``);
    numbers that are not integers as decimals of 40 digits.
    """

    derive_functions: ClassVar[dict[str, Callable[..., Any]]] = {
        "exprel": numpy_runtime._xexprel,
        "logratio": numpy_runtime._xlogratio,
        "ghkflux": numpy_runtime._xghkflux,
        "sqrtadd": numpy_runtime._xsqrtadd,
        "exp": numpy_runtime._xexp,
        "log": numpy_runtime._xlog,
        "asinh": numpy_runtime._xasinh,
        "sqrt": numpy_runtime._xsqrt,
    }

    def __init__(self, settings: dict[str, Any] | None = None) -> None:
        super().__init__(settings)
        self.used_helpers = set()

    def _print(self, expr: Any, **kwargs: Any) -> str:
        if isinstance(expr, sympy.Basic) and expr.is_number and not expr.is_Integer:
            if expr.is_Rational:
                return f"(_D({expr.p})/_D({expr.q}))"
            value = sympy.N(expr, 40)
            if not value.is_real:
                raise ValueError(f"cannot print the complex number {expr} as a decimal")
            return f"_D('{value}')"
        return super()._print(expr, **kwargs)

    def _print_runtime_function(self, expr: Any) -> str:
        """An elementary function of the table above: the runtime's own, not SymPy's ``math.*``."""
        return self._print_Function(expr)

    _print_exp = _print_log = _print_asinh = _print_runtime_function

    def _print_Pow(self, expr: Any, rational: bool = False) -> str:
        base, exponent = expr.args
        if exponent == sympy.Rational(1, 2):
            self.used_helpers.add("sqrt")
            return f"_xsqrt({self._print(base)})"
        if exponent == -sympy.Rational(1, 2):
            self.used_helpers.add("sqrt")
            return f"(1/_xsqrt({self._print(base)}))"
        return super()._print_Pow(expr, rational=rational)


def runtime_source(module: ModuleType, names: Iterable[str]) -> list[str]:
    """Source of top-level definitions of ``module`` (functions, classes, constants), in file order.

    A definition comes with the ``#`` comment lines right above it, so constants keep
    their ``#:`` documentation.
    """
    wanted = set(names)
    text = inspect.getsource(module)
    lines = text.splitlines()
    found: dict[str, str] = {}
    for node in ast.parse(text).body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            name = node.name
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
        else:
            continue
        if name not in wanted:
            continue
        start = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))]) - 1
        while start > 0 and lines[start - 1].lstrip().startswith("#"):
            start -= 1
        found[name] = "\n".join(lines[start : node.end_lineno]) + "\n"
    missing = wanted - set(found)
    if missing:
        raise KeyError(f"{module.__name__} defines no {sorted(missing)}")
    return list(found.values())


def helper_names(printer: _DerivePrinting) -> list[str]:
    """Python names of the runtime helpers a printer used, sorted by SymPy name."""
    return [printer.derive_functions[n].__name__ for n in sorted(printer.used_helpers)]


def function_body(expr: Any, printer: Any) -> list[str]:
    """Lines of a function body computing ``expr``: shared subexpressions, then return.

    A printer with a ``prelude`` (:class:`ScalarPrinter`) gets its statements written
    before the line that needs them.
    """
    temps = sympy.numbered_symbols("_t")
    replacements, (reduced,) = sympy.cse([expr], symbols=temps, optimizations="basic")
    lines = []
    for sym, value in [*replacements, (None, reduced)]:
        text = printer.doprint(value)
        lines.extend(getattr(printer, "prelude", ()))
        if hasattr(printer, "prelude"):
            printer.prelude.clear()
        lines.append(f"return {text}" if sym is None else f"{printer.doprint(sym)} = {text}")
    return lines


class FormulaPrinter(StrPrinter):
    """Plain-text formula for docstrings: ``E = R*T*ln(c_out/c_in)/(F*z)``."""

    #: "log_name": how the natural logarithm is written (a notation's ``log``).
    _default_settings: ClassVar[dict[str, Any]] = {**StrPrinter._default_settings, "log_name": "ln"}

    def _print_Equality(self, expr: sympy.Eq) -> str:
        return f"{self._print(expr.lhs)} = {self._print(expr.rhs)}"

    def _print_log(self, expr: Any) -> str:
        # "log" would leave a reader guessing the base, unless the notation asks for it.
        return f"{self._settings['log_name']}({self._print(expr.args[0])})"


def formula_text(expr: Any, log: str = "ln") -> str:
    return FormulaPrinter({"log_name": log}).doprint(expr)


# ------------------------------------------------------------------ text in Python source


def _escape_character(ch: str) -> str:
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _unprintable(ch: str) -> bool:
    """Control, surrogate and line/paragraph-separator characters: never raw in source."""
    return unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp")


#: What reST reads as the start of a list item (or an enumerated one) at the start of a line.
_LIST_MARKER = re.compile(r"^(?:[-+*\u2022]|\d+[.)]|\(\d+\))(?:\s|$)")


def docstring_wordwrap(
    text: str,
    width: int = 79,
    break_long_words: bool = True,
    wrapstring: str | None = None,
    break_on_hyphens: bool = True,
) -> str:
    """Jinja's ``wordwrap``, except that no wrapped line starts with a list marker.

    A continuation line that would begin with ``- ``, ``+ ``, ``* `` or ``1.`` (a sign of a
    wrapped formula, ``V = φ_i - φ_o``) would be read by reST/numpydoc as a list item: the
    word before it moves down with it (``V =`` / ``φ_i - φ_o``), so lines only get shorter.
    Lines of the text that start that way themselves (real lists) are left alone.
    """
    wrapstring = "\n" if wrapstring is None else wrapstring
    out = []
    for line in text.splitlines():
        lines = textwrap.wrap(
            line,
            width=width,
            expand_tabs=False,
            replace_whitespace=False,
            break_long_words=break_long_words,
            break_on_hyphens=break_on_hyphens,
        )
        i = 1
        while i < len(lines):
            if _LIST_MARKER.match(lines[i]):
                head, _, last = lines[i - 1].rpartition(" ")
                if head.strip():
                    lines[i - 1], lines[i] = head, f"{last} {lines[i]}"
                    continue  # the moved word may itself be a marker: look again
                lines[i - 1] = f"{lines[i - 1]} {lines.pop(i)}"  # nothing to move: join the lines
                continue
            i += 1
        out.append(wrapstring.join(lines))
    return wrapstring.join(out)


def docstring_text(text: str) -> str:
    r"""``text`` safe inside a ``\"\"\"...\"\"\"`` docstring, and read back as itself.

    Backslashes are escaped (so no ``\u``/``\N`` escape can be malformed), and so is every
    double quote that could help close the string: one next to another quote, or at either
    end of the text (where the template's own quotes may stand). A lone quote inside the
    text (``method="henderson"``) stays as it is, readable in the source. Control
    characters other than the newline are escaped; every other character is written as it is.
    """
    out = []
    last = len(text) - 1
    for i, ch in enumerate(text):
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"' and (i in (0, last) or text[i - 1] == '"' or text[i + 1] == '"'):
            out.append('\\"')
        elif ch != "\n" and _unprintable(ch):
            out.append(_escape_character(ch))
        else:
            out.append(ch)
    return "".join(out)


def comment_text(text: str) -> str:
    """``text`` safe in a ``#`` comment: one line, its control characters spelled as escapes."""
    return "".join(_escape_character(ch) if _unprintable(ch) else ch for ch in text)
