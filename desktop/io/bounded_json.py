"""JSON read with limits, for every document that comes from outside (interchange files, an xlsx's hidden sheet).

Python's `json` accepts what the program cannot use and then fails far from the cause: a megabyte of digits as one
integer (`ValueError` beyond 4 300 digits), nesting a thousand levels deep (`RecursionError`, even under a key
nobody reads), `NaN`/`Infinity`, and `"\\ud800"` — a lone surrogate that no file, database or PDF can encode. This
reader refuses all of them up front with a Chinese sentence naming the place, so a caller only ever sees
`BoundedJsonError` (a ValueError) or a value that is safe to store.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

# The interchange format nests about six levels (document → projects → project → funds → amount); 64 leaves room
# for any later version while staying far below Python's recursion limit.
MAX_DEPTH = 64
# Years, months and version numbers have at most four digits; a longer literal is a mistake or an attack. Kept well
# above int64 (19 digits) so that an implausible year is refused by the reader that knows what a year is.
MAX_INTEGER_DIGITS = 30
DEFAULT_MAX_BYTES = 64 * 1024 * 1024

_SURROGATE = re.compile("[\ud800-\udfff]")
# `\ud800`…`\udfff` as a JSON escape (a false hit such as an escaped backslash only costs the full check).
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


class BoundedJsonError(ValueError):
    """The text is not JSON the program can use; `str(exc)` is a Chinese sentence saying why and where."""


def _parse_int(literal: str) -> int:
    digits = len(literal.lstrip("-"))
    if digits > MAX_INTEGER_DIGITS:
        raise BoundedJsonError(
            f"JSON 中有一个 {digits} 位的整数（{literal[:12]}…），太长，不可能是年度、月份等数值；请检查文件是否正确"
        )
    return int(literal)


def _parse_constant(name: str) -> Any:
    raise BoundedJsonError(f"JSON 中有 {name}，这不是标准 JSON 的数值；请检查文件是否正确")


def loads(text: str | bytes, *, max_bytes: int = DEFAULT_MAX_BYTES, what: str = "JSON 文件") -> Any:
    """Parse `text` (bytes are read as UTF-8, a BOM allowed) within the limits above; raise BoundedJsonError.

    `what` names the document in messages (e.g. "data.json", "隐藏数据表").
    """
    size = len(text) if isinstance(text, bytes) else len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        megabytes = f"{size / 1_048_576:.0f} MB，上限 {max_bytes // 1_048_576} MB"
        raise BoundedJsonError(f"{what}太大（{megabytes}），不像是工作簿数据")
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise BoundedJsonError(f"{what}不是 UTF-8 文本（第 {exc.start + 1} 个字节起无法识别）") from None
    _check_depth(text, what)
    try:
        data = json.loads(text, parse_int=_parse_int, parse_constant=_parse_constant)
    except BoundedJsonError:
        raise
    except json.JSONDecodeError as exc:
        where = f"第 {exc.lineno} 行第 {exc.colno} 列"
        raise BoundedJsonError(f"{what}的 JSON 格式有误（{where}）：请检查文件是否完整") from None
    except (ValueError, RecursionError, MemoryError) as exc:  # belt and braces: the checks above should pre-empt these
        raise BoundedJsonError(f"{what}无法读取（{type(exc).__name__}）：请检查文件是否正确") from None
    if _SURROGATE_ESCAPE.search(text) or _SURROGATE.search(text):
        _check_text(data, what)  # only text that spells a surrogate can hold one: the walk is for those alone
    return data


_STRUCTURE = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


def _check_depth(text: str, what: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH anywhere (strings skipped), before json builds anything."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return  # cannot be too deep: the common small file skips the scan
    # The brackets outside strings, innermost pairs removed level by level (in C): a workbook's documents finish in
    # a few rounds; only a text still nested after MAX_DEPTH rounds is scanned token by token for the message.
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    for _ in range(MAX_DEPTH):
        if not brackets:
            return
        fewer = brackets.replace("[]", "").replace("{}", "")
        if fewer == brackets:
            break  # brackets that do not pair up: the exact scan below decides
        brackets = fewer
    if not brackets:
        return
    depth = 0
    for match in _STRUCTURE.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                line = text.count("\n", 0, match.start()) + 1
                raise BoundedJsonError(
                    f"{what}的嵌套超过 {MAX_DEPTH} 层（第 {line} 行），不是本程序能读的数据；请检查文件是否正确"
                )
        elif token in "]}":
            depth -= 1


def _check_text(data: Any, what: str) -> None:
    """Refuse lone surrogates (e.g. from `"\\ud800"`) in any key or string: no file or database can store them."""
    stack: list[tuple[Any, Callable[[], str]]] = [(data, lambda: "")]
    while stack:
        value, where = stack.pop()
        if isinstance(value, str):
            if _SURROGATE.search(value):
                raise BoundedJsonError(_surrogate_message(what, where(), value))
        elif isinstance(value, dict):
            for key, item in value.items():
                if _SURROGATE.search(key):
                    raise BoundedJsonError(_surrogate_message(what, where(), key))
                stack.append((item, _child(where, key)))
        elif isinstance(value, list):
            stack.extend((item, _child(where, i)) for i, item in enumerate(value))


def _child(parent: Callable[[], str], step: str | int) -> Callable[[], str]:
    # Paths are built only for the one value reported, never for the thousands that are fine.
    return lambda: f"{parent()}[{step}]" if isinstance(step, int) else f"{parent()}.{step}".lstrip(".")


def _surrogate_message(what: str, where: str, text: str) -> str:
    bad = _SURROGATE.search(text)
    assert bad is not None
    code = f"\\u{ord(bad.group()):04x}"
    place = f"“{where}”处" if where else ""
    return f"{what}{place}的文字含有无法保存的字符（单独的代理字符 {code}，多为文件编码损坏）；请修正后再导入"
