"""`scrutineer bench --minutes`: parse throughput of saved "Agenda and minutes" pages.

A page of each size is made from the fixture pages (tests/fixtures/minutes/): the page's
head, then its items again and again, renumbered so that every copy is a new item, then
its foot. The HTML page and the text page are each parsed whole (recognised by content,
through ``parse_bytes``) at 1, 2, 5 and 10 MB; linear scaling keeps MB/s flat.
"""

from __future__ import annotations

import re
import statistics
import time
from pathlib import Path

SIZES_MB = (1, 2, 5, 10)
RUNS = 3
FIXTURES = Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "minutes"
PAGES = {
    "html": ("eastmoor-agenda-and-minutes.html", "<tbody>", "</tbody>"),
    "text": ("eastmoor-agenda-and-minutes.txt", "No.\tItem\n", None),
}
_HTML_NUMBER = re.compile(r'(<td class="mgItemNumberCell"><p>)(\d{1,6})\.(</p>)')
_TEXT_NUMBER = re.compile(r"^(\d{1,6})\.$", re.M)


def build_page(kind: str, size: int) -> bytes:
    """A page of about ``size`` bytes: the fixture's items repeated, numbered on."""
    name, open_mark, close_mark = PAGES[kind]
    path = FIXTURES / name
    if not path.is_file():
        raise SystemExit(f"bench --minutes: fixture page not found: {path}")
    text = path.read_text(encoding="utf-8")
    start = text.index(open_mark) + len(open_mark)
    end = text.index(close_mark) if close_mark else len(text)
    head, items, foot = text[:start], text[start:end], text[end:]
    pattern = _HTML_NUMBER if kind == "html" else _TEXT_NUMBER
    per_copy = len(pattern.findall(items))
    chunks, total, copy = [head], len(head) + len(foot), 0
    while total < size:
        base = copy * per_copy
        chunk = _renumber(pattern, items, base, kind)
        chunks.append(chunk)
        total += len(chunk)
        copy += 1
    chunks.append(foot)
    return "".join(chunks).encode("utf-8")


def _renumber(pattern: re.Pattern, items: str, base: int, kind: str) -> str:
    counter = iter(range(base + 1, base + 1_000_000))
    if kind == "html":
        return pattern.sub(lambda m: f"{m.group(1)}{next(counter)}.{m.group(3)}", items)
    return pattern.sub(lambda m: f"{next(counter)}.", items)


def minutes_throughput() -> list[tuple[str, int, float, int]]:
    """(kind, bytes, median seconds, minutes read) for each page kind and size."""
    from scrutineer.packs import parse_bytes

    rows = []
    for kind in PAGES:
        for megabytes in SIZES_MB:
            data = build_page(kind, megabytes * 1_000_000)
            timings, pack = [], None
            for _ in range(RUNS):
                started = time.perf_counter()
                pack = parse_bytes(data, f"bench-page.{kind}")
                timings.append(time.perf_counter() - started)
            items = len(pack.minutes[0].items) if pack and pack.minutes else 0
            rows.append((pack.source.format, len(data), statistics.median(timings), items))
    return rows


def report_minutes(rows: list[tuple[str, int, float, int]]) -> None:
    print(f"Minutes pages: parse throughput (median of {RUNS} runs)")
    for fmt, size, seconds, items in rows:
        print(
            f"  {fmt:<20} {size / 1e6:5.1f} MB  {seconds:6.2f} s  "
            f"{size / seconds / 1e6:5.2f} MB/s  {items} minutes"
        )
