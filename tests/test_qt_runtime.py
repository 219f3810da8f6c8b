"""The installed Qt binding must survive a long editing session.

PySide6 6.12.0 on CPython 3.11 loses a reference to None on every void C++ call, so the program aborted with
"Fatal Python error: none_dealloc" after a few dozen repaints of the indicator tree. pyproject.toml pins a binding
without that bug; this test fails if an upgrade brings it back.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject


def test_void_calls_do_not_drain_references_to_none() -> None:
    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(20_000):
        probe.setObjectName("x")
        probe.blockSignals(False)
    assert before - sys.getrefcount(None) < 100
