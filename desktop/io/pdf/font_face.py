"""reportlab's TrueType font, with its three large tables read in bulk.

reportlab reads a font's character map, glyph widths and glyph offsets one number at a time in Python: ~0.25 s for
the 5 MB CJK font every export embeds, the largest single cost of a short export. `BulkFace` lets reportlab read the
small tables itself and then reads `cmap` (format 4, the one Chinese system and bundled fonts use), `hmtx` and
`loca` with one `struct.unpack_from` each, filling exactly the attributes reportlab fills, with the same values (the
tests compare every one of them and a whole PDF against reportlab's own parse). Any other layout of those tables,
or a table that does not read cleanly, is left to reportlab's reader, errors included.
"""

from __future__ import annotations

import gc
import struct
from collections import Counter
from collections.abc import Sequence
from fnmatch import fnmatch
from typing import Any
from weakref import WeakKeyDictionary

from reportlab import rl_config
from reportlab.pdfbase.ttfonts import TTEncoding, TTFont, TTFontFace


class _NotBulk(Exception):
    """The font's tables are laid out in a way only reportlab's own reader handles."""


class BulkFace(TTFontFace):  # type: ignore[misc]  # reportlab is untyped
    """A TrueType face whose `cmap`, `hmtx` and `loca` are read in bulk (see the module docstring)."""

    def extractInfo(self, charInfo: int = 1) -> None:  # reportlab's name and signature
        """reportlab's extractInfo, the glyph tables read in bulk when their layout allows it."""
        super().extractInfo(0)  # names, head, OS/2, post, hhea, maxp: reportlab's own reading and checks
        if not charInfo:
            return
        # ~150 000 small objects that hold no cycles: the cyclic collector would walk them again and again (2× slower)
        collecting = gc.isenabled()
        gc.disable()
        try:
            self._glyph_tables()
        except (_NotBulk, struct.error, KeyError, IndexError):
            super().extractInfo(charInfo)
        finally:
            if collecting:
                gc.enable()

    def __getattr__(self, name: str) -> Any:
        """`glyphToChar`, reportlab's glyph → characters map, made on first use from the map the parse kept."""
        pending = self.__dict__.get("_reverse_map")
        if name != "glyphToChar" or pending is None:
            raise AttributeError(name)
        self.glyphToChar = _glyph_to_char(*pending)
        del self._reverse_map
        return self.glyphToChar

    def _ushort(self, pos: int) -> int:
        value: int = struct.unpack_from(">H", self._ttf_data, pos)[0]
        return value

    def _glyph_tables(self) -> None:
        data: bytes = self._ttf_data
        head = self.table["head"]["offset"]
        index_to_loc, glyph_format = struct.unpack_from(">hh", data, head + 50)
        if glyph_format != 0 or index_to_loc not in (0, 1):
            raise _NotBulk
        metrics_count = self._ushort(self.table["hhea"]["offset"] + 34)
        glyph_count: int = self.numGlyphs
        if not 0 < metrics_count <= glyph_count:
            raise _NotBulk
        chars, glyphs = self._cmap(data)
        char_to_glyph = dict(zip(chars, glyphs, strict=True))
        each_char_once = len(char_to_glyph) == len(chars)

        # hmtx: an advance and a left side bearing per metric, then only bearings (the last advance applies)
        hmtx = self.table["hmtx"]["offset"]
        pairs = struct.unpack_from(f">{2 * metrics_count}H", data, hmtx)
        tail = struct.unpack_from(f">{glyph_count - metrics_count}H", data, hmtx + 4 * metrics_count)
        advances = pairs[0::2]
        # reportlab's scale (self._pdfScale): x * (1000 / unitsPerEm), or x itself at 1000 units per em
        per_unit = 1000 / self.unitsPerEm
        scaled: Sequence[Any] = advances if self.unitsPerEm == 1000 else _Scaled(advances, per_unit)
        last = scaled[-1]
        # reportlab keeps the unscaled advance for the first part and the scaled last one for the rest
        self.hmetrics = _Metrics(pairs, tail, last)
        self.defaultWidth = scaled[0]
        widths: dict[int, Any]
        if each_char_once and self.unitsPerEm == 1000:
            widths = {
                c: advances[g] if g < metrics_count else last for c, g in char_to_glyph.items() if g < glyph_count
            }
        elif each_char_once:
            widths = {
                c: advances[g] * per_unit if g < metrics_count else last
                for c, g in char_to_glyph.items()
                if g < glyph_count
            }
        else:  # reportlab's order: by glyph, a later glyph's width winning for a character mapped twice
            widths = {}
            glyph_to_char = _glyph_to_char(chars, glyphs)
            for glyph in sorted(g for g in glyph_to_char if g < glyph_count):
                width = scaled[glyph] if glyph < metrics_count else last
                for char in glyph_to_char[glyph]:
                    widths[char] = width
        self.charWidths = widths
        # The reverse map only serves reportlab's text shaping, which forms do not use: made when first asked for.
        self._reverse_map = (chars, glyphs)

        # loca: where each glyph's outline starts
        if "loca" not in self.table:
            raise _NotBulk
        loca = self.table["loca"]["offset"]
        if index_to_loc == 0:
            self.glyphPos = _Offsets(struct.unpack_from(f">{glyph_count + 1}H", data, loca), 1)
            self._pos = loca + 2 * (glyph_count + 1)
        else:
            self.glyphPos = _Offsets(struct.unpack_from(f">{glyph_count + 1}L", data, loca), 0)
            self._pos = loca + 4 * (glyph_count + 1)
        self.charToGlyph = char_to_glyph
        if 0x20 in char_to_glyph:
            char_to_glyph[0xA0] = char_to_glyph[0x20]
            widths[0xA0] = widths[0x20]
        elif 0xA0 in char_to_glyph:
            char_to_glyph[0x20] = char_to_glyph[0xA0]
            widths[0x20] = widths[0xA0]

    def _cmap(self, data: bytes) -> tuple[list[int], list[int]]:
        """The Unicode map reportlab would choose (the same subtable): characters and their glyphs, in reportlab's
        order (a character listed twice is mapped twice, the later winning)."""
        cmap = self.table["cmap"]["offset"]
        version, count = struct.unpack_from(">HH", data, cmap)
        if count == 0 and version != 0:
            count = version
        chosen: int | None = None
        enc = 0
        for n in range(count):
            platform, encoding, offset = struct.unpack_from(">HHL", data, cmap + 4 + 8 * n)
            if platform == 3:
                enc, chosen = 1, offset
            elif platform == 1 and encoding == 0 and enc != 1:
                enc, chosen = 2, offset
            elif platform == 1 and encoding == 1:
                enc, chosen = 1, offset
            elif platform == 0 and encoding != 5:
                enc, chosen = 1, offset
        if chosen is None:
            raise _NotBulk
        table = cmap + chosen
        fmt = self._ushort(table)
        pairs: Sequence[tuple[Sequence[int], Sequence[int]]]
        if fmt == 4:
            pairs = _segments_format4(data, table)
        elif fmt == 12:
            pairs = _groups_format12(data, table)
        else:
            raise _NotBulk
        chars: list[int] = []
        glyphs: list[int] = []
        for segment_chars, segment_glyphs in pairs:
            chars.extend(segment_chars)
            glyphs.extend(segment_glyphs)
        return chars, glyphs


class _Table(Sequence[Any]):
    """A read-only list of a font table's entries, each made when read: only the glyphs a PDF embeds are ever read
    (by reportlab's subsetting), so the ~50 000 entries are not all made up front. Equal to the list it stands for."""

    def _entry(self, index: int) -> Any:
        raise NotImplementedError

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self._entry(i) for i in range(len(self))[index]]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._entry(index)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]  # a list's equality, a list's unhashability


class _Metrics(_Table):
    """reportlab's `hmetrics`: (advance, left side bearing) per glyph; the glyphs past the advances' list repeat
    the last advance, scaled as reportlab leaves it."""

    def __init__(self, pairs: Sequence[int], tail: Sequence[int], last: Any) -> None:
        self._pairs, self._tail, self._last = pairs, tail, last
        self._count = len(pairs) // 2

    def __len__(self) -> int:
        return self._count + len(self._tail)

    def _entry(self, index: int) -> Any:
        if index < self._count:
            return (self._pairs[2 * index], self._pairs[2 * index + 1])
        return (self._last, self._tail[index - self._count])


class _Offsets(_Table):
    """reportlab's `glyphPos`: where each glyph's outline starts (short offsets are stored halved)."""

    def __init__(self, raw: Sequence[int], shift: int) -> None:
        self._raw, self._shift = raw, shift

    def __len__(self) -> int:
        return len(self._raw)

    def _entry(self, index: int) -> Any:
        return self._raw[index] << self._shift


class _Scaled(Sequence[float]):
    """Advance widths in reportlab's 1/1000 em, computed when read (reportlab's scale: x * (1000 / unitsPerEm))."""

    def __init__(self, advances: Sequence[int], per_unit: float) -> None:
        self._advances = advances
        self._per_unit = per_unit

    def __len__(self) -> int:
        return len(self._advances)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [a * self._per_unit for a in self._advances[index]]
        return self._advances[index] * self._per_unit


def _glyph_to_char(chars: Sequence[int], glyphs: Sequence[int]) -> dict[int, list[int]]:
    """reportlab's glyphToChar: each glyph's characters in map order (a character listed twice, twice)."""
    # Built whole rather than pair by pair: a glyph usually has one character; those with more are redone.
    glyph_to_char = {glyph: [char] for char, glyph in zip(chars, glyphs, strict=True)}
    if len(glyph_to_char) != len(glyphs):
        shared = {glyph for glyph, count in Counter(glyphs).items() if count > 1}
        for glyph in shared:
            glyph_to_char[glyph] = []
        for char, glyph in zip(chars, glyphs, strict=True):
            if glyph in shared:
                glyph_to_char[glyph].append(char)
    return glyph_to_char


def _segments_format4(data: bytes, table: int) -> list[tuple[range, list[int]]]:
    """The characters and glyphs of each segment of a format-4 subtable (16-bit segments)."""
    length, _, seg_x2 = struct.unpack_from(">HHH", data, table + 2)
    segments = seg_x2 // 2
    ends = struct.unpack_from(f">{segments}H", data, table + 14)
    starts = struct.unpack_from(f">{segments}H", data, table + 16 + 2 * segments)
    deltas = struct.unpack_from(f">{segments}h", data, table + 16 + 4 * segments)
    range_start = table + 16 + 6 * segments
    range_offsets = struct.unpack_from(f">{segments}H", data, range_start)
    limit = table + length
    pairs: list[tuple[range, list[int]]] = []
    for n in range(segments):
        start, end, delta, range_offset = starts[n], ends[n], deltas[n], range_offsets[n]
        chars = range(start, end + 1)
        if not chars:
            continue
        if range_offset == 0:
            glyphs = [(c + delta) & 0xFFFF for c in chars]
        else:
            base = range_start + 2 * n + range_offset
            inside = max(0, min(len(chars), (limit - base + 1) // 2))  # reportlab reads 0 at or past the end
            raw = struct.unpack_from(f">{inside}H", data, base)
            glyphs = [(g + delta) & 0xFFFF if g else 0 for g in raw]
            glyphs += [0] * (len(chars) - inside)
        pairs.append((chars, glyphs))
    return pairs


def _groups_format12(data: bytes, table: int) -> list[tuple[range, range]]:
    """The characters and glyphs of each group of a format-12 subtable (32-bit groups, consecutive glyphs)."""
    count: int = struct.unpack_from(">L", data, table + 12)[0]
    values = struct.unpack_from(f">{3 * count}L", data, table + 16)
    pairs: list[tuple[range, range]] = []
    for n in range(count):
        start, end, first = values[3 * n : 3 * n + 3]
        chars = range(start, end + 1)
        pairs.append((chars, range(first, first + len(chars))))
    return pairs


def bulk_ttfont(name: str, filename: str, subfont_index: int = 0) -> TTFont:
    """reportlab's `TTFont(name, filename, subfontIndex=…)`, its face read by BulkFace: what TTFont.__init__ sets,
    set the same way (tests/test_pdf_font_face.py holds the two side by side)."""
    font: TTFont = TTFont.__new__(TTFont)
    font.fontName = name
    font.face = BulkFace(filename, validate=0, subfontIndex=subfont_index)
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, pattern) for pattern in rl_config.unShapedFontGlob)
    return font
