"""Text imports: the lines printed above a form's table — title, year, unit line, 单位：万元, signature lines.

A form's year is printed as `（2024年度）`, damaged by extraction (`(2,023年度)`), typed in full-width digits, or
before the title with the department (`某某局2023年度项目支出绩效目标表`); Hebei numbers its titles and prints the
budget unit on a line of its own, sometimes in one row with `单位：万元`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from desktop.domain.model import OrgUnit
from desktop.io.text.header import FormDraft
from desktop.io.text.labels import Kind, LabelBook, LayoutPatterns, parse_org, patterns
from desktop.io.text.lines import Row, is_page_number, label_key
from desktop.templates.catalog import available_layouts

_YEAR_IN_PARENS = re.compile(r"[（(]\s*(\d[\d,，.\s]{2,8}?)\s*年\s*度?\s*[)）]")
_YEAR_PLAIN = re.compile(r"((?:19|20)\d\d)\s*年")


def find_year(text: str) -> int | None:
    """The budget year printed as `(2024 年度)`, also when damaged as `(2,023年度)` or typed `（２０２３年度）`."""
    found = _YEAR_IN_PARENS.search(unicodedata.normalize("NFKC", text))
    if found is None:
        return None
    digits = re.sub(r"\D", "", found.group(1))
    return int(digits) if len(digits) == 4 and digits[:2] in ("19", "20") else None


def find_plain_year(text: str) -> int | None:
    """A year written `2024 年` / `2024年度` anywhere in a line (document headings, Hebei titles)."""
    found = _YEAR_PLAIN.search(unicodedata.normalize("NFKC", text))
    return int(found.group(1)) if found else None


def preamble_kind(row: Row, book: LabelBook) -> str | None:
    """What a line printed above a form's table is: "title", "year", "unit", "amount_unit", "signature", "page",
    or None. A row of several cells each of which is such a line (`362001 某某局 | 单位：万元`) is the first one's kind.
    """
    parts = preamble_parts(row, book)
    return parts[0][0] if parts else None


def preamble_parts(row: Row, book: LabelBook) -> list[tuple[str, Row]]:
    """The row as preamble lines with their kinds: the whole row, or else each of its cells; [] when not preamble."""
    return list(_preamble_parts(row, book))


@lru_cache(maxsize=8192)
def _preamble_parts(row: Row, book: LabelBook) -> tuple[tuple[str, Row], ...]:
    # Asked of every row several times (form bounds, header, table): remembered for the rows recently seen.
    return tuple(_parts(row, book))


def _parts(row: Row, book: LabelBook) -> list[tuple[str, Row]]:
    kind = _line_kind(row, book)
    if kind is not None:
        return [(kind, row)]
    if not row.tabbed:
        return []
    parts: list[tuple[str, Row]] = []
    for pos, cell in row.filled():
        single = Row(line_no=row.line_no, cells=(cell,), raw=(row.raw[pos],), text=row.text)
        kind = _line_kind(single, book)
        if kind is None:
            return []
        parts.append((kind, single))
    return parts


def _line_kind(row: Row, book: LabelBook) -> str | None:
    if row.is_blank():
        return None
    line = row.joined()
    if find_year(line) is not None and len(label_key(line)) <= 16:
        return "year"
    for layout_id in available_layouts():
        pats = patterns(layout_id)
        if any(t.match(line) for t in pats.titles):
            return "title"
        if pats.unit_line is not None and not row.tabbed and pats.unit_line.match(line):
            return "unit"
        if pats.amount_unit_line is not None and label_key(line) == pats.amount_unit_line:
            return "amount_unit"
    if is_page_number(line):
        return "page"
    hits = [book.match(raw, cell) for raw, cell in zip(row.raw, row.cells, strict=True) if cell]
    if hits and all(h is not None and h.spec.kind in (Kind.SIGNATURE, Kind.FILLER) for h in hits):
        return "signature"
    return None


def read_preamble(rows: list[Row], draft: FormDraft, book: LabelBook) -> None:
    """Read the lines above the table: title (Hebei: number and name), year, unit line, signature lines."""
    pats = patterns(draft.layout.id)
    for whole in rows:
        parts = preamble_parts(whole, book)
        if not parts and not whole.is_blank():
            draft.reject(whole, "表头上方无法识别的行")
        for kind, row in parts:
            _read_preamble_line(kind, row, draft, book, pats)


def _read_preamble_line(kind: str, row: Row, draft: FormDraft, book: LabelBook, pats: LayoutPatterns) -> None:
    line = row.joined()
    if kind == "year":
        draft.year = find_year(line)
    elif kind == "title":
        draft.year = draft.year or find_year(line)
        for title in pats.titles:
            found = title.match(line)
            if found is None:
                continue
            groups = found.groupdict()
            if groups.get("name"):
                draft.title_name = groups["name"].strip()
            if groups.get("lead_year") and draft.year is None:
                draft.year = find_plain_year(line)
    elif kind == "unit" and pats.unit_line is not None:
        found = pats.unit_line.match(line)
        if found is not None and draft.implementing_unit.is_empty():
            groups = found.groupdict()
            draft.implementing_unit = OrgUnit(code=groups.get("unit_code"), name=groups.get("unit_name"))
    elif kind == "signature":
        _read_signatures(row, draft, book)


def _read_signatures(row: Row, draft: FormDraft, book: LabelBook) -> None:
    for raw, cell in zip(row.raw, row.cells, strict=True):
        hit = book.match(raw, cell) if cell else None
        if hit is not None and hit.spec.kind is Kind.FILLER and hit.value and draft.department.is_empty():
            draft.department = parse_org(hit.value, draft.layout)
