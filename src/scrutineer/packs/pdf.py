"""A PDF paper to the line-based text the parser reads, with the page of every line.

Papers are written in Word and saved as PDF, so a page is one column of paragraphs,
lists and ruled tables. The reader rebuilds what the text extractions the parser was built
on show: one line per paragraph (lines that only wrapped are joined again), a blank line
between paragraphs, ``**bold**`` from the font names, list bullets as ``- ``, one leading
space per indentation step, and each row of a ruled table as tab-separated cells.

It reads with pdfplumber (pdfminer.six underneath) but does as little layout work as it
can: no layout analysis (``laparams=None``), characters grouped into lines by their top
edge, and table detection only on pages that have ruling lines. Long documents are read
in a small process pool. Limits are checked before any page is read ([pdf.md]).
"""

from __future__ import annotations

import functools
import hashlib
import io
import re
import threading
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing import current_process, get_all_start_methods, get_context

from .errors import PackError

MAX_PAGES = 1000  # the longest real packs are ~300 pages
LINE_TOLERANCE = 3.0  # points: characters whose tops differ by less are on one line
WORD_GAP = 0.2  # of the font size: a wider gap between characters is a space
PARAGRAPH_PITCH = 1.5  # of the font size: a wider step down to the next line starts a paragraph
INDENT_STEP = 18.0  # points (a quarter inch): one leading space per step in from the margin
SPACE_WIDTH = 0.25  # of the font size: about the width of a space
PAGE_ROOM = 1.0  # of the font size: less room than this at the foot of a page is a full page
WRAP_SLACK = 4.0  # points: how near the right edge a wrapped line may stop short
POOL_PAGES = 8  # documents of at least this many pages are read by POOL_WORKERS processes
POOL_WORKERS = 2
EOF_WINDOW = 16 * 1024  # a complete PDF says %%EOF in its last bytes (some pad after it)

MARGIN_BAND = 0.05  # of the page's height, at top and bottom: where headers and footers go
FURNITURE_PAGES = 2  # a margin line on this many pages is a running header or footer

FORMAT = "pdf"
_DIGITS = re.compile(r"\d+")
_PAGE_NUMBER = re.compile(r"^(?:page\s*)?[-–]?\s*\d{1,4}\s*[-–]?(?:\s*of\s*\d{1,4})?$", re.I)
_BOLD = re.compile(r"bold|black|heavy|semibold|demibold", re.IGNORECASE)
_BULLETS = set("•●▪◦·■□➢➤✓\uf0b7\uf0a7\uf076\uf0d8\uf0fc")


@dataclass
class _Line:
    page: int  # 1-based
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    width: float  # the page's
    words: list[list[tuple[str, bool]]] = field(default_factory=list)  # segments per word
    cells: list[str] | None = None  # a table row
    first_word_width: float = 0.0
    in_margin: bool = False  # in the band where running headers and footers are printed
    table: int = 0  # which table of its page a row is in

    @property
    def text(self) -> str:
        return " ".join("".join(piece for piece, _ in word) for word in self.words)


def read_pdf(data: bytes, name: str):
    """The Reading of a PDF (``formats``), or a PackError naming the file and the problem."""
    from .formats import Reading  # formats registers this reader

    lines, page_starts = pdf_lines(data, name)
    text = "\n".join(lines)
    return Reading(
        name=name,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        format=FORMAT,
        text=text,
        lines=lines,
        page_starts=tuple(page_starts),
    )


def pdf_lines(data: bytes, name: str) -> tuple[list[str], list[int]]:
    """The text lines of a PDF and the first line (1-based) of each page."""
    if EOF_WINDOW and b"%%EOF" not in data[-EOF_WINDOW:]:
        raise PackError(name, "is a truncated or damaged PDF: it has no end-of-file marker")
    with _open(data, name) as pdf:
        pages = _page_count(pdf)
        if pages > MAX_PAGES:
            raise PackError(name, f"has {pages} pages, over the {MAX_PAGES}-page limit")
        if pages == 0:
            raise PackError(name, "is a PDF with no pages")
        parts = None
        if pages >= POOL_PAGES and POOL_WORKERS > 1 and not current_process().daemon:
            try:  # a daemon (a Celery worker's child) may not start processes
                parts = _read_in_pool(data, name, pages)
            except (BrokenProcessPool, OSError, RuntimeError):
                parts = None  # no pool here (a script without a main guard): read alone
        if parts is None:
            parts = [_read_pages(pdf, name, (0, pages))]
    found = [line for part in parts for line in part[0]]
    if not found:
        if any(part[1] for part in parts):
            raise PackError(
                name,
                "has no text layer: its pages are images (a scanned paper?); "
                "OCR is not supported, so export the paper from its original as a PDF with text",
            )
        raise PackError(name, "is a PDF with no text")
    lines, page_starts = _render(_without_furniture(found))
    # blank pages at the end start after the last line, so the count of pages is right
    return lines, page_starts + [len(lines) + 1] * (pages - len(page_starts))


def _read_in_pool(data: bytes, name: str, pages: int) -> list[tuple[list[_Line], bool]]:
    """The pages in POOL_WORKERS runs of consecutive pages, one process each."""
    step = -(-pages // POOL_WORKERS)
    spans = [(start, min(start + step, pages)) for start in range(0, pages, step)]
    # Forked when this process has no other thread (the command line, a gunicorn worker):
    # quick, and no main module run again; else from a fork server, which never copies
    # another thread's locks.
    if threading.active_count() == 1 and "fork" in get_all_start_methods():
        context = get_context("fork")
    else:
        context = get_context("forkserver")
        context.set_forkserver_preload([__name__])  # imported once, by the fork server
    with ProcessPoolExecutor(len(spans), mp_context=context) as pool:
        return list(pool.map(_read_span, [data] * len(spans), [name] * len(spans), spans))


def _open(data: bytes, name: str):
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        return pdfplumber.open(io.BytesIO(data), laparams=None)
    except Exception as error:  # pdfminer raises many kinds; pdfplumber wraps some of them
        cause = error.args[0] if error.args and isinstance(error.args[0], Exception) else error
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
            raise PackError(
                name, "is an encrypted PDF that needs a password; save an unprotected copy"
            ) from None
        raise PackError(name, f"is a damaged PDF that cannot be opened ({_why(cause)})") from None


def _why(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:200]


def _page_count(pdf) -> int:
    """From the page tree's /Count, before any page is read."""
    from pdfminer.pdftypes import resolve1

    try:
        return int(resolve1(resolve1(pdf.doc.catalog["Pages"])["Count"]))
    except Exception:
        return len(pdf.pages)


def _read_span(data: bytes, name: str, span: tuple[int, int]) -> tuple[list[_Line], bool]:
    """``_read_pages`` in a process of its own."""
    with _open(data, name) as pdf:
        return _read_pages(pdf, name, span)


def _read_pages(pdf, name: str, span: tuple[int, int]) -> tuple[list[_Line], bool]:
    """The lines of pages ``span`` (0-based, end excluded), and whether any page had an
    image (to tell a scan from an empty file)."""
    lines: list[_Line] = []
    images = False
    for number in range(*span):
        try:  # a page tree that counts pages it does not have is damaged too
            page = pdf.pages[number]
            found, had_image = _page_lines(page, number + 1)
        except PackError:
            raise
        except Exception as error:
            raise PackError(
                name, f"is a damaged PDF: page {number + 1} cannot be read ({_why(error)})"
            ) from None
        lines.extend(found)
        images = images or had_image
        page.close()
    return lines, images


class _Char:
    """A character as the reader needs it: much cheaper to make than pdfminer's LTChar."""

    __slots__ = ("_text", "fontname", "size", "x0", "x1", "y0", "y1")

    def __init__(self, text, fontname, size, x0, y0, x1, y1):
        self._text, self.fontname, self.size = text, fontname, size
        self.x0, self.y0, self.x1, self.y1 = x0, y0, x1, y1


def _collector(rsrcmgr):
    """A pdfminer device that keeps characters as ``_Char`` and everything else (rules,
    images) as pdfminer does, with no layout analysis."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.pdffont import PDFUnicodeNotDefined
    from pdfminer.utils import apply_matrix_rect

    class Collector(PDFPageAggregator):
        def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate):
            try:
                text = font.to_unichr(cid)
            except PDFUnicodeNotDefined:
                text = self.handle_undefined_char(font, cid)
            adv = font.char_width(cid) * fontsize * scaling
            bottom = font.get_descent() * fontsize + rise
            a, b, c, d, e, f = matrix
            if b == 0 and c == 0:  # upright, as nearly all text in papers is
                x0, x1 = sorted((e, e + a * adv))
                y0, y1 = sorted((f + d * bottom, f + d * (bottom + fontsize)))
            else:
                x0, y0, x1, y1 = apply_matrix_rect(matrix, (0, bottom, adv, bottom + fontsize))
                x0, x1 = sorted((x0, x1))
                y0, y1 = sorted((y0, y1))
            self.cur_item.add(_Char(text, font.fontname, y1 - y0, x0, y0, x1, y1))
            return adv

    return Collector(rsrcmgr, laparams=None)


def _page_lines(page, number: int) -> tuple[list[_Line], bool]:
    from pdfminer.layout import LTContainer, LTCurve, LTImage
    from pdfminer.pdfinterp import PDFPageInterpreter

    device = _collector(page.pdf.rsrcmgr)
    PDFPageInterpreter(page.pdf.rsrcmgr, device).process_page(page.page_obj)
    layout = device.get_result()
    height = layout.y1
    chars, curves = [], []
    image = False
    stack = list(layout._objs)
    while stack:
        obj = stack.pop()
        if isinstance(obj, _Char):
            chars.append(obj)
        elif isinstance(obj, LTCurve):  # lines and rectangles are curves too
            curves.append(obj)
        elif isinstance(obj, LTImage):
            image = True
        elif isinstance(obj, LTContainer):
            stack.extend(obj._objs)
    width = float(page.width)
    lines: list[_Line] = []
    if curves and chars:
        for table, cells in enumerate(_table_cells(curves, height)):
            chars = _table_rows(cells, chars, height, (number, table), width, lines)
    lines.extend(_group(chars, height, number, width))
    for line in lines:
        line.in_margin = line.top < MARGIN_BAND * height or line.bottom > (1 - MARGIN_BAND) * height
    lines.sort(key=lambda line: line.top)
    return lines, image


def _without_furniture(found: list[_Line]) -> list[_Line]:
    """Without running headers and footers: lines in the top or bottom margin that are a
    page number ("Page 12", "12 of 40", "- 12 -") or that recur, numbers aside, on at least
    FURNITURE_PAGES pages. The text extractions the parser was built on have none."""
    recurring: dict[str, set[int]] = {}
    for line in found:
        if line.in_margin and line.cells is None:
            recurring.setdefault(_DIGITS.sub("#", line.text), set()).add(line.page)
    furniture = {shape for shape, pages in recurring.items() if len(pages) >= FURNITURE_PAGES}
    return [
        line
        for line in found
        if not (
            line.in_margin
            and line.cells is None
            and (_PAGE_NUMBER.match(line.text) or _DIGITS.sub("#", line.text) in furniture)
        )
    ]


def _edges(curves, height: float) -> tuple[list[dict], list[dict]]:
    """The horizontal and vertical rules drawn on a page, as pdfplumber's table finder
    takes them (top-down coordinates)."""
    across, down = [], []
    for curve in curves:
        points = [(x, height - y) for x, y in curve.pts]
        if len(points) == 4:
            points = [*points, points[0]]  # a rectangle: its four sides
        for (ax, ay), (bx, by) in zip(points, points[1:], strict=False):
            edge = {
                "object_type": "line_edge",
                "x0": min(ax, bx),
                "x1": max(ax, bx),
                "top": min(ay, by),
                "bottom": max(ay, by),
                "width": abs(ax - bx),
                "height": abs(ay - by),
            }
            if abs(ay - by) < 0.5 < abs(ax - bx):
                across.append({**edge, "orientation": "h"})
            elif abs(ax - bx) < 0.5 < abs(ay - by):
                down.append({**edge, "orientation": "v"})
    return across, down


def _table_cells(curves, height: float) -> list[list[tuple]]:
    """Each ruled table's cells (x0, top, x1, bottom), found by pdfplumber's table finder
    from the page's rules alone, so that no character is converted twice."""
    from pdfplumber.table import TableFinder

    across, down = _edges(curves, height)
    if len(across) < 2 or len(down) < 2:
        return []
    settings = {
        "vertical_strategy": "explicit",
        "horizontal_strategy": "explicit",
        "explicit_vertical_lines": down,
        "explicit_horizontal_lines": across,
    }
    return [table.cells for table in TableFinder(None, settings).tables]


def _table_rows(cells, chars, height: float, where: tuple, width: float, lines: list) -> list:
    """Add the rows of table ``where`` (page, table) to ``lines`` (cells joined by tabs);
    return the characters outside it."""
    page, table = where
    columns = sorted({cell[0] for cell in cells})
    if len(columns) < 2:
        return chars
    x0, top = min(c[0] for c in cells), min(c[1] for c in cells)
    x1, bottom = max(c[2] for c in cells), max(c[3] for c in cells)
    inside: dict[tuple, list] = {cell: [] for cell in cells}
    outside = []
    for char in chars:
        cx, cy = (char.x0 + char.x1) / 2, height - (char.y0 + char.y1) / 2
        if not (x0 <= cx <= x1 and top <= cy <= bottom):
            outside.append(char)
            continue
        for cell in cells:
            if cell[0] <= cx <= cell[2] and cell[1] <= cy <= cell[3]:
                inside[cell].append(char)
                break
    for row_top in sorted({cell[1] for cell in cells}):
        row = sorted((cell for cell in cells if cell[1] == row_top), key=lambda c: c[0])
        texts = []
        for cell in row:  # a cell across columns keeps the row in line with the others
            spans = sum(1 for column in columns if cell[0] <= column < cell[2] - 0.5)
            text = _cell_text(inside[cell], height, where, width)
            texts.extend([text] + [""] * (spans - 1))
        if any(texts):
            row_bottom = max(cell[3] for cell in row)
            row_line = _Line(page, row_top, row_bottom, x0, x1, 0.0, width, cells=texts)
            row_line.table = table
            lines.append(row_line)
    return outside


def _cell_text(chars, height: float, where: tuple, width: float) -> str:
    """A cell's lines as one: "2025-" then "26" is "2025-26". (A word too long for its
    column, broken where the line filled the cell, stays broken: nothing on the page tells
    it from a line that ended with a whole word.)"""
    words: list[str] = []
    for line in _group(chars, height, where[0], width):
        for index, word in enumerate(line.words):
            text = "".join(piece for piece, _ in word)
            if words and index == 0 and _hyphenated([(words[-1], False)]):
                words[-1] += text
            else:
                words.append(text)
    return " ".join(words)


def _group(chars, height: float, page: int, width: float) -> list[_Line]:
    """Characters into lines by their top edge, and each line into words."""
    chars.sort(key=lambda c: height - c.y1)
    groups: list[list] = []
    line_top = None
    for char in chars:
        top = height - char.y1
        if line_top is None or top - line_top > LINE_TOLERANCE:
            groups.append([])
            line_top = top
        groups[-1].append(char)
    return [line for group in groups if (line := _line(group, height, page, width))]


@functools.cache
def _bold(fontname: str) -> bool:
    """ "ABCDEF+LiberationSans-Bold" is bold; fonts are few, characters many."""
    return bool(_BOLD.search(fontname))


def _line(group, height: float, page: int, width: float) -> _Line | None:
    group.sort(key=lambda c: c.x0)
    words: list[list[tuple[str, bool]]] = []
    size = max(c.size for c in group)
    x0 = x1 = first_end = None
    spaced = True  # the next character starts a word
    for char in group:
        text = char._text
        if not text or text.isspace():
            spaced = True
            continue
        bold = _bold(char.fontname)
        if spaced or char.x0 - x1 > WORD_GAP * char.size:
            if len(words) == 1:
                first_end = x1
            words.append([])
        word = words[-1]
        if word and word[-1][1] == bold:
            word[-1] = (word[-1][0] + text, bold)
        else:
            word.append((text, bold))
        spaced = False
        x0 = char.x0 if x0 is None else x0
        x1 = char.x1
    if not words:
        return None
    top = min(height - c.y1 for c in group)
    bottom = max(height - c.y0 for c in group)
    first = (first_end if first_end is not None else x1) - x0
    return _Line(page, top, bottom, x0, x1, size, width, words, first_word_width=first)


def _render(found: list[_Line]) -> tuple[list[str], list[int]]:
    """Join wrapped lines into paragraphs and write them out, one text line each."""
    text_lines = [line for line in found if line.cells is None]
    right: Counter = Counter()
    bottom: Counter = Counter()
    left: dict[float, float] = {}
    for line in text_lines:
        right[line.width] = max(right[line.width], line.x1)
        bottom[line.width] = max(bottom[line.width], line.bottom)
        left[line.width] = min(left.get(line.width, line.x0), line.x0)
    out: list[str] = []
    page_starts: list[int] = []
    paragraph: list[_Line] = []

    def flush():
        if paragraph:
            out.append(_paragraph_text(paragraph, left[paragraph[0].width]))
            paragraph.clear()

    previous: _Line | None = None
    for line in found:
        new_page = previous is None or line.page != previous.page
        if line.cells is not None:
            flush()
            if previous is not None and (
                previous.cells is None
                or (previous.page, previous.table) != (line.page, line.table)
                and previous.page == line.page
            ):
                out.append("")  # before a table, and between two tables on a page
            if new_page:
                page_starts.extend([len(out) + 1] * (line.page - len(page_starts)))
            out.append("\t".join(line.cells))
        elif paragraph and _continues(previous, line, right[line.width], bottom[previous.width]):
            if new_page:
                page_starts.extend([len(out) + 1] * (line.page - len(page_starts)))
            paragraph.append(line)
        else:
            flush()
            if previous is not None and (new_page or _gap(previous, line)):
                out.append("")
            if new_page:
                page_starts.extend([len(out) + 1] * (line.page - len(page_starts)))
            paragraph.append(line)
        previous = line
    flush()
    return out, page_starts


def _gap(previous: _Line, line: _Line) -> bool:
    if previous.cells is not None:
        return True
    return line.top - previous.top > PARAGRAPH_PITCH * max(previous.size, line.size)


def _continues(previous: _Line, line: _Line, right: float, bottom: float) -> bool:
    """Whether ``line`` only continues ``previous``: its first word would not have fitted
    after it, and, across a page break, there was no room for another line below it or it
    goes on in lower case."""
    if previous.cells is not None or _bullet(line):
        return False
    if line.page == previous.page and _gap(previous, line):
        return False
    if line.page != previous.page:
        room = bottom - previous.bottom  # a paragraph moved on by widow control leaves a line
        lower = line.words[0][0][0][:1].islower()
        if line.page != previous.page + 1 or (room > PAGE_ROOM * previous.size and not lower):
            return False
    space = SPACE_WIDTH * previous.size
    return previous.x1 + space + line.first_word_width + WRAP_SLACK >= right


def _bullet(line: _Line) -> bool:
    first = line.words[0]
    return len(first) == 1 and len(first[0][0]) == 1 and first[0][0] in _BULLETS


def _hyphenated(word: list[tuple[str, bool]]) -> bool:
    """ "2025-" or "well-" wrapped before the rest of the word; not "here:-"."""
    text = word[-1][0]
    return len(text) > 1 and text.endswith("-") and text[-2].isalnum()


def _paragraph_text(lines: list[_Line], margin: float) -> str:
    indent = " " * max(0, round((lines[0].x0 - margin) / INDENT_STEP))
    words = []
    for line in lines:
        if words and line.words and _hyphenated(words[-1]):
            words[-1] = words[-1] + line.words[0]  # "2025-" wrapped before "26"
            words.extend(line.words[1:])
        else:
            words.extend(line.words)
    prefix = ""
    if _bullet(lines[0]):
        words = words[1:]
        prefix = "- "
    parts: list[str] = []
    bold = False
    for index, word in enumerate(words):
        for position, (text, is_bold) in enumerate(word):
            space = index > 0 and position == 0
            if is_bold != bold:
                if bold:
                    parts.append("**")
                    if space:
                        parts.append(" ")
                else:
                    if space:
                        parts.append(" ")
                    parts.append("**")
                bold = is_bold
            elif space:
                parts.append(" ")
            parts.append(text)
    if bold:
        parts.append("**")
    return indent + prefix + "".join(parts)
