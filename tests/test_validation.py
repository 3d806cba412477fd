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
