"""Using derive in papers: export, the bibliography, the MyST report, notebook display."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys

import pytest

import derive
from derive.bibliography import REFERENCES, Reference, check_keys
from derive.catalogue import EXAMPLES
from derive.derivation import Derivation
from derive.errors import SpecificationError, UnknownReferenceError
from derive.printing.bibtex import author_year, bibtex_entry, markdown_entry
from helpers import GENERATED, ROOT, rendered

#: The keys HELPERS.md lists for the catalogue's original sources.
KEYS = {
    *("fick1855", "nernst1889", "planck1890", "henderson1907", "goldman1943", "hodgkin1949", "hodgkin1952"),
    *("mullins1963", "lewis1979", "mitchell1961", "skou1957", "tosteson1960", "robinson1959", "hille2001"),
    "post1957",
    # liquid junction potentials of real solutions
    "henderson1908",
    "barry1991",
    "marino2014",
    "barry1994",
    "ng1995",
    "lide2005",
    "dean1999",
    # issue 11
    *("donnan1911", "ussing1949", "blaustein1999", "nernst1888", "mitchell1966", "davies1938"),
    # issue 11, part 5: activities
    *("debye1923", "davies1962", "malmberg1956"),
}


# --------------------------------------------------------------------------- bibliography


def test_every_key_of_the_catalogue_has_an_entry():
    assert set(REFERENCES) == KEYS
    for name in derive.relations():
        check_keys(derive.relation(name).references)
    for example in EXAMPLES:
        check_keys(example.references)


def test_an_unknown_key_fails_building_the_derivation():
    d = derive.relation("nernst")
    fields = {f.name: getattr(d, f.name) for f in dataclasses.fields(d) if f.init}
    with pytest.raises(UnknownReferenceError, match="'nernst1887'") as info:
        Derivation(**{**fields, "references": ("nernst1887",)})
    assert isinstance(info.value, KeyError) and "derivation 'nernst'" in str(info.value)


@pytest.mark.parametrize(
    "change,match",
    [
        ({"key": "Nernst1889"}, "look like"),
        ({"key": "planck1889"}, "surname and the year"),
        ({"pages": "129-181"}, "pages"),
        ({"doi": "doi:10.1/x"}, "not a DOI"),
        ({"authors": ("Walther Nernst",)}, "Surname, Given"),
    ],
)
def test_reference_fields_are_validated(change, match):
    with pytest.raises(SpecificationError, match=match):
        dataclasses.replace(REFERENCES["nernst1889"], **change)


def test_bibtex_and_markdown_forms():
    entry = bibtex_entry(REFERENCES["nernst1889"])
    assert entry.startswith("@article{nernst1889,\n") and r"Zeitschrift f{\"u}r Physikalische Chemie" in entry
    assert "title     = {{Die elektromotorische Wirksamkeit der Jonen}}" in entry  # braces keep German capitals
    assert entry.isascii() and entry.count("{") == entry.count("}")
    book = bibtex_entry(REFERENCES["robinson1959"])
    assert book.startswith("@book{robinson1959,") and "Butterworths" in book and "2nd" in book
    assert author_year(REFERENCES["hodgkin1949"]) == "Hodgkin & Katz (1949)"
    assert markdown_entry(REFERENCES["goldman1943"]).endswith("(https://doi.org/10.1085/jgp.27.1.37)")


def test_references_bib_holds_exactly_the_cited_sources():
    bib = (GENERATED / "references.bib").read_text()
    keys = re.findall(r"^@\w+\{([^,]+),", bib, flags=re.M)
    # each section's sources, then the sources of its worked examples' numbers, in report order
    cited = [
        k
        for n in derive.relations()
        for k in (*derive.relation(n).references, *(k for e in EXAMPLES if e.relation == n for k in e.references))
    ]
    # then the liquid junction appendix's: Barry & Lynch, Marino et al. (LJPcalc), its comparisons'
    # sources, the ion library's
    from derive.liquid_junction import ion_library
    from derive.printing.junction_report import CASES

    cited += ["barry1991", "marino2014", *(k for c in CASES for k in c.sources), *(i.source for i in ion_library())]
    assert keys == list(dict.fromkeys(cited))


def test_the_junction_appendix_cites_what_it_names():
    """Barry & Lynch and Marino et al. (LJPcalc) are cited where the appendix names them, in every report,
    so they reach the PDF's bibliography; the preprint's entry says where it is."""
    tex = (GENERATED / "report.tex").read_text()
    assert "(see \\cite{barry1991})" in tex and "JLJP, described by \\cite{marino2014}" in tex
    assert "JLJP, described by Marino et al. (2014)" in (GENERATED / "report.md").read_text()
    assert "JLJP, described by {cite:p}`marino2014`" in (GENERATED / "report.myst.md").read_text()
    bib = (GENERATED / "references.bib").read_text()
    assert "@misc{marino2014," in bib and "arXiv:1403.3640" in bib


# --------------------------------------------------------------------------- export


def test_export_writes_the_chosen_snippets_sty_and_bib(tmp_path):
    out = tmp_path / "paper"
    proc = subprocess.run(
        [sys.executable, "-m", "derive", "export", "nernst", "ghk_current", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert written == [
        "derive-manifest.sha256",
        "derive.sty",
        "equations/ghk_current-derivation.tex",
        "equations/ghk_current.tex",
        "equations/nernst-derivation.tex",
        "equations/nernst.tex",
        "references.bib",
    ]
    for name in written:
        if name not in ("references.bib", "derive-manifest.sha256"):
            assert (out / name).read_text() == (GENERATED / name).read_text(), name
    assert re.findall(r"^@\w+\{([^,]+),", (out / "references.bib").read_text(), flags=re.M) == [
        "nernst1889",
        "goldman1943",
        "hodgkin1949",
    ]


def test_export_refuses_an_unknown_relation(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "derive", "export", "nernts", "--out", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1 and "unknown relation 'nernts'" in proc.stderr
    assert not any(tmp_path.iterdir())


# --------------------------------------------------------------------------- MyST


@pytest.fixture(scope="module")
def myst() -> str:
    return (GENERATED / "report.myst.md").read_text()


def test_myst_equation_labels_cross_reference(myst):
    labels = re.findall(r"^```\{math\}\n:label: (\S+)$", myst, flags=re.M)
    refs = re.findall(r"\{eq\}`([^`]+)`", myst)
    steps = sum(len(derive.relation(n).steps) for n in derive.relations())
    assert len(labels) == len(set(labels)) == steps
    assert refs and set(refs) <= set(labels)
    assert "eq-nernst" in labels and "eq-ghk_current-mu" in labels


def test_myst_citations_and_blocks(myst):
    cited = {k for group in re.findall(r"\{cite:p\}`([^`]+)`", myst) for k in group.split(",")}
    bib = (GENERATED / "references.bib").read_text()
    assert cited and all(f"{{{k}," in bib for k in cited)
    assert myst.count("```{math}") == len(re.findall(r"^```\{math\}[\s\S]*?^```$", myst, flags=re.M))
    assert "```{bibliography}" in myst
    for block in re.findall(r"^```\{math\}\n(.*?)^```$", myst, flags=re.M | re.S):
        assert "\n\n" not in block  # a blank line would split the equation in two


def test_checks_catch_a_dangling_myst_reference(myst):
    broken = myst.replace(":label: eq-nernst-mu-in", ":label: eq-nernst-mu-inside")
    labels = set(re.findall(r"^```\{math\}\n:label: (\S+)$", broken, flags=re.M))
    assert not set(re.findall(r"\{eq\}`([^`]+)`", broken)) <= labels


# --------------------------------------------------------------------------- notebooks


def test_notebook_display_and_snippet_text():
    d = derive.relation("nernst")
    assert d.latex() == (GENERATED / "equations" / "nernst.tex").read_text()
    assert d.latex(steps=True) == (GENERATED / "equations" / "nernst-derivation.tex").read_text()
    assert "\\log" in d.latex(notation={"log": "log"}) and "\\ln" not in d.latex(notation={"log": "log"})
    markdown = d._repr_markdown_()
    assert markdown.startswith("## 1. Nernst equilibrium potential") and "$$\n" in markdown
    assert "Original sources: Nernst (1889)." in markdown
    shown = d._repr_latex_()
    assert shown.startswith("$$") and r"\begin{aligned}" in shown


def test_every_relation_snippet_is_what_latex_returns():
    files = rendered()
    for name in derive.relations():
        assert derive.relation(name).latex() == files[f"equations/{name}.tex"]


def test_reference_dataclass_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        REFERENCES["fick1855"].year = 1856  # type: ignore[misc]
    assert isinstance(REFERENCES["fick1855"], Reference)
