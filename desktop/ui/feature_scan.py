"""PySide6's look at every module imported after it, answered from the file's bytes.

Once PySide6.QtCore is loaded, PySide6 asks of each module imported afterwards whether its source mentions "PySide6"
(`shibokensupport.feature._mod_uses_pyside`: that decides where its opt-in `from __feature__ import …` switches
apply). It asks through `inspect.getsource`, which decodes the whole file and keeps it line by line in `linecache`:
~50 µs a module, for the ~120 modules imported before the window shows — some 2% of start-up, paid only where the
program runs from its sources (the pyinstaller bundle has none). Here the same question is asked of the file's bytes:
the answer is the same, only cheaper to get. Tested against PySide6's own answer for every module loaded.
"""

from __future__ import annotations

import sys
from types import ModuleType


def lighten() -> bool:
    """Let PySide6 look for "PySide6" in a module's file bytes; False when PySide6 (a later version) has no such look
    or it was lightened already."""
    feature = sys.modules.get("shibokensupport.feature")
    upstream = getattr(feature, "_mod_uses_pyside", None)
    if upstream is None or getattr(upstream, "__module__", None) == __name__:
        return False

    def uses_pyside(module: ModuleType) -> bool:
        file = getattr(module, "__file__", None)
        if isinstance(file, str) and file.endswith(".py"):
            try:
                with open(file, "rb") as source:
                    return b"PySide6" in source.read()
            except OSError:
                pass  # gone or unreadable: PySide6's own way says what it says then
        return bool(upstream(module))

    setattr(feature, "_mod_uses_pyside", uses_pyside)  # noqa: B010  (an attribute of PySide6's internal module)
    return True
