"""Reading a file to import from, another workbook (.jixiao) included.

`desktop.io.dispatch.read_import` reads the exchange formats; another workbook is storage's business (io must not
import storage), so the command line and the window ask here, and this module hands every other type to the dispatch.
"""

from __future__ import annotations

from pathlib import Path

from desktop.io.dispatch import read_import
from desktop.io.importing import ImportFailed, ImportResult
from desktop.storage.errors import WorkbookError
from desktop.storage.workbook_file import WorkbookFile

WORKBOOK_SUFFIX = ".jixiao"


def read_source(path: Path, template: str | None = None, year: int | None = None) -> ImportResult:
    """What `path` holds, as an import: another workbook is read without being changed (even while it is open
    elsewhere); every other type goes to `read_import`. Failures are ImportFailed with a Chinese message."""
    if path.suffix.lower() != WORKBOOK_SUFFIX:
        return read_import(path, template, year)
    try:
        with WorkbookFile.open(path, read_only=True) as other:
            workbook = other.load()
    except WorkbookError as exc:
        raise ImportFailed(str(exc)) from None
    return ImportResult(source_name=path.name, projects=workbook.projects, departments=workbook.departments, ours=True)
