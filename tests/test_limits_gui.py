"""Issue 17, item 1 at the field: a 27-digit 年度资金总额 is a Chinese message beside the form, no internal error."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from desktop.ui.form.widgets import AmountField
from tests.test_main_window import closing, field, open_window  # noqa: F401 - closing is a fixture


def test_an_oversized_total_is_refused_at_the_field(qtbot, demo_path: Path, closing) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    window = open_window(qtbot, demo_path)
    project = window.current_project()
    assert project is not None
    before = project.funds
    total = field(window, "funds.total")
    assert isinstance(total, AmountField)
    total.edit.selectAll()
    qtbot.keyClicks(total.edit, "1" + "0" * 26)  # pytest-qt fails the test on any exception inside Qt
    page = window.form.page()
    assert page is not None
    assert page.message.isVisible()
    assert "整数部分最多 12 位" in page.message.text() and "年度资金总额" in page.message.text()
    # Keystroke by keystroke the amount was valid up to 12 digits; the 13th and later never reached the project.
    assert project.funds.total == Decimal("1" + "0" * 11) and project.funds.fiscal == before.fiscal
    assert "相差" in page.funds_boxes[-1].check.text() or "一致" in page.funds_boxes[-1].check.text()
    total.edit.selectAll()
    qtbot.keyClicks(total.edit, "123.4567891")
    assert "最多 6 位小数" in page.message.text()
    total.edit.selectAll()
    qtbot.keyClicks(total.edit, "120")
    assert not page.message.isVisible() and str(project.funds.total) == "120"
