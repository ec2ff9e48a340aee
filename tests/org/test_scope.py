"""scope(user, model, action) for every cast member, get_in_scope's 404 and 403, and a guard
on how many queries a scoped list costs."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Model
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoAssertNumQueries

from parindex.access import Action, get_in_scope, registered_models, scope
from parindex.api.models import ApiToken
from parindex.assessments.models import (
    Assessment,
    Cycle,
    Document,
    Entry,
    Explanation,
    Review,
    Stage,
)
from parindex.audit.models import AuditEvent
from parindex.frameworks.models import StoredFramework
from parindex.org import actions
from parindex.org.models import LineageEvent, RankingGroup, RoleAssignment, Unit, User
from parindex.plans.models import Plan, PlanItem, PlanVersion, SolutionEntry, Target
from parindex.results.models import Result
from tests.cast import World

MEMBERS = [
    "admin",
    "coord_a",
    "coord_b",
    "officer_a",
    "appraiser_a",
    "council_a",
    "task_a",
    "leader_a",
]
UNITS = ["province_a", "department_a", "commune_a1", "commune_a2", "province_b", "commune_b1"]
A_UNITS = ["province_a", "department_a", "commune_a1", "commune_a2"]
A_PEOPLE = ["coord_a", "officer_a", "appraiser_a", "council_a", "task_a", "leader_a"]
A_MANAGED_PEOPLE = ["officer_a", "appraiser_a", "council_a", "task_a", "leader_a"]
# Those who view the A subtree through a role at the province.
A_VIEWERS = ["appraiser_a", "council_a", "leader_a"]


def fresh(w: World, name: str) -> User:
    """The cast member as a new request would load them (no cached assignments)."""
    return User.objects.get(pk=getattr(w, name).pk)


def pks(w: World, names: list[str]) -> set[int]:
    return {getattr(w, name).pk for name in names}


ACTIONS: tuple[Action, Action] = ("view", "manage")
Seen = tuple[list[str], list[str]]  # the world's names found by "view", then by "manage"
OTHERS_IN_A = ["officer_a", "task_a", *A_VIEWERS]

UNITS_SEEN: dict[str, Seen] = {
    "admin": (UNITS, UNITS),
    # A coordinator manages the units below their own, not their own.
    "coord_a": (A_UNITS, ["department_a", "commune_a1", "commune_a2"]),
    "coord_b": (["province_b", "commune_b1"], ["commune_b1"]),
    "officer_a": (["commune_a1"], []),
    "task_a": (["department_a"], []),
} | {name: (A_UNITS, []) for name in A_VIEWERS}

A_GROUPS = ["group_a", "group_a26"]
GROUPS_SEEN: dict[str, Seen] = {
    "admin": ([*A_GROUPS, "group_b"], [*A_GROUPS, "group_b"]),
    "coord_a": (A_GROUPS, A_GROUPS),
    "coord_b": (["group_b"], ["group_b"]),
    "officer_a": (A_GROUPS, []),  # the groups that rank their commune
    "task_a": ([], []),  # their department is ranked in no group
} | {name: (A_GROUPS, []) for name in A_VIEWERS}

# Role assignments are named by their holder: every cast member holds exactly one.
ASSIGNMENTS_SEEN: dict[str, Seen] = {
    "admin": (MEMBERS, MEMBERS),
    "coord_a": (A_PEOPLE, A_MANAGED_PEOPLE),  # not their own coordinator role
    "coord_b": (["coord_b"], []),
} | {name: ([name], []) for name in OTHERS_IN_A}

USERS_SEEN: dict[str, Seen] = {
    "admin": (MEMBERS, MEMBERS),
    "coord_a": (A_PEOPLE, A_MANAGED_PEOPLE),  # not themselves, their peers or administrators
    "coord_b": (["coord_b"], []),
} | {name: ([name], []) for name in OTHERS_IN_A}

# model → (the column naming a row by a world attribute, who sees what)
TABLES: dict[type[Model], tuple[str, dict[str, Seen]]] = {
    Unit: ("pk", UNITS_SEEN),
    RankingGroup: ("pk", GROUPS_SEEN),
    RoleAssignment: ("user_id", ASSIGNMENTS_SEEN),
    User: ("pk", USERS_SEEN),
}


@pytest.mark.parametrize("who", MEMBERS)
@pytest.mark.parametrize("model", list(TABLES), ids=lambda m: m.__name__)
def test_scope_of_each_cast_member(world: World, model: type[Model], who: str) -> None:
    column, table = TABLES[model]
    person = fresh(world, who)
    for action, expected in zip(ACTIONS, table[who], strict=True):
        found = list(scope(person, model, action).values_list(column, flat=True))
        assert len(found) == len(set(found)), (action, found)  # no row twice
        assert set(found) == pks(world, expected), action


def test_a_group_ranking_two_visible_units_is_listed_once(world: World) -> None:
    actions.assign_role(world.admin, user=world.officer_a, role="leader", unit=world.commune_a2)
    found = list(scope(fresh(world, "officer_a"), RankingGroup, "view"))
    assert found == [world.group_a26, world.group_a]


def test_a_person_with_two_roles_in_the_subtree_is_listed_once(world: World) -> None:
    actions.assign_role(world.coord_a, user=world.officer_a, role="leader", unit=world.commune_a2)
    for action in ("view", "manage"):
        found = list(scope(fresh(world, "coord_a"), User, action))
        assert found.count(world.officer_a) == 1


def test_a_coordinator_does_not_manage_someone_who_coordinates_elsewhere(world: World) -> None:
    actions.assign_role(world.admin, user=world.coord_b, role="leader", unit=world.commune_a1)
    coord_a = fresh(world, "coord_a")
    assert scope(coord_a, User, "view").filter(pk=world.coord_b.pk).exists()
    assert not scope(coord_a, User, "manage").filter(pk=world.coord_b.pk).exists()


def _events(who: User, action: Action) -> set[tuple[str, str]]:
    return set(scope(who, AuditEvent, action).values_list("action", "object_repr"))


def test_audit_events_the_administrator_sees_all(world: World) -> None:
    assert scope(fresh(world, "admin"), AuditEvent, "view").count() == AuditEvent.objects.count()
    assert ("create_user", "Quản trị") in _events(fresh(world, "admin"), "view")


def test_audit_events_a_coordinator_sees_their_subtree(world: World) -> None:
    seen = _events(fresh(world, "coord_a"), "view")
    for unit in A_UNITS:
        assert ("create_unit", getattr(world, unit).name) in seen
    assert ("create_ranking_group", "Khối xã (2025)") in seen
    assert ("create_user", "officer_a") in seen
    assert ("create_user", "task_a") in seen  # at a department of A
    # Province B's events and the instance-wide ones (no unit) are not theirs.
    assert ("create_unit", world.province_b.name) not in seen
    assert ("create_unit", world.commune_b1.name) not in seen
    assert ("create_user", "coord_b") not in seen
    assert ("create_user", "Quản trị") not in seen
    unit_paths = scope(fresh(world, "coord_a"), AuditEvent, "view").values_list(
        "unit__path", flat=True
    )
    assert all(path.startswith(world.province_a.path) for path in unit_paths)


def test_audit_events_a_later_edit_in_b_stays_hidden_from_a(world: World) -> None:
    actions.update_unit(world.coord_b, world.commune_b1, version=1, name="Xã Beta Mới")
    assert ("update_unit", "Xã Beta Mới") in _events(fresh(world, "coord_b"), "view")
    assert ("update_unit", "Xã Beta Mới") not in _events(fresh(world, "coord_a"), "view")


@pytest.mark.parametrize("who", [m for m in MEMBERS if not m.startswith(("admin", "coord"))])
def test_audit_events_others_see_none(world: World, who: str) -> None:
    assert not scope(fresh(world, who), AuditEvent, "view").exists()


@pytest.mark.parametrize("who", MEMBERS)
def test_audit_events_are_never_managed(world: World, who: str) -> None:
    assert not scope(fresh(world, who), AuditEvent, "manage").exists()


MODELS: list[type[Model]] = [
    Unit,
    RankingGroup,
    RoleAssignment,
    User,
    AuditEvent,
    LineageEvent,
    StoredFramework,  # who sees which: tests/frameworks/test_framework_pages.py
    Result,  # who sees which: tests/results/test_recompute.py
]


# Scoped models whose scope is checked in their own app's tests.
CHECKED_ELSEWHERE: set[type[Model]] = {
    ApiToken,  # tests/api/test_tokens.py
    # Plans, their tasks, targets, versions and the solution library: every page and API
    # operation in tests/web/test_routes.py, the writes in tests/plans.
    Plan,
    PlanItem,
    Target,
    PlanVersion,
    SolutionEntry,
    # The assessment cycle: tests/assessments/test_scope.py, and every page and API
    # operation in tests/web/test_routes.py.
    Cycle,
    Stage,
    Assessment,
    Entry,
    Review,
    Explanation,
    Document,
}


def test_every_registered_model_is_checked_here() -> None:
    assert set(registered_models()) == set(MODELS) | CHECKED_ELSEWHERE


def test_anonymous_sees_nothing(world: World) -> None:
    for model in MODELS:
        assert model._default_manager.exists()
        for action in ACTIONS:
            assert not scope(AnonymousUser(), model, action).exists(), (model, action)


@pytest.mark.parametrize("who", ["admin", "coord_a"])
def test_inactive_people_see_nothing(world: World, who: str) -> None:
    assert scope(fresh(world, who), Unit, "view").exists()
    User.objects.filter(pk=getattr(world, who).pk).update(is_active=False)
    inactive = fresh(world, who)
    for model in MODELS:
        for action in ACTIONS:
            assert not scope(inactive, model, action).exists(), (model, action)


# --- get_in_scope ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "model", "obj", "action"),
    [
        ("coord_b", Unit, "commune_a1", "view"),
        ("coord_b", Unit, "commune_a1", "manage"),  # 404 before 403: existence not leaked
        ("officer_a", Unit, "commune_a2", "view"),
        ("task_a", Unit, "province_a", "view"),
        ("coord_a", RankingGroup, "group_b", "manage"),
        ("officer_a", User, "coord_a", "view"),
        ("coord_b", User, "officer_a", "manage"),
    ],
)
def test_get_in_scope_out_of_sight_is_404(
    world: World, who: str, model: type[Model], obj: str, action: Action
) -> None:
    with pytest.raises(Http404):
        get_in_scope(fresh(world, who), model, action, pk=getattr(world, obj).pk)


def test_get_in_scope_missing_is_404(world: World) -> None:
    with pytest.raises(Http404):
        get_in_scope(fresh(world, "admin"), Unit, "view", pk=10**6)


@pytest.mark.parametrize(
    ("who", "model", "obj"),
    [
        ("leader_a", Unit, "commune_a1"),
        ("officer_a", Unit, "commune_a1"),
        ("coord_a", Unit, "province_a"),  # their own unit: seen, not edited
        ("officer_a", RankingGroup, "group_a"),
        ("leader_a", RankingGroup, "group_a"),
        ("coord_a", User, "coord_a"),
        ("officer_a", User, "officer_a"),
    ],
)
def test_get_in_scope_seen_but_not_managed_is_403(
    world: World, who: str, model: type[Model], obj: str
) -> None:
    person = fresh(world, who)
    pk = getattr(world, obj).pk
    assert get_in_scope(person, model, "view", pk=pk).pk == pk
    with pytest.raises(PermissionDenied):
        get_in_scope(person, model, "manage", pk=pk)


@pytest.mark.parametrize(
    ("who", "model", "obj"),
    [
        ("coord_a", Unit, "commune_a1"),
        ("coord_a", RankingGroup, "group_a"),
        ("coord_a", User, "officer_a"),
        ("admin", Unit, "province_b"),
    ],
)
def test_get_in_scope_permitted(world: World, who: str, model: type[Model], obj: str) -> None:
    expected = getattr(world, obj)
    assert get_in_scope(fresh(world, who), model, "manage", pk=expected.pk) == expected


def test_get_in_scope_anonymous_is_404(world: World) -> None:
    with pytest.raises(Http404):
        get_in_scope(AnonymousUser(), Unit, "view", pk=world.commune_a1.pk)


# --- query counts ---------------------------------------------------------------------------


LISTS: list[tuple[type[Model], Action]] = [
    (Unit, "view"),
    (Unit, "manage"),
    (RankingGroup, "view"),
    (RankingGroup, "manage"),
    (RoleAssignment, "view"),
    (RoleAssignment, "manage"),
    (User, "view"),
    (User, "manage"),
    (AuditEvent, "view"),
]


def _list_queries(w: World) -> dict[str, int]:
    """The queries each scoped list costs coord_a, loaded afresh as a request would."""
    counts: dict[str, int] = {}
    for model, action in LISTS:
        person = fresh(w, "coord_a")
        with CaptureQueriesContext(connection) as queries:
            rows = list(scope(person, model, action))
        assert rows  # the guard measures lists that have something in them
        counts[f"{model.__name__} {action}"] = len(queries)
    return counts


def test_scoped_lists_cost_a_constant_number_of_queries(
    world: World, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    small = _list_queries(world)
    communes = [
        actions.create_unit(
            world.admin,
            code=f"A.X{i + 10}",
            name=f"Xã thêm {i}",
            kind="commune",
            parent=world.province_a,
        )
        for i in range(30)
    ]
    for i, commune in enumerate(communes):
        actions.create_user(
            world.admin,
            username=f"canbo{i}",
            full_name=f"Cán bộ {i}",
            password="Cast-password-2025",
            role="unit_officer",
            unit=commune,
        )
    actions.create_ranking_group(
        world.admin, evaluating_unit=world.province_a, year=2026, name="Khối lớn", units=communes
    )
    large = _list_queries(world)
    assert large == small
    for model, action in LISTS:
        person = fresh(world, "coord_a")
        with django_assert_max_num_queries(2):
            rows = list(scope(person, model, action))
        if model is not RankingGroup:
            assert len(rows) > 30, (model, action)
