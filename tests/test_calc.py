"""`derive calc` and quantities with units: values against formulas typed here, errors that name the argument."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest

from derive.calc import calculate
from derive.cli import main
from derive.errors import CalcError, QuantityError, UnknownNameError
from derive.quantities import si_value
from derive.symbols import SYMBOLS

# CODATA 2018 exact values, typed independently of derive.constants.
F = 1.602176634e-19 * 6.02214076e23
R = 1.380649e-23 * 6.02214076e23


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("140 mM", "T", None),  # wrong dimension: checked below
        ("140mM", "c_std", Fraction(140)),
        ("2 uM", "c_std", Fraction(1, 500)),
        ("1 mmol/L", "c_std", Fraction(1)),
        ("37degC", "T", Fraction(31015, 100)),
        ("-70 mV", "V", Fraction(-7, 100)),
        ("1e-6 cm/s", "L", None),
        (" 310.15 ", "T", Fraction(31015, 100)),
        (1, "z", Fraction(1)),
        (0.1, "T", Fraction(1, 10)),  # a float is read by its shortest repr, exactly
    ],
)
def test_si_value_is_exact(text, name, expected):
    if expected is None:
        with pytest.raises(QuantityError) as info:
            si_value(text, SYMBOLS[name], name)
        assert info.value.where == name and "dimension" in str(info.value)
    else:
        assert si_value(text, SYMBOLS[name], name) == expected


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("abc", "does not start with a number"),
        ("nan", "does not start with a number"),
        ("inf mM", "does not start with a number"),
        ("5 parsec", "dimension [length]"),
        ("5 __import__('os')", "unknown unit"),
        ("5 mM; import os", "unknown unit"),
        ("1" * 300, "characters is not a quantity"),
        (None, "is not a number"),
        (True, "is not a number"),
        ({"a": 1}, "is not a number"),
    ],
)
def test_si_value_refuses_with_the_argument_named(text, says):
    with pytest.raises(QuantityError) as info:
        si_value(text, SYMBOLS["c_std"], "c_in")
    assert str(info.value).startswith("c_in: ") and says in str(info.value)
    assert "concentration" in info.value.expected


def test_nernst_at_body_temperature_matches_the_textbook_formula():
    result = calculate("nernst", {"c_in": "140 mM", "c_out": "5mM", "z": 1, "T": "37 degC"})
    assert float(result.value) == pytest.approx(R * 310.15 / F * math.log(5 / 140), rel=1e-14)
    assert result.display() == "-89.06 mV"
    assert result.display(6) == "-89.0587 mV"
    assert result.warnings == ()


def test_functions_by_name_defaults_and_si_units():
    # T defaults to 310.15 K as the signature documents; GHK current in A/m².
    V, c_in, c_out, P = -0.07, 140.0, 5.0, 1e-8
    u = F * V / (R * 310.15)
    textbook = P * F * u * (c_in - c_out * math.exp(-u)) / (1 - math.exp(-u))
    result = calculate("ghk_current_density", {"V": "-70 mV", "c_in": c_in, "c_out": c_out, "z": "1", "P": "1e-6 cm/s"})
    assert float(result.value) == pytest.approx(textbook, rel=1e-13)
    assert result.display() == f"{textbook:.4g} A/m^2"


def test_free_energy_of_the_seed_calcium_gradient():
    result = calculate("transport_free_energy", {"c_from": "0.1 uM", "c_to": "2 mM", "z": 2, "delta_V": 0, "T": "37degC"})
    assert float(result.value) == pytest.approx(R * 310.15 * math.log(20000), rel=1e-14)
    assert result.display() == "25.54 kJ/mol"


@pytest.mark.parametrize(
    ("target", "values", "error", "says"),
    [
        ("nernst", {"c_in": 140, "c_out": 5, "zz": 1}, UnknownNameError, "zz"),
        ("nernst", {"c_in": 140, "c_out": 5}, CalcError, "needs z"),
        ("nernst", {"c_in": 140, "c_out": -5, "z": 1}, QuantityError, "c_out: must be positive"),
        ("nernst", {"c_in": 140, "c_out": 5, "z": 1.5}, QuantityError, "z: must be a whole number"),
        ("nernst", {"c_in": 140, "c_out": 5, "z": 0}, QuantityError, "z: must be nonzero"),
        ("nernst", {"c_in": 140, "c_out": "5 mV", "z": 1}, QuantityError, "c_out: '5 mV' has the dimension"),
        ("pump_leak", {"p": 1, "k": 1}, CalcError, "several functions"),
        ("no_such_thing", {}, UnknownNameError, "no_such_thing"),
    ],
)
def test_bad_arguments_are_named(target, values, error, says):
    with pytest.raises(error) as info:
        calculate(target, values)
    assert says in str(info.value)


def test_unit_slips_warn_but_compute():
    result = calculate("nernst", {"c_in": 140, "c_out": 5, "z": 1, "T": 37})
    assert result.warnings == ("T = 37 K is below 200 K; for degrees Celsius write T=37degC",)
    assert float(result.value) == pytest.approx(R * 37 / F * math.log(5 / 140), rel=1e-14)
    # A unit written out is what the user meant: no warning.
    assert calculate("nernst", {"c_in": 140, "c_out": 5, "z": 1, "T": "37 K"}).warnings == ()
    slip = calculate("ghk_current_density", {"V": -70, "c_in": 140, "c_out": 5, "z": 1, "P": 1e-8})
    assert slip.warnings == ("V = -70 V is beyond ±2 V; for millivolts write V=-70mV",)


def test_cli(capsys):
    assert main(["calc", "nernst", "c_in=140mM", "c_out=5mM", "z=1", "T=37degC"]) == 0
    assert capsys.readouterr().out == "-89.06 mV\n"
    assert main(["calc", "nernst", "c_in=140", "c_out=5", "z=1", "T=37"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "-10.62 mV\n" and "warning: T = 37 K is below 200 K" in captured.err
    assert main(["calc", "nernst", "c_in=140mM", "c_out=5mV", "z=1"]) == 1
    assert "derive: error: c_out: '5mV' has the dimension" in capsys.readouterr().err
    assert main(["calc", "nernst", "c_in"]) == 1
    assert "not of the form name=value" in capsys.readouterr().err
    assert main(["calc", "nernst", "c_in=1", "c_in=2"]) == 1
    assert "given twice" in capsys.readouterr().err
