"""How plans are scoped (see parindex.access): a unit's plan is seen by the people of that
unit and of the units above it, like its result; it is edited by the unit's officers and
by the coordinators above the unit. Items, targets and versions follow their plan.

Coordinators' solution entries are seen in their subtree and managed by the coordinators
of the entry's unit.
"""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet

from parindex.access import Action, register, scope
from parindex.org.models import Role
from parindex.org.policy import is_administrator, paths, within
from parindex.plans.models import Plan, PlanItem, PlanVersion, SolutionEntry, Target


@register(Plan)
def plans(user: AbstractBaseUser, action: Action) -> QuerySet[Plan]:
    if is_administrator(user):
        return Plan.objects.all()
    if action == "view":
        return Plan.objects.filter(within(paths(user), "unit__path"))
    officers = within(paths(user, [Role.UNIT_OFFICER]), "unit__path")
    coordinators = within(paths(user, [Role.COORDINATOR]), "unit__path", strictly=True)
    return Plan.objects.filter(officers | coordinators)


@register(PlanItem)
def items(user: AbstractBaseUser, action: Action) -> QuerySet[PlanItem]:
    return PlanItem.objects.filter(plan__in=scope(user, Plan, action))


@register(Target)
def targets(user: AbstractBaseUser, action: Action) -> QuerySet[Target]:
    return Target.objects.filter(plan__in=scope(user, Plan, action))


@register(PlanVersion)
def versions(user: AbstractBaseUser, action: Action) -> QuerySet[PlanVersion]:
    return PlanVersion.objects.filter(plan__in=scope(user, Plan, "view"))


@register(SolutionEntry)
def solutions(user: AbstractBaseUser, action: Action) -> QuerySet[SolutionEntry]:
    if is_administrator(user):
        return SolutionEntry.objects.all()
    roles = None if action == "view" else [Role.COORDINATOR]
    return SolutionEntry.objects.filter(within(paths(user, roles), "owner__path"))
