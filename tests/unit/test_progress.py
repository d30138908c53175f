"""Progress of apply without a terminal (CI): a line when a wait starts, with its
length and cause, and the facts of every unfinished course whenever ten seconds pass
without a line (a fake clock stands in for time)."""

from __future__ import annotations

import io
import re

import pytest

from canvas_npq.cli.progress import LineProgress, LiveProgress, progress_for
from canvas_npq.model import Address
from canvas_npq.plan import Action
from canvas_npq.plan.model import Change


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def page(key: str, title: str) -> Change:
    return Change(Action.CREATE, Address.parse(f"page.{key}"), title)


def test_lines_every_ten_seconds_with_counts_current_object_and_waits() -> None:
    clock = FakeClock()
    lines: list[str] = []
    progress = LineProgress(lines.append, clock=clock)
    progress.reading("autumn-2026")
    progress.reading("spring-2027")
    progress.applying("autumn-2026", 301)
    progress.writing("autumn-2026", page("unit-1-1a", "1.1a Effective PD"))
    assert lines == []  # nothing to say yet: the report shows starts and ends

    clock.now += 10
    progress.written("autumn-2026")
    assert lines == [
        "autumn-2026: 1/301 done, writing + page '1.1a Effective PD'",
        "spring-2027: reading the course",
    ]
    lines.clear()
    progress.writing("autumn-2026", page("unit-1-1b", "1.1b Next"))
    progress.waiting("autumn-2026", 36.0, "throttling (rate limit)")
    assert lines == ["autumn-2026: waiting 36.0s (throttling (rate limit))"]
    lines.clear()

    # A long wait: no event at all, yet the log hears every ten seconds.
    clock.now += 9
    progress.tick()
    assert lines == []
    clock.now += 1
    progress.tick()
    assert lines[0] == (
        "autumn-2026: 1/301 done, writing + page '1.1b Next'; "
        "waiting 26s more (throttling (rate limit)); 36.0s waited for Canvas in all"
    )
    lines.clear()
    progress.finished("spring-2027")
    progress.finished("autumn-2026")
    clock.now += 30
    progress.tick()
    assert lines == ["still working"]


def test_waits_shorter_than_a_second_are_only_counted() -> None:
    clock = FakeClock()
    lines: list[str] = []
    progress = LineProgress(lines.append, clock=clock)
    progress.applying("c", 2)
    progress.waiting("c", 0.4, "Canvas's rate limit is nearly reached")
    assert lines == []
    clock.now += 10
    progress.tick()
    assert lines == ["c: 0/2 done; 0.4s waited for Canvas in all"]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


COLOUR = re.compile(r"\x1b\[[0-9;]*(3[0-9]|9[0-7])[0-9;]*m")  # a foreground colour


def live_output(monkeypatch: pytest.MonkeyPatch, no_color: bool) -> str:
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("TERM", raising=False)
    monkeypatch.setenv("COLUMNS", "120")
    screen = Terminal()
    progress = progress_for(screen)
    assert isinstance(progress, LiveProgress)
    progress.applying("autumn-2026", 3)
    progress.writing("autumn-2026", page("unit-1-1a", "1.1a Effective PD"))
    progress.written("autumn-2026")
    progress.waiting("autumn-2026", 12.0, "throttling (rate limit)")
    progress.close()
    return screen.getvalue()


def test_a_terminal_gets_a_live_display_in_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    shown = live_output(monkeypatch, no_color=False)
    assert "autumn-2026" in shown and "1/3" in shown and "waiting 12s" in shown
    assert COLOUR.search(shown)


def test_no_color_turns_the_colour_off(monkeypatch: pytest.MonkeyPatch) -> None:
    shown = live_output(monkeypatch, no_color=True)
    assert "autumn-2026" in shown and "1/3" in shown
    assert not COLOUR.search(shown)
