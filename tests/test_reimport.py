"""Importing forms that are already in the workbook updates them instead of making duplicates."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from desktop.cli import run
from desktop.domain.model import Status, Workbook
from desktop.domain.reimport import Match, Resolution, apply_import, classify, default_resolution
from desktop.io.demo import demo_workbook
from desktop.storage.workbook_file import WorkbookFile


def _load(path: Path) -> Workbook:
    with WorkbookFile.open(path, read_only=True) as wb_file:
        return wb_file.load()


def test_incoming_projects_are_new_changed_or_unchanged() -> None:
    workbook = Workbook(projects=demo_workbook().projects[:3])
    same = workbook.projects[0].clone()
    changed = workbook.projects[1].clone()
    changed.annual_goal = "新的年度目标"
    other_year = replace(workbook.projects[2].clone(), year=2025)
    items = classify(workbook.projects, [same, changed, other_year])
    assert [i.match for i in items] == [Match.UNCHANGED, Match.CHANGED, Match.NEW]
    assert items[1].summary() == "有改动：年度目标"
    assert items[1].existing is workbook.projects[1]
    assert [default_resolution(i, ours=True) for i in items] == [
        Resolution.SKIP,
        Resolution.REPLACE,
        Resolution.REPLACE,
    ]
    assert default_resolution(items[1], ours=False) is Resolution.KEEP_BOTH


def test_same_code_matches_a_renamed_project_of_the_same_year() -> None:
    workbook = Workbook(projects=demo_workbook().projects[:2])
    workbook.projects[0].code = "34152224T000000000001"
    incoming = replace(workbook.projects[0].clone(), name="改过名称的项目")
    [item] = classify(workbook.projects, [incoming])
    assert item.existing is workbook.projects[0] and item.match is Match.CHANGED
    assert item.diff is not None and item.diff.labels() == ("项目名称",)


def test_replace_keeps_place_and_id_skip_and_keep_both_do_what_they_say() -> None:
    workbook = Workbook(projects=demo_workbook().projects[:3])
    for i, p in enumerate(workbook.projects, start=1):
        p.id = i
        p.status = Status.FINAL
    a, b, c = (p.clone() for p in workbook.projects)
    a.annual_goal = "替换后的目标"
    b.annual_goal = "保留两个"
    c.annual_goal = "跳过的"
    items = classify(workbook.projects, [a, b, c])
    outcome = apply_import(workbook, items, {0: Resolution.REPLACE, 1: Resolution.KEEP_BOTH, 2: Resolution.SKIP})
    assert [p.annual_goal for p in workbook.projects][0] == "替换后的目标"
    assert workbook.projects[0].id == 1 and workbook.projects[0].status is Status.DRAFT
    assert len(workbook.projects) == 4 and workbook.projects[3].annual_goal == "保留两个"
    assert workbook.projects[2].annual_goal != "跳过的"
    assert outcome.summary() == "新增 1 个项目，替换 1 个，跳过 1 个"


def test_xlsx_edited_in_excel_and_imported_back_replaces_the_project(tmp_path: Path) -> None:
    demo = demo_workbook()
    workbook_path = tmp_path / "w.jixiao"
    with WorkbookFile.open(workbook_path, create=True) as wb_file:
        wb_file.save(demo)
    project = _load(workbook_path).projects[0]
    out = tmp_path / "one.xlsx"
    assert run(["export", str(workbook_path), "-o", str(out), "--project", str(project.id)]) == 0
    old_value = project.indicators[0].value
    book = openpyxl.load_workbook(out)
    forms = [ws for ws in book.worksheets if ws.sheet_state == "visible" and ws.title not in ("公开清单", "指标明细")]
    sheet = forms[0]
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == old_value)
    cell.value = "≥99999 人次"
    book.save(out)

    assert run(["import", str(out), "--into", str(workbook_path)]) == 0
    after = _load(workbook_path)
    assert len(after.projects) == len(demo.projects)  # no duplicate
    same = [p for p in after.projects if (p.name, p.department) == (project.name, project.department)]
    assert len(same) == 1 and same[0].id == project.id
    assert same[0].indicators[0].value == "≥99999 人次"


@pytest.mark.parametrize(("choice", "count"), [("skip", 24), ("keep-both", 48), ("replace", 24)])
def test_cli_on_conflict_choices(tmp_path: Path, choice: str, count: int, capsys: pytest.CaptureFixture[str]) -> None:
    workbook_path = tmp_path / "w.jixiao"
    with WorkbookFile.open(workbook_path, create=True) as wb_file:
        wb_file.save(demo_workbook())
    out = tmp_path / "all.json"
    assert run(["export", str(workbook_path), "-o", str(out)]) == 0
    capsys.readouterr()
    assert run(["import", str(out), "--into", str(workbook_path), "--on-conflict", choice]) == 0
    assert len(_load(workbook_path).projects) == count
    assert "无改动" in capsys.readouterr().err


def test_text_import_keeps_both_when_changed_and_skips_what_is_already_there(tmp_path: Path) -> None:
    seed = Path(__file__).parent.parent / "resources" / "demo" / "seeds" / "huoqiu-2024-project-forms.txt"
    workbook_path = tmp_path / "w.jixiao"
    assert run(["import", str(seed), "--into", str(workbook_path)]) == 0
    first = len(_load(workbook_path).projects)
    assert run(["import", str(seed), "--into", str(workbook_path)]) == 0
    assert len(_load(workbook_path).projects) == first  # the very same forms again: nothing to add
    edited = tmp_path / "edited.txt"
    edited.write_text(seed.read_text(encoding="utf-8").replace("资助参保人次", "资助参保人数", 1), encoding="utf-8")
    assert run(["import", str(edited), "--into", str(workbook_path)]) == 0
    assert len(_load(workbook_path).projects) == first + 1  # the changed one is kept beside the old one


def test_a_form_without_the_publication_fields_keeps_them_and_last_years_values() -> None:
    from desktop.domain.model import FundsBySource

    workbook = Workbook(projects=demo_workbook().projects[:1])
    kept = workbook.projects[0]
    kept.kind = "特定目标类"
    kept.function_code = "2101301"
    kept.funds_by_source = FundsBySource(general=kept.funds.total)
    kept.indicators[0] = replace(kept.indicators[0], prior_value="≥60000 人")
    from_text = kept.clone()
    from_text.kind = from_text.function_code = from_text.funds_by_source = None
    from_text.indicators = [replace(i, prior_value=None) for i in from_text.indicators]
    from_text.annual_goal = "退回后改过的目标"
    [item] = classify(workbook.projects, [from_text])
    assert item.diff is not None and item.diff.labels() == ("年度目标",)
    apply_import(workbook, [item], Resolution.REPLACE)
    [project] = workbook.projects
    assert (project.kind, project.function_code) == ("特定目标类", "2101301")
    assert project.funds_by_source == kept.funds_by_source
    assert project.indicators[0].prior_value == "≥60000 人"
