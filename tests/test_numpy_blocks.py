"""How the numpy module runs a kernel on large arrays: in blocks only where the call has enough
array operations, the result checked finite from its sum unless proved finite, and the same bits
whichever way it runs."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy

from derive.printing import numpy_runtime
from derive.functions import logratio
from derive.printing.domain import Check
from derive.printing.module import BLOCKED_MIN_OPS, array_operations, finite_wherever_valid
from helpers import ussing_overflow_case

x, y, z, R, F = sympy.symbols("x y z R F")


@pytest.mark.parametrize(
    "expr, counts",
    [
        # counted by hand: x - R*F*y*z is y*z, (R*F)*(y*z), x - (...): three operations with y or z, one with x
        (x - R * F * y * z, (1, 3, 3)),
        (x / y, (1, 2, 0)),  # x*y**-1: the product (x, y), the power (y)
        # -x*y prints as (-x)*y: a negation and a product; then exp and the sum (z only in the sum)
        (sympy.exp(-x * y) + z, (4, 4, 1)),
    ],
)
def test_array_operations_counts_the_operations_each_parameter_takes(expr, counts):
    masks = array_operations(expr, ["x", "y", "z"])
    assert tuple(bin(m).count("1") for m in masks) == counts


def test_a_call_with_one_array_operation_runs_in_one_call(membrane, monkeypatch):
    """proton_motive_force with only delta_psi an array is one addition: no blocks; with every
    argument an array, or nernst_potential with its concentrations arrays, it runs in blocks."""
    n = 3 * membrane._BLOCK + 7
    dpsi = np.linspace(-0.1, 0.1, n)
    want = membrane.proton_motive_force(dpsi, 1.0, 310.0)

    def no_blocks(*args, **kwargs):
        raise AssertionError("ran in blocks")

    monkeypatch.setattr(membrane, "_run_blocks", no_blocks)
    for validate in (True, False):
        assert np.array_equal(membrane.proton_motive_force(dpsi, 1.0, 310.0, validate=validate), want)
    with pytest.raises(AssertionError, match="ran in blocks"):
        membrane.proton_motive_force(dpsi, np.full(n, 1.0), np.full(n, 310.0))
    with pytest.raises(AssertionError, match="ran in blocks"):
        membrane.nernst_potential(np.full(n, 10.0), np.full(n, 140.0), 1, validate=False)


def test_finite_is_seen_from_the_sum():
    ok = np.linspace(-1e10, 1e10, 1001)
    assert numpy_runtime._finite(ok)
    for bad in (np.nan, np.inf, -np.inf):
        x = ok.copy()
        x[500] = bad
        assert not numpy_runtime._finite(x)
    # finite elements whose sum overflows: False, and the caller's slow path looks point by point
    with np.errstate(over="ignore"):  # as the runtime calls it
        assert not numpy_runtime._finite(np.full(4, 1e308))


@pytest.mark.parametrize("name", ["binary_junction_potential", "ghk_current_density", "proton_motive_force"])
def test_a_false_alarm_of_the_sum_gives_the_same_bits(membrane, monkeypatch, name):
    """A result whose sum overflows goes the slow way (_settle): it must return the kernel's bits.
    (proton_motive_force is proved finite, so it does not look at its result; with that proof
    taken away, it does.)"""
    n = 2 * membrane._CHECKED_STEP + 11
    rng = np.random.default_rng(4)
    args = {
        "binary_junction_potential": (rng.uniform(1, 150, n), rng.uniform(1, 150, n), 1.0, 2.0, 300.0),
        "ghk_current_density": (
            rng.uniform(-0.1, 0.1, n), rng.uniform(1, 150, n), rng.uniform(1, 150, n), 2.0, 1e-8, 300.0
        ),
        "proton_motive_force": (rng.uniform(-0.1, 0.1, n), rng.uniform(-1, 1, n), 300.0),
    }[name]
    f = getattr(membrane, name)
    want = f(*args)
    monkeypatch.setattr(getattr(membrane, f"_{name}_spec"), "bounded", False)
    monkeypatch.setattr(membrane, "_finite", lambda x: False)
    assert np.array_equal(f(*args), want)


# ------------------------------------------------------------------ results proved finite

a, b, c, d = sympy.symbols("a b c d")
_SIGNED, _POSITIVE, _NONNEGATIVE = (), ("positive",), ("nonnegative",)


@pytest.mark.parametrize(
    "expr, conditions, proved",
    [
        (-a * b, {"a": _POSITIVE, "b": _SIGNED}, True),  # |a b| <= 1e200
        (a / b, {"a": _POSITIVE, "b": _POSITIVE}, True),  # b >= 1e-100: a/b <= 1e200
        (a / b, {"a": _POSITIVE, "b": _SIGNED}, False),  # b may be 0
        (a / b, {"a": _POSITIVE, "b": _NONNEGATIVE}, False),  # b may be 0
        (a / b, {"a": _POSITIVE, "b": ("nonzero",)}, False),  # b may be 5e-324
        (a / b, {"a": _POSITIVE, "b": ("nonzero", "integer")}, True),  # |b| >= 1
        (a * b * c, {"a": _SIGNED, "b": _SIGNED, "c": _SIGNED}, True),  # 1e300, at the bound
        (a * b * c * d, {"a": _SIGNED, "b": _SIGNED, "c": _SIGNED, "d": _SIGNED}, False),  # 1e400 overflows
        (a / (b * c * d), {"a": _POSITIVE, "b": _POSITIVE, "c": _POSITIVE, "d": _POSITIVE}, False),  # 1e400
        (sympy.exp(-a), {"a": _POSITIVE}, False),  # exp(-inf) = 0 aside, exp(1e100) overflows
        (sympy.log(a), {"a": _POSITIVE}, True),
        (sympy.log(a), {"a": _NONNEGATIVE}, False),  # log(0) = -inf
        (sympy.log(a - b), {"a": _POSITIVE, "b": _POSITIVE}, False),  # a - b may be <= 0
        (sympy.sqrt(a), {"a": _SIGNED}, False),
        (sympy.sqrt(a), {"a": _NONNEGATIVE}, True),
        (logratio(a, b, a - b), {"a": _POSITIVE, "b": _POSITIVE}, True),
        (logratio(a, b, b - a), {"a": _POSITIVE, "b": _POSITIVE}, False),  # d is not a - b
        (logratio(a, b, a - b), {"a": _SIGNED, "b": _POSITIVE}, False),  # a may be <= 0
        # a ratio of products that may overflow: 1e200/1e-200
        (logratio(a * b, c * d, a * b - c * d), dict.fromkeys("abcd", _POSITIVE), False),
    ],
)
def test_finite_wherever_valid_proves_only_bounded_kernels(expr, conditions, proved):
    params = sorted(str(s) for s in expr.free_symbols)
    assert finite_wherever_valid(expr, params, conditions, {}) is proved


def test_a_plausible_range_and_a_compound_bound_what_the_window_does_not():
    """a*b*c*d of signed arguments overflows in the window, not where two are volts (|V| <= 2);
    a/(b + c) of nonnegative b, c is finite only once the compound b + c > 0 is checked."""
    signed = dict.fromkeys("abcd", _SIGNED)
    volts = (-2.0, 2.0, "")
    assert finite_wherever_valid(a * b * c * d, list("abcd"), signed, {"a": volts, "b": volts})
    expr, conditions = a / (b + c), {"a": _SIGNED, "b": _NONNEGATIVE, "c": _NONNEGATIVE}
    assert not finite_wherever_valid(expr, list("abc"), conditions, {})
    check = Check(b + c, ("positive",))
    assert finite_wherever_valid(expr, list("abc"), conditions, {}, [check])


def _corners(spec, membrane):
    """Per argument the values at the edges of what passes its checks (window, plausible range)."""
    out = []
    for conditions, plausible in zip(spec.conditions, spec.plausible, strict=True):
        low, high = (plausible[0], plausible[1]) if plausible else (-membrane._HUGE, membrane._HUGE)
        if "positive" in conditions:
            values = [max(low, membrane._TINY), 1.0, min(high, membrane._HUGE)]
        elif "nonnegative" in conditions:
            values = [0.0, membrane._TINY, 1.0, membrane._HUGE]
        elif "negative" in conditions:
            values = [-membrane._HUGE, -1.0, -membrane._TINY]
        elif "integer" in conditions:
            values = [-1e100, -1.0, 1.0, 1e100] + ([] if "nonzero" in conditions else [0.0])
        else:
            values = [max(low, -membrane._HUGE), -1e-300, 0.0, 1.0, min(high, membrane._HUGE)]
        out.append(values)
    return out


def test_every_kernel_proved_finite_is_finite_at_the_edges_of_its_domain(membrane):
    """Independent of the proof: each bounded kernel at every combination of its arguments'
    extreme valid values (those passing the compound checks) gives finite numbers."""
    import itertools

    specs = [s for s in vars(membrane).values() if isinstance(s, membrane._Spec) and s.bounded]
    assert {"fick_flux", "nernst_potential", "pump_leak_steady_state", "proton_motive_force"} <= {s.name for s in specs}
    for spec in specs:
        points = np.array(list(itertools.product(*_corners(spec, membrane))))
        columns = [np.ascontiguousarray(points[:, i]) for i in range(points.shape[1])]
        keep = np.ones(len(points), dtype=bool)
        if spec.compounds:
            with np.errstate(all="ignore"):
                for (_, conditions), value in zip(spec.compounds, spec.compound(np, *columns), strict=True):
                    value = np.broadcast_to(value, keep.shape)
                    keep &= np.isfinite(value) & (value > 0 if "positive" in conditions else value != 0)
        with np.errstate(all="ignore"):
            out = np.broadcast_to(spec.kernel(np, *columns), keep.shape)
        assert keep.any(), spec.name
        assert np.isfinite(out[keep]).all(), (spec.name, points[keep][~np.isfinite(out[keep])][:3])


def test_a_proof_that_rests_on_plausible_ranges_is_dropped_with_them(membrane):
    """chord_conductance_potential is proved finite only inside the plausible ranges of its
    arguments (volts within a few V): a call with pint Quantities checks no plausible range
    (their units say what was meant), so its spec must not keep the proof; without the
    plausible ranges, the prover itself refuses the kernel."""
    spec = membrane._chord_conductance_potential_spec
    assert spec.bounded
    assert spec.quiet(set()).bounded
    assert not spec.quiet({"E_K"}).bounded
    assert membrane._fick_flux_spec.quiet({"D", "dc_dx"}).bounded == (membrane._fick_flux_spec.plausible == (None, None))
    g, E = sympy.symbols("g_K g_Na g_Cl"), sympy.symbols("E_K E_Na E_Cl")
    form = sum(gi * Ei for gi, Ei in zip(g, E, strict=True)) / sum(g)
    params = [s.name for s in (*g, *E)]
    conditions = {**{s.name: ("nonnegative",) for s in g}, **{s.name: () for s in E}}
    compound = Check(sum(g), ("positive",))
    plausible = dict(zip(spec.params, spec.plausible, strict=True))
    assert finite_wherever_valid(form, params, conditions, plausible, [compound]) is True
    assert finite_wherever_valid(form, params, conditions, dict.fromkeys(params), [compound]) is False


@pytest.mark.parametrize("n", [5, 3 * numpy_runtime._CHECKED_STEP + 5])
def test_a_proof_taken_wrongly_lets_an_overflow_through(membrane, monkeypatch, n):
    """ussing_flux_ratio is not proved finite (it has an exp): c_out e^u / c_in with u = 720
    overflows in floats inside the window (e^720 > 1.8e308) while its value, 1e-100 e^720 / 10 =
    4.9e211, does not; the slow path evaluates that point exactly. Marked bounded on purpose,
    the call returns the float kernel's inf there: the proof is what keeps it out."""
    spec = membrane._ussing_flux_ratio_spec
    assert not spec.bounded
    V, c_in, c_out, z, T = ussing_overflow_case(membrane, n)
    good = membrane.ussing_flux_ratio(V, c_in, c_out, z, T)
    assert np.isfinite(good).all()
    assert good[n - 2] == pytest.approx(math.exp(720.0 + math.log(1e-100 / 10.0)), rel=1e-12)
    monkeypatch.setattr(spec, "bounded", True)
    broken = membrane.ussing_flux_ratio(V, c_in, c_out, z, T)
    assert not np.isfinite(broken[n - 2])
    assert np.array_equal(np.delete(broken, n - 2), np.delete(good, n - 2))


@pytest.mark.parametrize("where", [0, numpy_runtime._CHUNKED_MIN + 7, -3])
def test_a_large_array_checked_in_chunks_is_checked_to_its_last_point(membrane, where):
    """fick_flux with only dc_dx an array runs in one call; above _CHUNKED_MIN points dc_dx is
    checked chunk by chunk (the last one partial): a nan in any chunk is named at its index,
    and a valid value outside the window (2e100) goes the slow way, which evaluates it exactly."""
    from decimal import Decimal

    n = membrane._CHUNKED_MIN + 3 * membrane._CHECK_CHUNK + 11
    where = where % n
    dc_dx = np.linspace(-1.0, 1.0, n)
    want = membrane.fick_flux(1e-9, dc_dx)
    bad = dc_dx.copy()
    bad[where] = np.nan
    with pytest.raises(membrane.InvalidInputError, match=rf"dc_dx\[{where}\] = nan") as info:
        membrane.fick_flux(1e-9, bad)
    assert info.value.index == (where,)
    wide = dc_dx.copy()
    wide[where] = 2e100
    seen = []
    settle = membrane._settle
    try:
        membrane._settle = lambda *args, **kwargs: seen.append(1) or settle(*args, **kwargs)
        got = membrane.fick_flux(1e-9, wide)
    finally:
        membrane._settle = settle
    assert seen, "a value outside the window passed the chunked check"
    assert got[where] == float(Decimal(-1e-9) * Decimal(2e100))
    assert np.array_equal(np.delete(got, where), np.delete(want, where))


def _valid_columns(spec, n, rng, varying):
    """Valid arguments of spec at n points (arrays where ``varying``, else 0-d arrays): positive
    and nonnegative ones in [0.5, 2] (temperatures near 300 K), whole numbers 1 or 2, the others
    in [-0.1, 0.1] (volts)."""
    out = []
    for conditions, plausible, v in zip(spec.conditions, spec.plausible, varying, strict=True):
        m = n if v else 1
        if "integer" in conditions:
            x = rng.choice([1.0, 2.0], m)
        elif plausible is not None and plausible[0] > 100:
            x = rng.uniform(280.0, 320.0, m)
        elif {"positive", "nonnegative"} & set(conditions):
            x = rng.uniform(0.5, 2.0, m)
        else:
            x = rng.uniform(-0.1, 0.1, m)
        out.append(x if v else x.reshape(()))
    return out


def _program_bits_differ(membrane, rng):
    """(spec name, arrays) of every call whose blocked result differs in a bit from its kernel
    called on the whole arrays, for every function with all arguments arrays and with only its
    first two: the traced program (_plan) must be the kernel's ufuncs, operands and order."""
    n = 2 * membrane._BLOCK + 5
    differ = []
    for spec in [s for s in vars(membrane).values() if isinstance(s, membrane._Spec)]:
        for varying in ([True] * len(spec.params), [i < 2 for i in range(len(spec.params))]):
            args = _valid_columns(spec, n, rng, varying)
            with np.errstate(all="ignore"):
                want = np.broadcast_to(spec.kernel(np, *args), (n,))
                got = membrane._run_blocks(spec, False, (), args, varying, (n,), (), membrane._BLOCK)
            if want.tobytes() != got.tobytes():
                differ.append((spec.name, sum(varying)))
    return differ


LOGRATIO_FUNCTIONS = (
    "nernst_potential",
    "transport_free_energy",
    "ghk_voltage",
    "ghk_voltage_with_calcium",
    "mullins_noda_potential",
    "binary_junction_potential",
    "chord_conductance_potential",
)


def test_the_traced_program_gives_the_kernels_bits(membrane, monkeypatch):
    """Blocks run a kernel as a program of ufuncs into scratch arrays (_plan): for every function,
    all arguments arrays or only two, the same bits as the kernel called on the arrays. The
    functions built from + - * / log and max (logratio's) have a program; ghk_current_density
    (a select, comparisons) has none and runs its kernel per block."""
    monkeypatch.setattr(membrane, "_PLANS", {})
    for name in LOGRATIO_FUNCTIONS:
        spec = getattr(membrane, f"_{name}_spec")
        assert membrane._plan(spec, [True] * len(spec.params)) is not None, name
    spec = membrane._ghk_current_density_spec
    assert membrane._plan(spec, [True] * len(spec.params)) is None
    assert _program_bits_differ(membrane, np.random.default_rng(5)) == []


def test_a_program_traced_wrongly_is_seen(membrane, monkeypatch):
    """The check above can fail: a tracer that records b/a for a traced value a divided by b
    (its operands swapped) changes the results of the functions that have a program."""
    monkeypatch.setattr(membrane, "_PLANS", {})
    monkeypatch.setattr(membrane._Var, "__truediv__", lambda self, other: self.tape.emit(np.divide, other, self))
    differ = {name for name, _ in _program_bits_differ(membrane, np.random.default_rng(5))}
    assert set(LOGRATIO_FUNCTIONS) <= differ


def test_what_the_tracer_cannot_replay_is_refused(membrane):
    """A power, a comparison and a branch on a traced value are not replayed (numpy picks the
    operation of a power by its exponent; a comparison gives booleans): _Untraceable."""
    tape = membrane._Tracer()
    x = tape.var(True)
    for attempt in (lambda: x**2, lambda: 2.0**x, lambda: x > 0.0, lambda: 0.0 <= x, lambda: x == x, lambda: bool(x)):
        with pytest.raises(membrane._Untraceable):
            attempt()
    with pytest.raises(membrane._Untraceable):
        tape.where(x, 1.0, 2.0)
    select = membrane._Spec("f", ("x",), ((),), (), None, lambda xp, x: x * x + (x > 0.0), None, None)
    assert membrane._plan(select, [True]) is None


def test_a_programs_constants_keep_the_sign_of_zero(membrane, monkeypatch):
    """0.0 and -0.0 are equal (and equal keys) but not the same operand: x*0.0 + 1/(x*-0.0) is
    -inf for x > 0, and +inf if the program read -0.0 as the 0.0 it met first."""
    monkeypatch.setattr(membrane, "_PLANS", {})
    spec = membrane._Spec("f", ("x",), ((),), (), None, lambda xp, x: x * 0.0 + 1.0 / (x * -0.0), None, None)
    n = 2 * membrane._BLOCK + 5
    x = np.full(n, 2.0)
    assert membrane._plan(spec, [True]) is not None
    with np.errstate(all="ignore"):
        got = membrane._run_blocks(spec, False, (), [x], [True], (n,), (), membrane._BLOCK)
    assert (got == -math.inf).all()


def _bounds_admit(membrane, bounds_of):
    """(spec, argument) pairs where an array with its extremes at the bounds that
    ``bounds_of`` gives is refused by _fits: bounds that admit what _fits refuses."""
    wrong = []
    for spec in [s for s in vars(membrane).values() if isinstance(s, membrane._Spec)]:
        checks = [(i, spec.conditions[i], spec.signed[i], spec.plausible[i]) for i in range(len(spec.params))]
        varying = [True] * len(spec.params)
        bounds, _ = bounds_of(spec, checks, [np.ones(3)] * len(checks), varying)
        for (i, conditions, signed, plausible), (low, high) in zip(checks, bounds, strict=True):
            if low is None:
                continue
            for x in ([low, high], [low], [high], [low, 0.5 * (low + high), high]):
                if not membrane._fits(np.array(x), conditions, signed, plausible):
                    wrong.append((spec.name, spec.params[i]))
    return wrong


def test_block_bounds_admit_only_what_fits_admits(membrane, monkeypatch):
    """A block whose arguments' extremes lie inside _block_checks' bounds skips _fits: for every
    argument of every function, arrays at those bounds pass _fits (window, sign, plausible
    range). Bounds that forget the plausible range (T >= 200 K) are caught."""
    assert _bounds_admit(membrane, membrane._block_checks) == []
    no_plausible = membrane._block_checks
    def no_plausible_range(spec, checks, *rest):
        return no_plausible(spec, [(*c[:3], None) for c in checks], *rest)

    monkeypatch.setattr(membrane, "_block_checks", no_plausible_range)
    assert ("nernst_potential", "T") in _bounds_admit(membrane, membrane._block_checks)


def test_a_point_outside_the_window_in_a_later_block_is_evaluated_exactly(membrane, monkeypatch):
    """nernst_potential is proved finite inside the window, so blocks do not look at its result:
    a ratio of 1e300/1e-300 in the fourth block overflows in floats (inf) while its value, (RT/F)
    ln(1e600), does not. The block bounds must send that block the slow way; bounds as wide as
    floats return inf there."""
    n = 4 * membrane._CHECKED_STEP + 9
    where = 3 * membrane._CHECKED_STEP + 2
    c_in, c_out = np.full(n, 10.0), np.full(n, 140.0)
    c_in[where], c_out[where] = 1e-300, 1e300
    good = membrane.nernst_potential(c_in, c_out, 1, 300.0)
    assert good[where] == pytest.approx(membrane.R * 300.0 / membrane.F * 600 * math.log(10.0), rel=1e-14)
    wide = membrane._block_checks

    def as_wide_as_floats(*args):
        bounds, implied = wide(*args)
        return [(-math.inf, math.inf) if low is not None else (low, high) for low, high in bounds], implied

    monkeypatch.setattr(membrane, "_block_checks", as_wide_as_floats)
    broken = membrane.nernst_potential(c_in, c_out, 1, 300.0)
    assert not np.isfinite(broken[where])
    assert np.array_equal(np.delete(broken, where), np.delete(good, where))
