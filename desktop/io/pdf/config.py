"""Turning a layout's checked `[print]` widths (templates/printing.py) into points on the page."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm

from desktop.templates.printing import Width


def resolve_widths(widths: Sequence[Width], total: float) -> list[float]:
    """Column widths in points: millimetre entries as given, relative weights sharing what is left of `total`."""
    fixed = sum(float(w[:-2]) * mm for w in widths if isinstance(w, str))
    weights = sum(w for w in widths if not isinstance(w, str))
    left = max(total - fixed, 0.0)
    out = [float(w[:-2]) * mm if isinstance(w, str) else left * w / weights for w in widths]
    scale = total / sum(out) if sum(out) > total else 1.0  # never print past the right margin
    return [w * scale for w in out]
