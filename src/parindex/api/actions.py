"""Named writes for personal API tokens: issue one (its secret is shown once) and revoke one.

A person issues and revokes only their own tokens. Both writes leave an audit event; the
events have no unit, so the trail shows them to administrators.
"""

import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parindex.access import scope
from parindex.api.models import PREFIX_LENGTH, ApiToken, hash_secret
from parindex.audit.models import label_actions
from parindex.audit.writes import ActionRefused, Actor, created, record
from parindex.org.models import User

DEFAULT_DAYS = 90
MIN_DAYS, MAX_DAYS = 1, 365
NAME_LENGTH = 100
# 32 random bytes, URL-safe: 43 characters, 256 bits.
SECRET_BYTES = 32

label_actions(
    {
        "issue_token": _("issued the API token"),
        "revoke_token": _("revoked the API token"),
    }
)


def _person(actor: Actor) -> User:
    if not isinstance(actor, User) or not actor.is_active:
        raise PermissionDenied
    return actor


def _refuse_nul(text: str, field: str) -> None:
    # PostgreSQL cannot store it; the API and the forms refuse it first, but the named write
    # is also what commands and scripts call.
    if "\x00" in text:
        raise ActionRefused(_("Text must not contain the NUL character."), field=field)


def _clean_name(name: str) -> str:
    _refuse_nul(name, "name")
    name = " ".join(name.split())
    if not name:
        raise ActionRefused(_("The name must not be empty."), field="name")
    if len(name) > NAME_LENGTH:
        raise ActionRefused(
            _("The name must be at most %(max)s characters long.") % {"max": NAME_LENGTH},
            field="name",
        )
    return name


def check_days(days: int) -> int:
    """`days` if a token may last that long; the form checks with it too."""
    if isinstance(days, bool) or not MIN_DAYS <= days <= MAX_DAYS:
        raise ActionRefused(
            _("A token lasts from %(min)s to %(max)s days.") % {"min": MIN_DAYS, "max": MAX_DAYS},
            field="days",
        )
    return days


@transaction.atomic
def issue_token(actor: Actor, name: str, days: int = DEFAULT_DAYS) -> tuple[ApiToken, str]:
    """A new token for the actor, and its secret: the only time the secret is ever seen."""
    person = _person(actor)
    name = _clean_name(name)
    days = check_days(days)
    secret = secrets.token_urlsafe(SECRET_BYTES)
    now = timezone.now()
    token = ApiToken.objects.create(
        user=person,
        name=name,
        key_prefix=secret[:PREFIX_LENGTH],
        key_hash=hash_secret(secret),
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    changes = created(token, ["name", "key_prefix", "expires_at"])
    record(person, "issue_token", token, changes, unit=None)
    return token, secret


@transaction.atomic
def revoke_token(actor: Actor, token: ApiToken, reason: str = "") -> ApiToken:
    """End a token now: every later request with its secret is refused (401)."""
    person = _person(actor)
    if not scope(person, ApiToken, "manage").filter(pk=token.pk).exists():
        raise PermissionDenied
    _refuse_nul(reason, "reason")
    now = timezone.now()
    # One UPDATE … WHERE revoked_at IS NULL: two revocations at once cannot both succeed.
    if not ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now):
        raise ActionRefused(_("This token is already revoked."))
    token.revoked_at = now
    record(
        person,
        "revoke_token",
        token,
        {"revoked_at": {"old": None, "new": str(now)}},
        unit=None,
        reason=reason,
    )
    return token
