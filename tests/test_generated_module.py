"""generated/membrane.py stands alone: numpy only, printed from the derivations.

The compiled twin, generated/membrane_compiled.py, is tested here for the same
structure; tests/test_accuracy.py, test_validation.py and test_arrays.py run both.
"""

from __future__ import annotations

import ast
import inspect
import re
import subprocess
import sys

import numpy as np
import pytest

import derive
from derive.catalogue import FUNCTIONS, JUNCTION_FUNCTIONS, SUMMED
from derive.printing import numba_runtime, numpy_runtime
from derive.printing.module import ARGUMENT_RUNTIME, COMPILED_DRIVER, NUMPY_DRIVER
from derive.printing.numpy_runtime import _exprel
from derive.printing.python import runtime_source
from helpers import GENERATED

BLOCK_SYMPY = r"""
import sys, importlib.util
sys.modules["sympy"] = None          # any 'import sympy' now raises ImportError
sys.modules["mpmath"] = None
sys.modules["array_api_compat"] = None   # optional: numpy alone must do
sys.modules["numba"] = None
spec = importlib.util.spec_from_file_location("membrane", sys.argv[1])
m = importlib.util.module_from_spec(spec)
spec.loader.exec_module(m)
print(m.nernst_potential(140.0, 5.0, 1), m.ghk_current_density(0.0, 140.0, 5.0, 1, 1e-8))
heavy = ("sympy", "mpmath", "derive", "jinja2", "numba", "array_api_compat", "dask")
print(sorted(k for k, v in sys.modules.items() if v is not None and k.split(".")[0] in heavy))
"""


def test_imports_with_sympy_unimportable():
    proc = subprocess.run(
        [sys.executable, "-c", BLOCK_SYMPY, str(GENERATED / "membrane.py")], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    values, loaded = proc.stdout.splitlines()
    e, i0 = (float(v) for v in values.split())
    assert -0.0891 < e < -0.0890
    assert abs(i0 - 1e-8 * 96485.33212 * (140.0 - 5.0)) < 1e-9  # P z F (c_in - c_out) at V = 0
    assert loaded == "[]"


def _imports(filename: str) -> tuple[set[str], set[str]]:
    """(modules imported unconditionally, modules imported under try/except ImportError)."""
    tree = ast.parse((GENERATED / filename).read_text())
    optional = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Try) and any(
            isinstance(h.type, ast.Name) and h.type.id == "ImportError" for h in node.handlers
        ):
            optional |= {a.name for n in node.body if isinstance(n, ast.Import) for a in n.names}
    imported = set()
    for node in tree.body:  # top level only: dask is imported inside the function that needs it
        if isinstance(node, ast.Import):
            imported |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add((node.module or "").split(".")[0])
    return imported, optional


def test_imports_only_numpy():
    # decimal: the exact kernels of extreme inputs; difflib and collections: the liquid junction's runtime;
    # sys and warnings: UnitSlipWarning points at the caller's line (pint is imported only inside
    # the function that converts Quantities, so it is not among the module's imports)
    stdlib = {"__future__", "decimal", "math", "difflib", "collections", "sys", "warnings"}
    assert _imports("membrane.py") == ({*stdlib, "numpy"}, {"array_api_compat"})


def test_compiled_module_adds_only_numba():
    # os, sys: numba's cache per import name; difflib and collections: the liquid junction's
    # runtime; warnings: UnitSlipWarning; concurrent: the threads that run a kernel's chunks
    stdlib = {"__future__", "decimal", "math", "os", "sys", "difflib", "collections", "warnings", "concurrent"}
    assert _imports("membrane_compiled.py") == ({*stdlib, "numpy", "numba"}, {"array_api_compat"})


def test_every_catalogue_function_is_there_with_its_signature(membrane):
    expected = {
        "nernst_potential": "(c_in, c_out, z, T=310.15, *, validate=True)",
        "ghk_current_density": "(V, c_in, c_out, z, P, T=310.15, *, validate=True)",
        "pump_leak_gradient": "(t, p, k, G0=0.0, *, validate=True)",
        "pump_leak_steady_state": "(p, k, *, validate=True)",
    }
    for name, signature in expected.items():
        assert str(inspect.signature(getattr(membrane, name))) == signature
    junction = ["Ion", *(f.name for f in JUNCTION_FUNCTIONS)]
    summed = [s.name for s in SUMMED]  # functions summed over sequences (transporter_free_energy)
    solution = ["ionic_strength", "activities", "donnan_concentrations"]  # runtime over whole solutions
    expected = ["InvalidInputError", "UnitSlipWarning", *(f.name for f in FUNCTIONS), *junction, *summed, *solution]
    assert sorted(membrane.__all__) == sorted(expected)
    assert str(inspect.signature(membrane.transporter_free_energy)) == "(n, c_in, c_out, z, V, T=310.15, *, validate=True)"


def test_compiled_module_has_the_same_functions_signatures_and_docstrings(membrane, membrane_compiled):
    # The junction over whole solutions is there too (its integrator compiled with numba).
    assert {"Ion", *(f.name for f in JUNCTION_FUNCTIONS)} <= set(membrane_compiled.__all__)
    assert membrane_compiled.__all__ == membrane.__all__
    for name in membrane_compiled.__all__:
        ours, theirs = getattr(membrane, name), getattr(membrane_compiled, name)
        if isinstance(ours, type):  # the exception and warning classes
            assert ours.__doc__ == theirs.__doc__ and ours.__mro__[1:] == theirs.__mro__[1:], name
            continue
        assert inspect.signature(ours) == inspect.signature(theirs), name
        assert ours.__doc__ == theirs.__doc__, name
    assert issubclass(membrane_compiled.InvalidInputError, ValueError)


def test_compiled_kernels_are_printed_from_the_same_forms(membrane, membrane_compiled):
    """The point-wise kernel is the array kernel without xp: one form, two printers.

    xp.f becomes the compiled runtime's own _f where it has one (exp, log), else math.f.
    """
    for fn in FUNCTIONS:
        array = inspect.getsource(getattr(membrane, f"_{fn.name}")).split('"""')[-1]
        pointwise = inspect.getsource(getattr(membrane_compiled, f"_{fn.name}_at").py_func).split('"""')[-1]
        array = re.sub(
            r"xp\.(\w+)\(", lambda m: f"_{m[1]}(" if hasattr(membrane_compiled, f"_{m[1]}") else f"math.{m[1]}(", array
        )
        assert array.replace("(xp, ", "(") == pointwise, fn.name


def test_docstrings_give_formula_units_convention_and_origin(membrane):
    doc = membrane.ghk_current_density.__doc__
    for needle in (
        "I = F*P*z*",
        "A m^-2",
        "outward positive",
        "mol m^-3",
        "m s^-1",
        'derive.relation("ghk_current")',
        "Nernst–Planck",
        "Default 310.15",
    ):
        assert needle in doc, needle
    assert "V = ψ_i - ψ_o" in membrane.nernst_potential.__doc__


def test_constants_are_the_exact_codata_values(membrane):
    assert membrane.F == 1.602176634e-19 * 6.02214076e23
    assert membrane.R == 1.380649e-23 * 6.02214076e23


def test_bodies_are_printed_from_the_derivation(membrane):
    """Change the derived expression and the printed body changes with it."""
    import dataclasses

    from derive.printing.module import print_module

    ghk = next(f for f in FUNCTIONS if f.name == "ghk_current_density")
    body = print_module([ghk])["functions"][0].kernel
    assert any("_ghkflux(xp, " in line for line in body)
    assert "\n    ".join(body) in inspect.getsource(membrane._ghk_current_density)
    limit = dataclasses.replace(ghk, step="zero-voltage", params=("c_in", "c_out", "z", "P"), defaults=())
    assert print_module([limit])["functions"][0].kernel[-1] == "return (F*P*z)*(c_in - c_out)"


@pytest.mark.parametrize(
    "filename,module,names",
    [
        ("membrane.py", numpy_runtime, [*ARGUMENT_RUNTIME, *NUMPY_DRIVER, "_exprel", "_logratio", "_ghkflux"]),
        ("membrane.py", numpy_runtime, ["_xexprel", "_xlogratio", "_xghkflux", "_xasinh", "_xexp"]),
        ("membrane_compiled.py", numpy_runtime, [*ARGUMENT_RUNTIME, "_xlogratio", "_xghkflux"]),
        ("membrane_compiled.py", numba_runtime, [*COMPILED_DRIVER, "_exprel", "_logratio", "_ghkflux"]),
    ],
)
def test_runtime_is_copied_verbatim(filename, module, names):
    text = (GENERATED / filename).read_text()
    for source in runtime_source(module, names):
        assert source in text, source.splitlines()[0]


def test_exprel_helper():
    x = np.array([0.0, 1e-300, -1e-300, 1e-10, -1e-5, 1.0, -40.0, 800.0])
    with np.errstate(all="raise"):  # the helper keeps its own overflow quiet
        out = _exprel(np, x)
    assert out[0] == 1.0 and out[1] == 1.0 and out[2] == 1.0
    assert np.allclose(out[3:6], [(np.exp(v) - 1) / v if abs(v) > 1e-3 else 1 + v / 2 for v in x[3:6]], rtol=1e-10)
    assert out[6] == (np.expm1(-40.0) / -40.0) and np.isinf(out[7])


def test_signature_mismatch_is_refused():
    from derive.catalogue import NumericFunction
    from derive.errors import SpecificationError

    bad = NumericFunction("f", "nernst", "nernst", ("c_in", "c_out", "T"), "s", "E", "E in {unit}")
    with pytest.raises(SpecificationError, match="free symbols"):
        bad.expression()
    with pytest.raises(SpecificationError, match="unit goes"):  # units are printed, never typed
        NumericFunction("f", "nernst", "nernst", ("c_in", "c_out", "z", "T"), "s", "E", "E in volts")
    assert derive.relation("nernst")  # registry untouched


def test_source_compiles_without_escape_warnings():
    """LaTeX that slips into a docstring untranslated (\\Delta) would be an invalid escape."""
    import warnings

    source = (GENERATED / "membrane.py").read_text(encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        compile(source, "membrane.py", "exec")
    docstrings = re.findall(r'"""(.*?)"""', source, flags=re.S)
    assert docstrings and not any("\\" in d for d in docstrings)


@pytest.mark.parametrize("filename", ["membrane.py", "membrane_compiled.py"])
def test_every_global_name_the_code_uses_is_defined(filename):
    """The runtime is copied piece by piece: a piece left out is a NameError on the path that needs it."""
    import builtins
    import dis

    source = (GENERATED / filename).read_text(encoding="utf-8")
    defined = {*dir(builtins), "__file__", "__name__"}
    for node in ast.parse(source).body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            defined.add(node.name)
        elif isinstance(node, ast.Assign):
            defined |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            defined |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, ast.Try):
            for part in [*node.body, *(h for handler in node.handlers for h in handler.body)]:
                if isinstance(part, (ast.Import, ast.ImportFrom)):
                    defined |= {(a.asname or a.name).split(".")[0] for a in part.names}
                elif isinstance(part, ast.Assign):
                    defined |= {t.id for t in part.targets if isinstance(t, ast.Name)}

    def globals_of(code):
        for instruction in dis.get_instructions(code):
            if instruction.opname in ("LOAD_GLOBAL", "LOAD_NAME"):
                yield instruction.argval
        for const in code.co_consts:
            if hasattr(const, "co_code"):
                yield from globals_of(const)

    missing = set(globals_of(compile(source, filename, "exec"))) - defined
    assert not missing, f"{filename} uses undefined names {sorted(missing)}"
