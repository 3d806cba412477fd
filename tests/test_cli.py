"""The derive command, run the way a user runs it."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from derive.cli import main
from helpers import CATALOGUE, ROOT, rendered


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "derive", *args], cwd=ROOT, capture_output=True, text=True)


@pytest.mark.parametrize(
    "args", [["--help"], ["build", "--help"], ["list", "--help"], ["show", "--help"], ["export", "--help"]]
)
def test_help(args, capsys):
    with pytest.raises(SystemExit) as info:
        main(args)
    assert info.value.code == 0
    assert "usage: derive" in capsys.readouterr().out


def test_list(capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in out] == CATALOGUE
    assert "Goldman–Hodgkin–Katz current" in out[CATALOGUE.index("ghk_current")]


def test_show_latex_markdown_python(capsys):
    assert main(["show", "nernst", "--format", "latex"]) == 0
    tex = capsys.readouterr().out
    assert r"\section{Nernst equilibrium potential}" in tex and r"\label{eq:nernst}" in tex
    assert main(["show", "nernst", "--format", "markdown"]) == 0
    md = capsys.readouterr().out
    # numbered as in the report (Nernst is section 2), not always "## 1."
    assert md.startswith("## 2. Nernst equilibrium potential") and r"\qquad \text{(2.7)}" in md
    # the junction's functions print although nothing derived nernst (which registers E) first
    assert main(["show", "junction_potential", "--format", "python"]) == 0
    assert "def binary_junction_potential(" in capsys.readouterr().out
    assert main(["show", "ghk_current", "--format", "python"]) == 0
    code = capsys.readouterr().out
    namespace: dict = {}
    exec(compile(code, "<show>", "exec"), namespace)
    assert namespace["ghk_current_density"](0.0, 2.0, 1.0, 1, 1.0) == pytest.approx(namespace["F"])
    assert "nernst_potential" not in namespace


def test_unknown_relation_is_a_clear_error():
    proc = run("show", "nernts")
    assert proc.returncode == 1
    assert "unknown relation 'nernts'; known: " + ", ".join(CATALOGUE) in proc.stderr


def test_bad_format_is_refused_by_argparse():
    proc = run("show", "nernst", "--format", "html")
    assert proc.returncode == 2 and "invalid choice" in proc.stderr


def test_build_into_a_folder(tmp_path):
    proc = run("build", "--no-pdf", "--out", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr
    written = sorted(str(p.relative_to(tmp_path / "out")) for p in (tmp_path / "out").rglob("*") if p.is_file())
    assert written == sorted([*rendered(), "derive-manifest.sha256"])
    assert "nernst: 7 steps verified" in proc.stderr


_CTRL_C_IN_EXEC = """
import derive.cli as cli
cli._run = lambda args: exec("raise KeyboardInterrupt")  # as SymPy's MonomialOps._build execs a string
raise SystemExit(cli.main(["list"]))
"""


def test_ctrl_c_inside_code_run_from_a_string_still_exits_130(tmp_path):
    """CPython re-raises SIGINT at the exit of ``python -m`` after a KeyboardInterrupt passed
    through ``exec`` of a string, even a caught one; ``derive`` clears that flag once it has
    handled Ctrl-C, so the exit status is 130 and not "killed by SIGINT" (-2), whatever code
    the interrupt landed in. (Run as ``-m``, as ``python -m derive`` is: ``-c`` and scripts
    exit through another path that does not look at the flag.)"""
    (tmp_path / "ctrl_c_probe.py").write_text(_CTRL_C_IN_EXEC)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)])}
    done = subprocess.run(
        [sys.executable, "-m", "ctrl_c_probe"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert (done.returncode, "interrupted" in done.stderr, "Traceback" in done.stderr) == (130, True, False), (
        done.returncode,
        done.stderr[-2000:],
    )
