"""The project form above the indicator tree, split so that the tree keeps the room.

Until the clerk drags the handle, the form is as tall as the shown project's layout needs (at most FORM_SHARE of
the height; a 中期 form is taller than a 江西 one) and the tree takes the rest. Once dragged, the clerk's split is
kept, also across starts. Folded, the form pane is its one-line summary and the handle disappears.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtWidgets import QSplitter, QWidget

from desktop.ui.form.form_pane import FormPane
from desktop.ui.settings import qsettings

FORM_SHARE = 0.55  # the most of the right side the form takes on its own (the tree is where clerks work)
_STATE_KEY = "window/splitter_right"
HANDLE_WIDTH = 8


class FormTreeSplitter(QSplitter):
    """Form pane (index 0) above the indicator editor (index 1)."""

    def __init__(self, pane: FormPane, tree: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self.pane = pane
        self.addWidget(pane)
        self.addWidget(tree)
        self.setStretchFactor(1, 1)
        self.setChildrenCollapsible(False)
        self.setHandleWidth(HANDLE_WIDTH)
        self._automatic = True  # the split is the fitted one until the clerk drags the handle
        self._fitted = False
        self._unfolded_sizes: list[int] = []
        self.splitterMoved.connect(lambda _pos, _index: self._dragged())
        pane.folded_changed.connect(lambda folded, _chosen: self._folded(folded))

    def restore(self) -> None:
        """Put back the split the clerk dragged in an earlier session (if any)."""
        state = qsettings().value(_STATE_KEY)
        restored = isinstance(state, QByteArray | bytes) and self.restoreState(QByteArray(state))
        self._automatic = not restored
        self._fitted = restored
        self._show_handle()

    def save(self) -> None:
        """Remember the split when the clerk chose it; forget it while it is the automatic one."""
        store = qsettings()
        if self._automatic:
            store.remove(_STATE_KEY)
        else:
            store.setValue(_STATE_KEY, self.saveState())
        store.sync()

    def is_automatic(self) -> bool:
        """True while the form's height is the fitted one (the clerk has not dragged the handle)."""
        return self._automatic

    def project_shown(self) -> None:
        """A project (perhaps of another layout) is in the form: refit unless the clerk chose the split."""
        if self._automatic or not self._fitted:
            self._fitted = False
            QTimer.singleShot(0, self.fit_form)

    def fit_form(self) -> None:
        """The form as tall as it needs, at most FORM_SHARE of the height; the tree the rest."""
        if self._fitted or self.pane.is_folded() or self.pane.form.page() is None:
            return
        total = sum(self.sizes())
        if total <= 0:
            return
        form = min(self.pane.natural_height(), int(total * FORM_SHARE))
        self.setSizes([form, total - form])
        self._fitted = True

    def _dragged(self) -> None:
        if not self.pane.is_folded():
            self._automatic = False

    def _folded(self, folded: bool) -> None:
        self._show_handle()
        if folded:
            self._unfolded_sizes = self.sizes()
            total = sum(self._unfolded_sizes)
            self.setSizes([self.pane.bar_height(), total - self.pane.bar_height()])
        elif not self._automatic and self._unfolded_sizes and self._unfolded_sizes[0] > self.pane.bar_height():
            self.setSizes(self._unfolded_sizes)
        else:
            self._fitted = False
            QTimer.singleShot(0, self.fit_form)

    def _show_handle(self) -> None:
        # Folded, the pane cannot grow: a handle there would only be a gap that does nothing when dragged.
        # (Hiding the handle does not last: QSplitter shows it again whenever its widgets are laid out.)
        folded = self.pane.is_folded()
        self.setHandleWidth(0 if folded else HANDLE_WIDTH)
        handle = self.handle(1)
        if handle is not None:
            handle.setEnabled(not folded)
