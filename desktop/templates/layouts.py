"""Loading and checking layout files.

A layout is data (one TOML file per layout in resources/templates/): its title, header fields and labels, funds
rows, indicator columns, frame and printing rules. A broken file is refused with a message naming the file and the
key, so that whoever adds a province's layout sees at once what to fix. The `print` and `sheet` tables are kept as
raw tables here and checked by the exporters that own them.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from desktop.domain.frames import FRAMES, Frame
from desktop.os_errors import os_error_reason
from desktop.resources import resource_path

HEADER_FIELDS: frozenset[str] = frozenset(
    {"name", "code", "department", "implementing_unit", "source", "period", "attribute", "basis"}
)
TEXT_BLOCKS: frozenset[str] = frozenset({"annual_goal", "midterm_goal", "purpose", "basis"})
FUNDS_ROW_KEYS: frozenset[str] = frozenset({"total", "fiscal", "carryover", "other"})
COLUMN_KEYS: frozenset[str] = frozenset({"level1", "level2", "name", "value", "midterm_value", "description", "basis"})
_TOP_KEYS: frozenset[str] = frozenset(
    {
        "id", "name", "region", "frame", "title", "subtitle", "department_format", "print_empty_level2",
        "signatures", "header", "goal", "midterm_goal", "purpose", "labels", "funds", "midterm_funds",
        "spending_plan", "indicators", "unit_line", "amount_unit_line", "filler_line", "print", "sheet",
    }
)  # fmt: skip


class LayoutError(ValueError):
    """A layout file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class FundsRow:
    """One amount row of the funds block: which amount and how the form labels it."""

    key: str
    label: str


@dataclass(frozen=True)
class FundsBlock:
    """The funds block (年度 or 中期) with its label and rows in print order."""

    label: str
    rows: tuple[FundsRow, ...]

    def has(self, key: str) -> bool:
        """True when this block prints the amount `key`."""
        return any(r.key == key for r in self.rows)


@dataclass(frozen=True)
class Column:
    """One indicator-table column: which indicator field it shows and its heading."""

    key: str
    label: str


@dataclass(frozen=True)
class Layout:
    """A form layout (template) as described by its file."""

    id: str
    name: str
    region: str
    frame: Frame
    title: str
    subtitle: str | None
    department_format: str
    print_empty_level2: bool
    signatures: tuple[str, ...]
    header: tuple[tuple[str, ...], ...]
    labels: Mapping[str, str]
    funds: FundsBlock
    midterm_funds: FundsBlock | None
    spending_months: tuple[int, ...] | None
    spending_label: str | None
    goal_label: str
    has_purpose: bool
    has_midterm: bool
    columns: tuple[Column, ...]
    indicators_label: str | None
    unit_line: str | None
    amount_unit_line: str | None
    filler_line: str | None
    print: Mapping[str, Any] = field(default_factory=dict)
    sheet: Mapping[str, Any] = field(default_factory=dict)
    source: Path | None = None

    def label(self, key: str) -> str:
        """The form's label for a field (the built-in Chinese name when the layout gives none)."""
        return self.labels.get(key, DEFAULT_LABELS.get(key, key))

    def header_fields(self) -> tuple[str, ...]:
        """Header fields in reading order (row by row, left to right)."""
        return tuple(f for row in self.header for f in row)

    def column_keys(self) -> frozenset[str]:
        """The indicator fields this layout has a column for."""
        return frozenset(c.key for c in self.columns)

    def format_department(self, code: str | None, name: str | None) -> str:
        """主管部门及代码 written the way this layout prints it (`[039]霍邱县医疗保障局`, `610-弋阳县医疗保障局`)."""
        if code and name:
            return self.department_format.format(code=code, name=name)
        return name or code or ""


DEFAULT_LABELS: Mapping[str, str] = {
    "name": "项目名称",
    "code": "项目编码",
    "department": "主管部门及代码",
    "implementing_unit": "实施单位",
    "source": "项目来源",
    "period": "项目期",
    "attribute": "项目属性",
    "basis": "立项依据",
    "purpose": "资金用途",
    "annual_goal": "年度目标",
    "midterm_goal": "总体目标",
    "total": "年度资金总额",
    "fiscal": "财政拨款",
    "carryover": "上年结转",
    "other": "其他资金",
}


class _Reader:
    """Typed access to one parsed file, raising LayoutError that names the file and the key."""

    def __init__(self, path: Path, data: Mapping[str, Any]) -> None:
        self.path = path
        self.data = data

    def fail(self, key: str, problem: str) -> LayoutError:
        return LayoutError(f"版式文件 {self.path.name} 的“{key}”有误：{problem}")

    def text(self, table: Mapping[str, Any], key: str, where: str, required: bool = True) -> str | None:
        value = table.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(where, "应为非空文字" if value is not None else "缺少此项")
        return value

    def table(self, key: str, required: bool = True) -> Mapping[str, Any] | None:
        value = self.data.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, Mapping):
            raise self.fail(key, "应为一个表（[...] 段）" if value is not None else "缺少此段")
        return value


def _funds_block(reader: _Reader, key: str, required: bool) -> FundsBlock | None:
    table = reader.table(key, required)
    if table is None:
        return None
    label = reader.text(table, "label", f"{key}.label")
    rows = table.get("rows")
    if not isinstance(rows, list) or not rows:
        raise reader.fail(f"{key}.rows", "应列出至少一行金额")
    parsed: list[FundsRow] = []
    for i, row in enumerate(rows):
        where = f"{key}.rows[{i}]"
        if not isinstance(row, Mapping) or row.get("key") not in FUNDS_ROW_KEYS:
            raise reader.fail(where, f"key 应为 {'、'.join(sorted(FUNDS_ROW_KEYS))} 之一")
        parsed.append(FundsRow(str(row["key"]), reader.text(row, "label", f"{where}.label") or ""))
    if parsed[0].key != "total":
        raise reader.fail(f"{key}.rows", '第一行应为总额（key = "total"）')
    return FundsBlock(label or "", tuple(parsed))


def parse_layout(path: Path, data: Mapping[str, Any]) -> Layout:
    """Check a parsed layout file and build the Layout; raises LayoutError naming the file and the key."""
    r = _Reader(path, data)
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise r.fail(unknown[0], "不认识的项（拼写错误？）")
    layout_id = r.text(data, "id", "id") or ""
    if layout_id != path.stem:
        raise r.fail("id", f"应与文件名一致（{path.stem}）")
    frame_id = r.text(data, "frame", "frame") or ""
    if frame_id not in FRAMES:
        raise r.fail("frame", f"应为 {'、'.join(FRAMES)} 之一")
    header = data.get("header")
    if not isinstance(header, list) or not all(isinstance(row, list) and row for row in header):
        raise r.fail("header", "应为若干行，每行列出字段名")
    for row in header:
        for name in row:
            if name not in HEADER_FIELDS:
                raise r.fail("header", f"不认识的字段“{name}”，可用：{'、'.join(sorted(HEADER_FIELDS))}")
    labels = data.get("labels", {})
    if not isinstance(labels, Mapping) or not all(isinstance(v, str) for v in labels.values()):
        raise r.fail("labels", '应为 字段 = "标签" 的表')
    indicators = r.table("indicators") or {}
    columns_raw = indicators.get("columns")
    if not isinstance(columns_raw, list) or not columns_raw:
        raise r.fail("indicators.columns", "应列出指标表的各列")
    columns: list[Column] = []
    for i, col in enumerate(columns_raw):
        where = f"indicators.columns[{i}]"
        if not isinstance(col, Mapping) or col.get("key") not in COLUMN_KEYS:
            raise r.fail(where, f"key 应为 {'、'.join(sorted(COLUMN_KEYS))} 之一")
        columns.append(Column(str(col["key"]), r.text(col, "label", f"{where}.label") or ""))
    for needed in ("level1", "level2", "name", "value"):
        if needed not in {c.key for c in columns}:
            raise r.fail("indicators.columns", f"缺少 {needed} 列")
    spending = r.table("spending_plan", required=False)
    months: tuple[int, ...] | None = None
    if spending is not None:
        raw_months = spending.get("months")
        if not isinstance(raw_months, list) or not all(isinstance(m, int) and 1 <= m <= 12 for m in raw_months):
            raise r.fail("spending_plan.months", "应为 1–12 的月份列表")
        months = tuple(raw_months)
    signatures = data.get("signatures", [])
    if not isinstance(signatures, list) or not all(isinstance(s, str) for s in signatures):
        raise r.fail("signatures", "应为文字列表")
    print_empty = data.get("print_empty_level2", False)
    if not isinstance(print_empty, bool):
        raise r.fail("print_empty_level2", "应为 true 或 false")
    for key in ("print", "sheet"):
        r.table(key, required=False)
    department_format = r.text(data, "department_format", "department_format", required=False) or "{code} {name}"
    try:
        department_format.format(code="", name="")
    except (KeyError, IndexError, ValueError):
        raise r.fail("department_format", "只能使用 {code} 和 {name}") from None
    goal_key = data.get("goal", "annual_goal")
    return Layout(
        id=layout_id,
        name=r.text(data, "name", "name") or "",
        region=r.text(data, "region", "region", required=False) or "",
        frame=FRAMES[frame_id],
        title=r.text(data, "title", "title") or "",
        subtitle=r.text(data, "subtitle", "subtitle", required=False),
        department_format=department_format,
        print_empty_level2=print_empty,
        signatures=tuple(signatures),
        header=tuple(tuple(row) for row in header),
        labels=dict(labels),
        funds=_funds_block(r, "funds", required=True) or FundsBlock("", ()),
        midterm_funds=_funds_block(r, "midterm_funds", required=False),
        spending_months=months,
        spending_label=r.text(spending, "label", "spending_plan.label") if spending is not None else None,
        goal_label=str(labels.get(goal_key, DEFAULT_LABELS["annual_goal"])),
        has_purpose="purpose" in data,
        has_midterm="midterm_funds" in data or "midterm_goal" in data,
        columns=tuple(columns),
        indicators_label=r.text(indicators, "label", "indicators.label", required=False),
        unit_line=r.text(data, "unit_line", "unit_line", required=False),
        amount_unit_line=r.text(data, "amount_unit_line", "amount_unit_line", required=False),
        filler_line=r.text(data, "filler_line", "filler_line", required=False),
        print=dict(data.get("print", {})),
        sheet=dict(data.get("sheet", {})),
        source=path,
    )


def load_layout(path: Path) -> Layout:
    """Read and check one layout file."""
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except OSError as exc:
        raise LayoutError(f"无法读取版式文件 {path.name}：{os_error_reason(exc)}") from None
    except tomllib.TOMLDecodeError as exc:
        raise LayoutError(f"版式文件 {path.name} 格式有误：{exc}") from None
    return parse_layout(path, data)


def load_layouts(folder: Path | None = None) -> dict[str, Layout]:
    """All layouts of a folder (the bundled resources/templates by default), by id, in file-name order."""
    base = folder if folder is not None else resource_path("templates")
    return {layout.id: layout for layout in (load_layout(p) for p in sorted(base.glob("*.toml")))}


@cache
def bundled_layouts() -> Mapping[str, Layout]:
    """The bundled layouts, loaded once per process."""
    return load_layouts()


def get_layout(layout_id: str) -> Layout:
    """A bundled layout by id; raises LayoutError with a Chinese message for an unknown id."""
    layouts = bundled_layouts()
    if layout_id not in layouts:
        raise LayoutError(f"没有名为“{layout_id}”的版式，可用：{'、'.join(layouts)}")
    return layouts[layout_id]
