"""API tokens: how a member's or officer's program reads the API as they read the site.

A token's secret is shown once, when it is made, and never kept: the database holds its
sha256 digest only, so a copy of the database (a backup) gives no one a working token. The
secret is long and random, so a plain digest (no salt, no slow hash) is enough: there is no
guessable password to protect, and the digest is looked up in one indexed query.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

# A recognisable start, so that a secret pasted into a repository or a log can be found by
# secret scanners and by people ("scr_…").
PREFIX = "scr_"
# How much of the secret the list shows to tell tokens apart: the prefix and four characters.
HINT_LENGTH = len(PREFIX) + 4
# Last used is written at most this often for a token, not on every request.
LAST_USED_EVERY = 60


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked__isnull=True)


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What the token is for, to tell it apart")
    hint = models.CharField(max_length=HINT_LENGTH, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created = models.DateTimeField(default=timezone.now, editable=False)
    last_used = models.DateTimeField(null=True, blank=True, editable=False)
    revoked = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = "API token"

    def __str__(self):
        return f"{self.name} ({self.hint}…)"

    @classmethod
    def issue(cls, user, name: str) -> tuple[ApiToken, str]:
        """A new token of ``user``, and its secret: the only time the secret exists."""
        secret = PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user, name=name, hint=secret[:HINT_LENGTH], digest=digest(secret)
        )
        return token, secret

    @classmethod
    def find(cls, secret: str) -> ApiToken | None:
        """The unrevoked token whose secret this is, with its user, or None."""
        return cls.objects.active().select_related("user").filter(digest=digest(secret)).first()

    def revoke(self) -> None:
        if self.revoked is None:
            self.revoked = timezone.now()
            self.save(update_fields=["revoked"])

    def used(self) -> None:
        """Note the token was used now; at most once a minute, so that reading the API does
        not write to the database on every request."""
        now = timezone.now()
        if self.last_used is None or (now - self.last_used).total_seconds() >= LAST_USED_EVERY:
            type(self).objects.filter(pk=self.pk).update(last_used=now)
            self.last_used = now
