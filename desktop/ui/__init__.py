"""The window: PySide6 widgets, models and dialogs over the domain, storage and io layers.

Importing it loads PySide6 and makes PySide6's look at every module imported after it cheap (`feature_scan`): every
module of this package imports PySide6 anyway.
"""

import PySide6.QtCore  # noqa: F401  (loaded first, so that its look at later modules is lightened before they come)

from desktop.ui import feature_scan

feature_scan.lighten()
