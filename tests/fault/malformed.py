"""Generators of malformed imports: each input is one a careful program must refuse (exit 2) or find nothing in
(exit 1) — never import, never crash. Deterministic for a given random generator (figures.rng)."""

from __future__ import annotations

import copy
import io
import json
import random as _random
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from openpyxl import Workbook as XlWorkbook

from tests.hostile import nested, sample_document, with_hidden_json

Case = tuple[str, Callable[[Path], Path]]

# Values no reader may accept where a typed value is expected.
_HOSTILE_VALUES: list[Any] = [
    2**63, -(2**63) - 1, 10**25, -1, 0, 99999, 1.5, True, "2024", "", [], {}, [1, 2], {"a": 1}, "\ud800",
    "x\udfffy", "1" + "0" * 30, "0." + "1" * 12, "1e5", "NaN", "--5", "五十", " 30 ", nested(2),
]  # fmt: skip
# (path in the first project, the values that are wrong there)
_TARGETS: list[tuple[str, list[Any]]] = [
    ("year", [v for v in _HOSTILE_VALUES if not (isinstance(v, int) and 2000 <= v <= 2100)]),
    ("template", ["zz-unknown", "../../etc/passwd", "", "AH-PROJECT ", 7, None, ["ah-project"], "ah-project\udc80"]),
    ("funds.total", [v for v in _HOSTILE_VALUES if v != "2024"]),  # "2024" is a fine amount
    ("funds.fiscal", ["1" * 13, "0.1234567", 30, 30.5, [], "¥30", "1,000"]),
    ("funds", [None, [], "30", 30]),
    ("indicators", [None, {}, "指标", 3]),
    ("indicators.0", [None, [], "指标", 3, {"level1": None}, {"level1": 3}]),
    ("indicators.0.value", [3, [], {}, True, "\ud83d"]),
    ("name", [3, [], {}, True, "\udbff"]),
    ("status", ["done", None, 1, "FINAL"]),
    ("spending_plan", ["25%", {}, 3, [3], [{"month": 13, "percent": "1"}], [{"month": 3, "percent": "1" * 13}]]),
    ("midterm", ["2024-2026", 3, []]),
    ("midterm.start", [2**63, -1, "2024", 1.5]),
    ("department", ["039", 3, []]),
]


def _set(doc: dict[str, Any], dotted: str, value: Any) -> None:
    target: Any = doc["projects"][0]
    *parents, last = dotted.split(".")
    for part in parents:
        if part == "midterm" and target.get("midterm") is None:
            target["midterm"] = {"start": 2024, "end": 2026, "goal": None, "funds": None}
        target = target[int(part)] if part.isdigit() else target[part]
    if isinstance(target, list):
        target[int(last)] = value
    else:
        target[last] = value


def json_cases(random: _random.Random, count: int) -> Iterator[Case]:
    """Interchange documents spoiled in a typed field, at the top, in their syntax or by hostile tokens."""
    base = sample_document()
    text = json.dumps(base)
    spoilers: list[Callable[[], tuple[str, str]]] = []
    for dotted, values in _TARGETS:
        for value in values:
            spoilers.append(lambda d=dotted, v=value: (f"{d} = {json.dumps(v)[:24]}", _typed(base, d, v)))
    spoilers += [
        lambda: ("format missing", text.replace('"jixiao-workbook"', '"other"')),
        lambda: ("version 99", text.replace('"version": 2', '"version": 99')),
        lambda: ("projects not a list", text.replace('"projects": [', '"projects": {"x": [', 1)[:-1] + "}}"),
    ]
    for _ in range(count):
        kind = random.random()
        if kind < 0.6:
            name, body = random.choice(spoilers)()
        elif kind < 0.75:
            cut = random.randrange(0, len(text.rstrip()))
            name, body = f"cut at {cut}", text[:cut]
        elif kind < 0.85:
            depth = random.choice([65, 100, 990, 5000, 50_000])
            name, body = f"nesting {depth}", text.replace("{", '{"x-deep": ' + nested(depth) + ",", 2)
        elif kind < 0.95:
            digits = random.choice([31, 100, 4301, 20_000])
            name, body = f"integer of {digits} digits", text.replace("{", '{"x-big": ' + "7" * digits + ",", 2)
        else:
            name, body = "random bytes", random.randbytes(random.randrange(1, 2000)).decode("latin-1")
        yield (f"json: {name}", _writer(".json", body.encode("utf-8", "surrogatepass")))


def _typed(base: dict[str, Any], dotted: str, value: Any) -> str:
    doc = copy.deepcopy(base)
    _set(doc, dotted, value)
    return json.dumps(doc)  # ASCII: lone surrogates become \\udXXX escapes, as in a hostile file


def _writer(suffix: str, data: bytes) -> Callable[[Path], Path]:
    def write(folder: Path) -> Path:
        path = folder / f"输入{suffix}"
        path.write_bytes(data)
        return path

    return write


def xlsx_cases(random: _random.Random, count: int, exported: bytes, exported_path: Path) -> Iterator[Case]:
    """Our own export cut short, corrupted, bombed, spoiled in its hidden sheet; files that only claim to be .xlsx."""
    members = zipfile.ZipFile(io.BytesIO(exported)).infolist()
    workbook_xml = next(m for m in members if m.filename == "xl/workbook.xml")
    hostile_hidden = [
        '{"format": "jixiao-workbook", "version": 2, "x": ' + nested(500) + ', "projects": []}',
        '{"format": "jixiao-workbook", "version": 2, "projects": [], "n": ' + "9" * 5000 + "}",
        '{"format": "jixiao-workbook", "version": 2, "projects": [], "s": "\\ud800"}',
        '{"format": "jixiao-workbook", "version": 2, "projects": [], "n": NaN}',
    ]
    for _ in range(count):
        kind = random.random()
        if kind < 0.3:
            cut = random.randrange(0, len(exported) - 22)  # anywhere before the end-of-directory record
            yield (f"xlsx: cut at {cut}", _writer(".xlsx", exported[:cut]))
        elif kind < 0.45:
            start = workbook_xml.header_offset + 30 + len(workbook_xml.filename.encode()) + len(workbook_xml.extra)
            at = start + random.randrange(0, workbook_xml.compress_size)
            spoiled = bytearray(exported)
            spoiled[at] ^= random.randrange(1, 256)
            yield (f"xlsx: workbook.xml byte {at} flipped", _writer(".xlsx", bytes(spoiled)))
        elif kind < 0.55:
            yield ("xlsx: workbook.xml not XML", _writer(".xlsx", _replace_member(exported, "xl/workbook.xml", b"<x")))
        elif kind < 0.65:
            yield ("xlsx: zip bomb", _writer(".xlsx", _bomb(random)))
        elif kind < 0.8:
            text = random.choice(hostile_hidden)
            yield (
                "xlsx: hostile hidden sheet",
                lambda folder, t=text: with_hidden_json(exported_path, t, folder / "输入.xlsx"),
            )
        elif kind < 0.9:
            head = random.choice([b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"<html><table>", "项目名称\t".encode(), b""])
            yield ("xlsx: not a zip", _writer(".xlsx", head + random.randbytes(random.randrange(0, 3000))))
        else:
            yield ("xlsx: sheets without any form", _no_form(random))


def _replace_member(exported: bytes, name: str, data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(exported)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            target.writestr(member, data if member.filename == name else source.read(member))
    return out.getvalue()


def _bomb(random: _random.Random) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/sharedStrings.xml", b"\0" * random.choice([2, 5, 9]) * 1024 * 1024)
    return out.getvalue()


def _no_form(random: _random.Random) -> Callable[[Path], Path]:
    words = ["说明", "合计", "备注", "单位：万元", "附件", "2024", "序号", "名称"]

    def write(folder: Path) -> Path:
        book = XlWorkbook()
        sheet = book.active
        for r in range(1, random.randrange(2, 30)):
            for c in range(1, random.randrange(2, 8)):
                sheet.cell(row=r, column=c, value=random.choice(words + [random.randrange(1000)]))
        path = folder / "输入.xlsx"
        book.save(path)
        return path

    return write


def text_cases(random: _random.Random, count: int) -> Iterator[Case]:
    """Binary files named .txt, text in no known layout, fragments of forms without any project name."""
    fragments = ["产出指标", "数量指标", "指标值", "单位：万元", "年度目标", "≥95%", "合计", "备注", "1", "-", "——"]
    for _ in range(count):
        kind = random.random()
        if kind < 0.3:
            data = random.randbytes(random.randrange(1, 3000)) + b"\x00\x01"
            yield ("text: binary", _writer(".txt", data))
        elif kind < 0.6:
            cells = [random.choice(fragments) for _ in range(random.randrange(1, 300))]
            seps = ["\t", "\n", "\r\n", " ", ""]
            body = "".join(c + random.choice(seps) for c in cells)
            yield ("text: fragments without a form", _writer(".txt", body.encode(random.choice(["utf-8", "gb18030"]))))
        elif kind < 0.8:
            body = "".join(
                chr(random.randrange(0x4E00, 0x9FA5)) if random.random() < 0.7 else random.choice("\t\n 0123456789%.")
                for _ in range(random.randrange(1, 5000))
            )
            yield ("text: random Chinese", _writer(".txt", body.encode("utf-8")))
        else:
            body = random.choice(["", " ", "\n\n\n", "\ufeff", "\t\t\t\n"])
            yield ("text: blank", _writer(".txt", body.encode("utf-8")))
