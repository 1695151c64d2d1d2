"""The open-data API: one NinjaAPI, a router per kind of record (``resources/``).

No interactive documentation page is served: ninja's Swagger page loads scripts from a CDN,
which the site's Content-Security-Policy forbids. The schema at ``/api/v1/openapi.json``
works with any OpenAPI viewer or client generator; docs/api.md describes the API.
"""

from __future__ import annotations

from django.urls import reverse
from ninja import NinjaAPI

from .resources import (
    attendance,
    bodies,
    councils,
    documents,
    indicators,
    meetings,
    memberships,
    minutes,
    people,
    programme,
    tracked_items,
)
from .throttling import throttles

DESCRIPTION = """\
Scrutineer's records, read-only: councils, their bodies, people and memberships, meetings
with their agendas, minutes with their resolutions, and attendance. Every record names the
papers and lines it was read from (`sources`).

**Lists** are ordered by `updated_at` and paged by cursor: follow `next` until it is null.
Every list takes `council` and `body` (slugs), `since` and `until` (the record's date),
`updated_since` (for incremental sync), `limit` (at most 500) and `format=csv`. Answers
carry `ETag` and `Last-Modified`; send `If-None-Match` or `If-Modified-Since` for a 304.

**Who sees what**: anonymous clients see public records only; restricted records are
absent, not marked. A member or officer sees what they may see on the site, signed in
with their session or with an API token (`Authorization: Bearer <token>`).

**Rate limit**: anonymous clients may make 120 requests a minute from one address, token
clients 1,200 a minute per user (an install may set other limits: docs/api.md, "Tokens and
rate limit"). Over the limit the answer is 429 with `Retry-After`, the seconds to wait.
"""


class OpenDataAPI(NinjaAPI):
    def get_root_path(self, path_params) -> str:
        # The API's addresses are included without a namespace, so that they are named
        # like every other page of the site (and met by the restricted-record matrix).
        return reverse("api-root", kwargs=path_params)


api = OpenDataAPI(
    title="Scrutineer open data",
    version="1",
    description=DESCRIPTION,
    openapi_url="/openapi.json",
    docs_url=None,
    urls_namespace="api-v1",
    throttle=throttles(),
)
api.add_router("/councils", councils.router)
api.add_router("/bodies", bodies.router)
api.add_router("/people", people.router)
api.add_router("/memberships", memberships.router)
api.add_router("/meetings", meetings.router)
api.add_router("/minutes", minutes.router)
api.add_router("/attendance", attendance.router)
api.add_router("/tracked-items", tracked_items.router)
api.add_router("/work-programme", programme.router)
api.add_router("/indicators", indicators.router)
api.add_router("/observations", indicators.observations_router)
api.add_router("/documents", documents.router)
