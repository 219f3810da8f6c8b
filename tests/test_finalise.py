"""定稿: only without errors, kept in the file, and what changed since."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from desktop.domain.finalise import FinaliseRefused, changes_since_final, finalised, unfinalised
from desktop.domain.model import Status, Workbook, pending_content
from desktop.domain.reimport import Resolution, apply_import, classify
from desktop.domain.validation import validate_project
from desktop.io.demo import demo_workbook
from desktop.storage.errors import WorkbookError
from desktop.storage.workbook_file import WorkbookFile
from desktop.templates.layouts import bundled_layouts

LAYOUTS = bundled_layouts()


def _clean_project():  # type: ignore[no-untyped-def]
    for project in demo_workbook().projects:
        if not [f for f in validate_project(project, LAYOUTS) if f.severity.value == "error"]:
            return project
    raise AssertionError("the demo has a project without errors")


def test_final_only_without_errors_and_the_content_is_kept() -> None:
    project = _clean_project()
    final = finalised(project, validate_project(project, LAYOUTS), now=datetime(2024, 3, 5, 14, 20))
    assert final.status is Status.FINAL
    assert final.final_copy is not None and final.final_copy.taken == "2024-03-05 14:20"
    diff = changes_since_final(final)
    assert diff is not None and diff.is_empty()

    broken = replace(project.snapshot(), name=None)
    with pytest.raises(FinaliseRefused, match="错误，改正后才能定稿"):
        finalised(broken, validate_project(broken, LAYOUTS))


def test_changes_after_taking_it_back_are_listed_field_by_field() -> None:
    final = finalised(_clean_project(), [])
    draft = unfinalised(final)
    assert draft.status is Status.DRAFT and draft.final_copy == final.final_copy
    draft.annual_goal = "退回后修改的年度目标"
    draft.indicators[0] = replace(draft.indicators[0], value="≥99%")
    diff = changes_since_final(draft)
    assert diff is not None
    lines = diff.lines()
    assert lines[0].startswith("年度目标：") and lines[0].endswith("→ 退回后修改的年度目标")
    assert lines[1].endswith("→ ≥99%")


def test_never_final_has_nothing_to_compare() -> None:
    assert changes_since_final(_clean_project()) is None


def test_final_copy_is_saved_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "w.jixiao"
    final = finalised(_clean_project(), [])
    with WorkbookFile.open(path, create=True) as wb_file:
        wb_file.save(Workbook(projects=[final]))
    with WorkbookFile.open(path, read_only=True) as wb_file:
        [loaded] = wb_file.load().projects
    assert loaded.final_copy is not None
    assert loaded.final_copy.content.annual_goal == final.annual_goal
    assert loaded.final_copy.content.indicators == final.indicators
    assert loaded.final_copy.taken == final.final_copy.taken  # type: ignore[union-attr]


def test_a_replacing_reimport_keeps_the_final_copy() -> None:
    final = finalised(_clean_project(), [])
    final.id = 1
    workbook = Workbook(projects=[final])
    back = final.clone()
    back.annual_goal = "财政局退回后的目标"
    apply_import(workbook, classify(workbook.projects, [back]), Resolution.REPLACE)
    [project] = workbook.projects
    assert project.status is Status.DRAFT and project.final_copy == final.final_copy
    diff = changes_since_final(project)
    assert diff is not None and diff.labels() == ("年度目标",)


def test_older_workbooks_gain_the_column(tmp_path: Path) -> None:
    path = tmp_path / "w.jixiao"
    with WorkbookFile.open(path, create=True) as wb_file:
        wb_file.save(Workbook(projects=[_clean_project()]))
    conn = sqlite3.connect(path)
    columns = {row[1] for row in conn.execute("PRAGMA table_info(project)")}
    conn.close()
    assert {"final_taken", "final_content"} <= columns


def test_final_copies_are_read_when_compared_and_saved_back_unchanged(tmp_path: Path) -> None:
    # After 定稿 every project keeps a full copy: opening reads them only when "what changed since" asks, and a save
    # writes an untouched copy back exactly as it was read.
    path = tmp_path / "w.jixiao"
    final = finalised(_clean_project(), [])
    with WorkbookFile.open(path, create=True) as wb_file:
        wb_file.save(Workbook(projects=[final, replace(final, name="另一个项目")]))
    stored = _final_contents(path)
    with WorkbookFile.open(path) as wb_file:
        workbook = wb_file.load()
        first, second = workbook.projects
        assert first.final_copy is not None and pending_content(first.final_copy) is not None  # not read yet
        first.annual_goal = "定稿后改过的年度目标"
        second.name = "改名后的项目"
        wb_file.save(workbook)  # neither copy looked at: both written back as they were
    assert _final_contents(path) == stored
    with WorkbookFile.open(path) as wb_file:
        first = wb_file.load().projects[0]
    diff = changes_since_final(first)
    assert diff is not None and diff.labels() == ("年度目标",)
    assert first.final_copy is not None and first.final_copy.content.annual_goal == final.annual_goal


def test_a_damaged_final_copy_is_said_when_compared_and_the_rest_opens(tmp_path: Path) -> None:
    path = tmp_path / "w.jixiao"
    with WorkbookFile.open(path, create=True) as wb_file:
        wb_file.save(Workbook(projects=[finalised(_clean_project(), [])]))
    conn = sqlite3.connect(path)
    conn.execute("UPDATE project SET final_content = '{\"name\": '")  # cut off, as by another tool
    conn.commit()
    conn.close()
    with WorkbookFile.open(path) as wb_file:
        [project] = wb_file.load().projects
    assert project.status is Status.FINAL and project.annual_goal  # the project itself is whole
    with pytest.raises(WorkbookError, match="定稿副本已损坏"):
        changes_since_final(project)


def _final_contents(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [row[0] for row in conn.execute("SELECT final_content FROM project ORDER BY position")]
    finally:
        conn.close()
