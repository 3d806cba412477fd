"""Figures: what the relations do, plotted with the numeric module they were compiled into,
and a map of which derivation cites which.

A :class:`FigureSpec` says which relation's section shows a figure, what it plots (a small
frozen ``*Plot`` value holding the inputs) and how the report words it. Every plotted
number is computed by the generated numeric module (``membrane.py``, rendered from the
same build and loaded in memory), so a figure is also a visible test of the functions
users import; inputs come from the catalogue's worked examples where one exists.

Output is byte-reproducible: matplotlib's defaults (not the user's matplotlibrc), the
DejaVu fonts shipped with matplotlib, a fixed SVG hash salt for ids, and no dates or
version banners in the metadata. Labels print symbols in the notation, through
matplotlib's mathtext; a symbol mathtext cannot parse falls back to its plain-text form.

The derivation map is read from the derivations themselves: an edge A → B wherever B has
a ``Cite`` step of A's result, so it cannot drift from what was verified.
"""

from __future__ import annotations

import contextlib
import io
import math
import textwrap
import types
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Protocol

import numpy as np

from .catalogue import EXAMPLES, FUNCTIONS, RELATIONS
from .derivation import Cite, Derivation
from .errors import SpecificationError, UnknownNameError
from .ions import CALCIUM, CHLORIDE, DEFAULT_IONS, GENERIC, POTASSIUM, SODIUM, Ion
from .notation import DEFAULT, Notation
from .printing.text import prose_text
from .printing.units import DISPLAY_UNITS, unit_latex
from .relations import relation
from .symbols import SYMBOLS

#: Name (file stem) of the derivation map; relation names are identifiers, so never this.
MAP = "derivation-map"

#: The report's text width (a4 with 2.5 cm margins: 16 cm = 455 pt) in em of 10 pt: no
#: figure is wider, whatever the notation's layout width.
TEXT_WIDTH_EM = 45.5
#: Points per em of the layout width (the notation's width counts em of a 10 pt font).
_PT_PER_EM = 10.0

#: What matplotlib sets beyond its defaults. Fonts: the DejaVu faces shipped inside
#: matplotlib (so the glyphs do not depend on the machine's fonts); ids in SVG from a fixed
#: salt; TrueType (42) fonts in the PDF, subset, so pdflatex embeds them as they are.
_RC: dict[str, Any] = {
    "font.family": "DejaVu Sans",
    "mathtext.fontset": "dejavusans",
    "font.size": 8.0,
    "axes.titlesize": 8.0,
    "axes.labelsize": 8.0,
    "legend.fontsize": 7.0,
    "xtick.labelsize": 7.0,
    "ytick.labelsize": 7.0,
    "lines.linewidth": 1.2,
    "axes.linewidth": 0.6,
    "legend.frameon": False,
    "svg.hashsalt": "derive",
    "svg.fonttype": "path",
    "pdf.fonttype": 42,
    "pdf.compression": 6,
    "path.simplify": False,
    "axes.unicode_minus": True,
}
_SVG_METADATA = {"Date": None, "Creator": "derive (matplotlib)"}
_PDF_METADATA = {"CreationDate": None, "ModDate": None, "Producer": "derive (matplotlib)", "Creator": "derive"}

#: Line colours, in order (matplotlib's default cycle; fixed here so a style cannot change them).
_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b")


# ------------------------------------------------------------------ the numeric module


def load_module(text: str, name: str = "membrane") -> types.ModuleType:
    """The generated numeric module from its rendered ``text``, compiled and run in memory.

    The text is derive's own template output (no user text becomes code there), and it is
    compiled here exactly as ``derive build`` compile-checks it before writing it.
    """
    module = types.ModuleType(name)
    module.__file__ = f"<derive:{name}.py>"
    exec(compile(text, module.__file__, "exec"), module.__dict__)
    return module


@cache
def _default_module() -> types.ModuleType:
    from .build import render
    from .printing.module import print_module

    from .catalogue import JUNCTION_FUNCTIONS

    return load_module(render("membrane.py.j2", **print_module(FUNCTIONS, "numpy", DEFAULT, JUNCTION_FUNCTIONS)))


# ------------------------------------------------------------------ labels in the notation


class Labels:
    """Axis and legend texts in the notation: symbols as mathtext, units as the reports print them."""

    def __init__(self, notation: Notation) -> None:
        from .printing.latex import latex

        self.notation = notation
        self._latex = latex
        for ion in (GENERIC, *DEFAULT_IONS):
            ion.register_symbols()

    @staticmethod
    def math(tex: str, fallback: str) -> str:
        """``$tex$`` if matplotlib's mathtext can typeset it, else the plain ``fallback``
        (mathtext knows most, not all, of LaTeX: a notation may use a command it lacks)."""
        import matplotlib

        return f"${tex}$" if _typesets(tex, matplotlib.rcParams["mathtext.fontset"]) else fallback

    def symbol(self, name: str) -> str:
        """The symbol registered as ``name``, as the notation prints it."""
        spec = SYMBOLS[name]
        return self.math(self._latex(spec.symbol, None, self.notation), prose_text(f"${spec.latex}$"))

    def ion(self, ion: Ion) -> str:
        return self.math(ion.latex, prose_text(f"${ion.latex}$"))

    def unit(self, name: str = "", display: str = "") -> str:
        """The unit of symbol ``name`` in the notation, or a display unit (``"mV"``)."""
        tex = DISPLAY_UNITS[display][2] if display else unit_latex(SYMBOLS[name].unit, self.notation)
        return self.math(tex, prose_text(f"${tex}$"))

    def axis(self, name: str, display: str = "", what: str = "") -> str:
        """``E / mV``: the quantity over its unit (ISO 80000-1's way of labelling an axis)."""
        quantity = what or self.symbol(name)
        return f"{quantity} / {self.unit(name, display)}"


@cache
def _typesets(tex: str, fontset: str) -> bool:
    """Whether mathtext parses ``$tex$`` with ``fontset`` (asked once per formula: a parse is milliseconds)."""
    from matplotlib.mathtext import MathTextParser

    try:
        MathTextParser("path").parse(f"${tex}$")
    except (ValueError, KeyError, RuntimeError):
        return False
    return True


# ------------------------------------------------------------------ what is plotted


def example_values(relation_name: str, index: int = 0, ion: Ion | None = None) -> dict[str, float]:
    """The values of the ``index``-th worked example of a relation (for ``ion``, if given), as floats."""
    found = [e for e in EXAMPLES if e.relation == relation_name and (ion is None or e.ion == ion)]
    if index >= len(found):
        raise SpecificationError(f"the catalogue has no worked example {index} of {relation_name!r}")
    return {name: float(value) for name, value in found[index].values}


def _minus(number: str) -> str:
    """A printed number with a typographic minus, as matplotlib writes its tick labels."""
    return number.replace("-", "\N{MINUS SIGN}")


def _logspace(a: float, b: float, n: int) -> Any:
    """``n`` points from ``a`` to ``b``, evenly spaced on a log axis."""
    return np.logspace(math.log10(a), math.log10(b), n)


class Plot(Protocol):
    """What a figure plots: ``draw`` fills a matplotlib figure using the numeric module."""

    aspect: float

    def draw(self, fig: Any, m: types.ModuleType, labels: Labels) -> None: ...


@dataclass(frozen=True)
class NernstPlot:
    """E against c_out/c_in (log axis) for several valences at two temperatures."""

    valences: tuple[int, ...] = (1, 2, -1)
    #: Temperatures, °C (solid line: the last one).
    celsius: tuple[float, ...] = (20.0, 37.0)
    #: Range of c_out/c_in.
    ratios: tuple[float, float] = (0.01, 100.0)
    aspect: float = 0.62

    def draw(self, fig: Any, m: types.ModuleType, labels: Labels) -> None:
        ex = example_values("nernst", 0, GENERIC)  # the tenfold ratio, z = +1, 37 °C
        ax = fig.add_subplot()
        ratio = _logspace(*self.ratios, 201)
        c_in = ex["c_in"]
        c_out = ratio * c_in
        for colour, z in zip(_COLOURS, self.valences, strict=False):
            for t in self.celsius:
                e = m.nernst_potential(c_in, c_out, float(z), t + 273.15) * 1e3
                solid = t == self.celsius[-1]
                ax.plot(
                    ratio, e, color=colour, linestyle="-" if solid else "--", lw=1.2 if solid else 0.9,
                    label=f"$z = {z:+d}$" if solid else None, gid=f"nernst:z{z:+d}:T{t:g}",
                )  # fmt: skip
        e10 = m.nernst_potential(ex["c_in"], ex["c_out"], ex["z"], ex["T"]) * 1e3
        ax.plot([ex["c_out"] / ex["c_in"]], [e10], "o", color="black", ms=4, gid="nernst:example")
        ax.annotate(
            f"tenfold: {_minus(f'{e10:.1f}')} mV", (ex["c_out"] / ex["c_in"], e10), xytext=(-5, 8),
            textcoords="offset points", ha="right", fontsize=7,
        )  # fmt: skip
        ax.set_xscale("log")
        ax.axhline(0, color="0.6", lw=0.5)
        ax.set_xlabel(f"{labels.symbol('c_out')}/{labels.symbol('c_in')}")
        ax.set_ylabel(labels.axis("V", "mV", labels.symbol("E")))
        ax.legend(ncols=len(self.valences), loc="upper center", title=f"{self.celsius[-1]:g} °C solid, "
                  f"{self.celsius[0]:g} °C dashed", title_fontsize=7)  # fmt: skip


@dataclass(frozen=True)
class GHKCurrentPlot:
    """I–V curves of K⁺, Na⁺, Cl⁻ and Ca²⁺, one panel each, with E marked and the tangent at E dashed."""

    ions: tuple[Ion, ...] = (POTASSIUM, SODIUM, CHLORIDE, CALCIUM)
    #: Voltage range, V.
    volts: tuple[float, float] = (-0.12, 0.15)
    #: Step of the central difference that gives the slope at E from the module, V.
    h: float = 1e-4
    aspect: float = 0.78

    def curves(self, m: types.ModuleType) -> dict[str, tuple[Any, Any, float, float]]:
        """Per ion: (V, I(V), E, slope at E), every number from the module."""
        # The concentrations and permeabilities of the mammalian worked example with calcium.
        ex = example_values("ghk_voltage_calcium")
        v = np.linspace(*self.volts, 401)
        out = {}
        for ion in self.ions:
            args = (ex[f"{ion.name}_in"], ex[f"{ion.name}_out"], float(ion.z), ex[f"P_{ion.name}"], ex["T"])
            i = m.ghk_current_density(v, *args)
            e = m.nernst_potential(args[0], args[1], args[2], ex["T"])
            slope = (m.ghk_current_density(e + self.h, *args) - m.ghk_current_density(e - self.h, *args)) / (2 * self.h)
            out[ion.name] = (v, i, e, slope)
        return out

    def draw(self, fig: Any, m: types.ModuleType, labels: Labels) -> None:
        axes = fig.subplots(2, 2, sharex=True).ravel()
        for k, (ax, ion, (v, i, e, g)) in enumerate(zip(axes, self.ions, self.curves(m).values(), strict=True)):
            ax.axhline(0, color="0.6", lw=0.5)
            ax.plot(v * 1e3, i, color=_COLOURS[k], gid=f"ghk-current:{ion.name}", label="GHK")
            ax.plot(v * 1e3, g * (v - e), color=_COLOURS[k], ls="--", lw=0.8, gid=f"tangent:{ion.name}", label="linear")
            ax.plot([e * 1e3], [0.0], "o", color="black", ms=3.5, gid=f"reversal:{ion.name}")
            ax.axvline(e * 1e3, color="0.5", ls=":", lw=0.7)
            # The reversal potential's value in the title, where it never covers a curve.
            reversal = f"{labels.symbol(f'E_{ion.name}')} = {_minus(f'{e * 1e3:.0f}')} mV"
            ax.set_title(f"{labels.ion(ion)}: {reversal}", pad=2, loc="right")  # the left: the axis offset
            ax.ticklabel_format(axis="y", style="sci", scilimits=(-2, 2))
            if k >= 2:
                ax.set_xlabel(labels.axis("V", "mV"))
            ax.set_ylabel(labels.axis(f"I_{ion.name}"))
        axes[0].legend(loc="upper left")


@dataclass(frozen=True)
class GHKVoltagePlot:
    """The Hodgkin–Katz plot: V against [K⁺]o (log axis) beside E_K, with and without Ca²⁺."""

    #: Range of [K⁺]o, mol/m³.
    k_out: tuple[float, float] = (1.0, 500.0)
    aspect: float = 0.75

    def draw(self, fig: Any, m: types.ModuleType, labels: Labels) -> None:
        squid = example_values("ghk_voltage", 1)  # Hodgkin & Katz's ratios, Hille's concentrations, 20 °C
        ca = example_values("ghk_voltage_calcium")  # P_Ca/P_K and the calcium concentrations
        ko = _logspace(*self.k_out, 161)
        mono = {n: squid[n] for n in ("P_K", "P_Na", "P_Cl", "K_in", "Na_in", "Na_out", "Cl_in", "Cl_out", "T")}
        v = m.ghk_voltage(K_out=ko, **mono) * 1e3
        p_ca = ca["P_Ca"] / ca["P_K"] * squid["P_K"]
        v_ca = m.ghk_voltage_with_calcium(K_out=ko, P_Ca=p_ca, Ca_in=ca["Ca_in"], Ca_out=ca["Ca_out"], **mono) * 1e3
        e_k = m.nernst_potential(squid["K_in"], ko, 1.0, squid["T"]) * 1e3
        ax, below = fig.subplots(2, 1, sharex=True, height_ratios=(3, 1))
        ax.plot(ko, e_k, color="0.45", ls="--", lw=0.9, label=f"{labels.symbol('E_K')} (Nernst)", gid="ghk-voltage:EK")
        ax.plot(ko, v, color=_COLOURS[0], label=f"GHK, {labels.ion(POTASSIUM)}, {labels.ion(SODIUM)}, "
                f"{labels.ion(CHLORIDE)}", gid="ghk-voltage:mono")  # fmt: skip
        ax.plot(ko, v_ca, color=_COLOURS[1], ls="-.", label=f"with {labels.ion(CALCIUM)}", gid="ghk-voltage:calcium")
        v0 = m.ghk_voltage(**{k: squid[k] for k in squid}) * 1e3
        ax.plot([squid["K_out"]], [v0], "o", color="black", ms=3.5, gid="ghk-voltage:example")
        ax.annotate(f"sea water: {_minus(f'{v0:.0f}')} mV", (squid["K_out"], v0), xytext=(-4, 8),
                    textcoords="offset points", ha="right", fontsize=7)  # fmt: skip
        ax.set_ylabel(labels.axis("V", "mV"))
        ax.legend(loc="upper left")
        # Calcium's share is small at these permeabilities: its shift gets a panel of its own.
        below.plot(ko, v_ca - v, color=_COLOURS[1], ls="-.", gid="ghk-voltage:shift")
        below.axhline(0, color="0.6", lw=0.5)
        below.set_ylabel(f"shift / {labels.unit('V', 'mV')}")
        below.set_xscale("log")
        below.set_xlabel(labels.axis("K_out"))


@dataclass(frozen=True)
class PumpLeakPlot:
    """G(t) from several starting gradients, approaching p/k with time constant 1/k."""

    #: Starting gradients as multiples of the steady state.
    starts: tuple[float, ...] = (0.0, 0.5, 1.5, 2.0)
    #: How many time constants to show.
    spans: float = 5.0
    aspect: float = 0.55

    def draw(self, fig: Any, m: types.ModuleType, labels: Labels) -> None:
        ex = example_values("pump_leak")
        p, k = ex["p"], ex["k"]
        g_ss = m.pump_leak_steady_state(p, k)
        tau = 1.0 / k
        t = np.linspace(0.0, self.spans * tau, 201)
        ax = fig.add_subplot()
        for colour, f in zip(_COLOURS, self.starts, strict=False):
            g0 = f * g_ss
            ax.plot(t, m.pump_leak_gradient(t, p, k, g0), color=colour, label=f"{labels.symbol('G0')} = {g0:g}",
                    gid=f"pump-leak:{f:g}")  # fmt: skip
        ax.axhline(g_ss, color="0.3", ls="--", lw=0.8, gid="pump-leak:steady")
        ax.annotate(f"{labels.symbol('G_ss')} = $p/k$ = {g_ss:g}", (self.spans * tau, g_ss), xytext=(0, 4),
                    textcoords="offset points", ha="right", fontsize=7)  # fmt: skip
        g_tau = m.pump_leak_gradient(tau, p, k, 0.0)
        ax.axvline(tau, color="0.5", ls=":", lw=0.7)
        ax.plot([tau], [g_tau], "o", color="black", ms=3.5, gid="pump-leak:tau")
        ax.annotate(f"$t = 1/k$: {g_tau / g_ss:.0%} of the way", (tau, g_tau), xytext=(5, -11),
                    textcoords="offset points", fontsize=7)  # fmt: skip
        ax.set_xlabel(labels.axis("t"))
        ax.set_ylabel(labels.axis("G"))
        ax.legend(loc="upper right", ncols=2)


@dataclass(frozen=True)
class TransportPlot:
    """ΔG of moving each physiological ion into a cell at rest: chemical, electrical, total;
    beside the section's worked examples."""

    ions: tuple[Ion, ...] = (POTASSIUM, SODIUM, CHLORIDE, CALCIUM)
    aspect: float = 0.55

    def bars(self, m: types.ModuleType) -> dict[str, tuple[float, float, float]]:
        """Per ion: (chemical, electrical, total) ΔG of moving one mole in, J/mol, from the module."""
        out = {}
        for ion in self.ions:
            ex = example_values("driving_force", 0, ion)  # a neuron at rest, typical concentrations
            c_out, c_in, z, v, t = ex[f"{ion.name}_out"], ex[f"{ion.name}_in"], float(ion.z), ex["V"], ex["T"]
            # Into the cell: from outside to inside, so Δψ = ψ_i − ψ_o = V.
            chemical = m.transport_free_energy(c_out, c_in, z, 0.0, t)
            electrical = m.transport_free_energy(c_in, c_in, z, v, t)
            out[ion.name] = (chemical, electrical, m.transport_free_energy(c_out, c_in, z, v, t))
        return out

    def draw(self, fig: Any, m: types.ModuleType, labels: Labels) -> None:
        left, right = fig.subplots(1, 2, width_ratios=(2.2, 1), sharey=True)
        names = ("chemical", "electrical", "total")
        for j, name in enumerate(names):
            values = [b[j] / 1e3 for b in self.bars(m).values()]
            x = [i + (j - 1) * 0.27 for i in range(len(self.ions))]
            bars = left.bar(x, values, width=0.26, color=_COLOURS[j], label=name, gid=f"transport:{name}")
            if name == "total":
                left.bar_label(bars, fmt=lambda x: _minus(f"{x:.1f}"), fontsize=6, padding=1)
        left.set_xticks(range(len(self.ions)), [labels.ion(i) for i in self.ions])
        rest = example_values("driving_force", 0, self.ions[0])["V"] * 1e3
        left.set_title(f"into a cell at rest, {_minus(f'{rest:.0f}')} mV", pad=3)
        left.axhline(0, color="0.3", lw=0.5)
        left.set_ylabel(labels.axis("dG", "kJ/mol"))
        left.legend(loc="lower left")
        examples = [e for e in EXAMPLES if e.relation == "transport_free_energy"]
        values, names_ = [], []
        for i, e in enumerate(examples):
            ex = {n: float(v) for n, v in e.values}
            values.append(
                m.transport_free_energy(ex["c_from"], ex["c_to"], ex.get("z", 1.0), ex.get("delta_V", 0.0), ex["T"])
                / 1e3
            )
            names_.append(f"ex. {i + 1}")
        bars = right.bar(range(len(values)), values, width=0.6, color="0.55", gid="transport:examples")
        right.bar_label(bars, fmt=lambda x: _minus(f"{x:.1f}"), fontsize=6, padding=1)
        lo, hi = left.get_ylim()  # room for the labels above and below the longest bars
        left.set_ylim(lo - 0.06 * (hi - lo), hi + 0.06 * (hi - lo))
        right.set_xticks(range(len(values)), names_)
        right.set_title("worked examples", pad=3)
        right.axhline(0, color="0.3", lw=0.5)


@dataclass(frozen=True)
class JunctionPlot:
    """The binary junction potential against c1/c2 for HCl, NaCl and KCl at 25 °C."""

    #: Limiting molar conductivities at 25 °C, S cm² mol⁻¹ (Robinson and Stokes 1959, appendix 6.2).
    salts: tuple[tuple[str, float, float], ...] = (
        ("HCl", 349.8, 76.35),
        ("NaCl", 50.10, 76.35),
        ("KCl", 73.50, 76.35),
    )
    ratios: tuple[float, float] = (1.0, 1000.0)
    aspect: float = 0.58

    def draw(self, fig: Any, m: types.ModuleType, labels: Labels) -> None:
        ex = example_values("junction_potential")  # 0.1 M against 0.01 M HCl at 25 °C
        ratio = _logspace(*self.ratios, 121)
        ax = fig.add_subplot()
        for colour, (salt, lam_plus, lam_minus) in zip(_COLOURS, self.salts, strict=False):
            # Mobility u = λ/F (λ in S m² mol⁻¹ = 1e-4 × S cm² mol⁻¹), as in the worked example.
            u_plus, u_minus = lam_plus * 1e-4 / m.F, lam_minus * 1e-4 / m.F
            e = m.binary_junction_potential(ratio * ex["c2"], ex["c2"], u_plus, u_minus, ex["T"]) * 1e3
            ax.plot(ratio, e, color=colour, label=salt, gid=f"junction:{salt}")
        e_ex = m.binary_junction_potential(ex["c1"], ex["c2"], ex["u_plus"], ex["u_minus"], ex["T"]) * 1e3
        ax.plot([ex["c1"] / ex["c2"]], [e_ex], "o", color="black", ms=3.5, gid="junction:example")
        ax.annotate(f"{_minus(f'{e_ex:.1f}')} mV", (ex["c1"] / ex["c2"], e_ex), xytext=(-4, 6),
                    textcoords="offset points", ha="right", fontsize=7)  # fmt: skip
        ax.axhline(0, color="0.6", lw=0.5)
        ax.set_xscale("log")
        ax.set_xlabel(f"{labels.symbol('c1')}/{labels.symbol('c2')}")
        ax.set_ylabel(labels.axis("E_LJ", "mV"))
        ax.legend(loc="upper left")


#: The pipette/bath pairs of the methods figure (concentrations in mol/m³ = mM), with the label
#: the figure gives them: a monovalent pair, where Planck's equation applies, and the JPCalc
#: manual's K-gluconate pipette against a bath with Mg²⁺ and Ca²⁺, where it does not.
_MONOVALENT_PAIR = (
    "monovalent ions",
    (("K", 145.0), ("gluconate", 145.0), ("Na", 10.0), ("Cl", 10.0)),
    (("Na", 145.0), ("K", 5.0), ("Cl", 150.0)),
)
_POLYVALENT_PAIR = (
    "with Mg$^{2+}$ and Ca$^{2+}$",
    (("K", 145.0), ("Na", 13.0), ("Cl", 10.0), ("gluconate", 145.0), ("Mg", 1.0), ("HEPES", 5.0)),
    (("K", 2.8), ("Na", 145.0), ("Cl", 148.8), ("Mg", 2.0), ("Ca", 1.0), ("HEPES", 5.0)),
)


@dataclass(frozen=True)
class JunctionMethodsPlot:
    """Henderson, Planck and Nernst–Planck junction potentials of pipette/bath pairs, side by
    side, as the bath is diluted or concentrated; below, each method's difference from the
    Nernst–Planck value. Every number is the module's ``liquid_junction_potential``."""

    #: (title, pipette, bath) pairs; Planck's curve is drawn where every ion is monovalent.
    pairs: tuple[tuple[str, tuple[tuple[str, float], ...], tuple[tuple[str, float], ...]], ...] = (
        _MONOVALENT_PAIR,
        _POLYVALENT_PAIR,
    )
    #: Range of the factor s the bath's concentrations are multiplied by (log axis).
    scales: tuple[float, float] = (0.02, 5.0)
    #: Points of the closed forms' curves, and of the (costlier) Nernst–Planck solutions.
    points: int = 61
    solved: int = 13
    #: Temperature, K (the JPCalc manual's 20 °C).
    temperature: float = 293.15
    aspect: float = 0.72

    @staticmethod
    def monovalent(m: types.ModuleType, pipette: dict[str, float], bath: dict[str, float]) -> bool:
        """Whether every ion of the pair has charge ±1 (in the module's ion library)."""
        return all(abs(m._LJP_IONS[name][0]) == 1 for name in (*pipette, *bath))

    def curves(self, m: types.ModuleType) -> list[dict[str, tuple[Any, Any]]]:
        """Per pair: method → (s, E_LJ in V) from ``m.liquid_junction_potential``; Planck's only
        for a monovalent pair; Nernst–Planck on the coarser grid of ``solved`` points."""
        out = []
        for _title, pipette, bath in self.pairs:
            p, b = dict(pipette), dict(bath)
            methods = ["henderson", *(["planck"] if self.monovalent(m, p, b) else [])]
            grids = {name: _logspace(*self.scales, self.points) for name in methods}
            grids["nernst-planck"] = _logspace(*self.scales, self.solved)
            found = {}
            for method, grid in grids.items():
                e = [m.liquid_junction_potential(p, {k: v * s for k, v in b.items()}, self.temperature, method)
                     for s in grid]  # fmt: skip
                found[method] = (grid, np.array(e))
            out.append(found)
        return out

    def draw(self, fig: Any, m: types.ModuleType, labels: Labels) -> None:
        axes = fig.subplots(2, len(self.pairs), sharex=True, height_ratios=(2.2, 1), squeeze=False)
        styles = {
            "henderson": dict(color=_COLOURS[0], ls="-", label="Henderson"),
            "planck": dict(color=_COLOURS[1], ls="--", label="Planck"),
        }
        for k, ((title, pipette, bath), found) in enumerate(zip(self.pairs, self.curves(m), strict=True)):
            top, below = axes[0, k], axes[1, k]
            s_np, e_np = found["nernst-planck"]
            for method, style in styles.items():
                if method not in found:
                    continue
                s, e = found[method]
                top.plot(s, e * 1e3, gid=f"ljp:{k}:{method}", **style)
                # The difference at the Nernst–Planck points, from the closed form evaluated there.
                at = np.array([m.liquid_junction_potential(dict(pipette), {n: v * x for n, v in bath},
                                                           self.temperature, method) for x in s_np])  # fmt: skip
                below.plot(s_np, (at - e_np) * 1e3, marker=".", ms=3, gid=f"ljp:{k}:{method}-np", **style)
            top.plot(s_np, e_np * 1e3, "o", color="black", ms=3, mfc="none", label="Nernst–Planck",
                     gid=f"ljp:{k}:nernst-planck")  # fmt: skip
            top.axvline(1.0, color="0.5", ls=":", lw=0.7)
            top.set_title(title, pad=3)
            below.axhline(0, color="0.6", lw=0.5)
            below.set_xscale("log")
            below.set_xlabel("bath concentrations $\\times\\,s$")
            if k == 0:
                top.set_ylabel(labels.axis("E_LJ", "mV"))
                below.set_ylabel(f"method \N{MINUS SIGN} N–P / {labels.unit('E_LJ', 'mV')}")
                top.legend(loc="best")


@dataclass(frozen=True)
class FigureSpec:
    """A figure of one relation's section."""

    #: Registry name of the relation (its section shows the figure; the file stem).
    relation: str
    #: What is plotted, with which inputs.
    plot: Any
    #: The caption: prose with inline math, restyled by the notation and escaped per format.
    caption: str
    #: What the text says about it, after "Figure N" (prose with inline math).
    mention: str

    def __post_init__(self) -> None:
        if not self.relation.isidentifier():
            raise SpecificationError(f"figure of {self.relation!r}: a relation name is an identifier")
        if not callable(getattr(self.plot, "draw", None)) or not isinstance(getattr(self.plot, "aspect", None), float):
            raise SpecificationError(f"figure of {self.relation!r}: plot needs draw() and a float aspect")
        if not self.caption.strip() or not self.mention.strip():
            raise SpecificationError(f"figure of {self.relation!r}: caption and mention must say something")


#: The catalogue's figures, in report order.
FIGURES: tuple[FigureSpec, ...] = (
    FigureSpec(
        "nernst",
        NernstPlot(),
        "The Nernst potential against the concentration ratio for $z = +1, +2, -1$ at 37 °C (solid) and "
        "20 °C (dashed), every value from the generated nernst_potential. A tenfold ratio is worth "
        "about 58 mV at 20 °C and 61.5 mV at 37 °C for a monovalent ion, half that for a divalent one, "
        "and the sign flips for an anion. The dot is the tenfold worked example.",
        "plots the potential for three valences and two temperatures.",
    ),
    FigureSpec(
        "ghk_current",
        GHKCurrentPlot(),
        "GHK current densities against $V$ with the concentrations and permeabilities of the mammalian "
        "worked example with calcium (37 °C), from the generated ghk_current_density. Each curve "
        "crosses zero at its ion's Nernst potential (dot, from nernst_potential) and rectifies: "
        "it bends towards the side with more of the ion. Dashed: the linear approximation at the reversal "
        "potential, $I \\approx g\\,(V - E)$, with the slope taken from the module.",
        "shows the I–V curves of four ions rectify and cross zero at their Nernst potentials.",
    ),
    FigureSpec(
        "ghk_voltage",
        GHKVoltagePlot(),
        "The Hodgkin–Katz plot: the GHK voltage of the squid axon of the worked example (permeability "
        "ratios $1 : 0.04 : 0.45$, 20 °C) as the external potassium concentration changes, against the "
        "potassium Nernst potential (dashed). At high $[\\mathrm{K}^{+}]_{\\mathrm{o}}$ the membrane follows "
        "$E_{\\mathrm{K}}$; at low values sodium and chloride pull it away. Dash-dotted: with an illustrative "
        "calcium permeability and calcium concentrations taken from the mammalian calcium example "
        "($P_{\\mathrm{Ca}} = 0.01\\,P_{\\mathrm{K}}$, 100 nM inside, 2 mM outside); below, the shift it "
        "causes, small at these permeabilities.",
        "draws the classic Hodgkin–Katz plot from the generated functions.",
    ),
    FigureSpec(
        "pump_leak",
        PumpLeakPlot(),
        "The gradient $G(t)$ of the worked example ($p = 2$, $k = 0.5$) from several starting values, from "
        "the generated pump_leak_gradient: every start relaxes to the steady state $p/k$ "
        "(dashed, pump_leak_steady_state) with the time constant $1/k$ (dotted), after "
        "which $1 - e^{-1}$ of the way is done.",
        "shows the exponential approach to the steady state.",
    ),
    FigureSpec(
        "transport_free_energy",
        TransportPlot(),
        "Left: the free energy of moving one mole of each ion into a mammalian neuron at rest ($-70$ mV, "
        "37 °C, typical textbook concentrations), split into its chemical and electrical terms, from the "
        "generated transport_free_energy. Negative: the ion flows in by itself. Right: the "
        "section's three worked examples, in order.",
        "compares the free energies of the physiological ions at rest.",
    ),
    FigureSpec(
        "junction_potential",
        JunctionPlot(),
        "The liquid junction potential $\\psi_2 - \\psi_1$ against the concentration ratio of the two "
        "solutions at 25 °C, from the generated binary_junction_potential, with limiting "
        "mobilities (Robinson and Stokes 1959). H$^{+}$ outruns Cl$^{-}$ and HCl's junction is large; "
        "K$^{+}$ and Cl$^{-}$ move almost equally fast, which is why salt bridges use KCl. The dot is the "
        "HCl worked example.",
        "compares the junction potentials of HCl, NaCl and KCl.",
    ),
    FigureSpec(
        "nernst_planck_junction",
        JunctionMethodsPlot(),
        "Henderson's, Planck's and the stationary Nernst--Planck junction potential $\\psi_2 - \\psi_1$ "
        "of two pipette (solution 1) and bath (solution 2) pairs at 20 °C as the bath's concentrations "
        "are multiplied by $s$ (dotted: the bath as given), every value from the generated "
        "liquid_junction_potential. Left: K-gluconate 145, NaCl 10 against NaCl 145, KCl 5, all ions "
        "monovalent: Planck's closed form and the Nernst--Planck solver agree to the solver's precision, "
        "and Henderson's linear mixing parts from them as the ratio of the two solutions grows. Right: "
        "the JPCalc manual's pipette against a bath with Mg$^{2+}$ and Ca$^{2+}$, where Planck's "
        "equation does not apply. Below: each method minus the Nernst--Planck value.",
        "compares Henderson's, Planck's and the Nernst--Planck junction potentials for two pipette/bath pairs.",
    ),
)


def figure_spec(name: str) -> FigureSpec:
    """The figure of relation ``name``."""
    for spec in FIGURES:
        if spec.relation == name:
            return spec
    raise UnknownNameError("figure", name, [s.relation for s in FIGURES])


def figures_of(names: Iterable[str]) -> list[FigureSpec]:
    """The figures of these relations, in the order of ``names`` (the report's)."""
    by_relation = {s.relation: s for s in FIGURES}
    return [by_relation[n] for n in dict.fromkeys(names) if n in by_relation]


# ------------------------------------------------------------------ the derivation map


@dataclass(frozen=True)
class DerivationMap:
    """Which relation cites which: nodes in report order, edges (cited, citing) read from ``Cite`` steps."""

    #: (registry name, plain-text title), in report order.
    nodes: tuple[tuple[str, str], ...]
    #: (cited relation, citing relation), each pair once, in report order of the citing one.
    edges: tuple[tuple[str, str], ...]

    def layers(self) -> list[list[str]]:
        """Connected relations in rows by the longest chain of citations above them, each row
        ordered by where its citations come from (relations nothing cites last); then the rest."""
        names = [n for n, _ in self.nodes]
        linked = {n for e in self.edges for n in e}
        depth: dict[str, int] = {}
        for name in names:  # report order: a relation cites only earlier ones (checked in derivation_map)
            if name in linked:
                depth[name] = 1 + max((depth[a] for a, b in self.edges if b == name), default=-1)
        rows: list[list[str]] = []
        for d in range(1 + max(depth.values(), default=-1)):
            row = [n for n in names if depth.get(n) == d]
            if rows:
                place = {n: i / max(1, len(rows[-1]) - 1) for i, n in enumerate(rows[-1])}
                above = lambda n: [place[a] for a, b in self.edges if b == n and a in place] or [0.5]
                cited = lambda n: any(a == n for a, _ in self.edges)
                row.sort(key=lambda n: (not cited(n), sum(above(n)) / len(above(n))))
            rows.append(row)
        alone = [n for n in names if n not in linked]
        return rows + [alone[i : i + 3] for i in range(0, len(alone), 3)]

    @property
    def linked(self) -> set[str]:
        return {n for e in self.edges for n in e}


def derivation_map(names: Sequence[Any] = RELATIONS, notation: Notation = DEFAULT) -> DerivationMap:
    """The map of these relations (registry names, or a project's
    :class:`~derive.project.RelationUse`), read from their derivations' ``Cite`` steps."""
    derivations: list[Derivation] = [relation(n) if isinstance(n, str) else n.derivation() for n in names]
    order = {d.name: i for i, d in enumerate(derivations)}
    edges: list[tuple[str, str]] = []
    for d in derivations:
        for step in d.steps:
            rule = step.rule
            if isinstance(rule, Cite) and rule.derivation is not None and rule.derivation.name in order:
                edge = (rule.derivation.name, d.name)
                if order[edge[0]] >= order[edge[1]]:
                    raise SpecificationError(f"{d.name} cites {edge[0]}, which comes after it in the report")
                if edge not in edges:
                    edges.append(edge)
    nodes = tuple((d.name, prose_text(d.title, notation)) for d in derivations)
    return DerivationMap(nodes, tuple(edges))


def _mermaid_text(text: str) -> str:
    """A label for a quoted Mermaid node: quotes and angle brackets as Mermaid's entity codes."""
    for ch, code in (("#", "#35;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;")):
        text = text.replace(ch, code)
    return text


def mermaid(dmap: DerivationMap) -> str:
    """The map as a Mermaid flowchart (GitHub renders a ```mermaid block)."""
    lines = ["flowchart TD"]
    for name, title in dmap.nodes:
        lines.append(f'    {name}["{_mermaid_text(title)}"]')
    for a, b in dmap.edges:
        lines.append(f"    {a} --> {b}")
    return "\n".join(lines)


@dataclass(frozen=True)
class MapPlot:
    """The derivation map drawn as boxes and arrows."""

    dmap: DerivationMap = field(default_factory=lambda: derivation_map())

    def rows(self) -> list[tuple[float, list[str]]]:
        """The rows with their heights: one per level of citation, then compact rows of the rest."""
        linked = self.dmap.linked
        y, out = 0.0, []
        for i, row in enumerate(self.dmap.layers()):
            alone = not any(n in linked for n in row)
            if i:
                y -= 0.75 if alone else 1.0
            out.append((y, row))
        return out

    @property
    def aspect(self) -> float:
        return 0.1 + 0.15 * -self.rows()[-1][0]

    def draw(self, fig: Any, m: types.ModuleType | None, labels: Labels) -> None:
        from matplotlib.patches import FancyArrowPatch

        titles = dict(self.dmap.nodes)
        linked = self.dmap.linked
        rows = self.rows()
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, 3)
        ax.set_ylim(rows[-1][0] - 0.4, 0.4)
        ax.axis("off")
        where: dict[str, tuple[float, float]] = {}
        boxes = {}
        for y, row in rows:
            for c, name in enumerate(row):
                x = 3 * (c + 0.5) / len(row) if name in linked else c + 0.5
                where[name] = (x, y)
                boxes[name] = ax.text(
                    x, y, "\n".join(textwrap.wrap(titles[name], 24)), ha="center", va="center", fontsize=6.5,
                    gid=f"map:{name}",
                    bbox={"boxstyle": "round,pad=0.35", "fc": "#eef3fb" if name in linked else "#f4f4f4",
                          "ec": "#1f77b4" if name in linked else "0.6", "lw": 0.6},
                )  # fmt: skip
        for a, b in self.dmap.edges:
            (xa, ya), (xb, yb) = where[a], where[b]
            # Past a row: bend around the boxes between, outwards (away from the middle column).
            # Straight down a column, bend wide enough to clear the boxes in between.
            bend = 0.0 if ya - yb < 1.5 else (-0.3 if xb > xa else 0.3 if xb < xa else 0.8)
            ax.add_patch(
                FancyArrowPatch(
                    (xa, ya), (xb, yb), patchA=boxes[a].get_bbox_patch(), patchB=boxes[b].get_bbox_patch(),
                    arrowstyle="-|>", mutation_scale=8, lw=0.7, color="0.25", zorder=5,
                    connectionstyle=f"arc3,rad={bend}", gid=f"map:{a}->{b}",
                )
            )  # fmt: skip
        first_alone = next((y for y, row in rows if not any(n in linked for n in row)), None)
        if first_alone is not None and first_alone < 0:
            ax.axhline(first_alone + 0.4, color="0.8", lw=0.5, xmin=0.03, xmax=0.97)


MAP_CAPTION = (
    "Which derivation cites which result: an arrow from a relation to one whose derivation cites it "
    "(a cited step, checked against the verified source). Relations without arrows are derived from "
    "the potential terms alone."
)
MAP_MENTION = "maps which derivations build on which results."


# ------------------------------------------------------------------ drawing and files


def _width_inches(notation: Notation) -> float:
    return min(notation.width, TEXT_WIDTH_EM) * _PT_PER_EM / 72.27


def _rc_context() -> Any:
    import matplotlib
    import matplotlib.style

    ctx = matplotlib.rc_context()
    ctx.__enter__()
    try:
        matplotlib.style.use("default")  # not the user's matplotlibrc: the bytes must not depend on it
        matplotlib.rcParams.update(_RC)
    except BaseException:
        ctx.__exit__(None, None, None)
        raise
    return ctx


def draw(plot: Any, notation: Notation = DEFAULT, module: types.ModuleType | None = None) -> Any:
    """A matplotlib :class:`~matplotlib.figure.Figure` of ``plot`` (not registered with pyplot)."""
    from matplotlib.figure import Figure

    # The map plots no numbers: it needs no module (a model's build renders none of the catalogue's).
    m = module if module is not None or isinstance(plot, MapPlot) else _default_module()
    ctx = _rc_context()
    try:
        width = _width_inches(notation)
        fig = Figure(figsize=(width, width * plot.aspect), layout=None if isinstance(plot, MapPlot) else "constrained")
        plot.draw(fig, m, Labels(notation))
        return fig
    finally:
        ctx.__exit__(None, None, None)


def figure(name: str, notation: Notation | Any = None) -> Any:
    """The figure of relation ``name`` (or :data:`MAP`) as a matplotlib Figure, e.g. in a notebook.

    >>> import derive
    >>> fig = derive.figure("nernst")
    >>> type(fig).__name__, len(fig.axes)
    ('Figure', 1)
    """
    from .notation import as_notation

    notation = as_notation(notation)
    if name == MAP:
        return draw(MapPlot(), notation)
    return draw(figure_spec(name).plot, notation)


def _save(fig: Any, fmt: str) -> bytes:
    buffer = io.BytesIO()
    ctx = _rc_context()
    try:
        metadata = _SVG_METADATA if fmt == "svg" else _PDF_METADATA
        with _formulas_parsed_once():
            fig.savefig(buffer, format=fmt, metadata=metadata)
    finally:
        ctx.__exit__(None, None, None)
    return buffer.getvalue()


#: Formulas matplotlib's mathtext parsed while derive saved figures, by the key of its own cache.
_PARSED: dict[tuple[Any, ...], Any] = {}
#: Entries kept at most (a build of the catalogue needs about 120 per notation).
_PARSED_LIMIT = 4096


@contextlib.contextmanager
def _formulas_parsed_once() -> Iterator[None]:
    """Each formula parsed once for all of derive's saves, not once per renderer.

    matplotlib remembers a parsed formula (``MathTextParser._parse_cached``, an lru_cache)
    per parser object, and every save makes renderers with parsers of their own: the
    figures' labels were parsed again for each layout pass and each format, 488 parses of
    116 formulas, a fifth of the figures' time. The parse is a pure function of that
    cache's key (the formula, dpi, a copy of the font properties, antialiasing, the glyph
    flags) and of the parser's output type, which the key here adds, so sharing it
    changes no byte (the golden figure tests compare every byte). Where the private
    method is not there (another matplotlib), nothing is shared.
    """
    from matplotlib.mathtext import MathTextParser

    original = MathTextParser.__dict__.get("_parse_cached")
    if original is None:
        yield
        return

    def parse_cached(self: Any, s: str, dpi: Any, prop: Any, antialiased: Any, load_glyph_flags: Any) -> Any:
        output = getattr(self, "_output_type", None)
        if output is None:
            return original(self, s, dpi, prop, antialiased, load_glyph_flags)
        key = (output, s, dpi, prop, antialiased, load_glyph_flags)
        if key not in _PARSED:
            if len(_PARSED) >= _PARSED_LIMIT:
                _PARSED.clear()
            _PARSED[key] = original(self, s, dpi, prop, antialiased, load_glyph_flags)
        return _PARSED[key]

    MathTextParser._parse_cached = parse_cached
    try:
        yield
    finally:
        MathTextParser._parse_cached = original


def figure_files(
    names: Sequence[Any], notation: Notation = DEFAULT, module_text: str | None = None, figures: bool = True
) -> dict[str, bytes]:
    """``figures/<name>.pdf`` and ``.svg`` for every figure of ``names``, and the derivation map's.

    ``module_text``: the rendered numeric module to plot with (default: render it now).
    ``names`` may be a project's :class:`~derive.project.RelationUse` entries; with
    ``figures=False`` only the derivation map is drawn (a user model's report: the other
    figures plot the catalogue's numbers).
    """
    drawn = drawn_figures(names, notation, module_text, figures)
    if drawn is None:
        plots = figure_plots(names, notation, figures)
        m = plotting_module(module_text) if figures else None
        drawn = remember_figures(names, notation, module_text, figures, [figure_pair(*p, notation, m) for p in plots])
    return dict(drawn)


#: The figures drawn in this process, by (names, notation, module text, figures): they are a
#: pure function of that key, so a second build in the same process does not draw them again.
_DRAWN: dict[tuple[Any, ...], tuple[tuple[str, bytes], ...]] = {}


def drawn_figures(
    names: Sequence[Any], notation: Notation, module_text: str | None, figures: bool
) -> tuple[tuple[str, bytes], ...] | None:
    """The files :func:`figure_files` returns for these arguments, if drawn before in this process; else None."""
    return _DRAWN.get((tuple(names), notation, module_text, figures))


def remember_figures(
    names: Sequence[Any],
    notation: Notation,
    module_text: str | None,
    figures: bool,
    pairs: Iterable[Iterable[tuple[str, bytes]]],
) -> tuple[tuple[str, bytes], ...]:
    """Remember the files drawn for these arguments, given as the :func:`figure_pair` of each
    of :func:`figure_plots`, in that order (wherever they were drawn); return them."""
    drawn = _DRAWN[(tuple(names), notation, module_text, figures)] = tuple(f for pair in pairs for f in pair)
    return drawn


def figure_plots(names: Sequence[Any], notation: Notation = DEFAULT, figures: bool = True) -> list[tuple[str, Any]]:
    """(file stem, plot) of the derivation map of ``names`` and (with ``figures``) of their
    figures, in the order :func:`figure_files` writes them."""
    plots: list[tuple[str, Any]] = [(MAP, MapPlot(derivation_map(names, notation)))]
    if figures:
        plots += [(spec.relation, spec.plot) for spec in figures_of([n for n in names if isinstance(n, str)])]
    return plots


def plotting_module(module_text: str | None) -> types.ModuleType:
    """The numeric module the figures plot with: ``module_text`` loaded, or the catalogue's."""
    return load_module(module_text) if module_text is not None else _default_module()


def figure_pair(
    stem: str, plot: Any, notation: Notation, module: types.ModuleType | None
) -> tuple[tuple[str, bytes], tuple[str, bytes]]:
    """``figures/<stem>.pdf`` and ``.svg`` of ``plot``: drawn once, saved in both formats."""
    with _fresh_fonts():
        fig = draw(plot, notation, module)
        return (f"figures/{stem}.pdf", _save(fig, "pdf")), (f"figures/{stem}.svg", _save(fig, "svg"))


@contextlib.contextmanager
def _fresh_fonts() -> Iterator[None]:
    """A figure drawn from font objects of its own, so that its bytes do not depend on what the
    process drew before it.

    matplotlib keeps one FreeType font object per font file and thread (``_get_font``, an
    lru_cache of 64), and a parsed formula holds the font objects it was parsed with
    (derive's :data:`_PARSED`, matplotlib's own parse cache). A glyph outline is read from the
    object's state after loading the glyph, and the SVG names a glyph by the font's PostScript
    name and glyph index only, so a figure whose texts reached the same font through objects of
    different histories could write outlines that a fresh process does not (once in CI, a 'K'
    shifted by 184/64 px in figures/ghk_current.svg, drawn in a test worker that had drawn other
    figures). Both caches are emptied before the figure; formulas are still parsed once for all
    of its layout passes and formats. Where matplotlib's private cache is not there, only derive's
    is emptied.
    """
    import matplotlib.font_manager
    from matplotlib.mathtext import MathTextParser

    _PARSED.clear()
    for cached in (getattr(matplotlib.font_manager, "_get_font", None), MathTextParser.__dict__.get("_parse_cached")):
        if hasattr(cached, "cache_clear"):
            cached.cache_clear()
    yield
