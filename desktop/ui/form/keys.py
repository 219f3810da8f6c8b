"""Keyboard shortcuts shared by the parts of the project form."""

PUBLICATION_SHORTCUT = "Ctrl+Shift+B"
"""部门预算公开信息: open it with the keyboard in 项目类别, or fold it back (the form's shortcut, the box's hint)."""
