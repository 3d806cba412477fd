"""Units at the boundary of the generated modules (issue 9, item 7): pint Quantities in, a
Quantity out; plain numbers are SI; a valid value that is almost certainly a unit slip warns.

References are independent of the code under test: the Nernst potential is typed here from
the textbook formula with CODATA 2018 F and R, and the unit conversions are pint's own
(37 degC = 310.15 K, 1 mM = 1 mol/m^3, 1 mV = 1e-3 V).
"""

from __future__ import annotations

import math
import subprocess
import sys
import warnings

import numpy as np
import pytest

from derive.printing.module import PLAUSIBLE
from helpers import ROOT, import_or_skip

pint = import_or_skip("pint")
ureg = pint.UnitRegistry()
Q = ureg.Quantity

# CODATA 2018, exact: F = e N_A, R = k N_A
F, R = 1.602176634e-19 * 6.02214076e23, 1.380649e-23 * 6.02214076e23


def _nernst(c_in, c_out, z, T):
    """The textbook Nernst potential, V."""
    return R * T / (z * F) * math.log(c_out / c_in)


def test_quantities_in_a_quantity_in_volts_out(numeric_module):
    got = numeric_module.nernst_potential(Q(140, "mM"), Q(5, "mM"), 1, T=Q(37, "degC"))
    assert isinstance(got, ureg.Quantity)
    assert got.units == ureg.volt
    # the same as the float call with the values pint converts to
    si = [Q(140, "mM").m_as("mol/m**3"), Q(5, "mM").m_as("mol/m**3"), Q(37, "degC").m_as("K")]
    assert got.magnitude == numeric_module.nernst_potential(si[0], si[1], 1.0, si[2])
    assert got.magnitude == pytest.approx(numeric_module.nernst_potential(140.0, 5.0, 1, T=310.15), rel=1e-15)
    assert got.m_as("mV") == pytest.approx(_nernst(140, 5, 1, 310.15) * 1e3, rel=1e-13)
    assert got.m_as("mV") == pytest.approx(-89.06, abs=0.005)


def test_mixed_quantities_and_plain_si_numbers(numeric_module):
    mixed = numeric_module.nernst_potential(Q(140, "mM"), 5.0, 1, T=310.15)
    assert isinstance(mixed, ureg.Quantity)
    assert mixed.magnitude == pytest.approx(_nernst(140, 5, 1, 310.15), rel=1e-13)


def test_other_units_of_the_same_dimension_are_converted(numeric_module):
    # 0.14 M = 140 mM; -70 mV = -0.07 V; 1e-6 cm/s = 1e-8 m/s
    a = numeric_module.ghk_current_density(Q(-70, "mV"), Q(0.14, "M"), Q(5000, "uM"), 1, Q(1e-6, "cm/s"))
    b = numeric_module.ghk_current_density(-0.07, 140.0, 5.0, 1, 1e-8)
    assert a.units == ureg.ampere / ureg.meter**2
    assert a.magnitude == pytest.approx(b, rel=1e-14)


def test_arrays_of_quantities(numeric_module):
    c_in = Q(np.array([140.0, 150.0, 10.0]), "mM")
    got = numeric_module.nernst_potential(c_in, Q(5, "mM"), 1, T=Q(310.15, "K"))
    assert got.units == ureg.volt
    want = [_nernst(c, 5, 1, 310.15) for c in (140.0, 150.0, 10.0)]
    np.testing.assert_allclose(got.magnitude, want, rtol=1e-13)


def test_a_wrong_dimension_is_refused_naming_the_argument(numeric_module):
    with pytest.raises(numeric_module.InvalidInputError, match=r"^c_out must be a quantity in mole/meter\*\*3") as err:
        numeric_module.nernst_potential(Q(140, "mM"), Q(5, "mV"), 1)
    assert err.value.argument == "c_out"
    assert isinstance(err.value, ValueError)
    with pytest.raises(numeric_module.InvalidInputError, match=r"^T must be a quantity in kelvin"):
        numeric_module.nernst_potential(140.0, 5.0, 1, T=Q(37, "mV"))


def test_an_invalid_quantity_is_refused_like_a_number(numeric_module):
    with pytest.raises(numeric_module.InvalidInputError, match=r"^c_in must be positive"):
        numeric_module.nernst_potential(Q(-1, "mM"), Q(5, "mM"), 1)


def test_a_temperature_below_200_K_warns_once_naming_it(numeric_module):
    with pytest.warns(numeric_module.UnitSlipWarning, match=r"nernst_potential: T = 37.0 K is below 200 K") as got:
        value = numeric_module.nernst_potential(140.0, 5.0, 1, T=37)
    assert len(got) == 1
    assert got[0].filename == __file__  # the warning points at the caller's line
    # valid all the same: the value at 37 K, bit for bit the unwarned formula
    assert value == pytest.approx(_nernst(140, 5, 1, 37), rel=1e-13)
    with pytest.warns(numeric_module.UnitSlipWarning, match=r"T = 37.0"):
        numeric_module.nernst_potential(np.full(40000, 140.0), 5.0, 1, T=37.0)


def test_a_potential_beyond_2_V_warns_once_per_argument_for_arrays(numeric_module):
    V = np.linspace(-80.0, 40.0, 50000)  # millivolts by mistake: many blocks, one warning
    with pytest.warns(numeric_module.UnitSlipWarning) as got:
        numeric_module.ghk_current_density(V, 140.0, 5.0, 1, 1e-8, 37.0)
    messages = sorted(str(w.message) for w in got)
    assert len(messages) == 2, messages
    assert messages[0].startswith("ghk_current_density: T = 37.0 K is below 200 K")
    assert messages[1].startswith("ghk_current_density: V[0] = -80.0 V is beyond +-2 V")


def test_plausible_values_and_quantities_do_not_warn(numeric_module):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        numeric_module.nernst_potential(140.0, 5.0, 1, T=310.15)
        numeric_module.ghk_current_density(np.linspace(-0.1, 0.05, 50000), 140.0, 5.0, 1, 1e-8)
        numeric_module.nernst_potential(140.0, 5.0, 1, T=Q(37, "K"))  # the unit says what was meant
        numeric_module.nernst_potential(140.0, 5.0, 1, T=37, validate=False)  # no checks at all


def test_the_warning_can_fail():
    # a check that cannot fail is worth nothing: without the plausible range, no warning
    membrane = pytest.importorskip("generated.membrane")
    spec = membrane._nernst_potential_spec
    quiet = spec.quiet({"T"})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = membrane._apply(quiet, True, 140.0, 5.0, 1.0, 37.0)
    assert out == pytest.approx(_nernst(140, 5, 1, 37), rel=1e-13)
    with pytest.warns(membrane.UnitSlipWarning):
        membrane._apply(spec, True, 140.0, 5.0, 1.0, 37.0)


def test_every_temperature_and_potential_argument_has_a_plausible_range(numeric_module):
    seen = set()
    for name in numeric_module.__all__:
        spec = getattr(numeric_module, f"_{name}_spec", None)
        if spec is None:
            continue
        for param, unit, plausible in zip(spec.params, spec.units, spec.plausible, strict=False):
            if unit == "kelvin":
                assert plausible[:2] == (200.0, 1.7976931348623157e308), (name, param)
            elif unit == "volt":
                assert plausible[:2] == (-2.0, 2.0), (name, param)
            else:
                assert plausible is None, (name, param)
            seen.add(unit)
    assert {"kelvin", "volt"} <= seen
    assert {v[:2] for v in PLAUSIBLE.values()} == {(200.0, 1.7976931348623157e308), (-2.0, 2.0)}


def test_summed_and_junction_functions_take_quantities(membrane):
    n = [3, -2]
    got = membrane.transporter_free_energy(n, [Q(10, "mM"), 140.0], [145.0, 5.0], [1, 1], Q(-70, "mV"), Q(37, "degC"))
    plain = membrane.transporter_free_energy(n, [10.0, 140.0], [145.0, 5.0], [1, 1], -0.07, 310.15)
    assert got.magnitude == pytest.approx(plain, rel=1e-14)
    solution1, solution2 = {"K": Q(145, "mM"), "Cl": 145}, {"Na": 145, "Cl": Q(0.145, "M")}
    junction = membrane.liquid_junction_potential(solution1, solution2, T=Q(25, "degC"))
    assert junction.units == ureg.volt
    want = membrane.liquid_junction_potential({"K": 145, "Cl": 145}, {"Na": 145, "Cl": 145}, T=298.15)
    assert junction.magnitude == pytest.approx(want, rel=1e-12)
    with pytest.raises(membrane.InvalidInputError, match=r"T = 25 millivolt is not in kelvin"):
        membrane.liquid_junction_potential(solution1, solution2, T=Q(25, "mV"))


def test_a_plain_temperature_below_200_K_warns_in_the_junction_too(numeric_module, monkeypatch):
    solution1, solution2 = {"K": 145, "Cl": 145}, {"Na": 145, "Cl": 145}
    with pytest.warns(numeric_module.UnitSlipWarning, match=r"liquid_junction_potential: T = 25.0 K is below") as got:
        value = numeric_module.liquid_junction_potential(solution1, solution2, T=25)
    assert len(got) == 1
    assert got[0].filename == __file__  # the warning points at the caller's line
    with pytest.warns(numeric_module.UnitSlipWarning) as other:
        numeric_module.nernst_potential(140.0, 5.0, 1, T=25.0)
    assert str(got[0].message).split(" = ", 1)[1] == str(other[0].message).split(" = ", 1)[1]  # the same advice
    # valid all the same: a junction potential is proportional to T (eps = F E/RT does not depend on it)
    at_room = numeric_module.liquid_junction_potential(solution1, solution2, T=298.15)
    assert value == pytest.approx(at_room * 25 / 298.15, rel=1e-12)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        numeric_module.liquid_junction_potential(solution1, solution2, T=Q(25, "K"))  # the unit says what was meant
        numeric_module.liquid_junction_potential(solution1, solution2, T=Q(25, "degC"))
        numeric_module.liquid_junction_potential(solution1, solution2)
        # the check can fail: without its threshold the same call is silent
        monkeypatch.setattr(numeric_module, "_LJP_COLDEST", 0.0)
        numeric_module.liquid_junction_potential(solution1, solution2, T=25)


def test_the_module_imports_and_runs_without_pint():
    # pint is imported only when a Quantity is passed: a plain call never imports it
    code = (
        "import sys; sys.modules['pint'] = None\n"  # importing pint now fails
        "from generated import membrane as m\n"
        "assert abs(m.nernst_potential(140.0, 5.0, 1) + 0.08905869) < 1e-7\n"
        "import numpy as np; m.nernst_potential(np.array([140.0, 10.0]), 5, 1)\n"
        "assert 'pint' not in [k for k, v in sys.modules.items() if v is not None]\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
