"""Accounts without e-mail: one-time invitation links, password resets by the coordinator."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from parindex.audit.models import AuditEvent
from parindex.audit.writes import ActionRefused
from parindex.org import actions
from parindex.org.models import Invitation, User
from tests.cast import World, state

NEW_PASSWORD = "Mat-khau-moi-2025"


def _coordinator(world: World) -> Client:
    client = Client()
    client.force_login(world.coord_a)
    return client


def _link(response_text: str) -> str:
    found = re.search(r'value="(http://testserver/invite/[^"]+/)"', response_text)
    assert found, response_text[:500]
    return found.group(1).removeprefix("http://testserver")


def test_a_new_person_gets_a_link_and_sets_a_password(world: World) -> None:
    response = _coordinator(world).post(
        reverse("person_create"),
        {
            "username": "canbo.moi",
            "full_name": "Cán bộ Mới",
            "email": "",
            "role": "unit_officer",
            "unit": world.commune_a2.pk,
            "reason": "",
        },
    )
    assert response.status_code == 200
    link = _link(response.content.decode())
    person = User.objects.get(username="canbo.moi")
    assert not person.has_usable_password()
    assert secret_not_stored(link)
    visitor = Client()
    assert visitor.get(link).status_code == 200
    done = visitor.post(link, {"password": NEW_PASSWORD, "again": NEW_PASSWORD})
    assert done.status_code == 302
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)
    assert visitor.get("/").status_code == 200  # logged in
    assert Client().get(link).status_code == 404  # used up
    assert AuditEvent.objects.filter(action="accept_invitation", actor=person).exists()
    assert AuditEvent.objects.filter(action="invite_user", actor=world.coord_a).exists()


def secret_not_stored(link: str) -> bool:
    secret = link.rstrip("/").rsplit("/", 1)[-1]
    return not Invitation.objects.filter(secret_hash=secret).exists()


def test_a_weak_password_is_refused_on_the_field_and_the_link_still_works(world: World) -> None:
    secret = actions.invite_user(world.coord_a, world.officer_a, reset=True)
    link = reverse("invitation_accept", args=[secret])
    response = Client().post(link, {"password": "12345678", "again": "12345678"})
    assert response.status_code == 200
    assert "password" in response.context["form"].errors
    different = Client().post(link, {"password": NEW_PASSWORD, "again": NEW_PASSWORD + "x"})
    assert "again" in different.context["form"].errors
    world.officer_a.refresh_from_db()
    assert not world.officer_a.has_usable_password()
    assert Client().get(link).status_code == 200


def test_a_reset_stops_the_old_password_and_the_old_link(world: World) -> None:
    first = actions.invite_user(world.coord_a, world.officer_a)
    assert world.officer_a.has_usable_password()
    response = _coordinator(world).post(reverse("person_invite", args=[world.officer_a.pk]))
    assert response.status_code == 200
    world.officer_a.refresh_from_db()
    assert not world.officer_a.has_usable_password()
    assert Client().get(reverse("invitation_accept", args=[first])).status_code == 404
    assert AuditEvent.objects.filter(action="reset_password").count() == 1


def test_unknown_links_and_other_provinces(world: World) -> None:
    assert Client().get("/invite/not-a-secret/").status_code == 404
    before = state()
    with pytest.raises(ActionRefused):
        actions.accept_invitation("not-a-secret", NEW_PASSWORD)
    outsider = Client()
    outsider.force_login(world.coord_b)
    assert outsider.post(reverse("person_invite", args=[world.officer_a.pk])).status_code == 404
    assert state() == before


def test_the_link_is_emailed_when_email_is_set_up(world: World, settings: object) -> None:
    settings.SEND_INVITATIONS_BY_EMAIL = True  # type: ignore[attr-defined]
    world.officer_a.email = "officer@example.vn"
    world.officer_a.save(update_fields=["email"])
    response = _coordinator(world).post(reverse("person_invite", args=[world.officer_a.pk]))
    link = _link(response.content.decode())
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["officer@example.vn"]
    assert link in mail.outbox[0].body
