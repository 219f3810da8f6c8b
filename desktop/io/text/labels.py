"""Text imports: the labels a form prints, read from the layout files, and which layout a form follows.

Nothing here names a province: every label, title, department format and column heading comes from
resources/templates/*.toml, so a layout added as a file is recognised by the importer too. A few words that
FORMS.md lists as variants of those labels (申报表 beside 批复表, 中期目标 beside 总体目标) are kept in
`_VARIANTS` because the layout format has no key for them yet.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from functools import cache

from desktop.domain.model import OrgUnit
from desktop.io.text.lines import Row, label_key
from desktop.templates.catalog import available_layouts
from desktop.templates.frames import bundled_frames
from desktop.templates.layouts import DEFAULT_LABELS, HEADER_FIELDS, Layout


class Kind(Enum):
    """What a label introduces."""

    FIELD = "field"  # a header field: key is the Project attribute
    FUNDS = "funds"  # an amount: key is the Funds attribute, block "annual"/"midterm"/None (by column)
    BLOCK = "block"  # the funds block's own label (项目资金（万元）); block as for FUNDS
    GOAL = "goal"  # key "annual" or "midterm"
    PURPOSE = "purpose"
    SPENDING = "spending"
    INDICATORS = "indicators"  # the merged 绩效指标 cell left of the indicator table
    COLUMN = "column"  # an indicator-table heading: key is the Indicator attribute
    SIGNATURE = "signature"
    FILLER = "filler"  # 填报单位（盖章）：<department>


@dataclass(frozen=True)
class LabelSpec:
    """The meaning of one label."""

    kind: Kind
    key: str = ""
    block: str | None = None


@dataclass(frozen=True)
class LabelHit:
    """A cell recognised as a label, with the value printed in the same cell after it, if any."""

    spec: LabelSpec
    value: str | None
    period: tuple[int, int] | None = None


_VARIANTS: Mapping[str, LabelSpec] = {
    "中期目标": LabelSpec(Kind.GOAL, "midterm"),
    "总体目标": LabelSpec(Kind.GOAL, "midterm"),
    "本年度指标值": LabelSpec(Kind.COLUMN, "value"),
    "年度指标值": LabelSpec(Kind.COLUMN, "value"),
    "指标值": LabelSpec(Kind.COLUMN, "value"),
    "中长期指标值": LabelSpec(Kind.COLUMN, "midterm_value"),
    "绩效指标描述": LabelSpec(Kind.COLUMN, "description"),
    "指标值确定依据": LabelSpec(Kind.COLUMN, "basis"),
}
_TITLE_VARIANTS: Mapping[str, tuple[str, ...]] = {"批复表": ("申报表",)}
_PERIOD = re.compile(r"(\d{4})\s*年?\s*(?:[-—–~～至到]|—)\s*(\d{4})")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_EXPLANATION = re.compile(r"\([^()]*\)$")
_SEPARATOR = r"(?:\s*[:：]\s*|\s+)"


def _char_pattern(char: str) -> str:
    return {":": "[:：]", "(": "[(（]", ")": "[)）]", "%": "[%％]", ".": "[.．、]"}.get(char, re.escape(char))


def _loose(key: str) -> str:
    """A regex matching a label key as printed: full- or half-width punctuation, spaces anywhere."""
    return r"\s*".join(_char_pattern(c) for c in key)


def _format_regex(fmt: str, groups: Mapping[str, str]) -> re.Pattern[str]:
    """A regex for a layout's format string (`{number}.{name}绩效目标表`), placeholders as named groups."""
    parts: list[str] = []
    pos = 0
    for match in _PLACEHOLDER.finditer(fmt):
        literal = fmt[pos : match.start()]
        parts.append(r"\s*".join(_char_pattern(c) if c != " " else r"\s" for c in literal))
        parts.append(f"(?P<{match.group(1)}>{groups.get(match.group(1), '.+?')})")
        pos = match.end()
    literal = fmt[pos:]
    parts.append(r"\s*".join(_char_pattern(c) if c != " " else r"\s" for c in literal))
    return re.compile(r"^\s*" + r"\s*".join(p for p in parts if p) + r"\s*$")


class LabelBook:
    """Every label of every bundled layout, the preferred layout's meanings first."""

    def __init__(self, preferred: Layout | None = None) -> None:
        table: dict[str, LabelSpec] = {}
        layouts = list(available_layouts().values())
        if preferred is not None:
            layouts = [preferred] + [lay for lay in layouts if lay.id != preferred.id]
        for layout in layouts:
            for key, spec in layout_labels(layout).items():
                table.setdefault(key, spec)
        for field_name, label in DEFAULT_LABELS.items():
            if field_name in HEADER_FIELDS:
                table.setdefault(label_key(label), LabelSpec(Kind.FIELD, field_name))
        for key, spec in _VARIANTS.items():
            table.setdefault(key, spec)
        # A label is also printed without its bracketed unit (`项目资金` for `项目资金（万元）`).
        for key, spec in list(table.items()):
            bare = _EXPLANATION.sub("", key)
            if bare != key and bare and spec.kind not in (Kind.SIGNATURE, Kind.FILLER):
                table.setdefault(bare, spec)
        self.table = table
        # Labels printed without their `其中：` are also ordinary words (项目来源 财政拨款): after a field label
        # they are that field's value.
        self.weak = frozenset(k for k in table if "其中:" + k in table)
        self._inline = sorted(table, key=len, reverse=True)
        self._inline_re = {key: re.compile(r"^\s*" + _loose(key) + _SEPARATOR + r"(?P<value>\S.*)$") for key in table}
        self._seen: dict[tuple[str, str], LabelHit | None] = {}

    def match(self, raw: str, cell: str) -> LabelHit | None:
        """The label in a cell: exact (`项目名称`), with its value (`实施单位 某某中心`), or a goal with its period."""
        if (raw, cell) not in self._seen:
            self._seen[(raw, cell)] = self._match(raw, cell)
        return self._seen[(raw, cell)]

    def _match(self, raw: str, cell: str) -> LabelHit | None:
        key = label_key(cell)
        if not key:
            return None
        spec = self.table.get(key)
        if spec is not None:
            return LabelHit(spec, None)
        for prefix, goal in (("总体目标", "midterm"), ("中期目标", "midterm"), ("年度目标", "annual")):
            if key.startswith(prefix) and len(key) <= len(prefix) + 16:
                period = _PERIOD.search(key)
                if period is not None:
                    start, end = int(period.group(1)), int(period.group(2))
                    return LabelHit(LabelSpec(Kind.GOAL, goal), None, (start, end))
        # A label with an explanation in brackets (`指标值（包含数字及文字描述）`, `年度资金总额（万元）`).
        bare = _EXPLANATION.sub("", key)
        if bare != key and bare in self.table:
            return LabelHit(self.table[bare], None)
        for label in self._inline:
            if key.startswith(label) and len(key) > len(label):
                found = self._inline_re[label].match(raw) or self._inline_re[label].match(cell)
                if found is not None:
                    return LabelHit(self.table[label], found.group("value").strip())
        return None


@cache
def label_book(layout_id: str | None = None) -> LabelBook:
    """The LabelBook preferring a bundled layout (or none), built once per process."""
    return LabelBook(available_layouts()[layout_id] if layout_id is not None else None)


@cache
def _layout_signs() -> dict[str, frozenset[str]]:
    return {lay.id: frozenset(layout_labels(lay)) for lay in available_layouts().values()}


def _funds_specs(rows: Iterable[tuple[str, str]], block: str) -> dict[str, LabelSpec]:
    return {label_key(label): LabelSpec(Kind.FUNDS, key, block) for key, label in rows}


def layout_labels(layout: Layout) -> dict[str, LabelSpec]:
    """The labels one layout prints, by label key."""
    table: dict[str, LabelSpec] = {}
    for field_name in layout.header_fields():
        table[label_key(layout.label(field_name))] = LabelSpec(Kind.FIELD, field_name)
    for field_name, label in layout.labels.items():
        if field_name in HEADER_FIELDS:
            table.setdefault(label_key(label), LabelSpec(Kind.FIELD, field_name))
    table[label_key(layout.goal_label)] = LabelSpec(Kind.GOAL, "annual")
    midterm_goal = layout.labels.get("midterm_goal")
    if midterm_goal:
        table[label_key(midterm_goal.split("{")[0].rstrip("（("))] = LabelSpec(Kind.GOAL, "midterm")
    if layout.has_purpose:
        table[label_key(layout.label("purpose"))] = LabelSpec(Kind.PURPOSE)
    annual = _funds_specs(((r.key, r.label) for r in layout.funds.rows), "annual")
    midterm = (
        _funds_specs(((r.key, r.label) for r in layout.midterm_funds.rows), "midterm") if layout.midterm_funds else {}
    )
    for key, spec in list(annual.items()) + list(midterm.items()):
        if key in annual and key in midterm and annual[key].key != "total":
            spec = LabelSpec(Kind.FUNDS, spec.key, None)
        table[key] = spec
        if key.startswith("其中:"):
            table.setdefault(key[3:], spec)
    table[label_key(layout.funds.label)] = LabelSpec(Kind.BLOCK, "", "annual")
    if layout.midterm_funds is not None:
        table[label_key(layout.midterm_funds.label)] = LabelSpec(Kind.BLOCK, "", "midterm")
    if layout.spending_label:
        table[label_key(layout.spending_label)] = LabelSpec(Kind.SPENDING)
    if layout.indicators_label:
        table[label_key(layout.indicators_label)] = LabelSpec(Kind.INDICATORS)
    # The row over the indicator headings grouping them (中长期绩效指标 | 年度绩效指标), as the layout prints it.
    for group in layout.print.column_groups:
        table.setdefault(label_key(group.label), LabelSpec(Kind.INDICATORS))
    for column in layout.columns:
        # Both halves of the mid-term table head their 三级 column alike; the reader tells the two names apart.
        key = "name" if column.key == "midterm_name" else column.key
        table.setdefault(label_key(column.label), LabelSpec(Kind.COLUMN, key))
    for signature in layout.signatures:
        table.setdefault(label_key(signature), LabelSpec(Kind.SIGNATURE))
    if layout.filler_line:
        table[label_key(layout.filler_line.split("{")[0])] = LabelSpec(Kind.FILLER)
    return table


@dataclass(frozen=True)
class LayoutPatterns:
    """The line patterns of one layout: its title, unit line and department format."""

    layout: Layout
    titles: tuple[re.Pattern[str], ...]
    unit_line: re.Pattern[str] | None
    amount_unit_line: str | None
    department: re.Pattern[str] | None


@cache
def patterns(layout_id: str) -> LayoutPatterns:
    """The compiled line patterns of a bundled layout."""
    layout = available_layouts()[layout_id]
    groups = {"number": r"\d{1,3}", "name": r".+?", "year": r"\d{4}", "code": r"[0-9A-Za-z]+", "unit_code": r"\d{3,}"}
    titles = [layout.title]
    for word, variants in _TITLE_VARIANTS.items():
        titles += [layout.title.replace(word, v) for v in variants if word in layout.title]
    title_res = []
    for title in titles:
        literal = _PLACEHOLDER.sub("", title)
        if _PLACEHOLDER.search(title) is None:
            # A fixed title may carry a form number or the year on its line (`项目支出绩效目标表 1`), and the
            # department and year before it (`弋阳县医疗保障局2023年度项目支出绩效目标表`).
            title_res.append(
                re.compile(
                    r"^\s*(?:\d{1,3}\s*[.．、]\s*)?(?:(?:\S.{0,40}?)?(?P<lead_year>\d{4})\s*年\s*度?\s*)?"
                    + _loose(literal)
                    + r"\s*(?:\d{1,3}|[（(].*[)）])?\s*$"
                )
            )
        else:
            title_res.append(_format_regex(title, groups))
    # A unit name never starts with 年: `2024 年部门预算` is a heading, not unit 2024.
    unit = _format_regex(layout.unit_line, {**groups, "unit_name": r"(?!年)\S.*"}) if layout.unit_line else None
    department = None
    if "{code}" in layout.department_format and "{name}" in layout.department_format:
        department = _format_regex(layout.department_format, {"code": r"[0-9A-Za-z]{2,}", "name": r"\S.*"})
    return LayoutPatterns(
        layout=layout,
        titles=tuple(title_res),
        unit_line=unit,
        amount_unit_line=label_key(layout.amount_unit_line) if layout.amount_unit_line else None,
        department=department,
    )


_ORG_FORMS = (
    re.compile(r"^\s*[\[【［〔(（]\s*(?P<code>[0-9A-Za-z]{2,})\s*[\]】］〕)）]\s*(?P<name>\S.*)$"),
    re.compile(r"^\s*(?P<code>[0-9]{2,})\s*[-－—–_]\s*(?P<name>\S.*)$"),
    re.compile(r"^\s*(?P<code>[0-9]{3,})\s+(?P<name>\D.*)$"),
)


def parse_org(text: str | None, layout: Layout | None = None) -> OrgUnit:
    """A department or unit cell split into code and name (`[039]霍邱县医疗保障局`, `610-弋阳县医疗保障局`)."""
    if text is None or not text.strip():
        return OrgUnit()
    forms: list[re.Pattern[str]] = []
    if layout is not None:
        own = patterns(layout.id).department
        if own is not None:
            forms.append(own)
    for form in forms + list(_ORG_FORMS):
        found = form.match(text)
        if found is not None:
            return OrgUnit(code=found.group("code"), name=found.group("name").strip())
    return OrgUnit(name=text.strip())


def detect_layout(rows: list[Row], book: LabelBook) -> tuple[Layout, float]:
    """The layout whose labels best explain a form's rows, and a confidence margin (≤ 0: a guess).

    Every label a layout prints counts for it, weighted by how few layouts share it; a label of another layout
    found in the form counts against it. The indicator frame (2021-only 二级 names) and the department format
    (`[039]…` or `610-…`) add evidence.
    """
    layouts = list(available_layouts().values())
    signs = _layout_signs()
    shared: dict[str, int] = {}
    for keys in signs.values():
        for key in keys:
            shared[key] = shared.get(key, 0) + 1
    found: set[str] = set()
    lines: list[str] = []
    for row in rows:
        for raw, cell in zip(row.raw, row.cells, strict=True):
            if not cell:
                continue
            key = label_key(cell)
            if key in shared:
                found.add(key)
            else:
                hit = book.match(raw, cell)
                if hit is not None:
                    found.update(k for k, spec in book.table.items() if spec == hit.spec and k in shared)
        if not row.tabbed:
            lines.append(row.joined())
    frame_2021 = any(_only_2021(label_key(c)) for row in rows for c in row.cells if c)
    scores: dict[str, float] = {}
    for lay in layouts:
        score = sum(1 / shared[k] for k in found if k in signs[lay.id])
        score -= sum(1 / shared[k] for k in found if k not in signs[lay.id])
        if frame_2021:
            score += 1.5 if lay.frame.id == "2021" else -1.5
        pats = patterns(lay.id)
        if any(t.match(line) for t in pats.titles for line in lines):
            score += 0.5
        if pats.department is not None and _department_matches(rows, book, pats.department):
            score += 0.5
        scores[lay.id] = score
    ranked = sorted(layouts, key=lambda lay: scores[lay.id], reverse=True)
    margin = scores[ranked[0].id] - (scores[ranked[1].id] if len(ranked) > 1 else 0.0)
    return ranked[0], margin


def _only_2021(key: str) -> bool:
    frames = bundled_frames()
    return frames["2021"].level1_of(key) is not None and frames["2020"].level1_of(key) is None


def _department_matches(rows: list[Row], book: LabelBook, pattern: re.Pattern[str]) -> bool:
    for row in rows:
        filled = row.filled()
        for i, (pos, cell) in enumerate(filled):
            hit = book.match(row.raw[pos], cell)
            if hit is None or hit.spec != LabelSpec(Kind.FIELD, "department"):
                continue
            value = hit.value if hit.value is not None else (filled[i + 1][1] if i + 1 < len(filled) else "")
            return pattern.match(value) is not None
    return False
