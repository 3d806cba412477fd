"""An on-disk cache of verifications, keyed by everything a verification depends on.

Verifying the catalogue takes seconds of SymPy simplification; nothing about it changes
unless the derivation or the code that checks it does. So when a
:class:`~derive.derivation.Derivation` is built, its *content key* is computed: a
SHA-256 of

* every step as SymPy writes it exactly (``srepr`` of the equation), its label, its
  rule's type and the rule's parameters (a cited derivation by its own content key);
* the derivation's name, results and local symbols, and the registry entry (unit and
  assumptions) of every symbol its equations use;
* the source of every module of derive (the rules, the checker, the relations, ...),
  and the versions of Python, SymPy and mpmath.

If a file named by that key holds a well-formed record of the checks, they are used and
the rules are not run again; otherwise the derivation is verified and the record
written (atomically: temporary file, then rename). A file that cannot be read, does not
parse, or does not fit the derivation is ignored and verification runs, so a corrupt or
stale entry can cost time but never change a result. The record is JSON (the method and
dimension of each step), never pickled code.

Where: ``$DERIVE_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/derive``, else
``~/.cache/derive``. ``DERIVE_NO_CACHE=1`` (or ``derive build --no-cache``) turns it off.
Deleting the folder clears it.
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import mpmath
import sympy

if TYPE_CHECKING:
    from .derivation import Check, Derivation

#: Bumped when the record format or the key's recipe changes.
FORMAT = "derive-checks-1"
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
def code_fingerprint() -> str:
    """SHA-256 of derive's own source files and the versions verification depends on."""
    package = PACKAGE
    digest = hashlib.sha256()
    for tag in (FORMAT, sys.version, sys.implementation.name, sympy.__version__, mpmath.__version__):
        digest.update(tag.encode() + b"\0")
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


class _Uncacheable(Exception):
    """A rule parameter the key cannot describe exactly (a lambda, say): always verify."""


def _encode(value: Any) -> str:
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


def _names(derivation: Derivation) -> set[str]:
    names: set[str] = set()
    for step in derivation.steps:
        names |= {s.name for s in step.equation.free_symbols}
        names |= {f.func.__name__ for f in step.equation.atoms(sympy.core.function.AppliedUndef)}
    return names


def derivation_key(derivation: Derivation) -> str | None:
    """The content key of ``derivation`` (hex SHA-256), or None if it cannot be described."""
    import dataclasses

    from .symbols import SYMBOLS

    memo = derivation.__dict__.get("_content_key", False)
    if memo is not False:
        return memo
    try:
        parts = [code_fingerprint(), _encode(derivation.name), _encode(derivation.results)]
        parts.append(repr(derivation.local_symbols))
        extra = derivation.local_specs
        for name in sorted(_names(derivation)):
            spec = extra.get(name) or SYMBOLS.get(name)
            parts.append(f"{name}:{spec!r}")
        for step in derivation.steps:
            rule = step.rule
            fields = ",".join(f"{f.name}={_encode(getattr(rule, f.name))}" for f in dataclasses.fields(rule))
            parts.append(
                f"step {step.label!r} {type(rule).__module__}.{type(rule).__qualname__}({fields}) "
                + sympy.srepr(step.equation)
            )
        key: str | None = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    except _Uncacheable:
        key = None
    object.__setattr__(derivation, "_content_key", key)
    return key


def _path(key: str) -> Path:
    return cache_dir() / "checks" / key[:2] / f"{key}.json"


def load_checks(derivation: Derivation) -> tuple[Check, ...] | None:
    """The recorded checks of ``derivation``, or None (no entry, unusable entry, cache off)."""
    from .derivation import Check

    if not enabled():
        return None
    key = derivation_key(derivation)
    if key is None:
        return None
    try:
        record = json.loads(_path(key).read_text(encoding="utf-8"))
        if not isinstance(record, dict) or record.get("format") != FORMAT or record.get("key") != key:
            return None
        rows = record["checks"]
        if not isinstance(rows, list) or len(rows) != len(derivation.steps):
            return None
        checks = []
        for row in rows:
            method, dimension = row  # a row that is not a pair raises ValueError/TypeError
            if method not in _METHODS or not isinstance(dimension, str):
                return None
            checks.append(Check(method=method, dimension=dimension))
        return tuple(checks)
    except (OSError, ValueError, TypeError, KeyError):
        return None


def store_checks(derivation: Derivation, checks: tuple[Check, ...]) -> None:
    """Record ``checks`` for ``derivation``; a cache that cannot be written is skipped."""
    if not enabled():
        return
    key = derivation_key(derivation)
    if key is None:
        return
    record = {"format": FORMAT, "key": key, "name": derivation.name, "checks": [[c.method, c.dimension] for c in checks]}
    _write_json(_path(key), record)


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


# ------------------------------------------------------------------ rendered artifacts


@cache
def artifact_fingerprint() -> str:
    """:func:`code_fingerprint` plus the templates and the versions rendering depends on."""
    from importlib.metadata import PackageNotFoundError, version

    from .build import templates_dir

    digest = hashlib.sha256(code_fingerprint().encode())
    for package in ("jinja2", "numpy"):
        try:
            digest.update(f"{package}={version(package)}\0".encode())
        except PackageNotFoundError:
            digest.update(f"{package}=?\0".encode())
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
