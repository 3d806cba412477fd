"""SymPy functions that give numerically exact forms of removable singularities.

Each function here is a SymPy ``Function`` with an entry in every printer's table (see
``derive.printing``), so generated code keeps being printed from expressions rather
than patched by hand.
"""

from __future__ import annotations

from typing import Any

import sympy


class exprel(sympy.Function):
    r"""Relative error exponential, ``exprel(x) = (exp(x) - 1)/x`` with ``exprel(0) = 1``.

    It removes the 0/0 of the GHK current at V = 0: ``u/(1 - e^{-u}) = 1/exprel(-u)``.
    The NumPy printer evaluates it with ``expm1(x)/x``, accurate to a few ulp.
    """

    nargs = 1

    @classmethod
    def eval(cls, arg: Any) -> Any:
        if arg.is_zero:
            return sympy.Integer(1)
        return None

    def fdiff(self, argindex: int = 1) -> Any:
        x = self.args[0]
        return (sympy.exp(x) * x - sympy.exp(x) + 1) / x**2

    def _eval_rewrite_as_exp(self, arg: Any, **kwargs: Any) -> Any:
        return (sympy.exp(arg) - 1) / arg

    def _eval_is_positive(self) -> bool | None:
        # (e^x - 1)/x > 0 for every real x (and = 1 at 0).
        return True if self.args[0].is_extended_real else None

    def _eval_is_finite(self) -> bool | None:
        return True if self.args[0].is_finite else None

    def _eval_evalf(self, prec: int) -> Any:
        x = self.args[0]._eval_evalf(prec)
        if x is None:
            return None
        if x == 0:
            return sympy.Float(1, precision=prec)
        return ((sympy.exp(x) - 1) / x)._eval_evalf(prec)


#: Functions that the checker rewrites into elementary form before simplifying.
REWRITABLE = (exprel,)


def to_elementary(expr: Any) -> Any:
    """Rewrite every function of :data:`REWRITABLE` in terms of ``exp``."""
    return expr.replace(lambda e: isinstance(e, REWRITABLE), lambda e: e.rewrite(sympy.exp))
