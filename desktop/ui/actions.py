"""The main window's actions, menus and toolbar, declared in one place.

Handlers live elsewhere (file_ops.py, project_ops.py); this module only says what the clerk can do, with which
keys, and where it appears. Enabling happens in one `update()` so no action is ever left in a stale state.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar

from desktop.ui.icons import icon


class _MirrorAction(QAction):
    """A toolbar copy of an action with a fixed label; enabled state and tooltip follow the original."""

    def __init__(self, source: QAction, label: str, parent: QToolBar) -> None:
        super().__init__(source.icon(), label, parent)
        self.source = source
        self.triggered.connect(source.trigger)
        # A bound method of a QObject: Qt drops the connection when either side is destroyed.
        source.changed.connect(self.sync)
        self.sync()

    def sync(self) -> None:
        try:
            enabled, text = self.source.isEnabled(), self.source.text()
        except RuntimeError:  # the original is being destroyed with the window
            return
        self.setEnabled(enabled)
        self.setToolTip(text)


class MainActions:
    """Every action of the main window."""

    def __init__(self, window: QMainWindow) -> None:
        def make(
            text: str,
            shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
            icon_name: str | None = None,
        ) -> QAction:
            action = QAction(text, window)
            if shortcut is not None:
                action.setShortcut(QKeySequence(shortcut))
            if icon_name is not None:
                action.setIcon(icon(icon_name))
            window.addAction(action)
            return action

        # Icons from the program's own set (icons.py), the same on every computer; actions without one keep their text.
        self.new_project = make("新建项目…", "Ctrl+N", "document-new")
        self.new_workbook = make("新建工作簿…", "Ctrl+Shift+N")
        self.open = make("打开工作簿…", QKeySequence.StandardKey.Open, "document-open")
        self.save = make("保存", QKeySequence.StandardKey.Save, "document-save")
        self.save_as = make("另存为…", "Ctrl+Shift+S")
        self.import_ = make("导入…", "Ctrl+I", "x-office-spreadsheet")
        self.export_pdf = make("导出 PDF…", "Ctrl+E", "x-office-document")
        self.export_xlsx = make("导出 Excel…", "Ctrl+Shift+E")
        self.export_json = make("导出 JSON…")
        self.print_preview = make("打印预览…", "Ctrl+Shift+P", "document-print-preview")
        self.print = make("打印…", QKeySequence.StandardKey.Print)
        # The department's publication: the project keys with Alt (Ctrl+Alt+P prints it, Ctrl+Alt+E exports it…).
        self.department_preview = make("部门文件打印预览…", "Ctrl+Alt+Shift+P")
        self.department_print = make("打印部门文件…", "Ctrl+Alt+P")
        self.department_pdf = make("导出部门文件（PDF）…", "Ctrl+Alt+E")
        self.department_xlsx = make("导出部门文件（Excel）…", "Ctrl+Alt+Shift+E")
        self.options = make("选项…")
        self.quit = make("退出", "Ctrl+Q")
        self.quit.setMenuRole(QAction.MenuRole.QuitRole)

        self.duplicate = make("复制项目", "Ctrl+D")
        self.delete = make("删除项目…", "Ctrl+Delete")
        self.mark_final = make("标记为定稿")
        self.compare_final = make("与定稿版比较…")
        self.rollover = make("年度结转…")
        self.find = make("查找项目", QKeySequence.StandardKey.Find)

        self.show_findings = make("校验结果面板", "Ctrl+F8", "dialog-warning")
        self.show_findings.setCheckable(True)
        self.next_finding = make("下一个问题", "F8")
        self.previous_finding = make("上一个问题", "Shift+F8")
        self.fix_finding = make("一键修复所选问题", "Ctrl+.")
        self.fix_rule = make("全部修复此类问题")
        self.validate = make("全部重新校验", "F5")
        self.fold_form = make("收起项目信息", "F9")
        self.fold_form.setCheckable(True)
        self.fold_form.setToolTip("收起项目信息，让绩效指标占满右侧（F9）")

        self.help = make("帮助", QKeySequence.StandardKey.HelpContents)
        self.rules = make("校验规则")
        self.about = make("关于")

        # Undo/redo come from the stack so their text always names what will be undone ("撤销 修改指标值").
        self.undo: QAction | None = None
        self.redo: QAction | None = None
        self.recent_menu: QMenu | None = None

    def attach_undo(self, undo: QAction, redo: QAction) -> None:
        """Take the undo stack's own actions, with the usual keys (Ctrl+Y and Ctrl+Shift+Z both redo)."""
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        undo.setIcon(icon("edit-undo"))
        redo.setIcon(icon("edit-redo"))
        redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        undo.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        redo.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.undo, self.redo = undo, redo

    def build_menus(self, window: QMainWindow) -> None:
        """Menu bar in the usual order: 文件 编辑 项目 视图 帮助."""
        bar = window.menuBar()
        file_menu = bar.addMenu("文件(&F)")
        file_menu.addAction(self.new_workbook)
        file_menu.addAction(self.open)
        self.recent_menu = file_menu.addMenu("最近打开")
        file_menu.addSeparator()
        file_menu.addAction(self.save)
        file_menu.addAction(self.save_as)
        file_menu.addSeparator()
        file_menu.addAction(self.import_)
        file_menu.addAction(self.export_pdf)
        file_menu.addAction(self.export_xlsx)
        file_menu.addAction(self.export_json)
        file_menu.addSeparator()
        file_menu.addAction(self.print_preview)
        file_menu.addAction(self.print)
        file_menu.addSeparator()
        for action in (self.department_preview, self.department_print, self.department_pdf, self.department_xlsx):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.options)
        file_menu.addAction(self.quit)

        edit_menu = bar.addMenu("编辑(&E)")
        if self.undo is not None and self.redo is not None:
            edit_menu.addAction(self.undo)
            edit_menu.addAction(self.redo)
            edit_menu.addSeparator()
        edit_menu.addAction(self.fix_finding)
        edit_menu.addAction(self.fix_rule)
        edit_menu.addSeparator()
        edit_menu.addAction(self.find)

        project_menu = bar.addMenu("项目(&P)")
        project_menu.addAction(self.new_project)
        project_menu.addAction(self.duplicate)
        project_menu.addAction(self.delete)
        project_menu.addSeparator()
        project_menu.addAction(self.mark_final)
        project_menu.addAction(self.compare_final)
        project_menu.addSeparator()
        project_menu.addAction(self.rollover)

        view_menu = bar.addMenu("视图(&V)")
        view_menu.addAction(self.fold_form)
        view_menu.addAction(self.show_findings)
        view_menu.addAction(self.next_finding)
        view_menu.addAction(self.previous_finding)
        view_menu.addAction(self.validate)

        help_menu = bar.addMenu("帮助(&H)")
        help_menu.addAction(self.help)
        help_menu.addAction(self.rules)
        help_menu.addAction(self.about)

    def build_toolbar(self, window: QMainWindow) -> QToolBar:
        """The few actions clerks use all day, each with its text beside its icon so nobody has to guess."""
        toolbar = window.addToolBar("工具栏")
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.setIconSize(QSize(18, 18))
        toolbar.addAction(self.new_project)
        toolbar.addAction(self.save)
        toolbar.addSeparator()
        for action, label in ((self.undo, "撤销"), (self.redo, "重做")):
            if action is not None:
                # A fixed short label on the toolbar (the menu item names what will be undone; so does the tooltip).
                toolbar.addAction(_MirrorAction(action, label, toolbar))
        toolbar.addSeparator()
        toolbar.addAction(self.import_)
        toolbar.addAction(self.export_pdf)
        toolbar.addAction(self.print_preview)
        toolbar.addSeparator()
        toolbar.addAction(self.show_findings)
        return toolbar
