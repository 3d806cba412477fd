"""Notation: overrides reach every artifact; unknown keys and bad values are errors naming them."""

from __future__ import annotations

import subprocess
import sys

import pytest

import derive
from derive.build import render_all
from derive.errors import NotationError, NotationKeyError
from derive.notation import Notation, load_notation
from derive.printing.latex import latex
from derive.printing.restyle import restyle_prose
from helpers import ROOT, rendered

NOTATION_FILE = r"""
log = "log"

[symbols]
E_K = 'V_{\mathrm{eq}}'
K_out = 'c_{\mathrm{o}}^{\mathrm{K}}'

[letters]
psi = "varphi"

[units]
concentration = "mM"
per_mode = "symbol"

[layout]
width = 26
"""


@pytest.fixture(scope="module")
def notation(tmp_path_factory) -> Notation:
    path = tmp_path_factory.mktemp("notation") / "paper.toml"
    path.write_text(NOTATION_FILE, encoding="utf-8")
    return load_notation(path)


@pytest.fixture(scope="module")
def restyled(notation) -> dict[str, str]:
    return rendered(notation)


def test_file_is_read_into_a_frozen_value(notation):
    assert notation.log == "log" and notation.width == 26.0 and notation.concentration == "mM"
    assert dict(notation.symbols)["E_K"] == r"V_{\mathrm{eq}}"
    with pytest.raises(AttributeError):
        notation.log = "ln"  # frozen
    assert Notation.defaults().merge(**{"log": "log"}).log == "log" and Notation.defaults().log == "ln"


PAIRS = [
    ("\\psi", "\\varphi"),
    ("\\ln", "\\log"),
    (r"E_{\mathrm{K}}", r"V_{\mathrm{eq}}"),
    (r"[\mathrm{K}^{+}]_{\mathrm{o}}", r"c_{\mathrm{o}}^{\mathrm{K}}"),
]


def test_override_reaches_every_artifact(restyled):
    """Not one default spelling survives anywhere: reports, snippets, MyST, the module's docstrings."""
    default = rendered()
    assert restyled.keys() == default.keys()
    for name, text in restyled.items():
        if isinstance(text, bytes):  # figures: their labels are checked in test_figures
            continue
        for old, new in PAIRS:
            assert old not in text, (name, old)
            if old in default[name]:
                assert new in text, (name, new)
    for name in ("report.tex", "report.md", "report.myst.md"):
        text = restyled[name]
        assert r"V_{\mathrm{eq}}" in text and r"c_{\mathrm{o}}^{\mathrm{K}}" in text, name
        assert "mol\\,m^{-3}" not in text and "\\mole\\per\\cubic\\metre" not in text, name
    assert r"\qty[per-mode=symbol]{140}{\milli\molar}" in restyled["report.tex"]
    assert r"\mathrm{mM}" in restyled["report.md"]
    assert r"\DeclareSIUnit{\molar}{M}" in restyled["derive.sty"]
    module = restyled["membrane.py"]
    assert "ψ" not in module and "φ_i" in module
    # (the runtime helpers' own docstrings, copied verbatim, may still say ln)
    assert "ln(c_out/c_in)" not in module and "log(c_out/c_in)" in module
    # Units printed from the registry: parameters, constants, Returns and the module docstring.
    assert ", mM." in module and ", mol m^-3." not in module and "J/(mol K)" in module
    assert "concentrations in mM, " in module and "mol m^-3" not in module
    assert "Molar flux, mol/(m^2 s)," in module or "Molar flux, mol/(s m^2)," in module


@pytest.mark.slow  # a whole second render; the golden-file tests already compare the default one
def test_default_notation_changes_nothing():
    """Printing with the default notation is byte-identical to printing without one."""
    assert render_all(notation=Notation()) == rendered()  # rendered afresh


def test_the_override_still_compiles(tmp_path, restyled):
    from test_tex import compile_tex, offending, problems, snippet_document

    needed = ("report.tex", "derive.sty", "references.bib", *(n for n in restyled if n.endswith(".pdf")))
    files = {name: restyled[name] for name in needed}
    code, log, blg = compile_tex(files, tmp_path, main="report", bib=True)
    assert code == 0, log[-3000:]
    assert problems(log, blg) == [], offending(log)
    code, log, _ = compile_tex({**restyled, "doc.tex": snippet_document(restyled)}, tmp_path)
    assert code == 0, log[-3000:]
    assert problems(log) == [], offending(log)


def test_written_math_is_read_like_tex(notation):
    """Longest match first, a subscript makes another symbol, adjacent letters are separate symbols."""
    n = Notation().merge(symbols={"E": "U", "z": "q"})
    assert restyle_prose(r"$c_{\mathrm{o}} e^{-zFE/RT}$ and $E_{\mathrm{K}}$", n) == (
        r"$c_{\mathrm{o}} e^{-qFU/RT}$ and $E_{\mathrm{K}}$"
    )
    assert restyle_prose(r"$\operatorname{exprel}(x)$", n) == r"$\operatorname{exprel}(x)$"
    assert restyle_prose(r"$\psi_{\mathrm{i}}$ and $\ln 2$", notation) == r"$\varphi_{\mathrm{i}}$ and $\log 2$"


def test_printer_takes_notation_as_a_setting(notation):
    d = derive.relation("nernst", ion=derive.POTASSIUM)
    assert latex(d.result.equation, notation=notation) == (
        r"V_{\mathrm{eq}} = \frac{R T}{F} \log\frac{c_{\mathrm{o}}^{\mathrm{K}}}{[\mathrm{K}^{+}]_{\mathrm{i}}}"
    )
    assert latex(d.result.equation).startswith(r"E_{\mathrm{K}} = \frac{R T}{F} \ln")  # nothing global changed


@pytest.mark.parametrize(
    "text,key",
    [
        ('lg = "log"', "lg"),
        ("[units]\nper_moed = 'symbol'", "units.per_moed"),
        ("[symbols]\nE_X = 'E'", "symbols.E_X"),
        ("[letters]\nkoppa = 'phi'", "letters.koppa"),
        ("[style]\nx = 1", "style"),
    ],
)
def test_unknown_keys_are_errors_naming_them(tmp_path, text, key):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(NotationKeyError) as info:
        load_notation(path)
    assert info.value.name == key and repr(key) in str(info.value) and str(path) in str(info.value)
    assert isinstance(info.value, KeyError)


@pytest.mark.parametrize(
    "text,key",
    [
        ('log = "lg"', "log"),
        ("[units]\nconcentration = 'M'", "units.concentration"),
        ("[layout]\nwidth = 3", "layout.width"),
        ("[symbols]\nE_K = 'V_{eq'", "symbols.E_K"),
        ("[letters]\npsi = 'var phi'", "letters.psi"),
    ],
)
def test_bad_values_are_errors_naming_the_key(tmp_path, text, key):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(NotationError) as info:
        load_notation(path)
    assert info.value.key == key and isinstance(info.value, ValueError)


def test_ambiguous_written_math_is_refused():
    """Two symbols printing alike by default cannot print differently: prose could not tell them apart."""
    with pytest.raises(NotationError, match="ambiguous"):
        restyle_prose("$c$", Notation().merge(symbols={"c_m": "n"}), {"C1": _spec_like("C1", "c")})


def _spec_like(name: str, latex_text: str):
    from derive.symbols import SymbolSpec

    return SymbolSpec(name, latex_text, 1, "a test symbol")


def test_cli_build_show_with_notation(tmp_path):
    path = tmp_path / "paper.toml"
    path.write_text(NOTATION_FILE)
    out = tmp_path / "out"
    # Rendered in this process first (test_override_reaches_every_artifact checks it, and shares it):
    # the build below reads it back from the session's cache if, and only if, it was given this notation.
    expected = rendered(load_notation(path))["equations/nernst.tex"]
    proc = subprocess.run(
        [sys.executable, "-m", "derive", "build", "--no-pdf", "--notation", str(path), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    assert (out / "equations" / "nernst.tex").read_text() == expected
    proc = subprocess.run(
        [sys.executable, "-m", "derive", "show", "nernst", "--format", "latex", "--notation", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0 and "\\log" in proc.stdout and "\\ln" not in proc.stdout
    path.write_text("[symbols]\nE_X = 'E'\n")
    proc = subprocess.run(
        [sys.executable, "-m", "derive", "show", "nernst", "--notation", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1 and "'symbols.E_X'" in proc.stderr


# ---------------------------------------------------------------- docstrings read as reST

#: A line reST/numpydoc would read as the start of a list item.
LIST_ITEM = __import__("re").compile(r"^\s*(?:[-+*\u2022]|\d+[.)])\s")


def _docstring_list_lines(source: str) -> list[str]:
    import ast

    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)):
            doc = ast.get_docstring(node, clean=False)
            lines = (doc or "").splitlines()[1:]
            found += [f"{getattr(node, 'name', '<module>')}: {line}" for line in lines if LIST_ITEM.match(line)]
    return found


def test_no_wrapped_docstring_line_reads_as_a_list_item(restyled):
    """Wrapping "V = φ_i - φ_o" must not leave "- φ_o" at the start of a line (a reST bullet):
    in the default modules and in the notation build, whose φ moved the break (issue 11)."""
    default = rendered()
    for files in (default, restyled):
        for name in ("membrane.py", "membrane_compiled.py"):
            assert _docstring_list_lines(files[name]) == [], name


def test_the_wrapper_moves_a_word_down_where_textwrap_would_start_a_bullet():
    import textwrap

    from derive.printing.python import docstring_wordwrap

    text = "(6) Definition: The equilibrium potential is the membrane potential V = φ_i - φ_o at which it rests."
    plain = textwrap.wrap(text, 75)
    assert plain[1].startswith("- ")  # the check has something to catch
    wrapped = docstring_wordwrap(text, 75).splitlines()
    assert [w for w in wrapped if LIST_ITEM.match(w)] == []
    assert " ".join(wrapped) == text and all(len(w) <= 75 for w in wrapped)
    assert docstring_wordwrap("- a real list\n- stays one", 40) == "- a real list\n- stays one"
