"""Help → 校验规则 (F1): the validation catalogue as the validator itself describes it, laid out to be read."""

from __future__ import annotations

import html
import re

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from desktop.domain.rules import rules_help_text

_RULE_LINE = re.compile(r"^([EW]\d\d)\s+(.*)$")
_COLOURS = {"E": "#b00020", "W": "#8a6d00"}


def rules_text() -> str:
    """The catalogue text, as the validator describes its rules."""
    return rules_help_text()


def rules_html(text: str) -> str:
    """The catalogue as HTML: the title, section headings, each rule's code and name in bold, its details indented."""
    lines = text.splitlines()
    out: list[str] = []
    for number, line in enumerate(lines):
        shown = html.escape(line.strip())
        if not shown:
            continue
        rule = _RULE_LINE.match(line)
        if number == 0:
            out.append(f"<h2>{shown}</h2>")
        elif rule is not None:
            colour = _COLOURS[rule.group(1)[0]]
            name = html.escape(rule.group(2))
            out.append(
                f"<p style='margin: 10px 0 2px 0;'><b style='color: {colour};'>{rule.group(1)}</b> <b>{name}</b></p>"
            )
        elif line.startswith(" "):
            style = "margin: 0 0 0 2em;" + (" color: #555;" if shown.startswith("依据") else "")
            out.append(f"<p style='{style}'>{shown}</p>")
        elif shown.startswith(("错误", "提示")) and shown.endswith("）"):
            out.append(f"<h3 style='margin-top: 16px;'>{shown}</h3>")
        else:
            out.append(f"<p>{shown}</p>")
    return "\n".join(out)


class RulesDialog(QDialog):
    """A read-only page listing every rule with its severity, reason and source."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("校验规则")
        self.text = QTextBrowser(self)
        self.text.setOpenLinks(False)
        self.text.setHtml(rules_html(rules_text()))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(760, 560)


def show_rules(parent: QWidget | None) -> None:
    """Open the rules page (modeless, so the clerk can read it beside the form); F1 again brings it to the front."""
    existing = parent.findChild(RulesDialog) if parent is not None else None
    dialog = existing if isinstance(existing, RulesDialog) else RulesDialog(parent)
    dialog.setModal(False)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
