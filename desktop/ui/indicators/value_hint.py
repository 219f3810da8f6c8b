"""The line under the indicator tree that says how a 指标值 is read while it is typed (“读作：≥ 95 %（定量，正向）”).

It uses the same parser as validation and export (desktop.domain.values), so what the clerk reads here is what the
checks and the printed form will make of the value.
"""

from __future__ import annotations

from desktop.domain.values import Comparator, PartialDate, ValueKind, normalize_value, parse_value


def _date_text(date: PartialDate) -> str:
    parts = [(date.year, "年"), (date.month, "月"), (date.day, "日")]
    text = "".join(f"{n}{unit}" for n, unit in parts if n is not None)
    return text if date.year or date.month else f"每月{text}"


def describe_value(text: str) -> tuple[str, str | None]:
    """How a 指标值 is read, as shown under the tree while it is typed: (reading, warning or None)."""
    if not text.strip():
        return "读作：（空）请填写指标值，例如 ≥95%、≤18514 万元 或 有效提升", None
    parsed = parse_value(text)
    if parsed.kind is ValueKind.QUANTITATIVE:
        number = format(parsed.number, "f") if parsed.number is not None else ""
        reading = " ".join(p for p in (parsed.comparator.value if parsed.comparator else "", number, parsed.unit) if p)
        if parsed.comparator is None:
            nature = "定量，未写比较符号"
        else:
            nature = "定量，正向" if parsed.comparator.positive else "定量，反向"
        line = f"读作：{reading}（{nature}）"
        if parsed.prefix:
            line += f"；前面的文字“{parsed.prefix}”"
        if parsed.suffix:
            line += f"；后面的文字“{parsed.suffix}”"
    elif parsed.kind is ValueKind.DATE:
        line = "读作：时间 " + "、".join(_date_text(d) for d in parsed.dates)
        if parsed.suffix:
            line += f"（{parsed.suffix}）"
    else:
        line = "读作：定性指标"
    warnings = []
    if parsed.damaged:
        shown = parsed.comparator or _first_comparator(text)
        warnings.append(f"符号不规范，将按 {shown.value} 读取" if shown else "符号不规范，将按标准符号读取")
    if parsed.stray_prefix:
        warnings.append(f"开头的“{parsed.stray_prefix}”像是多余的字符（编号或误输入），请删去")
    return line, "；".join(warnings) or None


def _first_comparator(text: str) -> Comparator | None:
    normal = normalize_value(text)
    return next((c for ch in normal for c in Comparator if c.value == ch), None)
