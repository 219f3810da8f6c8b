"""The one mechanism by which model objects opened from a file wait for part of their fields (domain/read_later.py).

Its users — a project's indicators and other fields, a 定稿 copy's content, a department's content — are tested with
real workbook files elsewhere (test_deferred_*.py, test_finalise.py, test_department_lazy.py); these pin the rules
they share on a small class of their own.
"""

from __future__ import annotations

import copy
import pickle
from dataclasses import dataclass, replace

import pytest

from desktop.domain.read_later import LaterFields, made_later


@dataclass
class Note:
    title: str
    body: str = ""
    tags: tuple[str, ...] = ()


LATER = LaterFields(Note, ("body", "tags"), "_read_rest")


class Reader:
    """Gives the fields it was made with, and counts how often it was asked (a picklable object, like the storage's)."""

    def __init__(self, fail: bool = False) -> None:
        self.calls = 0
        self.fail = fail

    def __call__(self) -> dict[str, object]:
        self.calls += 1
        if self.fail:
            raise OSError("the drive is gone")
        return {"body": "正文", "tags": ("甲", "乙")}


def waiting_note(reader: Reader) -> Note:
    note = Note("标题")
    LATER.wait(note, reader)
    return note


def test_the_first_field_asked_for_reads_the_group_once_and_then_costs_nothing() -> None:
    reader = Reader()
    note = waiting_note(reader)
    assert LATER.waiting(note) and note.title == "标题" and reader.calls == 0
    assert note.tags == ("甲", "乙") and note.body == "正文"
    assert reader.calls == 1 and not LATER.waiting(note) and LATER.reader(note) is None
    assert note == Note("标题", "正文", ("甲", "乙"))


def test_a_field_set_while_waiting_keeps_its_value_and_the_others_still_arrive() -> None:
    note = waiting_note(Reader())
    note.body = "新写的"
    assert LATER.waiting(note)  # the tags are still to come
    assert note.tags == ("甲", "乙") and note.body == "新写的"


def test_a_failing_reader_leaves_the_object_waiting_to_try_again() -> None:
    reader = Reader(fail=True)
    note = waiting_note(reader)
    with pytest.raises(OSError):
        _ = note.body
    assert LATER.waiting(note)
    reader.fail = False
    assert note.body == "正文" and not LATER.waiting(note)


def test_copies_equality_and_replace_see_the_fields_as_if_read_in_full() -> None:
    full = Note("标题", "正文", ("甲", "乙"))
    assert waiting_note(Reader()) == full
    assert replace(waiting_note(Reader()), title="另一个") == replace(full, title="另一个")
    assert copy.deepcopy(waiting_note(Reader())) == full
    assert pickle.loads(pickle.dumps(waiting_note(Reader()))) == full


def test_once_every_field_was_set_the_reader_is_never_called_and_settle_forgets_it() -> None:
    reader = Reader()
    note = waiting_note(reader)
    note.body, note.tags = "一", ("丙",)
    assert not LATER.waiting(note) and LATER.reader(note) is None
    LATER.settle(note)
    assert "_read_rest" not in vars(note) and reader.calls == 0
    assert note == Note("标题", "一", ("丙",))


def test_an_object_made_the_usual_way_never_waits_and_a_missing_attribute_is_still_missing() -> None:
    note = Note("标题")
    assert not LATER.waiting(note) and note.body == "" and note.tags == ()
    del note.body
    with pytest.raises(AttributeError):
        _ = note.body  # no reader: the field is simply missing, as on any object


def test_an_object_made_later_holds_only_what_is_known_until_asked() -> None:
    reader = Reader()
    note = made_later(Note, {"title": "标题"}, (LATER, reader))
    assert set(vars(note)) == {"title", "_read_rest"} and LATER.waiting(note)
    assert note == Note("标题", "正文", ("甲", "乙")) and reader.calls == 1
