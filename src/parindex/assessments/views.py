"""Cycle pages for coordinators: the list, opening a cycle, the dashboard (stages, progress
per unit and group, who is late, reminders), a stage's dates, naming appraisers and council
members, council approval and publication. The work is parindex.assessments.actions'."""

from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from parindex.access import get_in_scope, scope
from parindex.assessments import actions, build, reminders
from parindex.assessments.forms import CycleForm, NameForm, StageForm
from parindex.assessments.models import Assessment, AssessmentState, Cycle, Stage
from parindex.audit.writes import ActionRefused
from parindex.core.assessment import STAGE_ORDER, Override, StageKind
from parindex.frameworks.models import StoredFramework
from parindex.org import policy
from parindex.org.models import RankingGroup, Role, User
from parindex.web.forms import submit
from parindex.web.http import AuthenticatedRequest

PAGE_SIZE = 100


@login_required
@require_GET
def cycle_list(request: AuthenticatedRequest) -> HttpResponse:
    cycles = scope(request.user, Cycle, "view").select_related("evaluating_unit", "framework")
    page = Paginator(cycles, PAGE_SIZE).get_page(request.GET.get("page"))
    may_open = policy.manages_a_subtree(request.user)
    mine = scope(request.user, Assessment, "manage").select_related("unit", "cycle")
    return render(
        request,
        "assessments/cycle_list.html",
        {"cycles": page, "page": page, "may_open": may_open, "mine": mine[:PAGE_SIZE]},
    )


@login_required
def cycle_create(request: AuthenticatedRequest) -> HttpResponse:
    if not policy.manages_a_subtree(request.user):
        raise PermissionDenied
    form = CycleForm(
        request.POST or None,
        units=policy.managed_units(request.user),
        frameworks=scope(request.user, StoredFramework, "view").filter(complete=True),
        groups=scope(request.user, RankingGroup, "manage").select_related("evaluating_unit"),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        cycle = submit(
            form,
            lambda: actions.open_cycle(
                request.user,
                evaluating_unit=data["evaluating_unit"],
                year=data["year"],
                framework=data["framework"],
                title=data["title"],
                stages=form.stages(),
                groups=list(data["groups"]),
                reason=data["reason"],
            ),
        )
        if cycle is not None:
            return redirect("cycle_detail", cycle.pk)
    return render(request, "assessments/cycle_form.html", {"form": form})


@dataclass(frozen=True)
class UnitLine:
    assessment: Assessment
    filled: int
    entered: int
    late: bool

    @property
    def percent(self) -> int:
        return 100 if not self.entered else self.filled * 100 // self.entered


@dataclass(frozen=True)
class GroupLine:
    name: str
    submitted: int
    units: int

    @property
    def percent(self) -> int:
        return 100 if not self.units else self.submitted * 100 // self.units


def unit_lines(cycle: Cycle, today: date) -> list[UnitLine]:
    """Each unit's progress: criteria scored, and late once self-assessment has closed
    without a submission."""
    closes = build.stages(cycle)[StageKind.SELF_ASSESSMENT]
    past = closes.days_left(today) < 0 or closes.override is Override.CLOSED
    rows = (
        cycle.assessments.select_related("unit", "result")
        .annotate(
            filled=Count("entries", filter=Q(entries__self_points__isnull=False)),
            entered=Count("entries"),
        )
        .order_by("unit__path")
    )
    return [
        UnitLine(row, row.filled, row.entered, past and row.state == AssessmentState.DRAFT)
        for row in rows
    ]


@login_required
@require_GET
def cycle_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    cycle = get_in_scope(request.user, Cycle, "view", pk=pk)
    today = build.today()
    stages = sorted(cycle.stages.all(), key=lambda s: STAGE_ORDER.index(StageKind(s.kind)))
    coordinate = actions.coordinates(request.user, cycle)
    # An officer sees their own unit's line; the people above see every unit's.
    shown = set(
        scope(request.user, Assessment, "view").filter(cycle=cycle).values_list("pk", flat=True)
    )
    lines = [line for line in unit_lines(cycle, today) if line.assessment.pk in shown]
    submitted = {
        line.assessment.unit_id for line in lines if line.assessment.state != AssessmentState.DRAFT
    }
    groups = [
        GroupLine(
            group.name,
            sum(1 for unit in group.units.all() if unit.pk in submitted),
            len(group.units.all()),
        )
        for group in cycle.groups.prefetch_related("units")
    ]
    self_stage = build.stages(cycle)[StageKind.SELF_ASSESSMENT]
    fields = {node.id: f"{node.code}. {node.title}" for node in build.framework(cycle).nodes}
    context = {
        "cycle": cycle,
        "stages": [(stage, build.stage(stage).is_open(today)) for stage in stages],
        "lines": lines,
        "late": [line for line in lines if line.late],
        "groups": groups,
        # None once self-assessment has ended, by its date, by hand or by publication.
        "days_left": self_stage.days_left(today)
        if self_stage.is_open(today) and cycle.published_at is None
        else None,
        "coordinate": coordinate,
        "council": actions.sits_on_council(request.user, cycle)
        and cycle.council_approved_at is None
        and build.is_open(cycle, StageKind.COUNCIL),
        "may_publish": coordinate
        and cycle.published_at is None
        and cycle.council_approved_at is not None
        and build.is_open(cycle, StageKind.PUBLICATION),
        "named": [
            (assignment, fields.get(assignment.field, ""))
            for assignment in cycle.role_assignments.select_related("user")
        ],
    }
    return render(request, "assessments/cycle_detail.html", context)


@login_required
def stage_edit(request: AuthenticatedRequest, pk: int, kind: str) -> HttpResponse:
    stage = get_in_scope(request.user, Stage, "manage", cycle_id=pk, kind=kind)
    initial = {
        "opens": stage.opens,
        "closes": stage.closes,
        "override": stage.override,
        "version": stage.version,
    }
    form = StageForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = submit(
            form,
            lambda: actions.edit_stage(
                request.user,
                stage,
                version=data["version"],
                opens=data["opens"],
                closes=data["closes"],
                override=Override(data["override"] or ""),
                reason=data["reason"],
            ),
        )
        if done is not None:
            return redirect("cycle_detail", pk)
    return render(request, "assessments/stage_form.html", {"stage": stage, "form": form})


@login_required
def cycle_people(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    cycle = get_in_scope(request.user, Cycle, "manage", pk=pk)
    fields = [(node.id, f"{node.code}. {node.title}") for node in build.framework(cycle).nodes]
    form = NameForm(request.POST or None, people=scope(request.user, User, "view"), fields=fields)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = submit(
            form,
            lambda: actions.name_to_cycle(
                request.user,
                cycle,
                user=data["user"],
                role=Role(data["role"]),
                field=data["field"],
                reason=data["reason"],
            ),
        )
        if done is not None:
            messages.success(
                request, _("%(person)s is named to the cycle.") % {"person": done.user}
            )
            return redirect("cycle_detail", pk)
    return render(request, "assessments/cycle_people.html", {"cycle": cycle, "form": form})


def _decide(request: AuthenticatedRequest, cycle: Cycle, write: str) -> HttpResponse:
    try:
        version = int(request.POST.get("version", ""))
        if write == "approve":
            actions.approve_in_council(request.user, cycle, version=version)
            messages.success(request, _("The council's approval is recorded."))
        else:
            actions.publish_cycle(request.user, cycle, version=version)
            messages.success(request, _("The results are published."))
    except ValueError:
        messages.error(request, _("The page is out of date: reload it and try again."))
    except ActionRefused as refused:
        messages.error(request, str(refused.message))
    return redirect("cycle_detail", cycle.pk)


@login_required
@require_POST
def cycle_approve(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    cycle = get_in_scope(request.user, Cycle, "view", pk=pk)
    if not actions.sits_on_council(request.user, cycle):
        raise PermissionDenied
    return _decide(request, cycle, "approve")


@login_required
@require_POST
def cycle_publish(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    cycle = get_in_scope(request.user, Cycle, "manage", pk=pk)
    return _decide(request, cycle, "publish")


@login_required
@require_POST
def cycle_remind(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """E-mail the officers of every unit that has not submitted yet."""
    cycle = get_in_scope(request.user, Cycle, "manage", pk=pk)
    sent = reminders.remind(request.user, cycle)
    messages.success(request, _("%(count)s reminders sent.") % {"count": sent})
    return redirect("cycle_detail", pk)
