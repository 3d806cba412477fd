"""The LaTeX report compiles with pdflatex: no errors, no undefined references, no overfull boxes.

In CI (CI=true) a missing pdflatex fails these tests instead of skipping them.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from derive.build import render_all
from helpers import pdflatex_or_skip

PROBLEMS = [
    (re.compile(r"^! ", re.M), "LaTeX error"),
    (re.compile(r"Overfull \\hbox"), "overfull \\hbox (something runs off the page)"),
    (re.compile(r"LaTeX Warning: Reference .* undefined"), "undefined reference"),
    (re.compile(r"There were undefined references"), "undefined references"),
    (re.compile(r"LaTeX Warning: Label .* multiply defined"), "label defined twice"),
]


def compile_tex(source: str, workdir: Path) -> tuple[int, str]:
    pdflatex = pdflatex_or_skip()
    (workdir / "doc.tex").write_text(source, encoding="utf-8")
    log = ""
    code = 0
    for _ in range(2):
        proc = subprocess.run(
            [pdflatex, "-interaction=nonstopmode", "-halt-on-error", "doc.tex"],
            cwd=workdir,
            capture_output=True,
            text=True,
            errors="replace",
        )
        code = proc.returncode
        log = (workdir / "doc.log").read_text(errors="replace")
        if code:
            break
    return code, log


def problems(log: str) -> list[str]:
    return [what for pattern, what in PROBLEMS if pattern.search(log)]


def test_report_compiles_cleanly(tmp_path):
    code, log = compile_tex(render_all()["report.tex"], tmp_path)
    assert code == 0, log[-3000:]
    assert problems(log) == [], [line for line in log.splitlines() if "Overfull" in line or "undefined" in line]
    assert (tmp_path / "doc.pdf").stat().st_size > 10_000


def test_log_check_catches_an_overfull_equation_and_a_bad_reference(tmp_path):
    """The checks above can fail: an equation too wide for the page and a dangling \\eqref."""
    source = (
        r"""\documentclass{article}
\usepackage{amsmath}
\begin{document}
\begin{equation}
"""
        + " + ".join(f"x_{{{i}}}" for i in range(80))
        + r"""
\end{equation}
See \eqref{eq:missing}.
\end{document}
"""
    )
    code, log = compile_tex(source, tmp_path)
    assert code == 0
    found = problems(log)
    assert "overfull \\hbox (something runs off the page)" in found
    assert "undefined reference" in found
