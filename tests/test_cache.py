"""Verification is not repeated: per-ion derivations are renamings, and checks are cached on disk.

Every test counts how often a derivation is really verified (``Derivation._verify``) and
uses a cache folder of its own.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import json
import shutil
from pathlib import Path

import pytest
import sympy

import derive
from derive import cache, renaming
from derive.derivation import Derivation, Premise, Rearrange, Step
from derive.errors import VerificationError
from derive.ions import CALCIUM, CHLORIDE, GENERIC, POTASSIUM, SODIUM
from derive.relations import fick, ghk_current
from derive.symbols import SymbolSpec, z

from helpers import ROOT, rebuild, rendered


#: The session's cache folder (conftest.py), before a test's cache_dir replaces it.
SESSION_CACHE = cache.cache_dir()


class Verified(list):
    """(derivation, step number) of every step checked against its rule."""

    @property
    def names(self) -> list[str]:
        """The derivations with steps checked, in order, once each."""
        return list(dict.fromkeys(name for name, _ in self))


@pytest.fixture
def verified(monkeypatch):
    """Every step checked against its rule while the test runs."""
    steps = Verified()
    original = Derivation._check_step

    def counting(self, number, *args):
        steps.append((self.name, number))
        return original(self, number, *args)

    monkeypatch.setattr(Derivation, "_check_step", counting)
    return steps


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("DERIVE_CACHE_DIR", str(folder))
    monkeypatch.delenv("DERIVE_NO_CACHE", raising=False)
    return folder


def _records(folder: Path) -> list[Path]:
    return sorted((folder / "checks").rglob("*.json"))


# --------------------------------------------------------------------- renaming


@pytest.mark.parametrize("ion", [POTASSIUM, SODIUM, CHLORIDE, CALCIUM], ids=lambda i: i.name)
def test_a_per_ion_derivation_is_the_generic_one_renamed(ion, verified, cache_dir):
    generic = derive.relation("ghk_current")
    verified.clear()  # the generic derivation (and the nernst it cites) may be new in this session
    offered = renaming.ion_renaming(generic, ion)
    assert offered is not None
    with renaming.offered(offered):
        d = ghk_current.ghk_current(ion=ion)  # built afresh, checked by renaming
    assert verified == []
    assert d.checks == generic.checks
    assert d.result.equation == generic.result.equation.xreplace(dict(offered.mapping))
    assert d.result.equation.has(ion.c_in) and not d.result.equation.has(z)


def test_the_registry_renames_instead_of_verifying(verified, cache_dir, monkeypatch):
    """relation(name, ion=...) of a relation not yet built verifies the generic one only."""
    monkeypatch.setenv("DERIVE_NO_CACHE", "1")
    # An empty in-memory cache for the registry while the test runs, so nernst is built anew;
    # the session's, with everything built so far, is back for the tests after this one.
    relations = importlib.import_module("derive.relations")  # derive.relations is also a function
    monkeypatch.setattr(relations, "_build", functools.cache(relations._build.__wrapped__))
    for ion in (POTASSIUM, SODIUM, CHLORIDE, CALCIUM):
        derive.relation("nernst", ion=ion)
    assert verified.names == ["nernst"] and len(verified) == 7  # the generic one's 7 steps


def test_a_changed_per_ion_derivation_is_verified_and_refused(verified, cache_dir):
    """A per-ion derivation that is not the image of the generic one is verified in full."""
    offered = renaming.ion_renaming(derive.relation("nernst"), POTASSIUM)
    derive.relation("nernst", ion=POTASSIUM)
    verified.clear()
    with renaming.offered(offered), pytest.raises(VerificationError, match="nernst"):
        rebuild("nernst", "solved", lambda eq: sympy.Eq(eq.lhs, 2 * eq.rhs), ion=POTASSIUM)
    assert verified.names == ["nernst"]


def test_a_renaming_must_keep_assumptions_and_units(monkeypatch):
    from derive.symbols import SYMBOLS

    generic = derive.relation("nernst")
    assert renaming.ion_renaming(generic, POTASSIUM) is not None
    assert renaming.ion_renaming(generic, GENERIC) is None
    # If z had to be positive, chloride's charge -1 would not be a value of z.
    specs = SYMBOLS._specs
    monkeypatch.setitem(specs, "z", dataclasses.replace(specs["z"], assumptions=("integer", "positive")))
    assert renaming.ion_renaming(generic, CHLORIDE) is None
    assert renaming.ion_renaming(generic, POTASSIUM) is not None
    monkeypatch.undo()
    # Pairs that differ in unit or assumptions (K_in for E, E_K for c_in) are not a renaming.
    from derive.ions import Ion

    original = Ion.register_symbols

    def swapped(ion):
        symbols = list(original(ion))
        if ion == POTASSIUM:
            symbols[0], symbols[2] = symbols[2], symbols[0]
        return tuple(symbols)

    monkeypatch.setattr(Ion, "register_symbols", swapped)
    assert renaming.ion_renaming(generic, POTASSIUM) is None
    assert renaming.ion_renaming(generic, SODIUM) is not None


def _toy(charge):
    """y = 1/(z − 1), rearranged: an identity for z ≠ 1, undefined at z = 1."""
    y = sympy.Symbol("y_toy")
    spec = SymbolSpec("y_toy", "y", 1, "a toy quantity")
    steps = (
        Step(sympy.Eq(y, 1 / (charge - 1)), "Define it.", Premise("definition"), "a"),
        Step(sympy.Eq(y, -1 / (1 - charge)), "Change sign twice.", Rearrange(source="a"), "b"),
    )
    return Derivation(name="toy", title="Toy", summary="A toy.", assumptions=(), steps=steps, local_symbols=(spec,))


def test_a_specialisation_is_accepted_only_where_it_is_defined(verified, cache_dir):
    generic = _toy(z)
    assert verified == [("toy", 1), ("toy", 2)]
    with renaming.offered(renaming.Renaming(generic, {z: sympy.Integer(2)})):
        assert _toy(sympy.Integer(2)).checks == generic.checks
    assert len(verified) == 2
    # At z = 1 an image is zoo: refused. (SymPy also refuses Eq(y, zoo) as an equation.)
    at_one = renaming.Renaming(generic, {z: sympy.Integer(1)})
    with pytest.raises(renaming._Mismatch):
        renaming._same(1 / (z - 1), sympy.zoo, at_one)
    renaming._same(1 / (z - 1), sympy.Integer(1), renaming.Renaming(generic, {z: sympy.Integer(2)}))
    # An image that is not the renamed expression is refused too.
    with renaming.offered(renaming.Renaming(generic, {z: sympy.Integer(3)})):
        assert renaming.checks_by_renaming(_toy(sympy.Integer(2))) is None


# ------------------------------------------------------------------------ cache


FICK_STEPS = [("fick", n) for n in range(1, 8)]


def test_a_cache_hit_does_not_verify_again(verified, cache_dir):
    first = fick.fick()
    assert verified == FICK_STEPS
    assert len(_records(cache_dir)) == 7
    second = fick.fick()  # a new object with the same content
    assert verified == FICK_STEPS
    assert second.checks == first.checks


def test_no_cache_verifies_and_writes_nothing(verified, cache_dir, monkeypatch):
    monkeypatch.setenv("DERIVE_NO_CACHE", "1")
    fick.fick()
    fick.fick()
    assert verified == FICK_STEPS * 2
    assert not cache_dir.exists()
    monkeypatch.delenv("DERIVE_NO_CACHE")
    with cache.disabled():
        fick.fick()
    assert verified == FICK_STEPS * 3
    assert not cache_dir.exists()


def test_a_changed_source_invalidates(verified, cache_dir, tmp_path, monkeypatch):
    """The key covers derive's source: an edited relation module verifies again."""
    copy = tmp_path / "derive"
    shutil.copytree(ROOT / "derive", copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "PACKAGE", copy)
    cache.code_fingerprint.cache_clear()
    try:
        fick.fick()
        fick.fick()
        assert verified == FICK_STEPS
        source = copy / "relations" / "fick.py"
        source.write_text(source.read_text() + "\n# an edit\n")
        cache.code_fingerprint.cache_clear()
        fick.fick()
        assert verified == FICK_STEPS * 2
    finally:
        cache.code_fingerprint.cache_clear()


def test_a_changed_step_is_verified_again_from_there_on(verified, cache_dir):
    fick.fick()
    verified.clear()
    with pytest.raises(VerificationError):
        rebuild("fick", "fick", lambda eq: sympy.Eq(eq.lhs, -eq.rhs))
    number = fick.fick().number("fick")
    assert verified == [("fick", number)]  # the steps before it were recorded; it fails, unrecorded
    assert len(_records(cache_dir)) == 7


def test_the_keys_see_everything_a_check_reads(cache_dir, monkeypatch):
    from derive.symbols import SYMBOLS

    d = fick.fick()
    keys = cache.step_keys(d)
    assert len(set(keys)) == len(keys) and None not in keys
    # An earlier step changed: every later key changes, no earlier one.
    changed = rebuild_unverified(d, 2, lambda eq: sympy.Eq(eq.lhs, 2 * eq.rhs))
    other = cache.step_keys(changed)
    assert other[0] == keys[0] and all(a != b for a, b in zip(other[1:], keys[1:], strict=True))
    # A symbol's assumptions or unit in the registry.
    name = sorted(s.name for s in d.steps[-1].equation.free_symbols)[0]
    monkeypatch.setitem(SYMBOLS._specs, name, dataclasses.replace(SYMBOLS[name], assumptions=()))
    assert cache.step_keys(d)[-1] != keys[-1]


def rebuild_unverified(d, number, change):
    """``d`` with step ``number`` changed, as a value (built with verification skipped)."""
    steps = tuple(
        dataclasses.replace(s, equation=change(s.equation)) if i == number else s
        for i, s in enumerate(d.steps, start=1)
    )
    copy = object.__new__(Derivation)
    copy.__dict__.update(d.__dict__, steps=steps)
    return copy


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"{not json",
        b"\xff\xfe garbage",
        b'{"format": "derive-checks-2", "key": "wrong", "method": "symbolic", "dimension": "x"}',
        b'{"format": "derive-checks-1", "key": "KEY", "method": "symbolic", "dimension": "x"}',
        b'{"format": "derive-checks-2", "key": "KEY", "method": "proved", "dimension": "x"}',
        b'{"format": "derive-checks-2", "key": "KEY", "method": "symbolic", "dimension": 7}',
        b'{"format": "derive-checks-2", "key": "KEY"}',
        b"[1, 2, 3]",
    ],
    ids=["empty", "truncated", "binary", "wrong-key", "old-format", "bad-method", "bad-dimension", "missing", "list"],
)
def test_a_corrupt_entry_is_ignored(content, verified, cache_dir):
    reference = fick.fick()
    d = fick.fick()
    keys = cache.step_keys(d)
    path = cache_dir / "checks" / keys[-1][:2] / f"{keys[-1]}.json"
    assert path.is_file()
    path.write_bytes(content.replace(b"KEY", keys[-1].encode()))
    verified.clear()
    again = fick.fick()
    assert verified == [("fick", 7)]
    assert again.checks == reference.checks
    # The entry was rewritten, and is good again.
    assert json.loads(path.read_text())["key"] == keys[-1]
    fick.fick()
    assert verified == [("fick", 7)]


def test_an_unwritable_cache_is_skipped(verified, tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("DERIVE_CACHE_DIR", str(blocker / "cache"))
    monkeypatch.delenv("DERIVE_NO_CACHE", raising=False)
    fick.fick()
    fick.fick()
    assert verified == FICK_STEPS * 2


def test_the_cache_folder_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv("DERIVE_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "derive"
    monkeypatch.setenv("DERIVE_CACHE_DIR", str(tmp_path / "mine"))
    assert cache.cache_dir() == tmp_path / "mine"


def test_remembered_outputs_are_recomputed_when_unusable(cache_dir):
    calls = []

    def compute():
        calls.append(1)
        return {"a": "b"}

    def valid(value):
        return isinstance(value, dict) and value.get("a") == "b"

    assert cache.remembered("test", "x", compute, valid) == {"a": "b"}
    assert cache.remembered("test", "x", compute, valid) == {"a": "b"}
    assert len(calls) == 1
    (path,) = (cache_dir / "artifacts").rglob("*.json")
    path.write_text('{"format": "derive-checks-1", "key": "' + path.stem + '", "value": {"a": 1}}')
    assert cache.remembered("test", "x", compute, valid) == {"a": "b"}
    assert len(calls) == 2
    assert cache.remembered("test", "y", compute, valid) == {"a": "b"}
    assert len(calls) == 3


def test_list_derives_nothing(monkeypatch, capsys):
    from derive import cli

    relations = importlib.import_module("derive.relations")

    def refuse(*args, **kwargs):
        raise AssertionError("derive list built a derivation")

    monkeypatch.setattr(relations, "relation", refuse)
    monkeypatch.setattr(relations, "_build", refuse)
    assert cli.main(["list"]) == 0
    out = capsys.readouterr().out
    rows = [line.split(None, 1) for line in out.splitlines()]
    assert ["ghk_current", "Goldman–Hodgkin–Katz current"] in rows
    assert len(out.splitlines()) == len(relations.relations())


def test_a_title_must_match_its_registration(monkeypatch):
    from derive.errors import SpecificationError

    relations = importlib.import_module("derive.relations")

    entry = relations._REGISTRY["fick"]
    monkeypatch.setitem(relations._REGISTRY, "fick", relations.RelationEntry("fick", entry.factory, "Another title"))
    with pytest.raises(SpecificationError, match="registered as 'Another title'"):
        relations._build.__wrapped__("fick", ())


def test_a_cached_build_whose_module_does_not_compile_is_rendered_again(cache_dir, monkeypatch, tmp_path):
    import io

    from derive import build as build_module

    calls = []
    rendered()  # rendered once per session, before render_all is replaced
    # The session's verifications, so that deriving anything not in memory is not verifying it
    # again (the rendered artifacts, the subject of this test, are not copied).
    if (SESSION_CACHE / "checks").is_dir():
        shutil.copytree(SESSION_CACHE / "checks", cache_dir / "checks")

    def counting(*args, **kwargs):  # the session's render, counted (rendering is not under test)
        calls.append(1)
        return rendered()

    monkeypatch.setattr(build_module, "render_all", counting)
    quiet = io.StringIO()
    build_module.build(tmp_path / "a", pdf=False, log=quiet)
    build_module.build(tmp_path / "b", pdf=False, log=quiet)
    assert len(calls) == 1  # the second build read the rendered artifacts back
    assert (tmp_path / "b" / "membrane.py").read_bytes() == (tmp_path / "a" / "membrane.py").read_bytes()
    (path,) = (cache_dir / "artifacts").rglob("*.json")
    record = json.loads(path.read_text())
    record["value"]["texts"]["membrane.py"] += "\ndef broken(:\n"
    path.write_text(json.dumps(record))
    build_module.build(tmp_path / "c", pdf=False, log=quiet)
    assert len(calls) == 2
    assert (tmp_path / "c" / "membrane.py").read_bytes() == (tmp_path / "a" / "membrane.py").read_bytes()
    assert quiet.getvalue().count("derive: nernst: 7 steps verified") == 3
