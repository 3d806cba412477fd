"""Exceptions raised by derive.

Every error derives from :class:`DeriveError` and, where it means the same thing as a
built-in exception, from that built-in too, so ``except ValueError`` keeps working.
The errors carry structured fields (which step, which rule, what was left over) so
callers and tests need not parse messages.
"""

from __future__ import annotations

from typing import Any


class DeriveError(Exception):
    """Base class of every error raised by derive."""


class VerificationError(DeriveError, ArithmeticError):
    """A derivation step does not follow from what came before it.

    Attributes
    ----------
    derivation:
        Name of the derivation being built.
    step:
        1-based number of the offending step.
    label:
        The step's label (empty when it has none).
    rule:
        Human-readable name of the rule the step claims.
    residual:
        What was left over: the expression that should have been zero.
    detail:
        Extra context (e.g. the numeric point at which a check failed).
    """

    def __init__(
        self,
        derivation: str,
        step: int,
        label: str,
        rule: str,
        residual: Any,
        detail: str = "",
    ) -> None:
        self.derivation = derivation
        self.step = step
        self.label = label
        self.rule = rule
        self.residual = residual
        self.detail = detail
        name = f"step {step}" + (f" ({label!r})" if label else "")
        msg = f"derivation {derivation!r}, {name}: does not follow by rule {rule!r}; left over: {residual}"
        if detail:
            msg += f" [{detail}]"
        super().__init__(msg)


class DimensionError(DeriveError, ValueError):
    """An expression is dimensionally inconsistent.

    Attributes
    ----------
    where:
        Which equation or step, in words.
    expression:
        The offending sub-expression.
    reason:
        What is wrong (e.g. "argument of log has dimension amount/length**3").
    """

    def __init__(self, where: str, expression: Any, reason: str) -> None:
        self.where = where
        self.expression = expression
        self.reason = reason
        super().__init__(f"{where}: {reason} in {expression}")


class DerivationStructureError(DeriveError, ValueError):
    """A derivation is malformed: a step refers to a later step, a label repeats, etc."""


class UnknownNameError(DeriveError, KeyError):
    """A name (relation, symbol, output format) is not registered.

    ``KeyError`` quotes its argument, so ``__str__`` is overridden to keep the
    message readable.
    """

    def __init__(self, kind: str, name: str, known: list[str] | tuple[str, ...]) -> None:
        self.kind = kind
        self.name = name
        self.known = tuple(known)
        super().__init__(name)

    def __str__(self) -> str:
        known = ", ".join(self.known) if self.known else "(none)"
        return f"unknown {self.kind} {self.name!r}; known: {known}"


class DuplicateNameError(DeriveError, ValueError):
    """A registry already holds a different entry under this name."""

    def __init__(self, kind: str, name: str) -> None:
        self.kind = kind
        self.name = name
        super().__init__(f"{kind} {name!r} is already registered with a different definition")


class IonClashError(DuplicateNameError):
    """An ion's name is already held, in this process, by an ion of another charge.

    Attributes
    ----------
    name:
        The ion's name (``"K"``).
    charge:
        The charge asked for.
    held:
        The charge of the ion already using the name (and its symbols ``K_in``, ``E_K``, ...).
    """

    def __init__(self, name: str, charge: int | None, held: int | None) -> None:
        self.charge = charge
        self.held = held
        super().__init__("ion", name)
        Exception.__init__(
            self,
            f"ion {name!r} of charge {charge} clashes with the ion {name!r} of charge {held} already in use "
            f"(its symbols {name}_in, E_{name}, ... are taken); give this ion another name, "
            f"e.g. {name + str(abs(charge or 1))!r}",
        )


class UserFileError(DeriveError, FileExistsError):
    """Files in the output folder that derive did not write (or that were edited since) are in
    the way; derive never replaces them unless told to (``--force``).

    Attributes
    ----------
    folder:
        The output folder.
    files:
        Each file in the way, with why (``"paper/references.bib (not written by derive)"``).
    """

    def __init__(
        self,
        folder: Any,
        files: list[str],
        advice: str = "Move them away, or pass --force to replace them (references.bib is then merged).",
    ) -> None:
        self.folder = folder
        self.files = tuple(files)
        Exception.__init__(
            self, f"{folder}: refusing to replace {len(files)} file(s) derive did not write: " + "; ".join(files) + ". " + advice
        )

    def __str__(self) -> str:
        return str(self.args[0])


class SpecificationError(DeriveError, ValueError):
    """An immutable domain object was created with invalid fields."""


class NotationError(SpecificationError):
    """A notation setting has a value it cannot take.

    Attributes
    ----------
    key:
        The setting, as written in a notation file (``units.per_mode``, ``symbols.E_K``).
    value:
        The value given.
    reason:
        What is wrong with it.
    source:
        The notation file, or ``"notation"`` for one given in code.
    """

    def __init__(self, key: str, value: Any, reason: str, source: str = "notation") -> None:
        self.key = key
        self.value = value
        self.reason = reason
        self.source = source
        where = f"{source}: {key!r}" if key else source
        super().__init__(f"{where} = {value!r} {reason}" if key else f"{where} {reason}")


class NotationKeyError(UnknownNameError):
    """A notation file or a merge names a setting, symbol or letter that does not exist."""

    def __init__(self, name: str, known: list[str] | tuple[str, ...], source: str = "notation") -> None:
        self.source = source
        super().__init__("notation setting", name, known)

    def __str__(self) -> str:
        known = ", ".join(self.known) if self.known else "(none)"
        prefix = "" if self.source == "notation" else f"{self.source}: "
        return f"{prefix}unknown notation setting {self.name!r}; known: {known}"


class UnknownReferenceError(UnknownNameError):
    """A relation cites a BibTeX key that :mod:`derive.bibliography` does not hold."""

    def __init__(self, name: str, known: list[str] | tuple[str, ...], where: str = "") -> None:
        self.where = where
        super().__init__("reference", name, known)

    def __str__(self) -> str:
        prefix = f"{self.where}: " if self.where else ""
        known = ", ".join(self.known)
        return f"{prefix}unknown reference {self.name!r} (add it to derive/bibliography.py); known: {known}"


class QuantityError(DeriveError, ValueError):
    """A value that is not a quantity of the expected dimension.

    Attributes
    ----------
    where : str
        Where the value came from: an argument name, or ``file: key``.
    value : object
        The value as given.
    expected : str
        What was expected, in words (e.g. ``"a concentration (mol/m^3, mM, ...)"``).
    """

    def __init__(self, where: str, value: Any, expected: str, problem: str) -> None:
        self.where = where
        self.value = value
        self.expected = expected
        super().__init__(f"{where}: {problem}; expected {expected}")


class CalcError(DeriveError, ValueError):
    """``derive calc`` was given a target or arguments it cannot evaluate."""


class ModelError(DeriveError, ValueError):
    """A model file (or model table) that cannot be used.

    Attributes
    ----------
    source : str
        The model file.
    key : str
        The key as the file spells it (``ions.K.inside``, ``relations[2]``); empty for the whole file.
    expected : str
        What the key must be, in words.
    problem : str
        What was found instead.
    """

    def __init__(self, source: str, key: str, expected: str, problem: str) -> None:
        self.source = source
        self.key = key
        self.expected = expected
        self.problem = problem
        where = f"{source}: {key}" if key else source
        super().__init__(f"{where}: {problem}; expected {expected}")


class RelationFileError(DeriveError, ValueError):
    """A user's relation file (a model's ``modules``) that fails: it does not import, or a
    relation it registers does not verify.

    Attributes
    ----------
    source : str
        The relation file.
    relation : str
        The relation that failed (empty when the file itself failed to import).
    """

    def __init__(self, source: str, relation: str, problem: str) -> None:
        self.source = source
        self.relation = relation
        self.problem = problem
        where = f"{source}: relation {relation!r}" if relation else source
        super().__init__(f"{where}: {problem}")


class BuildError(DeriveError, RuntimeError):
    """An artifact could not be produced (e.g. pdflatex failed)."""
