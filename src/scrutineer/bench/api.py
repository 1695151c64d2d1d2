"""`scrutineer bench --api`: the open-data API at scale.

Synthesises ``--scale`` (default 1 for this bench) in a throw-away database, then times each
list of the API (a page of 100 rows: the first, a later one by cursor, one body's, the
changes since a time) and a meeting's record, for the public; then a full sync: every list
followed cursor by cursor to its end (500 rows a page), in seconds. Target: list p95 <= 50 ms.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field

from .assurance import cpu_times
from .measure import PageFigure, throwaway_database, time_pages

API_SCALE = 1.0
API_TARGET_MS = 50
SYNC_LIMIT = 500


@dataclass
class ApiFigures:
    backend: str
    scale: float
    synth_seconds: float
    pages: list[PageFigure] = field(default_factory=list)
    cpu_ms: dict[str, tuple[float, float]] = field(default_factory=dict)  # label: median, p95
    synced: dict[str, tuple[int, int]] = field(default_factory=dict)  # list: rows, pages
    sync_seconds: float = 0.0


def _lists() -> list[str]:
    from scrutineer.api.service import api

    schema = api.get_openapi_schema()
    return [path for path in schema["paths"] if "{" not in path and "openapi" not in path]


def api_speed(scale: float = API_SCALE, seed: int = 0) -> ApiFigures:
    from django.db import connection
    from django.test import Client, override_settings

    from scrutineer.governance.models import Body, Meeting
    from scrutineer.synth import governance as synth

    # The bench asks far faster than the anonymous rate limit allows: it times the answers.
    unlimited = override_settings(SCRUTINEER_API_ANON_RATE="", SCRUTINEER_API_TOKEN_RATE="")
    with throwaway_database(), unlimited:
        started = time.perf_counter()
        synth.generate(scale, seed=seed, today=dt.date.today())
        figures = ApiFigures(connection.vendor, scale, time.perf_counter() - started)
        client = Client()
        body = Body.objects.order_by("pk").first().slug
        middle = Meeting.objects.order_by("updated_at").values_list("updated_at", flat=True)
        since = middle[middle.count() // 2].isoformat() if middle.exists() else "2000-01-01"
        for path in _lists():
            second = client.get(path).json()["next"]
            urls = [path, *([second] if second else []), f"{path}?updated_since={since}"]
            if "body" in {p["name"] for p in _parameters(path)}:
                urls.append(f"{path}?body={body}")
            urls = [u.replace("+", "%2B") for u in urls]
            urls = [u for u in urls if client.get(u).status_code == 200]
            label = f"API {path} (100 rows)"
            figures.pages.append(time_pages(client, label, urls))
            figures.cpu_ms[label] = cpu_times(client, urls)
        pks = Meeting.objects.values_list("pk", flat=True)[:50]
        meetings = [f"/api/v1/meetings/{pk}" for pk in pks]
        figures.pages.append(time_pages(client, "API a meeting's record", meetings))
        started = time.perf_counter()
        for path in _lists():
            rows, pages, address = 0, 0, f"{path}?limit={SYNC_LIMIT}"
            while address:
                answer = client.get(address).json()
                rows, pages, address = rows + len(answer["results"]), pages + 1, answer["next"]
            figures.synced[path] = (rows, pages)
        figures.sync_seconds = time.perf_counter() - started
    return figures


def _parameters(path: str) -> list[dict]:
    from scrutineer.api.service import api

    return api.get_openapi_schema()["paths"][path]["get"].get("parameters", [])


def report_api(figures: ApiFigures) -> None:
    print(
        f"synth --scale {figures.scale:g} into a fresh {figures.backend} database: "
        f"{figures.synth_seconds:.1f} s"
    )
    for page in figures.pages:
        if page.skipped:
            print(f"{page.label}: skipped, {page.skipped}")
            continue
        print(
            f"{page.label} p95 ms: {page.p95_ms:.1f} (target <= {API_TARGET_MS} ms); "
            f"median {page.median_ms:.1f} ms; {page.queries} SQL queries"
        )
        if page.label in figures.cpu_ms:
            median, high = figures.cpu_ms[page.label]
            print(f"  its CPU time in this process: median {median:.1f} ms, p95 {high:.1f} ms")
    rows = sum(found for found, _ in figures.synced.values())
    pages = sum(count for _, count in figures.synced.values())
    print(
        f"full sync of every list ({SYNC_LIMIT} rows a page): {rows:,} rows in {pages:,} pages, "
        f"{figures.sync_seconds:.1f} s"
    )
    for path, (found, count) in figures.synced.items():
        print(f"  {path}: {found:,} rows, {count:,} pages")
