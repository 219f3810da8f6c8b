"""Text imports of department documents: the 说明 (第三部分) of a 部门预算 publication.

The 说明's sentences are generated from the tables and last year's figures ("…2024年预算242.41万元，比2023年预算增加
58.91万元，增长32.10%，增长原因主要是…"): from them come last year's figures (this year's amount minus the change),
the clerk's reasons, and the numbers as printed (so that the rules can compare them with the tables). 其他重要事项
gives each project's overview, the 机关运行经费, 政府采购 by category, the assets text and the 绩效目标设置情况.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from desktop.io.text.department_draft import DepartmentDraft, Passage, Section
from desktop.io.text.department_parts import text_of
from desktop.io.text.department_rows import TablesRead
from desktop.io.text.lines import Row, label_key

_AMOUNT = r"(\d+(?:\.\d+)?)\s*万元"
_CHANGE = re.compile(
    r"(?:比|较|与)(?P<year>\d{4})年(?:预算)?(?:(?P<dir>增加|减少|新增)(?P<change>\d+(?:\.\d+)?)\s*万元"
    r"(?:[，,]\s*(?P<pdir>增长|下降)(?P<pct>\d+(?:\.\d+)?)\s*[%％])?|(?P<flat>持平))"
)
_REASON = re.compile(r"(?:原因主要是|主要原因[:：]?|原因是)(.+)$")
_REASON_END = re.compile(r"[。；;]?\s*(?:其中[，,：:]|主要包括[：:])")
_PROJECT_HEAD = re.compile(r"^\d+\s*[.．、]\s*[“\"「](.+?)[”\"」]\s*项目")
_OVERVIEW = re.compile(r"^[（(]\s*([1-7])\s*[)）]\s*([^。.]{2,8})[。.]\s*(.*)$")
_ITEM_PARTS = re.compile(r"^(?:\d+\s*[.．、]\s*)?(.+?)[（(]类[)）](.+?)[（(]款[)）](.+?)[（(]项[)）]\s*(.*)$")
_SHARE = re.compile(r"([\u4e00-\u9fff（）()]+?)\s*(\d+(?:\.\d+)?)\s*万元[，,]\s*占\s*(\d+(?:\.\d+)?)\s*[%％]")
_COUNT = re.compile(r"(\d+)\s*个项目")


@dataclass(frozen=True)
class NoteFigure:
    """A number of the 说明 as printed: the section (`table:<id>`, `operating_costs`, …), which figure, its value."""

    section: str
    figure: str
    amount: Decimal
    text: str
    line_no: int


@dataclass
class Overview:
    """One project's paragraph of 其他重要事项: (1)–(7) as printed."""

    name: str
    line_no: int
    parts: dict[str, str] = field(default_factory=dict)


@dataclass
class NotesRead:
    """What the 说明 gives."""

    figures: list[NoteFigure] = field(default_factory=list)
    reasons: list[tuple[str, str]] = field(default_factory=list)
    prior_functions: dict[str, Decimal] = field(default_factory=dict)
    prior_income: Decimal | None = None
    prior_year: int | None = None
    operating_costs: Decimal | None = None
    prior_operating_costs: Decimal | None = None
    by_category: dict[str, Decimal] = field(default_factory=dict)
    three_public: dict[str, Decimal] | None = None
    assets: str | None = None
    overviews: list[Overview] = field(default_factory=list)
    others: list[Passage] = field(default_factory=list)


_OVERVIEW_KEYS = {
    "项目概述": "summary",
    "立项依据": "basis",
    "实施主体": "implementer",
    "起止时间": "timeframe",
    "项目内容": "content",
    "年度预算安排": "budget",
    "绩效目标": "goal",
}
_PARTS = (
    ("基本支出", "basic"),
    ("项目支出", "project"),
    ("事业单位经营支出", "business"),
    ("上缴上级支出", "to_superior"),
    ("对附属单位补助支出", "to_subordinate"),
)
_SOURCES = (
    ("一般公共预算", "general"),
    ("政府性基金预算", "gov_fund"),
    ("国有资本经营预算", "state_capital"),
    ("财政专户管理资金", "special_account"),
    ("单位资金", "unit"),
)


def read_notes(draft: DepartmentDraft, tables: TablesRead) -> NotesRead:
    """Read every section of the 说明."""
    out = NotesRead()
    for section in draft.sections:
        key = section.key
        if key == "other":
            for row in section.rows:
                draft.reject(row, "其他重要事项中不在任何小节内的行")
        elif key == "other:projects":
            _read_overviews(section, draft, out)
        elif key == "other:operating_costs":
            _read_operating_costs(section, out)
        elif key == "other:procurement":
            _read_categories(section, out)
        elif key == "other:assets":
            out.assets = "\n".join(text_of(r) for r in section.rows) or None
        elif key == "other:performance":
            _read_performance(section, out)
        elif key == "other:three_public":
            _read_three_public(section, draft, out)
        elif key.startswith("other:") or key.startswith("text:"):
            out.others.append(Passage(section.title, "\n".join(text_of(r) for r in section.rows), section.line_no))
        else:
            _read_table_section(section, draft, tables, out)
    return out


def _sentence_figures(section: str, line: str, row: Row, out: NotesRead, prefix: str = "") -> re.Match[str] | None:
    """Record the amount stated before a "比2023年…" comparison, the change and the percent; return the match."""
    found = _CHANGE.search(line)
    if found is None:
        return None
    out.prior_year = out.prior_year or int(found.group("year"))
    before = re.findall(_AMOUNT, line[: found.start()])
    if before:
        out.figures.append(NoteFigure(section, f"{prefix}amount", Decimal(before[-1]), line, row.line_no))
    if found.group("flat"):
        out.figures.append(NoteFigure(section, f"{prefix}change", Decimal(0), line, row.line_no))
    else:
        sign = -1 if found.group("dir") == "减少" else 1
        change = Decimal(found.group("change")) * sign + Decimal(0)  # no "-0"
        out.figures.append(NoteFigure(section, f"{prefix}change", change, line, row.line_no))
        if found.group("pct") is not None:
            pct = Decimal(found.group("pct")) * (-1 if found.group("pdir") == "下降" else 1) + Decimal(0)
            out.figures.append(NoteFigure(section, f"{prefix}percent", pct, line, row.line_no))
    return found


def _reason(line: str, after: int) -> str | None:
    found = _REASON.search(line, after)
    if found is None:
        return None
    text = found.group(1)
    end = _REASON_END.search(text)
    if end is not None:
        text = text[: end.start()]
    return text.strip().rstrip("。；;，,").strip() or None


def _prior(line: str, found: re.Match[str]) -> Decimal | None:
    before = re.findall(_AMOUNT, line[: found.start()])
    if not before:
        return None
    current = Decimal(before[-1])
    if found.group("flat"):
        return current
    change = Decimal(found.group("change"))
    return current - change if found.group("dir") in ("增加", "新增") else current + change


def _read_table_section(section: Section, draft: DepartmentDraft, tables: TablesRead, out: NotesRead) -> None:
    table = section.key
    name = f"table:{table}"
    for row in section.rows:
        line = text_of(row)
        key = label_key(line)
        if re.match(r"^[（(][一二三四五六七八九十]+[)）][^，,。]{0,20}[。.]?$", key) and len(key) <= 24:
            continue  # a sub-heading such as "（一）一般公共预算支出规模变化情况。"
        item = _ITEM_PARTS.match(line)
        if item is not None:
            _item_sentence(item, row, tables, draft, out)
            continue
        before = len(out.figures)
        found = _sentence_figures(name, line, row, out)
        if found is not None:
            reason = _reason(line, found.end())
            if reason:
                out.reasons.append((name, reason))
            prior = _prior(line, found)
            if table == "income" and prior is not None and "本年收入" in line:
                out.prior_income = prior
        elif "没有" in line and table in ("gov_fund", "state_capital", "services", "three_public"):
            out.figures.append(NoteFigure(name, "amount", Decimal(0), line, row.line_no))
        else:
            first = re.search(_AMOUNT, line)
            if first is not None and not any(f.section == name and f.figure == "amount" for f in out.figures):
                out.figures.append(NoteFigure(name, "amount", Decimal(first.group(1)), line, row.line_no))
        _parts_and_shares(name, line, row, out)
        if len(out.figures) == before and not re.search(_AMOUNT, line):
            draft.reject(row, "说明中无法识别的句子（没有金额）")


def _parts_and_shares(name: str, line: str, row: Row, out: NotesRead) -> None:
    """基本支出660.56万元，占23.54% → basic, share:basic; 人员经费533.75万元 → personnel;
    社会保障和就业支出5万元，占0.18% → class:社会保障和就业支出, share:class:…"""
    seen: set[str] = set()
    extra = (("人员经费", "personnel"), ("公用经费", "public"), ("本年收入", "current"), ("上年结转收入", "carryover"))
    for word, ident in (*_PARTS, *extra):
        found = re.search(rf"{word}{_AMOUNT}(?:[，,]\s*占\s*(\d+(?:\.\d+)?)\s*[%％])?", line)
        if found is None or ident in seen:
            continue
        seen.add(ident)
        if any(f.section == name and f.figure == ident and f.line_no == row.line_no for f in out.figures):
            continue
        out.figures.append(NoteFigure(name, ident, Decimal(found.group(1)), line, row.line_no))
        if found.group(2) is not None:
            out.figures.append(NoteFigure(name, f"share:{ident}", Decimal(found.group(2)), line, row.line_no))
    for label, value, share in _SHARE.findall(line):
        # A 功能 类's amount and share ("卫生健康支出2800.56万元，占99.82%"), kept as printed; the rules compare
        # the shares of columns ("share:basic"), these only as they are.
        label = re.sub(r"^.*[：:；;，,]", "", label)
        if label.endswith("支出") and not any(label.endswith(w) for w, _ in _PARTS):
            out.figures.append(NoteFigure(name, f"class:{label}", Decimal(value), line, row.line_no))
            out.figures.append(NoteFigure(name, f"class:{label}:share", Decimal(share), line, row.line_no))
    if name in ("table:projects", "table:procurement"):
        for word, ident in _SOURCES:
            found = re.search(rf"{word}(?:拨款)?安排\s*{_AMOUNT}", line)
            if found is not None:
                out.figures.append(NoteFigure(name, ident, Decimal(found.group(1)), line, row.line_no))


def _item_sentence(item: re.Match[str], row: Row, tables: TablesRead, draft: DepartmentDraft, out: NotesRead) -> None:
    """ "卫生健康（类）医疗保障管理事务（款）行政运行（项）2024年预算242.41万元，比2023年…" → function 2101501."""
    line = text_of(row)
    code = _function_code(item.group(1), item.group(2), item.group(3), tables)
    if code is None:
        draft.reject(row, f"说明中的“{item.group(3).strip()}（项）”在支出表中找不到")
        return
    found = _sentence_figures("table:general", line, row, out, prefix=f"function:{code}:")
    if found is None:
        draft.reject(row, "说明中这一项没有与上年的比较")
        return
    prior = _prior(line, found)
    if prior is not None:
        out.prior_functions[code] = prior
    reason = _reason(line, found.end())
    if reason:
        out.reasons.append((f"function:{code}", reason))


def _function_code(klass: str, kuan: str, xiang: str, tables: TablesRead) -> str | None:
    names = {code: label_key(name) for code, name in tables.names.items() if name}
    wanted = (label_key(klass), label_key(kuan), label_key(xiang))
    for code, name in names.items():
        if len(code) != 7 or name != wanted[2]:
            continue
        parent = names.get(code[:5], "")
        grand = names.get(code[:3], "")
        if parent == wanted[1] and (grand == wanted[0] or grand == f"{wanted[0]}支出" or not grand):
            return code
    return None


def _read_overviews(section: Section, draft: DepartmentDraft, out: NotesRead) -> None:
    current: Overview | None = None
    last_key: str | None = None
    for row in section.rows:
        line = text_of(row)
        head = _PROJECT_HEAD.match(line)
        if head is not None:
            current = Overview(head.group(1).strip(), row.line_no)
            out.overviews.append(current)
            last_key = None
            continue
        part = _OVERVIEW.match(line)
        if part is not None and current is not None:
            key = _OVERVIEW_KEYS.get(label_key(part.group(2)))
            if key is not None:
                current.parts[key] = part.group(3).strip()
                last_key = key
                continue
        if current is not None and last_key is not None and not row.tabbed:
            current.parts[last_key] = f"{current.parts[last_key]}\n{line}"
            continue
        draft.reject(row, "项目情况中无法识别的行")


def _read_operating_costs(section: Section, out: NotesRead) -> None:
    for row in section.rows:
        line = text_of(row)
        found = _sentence_figures("operating_costs", line, row, out)
        if found is None:
            first = re.search(_AMOUNT, line)
            if first is not None and out.operating_costs is None:
                out.operating_costs = Decimal(first.group(1))
                out.figures.append(NoteFigure("operating_costs", "amount", out.operating_costs, line, row.line_no))
            continue
        before = re.findall(_AMOUNT, line[: found.start()])
        out.operating_costs = Decimal(before[-1]) if before else out.operating_costs
        out.prior_operating_costs = _prior(line, found)
        reason = _reason(line, found.end())
        if reason:
            out.reasons.append(("operating_costs", reason))


def _read_categories(section: Section, out: NotesRead) -> None:
    for row in section.rows:
        line = text_of(row)
        first = re.search(rf"政府采购(?:支出)?预算\s*{_AMOUNT}", line)
        if first is not None:
            out.figures.append(NoteFigure("procurement", "amount", Decimal(first.group(1)), line, row.line_no))
        for word, ident in (("货物", "goods"), ("工程", "works"), ("服务", "services")):
            found = re.search(rf"{word}(?:预算)?\s*{_AMOUNT}", line)
            if found is not None:
                out.by_category[word] = Decimal(found.group(1))
                out.figures.append(NoteFigure("procurement", ident, Decimal(found.group(1)), line, row.line_no))


def _read_performance(section: Section, out: NotesRead) -> None:
    for row in section.rows:
        line = text_of(row)
        count = _COUNT.search(line)
        if count is not None:
            out.figures.append(NoteFigure("performance", "count", Decimal(count.group(1)), line, row.line_no))
        for word, ident in _SOURCES:
            found = re.search(rf"{word}(?:当年财政拨款|当年安排)\s*{_AMOUNT}", line)
            if found is not None:
                out.figures.append(NoteFigure("performance", ident, Decimal(found.group(1)), line, row.line_no))


_THREE_PUBLIC = (
    ("abroad", r"因公出国[（(]境[)）](?:费用?|经费)?"),
    ("vehicle_purchase", r"公务用车购置(?:费用?|经费)?"),
    ("vehicle_operation", r"公务用车运行(?:维护)?(?:费用?|经费)?"),
    ("reception", r"公务接待(?:费用?|经费)?"),
)


def _read_three_public(section: Section, draft: DepartmentDraft, out: NotesRead) -> None:
    """The “三公”经费 statement: 因公出国（境）, 公务用车购置, 公务用车运行维护, 公务接待 (each "…费X万元")."""
    found: dict[str, Decimal] = {}
    for row in section.rows:
        line = text_of(row)
        total = re.search(rf"[“\"]?三公[”\"]?经费(?:财政拨款)?预算(?:数)?(?:为)?\s*{_AMOUNT}", line)
        if total is not None:
            out.figures.append(NoteFigure("three_public", "amount", Decimal(total.group(1)), line, row.line_no))
        hits = 0
        for key, words in _THREE_PUBLIC:
            match = re.search(rf"{words}\s*{_AMOUNT}", line)
            if match is not None:
                found[key] = Decimal(match.group(1))
                out.figures.append(NoteFigure("three_public", key, found[key], line, row.line_no))
                hits += 1
        if total is None and hits == 0:
            draft.reject(row, "“三公”经费说明中无法识别的句子")
    out.three_public = found or None
