"""How units, ranking groups, people and role assignments are scoped (see parindex.access)."""

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Prefetch, Q, QuerySet

from parindex.access import Action, register
from parindex.org.models import LineageEvent, RankingGroup, Role, RoleAssignment, Unit, User
from parindex.org.policy import ROLES_COORDINATORS_ASSIGN, is_administrator, paths, within


@register(Unit)
def units(user: AbstractBaseUser, action: Action) -> QuerySet[Unit]:
    if is_administrator(user):
        return Unit.objects.all()
    if action == "view":
        return Unit.objects.filter(within(paths(user)))
    return Unit.objects.filter(within(paths(user, [Role.COORDINATOR]), strictly=True))


@register(RankingGroup)
def ranking_groups(user: AbstractBaseUser, action: Action) -> QuerySet[RankingGroup]:
    if is_administrator(user):
        return RankingGroup.objects.all()
    if action == "view":
        # A scored unit sees the groups it is ranked in, not only those its subtree evaluates.
        mine = paths(user)
        condition = within(mine, "evaluating_unit__path") | within(mine, "units__path")
        return RankingGroup.objects.filter(
            pk__in=RankingGroup.objects.filter(condition).values("pk")
        )
    return RankingGroup.objects.filter(
        within(paths(user, [Role.COORDINATOR]), "evaluating_unit__path")
    )


@register(RoleAssignment)
def role_assignments(user: AbstractBaseUser, action: Action) -> QuerySet[RoleAssignment]:
    if is_administrator(user):
        return RoleAssignment.objects.all()
    coordinated = within(paths(user, [Role.COORDINATOR]), "unit__path")
    if action == "view":
        return RoleAssignment.objects.filter(coordinated | Q(user_id=user.pk))
    # Coordinators change the roles of the people they manage, not of their peers or
    # administrators, even where those hold a lesser role in the coordinator's subtree.
    return RoleAssignment.objects.filter(coordinated, role__in=ROLES_COORDINATORS_ASSIGN).exclude(
        user__role_assignments__role__in=[Role.ADMINISTRATOR, Role.COORDINATOR]
    )


def visible_roles(user: AbstractBaseUser) -> Prefetch[Any]:
    """Prefetch a person's roles as `user` may see them (not those held elsewhere)."""
    visible = role_assignments(user, "view").select_related("unit")
    return Prefetch("role_assignments", queryset=visible)


@register(User)
def users(user: AbstractBaseUser, action: Action) -> QuerySet[User]:
    if is_administrator(user):
        return User.objects.all()
    coordinated = within(paths(user, [Role.COORDINATOR]), "role_assignments__unit__path")
    theirs = User.objects.filter(coordinated).values("pk")
    if action == "view":
        return User.objects.filter(Q(pk__in=theirs) | Q(pk=user.pk))
    # Coordinators manage the people of their subtree, not their peers or administrators.
    return User.objects.filter(pk__in=theirs).exclude(
        role_assignments__role__in=[Role.ADMINISTRATOR, Role.COORDINATOR]
    )


@register(LineageEvent)
def lineage_events(user: AbstractBaseUser, action: Action) -> QuerySet[LineageEvent]:
    """Events touching a unit the person sees; recorded once, never edited."""
    if action != "view":
        return LineageEvent.objects.none()
    visible = units(user, "view")
    touching = Q(before__in=visible) | Q(after__in=visible)
    return LineageEvent.objects.filter(
        pk__in=LineageEvent.objects.filter(touching).values("pk")
    ).prefetch_related("before", "after")
