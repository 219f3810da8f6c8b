"""Reading Excel files back: our own exports exactly, other units' sheets by labels, hostile files refused."""

from __future__ import annotations

import dataclasses
import tracemalloc
import zipfile
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import openpyxl
import openpyxl.xml
import pytest
from openpyxl.styles import Border, Side

from desktop.cli import run
from desktop.domain.model import Funds, Indicator, OrgUnit, Project, SpendingStep, Status, Workbook
from desktop.io.demo import demo_workbook
from desktop.io.importing import ImportFailed
from desktop.io.interchange import dumps
from desktop.io.xlsx.export import export_xlsx
from desktop.io.xlsx.importer import read_xlsx, shown_text
from desktop.storage.workbook_file import WorkbookFile

HOSTILE = ("=1+1", '=HYPERLINK("http://x","y")', "+1", "-1", "@SUM(A1)")


def tricky_project() -> Project:
    """Every field filled, with text a spreadsheet would mangle: formulas, line breaks, controls, long text."""
    return Project(
        year=2022,
        template="hb-project",
        name="=1+1",
        code="@SUM(A1)",
        department=OrgUnit("039", "+1 部门"),
        implementing_unit=OrgUnit("362001", "-1 单位"),
        source="财政拨款",
        period="1 年",
        attribute="经常性项目",
        funds=Funds(Decimal("30.00"), Decimal("0.123456"), Decimal("0"), None),  # 6 decimals: the most allowed
        purpose="第一行\r\n第二行\n\n第四行\t制表",
        spending_plan=(SpendingStep(3, Decimal("12.5")), SpendingStep(6, None), SpendingStep(12, Decimal("100"))),
        basis="立项依据\x07响铃",
        annual_goal="目标" * 20_000,  # longer than one Excel cell can hold
        indicators=[
            Indicator("产出指标", "数量指标", f"指标{i}", text, "≥1 次", "描述", "依据")
            for i, text in enumerate(HOSTILE)
        ]
        + [Indicator("自定义一级", None, None, None)],
        status=Status.FINAL,
    )


def load_workbook(path: Path) -> Workbook:
    with WorkbookFile.open(path, read_only=True) as wb_file:
        return wb_file.load()


def test_whole_demo_workbook_round_trips_losslessly(tmp_path: Path) -> None:
    demo = demo_workbook()
    path = tmp_path / "demo.xlsx"
    export_xlsx(demo, path)
    result = read_xlsx(path)
    # The Excel submission carries the projects (the departments' publications are printed, not submitted).
    assert dumps(Workbook(projects=result.projects)) == dumps(Workbook(projects=demo.projects))
    assert result.unplaced == []
    assert "完整数据" in result.notes[0] and "24 个项目" in result.notes[0]


def test_awkward_text_round_trips_losslessly(tmp_path: Path) -> None:
    workbook = Workbook(projects=[tricky_project(), demo_workbook().projects[0]])
    path = tmp_path / "tricky.xlsx"
    export_xlsx(workbook, path)
    assert dumps(Workbook(projects=read_xlsx(path).projects)) == dumps(workbook)
    # The hostile strings are plain text cells, identical when read with openpyxl.
    book = openpyxl.load_workbook(path)
    values = {c.value: c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value in HOSTILE}
    assert set(values) == set(HOSTILE)
    assert all(cell.data_type == "s" for cell in values.values())


def test_cli_export_then_import_gives_the_same_workbook(tmp_path: Path, demo_path: Path) -> None:
    out = tmp_path / "报送.xlsx"
    assert run(["export", str(demo_path), "-o", str(out)]) == 0
    copy = tmp_path / "copy.jixiao"
    assert run(["import", str(out), "--into", str(copy)]) == 0
    assert dumps(load_workbook(copy)) == dumps(Workbook(projects=load_workbook(demo_path).projects))


def test_edited_sheet_is_read_by_its_labels_and_the_rest_exactly(tmp_path: Path) -> None:
    demo = demo_workbook()
    path = tmp_path / "edited.xlsx"
    export_xlsx(demo, path)
    book = openpyxl.load_workbook(path)
    ws = book["2 医疗保障专项业务费"]
    cell = next(c for row in ws.iter_rows() for c in row if c.value == "有效提升")
    cell.value = "显著提升"
    del book["3 居民医保业务经费"]
    book.save(path)
    result = read_xlsx(path)
    names = [p.name for p in result.projects]
    assert "居民医保业务经费" not in names and len(result.projects) == 23
    edited = result.projects[1]
    assert edited.name == "医疗保障专项业务费"
    assert "显著提升" in [i.value for i in edited.indicators]
    assert dumps(Workbook(projects=[result.projects[0], *result.projects[2:]])) == dumps(
        Workbook(projects=[demo.projects[0], *demo.projects[3:]])
    )
    notes = "\n".join(result.notes)
    assert "“2 医疗保障专项业务费”在导出后被修改过（1 条指标）" in notes
    assert "“3 居民医保业务经费”已从文件中删除" in notes
    # The preview lists what the visible cells changed against the copy saved at export.
    assert [e.project for e in result.sheet_edits] == [edited]
    assert any("有效提升 → 显著提升" in line for line in result.sheet_edits[0].diff.lines())
    assert result.ours


def test_damaged_hidden_data_falls_back_to_the_labels(tmp_path: Path) -> None:
    demo = Workbook(projects=demo_workbook().projects[:3])
    path = tmp_path / "damaged.xlsx"
    export_xlsx(demo, path)
    book = openpyxl.load_workbook(path)
    hidden = book["_jixiao"]
    chunk = next(row for row in hidden.iter_rows() if row[0].value == "chunk")
    chunk[1].value = chunk[1].value.replace("城乡医疗救助", "城乡医疗救济")
    book.save(path)
    result = read_xlsx(path)
    assert "校验码不符" in result.notes[0]
    assert [p.name for p in result.projects] == [p.name for p in demo.projects]  # read from the visible sheets


def write_foreign(path: Path, extra_row: tuple[int, list[str]] | None = None) -> None:
    """An 霍邱-style form typed by another unit in Excel: merged cells and borders, no hidden data sheet."""
    rows: list[list[object]] = [
        ["项目支出绩效目标表"],
        ["（2024年度）"],
        ["项目名称", "离休人员医疗费"],
        ["主管部门及代码", "[039]霍邱县医疗保障局", "实施单位", "霍邱县医疗保险管理中心"],
        ["项目来源", "本级申报项目", "项目期", "3 年"],
        ["项目资金（万元）", "年度资金总额：", 200],
        [None, "其中：财政拨款", 200],
        [None, "其他资金", 0],
        ["年度目标", "保障离休人员正常就医，缓解医疗机构垫付资金压力。"],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值"],
        [None, "产出指标", "数量指标", "离休人数", "53 人"],
        [None, None, "质量指标", "离休人员医疗费到位率", "100%"],
        [None, None, "时效指标", "离休人员医疗费拨付及时率", "≥95%"],
        [None, "效益指标", "社会效益指标", "减轻离休人员就医压力", "有效改善"],
        [None, "满意度指标", "满意度指标", "享受就医服务离休人员满意度", "满意"],
    ]
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "绩效目标表"
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                ws.cell(r, c, value)
    for rng in ("A1:E1", "A2:E2", "B3:E3", "D4:E4", "D5:E5", "A6:A8", "C6:E6", "C7:E7", "C8:E8", "B9:E9"):
        ws.merge_cells(rng)
    ws.merge_cells(f"A10:A{len(rows)}")
    ws.merge_cells("B11:B13")
    thin = Side(style="thin")
    for row in ws.iter_rows(min_row=3, max_row=len(rows), max_col=5):
        for cell in row:
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for r in (6, 7):
        ws.cell(r, 3).number_format = "0.00"
    if extra_row is not None:
        ws.insert_rows(extra_row[0])
        for c, value in enumerate(extra_row[1], start=1):
            ws.cell(extra_row[0], c, value)
    book.create_sheet("说明")  # an empty extra sheet, as units often leave
    book.save(path)


def test_a_form_typed_by_another_unit_is_read_by_its_labels(tmp_path: Path) -> None:
    path = tmp_path / "外单位.xlsx"
    write_foreign(path)
    result = read_xlsx(path)
    assert len(result.projects) == 1
    project = result.projects[0]
    assert project.name == "离休人员医疗费" and project.template == "ah-project" and project.year == 2024
    assert project.department == OrgUnit("039", "霍邱县医疗保障局")
    assert project.funds == Funds(Decimal("200.00"), Decimal("200.00"), None, Decimal("0"))
    assert [(i.level1, i.level2, i.name, i.value) for i in project.indicators] == [
        ("产出指标", "数量指标", "离休人数", "53 人"),
        ("产出指标", "质量指标", "离休人员医疗费到位率", "100%"),
        ("产出指标", "时效指标", "离休人员医疗费拨付及时率", "≥95%"),
        ("效益指标", "社会效益指标", "减轻离休人员就医压力", "有效改善"),
        ("满意度指标", "满意度指标", "享受就医服务离休人员满意度", "满意"),
    ]
    assert not any("完整数据" in note for note in result.notes)


def test_unplaced_rows_are_numbered_by_sheet_row(tmp_path: Path) -> None:
    path = tmp_path / "外单位.xlsx"
    write_foreign(path, extra_row=(5, ["联系人", "张三"]))
    result = read_xlsx(path)
    assert result.projects[0].source == "本级申报项目"
    assert [(u.line_no, u.text, u.sheet) for u in result.unplaced] == [(5, "联系人\t张三", "绩效目标表")]
    assert result.unplaced[0].where() == "工作表“绩效目标表”第 5 行"


def test_content_beyond_the_columns_read_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "wide.xlsx"
    write_foreign(path)
    book = openpyxl.load_workbook(path)
    book["绩效目标表"].cell(3, 70, "备注")
    book.save(path)
    result = read_xlsx(path)
    assert result.projects[0].name == "离休人员医疗费"
    assert any("工作表“绩效目标表”超过" in note and "未读取" in note for note in result.notes)


def test_our_export_without_its_hidden_sheet_reads_back_by_labels(tmp_path: Path) -> None:
    demo = demo_workbook()
    path = tmp_path / "copied.xlsx"
    export_xlsx(demo, path)
    book = openpyxl.load_workbook(path)
    del book["_jixiao"]  # what copying the sheets into another workbook does
    book.save(path)
    result = read_xlsx(path)
    assert [p.name for p in result.projects] == [p.name for p in demo.projects]
    for read, original in zip(result.projects, demo.projects, strict=True):
        assert read.funds == original.funds
        assert sorted(map(repr, read.indicators)) == sorted(map(repr, original.indicators))


def test_shown_text_follows_the_number_format() -> None:
    assert shown_text(30, "0.00") == "30.00"
    assert shown_text(0.25, "0%") == "25%"
    assert shown_text(0.125, "0.0%") == "12.5%"
    assert shown_text(18514, "General") == "18514"
    assert shown_text(29.550000000000001, "General") == "29.55"
    assert shown_text(1907400, "#,##0") == "1,907,400"


# ---------------------------------------------------------------- hostile and wrong files


def _rewrite(source: Path, target: Path, member: str, write: Callable[[zipfile.ZipFile, bytes], None]) -> None:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename == member:
                write(new, old.read(member))
            else:
                new.writestr(info, old.read(info.filename))


def _small_xlsx(path: Path) -> Path:
    book = openpyxl.Workbook()
    book.active["A1"] = "项目名称"
    book.save(path)
    return path


def make_zip_bomb(path: Path) -> Path:
    """A valid xlsx whose sheet XML is padded with 50 MB of whitespace (about 50 KB compressed)."""
    base = _small_xlsx(path.with_name("base.xlsx"))

    def pad(archive: zipfile.ZipFile, data: bytes) -> None:
        head, tail = data.split(b"<sheetData>", 1)
        with archive.open("xl/worksheets/sheet1.xml", "w") as out:
            out.write(head)
            for _ in range(50):
                out.write(b" " * (1 << 20))
            out.write(b"<sheetData>" + tail)

    _rewrite(base, path, "xl/worksheets/sheet1.xml", pad)
    return path


def make_billion_laughs(path: Path, member: str = "xl/worksheets/sheet1.xml") -> Path:
    base = _small_xlsx(path.with_name("base.xlsx"))
    entities = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(2, 10))
    doctype = f'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY l1 "lol">{entities}]>'.encode()

    def bomb(archive: zipfile.ZipFile, data: bytes) -> None:
        if member.endswith("sheet1.xml"):
            data = (
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                b'<row r="1"><c r="A1" t="inlineStr"><is><t>&l9;</t></is></c></row></sheetData></worksheet>'
            )
        archive.writestr(member, doctype + data)

    _rewrite(base, path, member, bomb)
    return path


def make_wrong_files(folder: Path) -> dict[str, Path]:
    raw = _small_xlsx(folder / "good.xlsx").read_bytes()
    files = {
        "truncated": (folder / "cut.xlsx", raw[: len(raw) // 2]),
        "xls": (folder / "old.xlsx", bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 1024),
        "text": (folder / "text.xlsx", "项目名称\t城乡医疗救助\n".encode()),
    }
    for path, data in files.values():
        path.write_bytes(data)
    return {kind: path for kind, (path, _) in files.items()}


def test_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    path = make_zip_bomb(tmp_path / "bomb.xlsx")
    assert path.stat().st_size < 1_000_000
    tracemalloc.start()
    try:
        with pytest.raises(ImportFailed, match="压缩炸弹"):
            read_xlsx(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 10_000_000  # the 50 MB were never held in memory


@pytest.mark.parametrize("member", ["xl/worksheets/sheet1.xml", "xl/workbook.xml", "xl/sharedStrings.xml"])
def test_billion_laughs_is_refused(tmp_path: Path, member: str) -> None:
    if member == "xl/sharedStrings.xml":
        base = tmp_path / "shared.xlsx"
        export_xlsx(Workbook(projects=demo_workbook().projects[:1]), base)
        with zipfile.ZipFile(base) as archive:
            if member not in archive.namelist():
                member = "xl/styles.xml"
    path = make_billion_laughs(tmp_path / "laughs.xlsx", member)
    tracemalloc.start()
    try:
        with pytest.raises(ImportFailed) as caught:
            read_xlsx(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "XML" in str(caught.value) and "拒绝" in str(caught.value)
    assert peak < 10_000_000


def test_defusedxml_is_what_openpyxl_uses(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert openpyxl.xml.DEFUSEDXML is True
    monkeypatch.setattr(openpyxl.xml, "DEFUSEDXML", False)
    with pytest.raises(ImportFailed, match="defusedxml"):
        read_xlsx(_small_xlsx(tmp_path / "any.xlsx"))


@pytest.mark.parametrize(
    ("kind", "message"),
    [("truncated", "截断"), ("xls", "另存为"), ("text", "文本文件")],
)
def test_wrong_files_are_refused_with_a_chinese_message(tmp_path: Path, kind: str, message: str) -> None:
    path = make_wrong_files(tmp_path)[kind]
    with pytest.raises(ImportFailed, match=message):
        read_xlsx(path)


@pytest.mark.parametrize("kind", ["bomb", "laughs", "truncated", "xls", "text"])
def test_cli_refuses_hostile_files_and_leaves_the_workbook_untouched(
    tmp_path: Path, demo_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    makers = {
        "bomb": lambda: make_zip_bomb(folder / "bomb.xlsx"),
        "laughs": lambda: make_billion_laughs(folder / "laughs.xlsx"),
    }
    path = makers[kind]() if kind in makers else make_wrong_files(folder)[kind]
    before = demo_path.read_bytes()
    assert run(["import", str(path), "--into", str(demo_path)]) == 2
    err = capsys.readouterr().err
    assert path.name in err and "Traceback" not in err
    assert any("\u4e00" <= ch <= "\u9fff" for ch in err)
    assert demo_path.read_bytes() == before


def test_hostile_text_in_an_exported_project_edited_elsewhere_stays_text(tmp_path: Path) -> None:
    project = dataclasses.replace(demo_workbook().projects[1], name="=1+1")
    path = tmp_path / "edited.xlsx"
    export_xlsx(Workbook(projects=[project]), path)
    book = openpyxl.load_workbook(path)
    del book["_jixiao"]
    book.save(path)
    assert read_xlsx(path).projects[0].name == "=1+1"


def test_an_edited_sheet_keeps_the_department_fields_it_does_not_show(tmp_path: Path) -> None:
    from desktop.io.interchange import read_json

    projects = read_json(Path(__file__).parent / "data" / "sixian-department.json").projects
    project = projects[3]  # 离休医疗费补助, with 项目类型, 功能分类科目, money by source and an overview
    project.indicators[0] = replace(project.indicators[0], prior_value="≥9人")
    path = tmp_path / "edited.xlsx"
    export_xlsx(Workbook(projects=[project]), path)
    book = openpyxl.load_workbook(path)
    cell = next(c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value == "≥10人")
    cell.value = "≥11人"
    book.save(path)

    result = read_xlsx(path)

    (edited,) = result.projects
    assert (edited.kind, edited.function_code) == ("特定目标类", "2101101")
    assert edited.funds_by_source == project.funds_by_source and edited.overview == project.overview
    assert edited.indicators[0].prior_value == "≥9人"
    assert result.sheet_edits[0].diff.labels() == ("1 条指标",)
