"""The start-up floor: a bare PySide6 QMainWindow with a QTreeView, shown (offscreen) and painted, then exit.

Nothing of the program is imported; `benchmarks/floors.py` times this whole process against `jixiao --selftest`.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QMainWindow, QTreeView

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(QTreeView())
window.resize(1366, 768)
window.show()
app.processEvents()
window.close()
