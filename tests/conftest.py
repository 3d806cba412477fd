"""Shared fixtures."""

from __future__ import annotations

import importlib
import os
import shutil
import sys
import tempfile

import pytest

from helpers import ROOT, numba_or_skip


_SESSION_CACHE: str | None = None


def pytest_configure(config):
    """One verification cache for the session, in a fresh folder (not the user's): derivations
    verified once are not verified again by the in-process builds or the ``derive`` subprocesses
    (which inherit the environment), and no test reads what an earlier session left behind.
    A DERIVE_CACHE_DIR set by whoever runs the tests is respected."""
    global _SESSION_CACHE
    if "DERIVE_CACHE_DIR" not in os.environ:
        _SESSION_CACHE = tempfile.mkdtemp(prefix="derive-test-cache-")
        os.environ["DERIVE_CACHE_DIR"] = _SESSION_CACHE


def pytest_unconfigure(config):
    if _SESSION_CACHE is not None:
        shutil.rmtree(_SESSION_CACHE, ignore_errors=True)
        os.environ.pop("DERIVE_CACHE_DIR", None)


def _load(filename: str):
    """Import generated/<filename> as ``generated.<stem>``, the name the README and users import it by.

    One name matters for the compiled module: numba's on-disk cache records the module
    name of each kernel and imports it again by that name when loading the kernel.
    """
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    return importlib.import_module(f"generated.{filename.removesuffix('.py')}")


@pytest.fixture(scope="session")
def membrane():
    """The committed generated/membrane.py, imported as a module."""
    return _load("membrane.py")


@pytest.fixture(scope="session")
def membrane_compiled():
    """The committed generated/membrane_compiled.py (needs numba: the test extra installs it)."""
    numba_or_skip()
    return _load("membrane_compiled.py")


@pytest.fixture(scope="session", params=["numpy", "compiled"])
def numeric_module(request, membrane):
    """Each generated numeric module in turn: the numpy one, then the compiled one."""
    if request.param == "numpy":
        return membrane
    return request.getfixturevalue("membrane_compiled")
