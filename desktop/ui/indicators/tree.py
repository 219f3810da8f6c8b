"""The indicator tree of one project without Qt: 一级 → 二级 → 三级 nodes and the four primitives that change them.

Category nodes come from the layout's frame (every 二级 of the frame, so a clerk can add under an empty one); the 三级
nodes are the project's indicators. Indicators whose 一级/二级 are not in the frame (imported or legacy data) get
category nodes made for their names, marked, never dropped. Every primitive writes `project.indicators` back in
display order, so an undo command can act on a project the editor is no longer showing (see `ops_for`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from enum import Enum, auto
from typing import Any, NamedTuple, Protocol

from desktop.domain.frames import Frame
from desktop.domain.model import INDICATOR_TEXT_FIELDS, Indicator, Project
from desktop.templates.layouts import Layout


class GroupKey(NamedTuple):
    """Identifies a 二级 row by the names its category rows show (the frame's own names for frame rows)."""

    level1: str
    level2: str | None


class NodeKind(Enum):
    """What a node of the tree is."""

    ROOT = auto()
    LEVEL1 = auto()
    LEVEL2 = auto()
    LEAF = auto()


@dataclass(eq=False)
class Node:
    """One row of the tree; `row` is kept equal to its position in `parent.children`."""

    kind: NodeKind
    name: str | None = None
    in_frame: bool = True
    indicator: Indicator | None = None
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)
    row: int = 0  # cached position in parent.children, renumbered by every insert/remove

    def key(self) -> GroupKey:
        assert self.kind is NodeKind.LEVEL2 and self.parent is not None and self.parent.name is not None
        return GroupKey(self.parent.name, self.name)

    def add(self, child: Node, row: int | None = None) -> None:
        position = len(self.children) if row is None else row
        child.parent = self
        self.children.insert(position, child)
        self._renumber(position)

    def take(self, row: int) -> Node:
        child = self.children.pop(row)
        child.parent = None
        self._renumber(row)
        return child

    def _renumber(self, start: int) -> None:
        for i in range(start, len(self.children)):
            self.children[i].row = i


class IndicatorOps(Protocol):
    """The primitives undo commands call; both the model and the bare tree provide them."""

    def group_size(self, key: GroupKey) -> int: ...
    def indicator(self, key: GroupKey, row: int) -> Indicator: ...
    def insert_indicator(self, key: GroupKey, row: int, indicator: Indicator) -> None: ...
    def remove_indicator(self, key: GroupKey, row: int) -> Indicator: ...
    def move_indicator(
        self, src: GroupKey, src_row: int, dst: GroupKey, dst_row: int, indicator: Indicator | None = None
    ) -> Indicator: ...
    def set_field(self, key: GroupKey, row: int, field_key: str, value: str | None) -> str | None: ...


class IndicatorTree:
    """The category/indicator nodes of one project, without Qt. Every primitive writes the project back."""

    def __init__(self, project: Project | None, frame: Frame | None) -> None:
        self.project = project
        self.frame = frame
        self.root = Node(NodeKind.ROOT)
        if frame is None:
            return
        for l1 in frame.level1s:
            l1_node = Node(NodeKind.LEVEL1, l1.name)
            self.root.add(l1_node)
            for l2 in l1.level2s:
                l1_node.add(Node(NodeKind.LEVEL2, l2.name))
        for indicator in project.indicators if project is not None else []:
            self._group_for(indicator).add(Node(NodeKind.LEAF, indicator=indicator))

    def _group_for(self, indicator: Indicator) -> Node:
        return self._group_for_names(indicator) or self.add_group(GroupKey(indicator.level1, indicator.level2))

    # ---------------------------------------------------------------- lookups

    def level1_node(self, name: str) -> Node | None:
        return next((n for n in self.root.children if n.name == name), None)

    def group(self, key: GroupKey) -> Node | None:
        l1 = self.level1_node(key.level1)
        return None if l1 is None else next((n for n in l1.children if n.name == key.level2), None)

    def groups(self) -> Iterator[Node]:
        for l1 in self.root.children:
            yield from l1.children

    def leaves(self) -> Iterator[Node]:
        for group in self.groups():
            yield from group.children

    def indicators(self) -> list[Indicator]:
        return [leaf.indicator for leaf in self.leaves() if leaf.indicator is not None]

    def add_group(self, key: GroupKey) -> Node:
        """A category row for names outside the frame (marked), after the frame's own rows."""
        l1 = self.level1_node(key.level1)
        if l1 is None:
            l1 = Node(NodeKind.LEVEL1, key.level1, in_frame=False)
            self.root.add(l1)
        group = Node(NodeKind.LEVEL2, key.level2, in_frame=False)
        l1.add(group)
        return group

    def _existing_group(self, key: GroupKey) -> Node:
        group = self.group(key)
        if group is None:
            raise KeyError(f"no 二级 row {key}")
        return group

    def label_for(self, group: Node) -> str | None:
        """The 二级 text new rows of `group` get: what its rows already say (an alias stays), else the frame's name."""
        first = next((c.indicator for c in group.children if c.indicator is not None), None)
        return first.level2 if first is not None else group.name

    def relabel(self, indicator: Indicator, group: Node) -> Indicator:
        """The indicator as it reads once moved under `group` (its 一级/二级 texts follow the row)."""
        assert group.parent is not None and group.parent.name is not None
        if self._group_for_names(indicator) is group:
            return indicator
        return replace(indicator, level1=group.parent.name, level2=self.label_for(group))

    def _group_for_names(self, indicator: Indicator) -> Node | None:
        if self.frame is not None:
            frame_l1 = self.frame.level1(indicator.level1)
            frame_l2 = frame_l1.level2(indicator.level2) if frame_l1 is not None else None
            if frame_l1 is not None and frame_l2 is not None:
                return self.group(GroupKey(frame_l1.name, frame_l2.name))
        return self.group(GroupKey(indicator.level1, indicator.level2))

    def new_indicator(self, key: GroupKey) -> Indicator:
        """An empty 三级 row for the 二级 `key`."""
        return Indicator(level1=key.level1, level2=self.label_for(self._existing_group(key)))

    @staticmethod
    def check_row(group: Node, row: int, limit: int) -> None:
        if not 0 <= row <= limit:
            raise IndexError(f"row {row} outside 0..{limit} of {group.name}")

    def write_back(self) -> None:
        if self.project is not None:
            self.project.indicators[:] = self.indicators()

    # ---------------------------------------------------------------- primitives (IndicatorOps)

    def group_size(self, key: GroupKey) -> int:
        group = self.group(key)
        return 0 if group is None else len(group.children)

    def indicator(self, key: GroupKey, row: int) -> Indicator:
        group = self._existing_group(key)
        self.check_row(group, row, len(group.children) - 1)
        leaf = group.children[row].indicator
        assert leaf is not None
        return leaf

    def insert_indicator(self, key: GroupKey, row: int, indicator: Indicator) -> None:
        group = self.group(key) or self.add_group(key)
        self.check_row(group, row, len(group.children))
        group.add(Node(NodeKind.LEAF, indicator=indicator), row)
        self.write_back()

    def remove_indicator(self, key: GroupKey, row: int) -> Indicator:
        old = self.indicator(key, row)
        self._existing_group(key).take(row)
        self.write_back()
        return old

    def move_indicator(
        self, src: GroupKey, src_row: int, dst: GroupKey, dst_row: int, indicator: Indicator | None = None
    ) -> Indicator:
        old = self.indicator(src, src_row)
        source = self._existing_group(src)
        target = self.group(dst) or self.add_group(dst)
        self.check_row(target, dst_row, len(target.children) - (1 if target is source else 0))
        arriving = indicator if indicator is not None else self.relabel(old, target)  # before the row joins target
        node = source.take(src_row)
        target.add(node, dst_row)
        node.indicator = arriving
        self.write_back()
        return old

    def set_field(self, key: GroupKey, row: int, field_key: str, value: str | None) -> str | None:
        old = self.indicator(key, row)
        if field_key not in INDICATOR_TEXT_FIELDS:
            raise KeyError(field_key)
        changes: dict[str, Any] = {field_key: value}
        self._existing_group(key).children[row].indicator = replace(old, **changes)
        self.write_back()
        return getattr(old, field_key)  # type: ignore[no-any-return]


def shown_fields(layout: Layout | None) -> tuple[str, ...]:
    """Indicator fields shown as columns: the name, then the layout's other columns in layout order, once each."""
    keys = ["name"]
    for column in layout.columns if layout is not None else ():
        if column.key not in keys and column.key not in ("level1", "level2"):
            keys.append(column.key)
    return tuple(keys)


def field_label(layout: Layout | None, field_key: str) -> str:
    """The layout's heading for an indicator field (the first column that shows it)."""
    if field_key == "name" or layout is None:
        return "三级指标" if field_key == "name" else field_key
    return next((c.label for c in layout.columns if c.key == field_key), field_key)
