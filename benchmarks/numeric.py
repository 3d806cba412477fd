"""Benchmark of the generated numeric modules against what a user would write by hand.

    python benchmarks/numeric.py [--sizes 1e3 1e5 1e7] [--repeat 5] [--only NAME ...]

For each function of generated/membrane.py at each size (every argument an array of
that many valid points), it times, in the same run and interleaved round by round
(the minimum over rounds counts):

* ``lambdify``: ``sympy.lambdify`` of the derived formula in elementary form (the textbook
  formula: nan at V = 0, digits lost near the singular places) — the baseline;
* ``hand``: a hand-written numpy version, as a user would write it (below);
* ``numpy``, ``numpy/nv``: generated/membrane.py with and without validation;
* ``compiled``, ``compiled/nv``: generated/membrane_compiled.py (numba) likewise;
* ``copy``: a memory copy of as many bytes as the function reads and writes, the
  bound for a kernel limited by memory bandwidth (one thread).

It prints speed-ups over lambdify (higher is faster), the numpy module over hand-written
numpy, and the cost of validation. Targets at 1e7 points: numpy/nv >= 1.0x lambdify and
>= 0.9x hand; compiled >= 3x lambdify on a 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import sympy

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from derive.catalogue import FUNCTIONS  # noqa: E402
from derive.functions import to_elementary  # noqa: E402
from derive.symbols import SYMBOLS  # noqa: E402
from generated import membrane  # noqa: E402

F = 1.602176634e-19 * 6.02214076e23
R = 1.380649e-23 * 6.02214076e23

# ------------------------------------------------------------------ hand-written numpy


def _ghk_voltage_with_calcium(P_K, P_Na, P_Cl, P_Ca, K_in, K_out, Na_in, Na_out, Cl_in, Cl_out, Ca_in, Ca_out, T):
    # zero of the summed GHK currents: a quadratic in w = exp(FV/RT), positive root
    A = P_K * K_in + P_Na * Na_in + P_Cl * Cl_out
    B = P_K * K_out + P_Na * Na_out + P_Cl * Cl_in
    a, b, c = A + 4 * P_Ca * Ca_in, A - B, B + 4 * P_Ca * Ca_out
    return R * T / F * np.log((-b + np.sqrt(b * b + 4 * a * c)) / (2 * a))


#: What a user would write with numpy, straight from the textbook (expm1 where it is the obvious choice).
HAND: dict[str, Callable[..., np.ndarray]] = {
    "nernst_potential": lambda c_in, c_out, z, T: R * T / (z * F) * np.log(c_out / c_in),
    "ghk_current_density": lambda V, c_in, c_out, z, P, T: (
        (u := z * F * V / (R * T)),
        P * z * F * u * (c_in - c_out * np.exp(-u)) / -np.expm1(-u),
    )[1],
    "pump_leak_gradient": lambda t, p, k, G0: p / k + (G0 - p / k) * np.exp(-k * t),
    "pump_leak_steady_state": lambda p, k: p / k,
    "fick_flux": lambda D, dc_dx: -D * dc_dx,
    "transport_free_energy": lambda c_from, c_to, z, delta_V, T: R * T * np.log(c_to / c_from) + z * F * delta_V,
    "proton_motive_force": lambda delta_psi, delta_pH, T: delta_psi - R * T * np.log(10) / F * delta_pH,
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

# ------------------------------------------------------------------ inputs


def sample(name: str, n: int, rng: np.random.Generator) -> np.ndarray:
    """n valid values of parameter ``name``, in a physiological range read from its unit and assumptions."""
    spec = SYMBOLS[name]
    unit = str(spec.unit)
    if "integer" in spec.assumptions:
        return rng.choice([-2.0, -1.0, 1.0, 2.0], n)
    if unit == "kelvin":
        return rng.uniform(280.0, 315.0, n)
    if unit == "volt":
        return rng.uniform(-0.1, 0.1, n)
    if unit == "mole/meter**3":
        return rng.uniform(1.0, 150.0, n)
    if unit == "meter/second":
        return rng.uniform(0.5e-8, 2e-8, n)
    if {"positive", "nonnegative"} & set(spec.assumptions):
        return rng.uniform(0.5, 2.0, n)
    return rng.uniform(-1.0, 1.0, n)


def plain_lambdify(fn) -> Callable[..., np.ndarray]:
    expr = to_elementary(fn.expression())
    constants = {spec.symbol: spec.value for spec in SYMBOLS.constants()}
    return sympy.lambdify([SYMBOLS[p].symbol for p in fn.params], expr.subs(constants), "numpy")


# ------------------------------------------------------------------ timing


def measure(variants: dict[str, Callable[[], object]], repeat: int, budget: float) -> dict[str, float]:
    """Minimum seconds per call of each variant, measured round-robin so that load hits all alike."""
    best = dict.fromkeys(variants, float("inf"))
    start = time.perf_counter()
    for round_ in range(repeat):
        for name, call in variants.items():
            t0 = time.perf_counter()
            call()
            best[name] = min(best[name], time.perf_counter() - t0)
        if round_ >= 2 and time.perf_counter() - start > budget:
            break
    return best


def time_variants(fn, n, plain, hand, ours, theirs, rng, repeat) -> dict[str, float]:
    """Seconds per call of every variant at n points (each argument an array of n valid values)."""
    inputs = [sample(p, n, rng) for p in fn.params]
    calls = max(1, 100_000 // n)  # per timed sample: small sizes must not be timer noise
    buffer = np.empty((len(inputs) + 1) * n // 2)  # a copy reads and writes as many bytes as f
    source = np.ones_like(buffer)

    def loop(f, **kw):
        def run():
            for _ in range(calls):
                f(*inputs, **kw)

        return run

    def copy():
        for _ in range(calls):
            np.copyto(buffer, source)

    variants = {
        "lambdify": loop(plain),
        "hand": loop(hand),
        "numpy": loop(ours),
        "numpy/nv": loop(ours, validate=False),
        "compiled": loop(theirs),
        "compiled/nv": loop(theirs, validate=False),
        "copy": copy,
    }
    with np.errstate(all="ignore"):
        best = measure(variants, repeat, budget=20.0)
    return {k: v / calls for k, v in best.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", type=float, default=[1e3, 1e5, 1e7])
    parser.add_argument("--repeat", type=int, default=5, help="rounds (default 5; fewer if a size takes long)")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="benchmark only these functions")
    args = parser.parse_args(argv)

    import numba

    from generated import membrane_compiled as compiled

    print(
        f"# {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, numba threads "
        f"{numba.get_num_threads()}, numpy {np.__version__}, numba {numba.__version__}, python "
        f"{platform.python_version()}"
    )
    print("# speed-up over lambdify of the textbook formula (higher is faster); minimum over rounds")
    header = (
        "| function | points | lambdify | hand | numpy | numpy/nv | compiled | compiled/nv | copy "
        "| numpy/nv ÷ hand | validation cost (numpy, compiled) |"
    )
    print(header)
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    rng = np.random.default_rng(0)
    names = [f for f in FUNCTIONS if f.name in membrane.__all__ and (not args.only or f.name in args.only)]
    for fn in names:
        plain, hand = plain_lambdify(fn), HAND[fn.name]
        ours, theirs = getattr(membrane, fn.name), getattr(compiled, fn.name)
        t0 = time.perf_counter()
        theirs(*(sample(p, 4, rng) for p in fn.params))  # compile (or load from numba's cache)
        warm = time.perf_counter() - t0
        for size in args.sizes:
            n = int(size)
            t = time_variants(fn, n, plain, hand, ours, theirs, rng, args.repeat)
            base = t["lambdify"]
            speed = {k: base / v for k, v in t.items()}
            cells = [f"{speed[k]:.2f}x" for k in ("hand", "numpy", "numpy/nv", "compiled", "compiled/nv", "copy")]
            overhead = (
                f"+{100 * (t['numpy'] / t['numpy/nv'] - 1):.0f}%, +{100 * (t['compiled'] / t['compiled/nv'] - 1):.0f}%"
            )
            print(
                f"| {fn.name} | {n:.0e} | {1e3 * base:.3g} ms | " + " | ".join(cells) + f" | "
                f"{t['hand'] / t['numpy/nv']:.2f}x | {overhead} |",
                flush=True,
            )
        print(f"<!-- {fn.name}: first compiled call {warm:.2f} s (compiling, or loading numba's cache) -->")
    return 0


if __name__ == "__main__":
    sys.exit(main())
