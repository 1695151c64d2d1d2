"""Tracked items: the recommendations, actions and information requests a pack records.

The tracker is the spine of the system, and packs print its entries in three families:

- the scrutiny board's **Outstanding Issues** table, one row per recommendation (R), action
  (A) or information request (I), recognised by its column names ("Meeting Date",
  "Rec', Action or Information", "Response/ Status" ...);
- **case-review recommendations**: a review's numbered list under a heading such as
  "7. RECOMMENDATIONS FOR THE BOARD", or a table of numbered recommendations with lettered
  parts and a progress column, introduced by a paragraph naming the review;
- **action plans**: tables with "Lead" and "Timescale" columns whose cells hold parallel
  lists, one entry per next step, written as HTML-like fragments (``<p>``, ``<ul>``).

Cells are kept as printed. Where a cell cannot be read with confidence (lists that do not
pair, a missing action number, a link label left in the text) a warning says so and the
text is kept whole: flag, don't fix. Every scan walks the lines once, text is gathered in
parts and joined once, and the patterns are linear, so hostile input cannot make the work
explode.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from .model import Component, PackWarning, Span
from .segment import nonempty
from .text import MONTHS, find_date


@dataclass
class ParsedResponse:
    text: str
    lines: Span
    date: str | None = None  # ISO date if the cell states one
    status: str | None = None  # "complete" when the cell says so


@dataclass
class ParsedTrackedItem:
    source_kind: str  # "outstanding-issues", "case-review", "action-plan"
    item_type: str | None  # "R", "A" or "I"
    number: str | None  # "7.1", "1", "1a"; None when the source prints none
    text: str
    lines: Span
    owners: list[str] = field(default_factory=list)  # as written
    officer_contact: str | None = None
    meeting_date: str | None = None  # ISO: the Outstanding Issues "Meeting Date" column
    topic: str | None = None  # Outstanding Issues agenda item; action-plan theme
    due: str | None = None  # as written: "March 2017", "Ongoing"
    due_date: str | None = None  # ISO, when ``due`` reads as a date
    status: str | None = None  # "complete" when the row states it
    review: str | None = None  # case reviews: "Serious Case Review – Matt"
    responses: list[ParsedResponse] = field(default_factory=list)
    subitems: list[ParsedTrackedItem] = field(default_factory=list)
    # Other spans where the source states the same item (a review's inline
    # "Recommendation:" paragraphs that its numbered list repeats); not counted again.
    also_stated_at: list[Span] = field(default_factory=list)


def extract_tracked_items(
    lines: list[str], components: list[Component]
) -> tuple[list[ParsedTrackedItem], list[PackWarning]]:
    """Every tracked item in a document, in line order, with the warnings raised reading them.

    ``lines`` are the document's lines (index 0 is line 1); ``components`` come from
    ``segment`` and bound the regions in which a review's title is looked for.
    """
    items: list[ParsedTrackedItem] = []
    warnings: list[PackWarning] = []
    for found, raised in (
        _outstanding_issues(lines),
        _review_lists(lines, components),
        _review_tables(lines),
        _action_plans(lines),
    ):
        items.extend(found)
        warnings.extend(raised)
    items.sort(key=lambda item: item.lines)
    warnings.sort(key=lambda warning: warning.lines)
    return items, warnings


# Shared helpers ------------------------------------------------------------------------------


_NOT_ALNUM = re.compile(r"[\W_]+")


def _key(cell: str) -> str:
    """A header cell reduced to lower-case words: "Rec', Action or Information" ->
    "rec action or information", so spacing and punctuation never matter."""
    return " ".join(_NOT_ALNUM.sub(" ", cell.lower()).split())


def _squash(text: str) -> str:
    return " ".join(text.split())


def _run_on(parts: list[str]) -> str:
    """A cell printed over several lines, as one text; each piece is kept as printed."""
    return " ".join(part.strip() for part in parts if part.strip())


def _status(text: str) -> str | None:
    """ "complete" for "... COMPLETE", "Completed Feb 16" or "March 16 – completed": the
    word must open or close the cell, so "will be completed by May" says nothing."""
    words = [w.strip(".,;:!()*-–").lower() for w in text.split()]
    words = [w for w in words if w]
    if words and {words[0], words[-1]} & {"complete", "completed"}:
        return "complete"
    return None


def _iso(text: str) -> str | None:
    day = find_date(text)
    return day.isoformat() if day else None


def _first_upper(text: str) -> bool:
    return bool(text) and text[0].isupper()


def _lowercase_start(text: str) -> bool:
    return bool(text) and text[0].islower()


def _regions(lines: list[str], components: list[Component]) -> list[tuple[int, int, str]]:
    """0-based [start, stop) and kind of each component; the whole document without them."""
    if not components:
        return [(0, len(lines), "report")]
    return [(c.lines[0] - 1, min(c.lines[1], len(lines)), c.kind) for c in components]


# Outstanding Issues ----------------------------------------------------------------------------

_TYPES = {"r": "R", "rec": "R", "recommendation": "R", "a": "A", "action": "A"}
_TYPES |= {"i": "I", "info": "I", "information": "I"}
_OI_NEEDED = {"meeting_date", "type", "text", "response"}
_OI_HINTS = (("meeting",), ("information",), ("response", "status"))


def _oi_role(key: str) -> str | None:
    """Which Outstanding Issues column a header cell names. The type column is checked
    before the recommendations column because both mention recommendations."""
    checks = (
        ("meeting_date", "meeting" in key and "date" in key),
        ("topic", key.startswith("agenda")),
        ("type", "information" in key),
        ("owner", "responsible" in key or "cabinet member" in key),
        ("text", "recommendation" in key or key in {"action", "actions"}),
        ("officer", "contact" in key),
        ("response", "response" in key or "status" in key),
    )
    return next((role for role, matched in checks if matched), None)


def _columns(
    line: str, role_of: Callable[[str], str | None], hints: tuple[tuple[str, ...], ...] = ()
) -> dict[str, int]:
    """Column index of each role a tab-separated header names (the first cell wins).

    ``hints`` are groups of lower-case words; a header has one word of every group, so a
    line without is skipped unread, which spares splitting every row of every table."""
    columns: dict[str, int] = {}
    lowered = line.lower()
    if "\t" in line and all(any(word in lowered for word in group) for group in hints):
        for index, cell in enumerate(line.split("\t")):
            role = role_of(_key(cell))
            if role and role not in columns:
                columns[role] = index
    return columns


def _outstanding_issues(lines: list[str]) -> tuple[list[ParsedTrackedItem], list[PackWarning]]:
    """Rows under an Outstanding Issues header, up to the first line without a tab. A row
    with no meeting date and no type is the row above run on over a page break."""
    items: list[ParsedTrackedItem] = []
    warnings: list[PackWarning] = []
    index = 0
    while index < len(lines):
        columns = _columns(lines[index], _oi_role, _OI_HINTS)
        if not _OI_NEEDED <= columns.keys():
            index += 1
            continue
        width = len(lines[index].split("\t"))
        rows: list[tuple[int, list[list[str]]]] = []
        index += 1
        while index < len(lines) and "\t" in lines[index]:
            cells = _fit(lines[index].split("\t"), width)
            starts = any(cells[columns[role]].strip() for role in ("meeting_date", "type"))
            if starts or not rows:
                rows.append((index + 1, []))
            rows[-1][1].append(cells)
            index += 1
        items.extend(_oi_item(first, parts, columns, warnings) for first, parts in rows)
    return items, warnings


def _fit(cells: list[str], width: int) -> list[str]:
    """A row with exactly ``width`` cells: short rows are padded, and overflow is kept
    in the last cell rather than dropped."""
    if len(cells) > width:
        cells = cells[: width - 1] + ["\t".join(cells[width - 1 :])]
    return cells + [""] * (width - len(cells))


def _oi_item(
    first: int, rows: list[list[str]], columns: dict[str, int], warnings: list[PackWarning]
) -> ParsedTrackedItem:
    def cell(role: str) -> str:
        at = columns.get(role)
        return _run_on([row[at] for row in rows]) if at is not None else ""

    last = first + len(rows) - 1
    raw_type = cell("type")
    item_type = _TYPES.get(raw_type.lower().strip(".'’"))
    if item_type is None:
        warnings.append(
            PackWarning(
                "tracker-type-unreadable",
                f'Outstanding Issues row at line {first}: type "{raw_type}" is not R, A or I',
                (first, last),
            )
        )
    item = ParsedTrackedItem(
        source_kind="outstanding-issues",
        item_type=item_type,
        number=None,
        text=cell("text"),
        lines=(first, last),
        owners=[part.strip() for part in cell("owner").split(";") if part.strip()],
        officer_contact=cell("officer") or None,
        meeting_date=_iso(cell("meeting_date")),
        topic=cell("topic") or None,
    )
    response = cell("response")
    if response:
        item.status = _status(response)
        item.responses.append(ParsedResponse(response, (first, last), _iso(response), item.status))
    return item


# Review names and owners -------------------------------------------------------------------

_REVIEW_KINDS = {
    "serious case review": "Serious Case Review",
    "child safeguarding practice review": "Child Safeguarding Practice Review",
    "safeguarding adults review": "Safeguarding Adults Review",
    "rapid review": "Rapid Review",
}
_SUBJECT_CUES = ("in relation to ", "known as ", "concerning ")
_MAX_TITLE = 100
_TITLE_LINES = 12  # non-empty lines at the head of a component that may hold its title
_CONTEXT_REACH = 40  # lines searched above a recommendations table for the review's name
_CONTEXT_PARAGRAPHS = 10


def _review_kind(text: str) -> str | None:
    lowered = text.lower()
    return next((name for phrase, name in _REVIEW_KINDS.items() if phrase in lowered), None)


def _titled_review(lines: list[str], start: int, stop: int) -> str | None:
    """The review a report is, from its title lines: "SERIOUS CASE REVIEW" over "Child G,
    Child H ..." gives "Serious Case Review – Child G, Child H ...". The dash joins the
    kind and the subject in one label; the words are the title's own."""
    texts = [lines[i].replace("**", "").strip() for i in nonempty(lines, start, stop, _TITLE_LINES)]
    for position, text in enumerate(texts):
        kind = _review_kind(text)
        if kind is None or len(text) > _MAX_TITLE or not _key(text).startswith(_key(kind)):
            continue
        following = texts[position + 1] if position + 1 < len(texts) else ""
        return f"{kind} – {following}" if _is_title_line(following) else kind
    return None


def _is_title_line(text: str) -> bool:
    return (
        bool(text)
        and len(text) <= _MAX_TITLE
        and "\t" not in text
        and text[-1] not in ".:;"
        and text.lower() not in {"contents", "content"}
    )


def _introduced_review(lines: list[str], index: int) -> str | None:
    """The review named in the paragraphs just above a table, back to the nearest heading:
    "... have undertaken a Serious Case Review ... The review is in relation to Matt"."""
    paragraphs: list[str] = []
    for back in range(index - 1, max(index - 1 - _CONTEXT_REACH, -1), -1):
        text = lines[back].strip()
        if not text:
            continue
        if "\t" in text or (len(text) < 60 and text[-1] not in ".:;,"):
            break
        paragraphs.append(text)
        if len(paragraphs) >= _CONTEXT_PARAGRAPHS:
            break
    context = " ".join(reversed(paragraphs))
    kind = _review_kind(context)
    if kind is None:
        return None
    subject = _review_subject(context)
    return f"{kind} – {subject}" if subject else kind


def _review_subject(context: str) -> str | None:
    """The child's name after "in relation to": capitalised words, "Matt" or "Child T"."""
    lowered = context.lower()
    for cue in _SUBJECT_CUES:
        at = lowered.find(cue)
        if at < 0:
            continue
        words = []
        for word in context[at + len(cue) :].split()[:4]:
            word = word.strip(",.;:()")
            if not _first_upper(word):
                break
            words.append(word)
        if words:
            return " ".join(words)
    return None


_MODALS = {"to", "should", "must", "will", "shall", "could", "may", "needs", "need"}
_PASSIVE = {"be", "is", "are", "was", "were", "been"}
_DETERMINERS = {"this", "these", "those", "its", "their"}
_COLLECTIVES = {"partners", "agencies"}
_CONNECTORS = {"and", "&", "of", "for"}
_MAX_OWNER_WORDS = 8


def _named_owners(sentence: str) -> list[str]:
    """Who a recommendation addresses, as written: "The LSCB to ensure" -> ["LSCB"];
    "That the LSCB and partners consider" -> ["LSCB", "partners"] (the partners are named
    as owners alongside the LSCB); "Coventry Children Social Care should" -> that service.

    The owner is the sentence's capitalised subject followed by "to", a modal ("should")
    or, after "The", a verb ("The LSCB share"). A subject that is a thing ("This SCR to be
    shared") or a passive ("to be") names no owner: nothing is returned rather than a guess.
    """
    words = sentence.replace("**", "").split()[: _MAX_OWNER_WORDS + 6]
    position = 1 if words[:1] and words[0].lower() == "that" else 0
    introduced = position < len(words) and words[position].lower() == "the"
    position += 1 if introduced else 0
    if position >= len(words) or words[position].lower() in _DETERMINERS:
        return []
    subject: list[str] = []
    while position < len(words) and len(subject) <= _MAX_OWNER_WORDS:
        word = words[position].strip(",;:")
        if not (_first_upper(word) or _joins_subject(subject, word)):
            break
        subject.append(word)
        position += 1
    while subject and subject[-1].lower() in _CONNECTORS | {"the"}:
        subject.pop()
        position -= 1
    predicate = [w.lower() for w in words[position : position + 2]]
    if not subject or not predicate or len(subject) > _MAX_OWNER_WORDS:
        return []
    if predicate[0] in _PASSIVE or predicate == ["to", "be"]:
        return []
    if predicate[0] not in _MODALS and not introduced:
        return []
    return _split_owners(subject)


def _joins_subject(subject: list[str], word: str) -> bool:
    """Lower-case words that carry a subject on: "and", "of", "the" after "and", and a
    collective such as "partners" after "and"."""
    if not subject:
        return False
    lowered, previous = word.lower(), subject[-1].lower()
    return (
        lowered in _CONNECTORS
        or (lowered == "the" and previous in {"and", "&"})
        or (lowered in _COLLECTIVES and previous in {"and", "&", "the"})
    )


def _split_owners(subject: list[str]) -> list[str]:
    """ "LSCB and partners" is two owners; "Coventry and Warwickshire Partnership" is one,
    so "and" splits only before "the" or a lower-case collective."""
    owners: list[list[str]] = [[]]
    for position, word in enumerate(subject):
        following = subject[position + 1].lower() if position + 1 < len(subject) else ""
        if word.lower() in {"and", "&"} and (following == "the" or following in _COLLECTIVES):
            owners.append([])
        elif not (word.lower() == "the" and not owners[-1]):
            owners[-1].append(word)
    return [" ".join(owner) for owner in owners if owner]


# Case reviews: the numbered list -------------------------------------------------------------

_LIST_HEADING = re.compile(r"^(\d{1,2})\.?\s{1,3}recommendations?\b\s?(.{0,80})$", re.I)
_LIST_ITEM = re.compile(r"^(?:-\s{1,3})?(\d{1,2})\.(\d{1,2})\.?\s{1,3}(\S.*)$")
_LABEL = "recommendation:"
_SAME_WORDING = 0.6  # share of words two statements must have in common to be one item


def _review_lists(
    lines: list[str], components: list[Component]
) -> tuple[list[ParsedTrackedItem], list[PackWarning]]:
    """The numbered recommendations of each component titled as a review. Briefing notes
    about a review only ask the board to note it, so they are not read here."""
    items: list[ParsedTrackedItem] = []
    warnings: list[PackWarning] = []
    for start, stop, kind in _regions(lines, components):
        review = _titled_review(lines, start, stop) if kind != "briefing-note" else None
        if review is None:
            continue
        for index in range(start, stop):
            listed = _numbered_list(lines, index, stop, review)
            if listed:
                warnings.extend(_inline_statements(lines, start, index, listed))
                items.extend(listed)
                break
    return items, warnings


def _numbered_list(lines: list[str], index: int, stop: int, review: str) -> list[ParsedTrackedItem]:
    """The list under "7. RECOMMENDATIONS FOR THE BOARD" at ``index``: items 7.1, 7.2 ...
    in sequence within the heading's section. A sentence that names no owner is addressed
    to the heading's addressee (here the Board), since these are recommendations for it."""
    text = lines[index].replace("**", "").strip()
    heading = _LIST_HEADING.match(text) if "\t" not in text else None
    if heading is None:
        return []
    entries = []
    for number in range(index + 1, stop):
        line = lines[number].replace("**", "").strip()
        if not line:
            continue
        item = _LIST_ITEM.match(line)
        expected = str(len(entries) + 1)
        if item is None or (item.group(1), item.group(2)) != (heading.group(1), expected):
            break
        entries.append((number + 1, f"{item.group(1)}.{expected}", _without_label(item.group(3))))
    addressee = _addressee(heading.group(2), [body for _, _, body in entries])
    return [
        ParsedTrackedItem(
            source_kind="case-review",
            item_type="R",
            number=number,
            text=body,
            lines=(line, line),
            owners=_named_owners(body) or addressee,
            review=review,
        )
        for line, number, body in entries
    ]


def _without_label(text: str) -> str:
    text = text.strip()
    return text[len(_LABEL) :].strip() if text.lower().startswith(_LABEL) else text


def _addressee(rest: str, bodies: list[str]) -> list[str]:
    """ "FOR THE BOARD" -> ["Board"]: the heading's capitals give way to the spelling the
    recommendations themselves use for the same word, when they use it."""
    words = rest.split()
    if [w.lower() for w in words[:2]] != ["for", "the"] or len(words) < 3:
        return []
    name = " ".join(words[2:]).strip(".:")
    for body in bodies:
        at = body.lower().find(name.lower())
        if at >= 0:
            return [body[at : at + len(name)]]
    return [name]


def _inline_statements(
    lines: list[str], start: int, heading: int, listed: list[ParsedTrackedItem]
) -> list[PackWarning]:
    """Link each inline "Recommendation:" paragraph of the review body to the numbered
    recommendation it states, so it is not counted twice; differing wording is flagged,
    and so is an inline recommendation the numbered list leaves out."""
    warnings = []
    vocabularies = [_words(item.text) for item in listed]
    for index in range(start, heading):
        text = lines[index].replace("**", "").strip().removeprefix("- ")
        if not text.lower().startswith(_LABEL):
            continue
        statement, line = _without_label(text), index + 1
        words = _words(statement)
        shares = [_overlap(words, vocabulary) for vocabulary in vocabularies]
        best = max(range(len(listed)), key=shares.__getitem__)
        match = listed[best]
        if shares[best] < _SAME_WORDING:
            warnings.append(
                PackWarning(
                    "review-recommendation-unlisted",
                    f"The recommendation at line {line} is not in the review's numbered list",
                    (line, line),
                )
            )
            continue
        match.also_stated_at.append((line, line))
        if _squash(match.text) != _squash(statement):
            warnings.append(
                PackWarning(
                    "review-recommendation-differs",
                    f"Recommendation {match.number} (line {match.lines[0]}) is worded "
                    f"differently where the review first states it at line {line}",
                    (line, match.lines[0]),
                )
            )
    return warnings


def _words(text: str) -> set[str]:
    return set(_key(text).split())


def _overlap(a: set[str], b: set[str]) -> float:
    """The share of words two statements have in common (Jaccard similarity)."""
    union = a | b
    return len(a & b) / len(union) if union else 0.0


# Case reviews: the table of recommendations and progress ---------------------------------------


@dataclass
class _ReviewRow:
    """A row of a recommendations table; cells run on over continuation lines."""

    label: str
    text: list[str]
    progress: list[str]
    first: int  # 1-based
    last: int


def _review_tables(lines: list[str]) -> tuple[list[ParsedTrackedItem], list[PackWarning]]:
    """Numbered recommendation tables introduced by a paragraph naming a review. A table
    with no such introduction (a list of priorities, say) is passed over whole."""
    items: list[ParsedTrackedItem] = []
    warnings: list[PackWarning] = []
    index = 0
    while index < len(lines):
        rows, end = _review_rows(lines, index)
        if not rows:
            index += 1
            continue
        review = _introduced_review(lines, index)
        if review is not None:
            items.extend(_review_items(rows, review, warnings))
        index = end
    return items, warnings


def _row_label(cells: list[str]) -> str | None:
    """ "1" for a recommendation, "a" for a lettered part ("a)" or "(a)"), else None."""
    if not 2 <= len(cells) <= 3:
        return None
    label = cells[0].strip()
    if label.isascii() and label.isdigit() and len(label) <= 2:
        return label
    letter = label.strip("()")
    if len(letter) == 1 and letter.isalpha() and letter.islower() and label.endswith(")"):
        return letter
    return None


def _review_rows(lines: list[str], index: int) -> tuple[list[_ReviewRow], int]:
    """The rows of a recommendations table starting at ``index`` with recommendation "1",
    and the 0-based index after it. Blank lines inside the table are skipped and a line
    with an empty first cell continues the row above. Fewer than two recommendations is
    not a table."""
    if _row_label(lines[index].split("\t")) != "1":
        return [], index
    rows: list[_ReviewRow] = []
    position = index
    while position < len(lines):
        line = lines[position]
        cells = line.split("\t")
        label = _row_label(cells)
        if not line.strip():
            pass
        elif label is not None:
            rows.append(_ReviewRow(label, [cells[1]], cells[2:], position + 1, position + 1))
        elif rows and "\t" in line and not cells[0].strip():
            rows[-1].text.append(cells[1])
            rows[-1].progress.extend(cells[2:])
            rows[-1].last = position + 1
        else:
            break
        position += 1
    if sum(row.label.isdigit() for row in rows) < 2:
        return [], index
    return rows, position


def _review_items(
    rows: list[_ReviewRow], review: str, warnings: list[PackWarning]
) -> list[ParsedTrackedItem]:
    """Recommendations with their lettered parts; a part shares its recommendation's owners
    and is numbered with it ("1a"). A progress cell is the response of its own row."""
    items: list[ParsedTrackedItem] = []
    for row in rows:
        text, progress = _run_on(row.text), _run_on(row.progress)
        for cell in (text, progress):
            _flag_link_label(cell, row, warnings)
        parent = items[-1] if items and not row.label.isdigit() else None
        item = ParsedTrackedItem(
            source_kind="case-review",
            item_type="R",
            number=f"{parent.number}{row.label}" if parent else row.label,
            text=text,
            lines=(row.first, row.last),
            owners=list(parent.owners) if parent else _named_owners(text),
            review=review,
        )
        if progress:
            item.responses.append(ParsedResponse(progress, (row.first, row.last), _iso(progress)))
        if parent:
            parent.subitems.append(item)
            parent.lines = (parent.lines[0], row.last)
        else:
            items.append(item)
    return items


_SENTENCE_ENDS = (". ", ":- ", ": ", "? ", "! ")
_MAX_LABEL_WORDS = 8


def _flag_link_label(cell: str, row: _ReviewRow, warnings: list[PackWarning]) -> None:
    """Hyperlinks lose their targets in the text and leave their labels in the cell:
    "... on the CSCP website. Top Tips for a MASH Referral". A label is recognised only
    when it is underlined, or when it trails the last sentence as a short, unpunctuated,
    capitalised phrase. A label inside a sentence cannot be told from prose, and is left."""
    label = _underlined(cell) or _trailing_title(_without_tags(cell))
    if label:
        warnings.append(
            PackWarning(
                "link-label-in-cell",
                f'The cell at line {row.first} shows "{label}", which reads as the label of a '
                "hyperlink left in the text; the cell is kept as printed",
                (row.first, row.last),
            )
        )


def _underlined(cell: str) -> str | None:
    start = cell.find("<u>")
    end = cell.find("</u>", start + 3) if start >= 0 else -1
    return (_squash(cell[start + 3 : end]) or None) if end > start else None


def _trailing_title(text: str) -> str | None:
    if not text or text[-1] in ".!?:;,)-":
        return None
    cut = max((text.rfind(end) + len(end) for end in _SENTENCE_ENDS if end in text), default=-1)
    if cut < 0:
        return None
    fragment = text[cut:].strip()
    words = fragment.split()
    if not words or len(words) > _MAX_LABEL_WORDS or not _first_upper(words[0]):
        return None
    if all(not w.isalpha() or len(w) < 4 or _first_upper(w) for w in words):
        return fragment
    return None


# Action plans ----------------------------------------------------------------------------------


@dataclass
class _Entry:
    """One paragraph or list block of a cell, with the lines it came from. ``open`` is
    True when the cell ended inside an unclosed block, so a continuation row carries it on."""

    parts: list[str]
    first: int
    last: int
    open: bool = False

    @property
    def text(self) -> str:
        return _squash(" ".join(self.parts))


@dataclass
class _Action:
    """An action being assembled from its row and the continuation rows below it."""

    first: int
    last: int
    number: str | None
    cells: dict[str, list[_Entry]]


_BLOCK_TAGS = {"p", "ul", "ol", "li", "div", "br"}
_INLINE_TAGS = {"b", "strong", "em", "u", "span", "a", "i"}
_MAX_TAG = 200
_PLAN_NEEDED = {"lead", "timescale", "steps"}
_PLAN_HINTS = (
    ("lead", "owner", "responsible"),
    ("timescale", "deadline", "by when", "target date"),
    ("next step", "action"),
)


def _plan_role(key: str) -> str | None:
    """Which action-plan column a header cell names; "Progress level" is a rating, not
    the progress column, and is not read."""
    if key.startswith("progress level"):
        return None
    checks = (
        ("number", "action no" in key or key in {"no", "ref", "action number"}),
        ("theme", key in {"matrix area", "area", "theme", "priority", "priority area"}),
        ("description", key.startswith("description")),
        ("achievement", key.startswith("achievement")),
        ("steps", key.startswith("next step") or key in {"action", "actions"}),
        ("lead", key.startswith("lead") or key in {"owner", "responsible"}),
        ("timescale", key.startswith(("timescale", "deadline", "by when", "target date"))),
        ("progress", key in {"progress", "progress update", "status", "update"}),
    )
    return next((role for role, matched in checks if matched), None)


def _action_plans(lines: list[str]) -> tuple[list[ParsedTrackedItem], list[PackWarning]]:
    items: list[ParsedTrackedItem] = []
    warnings: list[PackWarning] = []
    index = 0
    while index < len(lines):
        columns = _columns(lines[index], _plan_role, _PLAN_HINTS)
        if not _PLAN_NEEDED <= columns.keys():
            index += 1
            continue
        actions, index = _plan_rows(lines, index, columns)
        topics = _topics(actions)
        items.extend(
            _plan_item(a, topic, warnings) for a, topic in zip(actions, topics, strict=True)
        )
        warnings.extend(_number_gaps(actions))
    return items, warnings


def _plan_rows(lines: list[str], header: int, columns: dict[str, int]) -> tuple[list[_Action], int]:
    """The actions of the table whose header is at ``header``, and the index after it.

    The table ends at a line without tabs, a line of "--" rules, or a row whose shape
    does not fit the header. A row without an action number and without a description
    (or with one that starts in lower case) continues the action above it."""
    width = len(lines[header].split("\t"))
    actions: list[_Action] = []
    index = header + 1
    while index < len(lines):
        if not lines[index].strip():
            index += 1
            continue
        cells = _aligned(lines[index].split("\t"), width, columns)
        if cells is None or all(c.strip() in {"", "--"} for c in cells):
            break
        parsed = {role: _entries(cells[at], index + 1) for role, at in columns.items()}
        if actions and _continues(parsed):
            _carry_on(actions[-1], parsed, index + 1)
        else:
            if actions:
                _carry_lower_case_starts(actions[-1], parsed)
            number = " ".join(e.text for e in parsed.get("number", [])).rstrip(".") or None
            actions.append(_Action(index + 1, index + 1, number, parsed))
        index += 1
    return actions, index


def _aligned(cells: list[str], width: int, columns: dict[str, int]) -> list[str] | None:
    """Cells placed under the header. Two faults occur in converted tables: a row one cell
    short has lost its (empty) action-number cell, and a row whose number sits one cell
    early has lost its leading theme cell, pushing an empty cell onto the end."""
    number = columns.get("number")
    if number is not None and len(cells) == width - 1:
        return cells[:number] + [""] + cells[number:]
    if len(cells) != width:
        return None
    if (
        number
        and cells[number].strip()
        and not _is_number(cells[number])
        and _is_number(cells[number - 1])
        and not cells[-1].strip()
    ):
        return [""] + cells[:-1]
    return cells


def _is_number(cell: str) -> bool:
    text = cell.strip().rstrip(".")
    return text.isascii() and text.isdigit() and len(text) <= 3


def _continues(parsed: dict[str, list[_Entry]]) -> bool:
    if parsed.get("number"):
        return False
    description = parsed.get("description", [])
    return not description or _lowercase_start(description[0].text)


def _carry_on(action: _Action, parsed: dict[str, list[_Entry]], number: int) -> None:
    """Append a continuation row: a fragment joins the entry it continues when it starts in
    lower case or that entry was left open; otherwise it is a further entry."""
    for role, entries in parsed.items():
        if not entries:
            continue
        existing = action.cells.setdefault(role, [])
        if existing and (existing[-1].open or _lowercase_start(entries[0].parts[0])):
            _join_entry(existing[-1], entries.pop(0))
        existing.extend(entries)
    action.last = number


def _carry_lower_case_starts(action: _Action, parsed: dict[str, list[_Entry]]) -> None:
    """A new row whose cell starts in lower case ("breadth of support ...") holds the end
    of the previous action's cell, broken over a page: give that fragment back."""
    for role, entries in parsed.items():
        if role in {"number", "description"} or not entries or not action.cells.get(role):
            continue
        if _lowercase_start(entries[0].parts[0]):
            _join_entry(action.cells[role][-1], entries.pop(0))
            action.last = max(action.last, action.cells[role][-1].last)


def _join_entry(entry: _Entry, more: _Entry) -> None:
    entry.parts.extend(more.parts)
    entry.last = more.last
    entry.open = more.open


def _topics(actions: list[_Action]) -> list[str | None]:
    """The theme in force for each action: its own theme cell, or the last one above it.
    A theme printed over several rows ("INTEGRATED PERFORMANCE MONITORING", then "Data and
    intelligence") reads as one label."""
    topics: list[str | None] = []
    current = None
    for action in actions:
        current = " ".join(entry.text for entry in action.cells.get("theme", [])) or current
        topics.append(current)
    return topics


def _tokens(cell: str) -> Iterator[tuple[str, str]]:
    """("text", ...), ("open", tag) and ("close", tag) from a cell, by plain scanning.
    Only known tag names count as tags; any other "<" is text."""
    position = text_start = 0
    while (at := cell.find("<", position)) >= 0:
        end = cell.find(">", at, at + _MAX_TAG)
        inner = cell[at + 1 : end].strip() if end > at else ""
        name = inner.lstrip("/").split(" ")[0].rstrip("/").lower()
        if name in _BLOCK_TAGS or name in _INLINE_TAGS:
            if at > text_start:
                yield ("text", cell[text_start:at])
            yield ("close" if inner.startswith("/") else "open", name)
            position = text_start = end + 1
        else:
            position = at + 1
    if text_start < len(cell):
        yield ("text", cell[text_start:])


def _entries(cell: str, number: int) -> list[_Entry]:
    """A cell's paragraphs and list blocks. ``<p>``, ``<li>`` and list openings start an
    entry; an ``<i>`` run outside a paragraph is a paragraph too (the plans use it so). A
    list whose items are not tagged stays one entry: its numbering is not split on. The
    last entry is open when the cell ends inside a block that was never closed."""
    entries: list[_Entry] = []
    current: _Entry | None = None
    block: str | None = None  # the tag whose block the text is in, if any
    for kind, value in _tokens(cell):
        if kind == "text":
            if value.strip():
                if current is None:
                    current = _Entry([], number, number)
                    entries.append(current)
                current.parts.append(value.strip())
        elif value in _BLOCK_TAGS or (value == "i" and block in {None, "i", "ul", "ol"}):
            current = None
            block = value if kind == "open" else None
    if current is not None and block is not None:
        current.open = True
    return entries


def _plan_item(
    action: _Action, topic: str | None, warnings: list[PackWarning]
) -> ParsedTrackedItem:
    """One action: its description is the text, its leads the owners, its timescale cell
    the due; each next step is a sub-item, given its own lead and timescale only when the
    lists pair by position."""
    cells = action.cells
    steps, leads, times = cells.get("steps", []), cells.get("lead", []), cells.get("timescale", [])
    item = ParsedTrackedItem(
        source_kind="action-plan",
        item_type="A",
        number=action.number,
        text=_joined(cells.get("description", [])) or _joined(steps),
        lines=(action.first, action.last),
        owners=list(dict.fromkeys(entry.text for entry in leads)),
        topic=topic,
        due=_joined(times) or None,
        due_date=_due_date(times[0].text) if len(times) == 1 else None,
    )
    item.responses = [
        _plan_response(cells[r], r) for r in ("achievement", "progress") if cells.get(r)
    ]
    item.status = next((r.status for r in item.responses if r.status), None)
    paired = _pairs(len(steps), len(leads), len(times))
    if not paired:
        warnings.append(_unpaired_warning(item, len(steps), len(leads), len(times)))
    for position, step in enumerate(steps):
        sub = ParsedTrackedItem(
            source_kind="action-plan",
            item_type="A",
            number=None,
            text=step.text,
            lines=(step.first, step.last),
            topic=topic,
        )
        if paired:
            _assign(sub, item, position, len(steps), leads, times)
        item.subitems.append(sub)
    warnings.extend(_lead_warnings(leads))
    return item


def _joined(entries: list[_Entry]) -> str:
    return "\n".join(entry.text for entry in entries)


def _plan_response(entries: list[_Entry], role: str) -> ParsedResponse:
    """ "Achievement to date" and "Progress" cells are the action's responses. They are
    not dated: they mention many dates, and none of them says when the response was made."""
    text = _joined(entries)
    status = _status(text) if role == "progress" else None
    return ParsedResponse(text, (entries[0].first, entries[-1].last), status=status)


def _pairs(steps: int, leads: int, times: int) -> bool:
    """Lists pair by position when each has one entry per step, or a single entry that
    covers them all; one step takes every lead and the whole timescale."""
    return steps <= 1 or (leads in {0, 1, steps} and times in {0, 1, steps})


def _assign(
    sub: ParsedTrackedItem,
    item: ParsedTrackedItem,
    position: int,
    steps: int,
    leads: list[_Entry],
    times: list[_Entry],
) -> None:
    """A paired step's own lead and timescale, or the action's when one covers all."""
    one_each = steps > 1
    sub.owners = [leads[position].text] if one_each and len(leads) == steps else list(item.owners)
    if one_each and len(times) == steps:
        sub.due = times[position].text
        sub.due_date, sub.status = _due_date(sub.due), _status(sub.due)
    else:
        sub.due, sub.due_date = item.due, item.due_date


def _unpaired_warning(item: ParsedTrackedItem, steps: int, leads: int, times: int) -> PackWarning:
    first, last = item.lines
    return PackWarning(
        "action-plan-unpaired",
        f"{_action_name(item)} (lines {first}-{last}) has {steps} next steps, {leads} leads and "
        f"{times} timescales, which do not pair by position; the leads and the timescale "
        "are kept whole on the action",
        item.lines,
    )


def _action_name(item: ParsedTrackedItem) -> str:
    if item.number:
        return f"Action {item.number}"
    first_line = item.text.partition("\n")[0]
    return f'The unnumbered action "{first_line[:60]}"'


def _lead_warnings(leads: list[_Entry]) -> list[PackWarning]:
    """A lead that reads as a date ("Review June 16") is probably a timescale that slipped
    a column in conversion; it is kept as the lead and flagged."""
    return [
        PackWarning(
            "action-plan-lead-is-timescale",
            f'The lead "{entry.text}" at line {entry.first} reads as a timescale',
            (entry.first, entry.last),
        )
        for entry in leads
        if _month_year(entry.text.split()) is not None
    ]


def _number_gaps(actions: list[_Action]) -> list[PackWarning]:
    """Action numbers that skip ("7" then "9"): a missing action is flagged, not invented."""
    warnings = []
    numbered = [a for a in actions if a.number and _is_number(a.number)]
    for before, after in zip(numbered, numbered[1:], strict=False):
        low, high = int(before.number), int(after.number)
        if high > low + 1:
            missing = (
                f"action {low + 1} is" if high == low + 2 else f"actions {low + 1}-{high - 1} are"
            )
            warnings.append(
                PackWarning(
                    "action-plan-number-gap",
                    f"Action numbers jump from {low} (line {before.first}) to {high} "
                    f"(line {after.first}): {missing} missing",
                    (after.first, after.first),
                )
            )
    return warnings


def _month_year(words: list[str]) -> tuple[int, int] | None:
    """(year, month) of the first "<month> <year>" pair in ``words``: "June 16", "Sept 2016"."""
    for position in range(len(words) - 1):
        month = MONTHS.get(words[position].lower().strip(",."))
        year = words[position + 1].strip(",.;")
        if month and year.isascii() and year.isdigit() and len(year) in {2, 4}:
            return (int(year) + (2000 if len(year) == 2 else 0), month)
    return None


def _due_date(text: str) -> str | None:
    """The last day of the month a timescale names, when it begins with one: "March 2017"
    -> 2017-03-31, "End of September 16" -> 2016-09-30. "Beg April 16", "Ongoing" or a
    timescale that only mentions a month later on are not read."""
    words = text.split()
    lowered = [w.lower() for w in words[:2]]
    if lowered == ["end", "of"]:
        words = words[2:]
    elif lowered[:1] == ["by"]:
        words = words[1:]
    found = _month_year(words[:2])
    if found is None:
        return None
    year, month = found
    return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


def _without_tags(cell: str) -> str:
    return _squash(" ".join(value for kind, value in _tokens(cell) if kind == "text"))
