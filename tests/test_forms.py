"""Numeric forms (exact rewrites chosen for accuracy) and the input checks read from them."""

from __future__ import annotations

import mpmath
import pytest
import sympy

from derive.errors import VerificationError
from derive.functions import exprel, ghkflux, logratio, to_elementary
from derive.ions import CHLORIDE, GENERIC, POTASSIUM, SODIUM
from derive.printing import forms
from derive.printing.domain import checks, structural_requirements
from derive.symbols import F, R, T, V, k, psi_in, t, z

c_in, c_out = GENERIC.c_in, GENERIC.c_out


def test_log_of_a_quotient_becomes_logratio_with_the_plain_difference():
    form = forms.numeric_form(R * T / (z * F) * sympy.log(c_out / c_in))
    (lr,) = form.atoms(logratio)
    assert lr.args == (c_out, c_in, c_out - c_in)


def test_difference_pairs_the_terms_of_each_ion():
    K, Na, Cl = POTASSIUM, SODIUM, CHLORIDE
    num = K.P * K.c_out + Na.P * Na.c_out + Cl.P * Cl.c_in
    den = K.P * K.c_in + Na.P * Na.c_in + Cl.P * Cl.c_out
    d = forms.difference(num, den)
    assert sympy.expand(d - (num - den)) == 0
    # three terms, each a permeability times a difference of two concentrations
    assert len(d.args) == 3
    for term in d.args:
        sums = [f for f in sympy.Mul.make_args(term) if isinstance(f, sympy.Add)]
        assert len(sums) == 1 and len(sums[0].args) == 2, term


def test_reciprocal_exprels_become_ghkflux():
    u = F * V * z / (R * T)
    form = forms.numeric_form(z * F * (c_in / exprel(-u) - c_out / exprel(u)))
    assert form == z * F * ghkflux(u, c_in, c_out)


def test_forms_leave_other_expressions_alone():
    expr = sympy.exp(-k * t) + t * exprel(-k * t)
    assert forms.numeric_form(expr) == expr


def test_a_wrong_rule_is_refused(monkeypatch):
    """The rewrite is verified: a rule that changes the value cannot reach generated code."""
    wrong = lambda e: e.replace(lambda n: isinstance(n, sympy.log), lambda n: sympy.log(2 * n.args[0]))
    monkeypatch.setattr(forms, "RULES", (wrong,))
    with pytest.raises(VerificationError, match="numeric form"):
        forms.numeric_form.__wrapped__(sympy.log(c_out / c_in), "broken")


@pytest.mark.parametrize("u", ["0", "1e-300", "-1e-12", "0.7", "-35", "800", "-800"])
def test_ghkflux_evaluates_its_definition(u):
    a, b = mpmath.mpf(140), mpmath.mpf(5)
    with mpmath.workdps(50):
        x = mpmath.mpf(u)
        want = a - b if x == 0 else x * (a - b * mpmath.exp(-x)) / -mpmath.expm1(-x)
        got = ghkflux(sympy.Float(u, 50), 140, 5).evalf(50)
        assert abs(mpmath.mpf(str(got)) - want) <= mpmath.mpf(10) ** -40 * max(1, abs(want))
    assert ghkflux(0, c_in, c_out) == c_in - c_out


def test_logratio_is_zero_for_equal_arguments_and_rewrites_to_log():
    assert logratio(c_in, c_in, 0) == 0
    assert to_elementary(logratio(c_out, c_in, c_out - c_in)) == sympy.log(c_out / c_in)
    assert logratio(c_out, c_in, c_out - c_in).is_real


# ---------------------------------------------------------------- input checks


def test_structure_requires_nonzero_denominators_and_positive_log_arguments():
    found = structural_requirements(sympy.log(V) / psi_in + sympy.sqrt(V))
    assert (psi_in, "nonzero") in found and (V, "positive") in found and (V, "nonnegative") in found


def test_checks_combine_declared_assumptions_with_structure():
    # V is declared real: it must be nonzero here only because it divides.
    by_name = {str(c.expr): c.conditions for c in checks(c_in / V * z, ["V", "c_in", "z"])}
    assert by_name == {"V": ("nonzero",), "c_in": ("positive",), "z": ("nonzero", "integer")}
    assert checks(V * z, ["V", "z"])[0].conditions == ()


def test_what_the_assumptions_prove_is_not_checked_again():
    K, Na = POTASSIUM, SODIUM
    expr = sympy.log((K.c_out + Na.c_out) / (K.c_in + Na.c_in))
    params = ["K_in", "K_out", "Na_in", "Na_out"]
    found = checks(forms.numeric_form(expr), params)
    assert [str(c.expr) for c in found] == params  # no compound check: sums of positive terms are positive
    # Permeabilities may be zero (an impermeant ion), so P-weighted sums are checked by value.
    expr = sympy.log((K.P * K.c_out + Na.P * Na.c_out) / (K.P * K.c_in + Na.P * Na.c_in))
    params = ["P_K", "P_Na", "K_in", "K_out", "Na_in", "Na_out"]
    found = checks(forms.numeric_form(expr), params)
    assert [str(c.expr) for c in found if c.is_parameter] == params
    compound = [c for c in found if not c.is_parameter]
    assert len(compound) == 2 and all(c.conditions == ("positive",) for c in compound)


def test_a_compound_denominator_is_checked_by_value():
    found = checks(c_in / (V - psi_in), ["V", "psi_in", "c_in"])
    compound = [c for c in found if not c.is_parameter]
    assert len(compound) == 1 and compound[0].conditions == ("nonzero",)
    assert sympy.simplify(compound[0].expr - (V - psi_in)) == 0


def test_the_quadratic_formula_becomes_sqrtadd_and_stops_cancelling():
    from derive.functions import sqrtadd
    from derive.printing.numba_runtime import _sqrtadd as pointwise
    from derive.printing.numpy_runtime import _sqrtadd
    from derive.symbols import p

    a, b, c = k, V, p  # a, c > 0 and b of either sign: the positive root of a w² + b w - c
    form = forms.numeric_form((-b + sympy.sqrt(b**2 + 4 * a * c)) / (2 * a))
    (node,) = form.atoms(sqrtadd)
    assert node.args == (b**2 + 4 * a * c, -b, 4 * a * c)
    assert node.is_positive  # so a ln of it needs no check at run time
    import numpy as np

    for bb in (1e8, 1.0, -1e8):  # b = 1e8: -b + sqrt(b² + 4) loses every digit
        with mpmath.workdps(50):
            want = (-mpmath.mpf(bb) + mpmath.sqrt(mpmath.mpf(bb) ** 2 + 4)) / 2
        got = _sqrtadd(np, np.float64(bb * bb + 4), np.float64(-bb), np.float64(4.0)) / 2
        assert abs(got - want) <= 2 * 2.0**-52 * want
        assert pointwise(bb * bb + 4, -bb, 4.0) / 2 == pytest.approx(float(want), rel=4e-16)
    textbook = (-1e8 + np.sqrt(1e16 + 4)) / 2  # true value 2e-8 (1 - 1e-16)
    assert abs(textbook - 2e-8) > 0.1 * 2e-8


def test_a_wrong_redundant_argument_is_refused(monkeypatch):
    """logratio's d and sqrtadd's p are dropped by the rewrite to elementary form; they are checked apart."""
    monkeypatch.setattr(forms, "difference", lambda a, b: a - 2 * b)
    with pytest.raises(VerificationError, match="numeric form"):
        forms.numeric_form.__wrapped__(sympy.log(c_out / c_in), "broken-d")
