"""The README's Python examples and the package docstring examples run as written."""

from __future__ import annotations

import doctest
import importlib.util

import pytest

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


@pytest.mark.slow
def test_the_readme_accuracy_table_is_the_benchmark_output(capsys):
    """The README's accuracy table is what `python benchmarks/accuracy.py` prints now (its points
    come from fixed seeds): a bound, a function or a kernel that changes its error changes it."""
    spec = importlib.util.spec_from_file_location("accuracy_benchmark", ROOT / "benchmarks" / "accuracy.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main([])
    table = capsys.readouterr().out.strip()
    assert table.count("\n") >= 20
    assert table in (ROOT / "README.md").read_text(encoding="utf-8")
