"""One 说明 section per table ("关于2024年收入总表的说明"), in the 泗县 seed's phrasing, computed from the tables."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from desktop.domain.department.budget import FISCAL_SOURCES, SOURCE_LABELS, Prior, Source, SpendingRow, total
from desktop.domain.department.context import TABLE_NAMES
from desktop.domain.department.explanation_text import ExplanationParagraph, ExplanationSection, Slot
from desktop.domain.department.model import Department
from desktop.domain.department.phrasing import (
    Change,
    amount,
    change,
    chinese_numeral,
    class_short,
    share_text,
    shares,
)
from desktop.domain.department.tables import ComputedTable, compute_tables
from desktop.domain.model import Project
from desktop.templates.classification import Catalogue

_ZERO = Decimal(0)
_SPENDING_KINDS: tuple[tuple[str, str, str], ...] = (
    ("basic", "基本支出", "，主要用于保障机构正常运转、完成日常工作任务"),
    ("project", "项目支出", ""),
    ("business", "事业单位经营支出", ""),
    ("to_superior", "上缴上级支出", ""),
    ("to_subordinate", "对附属单位补助支出", ""),
)


def _income_label(source: Source) -> str:
    return f"{SOURCE_LABELS[source]}拨款收入" if source.fiscal else f"{SOURCE_LABELS[source]}收入"


class TableExplainer:
    """The department, its projects and its computed tables, and the sentences about each table."""

    def __init__(
        self,
        department: Department,
        projects: Sequence[Project],
        catalogue: Catalogue,
        computed: Mapping[str, ComputedTable] | None = None,
    ) -> None:
        self.department = department
        self.projects = list(projects)
        self.catalogue = catalogue
        self.tables: Mapping[str, ComputedTable] = (
            computed if computed is not None else compute_tables(department, projects, catalogue)
        )
        self.name = department.name
        self.year = department.year
        budget = department.budget
        self.prior: Prior | None = budget.prior if budget is not None else None

    # ------------------------------------------------------------------------------------------------ helpers

    def reason(self, about: str) -> str | None:
        """The clerk's reason for `about`."""
        budget = self.department.budget
        return budget.reason(about) if budget is not None else None

    def compared(self, now: Decimal | None, before: Decimal | None) -> Change | None:
        """The change from last year, or None when last year's figures were not entered at all."""
        if self.prior is None:
            return None
        return change(now, before, self.prior.year)

    def changed(
        self, key: str, lead_text: str, now: Decimal | None, before: Decimal | None, about: str, rest: str = "。"
    ) -> ExplanationParagraph:
        """ "<lead_text><比…增加…，增长…%>，增长原因主要是<reason><rest>" — or just lead_text + rest without a prior."""
        found = self.compared(now, before)
        if found is None:
            return ExplanationParagraph(key, lead_text, rest=rest)
        slot = Slot(about, self.reason(about), found.reason_lead, required=found.needs_reason)
        return ExplanationParagraph(key, f"{lead_text}，{found.words}", slot, rest)

    def prior_spending(self, source: Source | None = None, column: str = "amount") -> Decimal | None:
        """Last year's spending (this year's money, not 上年结转), of one source or all."""
        if self.prior is None:
            return None
        rows: list[SpendingRow] = [
            r for r in self.prior.spending if not r.carryover and (source is None or r.source is source)
        ]
        return total(getattr(r, column) for r in rows) or _ZERO

    def prior_income(self) -> Decimal | None:
        """Last year's income (its 收入 total), else last year's spending."""
        if self.prior is None:
            return None
        return total(r.amount for r in self.prior.income) or self.prior_spending()

    def prior_total(self) -> Decimal | None:
        """Last year's budget total: its spending where entered by 项, else its income."""
        if self.prior is None:
            return None
        return total(r.amount for r in self.prior.spending if not r.carryover) or self.prior_income()

    def cell(self, table: str, key: str, column: str) -> Decimal | None:
        """A computed cell."""
        return self.tables[table].amount(key, column)

    def class_rows(self, table: str) -> list[tuple[str, Decimal | None]]:
        """The 功能 类 of a tree table with their amounts (名称, 合计), in printed order."""
        return [(r.label, r.amounts[0]) for r in self.tables[table].rows if r.code is not None and len(r.code) == 3]

    def class_shares(self, table: str) -> str:
        """ "社会保障和就业支出5万元，占0.18%；卫生健康支出2800.56万元，占99.82%"."""
        rows = self.class_rows(table)
        parts = shares([a for _, a in rows])
        return "；".join(f"{name}{amount(a)}万元，{share_text(s)}" for (name, a), s in zip(rows, parts, strict=True))

    # ------------------------------------------------------------------------------------------------ sections

    def explains(self, table_id: str) -> bool:
        """True for the tables this module writes a section for."""
        return hasattr(self, f"_{table_id}")

    def section(self, table_id: str, number: int) -> ExplanationSection:
        """ "<number>、关于<year>年<表名>的说明" and its paragraphs."""
        name = TABLE_NAMES[table_id]
        heading = f"{chinese_numeral(number)}、关于{self.year}年{name}的说明"
        paragraphs: list[ExplanationParagraph] = getattr(self, f"_{table_id}")()
        return ExplanationSection(f"table:{table_id}", heading, tuple(paragraphs))

    def _summary(self) -> list[ExplanationParagraph]:
        summary = self.tables["summary"]
        grand = summary.amount("income:total", "amount")
        sources = [(s, summary.amount(f"income:{s.value}", "amount")) for s in Source]
        filled = [(s, a) for s, a in sources if a]
        if len(filled) == 1:
            income = f"收入全部是{_income_label(filled[0][0])}"
        elif filled:
            income = "收入包括：" + "、".join(f"{_income_label(s)}{amount(a)}万元" for s, a in filled)
        else:
            income = "没有收入"
        if summary.amount("income:carryover", "amount"):
            income += f"，上年结转{amount(summary.amount('income:carryover', 'amount'))}万元"
        classes = [name for name, a in self.class_rows("spending") if a]
        spending = f"支出包括：{'、'.join(classes)}" if classes else "没有支出"
        text = (
            f"按照综合预算的原则，{self.name}所有收入和支出均纳入部门预算管理。{self.name}{self.year}年收支总预算"
            f"{amount(grand)}万元，{income}，{spending}。"
        )
        return [ExplanationParagraph("table:summary", text)]

    def _income(self) -> list[ExplanationParagraph]:
        summary = self.tables["summary"]
        current = summary.amount("income:subtotal", "amount")
        carried = summary.amount("income:carryover", "amount")
        grand = total((current, carried))
        opening = (
            f"{self.name}{self.year}年收入预算{amount(grand)}万元，其中，本年收入{amount(current)}万元，"
            f"上年结转收入{amount(carried)}万元。"
        )
        sources = [(s, summary.amount(f"income:{s.value}", "amount")) for s in Source]
        filled = [(s, a) for s, a in sources if a]
        if len(filled) == 1:
            lead = f"（一）本年收入{amount(current)}万元，收入全部为{_income_label(filled[0][0])}"
        else:
            parts = shares([a for _, a in filled])
            listed = "；".join(
                f"{_income_label(s)}{amount(a)}万元，{share_text(p)}" for (s, a), p in zip(filled, parts, strict=True)
            )
            lead = f"（一）本年收入{amount(current)}万元" + (f"，其中：{listed}" if listed else "")
        first = self.changed("table:income:current", lead, current, self.prior_income(), "table:income")
        carried_rows = [(s, summary.amount(f"income:carryover:{s.value}", "amount")) for s in Source]
        detail = "、".join(f"{SOURCE_LABELS[s]}{amount(a)}万元" for s, a in carried_rows if a)
        second = f"（二）上年结转收入{amount(carried)}万元" + (f"，其中：{detail}" if detail else "") + "。"
        return [
            ExplanationParagraph("table:income", opening),
            first,
            ExplanationParagraph("table:income:carryover", second),
        ]

    def _spending(self) -> list[ExplanationParagraph]:
        spending = self.tables["spending"]
        whole = spending.amount("total", "total")
        amounts = [spending.amount("total", column) for column, _, _ in _SPENDING_KINDS]
        parts = shares(amounts)
        pieces = []
        for (column, label, use), value, share in zip(_SPENDING_KINDS, amounts, parts, strict=True):
            if column == "project" and value:
                named = sorted(self.projects, key=lambda p: -(p.funds.total or _ZERO))
                names = "、".join(p.display_name() for p in named)
                use = f"，主要用于{names}" if names else ""
            pieces.append(f"{label}{amount(value)}万元，{share_text(share)}{use if value else ''}")
        rest = "。其中，" + "；".join(pieces) + "。"
        lead = f"{self.name}{self.year}年支出预算{amount(whole)}万元"
        return [self.changed("table:spending", lead, whole, self.prior_total(), "table:spending", rest)]

    def _fiscal(self) -> list[ExplanationParagraph]:
        fiscal = self.tables["fiscal"]
        whole = fiscal.amount("income:total", "amount")
        by_source = [(s, fiscal.amount(f"income:current:{s.value}", "amount")) for s in FISCAL_SOURCES]
        carried_by = [(s, fiscal.amount(f"income:carryover:{s.value}", "amount")) for s in FISCAL_SOURCES]
        merged = [(s, total((a, c))) for (s, a), (_, c) in zip(by_source, carried_by, strict=True)]
        filled = [(s, a) for s, a in merged if a]
        if len(filled) == 1:
            sources = f"全部为{SOURCE_LABELS[filled[0][0]]}拨款{amount(filled[0][1])}万元"
        else:
            sources = "分为：" + "，".join(f"{SOURCE_LABELS[s]}拨款{amount(a)}万元" for s, a in filled)
        current = fiscal.amount("income:current", "amount")
        carried = fiscal.amount("income:carryover", "amount")
        if current and not carried:
            years = f"全部为当年财政拨款收入{amount(current)}万元"
        elif carried and not current:
            years = f"全部为上年结转收入{amount(carried)}万元"
        else:
            years = f"分为：当年财政拨款收入{amount(current)}万元，上年结转收入{amount(carried)}万元"
        rows = [(r.label.split("）", 1)[-1], r.amounts[0]) for r in fiscal.rows if r.key.startswith("spending:2")]
        rows = [(n, a) for n, a in rows if a]
        parts = shares([a for _, a in rows])
        classes = "；".join(f"{n}{amount(a)}万元，{share_text(s)}" for (n, a), s in zip(rows, parts, strict=True))
        text = (
            f"{self.name}{self.year}年财政拨款收支预算{amount(whole)}万元。收入按资金来源分{sources}；按资金年度分{years}。"
            + (f"支出按功能分类分为：{classes}。" if classes else "")
        )
        return [ExplanationParagraph("table:fiscal", text)]

    def _general(self) -> list[ExplanationParagraph]:
        general = self.tables["general"]
        whole = general.amount("total", "total")
        lead = f"{self.name}{self.year}年一般公共预算支出{amount(whole)}万元"
        scale = self.changed(
            "table:general", lead, whole, self.prior_spending(Source.GENERAL) if self.prior else None, "table:general"
        )
        # This paragraph words its reason "，主要原因：…" (the seed's phrasing), not "，增长原因主要是…".
        slot = scale.slot
        if slot is not None:
            slot = Slot(slot.about, slot.text, "，主要原因：", slot.required)
        out = [
            ExplanationParagraph(scale.key, scale.text, slot, scale.rest, "（一）一般公共预算支出规模变化情况。"),
            ExplanationParagraph(
                "table:general:structure",
                self.class_shares("general") + "。",
                heading="（二）一般公共预算支出结构情况。",
            ),
        ]
        items = [r for r in general.rows if r.code is not None and len(r.code) == 7]
        for number, row in enumerate(items, start=1):
            code = row.code or ""
            names = (
                f"{class_short(self._name(general, code[:3]))}（类）"
                f"{self._name(general, code[:5])}（款）{row.label}（项）"
            )
            lead = f"{number}. {names}{self.year}年预算{amount(row.amounts[0])}万元"
            before = self.prior_function(code)
            heading = "（三）一般公共预算支出具体情况。" if number == 1 else None
            paragraph = self.changed(f"function:{code}", lead, row.amounts[0], before, f"function:{code}")
            out.append(ExplanationParagraph(paragraph.key, paragraph.text, paragraph.slot, paragraph.rest, heading))
        return out

    @staticmethod
    def _name(table: ComputedTable, code: str) -> str:
        row = table.row(code)
        return row.label if row is not None else code

    def prior_function(self, code: str) -> Decimal | None:
        """Last year's 一般公共预算 spending of one 功能 项."""
        if self.prior is None:
            return None
        rows = [r for r in self.prior.spending if r.source is Source.GENERAL and not r.carryover]
        return total(r.amount for r in rows if r.function == code) or _ZERO

    def _basic(self) -> list[ExplanationParagraph]:
        basic = self.tables["basic"]
        whole, personnel, public = (basic.amount("total", c) for c in ("total", "personnel", "public"))
        opening = (
            f"{self.name}{self.year}年一般公共预算基本支出{amount(whole)}万元，其中，人员经费{amount(personnel)}万元，"
            f"公用经费{amount(public)}万元。"
        )
        out = [ExplanationParagraph("table:basic", opening)]
        for index, (column, label) in enumerate((("personnel", "人员经费"), ("public", "公用经费"))):
            names = [r.label for r in basic.rows if r.code is not None and len(r.code) == 5 and r.amounts[1 + index]]
            value = basic.amount("total", column)
            listed = f"，主要包括：{'、'.join(names)}" if names else ""
            text = f"（{chinese_numeral(index + 1)}）{label}{amount(value)}万元{listed}。"
            out.append(ExplanationParagraph(f"table:basic:{column}", text))
        return out

    def _fund(self, table_id: str, label: str) -> list[ExplanationParagraph]:
        table = self.tables[table_id]
        whole = table.amount("total", "total")
        if not whole:
            text = f"{self.name}{self.year}年没有{label}拨款收入，也没有使用{label}拨款安排的支出。"
            return [ExplanationParagraph(f"table:{table_id}", text)]
        source = Source(table_id)
        lead = f"{self.name}{self.year}年{label}支出{amount(whole)}万元"
        basic, project = table.amount("total", "basic"), table.amount("total", "project")
        rest = f"。其中，基本支出{amount(basic)}万元，项目支出{amount(project)}万元。"
        before = self.prior_spending(source)
        return [self.changed(f"table:{table_id}", lead, whole, before, f"table:{table_id}", rest)]

    def _gov_fund(self) -> list[ExplanationParagraph]:
        return self._fund("gov_fund", "政府性基金预算")

    def _state_capital(self) -> list[ExplanationParagraph]:
        return self._fund("state_capital", "国有资本经营预算")

    def _projects(self) -> list[ExplanationParagraph]:
        table = self.tables["projects"]
        whole = table.amount("total", "total")
        lead = f"{self.name}{self.year}年预算共安排项目支出{amount(whole)}万元"

        def cells(prefix: str) -> str:
            amounts = [(s, table.amount("total", prefix + s.value)) for s in FISCAL_SOURCES]
            return "，".join(f"{SOURCE_LABELS[s]}拨款安排{amount(a)}万元" for s, a in amounts)

        current = total(table.amount("total", s.value) for s in FISCAL_SOURCES)
        carried = total(table.amount("total", f"carryover_{s.value}") for s in FISCAL_SOURCES)
        rest = (
            f"。主要包括：本年财政拨款安排{amount(current)}万元（其中，{cells('')}），"
            f"财政拨款上年结转安排{amount(carried)}万元（其中，{cells('carryover_')}）、"
            f"财政专户管理资金安排{amount(table.amount('total', 'special_account'))}万元"
            f"和单位资金安排{amount(table.amount('total', 'unit'))}万元。"
        )
        before = self.prior_spending(column="project") if self.prior is not None else None
        return [self.changed("table:projects", lead, whole, before, "table:projects", rest)]

    def _procurement(self) -> list[ExplanationParagraph]:
        table = self.tables["procurement"]
        whole = table.amount("total", "total")
        if not whole:
            return [ExplanationParagraph("table:procurement", f"{self.name}{self.year}年没有安排政府采购支出。")]
        columns = ("general", "gov_fund", "state_capital", "special_account", "unit")
        values = [table.amount("total", c) for c in columns]
        parts = shares(values)
        listed = "；".join(
            f"{SOURCE_LABELS[Source(c)]}安排{amount(v)}万元，{share_text(p)}"
            for c, v, p in zip(columns, values, parts, strict=True)
        )
        lead = f"{self.name}{self.year}年预算安排政府采购支出{amount(whole)}万元"
        before = None
        if self.prior is not None:
            by_category = self.prior.facts.procurement_by_category if self.prior.facts is not None else None
            before = (
                total((by_category.goods, by_category.works, by_category.services)) if by_category else None
            ) or _ZERO
        return [self.changed("table:procurement", lead, whole, before, "table:procurement", f"。其中，{listed}。")]

    def _services(self) -> list[ExplanationParagraph]:
        table = self.tables["services"]
        whole = table.amount("total", "amount")
        if not whole:
            return [ExplanationParagraph("table:services", f"{self.name}{self.year}年没有安排政府购买服务支出。")]
        items = "、".join(dict.fromkeys(r.texts[4] or r.label for r in table.rows if r.key != "total" and r.label))
        text = f"{self.name}{self.year}年安排政府购买服务支出{amount(whole)}万元" + (
            f"，主要用于{items}。" if items else "。"
        )
        return [ExplanationParagraph("table:services", text)]
