"""Shared fixtures."""

from __future__ import annotations

import importlib.util

import pytest

from helpers import GENERATED


@pytest.fixture(scope="session")
def membrane():
    """The committed generated/membrane.py, imported as a module."""
    spec = importlib.util.spec_from_file_location("generated_membrane", GENERATED / "membrane.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
