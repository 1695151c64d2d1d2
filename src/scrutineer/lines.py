"""How a text is numbered into lines: the one convention shared by the parser, which records
the line spans every extracted fact came from, and the document pages, which show those
lines. Pure Python, so both sides can import it without the model layer importing the parser.
"""

from __future__ import annotations

import threading
from collections import OrderedDict


def split_lines(text: str) -> list[str]:
    """Lines as editors number them: any newline convention, no phantom line at the end."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


class LineCache:
    """The line lists of recently read texts, so that a page showing a few lines of a
    megabyte-long paper does not split the whole of it again on every request.

    Bounded by the characters held, not by entries: one document may be 20 MB, another 2 KB.
    Keys must name a text that never changes (a document's pk and sha256 do)."""

    def __init__(self, max_chars: int):
        self.max_chars = max_chars
        self._held: OrderedDict[object, tuple[tuple[str, ...], int]] = OrderedDict()
        self._chars = 0
        self._lock = threading.Lock()

    def lines(self, key, text) -> tuple[str, ...]:
        """The lines of ``text`` (a string, or a callable that returns it, called only
        when the lines are not held)."""
        with self._lock:
            held = self._held.get(key)
            if held is not None:
                self._held.move_to_end(key)
                return held[0]
        body = text() if callable(text) else text
        lines = tuple(split_lines(body))
        with self._lock:
            if key not in self._held and len(body) <= self.max_chars:
                self._held[key] = (lines, len(body))
                self._chars += len(body)
                while self._chars > self.max_chars:
                    _, (_, size) = self._held.popitem(last=False)
                    self._chars -= size
        return lines

    def forget(self, key) -> None:
        with self._lock:
            held = self._held.pop(key, None)
            if held is not None:
                self._chars -= held[1]
