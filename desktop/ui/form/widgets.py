"""The editors a project form is built from: one widget per field kind, each committing through `edited`.

Every editor reads its value from a Project (`load`) and reports a change as a typed domain operation (SetText,
SetAmount, SetSpendingPlan); the form hands it to the document. Editors never write to the project themselves.
`paths` are the location keys validation findings use ("funds.total", "department.code"), for jumping only.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFocusEvent, QKeyEvent, QKeySequence, QPalette, QValidator
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QSizePolicy, QToolTip, QWidget

from desktop.domain.model import AmountError, Project, SpendingStep, clean_text, format_amount, parse_amount
from desktop.domain.parts import FundsKey, FundsPart, TextKey
from desktop.domain.project_values import amount_value, text_value

if TYPE_CHECKING:
    from desktop.domain.operations import Operation

AMOUNT_HINT = "金额只能填写数字（单位：万元），例如 1,907,400 或 30.00，不能有文字或字母"
_AMOUNT_CHARS = frozenset("0123456789０１２３４５６７８９.．,，- ")
ERROR_STYLE = "color: #b00020;"


def leaves_undo_to_window(event: QEvent) -> bool:
    """For a text editor's `event()`: True (the event ignored) when it is Ctrl+Z / Ctrl+Y asking to be a shortcut,
    so that the window's one undo history gets it instead of the editor's own."""
    if event.type() != QEvent.Type.ShortcutOverride or not isinstance(event, QKeyEvent):
        return False
    if not (event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo)):
        return False
    event.ignore()
    return True


_READ_ONLY_BASE = QColor("#f0f0f0")
_READ_ONLY_TEXT = QColor("#444444")


def show_read_only(widget: QWidget, read_only: bool) -> None:
    """A field that cannot be edited (a final project, someone else's workbook) must not look like one that can: grey
    background, dimmer text. Done with the palette, not a style sheet: a style sheet on the form made every one of its
    widgets slower to set up and to paint."""
    if read_only:
        palette = widget.palette()
        palette.setColor(QPalette.ColorRole.Base, _READ_ONLY_BASE)
        palette.setColor(QPalette.ColorRole.Text, _READ_ONLY_TEXT)
        widget.setPalette(palette)
    else:
        widget.setPalette(QPalette())  # nothing of its own: the window's palette again


class LineEdit(QLineEdit):
    """A line edit that leaves Ctrl+Z / Ctrl+Y to the window: there is one undo history, named in the Edit menu."""

    def event(self, event: QEvent) -> bool:
        if leaves_undo_to_window(event):
            return False
        return super().event(event)


class FieldEditor(QWidget):
    """Base of all field editors: knows its location keys and label, loads from a project, emits an operation."""

    edited = Signal(object)
    """(Operation) the change the clerk just made, on the project last loaded."""
    problem = Signal(str)
    """A Chinese message about what the clerk just typed ("" when it is fine again)."""

    def __init__(self, paths: tuple[str, ...], label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paths = paths
        self.label = label
        self.project: Project | None = None
        self._loading = False

    def load(self, project: Project) -> None:
        """Show this project's value (a field that already shows it is left alone, cursor and all)."""
        self.project = project
        self._show(project)

    def _show(self, project: Project) -> None:
        raise NotImplementedError

    def _set_text(self, key: TextKey, text: str, label: str) -> None:
        value = clean_text(text)
        if self.project is not None and not self._loading and text_value(self.project, key) != value:
            from desktop.domain.operations import SetText  # loaded on the first edit, not at start-up

            self.edited.emit(SetText(self.project, key, value, f"修改{label}"))

    def focus(self) -> None:
        """Put the keyboard in this field (used by Enter in the list and by jumps from the findings panel)."""
        widget = self.focusProxy() or self
        widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_read_only(self, read_only: bool) -> None:
        for widget in self.findChildren(QLineEdit) + self.findChildren(QPlainTextEdit):
            if widget.isReadOnly() != read_only:
                widget.setReadOnly(read_only)
                show_read_only(widget, read_only)


class TextField(FieldEditor):
    """A one-line text field (项目名称, 项目编码, 项目来源...)."""

    def __init__(self, key: TextKey, label: str, parent: QWidget | None = None, placeholder: str = "") -> None:
        super().__init__((key.value,), label, parent)
        self.key = key
        self.edit = LineEdit(self)
        self.edit.setPlaceholderText(placeholder)
        self.edit.textEdited.connect(lambda text: self._set_text(key, text, label))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        self.setFocusProxy(self.edit)

    def _show(self, project: Project) -> None:
        value = text_value(project, self.key)
        if clean_text(self.edit.text()) != value:
            self.edit.setText(value or "")


class OrgUnitField(FieldEditor):
    """A unit written as code + name (主管部门及代码, 实施单位), kept as two values."""

    def __init__(self, code: TextKey, name: TextKey, label: str, parent: QWidget | None = None) -> None:
        super().__init__((code.value, name.value), label, parent)
        self.code = LineEdit(self)
        self.code.setPlaceholderText("代码")
        self.code.setMaximumWidth(110)
        self.name = LineEdit(self)
        self.name.setPlaceholderText("名称")
        self.code.textEdited.connect(lambda t: self._set_text(code, t, f"{label}（代码）"))
        self.name.textEdited.connect(lambda t: self._set_text(name, t, f"{label}（名称）"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.code)
        layout.addWidget(self.name, 1)
        self.setFocusProxy(self.code)
        self.keys = (code, name)

    def _show(self, project: Project) -> None:
        for edit, key in ((self.code, self.keys[0]), (self.name, self.keys[1])):
            value = text_value(project, key)
            if clean_text(edit.text()) != value:
                edit.setText(value or "")


class PlainText(QPlainTextEdit):
    """Tab moves on to the next field instead of typing a tab: clerks fill forms from the keyboard."""

    def event(self, event: QEvent) -> bool:
        if leaves_undo_to_window(event):
            return False
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if (
            event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
            and not event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier
        ):
            self.focusNextPrevChild(event.key() == Qt.Key.Key_Tab)
            return
        super().keyPressEvent(event)

    lines = 4

    def sizeHint(self) -> QSize:
        return QSize(300, self.fontMetrics().lineSpacing() * self.lines + 12)


class TextBlockField(FieldEditor):
    """Multi-line text (年度目标, 资金用途, 总体目标): Enter makes a new line, Tab leaves the field."""

    def __init__(self, key: TextKey, label: str, parent: QWidget | None = None, lines: int = 4) -> None:
        super().__init__((key.value,), label, parent)
        self.key = key
        self.edit = PlainText(self)
        self.edit.lines = lines
        self.edit.setTabChangesFocus(True)
        self.edit.setMinimumHeight(self.edit.fontMetrics().lineSpacing() * lines + 12)
        self.edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.edit.textChanged.connect(self._changed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        self.setFocusProxy(self.edit)

    def _changed(self) -> None:
        self._set_text(self.key, self.edit.toPlainText(), self.label)

    def _show(self, project: Project) -> None:
        value = text_value(project, self.key)
        if clean_text(self.edit.toPlainText()) != value:
            self._loading = True
            try:
                self.edit.setPlainText(value or "")
            finally:
                self._loading = False


class AmountValidator(QValidator):
    """Refuses any keystroke that is not part of a number, so letters never reach an amount field."""

    def validate(self, text: str, pos: int) -> Any:
        if any(ch not in _AMOUNT_CHARS for ch in text):
            return (QValidator.State.Invalid, text, pos)
        try:
            parse_amount(text)
        except AmountError:
            return (QValidator.State.Intermediate, text, pos)
        return (QValidator.State.Acceptable, text, pos)


class _AmountLineEdit(LineEdit):
    focus_lost = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.focus_lost.emit()


class AmountEditor(FieldEditor):
    """An amount in 万元: `1,907,400` and full-width digits accepted, letters refused with a message.

    Subclasses say where the amount is stored (`stored`) and which operation sets it (`operation`)."""

    def __init__(self, paths: tuple[str, ...], label: str, parent: QWidget | None = None) -> None:
        super().__init__(paths, label, parent)
        self.edit = _AmountLineEdit(self)
        self.edit.setValidator(AmountValidator(self.edit))
        self.edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.edit.setMinimumWidth(90)
        self.edit.setMaximumWidth(130)
        self.edit.textEdited.connect(self._typed)
        self.edit.inputRejected.connect(self._rejected)
        self.edit.focus_lost.connect(self.focus_left)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        self.setFocusProxy(self.edit)
        self.message = ""

    def _typed(self, text: str) -> None:
        try:
            value = parse_amount(text)
        except AmountError as exc:
            self._say(f"{self.label}：{exc}")
            return
        self._say("")
        if self.project is not None and self.stored(self.project) != value:
            self.edited.emit(self.operation(self.project, value))

    def stored(self, project: Project) -> Decimal | None:
        """The amount as the project holds it."""
        raise NotImplementedError

    def operation(self, project: Project, value: Decimal | None) -> Operation:
        """The edit that stores `value`."""
        raise NotImplementedError

    def _rejected(self) -> None:
        self._say(f"{self.label}：{AMOUNT_HINT}")
        QToolTip.showText(self.edit.mapToGlobal(self.edit.rect().bottomLeft()), AMOUNT_HINT, self.edit)

    def focus_left(self) -> None:
        # Text left half-typed ("1.2.") is shown as the stored value again, so what is shown is what is saved.
        if self.message and self.edit.validator() is not None:
            try:
                parse_amount(self.edit.text())
            except AmountError:
                return  # keep the text and the message until the clerk corrects it
        self._say("")

    def _say(self, message: str) -> None:
        if message != self.message:
            self.message = message
            self.edit.setStyleSheet("QLineEdit { border: 1px solid #b00020; }" if message else "")
            self.problem.emit(message)

    def _show(self, project: Project) -> None:
        value = self.stored(project)
        try:
            shown = parse_amount(self.edit.text())
        except AmountError:
            shown = None
            self._say("")
        if shown != value or (value is None and self.edit.text().strip()):
            self.edit.setText(format_amount(value) or "")
            self._say("")


class AmountField(AmountEditor):
    """An amount of a funds block (年度资金总额, 其中：财政拨款…)."""

    def __init__(self, key: FundsKey, part: FundsPart, label: str, parent: QWidget | None = None) -> None:
        super().__init__((f"{key.value}.{part.value}",), label, parent)
        self.key, self.part = key, part

    def stored(self, project: Project) -> Decimal | None:
        return amount_value(project, self.key, self.part)

    def operation(self, project: Project, value: Decimal | None) -> Operation:
        from desktop.domain.operations import SetAmount

        return SetAmount(project, self.key, self.part, value, f"修改{self.label}")


class SpendingPlanField(FieldEditor):
    """The spending plan: cumulative percent spent by the end of each month the layout lists."""

    def __init__(self, months: tuple[int, ...], label: str, parent: QWidget | None = None) -> None:
        super().__init__(("spending_plan",), label, parent)
        self.months = months
        self.edits: list[QLineEdit] = []
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for month in months:
            caption = QLabel(f"{month}月底", self)
            edit = LineEdit(self)
            edit.setValidator(AmountValidator(edit))
            edit.setAlignment(Qt.AlignmentFlag.AlignRight)
            edit.setMaximumWidth(70)
            edit.setAccessibleName(f"{month}月底累计支出比例")
            edit.textEdited.connect(self._typed)
            edit.inputRejected.connect(lambda: self.problem.emit(f"{self.label}：只能填写 0–100 的数字"))
            caption.setBuddy(edit)
            layout.addWidget(caption)
            layout.addWidget(edit)
            layout.addWidget(QLabel("%", self))
            layout.addSpacing(12)
            self.edits.append(edit)
        layout.addStretch(1)
        self.setFocusProxy(self.edits[0])

    def _typed(self, _text: str) -> None:
        steps = []
        for month, edit in zip(self.months, self.edits, strict=True):
            try:
                steps.append(SpendingStep(month, parse_amount(edit.text())))
            except AmountError:
                self.problem.emit(f"{self.label}：“{edit.text()}”不是数字")
                return
        self.problem.emit("")
        if self.project is not None and self.project.spending_plan != tuple(steps):
            from desktop.domain.operations import SetSpendingPlan

            self.edited.emit(SetSpendingPlan(self.project, tuple(steps), f"修改{self.label}"))

    def _show(self, project: Project) -> None:
        by_month = {s.month: s.percent for s in project.spending_plan or ()}
        for month, edit in zip(self.months, self.edits, strict=True):
            value = by_month.get(month)
            try:
                shown = parse_amount(edit.text())
            except AmountError:
                shown = None
            if shown != value or (value is None and edit.text().strip()):
                edit.setText(format_amount(value) or "")
