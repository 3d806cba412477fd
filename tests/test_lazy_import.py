"""``import derive`` and the command's quick answers load no SymPy, and lose nothing by it.

The package's public names load on first use (PEP 562); ``derive list`` and a ``derive show``
seen before answer from the on-disk cache, keyed by derive's source. Each check runs in a
fresh Python process, the only place where "not imported yet" means anything.
"""

from __future__ import annotations

import ast
import importlib
import importlib.machinery
import importlib.util
import json
import os
import pydoc
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import derive
from derive import cli
from helpers import CATALOGUE, ROOT

#: Libraries that cost most of a second to import; none is needed to parse arguments,
#: list the catalogue or print a remembered `show`.
HEAVY = ("sympy", "mpmath", "numpy", "jinja2", "matplotlib")

#: Runs the CLI in-process in a fresh interpreter, then says on stderr which heavy libraries it imported.
REPORT = (
    "import sys\n"
    "from derive.cli import main\n"
    "try:\n"
    "    code = main(sys.argv[1:])\n"
    "except SystemExit as exc:\n"
    "    code = exc.code\n"
    f"print('IMPORTED', sorted(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)\n"
    "raise SystemExit(code)\n"
)


def _python(code: str, *args: str, cwd: Path = ROOT, cache: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.pop("DERIVE_NO_CACHE", None)
    if cache is not None:
        env["DERIVE_CACHE_DIR"] = str(cache)
    return subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, env=env, capture_output=True, text=True)


def _cli(*args: str, cwd: Path = ROOT, cache: Path | None = None) -> tuple[str, list[str]]:
    """(stdout, heavy libraries imported) of ``derive ARGS`` in a fresh process."""
    proc = _python(REPORT, *args, cwd=cwd, cache=cache)
    assert proc.returncode == 0, proc.stderr
    line = next(line for line in proc.stderr.splitlines() if line.startswith("IMPORTED "))
    return proc.stdout, ast.literal_eval(line.removeprefix("IMPORTED "))


def test_import_derive_imports_no_sympy():
    # Submodules reached as attributes load on their own (the cache's, here), nothing more.
    code = (
        "import sys, derive, derive.cli\n"
        "assert derive.cache.cache_dir() == derive.cli.sys.modules['derive.cache'].cache_dir()\n"
        "try:\n"
        "    derive.no_such_name\n"
        "except AttributeError as exc:\n"
        "    print(exc)\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    proc = _python(code)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["module 'derive' has no attribute 'no_such_name'", "[]"]


def test_help_imports_no_sympy():
    out, imported = _cli("--help")
    assert out.startswith("usage: derive") and imported == []


@pytest.mark.slow
def test_every_public_name_resolves_to_its_definition():
    # In fresh processes, in two orders (the first use loads the names), against the defining module.
    where = {
        "define_symbol": "derive.symbols.define",
        "symbol": "derive.symbols.sym",
        "figure": "derive.figure",
        **{name: f"derive.errors.{name}" for name in dir(importlib.import_module("derive.errors"))},
        **{name: f"derive.catalogue.{name}" for name in ("NumericFunction", "WorkedExample")},
        **{name: f"derive.relations.{name}" for name in ("register", "relation", "relations")},
        **{name: f"derive.ions.{name}" for name in ("CALCIUM", "CHLORIDE", "DEFAULT_IONS", "GENERIC", "Ion")},
        **{name: f"derive.ions.{name}" for name in ("POTASSIUM", "SODIUM")},
    }
    pairs = [(name, where.get(name, f"derive.derivation.{name}")) for name in derive.__all__]
    code = (
        "import importlib, json, sys, derive\n"
        "for name, path in json.loads(sys.argv[1]):\n"
        "    value = getattr(derive, name)\n"
        "    module, _, attribute = path.rpartition('.')\n"
        "    assert value is getattr(importlib.import_module(module), attribute), (name, value)\n"
        "print('checked', len(json.loads(sys.argv[1])))\n"
    )
    for order in (pairs, pairs[::-1]):
        proc = _python(code, json.dumps(order))
        assert proc.returncode == 0, proc.stderr[-800:]
        assert proc.stdout.strip() == f"checked {len(derive.__all__)}"


def test_star_import_dir_and_help_hold_every_public_name():
    namespace: dict = {}
    exec("from derive import *", namespace)
    assert set(derive.__all__) <= set(namespace)
    assert set(derive.__all__) <= set(dir(derive))
    text = pydoc.render_doc(derive, renderer=pydoc.plaintext)
    missing = [name for name in derive.__all__ if f" {name}(" not in text and f"\n    {name} = " not in text]
    assert not missing


def test_derive_relations_is_the_function_whatever_was_imported_first():
    # Importing the subpackage binds derive.relations to it; the name stays the function.
    code = (
        "import derive.catalogue, derive.relations as r, derive\n"
        "print(callable(derive.relations), r is derive.relations, derive.relations()[:2])\n"
    )
    proc = _python(code)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "True True ['fick', 'nernst']"


def test_a_notation_read_first_still_knows_the_relation_modules_symbols():
    # planck_junction.py defines c_s_1 (printed c^{(1)}) when imported, which `import derive`
    # used to do; a notation loaded before anything else must still see it, and warn when
    # another symbol is given its glyph.
    code = (
        "import warnings\n"
        "from derive.notation import Notation\n"
        "with warnings.catch_warnings(record=True) as caught:\n"
        "    warnings.simplefilter('always')\n"
        "    Notation.from_mapping({'symbols': {'K_in': 'c^{(1)}'}})\n"
        "print([str(w.message) for w in caught])\n"
    )
    proc = _python(code)
    assert proc.returncode == 0, proc.stderr
    assert "symbols.K_in = 'c^{(1)}' prints like c_s_1" in proc.stdout


def _copy_of_derive(tmp_path: Path) -> Path:
    """A runnable copy of derive's package and templates (edit it without touching the repository)."""
    root = tmp_path / "src"
    shutil.copytree(ROOT / "derive", root / "derive", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "templates", root / "templates")
    return root


def _listed(out: str) -> dict[str, str]:
    return dict(line.split(None, 1) for line in out.splitlines())


def test_list_answers_from_the_cache_and_never_prints_a_stale_line(tmp_path):
    """The listing is remembered under derive's source: an edited relation is listed as edited."""
    root, cache = _copy_of_derive(tmp_path), tmp_path / "cache"
    first, imported = _cli("list", cwd=root, cache=cache)
    assert list(_listed(first)) == CATALOGUE and "sympy" in imported  # nothing remembered: the registry
    assert _listed(first)["nernst"] == "Nernst equilibrium potential"
    again, imported = _cli("list", cwd=root, cache=cache)
    assert again == first and imported == []  # remembered
    path = root / "derive" / "relations" / "nernst.py"
    edits = [
        # a title, printed as plain text (-- is an en dash)
        ('TITLE = "Nernst equilibrium potential"', 'TITLE = "Nernst--Planck? No: the Nernst potential"'),
        # a relation no longer listed
        ('@register("nernst", title=TITLE)', '@register("nernst", title=TITLE, listed=False)'),
    ]
    expected = [
        dict(_listed(first), nernst="Nernst–Planck? No: the Nernst potential"),
        {name: title for name, title in _listed(first).items() if name != "nernst"},
    ]
    for (old, new), listing in zip(edits, expected, strict=True):
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1
        path.write_text(text.replace(old, new), encoding="utf-8")
        edited, imported = _cli("list", cwd=root, cache=cache)
        assert _listed(edited) == listing and "sympy" in imported  # a new key: listed from the registry again
    assert _cli("list", cwd=root, cache=cache) == (edited, [])


@pytest.mark.slow
def test_a_listing_record_that_does_not_fit_is_listed_again(tmp_path):
    cache = tmp_path / "cache"
    first, _ = _cli("list", cache=cache)
    (record,) = (cache / "artifacts").rglob("*.json")
    entry = json.loads(record.read_text(encoding="utf-8"))
    entry["value"] = [["nernst", "A wrong title", "and a third column"]]
    record.write_text(json.dumps(entry), encoding="utf-8")
    out, imported = _cli("list", cache=cache)
    assert out == first and "sympy" in imported


def test_list_in_a_process_that_changed_the_registry_lists_it_and_remembers_nothing(tmp_path, monkeypatch, capsys):
    relations = importlib.import_module("derive.relations")
    cache = tmp_path / "cache"
    monkeypatch.setenv("DERIVE_CACHE_DIR", str(cache))
    monkeypatch.delenv("DERIVE_NO_CACHE", raising=False)
    entry = relations._REGISTRY["fick"]
    monkeypatch.setitem(relations._REGISTRY, "extra_fick", relations.RelationEntry("extra_fick", entry.factory, "X"))
    assert cli.main(["list"]) == 0
    rows = _listed(capsys.readouterr().out)
    assert list(rows) == [*CATALOGUE, "extra_fick"] and rows["extra_fick"] == "X"
    assert not (cache / "artifacts").exists()


def test_a_build_remembers_the_listing(tmp_path):
    # The build itself is not under test: a stand-in module takes its place, so that what
    # the command does before building is all that runs.
    cache = tmp_path / "cache"
    code = (
        "import sys, types\n"
        "stand_in = types.ModuleType('derive.build')\n"
        "stand_in.build = lambda *args, **kwargs: None\n"
        "sys.modules['derive.build'] = stand_in\n"
        "from derive.cli import main\n"
        "raise SystemExit(main(['build', '--out', sys.argv[1]]))\n"
    )
    proc = _python(code, str(tmp_path / "out"), cache=cache)
    assert proc.returncode == 0, proc.stderr
    out, imported = _cli("list", cache=cache)
    assert list(_listed(out)) == CATALOGUE and imported == []


def test_show_seen_before_imports_no_sympy(tmp_path):
    cache = tmp_path / "cache"
    first, imported = _cli("show", "nernst", "--format", "markdown", cache=cache)
    assert first.startswith("## 2. Nernst equilibrium potential") and "sympy" in imported
    again, imported = _cli("show", "nernst", "--format", "markdown", cache=cache)
    assert again == first and imported == []


def test_library_versions_are_read_without_importing(monkeypatch):
    from derive import cache

    sympy = importlib.import_module("sympy")
    assert cache.library_version("sympy") == f"sympy {sympy.__version__}"
    # A package whose installed metadata describes other files than the ones imported (a source
    # checkout ahead on the path): the imported package's own version, and where it came from.
    spec = importlib.util.find_spec("mpmath")
    elsewhere = importlib.machinery.ModuleSpec("mpmath", None, origin="/elsewhere/mpmath/__init__.py")
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: elsewhere if name == "mpmath" else spec)
    cache.library_version.cache_clear()
    try:
        mpmath = importlib.import_module("mpmath")
        assert cache.library_version("mpmath") == f"mpmath {mpmath.__version__} from /elsewhere/mpmath/__init__.py"
    finally:
        cache.library_version.cache_clear()
