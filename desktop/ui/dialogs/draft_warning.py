"""The question before a set holding drafts with errors is exported or printed: mark them 草稿, go on as is, or stop.

Keyboard: Enter (or Alt+W) marks the drafts' pages with the 草稿 watermark, Alt+E goes on without it, Esc cancels.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.domain.draft_check import UnfinishedDraft, drafts_listing, drafts_with_errors
from desktop.domain.model import Project, Workbook


class DraftChoice(Enum):
    """What the clerk chose for the drafts with errors."""

    WATERMARK = "watermark"
    AS_IS = "as_is"
    CANCEL = "cancel"


class DraftQuestion:
    """The question box for a set holding drafts with errors (build it, `exec`, read `choice`)."""

    def __init__(
        self,
        parent: QWidget | None,
        workbook: Workbook,
        drafts: list[UnfinishedDraft],
        verb: str,
        *,
        excel: bool = False,
    ) -> None:
        self.drafts = [d.project for d in drafts]
        whole = f"要{verb}的 {len(workbook.projects)} 个项目中，" if len(workbook.projects) > 1 else ""
        where = "这些项目工作表的页眉（每一页的顶端）" if excel else "这些项目的每一页（浅灰色斜印）"
        self.box = QMessageBox(
            QMessageBox.Icon.Warning,
            f"{verb}前请注意",
            f"{whole}有 {len(drafts)} 个草稿项目还有错误，尚未定稿：\n{drafts_listing(drafts)}",
            QMessageBox.StandardButton.NoButton,
            parent,
        )
        self.box.setInformativeText(
            f"可以在{where}印上“草稿”，以免被当作正式的表格报送。\n改正错误并标记为定稿后，这些项目就不再提示。"
        )
        accept = QMessageBox.ButtonRole.AcceptRole
        self.mark = self.box.addButton(f"加“草稿”水印后{verb}(&W)", accept)
        self.as_is = self.box.addButton(f"照常{verb}(&E)", accept)
        self.cancel = self.box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
        self.box.setDefaultButton(self.mark)
        self.box.setEscapeButton(self.cancel)

    def exec(self) -> DraftChoice:
        """Ask; what was chosen (closing the box counts as 取消)."""
        self.box.exec()
        clicked = self.box.clickedButton()
        self.box.setParent(None)  # gone with this call: its Alt+W / Alt+E must not linger beside the next one's
        self.box.deleteLater()
        if clicked is self.mark:
            return DraftChoice.WATERMARK
        if clicked is self.as_is:
            return DraftChoice.AS_IS
        return DraftChoice.CANCEL


def ask_about_drafts(
    parent: QWidget | None, workbook: Workbook, error_count: Callable[[Project], int], verb: str, *, excel: bool = False
) -> list[Project] | None:
    """Before `verb` (导出 PDF, 打印, 导出 Excel) of `workbook`: the projects to mark 草稿 ([] for none: no draft with
    errors, or the clerk goes on as is), or None when the clerk cancelled."""
    drafts = drafts_with_errors(workbook.projects, error_count)
    if not drafts:
        return []
    question = DraftQuestion(parent, workbook, drafts, verb, excel=excel)
    choice = question.exec()
    if choice is DraftChoice.WATERMARK:
        return question.drafts
    return [] if choice is DraftChoice.AS_IS else None
