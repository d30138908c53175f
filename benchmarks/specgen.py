"""Generated course specs of any size, in the NPQLTD shape, for benchmarks and tests."""

from __future__ import annotations

from pathlib import Path


def generate_spec(
    folder: Path, blocks: int = 10, items_per_block: int = 30, extras: bool = True
) -> Path:
    """A large course in the NPQLTD shape: per block a header, units, a link and a task
    (``items_per_block`` in all). Without ``extras``, no header and no link: per block
    ``items_per_block - 1`` units and a task."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = [
        "framework: npqltd-2020-10",
        "course:",
        "  name: Generated benchmark course",
        "  course_code: BENCH",
        "assignment_groups:",
        "  - id: tasks",
        "    name: Tasks",
        "blocks:",
    ]
    body = "## What you will do\n\n" + "A paragraph of study material. " * 40 + "\n"
    for b in range(1, blocks + 1):
        (folder / f"block-{b}").mkdir(exist_ok=True)
        lines += [f"  - id: block-{b}", f'    title: "Block {b}"', "    items:"]
        if extras:
            lines += [
                "      - type: subheader",
                f"        id: b{b}-header",
                f'        title: "Block {b}: self-study"',
            ]
        for i in range(1, items_per_block - (2 if extras else 0)):
            (folder / f"block-{b}" / f"unit-{i}.md").write_text(
                f"# Unit {b}.{i}\n\n{body}", "utf-8"
            )
            lines += [
                "      - type: unit",
                f"        id: unit-{b}-{i}",
                f'        title: "{b}.{i} Unit {i} of block {b}"',
                f"        body: block-{b}/unit-{i}.md",
                "        study_minutes: 30",
                "        indent: 1",
            ]
        if extras:
            lines += [
                "      - type: link",
                f"        id: b{b}-link",
                f'        title: "Further reading for block {b}"',
                f"        url: https://example.org/reading/{b}",
            ]
        (folder / f"block-{b}" / "task.md").write_text(f"# Task {b}\n\n{body}", "utf-8")
        lines += [
            "      - type: mit",
            f"        id: task-{b}",
            f'        title: "Task {b}"',
            f"        description: block-{b}/task.md",
            "        group: tasks",
            "        grading: complete_incomplete",
            "        submission_types: [online_upload]",
        ]
    (folder / "course.yaml").write_text("\n".join(lines) + "\n", "utf-8")
    return folder
