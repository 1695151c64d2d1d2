"""Who attended a meeting, as its minutes say: "Present:" lists and their groups, apologies,
substitutes, and the sentences and tables councils write them in.

Two shapes. A block of labelled groups ("Members:", "Non-voting co-opted members:",
"Officers:", "Apologies:") whose names run on over following lines, sometimes one per line
and sometimes as a comma list, with notes in brackets ("(Chair)", "(in place of Councillor
Y)", "(part of meeting)"). And sentences, in the block or in an "Apologies" item:
"Apologies for absence were received from Councillors A, B and C, and by Mr D",
"Councillors A and B were substituted at the meeting by Councillors C and D respectively",
"Councillors X and Y attended as substitutes".
"""

from __future__ import annotations

import re

from .minutetext import without_paragraph_number
from .model import ParsedAttendance
from .text import (
    councillor_title,
    looks_like_listed_name,
    split_honorifics,
    split_name_list,
)

MAX_SENTENCE_CHARS = 2_000  # longer sentences are not read as attendance
MAX_NAME_WORDS = 6  # more words than this is not a name in a list

# Attendance group labels: the capacity, status and vote each implies. Longest first.
_GROUPS = [
    ("non-voting co-opted members", "co-opted", "present", False),
    ("voting co-opted members", "co-opted", "present", True),
    ("non-voting members", "member", "present", False),
    ("voting members", "member", "present", True),
    ("other members in attendance", "other", "present", None),
    ("officers in attendance", "officer", "present", None),
    ("officers present", "officer", "present", None),
    ("deputy cabinet members", "cabinet-member", "present", None),
    ("cabinet members", "cabinet-member", "present", None),
    ("cabinet member", "cabinet-member", "present", None),
    ("co-opted members", "co-opted", "present", None),
    ("co-opted member", "co-opted", "present", None),
    ("board members", "member", "present", None),
    ("other members", "other", "present", None),
    ("members", "member", "present", None),
    ("employees", "officer", "present", None),
    ("officers", "officer", "present", None),
    ("other representatives", "other", "present", None),
    ("in attendance", "other", "present", None),
    ("also in attendance", "other", "present", None),
    ("also present", "other", "present", None),
    ("apologies", None, "apology", None),
    ("apology", None, "apology", None),
]
_INITIAL_SURNAME = re.compile(r"\b[A-Z]\.?\s[A-Z][A-Za-z'’-]+")
_PARENTHESES = re.compile(r"\(([^()]{1,120})\)")
_MASK = re.compile(r"\x00(\d{1,3})\x00")
_IN_THE_CHAIR = re.compile(r"\s[-–]\s?in\sthe\schair\.?$", re.I)
_PLURAL_TITLES = {"councillors", "cllrs", "cllrs."}

# Sentences.
_APOLOGIES = re.compile(
    r"^(?:an\s)?apolog(?:y|ies)\b[\w ]{0,40}?\breceived\s(?:from|by)\s"
    r"|^there\swere\s(?:also\s)?apologies\b[\w ]{0,30}?\bfrom\s",
    re.I,
)
_SENT_APOLOGY = re.compile(r"\ssent\s(?:his|her|their)?\s?apolog(?:y|ies)\b", re.I)
_NO_APOLOGIES = re.compile(r"\bno\sapologies\b|^apologies:?\s(?:none|nil)\b", re.I)
_WITH_SUBSTITUTE = re.compile(
    r"\swith\s(.{1,80}?)\sattending\sas\s(?:his|her|their)\ssubstitute\b", re.I
)
_SUBSTITUTED_BY = re.compile(r"\s(?:was|were)\ssubstituted\s(?:at\sthe\smeeting\s)?by\s", re.I)
_ATTENDED_FOR = re.compile(r"\sattended\s(?:the\smeeting\s)?as\s(?:a\s)?substitutes?\sfor\s", re.I)
_ATTENDED_AS = re.compile(r"\sattended\s(?:the\smeeting\s)?as\s(?:a\s)?substitutes?$", re.I)
_WAS_SUBSTITUTE = re.compile(r"\s(?:was|were)\s(?:his|her|their)\ssubstitutes?\b", re.I)
_ATTENDING_AS = re.compile(r"\s(?:was|were)\sattending\sas\s", re.I)
_RESPECTIVELY = re.compile(r",?\s(?:respectively|for\sthe\smeeting)$", re.I)
_CLAUSE = re.compile(
    r",?\s(?:who|whom|due\sto|because|owing\sto|on\saccount\sof|as\sshe|as\she)\b", re.I
)
_GROUP_BREAK = re.compile(r",?\s(?:and\s)?(?:also\s)?(?:by|from)\s(?=[A-Z])")
_SENTENCE_BREAK = re.compile(r"(?<=[a-z]{3}[.;])\s+(?=[A-Z])")


def attendance_of(texts: list[tuple[int, str]]) -> list[ParsedAttendance]:
    """The entries of an attendance block: (0-based index, text) lines."""
    entries: list[ParsedAttendance] = []
    capacity, status, voting = "member", "present", None
    table: str | None = None  # "apologies" or "officers" inside a table
    for index, text in texts:
        sentences = attendance_sentences(text, index)
        if sentences is not None:
            merge(entries, sentences)
            continue
        if "\t" in text:
            rows = _table_row(text, index, table, capacity)
            if rows is not None:
                table = rows[0]
                merge(entries, rows[1])
                continue
        group = _group_of(text)
        if group:
            group_capacity, status, voting, text = group
            capacity = group_capacity or capacity
            table = None
            if status == "apology":
                capacity = None
            if not text:
                continue
        if text.startswith("(") and text.endswith(")") and entries:
            _apply_note(entries[-1], text[1:-1])
            continue
        people = _people(text, capacity, status, index + 1)
        for person in people:
            if voting is not None:
                person.voting = voting
        merge(entries, people)
    return entries


def merge(entries: list[ParsedAttendance], new: list[ParsedAttendance]) -> None:
    """Add entries, once each: the same name with the same status is one entry, and a
    substitute is one entry however many times the minutes say so."""
    for entry in new:
        same = next(
            (
                e
                for e in entries
                if e.name == entry.name
                and (e.status == entry.status or (_substitutes(e) and _substitutes(entry)))
            ),
            None,
        )
        if same is None:
            entries.append(entry)
        elif entry.substitute_for and not same.substitute_for:
            same.substitute_for = entry.substitute_for


def _substitutes(entry: ParsedAttendance) -> bool:
    return entry.status == "substitute" or entry.substitute_for is not None


def is_attendance_item(title: str) -> bool:
    lowered = title.lower()
    return any(word in lowered for word in ("apolog", "substitut", "attendance"))


def attendance_sentences(text: str, index: int) -> list[ParsedAttendance] | None:
    """The entries a line's sentences give, or None when it holds no attendance sentence."""
    if len(text) > MAX_SENTENCE_CHARS:
        return None
    found: list[ParsedAttendance] | None = None
    for sentence in _SENTENCE_BREAK.split(without_paragraph_number(text)):
        sentence = sentence.strip().rstrip(".;").strip()
        entries = _sentence(sentence, index + 1)
        if entries is None:
            entries = _their_substitute(sentence, index + 1, found)
        if entries is not None:
            found = (found or []) + entries
    return found


def _their_substitute(text: str, line: int, before: list[ParsedAttendance] | None):
    """ "Councillor A sent his apology. Councillor B was his substitute for the meeting.":
    B replaced the last absentee named before, in the same paragraph."""
    match = _WAS_SUBSTITUTE.search(text)
    absent = [e for e in before or [] if e.status == "apology"]
    if not match or not absent:
        return None
    principal = absent[-1]
    written = f"{principal.honorific} {principal.name}" if principal.honorific else principal.name
    return [
        attendance_entry(name, "substitute", line, written)
        for name in _listed(text[: match.start()])
    ]


def _sentence(text: str, line: int) -> list[ParsedAttendance] | None:
    if _NO_APOLOGIES.search(text):
        return []
    apologies = _APOLOGIES.search(text)
    if apologies:
        rest = text[apologies.end() :]
        entries: list[ParsedAttendance] = []
        with_substitute = _WITH_SUBSTITUTE.search(rest)
        if with_substitute:
            rest = rest[: with_substitute.start()]
        absent = [attendance_entry(name, "apology", line) for name in _listed(rest)]
        entries.extend(absent)
        entries.extend(_substitutes_in_notes(rest, line))
        if with_substitute and absent:
            for name in _listed(with_substitute.group(1)):
                entries.append(attendance_entry(name, "substitute", line, absent[-1].name))
        return entries
    sent = _SENT_APOLOGY.search(text)
    if sent:
        return [attendance_entry(name, "apology", line) for name in _listed(text[: sent.start()])]
    for pattern in (_SUBSTITUTED_BY, _ATTENDED_FOR):
        match = pattern.search(text)
        if match:
            left, right = text[: match.start()], _RESPECTIVELY.sub("", text[match.end() :])
            if pattern is _SUBSTITUTED_BY:  # "A and B were substituted by C and D"
                return _paired(_listed(right), _listed(left), line)
            return _paired(_listed(left), _listed(right), line)
    attending = _ATTENDING_AS.search(text)
    if attending:
        whom = re.sub(r"['’]s?\s(?:substitute|representative)s?$", "", text[attending.end() :])
        return _paired(_listed(text[: attending.start()]), _listed(whom), line)
    alone = _ATTENDED_AS.search(text)
    if alone:
        return [
            attendance_entry(name, "substitute", line) for name in _listed(text[: alone.start()])
        ]
    return None


def _paired(substitutes: list[str], principals: list[str], line: int) -> list[ParsedAttendance]:
    """Substitutes paired with whom they replace, in order ("respectively"); when the
    counts differ the principals are unknown."""
    if len(substitutes) != len(principals):
        principals = [None] * len(substitutes)
    return [
        attendance_entry(name, "substitute", line, principal)
        for name, principal in zip(substitutes, principals, strict=True)
    ]


def attendance_entry(written: str, status: str, line: int, substitute_for: str | None = None):
    """One person's entry from their name as written ("Councillor Sam Patel"): the title
    says whether they sit as a councillor; ``substitute_for`` is whom they replaced."""
    honorific, name = split_honorifics(written)
    honorific = councillor_title(honorific) if honorific else None
    principal = split_honorifics(substitute_for)[1] if substitute_for else None
    return ParsedAttendance(
        name=name,
        status=status,
        capacity=_capacity_from_title(honorific),
        lines=(line, line),
        honorific=honorific,
        substitute_for=principal,
    )


def _substitutes_in_notes(text: str, line: int) -> list[ParsedAttendance]:
    """ "Cllr Borg (substituted by Cllr Wainwright)" in a list of apologies."""
    entries = []
    for match in re.finditer(r"([^,(]{1,80})\((?:substituted|replaced)\sby\s([^()]{1,80})\)", text):
        principal = _listed(match.group(1))
        for name in _listed(match.group(2)):
            entries.append(
                attendance_entry(name, "substitute", line, principal[-1] if principal else None)
            )
    return entries


def _listed(text: str) -> list[str]:
    """ "Councillors A, B and C, and by Mr D and Ms E" -> each name with its title."""
    text = _PARENTHESES.sub("", text)
    clause = _CLAUSE.search(text)
    if clause:
        text = text[: clause.start()]
    names: list[str] = []
    for group in _GROUP_BREAK.split(text.replace(";", ",")):
        shared = None
        for part in split_name_list(group):
            part = part.strip(" .")
            honorific, name = split_honorifics(part)
            if not name or len(name.split()) > MAX_NAME_WORDS or not name[:1].isupper():
                continue
            if honorific and honorific.lower() in _PLURAL_TITLES:
                shared = councillor_title(honorific)
                honorific = shared
            honorific = honorific or shared
            names.append(f"{honorific} {name}" if honorific else name)
    return names


def _table_row(text, index, table, capacity):
    """Rows of an apologies/substitutes table or a per-item officers table, tab-separated.
    Returns (table kind, entries), or None when the line is no such row."""
    cells = [cell.strip() for cell in text.split("\t")]
    lowered = [cell.lower() for cell in cells]
    if lowered and lowered[0].startswith("apolog") and len(cells) >= 2:
        return "apologies", []
    if lowered and lowered[0] in {"item", "items", "minute"} and len(cells) >= 2:
        return "officers", []
    if table == "apologies" and cells[0]:
        entries = [attendance_entry(cells[0], "apology", index + 1)]
        if len(cells) > 1 and cells[1] and cells[1].lower() not in {"none", "-", "n/a", "no"}:
            entries.append(attendance_entry(cells[1], "substitute", index + 1, cells[0]))
        return table, entries
    if table == "officers" or (capacity == "officer" and len(cells) >= 3):
        items, name = cells[0], cells[1] if len(cells) > 1 else ""
        if not name:
            return None
        entry = attendance_entry(name, "present", index + 1)
        entry.capacity = "officer"
        entry.role = cells[2] if len(cells) > 2 and cells[2] else None
        entry.items = [i.strip() for i in re.split(r",|\sand\s", items) if i.strip()]
        return "officers", [entry]
    return None


def _group_of(text: str) -> tuple[str | None, str, bool | None, str] | None:
    """(capacity, status, voting, rest) if the line opens an attendance group."""
    lowered = text.lower()
    if lowered.startswith("present"):
        rest = text[len("present") :].lstrip(" :")
        return "member", "present", None, rest
    for label, capacity, status, voting in _GROUPS:
        if lowered.startswith(label):
            rest = text[len(label) :]
            rest = re.sub(r"^\s?\(by directorate\)", "", rest, flags=re.I)
            rest = rest.lstrip()
            if rest.startswith(":"):
                rest = rest[1:]
            elif rest.lower().startswith("and "):
                rest = rest[4:]  # "Cabinet Members and" wrapped before its second label
            elif rest and not rest.startswith(("Councillor", "Cllr")):
                return None
            return capacity, status, voting, rest.strip()
    return None


def _people(text: str, capacity: str | None, status: str, line: int) -> list[ParsedAttendance]:
    """The people on one attendance line."""
    notes: list[str] = []

    def keep_note(match: re.Match) -> str:
        notes.append(match.group(1))
        return f"\x00{len(notes) - 1}\x00"

    if text.endswith(".") and not text.endswith(("..", " .")):
        text = text[:-1]  # the full stop closing "Present: Councillors A, B and C."
    chaired = _IN_THE_CHAIR.search(text)
    if chaired:
        text = text[: chaired.start()]
    masked = _PARENTHESES.sub(keep_note, text).replace(";", ",")
    directorate = None
    if capacity == "officer":
        directorate, masked = _split_directorate(masked)
    parts = [p for p in split_name_list(masked) if p.strip()]
    if parts and all(_listed_name(_unmask(p), _unmask(parts[0])) for p in parts):
        people = parts
        descriptor = None
    else:
        head, _, tail = masked.partition(",")
        people = [head]
        descriptor = tail.strip() or None
        if capacity == "officer" and descriptor and directorate is None:
            directorate, descriptor = descriptor, None
    entries = []
    shared_title = None  # "Councillors A, B and C": the plural title covers the whole list
    for part in people:
        own_notes = [notes[int(n)] for n in _MASK.findall(part)]
        honorific, name = split_honorifics(_unmask(part))
        if not name:
            continue
        if honorific and honorific.lower().rstrip(".") in {"councillors", "cllrs"}:
            honorific = shared_title = councillor_title(honorific)
        honorific = honorific or shared_title
        entry = ParsedAttendance(
            name=name,
            status=status,
            capacity=capacity or _capacity_from_title(honorific),
            lines=(line, line),
            honorific=honorific,
            directorate=directorate,
        )
        for note in own_notes:
            entry = _apply_note(entry, note)
        if descriptor:
            _apply_descriptor(entry, _restore(descriptor, notes))
        entries.append(entry)
    if chaired and entries:
        entries[0].chair = True
    return entries


def _listed_name(part: str, first: str) -> bool:
    """A name in a list; after "Councillors A" a bare surname is a councillor's too."""
    if looks_like_listed_name(part):
        return True
    honorific, _ = split_honorifics(first)
    plural = honorific and honorific.lower().rstrip(".") in {"councillors", "cllrs"}
    return bool(plural) and looks_like_listed_name(f"Councillor {part}")


def _unmask(text: str) -> str:
    return _MASK.sub("", text).strip()


def _restore(text: str, notes: list[str]) -> str:
    return _MASK.sub(lambda m: f"({notes[int(m.group(1))]})", text)


def _split_directorate(text: str) -> tuple[str | None, str]:
    """ "People: S Brake, P Barnett" or "Children's Services S Bates, C Donovan,"."""
    label, colon, rest = text.partition(":")
    if colon and not _INITIAL_SURNAME.search(label):
        return label.strip(), rest.strip()
    first = _INITIAL_SURNAME.search(text)
    if first and first.start() > 0 and "," not in text[: first.start()]:
        return text[: first.start()].strip(), text[first.start() :].strip()
    return None, text


def _capacity_from_title(honorific: str | None) -> str:
    return (
        "member" if honorific and honorific.lower().startswith(("councillor", "cllr")) else "other"
    )


_SUBSTITUTE_NOTE = re.compile(
    r"^(?:substitute\sfor|substituting\sfor|in\splace\sof|sub\sfor|deputising\sfor)\s", re.I
)
_ATTENDED_INSTEAD = re.compile(r"^(.{1,80}?)\sattended\sas\s(?:a\s)?substitute$", re.I)


def _apply_note(entry: ParsedAttendance, note: str) -> ParsedAttendance:
    """Act on "(Chair)", "(in place of Councillor X)", "(part of meeting)", "(Ms B attended
    as substitute)" (then Ms B is the one present, for this member)."""
    lowered = note.lower().strip()
    substitute = _SUBSTITUTE_NOTE.match(note.strip())
    instead = _ATTENDED_INSTEAD.match(note.strip())
    if lowered in {"chair", "chairman", "chairperson", "in the chair"}:
        entry.chair = True
    elif substitute:
        _, name = split_honorifics(note.strip()[substitute.end() :].strip())
        entry.substitute_for = name
    elif instead:
        honorific, name = split_honorifics(instead.group(1))
        replaced = entry.name
        entry.name, entry.honorific = name, honorific
        entry.substitute_for = replaced
    elif "part of" in lowered or lowered.startswith(("for items", "for item", "from item")):
        entry.part_of_meeting = True
    elif lowered in {"non-voting", "non voting"}:
        entry.voting = False
    else:
        entry.role = note.strip()
        if "cabinet member" in lowered and entry.capacity in {"other", "member"}:
            entry.capacity = "cabinet-member"
    return entry


def _apply_descriptor(entry: ParsedAttendance, descriptor: str) -> None:
    """ "Director of Public Health" is a role; "Coventry and Rugby CCG" an organisation."""
    if entry.capacity == "officer":
        entry.directorate = entry.directorate or descriptor
        return
    head, comma, tail = descriptor.rpartition(",")
    if comma:
        entry.role, entry.organisation = head.strip(), tail.strip()
    elif re.search(
        r"\b(?:director|manager|officer|head|chief|executive|chair|lead)\b", descriptor, re.I
    ):
        entry.role = descriptor
    else:
        entry.organisation = descriptor


__all__ = ["attendance_of", "attendance_sentences", "is_attendance_item", "merge"]
