"""Importing documents as real extraction damages them: labels one column off, labels wrapped over two lines or
printed mid-block, HTML remnants, the mid-term period beside 总体目标, two names for one mid-term indicator.

Each tests/data/robust-* file was written by hand from how such documents look; the expected categories below were
written from the printed forms, before the importer was run on them. Every row the importer placed by a guess is
listed, so the clerk checks those rows and no others.
"""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import jsonschema
import pytest
from pytestqt.qtbot import QtBot

from desktop.cli import run
from desktop.domain.model import Workbook
from desktop.io.importing import ImportResult
from desktop.io.interchange import read_json, write_json
from desktop.io.text.importer import read_text
from desktop.io.text.lines import strip_html
from desktop.storage import schema
from desktop.storage.workbook_file import WorkbookFile
from desktop.ui.dialogs.import_dialog import GUESS_BACKGROUND, ImportPreviewDialog

DATA = Path(__file__).resolve().parent / "data"

P, B, S = "产出指标", "效益指标", "满意度指标"
QTY, QUAL, TIME, COST = "数量指标", "质量指标", "时效指标", "成本指标"
SOC, SUS, ECO = "社会效益指标", "可持续影响指标", "经济效益指标"
SVC = "服务对象满意度指标"

# Per fixture: (一级, 二级, 三级) of every indicator in printed order, and the lines placed by a guess.
EXPECTED: dict[str, tuple[list[tuple[str, str, str]], list[int]]] = {
    "robust-ahp-level-shifted-right.txt": (
        [
            (P, QTY, "救助经办人次"),
            (P, QUAL, "救助资金发放准确率"),
            (P, TIME, "救助资金发放时间"),
            (P, COST, "经办服务费用"),
            (B, SOC, "困难群众就医负担"),
            (B, SUS, "救助经办服务长效机制"),
            (S, S, "救助对象满意度"),
        ],
        [],
    ),
    "robust-ahp-level2-shifted-left.txt": (
        [
            (P, QTY, "检查定点医药机构数"),
            (P, QUAL, "检查覆盖率"),
            (P, TIME, "检查完成时间"),
            (P, COST, "第三方协查费用"),
            (B, ECO, "追回违规基金"),
            (B, SOC, "欺诈骗保行为"),
            (B, SUS, "基金监管长效机制"),
            (S, S, "参保群众满意度"),
        ],
        [],
    ),
    "robust-ahp-split-labels.txt": (
        [
            (P, QTY, "宣传资料印制份数"),
            (P, QTY, "宣传活动场次"),
            (P, QUAL, "政策知晓率"),
            (P, TIME, "宣传完成时间"),
            (P, COST, "印制费用"),
            (B, SOC, "参保群众政策知晓度"),
            (B, SOC, "群众办事便利度"),
            (B, SUS, "医保政策宣传常态化"),
            (S, S, "参保群众满意度"),
        ],
        [],
    ),
    "robust-ahp-mid-block.txt": (
        [
            (P, QTY, "参保登记人数"),
            (P, QTY, "待遇支付人次"),
            (P, QTY, "异地就医备案人次"),
            (P, QUAL, "待遇支付准确率"),
            (P, QUAL, "经办业务差错率"),
            (P, TIME, "待遇支付时间"),
            (P, COST, "经办经费"),
            (B, SOC, "参保群众就医负担"),
            (B, SOC, "医保经办服务水平"),
            (B, SOC, "群众办事便利度"),
            (B, SUS, "医保经办长效机制"),
            (S, S, "参保群众满意度"),
        ],
        [12, 14, 16, 20],
    ),
    "robust-ahp-mid-block-pairs.txt": (
        [
            (P, QTY, "救助特困人员人数"),
            (P, QTY, "救助人次"),
            (P, QUAL, "救助资金发放准确率"),
            (P, QUAL, "一站式结算覆盖率"),
            (P, TIME, "救助资金发放时间"),
            (P, COST, "医疗救助资金"),
            (B, SOC, "特困人员就医负担"),
            (B, SUS, "医疗救助托底保障"),
            (S, S, "救助对象满意度"),
        ],
        [14],
    ),
    "robust-ahp-html-remnants.txt": (
        [
            (P, QTY, "保障离休人员人数"),
            (P, QUAL, "医疗费支付准确率"),
            (P, TIME, "医疗费支付时间"),
            (P, COST, "离休人员医疗费"),
            (B, SOC, "离休人员医疗保障水平"),
            (B, SUS, "离休干部待遇保障"),
            (S, S, "离休人员满意度"),
        ],
        [],
    ),
    "robust-ahp-shifted-block.txt": (
        [
            (P, QTY, "资金需要量"),
            (P, QUAL, "使用质效"),
            (P, TIME, "资金到位时间"),
            (B, SOC, "机关运行效率"),
            (B, SUS, "对医疗保障体系影响"),
            (S, S, "服务对象满意度"),
        ],
        [],
    ),
    "robust-ahm-period-beside.txt": (
        [
            (P, QTY, "年度接入定点医药机构数"),
            (P, QUAL, "系统运行稳定率"),
            (P, TIME, "县级部署完成时间"),
            (P, COST, "年度建设资金"),
            (B, SOC, "群众就医结算便利度"),
            (B, SUS, "医保信息化水平"),
            (S, SVC, "参保群众满意度"),
        ],
        [],
    ),
    "robust-ahm-period-below.txt": (
        [
            (P, QTY, "资助参保人数"),
            (P, QUAL, "住院救助比例"),
            (P, TIME, "救助资金发放时间"),
            (P, COST, "医疗救助资金"),
            (B, SOC, "困难群众医疗负担"),
            (S, SVC, "救助对象满意度"),
        ],
        [],
    ),
    "robust-ahm-mid-block.txt": (
        [
            (P, QTY, "检查定点医药机构数"),
            (P, QTY, "专项检查次数"),
            (P, QTY, "飞行检查次数"),
            (P, QUAL, "检查覆盖率"),
            (P, TIME, "检查完成时间"),
            (P, COST, "监管经费"),
            (B, SOC, "欺诈骗保行为"),
            (S, SVC, "参保群众满意度"),
        ],
        [12, 14],
    ),
    "robust-jx-mid-block-split.txt": (
        [
            ("成本指标", "经济成本指标", "经办培训经费"),
            ("成本指标", "经济成本指标", "经办设备购置费"),
            ("成本指标", "经济成本指标", "办公设备维护费"),
            ("成本指标", "社会成本指标", "对群众办事的负面影响"),
            ("成本指标", "生态环境成本指标", "对生态环境的负面影响"),
            (P, QTY, "经办人员培训人次"),
            (P, QTY, "更新经办设备台数"),
            (P, QTY, "规范经办窗口数"),
            (P, QUAL, "培训考核合格率"),
            (P, TIME, "项目完成时间"),
            (B, SOC, "经办服务效率"),
            (S, SVC, "办事群众满意度"),
        ],
        [12, 14, 18, 20],
    ),
    "robust-jx-web-copy.txt": (
        [
            ("成本指标", "经济成本指标", "宣传费用"),
            ("成本指标", "社会成本指标", "对群众的负面影响"),
            (P, QTY, "宣传资料份数"),
            (P, QUAL, "政策知晓率"),
            (P, TIME, "宣传完成时间"),
            (B, SOC, "政策知晓度"),
            (S, SVC, "群众满意度"),
        ],
        [],
    ),
    "robust-hb-shifted-labels.txt": (
        [
            (P, QTY, "救助经办人次"),
            (P, QUAL, "救助资金发放准确率"),
            (P, TIME, "资金发放时间"),
            (B, SOC, "困难群众就医负担"),
            (S, S, "救助对象满意度"),
        ],
        [],
    ),
}

_imports: dict[str, ImportResult] = {}


def imported(name: str) -> ImportResult:
    if name not in _imports:
        _imports[name] = read_text(DATA / name)
    return _imports[name]


def test_at_least_twelve_fixtures_and_each_is_tested() -> None:
    files = sorted(p.name for p in DATA.glob("robust-*"))
    assert len(files) >= 12
    assert files == sorted(EXPECTED)


@pytest.mark.parametrize("name", list(EXPECTED))
def test_every_row_lands_in_its_printed_level2(name: str) -> None:
    rows, _ = EXPECTED[name]
    result = imported(name)
    (project,) = result.projects
    assert [(i.level1, i.level2, i.name) for i in project.indicators] == rows
    assert result.unplaced == []


@pytest.mark.parametrize("name", list(EXPECTED))
def test_rows_placed_by_a_guess_are_listed_with_their_reason(name: str) -> None:
    _, guessed = EXPECTED[name]
    result = imported(name)
    assert [g.line_no for g in result.guesses] == guessed
    project = result.projects[0]
    for guess, line in zip(result.guesses, result.guess_lines(), strict=True):
        indicator = project.indicators[guess.indicator]
        assert guess.reason and indicator.name in line and f"第 {guess.line_no} 行" in line
        assert "请核对" in line


@pytest.mark.parametrize("name", list(EXPECTED))
def test_no_html_remnant_reaches_the_project(name: str) -> None:
    project = imported(name).projects[0]
    texts = [project.annual_goal or "", project.midterm.goal if project.midterm and project.midterm.goal else ""]
    texts += [getattr(i, k) or "" for i in project.indicators for k in ("name", "value", "description", "basis")]
    assert not any(re.search(r"</?[a-z]+[^<>]*>|&[a-z]+;|&#\d+;", t) for t in texts), texts


def test_html_remnants_become_text_and_are_noted() -> None:
    result = imported("robust-ahp-html-remnants.txt")
    project = result.projects[0]
    values = {i.name: i.value for i in project.indicators}
    assert project.annual_goal == "保障离休人员医疗待遇，按规定及时足额支付离休人员医疗费。"
    assert values["保障离休人员人数"] == "≥12 人"
    assert values["医疗费支付准确率"] == "≥98%"
    assert values["离休干部待遇保障"] == "长期稳定"  # &nbsp; between two characters: a wrap space
    assert any("网页格式标记" in note for note in result.notes)
    web = imported("robust-jx-web-copy.txt").projects[0]
    assert web.annual_goal == "开展医保政策宣传，\n提高群众政策知晓率。"
    assert {i.name: i.value for i in web.indicators}["政策知晓率"] == "≥85%"


def test_html_stripping_leaves_comparators_alone() -> None:
    assert strip_html("<5%") == "<5%"
    assert strip_html("<=2500万") == "<=2500万"
    assert strip_html("a<b>c") == "ac"
    assert strip_html("x <p class='a'>y</p>") == "x y"


@pytest.mark.parametrize(
    ("name", "period"),
    [
        ("robust-ahm-period-beside.txt", (2022, 2024)),
        ("robust-ahm-period-below.txt", (2021, 2023)),
        ("robust-ahm-mid-block.txt", (2022, 2024)),
    ],
)
def test_the_period_beside_or_under_the_overall_goal_is_the_midterm_period(name: str, period: tuple[int, int]) -> None:
    midterm = imported(name).projects[0].midterm
    assert midterm is not None
    assert (midterm.start, midterm.end) == period
    assert midterm.goal is not None and not re.search(r"\d{4}\s*[-—]", midterm.goal)


def test_both_names_of_a_midterm_indicator_are_kept() -> None:
    result = imported("robust-ahm-period-beside.txt")
    names = [(i.midterm_name, i.name) for i in result.projects[0].indicators]
    assert names[0] == ("接入定点医药机构数", "年度接入定点医药机构数")
    assert names[1] == (None, "系统运行稳定率")
    assert names[2] == ("平台建成时间", "县级部署完成时间")
    assert sum("两个名称都已保留" in note for note in result.notes) == 3


def test_cli_prints_every_guessed_row(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = run(["import", str(DATA / "robust-ahp-mid-block.txt"), "--into", str(tmp_path / "w.jixiao")])
    err = capsys.readouterr().err
    assert code == 0
    guessed = [line for line in err.splitlines() if line.strip().startswith("推测：")]
    assert len(guessed) == 4
    assert "第 12 行“参保登记人数”" in guessed[0] and "数量指标" in guessed[0]


def test_preview_marks_the_guessed_rows_and_lists_them(qtbot: QtBot) -> None:
    result = imported("robust-ahp-mid-block.txt")
    dialog = ImportPreviewDialog(result, None)
    qtbot.addWidget(dialog)
    tabs = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert "需核对的行（4）" in tabs
    assert dialog.guesses.rowCount() == 4
    assert dialog.guesses.item(0, 0).text() == "12"
    marked: list[str] = []
    top = dialog.indicators.invisibleRootItem()
    for a in range(top.childCount()):
        for b in range(top.child(a).childCount()):
            middle = top.child(a).child(b)
            for c in range(middle.childCount()):
                leaf = middle.child(c)
                if leaf.background(0) == GUESS_BACKGROUND:
                    marked.append(leaf.text(0))
                    assert "推测归入" in leaf.toolTip(0)
    assert marked == ["⚠ 参保登记人数", "⚠ 异地就医备案人次", "⚠ 经办业务差错率", "⚠ 参保群众就医负担"]
    assert "需核对的行" in dialog.summary.text()


def test_preview_of_a_clean_import_has_no_check_tab(qtbot: QtBot) -> None:
    dialog = ImportPreviewDialog(imported("robust-ahp-split-labels.txt"), None)
    qtbot.addWidget(dialog)
    assert not any("需核对" in dialog.tabs.tabText(i) for i in range(dialog.tabs.count()))


def test_midterm_name_survives_the_workbook_file_and_the_json(tmp_path: Path) -> None:
    project = imported("robust-ahm-period-beside.txt").projects[0].clone()
    path = tmp_path / "中期.jixiao"
    with WorkbookFile.open(path, create=True) as wb_file:
        wb_file.save(Workbook(projects=[project]))
    with WorkbookFile.open(path) as wb_file:
        loaded = wb_file.load().projects[0]
    assert [i.midterm_name for i in loaded.indicators] == [i.midterm_name for i in project.indicators]
    out = tmp_path / "w.json"
    write_json(Workbook(projects=[loaded]), out)
    document = json.loads(out.read_text(encoding="utf-8"))
    spec = json.loads((Path(__file__).parent / "spec" / "workbook.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(document, spec)
    assert "midterm_name" not in document["projects"][0]["indicators"][1]  # only where the halves differ
    assert read_json(out).projects[0].indicators[0].midterm_name == "接入定点医药机构数"


def test_a_workbook_written_before_midterm_names_opens_with_none(tmp_path: Path) -> None:
    path = tmp_path / "旧.jixiao"
    with WorkbookFile.open(path, create=True) as wb_file:
        wb_file.save(Workbook(projects=[imported("robust-ahm-period-below.txt").projects[0].clone()]))
    latest = schema.schema_version()
    with sqlite3.connect(path) as conn:  # back to the schema before midterm_name
        conn.execute("ALTER TABLE indicator DROP COLUMN midterm_name")
        conn.execute(f"PRAGMA user_version = {latest - 1}")
        conn.execute(f"DELETE FROM _sqlite_migrations WHERE name LIKE 'v{latest}_%'")
    with WorkbookFile.open(path) as wb_file:
        loaded = wb_file.load().projects[0]
    assert [i.midterm_name for i in loaded.indicators] == [None] * 6
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (schema.schema_version(),)


def test_preview_shows_the_midterm_name_where_the_halves_differ(qtbot: QtBot) -> None:
    dialog = ImportPreviewDialog(imported("robust-ahm-period-beside.txt"), None)
    qtbot.addWidget(dialog)
    header = dialog.indicators.headerItem()
    labels = [header.text(c) for c in range(header.columnCount())]
    assert labels[:3] == ["一级 / 二级 / 三级指标", "中长期三级指标", "中长期指标值"]
