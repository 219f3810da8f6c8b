"""The hidden `_jixiao` sheet: the exact workbook data inside our own Excel export.

The visible sheets show what the forms print (amounts as numbers, text cleaned of characters Excel cannot hold,
indicators in frame order), which cannot always be read back exactly. So the export also stores the interchange
JSON (spec/INTERCHANGE.md) in a very hidden sheet, cut into cells below Excel's 32 767-character limit, with a
checksum, and a fingerprint of every visible sheet's values. On import:

- the JSON is used only when its checksum matches, and
- a project is taken from the JSON only when its visible sheet still has the fingerprint it was exported with;
  a sheet another unit edited is read by its labels instead, so their edits are never silently dropped.

Rows of the sheet (column A says what the row is):
  `jixiao-xlsx | 1 | note`  ·  `json | sha256 | chunk count`  ·  `chunk | text` (in order)  ·
  `sheet | project number (0 for the list and data sheets) | sheet title | fingerprint`
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from openpyxl.workbook.workbook import Workbook as XlWorkbook

from desktop.domain.model import Workbook
from desktop.io import bounded_json
from desktop.io.interchange import InterchangeError, workbook_from_json, workbook_to_json

EMBED_SHEET = "_jixiao"
MARKER = "jixiao-xlsx"
EMBED_VERSION = 1
# Excel's cell limit is 32 767 UTF-16 units; 16 000 characters stay under it even if every one needs two.
CHUNK = 16_000
_NOTE = "此工作表由“绩效目标填报”程序生成，保存完整数据以便导回程序，请勿修改。"
# JSON leaves these raw with ensure_ascii=False, but XML cannot hold them: write them as \\u escapes.
_XML_UNSAFE = re.compile("[\ud800-\udfff\ufffe\uffff]")


class EmbedDamaged(ValueError):
    """The hidden sheet is there but cannot be trusted (edited, cut short, or not ours)."""


@dataclass(frozen=True)
class SheetEntry:
    """One visible sheet as exported: which project it shows (0: a generated list) and its fingerprint."""

    project: int
    title: str
    fingerprint: str


@dataclass(frozen=True)
class Embedded:
    """What the hidden sheet holds: the exact workbook and the visible sheets it was exported with."""

    workbook: Workbook
    sheets: tuple[SheetEntry, ...]


def _canonical(value: object) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return "s" + value.replace("\r\n", "\n").replace("\r", "\n")
    if isinstance(value, bool):
        return "b" + str(value)
    if isinstance(value, int | float):
        # Excel may write 29.55 back as 29.550000000000001: the same double, so the same fingerprint.
        return "n" + repr(float(value))
    if isinstance(value, datetime | date | time):
        return "d" + value.isoformat()
    return "o" + str(value)


def fingerprint(rows: Iterable[Sequence[object]]) -> str:
    """A fingerprint of a sheet's cell values (not styles): changes when any value is added, edited or moved."""
    digest = hashlib.sha256()
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            text = _canonical(value)
            if text is not None:
                digest.update(f"{r},{c},{text}\x1e".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _compact_json(workbook: Workbook) -> str:
    text = json.dumps(workbook_to_json(workbook), ensure_ascii=False, separators=(",", ":"))
    return _XML_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def write_embedded(book: XlWorkbook, workbook: Workbook, sheets: Sequence[SheetEntry]) -> None:
    """Add the very hidden `_jixiao` sheet holding `workbook` exactly and the fingerprints of `sheets`."""
    ws = book.create_sheet(EMBED_SHEET)
    ws.sheet_state = "veryHidden"
    text = _compact_json(workbook)
    chunks = [text[i : i + CHUNK] for i in range(0, len(text), CHUNK)]
    rows: list[list[object]] = [
        [MARKER, EMBED_VERSION, _NOTE],
        ["json", hashlib.sha256(text.encode("utf-8")).hexdigest(), len(chunks)],
    ]
    rows.extend(["chunk", chunk] for chunk in chunks)
    rows.extend(["sheet", entry.project, entry.title, entry.fingerprint] for entry in sheets)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # a chunk may start with "=" like any other text


def read_embedded(rows: Iterable[Sequence[object]]) -> Embedded:
    """Read the hidden sheet's rows back; raises EmbedDamaged when anything does not check out."""
    header: Sequence[object] | None = None
    checksum: str | None = None
    count: object = None
    chunks: list[str] = []
    entries: list[SheetEntry] = []
    for row in rows:
        kind = row[0] if row else None
        cells = list(row) + [None] * 4
        if header is None:
            if kind != MARKER:
                raise EmbedDamaged("隐藏数据表不是本程序写的")
            header = row
            if cells[1] != EMBED_VERSION:
                raise EmbedDamaged(f"隐藏数据表的版本（{cells[1]}）不是本程序能读的")
        elif kind == "json":
            checksum, count = str(cells[1]), cells[2]
        elif kind == "chunk":
            chunks.append(cells[1] if isinstance(cells[1], str) else "")
        elif kind == "sheet":
            project, title, mark = cells[1], cells[2], cells[3]
            if not isinstance(project, int) or not isinstance(title, str) or not isinstance(mark, str):
                raise EmbedDamaged("隐藏数据表中的工作表清单已损坏")
            entries.append(SheetEntry(project, title, mark))
    if header is None or checksum is None:
        raise EmbedDamaged("隐藏数据表不完整")
    text = "".join(chunks)
    if count != len(chunks) or hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest() != checksum:
        raise EmbedDamaged("隐藏数据表的内容与校验码不符（可能被修改或截断）")
    try:
        data = bounded_json.loads(text, what="隐藏数据表")
    except bounded_json.BoundedJsonError as exc:
        from desktop.io.importing import ImportFailed  # the reader's failure; an export never gets here

        # The checksum matched, so this is what the file's maker wrote: hostile or broken on purpose, not damage to
        # work around by reading the visible sheets.
        raise ImportFailed(str(exc)) from None
    try:
        workbook = workbook_from_json(data)
    except (ValueError, InterchangeError) as exc:
        raise EmbedDamaged(f"隐藏数据表中的数据无法读取：{exc}") from None
    return Embedded(workbook, tuple(entries))
