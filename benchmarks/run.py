"""``make bench``: how canvas-npq performs at Canvas's real latency.

Starts the Canvas sandbox in a child process on loopback with an injected latency
(``--latency-ms``, 100 ms by default: hosted Canvas answers in roughly 100-300 ms) and
its throttle emulation on (a request over the line is refused, as Canvas does), then
runs each scenario on a fresh course as CI would: ``canvas-npq`` in a child process.
Per scenario it prints requests (reads / writes), writes per object written (every write
request the sandbox saw, over the objects the apply summaries say were written: created,
updated, moved, replaced or deleted, quiz questions included), wall time (start-up
included) and peak memory (the child's peak RSS; the sandbox is not counted).
Each scenario runs at ``--concurrency`` (canvas-npq's default cap, 8) and again
sequentially (concurrency 1), and the speed-up of the concurrent run is printed; the
cohort scenarios also run at the fixed concurrency of 4 that canvas-npq used before
its concurrency adapted to Canvas's throttle.

Everything talks to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.specgen import generate_spec  # noqa: E402
from canvas_npq.canvas.client import (  # noqa: E402
    DEFAULT_CONCURRENCY,
    CanvasConfig,
    Connection,
)
from canvas_npq.canvas.courses import create_course  # noqa: E402
from canvas_npq.cli.main import cli  # noqa: E402
from canvas_npq.spec.cohorts import load_cohorts  # noqa: E402

TOKEN = "bench-sandbox-token"
NPQLTD = ROOT / "course_spec" / "npqltd"
CLI = Path(sys.executable).with_name("canvas-npq")
COHORTS = 10
FIXED = 4  # the fixed concurrency canvas-npq used before it adapted to the throttle


# -- the sandbox in a child process ---------------------------------------------------


class SandboxProcess:
    """``python -m canvas_npq.sandbox`` on a free loopback port, driven over HTTP."""

    def __init__(self, latency_ms: float) -> None:
        self.latency_ms = latency_ms
        self.proc: subprocess.Popen[str] | None = None
        self.url = ""

    def __enter__(self) -> SandboxProcess:
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "canvas_npq.sandbox",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--token",
                TOKEN,
                "--latency-ms",
                str(self.latency_ms),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert self.proc.stdout is not None
        self.url = self.proc.stdout.readline().strip()
        if not self.url.startswith("http://127.0.0.1:"):
            self.__exit__(None, None, None)
            raise SystemExit(f"the sandbox did not start (it printed {self.url!r})")
        # Canvas's throttle, enforced: a client that runs too many requests at once is
        # refused, so a benchmark that sees no throttled responses stays under the line.
        self.control("PUT", "throttle", {"enforce": True, "status": 403})
        return self

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
            self.proc = None

    def control(self, method: str, route: str, body: dict[str, object] | None = None) -> object:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            f"{self.url}/__sandbox__/{route}",
            data=data,
            method=method,
            headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:  # loopback only
            return json.loads(response.read() or b"null")

    def requests(self) -> list[dict[str, object]]:
        log = self.control("GET", "requests")
        assert isinstance(log, list)
        return log

    def clear_log(self) -> None:
        self.control("DELETE", "requests")


# -- running the CLI ------------------------------------------------------------------


def supports(command: str, option: str) -> bool:
    """Whether this build's CLI ``command`` has ``option`` (some streams land later)."""
    params = getattr(cli.commands.get(command), "params", [])  # type: ignore[attr-defined]
    return any(option in getattr(p, "opts", ()) for p in params)


@dataclass
class Measurement:
    reads: int = 0
    writes: int = 0
    throttled: int = 0
    objects: int = 0  # objects written, from the apply summaries
    seconds: float = 0.0
    peak_mib: float = 0.0

    @property
    def writes_per_object(self) -> str:
        return f"{self.writes / self.objects:.2f}" if self.objects else "-"


@dataclass
class Course:
    """One fresh course and a private copy of its spec; steps run the CLI against it."""

    sandbox: SandboxProcess
    spec: Path
    course_id: int
    concurrency: int
    cohorts: bool = False  # every cohort of the spec's cohorts.yaml instead of one course

    def run(self, *args: str, expect: tuple[int, ...] = (0,)) -> Measurement:
        """Run ``canvas-npq ARGS`` in a child process (as CI would) and measure it:
        wall time including start-up, the child's peak RSS, the requests the sandbox saw."""
        argv = [*args]
        if argv[0] in ("plan", "apply"):
            target = (
                ["--all-cohorts", "--force"] if self.cohorts else ["--course", str(self.course_id)]
            )
            if not self.cohorts and (self.spec / "cohorts.yaml").exists():
                # a spec with cohorts: one course gets the first cohort's dates, said so
                first = load_cohorts(self.spec)[0].name
                target += ["--cohort", first, "--force"]
            argv[1:1] = [str(self.spec), *target]
            if supports(argv[0], "--concurrency"):
                argv += ["--concurrency", str(self.concurrency)]
            if self.cohorts and self.concurrency == 1:
                argv += ["--parallel", "1"]  # the sequential run: one request at a time
        env = dict(os.environ, CANVAS_API_URL=self.sandbox.url, CANVAS_API_TOKEN=TOKEN)
        self.sandbox.clear_log()
        started = time.perf_counter()
        proc = subprocess.Popen(
            [str(CLI), *argv], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        assert proc.stdout is not None
        output = proc.stdout.read()
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        proc.stdout.close()
        text = output.decode("utf-8", "replace")
        if code not in expect:
            raise SystemExit(f"`canvas-npq {' '.join(argv)}` exited with {code}:\n{text}")
        result = Measurement(seconds=seconds, objects=_objects_written(text))
        result.peak_mib = usage.ru_maxrss / (2**20 if sys.platform == "darwin" else 1024)
        for record in self.sandbox.requests():
            if record["status"] in (403, 429):
                result.throttled += 1
            if record["read"]:  # GET, HEAD and GraphQL queries
                result.reads += 1
            else:
                result.writes += 1
        return result


def _objects_written(output: str) -> int:
    """Objects written, from the apply summaries ("Apply complete: ...; 14 write requests
    for 12 objects written (1.17 each).": every object created, updated, moved, replaced
    or deleted with a request, and every quiz question written). The lock and manifest
    pages are not objects, but their writes are in the sandbox's count."""
    total = 0
    for line in output.splitlines():
        words = line.split()
        if "complete:" in words and "objects" in words:
            count = words[words.index("objects") - 1]
            total += int(count) if count.isdigit() else 0
    return total


# -- scenarios ------------------------------------------------------------------------

Step = tuple[str, Callable[[Course], Measurement]]


def first_apply(course: Course) -> Measurement:
    return course.run("apply", "--yes")


def no_op_plan(course: Course) -> Measurement:
    return course.run("plan", "--detailed-exitcode")


def no_op_apply(course: Course) -> Measurement:
    result = course.run("apply", "--yes")
    if result.writes:
        raise SystemExit("the no-op apply sent writes")
    return result


def edit_one_page(course: Course) -> Measurement:
    unit = course.spec / "block-2" / "unit-2-1a.md"
    unit.write_text(unit.read_text(encoding="utf-8") + "\nOne more line.\n", "utf-8")
    return course.run("apply", "--yes")


@dataclass
class Chain:
    """Steps run one after another on one fresh course, each measured."""

    title: str
    spec: Path
    steps: list[Step]
    cohorts: int = 0  # run against this many cohorts at once (cohorts.yaml), not one course
    throttle: int = 403  # how the sandbox refuses a request over the line: 403 or 429
    sequential: bool = True  # also run at concurrency 1, for the speed-up
    fixed: bool = False  # also run at the old fixed concurrency (FIXED)


def chains(workdir: Path) -> tuple[list[Chain], list[str]]:
    generated = generate_spec(workdir / "generated-spec")
    forty = generate_spec(workdir / "forty-blocks", blocks=40, items_per_block=3, extras=False)
    cohort_steps: list[Step] = [("first apply", first_apply), ("no-op plan", no_op_plan)]
    found = [
        Chain(
            "NPQLTD",
            NPQLTD,
            [
                ("first apply", first_apply),
                ("no-op plan", no_op_plan),
                ("no-op apply", no_op_apply),
                ("one page edited", edit_one_page),
            ],
        ),
        Chain(
            "40 blocks (2 pages and a task each)",
            forty,
            [("first apply", first_apply), ("no-op plan", no_op_plan)],
        ),
        Chain(
            "10 blocks x 30 items",
            generated,
            [("first apply", first_apply), ("no-op plan", no_op_plan)],
        ),
        Chain(f"NPQLTD, {COHORTS} cohorts", NPQLTD, cohort_steps, cohorts=COHORTS, fixed=True),
        Chain(
            f"NPQLTD, {COHORTS} cohorts, throttled with 429",
            NPQLTD,
            cohort_steps[:1],
            cohorts=COHORTS,
            throttle=429,
            sequential=False,
            fixed=True,
        ),
    ]
    notes = [
        f"The {COHORTS} cohorts throttled with 429 are compared with concurrency {FIXED} "
        "only (their sequential run is the same as with 403)."
    ]
    return found, notes


def run_chain(sandbox: SandboxProcess, chain: Chain, concurrency: int) -> list[Measurement]:
    sandbox.control("PUT", "throttle", {"enforce": True, "status": chain.throttle})
    with tempfile.TemporaryDirectory(prefix="canvas-npq-bench-") as tmp:
        spec = Path(tmp) / "spec"
        shutil.copytree(chain.spec, spec)
        conn = Connection(CanvasConfig(sandbox.url, TOKEN))
        course_id = create_course(conn, 1, f"Benchmark: {chain.title}", "BENCH")
        if chain.cohorts:
            lines = ["cohorts:"]
            for n in range(1, chain.cohorts + 1):
                cohort_course = create_course(conn, 1, f"Benchmark cohort {n}", f"BENCH-{n}")
                lines += [f"  - name: cohort-{n}", f"    course: {cohort_course}"]
                lines += ["    start: 2026-10-05"]
            (spec / "cohorts.yaml").write_text("\n".join(lines) + "\n", "utf-8")
        course = Course(sandbox, spec, course_id, concurrency, cohorts=bool(chain.cohorts))
        return [step(course) for _, step in chain.steps]


# -- the table ------------------------------------------------------------------------


@dataclass
class Row:
    name: str
    fast: Measurement
    slow: Measurement | None = None  # concurrency 1
    fixed: Measurement | None = None  # the old fixed concurrency


def table(rows: list[Row], concurrency: int) -> str:
    head = [
        "scenario",
        "requests (reads / writes)",
        "writes/object",
        f"wall s (c={concurrency})",
        "wall s (c=1)",
        "speed-up",
        f"wall s (c={FIXED})",
        "peak MiB",
        "throttled",
    ]
    body = []
    for row in rows:
        fast, slow, fixed = row.fast, row.slow, row.fixed
        refused = fast.throttled + sum(m.throttled for m in (slow, fixed) if m is not None)
        body.append(
            [
                row.name,
                f"{fast.reads + fast.writes} ({fast.reads} / {fast.writes})",
                fast.writes_per_object,
                f"{fast.seconds:.2f}",
                f"{slow.seconds:.2f}" if slow else "-",
                f"{slow.seconds / fast.seconds:.1f}x" if slow and fast.seconds else "-",
                f"{fixed.seconds:.2f}" if fixed else "-",
                f"{fast.peak_mib:.1f}",
                str(refused),
            ]
        )
    widths = [max(len(r[i]) for r in [head, *body]) for i in range(len(head))]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(head), rule, *(line(r) for r in body)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks/run.py", description=__doc__.split("\n")[0])
    parser.add_argument("--latency-ms", type=float, default=100, help="per request (100)")
    parser.add_argument(
        "--concurrency",
        type=int,
        default=DEFAULT_CONCURRENCY,
        help=f"the most requests at once ({DEFAULT_CONCURRENCY}, canvas-npq's default)",
    )
    parser.add_argument(
        "--no-sequential", action="store_true", help="skip the concurrency-1 comparison runs"
    )
    parser.add_argument("--only", metavar="TEXT", help="run the scenarios whose name has TEXT")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="canvas-npq-bench-") as tmp:
        found, notes = chains(Path(tmp))
        if args.only:
            found = [c for c in found if args.only.lower() in c.title.lower()]
        print(
            f"canvas-npq benchmark: sandbox latency {args.latency_ms:g} ms per request, "
            f"throttle enforced, concurrency {args.concurrency} vs 1 (and vs {FIXED} "
            "for the cohorts).",
            flush=True,
        )
        rows: list[Row] = []
        with SandboxProcess(args.latency_ms) as sandbox:
            for chain in found:
                print(f"  {chain.title} ...", end="", flush=True)
                fast = run_chain(sandbox, chain, args.concurrency)
                slow: list[Measurement | None] = [None] * len(fast)
                fixed: list[Measurement | None] = [None] * len(fast)
                if chain.sequential and not args.no_sequential and args.concurrency != 1:
                    slow = list(run_chain(sandbox, chain, 1))
                if chain.fixed and args.concurrency != FIXED:
                    fixed = list(run_chain(sandbox, chain, FIXED))
                for (name, _), f, s, x in zip(chain.steps, fast, slow, fixed, strict=True):
                    rows.append(Row(f"{chain.title}: {name}", f, s, x))
                print(" done", flush=True)
        print()
        print(table(rows, args.concurrency))
        for note in notes:
            print(f"\n{note}")
        throttled = sum(
            m.throttled for r in rows for m in (r.fast, r.slow, r.fixed) if m is not None
        )
        if throttled:
            print(f"\nWarning: Canvas's throttle refused {throttled} requests.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
