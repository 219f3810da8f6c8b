"""Loading and checking indicator frames: resources/frames/*.toml, or a `[frame]` table inside a layout file.

A frame file names its 一级 categories in print order, each with its 二级 (a name, or { name, aliases }) and the
check that asks for at least one 三级 under it. A broken file is refused naming the file and the key.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path

from desktop.datafile import DataFileError, Table, read_toml
from desktop.domain.frames import Frame, Level1, Level2
from desktop.resources import resource_path

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
    table = read_toml(path, FRAME_KIND, FrameError)
    frame = parse_frame(table)
    if frame.id != path.stem:
        raise table.fail("id", f"应与文件名一致（{path.stem}）")
    return frame


def load_frames(folder: Path) -> dict[str, Frame]:
    """Every frame file of a folder, by id, in file-name order."""
    return {frame.id: frame for frame in (load_frame(p) for p in sorted(folder.glob("*.toml")))}


@cache
def bundled_frames() -> Mapping[str, Frame]:
    """The frames shipped with the program (resources/frames), loaded once per process."""
    return load_frames(resource_path("frames"))


def known_frames() -> tuple[Frame, ...]:
    """The bundled frames, for code that matches names against every frame (import, indicator library)."""
    return tuple(bundled_frames().values())
