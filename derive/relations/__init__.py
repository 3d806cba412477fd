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
from ..ions import GENERIC, Ion
from ..renaming import Renaming, ion_renaming, offered


@dataclass(frozen=True)
class RelationEntry:
    """A registered relation."""

    #: Registry name (also the LaTeX label stem, eq:<name>).
    name: str
    #: Builds and verifies the derivation.
    factory: Callable[..., Derivation]
    #: The derivation's title, known without building it (``derive list``).
    title: str = ""
    #: Whether :func:`relations` lists it (the catalogue's sections, ``derive list``). An
    #: unlisted relation is built for user models only (``ghk_zero_current``).
    listed: bool = True


_REGISTRY: dict[str, RelationEntry] = {}


def register(
    name: str, *, title: str, listed: bool = True
) -> Callable[[Callable[..., Derivation]], Callable[..., Derivation]]:
    """Decorator registering a derivation factory under ``name``; duplicates are refused.

    ``title`` is the title of the derivations it builds (checked when one is built), so
    the catalogue can be listed without deriving anything. ``listed=False`` keeps it out of
    :func:`relations` (and so out of the built-in catalogue): :func:`relation` still builds it.
    """

    def decorator(factory: Callable[..., Derivation]) -> Callable[..., Derivation]:
        if name in _REGISTRY and _REGISTRY[name].factory is not factory:
            # A user's relation file loaded again after an edit (or another user file of the same
            # process, e.g. in tests) replaces its earlier version; built-in names stay taken.
            if not (_is_user(_REGISTRY[name].factory) and _is_user(factory)):
                raise DuplicateNameError("relation", name)
            _build.cache_clear()
        _REGISTRY[name] = RelationEntry(name, factory, title, listed)
        return factory

    return decorator


#: Module-name prefix of users' relation files (see :func:`derive.model.load_relation_file`).
USER_PREFIX = "derive_user_"


def _is_user(factory: Callable[..., Derivation]) -> bool:
    return getattr(factory, "__module__", "").startswith(USER_PREFIX)


def relations() -> list[str]:
    """Names of all listed relations, in catalogue order."""
    return [name for name, entry in _REGISTRY.items() if entry.listed]


def title(name: str) -> str:
    """The registered title of relation ``name``, without building it."""
    if name not in _REGISTRY:
        raise UnknownNameError("relation", name, relations())
    return _REGISTRY[name].title


def _renaming(name: str, kwargs: tuple[tuple[str, Any], ...]) -> Renaming | None:
    """For a derivation of one specific ion, the renaming of its generic derivation.

    Offered when exactly one argument is an ion other than the generic one, in a
    parameter whose default is the generic ion (so the generic derivation is the
    relation's own): the per-ion derivation is then accepted without re-verifying if it
    is that derivation renamed (see :mod:`derive.renaming`).
    """
    ions = [(key, value) for key, value in kwargs if isinstance(value, Ion) and not value.is_generic]
    if len(ions) != 1:
        return None
    ((key, ion),) = ions
    if inspect.signature(_REGISTRY[name].factory).parameters[key].default is not GENERIC:
        return None
    generic = _build(name, tuple((k, GENERIC if k == key else v) for k, v in kwargs))
    return ion_renaming(generic, ion)


@cache
def _build(name: str, kwargs: tuple[tuple[str, Any], ...]) -> Derivation:
    with offered(_renaming(name, kwargs)):
        derivation = _REGISTRY[name].factory(**dict(kwargs))
    if derivation.name != name:
        raise SpecificationError(f"relation {name!r} built a derivation named {derivation.name!r}")
    if derivation.title != _REGISTRY[name].title:
        raise SpecificationError(
            f"relation {name!r} built a derivation titled {derivation.title!r}, "
            f"registered as {_REGISTRY[name].title!r}"
        )
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
    arguments = {
        key: _checked_argument(name, key, value, signature.parameters[key].default)
        for key, value in bound.arguments.items()
    }
    return _build(name, tuple(sorted(arguments.items())))


def _checked_argument(name: str, key: str, value: Any, default: Any) -> Any:
    """An ion argument checked up front: an Ion (or a sequence of them, as a tuple) whose name
    no ion of another charge holds. Anything else is a SpecificationError naming the argument."""
    from ..ions import Ion

    if isinstance(default, Ion):
        if not isinstance(value, Ion):
            raise SpecificationError(
                f"relation {name!r}: argument {key!r} must be an Ion (e.g. derive.Ion('K', 1)), not {value!r}"
            )
        return value.claim()
    if isinstance(default, tuple) and default and all(isinstance(d, Ion) for d in default):
        if isinstance(value, (str, bytes)) or not isinstance(value, (tuple, list)):
            raise SpecificationError(f"relation {name!r}: argument {key!r} must be a tuple of Ions, not {value!r}")
        bad = [v for v in value if not isinstance(v, Ion)]
        if bad:
            raise SpecificationError(f"relation {name!r}: argument {key!r} holds {bad[0]!r}, which is not an Ion")
        return tuple(v.claim() for v in value)
    return value


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
from . import henderson_junction  # noqa: E402
from . import planck_junction  # noqa: E402
from . import nernst_planck_junction  # noqa: E402
from . import exchanger  # noqa: E402
from . import donnan  # noqa: E402
from . import biionic_permeability  # noqa: E402
from . import ussing_flux_ratio  # noqa: E402
from . import activity  # noqa: E402
from . import ghk_zero_current  # noqa: E402 - unlisted: for user models' ion sets
# isort: on

__all__ = [
    "RelationEntry",
    "activity",
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
    "ghk_zero_current",
    "henderson_junction",
    "junction_potential",
    "mullins_noda",
    "nernst",
    "nernst_planck_junction",
    "planck_junction",
    "proton_motive_force",
    "pump_leak",
    "register",
    "relation",
    "relations",
    "sodium_potassium_pump",
    "title",
    "transport_free_energy",
]
