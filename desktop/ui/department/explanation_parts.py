"""The pieces of the 说明 page: one paragraph as it will print, with the field where the clerk's words go.

A paragraph shows its generated text read-only (grey-black), the clerk's words in blue where they will print, and,
where a required reason is missing, an orange "⚠ 请填写…" marker in their place. Under it, the field: a one-line box
for a reason (Enter moves on like Tab), a box of several lines for a free text such as 国有资产占有使用情况.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.department.explanation_text import ExplanationParagraph, Slot
from desktop.ui.form.widgets import leaves_undo_to_window

COMPUTED_COLOR = "#303030"
WORDS_COLOR = "#1a4f9c"
MISSING_COLOR = "#b35900"
MISSING_FIELD_STYLE = "border: 1px solid #d08a2a; background: #fff8e6;"


def slot_caption(slot: Slot) -> str:
    """What the field is for, from the words printed before it: "增长原因主要是", "主要原因", "说明（可不填）"."""
    if slot.free_text:
        return "填写内容（照此印出）"
    lead = slot.lead.strip("，,：: ")
    if not lead:
        return "说明（可不填）"
    return lead


def missing_marker(slot: Slot) -> str:
    """The words shown in place of a required reason not yet written."""
    return f"⚠ 请填写{slot_caption(slot).removesuffix('主要是')}"


def paragraph_html(paragraph: ExplanationParagraph) -> str:
    """The paragraph as it will print, as rich text: the clerk's words coloured, a missing reason marked."""
    slot = paragraph.slot
    computed = f'<span style="color:{COMPUTED_COLOR}">{{}}</span>'
    text = computed.format(html.escape(paragraph.text))
    if slot is not None:
        words = (slot.text or "").strip()
        if words:
            if paragraph.rest[:1] in ("。", "；", "，"):
                words = words.rstrip("。；;，,.、 ")
            lead = computed.format(html.escape(slot.lead))
            shown = html.escape(words).replace("\n", "<br>")
            text += f'{lead}<span style="color:{WORDS_COLOR}">{shown}</span>'
        elif slot.missing:
            lead = computed.format(html.escape(slot.lead))
            text += f'{lead}<b style="color:{MISSING_COLOR}">【{html.escape(missing_marker(slot))}】</b>'
    text += computed.format(html.escape(paragraph.rest))
    return text


class ReasonEdit(QLineEdit):
    """One line for a reason. Ctrl+Z / Ctrl+Y go to the window (one undo history); Enter moves on like Tab."""

    def event(self, event: QEvent) -> bool:
        if leaves_undo_to_window(event):
            return False
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            self.focusNextPrevChild(True)
            return
        super().keyPressEvent(event)

    def value(self) -> str:
        """The text typed."""
        return self.text()

    def set_value(self, text: str) -> None:
        """Show `text` (the cursor stays where it was when it still fits)."""
        position = self.cursorPosition()
        self.setText(text)
        self.setCursorPosition(min(position, len(text)))


class FreeTextEdit(QPlainTextEdit):
    """Several lines for a free text: Enter makes a new line, Tab leaves the box, Ctrl+Z goes to the window."""

    text_edited = Signal(str)
    """Typed by the clerk (not set by the program)."""

    def __init__(self, parent: QWidget | None = None, lines: int = 4) -> None:
        super().__init__(parent)
        self._lines = lines
        self._setting = False
        self.setTabChangesFocus(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(self.fontMetrics().lineSpacing() * lines + 14)
        self.textChanged.connect(self._changed)

    def event(self, event: QEvent) -> bool:
        if leaves_undo_to_window(event):
            return False
        return super().event(event)

    def sizeHint(self) -> QSize:
        return QSize(400, self.fontMetrics().lineSpacing() * self._lines + 14)

    def _changed(self) -> None:
        if not self._setting:
            self.text_edited.emit(self.toPlainText())

    def value(self) -> str:
        """The text typed."""
        return self.toPlainText()

    def set_value(self, text: str) -> None:
        """Show `text` without reporting it as typed; the cursor stays where it was when it still fits."""
        cursor = self.textCursor()
        position = cursor.position()
        self._setting = True
        try:
            self.setPlainText(text)
        finally:
            self._setting = False
        cursor = self.textCursor()
        cursor.setPosition(min(position, len(text)))
        self.setTextCursor(cursor)


SlotField = ReasonEdit | FreeTextEdit


class ParagraphView(QWidget):
    """One paragraph of the 说明: its heading lines, the text as printed, and the field of its slot (if any)."""

    edited = Signal(str, str)
    """(about, text) typed by the clerk in this paragraph's field."""

    def __init__(self, paragraph: ExplanationParagraph, parent: QWidget | None = None, note: str = "") -> None:
        super().__init__(parent)
        self.key = paragraph.key
        self.about = paragraph.slot.about if paragraph.slot is not None else None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.setSpacing(3)
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-weight: bold;")
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.heading)
        self.text = QLabel(self)
        self.text.setObjectName("explanation_text")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        if note:
            self.text.setToolTip(note)
        layout.addWidget(self.text)
        self.caption: QLabel | None = None
        self.field: SlotField | None = None
        slot = paragraph.slot
        if slot is not None:
            self.caption = QLabel(f"{slot_caption(slot)}：", self)
            self.caption.setStyleSheet(f"color: {MISSING_COLOR};" if slot.missing else "color: #555;")
            about = slot.about
            field: SlotField
            if slot.free_text:
                box = FreeTextEdit(self)
                box.text_edited.connect(lambda text: self.edited.emit(about, text))
                layout.addWidget(self.caption)
                layout.addWidget(box)
                field = box
            else:
                field = ReasonEdit(self)
                field.textEdited.connect(lambda text: self.edited.emit(about, text))
                row = QHBoxLayout()
                row.setContentsMargins(24, 0, 0, 0)
                row.addWidget(self.caption)
                row.addWidget(field, 1)
                layout.addLayout(row)
            field.setObjectName(f"slot:{about}")
            field.setAccessibleName(f"{slot_caption(slot)}（{paragraph.key}）")
            self.caption.setBuddy(field)
            self.field = field
        self.update_from(paragraph)

    def update_from(self, paragraph: ExplanationParagraph) -> None:
        """Show the paragraph as now generated; the field's text is replaced only when it says something else."""
        self.heading.setText(html.escape(paragraph.heading or "").replace("\n", "<br>"))
        self.heading.setVisible(bool(paragraph.heading))
        self.text.setText(paragraph_html(paragraph))
        reason = paragraph.slot is not None and not paragraph.slot.free_text
        self.text.setVisible(bool(paragraph.text or paragraph.rest or reason))
        slot = paragraph.slot
        if slot is None or self.field is None:
            return
        words = slot.text or ""
        if self.field.value().strip() != words.strip():
            self.field.set_value(words)
        missing = slot.missing
        self.field.setStyleSheet(MISSING_FIELD_STYLE if missing else "")
        self.field.setPlaceholderText(missing_marker(slot) if missing else "可不填")
        self.field.setToolTip("这里写的原因会接在上面的文字后印出。" if not slot.free_text else "")
        if self.caption is not None:
            self.caption.setStyleSheet(f"color: {MISSING_COLOR};" if missing else "color: #555;")

    def set_read_only(self, read_only: bool) -> None:
        """The field takes no typing (a read-only workbook)."""
        if self.field is not None:
            self.field.setReadOnly(read_only)
