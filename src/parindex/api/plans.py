"""API operations on remediation plans: list and read them (with the gap analysis's numbers
beside each task), create one from a result, edit its header, tasks and targets, approve
and reopen it. The same named writes and scope as the pages (parindex.plans)."""

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from parindex.access import get_in_scope, scope
from parindex.api.auth import caller
from parindex.audit.writes import ActionRefused
from parindex.core.plan import ItemStatus, Report, Shape
from parindex.org.models import Unit, User
from parindex.plans import actions, build
from parindex.plans.models import Plan, PlanItem, Target
from parindex.results.models import Result
from parindex.web.messages import language

router = Router()

Id = Annotated[int, Field(ge=1, le=2_147_483_647)]
Text = Annotated[str, Field(max_length=255)]
LongText = Annotated[str, Field(max_length=10_000)]
Points = Annotated[Decimal, Field(ge=0, max_digits=9, decimal_places=4)]
Period = Literal["quarter", "half_year", "year"]


def _exact(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


class ReportOut(Schema):
    period: str
    due: date


class ItemOut(Schema):
    id: int
    code: str
    title: str
    priority: int
    max_points: str | None  # what the gap analysis says the item lost, as exact decimals
    achieved: str | None
    lost: str
    reasons: list[str]
    solution: str
    lead: str
    lead_unit_id: int | None
    coordinating: list[str]
    coordinating_unit_ids: list[int]
    deadline: date
    expected_points: str
    status: str
    version: int


class TargetOut(Schema):
    id: int
    number: int
    aim: str
    lead: str
    lead_unit_id: int | None
    code: str
    version: int


class PlanFields(Schema):
    id: int
    result_id: int
    unit_id: int
    year: int
    state: str
    shape: str
    issuing_body: str
    superior_body: str
    number: str
    place: str
    issued_on: date | None
    title: str
    signer_title: str
    signer: str
    version: int


class PlanOut(PlanFields):
    unit_name: str

    @staticmethod
    def resolve_unit_name(obj: Plan) -> str:
        return obj.unit.name


class PlanDetailOut(PlanFields):
    unit_name: str
    bases: list[str]
    purposes: list[str]
    requirements: list[str]
    recipients: list[str]
    lost: str | None
    recoverable: str
    reports: list[ReportOut]
    items: list[ItemOut]
    targets: list[TargetOut]


def _detail(plan: Plan) -> dict[str, Any]:
    core = build.as_core(plan)
    rows = {
        item.code: item
        for item in plan.items.select_related("lead_unit").prefetch_related("coordinating_units")
    }
    header = build.snapshot_header(plan)
    items = []
    for item in core.by_priority:
        row = rows.get(item.loss.code)
        if row is None:  # found anew by the analysis: no task stored for it yet
            continue
        items.append(
            {
                "id": row.pk,
                "code": item.loss.code,
                "title": item.loss.title,
                "priority": item.priority,
                "max_points": _exact(item.loss.max_points),
                "achieved": _exact(item.loss.achieved),
                "lost": _exact(item.loss.lost),
                "reasons": list(item.loss.reasons),
                "solution": item.solution,
                "lead": item.lead,
                "lead_unit_id": row.lead_unit_id,
                "coordinating": list(item.coordinating),
                "coordinating_unit_ids": sorted(u.pk for u in row.coordinating_units.all()),
                "deadline": item.deadline,
                "expected_points": _exact(item.expected_points),
                "status": item.status.value,
                "version": row.version,
            }
        )
    targets = [
        {
            "id": t.pk,
            "number": t.number,
            "aim": t.aim,
            "lead": t.lead,
            "lead_unit_id": t.lead_unit_id,
            "code": t.code,
            "version": t.version,
        }
        for t in plan.targets.select_related("lead_unit")
    ]
    return {
        **{name: getattr(plan, name) for name in PlanFields.model_fields},
        "unit_name": plan.unit.name,
        **{name: header[name] for name in ("bases", "purposes", "requirements", "recipients")},
        "lost": _exact(core.lost),
        "recoverable": _exact(core.recoverable),
        "reports": [{"period": r.period, "due": r.due} for r in core.reports],
        "items": items,
        "targets": targets,
    }


class PlanFilter(Schema):
    year: Annotated[int, Field(ge=1990, le=2100)] | None = None
    unit_id: Id | None = None


@router.get("/plans", response=list[PlanOut], tags=["plans"])
def list_plans(request: HttpRequest, filters: Query[PlanFilter]) -> Any:
    plans = scope(caller(request), Plan, "view").select_related("unit")
    if filters.year is not None:
        plans = plans.filter(year=filters.year)
    if filters.unit_id is not None:
        plans = plans.filter(unit_id=filters.unit_id)
    return plans


@router.get("/plans/{plan_id}", response=PlanDetailOut, tags=["plans"])
def get_plan(request: HttpRequest, plan_id: int) -> Any:
    return _detail(get_in_scope(caller(request), Plan, "view", pk=plan_id))


class CreateIn(Schema):
    reason: LongText = ""


@router.post("/results/{result_id}/plan", response={201: PlanDetailOut}, tags=["plans"])
def create_plan(request: HttpRequest, result_id: int, body: CreateIn) -> Any:
    user = caller(request)
    result = get_in_scope(user, Result, "view", pk=result_id)
    plan = actions.create_plan(user, result=result, lang=language(), reason=body.reason)
    return Status(201, _detail(plan))


class ReportIn(Schema):
    period: Period
    due: date


class PlanPatch(Schema):
    version: Id
    issuing_body: Text | None = None
    superior_body: Text | None = None
    number: Annotated[str, Field(max_length=100)] | None = None
    place: Text | None = None
    issued_on: date | None = None
    title: Annotated[str, Field(max_length=500)] | None = None
    bases: list[LongText] | None = None
    purposes: list[LongText] | None = None
    requirements: list[LongText] | None = None
    recipients: list[Text] | None = None
    signer_title: Text | None = None
    signer: Text | None = None
    shape: Shape | None = None
    reports: Annotated[list[ReportIn], Field(max_length=20)] | None = None
    reason: LongText = ""


_LINES = ("bases", "purposes", "requirements", "recipients")


@router.patch("/plans/{plan_id}", response=PlanDetailOut, tags=["plans"])
def update_plan(request: HttpRequest, plan_id: int, body: PlanPatch) -> Any:
    user = caller(request)
    plan = get_in_scope(user, Plan, "manage", pk=plan_id)
    given = body.model_fields_set
    values: dict[str, Any] = {}
    for name in actions.Facts.__dataclass_fields__:
        if name in ("shape", "reports"):
            continue
        value = getattr(body, name) if name in given else getattr(plan, name)
        if name in _LINES and name in given:
            value = "\n".join(value or [])
        values[name] = "" if value is None and name != "issued_on" else value
    shape = body.shape if "shape" in given and body.shape else Shape(plan.shape)
    reports = (
        tuple(Report(r.period, r.due) for r in body.reports or [])
        if "reports" in given
        else tuple(Report(r.period, r.due) for r in plan.reports.all())
    )
    facts = actions.Facts(**values, shape=shape, reports=reports)
    actions.edit_plan(user, plan, version=body.version, facts=facts, reason=body.reason)
    return _detail(plan)


def _units(user: User, plan: Plan, ids: list[int], field: str) -> list[Unit]:
    """The units of `ids`: those the caller sees, and those the plan's form offers as lead or
    coordinating units (the province's departments, which a commune's officer does not
    otherwise see)."""
    offered = actions.lead_units(plan.unit).filter(pk__in=ids)
    found = {unit.pk: unit for unit in [*scope(user, Unit, "view").filter(pk__in=ids), *offered]}
    missing = set(ids) - set(found)
    if missing:
        raise ActionRefused(
            _("No unit with id %(id)s is visible to you.") % {"id": min(missing)}, field=field
        )
    return [found[pk] for pk in dict.fromkeys(ids)]


class ItemPatch(Schema):
    version: Id
    solution: LongText | None = None
    lead_unit_id: Id | None = None
    lead_name: Text | None = None
    coordinating_unit_ids: Annotated[list[Id], Field(max_length=100)] | None = None
    coordinating_names: list[Text] | None = None
    deadline: date | None = None
    expected_points: Points | None = None
    status: ItemStatus | None = None
    reason: LongText = ""


@router.patch("/plans/{plan_id}/items/{item_id}", response=PlanDetailOut, tags=["plans"])
def update_item(request: HttpRequest, plan_id: int, item_id: int, body: ItemPatch) -> Any:
    user = caller(request)
    item = get_in_scope(user, PlanItem, "manage", pk=item_id, plan_id=plan_id)
    given = body.model_fields_set
    lead_unit = item.lead_unit
    if "lead_unit_id" in given:
        ids = [body.lead_unit_id] if body.lead_unit_id else []
        lead_unit = _units(user, item.plan, ids, "lead_unit_id")[0] if ids else None
    coordinating = list(item.coordinating_units.all())
    if "coordinating_unit_ids" in given:
        ids = body.coordinating_unit_ids or []
        coordinating = _units(user, item.plan, ids, "coordinating_unit_ids")
    names = item.coordinating_names
    if "coordinating_names" in given:
        names = "\n".join(body.coordinating_names or [])
    facts = actions.ItemFacts(
        solution=body.solution if body.solution is not None else item.solution,
        deadline=body.deadline or item.deadline,
        expected_points=(
            body.expected_points if body.expected_points is not None else item.expected_points
        ),
        status=body.status or ItemStatus(item.status),
        lead_unit=lead_unit,
        lead_name=body.lead_name if body.lead_name is not None else item.lead_name,
        coordinating_units=tuple(coordinating),
        coordinating_names=names,
    )
    actions.edit_item(user, item, version=body.version, facts=facts, reason=body.reason)
    return _detail(item.plan)


class MoveIn(Schema):
    version: Id
    direction: Literal["up", "down"]


@router.post("/plans/{plan_id}/items/{item_id}/move", response=PlanDetailOut, tags=["plans"])
def move_item(request: HttpRequest, plan_id: int, item_id: int, body: MoveIn) -> Any:
    user = caller(request)
    item = get_in_scope(user, PlanItem, "manage", pk=item_id, plan_id=plan_id)
    actions.move_item(user, item, version=body.version, up=body.direction == "up")
    return _detail(item.plan)


class TargetIn(Schema):
    number: Annotated[int, Field(ge=1, le=999)]
    aim: LongText
    lead_unit_id: Id | None = None
    lead_name: Text = ""
    code: Annotated[str, Field(max_length=50)] = ""
    reason: LongText = ""


class TargetPatch(TargetIn):
    version: Id


def _target_facts(user: User, plan: Plan, body: TargetIn) -> actions.TargetFacts:
    ids = [body.lead_unit_id] if body.lead_unit_id else []
    lead = _units(user, plan, ids, "lead_unit_id")[0] if ids else None
    return actions.TargetFacts(body.number, body.aim, lead, body.lead_name, body.code)


@router.post("/plans/{plan_id}/targets", response={201: TargetOut}, tags=["plans"])
def create_target(request: HttpRequest, plan_id: int, body: TargetIn) -> Any:
    user = caller(request)
    plan = get_in_scope(user, Plan, "manage", pk=plan_id)
    facts = _target_facts(user, plan, body)
    target = actions.save_target(user, plan, facts=facts, reason=body.reason)
    return Status(201, target)


@router.patch("/plans/{plan_id}/targets/{target_id}", response=TargetOut, tags=["plans"])
def update_target(request: HttpRequest, plan_id: int, target_id: int, body: TargetPatch) -> Any:
    user = caller(request)
    target = get_in_scope(user, Target, "manage", pk=target_id, plan_id=plan_id)
    facts = _target_facts(user, target.plan, body)
    return actions.save_target(
        user, target.plan, facts=facts, target=target, version=body.version, reason=body.reason
    )


@router.delete("/plans/{plan_id}/targets/{target_id}", response={204: None}, tags=["plans"])
def delete_target(
    request: HttpRequest,
    plan_id: int,
    target_id: int,
    version: Annotated[int, Field(ge=1, le=2_147_483_647)],
    reason: str = "",
) -> Any:
    user = caller(request)
    target = get_in_scope(user, Target, "manage", pk=target_id, plan_id=plan_id)
    actions.remove_target(user, target, version=version, reason=reason)
    return Status(204, None)


class DecisionIn(Schema):
    version: Id
    reason: LongText = ""


@router.post("/plans/{plan_id}/approve", response=PlanDetailOut, tags=["plans"])
def approve_plan(request: HttpRequest, plan_id: int, body: DecisionIn) -> Any:
    user = caller(request)
    plan = get_in_scope(user, Plan, "view", pk=plan_id)
    actions.approve_plan(user, plan, version=body.version, reason=body.reason)
    return _detail(plan)


@router.post("/plans/{plan_id}/reopen", response=PlanDetailOut, tags=["plans"])
def reopen_plan(request: HttpRequest, plan_id: int, body: DecisionIn) -> Any:
    user = caller(request)
    plan = get_in_scope(user, Plan, "view", pk=plan_id)
    actions.reopen_plan(user, plan, version=body.version, reason=body.reason)
    return _detail(plan)
