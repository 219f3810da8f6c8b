"""年度结转: next year's forms from this year's, in one step, never twice."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from desktop.cli import run
from desktop.domain.model import Status, Workbook
from desktop.domain.rollover import rollover, rollover_project, year_selection
from desktop.io.demo import demo_workbook
from desktop.storage.workbook_file import WorkbookFile

SCHEMA = json.loads((Path(__file__).parent / "spec" / "workbook.schema.json").read_text(encoding="utf-8"))


def _load(path: Path) -> Workbook:
    with WorkbookFile.open(path, read_only=True) as wb_file:
        return wb_file.load()


def test_a_project_moves_to_next_year_with_names_dates_and_prior_values() -> None:
    demo = demo_workbook()
    source = next(p for p in demo.projects if p.name == "2024_城乡医疗救助")
    source.status = Status.FINAL
    rolled = rollover_project(source, 2025)
    assert rolled.year == 2025 and rolled.name == "2025_城乡医疗救助"
    assert rolled.status is Status.DRAFT and rolled.id is None
    assert [i.prior_value for i in rolled.indicators] == [i.value for i in source.indicators]
    assert rolled.funds == source.funds
    assert source.year == 2024 and source.name == "2024_城乡医疗救助"  # the original is untouched
    cleared = rollover_project(source, 2025, clear_funds=True)
    assert cleared.funds.total is None and cleared.funds.fiscal is None


def test_dates_in_time_values_move_with_the_year() -> None:
    demo = demo_workbook()
    dated = [(p, i) for p in demo.projects for i in p.indicators if i.value and "2024" in i.value and "年" in i.value]
    assert dated, "the demo has 时效 values with a 2024 date"
    project, row = dated[0]
    rolled = rollover_project(project, 2025)
    new_row = rolled.indicators[project.indicators.index(row)]
    assert "2025" in (new_row.value or "") and "2024" not in (new_row.value or "")
    assert new_row.prior_value == row.value


def test_whole_year_of_the_demo_and_a_second_rollover_adds_nothing(tmp_path: Path) -> None:
    path = tmp_path / "w.jixiao"
    assert run(["demo", str(path)]) == 0
    before = _load(path)
    count_2024 = len([p for p in before.projects if p.year == 2024])
    assert run(["rollover", str(path), "--from", "2024"]) == 0
    after = _load(path)
    new = [p for p in after.projects if p.year == 2025]
    assert len(new) == count_2024 == 24
    assert all("2024" not in (p.name or "") for p in new)
    assert sum(1 for p in new if "2025" in (p.name or "")) == sum(
        1 for p in before.projects if "2024" in (p.name or "")
    )
    assert all(i.prior_value is not None or i.value is None for p in new for i in p.indicators)
    out = tmp_path / "w.json"
    assert run(["export", str(path), "-o", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(data, SCHEMA)
    assert data["version"] == 2
    assert any(i["prior_value"] for p in data["projects"] if p["year"] == 2025 for i in p["indicators"])

    assert run(["rollover", str(path), "--from", "2024"]) == 1
    assert len(_load(path).projects) == len(after.projects)


def test_one_department_only_with_cleared_funds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "w.jixiao"
    assert run(["demo", str(path)]) == 0
    capsys.readouterr()
    assert (
        run(
            [
                "rollover",
                str(path),
                "--from",
                "2024",
                "--to",
                "2026",
                "--department",
                "霍邱县医疗保障局",
                "--clear-funds",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "2024_城乡医疗救助 → 2026_城乡医疗救助" in out
    made = [p for p in _load(path).projects if p.year == 2026]
    assert len(made) == 5 and all(p.department.name == "霍邱县医疗保障局" for p in made)
    assert all(p.funds.total is None for p in made)


def test_nothing_to_roll_over_is_said(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "w.jixiao"
    assert run(["demo", str(path)]) == 0
    assert run(["rollover", str(path), "--from", "2019"]) == 1
    assert "没有 2019 年" in capsys.readouterr().err


def test_rollover_does_not_touch_the_workbook_until_added() -> None:
    demo = demo_workbook()
    projects, _ = year_selection(demo, 2024)
    result = rollover(demo, projects, 2025)
    assert len(result.projects) == 24 and len(demo.projects) == 24
    assert result.summary().startswith("已结转到 2025 年：24 个项目")


def test_a_department_moves_with_its_figures_becoming_last_years() -> None:
    from decimal import Decimal

    from desktop.domain.department.budget import Budget, Reason, Source, SpendingRow
    from desktop.domain.department.model import Department
    from desktop.domain.rollover import rollover_department

    row = SpendingRow(function="2101501", source=Source.GENERAL, name="行政运行", personnel=Decimal("149.15"))
    department = Department(
        year=2024,
        name="泗县医疗保障局",
        budget=Budget(spending=(row,), reasons=(Reason("function:2101501", "人员增加"),)),
        id=3,
    )
    rolled = rollover_department(department, 2025)
    assert rolled.year == 2025 and rolled.id is None
    assert rolled.budget is not None and rolled.budget.prior is not None
    assert rolled.budget.prior.year == 2024 and rolled.budget.prior.spending == (row,)
    assert rolled.budget.spending == (row,) and rolled.budget.reasons == ()
    cleared = rollover_department(department, 2025, clear_funds=True)
    assert cleared.budget is not None and cleared.budget.spending == ()
    assert cleared.budget.prior is not None and cleared.budget.prior.spending == (row,)

    workbook = Workbook(departments=[department, rolled])
    result = rollover(workbook, [], 2025, departments=[department])
    assert result.departments == [] and result.already == ["泗县医疗保障局（部门）"]
