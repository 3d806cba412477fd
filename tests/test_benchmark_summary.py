"""benchmarks/numeric.py's --json and --summarize: runs side by side, each target counted as met
in every run, in some or in none, from the figures the runs wrote (no timing here)."""

from __future__ import annotations

import importlib.util
import json

import pytest
from helpers import ROOT


@pytest.fixture(scope="module")
def numeric():
    spec = importlib.util.spec_from_file_location("numeric_benchmark", ROOT / "benchmarks" / "numeric.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _run(numeric, path, figures, floors=(), size=10**7, repeat=7):
    """A run as --json writes it, with these (target, value, bound, at_most) figures."""
    targets = numeric.Targets()
    for what, value, bound, at_most in figures:
        targets.check(what, value, bound, at_most)
    for what, value in floors:
        targets.floor(what, value)
    run = {"size": size, "repeat": repeat, "targets": targets.results, "floors": targets.floors, "load": [0.5, 0.7]}
    numeric._write_json(str(path), run)
    return str(path)


def _rows(text):
    """target -> its row's cells, from the summary's targets table."""
    rows = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if line.startswith("| ") and len(cells) == 4 and cells[0] != "target":
            rows[cells[0]] = cells[1:]
    return rows


def test_a_target_is_counted_met_in_every_run_some_or_none(numeric, tmp_path, capsys):
    first = _run(
        numeric,
        tmp_path / "a.json",
        [("fast", 1.4, 1.5, True), ("edge", 1.49, 1.5, True), ("slow", 2.0, 1.5, True), ("speed", 3.1, 3.0, False)],
        floors=[("1d transport", 1.46)],
    )
    second = _run(
        numeric,
        tmp_path / "b.json",
        [("fast", 1.2, 1.5, True), ("edge", 1.51, 1.5, True), ("slow", 1.9, 1.5, True), ("speed", 3.2, 3.0, False)],
        floors=[("1d transport", 1.52)],
    )
    assert numeric.main(["--summarize", first, second]) == 0
    out = capsys.readouterr().out
    rows = _rows(out)
    assert rows["fast"] == ["<= 1.5x", "2 of 2", "1.40x, 1.20x"]
    assert rows["edge"] == ["<= 1.5x", "1 of 2", "1.49x, 1.51x"]
    assert rows["slow"] == ["<= 1.5x", "0 of 2", "2.00x, 1.90x"]
    assert rows["speed"] == [">= 3.0x", "2 of 2", "3.10x, 3.20x"]
    assert "# met in every run: 2; in some (within the spread of its bound): 1; in none: 1" in out
    assert "| 1d transport | 1.46x, 1.52x |" in out


def test_a_target_missing_from_a_run_is_counted_over_the_runs_that_have_it(numeric, tmp_path, capsys):
    first = _run(numeric, tmp_path / "a.json", [("kept", 1.0, 1.5, True), ("only here", 2.0, 1.5, True)])
    second = _run(numeric, tmp_path / "b.json", [("kept", 1.6, 1.5, True)])
    assert numeric.main(["--summarize", first, second]) == 0
    rows = _rows(capsys.readouterr().out)
    assert rows["only here"] == ["<= 1.5x", "0 of 1", "2.00x, —"]
    assert rows["kept"] == ["<= 1.5x", "1 of 2", "1.00x, 1.60x"]


def test_runs_of_different_sizes_or_what_is_not_a_run_are_refused(numeric, tmp_path, capsys):
    big = _run(numeric, tmp_path / "big.json", [("t", 1.0, 1.5, True)])
    quick = _run(numeric, tmp_path / "quick.json", [("t", 1.0, 1.5, True)], size=10**6, repeat=5)
    assert numeric.main(["--summarize", big, quick]) == 2
    assert "differ in points or rounds" in capsys.readouterr().err
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"size": 1}), encoding="utf-8")
    assert numeric.main(["--summarize", big, str(other)]) == 2
    assert "is not a run written by --json" in capsys.readouterr().err
