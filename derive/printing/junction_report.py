"""The report's appendix on liquid junction potentials: the ion library and the methods compared.

Strings only, printed for a report :class:`~derive.printing.report.Target`; the numbers
come from the ion library (derive/data/ions.csv) and from the same runtime the
generated module carries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..liquid_junction import all_methods, ion_library
from .report import Target

#: Which method to trust when, in prose (inline math in $...$).
GUIDANCE = (
    "All three methods rest on the same Nernst--Planck fluxes with zero current; they differ in the "
    "profile across the junction. Henderson's equation assumes linear mixing; Planck's solves the "
    "stationary electroneutral junction, in closed form for monovalent ions; the Nernst--Planck "
    "method solves the same stationary junction for any valences, numerically (converged to "
    "$10^{-6}$ mV). For one 1:1 salt the three agree exactly. For the patch-clamp pairs below they "
    "differ by tenths of a millivolt, less than the uncertainty of the mobilities; they part most "
    "with polyvalent ions (Mg$^{2+}$, Ca$^{2+}$, SO$_{4}^{2-}$, ATP$^{4-}$) and with large "
    "concentration ratios, where the stationary Nernst--Planck junction is the model to trust. "
    "All assume ideal solutions and limiting mobilities, approximations that cost about as much "
    "as the choice of method at physiological strength (see [@barry1991]). JLJP, described by "
    "[@marino2014], and its port LJPcalc solve the same stationary Nernst--Planck system iteratively, "
    "by a random search on the unknowns; derive's solver is deterministic (shooting with Newton's method) and "
    "converged to $10^{-6}$ mV, and the figure of the Nernst--Planck section draws the three "
    "methods side by side. With solution 1 the "
    "pipette and solution 2 the bath, $E_{\\mathrm{LJ}} = \\psi_{2} - \\psi_{1}$ is subtracted from a "
    "measured potential: $V_{m} = V_{\\mathrm{measured}} - E_{\\mathrm{LJ}}$."
)


@dataclass(frozen=True)
class JunctionCase:
    """A pipette/bath pair compared across the methods, with a published value."""

    text: str
    pipette: tuple[tuple[str, float], ...]
    bath: tuple[tuple[str, float], ...]
    #: Temperature, K.
    temperature: float
    #: The published junction potential, mV, as printed there.
    published: str
    #: BibTeX keys of where it is published.
    sources: tuple[str, ...]


#: The cases of the comparison table.
CASES = (
    JunctionCase(
        "CsF 135, NaCl 10 against NaCl 145, 20 °C (JPCalc manual)",
        (("Cs", 135), ("F", 135), ("Na", 10), ("Cl", 10)),
        (("Na", 145), ("Cl", 145)),
        293.15,
        "+8.74 (Henderson)",
        ("barry1994",),
    ),
    JunctionCase(
        "CaCl$_{2}$ 50, MgCl$_{2}$ 50 against LiCl 100, 20 °C (Ng and Barry 1995, Table 2; at 25 °C, "
        "where LJPcalc's test set places it, every method gives $-8.4$: the 0.2 mV is $RT/F$, "
        "$8.24 \\times 298.15/293.15 = 8.38$)",
        (("Ca", 50), ("Mg", 50), ("Cl", 200)),
        (("Li", 100), ("Cl", 100)),
        293.15,
        "$-8.2$",
        ("ng1995",),
    ),
    JunctionCase(
        "K-gluconate 145, Na 13, Cl 10, Mg 1, HEPES 5 against Na 145, K 2.8, Cl 148.8, Mg 2, Ca 1, HEPES 5, 20 °C (a JPCalc example)",
        (("K", 145), ("Na", 13), ("Cl", 10), ("gluconate", 145), ("Mg", 1), ("HEPES", 5)),
        (("K", 2.8), ("Na", 145), ("Cl", 148.8), ("Mg", 2), ("Ca", 1), ("HEPES", 5)),
        293.15,
        "+15.6 (Henderson)",
        ("barry1994",),
    ),
)


#: A citation in the prose above: ``[@key]`` or ``[@key1,key2]``.
_CITATION = re.compile(r"\[@([a-z0-9]+(?:,[a-z0-9]+)*)\]")

#: The sources GUIDANCE cites, in order.
GUIDANCE_KEYS = tuple(k for keys in _CITATION.findall(GUIDANCE) for k in keys.split(","))


def cited_prose(text: str, target: Target) -> str:
    """``text`` printed for ``target``, each ``[@keys]`` as the target cites them (``\\cite`` in
    LaTeX, so the reference reaches the PDF's bibliography; author and year in Markdown)."""
    parts = _CITATION.split(text)
    # split() alternates: prose, keys, prose, keys, ..., prose
    return "".join(
        target.prose(p) if i % 2 == 0 else target.cite_sources(tuple(p.split(","))) for i, p in enumerate(parts)
    )


def _mv(value: float | None) -> str:
    return "--" if value is None else f"{value * 1e3:+.3f}".replace("-", "$-$")


def print_junction_appendix(target: Target) -> dict[str, Any]:
    """The appendix's strings for ``target``: guidance, comparison rows, ion rows, and the keys cited."""
    cases = []
    for case in CASES:
        values = all_methods(dict(case.pipette), dict(case.bath), case.temperature)
        cases.append(
            {
                "text": target.prose(case.text),
                "henderson": _mv(values["henderson"]),
                "planck": _mv(values["planck"]),
                "nernst_planck": _mv(values["nernst-planck"]),
                "published": target.prose(case.published) + ", " + target.cite_sources(case.sources),
            }
        )
    ions = []
    for ion in ion_library():
        published = f"{ion.value:g}" + (" $\\times$ K$^{+}$" if ion.kind == "relative-mobility" else "")
        ions.append(
            {
                "name": target.prose(ion.name),
                "charge": f"{ion.charge:+d}".replace("-", "$-$"),
                "published": target.prose(published),
                "conductance": f"{ion.conductance:.2f}",
                "source": target.cite_sources((ion.source,)),
            }
        )
    keys = tuple(
        dict.fromkeys(
            [*GUIDANCE_KEYS, *(k for c in CASES for k in c.sources), *(i.source for i in ion_library())]
        )
    )
    return {"guidance": cited_prose(GUIDANCE, target), "cases": cases, "ions": ions, "keys": keys}
