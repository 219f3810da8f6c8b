"""The bundled demo workbooks: transcriptions of the three seed documents, mistakes included.

These files are the reference the importers are compared with, so the facts below are checked against the seeds
by hand (see resources/demo/TRANSCRIPTION-NOTES.md for every judgement call behind them).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_PATH = ROOT / "tests" / "spec" / "workbook.schema.json"  # the team's spec, vendored (see test_spec_copy)
DEMO = ROOT / "resources" / "demo"

FILES = {"huoqiu": "huoqiu-2024.json", "sixian": "sixian-2024.json", "xinglong": "xinglong-2024.json"}

PROJECT_KEYS = {
    "year",
    "template",
    "name",
    "code",
    "department",
    "implementing_unit",
    "source",
    "period",
    "attribute",
    "funds",
    "midterm",
    "purpose",
    "spending_plan",
    "basis",
    "annual_goal",
    "indicators",
    "status",
    # version 2: filled for 泗县 from its 部门预算 publication, null elsewhere
    "kind",
    "function_code",
    "funds_by_source",
    "overview",
}
V2_PROJECT_KEYS = {"kind", "function_code", "funds_by_source", "overview"}
INDICATOR_KEYS = {"level1", "level2", "name", "value", "midterm_value", "description", "basis", "prior_value"}

CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\u2018\u2019\u201c\u201d"
WRAP_SPACE = re.compile(f"[{CJK}/] +[{CJK}]")


def load(key: str) -> dict[str, Any]:
    with open(DEMO / FILES[key], encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    with open(SCHEMA_PATH, encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


@pytest.fixture(scope="module")
def huoqiu() -> list[dict[str, Any]]:
    return load("huoqiu")["projects"]


@pytest.fixture(scope="module")
def sixian() -> list[dict[str, Any]]:
    return load("sixian")["projects"]


@pytest.fixture(scope="module")
def xinglong() -> list[dict[str, Any]]:
    return load("xinglong")["projects"]


def by_name(projects: list[dict[str, Any]], name: str) -> dict[str, Any]:
    found = [p for p in projects if p["name"] == name]
    assert len(found) == 1, name
    return found[0]


def ind(project: dict[str, Any], name: str) -> dict[str, Any]:
    found = [i for i in project["indicators"] if i["name"] == name]
    assert len(found) == 1, name
    return found[0]


def texts(obj: Any) -> list[str]:
    if isinstance(obj, dict):
        return [t for v in obj.values() for t in texts(v)]
    if isinstance(obj, list):
        return [t for v in obj for t in texts(v)]
    return [obj] if isinstance(obj, str) else []


# ------------------------------------------------------------------ shape


@pytest.mark.parametrize("key", FILES)
def test_file_is_valid_utf8_json_against_the_schema(key: str, schema: dict[str, Any]) -> None:
    raw = (DEMO / FILES[key]).read_bytes()
    assert b"\\u" not in raw  # written with ensure_ascii=False
    data = json.loads(raw.decode("utf-8"))
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)
    assert data["format"] == "jixiao-workbook"
    # The 泗县 and 兴隆 files carry version 2's project fields; 霍邱's stays a version 1 sample.
    assert data["version"] == (1 if key == "huoqiu" else 2)


@pytest.mark.parametrize(
    ("key", "count", "template"),
    [("huoqiu", 5, "ah-project"), ("sixian", 5, "ah-project"), ("xinglong", 14, "hb-project")],
)
def test_project_counts_keys_and_common_values(key: str, count: int, template: str) -> None:
    projects = load(key)["projects"]
    assert len(projects) == count
    for p in projects:
        assert set(p) == (PROJECT_KEYS - V2_PROJECT_KEYS if key == "huoqiu" else PROJECT_KEYS)
        assert p["year"] == 2024
        assert p["template"] == template
        assert p["status"] == "draft"
        assert p["attribute"] is None and p["midterm"] is None
        # Only the 泗县 publication prints a 立项依据 (in its 说明) and the 项目支出表's 类型 and sources.
        assert (p["basis"] is not None) == (key == "sixian")
        assert (p.get("kind") is not None) == (key == "sixian")
        assert set(p["funds"]) == {"total", "fiscal", "carryover", "other"}
        assert p["indicators"]
        for i in p["indicators"]:
            assert set(i) == (INDICATOR_KEYS - {"prior_value"} if key == "huoqiu" else INDICATOR_KEYS)
            assert i["midterm_value"] is None and i.get("prior_value") is None
            # an empty 二级 row is not an indicator
            assert i["name"] and i["value"] and i["level1"] and i["level2"]


@pytest.mark.parametrize("key", FILES)
def test_text_is_trimmed_and_wrap_spaces_are_removed(key: str) -> None:
    for t in texts(load(key)):
        assert t == t.strip(), t
        assert "  " not in t and "\t" not in t and "\n" not in t, t
        assert not WRAP_SPACE.search(t), t


# ------------------------------------------------------------------ 霍邱


def test_huoqiu_headers(huoqiu: list[dict[str, Any]]) -> None:
    assert [p["name"] for p in huoqiu] == [
        "2024_城乡医疗救助",
        "医疗保障专项业务费",
        "居民医保业务经费",
        "离休人员医疗费",
        "特困企业和特困单位离休人员基本医疗费",
    ]
    for p in huoqiu:
        assert p["department"] == {"code": "039", "name": "霍邱县医疗保障局"}
        assert p["code"] is None and p["purpose"] is None and p["spending_plan"] is None
    assert [p["implementing_unit"] for p in huoqiu] == [{"code": None, "name": "霍邱县医疗保障局"}] * 2 + [
        {"code": None, "name": "霍邱县医疗保险管理中心"}
    ] * 3
    assert [(p["source"], p["period"]) for p in huoqiu] == [
        ("财政拨款", "1 年"),
        ("财政拨款", None),
        ("本级申报项目", "3 年"),
        ("本级申报项目", "3 年"),
        ("本级申报项目", "3 年"),
    ]
    assert huoqiu[0]["annual_goal"].startswith("资助困难群众参保全覆盖, 住院和门诊救助应救尽救")


def test_huoqiu_funds(huoqiu: list[dict[str, Any]]) -> None:
    assert [p["funds"] for p in huoqiu] == [
        {"total": "18514", "fiscal": "18514", "carryover": "0", "other": "0"},
        {"total": "30.00", "fiscal": "30.00", "carryover": None, "other": None},  # blank cells
        {"total": "50.00", "fiscal": "50.00", "carryover": None, "other": "0.00"},  # no 上年结转 row
        {"total": "200.00", "fiscal": "200.00", "carryover": None, "other": "0.00"},
        {"total": "33.00", "fiscal": "33.00", "carryover": None, "other": "0.00"},
    ]


def test_huoqiu_form1_shifted_rows_are_placed_by_the_frame(huoqiu: list[dict[str, Any]]) -> None:
    p = huoqiu[0]
    rows = [(i["level1"], i["level2"], i["name"], i["value"]) for i in p["indicators"]]
    assert rows[5] == ("产出指标", "成本指标", "资金成本", "≤18514 万元")
    assert ("效益指标", "可持续影响指标", "可持续性", "持续保障困难群众医疗权益。") in rows
    assert len(rows) == 11  # "..." artefact and empty 经济效益/生态效益 rows dropped
    assert not any(i["level2"] in ("经济效益指标", "生态效益指标") for i in p["indicators"])
    assert rows[0] == ("产出指标", "数量指标", "资助参保人次", ">70000 人")
    assert ind(p, "时效指标")["value"] == "“一站式”即时结算全覆盖, 住院和门诊救助在 2024 年 12 月 31 日前完成。"


def test_huoqiu_form3_and_form4_shifts(huoqiu: list[dict[str, Any]]) -> None:
    f3, f4 = huoqiu[2], huoqiu[3]
    cost = ind(f3, "居民医保业务成本")
    assert (cost["level1"], cost["level2"], cost["value"]) == ("产出指标", "成本指标", "500000 元")
    sus = ind(f3, "保障医保工作正常运转")
    assert (sus["level1"], sus["level2"], sus["value"]) == ("效益指标", "可持续影响指标", "持续保障")
    assert [(i["level2"], i["name"], i["value"]) for i in f4["indicators"][:3]] == [
        ("数量指标", "离休人数", "53 人"),
        ("质量指标", "离休人员医疗费到位率", "100%"),
        ("质量指标", "离休人员医疗费使用合规率", "100%"),
    ]
    assert all(i["level1"] == "产出指标" for i in f4["indicators"][:6])


def test_huoqiu_mistakes_are_kept(huoqiu: list[dict[str, Any]]) -> None:
    f2 = huoqiu[1]
    assert ind(f2, "资金需要量")["value"] == "$\\leq 300000$ 元"  # LaTeX left by the PDF extraction
    assert ind(f2, "支出金额")["value"] == "$\\leq 300000$ 元"
    assert ind(f2, "工作满意度、服务对象满意度")["value"] == "$\\geq 90\\%$"
    assert ind(huoqiu[2], "服务参保人数")["value"] == "所有参保人员"  # 数量指标 without a number
    assert ind(huoqiu[2], "服务对象满意度")["value"] == "满意"
    # the public list swaps the amounts of projects 4 and 5 (33 / 200); the forms are kept as printed
    assert huoqiu[3]["funds"]["total"] == "200.00" and huoqiu[4]["funds"]["total"] == "33.00"


# ------------------------------------------------------------------ 泗县


def test_sixian_order_and_headers(sixian: list[dict[str, Any]]) -> None:
    assert [p["name"] for p in sixian] == [
        "欺诈骗取医保基金行为举报奖励",
        "公务用车更新配备",
        "2024_城乡医疗救助",
        "离休医疗费补助",
        "医用网络使用维护费",
    ]
    assert [p["funds"]["total"] for p in sixian] == ["5.00", "18.00", "1760.00", "357.00", "5.00"]
    for p in sixian:
        assert p["department"] == {"code": "066", "name": "泗县医疗保障局"}
        assert (p["source"], p["period"]) == ("本级申报项目", "1年")
        assert p["funds"]["fiscal"] == p["funds"]["total"]
        assert p["funds"]["carryover"] == "0.00" and p["funds"]["other"] == "0.00"
    assert sixian[2]["implementing_unit"] == {"code": None, "name": "泗县城乡居民基本医疗保险管理服务中心"}
    assert sixian[4]["implementing_unit"] == {"code": None, "name": "泗县城镇职工基本医疗保险基金管理中心"}


def test_sixian_shifted_rows_and_joined_cells(sixian: list[dict[str, Any]]) -> None:
    sus = ind(sixian[3], "补助补贴政策为公共服务,保障离休干部利益提供长期保障")
    assert (sus["level1"], sus["level2"], sus["value"]) == ("效益指标", "可持续影响指标", "影响程度较高")
    rescue = sixian[2]
    assert ind(rescue, "自己救助对象年度合规费用救助比率")["value"] == "≥70%"
    econ = ind(rescue, "有效减轻困难群众就医负担")
    assert (econ["level1"], econ["level2"], econ["value"]) == ("效益指标", "经济效益指标", "效果显著")
    assert len(rescue["indicators"]) == 8
    net = sixian[4]
    assert [i["name"] for i in net["indicators"] if i["level2"] == "时效指标"] == [
        "项目完成及时性",
        "信息系统故障响应时间",
    ]


def test_sixian_mistakes_are_kept(sixian: list[dict[str, Any]]) -> None:
    assert ind(sixian[4], "项目完成及时性")["value"] == "1按时完成"
    assert ind(sixian[2], "救助资金使用金额")["value"] == "49650000元"  # 4965 万元 against 1760 万元 of funds
    assert sixian[0]["annual_goal"] == "为鼓励举报、严厉打击欺诈骗取医保基金行为, 其实保证医保基金安全"
    assert sixian[2]["name"] == "2024_城乡医疗救助"  # the 公开清单 prints 2024-城乡医疗救助


# ------------------------------------------------------------------ 兴隆


def test_xinglong_headers(xinglong: list[dict[str, Any]]) -> None:
    first = xinglong[0]
    assert first["name"] == "2024 年劳务派遣人员经费"
    assert first["code"] == "13082224P00059510001F"
    # The form prints no 主管部门: the import gives it the department whose 绩效文本 prints it.
    assert first["department"] == {"code": None, "name": "兴隆县医疗保障局"}
    assert first["purpose"] == "用于聘用人员工资保险等。"
    assert first["annual_goal"] == "1.1.对人员工资发放。 2.2.对人员缴纳养老保险等。"
    for p in xinglong:
        assert p["implementing_unit"] == {"code": "362001", "name": "兴隆县医疗保障局本级"}
        assert p["source"] is None and p["period"] is None
        assert p["funds"]["carryover"] is None and p["funds"]["other"] is None
        assert p["funds"]["fiscal"] == p["funds"]["total"]
        assert [s["month"] for s in p["spending_plan"]] == [3, 6, 10, 12]
        assert p["spending_plan"][-1]["percent"] == "100"
    assert [p["funds"]["total"] for p in xinglong] == [
        "27.00",
        "3200.00",
        "153.00",
        "29.55",
        "56.00",
        "2.00",
        "2.00",
        "3.00",
        "8.00",
        "8.00",
        "17.50",
        "3.00",
        "21.00",
        "3.00",
    ]
    assert xinglong[12]["name"] == "冀财社[2023]208号2024年中央财政医疗服务与保障能力提升补助资金"
    assert xinglong[12]["code"] == "13082224P00071710001G"


def test_xinglong_spending_plans_counted_from_the_right(xinglong: list[dict[str, Any]]) -> None:
    plans = [[s["percent"] for s in p["spending_plan"]] for p in xinglong]
    assert plans[0] == ["25", "50", "75", "100"]
    assert plans[1] == ["25", "50", "75", "100"]  # 6月底 printed in the second column
    assert plans[2] == ["10", "25", "50", "100"]
    assert plans[4] == [None, None, None, "100"]  # header lacks 12月底; the value is in the last column
    assert plans[5] == [None, None, "25", "100"]
    assert plans[6] == [None, "25", "50", "100"]
    assert plans[12] == [None, "10", "25", "100"]


def test_xinglong_wrapped_and_page_split_cells(xinglong: list[dict[str, Any]]) -> None:
    f1 = xinglong[0]
    assert ind(f1, "工资发放准确率")["basis"] == "发放核定数"
    assert ind(f1, "个人核定工资数额")["value"] == "≤4.5 万元/人/年"
    assert ind(f1, "发放及时")["value"] == "每月 15 日前按时发放工资及缴纳保险"
    assert ind(f1, "工作人员满意度")["level2"] == "服务对象满意度指标"
    assert ind(xinglong[3], "成本控制")["value"] == "≤29.55 万元"
    # cells continued after the header row repeated on the next page
    assert ind(xinglong[4], "社会公众满意度")["basis"] == "兴隆县城乡居民医保意外伤害认定调查承办服务协议"
    timely = ind(xinglong[12], "及时完成")
    assert timely["basis"] == "冀财社[2023]208号2024年中央财政医疗服务与保障能力提升补助资金"
    cost = ind(xinglong[12], "正常运转和监管成本控制情况")
    assert (cost["level1"], cost["level2"], cost["value"]) == ("产出指标", "成本指标", "≤21 万元")
    assert len(xinglong[12]["indicators"]) == 7
    assert len(xinglong[4]["indicators"]) == 6


def test_xinglong_indicator_counts(xinglong: list[dict[str, Any]]) -> None:
    assert [len(p["indicators"]) for p in xinglong] == [6, 8, 8, 6, 6, 6, 6, 6, 6, 6, 6, 8, 7, 6]


def test_xinglong_mistakes_are_kept(xinglong: list[dict[str, Any]]) -> None:
    assert ind(xinglong[0], "工资发放准确率")["value"] == "≥100%"
    assert ind(xinglong[3], "完工及时性")["value"] == "及时在 2024 年 12 前服务维护"
    assert ind(xinglong[9], "工作完成及及时性")["description"] == "医疗保障工作完成及时"
    f2 = xinglong[1]
    assert ind(f2, "基金滚存结余可支配月数")["value"] == "基金滚存结余可支配月数"
    # 经济效益指标 printed after 可持续影响指标: display order kept
    assert [i["level2"] for i in f2["indicators"][4:7]] == ["社会效益指标", "可持续影响指标", "经济效益指标"]
    f12 = xinglong[11]
    assert f12["name"] == "冀财社[2022]172号 2023年省级财政城乡社会保险代办员补助"
    assert f12["year"] == 2024
    econ = ind(f12, "经济效益指标")
    assert (econ["level2"], econ["value"]) == ("经济效益指标", "待遇发放准确性")
    assert ind(f12, "发放覆盖率")["value"] == "≤100%"
    assert ind(xinglong[13], "发放及时")["value"] == "在2024年12前完成发放"
    assert ind(xinglong[13], "发放覆盖率")["value"] == "≤100%"
    assert [i["level2"] for i in xinglong[12]["indicators"][:2]] == ["数量指标", "数量指标"]
