"""打印预览, 打印… and 导出 PDF…: the generated PDF shown, printed or saved from the app.

What is previewed, printed and exported is the same PDF (desktop.io.pdf.export), so the paper matches the screen.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QPointF, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication, QImage, QKeySequence, QPageLayout, QPainter, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.model import Project, Workbook
from desktop.home import documents_dir
from desktop.io.dispatch import export_to
from desktop.io.exporting import ExportFailed
from desktop.io.pdf.export import pdf_bytes
from desktop.templates.layouts import LayoutError
from desktop.ui.dialogs.export_done import tell_exported
from desktop.ui.file_checks import write_problem

MAX_PRINT_DPI = 300  # enough for 10 pt text; a 600 dpi A4 page image would take ~140 MB
_ZOOM_STEP = 1.25
_UNSAFE_FILE_CHARS = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def _make_pdf(
    parent: QWidget | None, workbook: Workbook, watermark: Collection[Project] = ()
) -> tuple[bytes, list[str]] | None:
    """The PDF for `workbook` (the pages of `watermark` marked 草稿), or None after telling the clerk why it could
    not be made."""
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        # One project prints as its form alone: the cover and 公开清单 belong to a set of forms.
        return pdf_bytes(workbook, cover=len(workbook.projects) > 1, watermark=watermark)
    except (ExportFailed, LayoutError) as exc:
        error = str(exc)
    finally:
        QGuiApplication.restoreOverrideCursor()
    QMessageBox.warning(parent, "无法生成打印文件", error)
    return None


def _load_document(data: bytes, owner: QObject) -> tuple[QPdfDocument, QBuffer]:
    """A QPdfDocument reading `data`; the buffer must live as long as the document."""
    document = QPdfDocument(owner)
    buffer = QBuffer(owner)
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    return document, buffer


def _problems_text(problems: list[str], limit: int = 8) -> str:
    shown = problems[:limit]
    more = f"\n……另有 {len(problems) - limit} 条" if len(problems) > limit else ""
    return "\n".join(f"· {p}" for p in shown) + more


def print_document(parent: QWidget | None, document: QPdfDocument, name: str = "项目支出绩效目标表") -> bool:
    """Ask for a printer (QPrintDialog) and print the pages of `document` (`name` is the print job's name, which
    the printer queue shows); True when something was printed."""
    pages = document.pageCount()
    if pages < 1:
        QMessageBox.warning(parent, "无法打印", "打印文件是空的，没有可打印的页面。")
        return False
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(name)
    printer.setFullPage(True)  # the PDF carries its own margins
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("打印")
    dialog.setMinMax(1, pages)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    first, last = 1, pages
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first, last = printer.fromPage(), min(printer.toPage() or pages, pages)
    return _paint_pages(parent, printer, document, range(first - 1, last))


def _paint_pages(parent: QWidget | None, printer: QPrinter, document: QPdfDocument, pages: range) -> bool:
    dpi = min(printer.resolution(), MAX_PRINT_DPI)
    painter = QPainter()
    _orient(printer, document, pages.start)
    if not painter.begin(printer):
        QMessageBox.warning(parent, "无法打印", "无法开始打印：打印机不可用或被其他程序占用，请检查打印机后重试。")
        return False
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        for n, index in enumerate(pages):
            if n:
                _orient(printer, document, index)
                printer.newPage()
            points = document.pagePointSize(index)
            size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
            image = document.render(index, size)
            target = printer.pageLayout().fullRectPixels(printer.resolution())
            box = _fit(image, QRect(0, 0, target.width(), target.height()))
            painter.fillRect(box, Qt.GlobalColor.white)  # a page rendered with a transparent background prints white
            painter.drawImage(box, image)
    finally:
        painter.end()
        QGuiApplication.restoreOverrideCursor()
    return True


def _orient(printer: QPrinter, document: QPdfDocument, index: int) -> None:
    size = document.pagePointSize(index)
    landscape = size.width() > size.height()
    printer.setPageOrientation(QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait)


def _fit(image: QImage, area: QRect) -> QRect:
    """The largest rectangle with the image's proportions centred in `area` (paper sizes differ slightly)."""
    scale = min(area.width() / max(image.width(), 1), area.height() / max(image.height(), 1))
    w, h = round(image.width() * scale), round(image.height() * scale)
    return QRect(area.x() + (area.width() - w) // 2, area.y() + (area.height() - h) // 2, w, h)


def print_with_dialog(parent: QWidget, workbook: Workbook, watermark: Collection[Project] = ()) -> None:
    """打印…: generate the PDF (the pages of `watermark` marked 草稿), warn about missing characters, then print
    through QPrintDialog."""
    made = _make_pdf(parent, workbook, watermark)
    if made is None:
        return
    data, problems = made
    if problems:
        answer = QMessageBox.question(
            parent,
            "打印",
            f"打印内容有以下问题：\n{_problems_text(problems)}\n\n仍要打印吗？",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
    print_pdf(parent, data)


def print_pdf(parent: QWidget, data: bytes, name: str = "项目支出绩效目标表") -> bool:
    """Print the PDF `data` through QPrintDialog (`name` is the print job's); True when something was printed."""
    document, buffer = _load_document(data, parent)
    try:
        return print_document(parent, document, name)
    finally:
        document.close()
        buffer.close()
        document.deleteLater()
        buffer.deleteLater()


def fitting_size(dialog: QWidget, width: int, height: int) -> QSize:
    """`width`×`height`, shrunk to the screen's free area (a 1366×768 laptop has less than 1000 pixels)."""
    screen = dialog.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return QSize(width, height)
    free = screen.availableGeometry()
    return QSize(min(width, free.width() - 40), min(height, free.height() - 60))


def suggested_file_name(workbook: Workbook) -> str:
    """`<项目名称>.pdf` for one project, `项目支出绩效目标表.pdf` for several; no characters Windows refuses."""
    if len(workbook.projects) == 1:
        name = _UNSAFE_FILE_CHARS.sub("_", workbook.projects[0].display_name()).strip(" .") or "项目支出绩效目标表"
    else:
        name = "项目支出绩效目标表"
    return f"{name[:80]}.pdf"


def export_pdf_with_dialog(
    parent: QWidget | None, workbook: Workbook, watermark: Collection[Project] = ()
) -> Path | None:
    """导出 PDF…: ask where to save, write the PDF (the pages of `watermark` marked 草稿) through the one export
    dispatch, report problems; the saved path, or None."""
    folder = documents_dir() if documents_dir().is_dir() else Path.home()
    chosen, _ = QFileDialog.getSaveFileName(
        parent, "导出 PDF", str(Path(folder) / suggested_file_name(workbook)), "PDF 文件 (*.pdf)"
    )
    if not chosen:
        return None
    path = Path(chosen)
    if path.suffix.lower() != ".pdf":
        path = path.with_name(path.name + ".pdf")
    problem = write_problem(path)
    if problem is not None:
        QMessageBox.warning(parent, "导出 PDF 失败", problem)
        return None
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        report = export_to(workbook, path, cover=len(workbook.projects) > 1, watermark=watermark)
    except (ExportFailed, LayoutError) as exc:
        error = str(exc)
    else:
        error = ""
    finally:
        QGuiApplication.restoreOverrideCursor()
    if error:
        QMessageBox.warning(parent, "导出 PDF 失败", error)
        return None
    count = len(workbook.projects)
    marks = f"\n{len(watermark)} 个草稿项目的页面印有“草稿”水印。" if watermark else ""
    tell_exported(
        parent,
        "导出完成",
        f"已导出 {count} 个项目（{report.pages} 页）到\n{path}{marks}",
        path,
        problems=_problems_text(report.problems) if report.problems else "",
    )
    return path


class PrintPreviewDialog(QDialog):
    """The generated PDF in a QPdfView with page navigation, zoom, 打印…, 导出 PDF…, 关闭."""

    def __init__(
        self,
        parent: QWidget | None,
        workbook: Workbook,
        data: bytes,
        problems: list[str],
        watermark: Collection[Project] = (),
        *,
        export: Callable[[QWidget], object] | None = None,
        name: str = "项目支出绩效目标表",
    ) -> None:
        """`watermark` are the drafts marked 草稿 in `data` (marked again by 导出 PDF…); `export` saves what is
        previewed (导出 PDF…; the projects' forms by default); `name` is the print job's."""
        super().__init__(parent)
        self.workbook = workbook
        self.watermark = list(watermark)
        self._name = name
        self._export = export or (lambda owner: export_pdf_with_dialog(owner, self.workbook, self.watermark))
        self.setWindowTitle("打印预览" if export is None else f"打印预览 — {name}")
        self.resize(fitting_size(self, 900, 1000))
        self.document, self._buffer = _load_document(data, self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

        self.problems_label = QLabel(self)
        self.problems_label.setWordWrap(True)
        self.problems_label.setStyleSheet("color: #9a4a00;")
        self.problems_label.setVisible(bool(problems))
        if problems:
            self.problems_label.setText("注意：\n" + _problems_text(problems))

        self.page_label = QLabel(self)
        self.prev_button = QPushButton("上一页", self)
        self.next_button = QPushButton("下一页", self)
        self.zoom_out_button = QPushButton("缩小", self)
        self.zoom_in_button = QPushButton("放大", self)
        self.fit_width_button = QPushButton("适合宽度", self)
        self.fit_page_button = QPushButton("整页", self)
        self.print_button = QPushButton("打印…", self)
        self.export_button = QPushButton("导出 PDF…", self)
        self.close_button = QPushButton("关闭", self)
        self.print_button.setToolTip("打印（Ctrl+P）")

        nav = QHBoxLayout()
        for widget in (self.prev_button, self.page_label, self.next_button):
            nav.addWidget(widget)
        nav.addSpacing(16)
        for widget in (self.zoom_out_button, self.zoom_in_button, self.fit_width_button, self.fit_page_button):
            nav.addWidget(widget)
        nav.addStretch(1)
        for widget in (self.print_button, self.export_button, self.close_button):
            nav.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addWidget(self.problems_label)
        layout.addWidget(self.view, 1)
        layout.addLayout(nav)

        self.prev_button.clicked.connect(lambda: self.go_to_page(self.current_page() - 1))
        self.next_button.clicked.connect(lambda: self.go_to_page(self.current_page() + 1))
        self.zoom_in_button.clicked.connect(lambda: self.zoom_by(_ZOOM_STEP))
        self.zoom_out_button.clicked.connect(lambda: self.zoom_by(1 / _ZOOM_STEP))
        self.fit_width_button.clicked.connect(lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth))
        self.fit_page_button.clicked.connect(lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitInView))
        self.print_button.clicked.connect(self.print_pages)
        self.export_button.clicked.connect(lambda: self._export(self))
        self.close_button.clicked.connect(self.reject)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Print), self, self.print_pages)
        QShortcut(QKeySequence(QKeySequence.StandardKey.ZoomIn), self, lambda: self.zoom_by(_ZOOM_STEP))
        QShortcut(QKeySequence(QKeySequence.StandardKey.ZoomOut), self, lambda: self.zoom_by(1 / _ZOOM_STEP))
        self.view.pageNavigator().currentPageChanged.connect(self._update_page_label)
        self._update_page_label()

    def page_count(self) -> int:
        """Pages in the previewed PDF."""
        return int(self.document.pageCount())

    def current_page(self) -> int:
        """The page shown (0-based)."""
        return int(self.view.pageNavigator().currentPage())

    def go_to_page(self, page: int) -> None:
        """Show page `page` (0-based), clamped to the document."""
        page = max(0, min(page, self.page_count() - 1))
        self.view.pageNavigator().jump(page, QPointF(), self.view.pageNavigator().currentZoom())
        self._update_page_label()

    def zoom_by(self, factor: float) -> None:
        """Zoom in or out from the current scale."""
        current = self.view.zoomFactor() if self.view.zoomMode() == QPdfView.ZoomMode.Custom else self._fit_zoom()
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(0.25, min(current * factor, 6.0)))

    def _fit_zoom(self) -> float:
        points = self.document.pagePointSize(max(self.current_page(), 0))
        width_px = points.width() * self.logicalDpiX() / 72
        return self.view.viewport().width() / width_px if width_px > 0 else 1.0

    def _update_page_label(self) -> None:
        page, count = self.current_page(), self.page_count()
        self.page_label.setText(f"第 {page + 1} / {count} 页")
        self.prev_button.setEnabled(page > 0)
        self.next_button.setEnabled(page < count - 1)

    def print_pages(self) -> None:
        """打印…: the previewed PDF through QPrintDialog."""
        print_document(self, self.document, self._name)


def show_print_preview(parent: QWidget, workbook: Workbook, watermark: Collection[Project] = ()) -> None:
    """打印预览: generate the PDF of `workbook` (the current project or a selection; the pages of `watermark` marked
    草稿) and show it modally."""
    made = _make_pdf(parent, workbook, watermark)
    if made is None:
        return
    data, problems = made
    dialog = PrintPreviewDialog(parent, workbook, data, problems, watermark)
    try:
        dialog.exec()
    finally:
        dialog.deleteLater()
