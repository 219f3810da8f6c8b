"""A workbook opened for editing reads, per project, only what the project list needs; the other fields (funds, texts,
mid-term block, overview, 定稿 copy…) come from the file when first asked for. Whoever reads them must see exactly
what an eager read gives; damage is refused on opening with the same message as ever, and a value that turns bad
later (another program ignoring the lock) gives that same message when read, with nothing lost."""

from __future__ import annotations

import copy
import sqlite3
from dataclasses import fields, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from desktop.domain.model import (
    DEFERRED_FIELDS,
    FinalCopy,
    Funds,
    FundsBySource,
    Indicator,
    Midterm,
    OrgUnit,
    Overview,
    Project,
    SpendingStep,
    Status,
    Workbook,
    fields_pending,
)
from desktop.storage.errors import WorkbookError
from desktop.storage.workbook_file import WorkbookFile

COUNT = 250


def _project(n: int) -> Project:
    final = n % 50 == 7
    project = Project(
        year=2024 + n % 2,
        template="ah-midterm" if n % 3 == 0 else "ah-project",
        name=f"项目{n:04d}",
        code=f"P{n:04d}",
        department=OrgUnit("039", "县教育局"),
        implementing_unit=OrgUnit(f"0390{n % 4}", f"第{n % 4}中学"),
        source="本级财政",
        period="一年",
        attribute="经常性项目",
        funds=Funds(Decimal(f"{100 + n}.50"), Decimal("80.00"), Decimal("0"), Decimal(f"{20 + n}.5")),
        midterm=Midterm(2024, 2026, f"中期目标{n}", Funds(Decimal("300"))) if n % 3 == 0 else None,
        purpose=f"用途{n}",
        spending_plan=(SpendingStep(3, Decimal("25")), SpendingStep(12, Decimal("100"))) if n % 2 else None,
        basis=f"依据{n}",
        annual_goal=f"年度目标{n}\n第二行",
        indicators=[Indicator("产出指标", "数量指标", f"指标{n}", value="≥1个")],
        status=Status.FINAL if final else Status.DRAFT,
        kind="专项" if n % 5 == 0 else None,
        function_code="2050201",
        funds_by_source=FundsBySource(general=Decimal(f"{n}.25"), unit=Decimal("-3")) if n % 4 == 0 else None,
        overview=Overview("概述", "实施主体", f"{2024 + n % 2}年", "内容") if n % 6 == 0 else None,
    )
    if final:
        project.final_copy = FinalCopy("2024-03-05 14:20", replace(project, name="定稿时的名称", final_copy=None))
    return project


@pytest.fixture(scope="module")
def made_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("fields") / "fields.jixiao"
    with WorkbookFile.open(path, create=True) as wb_file:
        wb_file.save(Workbook(projects=[_project(n) for n in range(COUNT)]))
    return path


@pytest.fixture
def path(made_file: Path, tmp_path: Path) -> Path:
    target = tmp_path / made_file.name
    target.write_bytes(made_file.read_bytes())
    return target


def _eager(path: Path) -> Workbook:
    with WorkbookFile.open(path, read_only=True) as wb_file:
        return wb_file.load()


def _tamper(path: Path, sql: str, *args: object) -> None:
    """Another program writing the file directly (a database tool, or one ignoring our lock)."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA ignore_check_constraints = ON")  # a tool that writes what the schema forbids
    with conn:
        conn.execute(sql, args)
    conn.close()


def test_opening_reads_only_the_listed_fields_and_each_project_reads_the_rest_right(path: Path) -> None:
    expected = _eager(path)
    with WorkbookFile.open(path) as wb_file:
        workbook = wb_file.load(defer_indicators=True)
        assert all(fields_pending(p) for p in workbook.projects)
        assert wb_file.deferred_projects() == COUNT
        # What the list shows is there without reading anything more.
        listed = [(p.id, p.year, p.template, p.name, p.code, p.department, p.status) for p in workbook.projects]
        assert listed == [(p.id, p.year, p.template, p.name, p.code, p.department, p.status) for p in expected.projects]
        assert all(fields_pending(p) for p in workbook.projects)
        last = workbook.projects[-1]
        assert last.annual_goal == f"年度目标{COUNT - 1}\n第二行"
        assert not fields_pending(last)
        assert fields_pending(workbook.projects[0])  # one project read (with the ones after it), not all
        for name in DEFERRED_FIELDS:
            assert [getattr(p, name) for p in workbook.projects] == [getattr(p, name) for p in expected.projects]
        assert not any(fields_pending(p) for p in workbook.projects)
        assert workbook == expected


def test_a_project_waiting_for_its_fields_has_every_field_of_a_project(path: Path) -> None:
    with WorkbookFile.open(path) as wb_file:
        project = wb_file.load(defer_indicators=True).projects[5]
        assert fields_pending(project)
        held = {f.name for f in fields(Project)} & set(project.__dict__)  # what opening read: the listed fields
        assert held | set(DEFERRED_FIELDS) | {"indicators"} == {f.name for f in fields(Project)}
        assert not held & {*DEFERRED_FIELDS, "indicators"}
        with pytest.raises(AttributeError):
            _ = project.no_such_field  # type: ignore[attr-defined]
        assert fields_pending(project)  # asking for something else reads nothing


def test_a_field_set_before_the_others_arrive_keeps_its_new_value(path: Path) -> None:
    with WorkbookFile.open(path) as wb_file:
        workbook = wb_file.load(defer_indicators=True)
        project = workbook.projects[9]
        project.purpose = "新的用途"
        assert project.basis == "依据9" and project.purpose == "新的用途"
        wb_file.save(workbook)
    again = _eager(path).projects[9]
    assert again.purpose == "新的用途" and again.basis == "依据9"


def test_copies_and_replace_of_a_waiting_project_carry_its_fields(path: Path) -> None:
    expected = _eager(path).projects[12]
    with WorkbookFile.open(path) as wb_file:
        workbook = wb_file.load(defer_indicators=True)
        snapshot = copy.deepcopy(workbook.projects[12])
        assert not fields_pending(snapshot) and snapshot == expected
        assert replace(workbook.projects[24], name="x").funds_by_source == FundsBySource(
            general=Decimal("24.25"), unit=Decimal("-3")
        )
        clone = workbook.projects[30].clone()
        assert clone.id is None and clone.overview == Overview("概述", "实施主体", "2024年", "内容")


def test_saving_back_keeps_every_field_and_the_final_copies_as_they_were(path: Path) -> None:
    expected = _eager(path)
    conn = sqlite3.connect(path)
    stored_finals = conn.execute("SELECT id, final_taken, final_content FROM project ORDER BY id").fetchall()
    conn.close()
    with WorkbookFile.open(path) as wb_file:
        workbook = wb_file.load(defer_indicators=True)
        workbook.projects[3].name = "改过的名称"
        del workbook.projects[40]
        wb_file.save(workbook)  # rewrites the rows the waiting projects would read: they read them first
        assert wb_file.deferred_projects() == 0
    del expected.projects[40]
    expected.projects[3].name = "改过的名称"
    assert _eager(path) == expected
    conn = sqlite3.connect(path)
    after = conn.execute("SELECT id, final_taken, final_content FROM project ORDER BY id").fetchall()
    conn.close()
    assert [r for r in after if r[2] is not None] == [r for r in stored_finals if r[2] is not None]


def test_projects_still_waiting_read_their_fields_after_the_file_is_closed(path: Path) -> None:
    expected = _eager(path)
    wb_file = WorkbookFile.open(path)
    workbook = wb_file.load(defer_indicators=True)
    wb_file.close()
    with WorkbookFile.open(path) as again:
        assert not again.read_only
    assert workbook.projects[200].funds == expected.projects[200].funds
    assert workbook == expected


def _message(open_it: Any) -> str:
    with pytest.raises(WorkbookError) as caught:
        open_it()
    return str(caught.value)


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("funds_total", "abc"),
        ("funds_other", ""),
        ("funds_fiscal", "1.2.3"),
        ("funds_carryover", "--5"),
        ("funds_total", "1234567890123456"),
        ("funds_total", "1e999"),
        ("funds_total", "12\x003"),
        ("funds_total", "12\n3"),
        ("funds_total", b"12"),
        ("midterm_funds_total", "万元"),
        ("fbs_general", "1,000"),
        ("fbs_unit", "12.1234567"),
        ("midterm_start", "二〇二四"),
        ("midterm_end", 2.5),
        ("midterm_end", 2**40),
        ("year", "2024年"),
        ("status", "done"),
        ("final_content", b"{}"),
    ],
)
def test_damage_in_a_field_read_later_is_refused_on_opening_with_the_same_message(
    path: Path, column: str, value: object
) -> None:
    _tamper(path, f"UPDATE project SET {column} = ? WHERE name = ?", value, "项目0120")

    def eager() -> None:
        with WorkbookFile.open(path) as wb_file:
            wb_file.load()

    def deferred() -> None:
        with WorkbookFile.open(path) as wb_file:
            wb_file.load(defer_indicators=True)

    message = _message(eager)
    assert "已损坏" in message
    assert _message(deferred) == message


@pytest.mark.parametrize(
    ("column", "value"), [("month", 13), ("month", "三月"), ("percent", "25%"), ("percent", "1e999"), ("percent", "")]
)
def test_a_damaged_spending_plan_is_refused_on_opening_with_the_same_message(
    path: Path, column: str, value: object
) -> None:
    _tamper(path, f"UPDATE spending_step SET {column} = ? WHERE project_id = 122 AND position = 1", value)

    def eager() -> None:
        with WorkbookFile.open(path) as wb_file:
            wb_file.load()

    def deferred() -> None:
        with WorkbookFile.open(path) as wb_file:
            wb_file.load(defer_indicators=True)

    message = _message(eager)
    assert "资金支出计划" in message or "支出计划百分比" in message
    assert _message(deferred) == message


def test_an_amount_written_differently_but_valid_is_read_as_before(path: Path) -> None:
    _tamper(path, "UPDATE project SET funds_total = '1.5E+3', fbs_general = ' 7' WHERE name = ?", "项目0120")
    _tamper(path, "UPDATE spending_step SET percent = '2.5E+1' WHERE project_id = 10 AND position = 0")
    expected = _eager(path)
    assert expected.projects[9].spending_plan == (SpendingStep(3, Decimal("2.5E+1")), SpendingStep(12, Decimal("100")))
    assert expected.projects[120].funds.total == Decimal("1.5E+3")
    with WorkbookFile.open(path) as wb_file:
        workbook = wb_file.load(defer_indicators=True)
        assert not fields_pending(workbook.projects[120])  # read and checked in full on opening
        assert workbook == expected


def test_a_value_damaged_after_opening_gives_the_same_message_when_read_and_nothing_is_lost(path: Path) -> None:
    _tamper(path, "UPDATE project SET funds_total = 'abc' WHERE name = ?", "项目0120")
    with pytest.raises(WorkbookError) as on_opening:
        with WorkbookFile.open(path) as wb_file:
            wb_file.load(defer_indicators=True)
    _tamper(path, "UPDATE project SET funds_total = '220.50' WHERE name = ?", "项目0120")
    wb_file = WorkbookFile.open(path)
    workbook = wb_file.load(defer_indicators=True)
    workbook.projects[3].name = "已改名"
    _tamper(path, "UPDATE project SET funds_total = 'abc' WHERE name = ?", "项目0120")  # ignoring our lock
    before = path.read_bytes()
    waiting = workbook.projects[120]
    with pytest.raises(WorkbookError) as on_reading:
        _ = waiting.funds
    assert str(on_reading.value) == str(on_opening.value)
    assert fields_pending(waiting)  # still waiting: asks again next time
    with pytest.raises(WorkbookError):
        wb_file.save(workbook)  # refused before writing anything
    assert path.read_bytes() == before
    _tamper(path, "UPDATE project SET funds_total = '220.50' WHERE name = ?", "项目0120")  # repaired
    assert waiting.funds.total == Decimal("220.50")
    wb_file.save(workbook)
    wb_file.close()
    again = _eager(path)
    assert again.projects[3].name == "已改名" and again.projects[120].funds.total == Decimal("220.50")


class _GoneDrive:
    def execute(self, *_args: object) -> Any:
        raise sqlite3.OperationalError("disk I/O error")


def test_fields_that_cannot_be_read_now_say_what_to_check_and_read_once_the_drive_is_back(path: Path) -> None:
    expected = _eager(path)
    wb_file = WorkbookFile.open(path)
    workbook = wb_file.load(defer_indicators=True)
    reader = wb_file._deferred
    assert reader is not None
    working = reader._connection
    reader._connection = _GoneDrive  # type: ignore[assignment]
    with pytest.raises(WorkbookError) as caught:
        _ = workbook.projects[7].purpose
    message = str(caught.value)
    assert "暂时无法从工作簿文件读取项目的内容" in message and "网络连接" in message and "不受影响" in message
    assert fields_pending(workbook.projects[7])
    reader._connection = working
    assert workbook.projects[7].purpose == "用途7"
    assert workbook == expected
    wb_file.close()


def test_the_window_shows_the_first_project_in_full_and_the_background_check_reads_the_others(qtbot, path: Path):  # type: ignore[no-untyped-def]
    from desktop.domain.validation import validate_project
    from desktop.templates.catalog import available_layouts
    from tests.test_main_window import field, open_window

    expected = _eager(path)
    window = open_window(qtbot, path)
    projects = window.document.workbook.projects
    shown = window.current_project()
    assert shown is not None and not fields_pending(shown)
    assert field(window, "annual_goal").edit.toPlainText() == shown.annual_goal == "年度目标1\n第二行"
    assert sum(fields_pending(p) for p in projects) > COUNT // 2
    qtbot.waitUntil(window.validation.is_complete, timeout=120_000)
    assert not any(fields_pending(p) for p in projects)
    assert projects == expected.projects
    some = projects[201]
    assert window.validation.findings_of(some) == validate_project(some, available_layouts())
    assert window.file_ops.save()
    assert _eager(path) == expected


def test_a_spending_plan_damaged_after_opening_gives_the_same_message_when_read(path: Path) -> None:
    wb_file = WorkbookFile.open(path)
    workbook = wb_file.load(defer_indicators=True)
    _tamper(path, "UPDATE spending_step SET month = 13 WHERE project_id = 122 AND position = 1")  # ignoring our lock
    waiting = workbook.projects[121]
    with pytest.raises(WorkbookError) as on_reading:
        _ = waiting.spending_plan
    assert fields_pending(waiting)
    wb_file.close()
    with pytest.raises(WorkbookError) as on_opening:
        with WorkbookFile.open(path) as again:
            again.load()
    assert str(on_reading.value) == str(on_opening.value)
    assert "资金支出计划的月份“13”" in str(on_opening.value)
