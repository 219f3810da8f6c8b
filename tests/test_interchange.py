"""The JSON form of a workbook: valid against the shared schema, and lossless through a workbook file."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest

from desktop.cli import run
from desktop.domain.model import Funds, Indicator, Midterm, Project, SpendingStep, Workbook
from desktop.io.interchange import InterchangeError, dumps, loads, workbook_from_json, workbook_to_json

SCHEMA = json.loads((Path(__file__).parent / "spec" / "workbook.schema.json").read_text(encoding="utf-8"))


def _midterm_project() -> Project:
    return Project(
        year=2021,
        template="ah-midterm",
        name="  城乡居民医保信息化建设  ",
        funds=Funds(total=Decimal("120.00"), fiscal=Decimal("120.00"), other=None),
        midterm=Midterm(start=2021, end=2023, goal="三年内建成", funds=Funds(total=Decimal("360"))),
        spending_plan=(SpendingStep(3, Decimal("25")), SpendingStep(6, None)),
        annual_goal="完成一期",
        indicators=[Indicator("产出指标", "数量指标", "系统数", "≥1 个", midterm_value="≥3 个")],
    )


def test_every_key_of_the_spec_is_written_and_valid() -> None:
    document = workbook_to_json(Workbook(projects=[_midterm_project()]))
    jsonschema.validate(document, SCHEMA)
    project = document["projects"][0]
    assert list(project) == [
        "year", "template", "name", "code", "department", "implementing_unit", "source", "period", "attribute",
        "funds", "midterm", "purpose", "spending_plan", "basis", "annual_goal", "indicators", "status",
        "kind", "function_code", "funds_by_source", "overview",
    ]  # fmt: skip
    assert list(document) == ["format", "version", "projects", "departments"]
    assert document["version"] == 2
    assert project["name"] == "  城乡居民医保信息化建设  "  # written as held; trimmed when read
    assert project["funds"] == {"total": "120.00", "fiscal": "120.00", "carryover": None, "other": None}
    assert project["midterm"]["funds"]["total"] == "360"
    assert project["spending_plan"] == [{"month": 3, "percent": "25"}, {"month": 6, "percent": None}]
    assert project["indicators"][0]["midterm_value"] == "≥3 个"


def test_text_is_trimmed_and_amounts_stay_exact_when_read() -> None:
    document = workbook_to_json(Workbook(projects=[_midterm_project()]))
    again = workbook_from_json(document)
    assert again.projects[0].name == "城乡居民医保信息化建设"
    assert again.projects[0].funds.total == Decimal("120.00")
    assert str(again.projects[0].funds.total) == "120.00"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("{", "JSON 格式有误"),
        ('{"format": "other"}', "不是绩效目标工作簿"),
        ('{"format": "jixiao-workbook", "version": 9, "projects": []}', "较新版本"),
        ('{"format": "jixiao-workbook", "version": 1, "projects": [{"year": 2024}]}', "第 1 个项目"),
        (
            '{"format": "jixiao-workbook", "version": 1, "projects": [{"year": 2024, "template": "ah-project", '
            '"name": "x", "annual_goal": null, "indicators": [], "funds": {"total": "12万", "fiscal": null, '
            '"carryover": null, "other": null}}]}',
            "“total”应为数字文字",
        ),
    ],
)
def test_malformed_json_gives_a_chinese_message(text: str, fragment: str) -> None:
    with pytest.raises(InterchangeError, match=fragment):
        loads(text)


def test_demo_round_trip_through_workbook_files_is_identical(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    demo, first, copy, second = (tmp_path / n for n in ("d.jixiao", "d.json", "copy.jixiao", "again.json"))
    assert run(["demo", str(demo)]) == 0
    assert run(["export", str(demo), "-o", str(first)]) == 0
    document = json.loads(first.read_text(encoding="utf-8"))
    jsonschema.validate(document, SCHEMA)
    assert len(document["projects"]) == 24
    assert run(["import", str(first), "--into", str(copy)]) == 0
    assert "24 个项目" in capsys.readouterr().out
    assert run(["export", str(copy), "-o", str(second)]) == 0
    assert second.read_text(encoding="utf-8") == first.read_text(encoding="utf-8")


def test_dumps_is_stable_text() -> None:
    workbook = Workbook(projects=[_midterm_project()])
    assert dumps(loads(dumps(workbook))) == dumps(loads(dumps(loads(dumps(workbook)))))
