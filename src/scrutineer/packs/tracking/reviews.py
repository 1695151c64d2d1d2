"""Case-review recommendations: a review's numbered list under a heading such as
"7. RECOMMENDATIONS FOR THE BOARD", or a table of numbered recommendations with lettered
parts and a progress column, introduced by a paragraph naming the review.

Where a cell cannot be read with confidence (a link label left in the text, an inline
recommendation worded differently from the list) a warning says so and the text is kept
whole: flag, don't fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Component, PackWarning, ParsedResponse, ParsedTrackedItem
from ..segment import nonempty
from ..titles import overlap
from .cells import first_upper, iso_date, key, run_on, squash, without_tags
from .owners import named_owners


def _regions(lines: list[str], components: list[Component]) -> list[tuple[int, int, str]]:
    """0-based [start, stop) and kind of each component; the whole document without them."""
    if not components:
        return [(0, len(lines), "report")]
    return [(c.lines[0] - 1, min(c.lines[1], len(lines)), c.kind) for c in components]


# Review names ------------------------------------------------------------------------------

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
        if kind is None or len(text) > _MAX_TITLE or not key(text).startswith(key(kind)):
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
            if not first_upper(word):
                break
            words.append(word)
        if words:
            return " ".join(words)
    return None


# The numbered list -------------------------------------------------------------------------

_LIST_HEADING = re.compile(r"^(\d{1,2})\.?\s{1,3}recommendations?\b\s?(.{0,80})$", re.I)
_LIST_ITEM = re.compile(r"^(?:-\s{1,3})?(\d{1,2})\.(\d{1,2})\.?\s{1,3}(\S.*)$")
_LABEL = "recommendation:"
_SAME_WORDING = 0.6  # share of words two statements must have in common to be one item


def review_lists(
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
            owners=named_owners(body) or addressee,
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
        shares = [overlap(words, vocabulary) for vocabulary in vocabularies]
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
        if squash(match.text) != squash(statement):
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
    return set(key(text).split())


# The table of recommendations and progress -------------------------------------------------


@dataclass
class _ReviewRow:
    """A row of a recommendations table; cells run on over continuation lines."""

    label: str
    text: list[str]
    progress: list[str]
    first: int  # 1-based
    last: int


def review_tables(lines: list[str]) -> tuple[list[ParsedTrackedItem], list[PackWarning]]:
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
        text, progress = run_on(row.text), run_on(row.progress)
        for cell in (text, progress):
            _flag_link_label(cell, row, warnings)
        parent = items[-1] if items and not row.label.isdigit() else None
        item = ParsedTrackedItem(
            source_kind="case-review",
            item_type="R",
            number=f"{parent.number}{row.label}" if parent else row.label,
            text=text,
            lines=(row.first, row.last),
            owners=list(parent.owners) if parent else named_owners(text),
            review=review,
        )
        if progress:
            item.responses.append(
                ParsedResponse(progress, (row.first, row.last), iso_date(progress))
            )
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
    label = _underlined(cell) or _trailing_title(without_tags(cell))
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
    return (squash(cell[start + 3 : end]) or None) if end > start else None


def _trailing_title(text: str) -> str | None:
    if not text or text[-1] in ".!?:;,)-":
        return None
    cut = max((text.rfind(end) + len(end) for end in _SENTENCE_ENDS if end in text), default=-1)
    if cut < 0:
        return None
    fragment = text[cut:].strip()
    words = fragment.split()
    if not words or len(words) > _MAX_LABEL_WORDS or not first_upper(words[0]):
        return None
    if all(not w.isalpha() or len(w) < 4 or first_upper(w) for w in words):
        return fragment
    return None
