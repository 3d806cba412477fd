"""derive: verified symbolic derivations for membrane electrochemistry.

>>> import derive
>>> derive.relations()  # doctest: +NORMALIZE_WHITESPACE
['fick', 'nernst', 'driving_force', 'transport_free_energy', 'proton_motive_force',
 'sodium_potassium_pump', 'pump_leak', 'ghk_current', 'ghk_voltage', 'ghk_voltage_calcium',
 'chord_conductance', 'mullins_noda', 'junction_potential', 'henderson_junction',
 'planck_junction', 'nernst_planck_junction', 'exchanger', 'donnan', 'biionic_permeability',
 'ussing_flux_ratio', 'activity']
>>> d = derive.relation("nernst")
>>> d.result.equation
Eq(E, R*T*log(c_out/c_in)/(F*z))

The pipeline, one package folder per stage: potential terms (:mod:`derive.terms`) →
relations (:mod:`derive.relations`) → verified derivations
(:mod:`derive.derivation`) → printers (:mod:`derive.printing`) → jinja2 templates →
artifacts (:mod:`derive.build`).
"""

from __future__ import annotations

import sys as _sys
import types as _types
from importlib import import_module as _import_module
from importlib.util import find_spec as _find_spec

from .errors import (
    DerivationStructureError,
    DeriveError,
    DimensionError,
    DuplicateNameError,
    SpecificationError,
    UnknownNameError,
    VerificationError,
)

__version__ = "0.1.0"

#: The public names that need SymPy: name -> (module of derive, its name there). They load
#: on first use (PEP 562), so ``import derive`` and the ``derive`` command's parser import
#: no SymPy, numpy or jinja2; the first use loads them all at once with the relations
#: registered, as the eager import did.
_LAZY = {
    **{
        name: ("derivation", name)
        for name in (
            "ApplyConditions",
            "ApplyToBoth",
            "Cite",
            "Derivation",
            "Differentiate",
            "Divide",
            "Evaluate",
            "IntegrateODE",
            "Linearise",
            "Premise",
            "Rearrange",
            "SolveFor",
            "Step",
            "Substitute",
            "TakeLimit",
            "TakeLogarithm",
        )
    },
    **{
        name: ("ions", name)
        for name in ("CALCIUM", "CHLORIDE", "DEFAULT_IONS", "GENERIC", "POTASSIUM", "SODIUM", "Ion")
    },
    **{name: ("relations", name) for name in ("register", "relation", "relations")},
    "define_symbol": ("symbols", "define"),
    "symbol": ("symbols", "sym"),
    # The catalogue's types load with the catalogue, only when asked for.
    "NumericFunction": ("catalogue", "NumericFunction"),
    "WorkedExample": ("catalogue", "WorkedExample"),
}


def __getattr__(name: str) -> object:
    if name in _LAZY and _LAZY[name][0] == "catalogue":
        value = getattr(_import_module(".catalogue", __name__), name)
        globals()[name] = value
        return value
    if name in _LAZY:
        _load()
        return globals()[name]
    if not name.startswith("__") and _find_spec(f"{__name__}.{name}") is not None:
        # A submodule reached as an attribute (``derive.cache.cache_dir()`` after ``import
        # derive``), which the eager import made work for most of them. Only the submodule
        # loads: ``from . import cache`` inside derive asks here too, and must stay light.
        return _import_module(f".{name}", __name__)
    raise AttributeError(f"module 'derive' has no attribute {name!r}")


def _load() -> None:
    """What ``import derive`` used to do: register the relations, bind the public names."""
    _import_module(".relations", __name__)
    for public, (module, attribute) in _LAZY.items():
        if module != "catalogue":
            globals()[public] = getattr(_import_module(f".{module}", __name__), attribute)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


class _Package(_types.ModuleType):
    """derive's module type: ``derive.relations`` stays the function :func:`relations`.

    Importing the subpackage ``derive.relations`` binds it as an attribute of its parent;
    the eager ``from .relations import relations`` used to rebind the name to the function
    right after, so the function is what ``derive.relations`` has always meant.
    """

    def __setattr__(self, name: str, value: object) -> None:
        if name == "relations" and value is _sys.modules.get(f"{__name__}.relations"):
            return
        super().__setattr__(name, value)


_sys.modules[__name__].__class__ = _Package


def figure(name: str, notation: object = None) -> object:
    """The report's figure of relation ``name`` (or ``"derivation-map"``) as a matplotlib Figure."""
    from .figures import figure as _figure

    return _figure(name, notation)


__all__ = [
    "ApplyConditions",
    "ApplyToBoth",
    "Cite",
    "Differentiate",
    "Divide",
    "Evaluate",
    "IntegrateODE",
    "Linearise",
    "NumericFunction",
    "Premise",
    "Rearrange",
    "SolveFor",
    "Substitute",
    "TakeLimit",
    "TakeLogarithm",
    "WorkedExample",
    "define_symbol",
    "register",
    "symbol",
    "CALCIUM",
    "CHLORIDE",
    "DEFAULT_IONS",
    "GENERIC",
    "POTASSIUM",
    "SODIUM",
    "Derivation",
    "DerivationStructureError",
    "DeriveError",
    "DimensionError",
    "DuplicateNameError",
    "Ion",
    "SpecificationError",
    "Step",
    "UnknownNameError",
    "VerificationError",
    "figure",
    "relation",
    "relations",
]
