"""Progress of plan and apply, per cohort: done/total, the object being written, Canvas's
throttle waits and their length.

On a terminal it is a live display (rich), in colour unless ``NO_COLOR`` is set. With
no terminal (CI logs) it is plain lines: one when a wait of a second or more begins,
and the facts of every course still working whenever ``interval`` seconds passed
without a line, so a log never goes quiet for long. Both write to stderr: stdout keeps the report
(or the JSON of ``--json``).
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Protocol

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, TaskID, TextColumn
from rich.progress import Progress as RichProgress

from canvas_npq.plan import Change

if TYPE_CHECKING:
    from canvas_npq.cli.common import Printer

Clock = Callable[[], float]
INTERVAL = 10.0  # seconds: the longest a CI log goes without a progress line
MIN_WAIT_SHOWN = 1.0  # seconds: shorter waits are only counted in the total waited


@dataclass
class CourseProgress:
    """What is known of one course's apply."""

    name: str
    total: int = 0
    done: int = 0
    phase: str = "reading"  # reading, applying, finished
    current: str = ""  # the object being written
    waiting_until: float | None = None  # end of the current throttle wait (clock time)
    wait_why: str = ""
    waited: float = 0.0  # seconds waited for Canvas so far

    def facts(self, now: float) -> str:
        if self.phase == "reading":
            text = f"{self.name}: reading the course"
        elif self.phase == "finished":
            text = f"{self.name}: {self.done}/{self.total} done"
        else:
            text = f"{self.name}: {self.done}/{self.total} done"
            if self.current:
                text += f", writing {self.current}"
        if self.waiting_until is not None and self.waiting_until > now:
            text += f"; waiting {self.waiting_until - now:.0f}s more ({self.wait_why})"
        if self.waited:
            text += f"; {self.waited:.1f}s waited for Canvas in all"
        return text


def describe_change(change: Change) -> str:
    return f"{change.action.symbol} {change.address.kind.label} {change.title!r}"


class Progress(Protocol):
    """What apply tells a progress display; every method is safe from any thread."""

    def reading(self, name: str) -> None: ...
    def applying(self, name: str, total: int) -> None: ...
    def writing(self, name: str, change: Change) -> None: ...
    def written(self, name: str) -> None: ...
    def waiting(self, name: str, seconds: float, why: str) -> None: ...
    def finished(self, name: str) -> None: ...
    def close(self) -> None: ...


class _Tracker:
    """The state of every course, kept under one lock; displays build on it."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.lock = threading.Lock()
        self.courses: dict[str, CourseProgress] = {}

    def course(self, name: str) -> CourseProgress:
        if name not in self.courses:
            self.courses[name] = CourseProgress(name)
        return self.courses[name]

    def reading(self, name: str) -> None:
        with self.lock:
            self.course(name).phase = "reading"
        self.changed(name, "reading")

    def applying(self, name: str, total: int) -> None:
        with self.lock:
            course = self.course(name)
            course.phase, course.total, course.done = "applying", total, 0
        self.changed(name, "applying")

    def writing(self, name: str, change: Change) -> None:
        with self.lock:
            course = self.course(name)
            course.current = describe_change(change)
            course.waiting_until = None
        self.changed(name, "writing")

    def written(self, name: str) -> None:
        with self.lock:
            self.course(name).done += 1
        self.changed(name, "written")

    def waiting(self, name: str, seconds: float, why: str) -> None:
        with self.lock:
            course = self.course(name)
            course.waiting_until = self.clock() + seconds
            course.wait_why = why
            course.waited += seconds
        self.changed(name, "waiting", seconds)

    def finished(self, name: str) -> None:
        with self.lock:
            course = self.course(name)
            course.phase, course.current, course.waiting_until = "finished", "", None
        self.changed(name, "finished")

    def changed(self, name: str, event: str, seconds: float = 0.0) -> None:
        """A display's hook: called after each event, outside the lock."""


class LineProgress(_Tracker):
    """Plain lines for logs (CI): a wait as it starts (with its length and cause), and
    the facts of every course still working whenever ``interval`` seconds passed
    without a line (``tick``, called by a background thread or by tests)."""

    def __init__(
        self,
        write: Callable[[str], None],
        clock: Clock = time.monotonic,
        interval: float = INTERVAL,
    ) -> None:
        super().__init__(clock)
        self.write = write
        self.interval = interval
        self.last_line = clock()
        self._ticker: threading.Thread | None = None
        self._stop = threading.Event()

    def _emit(self, lines: list[str]) -> None:
        for line in lines:
            self.write(line)
        with self.lock:
            self.last_line = self.clock()

    def changed(self, name: str, event: str, seconds: float = 0.0) -> None:
        # Starts and ends are in the report already; a wait is news as it begins.
        if event == "waiting" and seconds >= MIN_WAIT_SHOWN:
            with self.lock:
                why = self.courses[name].wait_why
            self._emit([f"{name}: waiting {seconds:.1f}s ({why})"])
        else:
            self.tick()

    def tick(self) -> None:
        """A line per unfinished course, if ``interval`` passed since the last line."""
        with self.lock:
            now = self.clock()
            if now - self.last_line < self.interval:
                return
            lines = [c.facts(now) for c in self.courses.values() if c.phase != "finished"]
        self._emit(lines or ["still working"])

    def start_ticking(self, every: float = 1.0) -> None:
        """Tick from a background thread, so a long wait is reported too."""

        def run() -> None:
            while not self._stop.wait(every):
                self.tick()

        self._ticker = threading.Thread(target=run, name="canvas-npq-progress", daemon=True)
        self._ticker.start()

    def close(self) -> None:
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join(timeout=2)


class LiveProgress(_Tracker):
    """A live display on a terminal: one row per course with a bar, done/total, and the
    object being written or the wait under way. rich draws it (and drops colour when
    ``NO_COLOR`` is set); lines printed meanwhile appear above it."""

    def __init__(self, stream: IO[str]) -> None:
        super().__init__(time.monotonic)
        self.console = Console(file=stream)
        self.display = RichProgress(
            TextColumn("[bold cyan]{task.fields[name]}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[doing]}"),
            console=self.console,
            transient=False,
            # The report is printed through print_line instead: rich's redirection would
            # miss click's writes, which go to the stream's buffer.
            redirect_stdout=False,
            redirect_stderr=False,
        )
        self.tasks: dict[str, TaskID] = {}
        self.display.start()

    def changed(self, name: str, event: str, seconds: float = 0.0) -> None:
        with self.lock:
            course = self.courses[name]
            now = self.clock()
            if course.waiting_until is not None and course.waiting_until > now:
                doing = f"[yellow]waiting {course.waiting_until - now:.0f}s ({course.wait_why})"
            elif course.phase == "reading":
                doing = "[dim]reading the course"
            elif course.phase == "finished":
                doing = "[green]done"
            else:
                doing = course.current.replace("[", "\\[")
            total, done = course.total or None, course.done
        if name not in self.tasks:
            self.tasks[name] = self.display.add_task("", total=total, name=name, doing=doing)
        self.display.update(self.tasks[name], total=total, completed=done, doing=doing)

    def print_line(self, line: str) -> None:
        """Print a line of the report above the display (not over it)."""
        self.console.print(line, markup=False, highlight=False, soft_wrap=True)

    def takes_output(self, to_stderr: bool) -> bool:
        """Whether the report's lines must go through :meth:`print_line`: those for
        stderr always, those for stdout when stdout is this terminal too (not when it
        is redirected to a file)."""
        return to_stderr or _is_terminal(sys.stdout)

    def close(self) -> None:
        self.display.stop()


def _is_terminal(stream: IO[str] | None) -> bool:
    return bool(stream is not None and getattr(stream, "isatty", lambda: False)())


def progress_for(stream: IO[str]) -> LineProgress | LiveProgress:
    """The live display on a terminal, lines elsewhere (CI)."""
    if _is_terminal(stream):
        return LiveProgress(stream)
    lines = LineProgress(lambda line: print(line, file=stream, flush=True))
    lines.start_ticking()
    return lines


def showing(progress: LineProgress | LiveProgress, printer: Printer) -> LineProgress | LiveProgress:
    """``progress``, with the printer's lines sent above its live display if it has one."""
    if isinstance(progress, LiveProgress) and progress.takes_output(printer.to_stderr):
        printer.through = progress.print_line
    return progress
