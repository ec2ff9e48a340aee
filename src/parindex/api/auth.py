"""How the API knows who calls: the browser session (with its CSRF check), or a personal
token sent as `Authorization: Bearer <secret>` (no CSRF: a script holds no cookie to steal).

A bearer secret is found by its hash, never compared in clear; an unknown, revoked or expired
one is refused (401) even when a session cookie comes with it.
"""

import hmac
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from parindex.api.models import ApiToken, hash_secret
from parindex.org.models import User

# Longer than any secret parindex issues (43 characters): hashing is cheap, but not free.
MAX_SECRET_LENGTH = 200
# `last_used_at` is written at most this often per token, not on every request.
TOUCH_EVERY = timedelta(minutes=1)


class TokenRefused(AuthenticationError):
    """A bearer token was presented, and it is unknown, revoked or expired."""

    explanation = _("This API token is unknown, revoked or expired.")


def usable_token(secret: str) -> ApiToken | None:
    """The token with this secret, if it may still be used; notes when it was used."""
    if not secret or len(secret) > MAX_SECRET_LENGTH:
        return None
    digest = hash_secret(secret)
    token = ApiToken.objects.select_related("user").filter(key_hash=digest).first()
    # The lookup is by hash (an index), and the hash compare is constant-time anyway.
    if token is None or not hmac.compare_digest(token.key_hash, digest):
        return None
    now = timezone.now()
    if not token.is_usable(now) or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at >= TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


class BearerToken(HttpBearer):
    """`Authorization: Bearer <secret>`: the request acts as the token's owner."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken:
        found = usable_token(token.strip())
        if found is None:
            raise TokenRefused
        request.user = found.user
        return found


def caller(request: HttpRequest) -> User:
    """The person an authenticated API request acts for."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def by_token(request: HttpRequest) -> bool:
    """Whether the request was authenticated with a bearer token (not the session)."""
    return isinstance(getattr(request, "auth", None), ApiToken)
