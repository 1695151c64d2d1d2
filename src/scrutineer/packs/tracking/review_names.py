"""Which review a passage belongs to: the review's title at the head of a component
("SERIOUS CASE REVIEW" over "Child G"), a paragraph introducing a table ("... have
undertaken a Serious Case Review ... in relation to Matt"), or a heading line above a
table ("Child Safeguarding Practice Review: Child Q – action plan")."""

from __future__ import annotations

from ..model import Component
from ..segment import nonempty
from .cells import first_upper, key

_REVIEW_KINDS = {
    "serious case review": "Serious Case Review",
    "local child safeguarding practice review": "Child Safeguarding Practice Review",
    "child safeguarding practice review": "Child Safeguarding Practice Review",
    "safeguarding adults review": "Safeguarding Adults Review",
    "safeguarding adult review": "Safeguarding Adults Review",
    "domestic homicide review": "Domestic Homicide Review",
    "rapid review": "Rapid Review",
}
# Titles often name the kind by its initials: "Exampleshire SCR" over "Case R".
_ACRONYMS = {
    "scr": "Serious Case Review",
    "cspr": "Child Safeguarding Practice Review",
    "lcspr": "Child Safeguarding Practice Review",
    "sar": "Safeguarding Adults Review",
    "dhr": "Domestic Homicide Review",
}
_SUBJECT_CUES = ("in relation to ", "known as ", "concerning ")
_MAX_TITLE = 100
_TITLE_LINES = 12  # non-empty lines at the head of a component that may hold its title
_CONTEXT_REACH = 40  # lines searched above a recommendations table for the review's name
_CONTEXT_PARAGRAPHS = 10
_SEPARATORS = " -–—:,(|"
_AREA_WORDS = 3


def regions(lines: list[str], components: list[Component]) -> list[tuple[int, int, str]]:
    """0-based [start, stop) and kind of each component; the whole document without them."""
    if not components:
        return [(0, len(lines), "report")]
    return [(c.lines[0] - 1, min(c.lines[1], len(lines)), c.kind) for c in components]


def review_kind(text: str) -> str | None:
    phrase = _phrase(text.lower())
    return _REVIEW_KINDS[phrase] if phrase else None


def titled_review(lines: list[str], start: int, stop: int) -> str | None:
    """The review a report is, from its title lines: "SERIOUS CASE REVIEW" over "Child G,
    Child H ..." gives "Serious Case Review – Child G, Child H ...". The dash joins the
    kind and the subject in one label; the words are the title's own."""
    texts = [lines[i].replace("**", "").strip() for i in nonempty(lines, start, stop, _TITLE_LINES)]
    for position, text in enumerate(texts):
        kind = review_kind(text) if _opens_with_kind(text) else _initials_kind(text)
        if kind is None or len(text) > _MAX_TITLE:
            continue
        following = texts[position + 1] if position + 1 < len(texts) else ""
        return f"{kind} – {following}" if _is_title_line(following) else kind
    return None


def _opens_with_kind(text: str) -> bool:
    """ "Serious Case Review", or "Exampleshire Child Safeguarding Practice Review" where
    the title names its area first: at most three words before the kind."""
    words = key(text)
    phrase = _phrase(words)
    return phrase is not None and len(words[: words.find(phrase)].split()) <= _AREA_WORDS


def _initials_kind(text: str) -> str | None:
    """ "Exampleshire SCR", "LCSPR Child Q": a short title holding the kind's initials in
    capitals, as a word of their own."""
    words = text.replace("**", "").split()
    if len(words) > _AREA_WORDS + 2:
        return None
    return next(
        (_ACRONYMS[w.lower()] for w in words if w.isupper() and w.lower() in _ACRONYMS), None
    )


def _phrase(lowered: str) -> str | None:
    return next((phrase for phrase in _REVIEW_KINDS if phrase in lowered), None)


def _is_title_line(text: str) -> bool:
    return (
        bool(text)
        and len(text) <= _MAX_TITLE
        and "\t" not in text
        and text[-1] not in ".:;"
        and text.lower() not in {"contents", "content"}
        and review_kind(text) is None
        and _initials_kind(text) is None
        and not text.lower().startswith(("overview report", "final report", "executive summary"))
    )


def introduced_review(lines: list[str], index: int) -> str | None:
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
    phrase = _phrase(context.lower())
    if phrase is None:
        return None
    kind = _REVIEW_KINDS[phrase]
    after = context[context.lower().find(phrase) + len(phrase) :]
    subject = _review_subject(context) or (_heading_subject(after) if after[:1] in ":–-" else None)
    return f"{kind} – {subject}" if subject else kind


def headed_review(lines: list[str], index: int, floor: int) -> str | None:
    """The review a heading line just above ``index`` names: "Child Safeguarding Practice
    Review: Child Q" gives "Child Safeguarding Practice Review – Child Q". Only short lines
    count; a paragraph that mentions a review is not its heading."""
    for back in nonempty(lines, max(floor, index - _CONTEXT_REACH), index)[::-1]:
        text = lines[back].replace("**", "").strip()
        phrase = _phrase(text.lower()) if len(text) <= _MAX_TITLE and "\t" not in text else None
        if phrase is None:
            continue
        subject = _heading_subject(text[text.lower().find(phrase) + len(phrase) :])
        kind = _REVIEW_KINDS[phrase]
        return f"{kind} – {subject}" if subject else kind
    return None


def _heading_subject(rest: str) -> str | None:
    """ ": Child Q – action plan" -> "Child Q": capitalised words after the separators, up
    to the next separator."""
    words = []
    for word in rest.strip(_SEPARATORS).split()[:4]:
        if word in {"-", "–", "—", "|"}:
            break
        word = word.strip(",.;:()")
        if not first_upper(word) or word.lower() in {"action", "recommendations"}:
            break
        words.append(word)
    return " ".join(words) or None


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
