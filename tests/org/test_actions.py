"""The named writes of parindex.org.actions: their audit events, version checks, moves,
permission refusals and validation refusals (which change nothing)."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation

from parindex.audit.models import AuditEvent
from parindex.audit.writes import ActionRefused, StaleVersion
from parindex.core import tree
from parindex.org import actions
from parindex.org.models import RankingGroup, Role, RoleAssignment, Unit, User
from tests.cast import PASSWORD, World, state


@dataclass
class Trail:
    """The audit events written since the test's starting point."""

    start: int
    began: datetime

    def new(self) -> list[AuditEvent]:
        return list(AuditEvent.objects.filter(pk__gt=self.start).order_by("pk"))


@pytest.fixture
def trail(world: World) -> Trail:
    last = AuditEvent.objects.order_by("-pk").first()
    return Trail(start=last.pk if last else 0, began=timezone.now())


def check_event(
    event: AuditEvent,
    trail: Trail,
    *,
    actor: User | None,
    action: str,
    obj: object,
    object_type: str,
    changes: dict[str, dict[str, Any]],
    reason: str,
) -> None:
    assert event.actor == actor
    assert event.actor_name == (actor.username if actor else "system")
    assert trail.began <= event.at <= timezone.now()
    assert event.action == action
    assert event.object_type == object_type
    assert event.object_id == str(getattr(obj, "pk", obj))
    assert event.changes == changes
    assert event.reason == reason


# --- every named write leaves its audit event ------------------------------------------------


def test_create_unit_is_recorded(world: World, trail: Trail) -> None:
    unit = actions.create_unit(
        world.coord_a,
        code=" A.X3 ",
        name="  Xã   Alpha  Ba ",
        kind="commune",
        parent=world.province_a,
        valid_from=date(2025, 7, 1),
        reason="Lập xã mới theo nghị quyết",
    )
    assert unit.code == "A.X3"
    assert unit.name == "Xã Alpha Ba"
    assert unit.path == tree.child_path(world.province_a.path, unit.pk)
    assert unit.version == 1
    [event] = trail.new()
    check_event(
        event,
        trail,
        actor=world.coord_a,
        action="create_unit",
        obj=unit,
        object_type="org.unit",
        changes={
            "code": {"old": None, "new": "A.X3"},
            "name": {"old": None, "new": "Xã Alpha Ba"},
            "kind": {"old": None, "new": "commune"},
            "parent": {"old": None, "new": "Tỉnh Alpha"},
            "valid_from": {"old": None, "new": "2025-07-01"},
            # valid_to is left empty: a new row records only the fields that have a value.
        },
        reason="Lập xã mới theo nghị quyết",
    )
    assert event.unit == unit


def test_update_unit_is_recorded(world: World, trail: Trail) -> None:
    unit = actions.update_unit(
        world.coord_a,
        world.commune_a1,
        version=1,
        name="Xã Alpha Mới",
        valid_to=date(2025, 6, 30),
        kind="commune",  # unchanged: not in the event
        reason="Đổi tên",
    )
    stored = Unit.objects.get(pk=world.commune_a1.pk)
    assert (stored.name, stored.valid_to, stored.version) == ("Xã Alpha Mới", date(2025, 6, 30), 2)
    assert unit.version == 2
    [event] = trail.new()
    check_event(
        event,
        trail,
        actor=world.coord_a,
        action="update_unit",
        obj=world.commune_a1,
        object_type="org.unit",
        changes={
            "name": {"old": "Xã Alpha Một", "new": "Xã Alpha Mới"},
            "valid_to": {"old": None, "new": "2025-06-30"},
        },
        reason="Đổi tên",
    )
    assert event.unit == world.commune_a1


def test_create_ranking_group_is_recorded(world: World, trail: Trail) -> None:
    group = actions.create_ranking_group(
        world.coord_a,
        evaluating_unit=world.province_a,
        year=2026,
        name="Khối xã 2026",
        units=[world.commune_a2, world.commune_a1],
        reason="Khối mới",
    )
    assert set(group.units.all()) == {world.commune_a1, world.commune_a2}
    [event] = trail.new()
    check_event(
        event,
        trail,
        actor=world.coord_a,
        action="create_ranking_group",
        obj=group,
        object_type="org.rankinggroup",
        changes={
            "evaluating_unit": {"old": None, "new": "Tỉnh Alpha"},
            "year": {"old": None, "new": 2026},
            "name": {"old": None, "new": "Khối xã 2026"},
            "units": {"old": None, "new": ["A.X1", "A.X2"]},
        },
        reason="Khối mới",
    )
    assert event.unit == world.province_a


def test_update_ranking_group_is_recorded(world: World, trail: Trail) -> None:
    actions.update_ranking_group(
        world.coord_a,
        world.group_a,
        version=1,
        name="Khối xã (sau sáp nhập)",
        year=2025,  # unchanged: not in the event
        units=[world.commune_a1],
        reason="Xã Alpha Hai sáp nhập",
    )
    stored = RankingGroup.objects.get(pk=world.group_a.pk)
    assert (stored.name, stored.year, stored.version) == ("Khối xã (sau sáp nhập)", 2025, 2)
    assert list(stored.units.all()) == [world.commune_a1]
    [event] = trail.new()
    check_event(
        event,
        trail,
        actor=world.coord_a,
        action="update_ranking_group",
        obj=world.group_a,
        object_type="org.rankinggroup",
        changes={
            "name": {"old": "Khối xã", "new": "Khối xã (sau sáp nhập)"},
            "units": {"old": ["A.X1", "A.X2"], "new": ["A.X1"]},
        },
        reason="Xã Alpha Hai sáp nhập",
    )
    assert event.unit == world.province_a


def test_create_user_records_the_person_and_their_first_role(world: World, trail: Trail) -> None:
    user = actions.create_user(
        world.coord_a,
        username=" canbo.a2 ",
        full_name="Đỗ Thị Hoa",
        password=PASSWORD,
        role="unit_officer",
        unit=world.commune_a2,
        email=" hoa@example.vn ",
        reason="Cán bộ mới",
    )
    assert (user.username, user.email) == ("canbo.a2", "hoa@example.vn")
    assert user.check_password(PASSWORD)
    assignment = RoleAssignment.objects.get(user=user)
    assert (assignment.role, assignment.unit) == (Role.UNIT_OFFICER, world.commune_a2)
    created, assigned = trail.new()
    check_event(
        created,
        trail,
        actor=world.coord_a,
        action="create_user",
        obj=user,
        object_type="org.user",
        changes={
            "username": {"old": None, "new": "canbo.a2"},
            "full_name": {"old": None, "new": "Đỗ Thị Hoa"},
            "email": {"old": None, "new": "hoa@example.vn"},
        },
        reason="Cán bộ mới",
    )
    check_event(
        assigned,
        trail,
        actor=world.coord_a,
        action="assign_role",
        obj=assignment,
        object_type="org.roleassignment",
        changes={
            "user": {"old": None, "new": "Đỗ Thị Hoa"},
            "role": {"old": None, "new": "unit_officer"},
            "unit": {"old": None, "new": "Xã Alpha Hai"},
        },
        reason="Cán bộ mới",
    )
    assert created.unit == assigned.unit == world.commune_a2


def test_assign_role_is_recorded(world: World, trail: Trail) -> None:
    assignment = actions.assign_role(
        world.coord_a,
        user=world.appraiser_a,
        role="leader",
        unit=world.commune_a1,
        reason="Kiêm nhiệm",
    )
    assert RoleAssignment.objects.filter(
        pk=assignment.pk, user=world.appraiser_a, role=Role.LEADER, unit=world.commune_a1
    ).exists()
    [event] = trail.new()
    check_event(
        event,
        trail,
        actor=world.coord_a,
        action="assign_role",
        obj=assignment,
        object_type="org.roleassignment",
        changes={
            "user": {"old": None, "new": "appraiser_a"},
            "role": {"old": None, "new": "leader"},
            "unit": {"old": None, "new": "Xã Alpha Một"},
        },
        reason="Kiêm nhiệm",
    )
    assert event.unit == world.commune_a1


def test_revoke_role_is_recorded(world: World, trail: Trail) -> None:
    assignment = world.officer_a.role_assignments.get()
    assignment_pk = assignment.pk
    holder = actions.revoke_role(world.coord_a, assignment, reason="Chuyển công tác")
    assert holder == world.officer_a
    assert not RoleAssignment.objects.filter(pk=assignment_pk).exists()
    [event] = trail.new()
    check_event(
        event,
        trail,
        actor=world.coord_a,
        action="revoke_role",
        obj=assignment_pk,
        object_type="org.roleassignment",
        changes={
            "user": {"old": "officer_a", "new": None},
            "role": {"old": "unit_officer", "new": None},
            "unit": {"old": "Xã Alpha Một", "new": None},
        },
        reason="Chuyển công tác",
    )
    assert event.unit == world.commune_a1


def test_bootstrap_administrator_is_recorded_as_the_system(db: None) -> None:
    trail = Trail(start=0, began=timezone.now())
    user = actions.bootstrap_administrator(
        username=" quantri ", full_name="Quản trị", password=PASSWORD
    )
    assert user.username == "quantri"
    assert user.check_password(PASSWORD)
    assignment = RoleAssignment.objects.get(user=user)
    assert (assignment.role, assignment.unit) == (Role.ADMINISTRATOR, None)
    created, assigned = trail.new()
    check_event(
        created,
        trail,
        actor=None,
        action="create_user",
        obj=user,
        object_type="org.user",
        changes={
            "username": {"old": None, "new": "quantri"},
            "full_name": {"old": None, "new": "Quản trị"},
        },
        reason="",
    )
    check_event(
        assigned,
        trail,
        actor=None,
        action="assign_role",
        obj=assignment,
        object_type="org.roleassignment",
        changes={
            "user": {"old": None, "new": "Quản trị"},
            "role": {"old": None, "new": "administrator"},
        },
        reason="",
    )
    assert created.unit is None
    assert assigned.unit is None


def test_bootstrap_administrator_only_once(world: World) -> None:
    before = state()
    with translation.override("en"), pytest.raises(ActionRefused, match="already has an admin"):
        actions.bootstrap_administrator(
            username="second", full_name="Second", password="Another-password-2025"
        )
    assert state() == before


@pytest.mark.parametrize(
    ("username", "password"), [("bad name!", PASSWORD), ("quantri", "12345678")]
)
def test_bootstrap_administrator_refuses_bad_input(db: None, username: str, password: str) -> None:
    with pytest.raises(ActionRefused):
        actions.bootstrap_administrator(username=username, full_name="Q", password=password)
    assert not User.objects.exists()
    assert not AuditEvent.objects.exists()


def test_unchanged_update_bumps_nothing_into_the_trail(world: World, trail: Trail) -> None:
    actions.update_unit(world.coord_a, world.commune_a1, version=1, name="Xã Alpha Một")
    assert trail.new() == []


# --- versions ---------------------------------------------------------------------------------


def test_update_unit_refuses_a_stale_version(world: World) -> None:
    actions.update_unit(world.coord_a, world.commune_a1, version=1, name="Xã Alpha Mới")
    before = state()
    with translation.override("en"), pytest.raises(StaleVersion) as stale:
        actions.update_unit(world.admin, world.commune_a1, version=1, name="X")
    message = str(stale.value.message)
    assert "version 1" in message
    assert "version 2" in message
    assert stale.value.current == 2
    assert stale.value.field is None
    assert state() == before
    stored = Unit.objects.get(pk=world.commune_a1.pk)
    assert (stored.name, stored.version) == ("Xã Alpha Mới", 2)


def test_update_ranking_group_refuses_a_stale_version(world: World) -> None:
    actions.update_ranking_group(world.coord_a, world.group_a, version=1, name="Khối A")
    before = state()
    with translation.override("en"), pytest.raises(StaleVersion) as stale:
        actions.update_ranking_group(
            world.admin, world.group_a, version=1, name="Khối B", units=[world.commune_a1]
        )
    message = str(stale.value.message)
    assert "version 1" in message
    assert "version 2" in message
    assert state() == before
    stored = RankingGroup.objects.get(pk=world.group_a.pk)
    assert (stored.name, stored.version) == ("Khối A", 2)
    assert set(stored.units.all()) == {world.commune_a1, world.commune_a2}


def test_two_edits_from_the_same_loaded_unit(world: World) -> None:
    first = Unit.objects.get(pk=world.commune_a1.pk)
    second = Unit.objects.get(pk=world.commune_a1.pk)
    actions.update_unit(world.coord_a, first, version=first.version, name="Bản thứ nhất")
    events = AuditEvent.objects.count()
    with pytest.raises(StaleVersion):
        actions.update_unit(world.admin, second, version=second.version, name="Bản thứ hai")
    stored = Unit.objects.get(pk=world.commune_a1.pk)
    assert (stored.name, stored.version) == ("Bản thứ nhất", 2)
    assert AuditEvent.objects.count() == events


def test_two_edits_from_the_same_loaded_group(world: World) -> None:
    first = RankingGroup.objects.get(pk=world.group_a.pk)
    second = RankingGroup.objects.get(pk=world.group_a.pk)
    actions.update_ranking_group(world.coord_a, first, version=first.version, year=2026)
    events = AuditEvent.objects.count()
    with pytest.raises(StaleVersion):
        actions.update_ranking_group(world.admin, second, version=second.version, year=2027)
    stored = RankingGroup.objects.get(pk=world.group_a.pk)
    assert (stored.year, stored.version) == (2026, 2)
    assert AuditEvent.objects.count() == events


# --- moving a subtree ---------------------------------------------------------------------------


@pytest.fixture
def hamlets(world: World) -> tuple[Unit, Unit]:
    """A child and a grandchild below commune_a1."""
    child = actions.create_unit(
        world.coord_a, code="A.X1.T", name="Thôn Một", kind="other", parent=world.commune_a1
    )
    grandchild = actions.create_unit(
        world.coord_a, code="A.X1.T.D", name="Đội Một", kind="other", parent=child
    )
    return child, grandchild


def test_moving_a_unit_moves_its_whole_subtree(
    world: World, hamlets: tuple[Unit, Unit], trail: Trail
) -> None:
    child, grandchild = hamlets
    moved = actions.update_unit(
        world.coord_a, world.commune_a1, version=1, parent=world.department_a, reason="Chuyển"
    )
    new_root = tree.child_path(world.department_a.path, world.commune_a1.pk)
    assert moved.path == new_root
    assert Unit.objects.get(pk=world.commune_a1.pk).path == new_root
    assert Unit.objects.get(pk=child.pk).path == tree.child_path(new_root, child.pk)
    stored = Unit.objects.get(pk=grandchild.pk)
    assert stored.path == tree.child_path(tree.child_path(new_root, child.pk), grandchild.pk)
    assert stored.depth == 5
    assert tree.ids(stored.path) == [
        world.province_a.pk,
        world.department_a.pk,
        world.commune_a1.pk,
        child.pk,
        grandchild.pk,
    ]
    # The rest of the tree did not move.
    assert Unit.objects.get(pk=world.commune_a2.pk).path == world.commune_a2.path
    assert Unit.objects.get(pk=world.department_a.pk).path == world.department_a.path
    [event] = trail.new()
    assert event.changes == {"parent": {"old": "Tỉnh Alpha", "new": "Sở Nội vụ Alpha"}}
    assert event.reason == "Chuyển"


@pytest.mark.parametrize("target", ["self", "child", "grandchild"])
def test_a_unit_cannot_move_under_itself(
    world: World, hamlets: tuple[Unit, Unit], target: str
) -> None:
    child, grandchild = hamlets
    parent = {"self": world.commune_a1, "child": child, "grandchild": grandchild}[target]
    before = state()
    with pytest.raises(ActionRefused) as refused:
        actions.update_unit(world.admin, world.commune_a1, version=1, parent=parent)
    assert refused.value.field == "parent"
    assert state() == before


def test_a_coordinator_cannot_move_a_unit_out_of_their_subtree(world: World) -> None:
    before = state()
    with pytest.raises(PermissionDenied):
        actions.update_unit(world.coord_a, world.commune_a1, version=1, parent=world.province_b)
    assert state() == before


# --- permission refusals -------------------------------------------------------------------------


def _edit_unit_of_a(w: World) -> object:
    return actions.update_unit(w.coord_b, w.commune_a1, version=1, name="Xã Beta chiếm")


def _officer_creates_unit(w: World) -> object:
    return actions.create_unit(
        w.officer_a, code="A.X1.T", name="Thôn", kind="other", parent=w.commune_a1
    )


def _coordinator_assigns_coordinator(w: World) -> object:
    return actions.assign_role(w.coord_a, user=w.appraiser_a, role="coordinator", unit=w.commune_a1)


def _coordinator_creates_coordinator(w: World) -> object:
    return actions.create_user(
        w.coord_a,
        username="coord_a2",
        full_name="Điều phối hai",
        password=PASSWORD,
        role="coordinator",
        unit=w.commune_a1,
    )


def _coordinator_creates_province(w: World) -> object:
    return actions.create_unit(w.coord_a, code="C", name="Tỉnh Gamma", kind="province", parent=None)


def _coordinator_edits_own_unit(w: World) -> object:
    return actions.update_unit(w.coord_a, w.province_a, version=1, name="Tỉnh Alpha Mới")


def _leader_edits_group(w: World) -> object:
    return actions.update_ranking_group(w.leader_a, w.group_a, version=1, name="Khối của lãnh đạo")


def _coordinator_of_b_groups_a(w: World) -> object:
    return actions.create_ranking_group(
        w.coord_b, evaluating_unit=w.province_a, year=2026, name="Khối", units=[w.commune_a1]
    )


def _coordinator_revokes_peer(w: World) -> object:
    return actions.revoke_role(w.coord_a, w.coord_a.role_assignments.get())


def _coordinator_assigns_in_b(w: World) -> object:
    return actions.assign_role(w.coord_a, user=w.appraiser_a, role="leader", unit=w.commune_b1)


def _inactive_writes(w: World) -> object:
    User.objects.filter(pk=w.coord_a.pk).update(is_active=False)
    inactive = User.objects.get(pk=w.coord_a.pk)
    return actions.update_unit(inactive, w.commune_a1, version=1, name="Không được")


def _nobody_writes(w: World) -> object:
    return actions.create_unit(None, code="A.X9", name="Xã", kind="commune", parent=w.province_a)


PERMISSION_REFUSALS: dict[str, Callable[[World], object]] = {
    "coordinator of B edits a unit of A": _edit_unit_of_a,
    "unit officer creates a unit": _officer_creates_unit,
    "coordinator assigns the coordinator role": _coordinator_assigns_coordinator,
    "coordinator creates a coordinator": _coordinator_creates_coordinator,
    "coordinator creates a province": _coordinator_creates_province,
    "coordinator edits their own unit": _coordinator_edits_own_unit,
    "leader edits a group": _leader_edits_group,
    "coordinator of B creates a group of A": _coordinator_of_b_groups_a,
    "coordinator revokes a coordinator": _coordinator_revokes_peer,
    "coordinator of A assigns a role in B": _coordinator_assigns_in_b,
    "inactive person writes": _inactive_writes,
    "no person writes": _nobody_writes,
}


@pytest.mark.parametrize("write", PERMISSION_REFUSALS.values(), ids=list(PERMISSION_REFUSALS))
def test_permission_refusals(world: World, write: Callable[[World], object]) -> None:
    events, units = AuditEvent.objects.count(), list(Unit.objects.values_list())
    with pytest.raises(PermissionDenied):
        write(world)
    assert AuditEvent.objects.count() == events
    assert list(Unit.objects.values_list()) == units
    assert RoleAssignment.objects.count() == 8
    assert User.objects.count() == 8


# --- validation refusals --------------------------------------------------------------------------


@dataclass(frozen=True)
class Refusal:
    field: str | None
    write: Callable[[World], object]


def _new_unit(w: World, **values: Any) -> object:
    fields: dict[str, Any] = {
        "code": "A.X9",
        "name": "Xã Mới",
        "kind": "commune",
        "parent": w.province_a,
    }
    return actions.create_unit(w.coord_a, **(fields | values))


def _new_group(w: World, **values: Any) -> object:
    fields: dict[str, Any] = {
        "evaluating_unit": w.province_a,
        "year": 2026,
        "name": "Khối mới",
        "units": [w.commune_a1],
    }
    return actions.create_ranking_group(w.coord_a, **(fields | values))


def _new_person(w: World, **values: Any) -> object:
    fields: dict[str, Any] = {
        "username": "nguoi.moi",
        "full_name": "Người Mới",
        "password": PASSWORD,
        "role": "unit_officer",
        "unit": w.commune_a2,
    }
    return actions.create_user(w.admin, **(fields | values))


REFUSALS: dict[str, Refusal] = {
    "duplicate code": Refusal("code", lambda w: _new_unit(w, code="A.X1")),
    "duplicate code on edit": Refusal(
        "code", lambda w: actions.update_unit(w.coord_a, w.commune_a1, version=1, code="A.X2")
    ),
    "code with a space": Refusal("code", lambda w: _new_unit(w, code="A X9")),
    "code starting with a dash": Refusal("code", lambda w: _new_unit(w, code="-X9")),
    "code too long": Refusal("code", lambda w: _new_unit(w, code="A" * 33)),
    "empty code": Refusal("code", lambda w: _new_unit(w, code="  ")),
    "empty name": Refusal("name", lambda w: _new_unit(w, name="   ")),
    "empty name on edit": Refusal(
        "name", lambda w: actions.update_unit(w.coord_a, w.commune_a1, version=1, name="\t")
    ),
    "unknown kind": Refusal("kind", lambda w: _new_unit(w, kind="village")),
    "dates out of order": Refusal(
        "valid_to",
        lambda w: _new_unit(w, valid_from=date(2025, 7, 1), valid_to=date(2025, 6, 30)),
    ),
    "dates out of order on edit": Refusal(
        "valid_to",
        lambda w: actions.update_unit(
            w.coord_a,
            w.commune_a1,
            version=1,
            valid_from=date(2025, 7, 1),
            valid_to=date(2024, 12, 31),
        ),
    ),
    "group with a unit outside the evaluator's subtree": Refusal(
        "units", lambda w: _new_group(w, units=[w.commune_a1, w.commune_b1])
    ),
    "group ranking its own evaluator": Refusal(
        "units", lambda w: _new_group(w, units=[w.province_a])
    ),
    "group edited to a unit outside": Refusal(
        "units",
        lambda w: actions.update_ranking_group(
            w.coord_a, w.group_a, version=1, units=[w.commune_b1]
        ),
    ),
    "duplicate group name": Refusal("name", lambda w: _new_group(w, year=2025, name="Khối xã")),
    "duplicate group name up to spaces": Refusal(
        "name", lambda w: _new_group(w, year=2025, name=" Khối   xã ")
    ),
    "group year out of range": Refusal("year", lambda w: _new_group(w, year=1999)),
    "unknown role": Refusal("role", lambda w: _new_person(w, role="mayor")),
    "unknown role assigned": Refusal(
        "role",
        lambda w: actions.assign_role(w.admin, user=w.officer_a, role="mayor", unit=w.commune_a1),
    ),
    "administrator with a unit": Refusal(
        "unit",
        lambda w: actions.assign_role(
            w.admin, user=w.officer_a, role="administrator", unit=w.commune_a1
        ),
    ),
    "role without a unit": Refusal("unit", lambda w: _new_person(w, unit=None)),
    "role held twice": Refusal(
        "role",
        lambda w: actions.assign_role(
            w.coord_a, user=w.officer_a, role="unit_officer", unit=w.commune_a1
        ),
    ),
    "weak password": Refusal("password", lambda w: _new_person(w, password="12345678")),
    "password like the username": Refusal(
        "password", lambda w: _new_person(w, password="nguoi.moi")
    ),
    "taken username": Refusal("username", lambda w: _new_person(w, username="officer_a")),
    "taken username in other case": Refusal(
        "username", lambda w: _new_person(w, username="OFFICER_A")
    ),
    "bad username": Refusal("username", lambda w: _new_person(w, username="người mới!")),
    "last administrator revoked": Refusal(
        "role", lambda w: actions.revoke_role(w.admin, w.admin.role_assignments.get())
    ),
}


@pytest.mark.parametrize("refusal", REFUSALS.values(), ids=list(REFUSALS))
def test_validation_refusals(world: World, refusal: Refusal) -> None:
    before = state()
    with pytest.raises(ActionRefused) as refused:
        refusal.write(world)
    assert not isinstance(refused.value, StaleVersion)
    assert refused.value.field == refusal.field
    assert str(refused.value.message)
    assert state() == before


def test_an_administrator_can_be_revoked_while_another_remains(world: World) -> None:
    actions.assign_role(world.admin, user=world.leader_a, role="administrator", unit=None)
    own = world.admin.role_assignments.get()
    actions.revoke_role(world.admin, own, reason="Nghỉ hưu")
    assert list(RoleAssignment.objects.filter(role=Role.ADMINISTRATOR)) == [
        RoleAssignment.objects.get(user=world.leader_a, role=Role.ADMINISTRATOR)
    ]
    # Now the remaining one is the last and cannot be removed.
    last = RoleAssignment.objects.get(role=Role.ADMINISTRATOR)
    with pytest.raises(ActionRefused) as refused:
        actions.revoke_role(world.leader_a, last)
    assert refused.value.field == "role"
    assert RoleAssignment.objects.filter(pk=last.pk).exists()


# --- language of the refusals ------------------------------------------------------------------


def _messages(w: World, language: str) -> Iterator[str]:
    """The messages of a few refusals, rendered while `language` is active."""
    writes: list[Callable[[], object]] = [
        lambda: _new_unit(w, name=" "),
        lambda: _new_unit(w, valid_from=date(2025, 7, 1), valid_to=date(2025, 6, 30)),
        lambda: actions.update_unit(w.admin, w.commune_a1, version=1, parent=w.commune_a1),
        lambda: actions.revoke_role(w.admin, w.admin.role_assignments.get()),
    ]
    with translation.override(language):
        for write in writes:
            with pytest.raises(ActionRefused) as refused:
                write()
            yield str(refused.value.message)


def test_refusals_speak_vietnamese(world: World) -> None:
    vietnamese = list(_messages(world, "vi"))
    english = list(_messages(world, "en"))
    for vi, en in zip(vietnamese, english, strict=True):
        assert vi != en
        assert "không" in vi.casefold(), vi
        assert "not" in en, en
    # Vietnamese is the default language: with none activated, refusals speak it too.
    with translation.override(None), pytest.raises(ActionRefused) as refused:
        _new_unit(world, name=" ")
    assert str(refused.value.message) == vietnamese[0]


def test_a_move_with_a_stale_copy_keeps_the_tree_consistent(world: World) -> None:
    """The commune is loaded, then its province's subtree moves; moving the stale copy
    still writes paths that agree with the parents."""
    district = actions.create_unit(
        world.admin, code="A.H1", name="Huyện Một", kind="district", parent=world.province_a
    )
    commune = actions.create_unit(
        world.admin, code="A.H1.X1", name="Xã Con", kind="commune", parent=district
    )
    stale_commune = Unit.objects.get(pk=commune.pk)
    actions.update_unit(world.admin, district, version=1, parent=world.commune_a2)
    actions.update_unit(world.admin, stale_commune, version=1, parent=world.department_a)
    for unit in Unit.objects.select_related("parent"):
        expected = tree.child_path(unit.parent.path if unit.parent else "", unit.pk)
        assert unit.path == expected, unit.code


def test_a_stale_membership_change_is_refused(world: World) -> None:
    group = RankingGroup.objects.get(pk=world.group_a.pk)
    stale = RankingGroup.objects.get(pk=world.group_a.pk)
    actions.update_ranking_group(world.coord_a, group, version=1, units=[world.commune_a1])
    before = state()
    with pytest.raises(StaleVersion):
        actions.update_ranking_group(world.coord_a, stale, version=1, units=[world.commune_a2])
    assert state() == before
    assert list(world.group_a.units.values_list("code", flat=True)) == ["A.X1"]


@pytest.mark.parametrize(
    ("name", "message"),
    [("X" * 256, "at most 255"), ("Xã\x00Một", "NUL")],
)
def test_names_the_database_cannot_store_are_refused(world: World, name: str, message: str) -> None:
    before = state()
    with translation.override("en"), pytest.raises(ActionRefused, match=message) as refused:
        actions.update_unit(world.coord_a, world.commune_a1, version=1, name=name)
    assert refused.value.field == "name"
    assert state() == before
