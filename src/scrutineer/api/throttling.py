"""The API's rate limits, on django-ninja's throttling: anonymous clients by address
(SCRUTINEER_API_ANON_RATE), signed-in readers and token clients by user
(SCRUTINEER_API_TOKEN_RATE). Over the limit, the API answers 429 with Retry-After.

ninja's own AnonRateThrottle and AuthRateThrottle key on ``request.auth``, which only
ninja's authentication sets; here a token's user is set by the middleware
(``authentication.bearer_tokens``), so these key on ``request.user``. The rate is read from
the settings on each request, so a deployment (or a test) changes it without a restart.
"""

from __future__ import annotations

from django.conf import settings
from ninja.throttling import SimpleRateThrottle


class _SettingRate(SimpleRateThrottle):
    setting = ""

    def __init__(self):  # the rate is read per request, in allow_request
        self.rate = None

    def allow_request(self, request) -> bool:
        rate = getattr(settings, self.setting, "")
        if not rate:
            return True
        self.rate = rate
        self.num_requests, self.duration = self.parse_rate(rate)
        return super().allow_request(request)


class AnonymousRate(_SettingRate):
    """Clients without a token (nor a session), counted by their address."""

    scope, setting = "anon", "SCRUTINEER_API_ANON_RATE"

    def get_cache_key(self, request):
        if request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class ReaderRate(_SettingRate):
    """Token clients and signed-in readers, counted by user: all of a user's tokens share
    one count, so making more tokens gives no more requests."""

    scope, setting = "reader", "SCRUTINEER_API_TOKEN_RATE"

    def get_cache_key(self, request):
        if not request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


def throttles() -> list[SimpleRateThrottle]:
    """The limits for the NinjaAPI instance: ``NinjaAPI(throttle=throttles())``."""
    return [AnonymousRate(), ReaderRate()]
