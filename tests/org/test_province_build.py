"""A province's tree in one step from the shipped national list."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from parindex.audit.writes import ActionRefused
from parindex.core.province import default_departments, plan_tree
from parindex.io import national_units
from parindex.org import actions
from parindex.org.models import RankingGroup, Role, Unit, UnitKind
from tests.cast import World, state


def test_the_national_list_is_complete() -> None:
    provinces = national_units.provinces()
    assert len(provinces) == 34
    assert sum(len(p.communes) for p in provinces) == 3321
    codes = [c.code for p in provinces for c in p.communes]
    assert len(set(codes)) == len(codes)


def test_names_are_normalised() -> None:
    lang_son = national_units.province("20")
    assert lang_son is not None
    assert "Xã Bắc Sơn" in {c.name for c in lang_son.communes}
    assert national_units.province("38") is not None
    assert national_units.province("38").name == "Tỉnh Thanh Hóa"  # type: ignore[union-attr]


def test_an_administrator_builds_a_real_province(world: World) -> None:
    cao_bang = national_units.province("04")
    assert cao_bang is not None
    plan = plan_tree(cao_bang, default_departments(cao_bang), groups=True)
    province = actions.build_province_tree(
        world.admin, plan=plan, province=None, year=2025, reason="Năm 2025"
    )
    communes = province.children.filter(kind=UnitKind.COMMUNE)
    assert communes.count() == len(cao_bang.communes) == 56
    assert set(communes.values_list("code", flat=True)) == {c.code for c in cao_bang.communes}
    assert province.children.filter(kind=UnitKind.DEPARTMENT).count() == 13
    assert province.children.get(code="04.VP").name == "Văn phòng UBND tỉnh"
    groups = {
        g.name: g.units.count() for g in RankingGroup.objects.filter(evaluating_unit=province)
    }
    assert groups == {"Khối sở, ban, ngành": 13, "Khối xã": 53, "Khối phường": 3}
    assert all(c.path.startswith(province.path) for c in communes)


def test_a_city_gets_city_departments(world: World) -> None:
    hanoi = national_units.province("01")
    assert hanoi is not None
    names = {d.name for d in default_departments(hanoi)}
    assert {"Văn phòng UBND thành phố", "Thanh tra thành phố"} <= names


@pytest.fixture
def cao_bang(world: World) -> Unit:
    """Province 04 created by hand by the administrator, with coord_a coordinating it."""
    province = actions.create_unit(
        world.admin, code="04", name="Tỉnh Cao Bằng", kind="province", parent=None
    )
    actions.assign_role(world.admin, user=world.coord_a, role=Role.COORDINATOR, unit=province)
    return province


def _client(world: World, name: str) -> Client:
    client = Client()
    client.force_login(getattr(world, name))
    return client


def test_a_coordinator_builds_its_province_on_the_page(world: World, cao_bang: Unit) -> None:
    client = _client(world, "coord_a")
    page = client.get(reverse("province_build", args=[cao_bang.pk]))
    assert page.status_code == 200
    departments = page.context["form"].initial["departments"]
    assert departments.splitlines()[1] == "04.SNV | Sở Nội vụ"
    kept = "\n".join(departments.splitlines()[:5])  # the province keeps five departments
    response = client.post(
        reverse("province_build", args=[cao_bang.pk]),
        {"departments": kept, "year": 2026, "groups": "on", "reason": "Khởi tạo"},
    )
    assert response.status_code == 302
    assert cao_bang.children.filter(kind=UnitKind.COMMUNE).count() == 56
    assert cao_bang.children.filter(kind=UnitKind.DEPARTMENT).count() == 5
    assert RankingGroup.objects.filter(evaluating_unit=cao_bang, year=2026).count() == 3


def test_a_malformed_department_line_is_named_and_nothing_is_built(
    world: World, cao_bang: Unit
) -> None:
    before = state()
    response = _client(world, "coord_a").post(
        reverse("province_build", args=[cao_bang.pk]),
        {"departments": "04.SNV | Sở Nội vụ\nSở Tư pháp", "year": 2026, "groups": "on"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["departments"]
    assert errors == [
        "Dòng 2 (“Sở Tư pháp”) không đúng dạng “mã | tên”: hãy viết mã, một dấu gạch đứng, "
        "rồi đến tên."
    ]
    assert state() == before


def test_a_code_in_use_stops_everything(world: World, cao_bang: Unit) -> None:
    actions.create_unit(world.admin, code="01273", name="Xã Trùng", kind="commune", parent=None)
    before = state()
    cao = national_units.province("04")
    assert cao is not None
    with pytest.raises(ActionRefused, match="01273"):
        actions.build_province_tree(
            world.coord_a, plan=plan_tree(cao, [], groups=True), province=cao_bang, year=2026
        )
    assert state() == before


def test_only_the_province_coordinator_builds(world: World, cao_bang: Unit) -> None:
    cao = national_units.province("04")
    assert cao is not None
    with pytest.raises(PermissionDenied):
        actions.build_province_tree(
            world.coord_b, plan=plan_tree(cao, [], groups=False), province=cao_bang, year=2026
        )
    with pytest.raises(PermissionDenied):
        actions.build_province_tree(
            world.coord_a, plan=plan_tree(cao, [], groups=False), province=None, year=2026
        )
    assert (
        _client(world, "coord_b").get(reverse("province_build", args=[cao_bang.pk])).status_code
        == 404
    )
    assert _client(world, "officer_a").get(reverse("province_create_from_list")).status_code == 403
