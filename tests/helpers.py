"""Helpers shared by the tests: paths, rebuilding a derivation with one step changed, TeX."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import importlib
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sympy

import derive
from derive.derivation import Derivation

ROOT = Path(__file__).resolve().parent.parent
GENERATED = ROOT / "generated"


@functools.cache
def _rendered(notation: Any) -> dict[str, str | bytes]:
    import io

    from derive import cache
    from derive.build import _verified_and_rendered
    from derive.notation import DEFAULT

    # What `derive build` renders, remembered in the session's cache folder (conftest.py): the
    # builds the tests run later with this notation, in this process or in a `derive` subprocess,
    # read it back instead of rendering everything again. The session's test processes (pytest-xdist
    # workers) take turns: one renders, the others wait and read its record.
    with _locked(cache.cache_dir() / "render.lock"):
        return _verified_and_rendered(DEFAULT if notation is None else notation, log=io.StringIO())[1]


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive lock on ``path`` between processes (where fcntl exists; elsewhere none)."""
    try:
        import fcntl
    except ImportError:  # not POSIX: the workers may render the same thing twice, which is only slower
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def rendered(notation: Any = None) -> dict[str, str | bytes]:
    """``render_all(notation=notation)``, rendered once per session (a copy: change it freely)."""
    return dict(_rendered(notation))


def rebuild(name: str, label: str, change: Callable[[sympy.Eq], sympy.Eq], **kwargs) -> Derivation:
    """Rebuild relation ``name`` with the equation of step ``label`` changed: verification reruns."""
    d = derive.relation(name, **kwargs)
    steps = tuple(dataclasses.replace(s, equation=change(s.equation)) if s.label == label else s for s in d.steps)
    assert any(s.label == label for s in d.steps), f"no step {label!r} in {name}"
    return Derivation(
        name=d.name,
        title=d.title,
        summary=d.summary,
        assumptions=d.assumptions,
        steps=steps,
        conventions=d.conventions,
        results=d.results,
        local_symbols=d.local_symbols,
    )


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def import_or_skip(name: str):
    """The module ``name``; without it skip, or in CI (CI=true) fail: the test extra installs it."""
    try:
        return importlib.import_module(name)
    except ImportError:
        if _in_ci():
            pytest.fail(f"{name} is required in CI but is not installed (pip install -e '.[test]')")
        pytest.skip(f"{name} not installed (pip install -e '.[test]' installs it)", allow_module_level=True)


def numba_or_skip() -> None:
    """Skip without numba; in CI (CI=true) fail instead."""
    import_or_skip("numba")


def pdflatex_or_skip() -> str:
    """pdflatex's path; in CI (CI=true) a missing TeX engine fails instead of skipping."""
    path = shutil.which("pdflatex")
    if path is None:
        if _in_ci():
            pytest.fail("pdflatex is required in CI but is not on PATH (.ci/run installs TeX Live)")
        pytest.skip("pdflatex not on PATH")
    return path


#: The built-in catalogue, in report order.
CATALOGUE = [
    "fick",
    "nernst",
    "driving_force",
    "transport_free_energy",
    "proton_motive_force",
    "sodium_potassium_pump",
    "pump_leak",
    "ghk_current",
    "ghk_voltage",
    "ghk_voltage_calcium",
    "chord_conductance",
    "mullins_noda",
    "junction_potential",
    "henderson_junction",
    "planck_junction",
    "nernst_planck_junction",
    "exchanger",
    "donnan",
    "biionic_permeability",
    "ussing_flux_ratio",
    "activity",
]


def bibtex_or_skip() -> str:
    """bibtex's path; in CI (CI=true) a missing bibtex fails instead of skipping."""
    path = shutil.which("bibtex")
    if path is None:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail("bibtex is required in CI but is not on PATH (.ci/run installs TeX Live)")
        pytest.skip("bibtex not on PATH")
    return path


#: The squid giant axon's ions (Hodgkin & Katz 1949) as a model file lists them, relative
#: permeabilities: the model files of the tests put their own header above.
SQUID_IONS = """\
[ions.K]
charge = 1
inside = "400 mM"
outside = "20 mM"
permeability = 1.0

[ions.Na]
charge = 1
inside = "50 mM"
outside = "440 mM"
permeability = 0.04

[ions.Cl]
charge = -1
inside = "52 mM"
outside = "560 mM"
permeability = 0.45
"""


def task_counter() -> Any:
    """A dask callback counting the tasks run while it is active (0: nothing was computed),
    for ``with task_counter() as counter: ...; counter.ran``. Needs dask."""
    from dask.callbacks import Callback

    class CountTasks(Callback):
        def __init__(self) -> None:
            super().__init__()
            self.ran = 0

        def _start_state(self, dsk: Any, state: Any) -> None:
            self.ran += len(state["ready"]) + len(state["waiting"])

    return CountTasks()


def ussing_overflow_case(module: Any, n: int) -> tuple[Any, Any, Any, float, float]:
    """(V, c_in, c_out, z, T) of ussing_flux_ratio at n points with one valid point, n - 2, whose
    float kernel overflows while its value does not: u = -F V z/(R T) = 720 with |V| < 2 V, so
    c_out e^u / c_in = 1e-100 e^720 / 10 = 4.9e211 but e^720 > 1.8e308. ``module``: a generated
    numeric module (its R and F). Only exact evaluation gets that point right."""
    import numpy as np

    T, z = 300.0, -10.0
    V = np.full(n, -0.05)
    V[n - 2] = 720.0 * module.R * T / (module.F * -z)
    c_in, c_out = np.full(n, 10.0), np.full(n, 20.0)
    c_out[n - 2] = 1e-100
    return V, c_in, c_out, z, T
