"""Document layouts: which parts and tables a region's department documents print, in which order, with which titles.

One TOML file per document in resources/documents/ (Anhui's 部门预算 and project package, Hebei's 绩效文本, Jiangxi's
部门预算). The tables themselves are computed by `desktop.domain.department.tables`; a layout picks tables by id and
their columns by id, and gives them the region's titles. Everything is checked when the file is loaded, so a typo in
a table or column id is reported with the file and key instead of surfacing in an export.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from desktop.datafile import DataFileError, Table, read_toml
from desktop.resources import resource_path
from desktop.templates.department_tables import AMOUNT_COLUMNS, TABLE_IDS, TEXT_COLUMNS

DOCUMENT_KIND = "文件版式"

DOCUMENT_KINDS: tuple[str, ...] = ("department-budget", "performance-text", "project-package")
# Each part kind and the sections it may list.
PART_SECTIONS: Mapping[str, frozenset[str]] = {
    "cover": frozenset(),
    "contents": frozenset(),
    "overview": frozenset({"duties", "units", "tasks"}),
    "tables": frozenset(),
    "explanations": frozenset(),
    "other_matters": frozenset({"projects", "operating_costs", "three_public", "procurement", "assets", "performance"}),
    "glossary": frozenset(),
    "overall_target": frozenset({"goals", "items", "measures", "annual_goal", "indicators"}),
    "public_list": frozenset(),
    "forms": frozenset(),
}


class DocumentLayoutError(DataFileError):
    """A document layout file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Section:
    """One section of a part (主要职责, 总体绩效目标, …) with its printed heading."""

    id: str
    title: str | None


@dataclass(frozen=True)
class Part:
    """One part of the document, in print order. `template` is the form layout of a `forms` part (None: each
    project's own)."""

    kind: str
    title: str | None
    sections: tuple[Section, ...] = ()
    template: str | None = None
    optional: bool = False


@dataclass(frozen=True)
class TableColumn:
    """One printed column: the computed column id and its heading."""

    id: str
    label: str


@dataclass(frozen=True)
class TableSpec:
    """One table the `tables` part prints: computed table id, title ({department}, {year}), columns, empty note."""

    id: str
    title: str
    columns: tuple[TableColumn, ...]
    number: str | None = None
    empty_note: str | None = None

    def heading(self, department: str, year: int) -> str:
        """The title as printed ("泗县医疗保障局2024年收支总表")."""
        return self.title.format(department=department, year=year)


@dataclass(frozen=True)
class DocumentLayout:
    """A document layout as described by its file."""

    id: str
    name: str
    region: str
    kind: str
    cover_title: str | None
    parts: tuple[Part, ...]
    tables: tuple[TableSpec, ...]

    def table(self, table_id: str) -> TableSpec | None:
        """The spec of a printed table, or None when this document does not print it."""
        return next((t for t in self.tables if t.id == table_id), None)

    def table_ids(self) -> tuple[str, ...]:
        """The printed tables' ids in print order."""
        return tuple(t.id for t in self.tables)


def _section(table: Table, allowed: frozenset[str], where: str) -> Section:
    table.only(("id", "title"))
    section_id = table.text("id")
    if section_id not in allowed:
        names = "、".join(sorted(allowed)) or "（此部分没有小节）"
        raise table.fail("id", f"“{section_id}”不是此部分的小节，可用：{names}")
    return Section(section_id, table.optional_text("title"))


def _part(table: Table) -> Part:
    table.only(("kind", "title", "sections", "template", "optional"))
    kind = table.choice("kind", tuple(PART_SECTIONS), "cover")
    allowed = PART_SECTIONS[kind]
    sections = tuple(_section(s, allowed, kind) for s in table.tables("sections", required=False, what="个小节"))
    template = table.optional_text("template")
    if template is not None and kind != "forms":
        raise table.fail("template", "只有 forms 部分可以指定项目表版式")
    return Part(kind, table.optional_text("title"), sections, template, table.flag("optional", False))


def _table_spec(table: Table) -> TableSpec:
    table.only(("id", "title", "number", "columns", "empty_note"))
    table_id = table.text("id")
    if table_id not in TABLE_IDS:
        raise table.fail("id", f"没有“{table_id}”这张表，可用：{'、'.join(TABLE_IDS)}")
    known = (*TEXT_COLUMNS[table_id], *AMOUNT_COLUMNS[table_id])
    columns = []
    for column in table.tables("columns", what="列"):
        column.only(("id", "label"))
        column_id = column.text("id")
        if column_id not in known:
            raise column.fail("id", f"表 {table_id} 没有“{column_id}”列，可用：{'、'.join(known)}")
        columns.append(TableColumn(column_id, column.text("label")))
    title = table.text("title")
    try:
        title.format(department="部门", year=2024)
    except (KeyError, IndexError, ValueError):
        raise table.fail("title", "只能使用 {department} 和 {year} 两个占位符") from None
    return TableSpec(table_id, title, tuple(columns), table.optional_text("number"), table.optional_text("empty_note"))


def parse_document_layout(table: Table) -> DocumentLayout:
    """Check one parsed document layout file and build its typed form."""
    table.only(("id", "name", "region", "kind", "cover_title", "parts", "tables"), hint=True)
    parts = tuple(_part(p) for p in table.tables("parts", what="个部分"))
    specs = tuple(_table_spec(t) for t in table.tables("tables", required=False, what="张表"))
    has_tables_part = any(p.kind == "tables" for p in parts)
    if specs and not has_tables_part:
        raise table.fail("tables", '列出了表，但 parts 中没有 kind = "tables" 的部分')
    if has_tables_part and not specs:
        raise table.fail("tables", "有 tables 部分，但没有列出任何表")
    seen: set[str] = set()
    for spec in specs:
        if spec.id in seen:
            raise table.fail("tables", f"表 {spec.id} 列了两次")
        seen.add(spec.id)
    return DocumentLayout(
        id=table.text("id"),
        name=table.text("name"),
        region=table.text("region"),
        kind=table.choice("kind", DOCUMENT_KINDS, "department-budget"),
        cover_title=table.optional_text("cover_title"),
        parts=parts,
        tables=specs,
    )


def load_document_layout(path: Path) -> DocumentLayout:
    """Read and check one document layout file."""
    layout = parse_document_layout(read_toml(path, DOCUMENT_KIND, DocumentLayoutError))
    if layout.id != path.stem:
        raise DocumentLayoutError(f"{DOCUMENT_KIND} {path.name} 的 id “{layout.id}”应与文件名一致（{path.stem}）")
    return layout


def load_document_layouts(folder: Path | None = None) -> dict[str, DocumentLayout]:
    """All document layouts of a folder (the bundled resources/documents by default), by id, in file-name order."""
    base = folder if folder is not None else resource_path("documents")
    return {d.id: d for d in (load_document_layout(p) for p in sorted(base.glob("*.toml")))}


@cache
def bundled_document_layouts() -> Mapping[str, DocumentLayout]:
    """The bundled document layouts, loaded once per process; each `forms` part names a bundled form layout."""
    from desktop.templates.layouts import bundled_layouts

    layouts = load_document_layouts()
    check_form_templates(layouts, bundled_layouts())
    return layouts


def check_form_templates(documents: Mapping[str, DocumentLayout], forms: Mapping[str, object]) -> None:
    """Refuse a document whose `forms` part names a form layout the program does not have."""
    for document in documents.values():
        for part in document.parts:
            if part.template is not None and part.template not in forms:
                raise DocumentLayoutError(
                    f"{DOCUMENT_KIND} {document.id}.toml 的项目表版式“{part.template}”不存在，可用：{'、'.join(forms)}"
                )


def get_document_layout(layout_id: str) -> DocumentLayout:
    """A bundled document layout by id; raises DocumentLayoutError with a Chinese message for an unknown id."""
    layouts = bundled_document_layouts()
    if layout_id not in layouts:
        raise DocumentLayoutError(f"没有名为“{layout_id}”的文件版式，可用：{'、'.join(layouts)}")
    return layouts[layout_id]
