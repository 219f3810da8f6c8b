"""The project form's foldable "部门预算公开信息": what the department publication prints of a project.

项目类别 and 功能科目 (the 项目支出表's text columns), the money by source (its amount columns, with their sum against
年度资金总额) and the 说明's overview paragraph. Folded by default: a laptop screen keeps its indicator rows.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.model import Project, clean_text
from desktop.domain.parts import TextKey
from desktop.domain.project_values import OverviewKey, SourceKey, overview_text, source_amount, text_value
from desktop.ui.form.funds_box import OK_STYLE
from desktop.ui.form.keys import PUBLICATION_SHORTCUT
from desktop.ui.form.widgets import ERROR_STYLE, AmountEditor, FieldEditor, LineEdit, PlainText, TextField

if TYPE_CHECKING:
    from desktop.domain.operations import Operation

KINDS = ("其他运转类", "特定目标类")
"""The 项目类别 of the Anhui 项目支出表 (the 泗县 seed's project is 特定目标类); any other text may be typed."""

SOURCES: tuple[tuple[SourceKey, str], ...] = (
    (SourceKey.GENERAL, "一般公共预算"),
    (SourceKey.GOV_FUND, "政府性基金"),
    (SourceKey.STATE_CAPITAL, "国有资本经营"),
    (SourceKey.CARRYOVER_GENERAL, "一般公共预算"),
    (SourceKey.CARRYOVER_GOV_FUND, "政府性基金"),
    (SourceKey.CARRYOVER_STATE_CAPITAL, "国有资本经营"),
    (SourceKey.SPECIAL_ACCOUNT, "财政专户管理资金"),
    (SourceKey.UNIT, "单位资金"),
)
OVERVIEW: tuple[tuple[OverviewKey, str, bool], ...] = (
    (OverviewKey.SUMMARY, "项目概述", True),
    (OverviewKey.IMPLEMENTER, "实施主体", False),
    (OverviewKey.TIMEFRAME, "起止时间", False),
    (OverviewKey.CONTENT, "项目内容", True),
)


def sources_check_text(project: Project) -> tuple[str, bool]:
    """The line under the amounts: their sum (the 项目支出表's 总计) against the form's 年度资金总额."""
    by_source = project.funds_by_source
    parts = by_source.total() if by_source is not None else None
    if parts is None:
        return ("", True)
    shown = f"{parts.quantize(Decimal('0.01')):f}"
    annual = project.funds.total
    if annual is None:
        return (f"分来源合计 {shown}，年度资金总额未填", False)
    difference = parts - annual
    if abs(difference) < Decimal("0.005"):
        return (f"分来源合计 {shown}，与年度资金总额一致", True)
    return (f"分来源合计 {shown}，与年度资金总额 {annual.quantize(Decimal('0.01')):f} 相差 {difference:+.2f}", False)


class SourceAmountField(AmountEditor):
    """One amount of the money by source."""

    def __init__(self, key: SourceKey, label: str, parent: QWidget | None = None) -> None:
        super().__init__((f"funds_by_source.{key.value}",), label, parent)
        self.key = key

    def stored(self, project: Project) -> Decimal | None:
        return source_amount(project, self.key)

    def operation(self, project: Project, value: Decimal | None) -> Operation:
        # The operations are loaded on the first edit, not at start-up.
        from desktop.domain.operations.publication import SetSourceAmount

        return SetSourceAmount(project, self.key, value, f"修改{self.label}")


class OverviewField(FieldEditor):
    """One text of the overview paragraph: one line, or several for 项目概述 / 项目内容 (Tab leaves the field)."""

    def __init__(self, key: OverviewKey, label: str, parent: QWidget | None = None, *, long: bool) -> None:
        super().__init__((f"overview.{key.value}",), label, parent)
        self.key = key
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        if long:
            block = PlainText(self)
            block.lines = 2
            block.setTabChangesFocus(True)
            block.setMinimumHeight(block.fontMetrics().lineSpacing() * 2 + 12)
            block.textChanged.connect(lambda: self._typed(block.toPlainText()))
            self.block: PlainText | None = block
            self.line: LineEdit | None = None
            layout.addWidget(block)
            self.setFocusProxy(block)
        else:
            line = LineEdit(self)
            line.textEdited.connect(self._typed)
            self.block, self.line = None, line
            layout.addWidget(line)
            self.setFocusProxy(line)

    def _typed(self, text: str) -> None:
        value = clean_text(text)
        if self.project is not None and not self._loading and overview_text(self.project, self.key) != value:
            from desktop.domain.operations.publication import SetOverviewText

            self.edited.emit(SetOverviewText(self.project, self.key, value, f"修改{self.label}"))

    def _show(self, project: Project) -> None:
        value = overview_text(project, self.key)
        shown = self.block.toPlainText() if self.block is not None else self.line.text() if self.line else ""
        if clean_text(shown) == value:
            return
        self._loading = True
        try:
            if self.block is not None:
                self.block.setPlainText(value or "")
            elif self.line is not None:
                self.line.setText(value or "")
        finally:
            self._loading = False


class _KindCombo(QComboBox):
    """An editable combo whose list does not open while the project is read-only."""

    def showPopup(self) -> None:
        line = self.lineEdit()
        if line is None or not line.isReadOnly():
            super().showPopup()


class KindField(FieldEditor):
    """项目类别: one of the usual values, or any text typed."""

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__((TextKey.KIND.value,), label, parent)
        self.combo = _KindCombo(self)
        self.combo.setEditable(True)
        self.combo.setLineEdit(LineEdit(self.combo))  # Ctrl+Z goes to the window's one undo history
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.addItems(KINDS)
        self.combo.setCurrentIndex(-1)
        self.combo.setMinimumWidth(120)
        self.combo.setAccessibleName(label)
        line = self.combo.lineEdit()
        assert line is not None
        line.setPlaceholderText("选择或填写")
        line.textEdited.connect(lambda text: self._set_text(TextKey.KIND, text, label))
        self.combo.activated.connect(lambda _i: self._set_text(TextKey.KIND, self.combo.currentText(), label))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo)
        self.setFocusProxy(self.combo)

    def _show(self, project: Project) -> None:
        value = text_value(project, TextKey.KIND)
        if clean_text(self.combo.currentText()) != value:
            self._loading = True
            try:
                self.combo.setEditText(value or "")
            finally:
                self._loading = False


def _function_completer(parent: QWidget) -> QCompleter | None:
    """Completion of 功能科目 by code or name ("2101501 行政运行"); None when the catalogue cannot be read."""
    from desktop.templates.classification import CatalogueError, bundled_catalogue  # on first focus, not at start-up

    try:
        catalogue = bundled_catalogue()
    except CatalogueError:
        return None
    entries = [f"{code} {name}" for code, name in catalogue.function.items() if len(code) == 7]
    completer = QCompleter(entries, parent)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    return completer


class FunctionCodeField(TextField):
    """功能科目, the 项 code (7 digits); typing a code or a name offers the catalogue's 项."""

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(TextKey.FUNCTION_CODE, label, parent, placeholder="项级代码，或输入名称查找")
        self.edit.setMinimumWidth(self.edit.fontMetrics().horizontalAdvance("项级代码，或输入名称查找") + 16)
        self.edit.setMaximumWidth(260)
        self.edit.installEventFilter(self)  # the catalogue is read when the field first gets the keyboard

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.FocusIn:
            self.edit.removeEventFilter(self)
            completer = _function_completer(self)
            if completer is not None:
                self.edit.setCompleter(completer)
                completer.activated.connect(self._picked)
        return super().eventFilter(watched, event)

    def _picked(self, entry: str) -> None:
        code = entry.split(" ", 1)[0]
        self.edit.setText(code)
        self._set_text(TextKey.FUNCTION_CODE, code, self.label)


class _Header(QToolButton):
    """The fold button: Tab stops on it, Enter / Return / Space open or close the group."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            self.click()
            return
        super().keyPressEvent(event)


class PublicationBox(QWidget):
    """部门预算公开信息, folded under its header until opened (button, Enter on it, or Ctrl+Shift+B).

    The fields are made the first time the group opens, or when a finding or an undo step points into it (`build`):
    most projects never open it, and a form page is built while the window starts."""

    opened = Signal(bool)

    def __init__(self, parent: QWidget, add_field: Callable[[FieldEditor], FieldEditor]) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(2)
        self.header = _Header(self)
        self.header.setCheckable(True)
        self.header.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.header.setAutoRaise(True)
        self.header.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.header.setAccessibleName("部门预算公开信息")
        self.header.toggled.connect(self.set_open)
        outer.addWidget(self.header)
        self.body = QWidget(self)
        outer.addWidget(self.body)
        self._add_field = add_field
        self._project: Project | None = None
        self._fields: list[FieldEditor] = []
        self._amounts: list[SourceAmountField] = []
        self._kind: KindField | None = None
        self._function_code: FunctionCodeField | None = None
        self._check: QLabel | None = None
        self._built = False
        self.set_open(False)

    # -- the fields, made on first use -----------------------------------------------------------------------------
    def is_built(self) -> bool:
        """True once the fields exist."""
        return self._built

    @property
    def fields(self) -> list[FieldEditor]:
        """The group's editors, in the order made."""
        self.build()
        return self._fields

    @property
    def amounts(self) -> list[SourceAmountField]:
        """The money-by-source editors."""
        self.build()
        return self._amounts

    @property
    def kind(self) -> KindField:
        """项目类别."""
        self.build()
        assert self._kind is not None
        return self._kind

    @property
    def function_code(self) -> FunctionCodeField:
        """功能科目."""
        self.build()
        assert self._function_code is not None
        return self._function_code

    @property
    def check(self) -> QLabel:
        """The sum of the amounts by source against 年度资金总额."""
        self.build()
        assert self._check is not None
        return self._check

    def build(self) -> None:
        """Make the fields (once): each is handed to the form (`add_field`), which loads it and keeps it."""
        if self._built:
            return
        self._built = True

        def add(field: FieldEditor) -> FieldEditor:
            self._fields.append(field)
            return self._add_field(field)

        grid = QGridLayout(self.body)
        grid.setContentsMargins(12, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(3)
        self._kind = KindField("项目类别", self.body)
        self._function_code = FunctionCodeField("功能科目", self.body)
        top = QHBoxLayout()
        for field in (self._kind, self._function_code):
            add(field)
            caption = QLabel(field.label, self.body)
            caption.setBuddy(field.focusProxy() or field)
            top.addWidget(caption)
            top.addWidget(field)
            top.addSpacing(12)
        top.addStretch(1)
        grid.addLayout(top, 0, 0, 1, 9)
        for row, (group, keys) in enumerate(
            (("本年财政拨款", SOURCES[0:3]), ("上年结转", SOURCES[3:6]), ("其他资金", SOURCES[6:8])), start=1
        ):
            grid.addWidget(QLabel(f"{group}：", self.body), row, 0, Qt.AlignmentFlag.AlignRight)
            for i, (source, name) in enumerate(keys):
                label = f"{group}{name}" if group != "其他资金" else name
                amount = SourceAmountField(source, label, self.body)
                amount.edit.setAccessibleName(label)
                add(amount)
                self._amounts.append(amount)
                caption = QLabel(name, self.body)
                caption.setBuddy(amount.edit)
                grid.addWidget(caption, row, 1 + 2 * i, Qt.AlignmentFlag.AlignRight)
                grid.addWidget(amount, row, 2 + 2 * i)
        self._check = QLabel(self.body)
        self._check.setObjectName("sourcesCheck")
        grid.addWidget(self._check, 3, 5, 1, 4)
        grid.addWidget(QLabel("（万元）", self.body), 1, 7)
        grid.setColumnStretch(8, 1)
        texts = QGridLayout()
        texts.setHorizontalSpacing(6)
        # The two one-line texts side by side, then the two paragraphs side by side.
        ordered = sorted(OVERVIEW, key=lambda item: item[2])
        for i, (part, label, long) in enumerate(ordered):
            text = OverviewField(part, label, self.body, long=long)
            add(text)
            caption = QLabel(label, self.body)
            caption.setBuddy(text.focusProxy() or text)
            line, column = divmod(i, 2)
            texts.addWidget(caption, line, 2 * column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            texts.addWidget(text, line, 2 * column + 1)
        texts.setColumnStretch(1, 1)
        texts.setColumnStretch(3, 1)
        grid.addLayout(texts, 4, 0, 1, 9)
        if self._project is not None:
            self._show_check(self._project)

    def is_open(self) -> bool:
        return self.header.isChecked()

    def set_open(self, open_: bool) -> None:
        """Open or fold the group (the header's arrow and text say which)."""
        if self.header.isChecked() != open_:
            self.header.setChecked(open_)  # comes back here through `toggled`
            return
        if open_:
            self.build()
        self.body.setVisible(open_)
        self.header.setArrowType(Qt.ArrowType.DownArrow if open_ else Qt.ArrowType.RightArrow)
        hint = "" if open_ else f"（{PUBLICATION_SHORTCUT} 或回车展开）"
        self.header.setText(f"部门预算公开信息：项目类别、功能科目、分来源资金、项目概况{hint}")
        self.opened.emit(open_)

    def load(self, project: Project) -> None:
        """Show the sum of the amounts by source against the project's 年度资金总额 (the form loads the fields)."""
        self._project = project
        if self._built:
            self._show_check(project)

    def _show_check(self, project: Project) -> None:
        text, ok = sources_check_text(project)
        check = self.check
        check.setText(text)
        check.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)
