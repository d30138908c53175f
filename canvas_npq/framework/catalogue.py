"""The catalogue of NPQ framework statements that a course spec's ``covers:`` cites.

Each framework revision is a YAML file in ``canvas_npq/framework/data/`` named by its id
(``npqltd-2020-10.yaml``); :func:`load_framework` validates it and returns an immutable
:class:`Framework`. Statement ids are ``2.4`` ("learn that", numbered as printed) and
``2d`` ("learn how to", lettered per area in order of appearance).
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Literal

import yaml

from canvas_npq.framework.schema import check_framework_data

Kind = Literal["learn_that", "learn_how_to"]
KIND_LABELS: Mapping[str, str] = {"learn_that": "learn that", "learn_how_to": "learn how to"}

DATA_PACKAGE = "canvas_npq.framework"
DATA_DIR = "data"

_LEARN_THAT_REF = re.compile(r"([1-9][0-9]*)\.([1-9][0-9]*)")
_LEARN_HOW_TO_REF = re.compile(r"([1-9][0-9]*)([a-zA-Z])")


class FrameworkError(Exception):
    """Base for every error this package raises about frameworks and statements."""


class FrameworkDataError(FrameworkError):
    """A framework data file is malformed; the message lists every problem found."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = list(problems)
        listing = "\n".join(f"  - {problem}" for problem in self.problems)
        super().__init__(f"{source} is not a valid framework file:\n{listing}")


class UnknownFrameworkError(FrameworkError, LookupError):
    """No packaged framework has the requested id."""

    def __init__(self, framework_id: str, available: list[str]) -> None:
        self.framework_id = framework_id
        self.available = available
        super().__init__(
            f"unknown framework {framework_id!r}; available: {', '.join(available) or 'none'}"
        )


class StatementRefError(FrameworkError, ValueError):
    """Text that cannot be a statement reference at all (``'2.x'``, ``'d2'``, ``''``)."""


class UnknownStatementError(FrameworkError, LookupError):
    """A well-formed statement id that the framework does not contain."""

    def __init__(
        self, statement_id: str, framework_id: str, detail: str, suggestion: str | None
    ) -> None:
        self.statement_id = statement_id
        self.framework_id = framework_id
        self.suggestion = suggestion
        hint = f"; did you mean {suggestion}?" if suggestion else ""
        super().__init__(f"{statement_id} is not a statement of {framework_id}: {detail}{hint}")


@dataclass(frozen=True)
class Area:
    """One area of a framework; area 1 of NPQLTD (Teaching) has no statements of its own."""

    number: int
    title: str
    description: str | None = None
    see_also: str | None = None


@dataclass(frozen=True)
class Statement:
    """A "learn that" or "learn how to" statement; ``heading`` is set for "learn how to"."""

    id: str
    area: int
    kind: Kind
    text: str
    heading: str | None = None

    @property
    def kind_label(self) -> str:
        """The kind as the framework writes it: ``learn that`` or ``learn how to``."""
        return KIND_LABELS[self.kind]


@dataclass(frozen=True)
class Framework:
    """One revision of an NPQ framework: its areas and statements in document order."""

    id: str
    title: str
    areas: tuple[Area, ...]
    statements: tuple[Statement, ...]
    qualification: str | None = None
    publisher: str | None = None
    published: str | None = None
    reference: str | None = None
    licence: str | None = None
    notes: tuple[str, ...] = ()
    _by_id: Mapping[str, Statement] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {s.id: s for s in self.statements})

    def area(self, number: int) -> Area:
        """The area with this number; raises :class:`LookupError` if there is none."""
        for area in self.areas:
            if area.number == number:
                return area
        raise LookupError(f"{self.id} has no area {number}")

    def get(self, statement_ref: str) -> Statement:
        """The statement for a reference such as ``'2.4'``, ``'2D'`` or ``' 4.10 '``.

        Raises :class:`StatementRefError` for text that is no reference at all and
        :class:`UnknownStatementError` (with a close match, if any) for an id the
        framework does not have.
        """
        statement_id = parse_statement_ref(statement_ref)
        statement = self._by_id.get(statement_id)
        if statement is None:
            raise self._unknown(statement_id)
        return statement

    def __contains__(self, statement_ref: object) -> bool:
        if not isinstance(statement_ref, str):
            return False
        try:
            return parse_statement_ref(statement_ref) in self._by_id
        except StatementRefError:
            return False

    def statements_in(self, area: int, kind: Kind | None = None) -> tuple[Statement, ...]:
        """The statements of one area in document order, optionally of one kind only."""
        return tuple(
            s for s in self.statements if s.area == area and (kind is None or s.kind == kind)
        )

    def _unknown(self, statement_id: str) -> UnknownStatementError:
        detail = self._why_unknown(statement_id)
        suggestions = difflib.get_close_matches(
            statement_id, self._suggestion_pool(statement_id), n=1, cutoff=0.5
        )
        return UnknownStatementError(
            statement_id, self.id, detail, suggestions[0] if suggestions else None
        )

    def _suggestion_pool(self, statement_id: str) -> list[str]:
        """Ids worth suggesting: the same area and kind if the area exists, else the kind."""
        kind = _kind_of(statement_id)
        number = _area_number(statement_id)
        if any(area.number == number for area in self.areas):
            return [s.id for s in self.statements_in(number, kind)]
        return [s.id for s in self.statements if s.kind == kind]

    def _why_unknown(self, statement_id: str) -> str:
        """Say what the area does have, so an author can see the valid range at a glance."""
        number = _area_number(statement_id)
        if not any(area.number == number for area in self.areas):
            return f"it has areas {self.areas[0].number}-{self.areas[-1].number} only"
        area = self.area(number)
        if not self.statements_in(number):
            return f"area {number} ({area.title}) has no statements of its own"
        kind = _kind_of(statement_id)
        present = self.statements_in(number, kind)
        if not present:
            return f"area {number} ({area.title}) has no {KIND_LABELS[kind]!r} statements"
        return (
            f"area {number} ({area.title}) has {KIND_LABELS[kind]!r} statements "
            f"{present[0].id}-{present[-1].id}"
        )


def parse_statement_ref(text: str) -> str:
    """Normalise a statement reference: ``' 2.10 '`` -> ``'2.10'``, ``'2D'`` -> ``'2d'``.

    Only the form is checked here; whether the framework has the statement is
    :meth:`Framework.get`'s job. Raises :class:`StatementRefError` with the accepted
    forms for anything else.
    """
    if not isinstance(text, str):
        raise StatementRefError(_not_text_message(text))
    candidate = text.strip()
    if _LEARN_THAT_REF.fullmatch(candidate):
        return candidate
    if _LEARN_HOW_TO_REF.fullmatch(candidate):
        return candidate.lower()
    raise StatementRefError(
        f"{text!r} is not a statement reference: write an area number and a statement "
        "number for 'learn that' (e.g. 2.4, 4.10) or an area number and a letter for "
        "'learn how to' (e.g. 2d)"
    )


def _kind_of(statement_id: str) -> Kind:
    return "learn_that" if "." in statement_id else "learn_how_to"


def _area_number(statement_id: str) -> int:
    """The area a normalised statement id belongs to: ``'4.10'`` -> 4, ``'2d'`` -> 2."""
    return int(statement_id.split(".")[0] if "." in statement_id else statement_id[:-1])


def _not_text_message(value: object) -> str:
    if isinstance(value, float):
        # YAML reads an unquoted 4.10 as the number 4.1; guessing would cite the wrong one.
        return (
            f"statement reference {value!r} was read as a number; quote it in YAML "
            f"(e.g. '{value}') so that 4.10 is not read as 4.1"
        )
    return f"statement reference must be text such as '2.4' or '2d', got {value!r}"


def available_frameworks() -> list[str]:
    """Ids of the packaged frameworks, sorted."""
    data = resources.files(DATA_PACKAGE).joinpath(DATA_DIR)
    return sorted(
        entry.name.removesuffix(".yaml") for entry in data.iterdir() if entry.name.endswith(".yaml")
    )


@functools.cache
def load_framework(framework_id: str) -> Framework:
    """Load and validate a packaged framework; cached, so call it freely."""
    available = available_frameworks()
    if framework_id not in available:
        raise UnknownFrameworkError(framework_id, available)
    resource = resources.files(DATA_PACKAGE).joinpath(DATA_DIR).joinpath(f"{framework_id}.yaml")
    source = f"{DATA_PACKAGE.replace('.', '/')}/{DATA_DIR}/{framework_id}.yaml"
    try:
        data = yaml.safe_load(resource.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise FrameworkDataError(source, [f"not valid YAML: {error}"]) from error
    return framework_from_data(data, source=source, expected_id=framework_id)


def framework_from_data(
    data: object, source: str = "<framework data>", expected_id: str | None = None
) -> Framework:
    """Build a :class:`Framework` from parsed YAML, or raise :class:`FrameworkDataError`."""
    problems = check_framework_data(data, expected_id)
    if problems:
        raise FrameworkDataError(source, problems)
    assert isinstance(data, Mapping)  # guaranteed by the check above
    areas = tuple(_area(raw) for raw in data["areas"])
    statements = tuple(s for raw in data["areas"] for s in _statements(raw))
    return Framework(
        id=data["id"],
        title=data["title"],
        areas=areas,
        statements=statements,
        qualification=data.get("qualification"),
        publisher=data.get("publisher"),
        published=data.get("published"),
        reference=data.get("reference"),
        licence=data.get("licence"),
        notes=tuple(data.get("notes", ())),
    )


def _area(raw: Mapping[str, Any]) -> Area:
    return Area(
        number=raw["number"],
        title=raw["title"],
        description=raw.get("description"),
        see_also=raw.get("see_also"),
    )


def _statements(raw: Mapping[str, Any]) -> list[Statement]:
    number = raw["number"]
    found = [
        Statement(id=item["id"], area=number, kind="learn_that", text=item["text"])
        for item in raw.get("learn_that", [])
    ]
    for group in raw.get("learn_how_to", []):
        found += [
            Statement(
                id=item["id"],
                area=number,
                kind="learn_how_to",
                text=item["text"],
                heading=group["heading"],
            )
            for item in group["statements"]
        ]
    return found
