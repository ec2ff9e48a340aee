"""The audit trail reads in the reader's language: field and choice labels, lists as lists."""

from datetime import date

from django.utils.translation import override

from parindex.audit.models import AuditEvent
from parindex.org import actions
from tests.cast import World


def test_created_unit_reads_in_vietnamese(world: World) -> None:
    event = AuditEvent.objects.get(action="create_unit", object_id=str(world.commune_a1.pk))
    with override("vi"):
        rows = {label: (old, new) for label, old, new in event.readable_changes()}
        assert event.action_label == "đã tạo đơn vị"
    assert rows["loại"] == (None, "xã, phường, đặc khu")
    assert rows["tên"] == (None, "Xã Alpha Một")
    assert "hoạt động từ" not in rows  # empty at creation: not a change worth listing


def test_group_members_read_as_a_list(world: World) -> None:
    actions.update_ranking_group(
        world.coord_a, world.group_a, version=1, units=[world.commune_a1], reason="tách xã"
    )
    event = AuditEvent.objects.get(action="update_ranking_group")
    with override("en"):
        rows = {label: (old, new) for label, old, new in event.readable_changes()}
        assert event.action_label == "changed the ranking group"
    assert rows["units"] == ("A.X1, A.X2", "A.X1")
    assert event.changes["units"] == {"old": ["A.X1", "A.X2"], "new": ["A.X1"]}
    assert event.reason == "tách xã"


def test_dates_read_as_dd_mm_yyyy(world: World) -> None:
    actions.update_unit(
        world.coord_a, world.commune_a2, version=1, valid_to=date(2025, 6, 30), reason="sáp nhập"
    )
    event = AuditEvent.objects.get(action="update_unit")
    assert event.changes["valid_to"] == {"old": None, "new": "2025-06-30"}
    with override("vi"):
        rows = {label: (old, new) for label, old, new in event.readable_changes()}
    assert rows["hoạt động đến"] == (None, "30/06/2025")
