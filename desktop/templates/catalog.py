"""Every layout the program knows: the bundled ones and those the clerk dropped into the user folder.

A province is added by putting its layout file into the `版式` folder beside the default workbook (home.py); it is
read at the next start (or the next time a layout is looked up), no rebuild. A broken user file never stops the
program: it is skipped and its Chinese message kept in `LayoutCatalog.problems` for the window and `jixiao
templates` to show.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from desktop.home import user_layouts_dir
from desktop.os_errors import os_error_reason
from desktop.templates.layouts import (
    Layout,
    LayoutError,
    bundled_layout,
    bundled_layout_ids,
    bundled_layouts,
    load_layout,
)

_Signature = tuple[tuple[str, int, int], ...]


@dataclass(frozen=True)
class LayoutCatalog:
    """The user's layouts by id (in file-name order) and the user files skipped, why; `layouts` adds the bundled ones.

    The bundled layouts are read when `layouts` is first asked for, not to find the user files' problems: the window
    reports those at start-up, when it has read only the layout of the project on screen (`layouts.bundled_layout`).
    """

    user_layouts: Mapping[str, Layout]
    problems: tuple[str, ...] = ()
    user_folder: Path | None = None

    @cached_property
    def layouts(self) -> Mapping[str, Layout]:
        """Every usable layout by id: bundled first, then the user's."""
        return {**bundled_layouts(), **self.user_layouts}


def _signature(folder: Path) -> _Signature:
    try:
        files = sorted(folder.glob("*.toml"))
        return tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in files)
    except OSError:
        return ()


@lru_cache(maxsize=8)
def _load(folder: Path, signature: _Signature) -> LayoutCatalog:
    bundled = bundled_layout_ids() if signature else frozenset()
    layouts: dict[str, Layout] = {}
    problems: list[str] = []
    for name, _, _ in signature:
        path = folder / name
        try:
            layout = load_layout(path)
        except LayoutError as exc:
            problems.append(f"{exc}。此版式已跳过，请改正后重新启动程序。")
            continue
        except OSError as exc:  # pragma: no cover - load_layout reports read errors itself; belt and braces
            problems.append(f"无法读取版式文件 {name}：{os_error_reason(exc)}")
            continue
        if layout.id in bundled or layout.id in layouts:
            problems.append(f"版式文件 {name} 的 id“{layout.id}”与已有版式重名，已跳过：请为它改用新的 id 和文件名。")
            continue
        layouts[layout.id] = layout
    return LayoutCatalog(layouts, tuple(problems), folder)


def layout_catalog(folder: Path | None = None) -> LayoutCatalog:
    """The layouts known now: bundled plus the user folder's (`folder`, by default the `版式` folder).

    The user folder is read again whenever its files change, so a dropped file counts without a restart.
    """
    folder = folder if folder is not None else user_layouts_dir()
    return _load(folder, _signature(folder))


def available_layouts() -> Mapping[str, Layout]:
    """Every usable layout by id (bundled, then the user's)."""
    return layout_catalog().layouts


def get_layout(layout_id: str) -> Layout:
    """A layout by id; raises LayoutError with a Chinese message for an unknown id."""
    shipped = bundled_layout(layout_id)
    if shipped is not None:  # a shipped layout always wins over a user file with the same id
        return shipped
    layouts = available_layouts()
    if layout_id not in layouts:
        raise LayoutError(f"没有名为“{layout_id}”的版式，可用：{'、'.join(layouts)}")
    return layouts[layout_id]
