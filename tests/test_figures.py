"""Figures: plotted by the generated module, reproducible to the byte, referenced from every report,
and a derivation map read from the Cite steps."""

from __future__ import annotations

import re
import types

import matplotlib
import mpmath
import pytest

import derive
from derive.build import export
from derive.errors import NotationError, UnknownNameError
from derive.figures import (
    FIGURES,
    MAP,
    GHKCurrentPlot,
    GHKVoltagePlot,
    JunctionMethodsPlot,
    Labels,
    NernstPlot,
    _fresh_fonts,
    _mermaid_text,
    _PARSED,
    _rc_context,
    _save,
    derivation_map,
    draw,
    figure_pair,
)
from derive.notation import Notation
from helpers import GENERATED

mpmath.mp.dps = 50
#: CODATA 2018, exact (typed here, not taken from derive).
F = mpmath.mpf("1.602176634e-19") * mpmath.mpf("6.02214076e23")
R = mpmath.mpf("1.380649e-23") * mpmath.mpf("6.02214076e23")


def artist(fig, gid: str):
    found = [a for ax in fig.axes for a in ax.get_children() if a.get_gid() == gid]
    assert len(found) == 1, gid
    return found[0]


def crossing_errors(fig, ions=("K", "Na", "Cl", "Ca")) -> dict[str, float]:
    """Per ion, mV between where the plotted GHK curve crosses zero and the reversal potential marked."""
    errors = {}
    for ion in ions:
        v, i = (list(map(float, a)) for a in artist(fig, f"ghk-current:{ion}").get_data())
        (marked,) = artist(fig, f"reversal:{ion}").get_xdata()
        k = next((k for k in range(len(i) - 1) if (i[k] <= 0) != (i[k + 1] <= 0)), None)
        if k is None:  # the curve never crosses zero in the plotted range
            errors[ion] = float("inf")
            continue
        zero = v[k] - i[k] * (v[k + 1] - v[k]) / (i[k + 1] - i[k])  # linear interpolation
        errors[ion] = abs(zero - float(marked))
    return errors


def test_ghk_curves_cross_zero_at_the_nernst_potentials_they_mark(membrane):
    fig = draw(GHKCurrentPlot(), module=membrane)
    errors = crossing_errors(fig)
    # the grid is 0.675 mV; linear interpolation of the smooth curve is far closer than that
    assert max(errors.values()) < 0.02, errors
    # and the mark is the Nernst potential, typed from the textbook at 37 °C with the example's concentrations
    for ion, z, c_in, c_out in (("K", 1, 140, 5), ("Na", 1, 15, 145), ("Cl", -1, 10, 110), ("Ca", 2, "0.0001", 2)):
        e = R * mpmath.mpf("310.15") / (z * F) * mpmath.log(mpmath.mpf(c_out) / mpmath.mpf(c_in)) * 1000
        (marked,) = artist(fig, f"reversal:{ion}").get_xdata()
        assert float(marked) == pytest.approx(float(e), rel=1e-12), ion


def test_the_crossing_check_fails_when_the_marks_drift_from_the_curve(membrane):
    """A module whose nernst_potential is 2 mV off: the check above sees the marks leave the zero crossings."""
    shifted = types.SimpleNamespace(**vars(membrane))
    shifted.nernst_potential = lambda *args, **kw: membrane.nernst_potential(*args, **kw) + 0.002
    errors = crossing_errors(draw(GHKCurrentPlot(), module=shifted))
    assert min(errors.values()) > 1.9, errors


def test_plotted_numbers_are_the_modules(membrane):
    """Every point of a curve is what the module returns there (the Hodgkin–Katz plot's GHK line)."""
    fig = draw(GHKVoltagePlot(), module=membrane)
    ko, v = artist(fig, "ghk-voltage:mono").get_data()
    # squid axon of the worked example: Hodgkin & Katz 1949 ratios, Hille 2001 concentrations, 20 °C; typed here
    for x, y in list(zip(ko, v))[::40]:
        k_out = mpmath.mpf(float(x))
        num = 1 * k_out + mpmath.mpf("0.04") * 440 + mpmath.mpf("0.45") * 40
        den = 1 * 400 + mpmath.mpf("0.04") * 50 + mpmath.mpf("0.45") * 560
        expected = R * mpmath.mpf("293.15") / F * mpmath.log(num / den) * 1000
        assert float(y) == pytest.approx(float(expected), rel=1e-12)


def junction_figure_drift(fig, reference) -> float:
    """Largest |plotted − reference.liquid_junction_potential| in mV over every point of the
    junction methods figure (Henderson and Planck lines, Nernst–Planck markers)."""
    plot = JunctionMethodsPlot()
    worst = 0.0
    for k, (_title, pipette, bath) in enumerate(plot.pairs):
        for method in ("henderson", "planck", "nernst-planck"):
            found = [a for ax in fig.axes for a in ax.get_children() if a.get_gid() == f"ljp:{k}:{method}"]
            if method == "planck" and k == 1:  # Mg and Ca: Planck's equation is not drawn
                assert not found
                continue
            s, e = found[0].get_data()
            for x, y in zip(s, e):
                bath_x = {n: v * float(x) for n, v in bath}
                expected = reference.liquid_junction_potential(dict(pipette), bath_x, plot.temperature, method)
                worst = max(worst, abs(float(y) - expected * 1e3))
    return worst


@pytest.fixture(scope="module")
def junction_figure(membrane):
    return draw(JunctionMethodsPlot(), module=membrane)


def test_the_junction_methods_figure_plots_the_modules_values(junction_figure, membrane):
    """Every plotted junction potential is what the committed module's liquid_junction_potential returns."""
    assert junction_figure_drift(junction_figure, membrane) < 1e-9


def test_the_junction_drift_check_fails_when_the_figure_leaves_the_module(membrane):
    """Drawn with a module whose Nernst–Planck value is 0.05 mV off: the check above sees it."""
    shifted = types.SimpleNamespace(**vars(membrane))

    def off(s1, s2, T=298.15, method="nernst-planck", **kw):
        return membrane.liquid_junction_potential(s1, s2, T, method, **kw) + (5e-5 if method == "nernst-planck" else 0)

    shifted.liquid_junction_potential = off
    assert junction_figure_drift(draw(JunctionMethodsPlot(), module=shifted), membrane) > 0.049


def test_the_junction_methods_figure_shows_what_its_caption_says(junction_figure):
    """Henderson's line against Henderson's formula typed here (mpmath, the library's conductances
    read from derive/data/ions.csv by this test); Planck's and the Nernst–Planck values agree to
    1e-6 mV in the difference panel; Henderson's parts from them by more than 1 mV at the ends."""
    import csv
    from pathlib import Path

    from test_liquid_junction import henderson_reference

    text = (Path(derive.__file__).parent / "data" / "ions.csv").read_text(encoding="utf-8")
    rows = {r["name"]: r for r in csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))}

    def conductance(name):  # per unit charge; JPCalc's relative mobilities are times |z| times 73.5
        r = rows[name]
        z, v = int(r["charge"]), float(r["value"])
        return v if r["kind"] == "conductance" else abs(z) * v * 73.5

    plot = JunctionMethodsPlot()
    for k, (_title, pipette, bath) in enumerate(plot.pairs):
        s, e = artist(junction_figure, f"ljp:{k}:henderson").get_data()
        for x, y in list(zip(s, e))[::20]:
            p, b = dict(pipette), {n: v * float(x) for n, v in bath}
            ions = [(int(rows[n]["charge"]), conductance(n), p.get(n, 0.0), b.get(n, 0.0)) for n in {**p, **b}]
            assert float(y) == pytest.approx(henderson_reference(ions, plot.temperature) * 1e3, rel=1e-9, abs=1e-9)
        henderson = artist(junction_figure, f"ljp:{k}:henderson-np").get_ydata()
        assert max(abs(float(d)) for d in henderson) > 1.0
    planck = artist(junction_figure, "ljp:0:planck-np").get_ydata()
    assert max(abs(float(d)) for d in planck) < 1e-6


def test_a_figure_drawn_twice_is_byte_identical_and_undated():
    for fmt in ("pdf", "svg"):
        first, second = (_save(draw(NernstPlot()), fmt) for _ in range(2))
        assert first == second, fmt
    pdf, svg = _save(draw(NernstPlot()), "pdf"), _save(draw(NernstPlot()), "svg")
    assert b"/CreationDate" not in pdf and b"/ModDate" not in pdf and b"matplotlib v" not in pdf
    assert b"<dc:date>" not in svg and b"Matplotlib v" not in svg


@pytest.mark.slow
def test_a_figure_is_drawn_from_font_objects_of_its_own():
    """Nothing a process drew before (other fontsets, another thread's font objects, parsed
    formulas holding them) reaches a figure: both font caches are empty when it is drawn, and
    ghk_current (whose 'K' once came out shifted in a test worker) equals the committed bytes."""
    import io
    import threading

    from matplotlib import font_manager
    from matplotlib.figure import Figure

    def elsewhere() -> None:
        for fontset in ("cm", "dejavusans"):
            with matplotlib.rc_context({"mathtext.fontset": fontset, "font.family": "DejaVu Serif"}):
                fig = Figure(figsize=(2, 2))
                fig.add_subplot().set_ylabel(r"$K^+_{out}\,\alpha$ K", rotation=33)
                for fmt in ("svg", "png"):
                    fig.savefig(io.BytesIO(), format=fmt)
        figure_pair("nernst", NernstPlot(), Notation(), None)

    worker = threading.Thread(target=elsewhere)
    worker.start()
    worker.join()
    elsewhere()
    with _fresh_fonts():
        assert font_manager._get_font.cache_info().currsize == 0
        assert not _PARSED
    spec = next(s for s in FIGURES if s.relation == "ghk_current")
    for name, data in figure_pair(spec.relation, spec.plot, Notation(), None):
        assert data == (GENERATED / name).read_bytes(), name


def test_fonts_are_matplotlibs_own():
    """The DejaVu faces shipped with matplotlib, not the machine's: glyphs cannot change with the fonts installed."""
    from matplotlib import font_manager

    ctx = _rc_context()
    try:
        for style in ("normal", "italic"):
            path = font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans", style=style))
            assert path.startswith(matplotlib.get_data_path()), path
    finally:
        ctx.__exit__(None, None, None)


def test_drawing_leaves_the_users_rcparams_alone():
    before = dict(matplotlib.rcParams)
    draw(NernstPlot())
    after = dict(matplotlib.rcParams)
    assert {k: v for k, v in after.items() if before.get(k) != v} == {}


# ------------------------------------------------------------------ in the reports


def figure_stems() -> list[str]:
    stems = sorted(p.stem for p in (GENERATED / "figures").glob("*.pdf"))
    assert sorted(p.stem for p in (GENERATED / "figures").glob("*.svg")) == stems
    return stems


def test_generated_holds_the_six_figures_and_the_map():
    assert set(figure_stems()) == {s.relation for s in FIGURES} | {MAP}
    assert {s.relation for s in FIGURES} >= {
        "nernst",
        "ghk_current",
        "ghk_voltage",
        "pump_leak",
        "transport_free_energy",
        "junction_potential",
    }


@pytest.mark.parametrize("stem", [MAP, *(s.relation for s in FIGURES)])
def test_every_figure_is_shown_and_referenced_in_all_three_reports(stem):
    tex = (GENERATED / "report.tex").read_text()
    assert f"\\includegraphics{{figures/{stem}.pdf}}" in tex
    assert f"\\label{{fig:{stem}}}" in tex and f"Figure~\\ref{{fig:{stem}}}" in tex
    md = (GENERATED / "report.md").read_text()
    if stem == MAP:  # a Mermaid diagram, numbered and captioned, with a link to the drawn map
        mermaid = r"```mermaid\nflowchart TD\n[^`]*```\n\n"
        shown = re.search(rf"{mermaid}\*\*Figure (\d+)\.\*\* .*\]\(figures/{stem}\.svg\)", md)
    else:
        shown = re.search(rf"\]\(figures/{re.escape(stem)}\.svg\)\n\n\*\*Figure (\d+)\.\*\* ", md)
    assert shown is not None, stem
    assert f"Figure {shown[1]} " in md[: shown.start()]  # mentioned in the text before it is shown
    myst = (GENERATED / "report.myst.md").read_text()
    assert f"```{{figure}} figures/{stem}.svg\n:name: fig-{stem}\n" in myst
    assert f"{{numref}}`Figure %s <fig-{stem}>`" in myst


def test_each_figure_sits_in_its_relations_section():
    tex = (GENERATED / "report.tex").read_text()
    sections = re.split(r"\\section\{", tex)
    for spec in FIGURES:
        (section,) = [s for s in sections if f"\\label{{sec:{spec.relation}}}" in s]
        assert f"\\includegraphics{{figures/{spec.relation}.pdf}}" in section


# ------------------------------------------------------------------ the derivation map

#: Which derivation cites which, read from the derivations' text (the issue's "Connections").
CITED = {
    ("nernst", "driving_force"),
    ("nernst", "ghk_current"),
    ("ghk_current", "ghk_voltage"),
    ("nernst", "ghk_voltage"),
    ("ghk_current", "ghk_voltage_calcium"),
    ("nernst", "ghk_voltage_calcium"),
    ("ghk_current", "chord_conductance"),
    ("nernst", "chord_conductance"),
    ("ghk_current", "mullins_noda"),
    ("ghk_voltage", "mullins_noda"),
    ("nernst", "exchanger"),
    ("ghk_current", "biionic_permeability"),
    ("ghk_current", "ussing_flux_ratio"),
    ("nernst", "ussing_flux_ratio"),
}


def test_the_map_is_read_from_the_cite_steps():
    dmap = derivation_map()
    assert set(dmap.edges) == CITED and len(dmap.edges) == len(CITED)
    assert [n for n, _ in dmap.nodes] == derive.relations()
    # a user's model of two relations gets the map of those two
    assert derivation_map(["ghk_current", "mullins_noda"]).edges == (("ghk_current", "mullins_noda"),)
    assert derivation_map(["fick", "nernst"]).edges == ()


def test_the_mermaid_map_in_report_md_has_every_edge_and_node():
    md = (GENERATED / "report.md").read_text()
    block = md.split("```mermaid\n", 1)[1].split("```", 1)[0]
    for a, b in CITED:
        assert f"    {a} --> {b}\n" in block
    for name in derive.relations():
        assert re.search(rf'^    {name}\["[^"]+"\]$', block, re.M), name
    assert block.count("-->") == len(CITED)


def test_mermaid_labels_cannot_break_out_of_their_quotes():
    text = _mermaid_text('a "quoted" <b>tag</b> #1')
    assert '"' not in text and "<" not in text and ">" not in text and "#quot;" in text


# ------------------------------------------------------------------ notation, width, notebook


def test_labels_use_the_notation():
    notation = Notation().merge(symbols={"E_K": r"V_{\mathrm{eq}}"})
    labels = Labels(notation)
    assert labels.symbol("E_K") == r"$V_{\mathrm{eq}}$"
    # Commands outside the notation's allow-list (all of which mathtext can draw) never reach a figure.
    with pytest.raises(NotationError):
        Notation().merge(symbols={"E_Na": r"\textsf{E}_{Na}"})
    fig = draw(GHKVoltagePlot(), notation)
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend[0] == r"$V_{\mathrm{eq}}$ (Nernst)"
    mm = Labels(Notation().merge(concentration="mM"))
    assert mm.axis("K_out").endswith(r"/ $\mathrm{mM}$")


def test_figure_width_follows_the_layout_width_up_to_the_text_width():
    narrow = draw(NernstPlot(), Notation().merge(width=24)).get_size_inches()[0]
    assert narrow == pytest.approx(24 * 10 / 72.27)
    wide = draw(NernstPlot(), Notation().merge(width=120)).get_size_inches()[0]
    assert wide == pytest.approx(455 / 72.27)


def test_a_relation_plots_itself_in_a_notebook():
    fig = derive.relation("pump_leak").plot()
    assert type(fig).__name__ == "Figure" and len(fig.axes) == 1
    assert len(derive.figure(MAP).axes) == 1
    with pytest.raises(UnknownNameError, match="figure"):
        derive.relation("fick").plot()


def test_export_writes_the_figures_on_request(tmp_path):
    import io

    written = export(["nernst", "fick"], tmp_path, log=io.StringIO(), figures=True)
    names = sorted(str(p.relative_to(tmp_path)) for p in written if "figures" in p.parts)
    assert names == [f"figures/{MAP}.pdf", f"figures/{MAP}.svg", "figures/nernst.pdf", "figures/nernst.svg"]
    assert (tmp_path / "figures" / "nernst.pdf").read_bytes() == (GENERATED / "figures" / "nernst.pdf").read_bytes()
    plain = export(["nernst"], tmp_path / "plain", log=io.StringIO())
    assert not any("figures" in p.parts for p in plain)
