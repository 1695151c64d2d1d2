"""Settings read from the environment, each refused with a message naming the variable.

A typo in a deployment's environment ("SCRUTINEER_HTTPS=yes please") must stop the server
with a sentence an operator can act on, never start it with a silently different setting.
"""

from __future__ import annotations

import os
import re

from django.core.exceptions import ImproperlyConfigured

TRUE, FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off", ""}
SECRET_KEY_HELP = (
    "SCRUTINEER_SECRET_KEY is not set, and SCRUTINEER_DEBUG is off: Scrutineer will not "
    "serve pages signed with a key anyone could know. Set SCRUTINEER_SECRET_KEY to a long "
    "random value (python3 -c 'import secrets; print(secrets.token_urlsafe(50))'), the same "
    "for every worker and kept across restarts; see docs/operations.md. For development "
    "only, set SCRUTINEER_DEBUG=1 instead."
)


def flag(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r}: write 1 or 0 (or true/false, yes/no, on/off)")


def number(name: str, default: float, kind=int):
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = kind(raw.strip())
    except ValueError:
        noun = "a whole number" if kind is int else "a number"
        raise ImproperlyConfigured(f"{name}={raw!r}: write {noun}, such as {default}") from None
    if value < 0:
        raise ImproperlyConfigured(f"{name}={raw!r}: must not be negative")
    return value


RATE = re.compile(r"\d+/\d*(s|sec|m|min|h|hour|d|day)")


def rate(name: str, default: str) -> str:
    """A rate limit, "requests/period" ("120/min", "5000/day"), or "" for none."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip()
    if value and not RATE.fullmatch(value):
        raise ImproperlyConfigured(
            f"{name}={raw!r}: write requests per period, such as {default} "
            "(periods: s, min, hour, day), or leave it empty for no limit"
        )
    return value


def words(name: str, default: str = "") -> list[str]:
    """A comma-separated list: "a.example,b.example"."""
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


def proxy_ssl_header(name: str) -> tuple[str, str] | None:
    """ "X-Forwarded-Proto: https" -> ("HTTP_X_FORWARDED_PROTO", "https"): the header a
    trusted proxy sets on requests that reached it over HTTPS."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return None
    header, colon, value = raw.partition(":")
    header, value = header.strip(), value.strip()
    if not colon or not header or not value or " " in header:
        raise ImproperlyConfigured(
            f"{name}={raw!r}: write the header your proxy sets and its value, "
            "such as 'X-Forwarded-Proto: https'"
        )
    return "HTTP_" + header.upper().replace("-", "_"), value


def require_secret_key() -> None:
    """Refuse to serve without a secret key (with DEBUG on a development key stands in)."""
    from django.conf import settings

    try:
        settings.SECRET_KEY  # noqa: B018 - Django refuses an empty key when it is read
    except ImproperlyConfigured:
        raise ImproperlyConfigured(SECRET_KEY_HELP) from None
