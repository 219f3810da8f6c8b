"""The generated 说明's parts as values: sections, paragraphs and the slots where the clerk's own words go.

Kept apart from the generator (`explanation`) so that its two halves (`explanation_tables`, `explanation_other`)
and the generator all read these types without importing one another in a circle.
"""

from __future__ import annotations

from dataclasses import dataclass

# The tables the Anhui publication explains, in its order, and the sections of its 其他重要事项.
EXPLAINED_TABLES: tuple[str, ...] = (
    "summary", "income", "spending", "fiscal", "general", "basic", "gov_fund", "state_capital", "projects",
    "procurement", "services",
)  # fmt: skip
OTHER_SECTIONS: tuple[str, ...] = ("projects", "operating_costs", "procurement", "assets", "performance")
OTHER_TITLES: dict[str, str] = {
    "projects": "项目及绩效目标情况",
    "operating_costs": "机关运行经费",
    "three_public": "“三公”经费",
    "procurement": "政府采购情况",
    "assets": "国有资产占有使用情况",
    "performance": "绩效目标设置情况",
}
_CLOSERS = "。；;，,.、 "


@dataclass(frozen=True)
class Slot:
    """Where the clerk's own words go. `about` is the key of `Budget.reasons` (or `facts:assets` for the 国有资产
    text); `lead` is the computed words printed before them ("，增长原因主要是") and only when they are filled;
    `required` says whether leaving them empty is a finding (a change from last year needs its reason)."""

    about: str
    text: str | None
    lead: str = ""
    required: bool = True
    free_text: bool = False

    @property
    def missing(self) -> bool:
        """True when the words are required and not written."""
        return self.required and not (self.text and self.text.strip())


@dataclass(frozen=True)
class ExplanationParagraph:
    """One paragraph: an optional heading line ("（一）本年收入。", "1. “X”项目。"), computed `text`, an optional
    slot for the clerk's words, then computed `rest` ("。其中，基本支出…")."""

    key: str
    text: str
    slot: Slot | None = None
    rest: str = ""
    heading: str | None = None

    def full_text(self) -> str:
        """The paragraph as printed: the slot's lead and words only when the clerk wrote them."""
        words = ""
        if self.slot is not None and self.slot.text and self.slot.text.strip():
            said = self.slot.text.strip()
            if self.rest[:1] in ("。", "；", "，"):
                said = said.rstrip(_CLOSERS)
            words = self.slot.lead + said
        return self.text + words + self.rest


@dataclass(frozen=True)
class ExplanationSection:
    """One numbered section of part 3: "二、关于2024年收入总表的说明" and its paragraphs. `key` is `table:<id>`
    or `other` (其他重要事项情况说明)."""

    key: str
    heading: str
    paragraphs: tuple[ExplanationParagraph, ...]


@dataclass(frozen=True)
class Explanation:
    """Part 3 as generated, in printed order."""

    sections: tuple[ExplanationSection, ...]

    def paragraphs(self) -> tuple[ExplanationParagraph, ...]:
        """Every paragraph in printed order."""
        return tuple(p for s in self.sections for p in s.paragraphs)

    def slots(self) -> tuple[tuple[ExplanationSection, ExplanationParagraph, Slot], ...]:
        """Every place for the clerk's words, with its section and paragraph."""
        return tuple((s, p, p.slot) for s in self.sections for p in s.paragraphs if p.slot is not None)

    def missing(self) -> tuple[tuple[ExplanationSection, ExplanationParagraph, Slot], ...]:
        """The slots whose required words are not written."""
        return tuple(entry for entry in self.slots() if entry[2].missing)

    def text(self) -> str:
        """Plain text of the whole part (headings and paragraphs, one per line)."""
        lines: list[str] = []
        for section in self.sections:
            lines.append(section.heading)
            for paragraph in section.paragraphs:
                if paragraph.heading:
                    lines.append(paragraph.heading)
                if paragraph.full_text():
                    lines.append(paragraph.full_text())
        return "\n".join(lines)
