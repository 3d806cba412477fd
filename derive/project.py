"""A project: what one build derives, verifies and writes.

The built-in catalogue (:data:`derive.catalogue.CATALOGUE`) and a user's model file
(:func:`derive.model.model_project`) are both a :class:`Project`: the relations of the
report, each with the arguments its derivation is made for (an ion, an ion set), the
numeric functions of the module, the worked examples, and the report's title. The build
(:mod:`derive.build`) has one path, for any project.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .errors import SpecificationError

if TYPE_CHECKING:
    from .catalogue import JunctionFunction, NumericFunction, SummedFunction, WorkedExample
    from .derivation import Derivation



@dataclass(frozen=True)
class RelationUse:
    """One section of a report: a registered relation and its factory's keyword arguments."""

    #: Registry name of the relation.
    name: str
    #: Keyword arguments of its factory, as (name, value) pairs (empty: its own defaults).
    arguments: tuple[tuple[str, Any], ...] = ()

    def derivation(self) -> Derivation:
        """The verified derivation (built once per process, see :func:`derive.relation`)."""
        from .relations import relation

        return relation(self.name, **dict(self.arguments))


@dataclass(frozen=True)
class Project:
    """Everything one build covers, in report order."""

    #: Identifier: the numeric module is ``<name>.py`` (and ``<name>_compiled.py``).
    name: str
    #: What the report and the module are about, plain text: the report is titled
    #: "<subject>: verified derivations" ("Membrane electrochemistry", a model's title).
    subject: str
    #: The report's sections.
    relations: tuple[RelationUse, ...]
    #: Functions of the numeric module, in module order.
    functions: tuple[NumericFunction, ...] = ()
    #: Worked examples, shown in their relation's section.
    examples: tuple[WorkedExample, ...] = ()
    #: Functions over whole solutions (the liquid junction), numpy module only.
    junction: tuple[JunctionFunction, ...] = ()
    #: Functions summed over sequences of a module function's arguments.
    summed: tuple[SummedFunction, ...] = ()
    #: Whether the report carries the relations' figures (the catalogue's; a model's report
    #: has the derivation map only, since the figures plot the catalogue's numbers).
    figures: bool = True
    #: The values the project is about, as (symbol name, exact decimal) pairs: a model's
    #: temperature, potential, concentrations and permeabilities, tabled in the report.
    values: tuple[tuple[str, str], ...] = ()
    #: Names among ``values`` that are ratios, not quantities in the symbol's unit (relative permeabilities).
    relative: tuple[str, ...] = ()
    #: Text that identifies the project's inputs beyond derive's own code (a model file's
    #: bytes, its relation files'), for the build cache's key.
    source: str = ""

    def __post_init__(self) -> None:
        names = [use.name for use in self.relations]
        if len(set(names)) != len(names):
            raise SpecificationError(f"project {self.name!r}: a relation appears twice in {names}")
        functions = [f.name for f in self.functions]
        if len(set(functions)) != len(functions):
            raise SpecificationError(f"project {self.name!r}: repeated function names in {functions}")

    @property
    def names(self) -> tuple[str, ...]:
        """Registry names of the report's relations, in order."""
        return tuple(use.name for use in self.relations)

    def use(self, name: str) -> RelationUse:
        for use in self.relations:
            if use.name == name:
                return use
        raise SpecificationError(f"project {self.name!r} has no relation {name!r}")

    def derivations(self) -> tuple[Derivation, ...]:
        return tuple(use.derivation() for use in self.relations)

    def examples_of(self, name: str) -> list[WorkedExample]:
        return [e for e in self.examples if e.relation == name]

    def key(self) -> str:
        """What the build's cache entry depends on besides derive's code and the notation."""
        return f"{self.name}\0{self.subject}\0{self.relations!r}\0{self.source}"
