"""Row labels and names: a label's caveat and footnote marker, and the keys names are
compared by."""

from __future__ import annotations

import re

_TAG = re.compile(r"<[^<>]{0,40}>")
_LABEL_MARK = re.compile(r"\s{0,3}([*†‡^#]{1,3})$")


def read_label(text: str) -> tuple[str, str | None, str | None]:
    """(label, caveat, footnote marker) from "Early Help (Neglect) <i>caveat</i>" or "CIN *"."""
    caveat = None
    opening = text.find("<i>")
    if opening >= 0:
        closing = text.find("</i>", opening)
        end = closing if closing >= 0 else len(text)
        caveat = _TAG.sub("", text[opening + 3 : end]).strip() or None
        text = text[:opening] + (text[end + 4 :] if closing >= 0 else "")
    text = " ".join(_TAG.sub("", text).split())
    marker = None
    match = _LABEL_MARK.search(text)
    if match and match.start() > 0:
        marker = match.group(1)
        text = text[: match.start()].rstrip()
    return text, caveat, marker


def name_key(text: str) -> str:
    return " ".join(text.lower().strip(" :.").split())


def match_words(text: str) -> list[str]:
    """Words for matching names: abbreviations expanded, plurals and punctuation dropped."""
    words = []
    for word in re.sub(r"[^a-z0-9]+", " ", text.lower()).split():
        expanded = {
            "cin": "children in need",
            "cp": "child protection",
            "cpp": "child protection plan",
            "cpps": "child protection plan",
            "lac": "looked after children",
        }.get(word, word)
        for part in expanded.split():
            if len(part) > 3 and part.endswith("s") and not part.endswith("ss"):
                part = part[:-1]
            words.append(part)
    return words


def number_text(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else f"{number:g}"
