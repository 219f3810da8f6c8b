"""`jixiao check` on the 泗县 publication: the document's real contradictions, each located by table, row and
column, and nothing else; on a copy corrected by hand (tests/data/sixian-2024-department-budget-corrected.txt),
nothing at all.

The contradictions of the published seed (for the record, see also DEPARTMENT.md §1):
1. 一般公共预算支出表, 2101501 行政运行, 公用经费 printed 75.27 where its 小计 224.41 (= 149.15 + 75.26), the 款 21015's
   公用经费 126.81 and the 基本支出表's 公用经费 126.81 all say 75.26: off by 0.01, reported on that cell alone
   (the 小计 and the 款 are right about it).
2. The contents list a 收入总表 that the document does not print.
3. One project spelled two ways: 2024_城乡医疗救助 (forms, 项目支出表) and 2024-城乡医疗救助 (说明, 公开清单).
4. One unit spelled two ways: 泗县城乡居民基本医疗保险管理服务中心 (部门预算构成, forms, 说明) and
   …管理中心 (项目支出表).
5. The 说明's 绩效目标 of 城乡医疗救助 differs from the form's 年度目标.
6. "增长100%" from a zero base: 城乡医疗救助 (1760 万元) and 政府采购 (21.54 万元) are new this year.
7. Last year's 项 in the 说明 add up to 1156.89 万元, but its totals say "比2023年预算增加1653.67万元" (1151.89): the
   income, spending and 一般公共预算 comparisons are 5 万元 off from the items'.
8. 公务接待费 (8.8) and 公务用车运行维护费 (2) are budgeted, but the publication has no “三公”经费 statement.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.cli import run

ROOT = Path(__file__).resolve().parents[1]
SIXIAN = ROOT / "resources" / "demo" / "seeds" / "sixian-2024-department-budget.txt"
CORRECTED = Path(__file__).parent / "data" / "sixian-2024-department-budget-corrected.txt"

EXPECTED = {
    # One cell off by 0.01, reported where it is wrong (not on the 小计 and the 款 that are right about it).
    ("D11", "一般公共预算支出表 › 2101501 行政运行 › 公用经费"),
    ("D15", "目录 › 收入总表"),
    ("D12", "部门预算情况说明 › “2024-城乡医疗救助”项目情况 › 名称"),
    ("D12", "项目支出绩效目标公开清单 › 2024-城乡医疗救助 › 名称"),
    ("D21", "部门预算情况说明 › “2024-城乡医疗救助”项目情况 › 绩效目标"),
    ("D18", "部门预算情况说明 › 关于一般公共预算支出表的说明 › 2101301 增减幅度"),
    ("D18", "部门预算情况说明 › 关于政府采购支出表的说明 › 增减幅度"),
    # The growth rates (143.56%) follow from the printed change, so each sentence is reported once, on the change.
    ("D16", "部门预算情况说明 › 关于收入总表的说明 › 比上年增减"),
    ("D16", "部门预算情况说明 › 关于支出总表的说明 › 比上年增减"),
    ("D16", "部门预算情况说明 › 关于一般公共预算支出表的说明 › 比上年增减"),
    ("D13", "一般公共预算基本支出表 › 30217 公务接待费 › 公用经费"),
    ("D13", "一般公共预算基本支出表 › 30231 公务用车运行维护费 › 公用经费"),
}


def check(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[dict[str, object]]]:
    status = run(["check", "--json", str(path)])
    return status, json.loads(capsys.readouterr().out)


def test_check_lists_the_seeds_contradictions_and_nothing_else(capsys: pytest.CaptureFixture[str]) -> None:
    status, findings = check(SIXIAN, capsys)
    department = [f for f in findings if f.get("department") == "泗县医疗保障局"]
    # The unit spelled two ways, in the 项目支出表's row of 2024_城乡医疗救助 (its 项目单位 column).
    unit = [f for f in department if f["rule"] == "D12" and "泗县城乡居民基本医疗保险管理中心" in str(f["message"])]
    assert len(unit) == 1 and unit[0]["location"] == "项目支出表 › 2024_城乡医疗救助 › 项目单位"
    found = {(str(f["rule"]), str(f["location"])) for f in department if f not in unit}
    assert found - EXPECTED == set(), "a finding the seed does not deserve"
    assert EXPECTED - found == set(), "a contradiction of the seed not found"
    for finding in department:
        parts = str(finding["location"]).split(" › ")
        assert len(parts) == (2 if finding["rule"] == "D15" else 3), finding  # table › row › column
    off_by_a_cent = next(f for f in department if f["location"] == "一般公共预算支出表 › 2101501 行政运行 › 公用经费")
    assert "75.27" in str(off_by_a_cent["message"]) and "75.26" in str(off_by_a_cent["message"])
    assert status == (1 if any(f["severity"] == "error" for f in findings) else 0)


def test_check_on_the_copy_corrected_by_hand_finds_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    status, findings = check(CORRECTED, capsys)
    assert status == 0
    assert [f for f in findings if f["severity"] == "error"] == []
    assert findings == []  # nor any warning: the corrected copy has a “三公” statement and its forms' slips fixed
