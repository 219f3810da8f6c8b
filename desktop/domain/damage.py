"""Text damaged on its way into a project: HTML tags and entities left by a web page or a rich-text field.

Used by the text importer (which strips them as it reads) and by the validator (rule W11), so that markup typed or
pasted into a project never reaches a stamped page unnoticed.
"""

from __future__ import annotations

import html
import re

# Only real tag names are matched, so a value like `<5%` or `<=2500万` is never touched.
_TAG_NAMES = r"(?:p|br|div|span|font|b|i|u|s|em|strong|sup|sub|li|ul|ol|td|tr|th|table|tbody|h[1-6]|o:p|a|img|hr)"
HTML_TAG = re.compile(rf"</?{_TAG_NAMES}(?:\s[^<>]*)?/?>", re.IGNORECASE)
_HTML_BREAK = re.compile(r"<br\s*/?>|</(?:p|div|li|h[1-6])>(?!\s*$)", re.IGNORECASE)
HTML_ENTITY = re.compile(
    r"&(?:nbsp|lt|gt|amp|quot|apos|ge|le|ne|times|middot|ldquo|rdquo|hellip|mdash|#\d{2,6}|#x[0-9a-fA-F]{2,5});"
)


def strip_html(text: str) -> str:
    """`text` without the HTML tags and entities a web page or rich-text field left in it (`<p>`, `<br/>`,
    `&nbsp;`, `&ge;`); a line break (`<br>`, a closed paragraph followed by more text) becomes a newline."""
    if "<" not in text and "&" not in text:
        return text
    text = _HTML_BREAK.sub("\n", text)
    text = HTML_TAG.sub("", text)
    return HTML_ENTITY.sub(lambda m: html.unescape(m.group(0)).replace("\u00a0", " "), text)


def has_html(text: str | None) -> bool:
    """True when `text` holds an HTML tag or entity that strip_html removes."""
    return bool(text) and (HTML_TAG.search(text or "") is not None or HTML_ENTITY.search(text or "") is not None)
