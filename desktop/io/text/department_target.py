"""Text imports of department documents: part 1 of a 部门预算绩效文本 (部门整体绩效目标).

一、总体绩效目标 prints numbered, titled paragraphs ("（一）医疗保障政策制定、管理及实施。拟定…");
二、分项绩效目标 numbered items, each a title line followed by "绩效目标：…" and "绩效指标：…"; 三、工作保障措施
numbered, titled paragraphs ("1、完善制度建设。制定…"). A title is the numbered line's first sentence when more
follows it.
"""

from __future__ import annotations

import re

from desktop.io.text.department_draft import DepartmentDraft, Passage
from desktop.io.text.lines import Row

_NUMBER = re.compile(r"^\s*(?:[（(]\s*[一二三四五六七八九十\d]+\s*[)）]|[\d一二三四五六七八九十]+\s*[、.．])\s*")
_LABELLED = re.compile(r"^(绩效目标|绩效指标)\s*[:：]\s*(.*)$")


def split_title(text: str) -> tuple[str | None, str]:
    """(title, text) of a titled paragraph: the first sentence is the title when more text follows it."""
    end = text.find("。")
    if 0 < end < len(text) - 1 and end <= 40:
        return text[: end + 1], text[end + 1 :].strip()
    return None, text


def read_target_line(draft: DepartmentDraft, section: str, row: Row, line: str) -> None:
    """Place one line of 部门整体绩效目标's `section` ("goals", "items" or "measures")."""
    numbered = _NUMBER.match(line)
    rest = line[numbered.end() :].strip() if numbered is not None else line
    if section == "items":
        _item_line(draft, row, rest, numbered is not None)
        return
    target = draft.goals if section == "goals" else draft.measures
    if numbered is not None or not target:
        title, text = split_title(rest)
        target.append(Passage(title, text, row.line_no))
        return
    last = target[-1]
    target[-1] = Passage(last.title, f"{last.text}\n{rest}", last.line_no)


def _item_line(draft: DepartmentDraft, row: Row, rest: str, numbered: bool) -> None:
    labelled = _LABELLED.match(rest)
    if labelled is None:
        if numbered or not draft.items:
            draft.items.append((Passage(rest, "", row.line_no), None, None))
            return
        head, goal, indicators = draft.items[-1]
        draft.items[-1] = (Passage(f"{head.title}{rest}", "", head.line_no), goal, indicators)
        return
    if not draft.items:
        draft.reject(row, "分项绩效目标前没有标题")
        return
    head, goal, indicators = draft.items[-1]
    if labelled.group(1) == "绩效目标":
        goal = labelled.group(2).strip() if goal is None else f"{goal}\n{labelled.group(2).strip()}"
    else:
        indicators = labelled.group(2).strip() if indicators is None else f"{indicators}\n{labelled.group(2).strip()}"
    draft.items[-1] = (head, goal, indicators)
