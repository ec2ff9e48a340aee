"""The home page tells coordinators and administrators what needs doing."""

from django.test import Client
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
    assert set(todo.units_without_officer.values_list("code", flat=True)) == {"A.SNV"}
    assert list(todo.people_without_password.values_list("username", flat=True)) == ["chua.dat"]
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
    assert list(todo.provinces_without_coordinator.values_list("code", flat=True)) == ["C"]
    client = Client()
    client.force_login(world.admin)
    assert "Tỉnh Gamma" in client.get("/").content.decode()


def test_other_roles_get_no_todo_list(world: World) -> None:
    client = Client()
    client.force_login(world.officer_a)
    assert "todo" not in client.get("/").content.decode()
