"""Names vulture (dead-code finder, run by .ci/run) cannot see being used. Keep this list short and say why.

Anything else it reports is dead: delete it rather than adding it here.
"""

# ruff: noqa: B018 - bare expressions are how a vulture whitelist names what is used
from vulture.whitelist_utils import Whitelist

_ = Whitelist()

# Called by the framework, not by our code: reportlab flowables, Qt virtual overrides, QUndoCommand merging.
_.wrap
_.draw
_.getSpaceBefore
_.getSpaceAfter
_.eventFilter
_.supportedDropActions
_.supportedDragActions
_.mimeTypes
_.createEditor
_.closeEvent
_.filterAcceptsRow
_.mergeWith
_.lessThan

# Methods picked by name (getattr(self, f"_{kind}")): the 说明 paragraphs per table, the parts of a published document.
_._summary
_._income
_._fiscal
_._general
_._gov_fund
_._state_capital
_._services
_._unknown
_._overview
_._tables
_._notes
_._glossary
_._attachment
_._forms
_.free_text  # a dataclass field set by keyword

# Enum members reached by value (TextKey("source"), AmountKey(...), Part(...)) rather than by name.
_.SOURCE
_.PERIOD
_.ATTRIBUTE
_.KIND
_.FUNCTION_CODE
_.FISCAL
_.CARRYOVER
_.OTHER
_.FUNDS_BY_SOURCE
_.OVERVIEW
_.FINAL_COPY

# Attributes set on library objects, read by the library (openpyxl sheets, sqlite3 connections, decimal contexts).
_.freeze_panes
_.ref
_.showGridLines
_.page_margins
_.horizontalCentered
_.row_factory
_.keepWithNext
_.Emax
_.Emin
_.color  # an openpyxl page-header part's colour (the 草稿 mark)

# The print preview's QBuffer must live as long as the QPdfDocument that reads from it.
_._buffer

# Dataclass fields read by name: amounts by source and budget-table columns (getattr with a layout's or table's key).
_.gov_fund
_.state_capital
_.carryover_general
_.carryover_gov_fund
_.carryover_state_capital
_.special_account
_.implementer
_.timeframe
_.abroad
_.vehicle_purchase
_.vehicle_operation
_.reception
_.goods
_.works

# Landed today with their callers still to come (department documents, the help dialog's F1 wiring): remove from
# this list once used, or delete them if they stay unused.
_.table_rows
_.department_projects
_.show_help
_.Built
_.captioned
_.row_count
_.amounts_in
_.ordinal_list
_.unplaced_rows
_.glossary_line
_.text_columns

# pytest: hooks, module markers, fixtures taken as parameters for their effect.
_.pytest_runtest_makereport
_.pytest_terminal_summary
_.crashed_colleague  # a fixture taken for its effect
_.pytestmark
_.longrepr  # a hook rewriting a test report
_.closing
_.year_
_.fixed_project  # unpacked beside the value the test uses
_.hasChildren  # Qt calls it (QAbstractItemModel override)

# reportlab reads these from the font face / font that desktop/io/pdf/font_face.py fills for it.
_.hmetrics
_.glyphPos
_._pos
_.fontName
_._asciiReadable
_.shapable
_._reverse_map  # read back through __dict__ (the face's reverse glyph map, made on first use)

# A module-level __getattr__ (PEP 562): Python calls it for a name the module does not define yet (lazy re-exports).
_.__getattr__
