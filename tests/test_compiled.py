"""The compiled module's own elementary functions, against mpmath.

numba compiles calls to libm's scalar exp, log1p, ... one by one; the compiled module
carries arithmetic versions instead (derive/printing/numba_runtime.py) so that its
loops vectorise. Here they are held to 2 ulp over their whole range, with the special
values (0, inf, nan, overflow, underflow) the C functions give.
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest

ULP = 2.0**-52


def worst_ulps(f, reference, xs) -> tuple[float, float]:
    """(largest error in ulp of the true value, where) of a float function over xs."""
    worst, where = 0.0, math.nan
    with mpmath.workdps(40):
        for x in xs:
            want = reference(mpmath.mpf(float(x)))
            got = f(float(x))
            # an ulp of the true value, or of the subnormals below 2^-1022
            error = float(abs(mpmath.mpf(got) - want) / max(abs(want) * ULP, mpmath.mpf(2) ** -1074))
            if not error <= worst:
                worst, where = error, float(x)
    return worst, where


rng = np.random.default_rng(20260)
SMALL = np.concatenate([[0.0, 5e-324, 1e-300, 1e-17, 2**-30], np.exp(rng.uniform(-700, 0, 500))])
ARGUMENTS = {
    "_expm1": np.concatenate(
        [SMALL, -SMALL, rng.uniform(-1, 1, 1500), rng.uniform(-60, 60, 1000), rng.uniform(-745, 709.7, 500)]
    ),
    "_exp": np.concatenate([SMALL, -SMALL, rng.uniform(-1, 1, 1000), rng.uniform(-708, 709.7, 1500)]),
    "_log": np.concatenate(
        [np.exp(rng.uniform(-708, 709, 1500)), rng.uniform(0.5, 2.0, 1500), 1 + rng.uniform(-1e-8, 1e-8, 200)]
    ),
    "_log1p": np.concatenate([SMALL, -SMALL[1:] / 2, rng.uniform(-0.99, 3, 1500), np.exp(rng.uniform(-50, 700, 800))]),
    # both sides of the switches at 2^-28 and 2^28, and up to the largest float
    "_asinh": np.concatenate(
        [
            SMALL,
            -SMALL,
            [2.0**-28, np.nextafter(2.0**-28, 0), 2.0**28, np.nextafter(2.0**28, 0), 1.7976931348623157e308],
            rng.uniform(-3, 3, 1500),
            np.exp(rng.uniform(-40, 709, 800)) * rng.choice([-1.0, 1.0], 800),
        ]
    ),
}
REFERENCE = {
    "_expm1": mpmath.expm1,
    "_exp": mpmath.exp,
    "_log": mpmath.log,
    "_log1p": mpmath.log1p,
    "_asinh": mpmath.asinh,
}


@pytest.mark.parametrize("name", list(REFERENCE))
def test_elementary_functions_within_2_ulp(membrane_compiled, name):
    worst, where = worst_ulps(getattr(membrane_compiled, name), REFERENCE[name], ARGUMENTS[name])
    assert worst <= 2.0, f"{name}: {worst:.3g} ulp at {where!r}"


def test_the_ulp_check_can_fail():
    """exp(x) - 1 is the classic way to lose every digit near 0: the check sees it."""
    worst, where = worst_ulps(lambda x: math.exp(x) - 1.0, mpmath.expm1, ARGUMENTS["_expm1"][:300])
    assert worst > 1e6 and abs(where) < 1e-3


def test_the_asinh_check_can_fail():
    """The textbook ln(x + sqrt(x^2 + 1)) cancels for negative x and overflows beyond 1e154: the check sees it."""

    def naive(x):
        s = x + math.sqrt(x * x + 1.0) if abs(x) < 1e154 else math.inf
        return math.log(s) if s > 0.0 else -math.inf

    worst, _ = worst_ulps(naive, mpmath.asinh, ARGUMENTS["_asinh"])
    assert worst > 1e6


def test_special_values_follow_the_c_library(membrane_compiled):
    m, inf, nan = membrane_compiled, math.inf, math.nan
    assert m._expm1(0.0) == 0.0 and m._expm1(710.0) == inf and m._expm1(-1000.0) == -1.0 and m._expm1(inf) == inf
    assert m._expm1(-inf) == -1.0 and math.isnan(m._expm1(nan))
    assert m._exp(0.0) == 1.0 and m._exp(710.0) == inf and m._exp(-746.0) == 0.0 and math.isnan(m._exp(nan))
    assert m._exp(-740.0) == pytest.approx(math.exp(-740.0), rel=1e-3)  # subnormal, not flushed to 0
    assert m._log(1.0) == 0.0 and m._log(0.0) == -inf and m._log(inf) == inf
    assert math.isnan(m._log(-1.0)) and math.isnan(m._log(nan))
    assert m._log1p(0.0) == 0.0 and m._log1p(-1.0) == -inf and m._log1p(inf) == inf
    assert math.isnan(m._log1p(-2.0)) and math.isnan(m._log1p(nan))
    assert m._asinh(inf) == inf and m._asinh(-inf) == -inf and math.isnan(m._asinh(nan))
    assert m._asinh(0.0) == 0.0 and math.copysign(1.0, m._asinh(-0.0)) == -1.0 and m._asinh(-5e-324) == -5e-324


def test_asinh_is_odd_to_the_bit(membrane_compiled):
    xs = ARGUMENTS["_asinh"]
    assert all(membrane_compiled._asinh(-x) == -membrane_compiled._asinh(x) for x in xs)


def test_no_libm_exp_or_log_in_the_kernels():
    """The point of carrying them: printed kernels call _exp/_log/_expm1/_log1p/_asinh, never math.exp & co."""
    from helpers import GENERATED

    text = (GENERATED / "membrane_compiled.py").read_text()
    # The liquid junction's Python driver (not a kernel) may use math; its numba loop may not.
    kernels, _, driver = text.partition("\n# -- liquid_junction_potential: runtime")
    loop = kernels[kernels.index("def _ljp_integrate_loops(") :]
    assert driver and "_ljp_integrate = numba.njit" in kernels
    for name in ("exp", "expm1", "log", "log1p", "asinh"):
        assert f"math.{name}(" not in kernels, name
        assert f".{name}(" not in loop, name


@pytest.mark.slow  # five processes, each compiling a kernel
def test_the_cache_works_under_any_import_name(tmp_path):
    """Loaded from its path under one name, then imported under another: never a crash.

    numba's cache names the module a kernel was compiled in; a module loaded from a path
    and left out of sys.modules ('<dynamic>') used to leave kernels that crashed the next
    process importing the file by its package name. Each import name has its own cache now,
    and a module that is not importable by its name caches nothing.
    """
    import shutil
    import subprocess
    import sys

    from helpers import GENERATED, numba_or_skip

    numba_or_skip()
    package = tmp_path / "mypkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    shutil.copy(GENERATED / "membrane_compiled.py", package / "membrane_compiled.py")
    path = package / "membrane_compiled.py"
    call = "print(m.nernst_potential([140.0, 100.0], 5.0, 1)[0], m.nernst_potential(140.0, 5.0, 1))"
    by_path = (
        "import importlib.util, sys\n"
        f"spec = importlib.util.spec_from_file_location({{name!r}}, {str(path)!r})\n"
        "m = importlib.util.module_from_spec(spec)\n"
        "{register}"
        "spec.loader.exec_module(m)\n" + call
    )
    scripts = [
        by_path.format(name="loaded_by_path", register=""),  # not importable by its name
        by_path.format(name="other_name", register="sys.modules['other_name'] = m\n"),
        f"import sys; sys.path.insert(0, {str(tmp_path)!r})\nfrom mypkg import membrane_compiled as m\n" + call,
        f"import sys; sys.path.insert(0, {str(tmp_path)!r})\nfrom mypkg import membrane_compiled as m\n" + call,
        by_path.format(name="loaded_by_path", register=""),
    ]
    outputs = []
    for script in scripts:
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr[-3000:]
        outputs.append(done.stdout)
    assert len(set(outputs)) == 1, outputs
    caches = sorted(p.name for p in (package / "__pycache__").iterdir() if p.name.startswith("numba-"))
    assert caches == ["numba-mypkg.membrane_compiled", "numba-other_name"]


def test_the_fast_path_calls_the_compiled_entry_point(membrane_compiled):
    """After the first scalar call, a Python-float call goes straight to the float64 entry
    point of the point-wise kernel (no type dispatch), with the dispatcher's bits."""
    args = (140.0, 5.0 * (1 + 2**-40), -2.0, 290.0)
    first = membrane_compiled.nernst_potential(*args)
    entry = membrane_compiled._nernst_potential_at_float
    assert type(entry).__name__ == "builtin_function_or_method", type(entry)
    assert entry(*args) == membrane_compiled._nernst_potential_at(*args) == first
    assert membrane_compiled.nernst_potential(*args) == first


# ------------------------------------------------------------------ the loops' driver
#
# A kernel is compiled per pattern of arrays and single floats among its arguments, and
# large arrays run in chunks on several threads. Whatever the pattern, the chunking or
# the thread count, every point must get the bits of the point-wise kernel (the scalar
# fast path), and a bad point must be named at its index in the caller's array.


def _big_points(m, n):
    rng = np.random.default_rng(7)
    return {
        "V": rng.uniform(-0.1, 0.1, n),
        "c_in": rng.uniform(1.0, 150.0, n),
        "c_out": rng.uniform(1.0, 150.0, n),
    }


def test_threads_and_patterns_give_the_point_kernels_bits(membrane_compiled):
    m = membrane_compiled
    n = m._PARALLEL_MIN + 12345  # above the threshold, and not a whole number of chunks
    pts = _big_points(m, n)
    every = m.ghk_current_density(pts["V"], pts["c_in"], pts["c_out"], np.full(n, 2.0), np.full(n, 1e-8), np.full(n, 300.0))
    mixed = m.ghk_current_density(pts["V"], pts["c_in"], pts["c_out"], 2, 1e-8, 300.0)
    single = m._run_compiled(
        m._ghk_current_density_spec,
        True,
        m._as_float(np, pts["V"], pts["c_in"], pts["c_out"], 2, 1e-8, 300.0),
        (),
        threads=1,
    )
    np.testing.assert_array_equal(every, mixed)
    np.testing.assert_array_equal(single, mixed)
    # the last point of every chunk and the points around the threshold, against the scalar path
    threads = max(2, m.numba.config.NUMBA_NUM_THREADS)
    chunk = max(m._PARALLEL_CHUNK, -(-n // (4 * threads)))
    for i in sorted({*range(chunk - 1, n, chunk), n - 1, 0, m._PARALLEL_MIN}):
        point = m.ghk_current_density(float(pts["V"][i]), float(pts["c_in"][i]), float(pts["c_out"][i]), 2, 1e-8, 300.0)
        assert mixed[i] == point, i


def test_a_broadcast_grid_runs_as_arrays(membrane_compiled):
    """(n, 1) against (1, m): materialised, each point the scalar path's."""
    m = membrane_compiled
    c_in = np.array([[1.0], [10.0], [100.0]])
    c_out = np.array([[5.0, 50.0, 500.0, 0.5]])
    grid = m.nernst_potential(c_in, c_out, 1)
    assert grid.shape == (3, 4)
    for i in range(3):
        for j in range(4):
            assert grid[i, j] == m.nernst_potential(float(c_in[i, 0]), float(c_out[0, j]), 1)


def test_a_bad_point_in_a_later_chunk_is_named_at_its_index(membrane_compiled):
    m = membrane_compiled
    n = 2 * m._PARALLEL_MIN
    pts = _big_points(m, n)
    pts["c_in"][n - 3] = -1.0
    with pytest.raises(m.InvalidInputError, match=rf"c_in\[{n - 3}\] = -1.0") as info:
        m.ghk_current_density(pts["V"], pts["c_in"], pts["c_out"], 1, 1e-8)
    assert info.value.index == (n - 3,)
    grid = pts["c_in"].reshape(2, -1)  # and in two dimensions
    with pytest.raises(m.InvalidInputError, match=rf"c_in\[1, {n // 2 - 3}\]"):
        m.nernst_potential(grid, 5.0, 1)


def test_dask_blocks_run_the_loop_on_their_own_thread(membrane_compiled, monkeypatch):
    """Each dask block runs its loop on dask's thread alone (threads=1), with the bits of one call."""
    da = pytest.importorskip("dask.array")
    import dask

    m = membrane_compiled
    n = m._PARALLEL_MIN + 1000
    pts = _big_points(m, n)
    whole = m.ghk_current_density(pts["V"], pts["c_in"], 5.0, 1, 1e-8)
    asked = []
    run = m._run_compiled

    def spy(spec, validate, args, offset, threads=None):
        asked.append(threads)
        return run(spec, validate, args, offset, threads)

    monkeypatch.setattr(m._ghk_current_density_spec, "run", spy)
    spy.__name__ = "_run_compiled"
    lazy = m.ghk_current_density(da.from_array(pts["V"], chunks=n // 2 + 1), pts["c_in"], 5.0, 1, 1e-8)
    with dask.config.set(scheduler="threads", num_workers=2):
        np.testing.assert_array_equal(lazy.compute(), whole)
    assert len(asked) >= 2 and set(asked) == {1}  # two blocks (and dask's calls on empty blocks for the dtype)
