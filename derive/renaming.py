"""Per-ion derivations as renamings of the generic one, checked without re-verifying.

``relation("ghk_current", ion=POTASSIUM)`` is the generic derivation (charge ``z``,
``c_in``, ``P``, ...) with every ion symbol renamed (``K_in``, ``P_K``, ...) and ``z``
replaced by the ion's charge. Verifying it again from scratch repeats the same algebra
with other names. Instead the factory still builds the per-ion derivation the usual
way (so it is exactly what it always was), and :func:`checks_by_renaming` accepts it
without running the rules when it is the image of the verified generic derivation
under a :class:`Renaming` that cannot turn a true step into a false one.

Why that is sound. Every rule's check establishes a statement about its step that
holds for *all* values of the symbols allowed by their assumptions (a concentration is
any positive number, ``z`` any nonzero integer), with dimensions read from the symbol
registry; it never depends on a symbol's name. So:

* renaming a symbol to another with the *same* assumptions and the *same* unit, one to
  one and onto symbols the generic derivation does not already use, maps each verified
  statement to the same statement about other letters, which is just as true. The
  structural conditions of the rules (a defined quantity is fresh, a limit is written
  ``Limit(lhs, V, 0)``, a solution is for the declared unknowns, ...) are about the
  shape of expressions and which symbols they contain; a one-to-one renaming preserves
  both;
* replacing ``z`` by a number ``q`` that satisfies every assumption of ``z`` (an integer,
  nonzero) specialises a statement proved for all such ``z``, and facts SymPy derived
  from the assumptions (a factor is nonzero, a side is positive) hold at ``q`` as
  well. The one way a statement about all ``z`` can fail at a single value is at a
  removable singularity, where an expression is undefined: that shows up as ``nan``,
  ``zoo`` or an infinity in the specialised equations, and then the renaming is refused
  and the derivation is verified in full. Dimension checks are rerun on every step.

What is compared: the name, labels, results and derivation-local symbols are equal;
each step's rule is of the same type, its equation is the image of the generic step's
equation, and every parameter of its rule (variables, points, unknowns, ...) is the
image of the generic one's. A cited derivation (``Cite``) must be the same relation,
and the cited step's equation the image of the generic citation's. Justifications and
titles are words, which no rule checks, so they may name the ion.
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

import sympy
from sympy.physics.units import Dimension

from .dimensions import check_dimensions, describe

if TYPE_CHECKING:
    from .derivation import Check, Derivation
    from .ions import Ion


#: Values that mark a specialisation at a singular point.
_SINGULAR = (sympy.nan, sympy.zoo, sympy.oo, -sympy.oo)


@dataclasses.dataclass(frozen=True)
class Renaming:
    """Symbols of a verified derivation → their images (symbols, or numbers for ``z``)."""

    #: The verified derivation that is renamed.
    source: Derivation
    #: Symbol → image.
    mapping: Mapping[Any, Any]

    def image(self, expr: Any) -> Any:
        """``expr`` with every symbol renamed at once."""
        return expr.xreplace(dict(self.mapping))


def ion_renaming(generic: Derivation, ion: Ion) -> Renaming | None:
    """The renaming from the generic ion's symbols to ``ion``'s, or None if unsound.

    Symbols map pairwise (``c_in`` → ``K_in``, ``P`` → ``P_K``, ...); ``z`` maps to the
    charge. Refused (None) when a pair differs in assumptions or unit, when two symbols
    would map to one, when an image is already used by the generic derivation, or when
    the charge does not satisfy every assumption of ``z``.
    """
    from .ions import GENERIC
    from .symbols import SYMBOLS

    if ion.is_generic:
        return None
    mapping: dict[Any, Any] = {}
    for old, new in zip(GENERIC.register_symbols(), ion.register_symbols(), strict=True):
        a, b = SYMBOLS[old.name], SYMBOLS[new.name]
        if a.assumptions != b.assumptions or a.dimension != b.dimension or a.kind != b.kind:
            return None
        mapping[old] = new
    z = GENERIC.z
    if not all(getattr(ion.z, f"is_{assumption}") is True for assumption in SYMBOLS[z.name].assumptions):
        return None
    if SYMBOLS[z.name].dimension != Dimension(1):
        return None
    mapping[z] = ion.z
    images = [v for v in mapping.values() if isinstance(v, sympy.Symbol)]
    if len(set(images)) != len(images):
        return None
    used = set().union(*(s.equation.free_symbols for s in generic.steps))
    if used & (set(images) - set(mapping)):
        return None
    return Renaming(generic, mapping)


# The renaming offered to the derivation being built (set by the relation registry).
_OFFERED: contextvars.ContextVar[Renaming | None] = contextvars.ContextVar("derive_renaming", default=None)


@contextlib.contextmanager
def offered(renaming: Renaming | None) -> Iterator[None]:
    """While building a derivation, let it be accepted as an image under ``renaming``."""
    token = _OFFERED.set(renaming)
    try:
        yield
    finally:
        _OFFERED.reset(token)


@contextlib.contextmanager
def withdrawn() -> Iterator[None]:
    """No renaming is offered (for derivations built inside another's factory)."""
    with offered(None):
        yield


def offered_renaming() -> Renaming | None:
    return _OFFERED.get()


class _Mismatch(Exception):
    pass


def _same(generic_value: Any, value: Any, renaming: Renaming) -> None:
    """Raise _Mismatch unless ``value`` is the image of ``generic_value``."""
    from .derivation import Derivation

    if isinstance(generic_value, sympy.Basic):
        image = renaming.image(generic_value)
        if not isinstance(value, sympy.Basic) or image != value:
            raise _Mismatch
        if any(image.has(s) and not generic_value.has(s) for s in _SINGULAR):
            raise _Mismatch
    elif isinstance(generic_value, Derivation):
        raise _Mismatch  # handled by the caller (Cite), which knows the cited label
    elif isinstance(generic_value, tuple):
        if not isinstance(value, tuple) or len(value) != len(generic_value):
            raise _Mismatch
        for g, v in zip(generic_value, value, strict=True):
            _same(g, v, renaming)
    elif isinstance(generic_value, (str, int, float, bool, type(None))):
        if type(value) is not type(generic_value) or value != generic_value:
            raise _Mismatch
    elif callable(generic_value):  # ApplyToBoth's function, e.g. sympy.sign
        if value is not generic_value:
            raise _Mismatch
    else:
        raise _Mismatch


def _same_rule(generic_rule: Any, rule: Any, renaming: Renaming) -> None:
    from .derivation import Cite

    if type(rule) is not type(generic_rule):
        raise _Mismatch
    if isinstance(rule, Cite):
        g, d = generic_rule.derivation, rule.derivation
        if g is None or d is None or g.name != d.name or generic_rule.label != rule.label:
            raise _Mismatch
        g_step = g.step(rule.label) if rule.label else g.result
        d_step = d.step(rule.label) if rule.label else d.result
        _same(g_step.equation, d_step.equation, renaming)
        return
    for f in dataclasses.fields(rule):
        _same(getattr(generic_rule, f.name), getattr(rule, f.name), renaming)


def checks_by_renaming(derivation: Derivation) -> tuple[Check, ...] | None:
    """The checks of ``derivation`` if it is the image of the offered verified one, else None.

    Dimensions are checked again (cheap, and exact for the specialised charge); the
    verification methods are those of the generic derivation.
    """
    from .derivation import Check

    renaming = offered_renaming()
    if renaming is None:
        return None
    generic = renaming.source
    if (
        derivation.name != generic.name
        or len(derivation.steps) != len(generic.steps)
        or derivation.results != generic.results
        or derivation.local_symbols != generic.local_symbols
    ):
        return None
    try:
        for g, s in zip(generic.steps, derivation.steps, strict=True):
            if g.label != s.label:
                raise _Mismatch
            _same(g.equation, s.equation, renaming)
            _same_rule(g.rule, s.rule, renaming)
    except _Mismatch:
        return None
    extra = derivation.local_specs
    checks = []
    for number, (step, check) in enumerate(zip(derivation.steps, generic.checks, strict=True), start=1):
        where = f"derivation {derivation.name!r}, step {number}" + (f" ({step.label!r})" if step.label else "")
        dim = check_dimensions(step.equation, where, extra)
        checks.append(Check(method=check.method, dimension=describe(dim)))
    return tuple(checks)
