"""Which council a request is about: the one home of the rule for councils in addresses.

A single-council install keeps its short addresses (``/bodies/<slug>/``): every request is
about its only council. With several councils, a council's pages live under its slug
(``/coventry/bodies/<slug>/``) and the home page lists the councils. The prefix is handled
here, once: this middleware strips it before URL resolution and sets it as the script
prefix for the length of the request, so every ``reverse()``, ``{% url %}`` and
``get_absolute_url()`` made while answering carries it, and views stay as they were.
Views read ``request.council``, and narrow what they show with ``in_council``.
"""

from __future__ import annotations

from django.http import Http404
from django.urls import get_script_prefix, set_script_prefix

from scrutineer.governance.models import Council

# The first segments of addresses that show one council's records. With several councils
# they need the council's prefix; without it they are not found.
SCOPED = ("bodies", "people", "documents", "warnings", "tracker", "reports", "scorecard")


def council_prefix(get_response):
    def middleware(request):
        councils = {c.slug: c for c in Council.objects.all()}
        first, _, rest = request.path_info.lstrip("/").partition("/")
        previous = get_script_prefix()
        council = councils.get(first)
        if council is not None:
            request.path_info = "/" + rest
            set_script_prefix(f"{previous}{council.slug}/")
        elif len(councils) == 1:
            council = next(iter(councils.values()))
        elif first in SCOPED:
            raise Http404("There are several councils: choose one on the home page.")
        request.council = council
        request.site_root = previous  # where the list of councils is
        request.councils = sorted(councils.values(), key=lambda c: c.name)
        try:
            return get_response(request)
        finally:
            set_script_prefix(previous)

    return middleware


def council_address(council: Council) -> str:
    """Where a council's pages start: its prefix when there are several, else the root."""
    return f"/{council.slug}/" if Council.objects.several() else "/"
