"""The indicator tree of one project without Qt: 一级 → 二级 → 三级 nodes, and where a 三级 row sits in it.

Category nodes come from the layout's frame (every 二级 of the frame, so a clerk can add under an empty one); the 三级
nodes are the project's indicators. Indicators whose 一级/二级 are not in the frame (imported or legacy data) get
category nodes made for their names, marked, never dropped.

`project.indicators` is the truth and is never rebuilt from the tree: the tree shows the rows of each 二级 in the
order they have in that list. `Placement` translates between (二级, row) as the clerk sees it and the list position
a domain operation takes, on any list (so several moves can be planned one after another).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum, auto
from typing import NamedTuple

from desktop.domain.frames import group_by_frame
from desktop.domain.model import Indicator, Project
from desktop.templates.frames import Frame
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


def key_for(frame: Frame | None, indicator: Indicator) -> GroupKey:
    """The 二级 row an indicator belongs under: the frame's names when it names a frame category, else its own."""
    if frame is not None:
        l1 = frame.level1(indicator.level1)
        l2 = l1.level2(indicator.level2) if l1 is not None else None
        if l1 is not None and l2 is not None:
            return GroupKey(l1.name, l2.name)
    return GroupKey(indicator.level1, indicator.level2)


class Placement:
    """(二级, row) ↔ position in a list of indicators, for one frame and one display order of the 二级 rows."""

    def __init__(self, frame: Frame | None, group_order: Sequence[GroupKey]) -> None:
        self.frame = frame
        self.group_order = list(group_order)

    def key(self, indicator: Indicator) -> GroupKey:
        return key_for(self.frame, indicator)

    def position(self, rows: Sequence[Indicator], index: int) -> tuple[GroupKey, int]:
        """(二级, row) of `rows[index]`."""
        key = self.key(rows[index])
        return key, sum(1 for r in rows[:index] if self.key(r) == key)

    def size(self, rows: Sequence[Indicator], key: GroupKey) -> int:
        return sum(1 for r in rows if self.key(r) == key)

    def index(self, rows: Sequence[Indicator], key: GroupKey, row: int) -> int:
        """List position of the `row`-th row of `key`."""
        seen = 0
        for i, indicator in enumerate(rows):
            if self.key(indicator) == key:
                if seen == row:
                    return i
                seen += 1
        raise IndexError(f"row {row} outside the {seen} rows of {key}")

    def insertion_index(self, rows: Sequence[Indicator], key: GroupKey, row: int) -> int:
        """The list position at which a row of `key` inserted there shows as its `row`-th row."""
        size = self.size(rows, key)
        if not 0 <= row <= size:
            raise IndexError(f"row {row} outside 0..{size} of {key}")
        if row < size:
            return self.index(rows, key, row)
        if size:
            return self.index(rows, key, size - 1) + 1
        # An empty 二级: after the last row of any 二级 shown above it.
        before = set(self.group_order[: self.group_order.index(key)]) if key in self.group_order else set()
        return max((i + 1 for i, r in enumerate(rows) if self.key(r) in before), default=0)

    def label_for(self, rows: Sequence[Indicator], key: GroupKey) -> str | None:
        """The 二级 text new rows of `key` get: what its rows already say (an alias stays), else the row's name."""
        first = next((r for r in rows if self.key(r) == key), None)
        return first.level2 if first is not None else key.level2

    def relabel(self, rows: Sequence[Indicator], indicator: Indicator, key: GroupKey) -> Indicator:
        """The indicator as it reads once moved under `key` (its 一级/二级 texts follow the row)."""
        if self.key(indicator) == key:
            return indicator
        return replace(indicator, level1=key.level1, level2=self.label_for(rows, key))


class IndicatorTree:
    """The category/indicator nodes of one project. Changes are made by the Qt model, node by node."""

    def __init__(self, project: Project | None, frame: Frame | None) -> None:
        self.project = project
        self.frame = frame
        self.root = Node(NodeKind.ROOT)
        if frame is None:
            return
        indicators = project.indicators if project is not None else []
        for level1 in group_by_frame(frame, indicators, with_empty=True):
            l1_node = Node(NodeKind.LEVEL1, level1.level1, in_frame=level1.in_frame)
            self.root.add(l1_node)
            for group in level1.groups:
                # A row outside the frame keeps its own 二级 text (None included) as its category's name.
                name = group.level2 if group.in_frame else group.rows[0][1].level2
                group_node = Node(NodeKind.LEVEL2, name, in_frame=group.in_frame)
                l1_node.add(group_node)
                for _, indicator in group.rows:
                    group_node.add(Node(NodeKind.LEAF, indicator=indicator))

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

    def placement(self) -> Placement:
        """Translation between tree positions and list positions for this tree's 二级 order."""
        return Placement(self.frame, [g.key() for g in self.groups()])

    def rows(self) -> list[Indicator]:
        """The project's indicators (the list operations address)."""
        return self.project.indicators if self.project is not None else []

    def group_size(self, key: GroupKey) -> int:
        group = self.group(key)
        return 0 if group is None else len(group.children)

    def indicator(self, key: GroupKey, row: int) -> Indicator:
        group = self.group(key)
        if group is None or not 0 <= row < len(group.children):
            raise IndexError(f"no 三级 row {row} under {key}")
        leaf = group.children[row].indicator
        assert leaf is not None
        return leaf

    def new_indicator(self, key: GroupKey) -> Indicator:
        """An empty 三级 row for the 二级 `key`."""
        return Indicator(level1=key.level1, level2=self.placement().label_for(self.rows(), key))


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
    if field_key == "midterm_name":
        return "中长期三级指标"  # printed "三级指标" like the annual one; the editor tells them apart
    return next((c.label for c in layout.columns if c.key == field_key), field_key)
