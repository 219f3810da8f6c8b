"""与定稿版比较: what changed in a project since it was marked final, field by field and indicator by indicator.

The answer to "what did we change after the finance bureau sent it back?". A read-only table: each row names the
field (or the indicator's path), its text at 定稿 and its text now; added and removed indicators say so.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.finalise import changes_since_final
from desktop.domain.model import Project
from desktop.domain.project_diff import ChangeKind, ProjectDiff

_EMPTY = "（空）"
_ADDED = QColor("#1b5e20")
_REMOVED = QColor("#b00020")


_WRAP = 18  # characters a line in the 定稿时 / 现在 columns (Chinese has no spaces for the view to wrap at)


def _cell(text: str) -> str:
    """The text shown whole, in lines of _WRAP characters (a 年度目标 is a paragraph, never cut off with "…")."""
    if not text:
        return _EMPTY
    return "\n".join(text[i : i + _WRAP] for i in range(0, len(text), _WRAP))


def _row(label: str, old: str, new: str) -> QTreeWidgetItem:
    item = QTreeWidgetItem([label, _cell(old), _cell(new)])
    for column, full in ((1, old), (2, new)):
        item.setToolTip(column, full)
    return item


def _section(title: str, count: int) -> QTreeWidgetItem:
    item = QTreeWidgetItem([f"{title}（{count} 处）", "", ""])
    font = item.font(0)
    font.setBold(True)
    item.setFont(0, font)
    item.setFirstColumnSpanned(True)
    return item


def comparison_items(diff: ProjectDiff) -> list[QTreeWidgetItem]:
    """The table's rows: a section of header fields, then a section of indicators (each with its changed parts)."""
    sections: list[QTreeWidgetItem] = []
    if diff.fields:
        fields = _section("项目信息", len(diff.fields))
        for change in diff.fields:
            fields.addChild(_row(change.label, change.old, change.new))
        sections.append(fields)
    if diff.indicators:
        rows = _section("绩效指标", len(diff.indicators))
        for row in diff.indicators:
            if row.kind is ChangeKind.ADDED:
                item = QTreeWidgetItem([row.path, "（无此指标）", "新增"])
                item.setForeground(2, QBrush(_ADDED))
            elif row.kind is ChangeKind.REMOVED:
                item = QTreeWidgetItem([row.path, "", "已删除"])
                item.setForeground(2, QBrush(_REMOVED))
            elif len(row.changes) == 1:
                only = row.changes[0]
                item = _row(f"{row.path} · {only.label}", only.old, only.new)
            else:
                item = QTreeWidgetItem([row.path, "", ""])
                for part in row.changes:
                    item.addChild(_row(part.label, part.old, part.new))
            rows.addChild(item)
        sections.append(rows)
    return sections


class FinalComparisonDialog(QDialog):
    """The differences between a project and its 定稿 copy (read only; Esc or Enter closes)."""

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"与定稿版比较 — {project.display_name()}")
        diff = changes_since_final(project)
        taken = project.final_copy.taken if project.final_copy is not None else ""
        if diff is None or diff.is_empty():
            summary = f"定稿时间 {taken}。此后没有任何修改。"
        else:
            summary = f"定稿时间 {taken}。此后修改了 {len(diff.fields)} 个项目信息字段、{len(diff.indicators)} 条指标："
        self.summary = QLabel(summary, self)
        self.summary.setWordWrap(True)
        self.table = QTreeWidget(self)
        self.table.setColumnCount(3)
        self.table.setHeaderLabels(["内容", "定稿时", "现在"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setUniformRowHeights(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.setColumnWidth(0, 300)
        self.table.setColumnWidth(1, 270)
        if diff is not None:
            self.table.addTopLevelItems(comparison_items(diff))
        self.table.expandAll()
        first = self.table.topLevelItem(0)
        if first is not None:
            self.table.setCurrentItem(first)
        self.table.setVisible(self.table.topLevelItemCount() > 0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(860, 520)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def lines(self) -> list[str]:
        """Every row as "内容 | 定稿时 | 现在" text (what a clerk reads; tests use it)."""
        out: list[str] = []

        def walk(item: QTreeWidgetItem | None, depth: int) -> None:
            if item is None:
                return
            texts = [item.text(0), item.toolTip(1) or item.text(1), item.toolTip(2) or item.text(2)]
            out.append("  " * depth + " | ".join(texts).rstrip(" |"))
            for i in range(item.childCount()):
                walk(item.child(i), depth + 1)

        for i in range(self.table.topLevelItemCount()):
            walk(self.table.topLevelItem(i), 0)
        return out


def show_final_comparison(parent: QWidget | None, project: Project) -> None:
    """Show the comparison (modal: it is read, then closed)."""
    FinalComparisonDialog(project, parent).exec()
