"""PySide6's look at each module imported after it (does its source mention "PySide6"?) is answered from the file's
bytes once the window's package is imported (desktop/ui/feature_scan.py), with PySide6's own answer."""

from __future__ import annotations

import inspect
import sys

import desktop.domain.model
import desktop.ui  # installs the lighter look, as the program does
import desktop.ui.main_window
from desktop.ui import feature_scan


def test_the_lighter_look_is_installed_in_the_pinned_pyside6() -> None:
    feature = sys.modules["shibokensupport.feature"]
    # A PySide6 upgrade that renames or drops the look fails here: then re-check feature_scan.py.
    assert feature._mod_uses_pyside.__module__ == feature_scan.__name__
    assert not feature_scan.lighten()  # once is enough


def test_it_answers_as_pyside6_would_for_every_module_loaded() -> None:
    feature = sys.modules["shibokensupport.feature"]

    def pyside_answer(module: object) -> bool:  # PySide6's own way, as in shibokensupport/feature.py
        try:
            return "PySide6" in inspect.getsource(module)  # type: ignore[arg-type]
        except (TypeError, OSError, SyntaxError):
            return False

    modules = [m for name, m in sorted(sys.modules.items()) if m is not None and name != "__main__"]
    answers = {m.__name__: feature._mod_uses_pyside(m) for m in modules}
    assert answers == {m.__name__: pyside_answer(m) for m in modules}
    assert feature._mod_uses_pyside(desktop.ui.main_window) and not feature._mod_uses_pyside(desktop.domain.model)
