"""A funds block of the project form (年度资金总额, 其中：财政拨款…) with the sum-of-parts check beside it."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from desktop.domain.model import Funds, Project
from desktop.domain.parts import FundsKey, FundsPart
from desktop.domain.project_values import funds_value
from desktop.templates.layouts import FundsBlock
from desktop.ui.form.widgets import ERROR_STYLE, AmountField, FieldEditor

OK_STYLE = "color: #1b5e20;"


def funds_check_text(funds: Funds) -> tuple[str, bool]:
    """The line beside a funds block: the sum of the parts and whether it equals the total."""
    parts = funds.parts_sum()
    if parts is None:
        return ("", True)
    shown = f"{parts.quantize(Decimal('0.01')):f}"
    if funds.total is None:
        return (f"各项合计 {shown}，总额未填", False)
    difference = funds.total - parts
    if abs(difference) < Decimal("0.005"):
        return (f"各项合计 {shown}，与总额一致", True)
    return (f"各项合计 {shown}，与总额 {funds.total.quantize(Decimal('0.01')):f} 相差 {difference:+.2f}", False)


class FundsBox(QWidget):
    """One funds block laid out in a row, with the sum-of-parts check beside it."""

    def __init__(
        self,
        block: FundsBlock,
        key: FundsKey,
        parent: QWidget,
        add_field: Callable[[FieldEditor], FieldEditor],
        *,
        inline: bool,
    ) -> None:
        super().__init__(parent)
        self.key = key
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        for i, row in enumerate(block.rows):
            field = AmountField(key, FundsPart(row.key), row.label.rstrip("：:"), self)
            add_field(field)
            caption = QLabel(row.label.rstrip("：:"), self)
            caption.setBuddy(field.edit)
            grid.addWidget(caption, 0, 2 * i, Qt.AlignmentFlag.AlignRight)
            grid.addWidget(field, 0, 2 * i + 1)
        end = 2 * len(block.rows)
        grid.setColumnStretch(end, 1)
        self.check = QLabel(self)
        self.check.setObjectName("fundsCheck")
        # Beside the amounts when the row has room (a line less to scroll); under them beside 资金用途.
        if inline:
            grid.addWidget(self.check, 0, end)
        else:
            grid.addWidget(self.check, 1, 0, 1, end + 1)

    def load(self, project: Project) -> None:
        """Show the sum of the parts against the total of this project's block."""
        text, ok = funds_check_text(funds_value(project, self.key))
        self.check.setText(text)
        self.check.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)
