"""Mergers, splits, renamings and abolitions: recorded, dated, listed across the lineage."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from parindex.access import scope
from parindex.audit.models import AuditEvent
from parindex.core.messages import Refused
from parindex.org import actions
from parindex.org.models import LineageEvent, Unit
from tests.cast import World, state

DAY = date(2025, 7, 1)


def _merged(world: World) -> Unit:
    """Communes A1 and A2 merged into a new commune A.M on 1 July 2025."""
    merged = actions.create_unit(
        world.coord_a,
        code="A.M",
        name="Xã Alpha Hợp Nhất",
        kind="commune",
        parent=world.province_a,
    )
    actions.record_lineage(
        world.coord_a,
        kind="merge",
        day=DAY,
        before=[world.commune_a1, world.commune_a2],
        after=[merged],
        note="Nghị quyết sắp xếp",
        reason="sáp nhập",
    )
    return merged


def test_a_merger_dates_the_units_and_is_audited(world: World) -> None:
    merged = _merged(world)
    for unit in (world.commune_a1, world.commune_a2):
        unit.refresh_from_db()
        assert unit.valid_to == date(2025, 6, 30)
    merged.refresh_from_db()
    assert merged.valid_from == DAY
    event = AuditEvent.objects.get(action="record_lineage", reason="sáp nhập")
    assert event.actor == world.coord_a
    assert event.changes["before"] == {"old": None, "new": ["A.X1", "A.X2"]}
    assert event.reason == "sáp nhập"
    assert AuditEvent.objects.filter(action="update_unit", reason="sáp nhập").count() == 3


def test_the_unit_page_lists_where_a_unit_came_from(world: World) -> None:
    merged = _merged(world)
    client = Client()
    client.force_login(world.coord_a)
    page = client.get(reverse("unit_detail", args=[merged.pk]))
    rows = page.context["earlier"]
    # Newest first, and across the lineage: A2 had been renamed in 2024.
    assert [r.event.kind for r in rows] == ["merge", "rename"]
    assert {u.code for u in rows[0].before} == {"A.X1", "A.X2"}
    assert "Xã Alpha Một" in page.content.decode()
    old = client.get(reverse("unit_detail", args=[world.commune_a1.pk]))
    assert [u.code for u in old.context["later"][0].after] == ["A.M"]


def test_a_merger_of_one_is_refused_by_name_on_the_form(world: World) -> None:
    client = Client()
    client.force_login(world.coord_a)
    before = state()
    response = client.post(
        reverse("lineage_create"),
        {"kind": "merge", "day": "01/07/2025", "before": "A.X1", "after": "A.X2"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["before"] == [
        "Hợp nhất cần ít nhất 2 đơn vị trước đó; mới có 1."
    ]
    assert state() == before


def test_unknown_codes_are_named(world: World) -> None:
    client = Client()
    client.force_login(world.coord_a)
    before = state()
    response = client.post(
        reverse("lineage_create"),
        {"kind": "merge", "day": "01/07/2025", "before": "A.X1, B.X1, ZZ", "after": "A.X2"},
    )
    assert response.context["form"].errors["before"] == [
        "Không có đơn vị nào bạn quản lý có mã: B.X1, ZZ."
    ]
    assert state() == before


def test_only_units_one_manages(world: World) -> None:
    before = state()
    with pytest.raises(PermissionDenied):
        actions.record_lineage(
            world.coord_b,
            kind="rename",
            day=DAY,
            before=[world.commune_a1],
            after=[world.commune_a1],
        )
    assert state() == before


def test_core_refusal_reaches_the_api_by_attribute(world: World) -> None:
    client = Client()
    client.force_login(world.coord_a)
    body = {
        "kind": "split",
        "day": "2025-07-01",
        "before_ids": [world.commune_a1.pk],
        "after_ids": [world.commune_a2.pk],
    }
    response = client.post("/api/lineage", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["where"] == "after_ids"
    assert LineageEvent.objects.count() == 1  # the cast's own renaming only
    body["after_ids"] = [world.commune_a2.pk, world.department_a.pk]
    assert client.post("/api/lineage", body, content_type="application/json").status_code == 201


def test_shape_refusals_come_from_core(world: World) -> None:
    with pytest.raises(Refused):
        actions.record_lineage(world.coord_a, kind="abolish", day=DAY, before=[], after=[])


@pytest.mark.parametrize(
    ("who", "sees"), [("admin", 1), ("coord_a", 1), ("officer_a", 0), ("coord_b", 0)]
)
def test_lineage_is_seen_where_its_units_are(world: World, who: str, sees: int) -> None:
    assert scope(getattr(world, who), LineageEvent, "view").count() == sees
    assert not scope(getattr(world, who), LineageEvent, "manage").exists()
