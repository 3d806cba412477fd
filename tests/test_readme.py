"""The README's Python examples and the package docstring examples run as written."""

from __future__ import annotations

import doctest

import derive
from helpers import ROOT


def test_readme_examples(monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.syspath_prepend(str(ROOT))  # `from generated.membrane import ...`
    result = doctest.testfile(
        str(ROOT / "README.md"), module_relative=False, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    )
    assert result.attempted >= 8
    assert result.failed == 0


def test_package_docstring_examples():
    result = doctest.testmod(derive, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 3 and result.failed == 0
