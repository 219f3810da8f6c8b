"""文件 → 导入…: the preview shows projects, indicators and unplaced lines; nothing is returned unless confirmed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from desktop.io.dispatch import read_import
from desktop.ui.dialogs.import_dialog import ImportPreviewDialog, run_import_dialog

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "resources" / "demo" / "seeds"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def parent(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []

    def record(kind: str) -> Any:
        def show(_parent: QWidget, title: str, text: str, *args: Any) -> QMessageBox.StandardButton:
            shown.append((kind, f"{title}：{text}"))
            return QMessageBox.StandardButton.Ok

        return show

    monkeypatch.setattr(QMessageBox, "critical", record("critical"))
    monkeypatch.setattr(QMessageBox, "information", record("information"))
    return shown


def drive(monkeypatch: pytest.MonkeyPatch, action: Any) -> list[ImportPreviewDialog]:
    """Replace the modal exec() by `action(dialog)`, which inspects the dialog and presses a button."""
    seen: list[ImportPreviewDialog] = []

    def fake_exec(self: ImportPreviewDialog) -> int:
        seen.append(self)
        action(self)
        return int(self.result())

    monkeypatch.setattr(ImportPreviewDialog, "exec", fake_exec)
    return seen


def test_preview_shows_projects_indicators_and_unplaced_lines(
    monkeypatch: pytest.MonkeyPatch, parent: QWidget, messages: list[tuple[str, str]]
) -> None:
    def inspect_and_import(dialog: ImportPreviewDialog) -> None:
        table = dialog.projects
        assert table.rowCount() == 5
        assert [table.item(r, 0).text() for r in range(5)][:2] == ["2024_城乡医疗救助", "医疗保障专项业务费"]
        assert [table.item(0, c).text() for c in range(1, 5)] == ["安徽 项目支出绩效目标表", "2024", "11", "18514"]
        tree = dialog.indicators
        assert [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())] == [
            "产出指标",
            "效益指标",
            "满意度指标",
        ]
        first_leaf = tree.topLevelItem(0).child(0).child(0)
        assert (first_leaf.text(0), first_leaf.text(1)) == ("资助参保人次", ">70000 人")
        assert dialog.unplaced.rowCount() == 1
        assert dialog.unplaced.item(0, 0).text() == "40"
        assert "省略号" in dialog.unplaced.item(0, 1).text()
        assert "1 行未能识别" in dialog.summary.text()
        table.item(1, 0).setCheckState(Qt.CheckState.Unchecked)
        assert dialog.import_button.text() == "导入 4 个项目"
        dialog.import_button.click()

    drive(monkeypatch, inspect_and_import)
    projects = run_import_dialog(parent, SEEDS / "huoqiu-2024-project-forms.txt")
    assert projects is not None
    assert [p.name for p in projects] == [
        "2024_城乡医疗救助",
        "居民医保业务经费",
        "离休人员医疗费",
        "特困企业和特困单位离休人员基本医疗费",
    ]
    assert messages == []


def test_selecting_a_project_shows_its_extra_columns(monkeypatch: pytest.MonkeyPatch, parent: QWidget) -> None:
    def inspect(dialog: ImportPreviewDialog) -> None:
        dialog.projects.selectRow(4)
        tree = dialog.indicators
        assert [tree.headerItem().text(c) for c in range(1, 4)] == ["绩效指标描述", "指标值", "指标值确定依据"]
        leaf = tree.topLevelItem(0).child(0).child(0)
        assert [leaf.text(c) for c in range(4)] == [
            "聘请第三方机构数",
            "聘请第三方机构数",
            "≥1 个",
            "兴隆县城乡居民医保意外伤害认定调查承办服务协议",
        ]
        dialog.cancel_button.click()

    seen = drive(monkeypatch, inspect)
    assert run_import_dialog(parent, SEEDS / "xinglong-2024-department-performance.txt") is None
    assert len(seen) == 1


def test_unticking_everything_disables_import(monkeypatch: pytest.MonkeyPatch, parent: QWidget) -> None:
    def untick(dialog: ImportPreviewDialog) -> None:
        for row in range(dialog.projects.rowCount()):
            dialog.projects.item(row, 0).setCheckState(Qt.CheckState.Unchecked)
        assert not dialog.import_button.isEnabled()
        dialog.reject()

    drive(monkeypatch, untick)
    assert run_import_dialog(parent, DATA / "jx-project-sample.txt") is None


@pytest.mark.parametrize(
    ("name", "content", "kind", "words"),
    [
        ("bin.txt", b"\x00\x01\x02\x03binary", "critical", "不是文本文件"),
        ("empty.txt", b"", "information", "没有找到项目支出绩效目标表"),
        ("prose.txt", "只是一段说明文字。\n".encode(), "information", "没有找到项目表"),
        ("form.docx", b"PK\x03\x04", "critical", "不能导入“.docx”文件"),
        ("bad.json", b"{not json", "critical", "无法导入 bad.json"),
    ],
)
def test_unusable_files_give_a_chinese_message_and_no_dialog(
    monkeypatch: pytest.MonkeyPatch,
    parent: QWidget,
    messages: list[tuple[str, str]],
    tmp_path: Path,
    name: str,
    content: bytes,
    kind: str,
    words: str,
) -> None:
    seen = drive(monkeypatch, lambda dialog: dialog.accept())
    path = tmp_path / name
    path.write_bytes(content)
    assert run_import_dialog(parent, path) is None
    assert seen == []
    assert len(messages) == 1 and messages[0][0] == kind and words in messages[0][1]


def test_midterm_values_show_before_the_annual_ones(monkeypatch: pytest.MonkeyPatch, parent: QWidget) -> None:
    def inspect(dialog: ImportPreviewDialog) -> None:
        tree = dialog.indicators
        assert [tree.headerItem().text(c) for c in range(1, 3)] == ["中长期指标值", "本年度指标值"]
        leaf = tree.topLevelItem(0).child(2).child(0)
        assert [leaf.text(c) for c in range(3)] == ["补助资金拨付时间", "每年12月底前", "2021年12月底前"]
        dialog.reject()

    drive(monkeypatch, inspect)
    assert run_import_dialog(parent, DATA / "ah-midterm-sample.txt") is None


def test_json_file_is_previewed_too(monkeypatch: pytest.MonkeyPatch, parent: QWidget, tmp_path: Path) -> None:
    source = ROOT / "resources" / "demo" / "sixian-2024.json"
    drive(monkeypatch, lambda dialog: dialog.import_button.click())
    projects = run_import_dialog(parent, source)
    with open(source, encoding="utf-8") as handle:
        names = [p["name"] for p in json.load(handle)["projects"]]
    assert projects is not None and [p.name for p in projects] == names


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("forms.xlsx", b"PK\x03\x04garbage", "已损坏"),
        ("forms.json", b"{not json", "JSON 格式有误"),
        ("forms.txt", bytes(range(256)) * 8, "不是文本文件"),
    ],
)
def test_garbage_files_are_refused_in_chinese(
    monkeypatch: pytest.MonkeyPatch,
    parent: QWidget,
    messages: list[tuple[str, str]],
    tmp_path: Path,
    name: str,
    content: bytes,
    expected: str,
) -> None:
    drive(monkeypatch, lambda dialog: pytest.fail("no preview for a file that cannot be read"))
    path = tmp_path / name
    path.write_bytes(content)
    assert run_import_dialog(parent, path) is None
    [(kind, text)] = messages
    assert kind == "critical" and expected in text and name in text
    assert "Traceback" not in text and "Error" not in text


def test_dialog_module_reads_text_through_the_text_importer() -> None:
    result = read_import(DATA / "ah-midterm-sample.txt")
    assert [p.template for p in result.projects] == ["ah-midterm"]
