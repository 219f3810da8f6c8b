"""The child of the kill-during-save runs: opens the workbook, says it is ready, then saves until it is killed."""

from __future__ import annotations

from multiprocessing.connection import Connection
from pathlib import Path

from desktop.storage.workbook_file import WorkbookFile
from tests.fault.states import state


def save_forever(path: str, ready: Connection) -> None:
    """Alternate between the two states, one save after another, until SIGKILL."""
    states = [state(0), state(1)]
    with WorkbookFile.open(Path(path)) as wb_file:
        ready.send(wb_file.read_only_text())  # "" = writable; anything else means a stranded lock
        n = 0
        while True:
            n += 1
            wb_file.save(states[n % 2])
