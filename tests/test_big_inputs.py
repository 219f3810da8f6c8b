"""Inputs far bigger than any real document: refused at once with a Chinese message naming the limit, nothing lost.

Without the limits a 31 MB one-line paste took 94 s and 2 GB, and the PDF of one project with 100 000 indicators
did not finish in 300 s. The inputs are generated here; the tests that typeset right up to a limit take seconds
and are marked `slow` (run them with `pytest -m slow`).
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QUndoStack
from pytestqt.qtbot import QtBot

from desktop.domain import size_limits
from desktop.domain.model import Indicator, Project, Workbook
from desktop.io.demo import demo_workbook
from desktop.io.exporting import ExportFailed
from desktop.io.importing import ImportFailed
from desktop.io.pdf.export import export_pdf, pdf_bytes
from desktop.io.text.importer import parse_text, read_text
from desktop.templates.catalog import get_layout
from desktop.ui.indicators.editor import IndicatorEditor
from tests.test_indicator_editor import CTRL, QTY, go, sample_project

ONE_LINE_31_MB = "产出指标数量指标资助参保人次" * (31 * 2**20 // 42)  # 14 characters of 3 UTF-8 bytes each


@pytest.fixture
def project(editor: IndicatorEditor) -> Project:
    shown = sample_project()
    editor.set_project(shown, get_layout("ah-project"))
    return shown


def paste(qtbot: QtBot, editor: IndicatorEditor, text: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    messages: list[str] = []
    monkeypatch.setattr(editor, "show_message", lambda title, message: messages.append(message))
    QGuiApplication.clipboard().setText(text)
    go(editor, QTY, 0)
    qtbot.keyClick(editor.view(), Qt.Key.Key_V, CTRL)
    return messages


def test_a_31_mb_one_line_paste_is_refused_at_once_naming_the_limit(
    qtbot: QtBot, editor: IndicatorEditor, project: Project, stack: QUndoStack, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert len(ONE_LINE_31_MB.encode("utf-8")) > 30 * 2**20
    before = list(project.indicators)
    messages = paste(qtbot, editor, ONE_LINE_31_MB, monkeypatch)
    assert project.indicators == before
    assert not stack.canUndo()  # nothing was pasted, so there is nothing to undo
    assert len(messages) == 1
    assert "粘贴的内容太长" in messages[0] and "最多粘贴 100 万个字符" in messages[0]


def test_a_pasted_line_longer_than_a_table_row_is_refused_with_its_line_number(
    qtbot: QtBot, editor: IndicatorEditor, project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = list(project.indicators)
    text = "结算及时率\t≥98%\n" + "很长的一行" * 6_000 + "\n"
    messages = paste(qtbot, editor, text, monkeypatch)
    assert project.indicators == before
    assert messages == [
        "粘贴的内容第 2 行太长：有 30000 个字符，表格的一行最多 20000 个字符。请检查是否复制了整篇文档。"
    ]


def test_a_paste_within_the_limits_still_goes_in(
    qtbot: QtBot, editor: IndicatorEditor, project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    long_value = "按季度统计" * 3_000  # 15 000 characters: long, but within one row's limit
    messages = paste(qtbot, editor, f"结算及时率\t{long_value}\n", monkeypatch)
    assert messages == []
    assert Indicator("产出指标", "数量指标", "结算及时率", long_value) in project.indicators


def test_a_31_mb_text_file_is_refused_unread_by_the_import_command(tmp_path: Path) -> None:
    source = tmp_path / "整篇.txt"
    source.write_text(ONE_LINE_31_MB, encoding="utf-8")
    with pytest.raises(ImportFailed, match="太大（31 MB）：可导入的文本文件最多 16 MB"):
        read_text(source)
    workbook = tmp_path / "wb.jixiao"
    done = subprocess.run(
        [sys.executable, "-m", "desktop", "import", str(source), "--into", str(workbook)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "最多 16 MB" in done.stderr and "Traceback" not in done.stderr
    assert not workbook.exists()  # nothing was created for nothing imported


def test_an_imported_text_over_the_character_limit_is_refused_naming_it() -> None:
    text = "项目名称\t" + "甲" * size_limits.MAX_IMPORT_CHARS
    with pytest.raises(ImportFailed) as refused:
        parse_text(text, "大.txt")
    assert str(refused.value).startswith("大.txt 太长：共 400 万个字符，一次最多导入 400 万个字符。")


def big_project(indicators: int) -> Project:
    base = demo_workbook().projects[0]
    rows = base.indicators
    made = [replace(rows[i % len(rows)], name=f"{rows[i % len(rows)].name}{i + 1}") for i in range(indicators)]
    return replace(base.clone(), indicators=made)


def test_a_pdf_of_100_000_indicators_is_refused_at_once_and_no_file_is_written(tmp_path: Path) -> None:
    target = tmp_path / "表.pdf"
    workbook = Workbook(projects=[demo_workbook().projects[1], big_project(100_000)])
    with pytest.raises(ExportFailed) as refused:
        export_pdf(workbook, target)
    assert "有 100000 条三级指标，超过打印上限 1000 条" in str(refused.value)
    assert "2024_城乡医疗救助" in str(refused.value)
    assert not target.exists()
    with pytest.raises(ExportFailed, match="超过打印上限 1000 条"):  # the print preview and printing too
        pdf_bytes(workbook)


def test_a_pdf_with_one_enormous_cell_is_refused_naming_the_indicator() -> None:
    form = demo_workbook().projects[0].clone()
    form.indicators[2] = replace(form.indicators[2], value="及时" * 600_000)
    with pytest.raises(ExportFailed) as refused:
        pdf_bytes(Workbook(projects=[form]))
    assert "第 3 条指标有一段文字长达 120 万个字符，超过打印上限（每格 10000 个字符）" in str(refused.value)


@pytest.mark.slow
def test_a_pdf_at_the_indicator_limit_is_typeset_in_full(tmp_path: Path) -> None:
    form = big_project(size_limits.MAX_PRINT_INDICATORS)
    report = export_pdf(Workbook(projects=[form]), tmp_path / "表.pdf", cover=False)
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "表.pdf").pages)
    assert report.pages >= 30
    assert f"{form.indicators[-1].name}" in text.replace("\n", "")


@pytest.mark.slow
def test_an_import_at_the_character_limit_finishes() -> None:
    text = ("产出指标数量指标资助参保人次≥150000人次 " * (size_limits.MAX_IMPORT_CHARS // 25))[
        : size_limits.MAX_IMPORT_CHARS
    ]
    result = parse_text(text, "大.txt")
    assert result.projects == []
