"""List pages and API lists make the same number of queries for 3 rows or 30 (no N+1)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from parindex.org import actions
from parindex.org.models import Role
from tests.cast import PASSWORD, World

LISTS = [
    "/units/",
    "/groups/",
    "/people/",
    "/audit/",
    "/api/units",
    "/api/groups",
    "/api/users",
    "/api/role-assignments",
    "/api/audit-events",
]


def _grow(world: World, start: int, count: int) -> None:
    """More communes, each in a new group and with its own officer."""
    for i in range(start, start + count):
        commune = actions.create_unit(
            world.admin,
            code=f"A.N{i}",
            name=f"Xã Mới {i}",
            kind="commune",
            parent=world.province_a,
        )
        actions.create_ranking_group(
            world.admin,
            evaluating_unit=world.province_a,
            year=2025,
            name=f"Khối {i}",
            units=[commune, world.commune_a1],
        )
        actions.create_user(
            world.admin,
            username=f"officer{i}",
            full_name=f"Cán bộ {i}",
            password=PASSWORD,
            role=Role.UNIT_OFFICER,
            unit=commune,
        )


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", LISTS)
def test_list_queries_do_not_grow_with_rows(world: World, url: str) -> None:
    client = Client()
    client.force_login(world.coord_a)
    _grow(world, 0, 3)
    few = _queries(client, url)
    _grow(world, 3, 27)
    assert _queries(client, url) == few
