"""Problems found in a spec, each pinned to a file, line and column.

Validation collects every problem it can find in one pass and raises them together
as a :class:`SpecError`, so an author fixes a spec in one round rather than ten.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a spec.

    ``file`` is relative to the spec folder (posix separators) when the problem is
    inside it; ``line`` and ``column`` are 1-based and ``None`` when unknown.
    """

    file: str
    line: int | None
    column: int | None
    message: str
    hint: str | None = None

    @property
    def location(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}"
        if self.hint:
            text += f". {self.hint}"
        return text


class SpecError(Exception):
    """A spec that cannot be used, with every problem that was found in it."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = sort_problems(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Problems in reading order: by file, then line, then column (stable)."""
    return sorted(problems, key=lambda p: (p.file, p.line or 0, p.column or 0))


class Problems:
    """A collector that validation code appends to as it walks the spec."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(
        self,
        file: str,
        line: int | None,
        column: int | None,
        message: str,
        hint: str | None = None,
    ) -> None:
        self.items.append(Problem(file, line, column, message, hint))

    def extend(self, problems: Iterable[Problem]) -> None:
        self.items.extend(problems)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise SpecError(self.items)
