"""Reading learning reviews (SCR, CSPR, rapid reviews): title, subject, commissioning body,
dates, panel, chair and author, timeline, scope, findings and publication.

A review is read where the papers name one: a report whose title lines are a review's
("SERIOUS CASE REVIEW" over "Child G, Child H ..."), or a passage whose recommendations
``packs.tracking`` reads under a review's name ("... a Serious Case Review ... in relation
to Matt" over a table). Which review a passage names is ``tracking.review_names``' rule, so
a review's ``title`` is always the ``review`` its recommendations carry.

Each field is read from the structure reports share, not from one council's words: a
sentence naming the decision to hold the review and its date, "The Independent Chair is
...", a list introduced by a line ending "as follows:" after the review team or panel is
named, the paragraph naming the time frame followed by "<month year> to <month year>", the
questions the review was asked, the paragraphs under a "Summary" or "Key findings" heading.
Every field's lines are kept in ``facts``. Publication is read from the whole paper (a
cover note often says when the report was published), but only for the one review of its
kind the paper holds, or a sentence naming the review's subject.
"""

from __future__ import annotations

import re

from ..model import Component, PackWarning
from ..segment import nonempty
from ..tracking.cells import iso_date
from ..tracking.review_names import regions, review_kind, titled_review
from ..tracking.reviews import case_reviews
from .model import ParsedLearningReview, ParsedStatement, where

Span = tuple[int, int]

# The kind as the review names print it (``review_names._REVIEW_KINDS``) -> the record's kind.
KINDS = {
    "Serious Case Review": "scr",
    "Child Safeguarding Practice Review": "cspr",
    "Rapid Review": "rapid-review",
    "Domestic Homicide Review": "dhr",
    "Safeguarding Adults Review": "learning-review",
}
_BODY_WORDS = ("board", "partnership", "arrangements", "safeguarding children")
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
)
_DAY = r"(?:\d{1,2}(?:st|nd|rd|th)? )"
_MONTH_YEAR = rf"(?:(?:early|late|mid|end|the end)(?: of)? )?{_DAY}?{_MONTH},? \d{{4}}"
_SPAN = re.compile(
    rf"\b(?:from )?({_MONTH_YEAR})\s{{0,3}}(?:to|until|–|-)\s{{0,3}}({_MONTH_YEAR})", re.I
)
_MONTH_YEAR_ONLY = re.compile(rf"\b({_MONTH} \d{{4}})\b")
_SENTENCE = re.compile(r"(?<=[.!?])\s{1,4}(?=[A-Z(])")
_NAME_WORD = r"[A-Z][A-Za-z'’-]{1,30}"
_PERSON = rf"(?:(?:Dr|Mr|Mrs|Ms|Miss|Professor)\.? )?{_NAME_WORD}(?: {_NAME_WORD}){{1,3}}"
_ROLE_IS = re.compile(
    r"\b(?i:independent |lead )?((?i:chair|author|reviewer|lead reviewer))\s(?:is|was)\s"
    rf"({_PERSON})"
)
_ROLE_BY = re.compile(
    r"\b((?i:chaired|written|authored|led))\sby\s"
    rf"({_PERSON})"
)
_ROLE_LABEL = re.compile(
    r"^(?:independent |lead )?(chair|author|reviewer|lead reviewer)\s{0,2}[:\t]\s{0,4}"
    r"([A-Z][^\t]{1,80})$",
    re.I,
)
_BY_ROLE = {"chaired": "chair", "written": "author", "authored": "author", "led": "chair"}
_APPOINTED = re.compile(
    rf"\bappointed (?:in|on) ((?:\d{{1,2}}(?:st|nd|rd|th)? )?{_MONTH},? \d{{4}})"
)
_DECIDED = re.compile(
    r"\b(?:decision|decided|agreed|agreement)\b.{0,80}?\b(?:undertake|hold|conduct|commission|"
    r"initiate|carry out|be the subject of)\b",
    re.I,
)
_PUBLISHED = re.compile(r"\bpublish(?:ed|ing)?\b", re.I)
_NOT_PUBLISHED = re.compile(
    r"\b(?:yet to be published|not (?:yet )?(?:been )?published|publication\b.{0,40}?\b"
    r"(?:has been|is|was|will be) (?:delayed|deferred|postponed|withheld|paused))\b",
    re.I,
)
_PANEL_CUE = re.compile(r"\b(?:review team|review panel|panel)\b", re.I)
_SCOPE_CUE = re.compile(
    r"\b(?:questions?|terms of reference|asked to consider|key lines of enquiry|scope)\b", re.I
)
_TIMEFRAME_CUE = re.compile(
    r"\b(?:time ?frame|timescale|time period|period under review|period (?:of|covered by) the "
    r"review|scoping period|timeline)\b",
    re.I,
)
_FINDINGS_HEADING = re.compile(
    r"^(?:\d{1,2}(?:\.\d{1,2})?\.?\s{1,3})?(summary|key findings|findings|findings and learning|"
    r"key learning|learning|conclusions?)$",
    re.I,
)
_NUMBER = re.compile(
    r"^(?:[-•]\s{1,3})?(?:\d{1,2}(?:\.\d{1,2}){0,3}\.?|\(?[ivx]{1,4}\)|\(?[a-h]\))\s{1,3}"
)
_BULLET = re.compile(r"^(?:[-•*]\s{1,3}|\(?[ivx]{1,4}\)\s{1,3}|\(?[a-h]\)\s{1,3})")
_FOOTNOTE = re.compile(r"^[¹²³⁴⁵⁶⁷⁸⁹⁰]")
_HEADING_NUMBER = re.compile(r"^\d{1,2}(?:\.\d{1,2})?\.?\s{1,3}\S")
_MAX_HEADING = 90


def learning_reviews(
    lines: list[str], components: list[Component]
) -> tuple[list[ParsedLearningReview], list[PackWarning]]:
    """Every review a paper names, its facts read from the passage about it."""
    passages = _passages(lines, components)
    warnings: list[PackWarning] = []
    reviews = [
        _read(lines, title, start, stop, warnings) for title, (start, stop) in passages.items()
    ]
    for review in reviews:
        _publication(lines, review, reviews, warnings)
    return reviews, warnings


def _passages(lines: list[str], components: list[Component]) -> dict[str, tuple[int, int]]:
    """Review title -> the 0-based [start, stop) of the passage about it: the component its
    title heads, or the paragraphs introducing its recommendations down to the last one."""
    found: dict[str, tuple[int, int]] = {}
    for start, stop, kind in regions(lines, components):
        if kind in {"briefing-note", "minutes", "front-sheet", "work-programme"}:
            continue
        title = titled_review(lines, start, stop)
        if title and " – " in title:
            found.setdefault(title, (start, stop))
    items, _ = case_reviews(lines, components)
    for item in items:
        if not item.review or " – " not in item.review or item.review in found:
            continue
        first, last = item.lines[0] - 1, item.lines[1]
        for sibling in items:
            if sibling.review == item.review:
                first, last = min(first, sibling.lines[0] - 1), max(last, sibling.lines[1])
        found[item.review] = (_introduction(lines, first), last)
    return found


def _introduction(lines: list[str], index: int) -> int:
    """The first line of the paragraphs just above ``index``, back to the heading over them."""
    start = index
    for back in nonempty(lines, max(0, index - 40), index)[::-1]:
        text = lines[back].strip()
        if _is_heading(text):
            break
        start = back
    return start


def _read(
    lines: list[str], title: str, start: int, stop: int, warnings: list[PackWarning]
) -> ParsedLearningReview:
    kind_label, subject = title.split(" – ", 1)
    review = ParsedLearningReview(
        kind=KINDS.get(kind_label, "learning-review"),
        title=title,
        subject=subject,
        lines=(start + 1, stop),
    )
    _title_facts(lines, review, start, stop)
    if "subject" not in review.facts:
        named = next((i for i in range(start, stop) if review.subject in lines[i]), None)
        if named is not None:
            review.facts["subject"] = (named + 1, named + 1)
    _sentences(lines, review, start, stop, warnings)
    _panel(lines, review, start, stop)
    _scope(lines, review, start, stop)
    _timeline(lines, review, start, stop)
    _findings(lines, review, start, stop)
    return review


def _title_facts(lines: list[str], review: ParsedLearningReview, start: int, stop: int) -> None:
    """The subject line and, above the kind line, the body that commissioned it."""
    head = nonempty(lines, start, stop, 12)
    for position, index in enumerate(head):
        text = _plain(lines[index])
        if text == review.subject:
            review.facts["subject"] = (index + 1, index + 1)
        if review_kind(text) and position > 0 and review.body is None:
            above = _plain(lines[head[position - 1]])
            if _names_body(above) and len(above) <= _MAX_HEADING:
                review.body = above
                review.facts["body"] = (head[position - 1] + 1, head[position - 1] + 1)


def _sentences(
    lines: list[str],
    review: ParsedLearningReview,
    start: int,
    stop: int,
    warnings: list[PackWarning],
) -> None:
    """The facts a review states in sentences: its commissioner, when it was decided, who
    chaired and wrote it and when they were appointed, why it is not published."""
    for index in range(start, stop):
        text = _plain(lines[index])
        if not text or "\t" in text and not _ROLE_LABEL.match(_NUMBER.sub("", text)):
            continue
        span = (index + 1, index + 1)
        if label := _ROLE_LABEL.match(_NUMBER.sub("", text)):
            _role(review, label.group(1), label.group(2), span)
            continue
        for sentence in _SENTENCE.split(_NUMBER.sub("", text)):
            _sentence(review, sentence, span, warnings)


def _sentence(
    review: ParsedLearningReview, sentence: str, span: Span, warnings: list[PackWarning]
) -> None:
    lowered = sentence.lower()
    if review.body is None and (body := _commissioner(sentence)):
        review.body, review.facts["body"] = body, span
    if _DECIDED.search(sentence) and review_kind(sentence) and (day := iso_date(sentence)):
        if review.decided is None:
            review.decided, review.facts["decided"] = day, span
        elif day != review.decided:
            warnings.append(_differs(review, "decided", day, span))
    if review.trigger is None and "referred" in lowered and "review" in lowered:
        review.trigger, review.facts["trigger"] = sentence, span
    if review.appointed is None and (appointed := _APPOINTED.search(sentence)):
        if "chair" in lowered or "author" in lowered or "reviewer" in lowered:
            review.appointed, review.facts["appointed"] = appointed.group(1), span
    for match in _ROLE_IS.finditer(sentence):
        _role(review, match.group(1), match.group(2), span)
    for match in _ROLE_BY.finditer(sentence):
        _role(review, _BY_ROLE[match.group(1).lower()], match.group(2), span)
    if review.not_published_reason is None and _NOT_PUBLISHED.search(sentence):
        review.not_published_reason, review.facts["not_published_reason"] = sentence, span


def _role(review: ParsedLearningReview, role: str, name: str, span: Span) -> None:
    field = "author" if role.lower() in {"author", "reviewer", "lead reviewer"} else "chair"
    if getattr(review, field) is None:
        setattr(review, field, name.strip().rstrip("."))
        review.facts[field] = span


def _commissioner(sentence: str) -> str | None:
    """ "Coventry Safeguarding Children's Partnership have undertaken a Serious Case Review":
    the body at the head of a sentence saying it undertook or commissioned a review;
    "commissioned by the Exampleshire Safeguarding Partnership": the body after "by"."""
    match = re.match(
        r"^(?:The )?([A-Z][\w'’ &-]{2,90}?) (?:have|has) (?:undertaken|commissioned|carried out)\b",
        sentence,
    )
    if match is None:
        match = re.search(
            r"\bcommissioned by (?:the )?([A-Z][\w'’&-]{1,30}(?: [\w'’&-]{1,30}){0,8})", sentence
        )
    if match and review_kind(sentence) and _names_body(match.group(1)):
        return match.group(1).strip()
    return None


def _names_body(text: str) -> bool:
    lowered = text.lower()
    return any(word in lowered for word in _BODY_WORDS)


def _panel(lines: list[str], review: ParsedLearningReview, start: int, stop: int) -> None:
    """The agencies of a list introduced as the review team or panel ("... made up of ...
    from the key relevant agencies as follows:"), or under a "Review panel" heading: the
    first cell of each row of a table, or each bullet."""
    for index in range(start, stop):
        text = _plain(lines[index])
        cue = _PANEL_CUE.search(text)
        if not cue or "\t" in text or _SCOPE_CUE.search(text):
            continue
        if not (text.endswith(":") or _is_heading(text)):
            continue
        rows = _listed(lines, index + 1, stop)
        if rows:
            review.panel = [cells.split("\t")[0].strip() for cells, _ in rows]
            review.facts["panel"] = (index + 1, rows[-1][1] + 1)
            return


def _scope(lines: list[str], review: ParsedLearningReview, start: int, stop: int) -> None:
    """The questions the review was asked: each list introduced by a line naming questions,
    terms of reference or what it was asked to consider, ending with a colon."""
    first = last = None
    for index in range(start, stop):
        text = _plain(lines[index])
        if "\t" in text or not text.endswith(":") or not _SCOPE_CUE.search(text):
            continue
        rows = _listed(lines, index + 1, stop, bullets_only=True)
        for row, at in rows:
            review.scope.append(_NUMBER.sub("", row).strip())
            first = index + 1 if first is None else first
            last = at + 1
    if first is not None:
        review.facts["scope"] = (first, last)


def _timeline(lines: list[str], review: ParsedLearningReview, start: int, stop: int) -> None:
    """ "The time frame ... That is:" over "January 2010 to end September 2012.": the span
    after a paragraph naming the time frame, or in it."""
    for index in range(start, stop):
        text = _plain(lines[index])
        if "\t" in text or not _TIMEFRAME_CUE.search(text):
            continue
        for at in [index, *nonempty(lines, index + 1, min(stop, index + 6), 2)]:
            match = _SPAN.search(_plain(lines[at]))
            if match:
                review.timeline_from = match.group(1)
                review.timeline_to = match.group(2)
                review.facts["timeline"] = (at + 1, at + 1)
                return


def _findings(lines: list[str], review: ParsedLearningReview, start: int, stop: int) -> None:
    """The paragraphs and bullets under the review's first "Summary", "Key findings" or
    "Learning" heading, to the next heading; footnotes left out."""
    for index in range(start, stop):
        text = _plain(lines[index])
        heading = _FINDINGS_HEADING.match(text)
        if heading is None:
            continue
        name = text[heading.start(1) :]
        for at in nonempty(lines, index + 1, stop):
            body = _plain(lines[at])
            if _is_heading(body):
                break
            if _FOOTNOTE.match(body) or body.endswith(":") and not _NUMBER.match(body):
                continue
            statement = _NUMBER.sub("", _BULLET.sub("", body)).strip()
            review.findings.append(ParsedStatement(name, statement, (at + 1, at + 1)))
        if review.findings:
            review.facts["findings"] = (index + 1, review.findings[-1].lines[1])
            return


def _publication(
    lines: list[str],
    review: ParsedLearningReview,
    reviews: list[ParsedLearningReview],
    warnings: list[PackWarning],
) -> None:
    """ "... the serious case review (SCR) published by the Board on 11th July 2016": the
    date in a sentence saying the review was published, anywhere in the paper, when it is the
    paper's only review of its kind or the sentence names its subject. A sentence saying it
    is not yet published is its reason, not a date. The first date is kept; another date, or
    a date where the paper also says it is not published, is a warning."""
    same_kind = [other for other in reviews if other.kind == review.kind]
    kind_label = review.title.split(" – ", 1)[0]
    initials = "".join(word[0] for word in kind_label.split()).upper()
    for index, line in enumerate(lines):
        text = _plain(line)
        if "\t" in text or not _PUBLISHED.search(text):
            continue
        for sentence in _SENTENCE.split(text):
            if not _PUBLISHED.search(sentence) or _NOT_PUBLISHED.search(sentence):
                continue
            names_kind = kind_label.lower() in sentence.lower() or re.search(
                rf"\b{initials}\b", sentence
            )
            if not names_kind or (len(same_kind) > 1 and review.subject not in sentence):
                continue
            day = iso_date(sentence)
            if day is None or day == review.published:
                continue
            if review.published is None:
                review.published, review.facts["published"] = day, (index + 1, index + 1)
            else:
                warnings.append(_differs(review, "published", day, (index + 1, index + 1)))
    if review.published and review.not_published_reason:
        printed, reason = review.facts["published"], review.facts["not_published_reason"]
        warnings.append(
            PackWarning(
                "review-publication-differs",
                f"{review.title} is printed as published on {review.published} "
                f"({where(printed)}) and as not published ({where(reason)})",
                (min(printed[0], reason[0]), max(printed[1], reason[1])),
            )
        )


def _differs(review: ParsedLearningReview, field: str, other: str, span: Span) -> PackWarning:
    """Two dates printed for one fact of a review: the first is kept, both are named."""
    first = review.facts[field]
    return PackWarning(
        f"review-{field}-differs",
        f"{review.title} is printed as {field} on {getattr(review, field)} ({where(first)}) "
        f"and on {other} ({where(span)})",
        (min(first[0], span[0]), max(first[1], span[1])),
    )


def _listed(
    lines: list[str], index: int, stop: int, bullets_only: bool = False
) -> list[tuple[str, int]]:
    """The rows of the list starting at ``index`` (blank lines and footnotes between rows
    skipped): table rows (a tab) or bullets, as plain text with their 0-based index."""
    rows: list[tuple[str, int]] = []
    for at in range(index, min(stop, index + 40)):
        text = _plain(lines[at])
        if not text or _FOOTNOTE.match(text):
            continue
        if not (("\t" in text and not bullets_only) or _BULLET.match(text)):
            break
        rows.append((_BULLET.sub("", text).strip(), at))
    return rows


def _is_heading(text: str) -> bool:
    """A short line with no full stop at its end: "4.6 Summary", "Learning from Reviews"."""
    text = text.strip()
    return (
        bool(text)
        and len(text) <= _MAX_HEADING
        and "\t" not in text
        and text[-1] not in ".:;,"
        and not _BULLET.match(text)
        and (text[0].isupper() or bool(_HEADING_NUMBER.match(text)))
        and not _MONTH_YEAR_ONLY.fullmatch(text)
    )


def _plain(line: str) -> str:
    return line.replace("**", "").replace("*", "").strip()


_GENERIC_OWNERS = {"board", "the board", "partnership", "the partnership", "panel", "the panel"}


def names_commissioner(label: str, body: str) -> bool:
    """Whether a recommendation's owner label ("LSCB", "Board", "Coventry Safeguarding
    Children Partnership") names the body that commissioned the review ("Coventry
    Safeguarding Children's Partnership"): its name give or take a possessive, "the Board",
    or its initials with or without the place's and a "Local" in front ("LSCB", "SCB")."""
    label = " ".join(label.split())
    if label.lower() in _GENERIC_OWNERS:
        return body.lower().endswith(label.lower().removeprefix("the "))
    if _name_key(label) == _name_key(body):
        return True
    initials = "".join(word[0] for word in body.split() if word[:1].isupper())
    return (
        label.isupper()
        and label.isalpha()
        and len(label) >= 3
        and (label == initials or label in {initials[1:], "L" + initials[1:]})
    )


def _name_key(name: str) -> str:
    return " ".join(re.sub(r"['’]s\b", "", name.lower()).split())
