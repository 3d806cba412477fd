"""Where derive's templates are, found without importing the build (and so jinja2, numpy, SymPy).

The on-disk cache hashes the templates into the key of every rendered artifact
(:func:`derive.cache.artifact_fingerprint`), and ``derive show`` answers from that cache
without rendering anything: it needs the folder, not the machinery that renders it.
"""

from __future__ import annotations

from pathlib import Path

from .errors import BuildError


def templates_dir() -> Path:
    """The templates: inside the installed package, or the repository's ``templates/``."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "templates", here.parent / "templates"):
        if (candidate / "report.tex.j2").is_file():
            return candidate
    raise BuildError(f"derive's templates are missing (looked in {here / 'templates'} and {here.parent / 'templates'})")
