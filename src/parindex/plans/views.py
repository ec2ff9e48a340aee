"""Remediation plan pages: the list, a plan with its tasks edited in place (htmx), its
header facts, targets, approval, versions and documents; the solution library and the Word
template of a unit's plans. The work is parindex.plans.actions' and io's."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from parindex.access import Action, get_in_scope, scope
from parindex.audit.writes import ActionRefused
from parindex.core.plan import Plan as CorePlan
from parindex.core.plan import PlanItem as CoreItem
from parindex.io import plan_document, tables
from parindex.org import policy
from parindex.plans import actions, build
from parindex.plans.forms import ItemForm, PlanForm, ReopenForm, TargetForm
from parindex.plans.models import STATUSES, Plan, PlanItem, PlanVersion, Target
from parindex.results.models import Result
from parindex.web.forms import VersionedChangeForm, submit
from parindex.web.http import AuthenticatedRequest
from parindex.web.messages import language

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE_SIZE = 100


def _download(data: bytes, filename: str, kind: str) -> HttpResponse:
    response = HttpResponse(data, content_type=kind)
    response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    return response


@login_required
@require_GET
def plan_list(request: AuthenticatedRequest) -> HttpResponse:
    plans = scope(request.user, Plan, "view").select_related("unit", "result")
    page = Paginator(plans, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"plans": page, "page": page, "may_library": policy.manages_a_subtree(request.user)}
    return render(request, "plans/plan_list.html", context)


@login_required
@require_POST
def plan_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Store the draft of a result's plan, to edit it."""
    result = get_in_scope(request.user, Result, "view", pk=pk)
    try:
        plan = actions.create_plan(request.user, result=result, lang=language())
    except ActionRefused as refused:
        messages.error(request, str(refused.message))
        return redirect("result_plan", result.pk)
    return redirect("plan_detail", plan.pk)


# A plan ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """A task as the page shows it: core's numbers beside the stored row."""

    core: CoreItem
    row: PlanItem


def _rows(plan: Plan, core: CorePlan) -> list[Row]:
    stored = {
        item.code: item
        for item in plan.items.select_related("lead_unit").prefetch_related("coordinating_units")
    }
    return [
        Row(item, stored[item.loss.code]) for item in core.by_priority if item.loss.code in stored
    ]


def _context(request: AuthenticatedRequest, plan: Plan) -> dict[str, Any]:
    core = build.as_core(plan)
    may_edit = not plan.locked and scope(request.user, Plan, "manage").filter(pk=plan.pk).exists()
    return {
        "plan": plan,
        "core": core,
        "rows": _rows(plan, core),
        "may_edit": may_edit,
        "may_approve": not plan.locked and actions.may_approve(request.user, plan.unit),
        "may_reopen": plan.locked and policy.coordinates(request.user, plan.unit, strictly=True),
        "targets": plan.targets.select_related("lead_unit"),
        "reports": plan.reports.all(),
    }


@login_required
@require_GET
def plan_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    plan = get_in_scope(request.user, Plan, "view", pk=pk)
    return render(request, "plans/plan_detail.html", _context(request, plan))


@login_required
def plan_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    plan = get_in_scope(request.user, Plan, "manage", pk=pk)
    form = PlanForm(request.POST or None, initial=PlanForm.initial_of(plan))
    if request.method == "POST" and form.is_valid():
        facts = form.facts(plan.year)
        version, reason = form.cleaned_data["version"], form.cleaned_data["reason"]
        done = submit(
            form,
            lambda: actions.edit_plan(
                request.user, plan, version=version, facts=facts, reason=reason
            ),
        )
        if done is not None:
            return redirect("plan_detail", plan.pk)
    return render(request, "plans/plan_form.html", {"plan": plan, "form": form})


def _item_of(request: AuthenticatedRequest, pk: int, item: int, action: Action) -> PlanItem:
    return get_in_scope(request.user, PlanItem, action, pk=item, plan_id=pk)


def _row_response(request: AuthenticatedRequest, plan: Plan, item: PlanItem) -> HttpResponse:
    context = _context(request, plan)
    [row] = [row for row in context["rows"] if row.row.pk == item.pk]
    return render(request, "plans/item_row.html", {**context, "r": row, "totals_oob": True})


@login_required
def plan_item(request: AuthenticatedRequest, pk: int, item: int) -> HttpResponse:
    """A task's row; with ?edit=1 its form in place of the row; a POST saves it."""
    editing = request.method == "POST" or request.GET.get("edit") == "1"
    stored = _item_of(request, pk, item, "manage" if editing else "view")
    plan = stored.plan
    if not editing:
        return _row_response(request, plan, stored)
    # The task as the plan shows it: its loss, and its points as the framework writes them.
    shown = next((i for i in build.as_core(plan).items if i.loss.code == stored.code), None)
    if shown is None:
        raise Http404
    initial = {**ItemForm.initial_of(stored), "expected_points": shown.expected_points}
    form = ItemForm(request.POST or None, initial=initial, units=actions.lead_units(plan.unit))
    if request.method == "POST" and form.is_valid():
        facts, version = form.facts(), form.cleaned_data["version"]
        reason = form.cleaned_data["reason"]
        done = submit(
            form,
            lambda: actions.edit_item(
                request.user, stored, version=version, facts=facts, reason=reason
            ),
        )
        if done is not None:
            if request.htmx:
                return _row_response(request, plan, done)
            return redirect("plan_detail", plan.pk)
    context = {"plan": plan, "item": stored, "loss": shown.loss, "form": form}
    template = "plans/item_form.html" if request.htmx else "plans/item_page.html"
    return render(request, template, context)


@login_required
@require_POST
def plan_item_move(request: AuthenticatedRequest, pk: int, item: int) -> HttpResponse:
    stored = _item_of(request, pk, item, "manage")
    form = VersionedChangeForm(request.POST)
    if form.is_valid():
        up = request.POST.get("direction") != "down"
        version = form.cleaned_data["version"]
        try:
            actions.move_item(request.user, stored, version=version, up=up)
        except ActionRefused as refused:
            messages.error(request, str(refused.message))
    if request.htmx:
        return render(request, "plans/item_table.html", _context(request, stored.plan))
    return redirect("plan_detail", pk)


def _target_form(request: AuthenticatedRequest, plan: Plan, target: Target | None) -> HttpResponse:
    units = actions.lead_units(plan.unit)
    if target is not None:
        initial = TargetForm.initial_of(target)
    else:
        numbers = plan.targets.values_list("number", flat=True)
        initial = {"number": max(numbers, default=0) + 1}
    form = TargetForm(request.POST or None, initial=initial, units=units)
    if request.method == "POST" and form.is_valid():
        facts, version = form.facts(), form.cleaned_data["version"]
        reason = form.cleaned_data["reason"]
        done = submit(
            form,
            lambda: actions.save_target(
                request.user, plan, facts=facts, target=target, version=version, reason=reason
            ),
        )
        if done is not None:
            return redirect("plan_detail", plan.pk)
    return render(request, "plans/target_form.html", {"plan": plan, "target": target, "form": form})


@login_required
def plan_target_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    plan = get_in_scope(request.user, Plan, "manage", pk=pk)
    return _target_form(request, plan, None)


@login_required
def plan_target_edit(request: AuthenticatedRequest, pk: int, target: int) -> HttpResponse:
    found = get_in_scope(request.user, Target, "manage", pk=target, plan_id=pk)
    return _target_form(request, found.plan, found)


def _decide(
    request: AuthenticatedRequest,
    pk: int,
    form: VersionedChangeForm,
    write: Callable[[int, str], object],
    done: str = "",
) -> HttpResponse:
    """A button of the plan's page: the write with the form's version and reason, then back
    to the plan, where what was refused (the write's words, or the form's) is said."""
    if form.is_valid():
        try:
            write(form.cleaned_data["version"], form.cleaned_data["reason"])
        except ActionRefused as refused:
            messages.error(request, str(refused.message))
        else:
            if done:
                messages.success(request, done)
    elif "version" in form.errors:
        messages.error(request, _("The plan's version is missing: reload the page."))
    else:
        for name, errors in form.errors.items():
            messages.error(request, f"{form[name].label}: {errors[0]}")
    return redirect("plan_detail", pk)


@login_required
@require_POST
def plan_target_remove(request: AuthenticatedRequest, pk: int, target: int) -> HttpResponse:
    found = get_in_scope(request.user, Target, "manage", pk=target, plan_id=pk)
    return _decide(
        request,
        pk,
        VersionedChangeForm(request.POST),
        lambda version, reason: actions.remove_target(
            request.user, found, version=version, reason=reason
        ),
    )


@login_required
@require_POST
def plan_approve(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    plan = get_in_scope(request.user, Plan, "view", pk=pk)
    return _decide(
        request,
        pk,
        VersionedChangeForm(request.POST),
        lambda version, reason: actions.approve_plan(
            request.user, plan, version=version, reason=reason
        ),
        _("The plan is approved and locked."),
    )


@login_required
@require_POST
def plan_reopen(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    plan = get_in_scope(request.user, Plan, "view", pk=pk)
    return _decide(
        request,
        pk,
        ReopenForm(request.POST),
        lambda version, reason: actions.reopen_plan(
            request.user, plan, version=version, reason=reason
        ),
    )


# Documents and versions -----------------------------------------------------------------


def _docx(plan: Plan, core: CorePlan, suffix: str = "") -> HttpResponse:
    data = plan_document.write(core, language(), actions.template_for(plan.unit))
    filename = f"ke-hoach-{plan.unit.code}-{plan.year}{suffix}.docx"
    return _download(data, filename, DOCX)


@login_required
@require_GET
def plan_docx(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    plan = get_in_scope(request.user, Plan, "view", pk=pk)
    return _docx(plan, build.as_core(plan))


def items_table(core: CorePlan) -> tables.Table:
    """The lost items and their tasks, as the plan's workbook shows them."""
    return tables.Table(
        _("Remediation plan"),
        [
            _("No."),
            _("Code"),
            _("Criterion"),
            _("Max"),
            _("Achieved"),
            _("Lost"),
            _("Reason"),
            _("Solution"),
            _("Lead"),
            _("Coordinating"),
            _("Deadline"),
            _("Points expected back"),
            _("Status"),
        ],
        [
            [
                item.priority,
                item.loss.code,
                item.loss.title,
                item.loss.max_points,
                item.loss.achieved,
                item.loss.lost,
                "\n".join(item.loss.reasons),
                item.solution,
                item.lead,
                "\n".join(item.coordinating),
                item.deadline.strftime("%d/%m/%Y"),
                item.expected_points,
                str(dict(STATUSES)[item.status.value]),
            ]
            for item in core.by_priority
        ],
    )


@login_required
@require_GET
def plan_items_xlsx(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    plan = get_in_scope(request.user, Plan, "view", pk=pk)
    data = tables.workbook([items_table(build.as_core(plan))])
    return _download(data, f"ke-hoach-{plan.unit.code}-{plan.year}.xlsx", XLSX)


@login_required
@require_GET
def plan_versions(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    plan = get_in_scope(request.user, Plan, "view", pk=pk)
    versions = plan.versions.select_related("by").defer("snapshot")
    return render(request, "plans/plan_versions.html", {"plan": plan, "versions": versions})


@login_required
@require_GET
def plan_version_docx(request: AuthenticatedRequest, pk: int, number: int) -> HttpResponse:
    plan = get_in_scope(request.user, Plan, "view", pk=pk)
    kept = get_object_or_404(PlanVersion, plan=plan, number=number)
    return _docx(plan, build.as_core(plan, kept.snapshot), f"-v{number}")
