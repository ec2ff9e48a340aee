"""Input that PostgreSQL cannot store is refused by the API by name (422), on every database.

Found by probing the API as schemathesis does: on PostgreSQL, text holding NUL (U+0000) and
names longer than their column were server errors, where SQLite stored them quietly.
"""

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from parindex.api import actions
from parindex.api.models import ApiToken
from tests.cast import World, state


@pytest.fixture
def coord_a(world: World) -> Client:
    client = Client()
    client.force_login(world.coord_a)
    return client


def everything() -> tuple[object, ...]:
    return (state(), list(ApiToken.objects.order_by("pk").values_list()))


def wheres(response: Any) -> list[str]:
    assert response.status_code == 422, response.content
    return [error["where"] for error in response.json()["detail"]]


@dataclass(frozen=True)
class Bad:
    method: str
    url: str
    body: dict[str, Any]
    where: str


NEW_UNIT = {"code": "A.X9", "name": "Xã Mới", "kind": "commune"}
NEW_GROUP = {"year": 2026, "name": "Khối mới", "unit_ids": []}
NEW_TOKEN = {"name": "script", "days": 30}

BAD: dict[str, Bad] = {
    "NUL in a unit's name": Bad("post", "/api/units", NEW_UNIT | {"name": "Xã\x00"}, "body → name"),
    "NUL in a reason": Bad("post", "/api/units", NEW_UNIT | {"reason": "\x00"}, "body → reason"),
    "NUL in a token's name": Bad(
        "post", "/api/tokens", NEW_TOKEN | {"name": "a\x00"}, "body → name"
    ),
    "NUL deep in the body": Bad(
        "post", "/api/tokens", NEW_TOKEN | {"extra": {"a": ["", "\x00"]}}, "body → extra → a → 1"
    ),
    "NUL in a patch": Bad(
        "patch", "/api/units/{a1}", {"version": 1, "name": "\x00"}, "body → name"
    ),
    "unit name too long": Bad("post", "/api/units", NEW_UNIT | {"name": "x" * 256}, "body → name"),
    "unit name too long in a patch": Bad(
        "patch", "/api/units/{a1}", {"version": 1, "name": "x" * 256}, "body → name"
    ),
    "group name too long": Bad(
        "post", "/api/groups", NEW_GROUP | {"name": "x" * 256}, "body → name"
    ),
    "group name too long in a patch": Bad(
        "patch", "/api/groups/{group}", {"version": 1, "name": "x" * 256}, "body → name"
    ),
}


def _filled(w: World, bad: Bad) -> tuple[str, dict[str, Any]]:
    url = bad.url.format(a1=w.commune_a1.pk, group=w.group_a.pk)
    body = dict(bad.body)
    if url == "/api/units":
        body["parent_id"] = w.province_a.pk
    if url == "/api/groups":
        body["evaluating_unit_id"] = w.province_a.pk
    return url, body


@pytest.mark.parametrize("bad", BAD.values(), ids=list(BAD))
def test_the_api_refuses_what_the_database_cannot_store(
    world: World, coord_a: Client, bad: Bad
) -> None:
    url, body = _filled(world, bad)
    before = everything()
    response = getattr(coord_a, bad.method)(url, body, content_type="application/json")
    assert wheres(response) == [bad.where]
    assert everything() == before


def test_a_name_as_long_as_its_column_is_accepted(world: World, coord_a: Client) -> None:
    url, body = _filled(world, BAD["unit name too long"])
    response = coord_a.post(url, body | {"name": "x" * 255}, content_type="application/json")
    assert response.status_code == 201


def test_nul_in_a_query_is_refused_by_name(world: World, coord_a: Client) -> None:
    token, _secret = actions.issue_token(world.coord_a, "script")
    before = everything()
    response = coord_a.delete(f"/api/tokens/{token.pk}?reason=a%00b")
    assert wheres(response) == ["query → reason"]
    assert everything() == before
    # The control: the same request with a plain reason.
    assert coord_a.delete(f"/api/tokens/{token.pk}?reason=ab").status_code == 204


def test_a_missing_body_is_named_body(world: World, coord_a: Client) -> None:
    response = coord_a.generic("POST", "/api/units", b"", content_type="application/json")
    assert wheres(response) == ["body"]  # not "body → body"
