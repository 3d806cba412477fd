"""The MyST report builds with a real Sphinx (myst-parser with dollarmath and amsmath,
sphinxcontrib-bibtex) with warnings as errors: labels that differ only in case once
collided there as 'Duplicate ID' once Sphinx lowercased them into HTML ids."""

from __future__ import annotations

import shutil
import subprocess
import sys

from helpers import GENERATED, import_or_skip

CONF = """\
project = "derive report"
extensions = ["myst_parser", "sphinxcontrib.bibtex"]
myst_enable_extensions = ["dollarmath", "amsmath"]
bibtex_bibfiles = ["references.bib"]
source_suffix = {".md": "markdown"}
numfig = True  # the report refers to its figures by number ({numref})
"""


def sphinx_build(src, out) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", str(src), str(out)],
        capture_output=True,
        text=True,
        timeout=600,
    )


def project(tmp_path, index: str):
    for name in ("sphinx", "myst_parser", "sphinxcontrib.bibtex"):
        import_or_skip(name)
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(CONF)
    (src / "index.md").write_text(index)
    shutil.copy(GENERATED / "references.bib", src / "references.bib")
    shutil.copytree(GENERATED / "figures", src / "figures")
    return src


def test_myst_report_builds_with_sphinx_without_warnings(tmp_path):
    src = project(tmp_path, (GENERATED / "report.myst.md").read_text())
    done = sphinx_build(src, tmp_path / "out")
    assert done.returncode == 0, done.stderr[-3000:]


def test_the_sphinx_check_can_fail(tmp_path):
    """Two equation labels that differ only in case: Sphinx -W refuses them."""
    index = "# T\n\n```{math}\n:label: eq-x-A-def\na = 1\n```\n\n```{math}\n:label: eq-x-a-def\nb = 2\n```\n"
    done = sphinx_build(project(tmp_path, index), tmp_path / "out")
    assert done.returncode != 0 and "uplicate" in done.stderr, done.stderr[-2000:]
