"""The print font read in bulk (pdf/font_face.py) is reportlab's font exactly: every table it fills holds what
reportlab's own reader puts there, for each layout of the character map, and a whole PDF comes out byte for byte the
same."""

from __future__ import annotations

import io
import struct
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace, TTFontFile

from desktop.io.demo import demo_workbook
from desktop.io.pdf import fonts
from desktop.io.pdf.export import pdf_bytes
from desktop.io.pdf.font_face import BulkFace, bulk_ttfont
from desktop.io.pdf.fonts import BUNDLED_FONT
from desktop.resources import resource_path

FONT = resource_path(*BUNDLED_FONT)


def face_facts(face: Any) -> dict[str, Any]:
    """Everything a face holds but the scale function (a new lambda per parse) and the raw bytes (same file)."""
    assert face.glyphToChar  # BulkFace makes it when first asked for, as reportlab's shaping would ask
    return {k: v for k, v in vars(face).items() if k not in ("_pdfScale", "_ttf_data")}


def with_cmap_platforms(data: bytes, platforms: dict[tuple[int, int], int]) -> bytes:
    """The font with some encoding records of each subfont's `cmap` given another platform id, so that a reader
    picks another subtable (the bundled font has format 4, 6 and 12 subtables)."""
    font = bytearray(data)
    assert font[:4] == b"ttcf"
    subfonts = struct.unpack_from(">L", font, 8)[0]
    for subfont in struct.unpack_from(f">{subfonts}L", font, 12):
        tables = struct.unpack_from(">H", font, subfont + 4)[0]
        records = [subfont + 12 + 16 * n for n in range(tables)]
        cmap = next(struct.unpack_from(">L", font, r + 8)[0] for r in records if font[r : r + 4] == b"cmap")
        for n in range(struct.unpack_from(">H", font, cmap + 2)[0]):
            platform, encoding = struct.unpack_from(">HH", font, cmap + 4 + 8 * n)
            if (platform, encoding) in platforms:
                struct.pack_into(">H", font, cmap + 4 + 8 * n, platforms[(platform, encoding)])
    return bytes(font)


def chosen_format(face: Any) -> int:
    """The format of the cmap subtable reportlab chose, found again from the face's tables."""
    data = face._ttf_data
    cmap = face.table["cmap"]["offset"]
    chosen = None
    for n in range(struct.unpack_from(">H", data, cmap + 2)[0]):
        platform, encoding, offset = struct.unpack_from(">HHL", data, cmap + 4 + 8 * n)
        if platform == 3 or (platform == 1 and encoding in (0, 1)) or (platform == 0 and encoding != 5):
            chosen = offset
    assert chosen is not None
    return int(struct.unpack_from(">H", data, cmap + chosen)[0])


@pytest.mark.parametrize(
    ("platforms", "fmt"),
    [
        ({}, 12),  # as shipped: the 32-bit map of platform 3, encoding 10
        ({(3, 10): 2}, 4),  # without it: the 16-bit map (what Windows' simsun.ttc has)
        ({(3, 10): 2, (3, 1): 2, (0, 3): 2, (0, 4): 2}, 6),  # a layout read only by reportlab: left to it
    ],
)
def test_every_table_equals_reportlabs_own_reading(
    platforms: dict[tuple[int, int], int], fmt: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = with_cmap_platforms(FONT.read_bytes(), platforms)
    full_readings: list[int] = []  # what BulkFace asked of reportlab's reader: 0 = the small tables only
    reportlab_reading = TTFontFile.extractInfo

    def spy(face: Any, charInfo: int = 1) -> None:
        if isinstance(face, BulkFace):
            full_readings.append(charInfo)
        reportlab_reading(face, charInfo)

    monkeypatch.setattr(TTFontFile, "extractInfo", spy)
    for subfont in (0, 1):
        theirs = TTFontFace(io.BytesIO(data), subfontIndex=subfont)
        full_readings.clear()
        ours = BulkFace(io.BytesIO(data), subfontIndex=subfont)
        assert full_readings == ([0] if fmt in (4, 12) else [0, 1])
        assert chosen_format(theirs) == fmt
        assert face_facts(ours) == face_facts(theirs)
        assert len(ours.charToGlyph) > (20_000 if fmt != 6 else 100)  # the map was read, not left empty


def test_the_font_object_is_set_up_as_reportlab_sets_it() -> None:
    theirs = TTFont("JX-test", str(FONT), subfontIndex=0)
    ours = bulk_ttfont("JX-test", str(FONT), 0)
    assert type(ours) is TTFont
    assert set(vars(ours)) == set(vars(theirs))
    for name in set(vars(theirs)) - {"face", "state", "encoding"}:
        assert getattr(ours, name) == getattr(theirs, name), name
    assert vars(ours.encoding) == vars(theirs.encoding)
    assert ours.stringWidth("绩效目标 2024", 10) == theirs.stringWidth("绩效目标 2024", 10)


def test_a_pdf_is_byte_for_byte_the_one_reportlabs_reading_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    workbook = demo_workbook()
    workbook.projects[:] = workbook.projects[:6]
    fonts.load_font.cache_clear()
    ours, _ = pdf_bytes(workbook)
    monkeypatch.setattr(fonts, "bulk_ttfont", lambda name, path, index: TTFont(name, path, subfontIndex=index))
    fonts.load_font.cache_clear()
    try:
        theirs, _ = pdf_bytes(workbook)
    finally:
        fonts.load_font.cache_clear()
    assert ours == theirs
    assert len(PdfReader(io.BytesIO(ours)).pages) >= 7  # the cover, the list and six forms were drawn


def test_a_damaged_font_is_refused_as_reportlab_refuses_it(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttf"
    broken.write_bytes(FONT.read_bytes()[:5000])
    with pytest.raises(Exception) as theirs:
        TTFont("JX-broken", str(broken))
    with pytest.raises(type(theirs.value)):
        bulk_ttfont("JX-broken", str(broken))


def test_the_tables_read_on_demand_index_like_reportlabs_lists() -> None:
    theirs = TTFontFace(str(FONT), subfontIndex=0)
    ours = BulkFace(str(FONT), subfontIndex=0)
    for name in ("hmetrics", "glyphPos"):
        mine, real = getattr(ours, name), getattr(theirs, name)
        assert len(mine) == len(real) > 30_000
        for index in (0, 1, 1000, len(real) // 2, len(real) - 1, -1, -len(real)):
            assert mine[index] == real[index], (name, index)
        assert mine[5:9] == real[5:9] and mine[-3:] == real[-3:]
        with pytest.raises(IndexError):
            mine[len(real)]


def with_format4_subtable(data: bytes) -> bytes:
    """The bundled font with its format-4 map (platform 3, encoding 1) replaced in place by a small one whose
    segments read glyphs through the glyph array (idRangeOffset), one of them running past the subtable's end, and
    the 32-bit map hidden, so that every reader picks the format-4 map."""
    font = bytearray(with_cmap_platforms(data, {(3, 10): 2, (0, 4): 2}))
    subfonts = struct.unpack_from(">L", font, 8)[0]
    for subfont in struct.unpack_from(f">{subfonts}L", font, 12):
        tables = struct.unpack_from(">H", font, subfont + 4)[0]
        records = [subfont + 12 + 16 * n for n in range(tables)]
        cmap = next(struct.unpack_from(">L", font, r + 8)[0] for r in records if font[r : r + 4] == b"cmap")
        for n in range(struct.unpack_from(">H", font, cmap + 2)[0]):
            platform, encoding, offset = struct.unpack_from(">HHL", font, cmap + 4 + 8 * n)
            if (platform, encoding) != (3, 1):
                continue
            table = cmap + offset
            old_length = struct.unpack_from(">H", font, table + 2)[0]
            starts, ends = (0x20, 0x4E00, 0x5000, 0xFFFF), (0x7E, 0x4E0F, 0x5FFF, 0xFFFF)
            deltas = (3 - 0x20, 5, 7, 1)
            array = [0 if k % 5 == 0 else 200 + k for k in range(16)] + [300 + k for k in range(10)]
            offsets = (0, 2 * 4 - 2 * 1, 2 * 4 - 2 * 2 + 2 * 16, 0)  # from each idRangeOffset entry to its glyphs
            body = struct.pack(">4H", *ends) + b"\0\0" + struct.pack(">4H", *starts)
            body += struct.pack(">4h", *deltas) + struct.pack(">4H", *offsets) + struct.pack(f">{len(array)}H", *array)
            length = 14 + len(body)
            assert length <= old_length
            font[table : table + length] = struct.pack(">7H", 4, length, 0, 8, 8, 2, 0) + body
    return bytes(font)


def test_a_format4_map_read_through_its_glyph_array_equals_reportlabs_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    data = with_format4_subtable(FONT.read_bytes())
    full_readings: list[int] = []
    reportlab_reading = TTFontFile.extractInfo

    def spy(face: Any, charInfo: int = 1) -> None:
        if isinstance(face, BulkFace):
            full_readings.append(charInfo)
        reportlab_reading(face, charInfo)

    monkeypatch.setattr(TTFontFile, "extractInfo", spy)
    theirs = TTFontFace(io.BytesIO(data), subfontIndex=0)
    ours = BulkFace(io.BytesIO(data), subfontIndex=0)
    assert full_readings == [0]  # read in bulk, not left to reportlab
    assert chosen_format(theirs) == 4
    assert face_facts(ours) == face_facts(theirs)
    assert ours.charToGlyph[0x4E01] == 201 + 5 and ours.charToGlyph[0x4E05] == 0  # through the array; a 0 stays 0
    assert ours.charToGlyph[0x5003] == 303 + 7 and ours.charToGlyph[0x5FFF] == 0  # past the subtable's end: 0
