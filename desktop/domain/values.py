"""Reading an indicator's target value (指标值) as the national system stores it: comparator + number + unit.

Clerks type the value as one free string ("≥95%", "134 元/人", "2024 年 12 月 31 日前", "有效提升"), and PDF extraction
damages comparators ("《=2500万", "$\\leq 300000$ 元"). `parse_value` never raises: a string it cannot read as a
quantity or a date is simply qualitative (定性), which the validation rules then judge.

Decisions the validation catalogue relies on:

- QUALITATIVE results carry no comparator, number, unit, prefix or suffix; only `stray_prefix` may be set.
- DATE results carry no number or unit; `prefix`/`suffix` are the text around the date ("在" … "前完成发放").
  A recurring schedule such as "每月 15 日前" is a DATE whose only field is the day (year and month None), so a
  budget-year check (W08) has nothing to compare and stays quiet.
- Chinese comparator words written right before the number: 大于等于/不低于/不少于/不小于/至少/最低/达到 → GE;
  小于等于/不高于/不超过/不多于/不大于/至多/最多/最高/控制在 → LE; 大于/高于/多于/超过 → GT;
  小于/低于/少于/不足/不到 → LT; 等于 → EQ. Written right after number+unit: (及)以上 → GE; (及)以下/以内/之内/内 → LE.
  A symbol before the number wins over a word after it ("≥95%以上" is GE with suffix "以上").
- `damaged` is True exactly when `normalize_value` would rewrite the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import MAX_EMAX, MIN_EMIN, Decimal, localcontext
from enum import StrEnum


class Comparator(StrEnum):
    """The five comparators of the national system, in their standard symbols."""

    GE = "≥"
    GT = ">"
    EQ = "="
    LT = "<"
    LE = "≤"

    @property
    def positive(self) -> bool:
        """True for 正向 comparators (≥ > =, "at least"), False for 反向 ones (< ≤, "at most")."""
        return self in (Comparator.GE, Comparator.GT, Comparator.EQ)


class ValueKind(StrEnum):
    """What sort of target a value states."""

    QUANTITATIVE = "定量"
    QUALITATIVE = "定性"
    DATE = "时间"


@dataclass(frozen=True)
class PartialDate:
    """A date as far as the clerk wrote it; any part may be missing ("12 月底前" has only the month)."""

    year: int | None
    month: int | None
    day: int | None


@dataclass(frozen=True)
class ParsedValue:
    """One 指标值 taken apart; see the module docstring for what each kind fills in."""

    text: str
    kind: ValueKind
    comparator: Comparator | None
    number: Decimal | None
    unit: str
    prefix: str
    suffix: str
    damaged: bool
    dates: tuple[PartialDate, ...]
    stray_prefix: str

    @property
    def is_percent(self) -> bool:
        """True when the value is a percentage (unit "%"); ‰ is not counted, it is a different scale."""
        return self.unit == "%"


# ---------------------------------------------------------------- normalisation of damaged comparators

_LATEX_SEGMENT = re.compile(r"\$([^$\n]*\\[^$\n]*)\$")
_LATEX_COMMANDS = (
    (re.compile(r"\\+(?:leqslant|leqq|leq|le)(?![A-Za-z])\s*"), "≤"),
    (re.compile(r"\\+(?:geqslant|geqq|geq|ge)(?![A-Za-z])\s*"), "≥"),
    (re.compile(r"\\+lt(?![A-Za-z])\s*"), "<"),
    (re.compile(r"\\+gt(?![A-Za-z])\s*"), ">"),
    (re.compile(r"(?<!\s)\s*\\+%"), "%"),  # the look-behind keeps long runs of spaces linear
)
# Longest forms first: "《=", "<=" and "≤=" must become one "≤", not "≤" followed by a stray "=".
_DAMAGED_SYMBOL = re.compile(
    r"(?P<le>[<＜《≤≦⩽](?:[ \t]*[=＝])+|[≦⩽])|(?P<ge>[>＞》≥≧⩾](?:[ \t]*[=＝])+|[≧⩾])|(?P<lt>＜)|(?P<gt>＞)|(?P<eq>＝)"
)
_SYMBOL_FOR_GROUP = {"le": "≤", "ge": "≥", "lt": "<", "gt": ">", "eq": "="}


def _rewrite_latex(text: str) -> str:
    def segment(match: re.Match[str]) -> str:
        inner = _apply_latex_commands(match.group(1))
        # A $…$ without any comparator command is somebody's maths, not extraction damage: leave it.
        return inner.strip() if inner != match.group(1) else match.group(0)

    return _apply_latex_commands(_LATEX_SEGMENT.sub(segment, text))


def _apply_latex_commands(text: str) -> str:
    for pattern, symbol in _LATEX_COMMANDS:
        text = pattern.sub(symbol, text)
    return text


def _normalize_once(text: str) -> str:
    text = _rewrite_latex(text)
    return _DAMAGED_SYMBOL.sub(lambda m: _SYMBOL_FOR_GROUP[m.lastgroup or "eq"], text)


def normalize_value(text: str) -> str:
    """Return the text with damaged comparators in standard form ("《=2500万" → "≤2500万"), nothing else changed."""
    # Removing one damaged form can reveal another ("\\ \\%"); repeating until stable keeps the result idempotent,
    # and it ends because every rewrite either shortens the text or removes a full-width character for good.
    current = _normalize_once(text)
    while True:
        following = _normalize_once(current)
        if following == current:
            return current
        current = following


# ---------------------------------------------------------------- numbers, units, comparators

# Full-width forms map one character to one, so positions in the translated text match the original.
_HALFWIDTH = str.maketrans("０１２３４５６７８９．％／−－", "0123456789.%/--")
_NUMBER = r"[-+]?(?:[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])|[0-9]+)(?:\.[0-9]+)?"
_NUMBER_RE = re.compile(rf"(?<![0-9.])(?P<num>{_NUMBER})")
_SYMBOL_NUMBER_RE = re.compile(rf"(?P<cmp>[≥≤<>=])\s*(?P<num>{_NUMBER})")

_COMPARATOR_WORDS: dict[str, Comparator] = {
    **dict.fromkeys(("大于等于", "大于或等于", "不低于", "不少于", "不小于", "至少", "最低", "达到"), Comparator.GE),
    **dict.fromkeys(
        ("小于等于", "小于或等于", "不高于", "不超过", "不多于", "不大于", "至多", "最多", "最高", "控制在"),
        Comparator.LE,
    ),
    **dict.fromkeys(("大于", "高于", "多于", "超过"), Comparator.GT),
    **dict.fromkeys(("小于", "低于", "少于", "不足", "不到"), Comparator.LT),
    "等于": Comparator.EQ,
}
_WORD_ALTERNATION = "|".join(sorted(_COMPARATOR_WORDS, key=len, reverse=True))
_WORD_NUMBER_RE = re.compile(rf"(?P<cmp>{_WORD_ALTERNATION})\s*(?P<num>{_NUMBER})")
_TRAILING_WORD_RE = re.compile(r"\s*(?:及?以上|及?以下|以内|之内|内)")

_MAGNITUDES = ("百万", "千万", "十万", "万", "亿", "千", "百")
_BASE_UNITS = (
    "元",
    "%",
    "‰",
    "人次",
    "户次",
    "家次",
    "件次",
    "台次",
    "辆次",
    "车次",
    "架次",
    "人天",
    "人日",
    "人",
    "户",
    "个",
    "家",
    "所",
    "次",
    "项",
    "件",
    "辆",
    "台",
    "套",
    "份",
    "篇",
    "场",
    "期",
    "批",
    "张",
    "本",
    "册",
    "岁",
    "条",
    "处",
    "座",
    "间",
    "名",
    "位",
    "例",
    "种",
    "类",
    "部",
    "组",
    "栋",
    "块",
    "轮",
    "床",
    "支",
    "门",
    "页",
    "字",
    "课时",
    "学时",
    "个工作日",
    "工作日",
    "个季度",
    "季度",
    "个月",
    "分钟",
    "小时",
    "秒",
    "天",
    "日",
    "月",
    "年",
    "周",
    "星期",
    "平方米",
    "平方公里",
    "立方米",
    "平米",
    "公里",
    "千米",
    "米",
    "亩",
    "公顷",
    "吨",
    "公斤",
    "千克",
    "克",
    "升",
    "千瓦时",
    "度",
    "分",
    "倍",
)


def _spaced(word: str) -> str:
    # A line wrap in the source can split a unit ("29.55 万 元"), so spaces may sit between its characters.
    return r"\s*".join(re.escape(char) for char in word)


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(_spaced(w) for w in sorted(words, key=len, reverse=True))


# "个百分点" must be tried before magnitude + base, or "百" + "分" would read it as a score.
_UNIT_ATOM = (
    rf"(?:{_alternation(('个百分点', '百分点'))}"
    rf"|(?:(?:{_alternation(_MAGNITUDES)})\s*)?(?:{_alternation(_BASE_UNITS)})"
    rf"|(?:{_alternation(_MAGNITUDES)}))"
)
_UNIT_RE = re.compile(rf"\s*(?P<unit>{_UNIT_ATOM}(?:\s*/\s*{_UNIT_ATOM})*)")

# How many 万元 one of a money unit is; rates such as 元/人 are deliberately absent.
_WAN_PER_UNIT: dict[str, tuple[int, int]] = {
    "元": (1, 10000),
    "百元": (1, 100),
    "千元": (1, 10),
    "万元": (1, 1),
    "万": (1, 1),
    "十万元": (10, 1),
    "百万元": (100, 1),
    "千万元": (1000, 1),
    "亿元": (10000, 1),
    "亿": (10000, 1),
}

_QUIET_PUNCTUATION = frozenset(" \t\r\n。.，,；;、！!")
# Printable ASCII except < = >: a comparator is never part of stray characters.
_STRAY_RE = re.compile(r"(?P<run>[!-;?-~]+)[ \t]*(?=[\u3400-\u4dbf\u4e00-\u9fff])")

# ---------------------------------------------------------------- dates

_YEAR = r"(?:199[0-9]|20[0-9]{2}|2100)"
_MONTH = r"(?:1[0-2]|0?[1-9])(?![0-9])"
_DAY = r"(?:3[01]|[12][0-9]|0?[1-9])(?![0-9])"
_DATE_RE = re.compile(
    # 2024 年 [12 月 [31 日]]; the clerk sometimes leaves out 月 before 前/底 ("2024 年 12 前").
    rf"(?<![0-9.,])(?P<y>{_YEAR})(?![0-9])\s*年(?:\s*(?P<m>{_MONTH})\s*(?:月|(?=前|底|末|初|以前|之前))"
    rf"(?:\s*(?P<d>{_DAY})\s*[日号])?)?"
    rf"|(?<![0-9.,])(?P<y2>{_YEAR})\s*(?P<sep>[-/])\s*(?P<m2>{_MONTH})(?:\s*(?P=sep)\s*(?P<d2>{_DAY}))?"
    rf"|(?<![0-9.,])(?P<y3>{_YEAR})\.(?P<m3>{_MONTH})\.(?P<d3>{_DAY})(?!\.?[0-9])"
    # "12 月底前"; "3 个月" never matches because 个 sits between the number and 月.
    rf"|(?<![0-9.,])(?P<m4>{_MONTH})\s*月(?:\s*(?P<d4>{_DAY})\s*[日号])?"
    # A day alone is a date only as a schedule (每月 15 日) or a deadline (15 日前); "15 日内" is a duration.
    rf"|(?:每个?月)\s*(?P<d5>{_DAY})\s*[日号]"
    rf"|(?<![0-9.,])(?P<d6>{_DAY})\s*[日号](?=\s*(?:前|之前|以前))"
)
_DATE_GROUPS = {"year": ("y", "y2", "y3"), "month": ("m", "m2", "m3", "m4"), "day": ("d", "d2", "d3", "d4", "d5", "d6")}


def _date_field(match: re.Match[str], names: tuple[str, ...]) -> int | None:
    for name in names:
        value = match.group(name)
        if value is not None:
            return int(value)
    return None


def _find_dates(text: str) -> list[tuple[int, int, PartialDate]]:
    found = []
    for match in _DATE_RE.finditer(text):
        start = min(
            match.start(name)
            for name in _DATE_GROUPS["year"] + _DATE_GROUPS["month"] + _DATE_GROUPS["day"]
            if match.group(name) is not None
        )
        date = PartialDate(*(_date_field(match, _DATE_GROUPS[part]) for part in ("year", "month", "day")))
        found.append((start, match.end(), date))
    return found


# ---------------------------------------------------------------- parsing


def _qualitative(text: str, damaged: bool, dates: tuple[PartialDate, ...], stray: str = "") -> ParsedValue:
    return ParsedValue(text, ValueKind.QUALITATIVE, None, None, "", "", "", damaged, dates, stray)


def _leading_comparator(before: str) -> tuple[Comparator | None, str]:
    """Split a comparator written at the end of `before` (symbol or word) from the prefix text in front of it."""
    stripped = before.rstrip()
    if stripped and stripped[-1] in "≥≤<>=":
        return Comparator(stripped[-1]), stripped[:-1].strip()
    for word in sorted(_COMPARATOR_WORDS, key=len, reverse=True):
        if stripped.endswith(word):
            return _COMPARATOR_WORDS[word], stripped[: -len(word)].strip()
    return None, stripped.strip()


def _trailing_comparator(after: str) -> Comparator | None:
    match = _TRAILING_WORD_RE.match(after)
    if match is None:
        return None
    return Comparator.GE if match.group(0).strip().endswith("以上") else Comparator.LE


def _stray_prefix(text: str) -> str:
    # Detection runs on the half-width text so "１按时完成" is caught, but the clerk's own characters are returned.
    plain = text.translate(_HALFWIDTH)
    offset = len(plain) - len(plain.lstrip())
    match = _STRAY_RE.match(plain, offset)
    if match is None or not any(char in "0123456789" for char in match.group("run")):
        return ""
    # "5-10 人" is an odd range, not stray characters: a unit follows the ASCII run.
    if _UNIT_RE.match(plain, match.end()) is not None:
        return ""
    return text[match.start("run") : match.end("run")]


def _pick_number(plain: str) -> re.Match[str] | None:
    # A number that follows a comparator is the target even when an earlier number sits in the prefix
    # ("第3季度完成率≥95%").
    return _SYMBOL_NUMBER_RE.search(plain) or _WORD_NUMBER_RE.search(plain) or _NUMBER_RE.search(plain)


def parse_value(text: str) -> ParsedValue:
    """Take a 指标值 apart into comparator, number, unit and the text around them; never raises."""
    normal = normalize_value(text)
    damaged = normal != text
    plain = normal.translate(_HALFWIDTH)
    found = _find_dates(plain)
    dates = tuple(date for _, _, date in found)
    picked = _pick_number(plain)
    if picked is None:
        return _qualitative(text, damaged, dates, _stray_prefix(text))

    start = picked.start("num")
    for date_start, date_end, _ in found:
        if date_start <= start < date_end:
            comparator, prefix = _leading_comparator(normal[:date_start])
            suffix = normal[date_end:].strip()
            return ParsedValue(text, ValueKind.DATE, comparator, None, "", prefix, suffix, damaged, dates, "")

    comparator, prefix = _leading_comparator(normal[:start])
    number = Decimal(picked.group("num").replace(",", ""))
    unit_match = _UNIT_RE.match(plain, picked.end("num"))
    unit = re.sub(r"\s+", "", unit_match.group("unit")) if unit_match else ""
    after = normal[unit_match.end() if unit_match else picked.end("num") :]
    suffix = after.strip()
    if comparator is None:
        comparator = _trailing_comparator(after)
    quiet_rest = all(char in _QUIET_PUNCTUATION for char in suffix)
    if comparator is None and not unit and not (prefix == "" and quiet_rest):
        return _qualitative(text, damaged, dates, _stray_prefix(text))
    return ParsedValue(text, ValueKind.QUANTITATIVE, comparator, number, unit, prefix, suffix, damaged, dates, "")


def money_in_wan(value: ParsedValue) -> Decimal | None:
    """The amount in 万元 when the unit is plain money (元, 千元, 万元, 万, 亿元, 亿).

    None for rates such as 元/人 or 万元/人/年, for any other unit, and when there is no number.
    """
    if value.number is None or value.unit not in _WAN_PER_UNIT:
        return None
    multiplier, divisor = _WAN_PER_UNIT[value.unit]
    # Absurdly long digit strings must give a (huge) number, not an Overflow exception.
    with localcontext() as context:
        context.Emax, context.Emin = MAX_EMAX, MIN_EMIN
        return value.number * multiplier / divisor
