"""Named writes for remediation plans: create one from a result, edit its header, items and
targets, approve it (then it is locked), reopen it; and the coordinators' solution entries
and Word templates.

Every write checks permission, writes in one transaction, records the audit event and,
for a plan, keeps the whole plan as it then stood (PlanVersion). What an edit may say is
core's to decide (parindex.core.plan.revise): a refusal names the field at fault.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F, Model, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from parindex.access import scope
from parindex.audit.models import label_actions
from parindex.audit.writes import (
    ActionRefused,
    Actor,
    Changes,
    acting_person,
    created,
    record,
    require,
    update_versioned,
)
from parindex.core import tree
from parindex.core.plan import ItemEdit, ItemStatus, Report, Shape, draft, revise
from parindex.core.plan import Target as CoreTarget
from parindex.frameworks.actions import framework_of
from parindex.frameworks.models import StoredFramework
from parindex.io import plan_document, render
from parindex.org import policy
from parindex.org.models import Role, Unit, UnitKind, User
from parindex.plans import build
from parindex.plans.models import (
    Plan,
    PlanItem,
    PlanReport,
    PlanState,
    PlanTemplate,
    PlanVersion,
    SolutionEntry,
    Target,
    lines,
)
from parindex.results.cards import framework_for
from parindex.results.models import Result

label_actions(
    {
        "create_plan": _("drafted the remediation plan"),
        "edit_plan": _("edited the remediation plan"),
        "edit_plan_item": _("edited a task of the remediation plan"),
        "move_plan_item": _("moved a task of the remediation plan"),
        "save_plan_target": _("saved a target of the remediation plan"),
        "remove_plan_target": _("removed a target of the remediation plan"),
        "approve_plan": _("approved the remediation plan"),
        "reopen_plan": _("reopened the remediation plan"),
        "save_solution": _("saved a solution of the library"),
        "remove_solution": _("removed a solution of the library"),
        "set_plan_template": _("set the Word template of plans"),
        "remove_plan_template": _("removed the Word template of plans"),
    }
)

TEMPLATE_MOST_BYTES = 5 * 1024 * 1024


# Who may do what ----------------------------------------------------------------------


def may_edit(user: User, unit: Unit) -> bool:
    """The unit's officers and the coordinators above it draft and edit its plan."""
    officer = any(
        tree.is_within(unit.path, path) for path in policy.paths(user, [Role.UNIT_OFFICER])
    )
    return officer or policy.coordinates(user, unit, strictly=True)


def may_approve(user: User, unit: Unit) -> bool:
    """The leaders of the unit or of a unit above it (and administrators) approve."""
    if policy.is_administrator(user):
        return True
    return any(tree.is_within(unit.path, path) for path in policy.paths(user, [Role.LEADER]))


def _editable(actor: Actor, plan: Plan) -> User:
    person = acting_person(actor)
    require(may_edit(person, plan.unit))
    if plan.locked:
        raise ActionRefused(
            _("The plan is approved and locked: a coordinator must reopen it before it changes.")
        )
    return person


def lead_units(unit: Unit) -> QuerySet[Unit]:
    """The units of the tree a plan of `unit` may give tasks to: the departments and other
    bodies of its province, and the units below it."""
    root = unit.path[: tree.SEGMENT_WIDTH + 1]
    bodies = Q(path__startswith=root, kind__in=[UnitKind.DEPARTMENT, UnitKind.OTHER])
    return Unit.objects.filter(bodies | Q(path__startswith=unit.path))


def _check_units(unit: Unit, chosen: Sequence[Unit], field: str) -> None:
    allowed = set(
        lead_units(unit).filter(pk__in=[u.pk for u in chosen]).values_list("pk", flat=True)
    )
    for each in chosen:
        if each.pk not in allowed:
            raise ActionRefused(
                _("%(unit)s is not a unit this plan can give tasks to.") % {"unit": each},
                field=field,
            )


def _recorded(
    person: User, plan: Plan, action: str, obj: Model, changes: Changes, reason: str = ""
) -> None:
    """Record the write's audit event and keep the whole plan as the write left it."""
    record(person, action, obj, changes, unit=plan.unit, reason=reason)
    number = (plan.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    PlanVersion.objects.create(
        plan=plan, number=number, by=person, action=action, snapshot=build.snapshot(plan)
    )


def _lead(plan: Plan, unit: Unit | None, name: str) -> tuple[str, dict[str, Any]]:
    """A lead's name as the plan writes it, and the columns that store it: a unit the plan
    may give tasks to, else a name (core refuses a task or target with neither)."""
    if unit is not None:
        _check_units(plan.unit, [unit], "lead_unit")
        return unit.name, {"lead_unit": unit, "lead_name": ""}
    return name.strip(), {"lead_unit": None, "lead_name": name.strip()}


# The plan -------------------------------------------------------------------------------


@transaction.atomic
def create_plan(actor: Actor, *, result: Result, lang: str = "vi", reason: str = "") -> Plan:
    """The draft plan of a result: every lost item with the library's solution, its lead,
    a deadline by how it is won back, and the usual reporting regime."""
    person = acting_person(actor)
    require(may_edit(person, result.unit))
    if Plan.objects.filter(result=result).exists():
        raise ActionRefused(_("%(result)s already has a remediation plan.") % {"result": result})
    gaps, framework = build.analysis(result)
    drafted = draft(gaps, build.library_for(result, lang), result.year, framework)
    header = drafted.header
    plan = Plan.objects.create(
        result=result,
        unit=result.unit,
        year=drafted.year,
        shape=drafted.shape,
        issuing_body=header.issuing_body,
        place=header.place,
    )
    PlanItem.objects.bulk_create(
        PlanItem(
            plan=plan,
            code=item.loss.code,
            node_id=_node_id(framework, item.loss.code),
            priority=item.priority,
            solution=item.solution,
            lead_name=item.lead,
            coordinating_names="\n".join(item.coordinating),
            deadline=item.deadline,
            expected_points=item.expected_points,
            status=item.status,
        )
        for item in drafted.items
    )
    PlanReport.objects.bulk_create(
        PlanReport(plan=plan, period=report.period, due=report.due) for report in drafted.reports
    )
    fields = ["result", "unit", "year", "shape", "issuing_body", "place"]
    _recorded(person, plan, "create_plan", plan, created(plan, fields), reason)
    return plan


def _node_id(framework: Any, code: str) -> str:
    node = framework.by_code(code)
    return node.id if node is not None else ""


@dataclass(frozen=True)
class Facts:
    """The header facts, the shape of section III and the reporting regime of a plan."""

    issuing_body: str
    superior_body: str = ""
    number: str = ""
    place: str = ""
    issued_on: date | None = None
    title: str = ""
    bases: str = ""
    purposes: str = ""
    requirements: str = ""
    recipients: str = ""
    signer_title: str = ""
    signer: str = ""
    shape: Shape = Shape.BY_ITEM
    reports: tuple[Report, ...] = ()


@transaction.atomic
def edit_plan(actor: Actor, plan: Plan, *, version: int, facts: Facts, reason: str = "") -> Plan:
    person = _editable(actor, plan)
    if not facts.issuing_body.strip():
        raise ActionRefused(_("Name the issuing body."), field="issuing_body")
    # Core checks the reporting days against the plan's years.
    revise(build.as_core(plan), reports=facts.reports, shape=facts.shape)
    values: dict[str, Any] = {
        name: getattr(facts, name) for name in Facts.__dataclass_fields__ if name != "reports"
    }
    values["shape"] = facts.shape.value
    old_reports = sorted((r.period, r.due) for r in plan.reports.all())
    new_reports = sorted((r.period, r.due) for r in facts.reports)
    changes = update_versioned(plan, version, values, always=old_reports != new_reports)
    if old_reports != new_reports:
        plan.reports.all().delete()
        PlanReport.objects.bulk_create(
            PlanReport(plan=plan, period=period, due=due) for period, due in new_reports
        )
        changes["reports"] = {
            "old": [f"{p} {d}" for p, d in old_reports],
            "new": [f"{p} {d}" for p, d in new_reports],
        }
    if changes:
        _recorded(person, plan, "edit_plan", plan, changes, reason)
    return plan


@dataclass(frozen=True)
class ItemFacts:
    solution: str
    deadline: date
    expected_points: Decimal
    status: ItemStatus
    lead_unit: Unit | None = None
    lead_name: str = ""
    coordinating_units: tuple[Unit, ...] = ()
    coordinating_names: str = ""


@transaction.atomic
def edit_item(
    actor: Actor, item: PlanItem, *, version: int, facts: ItemFacts, reason: str = ""
) -> PlanItem:
    plan = item.plan
    person = _editable(actor, plan)
    chosen = list(facts.coordinating_units)
    lead, lead_values = _lead(plan, facts.lead_unit, facts.lead_name)
    _check_units(plan.unit, chosen, "coordinating_units")
    names = tuple(unit.name for unit in chosen) + tuple(lines(facts.coordinating_names))
    edit = ItemEdit(
        facts.solution, lead, names, facts.deadline, facts.expected_points, facts.status
    )
    revise(build.as_core(plan), items={item.code: edit})
    values: dict[str, Any] = {
        "solution": facts.solution.strip(),
        **lead_values,
        "coordinating_names": "\n".join(lines(facts.coordinating_names)),
        "deadline": facts.deadline,
        "expected_points": facts.expected_points,
        "status": facts.status.value,
    }
    old_units = sorted(unit.name for unit in item.coordinating_units.all())
    new_units = sorted(unit.name for unit in chosen)
    changes = update_versioned(item, version, values, always=old_units != new_units)
    if old_units != new_units:
        item.coordinating_units.set(chosen)
        changes["coordinating_units"] = {"old": old_units, "new": new_units}
    if changes:
        changes["code"] = {"old": item.code, "new": item.code}
        _recorded(person, plan, "edit_plan_item", item, changes, reason)
    return item


@transaction.atomic
def move_item(actor: Actor, item: PlanItem, *, version: int, up: bool) -> PlanItem:
    """Swap the item with the one before (up) or after it in the plan's order."""
    plan = item.plan
    person = _editable(actor, plan)
    neighbours = plan.items.filter(priority__lt=item.priority).order_by("-priority")
    if not up:
        neighbours = plan.items.filter(priority__gt=item.priority).order_by("priority")
    other = neighbours.first()
    if other is None:
        return item
    old = item.priority
    update_versioned(item, version, {"priority": other.priority})
    PlanItem.objects.filter(pk=other.pk).update(priority=old, version=F("version") + 1)
    changes: Changes = {
        "priority": {"old": old, "new": item.priority},
        "code": {"old": item.code, "new": item.code},
    }
    _recorded(person, plan, "move_plan_item", item, changes)
    return item


@dataclass(frozen=True)
class TargetFacts:
    number: int
    aim: str
    lead_unit: Unit | None = None
    lead_name: str = ""
    code: str = ""


@transaction.atomic
def save_target(
    actor: Actor,
    plan: Plan,
    *,
    facts: TargetFacts,
    target: Target | None = None,
    version: int | None = None,
    reason: str = "",
) -> Target:
    """A new target of the plan, or (with `target` and its `version`) a changed one."""
    person = _editable(actor, plan)
    lead, lead_values = _lead(plan, facts.lead_unit, facts.lead_name)
    others = [
        CoreTarget(t.number, t.aim, t.lead, t.code)
        for t in plan.targets.select_related("lead_unit")
        if target is None or t.pk != target.pk
    ]
    current = build.as_core(plan)
    if facts.code.strip() and framework_for(plan.result).by_code(facts.code.strip()) is None:
        raise ActionRefused(
            _("The framework has no criterion %(code)s.") % {"code": facts.code}, field="code"
        )
    revise(current, targets=[*others, CoreTarget(facts.number, facts.aim, lead, facts.code)])
    values = {
        "number": facts.number,
        "aim": facts.aim.strip(),
        **lead_values,
        "code": facts.code.strip(),
    }
    if target is None:
        target = Target.objects.create(plan=plan, **values)
        changes = created(target, list(values))
    else:
        changes = update_versioned(target, version or 0, values)
    if changes:
        _recorded(person, plan, "save_plan_target", target, changes, reason)
    return target


@transaction.atomic
def remove_target(actor: Actor, target: Target, *, version: int, reason: str = "") -> None:
    plan = target.plan
    person = _editable(actor, plan)
    deleted, _rows = Target.objects.filter(pk=target.pk, version=version).delete()
    if not deleted:
        update_versioned(target, version, {}, always=True)  # says who changed it first
    changes: Changes = {
        "number": {"old": target.number, "new": None},
        "aim": {"old": target.aim, "new": None},
    }
    _recorded(person, plan, "remove_plan_target", target, changes, reason)


@transaction.atomic
def approve_plan(actor: Actor, plan: Plan, *, version: int, reason: str = "") -> Plan:
    """The leader approves: the plan is locked, and its solutions become the library's
    candidates for their criteria."""
    person = acting_person(actor)
    require(may_approve(person, plan.unit))
    if plan.locked:
        raise ActionRefused(_("The plan is already approved."))
    values = {
        "state": PlanState.APPROVED.value,
        "approved_by": person,
        "approved_at": timezone.now(),
    }
    changes = update_versioned(plan, version, values)
    _recorded(person, plan, "approve_plan", plan, changes, reason)
    return plan


@transaction.atomic
def reopen_plan(actor: Actor, plan: Plan, *, version: int, reason: str) -> Plan:
    """A coordinator above the unit reopens an approved plan, saying why."""
    person = acting_person(actor)
    require(policy.coordinates(person, plan.unit, strictly=True))
    if not plan.locked:
        raise ActionRefused(_("The plan is not approved: there is nothing to reopen."))
    if not reason.strip():
        raise ActionRefused(_("Say why the approved plan is reopened."), field="reason")
    values = {"state": PlanState.DRAFT.value, "approved_by": None, "approved_at": None}
    changes = update_versioned(plan, version, values)
    _recorded(person, plan, "reopen_plan", plan, changes, reason)
    return plan


# The solution library and Word templates -------------------------------------------------


@dataclass(frozen=True)
class SolutionFacts:
    owner: Unit
    framework_id: int
    code: str
    solution: str
    lead: str
    coordinating: str = ""


@transaction.atomic
def save_solution(
    actor: Actor,
    *,
    facts: SolutionFacts,
    entry: SolutionEntry | None = None,
    version: int | None = None,
    reason: str = "",
) -> SolutionEntry:
    person = acting_person(actor)
    require(policy.coordinates(person, facts.owner))
    stored = scope(person, StoredFramework, "view").filter(pk=facts.framework_id).first()
    if stored is None:
        raise ActionRefused(_("Choose one of your frameworks."), field="framework")
    node = framework_of(stored).by_code(facts.code.strip())
    if node is None:
        raise ActionRefused(
            _("The framework has no criterion %(code)s.") % {"code": facts.code}, field="code"
        )
    for name in ("solution", "lead"):
        if not getattr(facts, name).strip():
            raise ActionRefused(_("This field is required."), field=name)
    values = {
        "owner": facts.owner,
        "framework": stored,
        "node_id": node.id,
        "code": node.code,
        "solution": facts.solution.strip(),
        "lead": facts.lead.strip(),
        "coordinating": "\n".join(lines(facts.coordinating)),
    }
    if entry is None:
        entry = SolutionEntry.objects.create(**values)
        changes = created(entry, ["owner", "framework", "code", "solution", "lead"])
    else:
        require(policy.coordinates(person, entry.owner))
        changes = update_versioned(entry, version or 0, values)
    if changes:
        record(person, "save_solution", entry, changes, unit=facts.owner, reason=reason)
    return entry


@transaction.atomic
def remove_solution(actor: Actor, entry: SolutionEntry, *, reason: str = "") -> None:
    person = acting_person(actor)
    require(policy.coordinates(person, entry.owner))
    changes = {
        "code": {"old": entry.code, "new": None},
        "solution": {"old": entry.solution, "new": None},
    }
    record(person, "remove_solution", entry, changes, unit=entry.owner, reason=reason)
    entry.delete()


@transaction.atomic
def set_plan_template(
    actor: Actor, *, unit: Unit, data: bytes, filename: str, reason: str = ""
) -> PlanTemplate:
    """The Word file the plans of `unit`'s subtree are written into; refused, naming the
    file, when it is too large or not a Word document python-docx can open."""
    person = acting_person(actor)
    require(policy.coordinates(person, unit))
    if len(data) > TEMPLATE_MOST_BYTES:
        raise ActionRefused(
            _("The file %(file)s is larger than %(most)s MB.")
            % {"file": filename, "most": TEMPLATE_MOST_BYTES // (1024 * 1024)},
            field="file",
        )
    try:
        plan_document.check_template(data, filename)
    except plan_document.TemplateRefused as refused:
        words = render.message(refused.message, render.chosen(get_language()))
        raise ActionRefused(words, field="file") from refused
    old = PlanTemplate.objects.filter(unit=unit).first()
    template, _new = PlanTemplate.objects.update_or_create(
        unit=unit, defaults={"filename": filename, "data": data, "uploaded_by": person}
    )
    changes = {"filename": {"old": old.filename if old else None, "new": filename}}
    record(person, "set_plan_template", template, changes, unit=unit, reason=reason)
    return template


@transaction.atomic
def remove_plan_template(actor: Actor, *, unit: Unit, reason: str = "") -> None:
    person = acting_person(actor)
    require(policy.coordinates(person, unit))
    template = PlanTemplate.objects.filter(unit=unit).first()
    if template is None:
        return
    changes = {"filename": {"old": template.filename, "new": None}}
    record(person, "remove_plan_template", template, changes, unit=unit, reason=reason)
    template.delete()


def template_for(unit: Unit) -> bytes | None:
    """The Word template of the nearest unit at or above `unit` that has one."""
    ids = tree.ids(unit.path)
    found = {t.unit_id: bytes(t.data) for t in PlanTemplate.objects.filter(unit_id__in=ids)}
    for unit_id in reversed(ids):
        if unit_id in found:
            return found[unit_id]
    return None
