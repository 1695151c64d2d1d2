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

from contextlib import contextmanager

from django.conf import settings
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
        prefixed = councils.get(first)
        if prefixed is not None:
            request.path_info = "/" + rest
            request.council = prefixed
        elif len(councils) == 1:
            request.council = next(iter(councils.values()))
        elif first in SCOPED:
            raise Http404("There are several councils: choose one on the home page.")
        else:
            request.council = None
        request.site_root = get_script_prefix()  # where the list of councils is
        # Django adds the script prefix to STATIC_URL once, the first time it is read, and
        # keeps it: read it here, under the site's own prefix, never a council's.
        _ = settings.STATIC_URL
        request.councils = sorted(councils.values(), key=lambda c: c.name)
        with council_addresses(prefixed):
            return get_response(request)

    return middleware


@contextmanager
def council_addresses(council: Council | None):
    """Addresses made inside (``reverse``, ``get_absolute_url``) are ``council``'s: under
    its prefix. The middleware answers each prefixed request inside this; anything else
    that links to a council's pages when there are several (a command, a test) uses it too.
    """
    previous = get_script_prefix()
    if council is not None:
        set_script_prefix(f"{previous}{council.slug}/")
    try:
        yield
    finally:
        set_script_prefix(previous)
