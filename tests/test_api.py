"""Python API, registries and domain objects."""

from __future__ import annotations

import pytest
import sympy
from sympy.physics import units as u

import derive
from derive.errors import DuplicateNameError, SpecificationError, UnknownNameError
from derive.relations import register
from derive.symbols import SYMBOLS, SymbolSpec
from helpers import CATALOGUE


def test_relations_and_relation():
    assert derive.relations() == CATALOGUE
    d = derive.relation("nernst")
    assert isinstance(d, derive.Derivation)
    assert d.result.label == "nernst" and len(d.steps) == 7 and d.assumptions
    assert derive.relation("nernst") is d  # cached


def test_unknown_relation_lists_the_known_ones():
    with pytest.raises(UnknownNameError) as info:
        derive.relation("goldman")
    assert isinstance(info.value, KeyError)
    assert "known: " + ", ".join(CATALOGUE) in str(info.value)


def test_relations_are_functions_of_ions():
    for ion in derive.DEFAULT_IONS:
        eq = derive.relation("nernst", ion=ion).result.equation
        assert eq.lhs == ion.E
        assert eq.rhs.free_symbols == {
            ion.c_in,
            ion.c_out,
            SYMBOLS["R"].symbol,
            SYMBOLS["T"].symbol,
            SYMBOLS["F"].symbol,
        }
    user_ion = derive.Ion("Li", 1)
    eq = derive.relation("ghk_current", ion=user_ion).step("zero-voltage").equation
    assert eq.rhs == user_ion.P * SYMBOLS["F"].symbol * (user_ion.c_in - user_ion.c_out)


def test_ion_notation_follows_it():
    k = derive.POTASSIUM
    assert (k.c_in.name, k.c_out.name, k.P.name, k.E.name) == ("K_in", "K_out", "P_K", "E_K")
    assert SYMBOLS["K_in"].latex == r"[\mathrm{K}^{+}]_{\mathrm{i}}"
    assert derive.CALCIUM.latex == r"\mathrm{Ca}^{2+}" and derive.CHLORIDE.label == "Cl-"
    assert derive.CALCIUM.z == 2 and derive.GENERIC.z == sympy.Symbol("z", integer=True, nonzero=True)


@pytest.mark.parametrize("name,charge", [("K", 0), ("k", 1), ("K+", 1), ("K", 1.0), ("K", True)])
def test_invalid_ions_are_refused(name, charge):
    with pytest.raises(SpecificationError):
        derive.Ion(name, charge)


def test_ions_are_immutable():
    with pytest.raises(AttributeError):
        derive.POTASSIUM.charge = 2


def test_conflicting_ion_notation_is_loud():
    with pytest.raises(DuplicateNameError):
        _ = derive.Ion("K", 2).c_in  # K_in already means K+ inside


def test_symbol_registry_refuses_redefinition():
    with pytest.raises(DuplicateNameError):
        SYMBOLS.register(SymbolSpec("T", "T", u.volt, "not a temperature", ("positive",)))
    SYMBOLS.register(SYMBOLS["T"])  # the same definition again is fine


def test_symbol_spec_validation():
    with pytest.raises(SpecificationError, match="assumption"):
        SymbolSpec("q", "q", 1, "x", ("posative",))
    with pytest.raises(SpecificationError, match="identifier"):
        SymbolSpec("q-1", "q", 1, "x")
    with pytest.raises(SpecificationError, match="meaning"):
        SymbolSpec("q", "q", 1, "")


def test_relation_registry_refuses_duplicates():
    with pytest.raises(DuplicateNameError):
        register("nernst", title="Nernst equilibrium potential")(lambda: None)


def test_constants_are_exact():
    from derive.constants import FARADAY, GAS_CONSTANT

    assert sympy.Rational("96485.3321233100184") == FARADAY
    assert sympy.Rational("8.31446261815324") == GAS_CONSTANT


def test_potential_terms():
    from derive.terms import electrochemical_potential

    eq = electrochemical_potential(derive.SODIUM, "out")
    R, T, F = (SYMBOLS[n].symbol for n in "RTF")
    c_std, psi_out = SYMBOLS["c_std"].symbol, SYMBOLS["psi_out"].symbol
    assert eq.rhs == derive.SODIUM.mu_standard + R * T * sympy.log(derive.SODIUM.c_out / c_std) + F * psi_out
