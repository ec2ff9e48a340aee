"""The home page tells coordinators and administrators what needs doing."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.translation import override

from parindex.org import actions
from parindex.org.models import Role
from parindex.org.todo import for_subtree
from tests.cast import World


def test_a_coordinator_sees_units_without_officer_and_people_without_password(
    world: World,
) -> None:
    actions.create_user(
        world.coord_a,
        username="chua.dat",
        full_name="Chưa Đặt Mật Khẩu",
        password=None,
        role=Role.UNIT_OFFICER,
        unit=world.commune_a2,
    )
    todo = for_subtree(world.province_a)
    assert [u.code for u in todo.units_without_officer.first] == ["A.SNV"]
    assert todo.units_without_officer.count == 1
    assert [p.username for p in todo.people_without_password.first] == ["chua.dat"]
    client = Client()
    client.force_login(world.coord_a)
    with override("vi"):
        page = client.get("/").content.decode()
    assert "1 đơn vị chưa có cán bộ đơn vị" in page
    assert "Chưa Đặt Mật Khẩu" in page
    assert "Sở Nội vụ Alpha" in page


def test_an_administrator_sees_provinces_without_coordinator(world: World) -> None:
    actions.create_unit(world.admin, code="C", name="Tỉnh Gamma", kind="province", parent=None)
    todo = for_subtree(None)
    assert [u.code for u in todo.provinces_without_coordinator.first] == ["C"]
    assert todo.provinces_without_coordinator.count == 1
    client = Client()
    client.force_login(world.admin)
    assert "Tỉnh Gamma" in client.get("/").content.decode()


def test_other_roles_get_no_todo_list(world: World) -> None:
    client = Client()
    client.force_login(world.officer_a)
    assert "todo" not in client.get("/").content.decode()


def test_the_home_page_reads_a_few_rows_however_many_units(world: World) -> None:
    client = Client()
    client.force_login(world.admin)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get("/")
        return len(captured)

    few = queries()
    for i in range(30):
        actions.create_unit(
            world.admin, code=f"A.N{i}", name=f"Xã {i}", kind="commune", parent=world.province_a
        )
    assert queries() == few
