"""Runtime of the liquid junction potential, copied into the generated numpy module.

Unlike the element-wise functions of the catalogue, a junction potential takes two
solutions (ion name → concentration) and solves a boundary-value problem, so it is not
printed from one formula: this module is ordinary, tested code that the generator
copies into ``generated/membrane.py`` source by source (:func:`JUNCTION_RUNTIME` names
what is copied), next to a printed table of the ion library (``_LJP_IONS``). It needs
numpy and the standard library only.

Every method works with the dimensionless potential ``eps = F(psi_2 - psi_1)/RT`` and
the mobilities ``u_i = lambda_i/|z_i|`` (``lambda_i`` the limiting conductance per unit
charge, so ``u_i`` is proportional to the diffusion coefficient): only their ratios
enter. The formulas are those derived and verified in ``derive.relation(...)``:

- ``_ljp_henderson``: "henderson_junction" (linear mixing, any valences);
- ``_ljp_planck``: "planck_junction" (stationary electroneutral Nernst–Planck,
  monovalent ions), solved as ``G(eps) = 0`` with ``G`` written in ``exprel`` so it has
  no spurious roots and no 0/0 when the two total concentrations are equal;
- ``_ljp_nernst_planck``: the system of "nernst_planck_junction" (any valences),
  solved by shooting: the total concentration is linear in x (a verified step), so the
  map ``C(t) = C1 exp(t ln(C2/C1))`` and the fractions ``y_i = c_i/C`` make every
  quantity O(1); the fluxes, constrained to zero current and to the total's slope,
  are found by Newton's method on a coarse grid, then refined by chord steps on a fine
  grid (classical Runge–Kutta, fourth order), deterministic and converged.
"""

from __future__ import annotations

import difflib
import math
import warnings
from collections import namedtuple

import numpy as np

from ..constants import FARADAY, GAS_CONSTANT
from .numpy_runtime import InvalidInputError, UnitSlipWarning, _stacklevel

# The generated module defines F and R from the same exact constants.
F = float(FARADAY)
R = float(GAS_CONSTANT)

#: An ion the library lacks: name, charge number, limiting conductance per unit charge
#: (10^-4 m^2 S/mol = S cm^2/mol, the column of the CRC table); use it as a key of a solution.
Ion = namedtuple("Ion", ["name", "charge", "conductance"])

#: Methods of liquid_junction_potential.
_LJP_METHODS = ("nernst-planck", "henderson", "planck")

#: Relative electroneutrality tolerance: |sum z c| <= this * sum |z| c.
_LJP_NEUTRAL_RTOL = 1e-9


def _ljp_fail(message, argument, requirement="", value=None):
    raise InvalidInputError(message, argument, requirement, None, value)


def _ljp_lookup(key, library, where):
    """(name, charge, conductance) of a solution key: an Ion-like entry or a library name."""
    if isinstance(key, str):
        folded = key.strip().casefold()
        for name, entry in library.items():
            if folded == name.casefold() or folded in (a.casefold() for a in entry[2]):
                return name, float(entry[0]), float(entry[1])
        spellings = {}
        for name, entry in library.items():
            for spelling in (name, *entry[2]):
                spellings[spelling.casefold()] = name
        close = difflib.get_close_matches(folded, list(spellings), n=4, cutoff=0.5)
        hint = sorted({spellings[c] for c in close}, key=[spellings[c] for c in close].index)
        suggestion = f"; did you mean {', '.join(repr(h) for h in hint)}?" if hint else ""
        _ljp_fail(
            f"{where}: unknown ion {key!r}{suggestion} (give an Ion(name, charge, conductance) for an ion "
            "the library lacks)",
            where,
            "an ion of the library",
            key,
        )
    try:
        name, charge, conductance = key.name, key.charge, key.conductance
    except AttributeError:
        _ljp_fail(f"{where}: {key!r} is neither an ion name nor an Ion(name, charge, conductance)", where, "", key)
    if not isinstance(name, str) or not name:
        _ljp_fail(f"{where}: an Ion needs a name, not {name!r}", where, "a name", name)
    if isinstance(charge, bool) or not isinstance(charge, (int, float, np.integer, np.floating)):
        _ljp_fail(f"{where}: ion {name!r} has charge {charge!r}, not a number", where, "a whole number", charge)
    if not math.isfinite(charge) or charge != int(charge) or charge == 0:
        _ljp_fail(f"{where}: ion {name!r} has charge {charge!r}; it must be a nonzero whole number", where, "", charge)
    if isinstance(conductance, bool) or not isinstance(conductance, (int, float, np.integer, np.floating)):
        _ljp_fail(f"{where}: ion {name!r} has conductance {conductance!r}, not a number", where, "> 0", conductance)
    if not (math.isfinite(conductance) and conductance > 0):
        _ljp_fail(
            f"{where}: ion {name!r} has conductance {conductance!r}; it must be finite and > 0",
            where,
            "> 0",
            conductance,
        )
    return name, float(charge), float(conductance)


def _ljp_species(solution1, solution2, library, balance=None):
    """(names, z, u, c1, c2) of the ions of both solutions, checked; ``u`` = conductance/|z|."""
    species = {}
    concentrations = ({}, {})
    for side, solution in enumerate((solution1, solution2)):
        where = f"solution{side + 1}"
        if not hasattr(solution, "items"):
            _ljp_fail(f"{where} must map ion names to concentrations in mM, not {type(solution).__name__}", where)
        for key, value in solution.items():
            name, charge, conductance = _ljp_lookup(key, library, where)
            if name in species and species[name] != (charge, conductance):
                _ljp_fail(
                    f"{where}: ion {name!r} is given twice with different properties "
                    f"{species[name]} and {(charge, conductance)}",
                    where,
                )
            if name in concentrations[side]:
                _ljp_fail(f"{where}: ion {name!r} is given twice", where)
            if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
                _ljp_fail(f"{where}[{name!r}] = {value!r} is not a concentration (a number, in mM)", where, "", value)
            if not math.isfinite(value) or value < 0:
                _ljp_fail(
                    f"{where}[{name!r}] = {value!r}: a concentration must be finite and >= 0 (mM)",
                    where,
                    "finite, >= 0",
                    value,
                )
            species[name] = (charge, conductance)
            concentrations[side][name] = float(value)
    if balance is not None:
        bname, bcharge, bconductance = _ljp_lookup(balance, library, "balance")
        if bname in species and species[bname] != (bcharge, bconductance):
            _ljp_fail(f"balance: ion {bname!r} differs from the one in the solutions", "balance")
        species[bname] = (bcharge, bconductance)
        for side, conc in enumerate(concentrations):
            charge_sum = math.fsum(species[n][0] * c for n, c in conc.items())
            scale = math.fsum(abs(species[n][0]) * c for n, c in conc.items())
            if abs(charge_sum) <= _LJP_NEUTRAL_RTOL * scale:
                continue
            added = -charge_sum / bcharge
            if added < 0 and conc.get(bname, 0.0) + added < -_LJP_NEUTRAL_RTOL * scale:
                _ljp_fail(
                    f"solution{side + 1} carries {charge_sum:+.6g} mM of charge; {bname} (z = {bcharge:+g}) "
                    "cannot balance it (it would need a negative concentration)",
                    "balance",
                    value=charge_sum,
                )
            conc[bname] = max(conc.get(bname, 0.0) + added, 0.0)
    names = list(species)
    for side, conc in enumerate(concentrations):
        where = f"solution{side + 1}"
        charge_sum = math.fsum(species[n][0] * c for n, c in conc.items())
        scale = math.fsum(abs(species[n][0]) * c for n, c in conc.items())
        if scale == 0:
            _ljp_fail(f"{where} holds no ions: a junction needs ions on both sides", where, "some ion > 0")
        if abs(charge_sum) > _LJP_NEUTRAL_RTOL * scale:
            cations = math.fsum(species[n][0] * c for n, c in conc.items() if species[n][0] > 0)
            _ljp_fail(
                f"{where} is not electroneutral: cations carry {cations:.6g} mM of charge, anions "
                f"{cations - charge_sum:.6g} mM (sum z*c = {charge_sum:+.6g} mM); correct it, or pass "
                "balance='<ion>' to make up the difference with that ion",
                where,
                "sum z*c = 0",
                charge_sum,
            )
    z = np.array([species[n][0] for n in names])
    u = np.array([species[n][1] for n in names]) / np.abs(z)
    c1 = np.array([concentrations[0].get(n, 0.0) for n in names])
    c2 = np.array([concentrations[1].get(n, 0.0) for n in names])
    return names, z, u, c1, c2


def _ljp_exprel(x):
    """(e^x - 1)/x, 1 at x = 0."""
    return math.expm1(x) / x if x != 0 else 1.0


def _ljp_henderson(z, u, c1, c2):
    """Henderson's eps = -(sum z u dc / sum z^2 u dc) ln(S2/S1), S = sum z^2 u c, without 0/0."""
    s1 = math.fsum(z * z * u * c1)
    numerator = math.fsum(z * u * (c2 - c1))
    x = math.fsum(z * z * u * (c2 - c1)) / s1  # S2/S1 - 1
    return -(numerator / s1) * (math.log1p(x) / x if x != 0 else 1.0)


def _ljp_root(g, lo, hi):
    """The root of the increasing function g, bracketed by expanding [lo, hi]; bisection with secant steps."""
    glo, ghi = g(lo), g(hi)
    while glo > 0:
        lo, hi, ghi = 2 * lo - 1, lo, glo
        glo = g(lo)
    while ghi < 0:
        lo, glo, hi = hi, ghi, 2 * hi + 1
        ghi = g(hi)
    for _ in range(400):
        if hi - lo <= 4e-16 * max(1.0, abs(lo), abs(hi)):
            break
        x = hi - ghi * (hi - lo) / (ghi - glo)
        if not lo < x < hi:
            x = 0.5 * (lo + hi)
        gx = g(x)
        if gx == 0:
            return x
        if gx < 0:
            lo, glo = x, gx
        else:
            hi, ghi = x, gx
        mid = 0.5 * (lo + hi)
        gm = g(mid)
        if gm == 0:
            return mid
        if gm < 0:
            lo, glo = mid, gm
        else:
            hi, ghi = mid, gm
    return hi if abs(ghi) < abs(glo) else lo


def _ljp_planck(z, u, c1, c2):
    """Planck's eps for monovalent ions: the root of
    (xi U2 - U1)/exprel(eps + L) - (V2/xi - V1)/exprel(L - eps), xi = e^eps, L = ln(C2/C1)."""
    cation = z > 0
    u1, u2 = math.fsum((u * c1)[cation]), math.fsum((u * c2)[cation])
    v1, v2 = math.fsum((u * c1)[~cation]), math.fsum((u * c2)[~cation])
    big_l = math.log(math.fsum(c2[cation]) / math.fsum(c1[cation]))

    def g(eps):
        return (math.exp(eps) * u2 - u1) / _ljp_exprel(eps + big_l) - (math.exp(-eps) * v2 - v1) / _ljp_exprel(
            big_l - eps
        )

    guess = _ljp_henderson(z, u, c1, c2)
    return _ljp_root(g, guess - 0.5, guess + 0.5)


def _ljp_integrate(g_flux, z, z2, y0, lam, steps, span=1.0):
    """y(t0 + span) and phi(t0 + span) - phi(t0) from y(t0) = y0, for scaled fluxes g_flux
    (rows: trajectories), classical RK4 in ``steps`` steps; ``span`` < 0 integrates backwards;
    and the lowest fraction met on the way (a physical profile has none below 0).

    dy/dt = -G - y (z phi_t + lam), phi_t = -(z.G)/(z^2.y): the stationary
    electroneutral Nernst–Planck system in t, with C(t) = C1 e^(lam t) and y = c/C.
    """
    y = np.array(np.broadcast_to(y0, g_flux.shape))
    zg = -(g_flux @ z)[:, None]
    minus_g = -g_flux
    phi = np.zeros((g_flux.shape[0], 1))
    h, half, sixth = span / steps, 0.5 * span / steps, span / (6 * steps)

    def rate(y):
        phi_t = zg / (y @ z2)[:, None]
        return minus_g - y * (phi_t * z + lam), phi_t

    lowest = y.min(axis=1)
    for _ in range(steps):
        k1, p1 = rate(y)
        k2, p2 = rate(y + half * k1)
        k3, p3 = rate(y + half * k2)
        k4, p4 = rate(y + h * k3)
        y = y + sixth * (k1 + 2 * (k2 + k3) + k4)
        phi = phi + sixth * (p1 + 2 * (p2 + p3) + p4)
        lowest = np.minimum(lowest, y.min(axis=1))
    return y, phi[:, 0], lowest


def _ljp_integrate_loops(g_flux, z, z2, y0, lam, steps, span=1.0):
    """_ljp_integrate written as plain loops over scalars, the same RK4 step by step: the
    compiled module runs it through numba.njit (where numpy's per-call overhead on arrays of
    a dozen ions dominates the numpy version's time); in pure Python it is only slow."""
    rows, n = g_flux.shape
    y_out = np.empty((rows, n))
    phi_out = np.empty(rows)
    lowest = np.empty(rows)
    h = span / steps
    half = 0.5 * span / steps
    sixth = span / (6 * steps)
    k1, k2, k3, k4 = np.empty(n), np.empty(n), np.empty(n), np.empty(n)
    trial = np.empty(n)
    for r in range(rows):
        y = y0.copy()
        zg = 0.0
        for i in range(n):
            zg -= g_flux[r, i] * z[i]
        phi = 0.0
        low = y.min()
        for _ in range(steps):
            s = 0.0
            for i in range(n):
                s += y[i] * z2[i]
            p1 = zg / s
            for i in range(n):
                k1[i] = -g_flux[r, i] - y[i] * (p1 * z[i] + lam)
                trial[i] = y[i] + half * k1[i]
            s = 0.0
            for i in range(n):
                s += trial[i] * z2[i]
            p2 = zg / s
            for i in range(n):
                k2[i] = -g_flux[r, i] - trial[i] * (p2 * z[i] + lam)
            for i in range(n):
                trial[i] = y[i] + half * k2[i]
            s = 0.0
            for i in range(n):
                s += trial[i] * z2[i]
            p3 = zg / s
            for i in range(n):
                k3[i] = -g_flux[r, i] - trial[i] * (p3 * z[i] + lam)
            for i in range(n):
                trial[i] = y[i] + h * k3[i]
            s = 0.0
            for i in range(n):
                s += trial[i] * z2[i]
            p4 = zg / s
            for i in range(n):
                k4[i] = -g_flux[r, i] - trial[i] * (p4 * z[i] + lam)
                y[i] = y[i] + sixth * (k1[i] + 2 * (k2[i] + k3[i]) + k4[i])
                if y[i] < low:
                    low = y[i]
            phi = phi + sixth * (p1 + 2 * (p2 + p3) + p4)
        for i in range(n):
            y_out[r, i] = y[i]
        phi_out[r] = phi
        lowest[r] = low
    return y_out, phi_out, lowest


def _ljp_shoot(z, u, c1, c2, steps, g_flux=None, jacobian=None):
    """(fluxes G, eps, converged, Jacobian): damped Gauss-Newton on the mismatch at t = 1/2 of the profiles
    integrated forwards from solution 1 and backwards from solution 2 (shooting from both ends
    halves the exponential growth that makes one-sided shooting ill-conditioned for large
    concentration ratios), on a grid of ``steps``.

    Only the N - 2 free directions of G are unknowns (G is kept on the constraints sum G = -lam,
    sum z u G = 0); the Jacobian comes from differences in every free direction at once, or
    is the one given (a chord method: a coarse grid's Jacobian serves the fine grid).
    """
    n = len(z)
    z2 = z * z
    total1, total2 = math.fsum(c1), math.fsum(c2)
    lam = math.log(total2 / total1)
    y1, y2 = c1 / total1, c2 / total2
    half = max(1, steps // 2)
    constraints = np.vstack([np.ones(n), z * u])
    target = np.array([-lam, 0.0])
    if g_flux is None:
        # The fluxes a linear profile with Henderson's constant field would carry.
        eps_h = _ljp_henderson(z, u, c1, c2)
        mean = 0.5 * (y1 + y2)
        g_flux = -(y2 - y1) - mean * (z * eps_h + lam)
    g_flux = g_flux - constraints.T @ np.linalg.solve(constraints @ constraints.T, constraints @ g_flux - target)
    basis = np.linalg.svd(constraints)[2][2:].T  # the free directions

    def mismatch(rows):
        forward, phi_f, low_f = _ljp_integrate(rows, z, z2, y1, lam, half, 0.5)
        backward, phi_b, low_b = _ljp_integrate(rows, z, z2, y2, lam, half, -0.5)
        return forward - backward, phi_f - phi_b, np.minimum(low_f, low_b)

    if basis.shape[1] == 0:  # one salt: the constraints fix the fluxes
        return g_flux, float(mismatch(g_flux[None, :])[1][0]), True, None
    delta = 1e-7
    chord = jacobian is not None
    r, phi, low = mismatch(g_flux[None, :])
    residual = r[0]
    norm = float(np.linalg.norm(residual)) if np.all(np.isfinite(r)) else math.inf
    for _ in range(60):
        if norm < 1e-12:
            # A root with a negative concentration on the way is not the junction: refuse it.
            return g_flux, float(phi[0]), bool(low[0] > -1e-9), jacobian
        if not math.isfinite(norm):
            return g_flux, math.nan, False, None
        if not chord:
            rd, _phid, _low = mismatch(g_flux + delta * basis.T)
            jacobian = (rd - residual).T / delta
        step = basis @ np.linalg.lstsq(jacobian, -residual, rcond=None)[0]
        scale = 1.0
        while scale > 1e-4:  # damped: the first step that lowers the residual's 2-norm (Gauss-Newton descent)
            candidate = g_flux + scale * step
            rc, phic, lowc = mismatch(candidate[None, :])
            trial_norm = float(np.linalg.norm(rc[0])) if np.all(np.isfinite(rc)) else math.inf
            if trial_norm < norm:
                break
            scale *= 0.5
        else:
            if chord:  # the borrowed Jacobian no longer helps: fall back to Newton
                chord = False
                continue
            return g_flux, float(phi[0]), bool(norm < 1e-9 and low[0] > -1e-9), jacobian
        g_flux, phi, residual, norm, low = candidate, phic, rc[0], trial_norm, lowc
    return g_flux, float(phi[0]), bool(norm < 1e-9 and low[0] > -1e-9), jacobian


def _ljp_nernst_planck(z, u, c1, c2, steps=None):
    """eps of the stationary electroneutral Nernst–Planck junction, any valences.

    Unknowns: the fluxes G_i (scaled), with sum G = -lam (the total concentration is
    linear in x) and sum z u G = 0 (no current); the N - 2 remaining directions are
    fixed by the far-side concentrations. ``steps``: grid steps (default: 50 per
    unit of the problem's largest rate, which keeps eps within 1e-9 relative of Planck's
    closed form on random monovalent mixtures up to 1000-fold concentration ratios).
    Newton's method from Henderson's fluxes; where it does not converge, continuation:
    solution 2 is reached through mixtures of the two solutions.
    """
    total1, total2 = math.fsum(c1), math.fsum(c2)
    rates = abs(math.log(total2 / total1)) + float(np.max(np.abs(z))) * abs(_ljp_henderson(z, u, c1, c2))
    if steps is None:
        steps = min(20000, max(32, math.ceil(50 * (1 + rates))))
    # Newton on a coarse grid first, then the fine grid from the coarse fluxes (a step or two).
    g_flux, jacobian = _ljp_continued(z, u, c1, c2, max(16, steps // 8))
    g_flux, eps, converged, _jacobian = _ljp_shoot(z, u, c1, c2, steps, g_flux, jacobian)
    if not converged:
        g_flux, jacobian = _ljp_continued(z, u, c1, c2, steps)
        g_flux, eps, converged, _jacobian = _ljp_shoot(z, u, c1, c2, steps, g_flux)
    if not converged:
        raise ArithmeticError("liquid_junction_potential: the Nernst-Planck shooting did not converge")
    return eps


def _ljp_continued(z, u, c1, c2, steps):
    """(fluxes, Jacobian) of the junction on a grid of ``steps``: Newton from Henderson's fluxes or,
    where that fails, continuation: solution 2 is reached through mixtures of the two solutions."""
    g_flux, _eps, converged, jacobian = _ljp_shoot(z, u, c1, c2, steps)
    if converged:
        return g_flux, jacobian
    done, share, g_flux = 0.0, 0.25, None
    while done < 1.0:
        to = min(1.0, done + share)
        g_trial, _eps, converged, jacobian = _ljp_shoot(z, u, c1, c2 * to + c1 * (1 - to), steps, g_flux)
        if converged:
            done, g_flux, share = to, g_trial, min(2 * share, 1.0)
        else:
            share *= 0.5
            if share < 1e-4:
                raise ArithmeticError("liquid_junction_potential: the Nernst-Planck shooting did not converge")
    return g_flux, jacobian


#: A plain-number temperature below this (K), though valid, is almost certainly degrees
#: Celsius: it warns, as every generated function does (derive/printing/module.py's PLAUSIBLE).
_LJP_COLDEST = 200.0
_LJP_COLD_ADVICE = (
    "K is below 200 K: degrees Celsius? Pass kelvin (273.15 + degC) or a pint Quantity such as Q_(37, 'degC')"
)


def _ljp_warn_cold(T):
    """Warn (UnitSlipWarning) of a valid plain-number temperature below _LJP_COLDEST."""
    if isinstance(T, (int, float, np.integer, np.floating)) and not isinstance(T, bool) and 0.0 < T < _LJP_COLDEST:
        warnings.warn(
            f"liquid_junction_potential: T = {float(T)!r} {_LJP_COLD_ADVICE}", UnitSlipWarning, stacklevel=_stacklevel()
        )


def _ljp_units(solution1, solution2, T):
    """(solution1, solution2, T, registry): pint Quantities among the concentrations and T
    converted to mol/m^3 and K (registry None when there are none; pint is imported only then).
    A Quantity of the wrong dimension is refused by name. A plain-number T that is valid but
    below 200 K warns (UnitSlipWarning): a T given with a unit says what was meant."""
    if not (hasattr(T, "_REGISTRY") and hasattr(T, "m_as")):
        _ljp_warn_cold(T)
    given = [T]
    for solution in (solution1, solution2):
        if isinstance(solution, dict):
            given.extend(solution.values())
    if not any(hasattr(a, "_REGISTRY") and hasattr(a, "m_as") for a in given):
        return solution1, solution2, T, None
    import pint

    registry = None

    def si(name, value, unit):
        nonlocal registry
        if not (hasattr(value, "_REGISTRY") and hasattr(value, "m_as")):
            return value
        registry = registry or value._REGISTRY
        try:
            return float(value.m_as(unit))
        except pint.DimensionalityError:
            _ljp_fail(f"{name} = {value!s} is not in {unit} (dimension {value.dimensionality})", name, unit, value)
        except TypeError:  # an array magnitude
            _ljp_fail(f"{name} = {value!s} is not a single quantity", name, unit, value)

    solutions = [
        {ion: si(f"solution{k}[{ion!r}]", c, "mole/meter**3") for ion, c in s.items()} if isinstance(s, dict) else s
        for k, s in ((1, solution1), (2, solution2))
    ]
    return solutions[0], solutions[1], si("T", T, "kelvin"), registry


def _ljp(solution1, solution2, T, method, balance, library, steps=None):
    """psi_2 - psi_1 in volts: the body of liquid_junction_potential, with the ion library given."""
    if isinstance(T, bool) or not isinstance(T, (int, float, np.integer, np.floating)):
        _ljp_fail(f"T = {T!r} is not a temperature (a number, in K)", "T", "> 0", T)
    if not (math.isfinite(T) and T > 0):
        _ljp_fail(f"T = {T!r}: the temperature must be finite and > 0 (K)", "T", "> 0", T)
    if method not in _LJP_METHODS:
        close = difflib.get_close_matches(str(method), _LJP_METHODS, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        _ljp_fail(f"unknown method {method!r}{hint} (known: {', '.join(_LJP_METHODS)})", "method", "", method)
    names, z, u, c1, c2 = _ljp_species(solution1, solution2, library, balance)
    if method == "planck":
        multivalent = [n for n, zi in zip(names, z) if abs(zi) != 1]
        if multivalent:
            _ljp_fail(
                f"method 'planck' holds for monovalent ions only; {', '.join(multivalent)} "
                "are not (use 'nernst-planck')",
                "method",
                "monovalent ions",
                method,
            )
    present = (c1 > 0) | (c2 > 0)
    z, u, c1, c2 = z[present], u[present], c1[present], c2[present]
    if np.array_equal(c1, c2):
        return 0.0
    kernel = {"henderson": _ljp_henderson, "planck": _ljp_planck}.get(method)
    eps = kernel(z, u, c1, c2) if kernel else _ljp_nernst_planck(z, u, c1, c2, steps)
    return eps * (R * T / F)


#: The compiled module's integrator: _ljp_integrate_loops under numba.njit (it replaces _ljp_integrate).
COMPILED_INTEGRATOR = "_ljp_integrate_loops"

#: What the generator copies into the numpy module, in this order (the compiled module: all but
#: _ljp_integrate, which it defines as COMPILED_INTEGRATOR compiled).
JUNCTION_RUNTIME = (
    "Ion",
    "_LJP_METHODS",
    "_LJP_NEUTRAL_RTOL",
    "_ljp_fail",
    "_ljp_lookup",
    "_ljp_species",
    "_ljp_exprel",
    "_ljp_henderson",
    "_ljp_root",
    "_ljp_planck",
    "_ljp_integrate",
    "_ljp_shoot",
    "_ljp_nernst_planck",
    "_ljp_continued",
    "_LJP_COLDEST",
    "_LJP_COLD_ADVICE",
    "_ljp_warn_cold",
    "_ljp_units",
    "_ljp",
)
