"""Pages for units, ranking groups and people: fetch through scope, call a named write, render."""

from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from parindex.access import get_in_scope, scope
from parindex.audit.models import AuditEvent
from parindex.core import lineage, tree
from parindex.core.province import (
    default_departments,
    departments_text,
    parse_departments,
    plan_tree,
)
from parindex.io import national_units
from parindex.org import actions, invitations, policy
from parindex.org.forms import (
    AssignRoleForm,
    GroupCreateForm,
    GroupEditForm,
    LineageForm,
    PersonCreateForm,
    ProvinceBuildForm,
    SetPasswordForm,
    UnitCreateForm,
    UnitEditForm,
)
from parindex.org.lineage import lineage_event, lineage_rows
from parindex.org.models import LineageEvent, RankingGroup, Role, RoleAssignment, Unit, User
from parindex.org.scopes import visible_roles
from parindex.web.forms import ChangeForm, submit
from parindex.web.http import AuthenticatedRequest


@login_required
def unit_list(request: AuthenticatedRequest) -> HttpResponse:
    units = scope(request.user, Unit, "view")
    context = {"units": units, "may_import": policy.manages_a_subtree(request.user)}
    return render(request, "org/unit_list.html", context)


@login_required
def unit_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    unit = get_in_scope(request.user, Unit, "view", pk=pk)
    visible = scope(request.user, Unit, "view")
    children = visible.filter(parent=unit)
    # Breadcrumbs: the ancestors this person may open.
    ancestors = visible.filter(pk__in=tree.ids(unit.path)[:-1])
    groups = scope(request.user, RankingGroup, "view").filter(units=unit)
    events = [lineage_event(e) for e in scope(request.user, LineageEvent, "view")]
    history = scope(request.user, AuditEvent, "view").filter(
        object_type="org.unit", object_id=str(unit.pk)
    )[:20]
    context = {
        "unit": unit,
        "ancestors": ancestors,
        "earlier": lineage_rows(lineage.earlier(unit.pk, events)),
        "later": lineage_rows(lineage.later(unit.pk, events)),
        "children": children,
        "groups": groups,
        "history": history,
        "may_edit": scope(request.user, Unit, "manage").filter(pk=unit.pk).exists(),
        "may_add_child": policy.may_create_unit_under(request.user, unit),
        # Offered while the province is still empty; later codes would collide anyway.
        "may_build": not children.exists() and policy.may_build_province(request.user, unit),
    }
    return render(request, "org/unit_detail.html", context)


@login_required
def unit_create(request: AuthenticatedRequest) -> HttpResponse:
    parent_id = request.GET.get("parent")
    parent = get_in_scope(request.user, Unit, "view", pk=parent_id) if parent_id else None
    if not policy.may_create_unit_under(request.user, parent):
        raise PermissionDenied
    form = UnitCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit = submit(
            form,
            lambda: actions.create_unit(
                request.user,
                code=data["code"],
                name=data["name"],
                kind=data["kind"],
                parent=parent,
                valid_from=data["valid_from"],
                valid_to=data["valid_to"],
                reason=data["reason"],
            ),
        )
        if unit:
            return redirect("unit_detail", pk=unit.pk)
    return render(request, "org/unit_form.html", {"form": form, "parent": parent})


@login_required
def unit_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    unit = get_in_scope(request.user, Unit, "manage", pk=pk)
    parents = policy.managed_units(request.user).exclude(path__startswith=unit.path)
    initial = {f: getattr(unit, f) for f in actions.UNIT_FIELDS} | {"version": unit.version}
    form = UnitEditForm(
        request.POST or None, initial=initial, parents=parents, root=unit.parent is None
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version, reason = data.pop("version"), data.pop("reason")
        if submit(
            form,
            lambda: actions.update_unit(request.user, unit, version=version, reason=reason, **data),
        ):
            return redirect("unit_detail", pk=unit.pk)
    return render(request, "org/unit_form.html", {"form": form, "unit": unit})


@login_required
def group_list(request: AuthenticatedRequest) -> HttpResponse:
    groups = scope(request.user, RankingGroup, "view").select_related("evaluating_unit")
    # Administrators add groups from the evaluating unit's page, where the unit is known.
    may_create = bool(policy.paths(request.user, [Role.COORDINATOR]))
    return render(request, "org/group_list.html", {"groups": groups, "may_create": may_create})


@login_required
def group_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    group = get_in_scope(request.user, RankingGroup, "view", pk=pk)
    may_edit = scope(request.user, RankingGroup, "manage").filter(pk=group.pk).exists()
    return render(request, "org/group_detail.html", {"group": group, "may_edit": may_edit})


@login_required
def group_create(request: AuthenticatedRequest) -> HttpResponse:
    unit_id = request.GET.get("unit")
    if unit_id:
        evaluator: Unit | None = get_in_scope(request.user, Unit, "view", pk=unit_id)
    else:
        coordinated = policy.paths(request.user, [Role.COORDINATOR])
        evaluator = Unit.objects.filter(path__in=coordinated).first()
    if evaluator is None or not policy.coordinates(request.user, evaluator):
        raise PermissionDenied
    form = GroupCreateForm(request.POST or None, candidates=policy.rankable_units(evaluator))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        group = submit(
            form,
            lambda: actions.create_ranking_group(
                request.user,
                evaluating_unit=evaluator,
                year=data["year"],
                name=data["name"],
                units=data["units"],
                reason=data["reason"],
            ),
        )
        if group:
            return redirect("group_detail", pk=group.pk)
    return render(request, "org/group_form.html", {"form": form, "evaluator": evaluator})


@login_required
def group_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    group = get_in_scope(request.user, RankingGroup, "manage", pk=pk)
    evaluator = group.evaluating_unit
    initial = {
        "name": group.name,
        "year": group.year,
        "units": list(group.units.all()),
        "version": group.version,
    }
    form = GroupEditForm(
        request.POST or None, initial=initial, candidates=policy.rankable_units(evaluator)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if submit(
            form,
            lambda: actions.update_ranking_group(
                request.user,
                group,
                version=data["version"],
                name=data["name"],
                year=data["year"],
                units=data["units"],
                reason=data["reason"],
            ),
        ):
            return redirect("group_detail", pk=group.pk)
    context = {"form": form, "group": group, "evaluator": evaluator}
    return render(request, "org/group_form.html", context)


@login_required
def person_list(request: AuthenticatedRequest) -> HttpResponse:
    people = scope(request.user, User, "view").prefetch_related(visible_roles(request.user))
    context = {"people": people, "may_create": policy.manages_a_subtree(request.user)}
    return render(request, "org/person_list.html", context)


@login_required
def person_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = get_in_scope(request.user, User, "view", pk=pk)
    visible = scope(request.user, RoleAssignment, "view").filter(user=person)
    revocable = set(
        scope(request.user, RoleAssignment, "manage")
        .filter(user=person)
        .values_list("pk", flat=True)
    )
    may_assign = scope(request.user, User, "manage").filter(pk=person.pk).exists()
    form = AssignRoleForm(giver=request.user) if may_assign else None
    context = {
        "person": person,
        "assignments": visible.select_related("unit"),
        "revocable": revocable,
        "form": form,
    }
    return render(request, "org/person_detail.html", context)


@login_required
def person_create(request: AuthenticatedRequest) -> HttpResponse:
    if not policy.manages_a_subtree(request.user):
        raise PermissionDenied
    form = PersonCreateForm(request.POST or None, giver=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = submit(
            form,
            lambda: actions.create_user(
                request.user,
                username=data["username"],
                full_name=data["full_name"],
                email=data["email"],
                password=None,
                role=data["role"],
                unit=data["unit"],
                reason=data["reason"],
            ),
        )
        if person:
            secret = actions.invite_user(request.user, person, reason=data["reason"])
            return _show_invitation(request, person, secret)
    return render(request, "org/person_form.html", {"form": form})


def _show_invitation(request: AuthenticatedRequest, person: User, secret: str) -> HttpResponse:
    """The one-time link, shown once to the coordinator and e-mailed when e-mail is set up."""
    link = request.build_absolute_uri(reverse("invitation_accept", args=[secret]))
    emailed = invitations.send_by_email(person, link)
    context = {"person": person, "link": link, "emailed": emailed}
    return render(request, "org/invitation.html", context)


@login_required
@require_POST
def person_invite(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = get_in_scope(request.user, User, "manage", pk=pk)
    reset = person.has_usable_password()
    secret = actions.invite_user(request.user, person, reset=reset)
    return _show_invitation(request, person, secret)


def invitation_accept(request: HttpRequest, secret: str) -> HttpResponse:
    """The person sets their password with the link, and is then logged in."""
    if actions.open_invitation(secret) is None:
        raise Http404
    form = SetPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = submit(
            form, lambda: actions.accept_invitation(secret, form.cleaned_data["password"])
        )
        if person:
            login(request, person, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("home")
    return render(request, "org/invitation_accept.html", {"form": form})


@login_required
@require_POST
def person_assign(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = get_in_scope(request.user, User, "manage", pk=pk)
    form = AssignRoleForm(request.POST, giver=request.user)
    if form.is_valid():
        data = form.cleaned_data
        if submit(
            form,
            lambda: actions.assign_role(
                request.user,
                user=person,
                role=data["role"],
                unit=data["unit"],
                reason=data["reason"],
            ),
        ):
            return redirect("person_detail", pk=person.pk)
    context = {"person": person, "form": form}
    return render(request, "org/person_assign.html", context, status=400)


@login_required
@require_POST
def assignment_revoke(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assignment = get_in_scope(request.user, RoleAssignment, "manage", pk=pk)
    form = ChangeForm(request.POST)
    if form.is_valid():
        reason = form.cleaned_data["reason"]
        holder = submit(form, lambda: actions.revoke_role(request.user, assignment, reason=reason))
        if holder:
            return redirect("person_detail", pk=holder.pk)
    context = {"person": assignment.user, "form": form, "assignment": assignment}
    return render(request, "org/person_assign.html", context, status=400)


@login_required
def province_build(request: AuthenticatedRequest, pk: int | None = None) -> HttpResponse:
    """A province's tree from the national list: communes, departments, ranking groups."""
    province = get_in_scope(request.user, Unit, "view", pk=pk) if pk else None
    if not policy.may_build_province(request.user, province):
        raise PermissionDenied
    code = request.GET.get("national") or (province.code if province else "")
    national = national_units.province(code)
    if national is None:
        choices = national_units.provinces()
        return render(
            request, "org/province_choose.html", {"province": province, "choices": choices}
        )
    form = ProvinceBuildForm(
        request.POST or None,
        initial={
            "departments": departments_text(default_departments(national)),
            "year": timezone.localdate().year,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        built = submit(
            form,
            lambda: actions.build_province_tree(
                request.user,
                plan=plan_tree(national, parse_departments(data["departments"]), data["groups"]),
                province=province,
                year=data["year"],
                reason=data["reason"],
            ),
        )
        if built:
            return redirect("unit_detail", pk=built.pk)
    preview = plan_tree(national, default_departments(national), groups=True)
    context = {"form": form, "province": province, "national": national, "preview": preview}
    return render(request, "org/province_build.html", context)


@login_required
def lineage_create(request: AuthenticatedRequest) -> HttpResponse:
    """Record a merger, split, renaming, change of parent or abolition."""
    if not policy.manages_a_subtree(request.user):
        raise PermissionDenied
    start = request.GET.get("unit")
    initial = {}
    if start:
        initial["before"] = get_in_scope(request.user, Unit, "manage", pk=start).code
    form = LineageForm(
        request.POST or None, initial=initial, units=scope(request.user, Unit, "manage")
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        event = submit(
            form,
            lambda: actions.record_lineage(
                request.user,
                kind=data["kind"],
                day=data["day"],
                before=data["before"],
                after=data["after"],
                note=data["note"],
                reason=data["reason"],
            ),
        )
        if event:
            first = (data["after"] or data["before"])[0]
            return redirect("unit_detail", pk=first.pk)
    return render(request, "org/lineage_form.html", {"form": form})
