"""The indicator library (指标库): common 三级 indicators per 二级 with a suggested 指标值, and its loading.

The library is data (resources/indicators/library.toml) so that a bureau can grow it without code; a broken file is
refused with a Chinese message naming the file and the key, as layout files are. 二级 names are matched with the
frames' aliases, so 服务对象满意度指标 (2021 frame) finds the entries filed under 满意度指标.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from desktop.datafile import DataFileError, Table, read_toml
from desktop.resources import resource_path
from desktop.templates.frames import Frame, known_frames

LIBRARY_KIND = "指标库文件"


@dataclass(frozen=True)
class LibraryEntry:
    """One suggested 三级 indicator: where it belongs, its name, an example 指标值 and an optional note."""

    level1: str
    level2: str
    name: str
    value: str
    description: str | None = None


def canonical_level2(level2: str, frames: Sequence[Frame]) -> str:
    """The name a 二级 category is filed under in the library (an alias becomes the other frame's own name)."""
    for frame in frames:
        for l1 in frame.level1s:
            for l2 in l1.level2s:
                if l2.matches(level2):
                    # Both satisfaction spellings are filed under 满意度指标, the 2020 frame's own name.
                    return "满意度指标" if "满意度指标" in (l2.name, *l2.aliases) else l2.name
    return level2


class IndicatorLibrary:
    """All library entries, in file order, with look-up by 二级."""

    def __init__(self, entries: tuple[LibraryEntry, ...], frames: Sequence[Frame]) -> None:
        self._entries = entries
        self._frames = tuple(frames)

    @property
    def entries(self) -> tuple[LibraryEntry, ...]:
        """Every entry, in file order."""
        return self._entries

    def level2s(self) -> list[str]:
        """The 二级 categories the library has entries for, in file order."""
        return list(dict.fromkeys(e.level2 for e in self._entries))

    def suggest(self, level2: str, prefix: str = "") -> list[LibraryEntry]:
        """Entries of `level2` (aliases allowed) whose name contains `prefix`; names that start with it come first."""
        wanted = canonical_level2(level2, self._frames)
        typed = prefix.strip().casefold()
        hits = [
            e
            for e in self._entries
            if canonical_level2(e.level2, self._frames) == wanted and typed in e.name.casefold()
        ]
        # sorted() is stable, so entries keep the file's (most common first) order within each rank.
        return sorted(hits, key=lambda e: not e.name.casefold().startswith(typed))


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
