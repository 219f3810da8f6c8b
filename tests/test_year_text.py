"""Years inside names and 时效 dates move with a rolled-over project; other numbers stay."""

from __future__ import annotations

import pytest

from desktop.domain.year_text import shift_dates, shift_name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024_城乡医疗救助", "2025_城乡医疗救助"),
        ("2024年城乡居民医保财政补助", "2025年城乡居民医保财政补助"),
        ("比2023年增长", "比2023年增长"),
        ("12024号文件", "12024号文件"),
        (None, None),
    ],
)
def test_names(text: str | None, expected: str | None) -> None:
    assert shift_name(text, 2024, 2025) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024 年 12 月 31 日前", "2025 年 12 月 31 日前"),
        ("2024-12-31前完成", "2025-12-31前完成"),
        ("2024.12", "2025.12"),
        ("2024年度内", "2025年度内"),
        ("≥2024 人次", "≥2024 人次"),
        ("每月 15 日前", "每月 15 日前"),
    ],
)
def test_dates_in_values(text: str, expected: str) -> None:
    assert shift_dates(text, 2024, 2025) == expected
