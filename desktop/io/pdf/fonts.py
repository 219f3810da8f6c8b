"""The CJK font embedded in printed forms, its glyph widths and its glyph coverage.

A form is printed, signed and stamped on whatever PC the clerk has, so the font is embedded (a TrueType subset):
the system 宋体 where Windows has it, otherwise the bundled WenQuanYi Micro Hei (Apache-2.0, licence beside it).
reportlab never falls back per character, so every text is checked against the font before it is drawn; a missing
character is reported and printed as a visible box instead of vanishing.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError

from desktop.io.exporting import ExportFailed
from desktop.io.pdf.font_face import bulk_ttfont
from desktop.resources import resource_path

BUNDLED_FONT = ("fonts", "wqy-microhei.ttc")
MISSING_MARK = "□"
_SYSTEM_NAMES = ("simsun.ttc", "simsun.ttf")
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")  # pasted from web pages/Word; nothing to print


def _windows_font_dirs() -> list[Path]:
    dirs = []
    for var in ("WINDIR", "SystemRoot"):
        root = os.environ.get(var)
        if root:
            dirs.append(Path(root) / "Fonts")
    local = os.environ.get("LOCALAPPDATA")
    if local:
        # Fonts installed "for this user only" on Windows 10+ live here, not under %WINDIR%.
        dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    return dirs


def find_cjk_font() -> Path:
    """The font file to embed: system 宋体 (simsun.ttc / simsun.ttf) when present, else the bundled font.

    Raises ExportFailed (Chinese message) when neither exists, e.g. a damaged installation.
    """
    for folder in _windows_font_dirs():
        for name in _SYSTEM_NAMES:
            candidate = folder / name
            if candidate.is_file():
                return candidate
    bundled = resource_path(*BUNDLED_FONT)
    if bundled.is_file():
        return bundled
    raise ExportFailed(f"找不到可嵌入 PDF 的中文字体（{bundled}），程序安装可能不完整，请重新安装。")


@dataclass
class PdfFont:
    """A registered TrueType font: its reportlab name, glyph widths (1/1000 em) and coverage."""

    name: str
    path: Path
    _widths: dict[int, int]
    _default_width: int
    _glyphs: dict[int, int]
    _cache: dict[str, float] = field(default_factory=dict)
    _measure: Callable[[str, float], float] | None = None  # reportlab's own, in C with rl_accel: same widths

    def has(self, char: str) -> bool:
        """True when the font has a glyph for `char`."""
        return ord(char) in self._glyphs

    def char_width(self, char: str) -> float:
        """Advance width of one character at size 1 (points per point of font size)."""
        width = self._cache.get(char)
        if width is None:
            width = self._widths.get(ord(char), self._default_width) / 1000.0
            self._cache[char] = width
        return width

    def width(self, text: str, size: float) -> float:
        """Advance width of `text` at `size` points."""
        if self._measure is not None:
            return float(self._measure(text, size))
        return sum(self.char_width(c) for c in text) * size


@cache
def load_font(path: Path) -> PdfFont:
    """Parse and register the font at `path` once per process (~0.05 s for a 5 MB font: see font_face.py)."""
    name = f"JX-{path.stem}"
    try:
        ttf = bulk_ttfont(name, str(path), 0)
    except (TTFError, OSError) as exc:
        raise ExportFailed(f"无法读取字体文件 {path.name}：{exc}") from None
    pdfmetrics.registerFont(ttf)
    face = ttf.face
    return PdfFont(
        name=name,
        path=path,
        _widths=face.charWidths,  # reportlab's own maps, only read (not copied: 35 000 entries each)
        _default_width=int(face.defaultWidth),
        _glyphs=face.charToGlyph,
        _measure=ttf.stringWidth,
    )


_LOADING = threading.Lock()


def default_font() -> PdfFont:
    """The font forms are printed in (see find_cjk_font), parsed and registered once per process (thread-safe)."""
    with _LOADING:
        return load_font(find_cjk_font())


def preload_font() -> None:
    """Parse the print font now; the app runs this in a background thread once its window shows, so the first
    export or print preview does not wait ~0.2 s for it. A font that cannot be read is reported by the export."""
    try:
        default_font()
    except ExportFailed:
        pass


@dataclass
class GlyphCheck:
    """Checks user text against the font and collects one problem per text with missing characters."""

    font: PdfFont
    problems: list[str] = field(default_factory=list)
    _missing_mark: str | None = None
    _present: set[str] = field(default_factory=set)  # characters already found in the font

    def text(self, text: str | None, project: str, what: str) -> str:
        """`text` ready to draw: control characters removed, missing characters reported and shown as □."""
        if not text:
            return ""
        if text.isprintable():  # no control, invisible (format) or line-breaking character: nothing to remove
            cleaned = text
        else:
            cleaned = "".join(
                " " if c == "\t" else c for c in text if c in "\n\t" or (ord(c) >= 32 and c not in _INVISIBLE)
            )
        unknown = set(cleaned).difference(self._present)
        unknown.discard("\n")
        absent = {c for c in unknown if not self.font.has(c)}
        self._present.update(unknown - absent)
        if not absent:
            return cleaned
        missing = [c for c in dict.fromkeys(cleaned) if c in absent]
        shown = cleaned if len(cleaned) <= 30 else cleaned[:30] + "…"
        chars = "”“".join(missing)
        self.problems.append(f"项目“{project}”的{what}“{shown}”中的字符“{chars}”字体中没有，打印时会缺失")
        mark = self._mark()
        return "".join(mark if c in missing else c for c in cleaned)

    def _mark(self) -> str:
        if self._missing_mark is None:
            self._missing_mark = MISSING_MARK if self.font.has(MISSING_MARK) else "?"
        return self._missing_mark
