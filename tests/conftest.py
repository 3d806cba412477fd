"""Shared fixtures."""

from __future__ import annotations

import importlib
import sys

import pytest

from helpers import ROOT, numba_or_skip


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
