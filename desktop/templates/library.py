"""Loading and checking the indicator library file (resources/indicators/library.toml).

A broken file is refused with a Chinese message naming the file and the key, as layout files are.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from desktop.datafile import DataFileError, Table, read_toml
from desktop.domain.frames import Frame
from desktop.domain.indicator_library import IndicatorLibrary, LibraryEntry
from desktop.resources import resource_path
from desktop.templates.frames import known_frames

LIBRARY_KIND = "指标库文件"


class LibraryError(DataFileError):
    """An indicator library file that cannot be used; the message names the file and the key."""


def _group(table: Table, frames: tuple[Frame, ...]) -> list[LibraryEntry]:
    table.only(("level1", "level2", "entries"))
    level1 = table.text("level1").strip()
    level2 = table.text("level2").strip()
    if not any(f.belongs(level1, level2) for f in frames):
        raise table.fail("level2", f"“{level1} / {level2}”不是任何指标框架中的一级/二级指标")
    entries: list[LibraryEntry] = []
    for item in table.tables("entries", what="条指标"):
        item.only(("name", "value", "description"))
        description = item.optional_text("description")
        entries.append(
            LibraryEntry(
                level1,
                level2,
                item.text("name").strip(),
                item.text("value").strip(),
                description.strip() if description is not None else None,
            )
        )
    return entries


def load_library(path: Path | None = None) -> IndicatorLibrary:
    """Read and check a library file (the bundled one by default); raises LibraryError with a Chinese message."""
    path = path if path is not None else resource_path("indicators", "library.toml")
    table = read_toml(path, LIBRARY_KIND, LibraryError)
    table.only(("group",))
    frames = known_frames()
    entries = [e for group in table.tables("group", what="个 [[group]]") for e in _group(group, frames)]
    return IndicatorLibrary(tuple(entries), frames)


@cache
def bundled_library() -> IndicatorLibrary:
    """The bundled library, read once per run."""
    return load_library()
