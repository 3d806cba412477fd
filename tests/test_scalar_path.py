"""The scalar fast paths of the generated modules (Python floats).

* validate=False takes its own branch: its results are the array path's to the last bit,
  also where math raises (the array path then decides) or the result is not finite;
* the validated branch lets a compound check assign a temporary of the body only where the
  check performs the same float operations (association kept), so its results are the
  unvalidated branch's;
* one ``_fits`` judges a single value for both modules: for a Python float (the compiled
  module's single values) it answers as for an array of that value.
"""

from __future__ import annotations

import inspect
import math
import re
import warnings
import zlib

import numpy as np
import pytest

from derive.printing import numpy_runtime
from derive.printing.module import _temporaries
from references import REFERENCES
from test_accuracy import _libm_is_numpy

#: Values at the edges of the window of exact evaluation and beyond, for validate=False.
_EDGES = [0.0, -0.0, 5e-324, 1e-101, 1e-100, 1e-8, 0.5, 1.0, 2.0, -1.0, 3.0, 1e100, 1e300, math.inf, math.nan]


def _points(name: str, n: int = 60) -> list[list[float]]:
    """Valid points of the function (its reference's sampler), then points with edge values."""
    rng = np.random.default_rng(zlib.crc32(name.encode()))
    pts = REFERENCES[name].points(rng)
    names = list(pts)
    valid = [[float(pts[k][i]) for k in names] for i in range(min(n, len(next(iter(pts.values())))))]
    edges = [[float(rng.choice(_EDGES)) if rng.random() < 0.4 else p for p in valid[i % len(valid)]] for i in range(n)]
    return valid + edges


def _bits_equal(module) -> bool:
    """Whether scalar and array results must agree to the bit (numpy's libm is the C library's here)."""
    return "compiled" in module.__name__ or _libm_is_numpy()


@pytest.mark.parametrize("name", list(REFERENCES))
def test_validate_false_gives_the_array_bits(numeric_module, name):
    """Python floats with validate=False: the array path's results at every point, nan and inf
    included (where math raises, the fast path hands the point to the array path)."""
    f = getattr(numeric_module, name)
    if not hasattr(numeric_module, f"_{name}_spec"):
        pytest.skip("not a point-wise function")
    pts = _points(name)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        arrays = f(*(np.array(column) for column in zip(*pts, strict=True)), validate=False)
        scalars = [f(*p, validate=False) for p in pts]
    assert all(type(s) is float for s in scalars)  # never complex (a negative base of a power), never numpy's
    scalars = np.array(scalars)
    if _bits_equal(numeric_module):
        np.testing.assert_array_equal(scalars, arrays)
    else:  # pragma: no cover - CPUs with numpy's own SIMD exp/log
        np.testing.assert_array_max_ulp(scalars, arrays, maxulp=2)


@pytest.mark.parametrize("name", ["ghk_voltage", "mullins_noda_potential", "ghk_voltage_with_calcium"])
def test_a_compound_check_assigns_the_temporary_it_computes(numeric_module, name):
    """The validated fast path takes the value of a compound check for the body's temporary
    of the same operations (the sums of the GHK voltage): it gives the bits of the unvalidated
    branch, which computes every temporary itself, and of the array path."""
    f = getattr(numeric_module, name)
    source = inspect.getsource(f)
    if "compiled" not in numeric_module.__name__:  # the compiled fast path calls its kernel: nothing to assign
        assert ":= " in source
    pts = _points(name)[:60]
    checked = np.array([f(*p) for p in pts])
    unchecked = np.array([f(*p, validate=False) for p in pts])
    np.testing.assert_array_equal(checked, unchecked)
    np.testing.assert_array_equal(checked, f(*(np.array(c) for c in zip(*pts, strict=True))))


def test_a_check_of_another_association_is_not_taken_for_a_temporary(membrane):
    """ghk_voltage_with_calcium's check of the outside sum adds 4 P_Ca Ca_out first, the body's
    temporary last ((x + a) + b) + c against x + ((a + b) + c)): not the same operations, so the
    check does not assign it; the inside sum is added alike and is assigned."""
    source = inspect.getsource(membrane.ghk_voltage_with_calcium)
    check = next(line for line in source.splitlines() if line.lstrip().startswith("elif "))
    assigned = re.findall(r"\((_\w+) := ", check)
    assert assigned == ["_t4"]
    assert "            _t6 = Ca_out*_t3 + _t5" in source


def test_operations_are_compared_up_to_commutation_only():
    """The canonical operations of printed text: the operands of one + or * may trade places
    (IEEE addition and multiplication commute), association is kept, temporaries expand."""
    found, operations = _temporaries(["_t0 = P_K*r", "_a1 = K_out*_t0 + Na_out*P_Na", "_r = _a1"])
    assert found[operations.canonical("(P_K*r)*K_out + Na_out*P_Na")] == "_a1"
    assert found[operations.canonical("P_Na*Na_out + K_out*(r*P_K)")] == "_a1"
    assert operations.canonical("P_K*(r*K_out) + Na_out*P_Na") not in found  # (P_K*r)*K_out, associated otherwise
    assert operations.canonical("(a + b) + c") != operations.canonical("a + (b + c)")
    assert operations.canonical("a - b") != operations.canonical("b - a")
    assert operations.canonical("a/b") != operations.canonical("b/a")
    assert operations.canonical("c + (a + b)") == operations.canonical("(b + a) + c")


# ------------------------------------------------------------------ one _fits for single values

_SPECIAL = [
    math.nan, math.inf, -math.inf, 0.0, -0.0, 5e-324, 1e-101, 1e-100, 1e-8, 0.5, 1.0, 1.5, 2.0, -2.0, 3.0,
    math.nextafter(2.0, 3.0), math.nextafter(-2.0, -3.0), -1.0, -1e-100, -1e-101, 199.99, 200.0, 310.0,
    1e100, math.nextafter(1e100, math.inf), -1e100, -1.000001e100, 1e300, 2.0**53 + 2.0,
]


def _fits_disagreements(module, fits) -> tuple[list, int]:
    """(disagreements, comparisons) of fits(float) with fits of an array of that value twice
    (the array path's minimum and maximum), for every argument of every function."""
    wrong, compared = [], 0
    for name in module.__all__:
        spec = getattr(module, f"_{name}_spec", None)
        if spec is None:
            continue
        for j, param in enumerate(spec.params):
            args = (spec.conditions[j], spec.signed[j], spec.plausible[j])
            for value in _SPECIAL:
                if fits(value, *args) != fits(np.array([value, value]), *args):
                    wrong.append((name, param, value))
                compared += 1
    return wrong, compared


def test_a_float_fits_as_an_array_of_it(membrane):
    """_fits of a Python float answers as _fits of an array of that value, for every argument's
    conditions, window and plausible range; size-1 arrays take the float's way."""
    wrong, compared = _fits_disagreements(membrane, membrane._fits)
    assert not wrong
    assert compared > 1000
    spec = membrane._ghk_current_density_spec
    for value in _SPECIAL:
        for j in range(len(spec.params)):
            args = (spec.conditions[j], spec.signed[j], spec.plausible[j])
            assert membrane._fits(value, *args) == membrane._fits(np.asarray(value), *args)


def test_the_float_comparison_can_fail(membrane):
    """A _fits whose single values forget that tiny nonnegative values are outside the window
    disagrees with its own array path: the comparison above sees it."""
    source = inspect.getsource(numpy_runtime._fits).replace("else lo == 0.0", "else lo >= 0.0")
    assert "lo >= 0.0" in source
    namespace = dict(vars(numpy_runtime))
    exec(source, namespace)  # noqa: S102 - derive's own source, altered on purpose
    wrong, _ = _fits_disagreements(membrane, namespace["_fits"])
    assert ("ghk_current_density", "c_in", 1e-101) in wrong


def test_both_modules_judge_single_values_with_one_fits(membrane, membrane_compiled):
    """The compiled module checks its single values with the numpy module's _fits (no copy of
    its own), and a Python float is judged without becoming an array."""
    assert not hasattr(membrane_compiled, "_fixed_fits")
    assert inspect.getsource(membrane_compiled._fits) == inspect.getsource(membrane._fits)
    assert "_fits(c, conditions, signed, plausible)" in inspect.getsource(membrane_compiled._run_compiled)


def test_validate_false_hands_a_point_where_math_raises_to_the_array_path(numeric_module):
    """Zero conductances (0/0) and a zero inside concentration (log of inf): math raises, numpy
    gives nan or inf; with validate=False the float call returns what the array call does."""
    with np.errstate(all="ignore"):
        chord = numeric_module.chord_conductance_potential(0.0, 0.0, 0.0, -0.09, 0.06, -0.07, validate=False)
        assert math.isnan(chord)
        nernst = numeric_module.nernst_potential(0.0, 5.0, 1.0, validate=False)
        array = numeric_module.nernst_potential(np.array([0.0]), 5.0, 1.0, validate=False)[0]
    assert type(nernst) is float
    assert nernst == array or (math.isnan(nernst) and math.isnan(array))
