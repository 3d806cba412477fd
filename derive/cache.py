"""An on-disk cache of verifications, keyed by everything a verification depends on.

Verifying the catalogue takes seconds of SymPy simplification; nothing about a step's
check changes unless the step, the steps before it, or the code that checks it does. So
when a :class:`~derive.derivation.Derivation` is verified, each step gets a *content key*
(:func:`step_keys`): a SHA-256 of

* the step as SymPy writes it exactly (``srepr`` of the equation), its label, its rule's
  type and the rule's parameters (a cited derivation by its own content key);
* every earlier step the same way, the derivation's name and the step's number (the
  numeric check's random points are seeded by them), its local symbols, and the registry
  entry (unit and assumptions) of every symbol used so far;
* the source of every module of derive (the rules, the checker, the relations, ...),
  and the versions of Python, SymPy and mpmath (read from their installed metadata, so
  that a key is known without importing them: see :func:`library_version`).

If a file named by that key holds a well-formed record (the step's verification method
and dimension), the step is not checked again; otherwise it is verified and the record
written (atomically: temporary file, then rename). A file that cannot be read, does not
parse, or does not fit is ignored and the step is verified, so a corrupt or stale entry
can cost time but never change a result. A step that fails is never recorded. Records
are JSON, never pickled code. Because keys are per step, a derivation changed at step k
is verified again from step k on; the steps before it are not.

Where: ``$DERIVE_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/derive``, else
``~/.cache/derive``. ``DERIVE_NO_CACHE=1`` (or ``derive build --no-cache``) turns it off.
Deleting the folder clears it.
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import hashlib
import importlib.util
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

# SymPy is imported where a derivation is described, not here: `derive show` and
# `derive list` answer from this cache without importing it.

if TYPE_CHECKING:
    from .derivation import Check, Derivation

#: Bumped when the record format or the key's recipe changes.
FORMAT = "derive-checks-2"
_METHODS = frozenset({"given", "symbolic", "numeric"})

# Set to False by `derive build --no-cache` (via disabled()).
_ENABLED: contextvars.ContextVar[bool] = contextvars.ContextVar("derive_cache_enabled", default=True)


def enabled() -> bool:
    """Whether the cache is used: not turned off by ``DERIVE_NO_CACHE`` or :func:`disabled`."""
    return _ENABLED.get() and os.environ.get("DERIVE_NO_CACHE", "") in ("", "0")


@contextlib.contextmanager
def disabled() -> Iterator[None]:
    """Neither read nor write the cache while inside (``derive build --no-cache``)."""
    token = _ENABLED.set(False)
    try:
        yield
    finally:
        _ENABLED.reset(token)


def cache_dir() -> Path:
    """The cache folder (see the module docstring); it need not exist yet."""
    explicit = os.environ.get("DERIVE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base / "derive"


#: The package whose source the key covers.
PACKAGE = Path(__file__).resolve().parent


@cache
def library_version(name: str) -> str:
    """The version of the package ``name`` that ``import name`` loads, without importing it.

    Read from the installed distribution's metadata when that distribution holds the very
    files the import finds; otherwise (a source checkout ahead on the path, say) the package
    is imported and its ``__version__`` read, with the place it was loaded from.
    """
    from importlib.metadata import PackageNotFoundError, distribution

    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        return f"{name} absent"
    try:
        dist = distribution(name)
        if Path(dist.locate_file(f"{name}/__init__.py")).resolve() == Path(spec.origin).resolve():
            return f"{name} {dist.version}"
    except (PackageNotFoundError, OSError):
        pass
    module = importlib.import_module(name)
    return f"{name} {getattr(module, '__version__', '?')} from {spec.origin}"


@cache
def code_fingerprint() -> str:
    """SHA-256 of derive's own source files and the versions verification depends on."""
    package = PACKAGE
    digest = hashlib.sha256()
    for tag in (FORMAT, sys.version, sys.implementation.name, library_version("sympy"), library_version("mpmath")):
        digest.update(tag.encode() + b"\0")
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


class _Uncacheable(Exception):
    """A rule parameter the key cannot describe exactly (a lambda, say): always verify."""


def _encode(value: Any) -> str:
    import sympy

    from .derivation import Derivation

    if isinstance(value, sympy.Basic):
        return "S" + sympy.srepr(value)
    if isinstance(value, Derivation):
        key = derivation_key(value)
        if key is None:
            raise _Uncacheable
        return "D" + key
    if isinstance(value, tuple):
        return "(" + ",".join(_encode(v) for v in value) + ")"
    if value is None or isinstance(value, (str, int, float, bool)):
        return type(value).__name__ + repr(value)
    if isinstance(value, type) and "<" not in value.__qualname__:  # a class such as sympy.sign
        return f"C{value.__module__}.{value.__qualname__}"
    raise _Uncacheable


def _step_names(step: Any) -> set[str]:
    import sympy

    names = {s.name for s in step.equation.free_symbols}
    return names | {f.func.__name__ for f in step.equation.atoms(sympy.core.function.AppliedUndef)}


def _rule_text(rule: Any) -> str:
    fields = ",".join(f"{f.name}={_encode(getattr(rule, f.name))}" for f in dataclasses.fields(rule))
    return f"{type(rule).__module__}.{type(rule).__qualname__}({fields})"


def _steps(derivation: Derivation) -> list[tuple[str, str | None]]:
    """Per step: its text (label and exact equation) and its rule's text (None: not describable)."""
    import sympy

    out = []
    for step in derivation.steps:
        try:
            rule: str | None = _rule_text(step.rule)
        except _Uncacheable:
            rule = None
        out.append((f"step {step.label!r} {sympy.srepr(step.equation)}", rule))
    return out


def step_keys(derivation: Derivation) -> list[str | None]:
    """The content key of each step's check (None: not cached), or all None when the cache is off.

    A step's check depends on its equation and rule, on every earlier step (rules read the
    steps they cite; definitions must be fresh), on the derivation's name and number (the
    numeric check's random points are seeded by them), on the local symbols and on the
    registry's entry for every symbol so far (units for the dimension check, assumptions for
    the symbolic and numeric ones), and on derive's code: the key hashes all of these.
    """
    from .symbols import SYMBOLS

    if not enabled():
        return [None] * len(derivation.steps)
    extra = derivation.local_specs
    base = "\n".join([code_fingerprint(), repr(derivation.name), repr(derivation.local_symbols)])
    earlier = hashlib.sha256(base.encode())
    names: set[str] = set()
    keys: list[str | None] = []
    for number, (step, (text, rule)) in enumerate(zip(derivation.steps, _steps(derivation), strict=True), start=1):
        names |= _step_names(step)
        specs = ";".join(f"{name}:{extra.get(name) or SYMBOLS.get(name)!r}" for name in sorted(names))
        if rule is None:
            keys.append(None)
        else:
            parts = [earlier.hexdigest(), str(number), text, rule, specs]
            keys.append(hashlib.sha256("\n".join(parts).encode()).hexdigest())
        earlier.update(f"{text} {rule}\n".encode())
    return keys


def derivation_key(derivation: Derivation) -> str | None:
    """The content key of a whole derivation (a cited one is described by it), or None."""
    memo = derivation.__dict__.get("_content_key", False)
    if memo is not False:
        return memo
    steps = _steps(derivation)
    key: str | None = None
    if all(rule is not None for _, rule in steps):
        from .symbols import SYMBOLS

        extra = derivation.local_specs
        names = sorted(set().union(*(_step_names(step) for step in derivation.steps)))
        parts = [repr(derivation.name), repr(derivation.results), repr(derivation.local_symbols)]
        parts += [f"{name}:{extra.get(name) or SYMBOLS.get(name)!r}" for name in names]
        parts += [f"{text} {rule}" for text, rule in steps]
        key = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    object.__setattr__(derivation, "_content_key", key)
    return key


def _path(key: str) -> Path:
    return cache_dir() / "checks" / key[:2] / f"{key}.json"


def load_step(key: str | None) -> Check | None:
    """The recorded check under ``key``, or None (no key, no entry, unusable entry, cache off)."""
    from .derivation import Check

    if key is None or not enabled():
        return None
    try:
        record = json.loads(_path(key).read_text(encoding="utf-8"))
        if not isinstance(record, dict) or record.get("format") != FORMAT or record.get("key") != key:
            return None
        method, dimension = record["method"], record["dimension"]
        if method not in _METHODS or not isinstance(dimension, str):
            return None
        return Check(method=method, dimension=dimension)
    except (OSError, ValueError, TypeError, KeyError):
        return None


def store_step(key: str | None, check: Check) -> None:
    """Record ``check`` under ``key``; a cache that cannot be written is skipped."""
    if key is None or not enabled():
        return
    _write_json(_path(key), {"format": FORMAT, "key": key, "method": check.method, "dimension": check.dimension})


def _write_json(path: Path, record: Any) -> None:
    """Write ``record`` to ``path`` atomically (temporary file, then rename); skip on OSError."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(record, fh, ensure_ascii=False)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        pass  # a read-only or full disk: verification still happened, only the record is lost


# ------------------------------------------------------------------ facts checked once


def _fact_path(kind: str, statement: str) -> Path | None:
    if not enabled():
        return None
    key = hashlib.sha256(f"{code_fingerprint()}\0{kind}\0{statement}".encode()).hexdigest()
    return cache_dir() / "facts" / key[:2] / f"{key}.json"


def known(kind: str, statement: str) -> bool:
    """Whether a check of ``kind`` established ``statement`` before, with the same code.

    For checks outside a derivation's steps that only pass or fail, e.g. that a numeric
    function's expression stays finite where its widened domain adds 0
    (:func:`derive.catalogue.widen`): ``statement`` must describe the checked object
    exactly (SymPy's ``srepr``). Only passes are recorded (:func:`record`), so a check that
    fails is always run again and fails again.
    """
    path = _fact_path(kind, statement)
    if path is None:
        return False
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(entry, dict) and entry.get("format") == FORMAT and entry.get("statement") == statement


def record(kind: str, statement: str) -> None:
    """Record that a check of ``kind`` established ``statement`` (see :func:`known`)."""
    path = _fact_path(kind, statement)
    if path is not None:
        _write_json(path, {"format": FORMAT, "kind": kind, "statement": statement})


# ------------------------------------------------------------------ rendered artifacts


@cache
def artifact_fingerprint() -> str:
    """:func:`code_fingerprint` plus the templates and the versions rendering depends on."""
    from .paths import templates_dir

    digest = hashlib.sha256(code_fingerprint().encode())
    for package in ("jinja2", "numpy", "matplotlib"):
        digest.update(f"{library_version(package)}\0".encode())
    root = templates_dir()
    for path in sorted(root.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def remembered(kind: str, inputs: str, compute: Callable[[], Any], valid: Callable[[Any], bool]) -> Any:
    """``compute()``, or what it returned before for the same ``kind``, ``inputs`` and code.

    For outputs that are a pure function of derive's code, its templates, the library
    versions and ``inputs`` (a complete description of the arguments, e.g. the notation's
    repr): the rendered artifacts of a build, the text ``derive show`` prints. The value
    must be JSON (strings, lists, dicts); ``valid`` vets a loaded value, and anything
    unreadable or invalid is recomputed.
    """
    if not enabled():
        return compute()
    key = hashlib.sha256(f"{artifact_fingerprint()}\0{kind}\0{inputs}".encode()).hexdigest()
    path = cache_dir() / "artifacts" / key[:2] / f"{key}.json"
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(record, dict) and record.get("format") == FORMAT and record.get("key") == key:
            value = record.get("value")
            if valid(value):
                return value
    except (OSError, ValueError, TypeError):
        pass
    value = compute()
    _write_json(path, {"format": FORMAT, "key": key, "kind": kind, "value": value})
    return value
