"""The relation registry: name → factory building a verified :class:`Derivation`.

Each relation lives in a module of its own and registers its factory with
:func:`register`, which refuses a name already taken. Factories take ions (and other
keyword arguments) so the same relation can be derived for a user's ion set;
:func:`relation` caches the result because verification costs seconds.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..derivation import Derivation
from ..errors import DuplicateNameError, SpecificationError, UnknownNameError


@dataclass(frozen=True)
class RelationEntry:
    """A registered relation."""

    #: Registry name (also the LaTeX label stem, eq:<name>).
    name: str
    #: Builds and verifies the derivation.
    factory: Callable[..., Derivation]


_REGISTRY: dict[str, RelationEntry] = {}


def register(name: str) -> Callable[[Callable[..., Derivation]], Callable[..., Derivation]]:
    """Decorator registering a derivation factory under ``name``; duplicates are refused."""

    def decorator(factory: Callable[..., Derivation]) -> Callable[..., Derivation]:
        if name in _REGISTRY and _REGISTRY[name].factory is not factory:
            raise DuplicateNameError("relation", name)
        _REGISTRY[name] = RelationEntry(name, factory)
        return factory

    return decorator


def relations() -> list[str]:
    """Names of all registered relations, in catalogue order."""
    return list(_REGISTRY)


@cache
def _build(name: str, kwargs: tuple[tuple[str, Any], ...]) -> Derivation:
    derivation = _REGISTRY[name].factory(**dict(kwargs))
    if derivation.name != name:
        raise SpecificationError(f"relation {name!r} built a derivation named {derivation.name!r}")
    return derivation


def relation(name: str, **kwargs: Any) -> Derivation:
    """The verified derivation registered as ``name`` (e.g. ``relation("nernst")``).

    Keyword arguments go to the relation's factory, e.g. ``relation("nernst",
    ion=POTASSIUM)``.
    """
    if name not in _REGISTRY:
        raise UnknownNameError("relation", name, relations())
    signature = inspect.signature(_REGISTRY[name].factory)
    for key in kwargs:
        if key not in signature.parameters:
            raise UnknownNameError(f"argument of relation {name!r}", key, list(signature.parameters))
    # Fill in defaults so relation("nernst") and relation("nernst", ion=GENERIC) share one build.
    bound = signature.bind(**kwargs)
    bound.apply_defaults()
    return _build(name, tuple(sorted(bound.arguments.items())))


# Importing the modules registers them; the import order is the catalogue order.
# isort: off
from . import fick  # noqa: E402
from . import nernst  # noqa: E402
from . import driving_force  # noqa: E402
from . import transport_free_energy  # noqa: E402
from . import proton_motive_force  # noqa: E402
from . import sodium_potassium_pump  # noqa: E402
from . import pump_leak  # noqa: E402
from . import ghk_current  # noqa: E402
from . import ghk_voltage  # noqa: E402
from . import ghk_voltage_calcium  # noqa: E402
from . import chord_conductance  # noqa: E402
from . import mullins_noda  # noqa: E402
from . import junction_potential  # noqa: E402
from . import exchanger  # noqa: E402
from . import donnan  # noqa: E402
from . import biionic_permeability  # noqa: E402
from . import ussing_flux_ratio  # noqa: E402
# isort: on

__all__ = [
    "RelationEntry",
    "biionic_permeability",
    "donnan",
    "exchanger",
    "ussing_flux_ratio",
    "chord_conductance",
    "driving_force",
    "fick",
    "ghk_current",
    "ghk_voltage",
    "ghk_voltage_calcium",
    "junction_potential",
    "mullins_noda",
    "nernst",
    "proton_motive_force",
    "pump_leak",
    "register",
    "relation",
    "relations",
    "sodium_potassium_pump",
    "transport_free_energy",
]
