"""What a person holds outside a coordinator's subtree stays outside it, on pages and in the API."""

import json

import pytest
from django.test import Client

from parindex.org import actions
from parindex.org.models import Role, RoleAssignment
from tests.cast import World


@pytest.fixture
def two_province_person(world: World) -> World:
    """appraiser_a also leads province B."""
    actions.assign_role(
        world.admin, user=world.appraiser_a, role=Role.LEADER, unit=world.province_b
    )
    return world


def _as(world: World, name: str) -> Client:
    client = Client()
    client.force_login(getattr(world, name))
    return client


def test_people_page_shows_only_roles_in_scope(two_province_person: World) -> None:
    w = two_province_person
    page_a = _as(w, "coord_a").get("/people/").content.decode()
    assert "appraiser_a" in page_a
    assert w.province_b.name not in page_a
    page_b = _as(w, "coord_b").get("/people/").content.decode()
    assert "appraiser_a" in page_b
    assert w.province_a.name not in page_b


@pytest.mark.parametrize("path", ["/api/users", "/api/users/{pk}"])
def test_api_shows_only_roles_in_scope(two_province_person: World, path: str) -> None:
    w = two_province_person
    url = path.format(pk=w.appraiser_a.pk)
    body = json.loads(_as(w, "coord_a").get(url).content)
    people = body if isinstance(body, list) else [body]
    roles = next(p["roles"] for p in people if p["username"] == "appraiser_a")
    assert [(r["role"], r["unit_id"]) for r in roles] == [("appraiser", w.province_a.pk)]


def test_a_coordinator_cannot_take_a_lesser_role_from_a_peer(world: World) -> None:
    """coord_b also leads commune A1: coord_a sees that role but may not remove it."""
    actions.assign_role(world.admin, user=world.coord_b, role=Role.LEADER, unit=world.commune_a1)
    held = RoleAssignment.objects.get(user=world.coord_b, role=Role.LEADER)
    response = _as(world, "coord_a").post(f"/assignments/{held.pk}/revoke/", {"reason": "x"})
    assert response.status_code == 403
    assert RoleAssignment.objects.filter(pk=held.pk).exists()
