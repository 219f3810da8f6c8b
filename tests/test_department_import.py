"""Importing published department documents: the 泗县 部门预算 publication and the 兴隆 绩效文本 (part 1).

What a clerk would check after importing: the department's identity, units, duties and tasks; every leaf of every
table (the spending leaves sum to the printed total, the basic spending to its 人员/公用 totals); last year's figures
recovered from the 说明; the projects' new fields; every line either placed or reported; malformed input refused
with a Chinese message and nothing written.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from desktop.cli import run
from desktop.domain.department import Department, Source
from desktop.io.importing import ImportFailed, ImportResult
from desktop.io.text.importer import parse_text, read_text

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "resources" / "demo" / "seeds"
SIXIAN = SEEDS / "sixian-2024-department-budget.txt"
XINGLONG = SEEDS / "xinglong-2024-department-performance.txt"

_cache: dict[Path, ImportResult] = {}


def imported(path: Path) -> ImportResult:
    if path not in _cache:
        _cache[path] = read_text(path)
    return _cache[path]


def department(path: Path) -> Department:
    result = imported(path)
    assert len(result.departments) == 1
    return result.departments[0]


def d(text: str) -> Decimal:
    return Decimal(text)


# ------------------------------------------------------------------ 泗县: who the department is


def test_sixian_identity_units_duties_tasks() -> None:
    dept = department(SIXIAN)
    assert (dept.year, dept.name, dept.code, dept.document) == (2024, "泗县医疗保障局", "066", "ah-department-budget")
    assert dept.cover is not None and dept.cover.date == "2024年2月"
    assert [(u.name, u.kind) for u in dept.units] == [
        ("泗县医疗保障局本级", "行政机关"),
        ("泗县城镇职工基本医疗保险基金管理中心", "公益一类事业单位"),
        ("泗县城乡居民基本医疗保险管理服务中心", "公益一类事业单位"),
    ]
    assert len(dept.duties) == 7
    assert dept.duties[0].text is not None and dept.duties[0].text.startswith("贯彻中央省市医疗保障方面的法律法规")
    assert dept.duties[6].text == "贯彻落实城乡居民大病保险改革方案和离休人员医疗保障待遇相关政策。"
    assert [t.title for t in dept.tasks] == [
        "优化医疗保障服务，建设利民医保。",
        "提升自身能力，建设规范医保。",
        "打击欺诈骗保，建设诚信医保。",
    ]
    assert dept.tasks[2].text is not None and dept.tasks[2].text.startswith("一是强化基金监管。")
    glossary = next(n for n in dept.notes if n.title == "名词解释")
    assert glossary.text is not None and glossary.text.count("\n") == 9


def test_sixian_every_line_is_placed_or_reported() -> None:
    result = imported(SIXIAN)
    assert result.unplaced == []
    assert not any("表外文字" in note for note in result.notes)
    assert len(result.projects) == 5


# ------------------------------------------------------------------ 泗县: the tables' leaves


def test_sixian_spending_leaves_sum_to_the_printed_total() -> None:
    budget = department(SIXIAN).budget
    assert budget is not None
    assert sum((row.amount or 0 for row in budget.spending), Decimal(0)) == d("2805.56")
    assert {row.source for row in budget.spending} == {Source.GENERAL}
    by_code = {row.function: row for row in budget.spending}
    assert list(by_code) == ["2080109", "2101101", "2101102", "2101301", "2101501", "2101550", "2101599"]
    office = by_code["2101501"]
    assert (office.personnel, office.public, office.project) == (d("149.15"), d("75.26"), d("18"))
    assert (by_code["2101550"].personnel, by_code["2101550"].public) == (d("353.66"), d("51.55"))
    assert sum((row.personnel or 0 for row in budget.spending), Decimal(0)) == d("533.75")
    assert sum((row.project or 0 for row in budget.spending), Decimal(0)) == d("2145")


def test_the_contradicting_cell_is_read_from_its_row_and_parent_and_said_so() -> None:
    notes = imported(SIXIAN).notes
    said = [n for n in notes if "2101501" in n and "75.27" in n]
    assert len(said) == 1 and "75.26" in said[0] and "第 211 行" in said[0]
    printed = department(SIXIAN).printed
    assert printed is not None
    row = next(r for r in printed.rows if r.table == "general" and r.key == "2101501")
    assert row.cell("public") == d("75.27") and row.cell("basic") == d("224.41")


def test_sixian_basic_spending_by_economic_class() -> None:
    budget = department(SIXIAN).budget
    assert budget is not None
    assert len(budget.basic) == 28
    assert sum((row.personnel or 0 for row in budget.basic), Decimal(0)) == d("533.75")
    assert sum((row.public or 0 for row in budget.basic), Decimal(0)) == d("126.81")
    first = budget.basic[0]
    assert (first.economic, first.name, first.personnel, first.public) == ("30101", "基本工资", d("181.28"), None)
    assert budget.basic[-1].economic == "31002" and budget.basic[-1].public == d("9")


def test_sixian_income_procurement_services_facts() -> None:
    budget = department(SIXIAN).budget
    assert budget is not None
    assert [(m.source, m.amount) for m in budget.income] == [(Source.GENERAL, d("2805.56"))]
    assert budget.carryover == () and budget.carry_forward == ()
    assert len(budget.procurement) == 8
    assert sum((p.amount or 0 for p in budget.procurement), Decimal(0)) == d("21.54")
    car = budget.procurement[0]
    assert (car.project, car.item, car.amount, car.category) == ("公务用车更新配备", "轿车", d("18"), "货物")
    assert budget.services == ()
    assert budget.facts is not None and budget.facts.operating_costs == d("75.3")
    assert budget.facts.assets is not None and budget.facts.assets.startswith(
        "截至2023年12月31日，泗县医疗保障局共有车辆1辆"
    )
    assert budget.facts.procurement_by_category is not None
    assert budget.facts.procurement_by_category.goods == d("21.54")
    assert budget.facts.three_public is None  # the publication has no 三公 statement


def test_sixian_last_years_figures_come_from_the_explanations() -> None:
    budget = department(SIXIAN).budget
    assert budget is not None and budget.prior is not None
    prior = {row.function: row.amount for row in budget.prior.spending}
    assert budget.prior.year == 2023
    assert prior["2101501"] == d("183.50")
    assert prior["2101101"] == d("363.66") and prior["2101550"] == d("574.70")
    assert "2101301" not in prior  # 城乡医疗救助 is new this year
    assert [(m.source, m.amount) for m in budget.prior.income] == [(Source.GENERAL, d("1151.89"))]
    assert budget.prior.facts is not None and budget.prior.facts.operating_costs == d("78.3")
    assert budget.reason("function:2101501") == "人员经费和项目支出增加"
    assert budget.reason("operating_costs") == "严格执行过紧日子要求，压缩一般性支出"


def test_sixian_projects_get_type_funds_function_and_overview() -> None:
    projects = {p.name: p for p in imported(SIXIAN).projects}
    rescue = projects["2024_城乡医疗救助"]
    assert rescue.kind == "特定目标类"
    assert rescue.function_code == "2101301"
    assert rescue.funds_by_source is not None and rescue.funds_by_source.general == d("1760")
    assert rescue.overview is not None
    assert rescue.overview.implementer == "泗县城乡居民基本医疗保险管理服务中心"
    assert rescue.overview.timeframe == "2024"
    assert rescue.basis is not None and rescue.basis.startswith("该资金用于城乡居民困难家庭医疗费用的救助")
    # The form's 年度目标 stays the project's goal; the 说明's differing sentence is kept as printed.
    assert rescue.annual_goal is not None and rescue.annual_goal.startswith("整体上减轻我县困难群众就医负担")
    # Two 项 print 5 万元 of 项目支出: each project's reason in the 说明 names it.
    assert projects["医用网络使用维护费"].function_code == "2080109"
    assert projects["欺诈骗取医保基金行为举报奖励"].function_code == "2101599"
    assert projects["公务用车更新配备"].function_code == "2101501"
    assert projects["离休医疗费补助"].function_code == "2101101"


def test_sixian_printed_record_keeps_contents_tables_and_names() -> None:
    printed = department(SIXIAN).printed
    assert printed is not None
    assert "income" in printed.contents and "income" not in printed.tables  # listed, not printed
    assert len(printed.tables) == 10
    spellings = {(n.place, n.name) for n in printed.names if "城乡医疗救助" in n.name}
    assert spellings == {
        ("projects", "2024_城乡医疗救助"),
        ("overview", "2024-城乡医疗救助"),
        ("public_list", "2024-城乡医疗救助"),
    }
    unit = next(n for n in printed.names if n.place == "projects" and n.name == "2024_城乡医疗救助").unit
    assert unit == "泗县城乡居民基本医疗保险管理中心"
    growth = [f for f in printed.figures if f.figure == "function:2101301:percent"]
    assert [f.amount for f in growth] == [d("100")]


# ------------------------------------------------------------------ 兴隆: part 1 of the 绩效文本


def test_xinglong_overall_target() -> None:
    dept = department(XINGLONG)
    assert (dept.year, dept.name, dept.document) == (2024, "兴隆县医疗保障局", "hb-performance-text")
    assert dept.cover is not None and dept.cover.draft and dept.cover.compiled_by == "兴隆县医疗保障局"
    target = dept.overall_target
    assert target is not None
    assert [g.title for g in target.goals] == [
        "医疗保障政策制定、管理及实施。",
        "医疗保障基金监督管理。",
        "医药服务、价格和招标采购管理。",
        "医疗保障经办管理。",
        "医疗保障信息化管理。",
    ]
    assert target.goals[0].text is not None and target.goals[0].text.startswith("拟定全县医疗保险")
    assert len(target.items) == 4
    assert target.items[1].title == "医疗保障基金监督管理"
    assert target.items[1].goal == "强化基金监管，确保医疗保障基金运行安全"
    assert target.items[1].indicators == "基金监管覆盖达 100%；医疗保障领域案件查处情况 95%以上"
    assert [m.title for m in target.measures][:2] == ["完善制度建设。", "加强绩效运行监控。"]
    assert len(target.measures) == 6
    assert dept.budget is None


def test_xinglong_forms_still_imported_and_belong_to_the_department() -> None:
    result = imported(XINGLONG)
    assert len(result.projects) == 14
    assert {p.department.name for p in result.projects} == {"兴隆县医疗保障局"}
    assert any("没有写主管部门" in note for note in result.notes)
    assert result.unplaced == []


# ------------------------------------------------------------------ lines not placed, malformed input


def test_a_stray_line_in_any_part_is_reported_with_its_line_number() -> None:
    lines = SIXIAN.read_text(encoding="utf-8").split("\n")
    strays = {
        73: "这一行不属于任何地方",  # after the 部门预算构成 table
        145: "乱码\t1\t2",  # inside the 支出总表
        337: "？？？",  # 说明 of the 一般公共预算支出表
    }
    for index in sorted(strays, reverse=True):
        lines.insert(index, strays[index])
    result = parse_text("\n".join(lines), "x.txt")
    reported = {u.line_no: u.text for u in result.unplaced}
    for index, text in strays.items():
        line_no = index + 1 + sum(1 for other in strays if other < index)
        assert reported.get(line_no) == text, (line_no, reported)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda s: s.replace(
                "2101550\t事业运行\t405.21\t405.21\t353.66", "2101550\t事业运行\t405.21\t405.21\t35x.66"
            ),
            "不是金额",
        ),
        (lambda s: s.replace("\n泗县医疗保障局\n2024年度部门预算", "\n\n2024年度部门预算", 1), "部门名称"),
    ],
)
def test_malformed_department_input_is_refused_with_a_chinese_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], edit: object, message: str
) -> None:
    text = edit(SIXIAN.read_text(encoding="utf-8"))  # type: ignore[operator]
    source = tmp_path / "bad.txt"
    source.write_text(text, encoding="utf-8")
    with pytest.raises(ImportFailed) as failure:
        read_text(source)
    assert message in str(failure.value) and "工作簿未改动" in str(failure.value)
    workbook = tmp_path / "w.jixiao"
    assert run(["import", str(source), "--into", str(workbook)]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not workbook.exists()


# ------------------------------------------------------------------ done when: both seeds → one workbook → JSON


def test_both_seeds_imported_then_exported_as_valid_version_2(tmp_path: Path) -> None:
    import json

    import jsonschema

    workbook, out = tmp_path / "w.jixiao", tmp_path / "x.json"
    assert run(["import", str(SIXIAN), "--into", str(workbook)]) == 0
    assert run(["import", str(XINGLONG), "--into", str(workbook)]) == 0
    assert run(["export", str(workbook), "-o", str(out)]) == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    schema = json.loads((Path(__file__).parent / "spec" / "workbook.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(document, schema)
    assert document["version"] == 2
    assert [dep["name"] for dep in document["departments"]] == ["泗县医疗保障局", "兴隆县医疗保障局"]
    sixian = document["departments"][0]
    assert sixian["code"] == "066" and sixian["year"] == 2024
    columns = ("personnel", "public", "project", "business", "to_superior", "to_subordinate")
    spending = [Decimal(row[c]) for row in sixian["budget"]["spending"] for c in columns if row.get(c) is not None]
    assert sum(spending, Decimal(0)) == Decimal("2805.56")
    basic = sixian["budget"]["basic"]
    assert sum((Decimal(r["personnel"]) for r in basic if r["personnel"]), Decimal(0)) == Decimal("533.75")
    assert sum((Decimal(r["public"]) for r in basic if r["public"]), Decimal(0)) == Decimal("126.81")
    prior = {row["function"]: row for row in sixian["budget"]["prior"]["spending"]}
    amount = sum((Decimal(prior["2101501"][c]) for c in columns if prior["2101501"].get(c)), Decimal(0))
    assert amount == Decimal("183.50")
    xinglong = document["departments"][1]
    assert len(xinglong["overall_target"]["goals"]) == 5 and len(xinglong["overall_target"]["measures"]) == 6
    assert len(document["projects"]) == 19


# ------------------------------------------------------------------ the demo workbook


def test_demo_workbook_holds_the_two_departments_as_imported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop.storage.workbook_file import WorkbookFile

    path = tmp_path / "demo.jixiao"
    assert run(["demo", str(path)]) == 0
    assert "2 个部门（泗县医疗保障局、兴隆县医疗保障局）" in capsys.readouterr().out
    with WorkbookFile.open(path, read_only=True) as wb_file:
        workbook = wb_file.load()
    assert [(dep.year, dep.name) for dep in workbook.departments] == [
        (2024, "泗县医疗保障局"),
        (2024, "兴隆县医疗保障局"),
    ]
    sixian, xinglong = workbook.departments
    assert replace(sixian, id=None) == department(SIXIAN)
    assert [p.name for p in workbook.department_projects(sixian)] == [p.name for p in imported(SIXIAN).projects]
    assert len(workbook.department_projects(xinglong)) == 14
    assert sixian.budget is not None and sixian.printed is not None  # check can still compare what was printed
    assert sum((row.amount or 0 for row in sixian.budget.spending), Decimal(0)) == d("2805.56")
    assert xinglong.overall_target is not None and len(xinglong.overall_target.goals) == 5


def test_the_corrected_copy_reads_whole_with_its_three_public_statement() -> None:
    result = read_text(Path(__file__).parent / "data" / "sixian-2024-department-budget-corrected.txt")
    assert result.unplaced == []
    dept = result.departments[0]
    assert dept.budget is not None and dept.budget.facts is not None
    three = dept.budget.facts.three_public
    assert three is not None
    assert (three.abroad, three.vehicle_purchase, three.vehicle_operation, three.reception) == (
        d("0"),
        d("18"),
        d("2"),
        d("8.8"),
    )
    assert dept.printed is not None and "income" in dept.printed.tables
    office = next(r for r in dept.budget.spending if r.function == "2101501")
    assert office.public == d("75.26")
    assert not any("75.27" in note for note in result.notes)


# ------------------------------------------------------------------ the tables kept as a workbook, one sheet each


def test_tables_workbook_one_sheet_per_table_is_read_as_the_department(tmp_path: Path) -> None:
    import openpyxl

    from desktop.io.xlsx.importer import read_xlsx

    lines = SIXIAN.read_text(encoding="utf-8").split("\n")
    start, end = lines.index("第二部分 2024年度部门预算表", 60), lines.index("第三部分 2024年度部门预算情况说明", 60)
    part = lines[start + 1 : end]
    book = openpyxl.Workbook()
    book.remove(book.active)
    sheet = None
    for line in part:
        if line.startswith("泗县医疗保障局2024年"):
            sheet = book.create_sheet(line.removeprefix("泗县医疗保障局2024年")[:30])
        if sheet is not None and line.strip() and not line.startswith("部门公开表"):
            cells = [float(c) if c.replace(".", "", 1).isdigit() and "." in c else c for c in line.split("\t")]
            sheet.append(cells)
    path = tmp_path / "泗县医疗保障局2024年部门预算公开表.xlsx"
    book.save(path)
    result = read_xlsx(path)
    assert [dep.name for dep in result.departments] == ["泗县医疗保障局"]
    dept = result.departments[0]
    assert dept.year == 2024 and dept.budget is not None
    assert sum((row.amount or 0 for row in dept.budget.spending), Decimal(0)) == d("2805.56")
    assert sum((row.public or 0 for row in dept.budget.basic), Decimal(0)) == d("126.81")
    assert len(dept.budget.procurement) == 8
    assert result.unplaced == []
    assert any("合起来是一份部门预算公开文件" in note for note in result.notes)
    assert dept.printed is not None and len(dept.printed.tables) == 10
