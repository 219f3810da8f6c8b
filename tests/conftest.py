"""Shared test set-up: no display, a private home folder per test, the demo workbook on demand."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from hypothesis.database import DirectoryBasedExampleDatabase

from tests.qt_guards import no_unanswered_dialogs, pytest_runtest_makereport  # noqa: F401 - fixture and hook

ROOT = Path(__file__).resolve().parents[1]

# Qt must learn it has no display before any QApplication exists (TECH-NOTES: headless Qt). The virtual screen is
# an office desktop (1920×1080), so windows open as they do there; tests of small screens patch
# desktop.ui.window_geometry.available_geometry instead (offscreen's own default screen is 800×800).
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={ROOT / 'tests' / 'data' / 'offscreen-screen.json'}"

# Property tests (hypothesis): derandomized and without an example database by default, so CI runs the same examples
# every time and a failure found once cannot haunt one checkout only (TECH-NOTES). `HYPOTHESIS_PROFILE=long` is the
# longer random run (README: Tests); it keeps its database outside the repository.
settings.register_profile("ci", derandomize=True, database=None, deadline=None, print_blob=True)
settings.register_profile(
    "long",
    derandomize=False,
    deadline=None,
    print_blob=True,
    database=DirectoryBasedExampleDatabase(str(Path(tempfile.gettempdir()) / "jixiao-hypothesis")),
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def jixiao_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets its own JIXIAO_HOME so default workbooks, logs and settings never touch the real user's."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("JIXIAO_HOME", str(home))
    yield home


@pytest.fixture
def demo_path(tmp_path: Path) -> Path:
    """A freshly written demo workbook file."""
    from desktop.io.demo import demo_workbook
    from desktop.storage.workbook_file import WorkbookFile

    path = tmp_path / "demo.jixiao"
    with WorkbookFile.open(path, create=True) as wb_file:
        wb_file.save(demo_workbook())
    return path


@pytest.fixture
def document() -> Any:
    """An empty workbook document for widgets tested on their own."""
    from desktop.ui.document import WorkbookDocument

    return WorkbookDocument()


@pytest.fixture
def stack(document: Any) -> Any:
    """The document's undo stack."""
    return document.undo_stack


@pytest.fixture
def editor(qtbot: Any, document: Any) -> Any:
    """A shown IndicatorEditor on `document`, with keyboard focus in its tree.

    A project the test shows joins the document's workbook first: the editor only ever edits the document's projects.
    """
    from desktop.ui.indicators.editor import IndicatorEditor

    widget = IndicatorEditor(document)
    show = widget.set_project

    def set_project(project: Any, layout: Any) -> None:
        if project is not None and document.index_of(project) is None:
            document.workbook.projects.append(project)
        show(project, layout)

    widget.set_project = set_project
    qtbot.addWidget(widget)
    widget.resize(1000, 640)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    widget.view().setFocus()
    return widget
