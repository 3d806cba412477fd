"""Python/NumPy source printed from SymPy expressions.

:class:`DeriveNumPyPrinter` is SymPy's NumPy printer with a table of derive's own
functions: each entry names the runtime helper (from
:mod:`derive.printing.numpy_runtime`) that evaluates it. Symbols print as their
registry names, which are the generated functions' parameter names.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any, ClassVar

import sympy
from sympy.printing.numpy import NumPyPrinter
from sympy.printing.str import StrPrinter

from . import numpy_runtime


class DeriveNumPyPrinter(NumPyPrinter):
    """NumPy printer that writes ``np.`` and knows derive's functions."""

    #: SymPy function name → runtime helper (source copied into generated modules).
    derive_functions: ClassVar[dict[str, Callable[..., Any]]] = {"exprel": numpy_runtime._exprel}

    def __init__(self, settings: dict[str, Any] | None = None) -> None:
        super().__init__({"fully_qualified_modules": False, **(settings or {})})
        self.used_helpers: set[str] = set()

    def _module_format(self, fqn: str, register: bool = True) -> str:
        # numpy.exp -> np.exp: generated modules import numpy as np.
        if fqn.startswith("numpy."):
            return "np." + fqn[len("numpy.") :]
        return super()._module_format(fqn, register)

    def _print_Function(self, expr: Any) -> str:
        helper = self.derive_functions.get(type(expr).__name__)
        if helper is not None:
            self.used_helpers.add(type(expr).__name__)
            args = ", ".join(self._print(a) for a in expr.args)
            return f"{helper.__name__}({args})"
        return super()._print_Function(expr)

    def _print_exprel(self, expr: Any) -> str:
        return self._print_Function(expr)


def helper_sources(names: set[str]) -> list[str]:
    """Source code of the runtime helpers with these SymPy function names, sorted."""
    table = DeriveNumPyPrinter.derive_functions
    return [inspect.getsource(table[n]).rstrip() + "\n" for n in sorted(names)]


def function_body(expr: Any, printer: DeriveNumPyPrinter) -> list[str]:
    """Lines of a function body computing ``expr``: shared subexpressions, then return."""
    temps = sympy.numbered_symbols("_t")
    replacements, (reduced,) = sympy.cse([expr], symbols=temps, optimizations="basic")
    lines = [f"{printer.doprint(sym)} = {printer.doprint(value)}" for sym, value in replacements]
    lines.append(f"return {printer.doprint(reduced)}")
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
