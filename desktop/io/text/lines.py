"""Text imports, first step: bytes → text → rows of cells.

Tables copied from Excel, WPS or Word arrive as tab-separated lines (merged cells become empty cells); text
extracted from a published PDF looks the same, with two kinds of damage this module repairs once for every later
step: a space wherever a table cell wrapped onto a new line (removed between two CJK characters, kept next to
digits, Latin letters and ASCII punctuation), and Markdown decoration some extraction tools add (`## 标题`,
`| a | b |` tables). Excel quotes a cell holding line breaks (`"第一行\n第二行"`); such cells are read whole. A
CSV file is read the same way with commas for tabs.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from desktop.domain.damage import has_html, strip_html
from desktop.io.importing import ImportFailed

__all__ = ["has_html", "strip_html"]  # also used by the importer from here

MAX_TEXT_BYTES = 32 * 1024 * 1024
MAX_CELL_CHARS = 20_000

CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\u2018\u2019\u201c\u201d"
_WRAP_SPACE = re.compile(f"(?<=[{CJK}/]) +(?=[{CJK}])")
_SPACES = re.compile(r"[ \u00a0\u2002\u2003\u2009\u3000]")
_HEADING = re.compile(r"^#{1,6}\s+")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_PIPE_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_ENUMERATED = re.compile(
    r"^\s*(?:[（(]\s*[0-9一二三四五六七八九十]+\s*[)）]|[0-9一二三四五六七八九十]+\s*[、.．)）](?![0-9])"
    r"|第[0-9一二三四五六七八九十]+[部章节条]|目标\s*[0-9一二三四五六七八九十]+)"
)
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4})\s*$"
)
_ARTEFACT = re.compile(r"^[.。…·•\-—–_/\\*\s]+$")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")


@dataclass(frozen=True)
class Row:
    """One table row (usually one line) of the source: its cells cleaned, and as printed for reports."""

    line_no: int
    cells: tuple[str, ...]
    raw: tuple[str, ...]
    text: str

    @property
    def tabbed(self) -> bool:
        """True when the line was split into cells (a table row rather than a line of prose)."""
        return len(self.cells) > 1

    def filled(self) -> list[tuple[int, str]]:
        """The non-empty cells with their positions."""
        return [(i, c) for i, c in enumerate(self.cells) if c]

    def is_blank(self) -> bool:
        """True when no cell has any text."""
        return not any(self.cells)

    def joined(self) -> str:
        """All non-empty cells joined by one space (for lines read as prose: titles, years, unit lines)."""
        return " ".join(c for c in self.cells if c)


def decode(data: bytes, source_name: str) -> str:
    """Decode a text file: UTF-8 (with or without BOM), UTF-16 (with BOM, or without one when its zero bytes say
    so), else GB18030 (Windows Chinese).

    Raises ImportFailed with a Chinese message for binary data (NUL bytes, control characters) or text in no
    known encoding, so that an .xlsx or .pdf renamed to .txt is refused instead of read as garbage.
    """
    if len(data) > MAX_TEXT_BYTES:
        raise ImportFailed(f"{source_name} 太大（超过 {MAX_TEXT_BYTES // 1024 // 1024} MB），不像是复制的表格文字。")
    if data.startswith(b"\xef\xbb\xbf"):
        return _checked(data[3:], "utf-8", source_name)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _checked(data, "utf-16", source_name)
    if b"\x00" in data:
        bare = _bare_utf16(data)
        if bare is None:
            raise ImportFailed(_binary_message(data, source_name))
        return _checked(data, bare, source_name)
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return _checked_text(text, data, source_name)
    raise ImportFailed(
        f"{source_name} 不是可识别的文本（既不是 UTF-8 也不是 GBK/GB18030 编码）。请另存为 UTF-8 文本后再导入。"
    )


def _bare_utf16(data: bytes) -> str | None:
    """The codec of UTF-16 saved without its BOM (`utf-16-le` or `utf-16-be`), else None: in such text every tab,
    line break, digit and Latin letter has its zero byte on the same side, which binary data does not."""
    if len(data) % 2 or len(data) < 4:
        return None
    zeros_odd = data[1::2].count(0)
    zeros_even = data[0::2].count(0)
    enough = max(2, len(data) // 40)
    # A few CJK characters (一 U+4E00) have a zero low byte, so the other side is allowed a few zeros.
    if zeros_odd >= enough and zeros_even * 10 <= zeros_odd:
        return "utf-16-le"
    if zeros_even >= enough and zeros_odd * 10 <= zeros_even:
        return "utf-16-be"
    return None


def _checked(data: bytes, encoding: str, source_name: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        raise ImportFailed(f"{source_name} 的文字编码已损坏，无法读取。请重新复制表格并另存为 UTF-8 文本。") from None
    return _checked_text(text, data, source_name)


def _checked_text(text: str, data: bytes, source_name: str) -> str:
    if text.count("\x00") or len(_CONTROL.findall(text)) > max(8, len(text) // 200):
        raise ImportFailed(_binary_message(data, source_name))
    return text


def _binary_message(data: bytes, source_name: str) -> str:
    kind = ""
    if data.startswith(b"PK"):
        kind = "（看起来是 Excel/Word 文件）"
    elif data.startswith(b"%PDF"):
        kind = "（看起来是 PDF 文件）"
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        kind = "（看起来是旧版 Excel/Word 文件）"
    return (
        f"{source_name} 不是文本文件{kind}。请在 Excel/WPS/Word 中打开，选中表格复制，"
        "粘贴到记事本另存为 .txt 后再导入；Excel 文件也可另存为 .xlsx 直接导入。"
    )


def clean_cell(text: str) -> str:
    """A cell as stored: trimmed, wrap spaces between CJK characters removed, other spaces kept as printed."""
    text = _SPACES.sub(" ", text.replace("\x0b", "\n"))
    text = "\n".join(_WRAP_SPACE.sub("", part).strip() for part in text.split("\n"))
    return text.strip()


def join_wrapped(first: str, more: str) -> str:
    """Two pieces of one cell split across lines or pages, joined as the printed cell reads."""
    if not first:
        return more
    if not more:
        return first
    if _ENUMERATED.match(more):
        return f"{first}\n{more}"
    return clean_cell(f"{first} {more}")


def join_pieces(pieces: list[str]) -> str:
    """Several pieces of one cell joined as `join_wrapped` joins two, in one pass (a row of many cells)."""
    parts: list[str] = []
    for piece in pieces:
        if not piece:
            continue
        if parts:
            parts.append("\n" if _ENUMERATED.match(piece) else " ")
        parts.append(piece)
    return clean_cell("".join(parts))


def fits(first: str | None, more: str) -> bool:
    """True when a piece may still be joined to a cell: continued cells stop at MAX_CELL_CHARS characters, which
    keeps a document of endless continuation lines from taking quadratic time."""
    return len(first or "") + len(more) <= MAX_CELL_CHARS


def label_key(text: str) -> str:
    """A label as compared: full-width forms folded (`：（）` → `:()`), no spaces, no trailing colon, no leading
    asterisk (entry sheets mark required fields `*项目名称`)."""
    folded = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", "", folded).lstrip("*※").rstrip(":")


def is_enumerated(text: str) -> bool:
    """True for text that starts like a numbered paragraph or heading (`2.`, `（三）`, `目标1`)."""
    return _ENUMERATED.match(text) is not None


def is_page_number(text: str) -> bool:
    """True for a page number or page footer left between table rows (`- 12 -`, `第 3 页 共 9 页`)."""
    return _PAGE_NUMBER.match(text) is not None


def is_artefact(text: str) -> bool:
    """True for a cell holding only dots, dashes or similar marks (`...`, `……`): an extraction artefact."""
    return _ARTEFACT.match(text) is not None


def split_rows(text: str, delimiter: str = "\t") -> list[Row]:
    """The rows of a text: one per line, cells split at tabs (or at `|` for Markdown tables).

    `delimiter=","` reads a CSV file (Excel's "CSV（逗号分隔）"): commas split cells, quoted cells may hold commas.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    lines = text.split("\n")
    rows: list[Row] = []
    index = 0
    while index < len(lines):
        start = index
        raw_cells, index = _read_record(lines, index, delimiter)
        shown = "\n".join(lines[start:index]) if index - start > 1 else lines[start]
        rows.append(_make_row(start + 1, raw_cells, shown))
    return rows


def _read_record(lines: list[str], index: int, delimiter: str) -> tuple[list[str], int]:
    """Cells of the record starting at `lines[index]`, and the index of the next record's line."""
    line = lines[index]
    if delimiter == "\t" and "\t" not in line and line.count("|") >= 2 and line.lstrip().startswith("|"):
        if _PIPE_RULE.match(line):
            return [""], index + 1
        inner = line.strip()
        inner = inner[1:] if inner.startswith("|") else inner
        inner = inner[:-1] if inner.endswith("|") else inner
        return inner.split("|"), index + 1
    if '"' not in line:
        return line.split(delimiter), index + 1
    cells: list[str] = []
    buffer = line
    pos = 0
    current = index
    while True:
        if buffer.startswith('"', pos):
            quoted = _quoted_cell(lines, current, buffer, pos, delimiter)
            if quoted is not None:
                value, current, buffer, pos = quoted
                cells.append(value)
                if pos >= len(buffer):
                    return cells, current + 1
                pos += 1  # the delimiter after the closing quote
                continue
        tab = buffer.find(delimiter, pos)
        if tab < 0:
            cells.append(buffer[pos:])
            return cells, current + 1
        cells.append(buffer[pos:tab])
        pos = tab + 1


def _quoted_cell(
    lines: list[str], current: int, buffer: str, pos: int, delimiter: str
) -> tuple[str, int, str, int] | None:
    """An Excel-quoted cell (`"a""b\nc"`) starting at `buffer[pos]`, or None when the quote is just text.

    Excel doubles every quote inside such a cell and ends it right before the delimiter or the line end; anything else
    (a PDF's `"一站式"即时结算`) is plain text. A quoted cell may span at most 50 lines.
    """
    parts: list[str] = []
    i = pos + 1
    line_index = current
    while True:
        quote = buffer.find('"', i)
        if quote < 0:
            parts.append(buffer[i:])
            if line_index + 1 >= len(lines) or line_index - current >= 50:
                return None
            parts.append("\n")
            line_index += 1
            buffer = lines[line_index]
            i = 0
            continue
        parts.append(buffer[i:quote])
        if buffer.startswith('"', quote + 1):
            parts.append('"')
            i = quote + 2
            continue
        after = quote + 1
        while after < len(buffer) and buffer[after] == " ":
            after += 1  # spaces after the closing quote (a hand-edited CSV)
        if after >= len(buffer) or buffer[after] == delimiter:
            return "".join(parts), line_index, buffer, after
        return None


def _make_row(line_no: int, raw_cells: list[str], shown: str) -> Row:
    # Zero-width characters (left by web pages and some PDF tools) would split labels invisibly.
    raw = [strip_html(_INVISIBLE.sub("", c)).strip() for c in raw_cells]
    if raw:
        raw[0] = _HEADING.sub("", raw[0])
    raw = [_BOLD.sub(r"\1", c) for c in raw]
    cells = tuple(clean_cell(c) for c in raw)
    return Row(line_no=line_no, cells=cells, raw=tuple(_SPACES.sub(" ", c) for c in raw), text=shown.rstrip())
