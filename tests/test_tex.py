"""The LaTeX artifacts compile with the real TeX: no errors, no undefined references or
citations, no label defined twice, no overfull boxes.

* the report, with bibtex in the loop (every \\cite resolved from references.bib);
* every equation snippet \\input into a minimal article that loads only amsmath and
  derive.sty, with an \\eqref to every label of every snippet;
* long equations (like the multi-ion GHK relations) break across lines, and the
  overfull check fires when they do not.

In CI (CI=true) a missing pdflatex or bibtex fails these tests instead of skipping them.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import sympy

import derive
from derive.derivation import Derivation, Premise, Step
from derive.notation import Notation
from derive.printing.breaking import width
from derive.printing.latex import latex
from derive.symbols import F, R, T, V
from helpers import bibtex_or_skip, pdflatex_or_skip, rendered

PROBLEMS = [
    (re.compile(r"^! ", re.M), "LaTeX error"),
    (re.compile(r"Overfull \\hbox"), "overfull \\hbox (something runs off the page)"),
    (re.compile(r"LaTeX Warning: Reference .* undefined"), "undefined reference"),
    (re.compile(r"There were undefined references"), "undefined references"),
    (re.compile(r"LaTeX Warning: Citation .* undefined"), "undefined citation"),
    (re.compile(r"LaTeX Warning: Label .* multiply defined"), "label defined twice"),
]
BIBTEX_PROBLEMS = [
    (re.compile(r"I didn't find a database entry"), "citation missing from the .bib"),
    (re.compile(r"^Warning--", re.M), "bibtex warning"),
    (re.compile(r"error message", re.M), "bibtex error"),
]


def compile_tex(
    files: dict[str, str | bytes], workdir: Path, main: str = "doc", bib: bool = False
) -> tuple[int, str, str]:
    """Compile ``main``.tex among ``files``: pdflatex (bibtex, pdflatex) pdflatex. Returns (code, log, blg)."""
    pdflatex = pdflatex_or_skip()
    bibtex = bibtex_or_skip() if bib else None
    for name, text in files.items():
        (workdir / name).parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):  # a figure
            (workdir / name).write_bytes(text)
        else:
            (workdir / name).write_text(text, encoding="utf-8")
    latex_cmd = [pdflatex, "-interaction=nonstopmode", "-halt-on-error", f"{main}.tex"]
    steps = [latex_cmd, [bibtex, main], latex_cmd, latex_cmd] if bib else [latex_cmd, latex_cmd]
    code, log, blg = 0, "", ""
    for cmd in steps:
        proc = subprocess.run(cmd, cwd=workdir, capture_output=True, text=True, errors="replace")
        if cmd[0] == bibtex:
            blg = (workdir / f"{main}.blg").read_text(errors="replace")
            if proc.returncode:
                return proc.returncode, proc.stdout, blg
            continue
        code = proc.returncode
        log = (workdir / f"{main}.log").read_text(errors="replace")
        if code:
            break
    return code, log, blg


def problems(log: str, blg: str = "") -> list[str]:
    found = [what for pattern, what in PROBLEMS if pattern.search(log)]
    return found + [what for pattern, what in BIBTEX_PROBLEMS if pattern.search(blg)]


def offending(log: str) -> list[str]:
    return [line for line in log.splitlines() if re.search(r"Overfull|undefined|multiply|^!", line)]


# --------------------------------------------------------------------------- the report


def report_files(notation: Notation | None = None) -> dict[str, str | bytes]:
    """What the report needs beside it: derive.sty, references.bib and the figures' PDFs."""
    files = rendered(notation)
    needed = ("report.tex", "derive.sty", "references.bib", *(n for n in files if n.endswith(".pdf")))
    return {name: files[name] for name in needed}


def test_report_compiles_cleanly_with_its_bibliography(tmp_path):
    code, log, blg = compile_tex(report_files(), tmp_path, main="report", bib=True)
    assert code == 0, log[-3000:]
    assert problems(log, blg) == [], offending(log) + blg.splitlines()[-10:]
    bbl = (tmp_path / "report.bbl").read_text()
    for d in map(derive.relation, derive.relations()):
        for key in d.references:
            assert rf"\bibitem{{{key}}}" in bbl, key
    assert (tmp_path / "report.pdf").stat().st_size > 10_000


def test_log_checks_catch_an_overfull_equation_a_bad_reference_and_a_bad_citation(tmp_path):
    """The checks above can fail: an equation too wide for the page, a dangling \\eqref, a \\cite of nothing."""
    source = (
        r"""\documentclass{article}
\usepackage{amsmath}
\begin{document}
\begin{equation}
"""
        + " + ".join(f"x_{{{i}}}" for i in range(80))
        + r"""
\end{equation}
See \eqref{eq:missing} and \cite{nosuchkey1900}.
\bibliographystyle{plain}
\bibliography{references}
\end{document}
"""
    )
    code, log, blg = compile_tex({"doc.tex": source, "references.bib": "\n"}, tmp_path, bib=True)
    assert code == 0
    found = problems(log, blg)
    assert "overfull \\hbox (something runs off the page)" in found
    assert "undefined reference" in found
    assert "undefined citation" in found
    assert "citation missing from the .bib" in found


# --------------------------------------------------------------------------- the snippets


def snippet_document(files: dict[str, str]) -> str:
    """A minimal article: amsmath and derive.sty only; every snippet \\input, every label \\eqref'd."""
    snippets = sorted(name for name in files if name.startswith("equations/"))
    labels = [lab for name in snippets for lab in re.findall(r"\\label\{([^}]*)\}", files[name])]
    body = "\n".join(rf"\input{{{name.removesuffix('.tex')}}}" for name in snippets)
    refs = ", ".join(rf"\eqref{{{lab}}}" for lab in labels)
    return (
        "\\documentclass{article}\n\\usepackage{amsmath,derive}\n\\begin{document}\n"
        f"{body}\n\\noindent The labels: {refs}.\n\\end{{document}}\n"
    )


def test_every_snippet_compiles_in_a_minimal_article(tmp_path):
    files = rendered()
    doc = snippet_document(files)
    assert doc.count("\\usepackage") == 1  # amsmath and derive, nothing else
    labels = re.findall(r"\\eqref\{([^}]*)\}", doc)
    steps = sum(len(derive.relation(n).steps) for n in derive.relations())
    assert len(labels) == len(set(labels)) == steps + len(derive.relations())
    code, log, _ = compile_tex({**files, "doc.tex": doc}, tmp_path)
    assert code == 0, log[-3000:]
    assert problems(log) == [], offending(log)


def test_snippet_check_catches_a_repeated_label(tmp_path):
    files = rendered()
    files["equations/nernst-derivation.tex"] = files["equations/nernst-derivation.tex"].replace(
        "eq:nernst:nernst", "eq:nernst"
    )
    _, log, _ = compile_tex({**files, "doc.tex": snippet_document(files)}, tmp_path)
    assert "label defined twice" in problems(log)


# --------------------------------------------------------------------------- long equations

K, Na, Cl, Ca = derive.POTASSIUM, derive.SODIUM, derive.CHLORIDE, derive.CALCIUM


def _ghk_current(ion):
    # The GHK current equation as a textbook writes it.
    u = ion.z * F * V / (R * T)
    return ion.P * ion.z**2 * F**2 * V / (R * T) * (ion.c_in - ion.c_out * sympy.exp(-u)) / (1 - sympy.exp(-u))


def _long_equations() -> dict[str, sympy.Eq]:
    """Relations as long as those issue 3 brings, typed from the textbook formulas."""
    num = K.P * K.c_out + Na.P * Na.c_out + Cl.P * Cl.c_in
    den = K.P * K.c_in + Na.P * Na.c_in + Cl.P * Cl.c_out
    # Divalent GHK voltage: the positive root w = e^{FV/RT} of a w^2 + b w - c = 0 (Lewis 1979).
    a = K.P * K.c_in + Na.P * Na.c_in + Cl.P * Cl.c_out + 4 * Ca.P * Ca.c_in
    b = K.P * (K.c_in - K.c_out) + Na.P * (Na.c_in - Na.c_out) + Cl.P * (Cl.c_out - Cl.c_in)
    c = K.P * K.c_out + Na.P * Na.c_out + Cl.P * Cl.c_in + 4 * Ca.P * Ca.c_out
    root = (-b + sympy.sqrt(b**2 + 4 * a * c)) / (2 * a)
    return {
        "ghk_voltage_k_na_cl": sympy.Eq(V, R * T / F * sympy.log(num / den)),
        "current_sum": sympy.Eq(K.I, _ghk_current(K) + _ghk_current(Na) + _ghk_current(Cl) + _ghk_current(Ca)),
        "divalent": sympy.Eq(V, R * T / F * sympy.log(root)),
    }


def _long_derivation(name: str, eq: sympy.Eq) -> Derivation:
    return Derivation(
        name=name,
        title=f"Long relation {name}",
        summary="A long relation.",
        assumptions=(),
        steps=(Step(eq, "A long model equation.", Premise("model"), "long"),),
    )


@pytest.fixture(scope="module")
def long_derivations() -> list[Derivation]:
    return [_long_derivation(n, eq) for n, eq in _long_equations().items()]


def test_long_equations_break_across_lines_and_fit(tmp_path, long_derivations):
    files = {"derive.sty": rendered()["derive.sty"]}
    too_wide = 0
    for d in long_derivations:
        result, steps = d.latex(), d.latex(steps=True)
        if width(latex(d.result.equation)) > Notation().width:  # too wide to stand on one line
            too_wide += 1
            assert "\\begin{split}" in result and result.count("\\\\") >= 1, d.name
            assert "\\notag" in steps, d.name  # continuation lines carry no number
        files[f"equations/{d.name}.tex"] = result
        files[f"equations/{d.name}-derivation.tex"] = steps
    assert too_wide >= 2
    code, log, _ = compile_tex({**files, "doc.tex": snippet_document(files)}, tmp_path)
    assert code == 0, log[-3000:]
    assert problems(log) == [], offending(log)


def test_without_breaking_the_overfull_check_fires(tmp_path, long_derivations):
    """The same snippets set on one line each (a width no line reaches) run off the page."""
    unbroken = Notation(width=200)
    files = {"derive.sty": rendered()["derive.sty"]}
    for d in long_derivations:
        files[f"equations/{d.name}.tex"] = d.latex(unbroken)
        assert "\\begin{split}" not in files[f"equations/{d.name}.tex"]
    code, log, _ = compile_tex({**files, "doc.tex": snippet_document(files)}, tmp_path)
    assert code == 0, log[-3000:]
    assert "overfull \\hbox (something runs off the page)" in problems(log)


def test_a_narrow_notation_width_breaks_more(tmp_path, long_derivations):
    """A two-column paper asks for 18 em: the lines get shorter and still fit a column that wide."""
    narrow = Notation(width=18)
    files = {"derive.sty": rendered()["derive.sty"]}
    for d in long_derivations:
        assert d.latex(narrow).count("\\\\") > d.latex().count("\\\\")
        files[f"equations/{d.name}.tex"] = d.latex(narrow)
    doc = snippet_document(files).replace("\\begin{document}", "\\setlength{\\textwidth}{200pt}\\begin{document}")
    code, log, _ = compile_tex({**files, "doc.tex": doc}, tmp_path)
    assert code == 0, log[-3000:]
    assert problems(log) == [], offending(log)


def test_width_estimate_agrees_with_tex(tmp_path, long_derivations):
    """The breaker's width estimate is within 15 % of what TeX sets, for every catalogue equation."""
    items = []
    for name in derive.relations():
        d = derive.relation(name)
        items += [latex(s.equation, d.local_specs) for s in d.steps]
    items += [latex(d.result.equation) for d in long_derivations]
    items += [r"P = \qty{1e-8}{\metre\per\second}", r"E = \qty{-0.08906}{\volt}"]
    lines = [rf"\setbox0=\hbox{{$\displaystyle {t}$}}\typeout{{W{i}:\the\wd0}}" for i, t in enumerate(items)]
    doc = "\\documentclass{article}\n\\usepackage{amsmath,siunitx}\n\\begin{document}\n" + "\n".join(lines)
    code, log, _ = compile_tex({"doc.tex": doc + "\n\\end{document}\n"}, tmp_path)
    assert code == 0, log[-2000:]
    measured = {int(i): float(pt) / 10.0 for i, pt in re.findall(r"W(\d+):([\d.]+)pt", log)}  # em of 10 pt
    assert len(measured) == len(items)
    ratios = {items[i]: width(items[i]) / w for i, w in measured.items()}
    bad = {t: round(r, 2) for t, r in ratios.items() if not 0.85 <= r <= 1.15}
    assert not bad, bad


# --------------------------------------------------------------------------- a two-column paper


def readme_notation(tmp_path: Path) -> Notation:
    """The README's own notation example (the ```toml block after "Your notation."), read as a file."""
    from derive.notation import load_notation
    from helpers import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"\*\*Your notation\.\*\*.*?```toml\n(.*?)```", readme, re.S).group(1)
    path = tmp_path / "paper.toml"
    path.write_text(block, encoding="utf-8")
    return load_notation(path)


def two_column_document(notation: Notation) -> dict[str, str]:
    """Every relation's result and derivation snippets in a two-column article, in ``notation``."""
    files = {"derive.sty": rendered()["derive.sty"]}
    body = []
    for name in derive.relations():
        d = derive.relation(name)
        files[f"equations/{name}.tex"] = d.latex(notation)
        files[f"equations/{name}-derivation.tex"] = d.latex(notation, steps=True)
        body.append(rf"\input{{equations/{name}}}" + "\n" + rf"\input{{equations/{name}-derivation}}")
    files["doc.tex"] = (
        "\\documentclass[twocolumn]{article}\n\\usepackage{amsmath,derive}\n\\begin{document}\n"
        + "\n\n".join(body)
        + "\n\\end{document}\n"
    )
    return files


@pytest.fixture(scope="module")
def readme_paper_notation(tmp_path_factory) -> Notation:
    import warnings

    with warnings.catch_warnings():  # the example maps K_out to its own glyph: no clash, but be quiet either way
        warnings.simplefilter("ignore")
        return readme_notation(tmp_path_factory.mktemp("readme"))


def test_readme_notation_fits_a_two_column_article(tmp_path, readme_paper_notation):
    """The README promises that with `width = 18` no equation runs off a two-column article's column:
    every derivation and result of the catalogue, compiled, without one overfull box."""
    assert readme_paper_notation.width == 18
    code, log, _ = compile_tex(two_column_document(readme_paper_notation), tmp_path)
    assert code == 0, log[-3000:]
    assert problems(log) == [], offending(log)


def test_two_column_check_fires_when_equations_are_too_wide(tmp_path, readme_paper_notation):
    """The same document broken for a one-column page (40 em) runs off the column: the check can fail."""
    wide = readme_paper_notation.merge(width=40)
    _, log, _ = compile_tex(two_column_document(wide), tmp_path)
    assert "overfull \\hbox (something runs off the page)" in problems(log)
