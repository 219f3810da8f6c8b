"""Fields read on first use: how a model object opened from a workbook file waits for part of its data.

A model class names a group of its fields (`LaterFields`): a project's indicators, a project's other fields, a 定稿
copy's content, a department's content. An object told to `wait` for the group lacks those fields in its `__dict__`
and holds, under the group's key, the reader that gives them. The first time one of them is asked for, the reader is
called once; what it gives is kept in the `__dict__` (a field set meanwhile keeps its new value) and the reader is
dropped.

The fields are non-data descriptors on the class, which Python asks only for an attribute an object's `__dict__`
lacks: an object made the usual way, read in full, or read since, pays nothing on each access. Equality,
`dataclasses.replace`, copies and pickles go through the fields, so an object that waits behaves exactly like one
read in full. The storage decides what waits (`storage/deferred.py`, `storage/rows.py`, `storage/department_rows.py`);
the model only holds what it is given.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

T = TypeVar("T")


class LaterFields:
    """A group of fields of `cls` that an object can wait for, read together by one reader on first use.

    `unpack` turns what the reader gives into the fields by name (by default the reader gives that mapping itself);
    so a storage can keep its own reader object — and find it again, to write back unread text as it was.
    """

    def __init__(
        self,
        cls: type,
        names: tuple[str, ...],
        key: str,
        unpack: Callable[[Any], Mapping[str, object]] | None = None,
    ) -> None:
        self.names = names
        self.key = key  # where, in an object's __dict__, the reader of its fields not read yet is kept
        self._unpack = unpack
        for name in names:  # after @dataclass, which took the defaults from the plain class attributes
            setattr(cls, name, _LaterField(name, self))

    def wait(self, obj: object, reader: Callable[[], object]) -> None:
        """Let `obj` read the group's fields with `reader` when one of them is first asked for. `reader` must give
        the same whenever it is called; it may raise (a drive gone, damaged content), and `obj` then keeps waiting."""
        state = obj.__dict__
        for name in self.names:
            state.pop(name, None)
        state[self.key] = reader

    def reader(self, obj: object) -> Any:
        """The reader `obj` waits on for some of the group's fields, else None."""
        state = obj.__dict__
        reader = state.get(self.key)
        if reader is None or all(name in state for name in self.names):
            return None
        return reader

    def waiting(self, obj: object) -> bool:
        """True while some of the group's fields of `obj` have not been read yet."""
        return self.reader(obj) is not None

    def settle(self, obj: object) -> None:
        """Read what `obj` still waits for, and forget a reader whose fields were all set meanwhile (a copy or a
        pickle then carries the fields, never the reader)."""
        state = obj.__dict__
        if self.key not in state:
            return
        if all(name in state for name in self.names):
            del state[self.key]
        else:
            self.read(obj)

    def read(self, obj: object) -> None:
        """Call `obj`'s reader and keep what it gives; raises what the reader raises, leaving `obj` waiting."""
        state = obj.__dict__
        given = state[self.key]()
        values = self._unpack(given) if self._unpack is not None else given
        for name in self.names:
            state.setdefault(name, values[name])  # a field set meanwhile (the clerk typed into it) keeps its value
        del state[self.key]


def made_later(cls: type[T], known: dict[str, object], *waiting: tuple[LaterFields, Callable[[], object]]) -> T:
    """An object of `cls` with only the `known` fields, waiting for each group with its reader (`LaterFields.wait`
    on an object made bare: the way a storage builds thousands of them on opening)."""
    obj = object.__new__(cls)
    state = obj.__dict__
    state.update(known)
    for group, reader in waiting:
        state[group.key] = reader
    return obj


class _LaterField:
    """One field of a `LaterFields` group on its class: asked only when an object's `__dict__` lacks the field."""

    __slots__ = ("group", "name")

    def __init__(self, name: str, group: LaterFields) -> None:
        self.name = name
        self.group = group

    def __get__(self, obj: object | None, owner: type | None = None) -> object:
        if obj is None or self.group.key not in obj.__dict__:
            # Neither on the class nor on an object that waits for nothing: a missing attribute, as Python says it.
            raise AttributeError(self.name)
        self.group.read(obj)
        return obj.__dict__[self.name]
