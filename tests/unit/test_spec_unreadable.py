"""A spec file or folder that cannot be read is a problem with its file and line, never
a traceback, and an unreadable folder is not reported as so many missing files. (Tests
run as any user, so the permission error is simulated.)"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from canvas_npq.spec import SpecError, load_spec
from canvas_npq.spec import paths as spec_paths
from tests.unit.test_files import write


def problems(spec: Path) -> list[str]:
    with pytest.raises(SpecError) as caught:
        load_spec(spec)
    return [str(p) for p in caught.value.problems]


def test_an_unreadable_course_file_is_named(tmp_path: Path, monkeypatch) -> None:
    spec = write(tmp_path)
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "action plan.docx":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    found = problems(spec)
    assert any(
        p.startswith("course.yaml:6:") and "'handouts/action plan.docx' cannot be read" in p
        for p in found
    ), found


def test_an_unreadable_folder_is_named_not_its_files_called_missing(
    tmp_path: Path, monkeypatch
) -> None:
    spec = write(tmp_path)
    real_listdir, real_lexists = os.listdir, os.path.lexists

    def listdir(path):  # type: ignore[no-untyped-def]
        if Path(path).name == "handouts":
            raise PermissionError(13, "Permission denied")
        return real_listdir(path)

    def lexists(path):  # type: ignore[no-untyped-def]
        return False if Path(path).parent.name == "handouts" else real_lexists(path)

    monkeypatch.setattr(spec_paths.os, "listdir", listdir)
    monkeypatch.setattr(spec_paths.os.path, "lexists", lexists)
    found = problems(spec)
    assert any("the folder 'handouts' cannot be opened" in p for p in found), found
    assert not any("not found" in p for p in found), found
