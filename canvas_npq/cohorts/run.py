"""Running one piece of work per cohort, several at once within a bound.

Each cohort's work runs in its own thread with its own connection; an exception in
one is caught and returned as that cohort's outcome, so one failing cohort never stops
the others. Results come back in the order the cohorts were given.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

DEFAULT_PARALLEL = 4


@dataclass(frozen=True)
class Outcome(Generic[T, R]):
    """What one unit of work gave: its ``result``, or the ``error`` it raised."""

    item: T
    result: R | None = None
    error: BaseException | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def run_each(
    items: Sequence[T],
    work: Callable[[T], R],
    parallel: int = DEFAULT_PARALLEL,
    done: Callable[[Outcome[T, R]], None] | None = None,
) -> list[Outcome[T, R]]:
    """Run ``work(item)`` for every item, at most ``parallel`` at once.

    ``done`` is called (from the worker thread) as each finishes, e.g. to print its
    output while the others are still running.
    """

    def one(item: T) -> Outcome[T, R]:
        try:
            outcome: Outcome[T, R] = Outcome(item, result=work(item))
        except Exception as error:  # reported as this item's outcome
            outcome = Outcome(item, error=error)
        if done is not None:
            done(outcome)
        return outcome

    if len(items) <= 1 or parallel <= 1:
        return [one(item) for item in items]
    with ThreadPoolExecutor(max_workers=min(parallel, len(items))) as pool:
        return list(pool.map(one, items))
