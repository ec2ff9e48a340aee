"""The audit trail page: newest first, fifty to a page."""

from django.test import Client

from parindex.audit.models import AuditEvent
from parindex.org import actions
from tests.cast import World


def test_the_trail_pages_newest_first(world: World) -> None:
    for i in range(60):
        actions.create_unit(
            world.coord_a,
            code=f"A.N{i}",
            name=f"Xã Số {i}",
            kind="commune",
            parent=world.province_a,
        )
    client = Client()
    client.force_login(world.coord_a)
    visible = AuditEvent.objects.filter(unit__path__startswith=world.province_a.path).count()
    first = client.get("/audit/")
    newest = [event.object_repr for event in first.context["events"]]
    assert len(newest) == 50
    assert newest[0] == "Xã Số 59"
    assert f"trong tổng số {visible} thay đổi" in first.content.decode()
    older = [event.object_repr for event in client.get("/audit/?page=2").context["events"]]
    assert "Xã Số 5" in older
    assert not set(newest) & set(older) - {"Tỉnh Alpha"}
    assert len(newest) + len(older) == visible
