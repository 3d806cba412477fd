"""Independent references for every numeric function of the catalogue, with the bound each must meet.

Each :class:`Reference` holds the textbook formula, typed here from the literature (not
from derive) and evaluated with mpmath at 50 significant digits (more where the
textbook form itself cancels), the *scale* of its terms, a bound in ulp, and a
generator of test points: the physiological range plus the places where a careless
form loses digits (V → 0 down to ±1e-300, nearly equal concentrations down to 1 ulp
apart, equal ones, large |zFV/RT|, rate constants down to 1e-300).

The bound: ``|f(x) - ref(x)| <= ulps * (eps * scale(x) + 2**-1074)`` with ``eps = 2**-52``
(the second term, the smallest subnormal, only matters for results that underflow,
such as a flux of 1e-313). The scale
is the sum of the magnitudes of the formula's terms, times the condition number of
the exponential where one enters (max(1, |u|) for e^u: any float evaluation of u
rounds it by an ulp, which moves e^u by |u| ulp). A scale of 0 demands an exact 0
(equal concentrations, identical solutions, equal mobilities).

Entries cover all 13 functions listed for the catalogue; tests skip, with that reason,
the ones not yet in the generated module, and fail for a module function without one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import mpmath
import numpy as np

DIGITS = 50
EPS = 2.0**-52
TINIEST = 2.0**-1074

mpmath.mp.dps = DIGITS
# CODATA 2018 exact values, typed independently of derive.constants.
F = mpmath.mpf("1.602176634e-19") * mpmath.mpf("6.02214076e23")  # C/mol
R = mpmath.mpf("1.380649e-23") * mpmath.mpf("6.02214076e23")  # J/(mol K)
LN10 = mpmath.log(10)


def mp(x: float) -> mpmath.mpf:
    return mpmath.mpf(float(x))  # exact: every float64 is an mpf


@dataclass(frozen=True)
class Reference:
    """The textbook value of one function, the scale of its terms, and the bound."""

    #: Parameter names in signature order (must match the generated function).
    params: tuple[str, ...]
    #: The textbook formula, in mpmath, of the parameters as mpf.
    value: Callable[..., mpmath.mpf]
    #: The scale of the formula's terms at the same point.
    scale: Callable[..., mpmath.mpf]
    #: The bound, in ulp of the scale.
    ulps: float
    #: Test points: arrays of equal length by parameter name.
    points: Callable[[np.random.Generator], dict[str, np.ndarray]]

    def evaluate(self, point: dict[str, float]) -> tuple[mpmath.mpf, mpmath.mpf]:
        args = [mp(point[p]) for p in self.params]
        with mpmath.workdps(DIGITS):
            return self.value(*args), abs(self.scale(*args))


# ------------------------------------------------------------------ point generators

#: Tiny magnitudes where removable singularities and cancellation live.
TINY = np.array([1e-300, 1e-200, 1e-100, 1e-30, 1e-15, 1e-12, 1e-9, 1e-6, 1e-3])
SIGNED_TINY = np.concatenate([[0.0], TINY, -TINY])


def loguniform(rng: np.random.Generator, lo: float, hi: float, n: int) -> np.ndarray:
    return np.exp(rng.uniform(np.log(lo), np.log(hi), n))


def concentration(rng: np.random.Generator, n: int) -> np.ndarray:
    """mol/m³ from 0.1 µM to 1 M."""
    return loguniform(rng, 1e-4, 1e3, n)


def nearly(rng: np.random.Generator, c: np.ndarray) -> np.ndarray:
    """Concentrations equal to c, 1 to 4 ulp from it, or relatively ±1e-15 ... ±1e-3 away."""
    n = len(c)
    kind = rng.integers(0, 3, n)
    ulps = rng.choice([-4, -3, -2, -1, 1, 2, 3, 4], n)
    stepped = c.copy()
    for step in range(4):
        stepped = np.where(np.abs(ulps) > step, np.nextafter(stepped, np.sign(ulps) * np.inf), stepped)
    relative = c * (1 + rng.choice(np.concatenate([TINY[4:], -TINY[4:]]), n))
    return np.where(kind == 0, c, np.where(kind == 1, stepped, relative))


def charge(rng: np.random.Generator, n: int) -> np.ndarray:
    return rng.choice([-3.0, -2.0, -1.0, 1.0, 2.0, 3.0], n)


def temperature(rng: np.random.Generator, n: int) -> np.ndarray:
    return rng.uniform(273.15, 313.15, n)


def _mix(*blocks: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    return {k: np.concatenate([b[k] for b in blocks]) for k in blocks[0]}


# ------------------------------------------------------------------ the formulas


def B(x):
    """x/(e^x - 1), the reciprocal of exprel, 1 at 0 (expm1 keeps 50 digits at any |x|)."""
    return mpmath.mpf(1) if x == 0 else x / mpmath.expm1(x)


def ghk(V, ci, co, z, P, T):
    """Hille's GHK current density: P z² F² V/(RT) (c_i - c_o e^{-u})/(1 - e^{-u}), u = zFV/RT."""
    u = z * F * V / (R * T)
    if u == 0:
        return P * z * F * (ci - co)
    return P * z**2 * F**2 * V / (R * T) * (ci - co * mpmath.exp(-u)) / (-mpmath.expm1(-u))


def ghk_scale(V, ci, co, z, P, T):
    u = z * F * V / (R * T)
    return abs(P * z * F) * (ci * B(-u) + co * B(u)) * max(1, abs(u))


def _nernst_points(rng):
    n = 300
    c_in = concentration(rng, n)
    wide = {"c_in": c_in, "c_out": concentration(rng, n), "z": charge(rng, n), "T": temperature(rng, n)}
    close = {"c_in": c_in, "c_out": nearly(rng, c_in), "z": charge(rng, n), "T": temperature(rng, n)}
    extreme = {
        "c_in": np.array([1e-12, 1e4, 1e-12, 1.0]),
        "c_out": np.array([1e4, 1e-12, 1e-12, 1.0]),
        "z": np.array([1.0, -2.0, 3.0, 1.0]),
        "T": np.array([310.15, 273.15, 300.0, 310.15]),
    }
    return _mix(wide, close, extreme)


def _ghk_points(rng):
    n = 200
    volts = np.concatenate([SIGNED_TINY, rng.uniform(-0.15, 0.15, n), [-20.0, -5.0, -1.0, -0.5, 0.5, 1.0, 5.0, 20.0]])
    m = len(volts)
    c_in = concentration(rng, m)
    base = {
        "V": volts,
        "c_in": c_in,
        "z": charge(rng, m),
        "P": loguniform(rng, 1e-12, 1e-4, m),
        "T": temperature(rng, m),
    }
    wide = {**base, "c_out": concentration(rng, m)}
    close = {**base, "c_out": nearly(rng, c_in)}
    # at the reversal potential the two terms cancel: the scale of the terms bounds the error
    E = np.array(
        [
            float(R * 310.15 / (z * F) * mpmath.log(mp(co) / mp(ci)))
            for ci, co, z in zip(c_in[:50], wide["c_out"][:50], base["z"][:50], strict=True)
        ]
    )
    reversal = {k: v[:50] for k, v in wide.items()} | {"V": E, "T": np.full(50, 310.15)}
    # an ion on one side only (bi-ionic, zero-trans): zero concentrations are in the domain
    one_sided = {k: v[:60] for k, v in wide.items()}
    one_sided["c_in"] = np.where(np.arange(60) % 3 == 0, 0.0, one_sided["c_in"])
    one_sided["c_out"] = np.where(np.arange(60) % 3 == 1, 0.0, one_sided["c_out"])
    return _mix(wide, close, reversal, one_sided)


def _pump_leak_points(rng):
    n = 150
    k = np.concatenate([[0.0, 0.0, 0.0], TINY, loguniform(rng, 1e-6, 1e3, n)])
    m = len(k)
    return {
        "t": np.concatenate([[0.0], rng.uniform(0, 1e3, m - 1)]),
        "p": loguniform(rng, 1e-3, 1e3, m),
        "k": k,
        "G0": rng.choice([0.0, 1.0, -1.0], m) * loguniform(rng, 1e-3, 1e3, m),
    }


def pump_leak(t, p, k, G0):
    """p/k + (G0 - p/k) e^{-kt}: it cancels digits in proportion to p/k and 1/kt, so carry that many more.

    Without a leak (k = 0) the gradient grows linearly: G0 + p t.
    """
    if k == 0:
        return G0 + p * t
    extra = (
        20
        + abs(mpmath.log10(p / k))
        + (abs(mpmath.log10(k * t)) if t else 0)
        + (abs(mpmath.log10(abs(G0))) if G0 else 0)
    )
    with mpmath.workdps(DIGITS + int(extra)):
        return +(p / k + (G0 - p / k) * mpmath.exp(-k * t))


def pump_leak_scale(t, p, k, G0):
    x = k * t
    exprel = mpmath.mpf(1) if x == 0 else -mpmath.expm1(-x) / x
    return (abs(G0) * mpmath.exp(-x) + p * t * exprel) * max(1, x)


def _steady_points(rng):
    n = 100
    return {"p": loguniform(rng, 1e-6, 1e6, n), "k": np.concatenate([TINY, loguniform(rng, 1e-6, 1e6, n - len(TINY))])}


def _fick_points(rng):
    n = 100
    return {
        "D": loguniform(rng, 1e-13, 1e-7, n),
        "dc_dx": np.concatenate(
            [
                SIGNED_TINY,
                rng.choice([-1.0, 1.0], n - len(SIGNED_TINY)) * loguniform(rng, 1e-3, 1e9, n - len(SIGNED_TINY)),
            ]
        ),
    }


def _free_energy_points(rng):
    n = 200
    c_from = concentration(rng, n)
    dV = np.concatenate([SIGNED_TINY, rng.uniform(-0.2, 0.2, n - len(SIGNED_TINY))])
    # z = 0 for a neutral solute (glucose): only the chemical term remains
    z = np.where(np.arange(n) % 9 == 0, 0.0, charge(rng, n))
    base = {"c_from": c_from, "z": z, "delta_V": dV, "T": temperature(rng, n)}
    return _mix({**base, "c_to": concentration(rng, n)}, {**base, "c_to": nearly(rng, c_from)})


def _pmf_points(rng):
    n = 150
    signed = np.concatenate([SIGNED_TINY, rng.uniform(-0.25, 0.25, n - len(SIGNED_TINY))])
    return {
        "delta_psi": signed,
        "delta_pH": np.concatenate([rng.uniform(-2, 2, n - len(SIGNED_TINY)), SIGNED_TINY]),
        "T": temperature(rng, n),
    }


def _ghk_voltage_parts(PK, PNa, PCl, Ki, Ko, Nai, Nao, Cli, Clo):
    num = PK * Ko + PNa * Nao + PCl * Cli
    den = PK * Ki + PNa * Nai + PCl * Clo
    spread = PK * abs(Ko - Ki) + PNa * abs(Nao - Nai) + PCl * abs(Cli - Clo)
    return num, den, spread


def ghk_voltage(PK, PNa, PCl, Ki, Ko, Nai, Nao, Cli, Clo, T):
    num, den, _ = _ghk_voltage_parts(PK, PNa, PCl, Ki, Ko, Nai, Nao, Cli, Clo)
    return R * T / F * mpmath.log(num / den)


def ghk_voltage_scale(PK, PNa, PCl, Ki, Ko, Nai, Nao, Cli, Clo, T):
    num, den, spread = _ghk_voltage_parts(PK, PNa, PCl, Ki, Ko, Nai, Nao, Cli, Clo)
    return R * T / F * (abs(mpmath.log(num / den)) + spread / den)


def _solutions(rng, n, names):
    """Inside/outside concentration pairs: physiological, nearly identical, identical."""
    out = {}
    for name in names:
        inside = concentration(rng, n)
        outside = np.concatenate(
            [concentration(rng, n // 3), nearly(rng, inside[n // 3 : 2 * n // 3]), inside[2 * n // 3 :]]
        )
        out[f"{name}_in"], out[f"{name}_out"] = inside, outside
    return out


def _ghk_voltage_points(rng):
    n = 150
    perms = {f"P_{ion}": loguniform(rng, 1e-10, 1e-6, n) for ion in ("K", "Na", "Cl")}
    solutions = _solutions(rng, n, ("K", "Na", "Cl"))
    # ions on one side only: every fifth point has Na+ only outside, every seventh Cl- only inside
    solutions["Na_in"] = np.where(np.arange(n) % 5 == 0, 0.0, solutions["Na_in"])
    solutions["Cl_out"] = np.where(np.arange(n) % 7 == 0, 0.0, solutions["Cl_out"])
    return {**perms, **solutions, "T": temperature(rng, n)}


def ghk_voltage_calcium(PK, PNa, PCl, PCa, Ki, Ko, Nai, Nao, Cli, Clo, Cai, Cao, T):
    """The potential where the four textbook GHK currents sum to zero (found by bisection-safe root finding)."""
    ions = [(PK, Ki, Ko, 1), (PNa, Nai, Nao, 1), (PCl, Cli, Clo, -1), (PCa, Cai, Cao, 2)]

    def total(V):
        return sum(ghk(V, ci, co, z, P, T) for P, ci, co, z in ions)

    reversal = [R * T / (z * F) * mpmath.log(co / ci) for _, ci, co, z in ions]
    lo, hi = min(reversal), max(reversal)
    if lo == hi:
        return lo
    return mpmath.findroot(total, (lo, hi), solver="anderson")


def ghk_voltage_calcium_scale(*args):
    V = ghk_voltage_calcium(*args)
    T = args[-1]
    return R * T / F * max(1, abs(F * V / (R * T)))


def _ghk_calcium_points(rng):
    n = 60
    perms = {f"P_{ion}": loguniform(rng, 1e-10, 1e-6, n) for ion in ("K", "Na", "Cl", "Ca")}
    return {**perms, **_solutions(rng, n, ("K", "Na", "Cl", "Ca")), "T": temperature(rng, n)}


def chord(gK, gNa, gCl, EK, ENa, ECl):
    return (gK * EK + gNa * ENa + gCl * ECl) / (gK + gNa + gCl)


def chord_scale(gK, gNa, gCl, EK, ENa, ECl):
    return (gK * abs(EK) + gNa * abs(ENa) + gCl * abs(ECl)) / (gK + gNa + gCl)


def _chord_points(rng):
    n = 150
    g = {f"g_{ion}": loguniform(rng, 1e-3, 1e3, n) for ion in ("K", "Na", "Cl")}
    E = {f"E_{ion}": np.concatenate([SIGNED_TINY[:10], rng.uniform(-0.12, 0.08, n - 10)]) for ion in ("K", "Na", "Cl")}
    return {**g, **E}


def _mullins_noda_parts(PK, PNa, Ki, Ko, Nai, Nao, r):
    num = r * PK * Ko + PNa * Nao
    den = r * PK * Ki + PNa * Nai
    return num, den, r * PK * abs(Ko - Ki) + PNa * abs(Nao - Nai)


def mullins_noda(PK, PNa, Ki, Ko, Nai, Nao, r, T):
    num, den, _ = _mullins_noda_parts(PK, PNa, Ki, Ko, Nai, Nao, r)
    return R * T / F * mpmath.log(num / den)


def mullins_noda_scale(PK, PNa, Ki, Ko, Nai, Nao, r, T):
    num, den, spread = _mullins_noda_parts(PK, PNa, Ki, Ko, Nai, Nao, r)
    return R * T / F * (abs(mpmath.log(num / den)) + spread / den)


def _mullins_noda_points(rng):
    n = 150
    return {
        "P_K": loguniform(rng, 1e-10, 1e-6, n),
        "P_Na": loguniform(rng, 1e-10, 1e-6, n),
        **_solutions(rng, n, ("K", "Na")),
        "r": rng.uniform(1.0, 3.0, n),
        "T": temperature(rng, n),
    }


def junction(c1, c2, up, um, T):
    return (up - um) / (up + um) * R * T / F * mpmath.log(c1 / c2)


def _junction_points(rng):
    n = 150
    c1 = concentration(rng, n)
    up = loguniform(rng, 1e-9, 1e-7, n)
    um = np.concatenate([loguniform(rng, 1e-9, 1e-7, n // 2), nearly(rng, up[n // 2 :])])
    return _mix(
        {"c1": c1, "c2": concentration(rng, n), "u_plus": up, "u_minus": um, "T": temperature(rng, n)},
        {"c1": c1, "c2": nearly(rng, c1), "u_plus": up, "u_minus": um[::-1], "T": temperature(rng, n)},
    )


#: One entry per function of the catalogue, by name.
REFERENCES: dict[str, Reference] = {
    "nernst_potential": Reference(
        ("c_in", "c_out", "z", "T"),
        lambda ci, co, z, T: R * T / (z * F) * mpmath.log(co / ci),
        lambda ci, co, z, T: R * T / (z * F) * mpmath.log(co / ci),
        4,
        _nernst_points,
    ),
    "ghk_current_density": Reference(("V", "c_in", "c_out", "z", "P", "T"), ghk, ghk_scale, 4, _ghk_points),
    "pump_leak_gradient": Reference(("t", "p", "k", "G0"), pump_leak, pump_leak_scale, 4, _pump_leak_points),
    "pump_leak_steady_state": Reference(("p", "k"), lambda p, k: p / k, lambda p, k: p / k, 1, _steady_points),
    "fick_flux": Reference(("D", "dc_dx"), lambda D, g: -D * g, lambda D, g: D * g, 1, _fick_points),
    "transport_free_energy": Reference(
        ("c_from", "c_to", "z", "delta_V", "T"),
        lambda a, b, z, dV, T: R * T * mpmath.log(b / a) + z * F * dV,
        lambda a, b, z, dV, T: abs(R * T * mpmath.log(b / a)) + abs(z * F * dV),
        4,
        _free_energy_points,
    ),
    "proton_motive_force": Reference(
        ("delta_psi", "delta_pH", "T"),
        lambda dpsi, dpH, T: dpsi - R * T * LN10 / F * dpH,
        lambda dpsi, dpH, T: abs(dpsi) + abs(R * T * LN10 / F * dpH),
        4,
        _pmf_points,
    ),
    "ghk_voltage": Reference(
        ("P_K", "P_Na", "P_Cl", "K_in", "K_out", "Na_in", "Na_out", "Cl_in", "Cl_out", "T"),
        ghk_voltage,
        ghk_voltage_scale,
        8,
        _ghk_voltage_points,
    ),
    "ghk_voltage_with_calcium": Reference(
        ("P_K", "P_Na", "P_Cl", "P_Ca", "K_in", "K_out", "Na_in", "Na_out", "Cl_in", "Cl_out", "Ca_in", "Ca_out", "T"),
        ghk_voltage_calcium,
        ghk_voltage_calcium_scale,
        16,
        _ghk_calcium_points,
    ),
    "chord_conductance_potential": Reference(
        ("g_K", "g_Na", "g_Cl", "E_K", "E_Na", "E_Cl"), chord, chord_scale, 4, _chord_points
    ),
    "mullins_noda_potential": Reference(
        ("P_K", "P_Na", "K_in", "K_out", "Na_in", "Na_out", "r", "T"),
        mullins_noda,
        mullins_noda_scale,
        8,
        _mullins_noda_points,
    ),
    "binary_junction_potential": Reference(
        ("c1", "c2", "u_plus", "u_minus", "T"), junction, junction, 6, _junction_points
    ),
}


# ------------------------------------------------------------------ issue 11: typed from the literature


def _driving_points(rng):
    n = 200
    V = np.concatenate([SIGNED_TINY, rng.uniform(-0.2, 0.2, n - len(SIGNED_TINY))])
    c_in = concentration(rng, n)
    base = {"V": V, "c_in": c_in, "z": charge(rng, n), "T": temperature(rng, n)}
    return _mix({**base, "c_out": concentration(rng, n)}, {**base, "c_out": nearly(rng, c_in)})


def _driving_points_neutral(rng):
    """Also z = 0: a neutral solute (glucose) in a cotransporter's cycle."""
    points = _driving_points(rng)
    points["z"] = np.where(np.arange(len(points["z"])) % 9 == 0, 0.0, points["z"])
    return points


def slope_conductance(ci, co, z, P, T):
    """Hille's slope of the GHK current at E: P z² F² c_i c_o ln(c_o/c_i) / (RT (c_o - c_i)); P z² F² c/RT at c_i = c_o."""
    if ci == co:
        return P * z**2 * F**2 * ci / (R * T)
    return P * z**2 * F**2 * ci * co * mpmath.log(co / ci) / (R * T * (co - ci))


def _slope_points(rng):
    n = 200
    c_in = concentration(rng, n)
    base = {"c_in": c_in, "z": charge(rng, n), "P": loguniform(rng, 1e-12, 1e-4, n), "T": temperature(rng, n)}
    return _mix({**base, "c_out": concentration(rng, n)}, {**base, "c_out": nearly(rng, c_in)})


def pump_cycle(Nai, Nao, Ki, Ko, V, T):
    """3 Na+ out and 2 K+ in: 3[RT ln(Na_o/Na_i) - FV] + 2[RT ln(K_i/K_o) + FV]."""
    return 3 * R * T * mpmath.log(Nao / Nai) + 2 * R * T * mpmath.log(Ki / Ko) - F * V


def pump_cycle_scale(Nai, Nao, Ki, Ko, V, T):
    return abs(3 * R * T * mpmath.log(Nao / Nai)) + abs(2 * R * T * mpmath.log(Ki / Ko)) + abs(F * V)


def pump_reversal(Nai, Nao, Ki, Ko, dG, T):
    return (3 * R * T * mpmath.log(Nao / Nai) + 2 * R * T * mpmath.log(Ki / Ko) + dG) / F


def pump_reversal_scale(Nai, Nao, Ki, Ko, dG, T):
    return (abs(3 * R * T * mpmath.log(Nao / Nai)) + abs(2 * R * T * mpmath.log(Ki / Ko)) + abs(dG)) / F


def _pump_points(rng, last):
    n = 150
    sol = _solutions(rng, n, ("Na", "K"))
    extra = (
        {"V": np.concatenate([SIGNED_TINY, rng.uniform(-0.2, 0.2, n - len(SIGNED_TINY))])}
        if last == "V"
        else {"dG_ATP": -loguniform(rng, 1e-3, 1e5, n)}
    )
    return {"Na_in": sol["Na_in"], "Na_out": sol["Na_out"], "K_in": sol["K_in"], "K_out": sol["K_out"], **extra,
            "T": temperature(rng, n)}


def ncx_cycle(Nai, Nao, Cai, Cao, V, T):
    """3 Na+ in [RT ln(Na_i/Na_o) + FV each], 1 Ca2+ out [RT ln(Ca_o/Ca_i) - 2FV]."""
    return 3 * R * T * mpmath.log(Nai / Nao) + R * T * mpmath.log(Cao / Cai) + F * V


def ncx_cycle_scale(Nai, Nao, Cai, Cao, V, T):
    return abs(3 * R * T * mpmath.log(Nai / Nao)) + abs(R * T * mpmath.log(Cao / Cai)) + abs(F * V)


def ncx_reversal(Nai, Nao, Cai, Cao, T):
    """E_NCX = 3 E_Na - 2 E_Ca (Blaustein & Lederer 1999)."""
    E_Na = R * T / F * mpmath.log(Nao / Nai)
    E_Ca = R * T / (2 * F) * mpmath.log(Cao / Cai)
    return 3 * E_Na - 2 * E_Ca


def ncx_reversal_scale(Nai, Nao, Cai, Cao, T):
    return R * T / F * (abs(3 * mpmath.log(Nao / Nai)) + abs(mpmath.log(Cao / Cai)))


def _ncx_points(rng, with_V):
    n = 150
    sol = _solutions(rng, n, ("Na", "Ca"))
    out = {"Na_in": sol["Na_in"], "Na_out": sol["Na_out"], "Ca_in": sol["Ca_in"], "Ca_out": sol["Ca_out"]}
    if with_V:
        # tiny V where the concentrations are nearly equal: there the logarithms' digits matter
        third = n // 3
        out["V"] = np.concatenate(
            [rng.uniform(-0.2, 0.2, third), rng.choice(SIGNED_TINY, n - third)]
        )
    return {**out, "T": temperature(rng, n)}


def _donnan_pair(c, rho):
    """Donnan (1911): c_+ c_- = c², c_+ - c_- = -rho, so with s = sqrt(c² + rho²/4)
    c_+ = s - rho/2 and c_- = s + rho/2. The difference cancels when |rho| >> c; there the
    product gives the small one instead (c_+ = c²/(s + rho/2) for rho > 0), which does not."""
    s = mpmath.sqrt(c**2 + rho**2 / 4)
    if rho > 0:
        return c**2 / (s + rho / 2), s + rho / 2
    return s - rho / 2, c**2 / (s - rho / 2)


def donnan_cation(c, rho):
    with mpmath.workdps(DIGITS + 60):
        return +_donnan_pair(c, rho)[0]


def donnan_anion(c, rho):
    with mpmath.workdps(DIGITS + 60):
        return +_donnan_pair(c, rho)[1]


def donnan_potential(c, rho, T):
    """V = (RT/F) ln(c_o/c_+,i): the Nernst potential of the cation at its Donnan distribution.

    For |rho| << c the logarithm's argument is 1 - rho/2c: carry as many more digits as it cancels.
    """
    extra = 60 + (int(abs(mpmath.log10(abs(rho) / c))) if rho else 0)
    with mpmath.workdps(DIGITS + extra):
        cation = _donnan_pair(c, rho)[0]
        return +(R * T / F * mpmath.log(c / cation))


def _donnan_points(rng, with_T):
    n = 200
    rho = np.concatenate(
        [SIGNED_TINY, rng.choice([-1.0, 1.0], n - len(SIGNED_TINY)) * loguniform(rng, 1e-3, 1e4, n - len(SIGNED_TINY))]
    )
    out = {"c_out": concentration(rng, n), "rho": rho}
    return {**out, "T": temperature(rng, n)} if with_T else out


def biionic(V, Xo, Yi, z, T):
    """Hille (2001): P_X/P_Y = ([Y]_i/[X]_o) exp(zFV_rev/RT) for X only outside and Y only inside."""
    return Yi / Xo * mpmath.exp(z * F * V / (R * T))


def biionic_scale(V, Xo, Yi, z, T):
    return biionic(V, Xo, Yi, z, T) * max(1, abs(z * F * V / (R * T)))


def _biionic_points(rng):
    n = 200
    return {
        "V_rev": np.concatenate([SIGNED_TINY, rng.uniform(-0.15, 0.15, n - len(SIGNED_TINY))]),
        "X_out": concentration(rng, n),
        "Y_in": concentration(rng, n),
        "z": charge(rng, n),
        "T": temperature(rng, n),
    }


def ussing(V, ci, co, z, T):
    """Ussing (1949): influx/efflux = (c_o/c_i) exp(-zFV/RT)."""
    return co / ci * mpmath.exp(-z * F * V / (R * T))


def ussing_scale(V, ci, co, z, T):
    return ussing(V, ci, co, z, T) * max(1, abs(z * F * V / (R * T)))


REFERENCES.update(
    {
        "electrochemical_driving_force": Reference(
            ("V", "c_in", "c_out", "z", "T"),
            lambda V, ci, co, z, T: R * T * mpmath.log(ci / co) + z * F * V,
            lambda V, ci, co, z, T: abs(R * T * mpmath.log(ci / co)) + abs(z * F * V),
            4,
            _driving_points_neutral,
        ),
        "ghk_slope_conductance": Reference(
            ("c_in", "c_out", "z", "P", "T"), slope_conductance, slope_conductance, 8, _slope_points
        ),
        "sodium_potassium_pump_free_energy": Reference(
            ("Na_in", "Na_out", "K_in", "K_out", "V", "T"),
            pump_cycle,
            pump_cycle_scale,
            4,
            lambda rng: _pump_points(rng, "V"),
        ),
        "sodium_potassium_pump_reversal_potential": Reference(
            ("Na_in", "Na_out", "K_in", "K_out", "dG_ATP", "T"),
            pump_reversal,
            pump_reversal_scale,
            4,
            lambda rng: _pump_points(rng, "dG_ATP"),
        ),
        "sodium_calcium_exchanger_free_energy": Reference(
            ("Na_in", "Na_out", "Ca_in", "Ca_out", "V", "T"),
            ncx_cycle,
            ncx_cycle_scale,
            4,
            lambda rng: _ncx_points(rng, True),
        ),
        "sodium_calcium_exchanger_reversal_potential": Reference(
            ("Na_in", "Na_out", "Ca_in", "Ca_out", "T"),
            ncx_reversal,
            ncx_reversal_scale,
            4,
            lambda rng: _ncx_points(rng, False),
        ),
        "donnan_potential": Reference(
            ("c_out", "rho", "T"), donnan_potential, donnan_potential, 4, lambda rng: _donnan_points(rng, True)
        ),
        "donnan_cation_concentration": Reference(
            ("c_out", "rho"), donnan_cation, donnan_cation, 4, lambda rng: _donnan_points(rng, False)
        ),
        "donnan_anion_concentration": Reference(
            ("c_out", "rho"), donnan_anion, donnan_anion, 4, lambda rng: _donnan_points(rng, False)
        ),
        "biionic_permeability_ratio": Reference(
            ("V_rev", "X_out", "Y_in", "z", "T"), biionic, biionic_scale, 4, _biionic_points
        ),
        "ussing_flux_ratio": Reference(("V", "c_in", "c_out", "z", "T"), ussing, ussing_scale, 4, _driving_points),
    }
)


# ------------------------------------------------------------------ issue 11, part 5: activities

#: Avogadro constant (exact) and the vacuum permittivity (CODATA 2018), typed independently of derive.
N_A = mpmath.mpf("6.02214076e23")
EPSILON_0 = mpmath.mpf("8.8541878128e-12")


def water_permittivity(T):
    """Malmberg & Maryott (1956), eq. (2), with t the Celsius temperature."""
    t = T - mpmath.mpf("273.15")
    a0, a1, a2, a3 = (mpmath.mpf(a) for a in ("87.740", "-0.40008", "9.398e-4", "-1.410e-6"))
    return a0 + a1 * t + a2 * t**2 + a3 * t**3


def debye_huckel_A(T):
    """A = sqrt(2π N_A · 1000 L/m³) λ_B^{3/2} / ln 10, with the Bjerrum length λ_B = e²/(4π ε0 εr k_B T):
    the limiting law ln γ = -z² λ_B κ/2, κ² = 8π λ_B N_A I (Debye & Hückel 1923; Robinson & Stokes 1959,
    ch. 4)."""
    e, kB = F / N_A, R / N_A
    bjerrum = e**2 / (4 * mpmath.pi * EPSILON_0 * water_permittivity(T) * kB * T)
    return mpmath.sqrt(2 * mpmath.pi * N_A * 1000) * bjerrum**1.5 / LN10


def davies(z, I, T):
    """Davies (1962): log10 γ = -A z² (√I/(1 + √I) - 0.3 I), I in mol/L (here given in mol/m³)."""
    x = mpmath.sqrt(I / 1000)
    return mpmath.power(10, -debye_huckel_A(T) * z**2 * (x / (1 + x) - mpmath.mpf("0.3") * I / 1000))


def davies_scale(z, I, T):
    """γ times the condition number of 10^u, |u ln 10|, plus the terms of u (√I/(1+√I) and 0.3 I, which
    cancel near I = 11 M), and a factor 4 for the cancellation in the cubic of εr."""
    x = mpmath.sqrt(I / 1000)
    terms = debye_huckel_A(T) * z**2 * (x / (1 + x) + mpmath.mpf("0.3") * I / 1000) * LN10
    return davies(z, I, T) * (1 + 4 * terms)


def _davies_points(rng):
    n = 200
    return {
        "z": np.concatenate([[0.0, 0.0], rng.choice([-3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0], n - 2)]),
        "ionic_strength": np.concatenate([[0.0, 1e-300], loguniform(rng, 1e-6, 1e4, n - 2)]),
        "T": rng.uniform(273.15, 373.15, n),
    }


REFERENCES["activity_coefficient"] = Reference(("z", "ionic_strength", "T"), davies, davies_scale, 8, _davies_points)
