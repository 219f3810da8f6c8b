"""Indicator frames: which 二级 categories belong to which 一级, and in what order they print.

Two frames are in use (FORMS.md §2). A layout names its frame; nothing else hard-codes one.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.domain.model import Indicator


@dataclass(frozen=True)
class Level2:
    """A 二级 category. `aliases` are other names real forms print for the same category."""

    name: str
    aliases: tuple[str, ...] = ()

    def matches(self, text: str | None) -> bool:
        """True when `text` names this category (its own name or one of its aliases)."""
        return text is not None and (text == self.name or text in self.aliases)


@dataclass(frozen=True)
class Level1:
    """A 一级 category with its 二级 categories in print order."""

    name: str
    level2s: tuple[Level2, ...]

    def level2(self, text: str | None) -> Level2 | None:
        """The 二级 category named `text` under this 一级, or None."""
        return next((l2 for l2 in self.level2s if l2.matches(text)), None)


@dataclass(frozen=True)
class Frame:
    """A whole indicator frame (2020-style or 2021-style)."""

    id: str
    name: str
    level1s: tuple[Level1, ...]

    def level1(self, text: str | None) -> Level1 | None:
        """The 一级 category named `text`, or None."""
        return next((l1 for l1 in self.level1s if l1.name == text), None)

    def belongs(self, level1: str | None, level2: str | None) -> bool:
        """True when `level2` is a 二级 category of `level1` in this frame."""
        l1 = self.level1(level1)
        return l1 is not None and l1.level2(level2) is not None

    def level1_of(self, level2: str | None) -> Level1 | None:
        """The 一级 under which this frame puts a 二级 named `level2` (for carrying a category to its place)."""
        return next((l1 for l1 in self.level1s if l1.level2(level2) is not None), None)

    def position(self, indicator: Indicator) -> tuple[int, int]:
        """Sort key of an indicator in frame order; rows outside the frame sort last, in their own order."""
        for i, l1 in enumerate(self.level1s):
            if l1.name == indicator.level1:
                for j, l2 in enumerate(l1.level2s):
                    if l2.matches(indicator.level2):
                        return (i, j)
                return (i, len(l1.level2s))
        return (len(self.level1s), 0)

    def ordered(self, indicators: list[Indicator]) -> list[Indicator]:
        """The indicators in frame order; rows of one 二级 keep the order the clerk gave them."""
        return sorted(indicators, key=self.position)


_SATISFACTION = Level2("满意度指标", aliases=("服务对象满意度指标",))
_BENEFIT = Level1(
    "效益指标",
    (Level2("经济效益指标"), Level2("社会效益指标"), Level2("生态效益指标"), Level2("可持续影响指标")),
)

FRAME_2020 = Frame(
    id="2020",
    name="2020 年框架（产出 / 效益 / 满意度）",
    level1s=(
        Level1("产出指标", (Level2("数量指标"), Level2("质量指标"), Level2("时效指标"), Level2("成本指标"))),
        _BENEFIT,
        Level1("满意度指标", (_SATISFACTION,)),
    ),
)

FRAME_2021 = Frame(
    id="2021",
    name="2021 年框架（成本 / 产出 / 效益 / 满意度，财预〔2021〕101号）",
    level1s=(
        Level1(
            "成本指标",
            (
                Level2("经济成本指标"),
                Level2("社会成本指标"),
                Level2("生态环境成本指标", aliases=("生态成本指标",)),
            ),
        ),
        Level1("产出指标", (Level2("数量指标"), Level2("质量指标"), Level2("时效指标"))),
        _BENEFIT,
        Level1("满意度指标", (Level2("服务对象满意度指标", aliases=("满意度指标",)),)),
    ),
)

FRAMES: dict[str, Frame] = {FRAME_2020.id: FRAME_2020, FRAME_2021.id: FRAME_2021}
