"""API operations on units, ranking groups, people, role assignments and the audit trail."""

from datetime import date, datetime
from typing import Annotated, Any

from django.db.models import prefetch_related_objects
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from parindex.access import get_in_scope, scope
from parindex.api.auth import caller
from parindex.audit.scopes import trail
from parindex.audit.writes import ActionRefused
from parindex.org import actions
from parindex.org.models import LineageEvent, RankingGroup, RoleAssignment, Unit, User
from parindex.org.scopes import visible_roles

router = Router()

# The names of units and ranking groups, as long as their columns allow (PostgreSQL refuses
# longer ones in the database: a server error, where this is a 422 naming the attribute).
Name = Annotated[str, Field(max_length=255)]


def _visible_unit(user: User, unit_id: int, where: str) -> Unit:
    """A unit named in a request body: refused by name when the caller cannot see it."""
    unit = scope(user, Unit, "view").filter(pk=unit_id).first()
    if unit is None:
        raise ActionRefused(
            _("No unit with id %(id)s is visible to you.") % {"id": unit_id}, field=where
        )
    return unit


class UnitOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    parent_id: int | None
    valid_from: date | None
    valid_to: date | None
    version: int


class UnitIn(Schema):
    code: str
    name: Name
    kind: str
    parent_id: int | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    reason: str = ""


class UnitPatch(Schema):
    version: int
    code: str | None = None
    name: Name | None = None
    kind: str | None = None
    parent_id: int | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    reason: str = ""


@router.get("/units", response=list[UnitOut], tags=["units"])
def list_units(request: HttpRequest) -> Any:
    return scope(caller(request), Unit, "view")


@router.get("/units/{unit_id}", response=UnitOut, tags=["units"])
def get_unit(request: HttpRequest, unit_id: int) -> Any:
    return get_in_scope(caller(request), Unit, "view", pk=unit_id)


@router.post("/units", response={201: UnitOut}, tags=["units"])
def create_unit(request: HttpRequest, body: UnitIn) -> Any:
    user = caller(request)
    parent = (
        _visible_unit(user, body.parent_id, "parent_id") if body.parent_id is not None else None
    )
    data = body.dict(exclude={"parent_id"})
    return Status(201, actions.create_unit(user, parent=parent, **data))


@router.patch("/units/{unit_id}", response=UnitOut, tags=["units"])
def update_unit(request: HttpRequest, unit_id: int, body: UnitPatch) -> Any:
    user = caller(request)
    unit = get_in_scope(user, Unit, "manage", pk=unit_id)
    values = body.dict(exclude_unset=True, exclude={"version", "reason", "parent_id"})
    for required in ("code", "name", "kind"):
        if required in values and values[required] is None:
            raise ActionRefused(_("This value is required."), field=required)
    if "parent_id" in body.model_fields_set:
        if body.parent_id is None:
            raise ActionRefused(_("A unit cannot be made a root here."), field="parent_id")
        values["parent"] = _visible_unit(user, body.parent_id, "parent_id")
    return actions.update_unit(user, unit, version=body.version, reason=body.reason, **values)


class GroupOut(Schema):
    id: int
    evaluating_unit_id: int
    year: int
    name: str
    unit_ids: list[int]
    version: int

    @staticmethod
    def resolve_unit_ids(obj: RankingGroup) -> list[int]:
        return sorted(unit.pk for unit in obj.units.all())


class GroupIn(Schema):
    evaluating_unit_id: int
    year: int
    name: Name
    unit_ids: list[int]
    reason: str = ""


class GroupPatch(Schema):
    version: int
    year: int | None = None
    name: Name | None = None
    unit_ids: list[int] | None = None
    reason: str = ""


def _units(user: User, ids: list[int]) -> list[Unit]:
    return [_visible_unit(user, unit_id, "unit_ids") for unit_id in ids]


@router.get("/groups", response=list[GroupOut], tags=["ranking groups"])
def list_groups(request: HttpRequest) -> Any:
    return scope(caller(request), RankingGroup, "view").prefetch_related("units")


@router.get("/groups/{group_id}", response=GroupOut, tags=["ranking groups"])
def get_group(request: HttpRequest, group_id: int) -> Any:
    return get_in_scope(caller(request), RankingGroup, "view", pk=group_id)


@router.post("/groups", response={201: GroupOut}, tags=["ranking groups"])
def create_group(request: HttpRequest, body: GroupIn) -> Any:
    user = caller(request)
    return Status(
        201,
        actions.create_ranking_group(
            user,
            evaluating_unit=_visible_unit(user, body.evaluating_unit_id, "evaluating_unit_id"),
            year=body.year,
            name=body.name,
            units=_units(user, body.unit_ids),
            reason=body.reason,
        ),
    )


@router.patch("/groups/{group_id}", response=GroupOut, tags=["ranking groups"])
def update_group(request: HttpRequest, group_id: int, body: GroupPatch) -> Any:
    user = caller(request)
    group = get_in_scope(user, RankingGroup, "manage", pk=group_id)
    return actions.update_ranking_group(
        user,
        group,
        version=body.version,
        year=body.year,
        name=body.name,
        units=None if body.unit_ids is None else _units(user, body.unit_ids),
        reason=body.reason,
    )


class AssignmentOut(Schema):
    id: int
    user_id: int
    role: str
    unit_id: int | None


class AssignmentIn(Schema):
    user_id: int
    role: str
    unit_id: int | None = None
    reason: str = ""


class UserOut(Schema):
    id: int
    username: str
    full_name: str
    roles: list[AssignmentOut]

    @staticmethod
    def resolve_roles(obj: User) -> list[RoleAssignment]:
        # Prefetched through visible_roles by every operation: roles held outside the
        # caller's scope are not shown.
        return list(obj.role_assignments.all())


@router.get("/users", response=list[UserOut], tags=["people"])
def list_users(request: HttpRequest) -> Any:
    user = caller(request)
    return scope(user, User, "view").prefetch_related(visible_roles(user))


@router.get("/users/{user_id}", response=UserOut, tags=["people"])
def get_user(request: HttpRequest, user_id: int) -> Any:
    user = caller(request)
    person = get_in_scope(user, User, "view", pk=user_id)
    prefetch_related_objects([person], visible_roles(user))
    return person


@router.get("/role-assignments", response=list[AssignmentOut], tags=["people"])
def list_assignments(request: HttpRequest) -> Any:
    return scope(caller(request), RoleAssignment, "view")


@router.post("/role-assignments", response={201: AssignmentOut}, tags=["people"])
def assign_role(request: HttpRequest, body: AssignmentIn) -> Any:
    user = caller(request)
    person = scope(user, User, "view").filter(pk=body.user_id).first()
    if person is None:
        raise ActionRefused(
            _("No person with id %(id)s is visible to you.") % {"id": body.user_id},
            field="user_id",
        )
    unit = _visible_unit(user, body.unit_id, "unit_id") if body.unit_id is not None else None
    return Status(
        201, actions.assign_role(user, user=person, role=body.role, unit=unit, reason=body.reason)
    )


@router.delete("/role-assignments/{assignment_id}", response={204: None}, tags=["people"])
def revoke_role(request: HttpRequest, assignment_id: int, reason: str = "") -> Any:
    user = caller(request)
    assignment = get_in_scope(user, RoleAssignment, "manage", pk=assignment_id)
    actions.revoke_role(user, assignment, reason=reason)
    return Status(204, None)


class AuditEventOut(Schema):
    id: int
    at: datetime
    actor_name: str
    action: str
    object_type: str
    object_id: str
    object_repr: str
    unit_id: int | None
    changes: dict[str, Any]
    reason: str


@router.get("/audit-events", response=list[AuditEventOut], tags=["audit"])
def list_audit_events(request: HttpRequest, limit: int = 200) -> Any:
    return trail(caller(request))[: max(1, min(limit, 1000))]


class LineageOut(Schema):
    id: int
    kind: str
    day: date
    before_ids: list[int]
    after_ids: list[int]
    note: str

    @staticmethod
    def resolve_before_ids(obj: LineageEvent) -> list[int]:
        return sorted(unit.pk for unit in obj.before.all())

    @staticmethod
    def resolve_after_ids(obj: LineageEvent) -> list[int]:
        return sorted(unit.pk for unit in obj.after.all())


class LineageIn(Schema):
    kind: str
    day: date
    before_ids: list[int]
    after_ids: list[int]
    note: str = ""
    reason: str = ""


@router.get("/lineage", response=list[LineageOut], tags=["units"])
def list_lineage(request: HttpRequest) -> Any:
    return scope(caller(request), LineageEvent, "view")


@router.post("/lineage", response={201: LineageOut}, tags=["units"])
def record_lineage(request: HttpRequest, body: LineageIn) -> Any:
    user = caller(request)
    return Status(
        201,
        actions.record_lineage(
            user,
            kind=body.kind,
            day=body.day,
            before=[_visible_unit(user, pk, "before_ids") for pk in body.before_ids],
            after=[_visible_unit(user, pk, "after_ids") for pk in body.after_ids],
            note=body.note,
            reason=body.reason,
        ),
    )
