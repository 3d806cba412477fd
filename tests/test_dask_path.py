"""The generated modules' dask path: one task per block of the result, lazy, checked block by
block, and the numpy call's bits.

test_arrays.py checks every function on 1-D dask arrays; here the argument mix users pass
(chunked arrays beside numpy 0-d arrays and Python numbers), in two dimensions with uneven
chunks, and the shape of the graph: single values given as numbers must reach the blocks as
constants, not as dask arrays broadcast to the result's chunks (that tripled the graph and
cost the threads their speed-up).
"""

from __future__ import annotations

import zlib

import numpy as np
import pytest

from derive.catalogue import FUNCTIONS
from helpers import import_or_skip, task_counter
from references import REFERENCES

da = import_or_skip("dask.array")
import dask  # noqa: E402

FN_IDS = [fn.name for fn in FUNCTIONS]
SHAPE = (5, 8)
#: Uneven chunks in both dimensions: blocks of 2 x 3 points up to 3 x 5.
CHUNKS = ((2, 3), (3, 5))


def function(module, name):
    f = getattr(module, name, None)
    if f is None:
        pytest.skip(f"{name} is not in this module")
    return f


def mixed(fn):
    """(numpy arguments, dask arguments) of fn: the first arguments arrays of SHAPE (chunked
    unevenly for dask), the second to last a numpy 0-d array, the last a Python float; the
    numpy call gets the same numbers."""
    pts = REFERENCES[fn.name].points(np.random.default_rng(zlib.crc32(fn.name.encode())))
    size = SHAPE[0] * SHAPE[1]
    plain, lazy = {}, {}
    for i, p in enumerate(fn.params):
        from_last = len(fn.params) - i
        if from_last == 1 and len(fn.params) > 1:
            plain[p] = lazy[p] = float(pts[p][0])
        elif from_last == 2 and len(fn.params) > 2:
            plain[p] = lazy[p] = np.asarray(pts[p][1])
        else:
            plain[p] = np.ascontiguousarray(pts[p][:size]).reshape(SHAPE)
            lazy[p] = da.from_array(plain[p], chunks=CHUNKS)
    return plain, lazy


def added_tasks(out, inputs):
    """Tasks of out's graph beyond those of its dask inputs: what the function call added."""
    given = set()
    for a in inputs:
        given |= set(dict(a.__dask_graph__()))
    return len(set(dict(out.__dask_graph__())) - given)


@pytest.mark.parametrize("fn", FUNCTIONS, ids=FN_IDS)
def test_dask_gives_the_numpy_calls_bits_for_a_realistic_mix(numeric_module, fn):
    f = function(numeric_module, fn.name)
    plain, lazy = mixed(fn)
    expected = f(**plain)
    with task_counter() as counter:
        out = f(**lazy)
    assert counter.ran == 0, "building the result computed something"
    assert isinstance(out, da.Array) and out.chunks == CHUNKS
    with dask.config.set(scheduler="threads", num_workers=2):
        got = out.compute()
    assert got.dtype == np.float64 and got.shape == SHAPE
    np.testing.assert_array_equal(got, expected)  # bit for bit, nan for nan


def test_single_values_reach_the_blocks_as_constants(numeric_module):
    """One task per block of the result: given numbers (Python or numpy 0-d) add none."""
    f = numeric_module.ghk_current_density
    fn = next(fn for fn in FUNCTIONS if fn.name == "ghk_current_density")
    _, lazy = mixed(fn)
    out = f(lazy["V"], lazy["c_in"], np.asarray(5.0), 1, 1e-8, lazy["T"])
    inputs = [lazy["V"], lazy["c_in"]]
    assert added_tasks(out, inputs) == out.npartitions == 4
    # a lazy single value (a reduction) stays lazy: one block every block reads, not one per block
    z = da.from_array(np.array([1.0, 2.0, 3.0]), chunks=1).max() - 2.0
    out = f(lazy["V"], lazy["c_in"], 5.0, z, 1e-8)
    assert added_tasks(out, [*inputs, z]) == out.npartitions
    np.testing.assert_array_equal(out.compute(), f(lazy["V"].compute(), lazy["c_in"].compute(), 5.0, 1, 1e-8))


def test_the_graph_check_sees_broadcast_single_values(membrane, monkeypatch):
    """The check above fails if single values are broadcast into dask arrays again (the old path)."""

    def broadcasting(spec, validate, args):  # the path before: broadcast everything, then map
        blocks = da.broadcast_arrays(*args)
        return da.map_blocks(membrane._dask_block, *blocks, dtype=np.float64, spec=spec, validate=validate)

    monkeypatch.setattr(membrane, "_apply_dask", broadcasting)
    fn = next(fn for fn in FUNCTIONS if fn.name == "ghk_current_density")
    _, lazy = mixed(fn)
    out = membrane.ghk_current_density(lazy["V"], lazy["c_in"], np.asarray(5.0), 1, 1e-8, lazy["T"])
    assert added_tasks(out, [lazy["V"], lazy["c_in"]]) > out.npartitions


@pytest.mark.parametrize("chunked", ["2-D", "uneven, mixed chunks"])
def test_bad_value_in_a_later_block_is_named_at_its_whole_array_index(numeric_module, chunked):
    f = numeric_module.ghk_current_density
    rng = np.random.default_rng(12)
    V = rng.uniform(-0.1, 0.1, (7, 9))
    c_in = rng.uniform(1.0, 150.0, (7, 9))
    c_in[5, 6] = -2.0  # in the last row of blocks, the second column of blocks
    if chunked == "2-D":
        lazy_V, lazy_c = da.from_array(V, chunks=(4, 5)), da.from_array(c_in, chunks=(4, 5))
    else:  # chunks that differ between the arguments: the blocks are their common refinement
        lazy_V, lazy_c = da.from_array(V, chunks=((3, 4), (2, 5, 2))), da.from_array(c_in, chunks=((4, 3), (6, 3)))
    with pytest.raises(numeric_module.InvalidInputError, match=r"c_in\[5, 6\]") as numpy_call:
        f(V, c_in, 5.0, 1, 1e-8)
    with task_counter() as counter:
        out = f(lazy_V, lazy_c, np.asarray(5.0), 1, 1e-8)
    assert counter.ran == 0  # refused only when computed
    with dask.config.set(scheduler="threads", num_workers=2):
        with pytest.raises(numeric_module.InvalidInputError, match=r"c_in\[5, 6\] = -2.0") as info:
            out.compute()
    assert info.value.argument == "c_in" and info.value.index == (5, 6) == numpy_call.value.index
    assert info.value.value == -2.0


@pytest.mark.parametrize("given", ["python", "numpy 0-d"])
def test_a_bad_single_value_is_named_where_the_numpy_call_names_it(numeric_module, given):
    """Every block fails for a bad single value; the error is the numpy call's, whichever block ran first."""
    f = numeric_module.ghk_current_density
    rng = np.random.default_rng(13)
    V = rng.uniform(-0.1, 0.1, (7, 9))
    c_in = rng.uniform(1.0, 150.0, (7, 9))
    z = 1.5 if given == "python" else np.asarray(1.5)
    with pytest.raises(numeric_module.InvalidInputError) as numpy_call:
        f(V, c_in, 5.0, z, 1e-8)
    out = f(da.from_array(V, chunks=(3, 4)), da.from_array(c_in, chunks=(3, 4)), 5.0, z, 1e-8)
    for _ in range(3):  # the threads run the nine blocks in a different order each time
        with dask.config.set(scheduler="threads", num_workers=2):
            with pytest.raises(numeric_module.InvalidInputError) as info:
                out.compute()
        assert str(info.value) == str(numpy_call.value) == "z must be a whole number; got z[0, 0] = 1.5"
        assert (info.value.argument, info.value.index, info.value.value) == ("z", (0, 0), 1.5)
