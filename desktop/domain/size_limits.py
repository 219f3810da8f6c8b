"""How big an input the program takes: refused at once with a Chinese message naming the limit, never a long hang.

Real documents are far below these limits: the largest published text the importer was built on (a county's whole
department budget) is about 40 000 characters with lines of at most ~700; a project form has 10–50 三级 indicators.
Without them a 31 MB one-line paste took 94 s and 2 GB, and a PDF of one project with 100 000 indicators did not
finish in 300 s. Within them every import, paste and export finishes in seconds.
"""

from __future__ import annotations

from desktop.domain.model import INDICATOR_TEXT_FIELDS, Project

MAX_IMPORT_CHARS = 4_000_000  # one imported text file (100 times the largest real document; read in ~4 s)
MAX_IMPORT_BYTES = 16 * 2**20  # a file larger than this cannot hold fewer characters in any encoding: refused unread
MAX_PASTE_CHARS = 1_000_000  # one paste into the indicator tree
MAX_PASTE_LINE = 20_000  # one pasted row (the importer's limit for one cell; real rows stay under 1 000)
MAX_PRINT_INDICATORS = 1_000  # 三级 indicators of one project on paper (≈ 40 printed pages)
MAX_PRINT_TEXT = 10_000  # characters of one printed field or cell (≈ 4 pages of one cell)

_PROJECT_TEXT_FIELDS = ("name", "code", "source", "period", "attribute", "purpose", "basis", "annual_goal")
_INDICATOR_FIELDS = ("level1", "level2", *INDICATOR_TEXT_FIELDS)


def _chars(number: int) -> str:
    """A character count as a clerk reads it: “3100 万个字符” rather than 31000000, “30000 个字符”."""
    return f"{number / 10_000:.0f} 万个字符" if number >= 100_000 else f"{number} 个字符"


def import_size_problem(text: str, name: str) -> str | None:
    """Why the imported text of file `name` is too big to read, or None (long lines are the importer's business)."""
    if len(text) > MAX_IMPORT_CHARS:
        return (
            f"{name} 太长：共 {_chars(len(text))}，一次最多导入 {_chars(MAX_IMPORT_CHARS)}。"
            "请只复制需要的表格另存后再导入。"
        )
    return None


def file_size_problem(size: int, name: str) -> str | None:
    """Why a text file of `size` bytes is too big to read at all, or None."""
    if size > MAX_IMPORT_BYTES:
        return (
            f"文件 {name} 太大（{size / 2**20:.0f} MB）：可导入的文本文件最多 {MAX_IMPORT_BYTES // 2**20} MB。"
            "请只复制需要的表格另存后再导入。"
        )
    return None


def paste_size_problem(text: str) -> str | None:
    """Why a paste is too big to be rows of a table, or None.

    Judged in C-speed passes only (length, line lengths), so even a 31 MB paste is refused in a fraction of a second.
    """
    if len(text) > MAX_PASTE_CHARS:
        return (
            f"粘贴的内容太长：共 {_chars(len(text))}，一次最多粘贴 {_chars(MAX_PASTE_CHARS)}。"
            "请分几次粘贴，或用“导入”读入文件。"
        )
    lines = text.splitlines()
    longest = max(map(len, lines), default=0)
    if longest > MAX_PASTE_LINE:
        number = next(i for i, line in enumerate(lines, start=1) if len(line) == longest)
        return (
            f"粘贴的内容第 {number} 行太长：有 {_chars(longest)}，表格的一行最多 {_chars(MAX_PASTE_LINE)}。"
            "请检查是否复制了整篇文档。"
        )
    return None


def print_size_problem(project: Project) -> str | None:
    """Why `project` is too big to print (too many indicators, one text too long), or None."""
    name = project.display_name()
    name = name if len(name) <= 40 else name[:40] + "…"
    if len(project.indicators) > MAX_PRINT_INDICATORS:
        return (
            f"项目“{name}”有 {len(project.indicators)} 条三级指标，超过打印上限 {MAX_PRINT_INDICATORS} 条，"
            "无法排版。请检查是否重复导入或粘贴了指标。"
        )
    texts = [("项目信息中", getattr(project, field)) for field in _PROJECT_TEXT_FIELDS]
    if project.midterm is not None:
        texts.append(("总体目标", project.midterm.goal))
    for k, indicator in enumerate(project.indicators, start=1):
        texts += [(f"第 {k} 条指标", getattr(indicator, field)) for field in _INDICATOR_FIELDS]
    for where, text in texts:
        if isinstance(text, str) and len(text) > MAX_PRINT_TEXT:
            return (
                f"项目“{name}”{where}有一段文字长达 {_chars(len(text))}，超过打印上限"
                f"（每格 {_chars(MAX_PRINT_TEXT)}），无法排版。请精简后再打印。"
            )
    return None
