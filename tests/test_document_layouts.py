"""Document layout files and the classification catalogue: loaded into typed objects, refused with a clear message."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.templates.classification import CatalogueError, load_catalogue
from desktop.templates.documents import (
    DocumentLayoutError,
    bundled_document_layouts,
    check_form_templates,
    get_document_layout,
    load_document_layout,
)
from desktop.templates.layouts import bundled_layouts

GOOD = """
id = "{id}"
name = "测试"
region = "测试省"
kind = "department-budget"
[[parts]]
kind = "tables"
[[tables]]
id = "general"
title = "{{department}}{{year}}年一般公共预算支出表"
columns = [{{ id = "code", label = "科目编码" }}, {{ id = "total", label = "合计" }}]
"""


def test_anhui_budget_prints_the_eleven_tables_in_order() -> None:
    layout = get_document_layout("ah-department-budget")
    assert layout.table_ids() == (
        "summary", "income", "spending", "fiscal", "general", "basic", "gov_fund", "state_capital", "projects",
        "procurement", "services",
    )  # fmt: skip
    summary = layout.table("summary")
    assert summary is not None and summary.heading("泗县医疗保障局", 2024) == "泗县医疗保障局2024年收支总表"
    assert summary.number == "部门公开表1"
    general = layout.table("general")
    assert general is not None and [c.label for c in general.columns][3:6] == ["小计", "人员经费", "公用经费"]
    fund = layout.table("gov_fund")
    assert fund is not None and fund.empty_note is not None and "故本表无数据" in fund.empty_note
    assert [p.kind for p in layout.parts][-2:] == ["public_list", "forms"]


def test_hebei_performance_text_parts() -> None:
    layout = get_document_layout("hb-performance-text")
    assert [p.kind for p in layout.parts] == ["cover", "contents", "overall_target", "forms"]
    target = layout.parts[2]
    assert [(s.id, s.title) for s in target.sections] == [
        ("goals", "一、总体绩效目标"), ("items", "二、分项绩效目标"), ("measures", "三、工作保障措施"),
    ]  # fmt: skip
    assert layout.parts[3].template == "hb-project" and layout.tables == ()
    assert layout.cover_title is not None and "部门预算绩效文本" in layout.cover_title


def test_jiangxi_set_is_expressible() -> None:
    layout = get_document_layout("jx-department-budget")
    titles = [t.heading("某局", 2024) for t in layout.tables]
    assert titles[0] == "某局收支预算总表" and '某局财政拨款"三公"经费支出表' in titles
    assert "three_public" in layout.table_ids() and "projects" not in layout.table_ids()
    assert any(p.kind == "overall_target" for p in layout.parts)


def test_anhui_project_package() -> None:
    layout = get_document_layout("ah-project-package")
    assert [(p.kind, p.optional) for p in layout.parts] == [("cover", True), ("public_list", False), ("forms", False)]


def test_every_bundled_layout_loads() -> None:
    assert set(bundled_document_layouts()) == {
        "ah-department-budget", "ah-project-package", "hb-performance-text", "jx-department-budget",
    }  # fmt: skip


def test_unknown_layout_id() -> None:
    with pytest.raises(DocumentLayoutError, match="没有名为“xx-budget”的文件版式"):
        get_document_layout("xx-budget")


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ('id = "general"', 'id = "genral"', "“tables[0].id”有误：没有“genral”这张表"),
        ('id = "total"', 'id = "totl"', "表 general 没有“totl”列"),
        ('kind = "tables"', 'kind = "tabels"', "“parts[0].kind”有误：应为 cover、"),
        ('kind = "tables"', 'kind = "cover"', 'parts 中没有 kind = "tables" 的部分'),
        ('region = "测试省"', 'region = "测试省"\ncolour = "红"', "不认识的项"),
        ("年一般公共预算支出表", "年{unit}一般公共预算支出表", "只能使用 {department} 和 {year}"),
        ('kind = "tables"', 'kind = "tables"\ntemplate = "ah-project"', "只有 forms 部分可以指定项目表版式"),
    ],
)
def test_broken_layout_is_refused_naming_the_key(tmp_path: Path, old: str, new: str, words: str) -> None:
    path = tmp_path / "xx-budget.toml"
    text = GOOD.format(id="xx-budget")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DocumentLayoutError) as caught:
        load_document_layout(path)
    assert "文件版式 xx-budget.toml" in str(caught.value) and words in str(caught.value)


def test_forms_part_must_name_a_known_form_layout(tmp_path: Path) -> None:
    path = tmp_path / "xx-budget.toml"
    path.write_text(GOOD.format(id="xx-budget") + '[[parts]]\nkind = "forms"\ntemplate = "zz-project"\n', "utf-8")
    layout = load_document_layout(path)
    with pytest.raises(DocumentLayoutError, match="项目表版式“zz-project”不存在，可用：ah-midterm"):
        check_form_templates({layout.id: layout}, bundled_layouts())


def test_layout_id_must_match_its_file_name(tmp_path: Path) -> None:
    path = tmp_path / "xx-budget.toml"
    path.write_text(GOOD.format(id="yy-budget"), encoding="utf-8")
    with pytest.raises(DocumentLayoutError, match="应与文件名一致"):
        load_document_layout(path)


def test_a_good_layout_loads(tmp_path: Path) -> None:
    path = tmp_path / "xx-budget.toml"
    path.write_text(GOOD.format(id="xx-budget"), encoding="utf-8")
    layout = load_document_layout(path)
    assert layout.table_ids() == ("general",) and layout.region == "测试省"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('edition = 24\ntitle = "x"\n[function]\n"201" = "一般公共服务支出"\n[economic]\n', "edition"),
        ('edition = 2024\ntitle = "x"\n[function]\n"20101" = "人大事务"\n[economic]\n', "上级科目 201 未列出"),
        ('edition = 2024\ntitle = "x"\n[function]\n"2010" = "人大"\n[economic]\n', "3、5 或 7 位数字"),
    ],
)
def test_broken_catalogue_is_refused(tmp_path: Path, text: str, words: str) -> None:
    path = tmp_path / "2024.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogueError, match=words):
        load_catalogue(path)


def test_bundled_catalogue_covers_208_and_210() -> None:
    catalogue = load_catalogue(Path(__file__).parent.parent / "resources/classification/2024.toml")
    assert catalogue.edition == 2024
    assert [catalogue.function[c] for c in ("208", "20805", "2080505", "210", "21013", "2101301")] == [
        "社会保障和就业支出", "行政事业单位养老支出", "机关事业单位基本养老保险缴费支出", "卫生健康支出", "医疗救助",
        "城乡医疗救助",
    ]  # fmt: skip
    assert {c for c in catalogue.economic if len(c) == 3} >= {"301", "302", "303", "307", "309", "310", "399"}
    assert catalogue.economic["31013"] == "公务用车购置" and catalogue.economic["30212"] == "因公出国（境）费用"
