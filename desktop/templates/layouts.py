"""Loading and checking layout files.

A layout is data (one TOML file per layout in resources/templates/): its title, header fields and labels, funds
rows, indicator columns, frame and printing rules. A broken file is refused with a message naming the file and the
key, so that whoever adds a province's layout sees at once what to fix. The `print` and `sheet` tables are checked here
too (templates/printing.py, templates/sheet.py), so an exporter never meets a raw table: when a file is loaded, or for
a shipped layout (checked by the tests) when first printed or exported, so that showing a project needs neither.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.datafile import DataFileError, Table, read_shipped_toml, read_toml
from desktop.resources import resource_path
from desktop.templates.frames import Frame, bundled_frame, bundled_frame_ids, parse_frame

if TYPE_CHECKING:  # imported by `Layout.print` / `Layout.sheet` when first asked for (printing, exporting)
    from desktop.templates.printing import PrintConfig
    from desktop.templates.sheet import SheetSpec

LAYOUT_KIND = "版式文件"

HEADER_FIELDS: frozenset[str] = frozenset(
    {"name", "code", "department", "implementing_unit", "source", "period", "attribute", "basis"}
)
FUNDS_ROW_KEYS: frozenset[str] = frozenset({"total", "fiscal", "carryover", "other"})
COLUMN_KEYS: frozenset[str] = frozenset(
    {"level1", "level2", "name", "value", "midterm_value", "description", "basis", "midterm_name"}
)
_TOP_KEYS: frozenset[str] = frozenset(
    {
        "id", "name", "region", "frame", "title", "subtitle", "department_format", "print_empty_level2",
        "signatures", "header", "goal", "midterm_goal", "purpose", "labels", "funds", "midterm_funds",
        "spending_plan", "indicators", "unit_line", "amount_unit_line", "filler_line", "print", "sheet",
        "optional_rows", "not_printed", "amounts",
    }
)  # fmt: skip

# Everything a project holds that a printed form could show, by the name a layout's `not_printed` table uses: the
# project's fields, each amount, and each indicator field. A layout prints each of them or says why it cannot.
PAPER_FIELDS: tuple[str, ...] = (
    "name", "code", "department", "implementing_unit", "source", "period", "attribute", "basis", "purpose",
    "annual_goal", "funds.total", "funds.fiscal", "funds.carryover", "funds.other", "midterm.goal",
    "midterm.period", "midterm.funds", "spending_plan", "kind", "function_code", "funds_by_source", "overview",
    "indicator.name", "indicator.value", "indicator.midterm_value", "indicator.midterm_name",
    "indicator.description", "indicator.basis", "indicator.prior_value",
)  # fmt: skip


class LayoutError(DataFileError):
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
    optional_rows: tuple[str, ...] = ()
    not_printed: Mapping[str, str] = field(default_factory=dict)
    amount_decimals: int | None = None
    amount_thousands: bool = False
    source: Path | None = None
    # The file's `[print]` and `[sheet]` tables (None: not in the file, defaults apply), built into `print` and
    # `sheet` when first asked for: showing a project needs neither, so the window starts without their modules.
    print_table: Table | None = field(default=None, repr=False, compare=False)
    sheet_table: Table | None = field(default=None, repr=False, compare=False)

    @cached_property
    def print(self) -> PrintConfig:
        """How the form is arranged on paper (templates/printing.py); raises LayoutError for a broken `[print]`."""
        from desktop.templates.printing import parse_print

        return parse_print(self.print_table or self._empty_table("print"), self)

    @cached_property
    def sheet(self) -> SheetSpec:
        """How the form is arranged on a sheet (templates/sheet.py); raises LayoutError for a broken `[sheet]`."""
        from desktop.templates.sheet import parse_sheet

        return parse_sheet(self.sheet_table or self._empty_table("sheet"), self)

    def _empty_table(self, key: str) -> Table:
        return Table(self.source or Path(f"{self.id}.toml"), LAYOUT_KIND, {}, key, LayoutError)

    def label(self, key: str) -> str:
        """The form's label for a field (the built-in Chinese name when the layout gives none)."""
        return self.labels.get(key, DEFAULT_LABELS.get(key, key))

    def header_fields(self) -> tuple[str, ...]:
        """Header fields in reading order (row by row, left to right)."""
        return tuple(f for row in self.header for f in row)

    def column_keys(self) -> frozenset[str]:
        """The indicator fields this layout has a column for."""
        return frozenset(c.key for c in self.columns)

    def printed_fields(self) -> frozenset[str]:
        """The PAPER_FIELDS this layout has a place for on paper (optional rows included)."""
        printed = {"name", "annual_goal", *self.header_fields(), *self.optional_rows}
        lines = " ".join(t for t in (self.unit_line, self.filler_line, self.title) if t)
        if "{unit_name}" in lines or "{unit_code}" in lines:
            printed.add("implementing_unit")
        if "{department}" in lines:
            printed.add("department")
        if self.has_purpose:
            printed.add("purpose")
        printed.update(f"funds.{row.key}" for row in self.funds.rows)
        if self.midterm_funds is not None:
            printed.add("midterm.funds")
        if self.has_midterm:
            printed.update(("midterm.goal", "midterm.period"))
        if self.spending_months:
            printed.add("spending_plan")
        printed.update(f"indicator.{key}" for key in self.column_keys() if key not in ("level1", "level2"))
        return frozenset(printed)

    def format_amount(self, value: Decimal | None) -> str:
        """An amount as this layout prints it: the layout's decimals (more only where the amount has them, so
        nothing is rounded away) and thousands separators where it asks for them; blank for None."""
        if value is None:
            return ""
        exponent = value.as_tuple().exponent
        own = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        places = own if self.amount_decimals is None else max(self.amount_decimals, own)
        return f"{value:{',' if self.amount_thousands else ''}.{places}f}"

    def amount_number_format(self, value: Decimal | None = None) -> str | None:
        """The Excel number format of this layout's amounts (`0.00`, `#,##0.00`), or None when the layout leaves
        amounts as typed; `value` with more decimals than the layout keeps them."""
        if self.amount_decimals is None:
            return None
        exponent = value.as_tuple().exponent if value is not None else 0
        places = max(self.amount_decimals, -exponent if isinstance(exponent, int) and exponent < 0 else 0)
        return ("#,##0" if self.amount_thousands else "0") + ("." + "0" * places if places else "")

    def midterm_goal_label(self, start: int | None, end: int | None) -> str:
        """总体目标 as printed: with the period (`总体目标（2021—2023年）`) when both years are known, else the label
        without its bracketed period (never `总体目标（—年）`)."""
        label = self.label("midterm_goal")
        if start is not None and end is not None:
            try:
                return label.format(start=start, end=end)
            except (KeyError, IndexError, ValueError):
                return label
        if "{" not in label:
            return label
        return label.split("{")[0].rstrip("（( -—") or DEFAULT_LABELS["midterm_goal"]

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


def _funds_block(data: Table, key: str) -> FundsBlock | None:
    table = data.optional_table(key)
    if table is None:
        return None
    parsed: list[FundsRow] = []
    for row in table.tables("rows", what="行金额"):
        if row.raw("key") not in FUNDS_ROW_KEYS:
            raise row.fail("", f"key 应为 {'、'.join(sorted(FUNDS_ROW_KEYS))} 之一")
        parsed.append(FundsRow(str(row.raw("key")), row.text("label")))
    if parsed[0].key != "total":
        raise table.fail("rows", '第一行应为总额（key = "total"）')
    return FundsBlock(table.text("label"), tuple(parsed))


def _frame(data: Table) -> Frame:
    """`frame = "2020"` names a bundled frame; a `[frame]` table defines the layout's own."""
    if isinstance(data.raw("frame"), Mapping):
        return parse_frame(data.table("frame"))
    frame_id = data.optional_text("frame")
    if frame_id is None:
        raise data.fail("frame", '缺少此项（写 frame = "2020"，或用 [frame] 段定义本版式自己的指标框架）')
    frame = bundled_frame(frame_id)
    if frame is None:
        raise data.fail("frame", f"应为 {'、'.join(bundled_frame_ids())} 之一，或用 [frame] 段定义本版式自己的指标框架")
    return frame


def _header(data: Table) -> tuple[tuple[str, ...], ...]:
    header = data.raw("header")
    if not isinstance(header, list) or not header or not all(isinstance(row, list) and row for row in header):
        raise data.fail("header", "应为若干行，每行列出字段名")
    for row in header:
        for name in row:
            if name not in HEADER_FIELDS:
                raise data.fail("header", f"不认识的字段“{name}”，可用：{'、'.join(sorted(HEADER_FIELDS))}")
    return tuple(tuple(str(name) for name in row) for row in header)


def _columns(data: Table) -> tuple[str | None, tuple[Column, ...]]:
    indicators = data.table("indicators")
    columns: list[Column] = []
    for col in indicators.tables("columns", what="列"):
        if col.raw("key") not in COLUMN_KEYS:
            raise col.fail("", f"key 应为 {'、'.join(sorted(COLUMN_KEYS))} 之一")
        columns.append(Column(str(col.raw("key")), col.text("label")))
    for needed in ("level1", "level2", "name", "value"):
        if needed not in {c.key for c in columns}:
            raise indicators.fail("columns", f"缺少 {needed} 列")
    return indicators.optional_text("label"), tuple(columns)


def _labels(data: Table) -> dict[str, str]:
    labels = data.raw("labels") or {}
    if not isinstance(labels, Mapping) or not all(isinstance(v, str) for v in labels.values()):
        raise data.fail("labels", '应为 字段 = "标签" 的表')
    return {str(k): v for k, v in labels.items()}


def _spending(data: Table) -> tuple[tuple[int, ...] | None, str | None]:
    spending = data.optional_table("spending_plan")
    if spending is None:
        return None, None
    raw_months = spending.raw("months")
    if not isinstance(raw_months, list) or not all(
        isinstance(m, int) and not isinstance(m, bool) and 1 <= m <= 12 for m in raw_months
    ):
        raise spending.fail("months", "应为 1–12 的月份列表")
    return tuple(int(m) for m in raw_months), spending.text("label")


def _optional_rows(data: Table, header: tuple[tuple[str, ...], ...]) -> tuple[str, ...]:
    rows = data.raw("optional_rows")
    if rows is None:
        return ()
    if not isinstance(rows, list) or not all(isinstance(k, str) and k in HEADER_FIELDS for k in rows):
        raise data.fail("optional_rows", f"应为字段名列表，可用：{'、'.join(sorted(HEADER_FIELDS))}")
    twice = [k for k in rows if k in {f for row in header for f in row}]
    if twice:
        raise data.fail("optional_rows", f"“{twice[0]}”已在 header 中")
    return tuple(rows)


def _not_printed(data: Table) -> dict[str, str]:
    raw = data.raw("not_printed") or {}
    if not isinstance(raw, Mapping) or not all(isinstance(v, str) and v.strip() for v in raw.values()):
        raise data.fail("not_printed", '应为 字段 = "不印的理由" 的表')
    unknown = [k for k in raw if k not in PAPER_FIELDS]
    if unknown:
        raise data.fail(f"not_printed.{unknown[0]}", f"不认识的字段，可用：{'、'.join(PAPER_FIELDS)}")
    return {str(k): str(v) for k, v in raw.items()}


def _amounts(data: Table) -> tuple[int | None, bool]:
    table = data.optional_table("amounts")
    if table is None:
        return None, False
    decimals = table.raw("decimals")
    if decimals is not None and (isinstance(decimals, bool) or decimals not in (0, 1, 2, 3, 4)):
        raise table.fail("decimals", "应为 0（整数）到 4 之间的小数位数")
    thousands = table.raw("thousands")
    if thousands is not None and not isinstance(thousands, bool):
        raise table.fail("thousands", "应为 true 或 false")
    return decimals, bool(thousands)


def _check_paper(data: Table, layout: Layout) -> None:
    """Every field a project holds is printed by the layout or has a reason in `not_printed` — not both."""
    printed = layout.printed_fields()
    missing = [f for f in PAPER_FIELDS if f not in printed and f not in layout.not_printed]
    if missing:
        raise data.fail("not_printed", f"“{missing[0]}”既不印在表上，也没有说明不印的理由")
    both = [f for f in layout.not_printed if f in printed]
    if both:
        raise data.fail(f"not_printed.{both[0]}", "该字段本版式会印出，不应列在 not_printed 中")


def parse_layout(path: Path, data: Mapping[str, Any]) -> Layout:
    """Check a parsed layout file and build the Layout; raises LayoutError naming the file and the key."""
    return parse_layout_table(Table(path, LAYOUT_KIND, data, "", LayoutError))


def parse_layout_table(r: Table) -> Layout:
    """Check one layout file's top table and build the Layout, its print and sheet settings included."""
    layout = _parse_layout_table(r)
    _ = layout.print, layout.sheet  # checked now, so that a broken file is refused when it is loaded
    return layout


def _parse_layout_table(r: Table) -> Layout:
    """The Layout of one file's top table, its `[print]` and `[sheet]` tables left to be checked when first used."""
    path = r.path
    r.only(_TOP_KEYS)
    layout_id = r.text("id")
    if layout_id != path.stem:
        raise r.fail("id", f"应与文件名一致（{path.stem}）")
    frame = _frame(r)
    labels = _labels(r)
    indicators_label, columns = _columns(r)
    months, spending_label = _spending(r)
    department_format = r.optional_text("department_format") or "{code} {name}"
    try:
        department_format.format(code="", name="")
    except (KeyError, IndexError, ValueError):
        raise r.fail("department_format", "只能使用 {code} 和 {name}") from None
    funds = _funds_block(r, "funds")
    if funds is None:
        raise r.fail("funds", "缺少此段")
    goal_key = r.optional_text("goal") or "annual_goal"
    header = _header(r)
    decimals, thousands = _amounts(r)
    layout = Layout(
        id=layout_id,
        name=r.text("name"),
        region=r.optional_text("region") or "",
        frame=frame,
        title=r.text("title"),
        subtitle=r.optional_text("subtitle"),
        department_format=department_format,
        print_empty_level2=r.flag("print_empty_level2", False),
        signatures=r.texts("signatures"),
        header=header,
        labels=labels,
        funds=funds,
        midterm_funds=_funds_block(r, "midterm_funds"),
        spending_months=months,
        spending_label=spending_label,
        goal_label=labels.get(goal_key, DEFAULT_LABELS["annual_goal"]),
        has_purpose="purpose" in r,
        has_midterm="midterm_funds" in r or "midterm_goal" in r,
        columns=columns,
        indicators_label=indicators_label,
        unit_line=r.optional_text("unit_line"),
        amount_unit_line=r.optional_text("amount_unit_line"),
        filler_line=r.optional_text("filler_line"),
        optional_rows=_optional_rows(r, header),
        not_printed=_not_printed(r),
        amount_decimals=decimals,
        amount_thousands=thousands,
        source=path,
        print_table=r.optional_table("print"),
        sheet_table=r.optional_table("sheet"),
    )
    _check_paper(r, layout)
    return layout


def load_layout(path: Path) -> Layout:
    """Read and check one layout file."""
    return parse_layout_table(read_toml(path, LAYOUT_KIND, LayoutError))


def load_layouts(folder: Path | None = None) -> dict[str, Layout]:
    """All layouts of a folder (the bundled resources/templates by default), by id, in file-name order."""
    if folder is None:
        return {layout.id: layout for layout in (_bundled_file(p) for p in sorted(_bundled_folder().glob("*.toml")))}
    return {layout.id: layout for layout in (load_layout(p) for p in sorted(folder.glob("*.toml")))}


def _bundled_folder() -> Path:
    return resource_path("templates")


@cache
def _bundled_file(path: Path) -> Layout:
    # A shipped file's `[print]` and `[sheet]` are checked by the tests (tests/test_layouts.py), so they are built
    # on first print or export: the window shows a project without importing templates/printing.py and sheet.py.
    return _parse_layout_table(read_shipped_toml(path, LAYOUT_KIND, LayoutError))


def bundled_layout_ids() -> frozenset[str]:
    """The ids of the shipped layouts, without reading them: a layout's id is its file's name (`parse_layout_table`)."""
    return frozenset(p.stem for p in _bundled_folder().glob("*.toml"))


@cache
def bundled_layouts() -> Mapping[str, Layout]:
    """The layouts shipped with the program (resources/templates), loaded once per process."""
    return load_layouts()


def bundled_layout(layout_id: str) -> Layout | None:
    """The shipped layout `layout_id`, reading only its own file (`<id>.toml`); None when there is none.

    Opening a workbook needs the layout of the project on screen, not all of them: the others are read with the
    first check, after the window has painted.
    """
    path = _bundled_folder() / f"{layout_id}.toml"
    if "/" in layout_id or "\\" in layout_id or not path.is_file():
        return None
    layout = _bundled_file(path)
    return layout if layout.id == layout_id else None
