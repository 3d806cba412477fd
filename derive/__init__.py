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

from .derivation import (
    ApplyConditions,
    ApplyToBoth,
    Cite,
    Derivation,
    Differentiate,
    Divide,
    Evaluate,
    IntegrateODE,
    Linearise,
    Premise,
    Rearrange,
    SolveFor,
    Step,
    Substitute,
    TakeLimit,
    TakeLogarithm,
)
from .errors import (
    DerivationStructureError,
    DeriveError,
    DimensionError,
    DuplicateNameError,
    SpecificationError,
    UnknownNameError,
    VerificationError,
)
from .ions import CALCIUM, CHLORIDE, DEFAULT_IONS, GENERIC, POTASSIUM, SODIUM, Ion
from .relations import register, relation, relations
from .symbols import define as define_symbol
from .symbols import sym as symbol

__version__ = "0.1.0"


def __getattr__(name: str) -> object:
    # The catalogue's types load on first use, so `import derive` stays light.
    if name in ("NumericFunction", "WorkedExample"):
        from . import catalogue

        return getattr(catalogue, name)
    raise AttributeError(f"module 'derive' has no attribute {name!r}")


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
