"""Indicator frames (which 二级 belong to which 一级, in print order) and their loading and checking.

Frames come from resources/frames/*.toml, or a `[frame]` table inside a layout file.

A frame file names its 一级 categories in print order, each with its 二级 (a name, or { name, aliases }) and the
check that asks for at least one 三级 under it. A broken file is refused naming the file and the key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from desktop.datafile import DataFileError, Table, read_shipped_toml, read_toml
from desktop.resources import resource_path


@dataclass(frozen=True)
class Level2:
    """A 二级 category. `aliases` are other names real forms print for the same category."""

    name: str
    aliases: tuple[str, ...] = ()

    def matches(self, text: str | None) -> bool:
        """True when `text` names this category (its own name or one of its aliases)."""
        return text is not None and (text == self.name or text in self.aliases)


@dataclass(frozen=True)
class Level1:
    """A 一级 category with its 二级 categories in print order.

    `rule` is the check (E07, E08, E09) that asks for at least one 三级 under this 一级; `each_level2` asks it of
    every 二级 (产出指标: 数量, 质量, 时效 …). None: nothing is required here.
    """

    name: str
    level2s: tuple[Level2, ...]
    rule: str | None = None
    each_level2: bool = False

    def level2(self, text: str | None) -> Level2 | None:
        """The 二级 category named `text` under this 一级, or None."""
        return next((l2 for l2 in self.level2s if l2.matches(text)), None)


@dataclass(frozen=True)
class Frame:
    """A whole indicator frame (2020-style, 2021-style, or one a layout file defines)."""

    id: str
    name: str
    level1s: tuple[Level1, ...]

    def level1(self, text: str | None) -> Level1 | None:
        """The 一级 category named `text`, or None."""
        return next((l1 for l1 in self.level1s if l1.name == text), None)

    def belongs(self, level1: str | None, level2: str | None) -> bool:
        """True when `level2` is a 二级 category of `level1` in this frame."""
        l1 = self.level1(level1)
        return l1 is not None and l1.level2(level2) is not None

    def level1_of(self, level2: str | None) -> Level1 | None:
        """The 一级 under which this frame puts a 二级 named `level2` (for carrying a category to its place)."""
        return next((l1 for l1 in self.level1s if l1.level2(level2) is not None), None)


FRAME_KIND = "指标框架文件"
FRAME_RULES: tuple[str, ...] = ("E07", "E08", "E09")


class FrameError(DataFileError):
    """A frame file (or a layout's `[frame]` table) that cannot be used; the message names the file and the key."""


def _level2(owner: Table, key: str, index: int, item: object) -> Level2:
    where = f"{key}[{index}]"
    if isinstance(item, str) and item.strip():
        return Level2(item)
    if not isinstance(item, Mapping):
        raise owner.fail(where, '应为二级指标名称，或 { name = "…", aliases = ["…"] }')
    table = Table(owner.path, owner.kind, item, owner.where(where), owner.error)
    table.only(("name", "aliases"))
    return Level2(table.text("name"), table.texts("aliases"))


def parse_frame(table: Table) -> Frame:
    """Check one frame table (a whole frame file, or a layout's `[frame]`) and build the Frame."""
    table.only(("id", "name", "level1"))
    level1s: list[Level1] = []
    for l1 in table.tables("level1", what="个一级指标（[[level1]]）"):
        l1.only(("name", "level2", "rule", "each_level2"))
        raw = l1.raw("level2")
        if not isinstance(raw, list) or not raw:
            raise l1.fail("level2", "应列出至少一个二级指标")
        level2s = tuple(_level2(l1, "level2", i, item) for i, item in enumerate(raw))
        names = [name for l2 in level2s for name in (l2.name, *l2.aliases)]
        twice = next((n for n in names if names.count(n) > 1), None)
        if twice is not None:
            raise l1.fail("level2", f"二级指标“{twice}”出现了两次")
        rule = l1.optional_text("rule")
        if rule is not None and rule not in FRAME_RULES:
            raise l1.fail("rule", f"应为 {'、'.join(FRAME_RULES)} 之一（或不写：此一级下不要求填写）")
        level1s.append(Level1(l1.text("name"), level2s, rule, l1.flag("each_level2", False)))
    names1 = [l1.name for l1 in level1s]
    twice1 = next((n for n in names1 if names1.count(n) > 1), None)
    if twice1 is not None:
        raise table.fail("level1", f"一级指标“{twice1}”出现了两次")
    return Frame(table.text("id"), table.text("name"), tuple(level1s))


def load_frame(path: Path) -> Frame:
    """Read and check one frame file; its `id` must equal the file name."""
    return _checked(path, read_toml(path, FRAME_KIND, FrameError))


def _checked(path: Path, table: Table) -> Frame:
    frame = parse_frame(table)
    if frame.id != path.stem:
        raise table.fail("id", f"应与文件名一致（{path.stem}）")
    return frame


@cache
def bundled_frames() -> Mapping[str, Frame]:
    """The frames shipped with the program (resources/frames), loaded once per process."""
    return {frame.id: frame for frame in map(_bundled_file, sorted(resource_path("frames").glob("*.toml")))}


def bundled_frame_ids() -> tuple[str, ...]:
    """The ids of the shipped frames in file-name order, without reading them (a frame's id is its file's name)."""
    return tuple(p.stem for p in sorted(resource_path("frames").glob("*.toml")))


def bundled_frame(frame_id: str) -> Frame | None:
    """The shipped frame `frame_id`, reading only its own file (the layout on screen needs one); None when none."""
    path = resource_path("frames", f"{frame_id}.toml")
    if "/" in frame_id or "\\" in frame_id or not path.is_file():
        return None
    return _bundled_file(path)


@cache
def _bundled_file(path: Path) -> Frame:
    return _checked(path, read_shipped_toml(path, FRAME_KIND, FrameError))


def known_frames() -> tuple[Frame, ...]:
    """The bundled frames, for code that matches names against every frame (import, indicator library)."""
    return tuple(bundled_frames().values())
