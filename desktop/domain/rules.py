"""The validation catalogue (FORMS.md §5): every rule declared once, with its severity, title, reason and source.

The checks themselves live in `checks_*.py`; this module only says what the rules are, so that the help page
(Help → 校验规则), the report and the editor all show the same words.

Catalogue decisions (beyond FORMS.md):

- E00 is ours: a project whose template (版式) the program does not know cannot be checked against its frame or
  printed, so it is reported as an error instead of raising.
- Damaged comparators (`《=`, `$\\leq 300000$`, `≧`, full-width `＞＝＜`) are reported under W09 together with stray
  characters: both are characters left in a value by copying from a PDF or web page, and both are fixed by
  rewriting the value, so one rule with one fix is clearer to the clerk than two.
- W10 compares the 公开清单 of an imported department document with the project forms (name and amount).
- The D rules (DEPARTMENT.md §2) check a department: its entered budget against itself and its projects, and the
  figures an imported document printed against the recomputed tables. A difference of exactly 0.01 in a sum is
  reported as D11 (a warning: rounding in the budget system) instead of the error it would otherwise be.
- W11 is ours: web-page markup (`<p>`, `&nbsp;`) in any text of a project, which would print as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """强制性 (error: blocks marking a project final) or 提示性 (warning: shown, never blocking)."""

    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        """The Chinese word shown to the clerk."""
        return "错误" if self is Severity.ERROR else "提示"


@dataclass(frozen=True)
class Rule:
    """One rule of the catalogue. `active` is False for a rule declared but not checked yet."""

    id: str
    severity: Severity
    title: str
    why: str
    source: str
    active: bool = True


MINISTRY = "财政部项目支出绩效目标指引（财预〔2021〕101号）"
COMPLETE = "审核要点：完整性"
APPROPRIATE = "审核要点：适当性"
RELEVANT = "审核要点：相关性"
FEASIBLE = "审核要点：可行性"
REAL_FORMS = "真实表格中出现过的错误"
REVIEW_OPINION = "财政审核退回意见"
PROGRAM = "本程序"
DEPT = "部门预算公开要求（表间、表内数字一致）"
REAL_DOCS = "真实部门预算公开文件中出现过的错误"

_E = Severity.ERROR
_W = Severity.WARNING

_CATALOGUE: tuple[Rule, ...] = (
    Rule("E00", _E, "版式不存在", "项目所用的版式（表样）不在程序中，无法按其指标框架检查，也无法打印。", PROGRAM),
    Rule("E01", _E, "项目名称未填写", "项目名称须与部门预算中的名称一致，财政局据此把绩效目标对应到预算。", COMPLETE),
    Rule(
        "E02",
        _E,
        "年度目标未填写",
        "年度目标是设置各项指标的依据；空白或只填“*”“-”等占位符的表会被退回。",
        f"{MINISTRY}；{COMPLETE}",
    ),
    Rule("E03", _E, "没有三级指标", "没有任何三级指标，项目绩效就无从衡量。", COMPLETE),
    Rule(
        "E04",
        _E,
        "三级指标缺名称或指标值",
        "三级指标名称与指标值须成对填写，缺少任何一项都无法考核。",
        f"{COMPLETE}；{REVIEW_OPINION}“指标不够完整”",
    ),
    Rule(
        "E05",
        _E,
        "资金合计不符",
        "年度资金总额应等于财政拨款、上年结转与其他资金之和（精确到 0.01 万元），中期资金同理。",
        f"{FEASIBLE}；{REAL_FORMS}",
    ),
    Rule(
        "E06",
        _E,
        "金额为负数或不是数字",
        "金额须为不小于零的数字（单位：万元）；资金支出计划的百分比也不能为负。",
        COMPLETE,
    ),
    Rule(
        "E07",
        _E,
        "产出（成本）指标不完整",
        "产出指标须包含数量、质量、时效指标（2020 年框架还须有成本指标）；2021 年框架的成本指标下至少要有一条。",
        f"{MINISTRY}；{COMPLETE}",
    ),
    Rule(
        "E08",
        _E,
        "缺少效益指标",
        "效益指标反映项目带来的经济、社会、生态效益或可持续影响，至少要有一条。",
        f"{MINISTRY}；{REVIEW_OPINION}“建议增加明确效益指标”",
    ),
    Rule(
        "E09",
        _E,
        "缺少满意度指标",
        "满意度指标反映服务对象的评价，至少要有一条。",
        f"{MINISTRY}；{REVIEW_OPINION}“建议增加满意度指标”",
    ),
    Rule(
        "E10",
        _E,
        "一级/二级指标类型错误",
        "每个二级指标必须放在版式指标框架中对应的一级指标下。",
        f"{APPROPRIATE}；{REVIEW_OPINION}“一级/二级指标类型错误”",
    ),
    Rule(
        "E11",
        _E,
        "资金支出计划不合理",
        "资金支出计划填的是累计百分比：逐栏不减、在 0–100% 之间、年底达到 100%。",
        FEASIBLE,
    ),
    Rule("E12", _E, "年度资金超过中期资金", "年度资金是中期资金的一部分，不能大于中期资金。", FEASIBLE),
    Rule(
        "E13",
        _E,
        "年度不合理",
        "预算年度和中期起止年须是 2000–2100 之间的年份，且起始年不晚于结束年；否则无法归入正确的预算年度。",
        PROGRAM,
    ),
    Rule(
        "W01",
        _W,
        "金额疑似按元填写",
        "县级项目超过 10 亿元（100000 万元）极少见，多半是把“元”填进了“万元”栏（真实表格中有 1907400“万元”）。",
        REAL_FORMS,
    ),
    Rule(
        "W02",
        _W,
        "成本指标超出预算",
        "成本指标的金额（元、万元、亿元统一换算为万元后）不应超过项目年度资金总额；人均、每天等单价不作比较。",
        f"{FEASIBLE}；{REVIEW_OPINION}“成本指标超出预算”；{REAL_FORMS}",
    ),
    Rule(
        "W03",
        _W,
        "数量指标没有数值",
        "数量指标应当量化，写成“≥5000 人”这样可考核的数值。",
        f"{MINISTRY}；{REVIEW_OPINION}“指标不够细化、量化”",
    ),
    Rule(
        "W04",
        _W,
        "满意度指标值不规范",
        "满意度通常以百分比考核（如“≥90%”）；只写“满意”无法考核，目标低于 80% 多半是笔误或目标过低。",
        f"{APPROPRIATE}；{REAL_FORMS}",
    ),
    Rule(
        "W05",
        _W,
        "比率超过 100% 或比较符号存疑",
        "比率不会超过 100%：“≥100%”实为“=100%”；覆盖率、发放率一类指标写“≤100%”等于没有目标。",
        f"{APPROPRIATE}；{REAL_FORMS}",
    ),
    Rule(
        "W06",
        _W,
        "指标值照抄指标名称",
        "指标值与三级指标名称相同，等于没有写目标。",
        f"{RELEVANT}；{REVIEW_OPINION}“指标与指标值不匹配”；{REAL_FORMS}",
    ),
    Rule("W07", _W, "三级指标重复", "同一项目中同名的三级指标重复考核同一内容，应合并或改名。", APPROPRIATE),
    Rule(
        "W08",
        _W,
        "时效指标日期不在预算年度",
        "时效指标的日期应落在预算年度内；照抄上年表格而未改年份时容易出现。",
        FEASIBLE,
    ),
    Rule(
        "W09",
        _W,
        "指标值夹杂多余字符或符号损坏",
        "从 PDF 或网页复制的指标值常带多余字符（“1按时完成”）或损坏的比较符号（“《=”“$\\leq$”“≧”、全角符号），"
        "报送前应改为标准写法 ≥ > = < ≤。",
        REAL_FORMS,
    ),
    Rule(
        "W10",
        _W,
        "公开清单、预算表与项目表不一致",
        "公开清单中的项目名称、金额应与项目表一致（霍邱的清单曾把两个项目的金额对调）。",
        REAL_FORMS,
    ),
    Rule(
        "W11",
        _W,
        "文字中有网页格式标记",
        "从网页或在线系统复制的文字常带 <p>、<br>、&nbsp; 等格式标记，打印在盖章的表上会原样出现，报送前应去掉。",
        REAL_FORMS,
    ),
    Rule(
        "D01",
        _E,
        "上级科目或合计不等于明细之和",
        "部门预算表的类、款和合计行由明细相加而来，任何一列都不能与明细之和不同。",
        DEPT,
    ),
    Rule("D02", _E, "合计不等于各项支出之和", "每一行的合计应等于基本支出、项目支出等各列之和。", DEPT),
    Rule("D03", _E, "基本支出不等于人员经费与公用经费之和", "基本支出由人员经费和公用经费组成。", DEPT),
    Rule(
        "D04",
        _E,
        "收入总计不等于支出总计",
        "部门预算收支平衡：收入总计（含上年结转）应等于支出总计（含结转下年）。",
        DEPT,
    ),
    Rule(
        "D05",
        _E,
        "表间数字不一致",
        "同一数字在不同表中应相同：一般公共预算支出表的基本支出、人员经费、公用经费与基本支出表的合计，"
        "项目支出表的总计与支出总表的项目支出，收支总表各类支出与支出总表等。",
        DEPT,
    ),
    Rule(
        "D06", _E, "项目支出表与项目资金不符", "项目支出表中每个项目的金额应等于该项目绩效目标表的年度资金总额。", DEPT
    ),
    Rule(
        "D07",
        _E,
        "项目支出表与项目表不对应",
        "每张项目绩效目标表都应在项目支出表中列出，项目支出表的每一行也应有项目表。",
        DEPT,
    ),
    Rule("D08", _E, "科目编码层级不符", "款的编码应以所属类的编码开头，项的编码应以所属款的编码开头。", DEPT),
    Rule(
        "D11",
        _W,
        "相差 0.01（四舍五入）",
        "与明细之和恰好相差 0.01，多为预算管理一体化系统分别四舍五入所致；公开前应改成一致的数字。",
        f"{DEPT}；{REAL_DOCS}",
    ),
    Rule(
        "D12",
        _W,
        "同一项目或单位有两种写法",
        "同一项目或单位在不同位置的名称应完全一致（如“2024_”与“2024-”）。",
        REAL_DOCS,
    ),
    Rule(
        "D13",
        _W,
        "列支三公经费但未说明",
        "基本支出中有公务接待费、公务用车运行维护费、公务用车购置或因公出国（境）费用时，应填写“三公”经费情况。",
        DEPT,
    ),
    Rule(
        "D14",
        _W,
        "机关运行经费与公用经费不符",
        "机关运行经费取自行政运行项目的公用经费，二者按 0.1 万元比较应相同。",
        DEPT,
    ),
    Rule("D15", _W, "目录所列的表缺失", "目录中列出的表在文件中应当存在。", REAL_DOCS),
    Rule(
        "D16",
        _W,
        "说明中的数字与表不符",
        "情况说明中的金额、增减和比例应与预算表及上年数一致。",
        f"{DEPT}；{REAL_DOCS}",
    ),
    Rule("D17", _W, "绩效目标设置情况与项目不符", "绩效目标设置情况中的项目个数和金额应与项目绩效目标表一致。", DEPT),
    Rule("D18", _W, "上年为零却写“增长100%”", "上年预算为零时，增长率无意义，应写“新增”。", REAL_DOCS),
    Rule(
        "D19",
        _W,
        "科目编码不在分类目录中",
        "科目编码不在程序所附的政府收支分类科目中：按填写的名称使用，请核对编码是否正确。",
        DEPT,
    ),
    Rule(
        "D20",
        _W,
        "增减变化未说明原因",
        "情况说明要写明各表总额、各功能科目、机关运行经费等比上年增减的原因（程序计算数字，原因由您填写）。",
        DEPT,
    ),
    Rule(
        "D21",
        _W,
        "说明中的绩效目标与项目表不一致",
        "其他重要事项中各项目的绩效目标应与项目绩效目标表的年度目标是同一段文字。",
        REAL_DOCS,
    ),
)

RULES: Mapping[str, Rule] = {rule.id: rule for rule in _CATALOGUE}

RULE_ORDER: Mapping[str, int] = {rule_id: position for position, rule_id in enumerate(RULES)}


def rules_help_text() -> str:
    """The Help → 校验规则 page: every rule with its severity, reason and source, in Chinese plain text."""
    lines = [
        "校验规则",
        "",
        "程序在每次保存时按下列规则检查项目表和部门预算。“错误”必须改正后才能把项目标记为定稿；“提示”不阻止定稿，",
        "但财政局审核时常因这些问题退回，请逐条核对。带有“一键修复”的提示可在校验结果中直接修复，并可撤销。",
        "D 开头的规则检查部门预算：各表的类、款、合计，表与表之间，情况说明与表，以及它们与项目表是否一致。",
    ]
    for severity, heading in ((Severity.ERROR, "错误（强制性，阻止定稿）"), (Severity.WARNING, "提示（提示性）")):
        lines += ["", heading]
        for rule in RULES.values():
            if rule.severity is not severity:
                continue
            pending = "（暂未启用）" if not rule.active else ""
            lines.append(f"{rule.id}  {rule.title}{pending}")
            lines.append(f"      {rule.why}")
            lines.append(f"      依据：{rule.source}")
    return "\n".join(lines) + "\n"
