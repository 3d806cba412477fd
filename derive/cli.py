"""The ``derive`` command: build the catalogue's artifacts, list and show relations.

Each command imports what it needs when it runs, so that ``derive --help`` and the answers
the on-disk cache holds (``derive list``, a ``derive show`` seen before) import neither
SymPy nor numpy nor jinja2.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .errors import DeriveError


_FORCE_HELP = (
    "replace files in the output folder that derive did not write, or that were edited since "
    "(derive-manifest.sha256 lists what it wrote); without it they are refused, by name"
)


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so that temporary folders are cleaned up on the way out."""


def _jobs(text: str) -> int:
    """``--jobs N``: a whole number of processes, at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--jobs takes a whole number of processes, not {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"--jobs takes at least 1 process, not {value}")
    return value


def _terminate(signum: int, frame: object) -> None:
    raise Terminated()


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
        help="derive, verify and write every artifact of the built-in catalogue, or of a model file",
        description="Derive and verify every relation of the built-in catalogue (or of MODEL, a TOML "
        "model file of your own system: ions, concentrations, permeabilities, temperature, relations, "
        "and your own relation files), then write report.tex, report.md, report.myst.md, equations/, "
        "figures/, derive.sty, references.bib, the numeric modules (membrane.py and membrane_compiled.py; "
        "for a model NAME.py and NAME_compiled.py) and (when pdflatex and bibtex are on PATH) report.pdf.",
        epilog="examples: derive build   |   derive build squid.toml --out squid-report",
    )
    build.add_argument(
        "model", nargs="?", type=Path, metavar="MODEL", help="model file (TOML); default: the built-in catalogue"
    )
    build.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help="output folder (default: ./generated for the catalogue; for a model, a folder named after "
        "the model next to its file)",
    )
    build.add_argument("--no-pdf", action="store_true", help="do not run pdflatex")
    build.add_argument("--notation", type=Path, metavar="FILE", help="notation file (TOML) to print every artifact in")
    build.add_argument(
        "--no-cache",
        action="store_true",
        help="verify every derivation again, neither reading nor writing the verification cache "
        "(also: DERIVE_NO_CACHE=1; the cache lives in $DERIVE_CACHE_DIR, else $XDG_CACHE_HOME/derive)",
    )
    build.add_argument("--force", action="store_true", help=_FORCE_HELP)
    build.add_argument(
        "--jobs",
        type=_jobs,
        default=None,
        metavar="N",
        help="processes to verify, render and draw the figures on (default: 2, or 1 on a one-CPU machine; "
        "1: all in this process). The output is byte-identical for every N; the extra processes are forked "
        "(Linux only; elsewhere the build runs in one process) and never write output",
    )

    new = sub.add_parser(
        "new",
        help="write a starter model file and relation file that build as they are",
        description="Write NAME.toml (a model: ions, concentrations, permeabilities, temperature, "
        "relations) and NAME_relations.py (a relation of your own, derived and verified like the "
        "built-in ones) into DIR; then 'derive build NAME.toml'. Existing files are never replaced.",
    )
    new.add_argument("name", metavar="NAME", help="model name: an identifier (the module is NAME.py)")
    new.add_argument("--dir", type=Path, default=Path("."), metavar="DIR", help="folder to write into (default: .)")

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
        "numpy module of its functions. With a model file first, one relation of that model, as its "
        "report derives it and its module computes it.",
        epilog="examples: derive show nernst   |   derive show squid.toml ghk_voltage --format python",
    )
    show.add_argument("name", help="relation name (see 'derive list'), or a model file (TOML) followed by RELATION")
    show.add_argument(
        "relation", nargs="?", metavar="RELATION",
        help="with a model file first: one of the model's relations, as its report derives it",
    )  # fmt: skip
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
    export.add_argument("--force", action="store_true", help=_FORCE_HELP)
    export.add_argument(
        "--figures",
        action="store_true",
        help="also write figures/NAME.pdf and .svg for the relations that have a figure, and "
        "figures/derivation-map.pdf and .svg (which of them cites which)",
    )

    calc = sub.add_parser(
        "calc",
        help="evaluate one relation at values with units: derive calc nernst c_in=140mM c_out=5mM z=1",
        description="Evaluate a numeric function of the catalogue (by its name, or by its relation's "
        "name when the relation has one function) at the given values and print the result with its "
        "unit. Values are NAME=VALUE with the function's argument names (see 'derive show NAME "
        "--format python'); a value may carry a unit (140mM, '37 degC', -70mV, 1e-6cm/s) and a bare "
        "number is SI (mol/m^3 = mM, V, K, m/s). Arguments with a default may be left out.",
        epilog="example: derive calc nernst c_in=140mM c_out=5mM z=1 T=37degC   ->   -89.06 mV",
    )
    calc.add_argument("target", metavar="RELATION", help="relation or function name (see 'derive list')")
    calc.add_argument("values", nargs="*", metavar="NAME=VALUE", help="argument values, with or without units")
    calc.add_argument("--digits", type=int, default=4, metavar="N", help="significant digits (default: 4)")

    ljp = sub.add_parser(
        "ljp",
        help="liquid junction potential between a pipette and a bath solution",
        description="The liquid junction potential psi(bath) - psi(pipette), to subtract from a measured "
        "potential, by the stationary Nernst-Planck equation, Henderson's and Planck's; ions from derive's "
        "cited ion library, concentrations in mM.",
    )
    ljp.add_argument("--pipette", metavar="IONS", help='pipette solution, e.g. "K=145 gluconate=145 Na=13 Cl=10"')
    ljp.add_argument("--bath", metavar="IONS", help='bath solution, e.g. "Na=145 Cl=148.8 K=2.8 Ca=1 Mg=2"')
    ljp.add_argument(
        "--file", type=Path, metavar="FILE", help="TOML file with [pipette] and [bath] tables (and temperature)"
    )
    ljp.add_argument(
        "--temperature", metavar="T", help="temperature with a unit, e.g. 25degC or 298.15K (default 25degC)"
    )
    ljp.add_argument(
        "--method",
        choices=("nernst-planck", "henderson", "planck"),
        default="nernst-planck",
        help="the method of the headline value (default: nernst-planck)",
    )
    ljp.add_argument("--balance", metavar="ION", help="make each solution electroneutral with this ion")
    return parser


def _is_str(value: object) -> bool:
    return isinstance(value, str)


def _catalogue_listing() -> list[list[str]]:
    """``[name, title]`` of each relation the registry lists, the title as plain text."""
    from .printing.text import prose_text
    from .relations import relations, title

    return [[name, prose_text(title(name))] for name in relations()]


def _is_listing(value: object) -> bool:
    return (
        isinstance(value, list)
        and len(value) > 0
        and all(isinstance(row, list) and len(row) == 2 and all(isinstance(x, str) for x in row) for row in value)
    )


def _listing() -> list[list[str]]:
    """What ``derive list`` prints, as :func:`_catalogue_listing` rows.

    In a process that has not imported the relations yet, importing them would build the
    registry from derive's code alone: the listing is then a pure function of the code, and
    the cache keeps it under the code's fingerprint (every source file of derive, the
    templates, the versions of Python and the libraries), so an edited title or relation
    file is a new key and never a stale line. Where the relations are imported already, the
    registry may hold more than the code gives (a user's relation files, a test's entries):
    it is listed as it is, and nothing is read from or written to the cache.
    """
    from . import cache

    if f"{__package__}.relations" in sys.modules:
        return _catalogue_listing()
    return cache.remembered("list", "", _catalogue_listing, _is_listing)


def _ljp(args: argparse.Namespace) -> None:
    from .liquid_junction import LJP_TEMPERATURE, SolutionError, all_methods, parse_solution, parse_temperature
    from .liquid_junction import read_solutions

    solutions = read_solutions(args.file) if args.file else {"temperature": None}
    if args.pipette:
        solutions["pipette"] = parse_solution(args.pipette, "--pipette")
    if args.bath:
        solutions["bath"] = parse_solution(args.bath, "--bath")
    missing = [side for side in ("pipette", "bath") if side not in solutions]
    if missing:
        raise SolutionError(f"give the {' and the '.join(missing)} solution (--{missing[0]} or --file)")
    if args.temperature:
        temperature = parse_temperature(args.temperature)
    else:
        temperature = solutions["temperature"] or LJP_TEMPERATURE
    try:
        values = all_methods(solutions["pipette"], solutions["bath"], temperature, balance=args.balance)
    except ValueError as exc:  # the runtime names solution1/solution2 and its keyword: say it as the options do
        message = str(exc).replace("solution1", "the pipette").replace("solution2", "the bath")
        raise SolutionError(message.replace("pass balance='<ion>'", "pass --balance ION")) from None
    headline = values[args.method]
    if headline is None:
        raise SolutionError("method 'planck' holds for monovalent ions only; these solutions hold others")
    print(f"liquid junction potential: {headline * 1e3:+.2f} mV ({args.method}, {temperature - 273.15:g} degC)")
    print(
        f"correction: V_membrane = V_measured - ({headline * 1e3:+.2f} mV); "
        "E_LJ = psi(bath) - psi(pipette), offset zeroed in the bath"
    )
    for method, value in values.items():
        shown = "n/a (monovalent ions only)" if value is None else f"{value * 1e3:+.4f} mV"
        print(f"  {method:<14} {shown}")


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    in_main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _terminate) if in_main else None
    try:
        return _run(args)
    except KeyboardInterrupt as exc:
        # One line, not a traceback; the write phase never leaves a half-written folder.
        what = "terminated" if isinstance(exc, Terminated) else "interrupted"
        print(f"derive: {what}; the output folder holds the old output, or the new one if complete", file=sys.stderr)
        _forget_handled_interrupt()
        return 143 if isinstance(exc, Terminated) else 130
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _forget_handled_interrupt() -> None:
    """Let the exit status say 130, not "killed by SIGINT", once Ctrl-C has been handled.

    CPython remembers, process-wide, a KeyboardInterrupt that ended code run by ``exec`` or
    ``eval`` of a *string*, and at the exit of ``python -m`` re-raises SIGINT if that flag is
    set, even when the exception was caught further up. SymPy runs such strings
    (``MonomialOps._build`` execs the monomial code it generates), so a Ctrl-C landing there
    made ``derive build`` exit -2 after printing its message. Running a string resets the flag (``run_eval_code_obj`` clears it on
    entry); the string is this constant, never user text."""
    exec("None")  # noqa: S102 - a constant; see the docstring


def _run(args: argparse.Namespace) -> int:
    try:
        from .notation import as_notation

        notation = as_notation(getattr(args, "notation", None))
        if args.command == "build":
            from . import cache

            with cache.disabled() if args.no_cache else contextlib.nullcontext():
                # Remembered for `derive list` while the registry is still derive's own (nothing has
                # loaded a model's relation files yet); the build imports the relations anyway.
                _listing()
                from .build import build

                project, out = None, args.out or Path("generated")
                if args.model is not None:
                    from .model import load_model, model_project

                    model = load_model(args.model)
                    project = model_project(model)
                    out = args.out or args.model.parent / model.name
                from .parallel import default_jobs

                jobs = default_jobs() if args.jobs is None else args.jobs
                build(out, pdf=not args.no_pdf, notation=notation, force=args.force, project=project, jobs=jobs)
        elif args.command == "new":
            from .model import new_project

            for path in new_project(args.name, args.dir):
                print(f"derive: wrote {path}", file=sys.stderr)
            print(f"derive: next: derive build {args.dir / (args.name + '.toml')}", file=sys.stderr)
        elif args.command == "list":
            listing = _listing()  # registered titles: listing derives nothing
            width = max(len(name) for name, _ in listing)
            for name, text in listing:
                print(f"{name:<{width}}  {text}")
        elif args.command == "symbols":
            from .printing.text import prose_text
            from .printing.units import unit_text
            from .relations import relations  # noqa: F401 - importing registers the ions' and relations' symbols
            from .symbols import SYMBOLS

            specs = sorted(SYMBOLS.values(), key=lambda spec: spec.name.lower())
            width = max(len(spec.name) for spec in specs)
            latex_width = max(len(notation.symbol_latex(spec.name, spec.latex)) for spec in specs)
            for spec in specs:
                unit = "1" if spec.unit == 1 else unit_text(spec.unit, notation)
                shown = notation.symbol_latex(spec.name, spec.latex)
                print(f"{spec.name:<{width}}  {shown:<{latex_width}}  {unit:<14}  {prose_text(spec.meaning)}")
        elif args.command == "show" and args.relation is not None:
            from .model import load_model, model_project, show_model

            project = model_project(load_model(Path(args.name)))
            sys.stdout.write(show_model(project, args.relation, args.format, notation))
        elif args.command == "show":
            from . import cache

            def shown() -> str:
                from .build import show

                return show(args.name, args.format, notation)

            # What `show` prints depends only on the code, the arguments and the notation.
            inputs = f"{args.name!r}\0{args.format!r}\0{notation!r}"
            text = cache.remembered("show", inputs, shown, _is_str)
            sys.stdout.write(text)
        elif args.command == "export":
            from .build import export

            export(args.names, args.out, notation, force=args.force, figures=args.figures)
        elif args.command == "calc":
            from .calc import calculate, parse_assignments
            from .errors import CalcError

            if not 1 <= args.digits <= 30:
                raise CalcError(f"--digits must be between 1 and 30; got {args.digits}")
            result = calculate(args.target, parse_assignments(args.values))
            for warning in result.warnings:
                print(f"derive: warning: {warning}", file=sys.stderr)
            print(result.display(args.digits))
        elif args.command == "ljp":
            _ljp(args)
    except (DeriveError, OSError) as exc:  # OSError: an output folder that cannot be written
        print(f"derive: error: {exc}", file=sys.stderr)
        return 1
    return 0
