"""Text imports of department documents: cutting the document into its parts.

A 部门预算 publication prints a cover, a 目录, 第一部分 部门概况 (主要职责, 部门预算构成,
年度主要工作任务), 第二部分 the tables (each titled "<部门><年>年<表名>"), 第三部分 the 说明 (one section per
table, then 其他重要事项), 第四部分 名词解释 and an 附件 (公开清单 and forms). A 部门预算绩效文本 prints a cover,
a 目录 with page numbers, 第一部分 部门整体绩效目标 (总体绩效目标, 分项绩效目标, 工作保障措施) and 第二部分 the
forms. The forms themselves are read by the form importer; the rows it took are passed in as `skip`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from desktop.io.text.department_draft import ContentsEntry, DepartmentDraft, Passage, Section, TableBlock, UnitEntry
from desktop.io.text.lines import Row, is_page_number, label_key

# Anhui's table names (longest first where one name ends another), with the spec's table ids.
TABLE_NAMES: tuple[tuple[str, str], ...] = (
    ("财政拨款收支总表", "fiscal"),
    ("收支总表", "summary"),
    ("收入总表", "income"),
    ("支出总表", "spending"),
    ("一般公共预算基本支出预算表", "basic"),
    ("一般公共预算基本支出表", "basic"),
    ("一般公共预算支出表", "general"),
    ("政府性基金预算支出表", "gov_fund"),
    ("国有资本经营预算支出表", "state_capital"),
    ("项目支出表", "projects"),
    ("政府采购支出表", "procurement"),
    ("政府购买服务支出表", "services"),
    ("三公经费支出表", "three_public"),
)
NUMERALS = "一二三四五六七八九十"
_PART = re.compile(rf"^第([{NUMERALS}]+)部分\s*(.*)$")
_SECTION = re.compile(rf"^([{NUMERALS}]+)\s*、\s*(.+)$")
_SUB = re.compile(rf"^[（(]\s*([{NUMERALS}]+)\s*[)）]\s*(.*)$")
_NUMBERED = re.compile(r"^(\d{1,2})\s*[.．、]\s*(?!\d)(.*)$")
_BULLET = re.compile(r"^[-•·]\s+")
_LEADERS = re.compile(r"[.．…·]{3,}\s*(\d{1,4})?\s*$")
_COVER_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
_DATE = re.compile(r"^(?:19|20)\d\d\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?$")
_TABLE_LABEL = re.compile(r"^部门公开表\s*\d+$")
_NOTE = re.compile(r"^注\s*[:：]")
_UNIT_LINE = re.compile(r"^单位\s*[:：]\s*万元$")


def text_of(row: Row) -> str:
    """A prose line as read: its cells joined, a Markdown bullet removed."""
    return _BULLET.sub("", row.joined()).strip()


def table_id(title: str) -> str | None:
    """The table id a title (or a 说明 heading) names, else None."""
    key = label_key(title)
    for name, ident in TABLE_NAMES:
        if name in key:
            return ident
    return None


def title_table(line: str, department: str | None) -> tuple[str, int | None] | None:
    """(table id, year) when `line` is a table's own title "<部门><年>年<表名>", else None."""
    key = label_key(line)
    found = _COVER_YEAR.search(key)
    if found is None or len(key) > 60 or "说明" in key or "关于" in key:
        return None
    tail = key[found.end() :]
    for name, ident in TABLE_NAMES:
        if tail == name or tail == f"度{name}":
            head = key[: found.start()]
            if department is not None and head and head != label_key(department):
                continue
            return ident, int(found.group(1))
    return None


def document_kind(rows: list[Row]) -> str | None:
    """ "budget" for a 部门预算 publication, "performance" for a 部门预算绩效文本, None for anything else."""
    parts = [m.group(2) for m in (_PART.match(label_key(r.joined())) for r in rows if not r.tabbed) if m]
    titles = sum(1 for r in rows if not r.tabbed and title_table(r.joined(), None) is not None)
    if titles >= 2 or any("部门概况" in p for p in parts):
        return "budget"
    heads = {label_key(r.joined()) for r in rows if not r.tabbed}
    if any("部门整体绩效目标" in h for h in heads) and any("绩效文本" in h for h in heads):
        return "performance"
    return None


def split_document(rows: list[Row], kind: str, skip: set[int]) -> DepartmentDraft:
    """Cut the document into parts and read its cover, contents, 部门概况 and the performance text's part 1; the
    tables and the 说明 are kept as blocks of rows for their own readers.

    Tables alone (a workbook of the 部门预算公开表, one sheet per table, or tables pasted without the chapters
    around them) are read as part 2; the department and year then come from the first table's title."""
    draft = DepartmentDraft(kind=kind)
    body = [i for i, row in enumerate(rows) if i not in skip and not row.is_blank()]
    contents_at = next((k for k, i in enumerate(body) if label_key(rows[i].joined()) == "目录"), None)
    first_part = next((k for k, i in enumerate(body) if _PART.match(label_key(rows[i].joined()))), len(body))
    first_title = next((k for k, i in enumerate(body) if _is_title(rows[i])), len(body))
    tables_only = kind == "budget" and contents_at is None and first_title < first_part
    cover_end = contents_at if contents_at is not None else min(first_part, first_title) if tables_only else first_part
    _read_cover([rows[i] for i in body[:cover_end]], draft)
    position = cover_end
    if contents_at is not None:
        position = _read_contents(rows, body, contents_at, draft)
    draft.claimed.update(body[:position])
    reader = _BodyReader(draft, rows)
    if tables_only:
        reader.part = "tables"
        _name_from_title(rows[body[first_title]], draft)
    for i in body[position:]:
        reader.claimed = True
        reader.feed(rows[i])
        if reader.claimed:
            draft.claimed.add(i)
    return draft


def _is_title(row: Row) -> bool:
    return not row.tabbed and title_table(row.joined(), None) is not None


def _name_from_title(row: Row, draft: DepartmentDraft) -> None:
    """The department and year of a document printing no cover: "<部门><年>年<表名>"."""
    key = label_key(row.joined())
    found = _COVER_YEAR.search(key)
    if found is None:
        return
    draft.year = draft.year or int(found.group(1))
    if draft.name is None and key[: found.start()]:
        draft.name = key[: found.start()]


def _read_cover(rows: list[Row], draft: DepartmentDraft) -> None:
    for row in rows:
        line = row.joined()
        key = label_key(line)
        if draft.name is None and not _COVER_YEAR.search(key) and not row.tabbed:
            draft.name = line
        elif _DATE.match(key):
            draft.cover_date = line
        elif _COVER_YEAR.search(key) and draft.year is None and not key.endswith("审核"):
            draft.year = int(_COVER_YEAR.search(key).group(1))  # type: ignore[union-attr]
            draft.cover_title = line
        elif key in ("(草案)", "草案"):
            draft.draft = True
        elif key.endswith("编制") and len(key) > 2:
            draft.compiled_by = line[: line.rindex("编制")].strip()
        elif key.endswith("审核") and len(key) > 2:
            draft.reviewed_by = line[: line.rindex("审核")].strip()
        else:
            draft.reject(row, "封面上无法识别的行")


def _read_contents(rows: list[Row], body: list[int], at: int, draft: DepartmentDraft) -> int:
    """Read the 目录 (which repeats the part headings); return where the body starts (the first part heading
    printed a second time)."""
    seen: set[str] = set()
    part: str | None = None
    for k in range(at + 1, len(body)):
        row = rows[body[k]]
        line = text_of(row)
        key = label_key(line)
        heading = _PART.match(key)
        if heading is not None:
            if heading.group(1) in seen:
                return k
            seen.add(heading.group(1))
            part = heading.group(2) or None
            continue
        if not seen and not key:
            continue
        page = None
        cells = [c for c in row.cells if c]
        if len(cells) >= 2 and cells[-1].isdigit():
            page, line = int(cells[-1]), " ".join(cells[:-1])
        leaders = _LEADERS.search(line)
        if leaders is not None:
            if leaders.group(1):
                page = int(leaders.group(1))
            line = line[: leaders.start()].strip()
        if not seen:
            draft.reject(row, "目录中无法识别的行")
            continue
        draft.contents.append(ContentsEntry(line, part, _contents_table(line, part), page, row.line_no))
    return len(body)


def _contents_table(line: str, part: str | None) -> str | None:
    if part is None or "预算表" not in part:
        return None
    return table_id(line)


class _BodyReader:
    """Feeds the body's lines to the part they belong to."""

    def __init__(self, draft: DepartmentDraft, rows: list[Row]) -> None:
        self.draft = draft
        self.part: str | None = None
        self.section: str | None = None
        self.table: TableBlock | None = None
        self.current: Section | None = None
        self.pending_title: Passage | None = None
        self.glossary: list[str] = []
        self.glossary_line = 0
        self.units_header = False
        self.claimed = True  # False when the line is left to the form importer's report

    def feed(self, row: Row) -> None:
        line = text_of(row)
        key = label_key(line)
        heading = _PART.match(key) if not row.tabbed else None
        if heading is not None or (not row.tabbed and key.startswith("附件") and len(key) <= 40):
            self._start_part(heading.group(2) if heading is not None else "附件", row)
            return
        if self.part is None:
            if row.tabbed or key not in _PART_TITLES:
                self.draft.reject(row, "第一部分之前无法识别的行")
            return
        handler = getattr(self, f"_{self.part}")
        handler(row, line, key)

    def _start_part(self, title: str, row: Row) -> None:
        self.section, self.table, self.current, self.pending_title = None, None, None, None
        title = title.strip()
        if not title:
            self.part = "pending"
            return
        self.part = _part_of(title, self.draft.kind)
        if self.part is None:
            self.part = "unknown"
            self.draft.reject(row, "不认识的部分标题")

    def _pending(self, row: Row, line: str, key: str) -> None:
        # "第一部分" on a line of its own, its title on the next.
        self._start_part(line, row)

    def _unknown(self, row: Row, line: str, key: str) -> None:
        self.draft.reject(row, "不认识的部分中的行")

    # -- 第一部分 部门概况 --

    def _overview(self, row: Row, line: str, key: str) -> None:
        section = _SECTION.match(key) if not row.tabbed else None
        if section is not None and len(key) <= 30:
            title = section.group(2)
            self.section = (
                "duties" if "职责" in title else "units" if "构成" in title else "tasks" if "任务" in title else None
            )
            self.pending_title = None
            if self.section is None:
                self.draft.reject(row, "部门概况中不认识的小节")
            return
        if self.section == "duties":
            self.draft.duties.append(Passage(None, _strip_number(line), row.line_no))
        elif self.section == "tasks":
            self._task(row, line)
        elif self.section == "units":
            self._unit(row, line)
        else:
            self.draft.reject(row, "部门概况中无法识别的行")

    def _task(self, row: Row, line: str) -> None:
        sub = _SUB.match(line) or _NUMBERED.match(line)
        rest = sub.group(2).strip() if sub is not None else line
        if sub is not None and len(rest) <= 40:
            self.pending_title = Passage(rest, "", row.line_no)
            self.draft.tasks.append(self.pending_title)
            return
        if self.pending_title is not None and not self.pending_title.text:
            self.draft.tasks[-1] = Passage(self.pending_title.title, rest, self.pending_title.line_no)
            return
        if self.draft.tasks and sub is None:
            last = self.draft.tasks[-1]
            self.draft.tasks[-1] = Passage(last.title, f"{last.text}\n{rest}".strip(), last.line_no)
            return
        self.draft.tasks.append(Passage(None, rest, row.line_no))

    def _unit(self, row: Row, line: str) -> None:
        cells = [c for c in row.cells if c]
        if row.tabbed and cells[:2] == ["序号", "单位名称"]:
            self.units_header = True
            return
        if row.tabbed and self.units_header and len(cells) >= 2 and cells[0].isdigit():
            self.draft.units.append(UnitEntry(cells[1], cells[2] if len(cells) > 2 else None, row.line_no))
            return
        if not row.tabbed and not self.units_header:
            self.draft.notes.append(Passage("部门预算构成", line, row.line_no))
            return
        self.draft.reject(row, "部门预算构成表中无法识别的行")

    # -- 第二部分 部门预算表 --

    def _tables(self, row: Row, line: str, key: str) -> None:
        if not row.tabbed and _TABLE_LABEL.match(key):
            return
        found = title_table(line, self.draft.name) if not row.tabbed else None
        if found is not None:
            self.table = TableBlock(found[0], line, row.line_no)
            self.draft.tables.append(self.table)
            return
        if self.table is None:
            self.draft.reject(row, "表格标题之前无法识别的行")
            return
        if not row.tabbed and _UNIT_LINE.match(key):
            return
        if not row.tabbed and _NOTE.match(key):
            self.table.note = line
            return
        if is_page_number(line):
            return
        self.table.rows.append(row)

    # -- 第三部分 说明 --

    def _notes(self, row: Row, line: str, key: str) -> None:
        section = _SECTION.match(key) if not row.tabbed else None
        if section is not None and len(key) <= 40 and ("说明" in key or "事项" in key):
            ident = "other" if "其他" in key else table_id(section.group(2)) or f"text:{section.group(2)}"
            self._open(ident, line, row)
            return
        sub = _SUB.match(key) if not row.tabbed else None
        if sub is not None and self.current is not None and self.current.key.startswith("other") and len(key) <= 24:
            self._open(f"other:{_other_key(sub.group(2))}", line, row)
            return
        if self.current is None:
            self.draft.reject(row, "说明中不在任何小节内的行")
            return
        self.current.rows.append(row)

    def _open(self, key: str, title: str, row: Row) -> None:
        self.current = Section(key, title, row.line_no)
        self.draft.sections.append(self.current)

    # -- 第四部分 名词解释, 附件 --

    def _glossary(self, row: Row, line: str, key: str) -> None:
        if not self.glossary:
            self.glossary_line = row.line_no
            self.draft.notes.append(Passage("名词解释", line, row.line_no))
        else:
            last = self.draft.notes[-1]
            self.draft.notes[-1] = Passage(last.title, f"{last.text}\n{line}", last.line_no)
        self.glossary.append(line)

    def _attachment(self, row: Row, line: str, key: str) -> None:
        cells = [c for c in row.cells if c]
        if len(cells) == 1 and "公开清单" in key:
            self.claimed = False
            return
        if len(cells) == 1 and ("绩效目标" in key or key == "附件"):
            return
        if row.tabbed and cells[:2] == ["序号", "项目名称"]:
            self.claimed = False
            return
        if row.tabbed and len(cells) >= 3 and cells[0].isdigit():
            # The 公开清单: also read by the form importer's report, which compares its amounts with the forms.
            self.draft.listed.append((cells[1], cells[2], row.line_no))
            self.claimed = False
            return
        self.draft.reject(row, "附件中无法识别的行")

    # -- 绩效文本 第一部分 部门整体绩效目标 --

    def _target(self, row: Row, line: str, key: str) -> None:
        section = _SECTION.match(key) if not row.tabbed else None
        if section is not None and len(key) <= 20:
            title = section.group(2)
            self.section = (
                "goals" if "总体" in title else "items" if "分项" in title else "measures" if "保障" in title else None
            )
            self.pending_title = None
            if self.section is None:
                self.draft.reject(row, "部门整体绩效目标中不认识的小节")
            return
        if self.section is None:
            self.draft.reject(row, "部门整体绩效目标中不在任何小节内的行")
            return
        bare = re.sub(rf"^[（(]\s*[{NUMERALS}]+\s*[)）]\s*", "", key).rstrip(":")
        if bare in _TARGET_HEADINGS:
            return  # the section's title repeated ("（一）总体绩效目标", "总体绩效目标：")
        from desktop.io.text.department_target import read_target_line

        read_target_line(self.draft, self.section, row, line)

    def _forms(self, row: Row, line: str, key: str) -> None:
        # 第二部分 of a performance text: its forms were read by the form importer; lines left between them are
        # reported by that importer's report of text outside the forms.
        self.claimed = False


_PART_TITLES = frozenset({"部门整体绩效目标", "预算项目绩效目标"})
_TARGET_HEADINGS = frozenset({"总体绩效目标", "分项绩效目标", "工作保障措施"})


def _part_of(title: str, kind: str) -> str | None:
    key = label_key(title)
    if key.startswith("附件"):
        return "attachment"
    if kind == "performance":
        if "整体绩效目标" in key:
            return "target"
        if "项目绩效目标" in key:
            return "forms"
        return None
    for word, part in (("概况", "overview"), ("预算表", "tables"), ("说明", "notes"), ("名词解释", "glossary")):
        if word in key:
            return part
    return None


def _other_key(title: str) -> str:
    for word, key in (
        ("绩效目标情况", "projects"),
        ("机关运行经费", "operating_costs"),
        ("政府采购", "procurement"),
        ("国有资产", "assets"),
        ("绩效目标设置", "performance"),
        ("三公", "three_public"),
    ):
        if word in title:
            return key
    return title.rstrip("。.")


def _pick(title: str, words: tuple[tuple[str, str], ...]) -> str | None:
    return next((key for word, key in words if word in title), None)


def _strip_number(line: str) -> str:
    found = _SUB.match(line) or _NUMBERED.match(line)
    return found.group(2).strip() if found is not None else line


def unplaced_rows(draft: DepartmentDraft) -> Iterable[int]:
    """Line numbers the department reader reported as not placed."""
    return (u.line_no for u in draft.unplaced)
