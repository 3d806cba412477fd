"""The compiled loops' quick check of their windowed arguments never lets a bad point through.

Where a function's arguments are checked against the window [_TINY, _HUGE] alone (positive,
or nonnegative with 0: ``PrintedFunction.windowed``), its loop checks those that are arrays
together: their least >= _TINY and their sum <= _HUGE, then the exact checks over the points
where that fails (templates/membrane_compiled.py.j2). Here each loop's answer (whether a point
fails) is held to the exact point check, ``_<name>_ok`` with the result's finiteness, point by
point, with special values, window edges, zeros and sums beyond _HUGE put into its arrays.
"""

from __future__ import annotations

import inspect
import math
import pathlib
import re
import sys
import types

import numpy as np
import pytest

#: Special values and the edges of the window, put into one array at one point.
_SPECIAL = [
    math.nan, math.inf, -math.inf, 0.0, -0.0, 5e-324, 1e-300, 1e-101, math.nextafter(1e-100, 0.0), 1e-100,
    1e100, math.nextafter(1e100, math.inf), 0.9e100, 1e300, -1e-100, -1.0,
]
#: Values put into every windowed array at one point: a zero everywhere (valid for a nonnegative
#: argument) and sums beyond _HUGE of valid values (the quick test fails, the exact checks pass).
_TOGETHER = [0.0, -0.0, 0.6e100, 1e100, math.nan]
#: The functions checked in the default run (several arrays each); the slow run checks them all.
_FEW = ("ghk_current_density", "ghk_voltage", "mullins_noda_potential", "pump_leak_gradient", "nernst_potential")


def _valid(unit: str, conditions: tuple) -> float:
    """A valid, plausible value of an argument with this SI unit and these conditions."""
    if "integer" in conditions:
        return 1.0
    if unit == "kelvin":
        return 300.0
    if unit == "volt":
        return 0.01
    return -1.0 if "negative" in conditions else 1.5


def _windowed(spec) -> list[int]:
    """Indices of the arguments whose check is the window alone (positive or nonnegative, no
    plausible range, no other condition), read from the spec: what PrintedFunction.windowed picks."""
    return [
        j
        for j, (c, plausible) in enumerate(zip(spec.conditions, spec.plausible, strict=True))
        if plausible is None and tuple(c) in {("positive",), ("nonnegative",)}
    ]


def _disagreements(m, names, n: int = 37) -> tuple[list, int]:
    """(disagreements, calls) of each loop's flag with the exact checks at every point: every
    windowed argument an array (the others single values, then arrays too), special values at one point."""
    wrong, calls = [], 0
    for name in names:
        spec, ok = getattr(m, f"_{name}_spec"), getattr(m, f"_{name}_ok")
        windowed = _windowed(spec)
        if not windowed:
            continue
        base = [_valid(u, c) for u, c in zip(spec.units, spec.conditions)]
        validate = 1 if spec.bounded else True  # as _run_compiled passes it
        for every in (False, True):
            arrays = [j for j in range(len(base)) if every or j in windowed]
            cases = [(spec.params[j], v, [j]) for j in windowed for v in _SPECIAL]
            cases += [("all windowed", v, windowed) for v in _TOGETHER]
            for what, value, at in cases:
                columns = [np.full(n, b) if j in arrays else b for j, b in enumerate(base)]
                for j in at:
                    columns[j][n // 2] = value
                for c in columns:
                    if isinstance(c, np.ndarray):
                        c.flags.writeable = False  # as _column hands them over
                out = np.empty(n)
                flag = bool(spec.kernel(out, validate, 0, n, *columns))
                fixed = [not isinstance(c, np.ndarray) for c in columns]
                exact = False
                for i in range(n):
                    point = [c[i] if isinstance(c, np.ndarray) else c for c in columns]
                    finite = spec.bounded or math.isfinite(out[i])
                    exact |= not (bool(ok(*point, *fixed)) and finite)
                calls += 1
                if flag != exact:
                    wrong.append((name, every, what, value))
    return wrong, calls


def test_each_loop_checks_together_the_arguments_a_spec_says_are_windowed(membrane_compiled):
    """The arguments a loop sums in its quick test (PrintedFunction.windowed, through the
    template) are those whose conditions, read from the spec, are the window alone."""
    m = membrane_compiled
    seen = 0
    for name in m.__all__:
        spec, loop = getattr(m, f"_{name}_spec", None), getattr(m, f"_{name}", None)
        if spec is None or not hasattr(loop, "py_func"):
            continue
        summed = re.findall(r"total = total if _fixed\((\w+)\)", inspect.getsource(loop.py_func))
        assert summed == [spec.params[j] for j in _windowed(spec)], name
        seen += bool(summed)
    assert seen > 10
    assert "T" not in _windowed(m._nernst_potential_spec) and "c_in" in [  # a plausible range: its own clause
        m._nernst_potential_spec.params[j] for j in _windowed(m._nernst_potential_spec)
    ]


@pytest.mark.parametrize("name", _FEW)
def test_a_loop_flags_exactly_the_points_its_checks_fail(membrane_compiled, name):
    wrong, calls = _disagreements(membrane_compiled, [name])
    assert not wrong
    assert calls > 30


@pytest.mark.slow  # every function's loops, in two patterns: numba compiles each
def test_every_loop_flags_exactly_the_points_its_checks_fail(membrane_compiled):
    m = membrane_compiled
    names = [n for n in m.__all__ if hasattr(m, f"_{n}_ok") and hasattr(m, f"_{n}_spec")]
    wrong, calls = _disagreements(m, names)
    assert not wrong
    assert calls > 300


def _broken(text: str, name: str) -> types.ModuleType:
    """The compiled module from text, run as a module of its own (not cached: not in sys.modules)."""
    module = types.ModuleType(name)
    module.__file__ = str(pathlib.Path(sys.modules[__name__].__file__).parent / f"{name}.py")
    exec(compile(text, module.__file__, "exec"), module.__dict__)
    return module


@pytest.mark.slow  # compiles two copies of the module's loops
def test_the_comparison_can_fail(membrane_compiled):
    """A quick test that forgets the sum lets nan, inf and values beyond _HUGE through; one whose
    least ignores the zero that it flags lets small values through: the comparison sees both."""
    text = pathlib.Path(membrane_compiled.__file__).read_text(encoding="utf-8")
    assert text.count(" & (total <= _HUGE)") > 5
    no_sum = _broken(text.replace(" & (total <= _HUGE)", ""), "compiled_without_the_sum")
    wrong, _ = _disagreements(no_sum, ["nernst_potential"])
    assert ("nernst_potential", False, "c_in", math.inf) in wrong
    assert ("nernst_potential", False, "c_out", 1e300) in wrong
    no_least = _broken(text.replace("(least >= _TINY)", "(least >= 0.0)"), "compiled_without_the_least")
    wrong, _ = _disagreements(no_least, ["nernst_potential"])
    assert ("nernst_potential", False, "c_in", 1e-101) in wrong
