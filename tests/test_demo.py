"""The demo province: what it holds, and that loading it again changes nothing."""

from datetime import date

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db.models import Model
from django.utils.translation import override

from parindex.assessments.demo import COMMUNE_CYCLES as CYCLES
from parindex.assessments.demo import YEAR as CYCLES_YEAR
from parindex.audit.models import AuditEvent
from parindex.core.assessment import StageKind
from parindex.demo import (
    COMMUNE_GROUP,
    FORMER_COMMUNES,
    LAST_DAY_BEFORE_MERGER,
    LOGINS,
    PASSWORD,
    WARD_GROUP,
    YEAR,
    load_demo,
)
from parindex.frameworks import builtin
from parindex.frameworks.models import FrameworkContent, StoredFramework
from parindex.org import actions
from parindex.org.models import RankingGroup, Role, RoleAssignment, Unit, UnitKind, User
from parindex.results.models import NodeResult, Result
from parindex.results.recompute import check_result

MODELS: list[type[Model]] = [
    Unit,
    RankingGroup,
    RoleAssignment,
    User,
    AuditEvent,
    StoredFramework,
    FrameworkContent,
    Result,
    NodeResult,
]


def counts() -> dict[str, int]:
    return {model.__name__: model._default_manager.count() for model in MODELS}


@pytest.fixture
def demo(db: None) -> None:
    load_demo()


def test_loading_twice_changes_nothing(db: None) -> None:
    first_logins = load_demo()
    before = counts()
    versions = dict(Unit.objects.values_list("code", "version"))
    paths = dict(Unit.objects.values_list("code", "path"))
    groups = sorted(RankingGroup.objects.values_list("name", "year", "version"))
    members = sorted(RankingGroup.units.through.objects.values_list("rankinggroup_id", "unit_id"))
    passwords = dict(User.objects.values_list("username", "password"))
    last_event = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()

    assert load_demo() == first_logins

    assert counts() == before
    assert dict(Unit.objects.values_list("code", "version")) == versions
    assert set(versions.values()) == {1}
    assert dict(Unit.objects.values_list("code", "path")) == paths
    assert sorted(RankingGroup.objects.values_list("name", "year", "version")) == groups
    assert (
        sorted(RankingGroup.units.through.objects.values_list("rankinggroup_id", "unit_id"))
        == members
    )
    assert dict(User.objects.values_list("username", "password")) == passwords
    assert AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() == last_event


def test_the_first_load_is_recorded(demo: None) -> None:
    # Every unit, group and person came through a named write.
    assert AuditEvent.objects.filter(action="create_unit").count() == Unit.objects.count()
    groups = AuditEvent.objects.filter(action="create_ranking_group").count()
    assert groups == RankingGroup.objects.count()
    assert AuditEvent.objects.filter(action="create_user").count() == User.objects.count()
    assigned = AuditEvent.objects.filter(action="assign_role").count()
    assert assigned == RoleAssignment.objects.count()


def test_one_person_for_each_role(demo: None) -> None:
    roles = list(RoleAssignment.objects.values_list("role", flat=True))
    assert sorted(roles) == sorted(Role.values)
    assert len(Role.values) == 7
    assert User.objects.count() == 7
    for login in LOGINS:
        assignment = RoleAssignment.objects.get(user__username=login.username)
        assert assignment.role == login.role
        assert (assignment.unit.code if assignment.unit else None) == login.unit_code


def test_the_province_and_its_departments(demo: None) -> None:
    province = Unit.objects.get(kind=UnitKind.PROVINCE)
    assert province.parent is None
    departments = Unit.objects.filter(kind=UnitKind.DEPARTMENT)
    assert 10 <= departments.count() <= 14
    assert all(d.parent == province for d in departments)
    group = RankingGroup.objects.get(name="Khối sở, ban, ngành", year=YEAR)
    assert set(group.units.all()) == set(departments)
    assert group.evaluating_unit == province


def test_forty_current_communes_ranked_in_2025(demo: None) -> None:
    current = Unit.objects.filter(kind=UnitKind.COMMUNE, valid_to__isnull=True)
    assert current.count() == 40
    assert {unit.depth for unit in current} == {2}
    ranked = Unit.objects.filter(
        ranking_groups__year=YEAR, ranking_groups__name__in=["Khối xã", "Khối phường"]
    )
    assert set(ranked) == set(current)
    assert ranked.count() == 40  # each commune is in exactly one of the two groups
    assert RankingGroup.objects.get(name="Khối xã", year=YEAR).units.count() > 0
    assert RankingGroup.objects.get(name="Khối phường", year=YEAR).units.count() > 0


def test_the_former_district_and_its_historical_communes(demo: None) -> None:
    assert date(2025, 6, 30) == LAST_DAY_BEFORE_MERGER
    district = Unit.objects.get(kind=UnitKind.DISTRICT)
    assert district.valid_to == date(2025, 6, 30)
    communes = Unit.objects.filter(parent=district)
    assert communes.count() > 0
    for commune in communes:
        assert commune.kind == UnitKind.COMMUNE
        assert commune.valid_to is not None
        assert commune.valid_to <= district.valid_to
        assert commune.path.startswith(district.path)
        assert not commune.ranking_groups.exists()  # not ranked after they ceased


def test_every_demo_login_can_sign_in(demo: None) -> None:
    assert len(LOGINS) == 7
    for login in LOGINS:
        user = authenticate(username=login.username, password=PASSWORD)
        assert user is not None, login.username
        assert user.get_username() == login.username
        assert authenticate(username=login.username, password=PASSWORD + "x") is None


def test_the_demo_is_refused_on_a_database_in_real_use(db: None) -> None:
    actions.bootstrap_administrator(
        username="real", full_name="Quản trị thật", password="Mat-khau-that-2025"
    )
    before = counts()
    with pytest.raises(CommandError, match="dữ liệu mẫu"), override("vi"):
        call_command("load_demo")
    assert counts() == before
    assert not User.objects.filter(username=LOGINS[0].username).exists()


PUBLISHED = StageKind.PUBLICATION  # the demo's cycle whose results are published


def test_the_demo_has_the_builtin_frameworks_and_published_results(demo: None) -> None:
    frameworks = StoredFramework.objects.filter(built_in=True, owner=None)
    assert sorted(frameworks.values_list("key", flat=True)) == sorted(
        builtin.load(name).id for name in builtin.names()
    )
    example = frameworks.get(key="commune-example")
    assert example.example
    assert example.complete
    results = Result.objects.filter(framework=example)
    wards = set(Unit.objects.filter(code__startswith="HL.P").values_list("code", flat=True))
    communes = set(Unit.objects.filter(code__startswith="HL.X").values_list("code", flat=True))
    former = {code for code, _name in FORMER_COMMUNES}
    scored = {(r.unit.code, r.year, r.group) for r in results.select_related("unit")}
    assert scored == (
        {(code, YEAR, WARD_GROUP) for code in wards}
        | {(code, YEAR, COMMUNE_GROUP) for code in communes}
        | {(code, YEAR - 1, COMMUNE_GROUP) for code in former}
        | {
            (code, CYCLES_YEAR, group)
            for group, codes, stage in CYCLES
            if stage == PUBLISHED
            for code in codes
        }
    )
    indices = set()
    for result in results:
        assert result.frozen_content_id == example.content_id
        assert check_result(result) == []
        assert result.published_index is not None
        indices.add(result.published_index)
    assert len(indices) > 6  # the wards did not all score alike
