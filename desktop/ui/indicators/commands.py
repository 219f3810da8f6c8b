"""Undo commands for the indicator tree: one per user action, named so the Edit menu reads “撤销 修改指标值”.

Commands hold positions (二级 key + row), never nodes or indexes, so they survive a rebuild of the model. They act on
the model's primitives, which keep `project.indicators` in display order; when the editor has moved on to another
project, the same primitives run on a bare tree over the command's own project (`ops_for`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import nullcontext
from typing import NamedTuple

from PySide6.QtGui import QUndoCommand

from desktop.domain.model import Indicator, Project
from desktop.templates.layouts import Layout
from desktop.ui.indicators.model import IndicatorTreeModel
from desktop.ui.indicators.tree import GroupKey, IndicatorOps, IndicatorTree, field_label

Position = tuple[GroupKey, int]


def ops_for(model: IndicatorTreeModel, project: Project, layout: Layout) -> IndicatorOps:
    """The model when it shows `project`; otherwise a bare tree over it (the editor has moved to another project)."""
    if model.project is project:
        return model
    return IndicatorTree(project, layout.frame)


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


class _TreeCommand(QUndoCommand):
    """Runs `_apply` / `_revert` on the right project, as one change, and shows the row touched afterwards."""

    def __init__(self, model: IndicatorTreeModel, text: str) -> None:
        super().__init__(text)
        project, layout = model.project, model.layout
        assert project is not None and layout is not None, "an indicator command needs a project on screen"
        self._model = model
        self._project: Project = project
        self._layout: Layout = layout
        self._first = True  # the editor places the cursor itself after the first run

    @property
    def project(self) -> Project:
        """The project this command changes (it may no longer be the one on screen)."""
        return self._project

    def redo(self) -> None:
        self._run(self._apply, reveal=not self._first)
        self._first = False

    def undo(self) -> None:
        self._run(self._revert, reveal=True)

    def _run(self, step: Callable[[IndicatorOps], tuple[GroupKey, int, str | None] | None], reveal: bool) -> None:
        ops = ops_for(self._model, self._project, self._layout)
        with self._model.batch() if ops is self._model else nullcontext():
            touched = step(ops)
        if ops is not self._model:
            self._model.other_project_changed.emit(self._project)
        elif reveal and touched is not None:
            self._model.reveal(*touched)

    def _apply(self, ops: IndicatorOps) -> tuple[GroupKey, int, str | None] | None:
        raise NotImplementedError

    def _revert(self, ops: IndicatorOps) -> tuple[GroupKey, int, str | None] | None:
        raise NotImplementedError


class EditCellCommand(_TreeCommand):
    """One committed cell edit (the editor closing), however many keystrokes it took."""

    def __init__(self, model: IndicatorTreeModel, key: GroupKey, row: int, field_key: str, new: str | None) -> None:
        label = "三级指标" if field_key == "name" else field_label(model.layout, field_key)
        super().__init__(model, f"修改{label}")
        self._key, self._row, self._field, self._new = key, row, field_key, new
        self._old: str | None = getattr(model.indicator(key, row), field_key)

    def _apply(self, ops: IndicatorOps) -> tuple[GroupKey, int, str | None]:
        ops.set_field(self._key, self._row, self._field, self._new)
        return self._key, self._row, self._field

    def _revert(self, ops: IndicatorOps) -> tuple[GroupKey, int, str | None]:
        ops.set_field(self._key, self._row, self._field, self._old)
        return self._key, self._row, self._field


class AddRowCommand(_TreeCommand):
    """A new (empty) 三级 row at `row` of the 二级 `key`."""

    def __init__(self, model: IndicatorTreeModel, key: GroupKey, row: int, indicator: Indicator | None = None) -> None:
        super().__init__(model, "新增三级指标")
        self._key, self._row = key, row
        self._indicator = indicator if indicator is not None else model.tree.new_indicator(key)

    def _apply(self, ops: IndicatorOps) -> tuple[GroupKey, int, str | None]:
        ops.insert_indicator(self._key, self._row, self._indicator)
        return self._key, self._row, "name"

    def _revert(self, ops: IndicatorOps) -> None:
        ops.remove_indicator(self._key, self._row)


class DeleteRowsCommand(_TreeCommand):
    """Deleting 三级 rows (positions in display order, as they were before the deletion)."""

    def __init__(self, model: IndicatorTreeModel, positions: Sequence[Position]) -> None:
        super().__init__(model, f"删除{count_text(len(positions), '三级指标')}")
        self._positions = list(positions)
        self._removed: list[Indicator] = []

    def _apply(self, ops: IndicatorOps) -> None:
        removed = [ops.remove_indicator(key, row) for key, row in reversed(self._positions)]
        self._removed = list(reversed(removed))

    def _revert(self, ops: IndicatorOps) -> tuple[GroupKey, int, str | None]:
        for (key, row), indicator in zip(self._positions, self._removed, strict=True):
            ops.insert_indicator(key, row, indicator)
        return self._positions[0][0], self._positions[0][1], None


class MoveRowsCommand(_TreeCommand):
    """Rows moved by keyboard, by the 移到… menu or by drag and drop; undo puts back their exact old texts."""

    def __init__(self, model: IndicatorTreeModel, steps: Sequence[MoveStep], text: str) -> None:
        super().__init__(model, text)
        self._steps = list(steps)
        self._originals: list[Indicator] = []

    @staticmethod
    def describe(sources: Sequence[Position], dest: GroupKey, direction: str | None = None) -> str:
        """“上移指标”, “移动指标到“质量指标””, “移动 3 条指标到“质量指标””, or “调整指标顺序” within one 二级."""
        if all(key == dest for key, _ in sources):
            return f"{direction}指标" if direction else "调整指标顺序"
        return f"移动{count_text(len(sources), '指标')}到“{dest.level2 or dest.level1}”"

    def _apply(self, ops: IndicatorOps) -> tuple[GroupKey, int, str | None]:
        self._originals = [ops.move_indicator(s.src, s.src_row, s.dst, s.dst_row) for s in self._steps]
        return self._steps[-1].dst, self._steps[-1].dst_row, None

    def _revert(self, ops: IndicatorOps) -> tuple[GroupKey, int, str | None]:
        for step, original in reversed(list(zip(self._steps, self._originals, strict=True))):
            ops.move_indicator(step.dst, step.dst_row, step.src, step.src_row, original)
        return self._steps[0].src, self._steps[0].src_row, None


class PasteRowsCommand(_TreeCommand):
    """Pasted rows; each placement's row already counts the rows pasted before it."""

    def __init__(self, model: IndicatorTreeModel, placements: Sequence[tuple[GroupKey, int, Indicator]]) -> None:
        super().__init__(model, f"粘贴 {len(placements)} 条指标")
        self._placements = list(placements)

    def _apply(self, ops: IndicatorOps) -> tuple[GroupKey, int, str | None]:
        for key, row, indicator in self._placements:
            ops.insert_indicator(key, row, indicator)
        return self._placements[-1][0], self._placements[-1][1], None

    def _revert(self, ops: IndicatorOps) -> None:
        for key, row, _ in reversed(self._placements):
            ops.remove_indicator(key, row)
