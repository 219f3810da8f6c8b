"""The command line with departments: validate (JSON findings of department rules), check (import a published
document into a temporary workbook and keep nothing), templates (document layouts)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from desktop.cli import run

DATA = Path(__file__).parent / "data"


def workbook_json(change: dict[str, Any] | None = None) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / "sixian-department.json").read_text(encoding="utf-8"))
    facts = data["departments"][0]["budget"]["facts"]
    for key, value in (change or {}).items():
        facts[key] = value
    return data


def write(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_templates_lists_document_layouts(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["templates"]) == 0
    out = capsys.readouterr().out
    assert "ah-project\t安徽 项目支出绩效目标表" in out  # form layouts still listed
    for document in ("ah-department-budget", "ah-project-package", "hb-performance-text", "jx-department-budget"):
        assert f"\n{document}\t" in out
    assert "hb-performance-text\t河北 部门预算绩效文本\t封面 + 目录 + 部门整体绩效目标 + 项目表" in out
    assert "11 张表" in out


def test_validate_json_has_department_findings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write(tmp_path / "in.json", workbook_json({"operating_costs": "90"}))
    workbook = tmp_path / "w.jixiao"
    assert run(["import", str(source), "--into", str(workbook)]) == 0
    capsys.readouterr()
    assert run(["validate", str(workbook), "--json"]) == 0  # a warning only
    findings = json.loads(capsys.readouterr().out)
    department = [f for f in findings if f["project"] is None]
    assert department == [
        {
            "rule": "D14",
            "severity": "warning",
            "project": None,
            "department": "泗县医疗保障局",
            "location": "其他重要事项 › 机关运行经费",
            "message": department[0]["message"],
        }
    ]
    assert "机关运行经费填为 90 万元" in department[0]["message"]
    assert all("department" not in f for f in findings if f["project"] is not None)


def test_check_reports_errors_and_keeps_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = workbook_json()
    data["departments"][0]["budget"]["income"][0]["amount"] = "2800"  # 收入总计 ≠ 支出总计
    source = write(tmp_path / "公开.json", data)
    monkeypatch.chdir(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())

    assert run(["check", str(source)]) == 1

    out = capsys.readouterr().out
    assert "检查 公开.json（未保存任何内容）" in out
    assert (
        "部门：泗县医疗保障局（2024年）\n  错误 D04 收支总表 › 收入总计 › 预算数："
        "收入总计 2800 万元，支出总计 2805.56 万元" in out
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_check_json_lists_the_same_finding_objects(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write(tmp_path / "公开.json", workbook_json({"three_public": None}))
    assert run(["check", str(source), "--json"]) == 0
    findings = json.loads(capsys.readouterr().out)
    d13 = [f for f in findings if f["rule"] == "D13"]
    assert [f["location"] for f in d13] == [
        "一般公共预算基本支出表 › 30217 公务接待费 › 公用经费",
        "一般公共预算基本支出表 › 30231 公务用车运行维护费 › 公用经费",
    ]
    assert all(f["project"] is None and f["department"] == "泗县医疗保障局" for f in d13)


def test_check_of_a_clean_document_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["check", str(write(tmp_path / "ok.json", workbook_json()))]) == 0
    assert "0 条错误" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("坏.json", b'{"format": "jixiao-workbook", "version": 2, "projects": [], "departments": [{"year": 2024}]}',
         "第 1 个部门的“name”不能为空"),
        ("坏.txt", b"\x00\x01\x02\xff" * 200, "坏.txt"),
        ("坏.xlsx", b"PK\x03\x04 not really a workbook", "坏.xlsx"),
        ("坏.pdf", b"%PDF-1.4", "不能导入“.pdf”文件"),
    ],
)  # fmt: skip
def test_check_of_an_unreadable_file_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes, words: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert run(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err and "程序内部错误" not in err


def test_check_of_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["check", str(tmp_path / "无.txt")]) == 2
    assert "找不到要检查的文件" in capsys.readouterr().err


def test_check_of_a_sheet_of_project_forms(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A published xlsx with a project form and nothing wrong in it: checked, nothing kept, exit 0.
    workbook = tmp_path / "w.jixiao"
    assert run(["import", str(DATA / "sixian-department.json"), "--into", str(workbook)]) == 0
    sheet = tmp_path / "表.xlsx"
    assert run(["export", str(workbook), "-o", str(sheet), "--project", "2"]) == 0
    capsys.readouterr()
    assert openpyxl.load_workbook(sheet).sheetnames
    assert run(["check", str(sheet)]) == 0
    out = capsys.readouterr().out
    assert "公务用车更新配备" in out and "共 1 个项目：0 条错误" in out


def test_check_of_pasted_text_keeps_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A project form copied from a published PDF (泗县's 医用网络使用维护费, with its stray "1按时完成").
    seed = Path(__file__).parent.parent / "resources" / "demo" / "seeds" / "sixian-2024-department-budget.txt"
    lines = seed.read_text(encoding="utf-8").splitlines()
    start = max(i for i, line in enumerate(lines) if line.startswith("项目名称") and "医用网络使用维护费" in line)
    source = tmp_path / "表.txt"
    source.write_text("项目支出绩效目标表\n(2024年度)\n" + "\n".join(lines[start:]) + "\n", encoding="utf-8")
    before = sorted(p.name for p in tmp_path.iterdir())
    assert run(["check", str(source), "--json"]) == 0  # warnings only
    findings = json.loads(capsys.readouterr().out)
    assert [(f["rule"], f["project"]) for f in findings] == [("W09", "医用网络使用维护费")]
    assert sorted(p.name for p in tmp_path.iterdir()) == before
