"""帮助 (F1): the season's workflow, the keyboard shortcuts and the rule catalogue on one bundled, offline page.

The workflow text is a bundled HTML file; the shortcut table is made from the window's own actions, so it can never
list a key that does not do what it says; the rules come from the validator's catalogue.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from desktop.resources import resource_path
from desktop.ui.dialogs.rules_dialog import rules_html, rules_text

GUIDE_FILE = ("help", "guide.html")


def shortcut_rows(actions: Iterable[QAction]) -> list[tuple[str, str]]:
    """(key, what it does) for every action that has a shortcut, in menu order, without duplicates."""
    rows: list[tuple[str, str]] = []
    seen: set[str] = set()
    for action in actions:
        keys = "、".join(
            k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts() if not k.isEmpty()
        )
        label = action.text().replace("&", "").rstrip("…").strip()
        if keys and label and keys not in seen:
            seen.add(keys)
            rows.append((keys, label))
    return rows


_TREE_KEYS: tuple[tuple[str, str], ...] = (
    ("Insert", "在指标表中新增一条三级指标"),
    ("Enter", "编辑中按 Enter 确认并转到下一行；最后一列按 Enter 新增下一行"),
    ("Delete", "删除选中的指标"),
    ("Ctrl+↑ / Ctrl+↓", "上移 / 下移指标（可跨二级指标）"),
    ("F2", "编辑当前单元格"),
    ("Esc", "取消编辑；刚新增的空行按 Esc 即删除"),
    ("Ctrl+C / Ctrl+V", "复制 / 粘贴指标行（也可从 Excel、WPS、Word 粘贴）"),
    ("F8 / Shift+F8", "下一个 / 上一个问题"),
    ("Ctrl+.", "按建议修复选中的问题"),
)


def help_html(shortcuts: Sequence[tuple[str, str]]) -> str:
    """The whole help page: the bundled workflow text, the shortcut tables, then the rule catalogue."""
    guide = resource_path(*GUIDE_FILE).read_text(encoding="utf-8")
    rows = "".join(
        f"<tr><td style='padding: 2px 16px 2px 0;'><b>{html.escape(k)}</b></td><td>{html.escape(v)}</td></tr>"
        for k, v in (*shortcuts, *_TREE_KEYS)
    )
    keys = f"<h3 id='keys'>键盘操作</h3><table>{rows}</table>"
    rules = f"<a name='rules'></a>{rules_html(rules_text())}"
    return f"{guide}\n{keys}\n{rules}"


class HelpDialog(QDialog):
    """A read-only help page (modeless, so the clerk can read it beside the form)."""

    def __init__(self, shortcuts: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("帮助")
        self.text = QTextBrowser(self)
        self.text.setOpenLinks(False)
        self.text.anchorClicked.connect(lambda url: self.text.scrollToAnchor(url.fragment()))
        self.text.setHtml(help_html(shortcuts))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(820, 600)


def show_help(parent: QWidget | None, actions: Iterable[QAction]) -> HelpDialog:
    """Open the help page; F1 again brings the open one to the front."""
    existing = parent.findChild(HelpDialog) if parent is not None else None
    dialog = existing if isinstance(existing, HelpDialog) else HelpDialog(shortcut_rows(actions), parent)
    dialog.setModal(False)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog
