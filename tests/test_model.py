"""Model files: a good one reads into exact SI values; every bad one names the file, the key and what was expected."""

from __future__ import annotations

from fractions import Fraction

import pytest

from derive.errors import ModelError
from derive.model import load_model
from helpers import SQUID_IONS

SQUID = """\
name = "squid"
title = "Squid giant axon (Hodgkin & Katz 1949)"
temperature = "20 degC"
relations = ["nernst", "ghk_voltage", "ghk_current"]

""" + SQUID_IONS


def write(tmp_path, text, name="model.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_issue_example_reads_into_exact_si(tmp_path):
    model = load_model(write(tmp_path, SQUID))
    assert model.name == "squid" and model.relations == ("nernst", "ghk_voltage", "ghk_current")
    assert model.temperature == Fraction(29315, 100)  # 20 °C, exactly
    assert [(s.ion.name, s.ion.charge) for s in model.ions] == [("K", 1), ("Na", 1), ("Cl", -1)]
    assert model.ion("Na").outside == 440 and model.ion("Na").permeability == Fraction(1, 25)
    assert all(s.relative for s in model.ions)


def test_units_convert_and_permeabilities_may_carry_them(tmp_path):
    text = SQUID.replace('"400 mM"', '"0.4 M"').replace('temperature = "20 degC"', "temperature = 293.15")
    text = text.replace("permeability = 1.0", 'permeability = "1e-6 cm/s"')
    text = text.replace("permeability = 0.04", 'permeability = "4e-10 m/s"').replace("permeability = 0.45", 'permeability = "4.5e-9 m/s"')
    model = load_model(write(tmp_path, text))
    assert model.ion("K").inside == 400 and model.temperature == Fraction(29315, 100)
    assert model.ion("K").permeability == Fraction(1, 10**8) and not model.ion("K").relative


@pytest.mark.parametrize(
    ("change", "key", "says"),
    [
        (lambda t: t.replace('temperature = "20 degC"', 'temperature = "20 mV"'), "temperature", "dimension"),
        (lambda t: t.replace('inside = "400 mM"', 'inside = "400 m/s"'), "ions.K.inside", "dimension"),
        (lambda t: t.replace('inside = "400 mM"', 'inside = "400 zorkmids"'), "ions.K.inside", "unknown unit"),
        (lambda t: t.replace('inside = "400 mM"', 'inside = "-4 mM"'), "ions.K.inside", "-4"),
        (lambda t: t.replace('title = "', 'colour = "blue"\ntitle = "'), "colour", "unknown key"),
        (lambda t: t.replace("charge = 1\ninside", "charge = 1\nvalence = 1\ninside", 1), "ions.K.valence", "unknown key"),
        (lambda t: t.replace('"ghk_current"]', '"ghk_currant"]'), "relations[2]", "'ghk_currant'"),
        (lambda t: t.replace("[ions.K]\ncharge = 1\n", "[ions.K]\n"), "ions.K.charge", "missing"),
        (lambda t: t.replace("[ions.K]\ncharge = 1", "[ions.K]\ncharge = 0"), "ions.K.charge", "got 0"),
        (lambda t: t.replace("[ions.K]\ncharge = 1", "[ions.K]\ncharge = 1.5"), "ions.K.charge", "got 1.5"),
        (lambda t: t.replace("[ions.K]", '[ions."K\\n"]'), "ions.K\n", "chemical symbol"),
        (lambda t: t.replace("[ions.K]", "[ions.potassium]"), "ions.potassium", "chemical symbol"),
        (lambda t: t.replace('name = "squid"', 'name = "import"'), "name", "not one"),
        (lambda t: t.replace('name = "squid"', 'name = "../x"'), "name", "not one"),
        (lambda t: t.replace("permeability = 0.04", 'permeability = "4e-10 m/s"'), "ions", "a mix of both"),
        (lambda t: t + 'modules = ["../evil.py"]\n', "ions.Cl.modules", "unknown key"),
        (lambda t: 'modules = ["../evil.py"]\n' + t, "modules[0]", "leaves the model's folder"),
        (lambda t: 'modules = ["/etc/passwd.py"]\n' + t, "modules[0]", "got '/etc/passwd.py'"),
        (lambda t: 'modules = ["missing.py"]\n' + t, "modules[0]", "does not exist"),
        (lambda t: t.replace('relations = ["nernst", "ghk_voltage", "ghk_current"]\n', ""), "relations", "missing"),
        (lambda t: t + "[oops", "", "TOML"),
    ],
)
def test_bad_model_files_name_file_key_and_expectation(tmp_path, change, key, says):
    path = write(tmp_path, change(SQUID))
    with pytest.raises(ModelError) as info:
        load_model(path)
    error = info.value
    assert error.source == str(path) and error.key == key, str(error)
    assert says in str(error) and str(error).startswith(str(path)) and error.expected


def test_a_file_that_is_not_utf8_or_not_there(tmp_path):
    path = tmp_path / "latin1.toml"
    path.write_bytes(SQUID.replace("Katz", "K\xe4tz").encode("latin-1"))
    with pytest.raises(ModelError, match="UTF-8"):
        load_model(path)
    with pytest.raises(ModelError, match="readable model file"):
        load_model(tmp_path / "absent.toml")
