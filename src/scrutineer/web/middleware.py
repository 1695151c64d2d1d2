"""Responses that depend on who is asking are never kept by a shared cache."""

from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.functional import empty


def private_when_personal(get_response):
    """``Cache-Control: private`` (and ``Vary: Cookie``) on every response built with the
    reader in mind: one that looked at the signed-in user or the session. What a member may
    read must never be served from a proxy's cache to the next visitor."""

    def middleware(request):
        response = get_response(request)
        user = getattr(request, "user", None)
        looked_at_user = user is not None and getattr(user, "_wrapped", None) is not empty
        session = getattr(request, "session", None)
        if looked_at_user or (session is not None and session.accessed):
            patch_cache_control(response, private=True)
            patch_vary_headers(response, ("Cookie",))
        return response

    return middleware
