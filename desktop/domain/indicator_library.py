"""The indicator library (指标库): common 三级 indicators per 二级 with a suggested 指标值.

The library is data (resources/indicators/library.toml) so that a bureau can grow it without code. A broken file is
refused with a Chinese message naming the file and the key, as layout files are. 二级 names are matched with the
frames' aliases, so 服务对象满意度指标 (2021 frame) finds the entries filed under 满意度指标.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from desktop.domain.frames import FRAMES
from desktop.os_errors import os_error_reason
from desktop.resources import resource_path

_GROUP_KEYS = frozenset({"level1", "level2", "entries"})
_ENTRY_KEYS = frozenset({"name", "value", "description"})


class LibraryError(ValueError):
    """An indicator library file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class LibraryEntry:
    """One suggested 三级 indicator: where it belongs, its name, an example 指标值 and an optional note."""

    level1: str
    level2: str
    name: str
    value: str
    description: str | None = None


def canonical_level2(level2: str) -> str:
    """The name a 二级 category is filed under in the library (an alias becomes the other frame's own name)."""
    for frame in FRAMES.values():
        for l1 in frame.level1s:
            for l2 in l1.level2s:
                if l2.matches(level2):
                    # Both satisfaction spellings are filed under 满意度指标, the 2020 frame's own name.
                    return "满意度指标" if "满意度指标" in (l2.name, *l2.aliases) else l2.name
    return level2


class IndicatorLibrary:
    """All library entries, in file order, with look-up by 二级."""

    def __init__(self, entries: tuple[LibraryEntry, ...]) -> None:
        self._entries = entries

    @property
    def entries(self) -> tuple[LibraryEntry, ...]:
        """Every entry, in file order."""
        return self._entries

    def level2s(self) -> list[str]:
        """The 二级 categories the library has entries for, in file order."""
        return list(dict.fromkeys(e.level2 for e in self._entries))

    def suggest(self, level2: str, prefix: str = "") -> list[LibraryEntry]:
        """Entries of `level2` (aliases allowed) whose name contains `prefix`; names that start with it come first."""
        wanted = canonical_level2(level2)
        typed = prefix.strip().casefold()
        hits = [e for e in self._entries if canonical_level2(e.level2) == wanted and typed in e.name.casefold()]
        # sorted() is stable, so entries keep the file's (most common first) order within each rank.
        return sorted(hits, key=lambda e: not e.name.casefold().startswith(typed))


class _Reader:
    """Checks one library file, naming the file and the key in every complaint."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def error(self, key: str, problem: str) -> LibraryError:
        return LibraryError(f"指标库文件 {self.path.name} 的“{key}”有误：{problem}")

    def text(self, table: Mapping[str, Any], key: str, where: str, *, required: bool = True) -> str | None:
        value = table.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.error(f"{where}.{key}", "应为非空文字")
        return value.strip()

    def group(self, number: int, table: Any) -> list[LibraryEntry]:
        where = f"group[{number}]"
        if not isinstance(table, dict):
            raise self.error(where, "应为表（[[group]]）")
        unknown = sorted(set(table) - _GROUP_KEYS)
        if unknown:
            raise self.error(f"{where}.{unknown[0]}", "不认识的键")
        level1 = self.text(table, "level1", where)
        level2 = self.text(table, "level2", where)
        assert level1 is not None and level2 is not None
        if not any(f.belongs(level1, level2) for f in FRAMES.values()):
            raise self.error(f"{where}.level2", f"“{level1} / {level2}”不是任何指标框架中的一级/二级指标")
        items = table.get("entries")
        if not isinstance(items, list) or not items:
            raise self.error(f"{where}.entries", "应为至少一条指标的列表")
        return [self.entry(f"{where}.entries[{n}]", level1, level2, item) for n, item in enumerate(items, 1)]

    def entry(self, where: str, level1: str, level2: str, item: Any) -> LibraryEntry:
        if not isinstance(item, dict):
            raise self.error(where, "应为 { name = …, value = … } 形式的表")
        unknown = sorted(set(item) - _ENTRY_KEYS)
        if unknown:
            raise self.error(f"{where}.{unknown[0]}", "不认识的键")
        name = self.text(item, "name", where)
        value = self.text(item, "value", where)
        assert name is not None and value is not None
        description = self.text(item, "description", where, required=False)
        return LibraryEntry(level1, level2, name, value, description)


def load_library(path: Path | None = None) -> IndicatorLibrary:
    """Read and check a library file (the bundled one by default); raises LibraryError with a Chinese message."""
    path = path if path is not None else resource_path("indicators", "library.toml")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise LibraryError(f"无法读取指标库文件 {path.name}：{os_error_reason(exc)}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise LibraryError(f"指标库文件 {path.name} 格式有误：{exc}") from None
    reader = _Reader(path)
    unknown = sorted(set(data) - {"group"})
    if unknown:
        raise reader.error(unknown[0], "不认识的键")
    groups = data.get("group")
    if not isinstance(groups, list) or not groups:
        raise reader.error("group", "应至少有一个 [[group]]")
    entries = [e for n, table in enumerate(groups, 1) for e in reader.group(n, table)]
    return IndicatorLibrary(tuple(entries))


@cache
def bundled_library() -> IndicatorLibrary:
    """The bundled library, read once per run."""
    return load_library()
