"""Personal API tokens: a person's own key to the API, stored only as a hash."""

import hashlib
from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# How many characters of the secret are kept in clear, to tell a person's tokens apart.
PREFIX_LENGTH = 8


def hash_secret(secret: str) -> str:
    """The hex SHA-256 kept for a secret. The secret is 256 random bits, so a plain,
    unsalted hash is enough: there is nothing to guess from a list of common words."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


class ApiToken(models.Model):
    """A bearer token a person issued for themselves: it acts as them, until it expires or
    is revoked. The secret is shown once when issued; only its SHA-256 is kept."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("name"), max_length=100)
    key_prefix = models.CharField(_("key prefix"), max_length=PREFIX_LENGTH, editable=False)
    # Hex SHA-256 of the secret: a presented key is found by hashing it (parindex.api.auth).
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")),
                name="api_token_expires_after_creation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"

    def is_usable(self, now: datetime | None = None) -> bool:
        """Neither revoked nor expired."""
        return self.revoked_at is None and self.expires_at > (now or timezone.now())
