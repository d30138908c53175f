"""Bad input never reaches Canvas: hundreds of mutated specs through ``canvas-npq plan``.

Every mutation is seeded, so a failure names a case that can be replayed. Each mutated
spec either still validates (a harmless mutation: the plan then reads the course,
which does not exist, so it stops at once with exit 5) or
is refused with exit 1, a message naming the file (and line, when there is one), no
traceback, and not a single request to Canvas: the whole spec is validated before any
connection is opened.
"""

from __future__ import annotations

import copy
import os
import random
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from canvas_npq.cli.main import cli
from canvas_npq.sandbox import Sandbox
from tests.e2e.conftest import SMALL_SPEC, TOKEN

pytestmark = pytest.mark.e2e

SEED = 20261202
RANDOM_CASES = 200
PROBLEM_LINE = re.compile(r"^(?P<file>[\w./-]+\.(?:yaml|md))(?::(?P<line>\d+))?(?::\d+)?: \S")

Mutation = Callable[[Path], None]


# -- structured mutations (on the parsed YAML, dumped back) ----------------------------

WEIRD_VALUES: list[object] = [
    None,
    0,
    -1,
    10**30,
    3.5,
    True,
    "",
    " ",
    "x" * 5_000,  # (one hostile case below is a megabyte)
    "\u202e\u0000\ufeff",
    [],
    {},
    [[[]]],
    {"a": {"b": {"c": None}}},
    "../../outside.md",
    "/etc/passwd",
    "block-1",
    "2026-13-45T25:61",
    ["online_upload", 7],
    {"id": "mit-1"},
]


def _paths(node: object, prefix: tuple = ()) -> Iterator[tuple]:
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*prefix, index))


def _container(data: object, path: tuple) -> tuple[object, object]:
    parent = data
    for step in path[:-1]:
        parent = parent[step]  # type: ignore[index]
    return parent, path[-1]


def structured(rng: random.Random, data: dict) -> dict:
    data = copy.deepcopy(data)
    paths = [p for p in _paths(data) if p]
    path = rng.choice(paths)
    parent, last = _container(data, path)
    operation = rng.choice(["replace", "replace", "delete", "unknown", "typo", "duplicate-id"])
    if operation == "replace":
        parent[last] = copy.deepcopy(rng.choice(WEIRD_VALUES))  # type: ignore[index]
    elif operation == "delete":
        del parent[last]  # type: ignore[attr-defined]
    elif operation == "unknown":
        target = parent if isinstance(parent, dict) else data
        target[rng.choice(["colour", "titel", "ids", "extra", "__proto__"])] = 1
    elif operation == "typo" and isinstance(parent, dict) and isinstance(last, str):
        parent[last[:-1] or "_"] = parent.pop(last)
    else:  # give two objects the same id
        items = data["blocks"][0]["items"]
        items[rng.randrange(len(items))]["id"] = items[0]["id"]
    return data


# -- text and byte mutations ----------------------------------------------------------


def textual(rng: random.Random, text: str) -> bytes:
    lines = text.splitlines(keepends=True)
    operation = rng.choice(
        ["dup-key", "bad-bytes", "truncate", "indent", "swap", "delete-char", "tab", "junk"]
    )
    index = rng.randrange(len(lines))
    if operation == "dup-key":
        key_lines = [i for i, line in enumerate(lines) if re.match(r"\s*[a-z_]+:", line)]
        index = rng.choice(key_lines)
        lines.insert(index + 1, lines[index])
    elif operation == "bad-bytes":
        data = "".join(lines).encode()
        at = rng.randrange(len(data))
        return (
            data[:at] + rng.choice([b"\xff", b"\xc3\x28", b"\x80\x80", b"\xed\xa0\x80"]) + data[at:]
        )
    elif operation == "truncate":
        return "".join(lines).encode()[: rng.randrange(len(text))]
    elif operation == "indent":
        lines[index] = " " * rng.randrange(1, 7) + lines[index]
    elif operation == "swap":
        other = rng.randrange(len(lines))
        lines[index], lines[other] = lines[other], lines[index]
    elif operation == "delete-char":
        line = lines[index]
        if len(line) > 1:
            at = rng.randrange(len(line) - 1)
            lines[index] = line[:at] + line[at + 1 :]
    elif operation == "tab":
        lines[index] = "\t" + lines[index]
    else:
        lines.insert(
            index,
            rng.choice(
                [
                    "{{{\n",
                    "- - -\n",
                    ": :\n",
                    "!!python/object:os.system\n",
                    "&a [*a]\n",
                    "'\n",
                    "%YAML 9.9\n",
                ]
            ),
        )
    return "".join(lines).encode()


# -- hand-picked hostile inputs ---------------------------------------------------------


def _write_yaml(text: str | bytes) -> Mutation:
    def mutate(spec: Path) -> None:
        path = spec / "course.yaml"
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")

    return mutate


def _replace_in_yaml(old: str, new: str) -> Mutation:
    def mutate(spec: Path) -> None:
        path = spec / "course.yaml"
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return mutate


def _alias_bomb() -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 10):
        ref = ",".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{ref}]")
    return "\n".join(lines) + "\ncourse:\n  name: *a9\n"


def _symlink_out(spec: Path) -> None:
    outside = spec.parent / "outside.md"
    outside.write_text("secret notes\n", encoding="utf-8")
    (spec / "block-1" / "unit-1-1.md").unlink()
    os.symlink(outside, spec / "block-1" / "unit-1-1.md")


def _symlinked_folder(spec: Path) -> None:
    outside = spec.parent / "elsewhere"
    outside.mkdir()
    (outside / "unit-1-1.md").write_text("hello\n", encoding="utf-8")
    shutil.rmtree(spec / "block-1")
    (spec / "block-1").mkdir()
    os.symlink(outside, spec / "block-1" / "linked")
    _replace_in_yaml("block-1/unit-1-1.md", "block-1/linked/unit-1-1.md")(spec)


def _markdown_bytes(data: bytes) -> Mutation:
    def mutate(spec: Path) -> None:
        (spec / "block-1" / "unit-1-1.md").write_bytes(data)

    return mutate


def _markdown_is_a_folder(spec: Path) -> None:
    target = spec / "block-1" / "unit-1-1.md"
    target.unlink()
    target.mkdir()


def _course_yaml_symlink_out(spec: Path) -> None:
    outside = spec.parent / "other.yaml"
    shutil.copy(spec / "course.yaml", outside)
    (spec / "course.yaml").unlink()
    os.symlink(outside, spec / "course.yaml")


HOSTILE: dict[str, Mutation] = {
    "empty file": _write_yaml(""),
    "only a comment": _write_yaml("# nothing here\n"),
    "only a BOM": _write_yaml("\ufeff"),
    "a bare scalar": _write_yaml("hello\n"),
    "a list at the top": _write_yaml("- course\n- blocks\n"),
    "alias bomb": _write_yaml(_alias_bomb()),
    "deep nesting (flow)": _write_yaml("course: " + "[" * 5000 + "]" * 5000 + "\n"),
    "deep nesting (block)": _write_yaml(
        "course:\n" + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(200)) + "\n"
    ),
    "very large course.yaml": _write_yaml("# " + "x" * (3 * 1024 * 1024) + "\n"),
    "huge scalar": _replace_in_yaml("name: NPQLTD test cohort", "name: " + "N" * 1_000_000),
    "NUL byte": _write_yaml(b"course:\n  name: a\x00b\n"),
    "latin-1 bytes": _write_yaml("course:\n  name: Caf\u00e9\n".encode("latin-1")),
    "UTF-16": _write_yaml("course:\n  name: x\n".encode("utf-16")),
    "python tag": _write_yaml("course: !!python/object/apply:os.system ['true']\n"),
    "merge key": _write_yaml("base: &b {name: x}\ncourse:\n  <<: *b\n"),
    "duplicate key": _replace_in_yaml("course:\n", "course:\n  name: twice\n"),
    "two documents": _write_yaml("course: {}\n---\ncourse: {}\n"),
    "unknown top-level key": _replace_in_yaml("course:\n", "colour: blue\ncourse:\n"),
    "path climbing out": _replace_in_yaml("block-1/unit-1-1.md", "../../../etc/passwd"),
    "absolute path": _replace_in_yaml("block-1/unit-1-1.md", "/etc/passwd"),
    "home path": _replace_in_yaml("block-1/unit-1-1.md", "~/notes.md"),
    "windows path": _replace_in_yaml("block-1/unit-1-1.md", "C:\\\\notes.md"),
    "path to a folder": _replace_in_yaml("block-1/unit-1-1.md", "block-1"),
    "missing markdown": _replace_in_yaml("block-1/unit-1-1.md", "block-1/nope.md"),
    "markdown symlink out of the folder": _symlink_out,
    "folder symlink out of the spec": _symlinked_folder,
    "course.yaml symlink out of the folder": _course_yaml_symlink_out,
    "markdown is a folder": _markdown_is_a_folder,
    "markdown not UTF-8": _markdown_bytes(b"# Unit\n\nCaf\xe9\n"),
    "markdown NUL": _markdown_bytes(b"# Unit\n\x00\n"),
    "markdown very large": _markdown_bytes(b"a" * (6 * 1024 * 1024)),
    "empty markdown": _markdown_bytes(b""),
    "id with spaces": _replace_in_yaml("id: unit-1-1\n", "id: unit 1 1\n"),
    "points as text": _replace_in_yaml("points: 100", "points: lots"),
    "points negative": _replace_in_yaml("points: 100", "points: -5"),
    "points huge": _replace_in_yaml("points: 100", "points: 1e400"),
    "date impossible": _replace_in_yaml("due_at: 2027-09-01", "due_at: 2027-02-30"),
    "date as text": _replace_in_yaml("due_at: 2027-09-01", "due_at: next tuesday"),
    "url not http": _replace_in_yaml(
        "https://educationendowmentfoundation.org.uk/", "javascript:alert(1)"
    ),
    "unknown item type": _replace_in_yaml("type: subheader", "type: quiz"),
    "unknown group": _replace_in_yaml("group: mits", "group: nope"),
    "indent negative": _replace_in_yaml("indent: 1", "indent: -1"),
    "indent huge": _replace_in_yaml("indent: 1", "indent: 99999999999999999999"),
    "time zone unknown": _replace_in_yaml("time_zone: Europe/London", "time_zone: Mars/Olympus"),
    "framework unknown": _replace_in_yaml("framework: npqltd-2020-10", "framework: npq-1999"),
    "covers unknown statement": _replace_in_yaml("covers: [2g, 2h]", "covers: [99z]"),
    "blocks is a mapping": _replace_in_yaml("blocks:\n", "blocks: {}\nx:\n"),
    "control characters": _replace_in_yaml("title: Welcome", 'title: "We\\u0007lcome\\u001b[31m"'),
}

# Odd but harmless: these must not crash, and may be accepted.
MAY_BE_VALID = {"empty markdown"}


def _random_cases() -> list[tuple[str, Callable[[Path], None]]]:
    rng = random.Random(SEED)
    text = (SMALL_SPEC / "course.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    cases: list[tuple[str, Callable[[Path], None]]] = []
    for number in range(RANDOM_CASES):
        if number % 2:
            mutated = yaml.safe_dump(structured(rng, data), sort_keys=False, allow_unicode=True)
            cases.append((f"structured-{number}", _write_yaml(mutated)))
        else:
            cases.append((f"textual-{number}", _write_yaml(textual(rng, text))))
    return cases


# -- running ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def quiet_sandbox() -> Iterator[Sandbox]:
    with Sandbox(token=TOKEN) as running:
        yield running


@pytest.fixture(scope="module")
def course_id() -> int:
    # No such course: a spec that passes validation stops at the first read (exit 5,
    # one request), which keeps hundreds of cases fast.
    return 999_999


def _check(name: str, mutate: Mutation, tmp: Path, sandbox: Sandbox, course_id: int) -> str:
    case_dir = tmp / re.sub(r"\W+", "-", name)
    spec = case_dir / "spec"
    shutil.copytree(SMALL_SPEC, spec)
    mutate(spec)
    before = len(sandbox.requests)
    runner = CliRunner()
    env = {"CANVAS_API_URL": sandbox.url, "CANVAS_API_TOKEN": TOKEN}
    result = runner.invoke(
        cli, ["plan", str(spec), "--course", str(course_id)], env=env, catch_exceptions=True
    )
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{name}: crashed with {result.exception!r}") from result.exception
    output = result.output
    assert "Traceback" not in output, f"{name}: {output}"
    assert result.exit_code in (1, 5), f"{name}: exit {result.exit_code}\n{output}"
    if result.exit_code == 5:
        assert "Course 999999 was not found" in output, f"{name}: {output[-500:]}"
        return "valid"
    assert len(sandbox.requests) == before, f"{name}: refused spec still reached Canvas"
    first = output.splitlines()[0] if output else ""
    match = PROBLEM_LINE.match(first)
    assert match, f"{name}: the error does not name a file:\n{output[:500]}"
    assert "nothing was sent to Canvas" in output, f"{name}: {output[:500]}"
    return "line" if match.group("line") else "file"


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_spec_is_refused_before_any_request(
    name: str, tmp_path: Path, quiet_sandbox: Sandbox, course_id: int
) -> None:
    outcome = _check(name, HOSTILE[name], tmp_path, quiet_sandbox, course_id)
    if name in MAY_BE_VALID:
        return
    assert outcome != "valid", f"{name}: accepted"
    file_level = {
        "empty file",
        "only a comment",
        "only a BOM",
        "very large course.yaml",
        "markdown very large",
        "course.yaml symlink out of the folder",
    }
    if name not in file_level:
        assert outcome == "line", f"{name}: the error names no line"


def test_hundreds_of_mutated_specs_never_crash_or_reach_canvas(
    tmp_path: Path, quiet_sandbox: Sandbox, course_id: int
) -> None:
    outcomes: dict[str, int] = {}
    for name, mutate in _random_cases():
        outcome = _check(name, mutate, tmp_path, quiet_sandbox, course_id)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    # The mutations are meant to break the spec: most must be refused, with a line.
    assert outcomes.get("line", 0) > RANDOM_CASES // 2, outcomes
