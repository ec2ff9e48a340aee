"""API operations on the caller's own personal API tokens."""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from parindex.access import get_in_scope, scope
from parindex.api import actions
from parindex.api.auth import by_token, caller
from parindex.api.models import ApiToken

router = Router()


class TokenOut(Schema):
    id: int
    name: str
    key_prefix: str
    created_at: datetime
    expires_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class IssuedTokenOut(TokenOut):
    secret: str


class TokenIn(Schema):
    name: str
    days: int = actions.DEFAULT_DAYS


class Refusal(Schema):
    detail: str


@router.get("/tokens", response=list[TokenOut], tags=["tokens"])
def list_tokens(request: HttpRequest) -> Any:
    return scope(caller(request), ApiToken, "view")


@router.post("/tokens", response={201: IssuedTokenOut, 403: Refusal}, tags=["tokens"])
def issue_token(request: HttpRequest, body: TokenIn) -> Any:
    """Issue a token; the answer holds its `secret`, which is never shown again."""
    if by_token(request):
        # A token must not mint others: a leaked one would outlive its own revocation.
        detail = _("Tokens are issued from a signed-in session, not with another token.")
        return Status(403, {"detail": detail})
    token, secret = actions.issue_token(caller(request), body.name, body.days)
    # The secret is in this answer only: parindex keeps its hash, never the secret itself.
    return Status(201, IssuedTokenOut(**TokenOut.from_orm(token).dict(), secret=secret))


@router.delete("/tokens/{token_id}", response={204: None}, tags=["tokens"])
def revoke_token(request: HttpRequest, token_id: int, reason: str = "") -> Any:
    user = caller(request)
    token = get_in_scope(user, ApiToken, "manage", pk=token_id)
    actions.revoke_token(user, token, reason=reason)
    return Status(204, None)
