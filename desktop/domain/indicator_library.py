"""The indicator library (指标库): common 三级 indicators per 二级 with a suggested 指标值.

The library is data (resources/indicators/library.toml, read and checked by templates/library.py) so that a bureau
can grow it without code. 二级 names are matched with the frames' aliases, so 服务对象满意度指标 (2021 frame)
finds the entries filed under 满意度指标.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from desktop.domain.frames import Frame


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
