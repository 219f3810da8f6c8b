"""What the clerk does in the indicator tree, turned into domain operations (no Qt).

The tree speaks of (二级, row); operations speak of positions in `project.indicators`. These builders translate one
into the other at the moment of the action, planning several steps on a scratch copy of the list so that each step's
positions are right after the steps before it. The result is one operation (a Batch for several rows) that the
document applies as one undo step.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from desktop.domain.model import Indicator, Project
from desktop.domain.parts import IndicatorField
from desktop.ui.indicators.tree import GroupKey, IndicatorTree

if TYPE_CHECKING:
    from desktop.domain.operations import Operation

Position = tuple[GroupKey, int]


class MoveStep(NamedTuple):
    """One row moving; `dst_row` counts rows after it has left its source."""

    src: GroupKey
    src_row: int
    dst: GroupKey
    dst_row: int


def plan_moves(
    sources: Sequence[Position], dest: GroupKey, dest_row: int, size_of: Callable[[GroupKey], int]
) -> list[MoveStep]:
    """Single-row moves that put `sources` (display order) together before row `dest_row` of `dest`.

    `dest_row` counts rows before anything moves, as a drop does. Moves that change nothing are left out.
    """
    lists: dict[GroupKey, list[Position]] = {}

    def rows_of(key: GroupKey) -> list[Position]:
        if key not in lists:
            lists[key] = [(key, i) for i in range(size_of(key))]
        return lists[key]

    moving = set(sources)
    # Each row goes just before the first row that stays, so the moved rows keep their order.
    anchor = next((p for p in rows_of(dest)[dest_row:] if p not in moving), None)
    steps = []
    for source in sources:
        source_rows = rows_of(source[0])
        current = source_rows.index(source)
        source_rows.pop(current)
        target_rows = rows_of(dest)
        position = target_rows.index(anchor) if anchor is not None else len(target_rows)
        target_rows.insert(position, source)
        if source[0] != dest or current != position:
            steps.append(MoveStep(source[0], current, dest, position))
    return steps


def count_text(count: int, what: str) -> str:
    """“三级指标” for one row, “ 3 条三级指标” (with the space a number needs after a verb) for several."""
    return what if count == 1 else f" {count} 条{what}"


def describe_move(sources: Sequence[Position], dest: GroupKey, direction: str | None = None) -> str:
    """“上移指标”, “移动指标到“质量指标””, “移动 3 条指标到“质量指标””, or “调整指标顺序” within one 二级."""
    if all(key == dest for key, _ in sources):
        return f"{direction}指标" if direction else "调整指标顺序"
    return f"移动{count_text(len(sources), '指标')}到“{dest.level2 or dest.level1}”"


def _project(tree: IndicatorTree) -> Project:
    assert tree.project is not None, "an indicator edit needs a project on screen"
    return tree.project


def edit_cell(
    tree: IndicatorTree, key: GroupKey, row: int, field: IndicatorField, value: str | None, label: str
) -> Operation:
    """One committed cell edit."""
    from desktop.domain.operations import EditIndicator  # loaded on the first edit, not at start-up

    project = _project(tree)
    index = tree.placement().index(project.indicators, key, row)
    return EditIndicator(project, index, field, value, f"修改{label}")


def insert_rows(tree: IndicatorTree, placements: Sequence[tuple[GroupKey, int, Indicator]], label: str) -> Operation:
    """New rows; each placement's row already counts the rows placed before it."""
    from desktop.domain.operations import Batch, InsertIndicator

    project = _project(tree)
    placement = tree.placement()
    scratch = list(project.indicators)
    steps: list[Operation] = []
    for key, row, indicator in placements:
        index = placement.insertion_index(scratch, key, row)
        scratch.insert(index, indicator)
        steps.append(InsertIndicator(project, index, indicator, label))
    return steps[0] if len(steps) == 1 else Batch(tuple(steps), label)


def remove_rows(tree: IndicatorTree, positions: Sequence[Position]) -> Operation:
    """Delete rows (positions as they are before the deletion)."""
    from desktop.domain.operations import Batch, RemoveIndicator

    project = _project(tree)
    placement = tree.placement()
    label = f"删除{count_text(len(positions), '三级指标')}"
    indexes = sorted((placement.index(project.indicators, k, r) for k, r in positions), reverse=True)
    steps = tuple(RemoveIndicator(project, i, label) for i in indexes)
    return steps[0] if len(steps) == 1 else Batch(steps, label)


def move_rows(tree: IndicatorTree, steps: Sequence[MoveStep], label: str) -> Operation:
    """Rows moved (keyboard, 移到…, drag and drop); a row that changes 二级 takes the new 一级/二级 texts."""
    from desktop.domain.operations import Batch, MoveIndicator

    project = _project(tree)
    placement = tree.placement()
    scratch = list(project.indicators)
    moves: list[Operation] = []
    for step in steps:
        index = placement.index(scratch, step.src, step.src_row)
        moving = scratch.pop(index)
        arriving = placement.relabel(scratch, moving, step.dst)
        to = placement.insertion_index(scratch, step.dst, step.dst_row)
        scratch.insert(to, arriving)
        moves.append(MoveIndicator(project, index, to, arriving if arriving is not moving else None, label))
    return moves[0] if len(moves) == 1 else Batch(tuple(moves), label)
