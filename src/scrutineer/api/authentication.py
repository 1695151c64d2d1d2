"""Reading the API with a token: ``Authorization: Bearer scr_…`` on a request under /api/.

The middleware runs after Django's authentication and, for an API request that carries a
token, makes the token's user the request's user. Everything the API answers is then
narrowed by ``visible_to(request.user)``, as the site's pages are: a member's token sees
what that member sees, no more. No session is made (the token is sent again with every
request), and a token request is not checked for CSRF: no browser sends the header on its
own, and the API only reads.

A token that is unknown, revoked, or of a user who may no longer sign in is refused with
401 and a JSON reason, never read as anonymous: a client whose token stopped working must
be told, not silently shown less.
"""

from __future__ import annotations

from django.http import JsonResponse

from .models import ApiToken

API_PREFIX = "/api/"
SCHEME = "bearer"


def refused(reason: str) -> JsonResponse:
    response = JsonResponse({"detail": reason}, status=401)
    response["WWW-Authenticate"] = (
        f'Bearer realm="api", error="invalid_token", error_description="{reason}"'
    )
    return response


def bearer_secret(request) -> str | None:
    """The secret of an ``Authorization: Bearer`` header ('' when the header is empty of
    one), or None when the request carries no such header."""
    scheme, _, secret = request.META.get("HTTP_AUTHORIZATION", "").strip().partition(" ")
    if scheme.lower() != SCHEME:
        return None
    return secret.strip()


def bearer_tokens(get_response):
    def middleware(request):
        if not request.path_info.startswith(API_PREFIX):
            return get_response(request)
        secret = bearer_secret(request)
        if secret is None:
            return get_response(request)
        if not secret:
            return refused("The Authorization header names no token: send 'Bearer <token>'.")
        token = ApiToken.find(secret)
        if token is None:
            return refused("This token is not known or has been revoked: make a new one.")
        if not token.user.is_active:
            return refused("The account this token belongs to can no longer sign in.")
        token.used()
        request.user = token.user
        request.api_token = token
        request._dont_enforce_csrf_checks = True  # Django's CSRF middleware reads this
        return get_response(request)

    return middleware
