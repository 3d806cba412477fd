"""Symbols and steps shared by the junction potentials of ion mixtures.

A mixture of :data:`SPECIES` ions, numbered 1, 2, ...: ion j has charge number z_j,
mobility u_j (the drift velocity per unit field; its diffusion coefficient is
D_j = u_j RT/F), concentration c_j(ξ) across the junction and c_j^(1), c_j^(2) in the
two solutions, and flux J_j from solution 1 towards solution 2. The derivations are
verified for this fixed number of ions with symbolic charges (or with charges ±1 for
Planck's): every step is a sum of per-ion terms, so each holds term by term for any
number of ions, which is how the numeric functions use them.
"""

from __future__ import annotations

import sympy
from sympy.physics import units as u

from ..derivation import Premise, Step, Substitute
from ..symbols import F, R, T, c_std, define, psi_jn, x_jn

#: Ions in the verified mixtures.
SPECIES = 4

_MOLAR = u.mol / u.m**3
_MOBILITY = u.m**2 / (u.volt * u.s)
_FLUX = u.mol / (u.m**2 * u.s)


def _ion(j: int) -> dict[str, object]:
    return {
        "z": define(f"z_{j}", rf"z_{{{j}}}", 1, f"charge number of ion {j} of the mixture", ("real", "nonzero"), order=3),
        "u": define(
            f"u_{j}", rf"u_{{{j}}}", _MOBILITY, f"electric mobility of ion {j} (its $D_{{{j}}}F/RT$)", ("positive",),
            order=12,
        ),
        "c": define(
            f"c_{j}", rf"c_{{{j}}}", _MOLAR, f"concentration of ion {j} in the junction", ("positive",),
            kind="function", order=56,
        ),
        "c1": define(
            f"c_{j}_1", rf"c_{{{j}}}^{{(1)}}", _MOLAR, f"concentration of ion {j} in solution 1", ("nonnegative",),
            order=62,
        ),
        "c2": define(
            f"c_{j}_2", rf"c_{{{j}}}^{{(2)}}", _MOLAR, f"concentration of ion {j} in solution 2", ("nonnegative",),
            order=63,
        ),
        "J": define(f"J_{j}", rf"J_{{{j}}}", _FLUX, f"flux of ion {j} from solution 1 towards 2", ("real",), order=25),
        "mu": define(
            f"mu_{j}", rf"\tilde{{\mu}}_{{{j}}}", u.joule / u.mol,
            f"electrochemical potential of ion {j} in the junction", ("real",), kind="function", order=44,
        ),
        "mu0": define(
            f"mu0_{j}", rf"\mu^{{\circ}}_{{{j}}}", u.joule / u.mol, f"standard chemical potential of ion {j}", ("real",),
            order=70,
        ),
    }


#: The ions' symbols: ION[j]["z"], ["u"], ["c"] (a function of ξ), ["c1"], ["c2"], ["J"], ["mu"], ["mu0"].
ION = {j: _ion(j) for j in range(1, SPECIES + 1)}

#: Total concentration of all ions in the junction, and in the two solutions.
c_T = define(
    "c_T", r"c_{\mathrm{T}}", _MOLAR, "total concentration of all ions in the junction", ("positive",),
    kind="function", order=55,
)
c_T_1 = define("c_T_1", r"c_{\mathrm{T}}^{(1)}", _MOLAR, "total concentration of all ions in solution 1", ("positive",))
c_T_2 = define("c_T_2", r"c_{\mathrm{T}}^{(2)}", _MOLAR, "total concentration of all ions in solution 2", ("positive",))


def d(f):
    """d f/dξ."""
    return sympy.Derivative(f, x_jn)


def charge(j: int, z: object | None) -> object:
    """The charge number of ion j: symbolic z_j, or the number given."""
    return ION[j]["z"] if z is None else sympy.Integer(z)


def flux_steps(j: int, z: object | None = None) -> tuple[Step, Step, Step]:
    """Steps "mu-j", "flux-j" and "np-j": the electrochemical potential of ion j, its flux
    down that gradient with mobility u_j/F per unit charge... and the Nernst–Planck flux."""
    ion = ION[j]
    zj = charge(j, z)
    c, mu = ion["c"](x_jn), ion["mu"](x_jn)
    psi = psi_jn(x_jn)
    k = R * T / F
    first = j == 1
    return (
        Step(
            sympy.Eq(mu, ion["mu0"] + R * T * sympy.log(c / c_std) + zj * F * psi),
            f"The electrochemical potential of ion {j} at each point of the junction."
            if first
            else f"The same for ion {j}.",
            Premise("definition"),
            f"mu-{j}",
        ),
        Step(
            sympy.Eq(ion["J"], -ion["u"] * c / F * d(mu)),
            f"Ion {j} drifts down the gradient of its electrochemical potential with velocity "
            f"$u_{{{j}}}/F$ per unit force per mole (Einstein: $D_{{{j}}} = u_{{{j}}}RT/F$)."
            if first
            else f"Likewise for ion {j}.",
            Premise("model"),
            f"flux-{j}",
        ),
        Step(
            sympy.Eq(ion["J"], -ion["u"] * (k * d(c) + zj * c * d(psi))),
            "Differentiate: the Nernst--Planck flux, diffusion plus drift in the field."
            if first
            else f"The Nernst--Planck flux of ion {j}.",
            Substitute(into=f"flux-{j}", using=(f"mu-{j}",)),
            f"np-{j}",
        ),
    )


def total(symbol: str, z: dict[int, object] | None = None) -> object:
    """Sum over the ions of a per-ion expression built by name: "zJ" → Σ z_j J_j, ..."""
    terms = []
    for j in range(1, SPECIES + 1):
        ion = ION[j]
        zj = charge(j, (z or {}).get(j))
        terms.append(
            {
                "zJ": zj * ion["J"],
                "zJ/u": zj * ion["J"] / ion["u"],
                "J/u": ion["J"] / ion["u"],
                "z2c": zj**2 * ion["c"](x_jn),
                "zc": zj * ion["c"](x_jn),
                "c": ion["c"](x_jn),
                "dc": d(ion["c"](x_jn)),
                "zdc": zj * d(ion["c"](x_jn)),
                "zudc": zj * ion["u"] * d(ion["c"](x_jn)),
                "z2uc": zj**2 * ion["u"] * ion["c"](x_jn),
                "zuD": zj * ion["u"] * (ion["c2"] - ion["c1"]),
                "z2uD": zj**2 * ion["u"] * (ion["c2"] - ion["c1"]),
                "z2uc1": zj**2 * ion["u"] * ion["c1"],
                "z2uc2": zj**2 * ion["u"] * ion["c2"],
            }[symbol]
        )
    return sympy.Add(*terms)
