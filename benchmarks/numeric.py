"""Benchmark of the generated numeric modules against what a user would write by hand.

    python benchmarks/numeric.py [--quick] [--size 1e7] [--repeat 5] [--only NAME ...] [--json RUN.json]
    python benchmarks/numeric.py --summarize RUN1.json RUN2.json ...

Everything is timed in the same run, interleaved round by round (the minimum over
rounds counts), so that load from other processes hits all variants alike; each table
prints its targets with "met" or "NOT MET". Single-threaded variants (hand-written code,
lambdify, the numpy module, scalar calls, the ODE) are timed by the CPU time of their
thread, which waiting for a core on a shared machine does not inflate; threaded ones
(numexpr, the compiled module's threaded loops, dask) by the wall clock, and a ratio
between a threaded and a single-threaded variant by the wall clock of both. Sections:

1. **Scalars**: one call with Python floats, against a hand-written ``math`` function of
   the same formula. Targets: validated <= 3x hand, ``validate=False`` <= 1.5x (both modules).
2. **ODE**: ``scipy.integrate.solve_ivp`` (RK45) of 50 ms of a Hodgkin-Huxley-type cell whose
   right-hand side calls ``ghk_current_density`` for K, Na and Ca. Target: <= 1.5x the
   same model written by hand with ``math``, validated.
3. **Arrays, realistic mix** (the default table): potentials, concentrations and times
   are arrays of ``--size`` points, charges, permeabilities, conductances and
   temperature scalars. Against ``lambdify`` of the textbook formula, hand-written numpy
   and numexpr (two threads; ``pip install numexpr``). Targets: numpy module unvalidated
   >= 1.0x hand and >= 1.0x lambdify, validated >= 0.8x hand; compiled module validated
   >= 3x lambdify and >= 1.0x numexpr; validation costs <= 1.2x (both modules).
4. **Arrays, all arguments arrays**: the same columns (no targets of its own).
5. **Dask**: 10x ``--size`` points in chunks of ``--size``, threaded, against the numpy
   module on one numpy array. Target: >= 1.5x.
6. **Floors**: no derive code; the least that any implementation of the same interface or
   accuracy costs against the baseline of a target that is not met (no targets of its own).

``--quick`` uses 1e6 points, fewer rounds and no all-arrays table (under a minute).

One run's figures move from run to run on a shared machine, so that a target near its bound
is met in one run and not the next. ``--json`` writes a run's figures (each target's value
and bound, each floor's ratio); ``--summarize`` reads several such runs and prints, for each
target, in how many it was met and its value in each, and each floor's ratio in each.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import sys
import time
from collections.abc import Callable, Sequence

import numpy as np
import sympy

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from generated import membrane  # noqa: E402

F = 1.602176634e-19 * 6.02214076e23
R = 1.380649e-23 * 6.02214076e23
LN10 = math.log(10.0)

# ------------------------------------------------------------------ hand-written numpy


def _ghk_voltage_with_calcium(P_K, P_Na, P_Cl, P_Ca, K_in, K_out, Na_in, Na_out, Cl_in, Cl_out, Ca_in, Ca_out, T):
    # zero of the summed GHK currents: a quadratic in w = exp(FV/RT), positive root
    A = P_K * K_in + P_Na * Na_in + P_Cl * Cl_out
    B = P_K * K_out + P_Na * Na_out + P_Cl * Cl_in
    a, b, c = A + 4 * P_Ca * Ca_in, A - B, B + 4 * P_Ca * Ca_out
    return R * T / F * np.log((-b + np.sqrt(b * b + 4 * a * c)) / (2 * a))


def _ghk_numpy(V, c_in, c_out, z, P, T):
    u = z * F * V / (R * T)
    return P * z * F * u * (c_in - c_out * np.exp(-u)) / -np.expm1(-u)


#: What a user would write with numpy, straight from the textbook (expm1 where it is the obvious choice).
HAND: dict[str, Callable[..., np.ndarray]] = {
    "nernst_potential": lambda c_in, c_out, z, T: R * T / (z * F) * np.log(c_out / c_in),
    "ghk_current_density": _ghk_numpy,
    "pump_leak_gradient": lambda t, p, k, G0: p / k + (G0 - p / k) * np.exp(-k * t),
    "pump_leak_steady_state": lambda p, k: p / k,
    "fick_flux": lambda D, dc_dx: -D * dc_dx,
    "transport_free_energy": lambda c_from, c_to, z, delta_V, T: R * T * np.log(c_to / c_from) + z * F * delta_V,
    "proton_motive_force": lambda delta_psi, delta_pH, T: delta_psi - R * T * LN10 / F * delta_pH,
    "ghk_voltage": lambda P_K, P_Na, P_Cl, K_in, K_out, Na_in, Na_out, Cl_in, Cl_out, T: (
        R * T / F * np.log((P_K * K_out + P_Na * Na_out + P_Cl * Cl_in) / (P_K * K_in + P_Na * Na_in + P_Cl * Cl_out))
    ),
    "ghk_voltage_with_calcium": _ghk_voltage_with_calcium,
    "chord_conductance_potential": lambda g_K, g_Na, g_Cl, E_K, E_Na, E_Cl: (
        (g_K * E_K + g_Na * E_Na + g_Cl * E_Cl) / (g_K + g_Na + g_Cl)
    ),
    "mullins_noda_potential": lambda P_K, P_Na, K_in, K_out, Na_in, Na_out, r, T: (
        R * T / F * np.log((r * P_K * K_out + P_Na * Na_out) / (r * P_K * K_in + P_Na * Na_in))
    ),
    "binary_junction_potential": lambda c1, c2, u_plus, u_minus, T: (
        (u_plus - u_minus) / (u_plus + u_minus) * R * T / F * np.log(c1 / c2)
    ),
}

#: The same formulas for numexpr (F, R, LN10 passed as values).
NUMEXPR: dict[str, str] = {
    "nernst_potential": "R * T / (z * F) * log(c_out / c_in)",
    "ghk_current_density": "P * z * F * (z * F * V / (R * T)) * (c_in - c_out * exp(-(z * F * V / (R * T))))"
    " / -expm1(-(z * F * V / (R * T)))",
    "pump_leak_gradient": "p / k + (G0 - p / k) * exp(-k * t)",
    "pump_leak_steady_state": "p / k",
    "fick_flux": "-D * dc_dx",
    "transport_free_energy": "R * T * log(c_to / c_from) + z * F * delta_V",
    "proton_motive_force": "delta_psi - R * T * LN10 / F * delta_pH",
    "ghk_voltage": "R * T / F * log((P_K * K_out + P_Na * Na_out + P_Cl * Cl_in)"
    " / (P_K * K_in + P_Na * Na_in + P_Cl * Cl_out))",
    "ghk_voltage_with_calcium": "R * T / F * log((-((P_K * K_in + P_Na * Na_in + P_Cl * Cl_out)"
    " - (P_K * K_out + P_Na * Na_out + P_Cl * Cl_in)) + sqrt(((P_K * K_in + P_Na * Na_in + P_Cl * Cl_out)"
    " - (P_K * K_out + P_Na * Na_out + P_Cl * Cl_in))**2 + 4 * (P_K * K_in + P_Na * Na_in + P_Cl * Cl_out"
    " + 4 * P_Ca * Ca_in) * (P_K * K_out + P_Na * Na_out + P_Cl * Cl_in + 4 * P_Ca * Ca_out)))"
    " / (2 * (P_K * K_in + P_Na * Na_in + P_Cl * Cl_out + 4 * P_Ca * Ca_in)))",
    "chord_conductance_potential": "(g_K * E_K + g_Na * E_Na + g_Cl * E_Cl) / (g_K + g_Na + g_Cl)",
    "mullins_noda_potential": "R * T / F * log((r * P_K * K_out + P_Na * Na_out) / (r * P_K * K_in + P_Na * Na_in))",
    "binary_junction_potential": "(u_plus - u_minus) / (u_plus + u_minus) * R * T / F * log(c1 / c2)",
}

# ------------------------------------------------------------------ hand-written math (scalars)


def _ghk_math(V, c_in, c_out, z, P, T=310.15):
    u = z * F * V / (R * T)
    return P * z * F * u * (c_in - c_out * math.exp(-u)) / -math.expm1(-u)


def _ghk_voltage_with_calcium_math(P_K, P_Na, P_Cl, P_Ca, K_in, K_out, Na_in, Na_out, Cl_in, Cl_out, Ca_in, Ca_out, T):
    A = P_K * K_in + P_Na * Na_in + P_Cl * Cl_out
    B = P_K * K_out + P_Na * Na_out + P_Cl * Cl_in
    a, b, c = A + 4 * P_Ca * Ca_in, A - B, B + 4 * P_Ca * Ca_out
    return R * T / F * math.log((-b + math.sqrt(b * b + 4 * a * c)) / (2 * a))


#: The scalar versions a modeller writes with math.
HAND_MATH: dict[str, Callable[..., float]] = {
    "nernst_potential": lambda c_in, c_out, z, T: R * T / (z * F) * math.log(c_out / c_in),
    "ghk_current_density": _ghk_math,
    "pump_leak_gradient": lambda t, p, k, G0: p / k + (G0 - p / k) * math.exp(-k * t),
    "pump_leak_steady_state": lambda p, k: p / k,
    "fick_flux": lambda D, dc_dx: -D * dc_dx,
    "transport_free_energy": lambda c_from, c_to, z, delta_V, T: R * T * math.log(c_to / c_from) + z * F * delta_V,
    "proton_motive_force": lambda delta_psi, delta_pH, T: delta_psi - R * T * LN10 / F * delta_pH,
    "ghk_voltage": lambda P_K, P_Na, P_Cl, K_in, K_out, Na_in, Na_out, Cl_in, Cl_out, T: (
        R * T / F * math.log((P_K * K_out + P_Na * Na_out + P_Cl * Cl_in) / (P_K * K_in + P_Na * Na_in + P_Cl * Cl_out))
    ),
    "ghk_voltage_with_calcium": _ghk_voltage_with_calcium_math,
    "chord_conductance_potential": lambda g_K, g_Na, g_Cl, E_K, E_Na, E_Cl: (
        (g_K * E_K + g_Na * E_Na + g_Cl * E_Cl) / (g_K + g_Na + g_Cl)
    ),
    "mullins_noda_potential": lambda P_K, P_Na, K_in, K_out, Na_in, Na_out, r, T: (
        R * T / F * math.log((r * P_K * K_out + P_Na * Na_out) / (r * P_K * K_in + P_Na * Na_in))
    ),
    "binary_junction_potential": lambda c1, c2, u_plus, u_minus, T: (
        (u_plus - u_minus) / (u_plus + u_minus) * R * T / F * math.log(c1 / c2)
    ),
}

# ------------------------------------------------------------------ inputs

#: Units of the arguments that vary point by point in a realistic call (the rest are scalars).
VARYING_UNITS = {"volt", "mole/meter**3", "second", "mole/meter**4"}


class Function:
    """A generated function as the benchmark needs it: name, parameters, their SI units and
    conditions, read from the module itself (its ``_<name>_spec``), so that the benchmark
    starts without deriving anything."""

    def __init__(self, name: str) -> None:
        spec = getattr(membrane, f"_{name}_spec")
        self.name, self.params = name, spec.params
        self.units = dict(zip(spec.params, spec.units, strict=False))
        self.conditions = dict(zip(spec.params, spec.conditions, strict=True))


def sample(fn: Function, name: str, n: int, rng: np.random.Generator) -> np.ndarray:
    """n valid values of parameter ``name``, in a physiological range read from its unit and conditions."""
    unit, conditions = fn.units[name], fn.conditions[name]
    if "integer" in conditions:
        return rng.choice([-2.0, -1.0, 1.0, 2.0], n)
    if unit == "kelvin":
        return rng.uniform(280.0, 315.0, n)
    if unit == "volt":
        return rng.uniform(-0.1, 0.1, n)
    if unit == "mole/meter**3":
        return rng.uniform(1.0, 150.0, n)
    if unit == "meter/second":
        return rng.uniform(0.5e-8, 2e-8, n)
    if "negative" in conditions:
        return rng.uniform(-2.0, -0.5, n)
    if {"positive", "nonnegative"} & set(conditions):
        return rng.uniform(0.5, 2.0, n)
    return rng.uniform(-1.0, 1.0, n)


def arguments(fn: Function, n: int, rng: np.random.Generator, realistic: bool) -> list:
    """Arrays of n points, or (realistic) arrays only for potentials, concentrations and times."""
    varying = [fn.units[p] in VARYING_UNITS for p in fn.params]
    if not any(varying):
        varying[0] = True
    return [
        sample(fn, p, n, rng) if v or not realistic else float(sample(fn, p, 1, rng)[0])
        for p, v in zip(fn.params, varying, strict=True)
    ]


def plain_lambdify(fn: Function) -> Callable[..., np.ndarray]:
    """sympy.lambdify of the textbook formula (the numexpr text, parsed by SymPy), for numpy."""
    from sympy.codegen.cfunctions import expm1

    symbols = {p: sympy.Symbol(p) for p in fn.params}
    expr = sympy.sympify(NUMEXPR[fn.name], locals={**symbols, "expm1": expm1, "F": F, "R": R, "LN10": LN10})
    return sympy.lambdify([symbols[p] for p in fn.params], expr, "numpy")


# ------------------------------------------------------------------ timing


def measure(
    variants: dict[str, Callable[[], object]], repeat: int, budget: float, threaded: tuple[str, ...] = ()
) -> tuple[dict[str, float], dict[str, float]]:
    """(time, wall): the minimum seconds per call of each variant, measured round-robin so
    that load hits all alike. ``time`` is the CPU time of this thread for single-threaded
    variants, which waiting for a core on a shared machine does not inflate, and the wall
    time for the ``threaded`` ones (numexpr, the compiled module's threaded loops, dask), whose point is
    to use several cores; ``wall`` is the wall time of every variant."""
    cpu = dict.fromkeys(variants, float("inf"))
    wall = dict.fromkeys(variants, float("inf"))
    start = time.perf_counter()
    for round_ in range(repeat):
        for name, call in variants.items():
            c0, t0 = time.thread_time(), time.perf_counter()
            call()
            t1, c1 = time.perf_counter(), time.thread_time()
            wall[name] = min(wall[name], t1 - t0)
            cpu[name] = min(cpu[name], c1 - c0)
        if round_ >= 2 and time.perf_counter() - start > budget:
            break
    return {k: wall[k] if k in threaded else cpu[k] for k in variants}, wall


def repeated(f: Callable[..., object], point: Sequence[float], calls: int, **kw: object) -> Callable[[], None]:
    """A variant for :func:`measure`: ``calls`` calls of f at one point (many short calls per timed
    sample, so that the minimum over samples sees through load)."""

    def run() -> None:
        for _ in range(calls):
            f(*point, **kw)

    return run


class Targets:
    """Targets with their status, printed under each table and counted at the end, and the
    figures of the run (each target's value, each floor's ratio) that ``--json`` writes."""

    def __init__(self) -> None:
        self.results: list[dict] = []
        self.floors: list[dict] = []

    @staticmethod
    def met(value: float, bound: float, at_most: bool) -> bool:
        """Whether a figure meets its target: at most ``bound``, or at least it."""
        return value <= bound if at_most else value >= bound

    @staticmethod
    def wanted(bound: float, at_most: bool) -> str:
        """The target as text: ``"<= 1.5x"`` or ``">= 3.0x"``."""
        return f"{'<=' if at_most else '>='} {bound}x"

    def check(self, what: str, value: float, bound: float, at_most: bool) -> str:
        self.results.append({"target": what, "value": value, "bound": bound, "at_most": at_most})
        return f"{value:.2f}x {'met' if self.met(value, bound, at_most) else 'NOT MET'}"

    def missed(self) -> list[str]:
        """A line for each target not met in this run, in the order checked."""
        return [
            f"{r['target']}: {r['value']:.2f}x ({self.wanted(r['bound'], r['at_most'])} wanted)"
            for r in self.results
            if not self.met(r["value"], r["bound"], r["at_most"])
        ]

    def floor(self, what: str, value: float) -> float:
        """Record a Floors row's ratio (no status: a floor is not a target); returns it."""
        self.floors.append({"floor": what, "value": value})
        return value


def scalars(names, compiled, repeat: int, targets: Targets, quick: bool) -> None:
    print("\n## Scalars: one call with Python floats, time ÷ hand-written math (lower is faster)\n")
    print("| function | hand (µs) | numpy | numpy/nv | compiled | compiled/nv | bits equal |")
    print("|---|---:|---|---|---|---|---|")
    rng = np.random.default_rng(1)
    calls = 500 if quick else 4000  # per timed sample; many short samples: the minimum sees through load
    for fn in names:
        point = [float(np.asarray(a).reshape(-1)[0]) for a in arguments(fn, 1, rng, realistic=True)]
        ours, theirs, hand = getattr(membrane, fn.name), getattr(compiled, fn.name), HAND_MATH[fn.name]
        theirs(*point)

        t, _ = measure(
            {
                "hand": repeated(hand, point, calls),
                "numpy": repeated(ours, point, calls),
                "numpy/nv": repeated(ours, point, calls, validate=False),
                "compiled": repeated(theirs, point, calls),
                "compiled/nv": repeated(theirs, point, calls, validate=False),
            },
            5 * repeat,
            budget=0.6 if quick else 3.0,
        )
        same = ours(*point) == float(ours(*(np.asarray([a]) for a in point))[0])
        cells = [
            targets.check(f"scalar {fn.name} {k}", t[k] / t["hand"], 1.5 if k.endswith("/nv") else 3.0, at_most=True)
            for k in ("numpy", "numpy/nv", "compiled", "compiled/nv")
        ]
        print(f"| {fn.name} | {1e6 * t['hand'] / calls:.2f} | " + " | ".join(cells) + f" | {same} |", flush=True)


# ------------------------------------------------------------------ ODE

#: Hodgkin-Huxley gating (rates in 1/ms of V in mV) with GHK currents; SI otherwise.
CM = 1e-2  # F/m^2 (1 µF/cm^2)
P_K, P_NA, P_CA = 2e-5, 4e-6, 1e-7  # m/s at full activation
K_IN, K_OUT, NA_IN, NA_OUT, CA_IN, CA_OUT = 140.0, 5.0, 10.0, 145.0, 1e-4, 2.0
G_LEAK, E_LEAK = 3.0, -0.065  # S/m^2, V
I_STIM = 3.0  # A/m^2: one action potential in 50 ms


def _rates(v):
    """HH rates (1/s) at v mV: alpha_n, beta_n, alpha_m, beta_m, alpha_h, beta_h."""
    an = 10.0 / -math.expm1(-(v + 55.0) / 10.0) * (v + 55.0) if v != -55.0 else 100.0
    am = 100.0 / -math.expm1(-(v + 40.0) / 10.0) * (v + 40.0) if v != -40.0 else 1000.0
    bn = 125.0 * math.exp(-(v + 65.0) / 80.0)
    bm = 4000.0 * math.exp(-(v + 65.0) / 18.0)
    ah = 70.0 * math.exp(-(v + 65.0) / 20.0)
    bh = 1000.0 / (1.0 + math.exp(-(v + 35.0) / 10.0))
    return an, bn, am, bm, ah, bh


def hh_rhs(ghk):
    def rhs(t, y):
        V, n, m, h = y[0], y[1], y[2], y[3]
        an, bn, am, bm, ah, bh = _rates(1e3 * V)
        i = (
            ghk(V, K_IN, K_OUT, 1, P_K * n**4)
            + ghk(V, NA_IN, NA_OUT, 1, P_NA * m**3 * h)
            + ghk(V, CA_IN, CA_OUT, 2, P_CA * m)
            + G_LEAK * (V - E_LEAK)
        )
        return [(I_STIM - i) / CM, an * (1 - n) - bn * n, am * (1 - m) - bm * m, ah * (1 - h) - bh * h]

    return rhs


def ode(compiled, repeat: int, targets: Targets) -> None:
    from scipy.integrate import solve_ivp

    print("\n## ODE: solve_ivp (RK45) of 50 ms of an HH-type cell, 3 GHK currents per evaluation\n")
    y0 = [-0.065, 0.32, 0.05, 0.6]
    variants = {
        "hand (math)": hh_rhs(_ghk_math),
        "numpy module": hh_rhs(membrane.ghk_current_density),
        "compiled module": hh_rhs(compiled.ghk_current_density),
    }
    runs = {}

    def solve(rhs):
        def run():
            runs[rhs] = solve_ivp(rhs, (0.0, 0.05), y0, method="RK45", rtol=1e-6, atol=1e-9, max_step=1e-4)

        return run

    t, _ = measure({k: solve(v) for k, v in variants.items()}, repeat, budget=10.0)
    base = t["hand (math)"]
    hand_run = runs[variants["hand (math)"]]
    print("| right-hand side | time (ms) | ÷ hand | evaluations | max |ΔV| vs hand (V) |")
    print("|---|---:|---|---:|---:|")
    for k, rhs in variants.items():
        sol = runs[rhs]
        dv = np.max(np.abs(sol.y[0] - hand_run.y[0])) if sol.y.shape == hand_run.y.shape else float("nan")
        status = "" if k.startswith("hand") else targets.check(f"ODE {k}", t[k] / base, 1.5, at_most=True)
        print(f"| {k} | {1e3 * t[k]:.1f} | {status or '1.00x'} | {sol.nfev} | {dv:.1e} |", flush=True)


# ------------------------------------------------------------------ arrays


#: Variants of the array tables that run on several threads: timed by the wall clock.
THREADED = ("numexpr", "compiled", "compiled/nv")


def arrays(names, lambdified, compiled, n: int, repeat: int, targets: Targets | None, realistic: bool) -> None:
    import numexpr

    numexpr.set_num_threads(2)
    what = "realistic mix (potentials, concentrations, times arrays; the rest scalars)" if realistic else "all arrays"
    print(
        f"\n## Arrays, {what}: {n:.0e} points, speed-up over lambdify (higher is faster; CPU time for "
        "lambdify, hand and numpy, wall time for numexpr and compiled, which run on 2 threads)\n"
    )
    print(
        "| function | lambdify (ms) | hand | numexpr | numpy | numpy/nv | compiled | compiled/nv "
        "| numpy/nv ÷ hand | numpy ÷ hand | compiled ÷ numexpr | validation cost (numpy, compiled) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|---|---|---|")
    rng = np.random.default_rng(0)
    for fn in names:
        args = arguments(fn, n, rng, realistic)
        plain, hand = lambdified[fn.name], HAND[fn.name]
        ours, theirs = getattr(membrane, fn.name), getattr(compiled, fn.name)
        local = {p: a for p, a in zip(fn.params, args, strict=True)}
        expression = NUMEXPR[fn.name]
        constants = {"F": F, "R": R, "LN10": LN10}

        def call(f, **kw):
            return lambda: f(*args, **kw)

        variants = {
            "lambdify": call(plain),
            "hand": call(hand),
            "numexpr": lambda: numexpr.evaluate(expression, local_dict={**local, **constants}),
            "numpy": call(ours),
            "numpy/nv": call(ours, validate=False),
            "compiled": call(theirs),
            "compiled/nv": call(theirs, validate=False),
        }
        with np.errstate(all="ignore"):
            t, wall = measure(variants, repeat, budget=15.0, threaded=THREADED)
        # speed-ups over lambdify: CPU time for one-thread variants, wall time for threaded ones
        speed = {k: (wall if k in THREADED else t)["lambdify"] / v for k, v in t.items()}
        cells = [f"{speed[k]:.2f}x" for k in ("hand", "numexpr", "numpy", "numpy/nv", "compiled", "compiled/nv")]
        cost_numpy, cost_compiled = t["numpy"] / t["numpy/nv"], t["compiled"] / t["compiled/nv"]
        if targets is None:
            checks = [
                f"{t['hand'] / t['numpy/nv']:.2f}x",
                f"{t['hand'] / t['numpy']:.2f}x",
                f"{t['numexpr'] / t['compiled']:.2f}x",
                f"{cost_numpy:.2f}x, {cost_compiled:.2f}x",
            ]
        else:
            name = fn.name
            checks = [
                targets.check(f"{name} numpy/nv ÷ hand", t["hand"] / t["numpy/nv"], 1.0, at_most=False)
                + "; ÷ lambdify "
                + targets.check(f"{name} numpy/nv ÷ lambdify", speed["numpy/nv"], 1.0, at_most=False),
                targets.check(f"{name} numpy ÷ hand", t["hand"] / t["numpy"], 0.8, at_most=False),
                targets.check(f"{name} compiled ÷ numexpr", t["numexpr"] / t["compiled"], 1.0, at_most=False)
                + "; ÷ lambdify "
                + targets.check(f"{name} compiled ÷ lambdify", speed["compiled"], 3.0, at_most=False),
                targets.check(f"{name} numpy validation", cost_numpy, 1.2, at_most=True)
                + ", "
                + targets.check(f"{name} compiled validation", cost_compiled, 1.2, at_most=True),
            ]
        print(f"| {fn.name} | {1e3 * t['lambdify']:.3g} | " + " | ".join(cells + checks) + " |", flush=True)


def dask_table(compiled, n: int, repeat: int, targets: Targets) -> None:
    import dask
    import dask.array as da

    total = 10 * n
    print(f"\n## Dask: {total:.0e} points in chunks of {n:.0e}, threaded, against one numpy call\n")
    rng = np.random.default_rng(2)
    V = rng.uniform(-0.1, 0.1, total)
    c_in = rng.uniform(1.0, 150.0, total)
    lazy_V, lazy_c = da.from_array(V, chunks=n), da.from_array(c_in, chunks=n)
    print("| module | numpy array (ms) | dask (ms) | dask ÷ numpy |")
    print("|---|---:|---:|---|")
    with dask.config.set(scheduler="threads", num_workers=2):
        for label, module in (("numpy", membrane), ("compiled", compiled)):
            f = module.ghk_current_density
            f(V[:4], c_in[:4], 5.0, 1, 1e-8)  # compile this pattern of arrays and scalars outside the timing
            t, _ = measure(
                {
                    "numpy": lambda f=f: f(V, c_in, 5.0, 1, 1e-8),
                    "dask": lambda f=f: f(lazy_V, lazy_c, 5.0, 1, 1e-8).compute(),
                },
                repeat,
                budget=20.0,
                threaded=("numpy", "dask"),  # the point is the cores dask uses: wall time for both
            )
            ratio = t["numpy"] / t["dask"]
            status = (
                targets.check("dask ÷ numpy module", ratio, 1.5, at_most=False) if label == "numpy" else f"{ratio:.2f}x"
            )
            print(f"| {label} | {1e3 * t['numpy']:.0f} | {1e3 * t['dask']:.0f} | {status} |", flush=True)
        # What dask's threads give on this machine at all, with no derive code: its own ufuncs on
        # the same chunks (GHK's exp and log), against numpy on the whole array. No target: a
        # reference for the row above, which cannot beat it by much.
        t, _ = measure(
            {
                "numpy": lambda: np.exp(V) * np.log(c_in),
                "dask": lambda: (da.exp(lazy_V) * da.log(lazy_c)).compute(),
            },
            repeat,
            budget=20.0,
            threaded=("numpy", "dask"),
        )
        ratio = t["numpy"] / t["dask"]
        print(
            f"| reference: exp(V)*log(c), dask's own ufuncs | {1e3 * t['numpy']:.0f} | {1e3 * t['dask']:.0f} "
            f"| {ratio:.2f}x |",
            flush=True,
        )


# ------------------------------------------------------------------ floors


def _keyword_call(D, dc_dx, *, validate=True):
    """fick_flux's one-line body behind the generated functions' ``validate`` keyword, and nothing else."""
    return -D * dc_dx


def _hand_math_lambdas() -> list[tuple[str, str]]:
    """(name, the expression's source) of each entry of HAND_MATH written as a lambda, read from this file."""
    import ast

    tree = ast.parse(open(__file__, encoding="utf-8").read())
    table = next(
        node.value
        for node in tree.body
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.target.id == "HAND_MATH"
    )
    return [
        (key.value, ast.unparse(value.body))
        for key, value in zip(table.keys, table.values, strict=True)
        if isinstance(value, ast.Lambda)
    ]


def _scalar_point(fn: Function, rng: np.random.Generator) -> list[float]:
    """One point of Python floats for fn, as the scalar table draws them."""
    return [float(np.asarray(a).reshape(-1)[0]) for a in arguments(fn, 1, rng, realistic=True)]


def _behind_keyword(
    name: str,
    hand: Callable[..., float],
    params: Sequence[str],
    body: list[str],
    rng: np.random.Generator,
    calls: int,
    repeat: int,
    names: dict | None = None,
) -> tuple[str, float]:
    """(name, ratio): ``body`` (lines indented by four spaces) behind the ``validate``
    keyword and one ``type(x) is float`` per parameter, called with validate=False, against
    ``hand``, at a point of the scalar table. The text is the benchmark's own, never user text."""
    typed = " and ".join(f"type({p}) is float" for p in params)
    text = "\n".join([f"def typed({', '.join(params)}, *, validate=True):", f"    if not ({typed}):", "        return None", *body])
    namespace = {"R": R, "F": F, "LN10": LN10, "math": math, **(names or {})}
    exec(compile(text + "\n", f"<floor of {name}>", "exec"), namespace)
    point = _scalar_point(Function(name), rng)
    t, _ = measure(
        {"hand": repeated(hand, point, calls), "typed": repeated(namespace["typed"], point, calls, validate=False)},
        20 * repeat,
        1.0,
    )
    return name, t["typed"] / t["hand"]


def _ratios(targets: Targets, row: str, ratios: list[tuple[str, float]]) -> str:
    """A Floors cell of one ratio per function (``"<name> <ratio>x, ..."``), each recorded as row ``row``."""
    return ", ".join(f"{name} {targets.floor(f'{row} {name}', ratio):.2f}x" for name, ratio in ratios)


def floors(n: int, repeat: int, targets: Targets) -> None:
    """What some targets are up against on this machine, measured with no derive code: the
    cheapest thing any implementation of the same interface or accuracy must do, against the
    baseline its target names. A floor above a target's bound (or a ceiling below it) means
    the target cannot be met by changing derive's code alone, so these rows have no status
    (``targets`` records their ratios for ``--json``).
    Row 5 bounds the functions built on logratio for logratio's formula (its bits): a cheaper
    formula of the same accuracy would not be bounded by it."""
    import numba

    print(f"\n## Floors: no derive code, {n:.0e} points (what the targets NOT MET are up against)\n")
    print("| floor | baseline | ratio | bounds the target |")
    print("|---|---|---:|---|")
    rng = np.random.default_rng(4)

    # 1. Scalars: passing validate=False to a function whose body is fick_flux's one operation.
    point = (1.5e-9, 2.5)
    calls = 2000

    t, _ = measure(
        {
            "hand": repeated(HAND_MATH["fick_flux"], point, calls),
            "keyword": repeated(_keyword_call, point, calls, validate=False),
        },
        20 * repeat,
        2.0,
    )
    ratio = targets.floor("1 fick_flux's body behind the keyword", t["keyword"] / t["hand"])
    print(
        f"| `def f(D, g, *, validate=True): return -D*g` called with validate=False | the hand lambda "
        f"({1e9 * t['hand'] / calls:.0f} ns) | {ratio:.2f}x | scalar validate=False <= 1.5x "
        "hand for the one-operation kernels |",
        flush=True,
    )

    # 1b. The same for every function a modeller writes as one expression (HAND_MATH's lambdas): that
    #     expression behind the keyword, with one `type(x) is float` per argument, the least any
    #     function that also takes arrays and pint Quantities must ask before its float path.
    rng_points = np.random.default_rng(1)  # the scalar table's points
    ratios = [
        _behind_keyword(name, HAND_MATH[name], Function(name).params, [f"    return {body}"], rng_points, calls, repeat)
        for name, body in _hand_math_lambdas()
    ]
    cell = _ratios(targets, "1b", ratios)
    print(
        "| the hand expression behind the keyword, after one `type(x) is float` per argument, called with "
        f"validate=False | the hand lambda | {cell} | scalar validate=False <= 1.5x hand, for "
        "each function above 1.5x here |",
        flush=True,
    )

    # 1c. Row 1b for the functions a modeller writes as a few lines (HAND_MATH's def functions): that
    #     function's own body behind the keyword, after one `type(x) is float` per argument.
    import inspect
    import textwrap

    rng_points, ratios = np.random.default_rng(1), []
    for name, f in HAND_MATH.items():
        if f.__name__ == "<lambda>" or name not in membrane.__all__:
            continue
        body = textwrap.dedent(inspect.getsource(f)).splitlines()[1:]
        ratios.append(_behind_keyword(name, f, list(inspect.signature(f).parameters), body, rng_points, calls, repeat))
    cell = _ratios(targets, "1c", ratios)
    print(
        "| the hand function's body behind the keyword, after one `type(x) is float` per argument, called with "
        f"validate=False | the hand function | {cell} | numpy module scalar validate=False <= 1.5x "
        "hand, for each function above 1.5x here |",
        flush=True,
    )

    # 1d. The compiled module's float path: the keyword, one `type(x) is float` per argument, then the
    #     compiled entry point (as _FloatEntry binds it) of an empty numba function of the same floats.
    from generated import membrane_compiled as compiled

    rng_points, ratios = np.random.default_rng(1), []  # the scalar table's points, in its order
    for name in (n for n in HAND if n in membrane.__all__):
        fn = Function(name)
        if not hasattr(compiled, f"_{name}_at_float"):
            _scalar_point(fn, rng_points)  # keeps the points of the functions after it those of the table
            continue  # its float path is arithmetic in Python: row 1b is its floor
        args, namespace = ", ".join(fn.params), {}
        exec(compile(f"def empty({args}):\n    return 0.0\n", f"<empty kernel of {name}>", "exec"), namespace)
        signature = (numba.float64,) * len(fn.params)
        kernel = numba.njit(cache=False, error_model="numpy")(namespace["empty"])
        kernel.compile(signature)
        body = ["    if not validate:", f"        return entry({args})"]
        entry = {"entry": kernel.overloads[signature].entry_point}
        ratios.append(_behind_keyword(name, HAND_MATH[name], fn.params, body, rng_points, calls, repeat, entry))
    cell = _ratios(targets, "1d", ratios)
    print(
        "| the keyword, one `type(x) is float` per argument, then an empty numba function's compiled entry point, "
        f"validate=False | the hand function | {cell} | compiled scalar validate=False <= 1.5x hand, "
        "for each function above 1.5x here |",
        flush=True,
    )

    # 2. One reduction pass over the argument of a one-operation kernel (-D*g): the least any
    #    check of g costs in numpy (the module's checks take two, its minimum and maximum).
    g = rng.uniform(-1.0, 1.0, n)
    out = np.empty(n)

    def checked():
        np.sum(g)
        return -1.5e-9 * g

    t, _ = measure({"op": lambda: -1.5e-9 * g, "checked": checked}, repeat, 10.0)
    ratio = targets.floor("2 -D*g and one np.sum of g", t["checked"] / t["op"])
    print(
        f"| -D*g and one np.sum of g | -D*g ({1e3 * t['op']:.2f} ms) | {ratio:.2f}x "
        "| numpy validation <= 1.2x for the one-operation kernels |",
        flush=True,
    )

    # 3. The one-operation kernel compiled by hand with numba: one nogil loop, on one thread and
    #    split in halves over two (the compiled module's own design), against lambdify's numpy.
    from concurrent.futures import ThreadPoolExecutor

    @numba.njit(nogil=True, cache=False)
    def scaled(c, x, out):  # pragma: no cover - compiled
        for i in range(x.size):
            out[i] = c * x[i]

    scaled(-1.5e-9, g[:8], out[:8])
    half = n // 2

    def two_threads(pool):
        result = np.empty(n)
        done = pool.submit(scaled, -1.5e-9, g[half:], result[half:])
        scaled(-1.5e-9, g[:half], result[:half])
        done.result()
        return result

    with ThreadPoolExecutor(1) as pool:
        t, wall = measure(
            {
                "numpy": lambda: -1.5e-9 * g,
                "one": lambda: scaled(-1.5e-9, g, np.empty(n)),
                "two": lambda: two_threads(pool),
            },
            repeat,
            10.0,
            threaded=("numpy", "one", "two"),
        )
    one = targets.floor("3 -D*g in a numba loop, one thread (speed)", t["numpy"] / t["one"])
    two_ = targets.floor("3 -D*g in a numba loop, two threads (speed)", t["numpy"] / t["two"])
    print(
        f"| -D*g in a hand-written numba loop into a new array, one thread / two threads | lambdify's numpy "
        f"({1e3 * t['numpy']:.2f} ms wall) | {one:.2f}x / {two_:.2f}x speed "
        "| compiled >= 3x lambdify for the one-operation kernels |",
        flush=True,
    )

    # 4. pump_leak_gradient's accurate form needs exp and expm1 of -kt per point; hand code needs exp only.
    tt = rng.uniform(0.5, 2.0, n)
    x = np.empty(n)

    def two():
        np.multiply(-0.7, tt, out=x)
        np.exp(x, out=out)
        return np.expm1(x, out=x)

    hand = HAND["pump_leak_gradient"]
    t, _ = measure({"hand": lambda: hand(tt, 1.2, 0.7, 0.3), "two": two}, repeat, 10.0)
    ratio = targets.floor("4 pump_leak_gradient's exp and expm1 (speed)", t["hand"] / t["two"])
    print(
        f"| exp(-kt) and expm1(-kt) alone | hand pump_leak_gradient ({1e3 * t['hand']:.2f} ms) "
        f"| {ratio:.2f}x speed | pump_leak_gradient numpy/nv >= 1.0x hand |",
        flush=True,
    )

    # 5. The functions built on logratio: ln(a/b) to logratio's accuracy (and bits) needs its nine ufuncs
    #    (a - b, r = a/b, (a - b)/b, r - 1, their difference, max(r, 1), the quotient, log r, the sum),
    #    here in the numpy module's blocks into scratch arrays reused from block to block (no
    #    temporaries to allocate), then the scale; hand code needs a/b, log and the scale.
    block = 16384  # the numpy module's _BLOCK
    a, b = rng.uniform(1.0, 150.0, n), rng.uniform(1.0, 150.0, n)
    dv = rng.uniform(-0.1, 0.1, n)

    def exact_log_ratio(extra=None):
        out = np.empty(n)
        r, c, t = np.empty(block), np.empty(block), np.empty(block)
        for s in range(0, n, block):
            x, y, o = a[s : s + block], b[s : s + block], out[s : s + block]
            rr, cc, tt = r[: x.size], c[: x.size], t[: x.size]
            np.subtract(x, y, out=cc)
            np.divide(x, y, out=rr)
            np.divide(cc, y, out=cc)
            np.subtract(rr, 1.0, out=tt)
            np.subtract(cc, tt, out=tt)
            np.maximum(rr, 1.0, out=cc)
            np.divide(tt, cc, out=tt)
            np.log(rr, out=rr)
            np.add(rr, tt, out=rr)
            np.multiply(R * 310.0 / F, rr, out=o)
            if extra is not None:  # transport free energy's z*F*delta_V
                np.multiply(2.0 * F, extra[s : s + block], out=tt)
                np.add(tt, o, out=o)
        return out

    nernst, transport = HAND["nernst_potential"], HAND["transport_free_energy"]
    t, _ = measure(
        {
            "hand": lambda: nernst(b, a, 1.0, 310.0),
            "exact": exact_log_ratio,
            "hand_t": lambda: transport(b, a, 2.0, dv, 310.0),
            "exact_t": lambda: exact_log_ratio(dv),
        },
        repeat,
        20.0,
    )
    log_ratio = targets.floor("5 logratio's ufuncs in blocks, nernst (speed)", t["hand"] / t["exact"])
    log_ratio_t = targets.floor("5 logratio's ufuncs in blocks, transport (speed)", t["hand_t"] / t["exact_t"])
    print(
        f"| ln(a/b) with logratio's nine ufuncs in blocks into scratch arrays, times a scale / plus z*F*dV "
        f"| hand nernst ({1e3 * t['hand']:.1f} ms) / hand transport ({1e3 * t['hand_t']:.1f} ms) "
        f"| {log_ratio:.2f}x / {log_ratio_t:.2f}x speed | numpy/nv >= 1.0x hand "
        "for nernst and binary junction / transport free energy, with logratio's formula |",
        flush=True,
    )

    # 6. A two-sided window in numpy reads an argument twice (np.minimum.reduce and np.maximum.reduce:
    #    numpy has no one-pass range): chord's kernel (three products, two sums, a quotient; the
    #    conductances single values) in the module's validated blocks, with and without the
    #    extremes of its three potentials per block.
    potentials = [rng.uniform(-0.1, 0.1, n) for _ in range(3)]
    g, step = (0.3, 0.04, 0.1), 2 * block  # the module's _CHECKED_STEP

    def chord(checked):
        out, t, u = np.empty(n), np.empty(step), np.empty(step)
        for s in range(0, n, step):
            e0, e1, e2 = (x[s : s + step] for x in potentials)
            tt, uu, o = t[: e0.size], u[: e0.size], out[s : s + step]
            np.multiply(e0, g[0], out=tt)
            np.multiply(e1, g[1], out=uu)
            np.add(tt, uu, out=tt)
            np.multiply(e2, g[2], out=uu)
            np.add(tt, uu, out=tt)
            np.divide(tt, g[0] + g[1] + g[2], out=o)
            if checked and not all(
                -2.0 <= np.minimum.reduce(x) and np.maximum.reduce(x) <= 2.0 for x in (e0, e1, e2)
            ):
                raise ValueError("outside the window")
        return out

    t, _ = measure({"kernel": lambda: chord(False), "checked": lambda: chord(True)}, repeat, 10.0)
    ratio = targets.floor("6 chord's kernel and its potentials' extremes", t["checked"] / t["kernel"])
    print(
        f"| chord's kernel in blocks and each potential's minimum and maximum per block | the same blocks "
        f"unchecked ({1e3 * t['kernel']:.1f} ms) | {ratio:.2f}x | numpy validation <= 1.2x "
        "for chord_conductance_potential |",
        flush=True,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1e6 points, 5 rounds, no all-arrays table")
    parser.add_argument("--size", type=float, default=None, help="points per array (default 1e7; 1e6 with --quick)")
    parser.add_argument("--repeat", type=int, default=None, help="rounds (default 7; 5 with --quick)")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="benchmark only these functions")
    parser.add_argument(
        "--json", metavar="PATH", help="also write this run's figures (each target's value, each floor) to PATH"
    )
    parser.add_argument(
        "--summarize",
        nargs="+",
        metavar="JSON",
        help="benchmark nothing: read runs written by --json and print, for each target, in how many it was met "
        "and its value in each, and each floor's ratio in each",
    )
    args = parser.parse_args(argv)
    if args.summarize:
        return summarize(args.summarize)
    n = int(args.size or (1e6 if args.quick else 1e7))
    repeat = args.repeat or (5 if args.quick else 7)

    import numba

    from generated import membrane_compiled as compiled

    start = time.perf_counter()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"# {platform.machine()}, {os.cpu_count()} CPUs, load average {load:.1f} at start, numba threads "
        f"{numba.get_num_threads()}, numpy {np.__version__}, numba {numba.__version__}, python "
        f"{platform.python_version()}; minimum over {repeat} rounds"
    )
    # the functions with a hand-written version (the others have no reference to race)
    names = [Function(n) for n in HAND if n in membrane.__all__ and (not args.only or n in args.only)]
    skipped = [n for n in membrane.__all__ if hasattr(membrane, f"_{n}_spec") and n not in HAND]
    t0 = time.perf_counter()
    lambdified = {fn.name: plain_lambdify(fn) for fn in names}
    print(f"# lambdify: {time.perf_counter() - t0:.1f} s; not benchmarked (no hand-written version): {', '.join(skipped)}")
    rng = np.random.default_rng(3)
    t0 = time.perf_counter()
    for fn in names:  # compile, or load numba's cache: a loop is compiled per pattern of arrays and scalars
        getattr(compiled, fn.name)(*arguments(fn, 4, rng, realistic=True))
        if not args.quick:
            getattr(compiled, fn.name)(*arguments(fn, 4, rng, realistic=False))
        getattr(compiled, fn.name)(*(float(sample(fn, p, 1, rng)[0]) for p in fn.params))
    print(f"# compiled module: first calls {time.perf_counter() - t0:.1f} s (compiling, or loading numba's cache)")
    targets = Targets()
    scalars(names, compiled, repeat, targets, args.quick)
    if not args.only or "ghk_current_density" in args.only:
        ode(compiled, repeat, targets)
    arrays(names, lambdified, compiled, n, repeat, targets, realistic=True)
    if not args.quick:
        arrays(names, lambdified, compiled, n, repeat, None, realistic=False)
    if not args.only or "ghk_current_density" in args.only:
        dask_table(compiled, n, repeat, targets)
    if not args.only:
        floors(n, repeat, targets)
    missed = targets.missed()
    print(f"\n# {len(targets.results) - len(missed)} of {len(targets.results)} targets met; not met:")
    for line in missed:
        print(f"#   {line}")
    end_load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    seconds = time.perf_counter() - start
    print(f"# {seconds:.0f} s; load average {end_load:.1f} at the end")
    if args.json:
        run = {
            "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
            "versions": f"numpy {np.__version__}, numba {numba.__version__}, python {platform.python_version()}",
            "commit": _commit(),
            "size": n,
            "repeat": repeat,
            "quick": args.quick,
            "only": args.only,
            "load": [load, end_load],
            "seconds": seconds,
            "targets": targets.results,
            "floors": targets.floors,
        }
        _write_json(args.json, run)
        print(f"# figures written to {args.json}")
    return 0


def _commit() -> str | None:
    """The checkout's commit (``git describe --always --dirty``), or None where git cannot say."""
    import subprocess

    try:
        done = subprocess.run(
            ["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return (done.stdout.strip() or None) if done.returncode == 0 else None


def _write_json(path: str, run: dict) -> None:
    """Write ``run`` to ``path`` whole or not at all (a temporary file beside it, then renamed)."""
    import json

    temporary = f"{path}.{os.getpid()}.tmp"
    f = open(temporary, "x", encoding="utf-8")  # "x": never another file of that name; the umask's mode
    try:
        with f:
            json.dump(run, f, indent=1)
            f.write("\n")
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def summarize(paths: list[str]) -> int:
    """Print the targets and floors of several runs written by ``--json``, side by side.

    A figure of one run is read as met or NOT MET; across runs on the same machine, a target
    met in every run is met, one met in none is not, and one met in some sits within the
    run-to-run spread of its bound. Runs of different sizes or rounds are not compared."""
    import json

    runs = []
    for path in paths:
        try:
            with open(path, encoding="utf-8") as f:
                run = json.load(f)
            run["targets"], run["floors"], run["size"], run["repeat"]  # noqa: B018 - the keys a run has
        except (OSError, ValueError, KeyError, TypeError) as error:
            print(f"numeric.py: {path} is not a run written by --json: {error}", file=sys.stderr)
            return 2
        runs.append(run)
    kinds = {(run["size"], run["repeat"]) for run in runs}
    if len(kinds) > 1:
        print(
            "numeric.py: the runs differ in points or rounds ("
            + ", ".join(f"{path}: {run['size']:.0e} points, {run['repeat']} rounds" for path, run in zip(paths, runs))
            + "): compare runs of the same kind",
            file=sys.stderr,
        )
        return 2
    (size, repeat), count = kinds.pop(), len(runs)
    print(f"# {count} runs of {size:.0e} points, {repeat} rounds")
    for path, run in zip(paths, runs):
        load = ", ".join(f"{x:.1f}" for x in run.get("load", []))
        print(
            f"#   {path}: {run.get('machine')}, {run.get('versions')}, commit {run.get('commit')}, "
            f"load average {load} at start and end, {run.get('seconds', float('nan')):.0f} s"
        )

    def columns(key: str, entries: str) -> dict[str, list]:
        """name -> [the figure in each run, None where a run lacks it], in the order first seen."""
        table: dict[str, list] = {}
        for i, run in enumerate(runs):
            for entry in run[entries]:
                table.setdefault(entry[key], [None] * count)[i] = entry
        return table

    print(f"\n## Targets in {count} runs\n")
    print("| target | wanted | met in | value in each run |")
    print("|---|---|---|---|")
    tally = {"every": 0, "some": 0, "none": 0}
    for what, entries in columns("target", "targets").items():
        present = [e for e in entries if e is not None]
        first = present[0]
        met = sum(Targets.met(e["value"], e["bound"], e["at_most"]) for e in present)
        tally["every" if met == len(present) else "none" if met == 0 else "some"] += 1
        values = ", ".join("—" if e is None else f"{e['value']:.2f}x" for e in entries)
        print(f"| {what} | {Targets.wanted(first['bound'], first['at_most'])} | {met} of {len(present)} | {values} |")
    print(
        f"\n# met in every run: {tally['every']}; in some (within the spread of its bound): {tally['some']}; "
        f"in none: {tally['none']}"
    )
    floors = columns("floor", "floors")
    if floors:
        print(f"\n## Floors in {count} runs (no derive code; speed rows are speed-ups, the others time ratios)\n")
        print("| floor | ratio in each run |")
        print("|---|---|")
        for what, entries in floors.items():
            print(f"| {what} | " + ", ".join("—" if e is None else f"{e['value']:.2f}x" for e in entries) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
