"""Issue 17, items 1, 2 and 9: amounts, years, layouts and JSON within bounds at every door, never an internal error.

Each hostile input is a case the issue measured reaching "程序内部错误" (InvalidOperation, OverflowError,
UnicodeEncodeError, RecursionError, ValueError) or being accepted unusable; now it is a Chinese refusal with exit
status 2 and the target workbook byte-identical.
"""

from __future__ import annotations

import sqlite3
import time
from decimal import Decimal
from pathlib import Path

import pytest

from desktop.cli import run
from desktop.domain.limits import amount_problem, round_to_bounds
from desktop.domain.model import AmountError, Funds, parse_amount
from desktop.domain.validation import validate_workbook
from desktop.io import bounded_json
from desktop.io.demo import demo_workbook
from desktop.io.xlsx.export import export_xlsx
from desktop.storage.workbook_file import DamagedWorkbookError, SaveError, WorkbookFile
from desktop.templates.layouts import bundled_layouts
from tests.hostile import HOSTILE_JSON, hostile_json_text, with_hidden_json


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("1" + "0" * 26, "整数部分最多 12 位"),
        ("0." + "1" * 28, "最多 6 位小数"),
        ("1e999999", "整数部分最多 12 位"),
        ("1" * 100_000, "太长"),
        ("Infinity", "不是数字"),
    ],
)
def test_amounts_out_of_bounds_are_refused_with_a_chinese_message(text: str, words: str) -> None:
    with pytest.raises(AmountError, match=words):
        parse_amount(text)


def test_amounts_at_the_bounds_are_kept_exactly() -> None:
    assert parse_amount("999,999,999,999.999999") == Decimal("999999999999.999999")
    assert parse_amount("-999999999999") == Decimal("-999999999999")
    assert parse_amount("30.000000") == Decimal("30.000000")
    assert amount_problem(Decimal("1000000000000")) is not None
    assert round_to_bounds(Decimal("190.7400123456")) == Decimal("190.740012")


def test_the_largest_amounts_validate_and_export(tmp_path: Path) -> None:
    """Sums and `quantize(0.01)` of bounded amounts stay inside Decimal's precision: no InvalidOperation."""
    workbook = demo_workbook()
    big = Decimal("999999999999.999999")
    for project in workbook.projects:
        project.funds = Funds(total=big, fiscal=big, carryover=big, other=big)
    findings = validate_workbook(workbook, bundled_layouts())
    assert any(f.rule == "E05" for f in findings) and any(f.rule == "W01" for f in findings)
    export_xlsx(workbook, tmp_path / "big.xlsx")
    with WorkbookFile.open(tmp_path / "big.jixiao", create=True) as wb_file:
        wb_file.save(workbook)
        assert wb_file.load().projects[0].funds.total == big


def _workbook(tmp_path: Path) -> Path:
    path = tmp_path / "目标.jixiao"
    with WorkbookFile.open(path, create=True) as wb_file:
        workbook = demo_workbook()
        workbook.projects = workbook.projects[:2]
        wb_file.save(workbook)
    return path


@pytest.mark.parametrize("case", list(HOSTILE_JSON))
def test_hostile_json_import_is_refused_and_changes_nothing(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = _workbook(tmp_path)
    before = target.read_bytes()
    source = tmp_path / "in.json"
    source.write_text(hostile_json_text(case), encoding="utf-8")
    assert run(["import", str(source), "--into", str(target)]) == 2
    err = capsys.readouterr().err
    assert HOSTILE_JSON[case][2] in err and "程序内部错误" not in err, err
    assert target.read_bytes() == before


@pytest.mark.parametrize(
    "case", ["year 2^63", "lone surrogate in name", "nesting 990 under unknown key", "integer of 5000 digits"]
)
def test_the_same_inside_the_hidden_sheet_of_an_xlsx(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workbook = demo_workbook()
    workbook.projects = workbook.projects[:1]
    exported = tmp_path / "ours.xlsx"
    export_xlsx(workbook, exported)
    spoiled = with_hidden_json(exported, hostile_json_text(case), tmp_path / "spoiled.xlsx")
    target = _workbook(tmp_path)
    before = target.read_bytes()
    status = run(["import", str(spoiled), "--into", str(target)])
    err = capsys.readouterr().err
    assert "程序内部错误" not in err, err
    if case == "year 2^63":
        # Well-formed JSON with a value out of range: the hidden sheet is distrusted and the visible sheet read
        # by its labels, as for any hidden sheet that does not check out (the clerk is told).
        assert status == 0 and "改为按各工作表的标签读取" in err
        with WorkbookFile.open(target, read_only=True) as wb_file:
            assert all(p.year == 2024 for p in wb_file.load().projects)
    else:
        assert status == 2 and HOSTILE_JSON[case][2] in err, err
        assert target.read_bytes() == before


def test_bounded_json_refuses_quickly_and_names_the_place() -> None:
    started = time.monotonic()
    with pytest.raises(bounded_json.BoundedJsonError, match="嵌套超过 64 层"):
        bounded_json.loads("[" * 200_000 + "]" * 200_000)
    with pytest.raises(bounded_json.BoundedJsonError, match=r"“a\[1\]\.b”处"):
        bounded_json.loads('{"a": [1, {"b": "x\\ud83d"}]}')
    with pytest.raises(bounded_json.BoundedJsonError, match="太大"):
        bounded_json.loads(b"[" + b" " * 2000 + b"]", max_bytes=1000)
    assert time.monotonic() - started < 10  # generous: refusing must not take the parser's worst case
    # Brackets inside strings are text, not nesting; a valid surrogate pair is an ordinary character.
    assert bounded_json.loads('{"a": "' + "[" * 1000 + '", "b": "\\ud83d\\ude00"}') == {"a": "[" * 1000, "b": "😀"}


def _tamper(path: Path, sql: str, *params: object) -> None:
    conn = sqlite3.connect(path)
    conn.execute(sql, params)
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    ("sql", "value", "words"),
    [
        ("UPDATE project SET funds_total = ? WHERE position = 0", "1" + "0" * 26, "资金“1000000000"),
        ("UPDATE project SET funds_fiscal = ? WHERE position = 0", "abc", "资金“abc”不是金额"),
        ("UPDATE project SET year = ? WHERE position = 0", "二〇二四", "预算年度“二〇二四”不是整数年份"),
        ("UPDATE project SET midterm_start = ?, has_midterm = 1 WHERE position = 0", "x", "中期起始年"),
    ],
)
def test_a_tampered_workbook_is_refused_naming_project_and_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sql: str, value: str, words: str
) -> None:
    path = _workbook(tmp_path)
    _tamper(path, sql, value)
    with WorkbookFile.open(path, read_only=True) as wb_file, pytest.raises(DamagedWorkbookError) as caught:
        wb_file.load()
    assert words in str(caught.value) and "已损坏" in str(caught.value)
    assert run(["validate", str(path)]) == 2
    assert run(["export", str(path), "-o", str(tmp_path / "x.xlsx")]) == 2
    err = capsys.readouterr().err
    assert words in err and "程序内部错误" not in err


def test_an_implausible_stored_year_opens_and_is_flagged(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _workbook(tmp_path)
    _tamper(path, "UPDATE project SET year = 99999 WHERE position = 0")
    assert run(["validate", str(path)]) == 1
    assert "E13" in capsys.readouterr().out


def test_saving_an_amount_out_of_bounds_is_refused_and_the_file_kept(tmp_path: Path) -> None:
    path = _workbook(tmp_path)
    before = path.read_bytes()
    with WorkbookFile.open(path) as wb_file:
        workbook = wb_file.load()
        workbook.projects[0].funds = Funds(total=Decimal("3" + "0" * 12))  # e.g. a sum of three huge parts
        with pytest.raises(SaveError, match="整数部分最多 12 位"):
            wb_file.save(workbook)
    assert path.read_bytes() == before


@pytest.mark.parametrize("year", ["99999", "-1", "0", "9" * 40, "二〇二四"])
def test_a_year_on_the_command_line_is_range_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], year: str
) -> None:
    source = tmp_path / "in.json"
    source.write_text(hostile_json_text("layout zz-unknown").replace('"zz-unknown"', '"ah-project"'), encoding="utf-8")
    target = tmp_path / "new.jixiao"
    assert run(["import", str(source), "--into", str(target), "--year", year]) == 2
    err = capsys.readouterr().err
    assert "年度" in err and "程序内部错误" not in err
    assert not target.exists()
