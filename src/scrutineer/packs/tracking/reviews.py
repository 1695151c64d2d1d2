"""Case-review recommendations, in the layouts reviews print them in: a numbered list under
a heading such as "7. RECOMMENDATIONS FOR THE BOARD" (here), "Recommendation N" headings with
the agency on a line of its own (``review_headings``), a table with an owner column
(``review_owner_tables``), or a table of numbered recommendations with lettered parts and a
progress column, introduced by a paragraph naming the review (here). Which review a passage
belongs to is read by ``review_names``; the checks on the result are in ``review_checks``.

Where a cell cannot be read with confidence (a link label left in the text, an inline
recommendation worded differently from the list) a warning says so and the text is kept
whole: flag, don't fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Component, PackWarning, ParsedResponse, ParsedTrackedItem
from ..titles import overlap
from .cells import first_upper, iso_date, key, run_on, squash, without_tags
from .owners import named_owners
from .review_checks import SAME_WORDING, merge_repeats, sequence_warnings
from .review_headings import heading_match, review_headings
from .review_names import headed_review, introduced_review, regions, titled_review
from .review_owner_tables import owner_table, owner_table_header

# The numbered list -------------------------------------------------------------------------

_LIST_HEADING = re.compile(r"^(?:(\d{1,2})\.?\s{1,3})?recommendations?\b\s?(.{0,80})$", re.I)
_LIST_ITEM = re.compile(r"^(?:-\s{1,3})?(\d{1,2})\.(\d{1,2})\.?\s{1,3}(\S.*)$")
_PLAIN_ITEM = re.compile(r"^(?:[-•]\s{1,3})?\(?(\d{1,2})[.)]\s{1,3}(\S.*)$")
_LABEL = "recommendation:"


def case_reviews(
    lines: list[str], components: list[Component]
) -> tuple[list[ParsedTrackedItem], list[PackWarning]]:
    """Every case-review recommendation, in whichever of the layouts the review uses, with
    the warnings about them: a numbered list under a "Recommendations" heading, "Recommendation
    N" headings with the agency on a line of its own, a table with an owner column, and a
    numbered table with a progress column introduced by a paragraph naming the review."""
    # (items, warnings, whether the layout may print a recommendation twice)
    found: list[tuple[list[ParsedTrackedItem], list[PackWarning], bool]] = []
    spans = regions(lines, components)
    titles = [
        titled_review(lines, start, stop) if kind != "briefing-note" else None
        for start, stop, kind in spans
    ]
    for (start, stop, _), review in zip(spans, titles, strict=True):
        if review is not None:
            found.append(_region_recommendations(lines, start, stop, review))
    owned, covered = _owner_tables(lines, spans, titles)
    found.extend(owned)
    found.append((*review_tables(lines, covered), False))
    items: list[ParsedTrackedItem] = []
    warnings: list[PackWarning] = []
    for listed, raised, printed_twice in found:
        kept, repeated = merge_repeats(listed) if printed_twice else (listed, [])
        items.extend(kept)
        warnings.extend(raised + repeated + sequence_warnings(kept))
    return items, warnings


def _region_recommendations(
    lines: list[str], start: int, stop: int, review: str
) -> tuple[list[ParsedTrackedItem], list[PackWarning], bool]:
    """The first numbered list under a recommendations heading in a review; failing that,
    its "Recommendation N" headings."""
    for index in range(start, stop):
        listed = _numbered_list(lines, index, stop, review)
        if listed:
            return listed, _inline_statements(lines, start, index, listed), False
    return review_headings(lines, start, stop, review), [], True


def _owner_tables(
    lines: list[str], spans: list[tuple[int, int, str]], titles: list[str | None]
) -> tuple[list[tuple[list[ParsedTrackedItem], list[PackWarning], bool]], list[range]]:
    """Tables with a recommendation and an owner column in a review, or introduced as one,
    and the 0-based line ranges they cover."""
    found = []
    covered: list[range] = []
    for (start, stop, kind), title in zip(spans, titles, strict=True):
        index = start
        while index < stop:
            columns = owner_table_header(lines[index]) if kind != "briefing-note" else None
            review = columns and (
                title or introduced_review(lines, index) or headed_review(lines, index, start)
            )
            if not review:
                index += 1
                continue
            items, end = owner_table(lines, index, columns, review)
            found.append((items, [], True))
            covered.append(range(index, end))
            index = max(end, index + 1)
    return found, covered


def _numbered_list(lines: list[str], index: int, stop: int, review: str) -> list[ParsedTrackedItem]:
    """The list under "7. RECOMMENDATIONS FOR THE BOARD" at ``index``: items 7.1, 7.2 ...
    in sequence within the heading's section; under an unnumbered "Recommendations", items
    1., 2. ... A sentence that names no owner is addressed to the heading's addressee (here
    the Board), since these are recommendations for it."""
    text = lines[index].replace("**", "").strip()
    heading = _LIST_HEADING.match(text) if "\t" not in text else None
    if heading is None:
        return []
    section = heading.group(1)
    entries: list[tuple[int, int, str, list[str]]] = []
    for number in range(index + 1, stop):
        line = lines[number].replace("**", "").strip()
        if not line:
            continue
        if heading_match(line) is not None:  # "9.1 Recommendation 1": a heading, not an item
            break
        expected = str(len(entries) + 1)
        if section is not None:
            item = _LIST_ITEM.match(line)
            found = item and (item.group(1), item.group(2)) == (section, expected)
            label, body = f"{section}.{expected}", item.group(3) if item else ""
        else:
            item = _PLAIN_ITEM.match(line)
            found = item and item.group(1) == expected
            label, body = expected, item.group(2) if item else ""
        if found:
            entries.append((number + 1, number + 1, label, [_without_label(body)]))
        elif section is None and entries and line.startswith(("- ", "• ")):
            entries[-1][3].append(line)
            entries[-1] = (entries[-1][0], number + 1, entries[-1][2], entries[-1][3])
        else:
            break
    if section is None and len(entries) < 2:
        return []
    bodies = ["\n".join(parts) for _, _, _, parts in entries]
    addressee = _addressee(heading.group(2), bodies)
    return [
        ParsedTrackedItem(
            source_kind="case-review",
            item_type="R",
            number=label,
            text=body,
            lines=(first, last),
            owners=named_owners(body) or addressee,
            review=review,
        )
        for (first, last, label, _), body in zip(entries, bodies, strict=True)
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
        if shares[best] < SAME_WORDING:
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


def review_tables(
    lines: list[str], covered: list[range] = ()
) -> tuple[list[ParsedTrackedItem], list[PackWarning]]:
    """Numbered recommendation tables introduced by a paragraph naming a review. A table
    with no such introduction (a list of priorities, say) is passed over whole."""
    items: list[ParsedTrackedItem] = []
    warnings: list[PackWarning] = []
    index = 0
    while index < len(lines):
        if any(index in span for span in covered):
            index += 1
            continue
        rows, end = _review_rows(lines, index)
        if not rows:
            index += 1
            continue
        review = introduced_review(lines, index)
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
