"""HTML to lines of text: the one place HTML becomes what the readers read.

Two uses. HTML in a web service's text fields (a minute, an agenda item's text) is
unescaped as often as it was escaped, sanitised with nh3 for display, and turned into one
line per paragraph, list item or table row (``html_lines``). A whole saved web page
(``page_lines``) keeps the words a reader sees: no scripts, styles or head; one line per
block and per table cell, so that an item's number in its own cell is a line of its own.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import nh3

# Tags kept in HTML stored for display; every attribute but a link's address is dropped.
DISPLAY_TAGS = {
    "p",
    "br",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "b",
    "i",
    "u",
    "table",
    "thead",
    "tbody",
    "tr",
    "td",
    "th",
    "a",
    "h2",
    "h3",
    "h4",
}
_BLOCK_TAGS = {
    "p",
    "div",
    "br",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "ul",
    "ol",
}
# A saved page also breaks at cells and at the page's own layout elements.
_PAGE_BLOCK_TAGS = _BLOCK_TAGS | {"td", "th", "dt", "dd", "section", "article", "header", "nav"}
_PAGE_SKIPPED = {"script", "style", "head", "noscript", "template", "svg"}
_ESCAPED_MARKUP = re.compile(r"&lt;/?[a-zA-Z]|&amp;(?:lt|gt|amp|nbsp|#\d{1,7});")
MAX_UNESCAPES = 5
MAX_LINE_CHARS = 20_000  # a longer run of text without a block break is split


def unescape_fully(value: str) -> str:
    """HTML that was escaped n times, unescaped n times: while it still shows escaped
    markup (``&lt;p&gt;``), unescape again; a bounded number of times."""
    for _ in range(MAX_UNESCAPES):
        if not _ESCAPED_MARKUP.search(value):
            break
        value = html.unescape(value)
    return value


def display_html(value: str) -> str:
    """Sanitised HTML, safe to show: only plain structure and links are kept."""
    return nh3.clean(
        unescape_fully(value), tags=DISPLAY_TAGS, attributes={"a": {"href"}}, link_rel=None
    ).strip()


class _Lines(HTMLParser):
    def __init__(self, blocks: set[str], skipped: frozenset[str] = frozenset()):
        super().__init__(convert_charrefs=True)
        self.blocks = blocks
        self.skipped = skipped
        self.lines: list[str] = []
        self._current: list[str] = []
        self._size = 0
        self._skipping = 0

    def _break(self):
        line = " ".join("".join(self._current).split())
        while line:
            self.lines.append(line[:MAX_LINE_CHARS])
            line = line[MAX_LINE_CHARS:]
        self._current = []
        self._size = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.skipped:
            self._skipping += 1
        elif tag in self.blocks:
            self._break()

    def handle_startendtag(self, tag, attrs):
        if tag in self.blocks:
            self._break()

    def handle_endtag(self, tag):
        if tag in self.skipped:
            self._skipping = max(0, self._skipping - 1)
        elif tag in self.blocks:
            self._break()

    def handle_data(self, data):
        if self._skipping:
            return
        self._current.append(data)
        self._size += len(data)
        if self._size > MAX_LINE_CHARS:
            self._break()


def html_lines(value: str) -> list[str]:
    """The text of (escaped) HTML, one line per paragraph, list item or table row."""
    reader = _Lines(_BLOCK_TAGS)
    reader.feed(display_html(value))
    reader.close()
    reader._break()
    return reader.lines


def page_lines(value: str) -> list[str]:
    """The visible text of a saved web page, one line per block or table cell."""
    reader = _Lines(_PAGE_BLOCK_TAGS, frozenset(_PAGE_SKIPPED))
    reader.feed(value)
    reader.close()
    reader._break()
    return reader.lines


__all__ = ["DISPLAY_TAGS", "display_html", "html_lines", "page_lines", "unescape_fully"]
