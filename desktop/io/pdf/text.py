"""Line breaking for Chinese text in form cells.

reportlab's `wordWrap='CJK'` lets `，；：！？”》` start a line (TECH-NOTES), which a reviewer notices at once on a
printed form. Cells are therefore broken here, following the usual rules for Chinese (避头尾): closing punctuation
never starts a line, opening brackets never end one, and numbers with their Latin units (`≥150000`, `13082224P0…`)
stay in one piece unless they are wider than the cell.
"""

from __future__ import annotations

import re

from desktop.io.pdf.fonts import PdfFont

CANNOT_START = frozenset(
    "，。；：！？、）》”’」』】〕］｝〉…‥·—～％‰℃"  # full-width closing punctuation and suffixes
    "!),.:;?]}%"  # their half-width forms
    "\u3005\u309d\u309e\u30fd\u30fe\u30fc"  # iteration marks and the long-vowel mark
)
CANNOT_END = frozenset("（《“‘「『【〔［｛〈([{")
_WIDE = 0x2E80  # below this: Latin, digits, math signs; a run of them is kept together like a word


def _atoms(paragraph: str) -> list[str]:
    """Split a paragraph into unbreakable pieces: one CJK character, one space, or a run of narrow characters."""
    atoms: list[str] = []
    run: list[str] = []
    for char in paragraph:
        if char.isspace():
            if run:
                atoms.append("".join(run))
                run = []
            atoms.append(" ")
        elif ord(char) < _WIDE and char not in CANNOT_END and (char not in CANNOT_START or run):
            # A narrow closing sign after a narrow run stays in it: "1653.67" and "143.56%" never break at the sign.
            run.append(char)
        else:
            if run:
                atoms.append("".join(run))
                run = []
            atoms.append(char)
    if run:
        atoms.append("".join(run))
    return atoms


def _hard_split(atom: str, width: float, font: PdfFont, size: float) -> list[str]:
    """Cut a piece wider than the cell into pieces that fit (a long code or URL)."""
    pieces: list[str] = []
    current = ""
    for char in atom:
        if current and font.width(current + char, size) > width:
            pieces.append(current)
            current = ""
        current += char
    if current:
        pieces.append(current)
    return pieces


def _bad_break(atoms: list[str], at: int) -> bool:
    """True when breaking before atoms[at] puts closing punctuation first or an opening bracket last."""
    return atoms[at][0] in CANNOT_START or atoms[at - 1][-1] in CANNOT_END


def wrap_text(text: str, width: float, font: PdfFont, size: float) -> list[str]:
    """Break `text` into lines no wider than `width` points at `size`; newlines in the text are kept.

    No line starts with closing punctuation (`，。；：！？、）》”`…) unless a single piece fills the line before it.
    An empty text gives one empty line.
    """
    lines: list[str] = []
    for paragraph in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        lines.extend(_wrap_paragraph(paragraph, width, font, size))
    return lines or [""]


def _wrap_paragraph(paragraph: str, width: float, font: PdfFont, size: float) -> list[str]:
    atoms = _atoms(paragraph)
    lines: list[str] = []
    start = i = 0
    used = 0.0
    while i < len(atoms):
        atom = atoms[i]
        if i == start and atom == " ":
            start = i = i + 1  # a space at the start of a wrapped line would indent it
            continue
        atom_width = font.width(atom, size)
        if used + atom_width <= width + 1e-6:
            used += atom_width
            i += 1
            continue
        if i == start:
            if len(atom) > 1:
                atoms[i : i + 1] = _hard_split(atom, width, font, size)
                continue
            used += atom_width  # one character wider than the cell: it has to go somewhere
            i += 1
            continue
        brk = i
        while brk > start + 1 and _bad_break(atoms, brk):
            brk -= 1
        if _bad_break(atoms, brk) and len(atoms[brk - 1]) > 1:
            # the line before is a single long piece: give its last character to the next line instead
            head = atoms[brk - 1]
            atoms[brk - 1 : brk] = [head[:-1], head[-1]]
        lines.append("".join(atoms[start:brk]).rstrip())
        start = i = brk
        used = 0.0
    tail = "".join(atoms[start:]).rstrip()
    if tail or not lines:
        lines.append(tail)
    return _no_orphan(lines, width, font, size)


def _no_orphan(lines: list[str], width: float, font: PdfFont, size: float) -> list[str]:
    """Pull one character down when the last line would be one CJK character alone: "可持续影响指/标" becomes
    "可持续影响/指标". Only when the moved character may start a line and the line before may end where it then ends.
    """
    if len(lines) < 2 or len(lines[-1]) != 1 or ord(lines[-1]) < _WIDE or lines[-1] in CANNOT_START:
        return lines
    before = lines[-2]
    if len(before) < 2:
        return lines
    moved, rest = before[-1], before[:-1].rstrip()
    narrow_word = ord(moved) < _WIDE and (moved.isalnum() or moved in ".%")  # never split `4.5` or `95%`
    if (
        narrow_word
        or moved.isspace()
        or moved in CANNOT_START
        or moved in CANNOT_END
        or not rest
        or rest[-1] in CANNOT_END
    ):
        return lines
    if font.width(moved + lines[-1], size) > width + 1e-6:
        return lines
    return [*lines[:-2], rest, moved + lines[-1]]


# -- remembered line breaks ----------------------------------------------------------------------------------------
# The same labels and values recur on every form of an export (and a table is measured again on each page it is
# split over), so breaks are remembered by (font, text, width, size). Kept apart from the breaker above.

_BREAKS: dict[tuple[str, str, float, float], tuple[str, ...]] = {}
_BREAKS_KEPT = 100_000
_OTHER_SPACE = re.compile(r"[^\S ]")  # whitespace the breaker would turn into a space (tabs, 　, line breaks)


def wrap_lines(text: str, width: float, font: PdfFont, size: float) -> tuple[str, ...]:
    """`wrap_text`, remembered; a text that fits on one line is returned at once without being broken."""
    key = (font.name, text, width, size)
    lines = _BREAKS.get(key)
    if lines is None:
        plain = not _OTHER_SPACE.search(text) and text[:1] != " " and text[-1:] != " "
        if plain and font.width(text, size) <= width + 1e-6:
            lines = (text,)
        else:
            lines = tuple(wrap_text(text, width, font, size))
        if len(_BREAKS) >= _BREAKS_KEPT:
            _BREAKS.clear()
        _BREAKS[key] = lines
    return lines
