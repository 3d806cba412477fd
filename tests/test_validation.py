"""Invalid input is refused loudly, naming the argument and the first bad index; validate=False skips.

The expected domain of each argument is stated here from the symbol registry's declared
assumptions (what every step of the derivation was verified under): finite always;
positive → > 0; nonnegative → >= 0; nonzero → != 0; integer → whole. Every function
of the catalogue in both numeric modules is checked, argument by argument.
"""

from __future__ import annotations

import inspect

import numpy as np
import pytest

from derive.build import render
from derive.catalogue import FUNCTIONS, NumericFunction
from derive.printing.module import print_module
from derive.symbols import SYMBOLS, V, psi_in
from references import REFERENCES


def valid_point(fn: NumericFunction) -> dict[str, float]:
    """A point inside every argument's domain: the first test point of the function's reference."""
    points = REFERENCES[fn.name].points(np.random.default_rng(0))
    return {p: float(points[p][0]) for p in fn.params}


def _function(module, fn: NumericFunction):
    f = getattr(module, fn.name, None)
    if f is None:
        pytest.skip(f"{fn.name} is not in this module")
    return f


def bad_values(name: str, fn: NumericFunction | None = None) -> list[tuple[float, str]]:
    """(value, word in the message) that the declared assumptions of ``name`` rule out: the
    symbol's, or the function's wider domain where it declares one (zero concentrations in GHK)."""
    assumptions = set(fn.assumptions(name) if fn else SYMBOLS[name].assumptions)
    out = [(np.nan, "finite"), (np.inf, "finite"), (-np.inf, "finite")]
    if "positive" in assumptions:
        out += [(0.0, "positive"), (-1.0, "positive")]
    if "nonnegative" in assumptions:
        out += [(-1.0, "nonnegative")]
    if "nonzero" in assumptions:
        out += [(0.0, "nonzero")]
    if "integer" in assumptions:
        out += [(1.5, "whole number")]
    return out


FN_IDS = [fn.name for fn in FUNCTIONS]


@pytest.mark.parametrize("fn", FUNCTIONS, ids=FN_IDS)
def test_every_argument_outside_its_domain_is_refused_by_name(numeric_module, fn):
    f = _function(numeric_module, fn)
    good = valid_point(fn)
    assert isinstance(f(**good), float)
    fn.expression()  # builds the relation, which registers its symbols
    for name in fn.params:
        for value, word in bad_values(name, fn):
            with pytest.raises(numeric_module.InvalidInputError, match=word) as info:
                f(**{**good, name: value})
            error = info.value
            assert isinstance(error, ValueError)
            assert error.argument == name and error.index is None, (fn.name, name, value)
            assert str(error).startswith(f"{name} must be"), str(error)


@pytest.mark.parametrize("fn", FUNCTIONS, ids=FN_IDS)
def test_the_first_bad_index_of_an_array_is_named(numeric_module, fn):
    f = _function(numeric_module, fn)
    good = valid_point(fn)
    name = fn.params[0]
    values = np.full((3, 4), good[name])
    values[1, 2] = np.nan
    values[2, 0] = np.nan  # later in row-major order: not the one reported
    with pytest.raises(numeric_module.InvalidInputError) as info:
        f(**{**good, name: values})
    assert info.value.index == (1, 2)
    assert f"{name}[1, 2] = nan" in str(info.value)


@pytest.mark.parametrize("fn", FUNCTIONS, ids=FN_IDS)
def test_validate_false_skips_the_checks(numeric_module, fn):
    """The checks above are what refuses the input: without them nan flows through."""
    f = _function(numeric_module, fn)
    good = valid_point(fn)
    with np.errstate(all="ignore"):
        out = f(**{**good, fn.params[0]: np.nan}, validate=False)
    assert np.isnan(out)


@pytest.mark.parametrize("fn", FUNCTIONS, ids=FN_IDS)
def test_shapes_that_do_not_broadcast_are_refused(numeric_module, fn):
    f = _function(numeric_module, fn)
    good = valid_point(fn)
    first, second = fn.params[:2]
    args = {**good, first: np.full(3, good[first]), second: np.full(4, good[second])}
    with pytest.raises(numeric_module.InvalidInputError, match="do not broadcast") as info:
        f(**args)
    assert f"{first} has shape (3,)" in str(info.value) and f"{second} has shape (4,)" in str(info.value)
    with pytest.raises(ValueError):  # still refused without validation, by numpy itself
        f(**args, validate=False)


@pytest.mark.parametrize("fn", FUNCTIONS, ids=FN_IDS)
def test_scalars_in_float_out_arrays_in_arrays_out(numeric_module, fn):
    f = _function(numeric_module, fn)
    good = valid_point(fn)
    assert type(f(**good)) is float
    assert type(f(**{k: np.float64(v) for k, v in good.items()})) is float
    first = fn.params[0]
    for array_like in ([good[first]] * 3, np.full(3, good[first])):
        out = f(**{**good, first: array_like})
        assert isinstance(out, np.ndarray) and out.shape == (3,)
        assert out[1] == f(**good)
    zero_d = f(**{**good, first: np.asarray(good[first])})
    assert isinstance(zero_d, np.ndarray) and zero_d.shape == ()


def test_the_signature_says_validate_is_keyword_only(membrane):
    for fn in FUNCTIONS:
        parameter = inspect.signature(getattr(membrane, fn.name)).parameters["validate"]
        assert parameter.kind is inspect.Parameter.KEYWORD_ONLY and parameter.default is True


class _Custom(NumericFunction):
    """A function of an arbitrary expression, to print what the catalogue does not (yet) need."""

    def expression(self):
        return self.summary_expr  # type: ignore[attr-defined]


def test_a_compound_condition_is_checked_by_value():
    """1/(V - psi_in): neither argument need be nonzero, their difference must be."""
    fn = _Custom("ratio", "nernst", "nernst", ("V", "psi_in"), "Test function.", "x", "A ratio, in {unit}.")
    object.__setattr__(fn, "summary_expr", 1 / (V - psi_in))
    code = render("membrane.py.j2", **print_module([fn]))
    namespace: dict = {}
    exec(compile(code, "<custom>", "exec"), namespace)
    ratio = namespace["ratio"]
    assert ratio(0.0, 0.5) == pytest.approx(-2.0)  # each argument may be zero
    with pytest.raises(
        namespace["InvalidInputError"], match=r"^V - psi_in must be nonzero; got \(V - psi_in\)\[1\] = 0.0$"
    ):
        ratio(np.array([1.0, 2.0]), 2.0)
    with np.errstate(divide="ignore"):
        assert np.isinf(ratio(2.0, 2.0, validate=False))


#: Inputs that are not real numbers, and what the message says of each (issue 13, item 10).
NOT_REAL = [
    (1 + 2j, "complex"),
    (np.array([1.0 + 1.0j, 2.0]), "complex128"),
    (np.ma.array([140.0, 150.0], mask=[False, True]), "masked array"),
    ("140", "str"),
    ("abc", "str"),
    ({"c": 1.0}, "dict"),
    (10**400, "integer beyond the range of a float"),
    (None, "NoneType"),
    ([1.0, "a"], "array of <U"),
    ([[1.0, 2.0], [3.0]], "list"),
]


@pytest.mark.parametrize("value,word", NOT_REAL, ids=[repr(v)[:24] for v, _ in NOT_REAL])
@pytest.mark.parametrize("validate", [True, False])
def test_what_is_not_a_real_number_is_refused_by_name(numeric_module, value, word, validate):
    for position, name in enumerate(("c_in", "c_out")):
        args = [140.0, 5.0, 1]
        args[position] = value
        with pytest.raises(numeric_module.InvalidInputError, match="real number") as info:
            numeric_module.nernst_potential(*args, validate=validate)
        assert info.value.argument == name
        assert str(info.value).startswith(f"{name} must be a real number") and word in str(info.value)


def test_integers_and_numpy_scalars_are_real(numeric_module):
    want = numeric_module.nernst_potential(140.0, 5.0, 1.0)
    for args in ((140, 5, 1), (np.float32(140.0), np.int64(5), True), ([140.0], 5.0, 1)):
        got = numeric_module.nernst_potential(*args)
        assert np.all(np.asarray(got) == want) or np.allclose(got, want, rtol=1e-7)


def test_the_first_bad_index_of_a_large_array_is_named(numeric_module):
    """Checks run block by block inside the kernel; the slow path still finds the first bad point."""
    n = 5 * 16384 + 123
    c_out = np.full(n, 5.0)
    c_out[3 * 16384 + 7] = -1.0
    c_out[4 * 16384] = np.nan
    with pytest.raises(numeric_module.InvalidInputError, match=r"c_out\[49159\] = -1.0") as info:
        numeric_module.nernst_potential(np.full(n, 140.0), c_out, 1)
    assert info.value.index == (3 * 16384 + 7,)
    grid = c_out.reshape(-1, 1) * np.ones((1, 3))
    with pytest.raises(numeric_module.InvalidInputError) as info:
        numeric_module.nernst_potential(140.0, grid, 1)
    assert info.value.index == (3 * 16384 + 7, 0)


def test_compound_checks_proved_from_their_terms():
    """A sum of products of positive or nonnegative arguments (degree <= 3, coefficients in
    [1, 1e6]) is positive where one term's nonnegative arguments are > 0; anything else is
    computed and checked by value (None)."""
    import sympy

    from derive.printing.domain import Check
    from derive.printing.module import implied_by_parameters

    P, Q, a, b, v = sympy.symbols("P Q a b v")
    params = ("P", "Q", "a", "b", "v")
    conditions = {"P": ("nonnegative",), "Q": ("nonnegative",), "a": ("positive",), "b": ("nonnegative",), "v": ()}
    assert implied_by_parameters(Check(P * a + 4 * Q * b, ("positive",)), params, conditions) == ((0,), (1, 3))
    assert implied_by_parameters(Check(P + Q, ("nonzero",)), params, conditions) == ((0,), (1,))
    for expr in (P * a - Q * b, P * a + v, sympy.log(a) + P, P * a**3 + Q, P * a / 1000 + Q, P * a + 10**7 * Q):
        assert implied_by_parameters(Check(expr, ("positive",)), params, conditions) is None, expr


def test_a_compound_proved_from_its_terms_is_still_checked_where_they_vanish():
    """exp(-1/(P_K*K_out + P_Na*Na_out)) stays finite (0) where the sum is 0: only the compound
    check can refuse it. Blocks prove the sum positive from P_K > 0 or P_Na > 0; with both 0
    they must compute and refuse it (a proof that skipped this would return zeros)."""
    import sympy

    P_K, P_Na, K_out, Na_out = (SYMBOLS[n].symbol for n in ("P_K", "P_Na", "K_out", "Na_out"))
    fn = _Custom("gate", "nernst", "nernst", ("P_K", "P_Na", "K_out", "Na_out"), "Test function.", "x", "A gate, in {unit}.")
    object.__setattr__(fn, "summary_expr", sympy.exp(-1 / (P_K * K_out + P_Na * Na_out)))
    namespace: dict = {}
    exec(compile(render("membrane.py.j2", **print_module([fn])), "<custom>", "exec"), namespace)
    gate, n = namespace["gate"], 3 * 16384 + 5
    K_out = np.full(n, 5.0)
    assert np.all(gate(1.0, 0.0, K_out, 145.0) == np.exp(-1 / (5.0 * np.ones(n))))
    assert np.isfinite(gate(0.0, 1.0, K_out, 145.0)).all()
    with pytest.raises(namespace["InvalidInputError"], match=r"^K_out\*P_K \+ Na_out\*P_Na must be nonzero") as info:
        gate(0.0, 0.0, K_out, 145.0)
    assert info.value.index == (0,)
    assert gate(0.0, 0.0, K_out, 145.0, validate=False)[0] == 0.0


def test_a_compound_is_proved_from_the_minimum_of_its_own_argument():
    """Blocks reuse the minima their argument checks found to prove a compound from its terms:
    each term must read its own argument's minimum. Here P_K has a 0 in one block, P_Na is 0
    everywhere and the concentrations (arrays too) are not: neither term P_K*K_out nor
    P_Na*Na_out proves the sum where P_K is 0 (a proof that read another argument's minimum
    there would return exp(-inf) = 0 instead of refusing)."""
    import sympy

    P_K, P_Na, K_out, Na_out = (SYMBOLS[n].symbol for n in ("P_K", "P_Na", "K_out", "Na_out"))
    params = ("P_K", "P_Na", "K_out", "Na_out")
    fn = _Custom("gate", "nernst", "nernst", params, "Test function.", "x", "A gate, in {unit}.")
    object.__setattr__(fn, "summary_expr", sympy.exp(-1 / (P_K * K_out + P_Na * Na_out)))
    namespace: dict = {}
    exec(compile(render("membrane.py.j2", **print_module([fn])), "<custom>", "exec"), namespace)
    gate, n = namespace["gate"], 3 * 16384 + 5
    P_K, K_out, Na_out = np.full(n, 1.0), np.full(n, 5.0), np.full(n, 145.0)
    P_K[2 * 16384 + 3] = 0.0
    assert np.all(gate(P_K, np.full(n, 1.0), K_out, Na_out) > 0.0)  # Na_out*P_Na > 0 everywhere: valid
    with pytest.raises(namespace["InvalidInputError"], match=r"^K_out\*P_K \+ Na_out\*P_Na must be nonzero") as info:
        gate(P_K, np.zeros(n), K_out, Na_out)
    assert info.value.index == (2 * 16384 + 3,)


def test_a_compound_that_fails_inside_a_large_array_is_found(numeric_module):
    """ghk_voltage's sums of P*c are proved positive per block from their terms; where every
    term is zero at one point (K_out = 0 there, the other permeabilities 0) the check still fails."""
    n = 5 * 16384 + 123
    K_out = np.full(n, 5.0)
    K_out[3 * 16384 + 7] = 0.0
    args = dict(P_K=1.0, P_Na=0.0, P_Cl=0.0, K_in=140.0, K_out=K_out, Na_in=10.0, Na_out=145.0, Cl_in=10.0, Cl_out=110.0)
    with pytest.raises(numeric_module.InvalidInputError, match=r"must be positive") as info:
        numeric_module.ghk_voltage(**args)
    assert info.value.index == (3 * 16384 + 7,)
    args["P_Na"] = 0.05  # Na_out*P_Na > 0 everywhere: the same point is valid
    assert np.isfinite(numeric_module.ghk_voltage(**args)).all()
