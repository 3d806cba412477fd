"""Arrays beyond numpy: any array-API namespace (array_api_strict) and dask, which stays lazy.

array_api_strict implements the standard and nothing more, so a numpy-ism in the
generated code fails here. dask is how data larger than memory runs these functions:
the result must stay a lazy, chunked dask array, and validation must not compute it.
"""

from __future__ import annotations

import warnings
import zlib

import numpy as np
import pytest

from derive.catalogue import FUNCTIONS
from helpers import import_or_skip, task_counter
from references import REFERENCES

xp = import_or_skip("array_api_strict")
da = import_or_skip("dask.array")

FN_IDS = [fn.name for fn in FUNCTIONS]


def points(fn, n: int = 40) -> dict[str, np.ndarray]:
    pts = REFERENCES[fn.name].points(np.random.default_rng(zlib.crc32(fn.name.encode())))
    return {p: pts[p][:n] for p in fn.params}


def function(module, fn):
    f = getattr(module, fn.name, None)
    if f is None:
        pytest.skip(f"{fn.name} is not in this module")
    return f


@pytest.mark.parametrize("fn", FUNCTIONS, ids=FN_IDS)
def test_array_api_strict_arrays_in_and_out(membrane, fn):
    f = function(membrane, fn)
    pts = points(fn)
    expected = f(**pts)
    # every argument a strict array; the last one a Python float, to mix scalars in
    args = {p: xp.asarray(v) for p, v in pts.items()}
    args[fn.params[-1]] = float(pts[fn.params[-1]][0])
    expected = f(**{**pts, fn.params[-1]: args[fn.params[-1]]})
    out = f(**args)
    assert type(out) is type(xp.asarray(0.0)) and out.dtype == xp.float64
    # the float kernel alone: numpy evaluates points of extreme magnitude (k = 1e-200) exactly instead
    np.testing.assert_allclose(np.asarray(out), expected, rtol=4e-16, atol=0)


@pytest.mark.parametrize("fn", FUNCTIONS, ids=FN_IDS)
def test_array_api_strict_input_is_validated(membrane, fn):
    f = function(membrane, fn)
    pts = {p: xp.asarray(v) for p, v in points(fn, 5).items()}
    name = fn.params[0]
    bad = xp.concat([pts[name][:3], xp.asarray([float("nan")]), pts[name][4:]])
    with pytest.raises(membrane.InvalidInputError, match=rf"{name}\[3\] = nan") as info:
        f(**{**pts, name: bad})
    assert info.value.index == (3,)


#: The compiled module's dask path is the numpy module's (_apply_dask, _dask_block) around each
#: function's own loop, and test_dask_path checks every compiled function's dask bits for a
#: realistic mix; here two functions run it by default, the rest with the slow tests (each other
#: function would compile a loop for a pattern of arrays no other default test uses, ~1.5 s each).
_DASK_COMPILED_BY_DEFAULT = {"nernst_potential", "ghk_current_density"}
_DASK_CASES = [
    pytest.param(
        kind, fn,
        marks=() if kind == "numpy" or fn.name in _DASK_COMPILED_BY_DEFAULT else pytest.mark.slow,
        id=f"{kind}-{fn.name}",
    )
    for kind in ("numpy", "compiled")
    for fn in FUNCTIONS
]  # fmt: skip


@pytest.mark.parametrize(("kind", "fn"), _DASK_CASES)
def test_dask_result_is_lazy_chunked_and_right(request, kind, fn):
    numeric_module = request.getfixturevalue("membrane" if kind == "numpy" else "membrane_compiled")
    f = function(numeric_module, fn)
    pts = points(fn)
    args = {p: da.from_array(v, chunks=15) for p, v in pts.items()}
    args[fn.params[-1]] = float(pts[fn.params[-1]][0])  # a scalar among the chunked arrays
    with task_counter() as counter:
        out = f(**args)
    assert counter.ran == 0, "building the result computed something"
    assert isinstance(out, da.Array) and out.chunks == ((15, 15, 10),)
    expected = getattr(numeric_module, fn.name)(**{**pts, fn.params[-1]: args[fn.params[-1]]})
    np.testing.assert_allclose(out.compute(), expected, rtol=4e-16, atol=0)


#: Functions whose first argument has a finite limit at infinity, so another argument shows that an
#: unchecked inf flows through: an infinite bath gives the Donnan potential 0, and V = inf a flux ratio of 0.
INF_ARGUMENT = {"donnan_potential": "rho", "ussing_flux_ratio": "c_out", "activity_coefficient": "ionic_strength"}


@pytest.mark.parametrize("fn", FUNCTIONS, ids=FN_IDS)
def test_dask_input_is_validated_when_computed(numeric_module, fn):
    f = function(numeric_module, fn)
    pts = points(fn)
    name = INF_ARGUMENT.get(fn.name, fn.params[0])
    values = pts[name].copy()
    values[22] = np.inf  # in the second chunk
    args = {**pts, name: da.from_array(values, chunks=15)}
    with task_counter() as counter:
        out = f(**args)  # lazy: nothing refused yet, nothing computed
    assert counter.ran == 0
    with pytest.raises(numeric_module.InvalidInputError, match=rf"{name}\[22\] = inf") as info:
        out.compute()
    assert info.value.index == (22,)
    with warnings.catch_warnings():  # unchecked, inf flows through numpy's arithmetic
        warnings.simplefilter("ignore", RuntimeWarning)
        unchecked = f(**args, validate=False).compute()
    assert not np.isfinite(unchecked[22]) and np.isfinite(unchecked[:15]).all()


def test_compiled_module_refuses_other_array_libraries(membrane_compiled):
    with pytest.raises(TypeError, match="numpy or dask"):
        membrane_compiled.nernst_potential(xp.asarray([140.0]), 5.0, 1)
