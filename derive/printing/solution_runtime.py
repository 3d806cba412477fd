"""Runtime over whole solutions, copied into both generated numeric modules.

Three functions take what the element-wise catalogue functions cannot: a solution as
sequences of concentrations and charges, or a pair of results. Their bodies do no new
physics; each evaluates a verified definition or calls the generated functions that carry
the verified formulas (with their checks and accurate forms):

- ``ionic_strength``: step "I-def" of ``derive.relation("activity")``,
  I = 1/2 sum_j z_j^2 c_j, for any number of ions;
- ``activities``: gamma_j c_j with gamma_j from ``activity_coefficient`` (step "davies");
- ``donnan_concentrations``: ``donnan_cation_concentration`` and
  ``donnan_anion_concentration`` (steps "cation" and "anion" of ``derive.relation("donnan")``).

:data:`SOLUTION_RUNTIME` names, for each, the generated functions it needs; the module
printer copies a function only into modules that carry those.
"""

from __future__ import annotations

import math

import numpy as np

#: The runtime's public functions and the generated functions each calls (the module
#: carries a function only when it carries all of those).
SOLUTION_RUNTIME = {
    "ionic_strength": ("activity_coefficient",),
    "activities": ("activity_coefficient",),
    "donnan_concentrations": ("donnan_cation_concentration", "donnan_anion_concentration"),
}
#: Private helpers copied with any of them.
SOLUTION_HELPERS = ("_solution",)


class InvalidInputError(ValueError):  # pragma: no cover - the generated module defines its own
    def __init__(self, message, argument, requirement="", index=None, value=None):
        super().__init__(message)
        self.argument = argument
        self.requirement = requirement
        self.index = index
        self.value = value


def activity_coefficient(z, ionic_strength, T=298.15, *, validate=True):  # pragma: no cover - generated
    raise NotImplementedError


def donnan_cation_concentration(c_out, rho, *, validate=True):  # pragma: no cover - generated
    raise NotImplementedError


def donnan_anion_concentration(c_out, rho, *, validate=True):  # pragma: no cover - generated
    raise NotImplementedError


def _solution(function, concentrations, charges, validate):
    """A solution's concentrations (floats or arrays) and charge numbers (floats), checked.

    Concentrations must be finite and >= 0, charge numbers finite whole numbers, one of
    each per ion, at least one ion; bad entries are named by index.
    """
    for name, value in (("concentrations", concentrations), ("charges", charges)):
        if isinstance(value, (str, bytes, dict)) or not hasattr(value, "__len__"):
            raise InvalidInputError(
                f"{function}: {name} must be a sequence with one entry per ion, not {value!r}", name, "a sequence"
            )
    if len(concentrations) != len(charges) or not len(charges):
        raise InvalidInputError(
            f"{function}: concentrations and charges must be nonempty and of one length; got "
            f"{len(concentrations)} and {len(charges)}",
            "concentrations, charges",
            "nonempty sequences of one length",
        )
    cs, zs = [], []
    for j, (c, z) in enumerate(zip(concentrations, charges)):
        if isinstance(z, bool) or not isinstance(z, (int, float, np.integer, np.floating)):
            raise InvalidInputError(
                f"{function}: charges[{j}] must be a number, not {z!r}", f"charges[{j}]", "a whole number"
            )
        z = float(z)
        if validate and not (math.isfinite(z) and z == round(z)):
            raise InvalidInputError(
                f"{function}: charges[{j}] = {z!r} must be a finite whole number", f"charges[{j}]", "a whole number",
                (j,), z,
            )
        if isinstance(c, (bool, str, bytes)) or c is None:
            raise InvalidInputError(
                f"{function}: concentrations[{j}] must be a number or an array, not {c!r}",
                f"concentrations[{j}]",
                "a real number",
            )
        c = c if isinstance(c, (int, float)) else np.asarray(c, dtype=float)
        if validate:
            bad = ~(np.isfinite(c) & (np.asarray(c) >= 0))
            if np.any(bad):
                where = tuple(int(i) for i in np.argwhere(bad)[0]) if np.ndim(c) else None
                value = float(np.asarray(c)[where] if where else c)
                raise InvalidInputError(
                    f"{function}: concentrations[{j}] = {value!r}"
                    + (f" at index {where}" if where else "")
                    + " must be finite and >= 0",
                    f"concentrations[{j}]",
                    "finite, >= 0",
                    where,
                    value,
                )
        cs.append(float(c) if isinstance(c, (int, float)) else c)
        zs.append(z)
    return cs, zs


def ionic_strength(concentrations, charges, *, validate=True):
    """Ionic strength of a solution: I = 1/2 sum over its ions of z_j^2 c_j.

    In the unit of the concentrations (mol/m^3 = mM, as everywhere here), so it can be
    passed on to activity_coefficient and activities. Every ion of the solution counts,
    divalent ones four times: 145 mM Na+, 5 mM K+, 110 mM Cl- and 2 mM Ca2+ give
    I = (145 + 5 + 110 + 4*2)/2 = 134 mM.

    Parameters
    ----------
    concentrations : sequence of float or array_like
        Concentration of each ion, mol/m^3 (= mM); entries may be arrays, which
        broadcast against each other.
    charges : sequence of int
        Charge number of each ion (signed whole numbers; 0 for a neutral solute, which
        does not count).
    validate : bool, optional
        Check the arguments first (default True).

    Returns
    -------
    ionic_strength : float or array
        The ionic strength, in the unit of the concentrations.

    Raises
    ------
    InvalidInputError
        When the sequences are empty or differ in length, a concentration is negative
        or not finite, or a charge is not a whole number (the message names its index).

    Notes
    -----
    Step "I-def" of ``derive.relation("activity")``, for any number of ions.
    """
    cs, zs = _solution("ionic_strength", concentrations, charges, validate)
    total = 0.0
    for c, z in zip(cs, zs):
        total = total + (z * z) * c
    return 0.5 * total


def activities(concentrations, charges, T=298.15, *, ionic_strength=None, validate=True):
    """Activities of the ions of one solution, gamma_j c_j, by the Davies equation.

    The activity of each ion in the unit of its concentration (mol/m^3 = mM): its
    "effective concentration", which goes where a concentration goes in the Nernst, GHK
    and binary junction functions to evaluate them with activities, e.g. for Ca2+ with
    the solutions' own ionic strengths::

        a_in = activities([140, 15, 10, 1e-4], [1, 1, -1, 2], T=310.15)
        a_out = activities([5, 145, 110, 2], [1, 1, -1, 2], T=310.15)
        E_Ca = nernst_potential(a_in[3], a_out[3], 2)

    (Dividing by c_std = 1000 mol/m^3 gives the dimensionless activity, a = gamma c/c0;
    in the ratios of these relations the factor cancels.)

    Parameters
    ----------
    concentrations : sequence of float or array_like
        Concentration of each ion, mol/m^3 (= mM).
    charges : sequence of int
        Charge number of each ion (signed whole numbers).
    T : float or array_like, optional
        Absolute temperature, K. Default 298.15.
    ionic_strength : float or array_like, optional
        The solution's ionic strength, mol/m^3. By default it is computed from the ions
        given (then list them all: every ion of the solution counts); give it when
        only some ions are listed.
    validate : bool, optional
        Check the arguments first (default True).

    Returns
    -------
    activities : list of float or array
        gamma_j c_j for each ion, in the unit of the concentrations.

    Raises
    ------
    InvalidInputError
        As ionic_strength, and as activity_coefficient for the temperature or a
        given ionic strength.

    Notes
    -----
    gamma_j = activity_coefficient(charges[j], I, T): step "davies" of
    ``derive.relation("activity")``, valid to a few per cent up to I of about 100 mM for
    univalent ions; single-ion activities are a convention (see its docstring).
    """
    cs, zs = _solution("activities", concentrations, charges, validate)
    strength = ionic_strength
    if strength is None:
        total = 0.0
        for c, z in zip(cs, zs):
            total = total + (z * z) * c
        strength = 0.5 * total
    return [c * activity_coefficient(z, strength, T, validate=validate) for c, z in zip(cs, zs)]


def donnan_concentrations(c_out, rho, T=310.15, *, validate=True):
    """Cation and anion concentrations inside at Donnan equilibrium with a bath of a 1:1 salt.

    Returns (cation, anion) = (sqrt(c_out^2 + rho^2/4) - rho/2, sqrt(c_out^2 + rho^2/4) + rho/2),
    each from the generated function with its checks and accurate form: cation x anion =
    c_out^2 (the Donnan rule) and cation - anion = -rho (electroneutrality inside).

    Parameters
    ----------
    c_out : float or array_like
        Salt concentration of the bath, mol/m^3 (= mM); > 0.
    rho : float or array_like
        Concentration of impermeant fixed charge inside, in moles of elementary charges
        per volume, signed (negative for cytoplasmic proteins), mol/m^3.
    T : float or array_like, optional
        Absolute temperature, K. Default 310.15. Checked (> 0) but without effect: the
        concentrations follow from the Donnan rule and electroneutrality, neither of
        which depends on temperature (the potential does: donnan_potential).
    validate : bool, optional
        Check the arguments first (default True).

    Returns
    -------
    cation, anion : float or array
        Concentrations inside, mol/m^3.

    Raises
    ------
    InvalidInputError
        As donnan_cation_concentration, and for T not finite and > 0.

    Notes
    -----
    Steps "cation" and "anion" of ``derive.relation("donnan")``.
    """
    if validate:
        bad = ~(np.isfinite(np.asarray(T, dtype=float)) & (np.asarray(T, dtype=float) > 0))
        if np.any(bad):
            raise InvalidInputError(
                f"donnan_concentrations: T = {T!r} must be finite and > 0", "T", "finite, > 0", None, None
            )
    return (
        donnan_cation_concentration(c_out, rho, validate=validate),
        donnan_anion_concentration(c_out, rho, validate=validate),
    )
