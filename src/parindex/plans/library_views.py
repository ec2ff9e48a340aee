"""The solution library's page (what coordinators wrote, and what approved plans used,
per criterion) and the Word template a unit's plans are written into."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from parindex.access import get_in_scope, scope
from parindex.frameworks.models import StoredFramework
from parindex.org import policy
from parindex.org.models import Unit
from parindex.plans import actions
from parindex.plans.forms import SolutionForm, TemplateForm
from parindex.plans.models import Plan, PlanItem, PlanState, PlanTemplate, SolutionEntry
from parindex.web.forms import ChangeForm, submit
from parindex.web.http import AuthenticatedRequest

LEARNED_SHOWN = 200


@login_required
@require_GET
def solution_list(request: AuthenticatedRequest) -> HttpResponse:
    if not policy.manages_a_subtree(request.user):
        raise PermissionDenied
    entries = scope(request.user, SolutionEntry, "view").select_related("owner", "framework")
    approved = scope(request.user, Plan, "view").filter(state=PlanState.APPROVED)
    learned = (
        PlanItem.objects.filter(plan__in=approved)
        .values("plan__result__framework__title", "code", "solution")
        .annotate(uses=Count("id"))
        .order_by("plan__result__framework__title", "code", "-uses")[:LEARNED_SHOWN]
    )
    context = {"entries": entries, "learned": learned}
    return render(request, "plans/solution_list.html", context)


def _solution_form(request: AuthenticatedRequest, entry: SolutionEntry | None) -> HttpResponse:
    initial = SolutionForm.initial_of(entry) if entry is not None else {}
    form = SolutionForm(
        request.POST or None,
        initial=initial,
        owners=policy.managed_units(request.user),
        frameworks=scope(request.user, StoredFramework, "view"),
    )
    if request.method == "POST" and form.is_valid():
        facts, version = form.facts(), form.cleaned_data["version"]
        reason = form.cleaned_data["reason"]
        done = submit(
            form,
            lambda: actions.save_solution(
                request.user, facts=facts, entry=entry, version=version, reason=reason
            ),
        )
        if done is not None:
            return redirect("solution_list")
    return render(request, "plans/solution_form.html", {"form": form, "entry": entry})


@login_required
def solution_new(request: AuthenticatedRequest) -> HttpResponse:
    if not policy.manages_a_subtree(request.user):
        raise PermissionDenied
    return _solution_form(request, None)


@login_required
def solution_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _solution_form(request, get_in_scope(request.user, SolutionEntry, "manage", pk=pk))


@login_required
@require_POST
def solution_remove(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    entry = get_in_scope(request.user, SolutionEntry, "manage", pk=pk)
    form = ChangeForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    actions.remove_solution(request.user, entry, reason=reason)
    return redirect("solution_list")


@login_required
def plan_template(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A unit's Word template for plans: upload (replacing the last) or remove it."""
    unit = get_in_scope(request.user, Unit, "view", pk=pk)
    # A coordinator sets the template of their own unit too, not only of those below it.
    if not policy.coordinates(request.user, unit):
        raise PermissionDenied
    current = PlanTemplate.objects.filter(unit=unit).first()
    form = TemplateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and request.POST.get("remove"):
        actions.remove_plan_template(request.user, unit=unit)
        messages.success(
            request, _("The template is removed: plans are written in the usual format.")
        )
        return redirect("plan_template", unit.pk)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        reason = form.cleaned_data["reason"]
        done = submit(
            form,
            lambda: actions.set_plan_template(
                request.user, unit=unit, data=upload.read(), filename=upload.name, reason=reason
            ),
        )
        if done is not None:
            return redirect("plan_template", unit.pk)
    context = {"unit": unit, "current": current, "form": form}
    return render(request, "plans/plan_template.html", context)
