"""A minute typed by an officer on Scrutineer's pages, read by the same rules as a paper's.

The text is written in a small, safe format: paragraphs separated by a blank line, lines
starting "- " as a bulleted list, and **bold**. Any HTML typed among it is kept only as far
as a small allow-list lets it (nh3), so what is stored is always safe to show. The
resolutions and references go through ``minutetext``'s own rules, so a typed
"RESOLVED: (1) that …; (2) that …" gives the same parts as the printed minutes would.
"""

from __future__ import annotations

import html
import re

import nh3

from .minutetext import opens_resolution, references_in, resolutions_of
from .model import ParsedResolution

# What a typed minute may hold: plain structure, emphasis and links.
MINUTE_TAGS = {"p", "br", "ul", "ol", "li", "strong", "em", "b", "i", "a"}
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_BULLET = re.compile(r"^[-*•]\s+")
# "Minute 12/21", "Min. 12", "12/21": each typed reference said as "Minute No. 12/21", so
# that a number without its year counts too.
_NAMED = re.compile(r"^(?:min(?:ute)?s?\.?\s(?:no\.?\s?)?)?(?=\d)", re.I)
_LABELLED = re.compile(r"^[-•]?\s?\(?(\d{1,2}|[a-z]|[ivx]{1,4})[.)]\s")


def minute_html(text: str) -> str:
    """The typed text as sanitised HTML: ``<p>`` per paragraph, ``<ul>`` for "- " lines,
    ``<strong>`` for **bold**; typed HTML survives only as far as ``MINUTE_TAGS`` allow."""
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    out = []
    for block in blocks:
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        bullets = [line for line in lines if _BULLET.match(line)]
        if len(bullets) == len(lines):
            items = "".join(f"<li>{_inline(_BULLET.sub('', line))}</li>" for line in lines)
            out.append(f"<ul>{items}</ul>")
        else:
            out.append(f"<p>{'<br>'.join(_inline(line) for line in lines)}</p>")
    cleaned = nh3.clean("".join(out), tags=MINUTE_TAGS, attributes={"a": {"href"}}, link_rel=None)
    return cleaned.strip()


def _inline(line: str) -> str:
    return _BOLD.sub(r"<strong>\1</strong>", line)


def typed_text(stored: str) -> str:
    """Stored minute HTML back in the typed format, for editing: the inverse of
    ``minute_html`` for what it writes; any other markup is left as HTML."""
    value = stored.strip()
    value = re.sub(r"</?(?:strong|b)>", "**", value)
    value = re.sub(r"<ul>(.*?)</ul>", lambda m: _bullets(m.group(1)), value, flags=re.S)
    value = re.sub(r"<p>(.*?)</p>", r"\1\n\n", value, flags=re.S)
    value = re.sub(r"<br\s*/?>", "\n", value)
    return html.unescape(value).strip()


def _bullets(items: str) -> str:
    found = re.findall(r"<li>(.*?)</li>", items, flags=re.S)
    return "\n".join(f"- {item.strip()}" for item in found) + "\n\n"


def typed_resolutions(text: str) -> list[ParsedResolution]:
    """The resolutions typed for a minute, split into parts by the minutes reader's rule.

    Typed as printed ("RESOLVED: (1) that …; (2) that …", or one part per line under
    "RESOLVED:"), or as bare lines: "RESOLVED:" is understood, and several bare lines are
    numbered parts (1), (2) in the order typed."""
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    if not lines:
        return []
    if not opens_resolution(lines[0]):
        if len(lines) > 1 and not any(_LABELLED.match(line) for line in lines):
            lines = [f"({n}) {line}" for n, line in enumerate(lines, start=1)]
        lines = ["RESOLVED:", *lines] if len(lines) > 1 else [f"RESOLVED: {lines[0]}"]
    return resolutions_of(list(enumerate(lines)))


def typed_references(text: str, year: str | None, own: str | None = None) -> list[str]:
    """The earlier minutes a typed list names ("Minute 12/21, Minute 14/21"), as the reader
    finds references in a minute; a number alone ("Minute 12") is of ``year`` ("21")."""
    parts = [part.strip() for part in re.split(r"[,;\n]", text) if part.strip()]
    body = [(n, _NAMED.sub(r"Minute No. ", part, count=1)) for n, part in enumerate(parts)]
    return references_in(body, year, own)[0]


__all__ = ["MINUTE_TAGS", "minute_html", "typed_references", "typed_resolutions", "typed_text"]
