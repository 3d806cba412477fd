"""`derive build MODEL.toml`: a user's system through the engine (issue 9).

Each model is built once per session (verification is cached in the session's cache
folder); the modules are checked against an independent reference: the zero of the
summed GHK currents, found by mpmath at 50 digits from the GHK current equation typed
here (not from derive's derived expression).
"""

from __future__ import annotations

import importlib.util
import inspect
import subprocess
import sys
import textwrap
from pathlib import Path

import mpmath
import pytest

from derive.cli import main
from helpers import SQUID_IONS
from references import F, R  # CODATA 2018 exact: e N_A, k_B N_A

SQUID = """
name = "squid"
title = "Squid giant axon (Hodgkin & Katz 1949)"
temperature = "20 degC"
potential = "-60 mV"
relations = ["nernst", "ghk_voltage", "ghk_current"]

""" + SQUID_IONS

#: Other ion sets: more monovalent cations, and divalent cations and anions (a quadratic).
MIXED = """
name = "mixed"
title = "Neuron with Cs, Li, Ca and Mg"
temperature = "37 degC"
relations = ["ghk_voltage", "nernst"]

[ions.K]
charge = 1
inside = "140 mM"
outside = "5 mM"
permeability = "1e-8 m/s"
[ions.Na]
charge = 1
inside = "15 mM"
outside = "145 mM"
permeability = "5e-10 m/s"
[ions.Cs]
charge = 1
inside = "1 mM"
outside = "2 mM"
permeability = "1e-9 m/s"
[ions.Li]
charge = 1
inside = "0.5 mM"
outside = "1 mM"
permeability = "2e-10 m/s"
[ions.Cl]
charge = -1
inside = "10 mM"
outside = "110 mM"
permeability = "4.5e-9 m/s"
[ions.Ca]
charge = 2
inside = "0.0001 mM"
outside = "2 mM"
permeability = "1e-9 m/s"
[ions.Mg]
charge = 2
inside = "0.5 mM"
outside = "1 mM"
permeability = "1e-10 m/s"
[ions.SO4]
charge = -2
inside = "1 mM"
outside = "3 mM"
permeability = "3e-10 m/s"
"""

GATING = Path(__file__).resolve().parent.parent / "templates" / "starter" / "relations.py.j2"


def _build(folder: Path, name: str, text: str, *extra: str) -> tuple[int, Path]:
    model = folder / f"{name}.toml"
    model.write_text(textwrap.dedent(text), encoding="utf-8")
    code = main(["build", str(model), "--no-pdf", *extra])
    return code, folder / name


def _import(path: Path):
    spec = importlib.util.spec_from_file_location(f"model_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(autouse=True)
def _registry_restored():
    """Relations a test's relation files register are gone after it (other tests count the catalogue's)."""
    from derive import model
    from derive.relations import _REGISTRY, _build

    registry, loaded = dict(_REGISTRY), dict(model._LOADED)
    yield
    if dict(_REGISTRY) == registry and dict(model._LOADED) == loaded:
        return  # nothing registered: the derivations built so far stay (rebuilding them costs seconds)
    _REGISTRY.clear()
    _REGISTRY.update(registry)
    model._LOADED.clear()
    model._LOADED.update(loaded)
    _build.cache_clear()


@pytest.fixture(scope="session")
def squid(tmp_path_factory):
    folder = tmp_path_factory.mktemp("squid")
    code, out = _build(folder, "squid", SQUID)
    assert code == 0
    return out


@pytest.fixture(scope="session")
def mixed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("mixed")
    code, out = _build(folder, "mixed", MIXED)
    assert code == 0
    return out


def zero_current_potential(ions: dict[str, tuple[int, float, float, float]], T: float) -> mpmath.mpf:
    """V where Σ P z² F u (c_i − c_o e^{−zu}) / (1 − e^{−zu}) = 0, u = FV/RT, at 50 digits.

    ``ions``: name → (z, c_in, c_out, P). The GHK current, typed from Hille (2001), eq. 14.3.
    """
    with mpmath.workdps(50):
        T = mpmath.mpf(T)

        def total(v):
            u = F * v / (R * T)
            s = 0
            for z, c_in, c_out, p in ions.values():
                zu = z * u
                s += mpmath.mpf(p) * z**2 * F * u * (mpmath.mpf(c_in) - mpmath.mpf(c_out) * mpmath.exp(-zu)) / (
                    1 - mpmath.exp(-zu)
                )
            return s

        return mpmath.findroot(total, (mpmath.mpf("-0.2"), mpmath.mpf("0.2")), solver="anderson")


def test_the_squid_model_writes_everything_the_catalogue_build_does(squid):
    for name in ("report.tex", "report.md", "report.myst.md", "derive.sty", "references.bib", "squid.py",
                 "squid_compiled.py", "equations/ghk_voltage.tex", "equations/nernst-derivation.tex",
                 "figures/derivation-map.svg", "derive-manifest.sha256"):  # fmt: skip
        assert (squid / name).is_file(), name
    report = (squid / "report.md").read_text(encoding="utf-8")
    assert report.startswith("<!--") and "# Squid giant axon (Hodgkin & Katz 1949): verified derivations" in report
    assert r"\title{Squid giant axon (Hodgkin \& Katz 1949): verified derivations}" in (squid / "report.tex").read_text()
    # The model's values are tabled; relative permeabilities as ratios, not m/s.
    table = report.split("## Values of the model", 1)[1].split("\n## ", 1)[0]
    assert r"| $293.15\thinspace \mathrm{K}$ |" in table and r"| $0.04\ \text{(relative)}$ |" in table
    assert "(relative)" not in report.split("## Values of the model", 1)[0]


def test_the_squid_module_defaults_to_the_model_and_matches_an_independent_root(squid):
    m = _import(squid / "squid.py")
    ions = {"K": (1, 400, 20, 1.0), "Na": (1, 50, 440, 0.04), "Cl": (-1, 52, 560, 0.45)}
    rest = zero_current_potential(ions, 293.15)
    assert abs(m.ghk_voltage() - float(rest)) <= 1e-12 * abs(float(rest))
    peak = zero_current_potential({**ions, "Na": (1, 50, 440, 20.0)}, 293.15)
    assert abs(m.ghk_voltage(P_Na=20.0) - float(peak)) <= 1e-12 * abs(float(peak))
    assert m.ghk_voltage(P_Na=20.0) > 0 > m.ghk_voltage()
    # One function per ion, taking that ion's symbols with the model's values as defaults.
    with mpmath.workdps(30):
        e_k = float(R * mpmath.mpf("293.15") / F * mpmath.log(mpmath.mpf(20) / 400))
    assert m.nernst_potential_K() == pytest.approx(e_k, rel=1e-14)
    # Relative permeabilities are ratios: a current needs P in m/s from the caller, so P_K
    # comes first (parameters without a model value lead); V defaults to the model's potential.
    with pytest.raises(TypeError):
        m.ghk_current_density_K()
    assert list(inspect.signature(m.ghk_current_density_K).parameters)[:2] == ["P_K", "V"]
    assert m.ghk_current_density_K(1e-8) == m.ghk_current_density_K(1e-8, V=-0.06, K_in=400.0, T=293.15)
    with pytest.raises(m.InvalidInputError, match="K_in"):
        m.nernst_potential_K(K_in=-1.0)


def test_other_ion_sets_divalent_cations_and_anions_included(mixed):
    m = _import(mixed / "mixed.py")
    ions = {
        "K": (1, 140, 5, 1e-8), "Na": (1, 15, 145, 5e-10), "Cs": (1, 1, 2, 1e-9), "Li": (1, 0.5, 1, 2e-10),
        "Cl": (-1, 10, 110, 4.5e-9), "Ca": (2, 0.0001, 2, 1e-9), "Mg": (2, 0.5, 1, 1e-10), "SO4": (-2, 1, 3, 3e-10),
    }  # fmt: skip
    for change in ({}, {"Ca": (2, 0.0001, 2, 1e-7)}, {"SO4": (-2, 1, 3, 1e-7), "K": (1, 140, 5, 1e-10)}):
        case = {**ions, **change}
        expected = float(zero_current_potential(case, 310.15))
        given = {f"P_{n}": p for n, (_, _, _, p) in change.items()}
        assert abs(m.ghk_voltage(**given) - expected) <= 1e-12 * abs(expected), change
    report = (mixed / "report.md").read_text(encoding="utf-8")
    assert "GHK zero-current potential with divalent ions" in report
    assert "quadratic" in report


def test_the_module_imports_without_sympy(squid):
    code = (
        "import sys; sys.modules['sympy'] = None; sys.path.insert(0, sys.argv[1]); import squid; "
        "print(repr(squid.ghk_voltage()))"
    )
    done = subprocess.run([sys.executable, "-c", code, str(squid)], capture_output=True, text=True, check=True)
    assert float(done.stdout) < 0


def test_a_users_relation_file_reaches_report_snippets_and_module(tmp_path):
    (tmp_path / "gating.py").write_text(GATING.read_text().replace("{{ name }}", "cell"), encoding="utf-8")
    code, out = _build(tmp_path, "cell", """
        name = "cell"
        title = "A cell with a gating relation"
        temperature = "25 degC"
        relations = ["nernst"]
        modules = ["gating.py"]

        [ions.K]
        charge = 1
        inside = "140 mM"
        outside = "5 mM"
        """)  # fmt: skip
    assert code == 0
    assert "Two-state Boltzmann gating" in (out / "report.md").read_text(encoding="utf-8")
    assert r"\label{eq:boltzmann_gating}" in (out / "equations/boltzmann_gating.tex").read_text()
    m = _import(out / "cell.py")
    # Independent: 1/(1 + exp(-z F (V - V_half)/RT)) at 25 °C.
    with mpmath.workdps(30):
        expected = 1 / (1 + mpmath.exp(-4 * F * mpmath.mpf("0.02") / (R * mpmath.mpf("298.15"))))
    assert m.open_probability(-0.02, 4.0, -0.04) == pytest.approx(float(expected), rel=1e-14)


def test_a_wrong_step_in_a_users_file_fails_the_build_and_writes_nothing(tmp_path, capsys):
    text = GATING.read_text().replace("{{ name }}", "bad")
    broken = text.replace("1 / (1 + sympy.exp(-u_g))", "1 / (1 + sympy.exp(u_g))")
    assert broken != text
    (tmp_path / "bad_gating.py").write_text(broken, encoding="utf-8")
    code, out = _build(tmp_path, "bad", """
        name = "bad"
        relations = ["nernst"]
        modules = ["bad_gating.py"]
        [ions.K]
        charge = 1
        inside = "140 mM"
        outside = "5 mM"
        """)  # fmt: skip
    assert code == 1
    err = capsys.readouterr().err
    for part in ("bad_gating.py", "boltzmann_gating", "'boltzmann'", "left over"):
        assert part in err, part
    assert not out.exists()


def test_a_relation_file_that_does_not_import_is_named_with_its_line(tmp_path, capsys):
    (tmp_path / "broken.py").write_text("import derive\n\nx = 1\ny = undefined_name\n", encoding="utf-8")
    code, _ = _build(tmp_path, "b", 'name = "b"\nmodules = ["broken.py"]\n[ions.K]\ncharge = 1\n')
    assert code == 1
    err = capsys.readouterr().err
    assert "broken.py" in err and "line 4" in err and "NameError" in err


@pytest.mark.parametrize(
    ("edit", "says"),
    [
        (('inside = "400 mM"', 'inside = "400 mV"'), "ions.K.inside"),
        (('title = ', 'colour = "red"\ntitle = '), "colour"),
        (('"ghk_current"]', '"ghk_currents"]'), "relations[2]"),
        (("[ions.Na]\ncharge = 1", "[ions.Na]"), "ions.Na.charge"),
        (('outside = "20 mM"', 'outside = "-20 mM"'), "ions.K.outside"),
        (("[ions.Cl]\ncharge = -1", "[ions.Cl]\ncharge = 3"), "ions.Cl"),
        (("[ions.Cl]", '[ions.La]\ncharge = 3\ninside = "1 mM"\npermeability = 1.0\n[ions.Cl]'), "ions.La.outside"),
        (('inside = "52 mM"\n', ""), "ions.Cl.inside"),
        (('title = "Squid giant axon (Hodgkin & Katz 1949)"', 'title = "$\\\\input{x}$"'), "title"),
    ],
)
def test_bad_model_files_fail_with_file_key_and_expectation(tmp_path, capsys, edit, says):
    text = textwrap.dedent(SQUID)
    assert edit[0] in text
    code, out = _build(tmp_path, "squid", text.replace(edit[0], edit[1], 1))
    assert code == 1
    err = capsys.readouterr().err
    assert "squid.toml" in err and says in err, err
    assert not out.exists()


def test_derive_new_writes_a_starter_that_builds_and_never_overwrites(tmp_path, capsys):
    assert main(["new", "rat", "--dir", str(tmp_path)]) == 0
    assert main(["build", str(tmp_path / "rat.toml"), "--no-pdf"]) == 0
    m = _import(tmp_path / "rat" / "rat.py")
    assert -0.1 < m.ghk_voltage() < -0.05
    # The model gives V (-70 mV): V follows the parameters without a model value.
    assert list(inspect.signature(m.open_probability).parameters)[:3] == ["z_g", "V_half", "V"]
    assert m.open_probability(4.0, -0.07) == pytest.approx(0.5, rel=1e-15)
    before = (tmp_path / "rat.toml").read_bytes()
    assert main(["new", "rat", "--dir", str(tmp_path)]) == 1
    assert "rat.toml" in capsys.readouterr().err
    assert (tmp_path / "rat.toml").read_bytes() == before


@pytest.mark.slow
def test_a_model_may_ask_for_every_catalogue_relation(tmp_path):
    import derive

    names = [n for n in derive.relations() if n != "ghk_voltage_calcium"]
    listed = ", ".join(f'"{n}"' for n in names)
    code, out = _build(tmp_path, "every", f"""
        name = "every"
        temperature = "25 degC"
        potential = "-70 mV"
        relations = [{listed}]
        [ions.K]
        charge = 1
        inside = "140 mM"
        outside = "5 mM"
        permeability = 1.0
        [ions.Ca]
        charge = 2
        inside = "0.0001 mM"
        outside = "2 mM"
        permeability = 0.01
        """)  # fmt: skip
    assert code == 0
    m = _import(out / "every.py")
    # One Fick flux (no ion symbols), per-ion functions for the one-ion relations, and the
    # chord-conductance average over the model's ions.
    assert "fick_flux" in m.__all__ and "fick_flux_K" not in m.__all__
    assert list(inspect.signature(m.chord_conductance_potential).parameters)[:4] == ["g_K", "g_Ca", "E_K", "E_Ca"]
    assert m.nernst_potential_Ca() == pytest.approx(m.nernst_potential_Ca(0.0001, 2.0, 298.15), rel=1e-15)
    ions = {"K": (1, 140, 5, 1.0), "Ca": (2, 0.0001, 2, 0.01)}
    expected = float(zero_current_potential(ions, 298.15))
    assert abs(m.ghk_voltage() - expected) <= 1e-12 * abs(expected)
