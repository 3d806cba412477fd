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

from helpers import ussing_overflow_case

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
    "_exprel": lambda x: mpmath.expm1(x) / x if x else mpmath.mpf(1),
}
ARGUMENTS["_exprel"] = np.concatenate([SMALL, -SMALL, [-0.0], rng.uniform(-1, 1, 1000), rng.uniform(-800, 709.7, 1000)])


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


# ------------------------------------------------------------------ validation fused into the loops
#
# A validated loop checks the points of its array arguments and the finiteness of each
# result as it computes them, and counts the failures without a branch; an argument that
# is one value for all points is checked once before the loop (_fits), and its
# clause is folded out of that loop variant. Any failure sends the call to the slow path,
# which names the first bad input as the numpy module does.

#: (what breaks, argument, index or None for a single value, bad value, expected message)
#: for ghk_current_density with V, c_in and c_out arrays; the indices lie in a later chunk,
#: inside a vectorised stretch (not at a chunk's or a vector's edge), and at the very end.
_N = 2 * (1 << 18)
_BAD = [
    ("negative concentration", "c_in", 3 * (1 << 16) + 1001, -1.0, "c_in must be nonnegative (>= 0); got c_in[{i}] = -1.0"),
    ("nan", "c_out", _N - 3, math.nan, "c_out must be finite (not nan or inf); got c_out[{i}] = nan"),
    ("inf", "V", 5 * (1 << 16) + 6, math.inf, "V must be finite (not nan or inf); got V[{i}] = inf"),
    ("-inf", "c_out", 7, -math.inf, "c_out must be finite (not nan or inf); got c_out[{i}] = -inf"),
    ("non-whole charge", "z", 4 * (1 << 16) + 2, 1.5, "z must be a whole number; got z[{i}] = 1.5"),
    ("zero charge", "z", 6 * (1 << 16) + 3, 0.0, "z must be nonzero; got z[{i}] = 0.0"),
    ("negative permeability", "P", 2 * (1 << 16) + 17, -1e-8, "P must be nonnegative (>= 0); got P[{i}] = -1e-08"),
    ("nan temperature", "T", 1 * (1 << 16) + 9, math.nan, "T must be finite (not nan or inf); got T[{i}] = nan"),
    ("zero temperature", "T", _N - 1, 0.0, "T must be positive (> 0); got T[{i}] = 0.0"),
]
_GHK = ("V", "c_in", "c_out", "z", "P", "T")


def _ghk_arguments(every: bool) -> dict:
    """ghk_current_density's arguments at _N points: V, c_in, c_out arrays, the rest single
    values, or (every) arrays of every argument."""
    pts = _big_points(None, _N)
    single = {"z": 2.0, "P": 1e-8, "T": 300.0}
    return {**pts, **({k: np.full(_N, v) for k, v in single.items()} if every else single)}


def _message(module, args):
    with pytest.raises(module.InvalidInputError) as info:
        module.ghk_current_density(*(args[k] for k in _GHK))
    return str(info.value)


@pytest.mark.parametrize("every", [False, True], ids=["mixed", "all-arrays"])
@pytest.mark.parametrize(("what", "name", "i", "bad", "expected"), _BAD, ids=[b[0] for b in _BAD])
def test_a_bad_point_is_found_in_every_pattern(membrane_compiled, membrane, every, what, name, i, bad, expected):
    """Each kind of bad point, in an array argument, is named at its whole-array index with
    the message the numpy module gives; as a single value, at the first point (index 0)."""
    m = membrane_compiled
    args = _ghk_arguments(every)
    if isinstance(args[name], float):  # a single value in this pattern: the bad value is the value
        args[name] = bad
        expected = expected.format(i=0)
    else:
        args[name] = args[name].copy()
        args[name][i] = bad
        expected = expected.format(i=i)
    got = _message(m, args)
    assert got == expected
    assert got == _message(membrane, args)


def test_the_first_bad_argument_in_signature_order_is_named(membrane_compiled):
    """Two bad points in different chunks: the slow path judges the whole call, so the first
    argument in signature order is named, not the first chunk's (the numpy module, which
    judges block by block, names the first bad block's)."""
    args = _ghk_arguments(False)
    args["c_out"] = args["c_out"].copy()
    args["c_out"][5] = -2.0
    args["c_in"] = args["c_in"].copy()
    args["c_in"][_N - 5] = -1.0
    assert _message(membrane_compiled, args) == f"c_in must be nonnegative (>= 0); got c_in[{_N - 5}] = -1.0"


def test_single_values_are_checked_once_before_the_loop(membrane_compiled, monkeypatch):
    """A single value is checked by _fits alone: the loop variant for it has no check of
    it. Broken on purpose (every single value passes), a non-whole charge goes through."""
    m = membrane_compiled
    args = _ghk_arguments(False)
    args["z"] = 1.5
    assert _message(m, args) == "z must be a whole number; got z[0] = 1.5"
    monkeypatch.setattr(m, "_fits", lambda *a: True)
    out = m.ghk_current_density(*(args[k] for k in _GHK))  # no error: nothing else looks at z
    assert np.all(np.isfinite(out))


def test_an_implausible_or_tiny_single_value_takes_the_slow_path(membrane_compiled, membrane):
    """A valid single value outside the plausible range warns; one outside the window of
    exact evaluation is evaluated exactly: both as the numpy module does."""
    m = membrane_compiled
    pts = _big_points(None, 1000)
    with pytest.warns(m.UnitSlipWarning, match="T = 150.0 K is below 200 K"):
        cold = m.ghk_current_density(pts["V"], pts["c_in"], pts["c_out"], 1, 1e-8, 150.0)
    np.testing.assert_array_equal(cold, m.ghk_current_density(pts["V"], pts["c_in"], pts["c_out"], 1, 1e-8, 150.0, validate=False))
    tiny = m.ghk_current_density(pts["V"], pts["c_in"], pts["c_out"], 1, 1e-120)
    np.testing.assert_allclose(tiny, membrane.ghk_current_density(pts["V"], pts["c_in"], pts["c_out"], 1, 1e-120), rtol=4e-16)
    for j in (0, 517, 999):
        assert tiny[j] == m.ghk_current_density(float(pts["V"][j]), float(pts["c_in"][j]), float(pts["c_out"][j]), 1, 1e-120)


_SPECIAL = [
    math.nan, math.inf, -math.inf, 0.0, -0.0, 5e-324, 1e-101, 1e-100, 1e-8, 0.5, 1.0, 1.5, 2.0, -2.0,
    math.nextafter(2.0, 3.0), math.nextafter(-2.0, -3.0), -1.0, -1e-100, -1e-101, 3.0, 199.99, 200.0, 310.0,
    1e100, math.nextafter(1e100, math.inf), -1e100, -1.000001e100, 1e300, 2.0**53 + 2.0,
]


def _valid(unit: str, conditions: tuple) -> float:
    """A valid, plausible value of an argument with this SI unit and these conditions."""
    if "integer" in conditions:
        return 1.0
    if unit == "kelvin":
        return 300.0
    if unit == "volt":
        return 0.01
    return -1.0 if "negative" in conditions else 1.0


def _clause_disagreements(m, fits) -> tuple[list, int]:
    """(disagreements, comparisons) of fits(value, conditions, signed, plausible) with each
    argument's clause in the compiled point check of every function, the other clauses
    folded away as for single values: special values, edges of the window and of the
    plausible ranges."""
    wrong, compared = [], 0
    for name in m.__all__:
        spec, ok = getattr(m, f"_{name}_spec", None), getattr(m, f"_{name}_ok", None)
        if spec is None or ok is None:
            continue
        base = [_valid(u, c) for u, c in zip(spec.units, spec.conditions)]
        for j, param in enumerate(spec.params):
            for value in _SPECIAL:
                point = [*base[:j], value, *base[j + 1 :]]
                if not ok(*point, *[True] * len(base)):  # every clause folded away: the compound checks alone
                    continue  # a compound check fails here: not this argument's clause
                alone = [k != j for k in range(len(base))]
                if bool(ok(*point, *alone)) != fits(value, spec.conditions[j], spec.signed[j], spec.plausible[j]):
                    wrong.append((name, param, value))
                compared += 1
    return wrong, compared


def test_a_single_values_check_is_its_clause_in_the_loop(membrane_compiled):
    """_fits accepts a single value exactly where the loop's clause of that argument would."""
    wrong, compared = _clause_disagreements(membrane_compiled, membrane_compiled._fits)
    assert not wrong
    assert compared > 1000


def test_the_clause_comparison_can_fail(membrane_compiled):
    """A _fits that forgets the window (any finite value that meets the conditions fits)
    disagrees with the loop's clauses: the comparison above sees it."""
    m = membrane_compiled

    def window_blind(x, conditions, signed, plausible):
        return math.isfinite(x) and all(m._meets(x, c) for c in conditions) and (
            plausible is None or plausible[0] <= x <= plausible[1]
        )

    wrong, _ = _clause_disagreements(m, window_blind)
    assert ("nernst_potential", "c_in", 1e-101) in wrong
    assert ("fick_flux", "D", 1e300) in wrong


def test_every_kernel_proved_finite_is_finite_at_the_edges_of_its_domain_compiled(membrane_compiled):
    """The compiled loops look at no result where the numpy module's proof holds (_Spec.bounded):
    the proof bounds the derived form, so the compiled kernel's own arithmetic (its written-out
    log, its order of operations) must be finite there too. Each proved loop, unvalidated, at
    every combination of its arguments' extreme valid values (those passing the compound checks)."""
    import itertools

    from test_numpy_blocks import _corners

    m = membrane_compiled
    specs = [s for s in vars(m).values() if isinstance(s, m._Spec) and s.bounded]
    assert {"nernst_potential", "transport_free_energy", "chord_conductance_potential"} <= {s.name for s in specs}
    for spec in specs:
        points = np.array(list(itertools.product(*_corners(spec, m))))
        columns = [np.ascontiguousarray(points[:, i]) for i in range(points.shape[1])]
        for column in columns:  # as _run_compiled hands them over (_column), so that the loop is the
            column.flags.writeable = False  # variant the module already compiled, not one of this test's own
        keep = np.ones(len(points), dtype=bool)
        with np.errstate(all="ignore"):
            for (_, conditions), value in zip(spec.compounds, spec.compound(np, *columns) if spec.compounds else (), strict=True):
                value = np.broadcast_to(value, keep.shape)
                keep &= np.isfinite(value) & (value > 0 if "positive" in conditions else value != 0)
        out = np.empty(len(points))
        spec.kernel(out, 0, 0, len(points), *columns)  # unvalidated, as _proved hands it: an int
        assert keep.any(), spec.name
        assert np.isfinite(out[keep]).all(), (spec.name, points[keep][~np.isfinite(out[keep])][:3])


@pytest.mark.parametrize("n", [5, 300_001])
def test_a_proof_lets_the_loop_skip_the_result_unless_a_quiet_spec_drops_it(membrane_compiled, monkeypatch, n):
    """ussing_flux_ratio is not proved finite (it has an exp): with u = 720 the float kernel
    overflows at a valid point whose value, 4.9e211, does not, and the loop's look at the result
    sends that point to the exact slow path. Marked proved on purpose, the loop no longer looks
    (an int validate: _proved) and the call returns inf there. A call with V as a pint Quantity
    checks no plausible range of V, so its quiet spec drops the proof, and the loop looks again."""
    pint = pytest.importorskip("pint")
    m = membrane_compiled
    spec = m._ussing_flux_ratio_spec
    assert not spec.bounded
    V, c_in, c_out, z, T = ussing_overflow_case(m, n)
    good = m.ussing_flux_ratio(V, c_in, c_out, z, T)
    assert good[n - 2] == pytest.approx(math.exp(720.0 + math.log(1e-100 / 10.0)), rel=1e-12)
    monkeypatch.setattr(spec, "bounded", True)
    broken = m.ussing_flux_ratio(V, c_in, c_out, z, T)
    assert broken[n - 2] == math.inf
    assert np.array_equal(np.delete(broken, n - 2), np.delete(good, n - 2))
    assert not spec.quiet({"V"}).bounded
    ureg = pint.UnitRegistry()
    quiet = m.ussing_flux_ratio(ureg.Quantity(V, "V"), c_in, c_out, z, T)
    assert np.array_equal(np.asarray(quiet.m_as("")), good)


@pytest.mark.slow
def test_the_elementary_loops_convert_no_float_to_int(membrane_compiled):
    """AVX2 has no vector conversion between double and int64: a loop over _exp, _expm1 or _log that
    converts (math.floor's int result, float(k)) does it one lane at a time. Their exponents are
    whole-numbered floats (_pow2), so the optimised loops hold no fptosi or sitofp at all. The
    module before this check (math.floor, k // 2, float(k)) had four of each in pump_leak_gradient's.
    Each loop is compiled afresh here (one loaded from numba's cache has no IR to read)."""
    m = membrane_compiled
    t, c = np.linspace(0.0, 10.0, 100), np.linspace(1.0, 100.0, 100)
    for a in (t, c):
        a.flags.writeable = False  # as _column passes arrays
    loops = {  # name: the loop's arguments after (out, validate, start, stop)
        "pump_leak_gradient": (t, 1.0, 0.1, 0.5),  # _exp and _exprel
        "ghk_current_density": (t, c, c, 1.0, 1e-8, 300.0),  # _expm1
        "nernst_potential": (c, c, 1.0, 300.0),  # _log
    }
    for name, args in loops.items():
        loop = m.numba.njit(nogil=True, error_model="numpy")(getattr(m, f"_{name}").py_func)
        loop(np.empty(100), True, 0, 100, *args)
        (ir,) = loop.inspect_llvm().values()
        assert "<4 x double>" in ir or "<2 x double>" in ir, name  # vectorised
        assert "fptosi" not in ir and "sitofp" not in ir, name


def test_a_call_of_single_values_runs_the_point_kernel_and_compiles_no_loop():
    """A call whose every argument is one value, which the fast path passes on (a bad value, a
    value outside the window, a plausible-range slip), runs the point kernel the loop inlines,
    with the loop's check: it compiles no loop for the pattern of all single values (1-4 s on a
    first call). A fresh copy of the module, loaded from its path, caches nothing."""
    import importlib.util
    import warnings

    import numba

    from helpers import ROOT

    spec = importlib.util.spec_from_file_location("compiled_fresh_copy", ROOT / "generated" / "membrane_compiled.py")
    m = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(m)
    with pytest.raises(m.InvalidInputError, match="c_in must be positive"):
        m.nernst_potential(-1.0, 5.0, 1)
    assert m.ghk_voltage(1.0, 0.04, 0.45, 1e-150, 5.0, 10.0, 145.0, 10.0, 110.0) < 0  # outside the window: exact
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        slipped = m.nernst_potential(140.0, 5.0, 1, 150.0)  # T below 200 K: warns, the float kernel's value
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        looped = m.nernst_potential(np.array([140.0, 140.0]), 5.0, 1, 150.0)  # two points: the loop
    assert seen and slipped == looped[0] == looped[1]
    # the one loop compiled is the array call's (c_in an array); none for all single values
    assert [any(isinstance(t, numba.types.Array) for t in sig[4:]) for sig in m._nernst_potential.signatures] == [True]
    assert m._ghk_voltage.signatures == []
