"""SymPy functions that give numerically exact forms of removable singularities and
ill-conditioned spots.

Each function here is a SymPy ``Function`` with an entry in every numeric printer's
table (see :mod:`derive.printing.python`), so generated code keeps being printed from
expressions rather than patched by hand. :func:`to_elementary` rewrites them into
``exp`` and ``log`` so the checker can verify any equation that uses them.

* :class:`exprel` — (eˣ − 1)/x, finite at x = 0 (the GHK current at V = 0);
* :class:`logratio` — ln(a/b) with a cancellation-free a − b, exact for a = b and
  accurate for a ≈ b (Nernst potentials of nearly equal concentrations);
* :class:`ghkflux` — u(a − b e⁻ᵘ)/(1 − e⁻ᵘ), the GHK flux with one exponential,
  finite at u = 0 and free of overflow for large |u|;
* :class:`sqrtadd` — √s + t with s − t² given, free of the cancellation of the
  quadratic formula's −b + √(b² + 4ac) when b > 0.
"""

from __future__ import annotations

from typing import Any

import mpmath
import sympy


class exprel(sympy.Function):
    r"""Relative error exponential, ``exprel(x) = (exp(x) - 1)/x`` with ``exprel(0) = 1``.

    It removes the 0/0 of the GHK current at V = 0: ``u/(1 - e^{-u}) = 1/exprel(-u)``.
    The NumPy printer evaluates it with ``expm1(x)/x``, accurate to a few ulp.
    """

    nargs = 1
    #: One line for docstrings of generated code.
    definition = "exprel(x) = (exp(x) - 1)/x, exprel(0) = 1"

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


class logratio(sympy.Function):
    r"""``logratio(a, b, d) = ln(a/b)`` for positive a, b, where ``d`` is a − b.

    ``d`` is carried as an argument so that printed code can compute a − b in a form
    free of cancellation (``P_K*(K_out - K_in) + ...`` rather than the difference of two
    sums): ``ln r + (d/b - (r - 1))/max(r, 1)`` with ``r = a/b`` (the log of the rounded
    quotient plus the correction for its rounding) then keeps full relative accuracy however
    close a/b is to 1, and a = b gives exactly 0. Mathematically d is redundant: the rewrite to ``log`` drops
    it, and :func:`derive.printing.forms.numeric_form` checks d = a − b when it builds
    one.
    """

    nargs = 3
    #: One line for docstrings of generated code.
    definition = "logratio(a, b, d) = ln(a/b), d = a - b, computed as ln(r)+(d/b-(r-1))/max(r,1), r = a/b"

    @classmethod
    def eval(cls, a: Any, b: Any, d: Any) -> Any:
        if a == b or d.is_zero:
            return sympy.Integer(0)
        return None

    def _eval_rewrite_as_log(self, a: Any, b: Any, d: Any, **kwargs: Any) -> Any:
        return sympy.log(a / b)

    _eval_rewrite_as_exp = _eval_rewrite_as_log

    def _eval_is_real(self) -> bool | None:
        a, b, _ = self.args
        return True if (a.is_positive and b.is_positive) else None

    def _eval_is_finite(self) -> bool | None:
        a, b, _ = self.args
        return True if (a.is_positive and b.is_positive and a.is_finite and b.is_finite) else None

    def _eval_evalf(self, prec: int) -> Any:
        a, b, _ = self.args
        return sympy.log(a / b)._eval_evalf(prec)

    def _latex(self, printer: Any) -> str:
        a, b, _ = self.args
        return rf"\ln\frac{{{printer._print(a)}}}{{{printer._print(b)}}}"


class ghkflux(sympy.Function):
    r"""``ghkflux(u, a, b) = u (a - b e^{-u})/(1 - e^{-u})`` with ``ghkflux(0, a, b) = a - b``.

    The dimensionless Goldman–Hodgkin–Katz flux (the Scharfetter–Gummel form of
    semiconductor drift–diffusion): ``a B(-u) - b B(u)`` with the Bernoulli function
    ``B(x) = x/(e^x - 1) = 1/exprel(x)``. Since ``B(-x) = B(x) + x``, it equals
    ``(a - b) B(|u|) + a u`` for u ≥ 0 and ``(a - b) B(|u|) + b u`` for u < 0: one
    exponential, of ``|u|``, so it is finite at u = 0, never overflows where the result
    is finite, and no term exceeds the scale of the result's terms (no cancellation
    beyond that of a - b itself).
    """

    nargs = 3
    #: One line for docstrings of generated code.
    definition = "ghkflux(u, a, b) = u*(a - b*exp(-u))/(1 - exp(-u)), ghkflux(0, a, b) = a - b"

    @classmethod
    def eval(cls, u: Any, a: Any, b: Any) -> Any:
        if u.is_zero:
            return a - b
        return None

    def _eval_rewrite_as_exp(self, u: Any, a: Any, b: Any, **kwargs: Any) -> Any:
        return u * (a - b * sympy.exp(-u)) / (1 - sympy.exp(-u))

    def _eval_rewrite_as_exprel(self, u: Any, a: Any, b: Any, **kwargs: Any) -> Any:
        return a / exprel(-u) - b / exprel(u)

    def _eval_is_real(self) -> bool | None:
        return True if all(x.is_extended_real for x in self.args) else None

    def _eval_evalf(self, prec: int) -> Any:
        u, a, b = (x._eval_evalf(prec) for x in self.args)
        if u is None or a is None or b is None or not all(v.is_Float or v.is_Integer for v in (u, a, b)):
            return None
        with mpmath.workprec(prec + 20):  # expm1: full precision however small u is
            x, p, q = (mpmath.mpf(v._to_mpmath(prec + 20)) for v in (u, a, b))
            value = p - q if x == 0 else x * (p - q * mpmath.exp(-x)) / -mpmath.expm1(-x)
        return sympy.Float(value, precision=prec)

    def _latex(self, printer: Any) -> str:
        args = ", ".join(printer._print(x) for x in self.args)
        return rf"\operatorname{{ghkflux}}\left({args}\right)"


class sqrtadd(sympy.Function):
    r"""``sqrtadd(s, t, p) = sqrt(s) + t`` where ``p = s - t**2`` (so that p ≥ 0 means the sum is ≥ 0).

    Where t < 0 the sum cancels, as in the quadratic formula's ``-b + sqrt(b**2 + 4ac)``
    for b > 0; it is then evaluated as ``p/(sqrt(s) - t)``, with p (``4ac``) given in a
    form that computes without cancellation. Like :class:`logratio`, p is redundant
    mathematically: the rewrite to ``sqrt`` drops it, and
    :func:`derive.printing.forms.numeric_form` checks p = s - t² when it builds one.
    """

    nargs = 3
    #: One line for docstrings of generated code.
    definition = "sqrtadd(s, t, p) = sqrt(s) + t, p = s - t**2: p/(sqrt(s) - t) for t < 0"

    def _eval_rewrite_as_sqrt(self, s: Any, t: Any, p: Any, **kwargs: Any) -> Any:
        return sympy.sqrt(s) + t

    _eval_rewrite_as_exp = _eval_rewrite_as_sqrt

    def _eval_is_positive(self) -> bool | None:
        return True if self.args[2].is_positive else None

    def _eval_is_nonnegative(self) -> bool | None:
        return True if self.args[2].is_nonnegative else None

    def _eval_is_real(self) -> bool | None:
        s, t, _ = self.args
        return True if (s.is_nonnegative and t.is_real) else None

    def _eval_evalf(self, prec: int) -> Any:
        s, t, _ = self.args
        return (sympy.sqrt(s) + t)._eval_evalf(prec)

    def _latex(self, printer: Any) -> str:
        s, t, _ = self.args
        return rf"\left(\sqrt{{{printer._print(s)}}} + {printer._print(t)}\right)"


#: Functions that the checker rewrites into elementary form before simplifying.
REWRITABLE = (exprel, logratio, ghkflux, sqrtadd)


def to_elementary(expr: Any) -> Any:
    """Rewrite every function of :data:`REWRITABLE` in terms of ``exp``."""
    return expr.replace(lambda e: isinstance(e, REWRITABLE), lambda e: e.rewrite(sympy.exp))
