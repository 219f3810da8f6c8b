"""A department in the workbook file and in the interchange JSON (version 2), and migrating version-1 files."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from desktop.cli import run
from desktop.domain.department import (
    Cover,
    Department,
    OverallTarget,
    Paragraph,
    Printed,
    PrintedFigure,
    PrintedName,
    PrintedRow,
    Source,
    TargetItem,
)
from desktop.domain.model import FundsBySource, Indicator, Overview, Project, Workbook
from desktop.io.interchange import InterchangeError, dumps, loads, read_json
from desktop.storage import schema
from desktop.storage.workbook_file import DamagedWorkbookError, WorkbookFile

DATA = Path(__file__).parent / "data"
SCHEMA = json.loads((Path(__file__).parent / "spec" / "workbook.schema.json").read_text(encoding="utf-8"))


def sixian() -> Workbook:
    return read_json(DATA / "sixian-department.json")


def printed() -> Printed:
    return Printed(
        contents=("summary", "income", "spending"),
        tables=("summary", "spending"),
        rows=(
            PrintedRow(
                "general", "2101501", "行政运行", None, (("total", Decimal("242.41")), ("basic", Decimal("224.41")))
            ),
            PrintedRow(
                "projects", "2024_城乡医疗救助", None, "泗县城乡居民基本医疗保险管理中心", (("total", None),), 301
            ),
        ),
        figures=(PrintedFigure("table:spending", "percent", Decimal("143.56"), "增长143.56%", 404),),
        names=(
            PrintedName("public_list", "2024-城乡医疗救助", Decimal("1760"), None, "资金用来完善社会救助体系", 630),
        ),
    )


def saved_and_loaded(path: Path, workbook: Workbook) -> Workbook:
    with WorkbookFile.open(path, create=True) as wb_file:
        wb_file.save(workbook)
    with WorkbookFile.open(path, read_only=True) as wb_file:
        return wb_file.load()


def test_department_saved_and_read_back_equal(tmp_path: Path) -> None:
    workbook = sixian()
    department = replace(workbook.departments[0], printed=printed())
    workbook.departments[0] = department

    loaded = saved_and_loaded(tmp_path / "部门.jixiao", workbook)

    assert loaded.departments == [department]
    assert loaded.departments[0].budget is not None
    assert loaded.departments[0].budget.spending[4].public == Decimal("75.26")
    assert loaded.departments[0].budget.spending[4].source is Source.GENERAL
    assert [p.clone() for p in loaded.projects] == [p.clone() for p in workbook.projects]
    assert loaded.projects[2].funds_by_source == FundsBySource(general=Decimal("1760"))
    assert loaded.projects[2].function_code == "2101301"


def test_a_hebei_department_with_an_overall_target_round_trips(tmp_path: Path) -> None:
    target = OverallTarget(
        goals=(Paragraph("（一）医疗保障政策制定、管理及实施。", "贯彻落实医疗保障政策……"),),
        items=(TargetItem("1.医疗保障待遇落实", "绩效目标：待遇按时足额发放", "绩效指标：参保率≥95%"),),
        measures=(Paragraph(None, "加强组织领导。"),),
        annual_goal="全面完成年度医疗保障工作",
        indicators=(Indicator("产出指标", "数量指标", "参保人数", "≥20万人", prior_value="≥19万人"),),
    )
    department = Department(
        2024,
        "兴隆县医疗保障局",
        None,
        "hb-performance-text",
        cover=Cover(compiled_by="兴隆县医疗保障局编制", reviewed_by="兴隆县财政局审核", draft=True),
        overall_target=target,
    )
    loaded = saved_and_loaded(tmp_path / "hb.jixiao", Workbook(departments=[department]))
    assert loaded.departments == [department]
    again = loads(dumps(loaded))
    assert again.departments == [department]
    data = json.loads(dumps(loaded))
    jsonschema.validate(data, SCHEMA, cls=jsonschema.Draft202012Validator)
    assert data["departments"][0]["overall_target"]["indicators"][0]["prior_value"] == "≥19万人"
    assert data["departments"][0]["budget"] is None and data["departments"][0]["cover"]["draft"] is True


def test_new_project_fields_and_prior_value_survive_a_save(tmp_path: Path) -> None:
    project = Project(
        year=2025,
        template="ah-project",
        name="离休医疗费补助",
        kind="特定目标类",
        function_code="2101101",
        funds_by_source=FundsBySource(general=Decimal("357.00"), carryover_general=Decimal("0")),
        overview=Overview(summary="离休医疗费补助", implementer=None, timeframe="2025", content=None),
        indicators=[Indicator("产出指标", "数量指标", "政策补助补贴对象", "≥10人", prior_value="≥9人")],
    )
    loaded = saved_and_loaded(tmp_path / "a.jixiao", Workbook(projects=[project]))
    assert loaded.projects[0].clone() == project.clone()
    assert loaded.projects[0].funds_by_source is not None
    assert str(loaded.projects[0].funds_by_source.general) == "357.00"  # as typed, not rounded


def test_blank_blocks_stay_blank(tmp_path: Path) -> None:
    # "no overview at all" and "an overview left blank" differ, like the mid-term block.
    blank = Project(year=2024, template="ah-project", name="甲", overview=Overview(), funds_by_source=FundsBySource())
    loaded = saved_and_loaded(tmp_path / "a.jixiao", Workbook(projects=[blank, Project(2024, "ah-project", "乙")]))
    assert loaded.projects[0].overview == Overview() and loaded.projects[0].funds_by_source == FundsBySource()
    assert loaded.projects[1].overview is None and loaded.projects[1].funds_by_source is None


def test_removing_a_department_removes_it_from_the_file(tmp_path: Path) -> None:
    path = tmp_path / "a.jixiao"
    workbook = saved_and_loaded(path, sixian())
    workbook.departments.clear()
    assert saved_and_loaded(path, workbook).departments == []


def _version_one_file(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A workbook as the previous program wrote it: schema step 1 only, rows in its columns, user_version 1."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        with monkeypatch.context() as patch:
            patch.setattr(schema, "MIGRATION_STEPS", schema.MIGRATION_STEPS[:1])
            schema.migrate(conn)
        conn.execute("BEGIN")
        for position, (name, total) in enumerate(
            [("欺诈骗取医保基金行为举报奖励", "5.00"), ("公务用车更新配备", "18.00")]
        ):
            cursor = conn.execute(
                "INSERT INTO project (position, year, template, name, department_code, department_name, funds_total,"
                " funds_fiscal, annual_goal, status)"
                " VALUES (?, 2024, 'ah-project', ?, '066', '泗县医疗保障局', ?, ?, ?, 'draft')",
                (position, name, total, total, "保证医保基金安全"),
            )
            conn.execute(
                "INSERT INTO indicator (project_id, position, level1, level2, name, value) VALUES (?, 0, '产出指标',"
                " '数量指标', '符合条件应奖励人数', '≥1人')",
                (cursor.lastrowid,),
            )
        conn.execute("COMMIT")
        assert conn.execute("PRAGMA user_version").fetchone() == (1,)
        assert "department" not in {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    finally:
        conn.close()


def test_version_one_workbook_is_migrated_with_a_backup_and_takes_a_department(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "旧工作簿.jixiao"
    _version_one_file(path, monkeypatch)

    with WorkbookFile.open(path) as wb_file:
        workbook = wb_file.load()
        assert [p.name for p in workbook.projects] == ["欺诈骗取医保基金行为举报奖励", "公务用车更新配备"]
        assert str(workbook.projects[1].funds.total) == "18.00"
        assert workbook.projects[0].indicators == [Indicator("产出指标", "数量指标", "符合条件应奖励人数", "≥1人")]
        assert all(p.kind is None and p.funds_by_source is None and p.overview is None for p in workbook.projects)
        assert all(i.prior_value is None for p in workbook.projects for i in p.indicators)
        assert workbook.departments == []
        workbook.departments.append(sixian().departments[0])
        wb_file.save(workbook)

    backup = schema.backup_path_for(path, schema.schema_version())
    with sqlite3.connect(backup) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (1,)
        assert len(conn.execute("SELECT id FROM project").fetchall()) == 2
    with WorkbookFile.open(path, read_only=True) as wb_file:
        reopened = wb_file.load()
    assert reopened.departments == sixian().departments
    assert [p.name for p in reopened.projects] == ["欺诈骗取医保基金行为举报奖励", "公务用车更新配备"]


def test_damaged_department_content_is_reported_not_raised(tmp_path: Path) -> None:
    path = tmp_path / "a.jixiao"
    saved_and_loaded(path, sixian())
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE department SET content = '{\"year\": 2024'")
    with WorkbookFile.open(path, read_only=True) as wb_file, pytest.raises(DamagedWorkbookError, match="部门"):
        wb_file.load()


# --------------------------------------------------------------------------------------------- interchange


def test_export_writes_version_2_valid_against_the_schema(tmp_path: Path) -> None:
    workbook_path = tmp_path / "w.jixiao"
    saved_and_loaded(workbook_path, sixian())
    out = tmp_path / "x.json"

    assert run(["export", str(workbook_path), "-o", str(out)]) == 0

    data = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(data, SCHEMA, cls=jsonschema.Draft202012Validator)
    assert data["version"] == 2
    assert [d["name"] for d in data["departments"]] == ["泗县医疗保障局"]
    assert data["departments"][0]["budget"]["spending"][4]["public"] == "75.26"
    assert data["projects"][0]["indicators"][0]["prior_value"] is None


def test_json_to_workbook_to_json_is_identical(tmp_path: Path) -> None:
    source = DATA / "sixian-department.json"
    workbook_path = tmp_path / "w.jixiao"
    assert run(["import", str(source), "--into", str(workbook_path)]) == 0
    out = tmp_path / "back.json"
    assert run(["export", str(workbook_path), "-o", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8")) == json.loads(source.read_text(encoding="utf-8"))


def test_version_1_files_still_import() -> None:
    text = (Path(__file__).parent.parent / "resources/demo/huoqiu-2024.json").read_text(encoding="utf-8")
    assert json.loads(text)["version"] == 1
    workbook = loads(text)
    assert len(workbook.projects) == 5 and workbook.departments == []
    assert all(p.kind is None and p.function_code is None and p.overview is None for p in workbook.projects)
    again = json.loads(dumps(workbook))
    assert again["version"] == 2 and again["departments"] == []
    jsonschema.validate(again, SCHEMA, cls=jsonschema.Draft202012Validator)


def _with_department(change: dict[str, Any]) -> str:
    data = json.loads((DATA / "sixian-department.json").read_text(encoding="utf-8"))
    department = data["departments"][0]
    for path, value in change.items():
        target = department
        *parents, last = path.split(".")
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[last] = value
    return json.dumps(data, ensure_ascii=False)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"budget.spending.0.personnel": "五万"}, "budget.spending[1].personnel”应为数字文字"),
        ({"budget.spending.0.function": "21015"}, "应为 7 位数字的科目编码"),
        ({"budget.basic.0.economic": 30101}, "应为 5 位数字的科目编码"),
        ({"budget.income.0.source": "bank"}, "应为资金来源之一"),
        ({"budget.income.0.unit_kind": "事业收入"}, "只用于单位资金"),
        ({"budget.reasons.0.about": "function:21x"}, "table:<表>"),
        ({"year": "2024"}, "“year”应为整数"),
        ({"name": "  "}, "“name”不能为空"),
        ({"units.0.colour": "红"}, "不认识的键“colour”"),
        ({"budget.procurement.0.category": "软件"}, "应为 货物、工程、服务 之一"),
    ],
)
def test_malformed_department_gives_a_chinese_message(change: dict[str, Any], message: str) -> None:
    with pytest.raises(InterchangeError) as caught:
        loads(_with_department(change))
    assert "部门" in str(caught.value) and message in str(caught.value)


def test_the_same_department_twice_is_refused() -> None:
    data = json.loads((DATA / "sixian-department.json").read_text(encoding="utf-8"))
    data["departments"].append(data["departments"][0])
    with pytest.raises(InterchangeError, match="出现了两次"):
        loads(json.dumps(data, ensure_ascii=False))


def test_malformed_department_import_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    workbook_path = tmp_path / "w.jixiao"
    saved_and_loaded(workbook_path, Workbook(projects=[Project(2024, "ah-project", "原有项目")]))
    before = workbook_path.read_bytes()
    bad = tmp_path / "bad.json"
    bad.write_text(_with_department({"budget.spending.3.project": 1760}), encoding="utf-8")

    assert run(["import", str(bad), "--into", str(workbook_path)]) == 2

    err = capsys.readouterr().err
    assert "第 1 个部门（泗县医疗保障局）的“budget.spending[4].project”应为数字文字" in err
    assert "Traceback" not in err
    assert workbook_path.read_bytes() == before
