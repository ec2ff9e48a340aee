"""Personal API tokens: issued by their owner, stored as a hash, used as a bearer token in
place of the session (and its CSRF token), refused once revoked or expired."""

import hashlib
import json
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from parindex.access import Action, scope
from parindex.api import actions
from parindex.api.auth import TokenRefused
from parindex.api.models import ApiToken
from parindex.audit.models import AuditEvent
from parindex.audit.writes import ActionRefused
from parindex.org.models import User
from tests.cast import World, state

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response


ACTIONS: tuple[Action, ...] = ("view", "manage")


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def session(user: User, enforce_csrf_checks: bool = False) -> Client:
    client = Client(enforce_csrf_checks=enforce_csrf_checks)
    client.force_login(user)
    return client


def english() -> Client:
    """A client that chose English, so messages can be compared with their msgids."""
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def tokens_state() -> tuple[object, ...]:
    """The cast's rows and every token's: what a refused request must leave as it was."""
    # When a token was last used is bookkeeping, not a change a refusal must undo.
    fields = [f.name for f in ApiToken._meta.concrete_fields if f.name != "last_used_at"]
    return (state(), list(ApiToken.objects.order_by("pk").values_list(*fields)))


def codes(response: "Response") -> set[str]:
    return {unit["code"] for unit in response.json()}


# --- issuing -----------------------------------------------------------------------------------


def test_issuing_stores_only_the_hash_of_the_secret(world: World) -> None:
    token, secret = actions.issue_token(world.coord_a, "  nightly   export ", 30)
    assert len(secret) >= 40  # 256 random bits, URL-safe
    row = ApiToken.objects.filter(pk=token.pk).values().get()
    assert secret not in json.dumps(row, default=str)
    assert row["key_hash"] == hashlib.sha256(secret.encode()).hexdigest()
    assert row["key_prefix"] == secret[:8]
    assert row["name"] == "nightly export"
    assert row["user_id"] == world.coord_a.pk
    assert row["expires_at"] - row["created_at"] == timedelta(days=30)
    assert (row["last_used_at"], row["revoked_at"]) == (None, None)
    # Nor does the secret reach the audit trail.
    assert not AuditEvent.objects.filter(changes__icontains=secret[8:]).exists()


def test_a_token_lasts_ninety_days_unless_told(world: World) -> None:
    token, _secret = actions.issue_token(world.officer_a, "script")
    assert token.expires_at - token.created_at == timedelta(days=90)
    longest, _secret = actions.issue_token(world.officer_a, "yearly", 365)
    assert longest.expires_at - longest.created_at == timedelta(days=365)


def test_each_secret_is_new(world: World) -> None:
    secrets = {actions.issue_token(world.coord_a, f"t{n}")[1] for n in range(20)}
    assert len(secrets) == 20


def test_issuing_and_revoking_are_in_the_audit_trail(world: World) -> None:
    token, _secret = actions.issue_token(world.coord_a, "export", 10)
    issued = AuditEvent.objects.get(action="issue_token", object_id=str(token.pk))
    assert (issued.actor, issued.object_type, issued.unit) == (world.coord_a, "api.apitoken", None)
    assert issued.changes["name"] == {"old": None, "new": "export"}
    assert issued.changes["key_prefix"] == {"old": None, "new": token.key_prefix}
    assert issued.changes["expires_at"]["new"] == str(token.expires_at)
    assert issued.action_label  # labelled for the trail's page

    actions.revoke_token(world.coord_a, token, reason="laptop lost")
    revoked = AuditEvent.objects.get(action="revoke_token", object_id=str(token.pk))
    assert (revoked.actor, revoked.reason) == (world.coord_a, "laptop lost")
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert revoked.changes == {"revoked_at": {"old": None, "new": str(token.revoked_at)}}
    # The administrator reads both events in the trail (they concern no unit).
    admin_sees = scope(world.admin, AuditEvent, "view")
    assert admin_sees.filter(object_type="api.apitoken").count() == 2


BAD_INPUT = {
    "empty name": ("name", {"name": ""}),
    "blank name": ("name", {"name": "   "}),
    "name too long": ("name", {"name": "x" * 101}),
    "NUL in the name": ("name", {"name": "a\x00b"}),
    "no days": ("days", {"days": 0}),
    "negative days": ("days", {"days": -5}),
    "more than a year": ("days", {"days": 400}),
    "366 days": ("days", {"days": 366}),
}
GOOD_INPUT: dict[str, Any] = {"name": "export", "days": 30}
# The API refuses NUL before the named write, in its 422 (tests/api/test_api_input.py).
API_BAD_INPUT = {case: bad for case, bad in BAD_INPUT.items() if case != "NUL in the name"}


@pytest.mark.parametrize(("field", "change"), BAD_INPUT.values(), ids=list(BAD_INPUT))
def test_issue_token_refuses_bad_input(world: World, field: str, change: dict[str, Any]) -> None:
    before = tokens_state()
    data = GOOD_INPUT | change
    with pytest.raises(ActionRefused) as refused:
        actions.issue_token(world.coord_a, data["name"], data["days"])
    assert refused.value.field == field
    assert tokens_state() == before


def test_only_the_owner_revokes_a_token(world: World) -> None:
    token, _secret = actions.issue_token(world.officer_a, "mine")
    for other in (world.coord_a, world.admin, None):
        with pytest.raises(PermissionDenied):
            actions.revoke_token(other, token)
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_reason_with_nul_is_refused(world: World) -> None:
    token, _secret = actions.issue_token(world.officer_a, "mine")
    before = tokens_state()
    with pytest.raises(ActionRefused) as refused:
        actions.revoke_token(world.officer_a, token, reason="a\x00b")
    assert refused.value.field == "reason"
    assert tokens_state() == before


def test_a_revoked_token_is_not_revoked_twice(world: World) -> None:
    token, _secret = actions.issue_token(world.officer_a, "mine")
    actions.revoke_token(world.officer_a, token)
    before = tokens_state()
    with pytest.raises(ActionRefused):
        actions.revoke_token(world.officer_a, ApiToken.objects.get(pk=token.pk))
    assert tokens_state() == before


def test_only_the_owner_sees_a_token(world: World) -> None:
    mine, _secret = actions.issue_token(world.officer_a, "mine")
    theirs, _secret = actions.issue_token(world.coord_a, "theirs")
    for action in ACTIONS:
        assert list(scope(world.officer_a, ApiToken, action)) == [mine]
        # Administrators too see only their own.
        assert not scope(world.admin, ApiToken, action).exists()
    assert theirs in scope(world.coord_a, ApiToken, "view")
    User.objects.filter(pk=world.officer_a.pk).update(is_active=False)
    inactive = User.objects.get(pk=world.officer_a.pk)
    for action in ACTIONS:
        assert not scope(inactive, ApiToken, action).exists()
        assert not scope(AnonymousUser(), ApiToken, action).exists()


# --- using a token -----------------------------------------------------------------------------


def test_a_token_acts_as_its_owner_with_the_same_scope(world: World) -> None:
    token, secret = actions.issue_token(world.coord_a, "script")
    by_token = Client().get("/api/units", headers=bearer(secret))
    assert by_token.status_code == 200
    assert codes(by_token) == {"A", "A.SNV", "A.X1", "A.X2"}
    # Exactly what the same person sees through their session.
    assert by_token.json() == session(world.coord_a).get("/api/units").json()
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_another_persons_token_sees_their_scope(world: World) -> None:
    _token, secret = actions.issue_token(world.coord_b, "script")
    assert codes(Client().get("/api/units", headers=bearer(secret))) == {"B", "B.X1"}


def test_last_use_is_noted_at_most_once_a_minute(world: World) -> None:
    token, secret = actions.issue_token(world.coord_a, "script")
    Client().get("/api/units", headers=bearer(secret))
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    Client().get("/api/units", headers=bearer(secret))
    token.refresh_from_db()
    assert token.last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(minutes=5))
    Client().get("/api/units", headers=bearer(secret))
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert token.last_used_at > first


def _expire(token: ApiToken) -> None:
    now = timezone.now()
    ApiToken.objects.filter(pk=token.pk).update(
        created_at=now - timedelta(days=91), expires_at=now - timedelta(seconds=1)
    )


def _revoke(token: ApiToken) -> None:
    actions.revoke_token(token.user, token)


def _deactivate(token: ApiToken) -> None:
    User.objects.filter(pk=token.user_id).update(is_active=False)


@pytest.mark.parametrize(
    "spoil", [_expire, _revoke, _deactivate], ids=["expired", "revoked", "inactive owner"]
)
def test_a_spoilt_token_is_refused(world: World, spoil: Any) -> None:
    token, secret = actions.issue_token(world.coord_a, "script")
    assert Client().get("/api/units", headers=bearer(secret)).status_code == 200
    spoil(token)
    response = english().get("/api/units", headers=bearer(secret))
    assert response.status_code == 401
    assert response.json() == {"detail": str(TokenRefused.explanation)}
    assert response["WWW-Authenticate"] == 'Bearer error="invalid_token"'


@pytest.mark.parametrize(
    "header",
    [
        "Bearer not-a-token",
        "Bearer ",
        "Bearer " + "x" * 5000,
        "bearer Ab3dEf8hijklmnopqrstuvwxyz0123456789ABCDEFG",
    ],
    ids=["unknown", "empty", "huge", "lower-case scheme, unknown"],
)
def test_an_unknown_token_is_refused(world: World, header: str) -> None:
    response = english().get("/api/units", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.json() == {"detail": str(TokenRefused.explanation)}


def test_a_prefix_or_a_hash_is_not_a_token(world: World) -> None:
    token, secret = actions.issue_token(world.coord_a, "script")
    for almost in (token.key_prefix, token.key_hash, secret[:-1], secret + "x", secret.upper()):
        assert Client().get("/api/units", headers=bearer(almost)).status_code == 401


def test_a_bad_token_is_refused_even_beside_a_session(world: World) -> None:
    """A sent token alone decides: a revoked one does not fall back to the cookie."""
    token, secret = actions.issue_token(world.coord_a, "script")
    _revoke(token)
    client = session(world.coord_a)
    assert client.get("/api/units").status_code == 200
    assert client.get("/api/units", headers=bearer(secret)).status_code == 401


def test_no_token_and_no_session_is_refused(world: World) -> None:
    response = Client().get("/api/units")
    assert response.status_code == 401
    assert set(response.json()) == {"detail"}


NEW_UNIT = {"code": "A.X9", "name": "Xã Mới", "kind": "commune"}


def test_a_bearer_post_needs_no_csrf_token(world: World) -> None:
    _token, secret = actions.issue_token(world.coord_a, "script")
    client = Client(enforce_csrf_checks=True)
    body = NEW_UNIT | {"parent_id": world.province_a.pk}
    response = client.post(
        "/api/units", body, content_type="application/json", headers=bearer(secret)
    )
    assert response.status_code == 201, response.content
    created = AuditEvent.objects.get(action="create_unit", object_id=str(response.json()["id"]))
    assert created.actor == world.coord_a


def test_a_session_post_without_its_csrf_token_is_refused(world: World) -> None:
    client = session(world.coord_a, enforce_csrf_checks=True)
    body = NEW_UNIT | {"parent_id": world.province_a.pk}
    before = tokens_state()
    response = client.post("/api/units", body, content_type="application/json")
    assert response.status_code == 403
    assert tokens_state() == before
    # The control: the same request with the session's CSRF token is accepted.
    client.get(reverse("home"))
    csrf = client.cookies["csrftoken"].value
    response = client.post(
        "/api/units", body, content_type="application/json", headers={"X-CSRFToken": csrf}
    )
    assert response.status_code == 201, response.content


def test_a_session_cannot_forge_a_token_post_without_csrf(world: World) -> None:
    client = session(world.coord_a, enforce_csrf_checks=True)
    before = tokens_state()
    response = client.post("/api/tokens", GOOD_INPUT, content_type="application/json")
    assert response.status_code == 403
    assert tokens_state() == before


# --- the API's token operations ----------------------------------------------------------------


def test_the_api_issues_a_token_with_its_secret_once(world: World) -> None:
    client = session(world.officer_a)
    response = client.post("/api/tokens", GOOD_INPUT, content_type="application/json")
    assert response.status_code == 201
    issued = response.json()
    secret = issued.pop("secret")
    token = ApiToken.objects.get(pk=issued["id"])
    assert token.user == world.officer_a
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert issued["key_prefix"] == secret[:8] == token.key_prefix
    # Listed afterwards without it.
    listed = client.get("/api/tokens").json()
    assert [t["id"] for t in listed] == [token.pk]
    assert "secret" not in listed[0]
    assert secret not in client.get("/api/tokens").content.decode()
    # And it works.
    by_token = Client().get("/api/tokens", headers=bearer(secret))
    assert [t["id"] for t in by_token.json()] == [token.pk]


def test_a_token_cannot_issue_tokens(world: World) -> None:
    _token, secret = actions.issue_token(world.coord_a, "script")
    before = tokens_state()
    response = Client().post(
        "/api/tokens", GOOD_INPUT, content_type="application/json", headers=bearer(secret)
    )
    assert response.status_code == 403
    assert set(response.json()) == {"detail"}
    assert tokens_state() == before


def test_a_token_lists_and_revokes_its_owners_tokens(world: World) -> None:
    token, secret = actions.issue_token(world.coord_a, "script")
    other, _other_secret = actions.issue_token(world.coord_a, "other")
    listed = Client().get("/api/tokens", headers=bearer(secret)).json()
    assert {t["id"] for t in listed} == {token.pk, other.pk}
    response = Client().delete(f"/api/tokens/{other.pk}?reason=rotated", headers=bearer(secret))
    assert response.status_code == 204
    other.refresh_from_db()
    assert other.revoked_at is not None
    event = AuditEvent.objects.get(action="revoke_token", object_id=str(other.pk))
    assert event.reason == "rotated"
    # Revoking itself is its last act.
    assert Client().delete(f"/api/tokens/{token.pk}", headers=bearer(secret)).status_code == 204
    assert Client().get("/api/tokens", headers=bearer(secret)).status_code == 401


def test_the_api_refuses_revoking_twice(world: World) -> None:
    token, _secret = actions.issue_token(world.coord_a, "script")
    client = session(world.coord_a)
    assert client.delete(f"/api/tokens/{token.pk}").status_code == 204
    before = tokens_state()
    response = client.delete(f"/api/tokens/{token.pk}")
    assert response.status_code == 400
    assert set(response.json()) == {"detail", "where"}
    assert tokens_state() == before


def test_another_persons_token_is_not_found(world: World) -> None:
    token, _secret = actions.issue_token(world.coord_a, "script")
    client = session(world.admin)
    assert client.delete(f"/api/tokens/{token.pk}").status_code == 404
    assert client.get("/api/tokens").json() == []


@pytest.mark.parametrize(("field", "change"), API_BAD_INPUT.values(), ids=list(API_BAD_INPUT))
def test_the_api_refuses_bad_input_by_name(
    world: World, field: str, change: dict[str, Any]
) -> None:
    before = tokens_state()
    response = session(world.coord_a).post(
        "/api/tokens", GOOD_INPUT | change, content_type="application/json"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["where"] == field
    assert body["detail"]
    assert tokens_state() == before


@pytest.mark.parametrize(
    ("where", "body"),
    [
        ("body → name", {"days": 30}),
        ("body → days", {"name": "x", "days": "soon"}),
        ("body → days", {"name": "x", "days": 1.5}),
        ("body → name", {"name": None, "days": 30}),
    ],
    ids=["no name", "days not a number", "days not whole", "null name"],
)
def test_the_api_refuses_malformed_bodies(world: World, where: str, body: dict[str, Any]) -> None:
    before = tokens_state()
    response = session(world.coord_a).post("/api/tokens", body, content_type="application/json")
    assert response.status_code == 422
    assert [error["where"] for error in response.json()["detail"]] == [where]
    assert tokens_state() == before


# --- the pages ---------------------------------------------------------------------------------


def form_errors(response: "Response") -> dict[str, list[str]]:
    return {name: list(errors) for name, errors in response.context["form"].errors.items()}


@pytest.mark.parametrize(("field", "change"), BAD_INPUT.values(), ids=list(BAD_INPUT))
def test_the_form_refuses_bad_input_by_name(
    world: World, field: str, change: dict[str, Any]
) -> None:
    before = tokens_state()
    response = session(world.coord_a).post(reverse("token_create"), GOOD_INPUT | change)
    assert response.status_code == 200
    errors = form_errors(response)
    assert set(errors) == {field}, errors
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    for message in errors[field]:
        assert escape(message) in html
    assert tokens_state() == before


@pytest.mark.parametrize("days", ["", "soon", "1.5"], ids=["missing", "not a number", "not whole"])
def test_the_form_refuses_days_that_are_no_number(world: World, days: str) -> None:
    before = tokens_state()
    response = session(world.coord_a).post(reverse("token_create"), {"name": "x", "days": days})
    assert response.status_code == 200
    assert set(form_errors(response)) == {"days"}
    assert tokens_state() == before


def test_the_form_says_every_fault_at_once(world: World) -> None:
    before = tokens_state()
    response = session(world.coord_a).post(reverse("token_create"), {"name": "", "days": "400"})
    assert response.status_code == 200
    assert set(form_errors(response)) == {"name", "days"}
    assert tokens_state() == before


def test_the_form_shows_the_secret_once(world: World) -> None:
    client = session(world.officer_a)
    form = client.get(reverse("token_create"))
    assert form.status_code == 200
    assert 'value="90"' in form.content.decode()
    response = client.post(reverse("token_create"), GOOD_INPUT)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    secret = response.context["secret"]
    html = response.content.decode()
    assert secret in html
    assert 'role="alert"' in html
    token = ApiToken.objects.get(user=world.officer_a)
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert token.expires_at - token.created_at == timedelta(days=30)
    listing = client.get(reverse("token_list")).content.decode()
    assert secret not in listing
    assert token.key_prefix in listing
    assert "export" in listing


def test_the_list_shows_my_tokens_and_their_state(world: World) -> None:
    usable, secret = actions.issue_token(world.coord_a, "usable")
    Client().get("/api/units", headers=bearer(secret))
    revoked, _secret = actions.issue_token(world.coord_a, "gone")
    actions.revoke_token(world.coord_a, revoked)
    actions.issue_token(world.coord_b, "of-coord-b")
    response = session(world.coord_a).get(reverse("token_list"))
    assert list(response.context["tokens"]) == [revoked, usable]
    html = response.content.decode()
    assert "of-coord-b" not in html
    # Only the usable token offers to be revoked.
    assert reverse("token_revoke", args=[usable.pk]) in html
    assert reverse("token_revoke", args=[revoked.pk]) not in html


def test_the_page_revokes_a_token(world: World) -> None:
    token, secret = actions.issue_token(world.coord_a, "script")
    client = session(world.coord_a)
    response = client.post(reverse("token_revoke", args=[token.pk]), {"reason": "done"})
    assert response.status_code == 302
    assert response["Location"] == reverse("token_list")
    assert Client().get("/api/units", headers=bearer(secret)).status_code == 401
    assert AuditEvent.objects.get(action="revoke_token").reason == "done"
    # A second time: refused, said on the page, nothing changed.
    before = tokens_state()
    again = client.post(reverse("token_revoke", args=[token.pk]), {"reason": "again"})
    assert again.status_code == 400
    assert escape(str(form_errors(again)["__all__"][0])) in again.content.decode()
    assert tokens_state() == before


def test_revoking_is_a_post(world: World) -> None:
    token, _secret = actions.issue_token(world.coord_a, "script")
    response = session(world.coord_a).get(reverse("token_revoke", args=[token.pk]))
    assert response.status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None
