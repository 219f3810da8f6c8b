"""Moving the years written inside a form's texts to another budget year (年度结转).

Names carry their year ("2024_城乡医疗救助", "2024年城乡居民医保补助") and 时效 values carry dates ("2024 年 12 月
31 日前"); a form rolled over to 2025 must say 2025 in both. Only the rolled-over year itself moves: "比2023年增长"
or a period "2021—2023年" stays as written, and a number that merely looks like a year ("≥2024 人次") is left alone
in values, where only a year followed by 年 or a date separator is taken as a date.
"""

from __future__ import annotations

import re


def _standalone(year: int) -> re.Pattern[str]:
    return re.compile(rf"(?<![0-9０-９]){year}(?![0-9０-９])")


def _dated(year: int) -> re.Pattern[str]:
    # 2024年 / 2024 年 / 2024-12-31 / 2024.12 / 2024/12 / 2024年度
    return re.compile(rf"(?<![0-9０-９.]){year}(?=\s*(?:年|[-/.．]\s*[0-9]{{1,2}}(?![0-9])))")


def shift_name(text: str | None, from_year: int, to_year: int) -> str | None:
    """A project name or goal with every standalone `from_year` written as `to_year` ("2024_城乡医疗救助" → 2025)."""
    if text is None:
        return None
    return _standalone(from_year).sub(str(to_year), text)


def shift_dates(text: str | None, from_year: int, to_year: int) -> str | None:
    """An indicator text with the dates of `from_year` moved to `to_year`; other numbers untouched."""
    if text is None:
        return None
    return _dated(from_year).sub(str(to_year), text)
