r"""Safe by construction (issue 13): hostile notation text never becomes code or reads files,
derive never replaces a file it did not write, interrupted builds leave no mix, ion clashes are
refused up front. Each test reproduces one item of the issue; each failed before the change."""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

import derive
from derive.build import BuildError, check_python, compile_pdf, module_files, tex_errors
from derive.errors import IonClashError, NotationError, SpecificationError, UserFileError
from derive.notation import Notation, load_notation
from derive.writing import MANIFEST, merge_bibtex, write_output
from helpers import GENERATED, ROOT, pdflatex_or_skip

PAYLOAD = r'\text{""";open("pwned","w");"""}'


def _import(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ------------------------------------------------------------------ items 1-2: Python injection


@pytest.mark.parametrize(
    "key, latex, shown",
    [
        ("psi_to", PAYLOAD, '""";open("pwned","w");"""'),
        pytest.param("psi_in", PAYLOAD, '""";open("pwned","w");"""', marks=pytest.mark.slow),
        ("psi_in", r"\underline{x}", "x\u0332"),
        pytest.param("psi_in", r"\nabla", "\u2207", marks=pytest.mark.slow),
        pytest.param("psi_to", r"\bar{x}", "x\u0304", marks=pytest.mark.slow),
    ],
)
def test_notation_text_never_becomes_code(tmp_path, monkeypatch, membrane, key, latex, shown):
    """The issue's payloads: refused with the notation error, or modules that compile, import
    without creating files, give the default numbers, and hold the text in their docstrings."""
    try:
        notation = Notation().merge(symbols={key: latex})
    except NotationError:
        return
    modules = module_files(notation=notation)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    for name, source in modules.items():
        (tmp_path / name).write_text(source, encoding="utf-8")
        tree = ast.parse(source)
        assert isinstance(tree.body[1], ast.ImportFrom) and tree.body[1].module == "__future__", name
        docs = [ast.get_docstring(node) or "" for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)]
        assert any(shown in doc for doc in [ast.get_docstring(tree), *docs]), name
    module = _import(tmp_path / "membrane.py", f"hostile_{key}")
    before = sorted(p.name for p in tmp_path.iterdir())
    assert module.transport_free_energy(2.0, 1.0, 1, 0.0) == membrane.transport_free_energy(2.0, 1.0, 1, 0.0)
    assert module.nernst_potential(5.0, 140.0, 1) == membrane.nernst_potential(5.0, 140.0, 1)
    assert sorted(p.name for p in tmp_path.iterdir()) == before == sorted(["membrane.py", "membrane_compiled.py"])
    doc = module.transport_free_energy.__doc__ if key == "psi_to" else module.__doc__
    assert shown in doc


def test_the_python_check_catches_an_escaped_docstring(monkeypatch):
    """Without the escaping, each payload is caught before anything is written: the check can fail."""
    monkeypatch.setattr("derive.build.docstring_text", lambda text: text)
    with pytest.raises(BuildError, match=r"membrane\.py.*not valid Python"):
        module_files(notation=Notation().merge(symbols={"psi_in": PAYLOAD}))
    with pytest.raises(BuildError, match=r"membrane\.py: line \d+ is a string statement outside a docstring"):
        module_files(notation=Notation().merge(symbols={"psi_to": PAYLOAD}))


def test_check_python_refuses_what_does_not_parse():
    with pytest.raises(BuildError, match="m.py"):
        check_python("m.py", '"""doc"""\nimport os\nfrom __future__ import annotations\n')
    with pytest.raises(BuildError, match="u.py"):
        check_python("u.py", '"""\\underline"""\n')
    assert check_python("ok.py", '"""doc"""\nfrom __future__ import annotations\n\ndef f():\n    """d"""\n')


# ------------------------------------------------------------------ items 3-4: notation files


def _notation_file(tmp_path: Path, body: str | bytes) -> Path:
    path = tmp_path / "paper.toml"
    if isinstance(body, bytes):
        path.write_bytes(body)
    else:
        path.write_text(body, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "value",
    [
        r"\input{/etc/passwd}",
        r"\include{x}",
        r"\openin5=x",
        r"\read5to\x",
        r"\write18{ls}",
        r"\immediate\write",
        r"\openout1=x",
        r"\catcode`\@=11",
        r"\def\E{x}",
        r"\gdef\E{x}",
        r"\let\E=x",
        r"\newcommand{\E}{x}",
        r"\renewcommand{\E}{x}",
        r"\csname input\endcsname",
        r"\usepackage{x}",
        r"\text{\input{x}}",
        "E%",
        r"E\\F",
        "E\\",
        r"E_{\{}",
        r"\}E{",
        "E_{x",
        "E}",
        "E\nF",
        "E#1",
        "$E$",
        "E_",
        "E_a_b",
        "_{i}E",
        "'E",
        "\u00e9",
    ],
)
def test_user_latex_outside_the_allow_list_is_refused(tmp_path, value):
    path = _notation_file(tmp_path, "[symbols]\nE_K = '''" + value + "'''\n")  # a TOML literal string
    with pytest.raises(NotationError) as info:
        load_notation(path)
    assert info.value.key == "symbols.E_K" and str(path) in str(info.value)


@pytest.mark.parametrize(
    "value",
    [r"V_{\mathrm{eq}}", r"\bar{x}_{\mathrm{i}}", r"\hat\psi", r"c'_{\mathrm{o}}", r"\operatorname{E}_{\text{K, rev}}"],
)
def test_plain_math_is_accepted(value):
    assert dict(Notation().merge(symbols={"E_K": value}).symbols)["E_K"] == value


@pytest.mark.parametrize("command", ["input", "write", "def", "relax", "varphiinput"])
def test_letters_take_only_greek_letter_names(tmp_path, command):
    path = _notation_file(tmp_path, f'[letters]\npsi = "{command}"\n')
    with pytest.raises(NotationError, match="letters.psi"):
        load_notation(path)
    assert dict(Notation().merge(letters={"psi": "varphi"}).letters) == {"psi": "varphi"}


def test_markdown_never_sees_refused_latex(tmp_path):
    """\\\\ once reached the Markdown printer and failed there with a ValueError traceback."""
    proc = subprocess.run(
        [sys.executable, "-m", "derive", "show", "nernst", "--format", "markdown", "--notation",
         str(_notation_file(tmp_path, "[symbols]\nE = 'E\\\\'\n"))],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "symbols.E" in proc.stderr and "paper.toml" in proc.stderr


def test_a_notation_file_that_is_not_utf8_is_a_notation_error(tmp_path):
    path = _notation_file(tmp_path, b"[symbols]\nE_K = 'V\xe9'\n")
    with pytest.raises(NotationError, match="not UTF-8") as info:
        load_notation(path)
    assert str(path) in str(info.value)


# ------------------------------------------------------------------ item 5: pdflatex's reason


def test_tex_errors_show_the_cause_not_only_the_tail():
    log = "\n".join(["This is pdfTeX", "! Undefined control sequence.", "l.12 E = \\nosuch", *["filler"] * 40])
    shown = tex_errors(log)
    assert "! Undefined control sequence." in shown and "l.12 E = \\nosuch" in shown


def test_a_pdflatex_failure_names_its_cause_and_leaves_no_folder(tmp_path, monkeypatch):
    pdflatex_or_skip()
    import shutil

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    tex = "\\documentclass{article}\n\\begin{document}\n$\\nosuchmacro$\n" + "word " * 4000 + "\n\\end{document}\n"
    with pytest.raises(BuildError) as info:
        compile_pdf({"report.tex": tex}, shutil.which("pdflatex"), shutil.which("bibtex"))
    assert "! Undefined control sequence." in str(info.value) and "\\nosuchmacro" in str(info.value)
    assert not any(tmp_path.glob("derive-tex-*"))


def test_an_interrupted_pdflatex_leaves_no_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("derive.build.subprocess.run", interrupted)
    with pytest.raises(KeyboardInterrupt):
        compile_pdf({"report.tex": "x"}, "pdflatex", "bibtex")
    assert not any(tmp_path.iterdir())


# ------------------------------------------------------------------ item 6: the user's files


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_files_derive_did_not_write_are_refused_by_name(tmp_path):
    out = tmp_path / "paper"
    out.mkdir()
    (out / "references.bib").write_text("@book{mine, title={Mine}}\n")
    (out / "derive.sty").write_text("% my own style\n")
    os.chmod(out / "derive.sty", 0o444)
    before = _tree(out)
    with pytest.raises(UserFileError) as info:
        write_output(out, {"derive.sty": b"new", "references.bib": b"new", "equations/x.tex": b"x"}, accumulate=True)
    assert [f.split(" ")[0] for f in info.value.files] == [str(out / "derive.sty"), str(out / "references.bib")]
    assert _tree(out) == before  # nothing written, not even the files that were free
    assert not [p for p in tmp_path.iterdir() if p.name != "paper"]  # no staging folder left
    write_output(out, {"derive.sty": b"new", "references.bib": b"@misc{new, title={N}}\n"}, accumulate=True, force=True)
    assert (out / "derive.sty").read_bytes() == b"new"
    assert "@book{mine" in (out / "references.bib").read_text() and "@misc{new" in (out / "references.bib").read_text()


def test_an_edited_file_is_refused_and_identical_content_is_not(tmp_path):
    write_output(tmp_path, {"a.tex": b"one", "b.tex": b"two"})
    manifest = (tmp_path / MANIFEST).read_text()
    expected = [f"{hashlib.sha256(d).hexdigest()}  {n}\n" for n, d in (("a.tex", b"one"), ("b.tex", b"two"))]
    assert manifest == "".join(expected)
    (tmp_path / "a.tex").write_bytes(b"one, edited")
    with pytest.raises(UserFileError, match="edited since derive wrote it"):
        write_output(tmp_path, {"a.tex": b"uno", "b.tex": b"dos"})
    (tmp_path / "c.tex").write_bytes(b"three")  # not derive's, but already what it would write
    write_output(tmp_path, {"a.tex": b"one, edited", "b.tex": b"dos", "c.tex": b"three"})
    assert (tmp_path / "b.tex").read_bytes() == b"dos"


def test_a_build_removes_only_stale_files_derive_wrote(tmp_path):
    write_output(tmp_path, {"old.tex": b"old", "edited.tex": b"e", "keep.tex": b"k"})
    (tmp_path / "edited.tex").write_bytes(b"e, edited")
    (tmp_path / "mine.tex").write_bytes(b"mine")
    write_output(tmp_path, {"keep.tex": b"k2"})
    assert _tree(tmp_path).keys() == {"edited.tex", "keep.tex", "mine.tex", MANIFEST}


def test_exports_merge_the_bibliography_by_key(tmp_path):
    out = tmp_path / "paper"
    derive.build.export(["nernst"], out, log=open(os.devnull, "w"))
    derive.build.export(["ghk_current"], out, log=open(os.devnull, "w"))
    import re

    keys = re.findall(r"^@\w+\{([^,]+),", (out / "references.bib").read_text(), flags=re.M)
    assert keys == ["nernst1889", "goldman1943", "hodgkin1949"]
    assert {"equations/nernst.tex", "equations/ghk_current.tex"} <= set(_tree(out))


def test_merge_bibtex_keeps_every_key_once():
    old = "% header\n\n@article{a,\n  x = {1}\n}\n\n@book{b,\n  y = {2}\n}\n"
    new = "% new header\n\n@article{c,\n  z = {3}\n}\n\n@book{b,\n  y = {2, new}\n}\n"
    merged = merge_bibtex(old, new)
    assert merged.startswith("% new header") and merged.count("@") == 3
    assert merged.index("{a,") < merged.index("{b,") < merged.index("{c,") and "2, new" in merged


def test_the_committed_manifest_lists_generated(tmp_path):
    lines = (GENERATED / MANIFEST).read_text().splitlines()
    listed = {line[66:]: line[:64] for line in lines}
    files = {str(p.relative_to(GENERATED)) for p in GENERATED.rglob("*") if p.is_file()}
    files = {f for f in files if "__pycache__" not in f}
    assert set(listed) == files - {MANIFEST}
    for name, digest in listed.items():
        assert hashlib.sha256((GENERATED / name).read_bytes()).hexdigest() == digest, name


# ------------------------------------------------------------------ item 7: interrupted builds

_INTERRUPT = textwrap.dedent(
    """
    import os, signal, sys
    import derive.writing as w
    from pathlib import Path
    where, sig = sys.argv[1], getattr(signal, sys.argv[2])
    calls = [0]
    if where == "staging":
        real = Path.write_bytes
        def write_bytes(self, data):
            calls[0] += 1
            if calls[0] == 3:
                os.kill(os.getpid(), sig)
            return real(self, data)
        Path.write_bytes = write_bytes
    else:
        real = os.replace
        def replace(a, b):
            calls[0] += 1
            if calls[0] == 1:
                os.kill(os.getpid(), sig)
            return real(a, b)
        w.os.replace = replace
    from derive.cli import main
    sys.exit(main(["export", "nernst", "ghk_current", "--out", sys.argv[3], "--notation", sys.argv[4]]))
    """
)


@pytest.mark.parametrize(
    "where, sig, code", [("staging", "SIGINT", 130), ("swap", "SIGINT", 130), ("staging", "SIGTERM", 143)]
)
def test_an_interrupted_write_leaves_the_old_or_the_new_output(tmp_path, where, sig, code):
    out, temp = tmp_path / "paper", tmp_path / "tmp"
    temp.mkdir()
    derive.build.export(["nernst"], out, log=open(os.devnull, "w"))
    old = _tree(out)
    notation = _notation_file(tmp_path, 'log = "log"\n')
    proc = subprocess.run(
        [sys.executable, "-c", _INTERRUPT, where, sig, str(out), str(notation)],
        cwd=ROOT, capture_output=True, text=True, env={**os.environ, "TMPDIR": str(temp)},
    )
    assert proc.returncode == code, proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    if where == "staging":
        assert _tree(out) == old
    else:  # held off until the swap was complete
        assert (out / "equations" / "ghk_current.tex").exists()
        assert _tree(out)["equations/nernst.tex"] != old["equations/nernst.tex"]
        assert (out / MANIFEST).read_text().count("\n") == len(_tree(out)) - 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["paper", "paper.toml", "tmp"]  # no staging folder
    assert not any(temp.iterdir())


# ------------------------------------------------------------------ item 8: ions


def test_a_user_ion_cannot_take_over_builtin_symbols():
    """In a fresh process, so K's symbols are not registered before the user's K2+."""
    script = textwrap.dedent(
        """
        import derive
        from derive.errors import IonClashError
        try:
            derive.relation("nernst", ion=derive.Ion("K", 2))
        except IonClashError as exc:
            assert "'K'" in str(exc) and "charge 1" in str(exc), exc
        else:
            raise SystemExit("the clash was not refused")
        derive.relation("ghk_voltage")
        assert derive.symbols.SYMBOLS["K_in"].latex == r"[\\mathrm{K}^{+}]_{\\mathrm{i}}"
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_ion_clash_is_a_duplicate_name_error():
    with pytest.raises(IonClashError, match="charge 1") as info:
        derive.relation("nernst", ion=derive.Ion("Na", -1))
    assert (info.value.name, info.value.charge, info.value.held) == ("Na", -1, 1)


@pytest.mark.parametrize("name", ["K\n", "K ", "Ca\t"])
def test_ion_names_must_match_fully(name):
    with pytest.raises(SpecificationError):
        derive.Ion(name, 1)


@pytest.mark.parametrize(
    "rel, key, value",
    [("nernst", "ion", "K"), ("nernst", "ion", None), ("ghk_voltage", "ions", "K"), ("ghk_voltage", "ions", ["K"])],
)
def test_ion_arguments_are_checked_by_name(rel, key, value):
    with pytest.raises(SpecificationError, match=f"argument {key!r}"):
        derive.relation(rel, **{key: value})


# ------------------------------------------------------------------ fuzz: every notation key

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from derive.build import render_all  # noqa: E402

#: Pieces hostile text is made of: quotes, backslashes, braces, %, #, non-ASCII, newlines, commands.
_HOSTILE = [
    '"', "'", '"""', "\\", "{", "}", "%", "#", "$", "&", "~", "_", "^", "\n", "\r", "\t", "\x00", " ",
    "\u00e9", "\u03c8", "\u2028", ";", "=", "(", ")",
    r"\text{", r"\mathrm{", r"\bar", r"\hat{", r"\underline{", r"\input{/etc/passwd}", r"\def", r"\u", r"\N{",
    "\\\\", "open('pwned','w')", "ln", "log", "mM", "symbol", "power", "30", "varphi", "phi",
]
#: Pieces of plain math, so that many fuzzed values are accepted and reach every artifact.
_PLAIN = [
    "x", "E", "K", "1", "_1", "^{2}", "'", r"\bar{x}", r"\hat\psi", r"\underline{V}", r"\nabla", r"\,",
    r"\text{a b}", '\\text{\"\"\";open("pwned","w")}', r"\mathrm{eq}", r"_{\mathrm{i}}", r"\psi", "(", ")",
]
hostile_text = st.one_of(
    st.lists(st.sampled_from(_HOSTILE + _PLAIN), min_size=1, max_size=8).map("".join),
    st.lists(st.sampled_from(_PLAIN), min_size=1, max_size=6).map("".join),
    st.text(st.characters(min_codepoint=1, max_codepoint=0x3FF), max_size=12),
)
#: Every kind of notation key, as a notation file spells it (a sample of the symbols).
_KEYS = [
    *(("symbols", n) for n in ("E_K", "psi_in", "psi_to", "T", "F", "c_in", "z", "V", "K_out")),
    *(("letters", g) for g in ("psi", "mu", "Delta")),
    ("", "log"), ("units", "per_mode"), ("units", "concentration"), ("layout", "width"),
]
_POINTS = {
    "nernst_potential": (5.0, 140.0, 1),
    "transport_free_energy": (2.0, 1.0, 1, -0.07),
    "ghk_current_density": (-0.07, 140.0, 5.0, 1, 1e-8),
}


def _notation_or_none(key: tuple[str, str], text: str) -> Notation | None:
    section, name = key
    data = {name: text} if not section else {section: {name: text}}
    try:
        return Notation.from_mapping(data)
    except NotationError:
        return None


def _rendered(notation: Notation, everything: bool) -> dict[str, str] | None:
    """The modules (or every artifact) in ``notation``; None if printing refuses it with the notation
    error (a symbol printed like another one is ambiguous in written math)."""
    try:
        return render_all(notation=notation) if everything else module_files(notation=notation)
    except NotationError:
        return None


def _check_modules(texts: dict[str, str], default) -> None:
    """Both modules compile, and the numpy one imports without side effects and gives the default numbers."""
    with tempfile.TemporaryDirectory() as folder:
        here = os.getcwd()
        os.chdir(folder)
        written = sys.dont_write_bytecode
        sys.dont_write_bytecode = True
        try:
            for name in ("membrane.py", "membrane_compiled.py"):
                compile(texts[name], name, "exec")
                Path(folder, name).write_text(texts[name], encoding="utf-8")
            module = _import(Path(folder, "membrane.py"), "fuzzed_membrane")
            for function, args in _POINTS.items():
                assert getattr(module, function)(*args) == getattr(default, function)(*args), function
            assert sorted(os.listdir(folder)) == ["membrane.py", "membrane_compiled.py"]  # no side effects
        finally:
            sys.dont_write_bytecode = written
            os.chdir(here)


@pytest.mark.slow  # hypothesis: many notations, each checked end to end
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(key=st.sampled_from(_KEYS), text=hostile_text)
def test_fuzzed_notation_is_refused_or_harmless(membrane, key, text):
    notation = _notation_or_none(key, text)
    texts = None if notation is None else _rendered(notation, everything=False)
    if texts is not None:
        _check_modules(texts, membrane)


@pytest.mark.slow
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(key=st.sampled_from(_KEYS), text=hostile_text)
def test_fuzzed_notation_gives_latex_that_compiles(membrane, key, text):
    pdflatex = pdflatex_or_skip()
    import shutil

    notation = _notation_or_none(key, text)
    texts = None if notation is None else _rendered(notation, everything=True)
    if texts is None:
        return
    _check_modules(texts, membrane)
    needed = ("report.tex", "derive.sty", "references.bib", *(n for n in texts if n.endswith(".pdf")))
    sources = {n: texts[n] for n in needed}  # the figures' PDFs too: report.tex includes them
    pdf = compile_pdf(sources, pdflatex, shutil.which("bibtex"))
    assert pdf.startswith(b"%PDF")
