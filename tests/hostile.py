"""Hostile and malformed inputs shared by the reliability tests and the fault suite (tests/fault/)."""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from desktop.io.interchange import workbook_to_json
from desktop.io.xlsx.embed import CHUNK, EMBED_SHEET

Edit = Callable[[dict[str, Any]], None]


def sample_document() -> dict[str, Any]:
    """The interchange document of the demo's first project (a valid, complete 安徽 form)."""
    from desktop.io.demo import demo_workbook

    workbook = demo_workbook()
    workbook.projects = workbook.projects[:1]
    return workbook_to_json(workbook)


def project_edit(key: str, value: Any) -> Edit:
    """An edit setting one key of the first project (dotted for nested: "funds.total", "midterm.start")."""

    def apply(doc: dict[str, Any]) -> None:
        target = doc["projects"][0]
        *parents, last = key.split(".")
        for part in parents:
            if target.get(part) is None:
                target[part] = {"start": None, "end": None, "goal": None, "funds": dict.fromkeys(FUNDS)}
            target = target[part]
        target[last] = value

    return apply


FUNDS = ("total", "fiscal", "carryover", "other")


def nested(depth: int) -> str:
    """JSON text of a value nested `depth` levels deep (json.dumps itself would hit the recursion limit)."""
    return "[" * depth + "0" + "]" * depth


# Each hostile JSON case of issue 17, item 2 and 9: a name, an edit of the sample document (or raw text to
# splice in), and a word the refusal must contain.
HOSTILE_JSON: dict[str, tuple[Edit | None, str | None, str]] = {
    "total 10^26": (project_edit("funds.total", "1" + "0" * 26), None, "太大"),
    "28 decimals": (project_edit("funds.fiscal", "0." + "1" * 28), None, "小数位太多"),
    "year 2^63": (project_edit("year", 2**63), None, "不是有效年度"),
    "year -1": (project_edit("year", -1), None, "不是有效年度"),
    "year 0": (project_edit("year", 0), None, "不是有效年度"),
    "year 99999": (project_edit("year", 99999), None, "不是有效年度"),
    "midterm start 2^63": (project_edit("midterm.start", 2**63), None, "不是有效年度"),
    "percent 10^27": (project_edit("spending_plan", [{"month": 12, "percent": "1" + "0" * 27}]), None, "百分比"),
    "lone surrogate in name": (project_edit("name", "医保\ud800"), None, "代理字符"),
    "lone surrogate under unknown key": (None, '"x-note": {"\\udfff": 1},', "代理字符"),
    "nesting 990 under unknown key": (None, '"x-deep": ' + nested(990) + ",", "嵌套"),
    "integer of 5000 digits": (None, '"x-big": ' + "9" * 5000 + ",", "整数"),
    "NaN": (None, '"x-nan": NaN,', "NaN"),
    "layout zz-unknown": (project_edit("template", "zz-unknown"), None, "ah-project"),
    "layout path": (project_edit("template", "../../etc/passwd"), None, "不是本程序认识的版式"),
}


def hostile_json_text(name: str) -> str:
    """The text of the sample document spoiled by the hostile case `name`."""
    edit, splice, _ = HOSTILE_JSON[name]
    doc = copy.deepcopy(sample_document())
    if edit is not None:
        edit(doc)
    text = json.dumps(doc)  # ASCII: a lone surrogate becomes the escape "\\ud800", as a hostile file has it
    if splice is not None:
        # Inside the first project object, before its first key.
        text = text.replace('"projects": [{', '"projects": [{' + splice, 1)
    return text


def with_hidden_json(exported_xlsx: Path, text: str, out: Path) -> Path:
    """A copy of our own xlsx export whose hidden sheet holds `text`, with a checksum that matches it."""
    book = load_workbook(exported_xlsx)
    sheet = book[EMBED_SHEET]
    chunks = [text[i : i + CHUNK] for i in range(0, len(text), CHUNK)]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = rows[0]
    entries = [r for r in rows if r and r[0] == "sheet"]
    sheet.delete_rows(1, sheet.max_row)
    new_rows: list[list[Any]] = [list(header)]
    new_rows.append(["json", hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(), len(chunks)])
    new_rows += [["chunk", c] for c in chunks]
    new_rows += entries
    for r, row in enumerate(new_rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is None:
                continue
            cell = sheet.cell(row=r, column=c, value=value)
            if isinstance(value, str):
                cell.data_type = "s"
    book.save(out)
    return out
