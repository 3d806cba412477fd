"""The ``derive`` command: build the catalogue's artifacts, list and show relations."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .errors import DeriveError
from .printing.text import prose_text


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="derive",
        description="Verified symbolic derivations for membrane electrochemistry, rendered as "
        "LaTeX/PDF, Markdown and MyST reports, equation snippets for papers (with derive.sty and "
        "references.bib), and numeric Python modules (numpy-only, and compiled with numba).",
    )
    parser.add_argument("--version", action="version", version=f"derive {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    build = sub.add_parser(
        "build",
        help="derive, verify and write every artifact of the built-in catalogue",
        description="Derive and verify every relation of the built-in catalogue, then write "
        "report.tex, report.md, report.myst.md, equations/, derive.sty, references.bib, membrane.py, "
        "membrane_compiled.py and (when pdflatex and bibtex are on PATH) report.pdf.",
    )
    build.add_argument(
        "--out", type=Path, default=Path("generated"), metavar="DIR", help="output folder (default: ./generated)"
    )
    build.add_argument("--no-pdf", action="store_true", help="do not run pdflatex")
    build.add_argument("--notation", type=Path, metavar="FILE", help="notation file (TOML) to print every artifact in")

    sub.add_parser(
        "list",
        help="list the relations of the catalogue",
        description="List the registered relations with their titles.",
    )

    symbols = sub.add_parser(
        "symbols",
        help="list the symbols with their registry names, LaTeX and units",
        description="List every registered symbol: the registry name (the key of a notation file's "
        "[symbols] table and the argument name in the numeric modules), its LaTeX in the notation, "
        "its SI unit and its meaning.",
    )
    symbols.add_argument("--notation", type=Path, metavar="FILE", help="notation file (TOML)")

    show = sub.add_parser(
        "show",
        help="print one relation's derivation or code",
        description="Print one relation as a LaTeX section (for a document that loads amsmath and "
        "derive.sty, with references.bib: see 'derive export'), a Markdown section, or a standalone "
        "numpy module of its functions.",
    )
    show.add_argument("name", help="relation name (see 'derive list')")
    show.add_argument(
        "--format", choices=("latex", "markdown", "python"), default="latex", help="output format (default: latex)"
    )
    show.add_argument("--notation", type=Path, metavar="FILE", help="notation file (TOML)")

    export = sub.add_parser(
        "export",
        help="write equation snippets for a paper, with derive.sty and references.bib",
        description="Write equations/NAME.tex (the result, labelled eq:NAME) and "
        "equations/NAME-derivation.tex (every step, labelled eq:NAME:STEP) for each relation, "
        "with derive.sty and the BibTeX entries of their original sources. In the paper: "
        "\\usepackage{amsmath,derive}, \\input{equations/NAME}, \\eqref{eq:NAME}.",
    )
    export.add_argument("names", nargs="+", metavar="NAME", help="relation names (see 'derive list')")
    export.add_argument("--out", type=Path, required=True, metavar="DIR", help="output folder")
    export.add_argument("--notation", type=Path, metavar="FILE", help="notation file (TOML)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        from .notation import as_notation

        notation = as_notation(getattr(args, "notation", None))
        if args.command == "build":
            from .build import build

            build(args.out, pdf=not args.no_pdf, notation=notation)
        elif args.command == "list":
            from .relations import relation, relations

            names = relations()
            width = max(len(n) for n in names)
            for name in names:
                d = relation(name)
                print(f"{name:<{width}}  {prose_text(d.title)}")
        elif args.command == "symbols":
            from .ions import GENERIC  # noqa: F401 - importing registers the built-in ions' symbols
            from .printing.units import unit_text
            from .symbols import SYMBOLS

            specs = sorted(SYMBOLS.values(), key=lambda spec: spec.name.lower())
            width = max(len(spec.name) for spec in specs)
            latex_width = max(len(notation.symbol_latex(spec.name, spec.latex)) for spec in specs)
            for spec in specs:
                unit = "1" if spec.unit == 1 else unit_text(spec.unit, notation)
                shown = notation.symbol_latex(spec.name, spec.latex)
                print(f"{spec.name:<{width}}  {shown:<{latex_width}}  {unit:<14}  {prose_text(spec.meaning)}")
        elif args.command == "show":
            from .build import show

            sys.stdout.write(show(args.name, args.format, notation))
        elif args.command == "export":
            from .build import export

            export(args.names, args.out, notation)
    except (DeriveError, OSError) as exc:  # OSError: an output folder that cannot be written
        print(f"derive: error: {exc}", file=sys.stderr)
        return 1
    return 0
